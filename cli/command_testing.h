// Test helper: runs a subcommand and captures what it prints; files in the test's temporary directory.
#ifndef HDSC_CLI_COMMAND_TESTING_H_
#define HDSC_CLI_COMMAND_TESTING_H_

#include <cstdlib>
#include <fstream>
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

// `name` in the test's temporary directory.
inline std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

// Writes `contents` to `name` in the temporary directory; returns its path.
inline std::string WriteTempFile(const std::string& name, const std::string& contents) {
  const std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  return path;
}

// The contents of the file at `path` ("" when it cannot be read).
inline std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace hdsc::cli

#endif  // HDSC_CLI_COMMAND_TESTING_H_
