#include "lib/report/diff.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/findings.h"
#include "lib/io/read.h"

namespace hdsc::report {
namespace {

using Key = std::string;

Key KeyOf(const v1::Finding& finding) { return base::FindingKey(finding); }

std::string Line(const char* label, const v1::Finding& finding, const std::string& suffix = "") {
  std::string severity =
      finding.severity() == v1::Rule::SEVERITY_UNSPECIFIED ? "-" : v1::Rule::Severity_Name(finding.severity());
  return absl::StrCat(label, "  ", v1::Finding::Status_Name(finding.status()), "  ", severity, "  ",
                      finding.rule_id(), "  ", finding.subject().empty() ? "dossier" : finding.subject(),
                      finding.subject_id().empty() ? "" : absl::StrCat(" ", finding.subject_id()),
                      finding.message().empty() ? "" : absl::StrCat("  ", finding.message()), suffix, "\n");
}

}  // namespace

bool IsFailure(const v1::Finding& finding) {
  return finding.status() == v1::Finding::FAIL || finding.status() == v1::Finding::ERROR;
}

absl::StatusOr<v1::Report> ParseReportJson(std::string_view json, std::string_view name) {
  v1::Report report;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  google::protobuf::util::Status status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &report, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(absl::string_view(name.data(), name.size()), ": not a JSON report (", status.message().as_string(), ")"));
  }
  return report;
}

absl::StatusOr<v1::Report> ReadReportFile(const std::string& path) {
  absl::StatusOr<std::string> bytes = io::ReadFileContents(path, io::kDefaultMaxBytes);
  if (!bytes.ok()) return bytes.status();
  return ParseReportJson(*bytes, path);
}

ReportDiff DiffReports(const v1::Report& old_report, const v1::Report& new_report,
                       const base::CompactFindings* new_passing) {
  std::set<Key> old_failures;
  for (const v1::Finding& finding : old_report.findings()) {
    if (IsFailure(finding)) old_failures.insert(KeyOf(finding));
  }
  std::map<Key, v1::Finding::Status> new_status;
  for (const v1::Finding& finding : new_report.findings()) new_status.emplace(KeyOf(finding), finding.status());

  ReportDiff diff;
  for (const v1::Finding& finding : new_report.findings()) {
    if (!IsFailure(finding)) continue;
    if (old_failures.count(KeyOf(finding)) > 0) {
      diff.unchanged.push_back(finding);
    } else {
      diff.new_failures.push_back(finding);
    }
  }
  for (const v1::Finding& finding : old_report.findings()) {
    if (!IsFailure(finding)) continue;
    auto it = new_status.find(KeyOf(finding));
    v1::Finding::Status now = it == new_status.end() ? v1::Finding::STATUS_UNSPECIFIED : it->second;
    if (it == new_status.end() && new_passing != nullptr) {
      now = new_passing->Find(finding.rule_id(), finding.subject_id(), finding.subject());
    }
    if (now == v1::Finding::FAIL || now == v1::Finding::ERROR) continue;
    diff.fixed.push_back({finding, now});
  }
  return diff;
}

std::string RenderDiffText(const ReportDiff& diff) {
  std::string out = absl::StrCat(diff.new_failures.size(), " new, ", diff.fixed.size(), " fixed, ",
                                 diff.unchanged.size(), " unchanged failures\n");
  for (const v1::Finding& finding : diff.new_failures) absl::StrAppend(&out, Line("NEW      ", finding));
  for (const ReportDiff::Fixed& fixed : diff.fixed) {
    const std::string now = fixed.now == v1::Finding::STATUS_UNSPECIFIED
                                ? "  (no longer checked)"
                                : absl::StrCat("  (now ", v1::Finding::Status_Name(fixed.now), ")");
    absl::StrAppend(&out, Line("FIXED    ", fixed.old_finding, now));
  }
  for (const v1::Finding& finding : diff.unchanged) absl::StrAppend(&out, Line("UNCHANGED", finding));
  return out;
}

int MarkBaseline(const v1::Report& baseline, v1::Report* report, const base::CompactFindings* passing) {
  const ReportDiff diff = DiffReports(baseline, *report, passing);
  std::set<Key> unchanged;
  for (const v1::Finding& finding : diff.unchanged) unchanged.insert(KeyOf(finding));
  int marked = 0;
  for (v1::Finding& finding : *report->mutable_findings()) {
    if (IsFailure(finding) && unchanged.count(KeyOf(finding)) > 0) {
      finding.set_in_baseline(true);
      ++marked;
    }
  }
  v1::BaselineChanges* changes = report->mutable_baseline_changes();
  changes->set_new_failures(static_cast<int64_t>(diff.new_failures.size()));
  changes->set_unchanged_failures(marked);
  for (const ReportDiff::Fixed& fixed : diff.fixed) {
    v1::FixedFailure* entry = changes->add_fixed();
    entry->set_rule_id(fixed.old_finding.rule_id());
    entry->set_subject(fixed.old_finding.subject());
    entry->set_subject_id(fixed.old_finding.subject_id());
    entry->set_severity(fixed.old_finding.severity());
    entry->set_title(fixed.old_finding.title());
    entry->set_now(fixed.now);
  }
  return marked;
}

bool HasNewFailureAtOrAbove(const v1::Report& report, v1::Rule::Severity threshold) {
  for (const v1::Finding& finding : report.findings()) {
    if (IsFailure(finding) && !finding.in_baseline() && finding.severity() >= threshold) return true;
  }
  return false;
}

}  // namespace hdsc::report
