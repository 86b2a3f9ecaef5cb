#include "lib/base/compact_findings.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::base {
namespace {

CompactFindings::RuleTexts Texts(std::string id, v1::Rule::Severity severity) {
  CompactFindings::RuleTexts texts;
  texts.rule_id = std::move(id);
  texts.severity = severity;
  texts.title = "title of " + texts.rule_id;
  texts.references.Add()->set_citation("Art. 30");
  return texts;
}

TEST(SubjectPathFormatTest, WritesEachIndexAfterItsRepeatedField) {
  const std::vector<int> indices = {1, 20};
  EXPECT_EQ(SubjectPathFormat({"processors", "sub_processors"}, {true, true}).Path(indices.data()),
            "processors[1].sub_processors[20]");
  const SubjectPathFormat assets({"isms", "assets"}, {false, true});
  EXPECT_EQ(assets.depth(), 1u);
  const std::vector<int> longest = {-2147483647 - 1};
  EXPECT_EQ(assets.Path(longest.data()), "isms.assets[-2147483648]");
  EXPECT_EQ(SubjectPathFormat().Path(nullptr), "");
}

// Two rules over the same records and one over the dossier, as the checker fills them; one subject of the low rule
// has no finding kept.
class CompactFindingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 5; ++i) dossier_.add_processing_activities()->set_id("pa-" + std::to_string(i));
    const std::vector<v1::Finding::Status> low = {v1::Finding::PASS, v1::Finding::FAIL, v1::Finding::NOT_APPLICABLE,
                                                  v1::Finding::PASS, v1::Finding::STATUS_UNSPECIFIED};
    const std::vector<v1::Finding::Status> high = {v1::Finding::NOT_APPLICABLE, v1::Finding::PASS,
                                                   v1::Finding::PASS, v1::Finding::ERROR, v1::Finding::FAIL};
    Fill(Texts("R-LOW", v1::Rule::LOW), low);
    Fill(Texts("R-HIGH", v1::Rule::HIGH), high);
    passing_.StartDossierRule(Texts("R-DOSSIER", v1::Rule::LOW));
    passing_.Add(v1::Finding::PASS, nullptr, nullptr);
  }

  void Fill(CompactFindings::RuleTexts texts, const std::vector<v1::Finding::Status>& statuses) {
    passing_.StartRule(std::move(texts), "processing_activities", SubjectPathFormat({"processing_activities"}, {true}));
    for (int i = 0; i < dossier_.processing_activities_size(); ++i) {
      const std::vector<int> indices = {i};
      const std::string message = statuses[i] == v1::Finding::ERROR ? "no data" : "gap";
      passing_.Add(statuses[i], &dossier_.processing_activities(i), &indices, message);
    }
  }

  std::string Describe(size_t index) const {
    v1::Finding finding;
    CompactFindings::Materialize(passing_.Get(index), &finding);
    return finding.rule_id() + " " + v1::Finding::Status_Name(finding.status()) + " " + finding.subject() + " " +
           finding.subject_id() + (finding.message().empty() ? "" : ": " + finding.message());
  }

  v1::Dossier dossier_;
  CompactFindings passing_;
};

TEST_F(CompactFindingsTest, KeepsEveryFindingInReportOrder) {
  ASSERT_EQ(passing_.size(), 10u);
  const std::vector<std::string> expected = {
      "R-HIGH FAIL processing_activities[4] pa-4: gap",      "R-LOW FAIL processing_activities[1] pa-1: gap",
      "R-HIGH ERROR processing_activities[3] pa-3: no data", "R-HIGH PASS processing_activities[1] pa-1",
      "R-HIGH PASS processing_activities[2] pa-2",           "R-DOSSIER PASS  ",
      "R-LOW PASS processing_activities[0] pa-0",            "R-LOW PASS processing_activities[3] pa-3",
      "R-HIGH NOT_APPLICABLE processing_activities[0] pa-0", "R-LOW NOT_APPLICABLE processing_activities[2] pa-2"};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(Describe(i), expected[i]) << i;
}

TEST_F(CompactFindingsTest, ReadsInAnyOrder) {
  const std::vector<size_t> order = {9, 6, 0, 4, 3, 1, 5, 2, 4, 8, 7};
  std::vector<std::string> in_order;
  for (size_t i = 0; i < passing_.size(); ++i) in_order.push_back(Describe(i));
  for (size_t i : order) EXPECT_EQ(Describe(i), in_order[i]) << i;
}

