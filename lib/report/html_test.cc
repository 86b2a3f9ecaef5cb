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
  EXPECT_THAT(html, HasSubstr("<dt>Évalué le</dt><dd>28 novembre 2026</dd>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge s-FAIL\">Non conforme</span>"));
  EXPECT_THAT(html, HasSubstr("<h2>Validation</h2>"));
  EXPECT_THAT(html, HasSubstr("<th>Préparé par</th>"));
  EXPECT_THAT(html, Not(HasSubstr(">High<")));
  EXPECT_THAT(html, Not(HasSubstr(">Fail<")));
}

TEST(HtmlTest, ADirectorReadsTheOrganisationScopeAndSummaryFirst) {
  v1::Report report = testing::SampleReport();
  v1::ReportSubject* subject = report.mutable_subject();
  subject->set_organization("Centre hospitalier <Valmont>");
  subject->set_title("Dossier 2026");
  subject->set_scope("Both sites");
  subject->add_sites("Nord");
  subject->mutable_as_of()->set_seconds(1794700800);  // 2026-11-15
  const std::string html = Html(report);
  EXPECT_THAT(html, HasSubstr("<title>Centre hospitalier &lt;Valmont&gt; — Compliance report</title>"));
  EXPECT_THAT(html, HasSubstr("<h1>Centre hospitalier &lt;Valmont&gt;</h1>"));
  EXPECT_THAT(html, HasSubstr("<dt>Scope</dt><dd>Both sites</dd><dt>Sites</dt><dd>Nord</dd>"));
  EXPECT_THAT(html, HasSubstr("<dt>Dossier as of</dt><dd>15 November 2026</dd>"));
  // The cover and the executive summary come before everything else.
  const size_t summary = html.find("id=\"executive-summary\"");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(html.find("<h1>"), summary);
  EXPECT_LT(summary, html.find("class=\"cards\""));
  EXPECT_THAT(html, HasSubstr("1 failure needs action: 1 high."));
  EXPECT_THAT(html, HasSubstr("<h3>Worst risks</h3>"));
  // Printing: A4, no filters, failing requirements open, a sign-off block to fill in.
  EXPECT_THAT(html, HasSubstr("@page{size:A4"));
  EXPECT_THAT(html, HasSubstr("@media print{"));
  EXPECT_THAT(html, HasSubstr("<details open><summary>"));
  EXPECT_THAT(html, HasSubstr("<th>Prepared by</th><td></td>"));
  EXPECT_THAT(html, HasSubstr("<th>Reviewed by</th><td></td>"));
}

TEST(HtmlTest, WithoutAnOrganisationTheTitleNamesTheDossier) {
  const std::string html = Html(testing::SampleReport());
  EXPECT_THAT(html, HasSubstr("<title>Compliance report — examples/hospital.json</title>"));
}

TEST(HtmlTest, ChangesSinceTheBaseline) {
  v1::Report report = testing::SampleReport();
  report.mutable_baseline()->set_path("january.json");
  report.mutable_baseline_changes()->set_new_failures(1);
  report.mutable_baseline_changes()->set_unchanged_failures(1);
  report.mutable_baseline_changes()->add_fixed()->set_rule_id("GDPR-35-1");
  EXPECT_THAT(Html(report), HasSubstr("Since the baseline january.json: 1 new failure, 1 fixed, 1 unchanged."));
  report.set_language("fr");
  EXPECT_THAT(Html(report),
              HasSubstr("Depuis la référence january.json : 1 nouvelle non-conformité, 1 corrigée, 1 inchangée."));
}

}  // namespace
}  // namespace hdsc::report
