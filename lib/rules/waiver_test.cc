#include "lib/rules/waiver.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(GlobMatchTest, StarsQuestionMarksAndLiteralBrackets) {
  EXPECT_TRUE(GlobMatch("processors[*]", "processors[12]"));
  EXPECT_FALSE(GlobMatch("processors[*]", "processors[1].sub_processors[0]x"));
  EXPECT_TRUE(GlobMatch("isms.assets[?]", "isms.assets[3]"));
  EXPECT_FALSE(GlobMatch("isms.assets[?]", "isms.assets[13]"));
  EXPECT_TRUE(GlobMatch("HDS-*", "HDS-STORAGE-EEA"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*b*c", "axxbyyc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "axxbyy"));
  EXPECT_TRUE(GlobMatch("a\\*", "a*"));
  EXPECT_FALSE(GlobMatch("a\\*", "ab"));
}

WaiverEntry Complete(std::string rule, std::string subject, absl::Time expires) {
  return {std::move(rule), std::move(subject), "accepted risk", "CISO", expires, "dossier waivers[0]"};
}

TEST(WaiverSetTest, PrefersAValidWaiverOverAnExpiredOne) {
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  WaiverSet waivers({Complete("R", "a[1]", now - absl::Hours(1)), Complete("R", "a[*]", now + absl::Hours(1))});
  waivers.set_now(now);
  const WaiverEntry* match = waivers.Match("R", "a[1]", "");
  ASSERT_NE(match, nullptr);
  EXPECT_FALSE(WaiverSet::Expired(*match, now));
  EXPECT_EQ(match->subject, "a[*]");
}

TEST(WaiverSetTest, ReturnsAnExpiredWaiverWhenNoValidOneMatches) {
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  WaiverSet waivers({Complete("R", "srv-1", now)});
  waivers.set_now(now);
  // Matched by subject id; expiring exactly now counts as expired.
  const WaiverEntry* match = waivers.Match("R", "isms.assets[4]", "srv-1");
  ASSERT_NE(match, nullptr);
  EXPECT_TRUE(WaiverSet::Expired(*match, now));
  EXPECT_TRUE(waivers.Problems().empty());
}

TEST(WaiverSetTest, ReportsUnusedAndIncompleteWaivers) {
  const absl::Time now = absl::FromUnixSeconds(1'000'000);
  WaiverEntry incomplete = Complete("R", "", now);
  incomplete.expires_at.reset();
  incomplete.approver.clear();
  incomplete.origin = "dossier waivers[1]";
  WaiverSet waivers({Complete("OTHER", "", now + absl::Hours(1)), incomplete});
  waivers.set_now(now);
  EXPECT_EQ(waivers.Match("R", "x", ""), nullptr);
  EXPECT_THAT(waivers.Problems(),
              ElementsAre(HasSubstr("waiver dossier waivers[0] (rule OTHER) matched no failing finding"),
                          HasSubstr("waiver dossier waivers[1] is not applied: it has no approver, expires_at")));
}

}  // namespace
}  // namespace hdsc::rules