TEST_F(CompactFindingsTest, ReadsARangeAsGetReadsEachFinding) {
  // Every range, so that ranges start and end inside groups, at their edges and across several.
  for (size_t begin = 0; begin <= passing_.size(); ++begin) {
    for (size_t end = begin; end <= passing_.size(); ++end) {
      size_t index = begin;
      passing_.ForEach(begin, end, [&](const CompactFindings::Entry& entry) {
        const CompactFindings::Entry expected = passing_.Get(index);
        EXPECT_EQ(entry.rule, expected.rule) << index;
        EXPECT_EQ(entry.status, expected.status) << index;
        EXPECT_EQ(entry.SubjectPath(), expected.SubjectPath()) << index;
        EXPECT_EQ(entry.subject_id, expected.subject_id) << index;
        EXPECT_EQ(entry.message, expected.message) << index;
        ++index;
      });
      EXPECT_EQ(index, end) << begin;
    }
  }
}

TEST_F(CompactFindingsTest, SharesTheRuleTexts) {
  v1::Finding finding;
  CompactFindings::Materialize(passing_.Get(3), &finding);
  EXPECT_EQ(finding.title(), "title of R-HIGH");
  EXPECT_EQ(finding.severity(), v1::Rule::HIGH);
  ASSERT_EQ(finding.references_size(), 1);
  EXPECT_EQ(finding.references(0).citation(), "Art. 30");
  v1::Finding::Status status;
  size_t end = 0;
  EXPECT_EQ(passing_.RuleOf(9, &status, &end).rule_id, "R-LOW");
  EXPECT_EQ(status, v1::Finding::NOT_APPLICABLE);
  EXPECT_EQ(end, 10u);
}

TEST_F(CompactFindingsTest, KeepsWaiversAndBaselineMarks) {
  CompactFindings::RuleTexts texts = Texts("R-WAIVED", v1::Rule::MEDIUM);
  texts.remediation = "fix it";
  passing_.StartRule(std::move(texts), "processing_activities", SubjectPathFormat({"processing_activities"}, {true}));
  v1::AppliedWaiver waiver;
  waiver.set_reason("accepted risk");
  for (int i = 0; i < dossier_.processing_activities_size(); ++i) {
    const std::vector<int> indices = {i};
    passing_.Add(i == 1 ? v1::Finding::WAIVED : v1::Finding::PASS, &dossier_.processing_activities(i), &indices,
                 i == 1 ? "waived gap" : "", i == 1 ? &waiver : nullptr);
  }
  // FAIL R-HIGH, FAIL R-LOW, ERROR R-HIGH, then the waived one.
  v1::Finding finding;
  CompactFindings::Materialize(passing_.Get(3), &finding);
  EXPECT_EQ(finding.status(), v1::Finding::WAIVED);
  EXPECT_EQ(finding.subject_id(), "pa-1");
  EXPECT_EQ(finding.message(), "waived gap");
  EXPECT_EQ(finding.remediation(), "fix it");
  EXPECT_EQ(finding.waiver().reason(), "accepted risk");
  EXPECT_FALSE(finding.in_baseline());

  passing_.MarkInBaseline(1);
  CompactFindings::Materialize(passing_.Get(1), &finding);
  EXPECT_EQ(finding.rule_id(), "R-LOW");
  EXPECT_TRUE(finding.in_baseline());
  EXPECT_EQ(finding.remediation(), "");  // its rule has none
  EXPECT_EQ(passing_.Find("R-LOW", "pa-1", ""), v1::Finding::FAIL);
  EXPECT_EQ(passing_.Find("R-LOW", "pa-4", ""), v1::Finding::STATUS_UNSPECIFIED);
  CompactFindings::Materialize(passing_.Get(0), &finding);
  EXPECT_FALSE(finding.in_baseline());
}

