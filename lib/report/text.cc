#include "lib/report/text.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/findings.h"
#include "lib/base/language.h"
#include "lib/report/writers.h"

namespace hdsc::report {

using v1::Finding;

namespace {

using base::Language;
using base::WordCase;

// Labels of the report in each language.
struct Labels {
  const char* evaluated_on;
  const char* profile;
  const char* pack_files;
  const char* summary;
  const char* requirements;
  const char* findings;
  const char* remediation;
  const char* waived_by;
  const char* warnings;
  const char* nothing_to_report;
  const char* attested_by;
  const char* completeness;
  const char* evaluated;
  const char* evaluation;
  const char* slowest_rules;
  const char* steps;
  // French typography puts a (non-breaking) space before a colon.
  const char* colon;
};

constexpr Labels kEnglish = {"evaluated on", "profile", "pack files", "Summary", "requirements",
                             "Findings that need attention", "fix", "waived by", "Warnings",
                             "No failure, error or waiver.", "attested by", "completeness",
                             "requirements evaluated", "Evaluation", ", of which the slowest rules:", "steps",
                             ": "};
constexpr Labels kFrench = {"évalué le", "profil", "fichiers de règles", "Résumé", "exigences",
                            "Constats à traiter", "correctif", "dérogation accordée par", "Avertissements",
                            "Aucun échec, erreur ni dérogation.", "attesté par", "complétude",
                            "exigences évaluées", "Évaluation", ", dont les règles les plus lentes\u00a0:", "pas",
                            "\u00a0: "};

const char* Color(Finding::Status status) {
  switch (status) {
    case Finding::FAIL: return "\033[1;31m";
    case Finding::ERROR: return "\033[1;35m";
    case Finding::WAIVED: return "\033[33m";
    case Finding::MANUAL: return "\033[36m";
    case Finding::PASS: return "\033[32m";
    default: return "\033[2m";
  }
}

// The rules `--timing` lists under the evaluation time: where most of it went.
constexpr int kSlowestRulesShown = 10;

// `micros` in milliseconds with one decimal, in the report's language ("12.5 ms", "12,5 ms").
std::string Milliseconds(int64_t micros, bool french) { return internal::OneDecimal(micros / 100, french) + " ms"; }

// The status column: the status word padded to `width` characters.
std::string Status(Language language, Finding::Status status, size_t width, bool color) {
  std::string label(base::StatusWord(language, status));
  label.append(width > base::DisplayWidth(label) ? width - base::DisplayWidth(label) : 0, ' ');
  return color ? absl::StrCat(Color(status), label, "\033[0m") : label;
}

// The width of the status column: the longest status word the report shows (N/A only when verbose).
size_t StatusWidth(Language language, bool verbose) {
  size_t width = 0;
  for (Finding::Status status : {Finding::FAIL, Finding::ERROR, Finding::WAIVED, Finding::MANUAL, Finding::PASS,
                                 Finding::NOT_APPLICABLE}) {
    if (status == Finding::NOT_APPLICABLE && !verbose) continue;
    width = std::max(width, base::DisplayWidth(base::StatusWord(language, status)));
  }
  return width;
}

std::string CountsLine(Language language, const Labels& labels, const v1::Counts& counts) {
  std::vector<std::string> parts;
  for (const auto& [status, n] : std::vector<std::pair<Finding::Status, int64_t>>{
           {Finding::FAIL, counts.fail()},
           {Finding::ERROR, counts.error()},
           {Finding::WAIVED, counts.waived()},
           {Finding::MANUAL, counts.manual()},
           {Finding::PASS, counts.pass()},
           {Finding::NOT_APPLICABLE, counts.not_applicable()}}) {
    if (n > 0) parts.push_back(absl::StrCat(n, " ", base::StatusWord(language, status)));
  }
  std::string line = parts.empty() ? "-" : absl::StrJoin(parts, ", ");
  std::vector<std::string> severities;
  for (const auto& [severity, n] : std::vector<std::pair<v1::Rule::Severity, int64_t>>{
           {v1::Rule::CRITICAL, counts.fail_critical()},
           {v1::Rule::HIGH, counts.fail_high()},
           {v1::Rule::MEDIUM, counts.fail_medium()},
           {v1::Rule::LOW, counts.fail_low()},
           {v1::Rule::INFO, counts.fail_info()}}) {
    if (n > 0) severities.push_back(absl::StrCat(n, " ", base::SeverityWord(language, severity, WordCase::kLower)));
  }
  if (!severities.empty()) {
    absl::StrAppend(&line, " (", base::StatusWord(language, Finding::FAIL), labels.colon, absl::StrJoin(severities, ", "),
                    ")");
  }
  return line;
}

}  // namespace

std::string RenderText(const v1::Report& report, const TextOptions& options,
                       const base::CompactFindings* compact_findings) {
  const Language language = internal::LanguageOf(report);
  const bool french = language == Language::kFr;
  const Labels& labels = base::Pick(language, kEnglish, kFrench);
  const size_t width = StatusWidth(language, options.verbose);
  std::string out;
  absl::StrAppend(&out, "hdscheck ", report.dossier().path().empty() ? "-" : report.dossier().path(),
                  "  (sha256 ", report.dossier().sha256().substr(0, 12), ")\n");
  absl::StrAppend(&out, labels.evaluated_on, " ", internal::DateText(report, report.now()),
                  report.profile().empty() ? "" : absl::StrCat("  ", labels.profile, " ", report.profile()), "  ",
                  report.packs_size(), " ", labels.pack_files, "\n\n");
  absl::StrAppend(&out, labels.summary, labels.colon, CountsLine(language, labels, report.counts()), "\n");

  for (const v1::FrameworkSummary& framework : report.frameworks()) {
    const std::string& source = internal::FrameworkSource(framework);
    absl::StrAppend(&out, "\n", framework.id(), "  ", framework.title(),
                    source.empty() ? "" : absl::StrCat(" (", source, ")"), "\n");
    absl::StrAppend(&out, "  ", labels.requirements, labels.colon,
                    CountsLine(language, labels, framework.requirement_counts()), "\n");
    if (framework.checkable_requirements() > 0) {
      absl::StrAppend(&out, "  ", labels.completeness, labels.colon,
                      internal::CompletenessText(framework, french), " ", labels.evaluated, "\n");
    }
    std::vector<const v1::RequirementSummary*> requirements;
    for (const v1::RequirementSummary& requirement : framework.requirements()) requirements.push_back(&requirement);
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const v1::RequirementSummary* a, const v1::RequirementSummary* b) {
                       return base::StatusRank(a->status()) < base::StatusRank(b->status());
                     });
    for (const v1::RequirementSummary* requirement : requirements) {
      if (!options.verbose && (requirement->status() == Finding::PASS && !requirement->has_attestation())) continue;
      if (!options.verbose && requirement->status() == Finding::NOT_APPLICABLE) continue;
      const std::string& citation = internal::RequirementCitation(*requirement);
      absl::StrAppend(&out, "  ", Status(language, requirement->status(), width, options.color), "  ",
                      requirement->id(), "  ", citation.empty() ? "" : absl::StrCat(citation, "  "),
                      requirement->title());
      if (requirement->rule_ids_size() > 0) absl::StrAppend(&out, "  [", absl::StrJoin(requirement->rule_ids(), ", "), "]");
      if (requirement->has_attestation()) {
        absl::StrAppend(&out, "  (", labels.attested_by, " ", requirement->attestation().attested_by(), ")");
      }
      out += "\n";
    }
  }

  absl::StrAppend(&out, "\n", labels.findings, "\n");
  int shown = 0;
  auto show = [&](const Finding& finding) {
    const bool passing = finding.status() == Finding::PASS || finding.status() == Finding::NOT_APPLICABLE;
    if (passing && !options.verbose) return;
    ++shown;
    absl::StrAppend(&out, "  ", Status(language, finding.status(), width, options.color), "  ",
                    base::SeverityWord(language, finding.severity()), "  ", finding.rule_id(), "  ",
                    finding.subject().empty() ? "(dossier)" : finding.subject(),
                    finding.subject_id().empty() ? "" : absl::StrCat(" ", finding.subject_id()), "\n");
    absl::StrAppend(&out, "      ", finding.message().empty() ? finding.title() : finding.message(), "\n");
    absl::StrAppend(&out, "      ", internal::CitationText(finding, language), "\n");
    if (!finding.remediation().empty()) absl::StrAppend(&out, "      ", labels.remediation, labels.colon, finding.remediation(), "\n");
    if (finding.has_waiver() && !finding.waiver().expired()) {
      absl::StrAppend(&out, "      ", labels.waived_by, " ", finding.waiver().approver(), labels.colon,
                      finding.waiver().reason(), " (", internal::DateText(report, finding.waiver().expires_at()),
                      ")\n");
    }
  };
  const base::ReportFindings findings(report, compact_findings);
  if (options.verbose) {
    findings.ForEach(show);
  } else {
    // Passing findings are not shown: those kept compactly are skipped unread.
    findings.ForEachWithStatus(
        [](Finding::Status status) { return status != Finding::PASS && status != Finding::NOT_APPLICABLE; }, show);
  }
  if (shown == 0) absl::StrAppend(&out, "  ", labels.nothing_to_report, "\n");
  if (report.warnings_size() > 0) {
    absl::StrAppend(&out, "\n", labels.warnings, "\n");
    for (const v1::ReportWarning& warning : report.warnings()) absl::StrAppend(&out, "  ", warning.message(), "\n");
  }
  if (report.has_timing()) {
    const v1::Timing& timing = report.timing();
    absl::StrAppend(&out, "\n", labels.evaluation, labels.colon, Milliseconds(timing.evaluation_micros(), french));
    if (timing.rules_size() > 0) out += labels.slowest_rules;
    out += "\n";
    for (int i = 0; i < std::min(timing.rules_size(), kSlowestRulesShown); ++i) {
      const v1::RuleTiming& rule = timing.rules(i);
      absl::StrAppend(&out, "  ", rule.rule_id(), "  ", Milliseconds(rule.micros(), french), "  ", rule.steps(), " ",
                      labels.steps, "\n");
    }
  }
  return out;
}

}  // namespace hdsc::report
