#include "lib/report/text.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "lib/base/findings.h"
#include "lib/base/language.h"
#include "lib/report/writers.h"

namespace hdsc::report {

using v1::Finding;

namespace {

// Labels of the report in each language.
struct Labels {
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
  // French typography puts a (non-breaking) space before a colon.
  const char* colon;
};

constexpr Labels kEnglish = {"Summary",  "requirements", "Findings that need attention",
                             "fix",      "waived by",    "Warnings",
                             "No failure, error or waiver.", "attested by", "completeness",
                             "requirements evaluated", ": "};
constexpr Labels kFrench = {"Résumé",   "exigences",   "Constats à traiter",
                            "correctif", "dérogation de", "Avertissements",
                            "Aucun échec, erreur ni dérogation.", "attesté par", "complétude",
                            "exigences évaluées", "\u00a0: "};

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

std::string Status(Finding::Status status, bool color) {
  std::string label = StatusLabel(status);
  label.resize(std::max<size_t>(label.size(), 6), ' ');
  return color ? absl::StrCat(Color(status), label, "\033[0m") : label;
}

std::string CountsLine(const v1::Counts& counts) {
  std::vector<std::string> parts;
  auto add = [&parts](int64_t n, const char* name) {
    if (n > 0) parts.push_back(absl::StrCat(n, " ", name));
  };
  add(counts.fail(), "FAIL");
  add(counts.error(), "ERROR");
  add(counts.waived(), "WAIVED");
  add(counts.manual(), "MANUAL");
  add(counts.pass(), "PASS");
  add(counts.not_applicable(), "N/A");
  std::string line = parts.empty() ? "-" : absl::StrJoin(parts, ", ");
  std::vector<std::string> severities;
  auto add_severity = [&severities](int64_t n, const char* name) {
    if (n > 0) severities.push_back(absl::StrCat(n, " ", name));
  };
  add_severity(counts.fail_critical(), "critical");
  add_severity(counts.fail_high(), "high");
  add_severity(counts.fail_medium(), "medium");
  add_severity(counts.fail_low(), "low");
  add_severity(counts.fail_info(), "info");
  if (!severities.empty()) absl::StrAppend(&line, " (FAIL: ", absl::StrJoin(severities, ", "), ")");
  return line;
}

std::string Citations(const Finding& finding) {
  std::vector<std::string> citations;
  for (const v1::Reference& reference : finding.references()) {
    citations.push_back(absl::StrCat(reference.framework(), " ", reference.citation()));
  }
  return absl::StrJoin(citations, "; ");
}

}  // namespace

std::string StatusLabel(Finding::Status status) {
  switch (status) {
    case Finding::PASS: return "PASS";
    case Finding::FAIL: return "FAIL";
    case Finding::NOT_APPLICABLE: return "N/A";
    case Finding::ERROR: return "ERROR";
    case Finding::WAIVED: return "WAIVED";
    case Finding::MANUAL: return "MANUAL";
    default: return "?";
  }
}

std::string RenderText(const v1::Report& report, const TextOptions& options) {
  const bool french = base::LanguageOrEnglish(report.language()) == base::Language::kFr;
  const Labels& labels = french ? kFrench : kEnglish;
  std::string out;
  absl::StrAppend(&out, "hdscheck ", report.dossier().path().empty() ? "-" : report.dossier().path(),
                  "  (sha256 ", report.dossier().sha256().substr(0, 12), ")\n");
  absl::StrAppend(&out, "now ", google::protobuf::util::TimeUtil::ToString(report.now()),
                  report.profile().empty() ? "" : absl::StrCat("  profile ", report.profile()), "  ",
                  report.packs_size(), " pack files\n\n");
  absl::StrAppend(&out, labels.summary, labels.colon, CountsLine(report.counts()), "\n");

  for (const v1::FrameworkSummary& framework : report.frameworks()) {
    absl::StrAppend(&out, "\n", framework.id(), "  ", framework.title(),
                    framework.version().empty() ? "" : absl::StrCat(" (", framework.version(), ")"), "\n");
    absl::StrAppend(&out, "  ", labels.requirements, labels.colon, CountsLine(framework.requirement_counts()), "\n");
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
      absl::StrAppend(&out, "  ", Status(requirement->status(), options.color), "  ", requirement->id(), "  ",
                      requirement->citation().empty() ? "" : absl::StrCat(requirement->citation(), "  "),
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
  for (const Finding& finding : report.findings()) {
    const bool passing = finding.status() == Finding::PASS || finding.status() == Finding::NOT_APPLICABLE;
    if (passing && !options.verbose) continue;
    ++shown;
    absl::StrAppend(&out, "  ", Status(finding.status(), options.color), "  ", v1::Rule::Severity_Name(finding.severity()),
                    "  ", finding.rule_id(), "  ", finding.subject().empty() ? "(dossier)" : finding.subject(),
                    finding.subject_id().empty() ? "" : absl::StrCat(" ", finding.subject_id()), "\n");
    absl::StrAppend(&out, "      ", finding.message().empty() ? finding.title() : finding.message(), "\n");
    absl::StrAppend(&out, "      ", Citations(finding), "\n");
    if (!finding.remediation().empty()) absl::StrAppend(&out, "      ", labels.remediation, labels.colon, finding.remediation(), "\n");
    if (finding.has_waiver() && !finding.waiver().expired()) {
      absl::StrAppend(&out, "      ", labels.waived_by, " ", finding.waiver().approver(), ": ", finding.waiver().reason(),
                      " (", google::protobuf::util::TimeUtil::ToString(finding.waiver().expires_at()).substr(0, 10), ")\n");
    }
  }
  if (shown == 0) absl::StrAppend(&out, "  ", labels.nothing_to_report, "\n");
  if (report.warnings_size() > 0) {
    absl::StrAppend(&out, "\n", labels.warnings, "\n");
    for (const v1::ReportWarning& warning : report.warnings()) absl::StrAppend(&out, "  ", warning.message(), "\n");
  }
  return out;
}

}  // namespace hdsc::report
