#include "lib/base/findings.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

using v1::Finding;
using v1::Rule;

TEST(StatusRankTest, WorstFirst) {
  const std::vector<Finding::Status> order = {Finding::FAIL,   Finding::ERROR, Finding::WAIVED,
                                              Finding::MANUAL, Finding::PASS,  Finding::NOT_APPLICABLE};
  for (size_t i = 1; i < order.size(); ++i) EXPECT_LT(StatusRank(order[i - 1]), StatusRank(order[i]));
  EXPECT_GT(StatusRank(Finding::STATUS_UNSPECIFIED), StatusRank(Finding::NOT_APPLICABLE));
}

Finding Make(Finding::Status status, Rule::Severity severity, const char* rule_id) {
  Finding finding;
  finding.set_status(status);
  finding.set_severity(severity);
  finding.set_rule_id(rule_id);
  return finding;
}

TEST(InReportOrderTest, StatusThenSeverityThenRuleId) {
  std::vector<Finding> findings = {Make(Finding::PASS, Rule::HIGH, "A"), Make(Finding::FAIL, Rule::LOW, "B"),
                                   Make(Finding::FAIL, Rule::CRITICAL, "D"), Make(Finding::FAIL, Rule::CRITICAL, "C")};
  std::sort(findings.begin(), findings.end(), InReportOrder);
  std::vector<std::string> ids;
  for (const Finding& finding : findings) ids.push_back(finding.rule_id());
  EXPECT_EQ(ids, (std::vector<std::string>{"C", "D", "B", "A"}));
}

TEST(CountFindingTest, CountsStatusesAndFailSeverities) {
  v1::Counts counts;
  CountFinding(Finding::PASS, Rule::HIGH, &counts);
  CountFinding(Finding::FAIL, Rule::CRITICAL, &counts, 2);
  CountFinding(Finding::FAIL, Rule::INFO, &counts);
  CountFinding(Finding::FAIL, Rule::SEVERITY_UNSPECIFIED, &counts);
  CountFinding(Finding::ERROR, Rule::HIGH, &counts);
  CountFinding(Finding::WAIVED, Rule::HIGH, &counts);
  CountFinding(Finding::MANUAL, Rule::HIGH, &counts);
  CountFinding(Finding::NOT_APPLICABLE, Rule::HIGH, &counts);
  EXPECT_EQ(counts.pass(), 1);
  EXPECT_EQ(counts.fail(), 4);
  EXPECT_EQ(counts.fail_critical(), 2);
  EXPECT_EQ(counts.fail_info(), 1);
  EXPECT_EQ(counts.fail_high(), 0);
  EXPECT_EQ(counts.error(), 1);
  EXPECT_EQ(counts.waived(), 1);
  EXPECT_EQ(counts.manual(), 1);
  EXPECT_EQ(counts.not_applicable(), 1);
}

TEST(FindingKeyTest, TheSubjectsIdOrElseItsPath) {
  v1::Finding finding;
  finding.set_rule_id("GDPR-33-1");
  finding.set_subject("breaches[2]");
  finding.set_subject_id("br-2024-03");
  EXPECT_EQ(FindingKey(finding), "GDPR-33-1 id:br-2024-03");
  finding.clear_subject_id();
  EXPECT_EQ(FindingKey(finding), "GDPR-33-1 path:breaches[2]");
}

}  // namespace
}  // namespace hdsc::base
