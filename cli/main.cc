// hdscheck: the command-line checker. `hdscheck --help` lists the subcommands.
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitCannotRun = 2;  // --version: the bundled packs do not load

constexpr Command kCommands[] = {
    {"validate", "check that dossier files load and are consistent", RunValidate},
    {"convert", "write a dossier in another format: JSON, textproto, binary, .xlsx, .ods", RunConvert},
    {"check", "check a dossier against the rule packs and print a report", RunCheck},
    {"rules", "list the rules of the packs, or show one", RunRules},
    {"test", "run the rule fixtures of pack directories", RunTest},
    {"eval", "evaluate a CEL expression, optionally over a dossier", RunEval},
    {"diff", "compare two JSON reports: new, fixed and unchanged failures", RunDiff},
    {"verify", "verify the detached signature of a JSON report", RunVerify},
    {"evidence", "print the SHA-256 of evidence files (evidence hash DIR)", RunEvidence},
};

void PrintUsage(std::ostream& out) {
  out << "usage: hdscheck COMMAND [ARGS...]\n\ncommands:\n";
  for (const Command& command : kCommands) {
    out << "  " << std::left << std::setw(12) << command.name << command.summary << "\n";
  }
  out << "\n`hdscheck COMMAND --help` describes a command and its exit codes; `hdscheck --version` the release,\n"
         "its ABI and the rule packs in use.\n";
}

// The release, the C ABI version, and the bundled rule packs with the digest that identifies them in reports.
int PrintVersion(std::ostream& out, std::ostream& err) {
  out << "hdscheck " << kVersion << "\nlibhdsc ABI " << kAbiVersion << "\n";
  const std::string packs = DefaultRulesDir();
  if (packs.empty()) {
    out << "rule packs: none found (give --rules, or set HDSC_RULES_DIR)\n";
    return kExitOk;
  }
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Compile(CompileOptions());
  if (!checker.ok()) {
    err << "hdscheck: the rule packs in " << packs << " do not load: " << checker.status().message() << "\n";
    return kExitCannotRun;
  }
  out << "rule packs: " << packs << " (" << (*checker)->Rules()->size() << " rules, sha256 "
      << (*checker)->PacksDigest() << ")\n";
  return kExitOk;
}

int Main(int argc, char** argv) {
  // `bazel run` starts the binary in its runfiles tree; relative paths on the command line are
  // meant relative to where the user typed the command.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && chdir(dir) != 0) {
    std::cerr << "hdscheck: cannot change to BUILD_WORKING_DIRECTORY " << dir << "\n";
    return kExitUsage;
  }
  if (argc < 2) {
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (name == "--version") return PrintVersion(std::cout, std::cerr);
  for (const Command& command : kCommands) {
    if (name == command.name) {
      return command.run(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
    }
  }
  std::cerr << "hdscheck: unknown command '" << name << "'\n";
  PrintUsage(std::cerr);
  return kExitUsage;
}

}  // namespace
}  // namespace hdsc::cli

int main(int argc, char** argv) { return hdsc::cli::Main(argc, argv); }
