// `hdscheck verify`: checks the detached signature of a JSON report.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "cli/pack_paths.h"
#include "lib/io/read.h"
#include "lib/report/signature.h"

namespace hdsc::cli {
namespace {

constexpr int kExitNotVerified = 1;
constexpr int kExitCannotRun = 2;

constexpr char kVerifyHelp[] =
    R"(usage: hdscheck verify REPORT.json SIGNATURE --pubkey PUB.pem

Verifies a report signed by `hdscheck check --sign KEY.pem` (REPORT.json and
REPORT.json.sig) with the signer's public key (Ed25519 or ECDSA P-256, PEM).
Prints "verified" or says what failed: the report was modified after signing,
it was signed with another key, the key is of the wrong type, or the
signature itself was altered.

exit codes:
  0   the signature is valid for this report and key
  1   it is not (the reason is printed)
  2   a file cannot be read, or the signature file or key is malformed
  64  bad command line
)";

}  // namespace

int RunVerify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  std::string pubkey_path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool missing = false;
    if (arg == "-h" || arg == "--help") {
      out << kVerifyHelp;
      return kExitOk;
    } else if (TakeFlagValue(args, &i, "--pubkey", "verify", &pubkey_path, &missing, err)) {
    } else if (!arg.empty() && arg[0] == '-') {
      err << "hdscheck verify: unknown option " << arg << " (see --help)\n";
      return kExitUsage;
    } else {
      paths.push_back(arg);
    }
    if (missing) return kExitUsage;
  }
  if (paths.size() != 2 || pubkey_path.empty()) {
    err << "hdscheck verify: expected REPORT.json SIGNATURE --pubkey PUB.pem (see --help)\n";
    return kExitUsage;
  }
  std::vector<std::string> contents;
  for (const std::string& path : {paths[0], paths[1], pubkey_path}) {
    absl::StatusOr<std::string> bytes = io::ReadFileContents(path, io::kDefaultMaxBytes);
    if (!bytes.ok()) {
      err << "hdscheck verify: unreadable file: " << bytes.status().message() << "\n";
      return kExitCannotRun;
    }
    contents.push_back(*std::move(bytes));
  }
  const absl::Status verified = report::VerifyReportSignature(contents[0], contents[1], contents[2]);
  if (verified.ok()) {
    out << paths[0] << ": verified\n";
    return kExitOk;
  }
  err << "hdscheck verify: " << paths[0] << ": " << verified.message() << "\n";
  return verified.code() == absl::StatusCode::kInvalidArgument ? kExitCannotRun : kExitNotVerified;
}

}  // namespace hdsc::cli
