// Comparing two reports run to run, and baselines: which failures are new, fixed or unchanged. A failure is a
// FAIL or ERROR finding; findings are matched by rule id and subject path.
#ifndef HDSC_LIB_REPORT_DIFF_H_
#define HDSC_LIB_REPORT_DIFF_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/base/compact_findings.h"
#include "lib/model/report.pb.h"

namespace hdsc::report {

// Whether `finding` is a failure: FAIL or ERROR (WAIVED is not).
bool IsFailure(const v1::Finding& finding);
bool IsFailure(v1::Finding::Status status);

// Parses a report written by `hdscheck check --format json` (the protobuf JSON mapping). INVALID_ARGUMENT naming
// `name` when it is not one.
absl::StatusOr<v1::Report> ParseReportJson(std::string_view json, std::string_view name);

// Reads and parses the report file at `path`; NOT_FOUND and the like from reading, as `io::ReadFileContents`.
absl::StatusOr<v1::Report> ReadReportFile(const std::string& path);

struct ReportDiff {
  // Failing in the new report, not in the old one.
  std::vector<v1::Finding> new_failures;
  // Failing in the old report, not in the new one; `now` holds the new finding's status, or STATUS_UNSPECIFIED
  // when the new report has no finding for that rule and subject.
  struct Fixed {
    v1::Finding old_finding;
    v1::Finding::Status now = v1::Finding::STATUS_UNSPECIFIED;
  };
  std::vector<Fixed> fixed;
  // Failing in both (the new report's finding).
  std::vector<v1::Finding> unchanged;
};

// Compares the failures of `old_report` and `new_report`; each list keeps its report's order. `new_compact` holds
// the findings of the new report kept apart from it (null for none).
ReportDiff DiffReports(const v1::Report& old_report, const v1::Report& new_report,
                       const base::CompactFindings* new_compact = nullptr);

// The diff for a person: counts, then NEW, FIXED and UNCHANGED lines (`STATUS SEVERITY RULE SUBJECT message`).
std::string RenderDiffText(const ReportDiff& diff);

// Sets `in_baseline` on every failure of `report` (and of `compact`, its findings kept apart; null for none) that
// also fails in `baseline`, and `report.baseline_changes` (new, unchanged and fixed failures); returns how many
// were marked.
int MarkBaseline(const v1::Report& baseline, v1::Report* report, base::CompactFindings* compact = nullptr);

// Whether `report` (with `compact`, its findings kept apart; null for none) has a FAIL or ERROR finding of severity
// `threshold` or worse that is not `in_baseline`: the exit-code test of `hdscheck check --baseline`.
bool HasNewFailureAtOrAbove(const v1::Report& report, v1::Rule::Severity threshold,
                            const base::CompactFindings* compact = nullptr);

}  // namespace hdsc::report

#endif  // HDSC_LIB_REPORT_DIFF_H_
