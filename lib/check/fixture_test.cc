#include "lib/check/fixture.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::check {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kPack[] = R"pb(
framework { id: "GDPR" title { en: "GDPR" } }
param { name: "limit" default_value { int_value: 10 } }
rule {
  id: "PEOPLE"
  severity: LOW
  title { en: "Few people affected" }
  for_each: "breaches"
  when: "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY"
  require: "record.people_affected < params.limit"
  reference { framework: "GDPR" citation: "x" }
}
)pb";

constexpr char kFixtures[] = R"pb(
fixture {
  name: "covers every outcome"
  now: "2026-01-01T00:00:00Z"
  dossier {
    breaches { id: "A" risk_level: RISK_LEVEL_RISK people_affected: 1 }
    breaches { id: "B" risk_level: RISK_LEVEL_RISK people_affected: 50 }
    breaches { id: "C" risk_level: RISK_LEVEL_UNLIKELY people_affected: 50 }
  }
  expect { rule_id: "PEOPLE" subject: "breaches[0]" status: PASS }
  expect { rule_id: "PEOPLE" subject: "breaches[1]" status: FAIL }
  expect { rule_id: "PEOPLE" subject: "breaches[2]" status: NOT_APPLICABLE }
}
fixture {
  name: "parameters apply"
  now: "2026-01-01T00:00:00Z"
  param { name: "limit" value { int_value: 100 } }
  dossier { breaches { id: "B" risk_level: RISK_LEVEL_RISK people_affected: 50 } }
  expect { rule_id: "PEOPLE" subject: "breaches[0]" status: PASS }
}
)pb";

TEST(RunFixturesTest, PassingFixturesAndFullCoverage) {
  FixtureRunOptions options;
  options.packs = {{"pack.textpb", kPack}};
  options.fixtures = {{"pack_test.textpb", kFixtures}};
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<FixtureRunResult> result = RunFixtures(options, &diagnostics);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->fixtures, 2);
  EXPECT_EQ(result->expectations, 4);
  EXPECT_THAT(result->failures, IsEmpty());
}

std::vector<std::string> Messages(const FixtureRunResult& result) {
  std::vector<std::string> messages;
  for (const io::Diagnostic& failure : result.failures) messages.push_back(failure.ToString());
  return messages;
}

TEST(RunFixturesTest, ReportsWrongExpectationsAndMissingCoverageWithLocations) {
  constexpr char kWrong[] = R"pb(fixture {
  name: "wrong"
  now: "2026-01-01T00:00:00Z"
  dossier { breaches { id: "A" risk_level: RISK_LEVEL_RISK people_affected: 1 } }
  expect { rule_id: "PEOPLE" subject: "breaches[0]" status: FAIL }
  expect { rule_id: "PEOPLE" subject: "breaches[7]" status: PASS }
}
fixture { name: "no clock" expect { rule_id: "PEOPLE" status: PASS } }
)pb";
  FixtureRunOptions options;
  options.packs = {{"pack.textpb", kPack}};
  options.fixtures = {{"wrong_test.textpb", kWrong}};
  absl::StatusOr<FixtureRunResult> result = RunFixtures(options, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Messages(*result),
              ElementsAre("wrong_test.textpb:5:3: fixture 'wrong': PEOPLE breaches[0]: expected FAIL, got PASS",
                          "wrong_test.textpb:6:3: fixture 'wrong': PEOPLE breaches[7]: expected PASS, but the rule "
                          "has no such subject",
                          HasSubstr("wrong_test.textpb:8:1: fixture 'no clock': now: expected an RFC 3339 time"),
                          "pack.textpb:4:1: rule 'PEOPLE' has no fixture expecting NOT_APPLICABLE"));
}

