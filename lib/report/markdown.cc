// A Markdown report for a ticket, an e-mail or a director: the organisation, scope and dates first, the executive
// summary, one line per framework, a table of what needs attention (FAIL and ERROR first, then WAIVED), and a
// sign-off block.
#include <string>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/language.h"
#include "lib/base/compact_findings.h"
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

// The dossier's facts a reader needs first: who, what scope, as of when, checked when.
std::string Cover(const v1::Report& report, const CoverLabels& labels, bool fr) {
  const v1::ReportSubject& subject = report.subject();
  const char* colon = fr ? " : " : ": ";
  std::string out;
  if (subject.organization().empty()) {
    out = absl::StrCat("# ", fr ? "Rapport de conformité hdscheck" : "hdscheck compliance report", "\n\n");
  } else {
    out = absl::StrCat("# ", Cell(subject.organization()), "\n\n", labels.report,
                       subject.title().empty() ? "" : absl::StrCat(" — ", Cell(subject.title())), "\n\n");
  }
  if (!subject.scope().empty()) absl::StrAppend(&out, "- ", labels.scope, colon, Cell(subject.scope()), "\n");
  if (subject.sites_size() > 0) {
    std::vector<std::string> sites;
    for (const std::string& site : subject.sites()) sites.push_back(Cell(site));
    absl::StrAppend(&out, "- ", labels.sites, colon, absl::StrJoin(sites, fr ? " ; " : "; "), "\n");
  }
  if (subject.has_as_of()) absl::StrAppend(&out, "- ", labels.as_of, colon, DateText(report, subject.as_of()), "\n");
  absl::StrAppend(&out, "- ", labels.evaluated_on, colon, DateText(report, report.now()), "\n");
  if (!report.profile().empty()) absl::StrAppend(&out, "- ", labels.profile, colon, Cell(report.profile()), "\n");
  absl::StrAppend(&out, "- ", labels.dossier, colon, Cell(report.dossier().path()), " (SHA-256 ",
                  report.dossier().sha256(), ")\n");
  return out;
}

std::string Executive(const v1::Report& report, const RenderOptions& options, const CoverLabels& labels,
                      base::Language language) {
  const ExecutiveSummary summary = Summarise(report, options);
  std::string out = absl::StrCat("## ", labels.executive_summary, "\n\n", Cell(absl::StrJoin(summary.sentences, " ")),
                                 "\n\n");
  if (!summary.baseline.empty()) absl::StrAppend(&out, Cell(summary.baseline), "\n\n");
  if (!summary.worst.empty()) {
    absl::StrAppend(&out, "**", summary.worst_heading, "**\n\n");
    int rank = 0;
    for (const v1::Finding& finding : summary.worst) {
      absl::StrAppend(&out, ++rank, ". **", base::SeverityWord(language, finding.severity()), "** ",
                      Cell(finding.message().empty() ? finding.title() : finding.message()), " (",
                      Cell(finding.rule_id()), ", ", Cell(SubjectLabel(finding, "dossier")), ")\n");
    }
    absl::StrAppend(&out, "\n");
  }
  if (!summary.frameworks.empty()) {
    absl::StrAppend(&out, "**", summary.frameworks_heading, "**\n\n");
    for (const std::string& line : summary.frameworks) absl::StrAppend(&out, "- ", Cell(line), "\n");
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string SignOff(const CoverLabels& labels) {
  return absl::StrCat("## ", labels.sign_off, "\n\n", labels.sign_off_note, "\n\n| | ", labels.name_and_role, " | ",
                      labels.date, " | ", labels.signature, " |\n|---|---|---|---|\n| ", labels.prepared_by,
                      " | | | |\n| ", labels.reviewed_by, " | | | |\n");
}

}  // namespace

std::string RenderMarkdown(const v1::Report& report, const RenderOptions& options) {
  const base::Language language = LanguageOf(report);
  const bool fr = language == base::Language::kFr;
  const CoverLabels& labels = CoverLabelsOf(language);
  auto status = [language](v1::Finding::Status value) { return base::StatusWord(language, value); };
  auto severity = [language](v1::Rule::Severity value) { return base::SeverityWord(language, value); };
  const v1::Counts& c = report.counts();
  std::string out = Cover(report, labels, fr);
  absl::StrAppend(&out, fr ? "- Constats : " : "- Findings: ", "**", c.fail(), " ", status(v1::Finding::FAIL), "**, ",
                  c.error(), " ", status(v1::Finding::ERROR), ", ", c.waived(), " ", status(v1::Finding::WAIVED), ", ",
                  c.pass(), " ", status(v1::Finding::PASS), ", ", c.not_applicable(), " ",
                  status(v1::Finding::NOT_APPLICABLE), ", ", c.manual(), " ", status(v1::Finding::MANUAL), "\n");
  absl::StrAppend(&out, fr ? "- Échecs par gravité : " : "- Failures by severity: ", c.fail_critical(), " ",
                  severity(v1::Rule::CRITICAL), ", ", c.fail_high(), " ", severity(v1::Rule::HIGH), ", ", c.fail_medium(),
                  " ", severity(v1::Rule::MEDIUM), ", ", c.fail_low(), " ", severity(v1::Rule::LOW), ", ", c.fail_info(),
                  " ", severity(v1::Rule::INFO), "\n\n");
  absl::StrAppend(&out, Executive(report, options, labels, language));

  if (report.frameworks_size() > 0) {
    absl::StrAppend(&out, fr ? "## Référentiels\n\n| Référentiel | Exigences | " : "## Frameworks\n\n| Framework | Requirements | ",
                    status(v1::Finding::PASS), " | ", status(v1::Finding::FAIL), " | ", status(v1::Finding::ERROR), " | ",
                    status(v1::Finding::WAIVED), " | ", status(v1::Finding::MANUAL), " | ",
                    status(v1::Finding::NOT_APPLICABLE), fr ? " | Complétude |" : " | Completeness |",
                    "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
  ForEachNeedingAttention(report, options, [&](const v1::Finding& finding) {
    if (!any) {
      absl::StrAppend(&out, fr ? "| Statut | Gravité | Règle | Sujet | Constat | Références | Correctif |\n"
                               : "| Status | Severity | Rule | Subject | Finding | References | Remediation |\n",
                      "|---|---|---|---|---|---|---|\n");
      any = true;
    }
    std::string label(status(finding.status()));
    if (finding.in_baseline()) absl::StrAppend(&label, fr ? " (référence)" : " (baseline)");
    absl::StrAppend(&out, "| ", label, " | ", severity(finding.severity()), " | ", Cell(finding.rule_id()), " | ",
                    Cell(finding.subject().empty() ? "dossier" : finding.subject()),
                    finding.subject_id().empty() ? "" : absl::StrCat(" ", Cell(finding.subject_id())), " | ",
                    Cell(finding.message().empty() ? finding.title() : finding.message()), " | ",
                    Cell(CitationText(finding, language)), " | ", Cell(finding.remediation()), " |\n");
  });
  if (!any) absl::StrAppend(&out, fr ? "Aucun échec, erreur ni dérogation.\n" : "No failure, error or waiver.\n");
  absl::StrAppend(&out, "\n", SignOff(labels));
  return out;
}

}  // namespace hdsc::report::internal
