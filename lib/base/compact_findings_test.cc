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

// Two rules over the same records and one over the dossier, as the checker fills them.
class CompactFindingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) dossier_.add_processing_activities()->set_id("pa-" + std::to_string(i));
    const std::vector<v1::Finding::Status> low = {v1::Finding::PASS, v1::Finding::FAIL, v1::Finding::NOT_APPLICABLE,
                                                  v1::Finding::PASS};
    const std::vector<v1::Finding::Status> high = {v1::Finding::NOT_APPLICABLE, v1::Finding::PASS,
                                                   v1::Finding::PASS, v1::Finding::ERROR};
    Fill(Texts("R-LOW", v1::Rule::LOW), low);
    Fill(Texts("R-HIGH", v1::Rule::HIGH), high);
    passing_.StartDossierRule(Texts("R-DOSSIER", v1::Rule::LOW));
    passing_.Add(v1::Finding::PASS, nullptr, nullptr);
  }

  void Fill(CompactFindings::RuleTexts texts, const std::vector<v1::Finding::Status>& statuses) {
    passing_.StartRule(std::move(texts), "processing_activities", {"processing_activities"}, {true});
    for (int i = 0; i < dossier_.processing_activities_size(); ++i) {
      const std::vector<int> indices = {i};
      passing_.Add(statuses[i], &dossier_.processing_activities(i), &indices);
    }
  }

  std::string Describe(size_t index) const {
    v1::Finding finding;
    CompactFindings::Materialize(passing_.Get(index), &finding);
    return finding.rule_id() + " " + v1::Finding::Status_Name(finding.status()) + " " + finding.subject() + " " +
           finding.subject_id();
  }

  v1::Dossier dossier_;
  CompactFindings passing_;
};

TEST_F(CompactFindingsTest, KeepsOnlyCompactFindingsInReportOrder) {
  ASSERT_EQ(passing_.size(), 7u);
  const std::vector<std::string> expected = {
      "R-HIGH PASS processing_activities[1] pa-1",           "R-HIGH PASS processing_activities[2] pa-2",
      "R-DOSSIER PASS  ",                                     "R-LOW PASS processing_activities[0] pa-0",
      "R-LOW PASS processing_activities[3] pa-3",            "R-HIGH NOT_APPLICABLE processing_activities[0] pa-0",
      "R-LOW NOT_APPLICABLE processing_activities[2] pa-2"};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(Describe(i), expected[i]) << i;
}

TEST_F(CompactFindingsTest, ReadsInAnyOrder) {
  const std::vector<size_t> order = {6, 0, 4, 3, 1, 5, 2, 4};
  std::vector<std::string> in_order;
  for (size_t i = 0; i < passing_.size(); ++i) in_order.push_back(Describe(i));
  for (size_t i : order) EXPECT_EQ(Describe(i), in_order[i]) << i;
}

TEST_F(CompactFindingsTest, SharesTheRuleTexts) {
  v1::Finding finding;
  CompactFindings::Materialize(passing_.Get(0), &finding);
  EXPECT_EQ(finding.title(), "title of R-HIGH");
  EXPECT_EQ(finding.severity(), v1::Rule::HIGH);
  ASSERT_EQ(finding.references_size(), 1);
  EXPECT_EQ(finding.references(0).citation(), "Art. 30");
  v1::Finding::Status status;
  size_t end = 0;
  EXPECT_EQ(passing_.RuleOf(6, &status, &end).rule_id, "R-LOW");
  EXPECT_EQ(status, v1::Finding::NOT_APPLICABLE);
  EXPECT_EQ(end, 7u);
}

TEST(SubjectIdTest, ReadsTheIdFieldWhenThereIsOne) {
  v1::ProcessingActivity activity;
  activity.set_id("pa-1");
  EXPECT_EQ(SubjectId(activity), "pa-1");
  EXPECT_EQ(SubjectId(v1::Dossier()), "");
}

}  // namespace
}  // namespace hdsc::base
