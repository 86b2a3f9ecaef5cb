// `hdscheck evidence hash DIR`: the SHA-256 of every file under a directory, to record in a dossier.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "lib/report/evidence.h"
#include "lib/report/json_writer.h"

namespace hdsc::cli {
namespace {

constexpr int kExitCannotRun = 2;

constexpr char kEvidenceHelp[] =
    R"(usage: hdscheck evidence hash [--json] DIR

Prints the SHA-256 of every regular file under DIR (symbolic links are not
followed), sorted by path, as `sha256  path` lines (the format of sha256sum,
so `sha256sum -c` can check them), or with --json as a list of
{"location": ..., "sha256": ...} objects to paste into a dossier's `evidence`
records. Paths are relative to DIR: run `hdscheck check --evidence-root DIR`
to have the checker compare them with the files.

exit codes:
  0   digests printed
  2   DIR cannot be read
  64  bad command line
)";

}  // namespace

int RunEvidence(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
    out << kEvidenceHelp;
    return kExitOk;
  }
  if (args.empty() || args[0] != "hash") {
    err << "hdscheck evidence: expected `hash` (see --help)\n";
    return kExitUsage;
  }
  bool json = false;
  std::string dir;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "-h" || args[i] == "--help") {
      out << kEvidenceHelp;
      return kExitOk;
    } else if (!args[i].empty() && args[i][0] == '-') {
      err << "hdscheck evidence hash: unknown option " << args[i] << " (see --help)\n";
      return kExitUsage;
    } else if (dir.empty()) {
      dir = args[i];
    } else {
      err << "hdscheck evidence hash: one directory at a time\n";
      return kExitUsage;
    }
  }
  if (dir.empty()) {
    err << "hdscheck evidence hash: no directory given (see --help)\n";
    return kExitUsage;
  }
  absl::StatusOr<std::vector<report::FileDigest>> digests = report::HashDirectory(dir);
  if (!digests.ok()) {
    err << "hdscheck evidence hash: " << digests.status().message() << "\n";
    return kExitCannotRun;
  }
  if (json) {
    report::internal::Json list = report::internal::Json::Array();
    for (const report::FileDigest& digest : *digests) {
      report::internal::Json& entry = list.Push(report::internal::Json::Object());
      entry.Set("location", digest.path);
      entry.Set("sha256", digest.sha256);
    }
    out << list.Serialize();
  } else {
    for (const report::FileDigest& digest : *digests) out << digest.sha256 << "  " << digest.path << "\n";
  }
  return kExitOk;
}

}  // namespace hdsc::cli
