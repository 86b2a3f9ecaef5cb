// `hdscheck diff`: the failures that are new, fixed and unchanged between two JSON reports.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "lib/report/diff.h"

namespace hdsc::cli {
namespace {

constexpr int kExitNewFailures = 1;
constexpr int kExitCannotRun = 2;

constexpr char kDiffHelp[] =
    R"(usage: hdscheck diff OLD.json NEW.json

Compares two reports written by `hdscheck check --format json` and lists the
failures (FAIL or ERROR findings) that are new, fixed and unchanged. Findings
are matched by rule id and subject path (e.g. GDPR-33-1 on breaches[2]); a
failure is fixed when NEW has it as PASS, N/A or WAIVED, or no longer has it.

output: a count line, then one line per failure:
  NEW|FIXED|UNCHANGED  STATUS  SEVERITY  RULE  SUBJECT [ID]  message

exit codes:
  0   no new failure
  1   at least one new failure
  2   a report cannot be read or is not a JSON report
  64  bad command line
)";

}  // namespace

int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  for (const std::string& arg : args) {
    if (arg == "-h" || arg == "--help") {
      out << kDiffHelp;
      return kExitOk;
    }
    if (!arg.empty() && arg[0] == '-') {
      err << "hdscheck diff: unknown option " << arg << " (see --help)\n";
      return kExitUsage;
    }
    paths.push_back(arg);
  }
  if (paths.size() != 2) {
    err << "hdscheck diff: expected OLD.json NEW.json (see --help)\n";
    return kExitUsage;
  }
  absl::StatusOr<v1::Report> old_report = report::ReadReportFile(paths[0]);
  absl::StatusOr<v1::Report> new_report = report::ReadReportFile(paths[1]);
  for (const absl::StatusOr<v1::Report>* each : {&old_report, &new_report}) {
    if (!each->ok()) {
      err << "hdscheck diff: " << each->status().message() << "\n";
      return kExitCannotRun;
    }
  }
  const report::ReportDiff diff = report::DiffReports(*old_report, *new_report);
  out << report::RenderDiffText(diff);
  return diff.new_failures.empty() ? kExitOk : kExitNewFailures;
}

}  // namespace hdsc::cli
