// hdscheck: the command-line checker. `hdscheck --help` lists the subcommands.
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/help.h"

namespace hdsc::cli {
namespace {

int Main(int argc, char** argv) {
  // `bazel run` starts the binary in its runfiles tree; relative paths on the command line are
  // meant relative to where the user typed the command.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && chdir(dir) != 0) {
    std::cerr << "hdscheck: cannot change to BUILD_WORKING_DIRECTORY " << dir << "\n";
    return kExitUsage;
  }
  if (argc < 2) {
    PrintUsage("en", std::cerr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h") {
    PrintUsage("en", std::cout);
    return kExitOk;
  }
  if (name == "--version") return PrintVersion(std::cout, std::cerr);
  for (const Command& command : Commands()) {
    if (name == command.name) {
      return command.run(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
    }
  }
  std::cerr << "hdscheck: unknown command '" << name << "'\n";
  PrintUsage("en", std::cerr);
  return kExitUsage;
}

}  // namespace
}  // namespace hdsc::cli

int main(int argc, char** argv) {
  // Nothing thrown ends the process with an abort: memory running out is a message and the exit code of every
  // command that could not run.
  constexpr int kExitCannotRun = 2;
  try {
    return hdsc::cli::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "hdscheck: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "hdscheck: unexpected failure: " << e.what() << "\n";
  }
  return kExitCannotRun;
}
