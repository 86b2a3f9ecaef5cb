// `hdscheck test`: run the rule fixtures of a pack directory.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "cli/pack_paths.h"
#include "lib/check/fixture.h"
#include "lib/io/diagnostic.h"
#include "lib/rules/pack.h"

namespace hdsc::cli {
namespace {

constexpr int kExitFixturesFailed = 1;  // an expectation does not hold, or a rule lacks fixtures
constexpr int kExitCannotRun = 2;       // a pack or fixture file is broken or missing

constexpr char kTestHelp[] =
    R"(usage: hdscheck test [OPTIONS] DIR...

Runs the rule fixtures below each DIR: every `*_test.textpb` file, each a list of
`fixture { name now dossier { ... } expect { rule_id subject status } }`
(lib/model/fixture.proto), against the packs (`*.textpb`) below the same DIRs.
Each fixture runs only the rules it names; each expectation must match the
finding of that rule on that subject. Every rule below DIR must also be covered:
a fixture expecting PASS, one expecting FAIL, and one expecting NOT_APPLICABLE
when the rule has a `when` (rules of --rules packs need not be). Failures are
printed as file:line:col: message.

options:
  --rules PATH        more rule packs the tested ones need, for their frameworks,
                      parameters or profiles (repeatable)
  --no-coverage       do not require PASS/FAIL/N/A fixtures for every rule
  -h, --help          show this help

exit codes:
  0   every expectation holds and every rule is covered
  1   an expectation does not hold, or a rule lacks a fixture
  2   a pack or fixture file is missing or broken
  64  bad command line
)";

}  // namespace

int RunTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> dirs;
  std::vector<std::string> extra_packs;
  check::FixtureRunOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string value;
    bool missing = false;
    if (arg == "-h" || arg == "--help") {
      out << kTestHelp;
      return kExitOk;
    } else if (TakeFlagValue(args, &i, "--rules", "test", &value, &missing, err)) {
      extra_packs.push_back(value);
    } else if (arg == "--no-coverage") {
      options.require_coverage = false;
    } else if (!arg.empty() && arg[0] == '-') {
      err << "hdscheck test: unknown option " << arg << " (see --help)\n";
      return kExitUsage;
    } else {
      dirs.push_back(arg);
    }
    if (missing) return kExitUsage;
  }
  if (dirs.empty()) {
    err << "hdscheck test: no directory given (see --help)\n";
    return kExitUsage;
  }
  // Coverage is required of the rules under test, not of those of `--rules` packs.
  absl::StatusOr<std::vector<rules::PackSource>> packs = rules::ReadPackSources(dirs);
  if (!packs.ok()) {
    err << "hdscheck test: " << packs.status().message() << "\n";
    return kExitCannotRun;
  }
  for (const rules::PackSource& pack : *packs) options.coverage_files.push_back(pack.path);
  options.packs = *std::move(packs);
  if (!extra_packs.empty()) {
    absl::StatusOr<std::vector<rules::PackSource>> extra = rules::ReadPackSources(extra_packs);
    if (!extra.ok()) {
      err << "hdscheck test: " << extra.status().message() << "\n";
      return kExitCannotRun;
    }
    // A directory under test may also be below a `--rules` directory: load each file once.
    for (rules::PackSource& pack : *extra) {
      const bool loaded = std::any_of(options.packs.begin(), options.packs.end(),
                                      [&pack](const rules::PackSource& other) { return other.path == pack.path; });
      if (!loaded) options.packs.push_back(std::move(pack));
    }
  }
  for (const std::string& dir : dirs) {
    absl::StatusOr<std::vector<std::string>> files = rules::FindFixtureFiles(dir);
    if (!files.ok()) {
      err << "hdscheck test: " << files.status().message() << "\n";
      return kExitCannotRun;
    }
    for (const std::string& file : *files) {
      absl::StatusOr<std::vector<rules::PackSource>> fixture = rules::ReadPackSources({file});
      if (!fixture.ok()) {
        err << "hdscheck test: " << fixture.status().message() << "\n";
        return kExitCannotRun;
      }
      options.fixtures.insert(options.fixtures.end(), fixture->begin(), fixture->end());
    }
  }
  if (options.fixtures.empty()) {
    err << "hdscheck test: no *_test.textpb fixture file below " << dirs.front() << "\n";
    return kExitCannotRun;
  }

  std::vector<io::Diagnostic> problems;
  absl::StatusOr<check::FixtureRunResult> result = check::RunFixtures(options, &problems);
  if (!result.ok()) {
    for (const io::Diagnostic& problem : problems) err << problem.ToString() << "\n";
    err << "hdscheck test: " << result.status().message() << "\n";
    return kExitCannotRun;
  }
  for (const io::Diagnostic& failure : result->failures) out << failure.ToString() << "\n";
  out << result->fixtures << " fixtures, " << result->expectations << " expectations, " << options.packs.size()
      << " pack files: " << (result->ok() ? "all passed"
                     : std::to_string(result->failures.size()) +
                           (result->failures.size() == 1 ? " failure" : " failures"))
      << "\n";
  return result->ok() ? kExitOk : kExitFixturesFailed;
}

}  // namespace hdsc::cli
