// Test helper: runs a subcommand and captures what it prints.
#ifndef HDSC_CLI_COMMAND_TESTING_H_
#define HDSC_CLI_COMMAND_TESTING_H_

#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace hdsc::cli {

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `run` (one of the `Run*` functions of command.h) with `args`, capturing its standard output and error.
inline Outcome RunCommand(int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err),
                          const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int exit_code = run(args, out, err);
  return Outcome{exit_code, out.str(), err.str()};
}

}  // namespace hdsc::cli

#endif  // HDSC_CLI_COMMAND_TESTING_H_