TEST(CompactFindingsMessagesTest, KeepsEachMessageWholeWhateverItShares) {
  v1::Dossier dossier;
  // Against the first: shares a prefix and a suffix, nothing, only a prefix, a prefix overlapping the suffix, or is
  // empty, longer than 127 bytes (two-byte lengths), equal to it.
  const std::vector<std::string> messages = {"Record 'Ward 3' (pa-3) lacks its purpose",
                                             "Record 'Surgery' (pa-12) lacks its purpose",
                                             "xyz",
                                             "Record",
                                             "Record 'Ward 3' (pa-3) lacks its purpose its purpose",
                                             "",
                                             "Record '" + std::string(300, 'w') + "' lacks its purpose",
                                             "Record 'Ward 3' (pa-3) lacks its purpose"};
  CompactFindings findings;
  findings.StartRule(Texts("R-1", v1::Rule::HIGH), "processing_activities",
                     SubjectPathFormat({"processing_activities"}, {true}));
  for (size_t i = 0; i < messages.size(); ++i) {
    dossier.add_processing_activities()->set_id("pa-" + std::to_string(i));
    const std::vector<int> indices = {static_cast<int>(i)};
    findings.Add(v1::Finding::FAIL, &dossier.processing_activities(static_cast<int>(i)), &indices, messages[i]);
  }
  ASSERT_EQ(findings.size(), messages.size());
  for (size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(findings.Get(i).message, messages[i]) << i;
}

TEST(CompactFindingsMessagesTest, KeepsMessagesDifferingAtAnyByte) {
  // The shared prefix and suffix are found eight bytes at a time: a difference at each position of a word, in the
  // first, a middle and the last word, and lengths that are not multiples of eight.
  const std::string reference = "Record 'Ward 3' (pa-3) lacks its purpose, see register";
  std::vector<std::string> messages = {reference};
  for (size_t at = 0; at < reference.size(); ++at) {
    std::string changed = reference;
    changed[at] = '#';
    messages.push_back(changed);
    messages.push_back(reference.substr(0, at) + "##" + reference.substr(at));
    messages.push_back(reference.substr(0, at) + reference.substr(at + 1));
  }
  v1::Dossier dossier;
  CompactFindings findings;
  findings.StartRule(Texts("R-1", v1::Rule::HIGH), "processing_activities",
                     SubjectPathFormat({"processing_activities"}, {true}));
  for (size_t i = 0; i < messages.size(); ++i) {
    dossier.add_processing_activities()->set_id("pa-" + std::to_string(i));
  }
  for (size_t i = 0; i < messages.size(); ++i) {
    const std::vector<int> indices = {static_cast<int>(i)};
    findings.Add(v1::Finding::FAIL, &dossier.processing_activities(static_cast<int>(i)), &indices, messages[i]);
  }
  ASSERT_EQ(findings.size(), messages.size());
  for (size_t i = 0; i < messages.size(); ++i) EXPECT_EQ(findings.Get(i).message, messages[i]) << i;
}

TEST_F(CompactFindingsTest, ReportFindingsMergesAndSkipsUnwantedStatuses) {
  // An evidence finding of the report's own, between the compact ERROR and PASS findings.
  v1::Report report;
  v1::Finding* evidence = report.add_findings();
  evidence->set_rule_id("HDSC-EVIDENCE-1");
  evidence->set_status(v1::Finding::WAIVED);
  const ReportFindings findings(report, &passing_);
  ASSERT_EQ(findings.size(), 11u);
  std::vector<std::string> seen;
  findings.ForEachWithStatus([](v1::Finding::Status status) { return status != v1::Finding::PASS; },
                             [&](const v1::Finding& finding) {
                               seen.push_back(finding.rule_id() + " " + v1::Finding::Status_Name(finding.status()));
                             });
  const std::vector<std::string> expected = {"R-HIGH FAIL",           "R-LOW FAIL",
                                             "R-HIGH ERROR",          "HDSC-EVIDENCE-1 WAIVED",
                                             "R-HIGH NOT_APPLICABLE", "R-LOW NOT_APPLICABLE"};
  EXPECT_EQ(seen, expected);
}

TEST_F(CompactFindingsTest, ReportFindingsGivesEachFindingAsItIsKept) {
  v1::Report report;
  report.add_findings()->set_rule_id("HDSC-EVIDENCE-1");
  report.mutable_findings(0)->set_status(v1::Finding::WAIVED);
  const ReportFindings findings(report, &passing_);
  // From inside the compact FAIL findings to inside the PASS ones, across the report's own.
  std::vector<std::string> seen;
  findings.ForEachAsKept(
      1, 6, [&](const v1::Finding& finding) { seen.push_back("whole " + finding.rule_id()); },
      [&](const CompactFindings::Entry& entry) {
        seen.push_back(entry.rule->rule_id + " " + std::string(entry.subject_id));
      });
  const std::vector<std::string> expected = {"R-LOW pa-1", "R-HIGH pa-3", "whole HDSC-EVIDENCE-1", "R-HIGH pa-1",
                                             "R-HIGH pa-2"};
  EXPECT_EQ(seen, expected);
}

TEST(SubjectIdTest, ReadsTheIdFieldWhenThereIsOne) {
  v1::ProcessingActivity activity;
  activity.set_id("pa-1");
  EXPECT_EQ(SubjectId(activity), "pa-1");
  EXPECT_EQ(SubjectId(v1::Dossier()), "");
}

}  // namespace
}  // namespace hdsc::base
