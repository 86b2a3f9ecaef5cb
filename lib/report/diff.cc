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

bool IsFailure(v1::Finding::Status status) { return status == v1::Finding::FAIL || status == v1::Finding::ERROR; }

bool IsFailure(const v1::Finding& finding) { return IsFailure(finding.status()); }

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

namespace {

// The keys of the failures of `report`.
std::set<Key> FailureKeys(const v1::Report& report) {
  std::set<Key> keys;
  for (const v1::Finding& finding : report.findings()) {
    if (IsFailure(finding)) keys.insert(KeyOf(finding));
  }
  return keys;
}

// The failures of `old_report` that no longer fail in `new_report` (with `new_compact`, its findings kept apart).
std::vector<ReportDiff::Fixed> FixedFailures(const v1::Report& old_report, const v1::Report& new_report,
                                             const base::CompactFindings* new_compact) {
  // The new report's own findings by key; those kept compactly are looked up one at a time.
  std::map<Key, v1::Finding::Status> new_status;
  for (const v1::Finding& finding : new_report.findings()) new_status.emplace(KeyOf(finding), finding.status());
  std::vector<ReportDiff::Fixed> fixed;
  for (const v1::Finding& finding : old_report.findings()) {
    if (!IsFailure(finding)) continue;
    auto it = new_status.find(KeyOf(finding));
    v1::Finding::Status now = it == new_status.end() ? v1::Finding::STATUS_UNSPECIFIED : it->second;
    if (it == new_status.end() && new_compact != nullptr) {
      now = new_compact->Find(finding.rule_id(), finding.subject_id(), finding.subject());
    }
    if (IsFailure(now)) continue;
    fixed.push_back({finding, now});
  }
  return fixed;
}

}  // namespace

ReportDiff DiffReports(const v1::Report& old_report, const v1::Report& new_report,
                       const base::CompactFindings* new_compact) {
  const std::set<Key> old_failures = FailureKeys(old_report);
  ReportDiff diff;
  base::ReportFindings(new_report, new_compact)
      .ForEachWithStatus([](v1::Finding::Status status) { return IsFailure(status); },
                         [&](const v1::Finding& finding) {
                           if (old_failures.count(KeyOf(finding)) > 0) {
                             diff.unchanged.push_back(finding);
                           } else {
                             diff.new_failures.push_back(finding);
                           }
                         });
  diff.fixed = FixedFailures(old_report, new_report, new_compact);
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

int MarkBaseline(const v1::Report& baseline, v1::Report* report, base::CompactFindings* compact) {
  const std::set<Key> old_failures = FailureKeys(baseline);
  int64_t new_failures = 0;
  int marked = 0;
  // Whether `finding`, a failure, was one in the baseline; counts it either way.
  auto unchanged = [&](const v1::Finding& finding) {
    const bool known = old_failures.count(KeyOf(finding)) > 0;
    if (known) {
      ++marked;
    } else {
      ++new_failures;
    }
    return known;
  };
  for (v1::Finding& finding : *report->mutable_findings()) {
    if (IsFailure(finding) && unchanged(finding)) finding.set_in_baseline(true);
  }
  if (compact != nullptr) {
    // A rule's findings of one status at a time, those that are no failures skipped unread.
    v1::Finding scratch;
    for (size_t i = 0; i < compact->size();) {
      v1::Finding::Status status;
      size_t group_end = 0;
      compact->RuleOf(i, &status, &group_end);
      if (!IsFailure(status)) {
        i = group_end;
        continue;
      }
      for (; i < group_end; ++i) {
        base::CompactFindings::Materialize(compact->Get(i), &scratch);
        if (unchanged(scratch)) compact->MarkInBaseline(i);
      }
    }
  }
  v1::BaselineChanges* changes = report->mutable_baseline_changes();
  changes->set_new_failures(new_failures);
  changes->set_unchanged_failures(marked);
  for (const ReportDiff::Fixed& fixed : FixedFailures(baseline, *report, compact)) {
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

bool HasNewFailureAtOrAbove(const v1::Report& report, v1::Rule::Severity threshold,
                            const base::CompactFindings* compact) {
  bool found = false;
  base::ReportFindings(report, compact).ForEachWithStatus(
      [&](v1::Finding::Status status) { return !found && IsFailure(status); },
      [&](const v1::Finding& finding) {
        found = found || (!finding.in_baseline() && finding.severity() >= threshold);
      });
  return found;
}

}  // namespace hdsc::report
