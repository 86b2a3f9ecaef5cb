#include "lib/report/text.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kReport[] = R"pb(
now { seconds: 1767225600 }
language: "en"
profile: "hospital"
dossier { path: "d.json" sha256: "0123456789abcdef0123" }
counts { pass: 3 fail: 1 fail_high: 1 manual: 1 }
frameworks {
  id: "GDPR" title: "General Data Protection Regulation"
  requirement_counts { fail: 1 manual: 1 pass: 1 }
  requirements { id: "ART-6" citation: "Art. 6" title: "Lawful basis" status: PASS rule_ids: "GDPR-6" }
  requirements { id: "ART-33" citation: "Art. 33" title: "Breach notification" status: FAIL rule_ids: "GDPR-33-1" }
  requirements { id: "ART-38" citation: "Art. 38" title: "DPO" status: MANUAL }
  checkable_requirements: 3 evaluated_requirements: 2 completeness_percent: 66.6
}
findings {
  rule_id: "GDPR-33-1" status: FAIL severity: HIGH subject: "breaches[1]" subject_id: "BR-2"
  title: "Breaches are notified" message: "Breach BR-2 was late" remediation: "Notify."
  references { framework: "GDPR" citation: "Art. 33(1)" }
}
findings { rule_id: "GDPR-6" status: PASS severity: HIGH subject: "processing_activities[0]" title: "Basis" }
warnings { message: "waiver dossier waivers[0] matched no failing finding" }
)pb";

v1::Report Parse() {
  v1::Report report;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kReport, &report));
  return report;
}

TEST(RenderTextTest, ShowsWhatNeedsAttentionWorstFirst) {
  const std::string text = RenderText(Parse(), {});
  EXPECT_THAT(text, HasSubstr("Summary: 1 FAIL, 1 MANUAL, 3 PASS (FAIL: 1 high)"));
  EXPECT_THAT(text, HasSubstr("  requirements: 1 FAIL, 1 MANUAL, 1 PASS\n  completeness: 2/3 (66.6 %) requirements evaluated\n"));
  EXPECT_THAT(text, HasSubstr("FAIL    ART-33  Art. 33  Breach notification  [GDPR-33-1]"));
  EXPECT_LT(text.find("ART-33"), text.find("ART-38"));
  EXPECT_THAT(text, HasSubstr("FAIL    HIGH  GDPR-33-1  breaches[1] BR-2\n      Breach BR-2 was late\n      GDPR Art. 33(1)\n      fix: Notify."));
  EXPECT_THAT(text, Not(HasSubstr("processing_activities[0]")));
  EXPECT_THAT(text, Not(HasSubstr("\033[")));
  EXPECT_THAT(text, HasSubstr("Warnings\n  waiver dossier waivers[0] matched no failing finding"));
}

TEST(RenderTextTest, VerboseColouredAndFrench) {
  v1::Report report = Parse();
  report.set_language("fr");
  const std::string text = RenderText(report, {.color = true, .verbose = true});
  EXPECT_THAT(text, HasSubstr("processing_activities[0]"));
  EXPECT_THAT(text, HasSubstr("\033[1;31mNON CONFORME  \033[0m"));
  EXPECT_THAT(text, HasSubstr("Résumé"));
  EXPECT_THAT(text, HasSubstr("correctif\u00a0: Notify."));
  EXPECT_THAT(text, HasSubstr("complétude\u00a0: 2/3 (66,6\u00a0%) exigences évaluées"));
  EXPECT_THAT(text, HasSubstr("évalué le 1er janvier 2026  profil hospital"));
  EXPECT_THAT(text, HasSubstr("Résumé\u00a0: 1 NON CONFORME, 1 MANUEL, 3 CONFORME (NON CONFORME\u00a0: 1 élevée)"));
  EXPECT_THAT(RenderText(report, {}), HasSubstr("  NON CONFORME  ÉLEVÉE  GDPR-33-1"));
  EXPECT_THAT(text, Not(HasSubstr(" FAIL ")));
}

TEST(RenderTextTest, ShowsTheTimingWhenRecorded) {
  v1::Report report = Parse();
  EXPECT_THAT(RenderText(report, {}), Not(HasSubstr("Evaluation")));
  report.mutable_timing()->set_evaluation_micros(241'161);
  for (int i = 0; i < 12; ++i) {
    v1::RuleTiming* rule = report.mutable_timing()->add_rules();
    rule->set_rule_id(absl::StrCat("R-", i));
    rule->set_micros(17'114 - i * 1000);
    rule->set_steps(12'500 - i);
  }
  const std::string text = RenderText(report, {});
  EXPECT_THAT(text, HasSubstr("\nEvaluation: 241.1 ms, of which the slowest rules:\n"
                              "  R-0  17.1 ms  12500 steps\n  R-1  16.1 ms"));
  EXPECT_THAT(text, HasSubstr("  R-9  8.1 ms  12491 steps\n"));
  EXPECT_THAT(text, Not(HasSubstr("R-10")));  // the ten slowest only
  report.set_language("fr");
  EXPECT_THAT(RenderText(report, {}),
              HasSubstr("\nÉvaluation\u00a0: 241,1 ms, dont les règles les plus lentes\u00a0:\n"
                        "  R-0  17,1 ms  12500 pas\n"));
}

TEST(RenderTextTest, WritesCitationsAsTheReportDoes) {
  v1::Report report = Parse();
  report.set_language("fr");
  report.mutable_findings(0)->mutable_references(0)->set_text("art. 33, paragraphe 1, du RGPD");
  report.mutable_frameworks(0)->mutable_requirements(1)->set_citation_text("art. 33 du RGPD");
  report.mutable_frameworks(0)->set_source("Règlement (UE) 2016/679");
  const std::string text = RenderText(report, {});
  EXPECT_THAT(text, HasSubstr("\n      art. 33, paragraphe 1, du RGPD\n"));
  EXPECT_THAT(text, HasSubstr("ART-33  art. 33 du RGPD  Breach notification"));
  EXPECT_THAT(text, HasSubstr("GDPR  General Data Protection Regulation (Règlement (UE) 2016/679)"));
}

}  // namespace
}  // namespace hdsc::report
