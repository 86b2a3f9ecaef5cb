// The subcommands of `hdscheck`. Each is a function from its arguments (after the subcommand name)
// to the process exit code, writing to the given streams.
#ifndef HDSC_CLI_COMMAND_H_
#define HDSC_CLI_COMMAND_H_

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {

// Exit codes shared by every subcommand. A subcommand may define more (documented in its --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;  // bad command line (sysexits EX_USAGE)

struct Command {
  const char* name;
  const char* summary;     // one line, for `hdscheck --help`
  const char* summary_fr;  // the same in French, for `hdscheck help --lang fr`
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

int RunInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunRules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunVerify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunEvidence(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunHelp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// "1 file", "2 files".
std::string Plural(size_t count, std::string_view singular, std::string_view plural);

// `status` with `prefix` before its message ("--baseline: "), for an error that needs saying where it comes from.
absl::Status Prefixed(std::string_view prefix, const absl::Status& status);

// Prints a call that failed in `hdscheck COMMAND` on `err`: the located problems `status` carries, one a line
// (`file:line:col: ...`), then `hdscheck COMMAND: ` and what `summarize` says of them; or, when it carries none
// (or there is no `summarize`), `hdscheck COMMAND: ` and the status message.
void PrintError(std::string_view command, const absl::Status& status, std::ostream& err,
                const std::function<std::string(const std::vector<Diagnostic>&)>& summarize = nullptr);

// Writes `content` to `path`, replacing it; PERMISSION_DENIED naming the path when it cannot.
absl::Status WriteFile(const std::string& path, const std::string& content);

// Prints `problems` on `out`, one a line.
void PrintDiagnostics(const std::vector<Diagnostic>& problems, std::ostream& out);

}  // namespace hdsc::cli

#endif  // HDSC_CLI_COMMAND_H_
