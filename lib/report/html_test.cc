#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/report/render.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Html(const v1::Report& report) { return *Render(report, Format::kHtml, RenderOptions()); }

TEST(HtmlTest, EscapesReportText) {
  const std::string html = Html(testing::SampleReport());
  EXPECT_THAT(html, HasSubstr("Breach &lt;b&gt;b-2026-01&lt;/b&gt; &amp; &quot;co&quot; was not notified"));
  EXPECT_THAT(html, Not(HasSubstr("<b>b-2026-01</b>")));
}

TEST(HtmlTest, HostileTextCannotOpenAScript) {
  v1::Report report = testing::SampleReport();
  report.mutable_findings(0)->set_subject_id("</code><script>alert(1)</script>");
  report.mutable_findings(0)->mutable_references(0)->set_framework("\" onmouseover=\"x");
  const std::string html = Html(report);
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("\" onmouseover=\"x")));
}

TEST(HtmlTest, SelfContained) {
  const std::string html = Html(testing::SampleReport());
  EXPECT_THAT(html, HasSubstr("Content-Security-Policy"));
  EXPECT_THAT(html, Not(HasSubstr("http://")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr(" src=")));
}

TEST(HtmlTest, FindingsCarryFilterAttributesAndDetails) {
  const std::string html = Html(testing::SampleReport());
  EXPECT_THAT(html, HasSubstr("data-severity=\"HIGH\" data-status=\"FAIL\" data-frameworks=\"GDPR ISO27001_2022\""));
  EXPECT_THAT(html, HasSubstr("GDPR Art. 33(1); ISO27001_2022 A.5.26"));
  EXPECT_THAT(html, HasSubstr("Notify the CNIL &amp; record the delay reason"));
  EXPECT_THAT(html, HasSubstr("<code>breaches[0]</code> b-2026-01"));
  EXPECT_THAT(html, HasSubstr("<option value=\"HDS_V2\">"));
  EXPECT_THAT(html, Not(HasSubstr("GDPR-30-1")));  // a PASS finding
}

TEST(HtmlTest, FrameworkChartHasATilePerRequirement) {
  const std::string html = Html(testing::SampleReport());
  EXPECT_THAT(html, HasSubstr("class=\"tile s-FAIL\""));
  EXPECT_THAT(html, HasSubstr("class=\"tile s-PASS\""));
  EXPECT_THAT(html, HasSubstr("class=\"tile s-MANUAL\""));
  EXPECT_THAT(html, HasSubstr("width:33.333%"));
  EXPECT_THAT(html, HasSubstr("3 requirements · <span class=\"completeness\" title=\"Requirements with rules that had "
                              "data to evaluate, of all requirements with rules\">completeness 2/2 (100.0 %)</span>"));
}

TEST(HtmlTest, French) {
  v1::Report report = testing::SampleReport();
  report.set_language("fr");
  const std::string html = Html(report);
  EXPECT_THAT(html, HasSubstr("<html lang=\"fr\">"));
  EXPECT_THAT(html, HasSubstr("Constats à traiter"));
  EXPECT_THAT(html, HasSubstr(">complétude 2/2 (100,0\u00a0%)</span>"));
  EXPECT_THAT(html, HasSubstr("Correctif"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge v-HIGH\">Élevée</span>"));
  EXPECT_THAT(html, HasSubstr("data-severity=\"HIGH\""));  // filters keep the enum names
  EXPECT_THAT(html, HasSubstr("Évalué le 2026-11-28 00:00 UTC"));
}

}  // namespace
}  // namespace hdsc::report
