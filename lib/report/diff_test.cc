#include "lib/report/diff.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/compact_findings.h"
#include "lib/model/dossier.pb.h"
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

// A check that keeps its passing findings apart still knows what a fixed failure is now.
TEST(DiffTest, AFixedFailureKeptApartIsFoundThere) {
  const v1::Report old_report = testing::SampleReport();  // failures: GDPR-33-1 breaches[0], SEC-EOS assets[2]
  v1::Report new_report = testing::SampleReport();
  new_report.mutable_findings()->DeleteSubrange(1, 1);  // SEC-EOS on isms.assets[2] (a-pacs) passes now
  v1::Dossier dossier;
  for (const char* id : {"a-ehr", "a-mail", "a-pacs"}) dossier.mutable_isms()->add_assets()->set_id(id);
  base::CompactFindings passing;
  base::CompactFindings::RuleTexts texts;
  texts.rule_id = "SEC-EOS";
  passing.StartRule(texts, "isms.assets", base::SubjectPathFormat({"isms", "assets"}, {false, true}));
  for (int i = 0; i < 3; ++i) {
    const std::vector<int> indices = {i};
    passing.Add(i == 2 ? v1::Finding::PASS : v1::Finding::NOT_APPLICABLE, &dossier.isms().assets(i), &indices);
  }
  const ReportDiff diff = DiffReports(old_report, new_report, &passing);
  ASSERT_EQ(diff.fixed.size(), 1u);
  EXPECT_EQ(diff.fixed[0].old_finding.rule_id(), "SEC-EOS");
  EXPECT_EQ(diff.fixed[0].now, v1::Finding::PASS);
  EXPECT_EQ(DiffReports(old_report, new_report).fixed[0].now, v1::Finding::STATUS_UNSPECIFIED);
}

TEST(DiffTest, AnInsertedRecordChangesNothingElse) {
  // Two failing activities, then a new activity inserted before them: their paths shift, their ids do not.
  auto finding = [](const std::string& subject, const std::string& id, v1::Finding::Status status) {
    v1::Finding each;
    each.set_rule_id("GDPR-30-1");
    each.set_subject(subject);
    each.set_subject_id(id);
    each.set_status(status);
    each.set_severity(v1::Rule::HIGH);
    return each;
  };
  v1::Report old_report;
  *old_report.add_findings() = finding("processing_activities[0]", "pa-ehr", v1::Finding::FAIL);
  *old_report.add_findings() = finding("processing_activities[1]", "pa-lab", v1::Finding::FAIL);
  v1::Report new_report;
  *new_report.add_findings() = finding("processing_activities[0]", "pa-new", v1::Finding::PASS);
  *new_report.add_findings() = finding("processing_activities[1]", "pa-ehr", v1::Finding::FAIL);
  *new_report.add_findings() = finding("processing_activities[2]", "pa-lab", v1::Finding::FAIL);

  const ReportDiff diff = DiffReports(old_report, new_report);
  EXPECT_TRUE(diff.new_failures.empty());
  EXPECT_TRUE(diff.fixed.empty());
  EXPECT_EQ(diff.unchanged.size(), 2u);
  EXPECT_EQ(MarkBaseline(old_report, &new_report), 2);
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
