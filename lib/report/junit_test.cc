#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/report/render.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Junit(const v1::Report& report) { return *Render(report, Format::kJunit, RenderOptions()); }

TEST(JunitTest, TotalsCountEveryFinding) {
  EXPECT_THAT(Junit(testing::SampleReport()),
              HasSubstr("<testsuites name=\"hdscheck\" tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\""));
}

TEST(JunitTest, OneCasePerRuleAndSubject) {
  const std::string xml = Junit(testing::SampleReport());
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"GDPR-33-1\" tests=\"1\" failures=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"GDPR-33-1\" name=\"breaches[0] (b-2026-01)\""));
  EXPECT_THAT(xml, HasSubstr("<error type=\"MEDIUM\" message=\"no such key: end_of_support\">"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"not applicable\"/>"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"waived: Migration in Q3 (CISO)\"/>"));
  EXPECT_THAT(xml, HasSubstr("<testcase classname=\"GDPR-30-1\" name=\"processing_activities[0] (pa-ehr)\" time=\"0\"/>"));
}

TEST(JunitTest, EscapesMarkupAndDropsControlCharacters) {
  v1::Report report = testing::SampleReport();
  report.mutable_findings(0)->set_message("a <b> & \"c\"\x01");
  const std::string xml = Junit(report);
  EXPECT_THAT(xml, HasSubstr("message=\"a &lt;b&gt; &amp; &quot;c&quot;\""));
  EXPECT_THAT(xml, Not(HasSubstr("<b>")));
  EXPECT_THAT(xml, Not(HasSubstr("\x01")));
}

TEST(JunitTest, FailureBodyHasCitationRemediationAndPath) {
  const std::string xml = Junit(testing::SampleReport());
  EXPECT_THAT(xml, HasSubstr("References: GDPR Art. 33(1); ISO27001_2022 A.5.26"));
  EXPECT_THAT(xml, HasSubstr("Remediation: Notify the CNIL &amp; record the delay reason"));
  EXPECT_THAT(xml, HasSubstr("Path: breaches[0]"));
}

}  // namespace
}  // namespace hdsc::report
