#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/report/render.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MarkdownTest, SummaryFrameworksAndFindings) {
  const std::string md = *Render(testing::SampleReport(), Format::kMarkdown, RenderOptions());
  EXPECT_THAT(md, HasSubstr("# hdscheck compliance report"));
  EXPECT_THAT(md, HasSubstr("**1 FAIL**, 1 ERROR, 1 WAIVED, 1 PASS, 1 N/A, 1 MANUAL"));
  EXPECT_THAT(md, HasSubstr("| General Data Protection Regulation | 3 | 1 | 1 | 0 | 0 | 1 | 0 | 2/2 (100.0 %) |"));
  EXPECT_THAT(md, HasSubstr("| FAIL | HIGH | GDPR-33-1 | breaches\\[0\\] b-2026-01 |"));
  EXPECT_THAT(md, Not(HasSubstr("GDPR-30-1")));  // passing findings are not listed
  EXPECT_THAT(md, HasSubstr("## Executive summary\n\n1 failure needs action: 1 high."));
  EXPECT_THAT(md, HasSubstr("## Sign-off\n"));
  EXPECT_THAT(md, HasSubstr("| Prepared by | | | |\n| Reviewed by | | | |\n"));
}

TEST(MarkdownTest, TheOrganisationScopeAndDatesComeFirst) {
  v1::Report report = testing::SampleReport();
  report.mutable_subject()->set_organization("Clinique Saint-Aubin SAS");
  report.mutable_subject()->set_scope("Single site");
  report.mutable_subject()->mutable_as_of()->set_seconds(1794700800);  // 2026-11-15
  report.set_language("fr");
  const std::string md = *Render(report, Format::kMarkdown, RenderOptions());
  EXPECT_EQ(md.rfind("# Clinique Saint-Aubin SAS\n\nRapport de conformité\n\n- Périmètre : Single site\n"
                     "- Dossier à jour au : 15 novembre 2026\n",
                     0),
            0u)
      << md;
  EXPECT_THAT(md, HasSubstr("| NON CONFORME | ÉLEVÉE | GDPR-33-1 |"));
  EXPECT_THAT(md, HasSubstr("| Préparé par | | | |"));
}

TEST(MarkdownTest, CellsCannotBreakTheTable) {
  v1::Report report = testing::SampleReport();
  report.mutable_findings(0)->set_message("a | b\nc <script>");
  const std::string md = *Render(report, Format::kMarkdown, RenderOptions());
  EXPECT_THAT(md, HasSubstr("a \\| b c &lt;script&gt;"));
}

TEST(MarkdownTest, French) {
  v1::Report report = testing::SampleReport();
  report.set_language("fr");
  const std::string md = *Render(report, Format::kMarkdown, RenderOptions());
  EXPECT_THAT(md, HasSubstr("## Constats à traiter"));
  EXPECT_THAT(md, HasSubstr("| Complétude |"));
  EXPECT_THAT(md, HasSubstr("| 2/2 (100,0\u00a0%) |"));
}

TEST(MarkdownTest, NothingToReport) {
  v1::Report report = testing::SampleReport();
  report.clear_findings();
  EXPECT_THAT(*Render(report, Format::kMarkdown, RenderOptions()), HasSubstr("No failure, error or waiver."));
}

}  // namespace
}  // namespace hdsc::report
