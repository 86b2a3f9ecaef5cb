// A Markdown summary for a ticket or an e-mail: the totals, one line per framework, then a table of what needs
// attention (FAIL and ERROR first, then WAIVED).
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/base/language.h"
#include "lib/report/writers.h"

namespace hdsc::report::internal {
namespace {

// Text safe in a table cell: no line breaks, pipes and Markdown/HTML specials escaped.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|': out.append("\\|"); break;
      case '\n':
      case '\r': out.push_back(' '); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '&': out.append("&amp;"); break;
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '\\':
        out.push_back('\\');
        out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const v1::Report& report) {
  const bool fr = base::LanguageOrEnglish(report.language()) == base::Language::kFr;
  const v1::Counts& c = report.counts();
  std::string out = absl::StrCat(fr ? "# Rapport de conformité hdscheck\n\n" : "# hdscheck compliance report\n\n");
  absl::StrAppend(&out, fr ? "- Dossier : " : "- Dossier: ", Cell(report.dossier().path()), " (SHA-256 ",
                  report.dossier().sha256(), ")\n");
  absl::StrAppend(&out, fr ? "- Date d'évaluation : " : "- Evaluated at: ", NowText(report), "\n");
  if (!report.profile().empty()) absl::StrAppend(&out, fr ? "- Profil : " : "- Profile: ", Cell(report.profile()), "\n");
  absl::StrAppend(&out, fr ? "- Constats : " : "- Findings: ", "**", c.fail(), " FAIL**, ", c.error(), " ERROR, ",
                  c.waived(), " WAIVED, ", c.pass(), " PASS, ", c.not_applicable(), " N/A, ", c.manual(), " MANUAL\n");
  absl::StrAppend(&out, fr ? "- Échecs par gravité : " : "- Failures by severity: ", c.fail_critical(), " CRITICAL, ",
                  c.fail_high(), " HIGH, ", c.fail_medium(), " MEDIUM, ", c.fail_low(), " LOW, ", c.fail_info(),
                  " INFO\n\n");

  if (report.frameworks_size() > 0) {
    absl::StrAppend(&out, fr ? "## Référentiels\n\n| Référentiel | Exigences | PASS | FAIL | ERROR | WAIVED | MANUAL | N/A | Complétude |\n"
                             : "## Frameworks\n\n| Framework | Requirements | PASS | FAIL | ERROR | WAIVED | MANUAL | N/A | Completeness |\n",
                    "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const v1::FrameworkSummary& framework : report.frameworks()) {
      const v1::Counts& r = framework.requirement_counts();
      absl::StrAppend(&out, "| ", Cell(framework.title().empty() ? framework.id() : framework.title()), " | ",
                      framework.requirements_size(), " | ", r.pass(), " | ", r.fail(), " | ", r.error(), " | ",
                      r.waived(), " | ", r.manual(), " | ", r.not_applicable(), " | ", CompletenessText(framework, fr),
                      " |\n");
    }
    absl::StrAppend(&out, "\n");
  }

  absl::StrAppend(&out, fr ? "## Constats à traiter\n\n" : "## Findings that need attention\n\n");
  bool any = false;
  for (const v1::Finding& finding : report.findings()) {
    if (!NeedsAttention(finding)) continue;
    if (!any) {
      absl::StrAppend(&out, fr ? "| Statut | Gravité | Règle | Sujet | Constat | Références | Correctif |\n"
                               : "| Status | Severity | Rule | Subject | Finding | References | Remediation |\n",
                      "|---|---|---|---|---|---|---|\n");
      any = true;
    }
    std::string status = v1::Finding::Status_Name(finding.status());
    if (finding.in_baseline()) absl::StrAppend(&status, fr ? " (référence)" : " (baseline)");
    absl::StrAppend(&out, "| ", status, " | ", SeverityName(finding.severity()), " | ", Cell(finding.rule_id()), " | ",
                    Cell(finding.subject().empty() ? "dossier" : finding.subject()),
                    finding.subject_id().empty() ? "" : absl::StrCat(" ", Cell(finding.subject_id())), " | ",
                    Cell(finding.message().empty() ? finding.title() : finding.message()), " | ",
                    Cell(CitationText(finding)), " | ", Cell(finding.remediation()), " |\n");
  }
  if (!any) absl::StrAppend(&out, fr ? "Aucun échec, erreur ni dérogation.\n" : "No failure, error or waiver.\n");
  return out;
}

}  // namespace hdsc::report::internal
