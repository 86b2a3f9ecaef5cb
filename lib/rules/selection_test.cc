#include "lib/rules/selection.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPack[] = R"pb(
framework { id: "GDPR" title { en: "GDPR" } requirement { id: "A" rule_ids: "G-1" } }
framework { id: "HDS" title { en: "HDS" } requirement { id: "B" } }
param { name: "period" default_value { duration_value: "365d" } }
param { name: "limit" default_value { int_value: 10 } }
rule { id: "G-1" severity: LOW title { en: "g1" } require: "true" reference { framework: "GDPR" citation: "x" } }
rule { id: "G-2" severity: LOW title { en: "g2" } require: "true" reference { framework: "GDPR" citation: "x" } }
rule { id: "H-1" severity: LOW title { en: "h1" } require: "true" reference { framework: "HDS" citation: "x" } }
rule { id: "H-2" severity: LOW title { en: "h2" } require: "true" reference { framework: "HDS" citation: "x" } }
profile {
  id: "gdpr-only"
  framework: "GDPR"
  include_rule: "H-2"
  exclude_rule: "G-2"
  param { name: "limit" value { int_value: 3 } }
}
profile { id: "everything" }
)pb";

std::vector<std::string> RuleIds(const Selection& selection) {
  std::vector<std::string> ids;
  for (const LoadedRule* rule : selection.rules) ids.push_back(rule->rule.id());
  return ids;
}

class SelectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PackSet> packs = PackSet::Load({{"pack.textpb", kPack}}, v1::Pack::descriptor(), nullptr);
    ASSERT_TRUE(packs.ok()) << packs.status();
    packs_ = *std::move(packs);
  }
  PackSet packs_;
};

TEST_F(SelectTest, NoProfileRunsEverythingWithDefaults) {
  absl::StatusOr<Selection> selection = Select(packs_, "");
  ASSERT_TRUE(selection.ok());
  EXPECT_THAT(RuleIds(*selection), ElementsAre("G-1", "G-2", "H-1", "H-2"));
  EXPECT_EQ(selection->frameworks.size(), 2u);
  EXPECT_EQ(selection->params.at("limit").int_value(), 10);
}

TEST_F(SelectTest, ProfileSelectsFrameworksIncludesExcludesAndSetsParams) {
  absl::StatusOr<Selection> selection = Select(packs_, "gdpr-only");
  ASSERT_TRUE(selection.ok());
  EXPECT_THAT(RuleIds(*selection), ElementsAre("G-1", "H-2"));
  ASSERT_EQ(selection->frameworks.size(), 1u);
  EXPECT_EQ(selection->frameworks[0]->framework.id(), "GDPR");
  EXPECT_EQ(selection->params.at("limit").int_value(), 3);
  EXPECT_EQ(selection->params.at("period").duration_value(), "365d");
}

TEST_F(SelectTest, ProfileWithoutFrameworksUsesThemAll) {
  absl::StatusOr<Selection> selection = Select(packs_, "everything");
  ASSERT_TRUE(selection.ok());
  EXPECT_THAT(RuleIds(*selection), ElementsAre("G-1", "G-2", "H-1", "H-2"));
}

TEST_F(SelectTest, UnknownProfileNamesTheKnownOnes) {
  absl::StatusOr<Selection> selection = Select(packs_, "hospitl");
  EXPECT_EQ(selection.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(selection.status().message(), HasSubstr("known: gdpr-only, everything"));
}

}  // namespace
}  // namespace hdsc::rules
