// The subcommands of `hdscheck`. Each is a function from its arguments (after the subcommand name)
// to the process exit code, writing to the given streams.
#ifndef HDSC_CLI_COMMAND_H_
#define HDSC_CLI_COMMAND_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace hdsc::cli {

// Exit codes shared by every subcommand. A subcommand may define more (documented in its --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 64;  // bad command line (sysexits EX_USAGE)

struct Command {
  const char* name;
  const char* summary;  // one line, for `hdscheck --help`
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunRules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunVerify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunEvidence(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace hdsc::cli

#endif  // HDSC_CLI_COMMAND_H_
