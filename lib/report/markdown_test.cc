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
