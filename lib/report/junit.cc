// JUnit XML, as CI dashboards read it (the Ant/Jenkins dialect): a test suite per rule, a test case per
// (rule, subject); FAIL is a <failure>, ERROR an <error>, NOT_APPLICABLE, WAIVED and MANUAL are <skipped>.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/language.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

struct SuiteCounts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
};

void Count(const v1::Finding& finding, SuiteCounts* counts) {
  ++counts->tests;
  switch (finding.status()) {
    case v1::Finding::FAIL: ++counts->failures; break;
    case v1::Finding::ERROR: ++counts->errors; break;
    case v1::Finding::NOT_APPLICABLE:
    case v1::Finding::WAIVED:
    case v1::Finding::MANUAL: ++counts->skipped; break;
    default: break;
  }
}

std::string CountAttributes(const SuiteCounts& counts) {
  return absl::StrCat("tests=\"", counts.tests, "\" failures=\"", counts.failures, "\" errors=\"", counts.errors,
                      "\" skipped=\"", counts.skipped, "\"");
}

// The body of a <failure> or <error>: message, citation, remediation, path, one per line.
std::string Details(const v1::Finding& finding, bool french) {
  std::string details = finding.message();
  const std::string citations = CitationText(finding, french ? base::Language::kFr : base::Language::kEn);
  if (!citations.empty()) absl::StrAppend(&details, "\n", french ? "Références : " : "References: ", citations);
  if (!finding.remediation().empty()) {
    absl::StrAppend(&details, "\n", french ? "Correctif : " : "Remediation: ", finding.remediation());
  }
  absl::StrAppend(&details, "\n", french ? "Chemin : " : "Path: ", finding.subject().empty() ? "dossier" : finding.subject());
  if (finding.in_baseline()) absl::StrAppend(&details, "\n", french ? "Déjà dans la référence." : "Already in the baseline.");
  return details;
}

std::string TestCase(const v1::Finding& finding, bool french) {
  std::string out = absl::StrCat("    <testcase classname=\"", XmlEscape(finding.rule_id()), "\" name=\"",
                                 XmlEscape(SubjectLabel(finding, "dossier")), "\" time=\"0\"");
  const std::string severity = SeverityName(finding.severity());
  switch (finding.status()) {
    case v1::Finding::FAIL:
      absl::StrAppend(&out, ">\n      <failure type=\"", severity, "\" message=\"", XmlEscape(finding.message()),
                      "\">", XmlEscape(Details(finding, french)), "</failure>\n    </testcase>\n");
      break;
    case v1::Finding::ERROR:
      absl::StrAppend(&out, ">\n      <error type=\"", severity, "\" message=\"", XmlEscape(finding.message()),
                      "\">", XmlEscape(Details(finding, french)), "</error>\n    </testcase>\n");
      break;
    case v1::Finding::NOT_APPLICABLE:
      absl::StrAppend(&out, ">\n      <skipped message=\"", french ? "non applicable" : "not applicable",
                      "\"/>\n    </testcase>\n");
      break;
    case v1::Finding::WAIVED:
      absl::StrAppend(&out, ">\n      <skipped message=\"", french ? "dérogation : " : "waived: ",
                      XmlEscape(finding.waiver().reason()),
                      finding.waiver().approver().empty() ? "" : XmlEscape(absl::StrCat(" (", finding.waiver().approver(), ")")),
                      "\"/>\n    </testcase>\n");
      break;
    case v1::Finding::MANUAL:
      absl::StrAppend(&out, ">\n      <skipped message=\"", french ? "contrôle manuel" : "manual check",
                      "\"/>\n    </testcase>\n");
      break;
    default:
      absl::StrAppend(&out, "/>\n");
  }
  return out;
}

}  // namespace

std::string RenderJunit(const v1::Report& report, const RenderOptions& options) {
  const bool french = base::LanguageOrEnglish(report.language()) == base::Language::kFr;
  // Suites by rule id; test cases in report order (worst first, then by subject).
  struct Suite {
    SuiteCounts counts;
    std::string cases;
  };
  std::map<std::string, Suite> by_rule;
  SuiteCounts total;
  base::ReportFindings(report, options.compact_findings).ForEach([&](const v1::Finding& finding) {
    Suite& suite = by_rule[finding.rule_id()];
    Count(finding, &suite.counts);
    Count(finding, &total);
    absl::StrAppend(&suite.cases, TestCase(finding, french));
  });
  std::string suites;
  for (const auto& [rule_id, suite] : by_rule) {
    absl::StrAppend(&suites, "  <testsuite name=\"", XmlEscape(rule_id), "\" ", CountAttributes(suite.counts),
                    " time=\"0\" timestamp=\"", XmlEscape(NowText(report)), "\">\n", suite.cases, "  </testsuite>\n");
  }
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hdscheck\" ",
                      CountAttributes(total), " time=\"0\">\n", suites, "</testsuites>\n");
}

}  // namespace hdsc::report::internal
