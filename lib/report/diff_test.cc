#include "lib/report/diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;

TEST(DiffTest, NewFixedAndUnchanged) {
  const v1::Report old_report = testing::SampleReport();  // failures: GDPR-33-1 breaches[0], SEC-EOS assets[2]
  v1::Report new_report = testing::SampleReport();
  new_report.mutable_findings(1)->set_status(v1::Finding::PASS);  // SEC-EOS fixed
  v1::Finding* added = new_report.add_findings();                  // a new failure
  added->set_rule_id("GDPR-33-1");
  added->set_subject("breaches[1]");
  added->set_status(v1::Finding::FAIL);
  added->set_severity(v1::Rule::HIGH);

  const ReportDiff diff = DiffReports(old_report, new_report);
  ASSERT_EQ(diff.new_failures.size(), 1u);
  EXPECT_EQ(diff.new_failures[0].subject(), "breaches[1]");
  ASSERT_EQ(diff.fixed.size(), 1u);
  EXPECT_EQ(diff.fixed[0].old_finding.rule_id(), "SEC-EOS");
  EXPECT_EQ(diff.fixed[0].now, v1::Finding::PASS);
  ASSERT_EQ(diff.unchanged.size(), 1u);
  EXPECT_EQ(diff.unchanged[0].subject(), "breaches[0]");

  const std::string text = RenderDiffText(diff);
  EXPECT_THAT(text, HasSubstr("1 new, 1 fixed, 1 unchanged failures"));
  EXPECT_THAT(text, HasSubstr("NEW        FAIL  HIGH  GDPR-33-1  breaches[1]"));
  EXPECT_THAT(text, HasSubstr("(now PASS)"));
}

TEST(DiffTest, AFindingThatDisappearsIsFixed) {
  const v1::Report old_report = testing::SampleReport();
  v1::Report new_report = testing::SampleReport();
  new_report.mutable_findings()->DeleteSubrange(0, 1);
  const ReportDiff diff = DiffReports(old_report, new_report);
  ASSERT_EQ(diff.fixed.size(), 1u);
  EXPECT_EQ(diff.fixed[0].now, v1::Finding::STATUS_UNSPECIFIED);
}

TEST(DiffTest, BaselineOnlyNewFailuresCount) {
  const v1::Report baseline = testing::SampleReport();
  v1::Report report = testing::SampleReport();
  EXPECT_EQ(MarkBaseline(baseline, &report), 2);
  EXPECT_TRUE(report.findings(0).in_baseline());
  EXPECT_FALSE(report.findings(2).in_baseline());  // WAIVED is not a failure
  EXPECT_FALSE(HasNewFailureAtOrAbove(report, v1::Rule::INFO));

  v1::Finding* added = report.add_findings();
  added->set_rule_id("NEW-RULE");
  added->set_status(v1::Finding::FAIL);
  added->set_severity(v1::Rule::LOW);
  EXPECT_TRUE(HasNewFailureAtOrAbove(report, v1::Rule::INFO));
  EXPECT_FALSE(HasNewFailureAtOrAbove(report, v1::Rule::MEDIUM));
}

TEST(DiffTest, ParsesReportJson) {
  absl::StatusOr<v1::Report> report =
      ParseReportJson(R"({"findings": [{"rule_id": "X", "status": "FAIL"}]})", "r.json");
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->findings(0).status(), v1::Finding::FAIL);
  absl::StatusOr<v1::Report> bad = ParseReportJson("{\"nope\": 1}", "r.json");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("r.json"));
}

TEST(DiffTest, BaselineChangesAreRecordedInTheReport) {
  const v1::Report baseline = testing::SampleReport();
  v1::Report report = testing::SampleReport();
  report.mutable_findings(1)->set_status(v1::Finding::PASS);  // SEC-EOS fixed
  v1::Finding* added = report.add_findings();
  added->set_rule_id("NEW-RULE");
  added->set_status(v1::Finding::FAIL);
  EXPECT_EQ(MarkBaseline(baseline, &report), 1);
  const v1::BaselineChanges& changes = report.baseline_changes();
  EXPECT_EQ(changes.new_failures(), 1);
  EXPECT_EQ(changes.unchanged_failures(), 1);
  ASSERT_EQ(changes.fixed_size(), 1);
  EXPECT_EQ(changes.fixed(0).rule_id(), "SEC-EOS");
  EXPECT_EQ(changes.fixed(0).subject_id(), "a-pacs");
  EXPECT_EQ(changes.fixed(0).severity(), v1::Rule::MEDIUM);
  EXPECT_EQ(changes.fixed(0).now(), v1::Finding::PASS);
}

}  // namespace
}  // namespace hdsc::report