TEST(RunFixturesTest, CoverageOnlyOfTheFilesUnderTest) {
  constexpr char kOther[] = R"pb(
rule {
  id: "OTHER"
  severity: LOW
  title { en: "Other" }
  require: "true"
  reference { framework: "GDPR" citation: "x" }
}
)pb";
  FixtureRunOptions options;
  options.packs = {{"pack.textpb", kPack}, {"other.textpb", kOther}};
  options.fixtures = {{"pack_test.textpb", kFixtures}};
  absl::StatusOr<FixtureRunResult> all = RunFixtures(options, nullptr);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(Messages(*all), ElementsAre("other.textpb:2:1: rule 'OTHER' has no fixture expecting PASS",
                                          "other.textpb:2:1: rule 'OTHER' has no fixture expecting FAIL"));
  options.coverage_files = {"pack.textpb"};
  absl::StatusOr<FixtureRunResult> tested = RunFixtures(options, nullptr);
  ASSERT_TRUE(tested.ok()) << tested.status();
  EXPECT_THAT(tested->failures, IsEmpty());
}

TEST(RunFixturesTest, ReportsFailureMessagesLeftWithADanglingSeparator) {
  // The parts of a message that do not apply leave a separator behind, in English for one record and in French
  // for the other. A failure that was not expected is reported as such, its message as it is.
  constexpr char kMessages[] = R"pb(
framework { id: "GDPR" title { en: "GDPR" } }
rule {
  id: "PEOPLE"
  severity: LOW
  title { en: "Few people affected" }
  message {
    en: "Breach ${record.id}: ${record.people_affected > 10 ? 'too many people; ' : 'too few people'}"
    fr: "Violation ${record.id} : ${record.people_affected > 10 ? 'trop de personnes' : 'trop peu de personnes,'}"
  }
  for_each: "breaches"
  require: "record.people_affected == 10"
  reference { framework: "GDPR" citation: "x" }
}
)pb";
  constexpr char kFixture[] = R"pb(fixture {
  name: "messages"
  now: "2026-01-01T00:00:00Z"
  dossier { breaches { id: "A" people_affected: 50 } breaches { id: "B" people_affected: 1 } }
  expect { rule_id: "PEOPLE" subject: "breaches[0]" status: FAIL }
  expect { rule_id: "PEOPLE" subject: "breaches[1]" status: FAIL }
}
fixture {
  name: "no failure expected"
  now: "2026-01-01T00:00:00Z"
  dossier { breaches { id: "A" people_affected: 50 } }
  expect { rule_id: "PEOPLE" subject: "breaches[0]" status: PASS }
}
)pb";
  FixtureRunOptions options;
  options.packs = {{"pack.textpb", kMessages}};
  options.fixtures = {{"pack_test.textpb", kFixture}};
  options.require_coverage = false;
  absl::StatusOr<FixtureRunResult> result = RunFixtures(options, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_THAT(Messages(*result),
              ElementsAre("pack_test.textpb:5:3: fixture 'messages': PEOPLE breaches[0]: the message ends with ';': "
                          "\"Breach A: too many people; \"",
                          "pack_test.textpb:6:3: fixture 'messages': PEOPLE breaches[1]: the message ends with ',': "
                          "\"Violation B : trop peu de personnes,\"",
                          // Only the messages of expected failures are checked.
                          "pack_test.textpb:12:3: fixture 'no failure expected': PEOPLE breaches[0]: expected PASS, "
                          "got FAIL (Breach A: too many people; )"));
}

TEST(RunFixturesTest, RefusesBrokenPacksAndFixtureFiles) {
  FixtureRunOptions options;
  options.packs = {{"pack.textpb", "rule { id: \"X\" }"}};
  std::vector<io::Diagnostic> diagnostics;
  EXPECT_FALSE(RunFixtures(options, &diagnostics).ok());
  EXPECT_FALSE(diagnostics.empty());

  options.packs = {{"pack.textpb", kPack}};
  options.fixtures = {{"bad_test.textpb", "fixture { nme: \"x\" }"}};
  diagnostics.clear();
  EXPECT_FALSE(RunFixtures(options, &diagnostics).ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].file, "bad_test.textpb");
  EXPECT_EQ(diagnostics[0].line, 1);
}

}  // namespace
}  // namespace hdsc::check
