// Rule fixtures: dossier fragments with the findings rules must produce on them (lib/model/fixture.proto). They are
// how rule packs are unit-tested: `hdscheck test controls/` runs them, and so does the test suite.
#ifndef HDSC_LIB_CHECK_FIXTURE_H_
#define HDSC_LIB_CHECK_FIXTURE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/io/diagnostic.h"
#include "lib/rules/pack.h"

namespace hdsc::check {

struct FixtureRunOptions {
  // The packs the fixtures exercise.
  std::vector<rules::PackSource> packs;
  // Fixture files (`*_test.textpb`), each a `hdsc.v1.FixtureFile` in text format.
  std::vector<rules::PackSource> fixtures;
  // Require every rule of the packs to have an expectation of PASS and of FAIL, and of NOT_APPLICABLE when it has
  // a `when`, somewhere in the fixtures.
  bool require_coverage = true;
  // When not empty, coverage is required only of the rules defined in these pack files (the packs under test, as
  // opposed to packs loaded only because they define frameworks or parameters the tested ones use).
  std::vector<std::string> coverage_files;
};

struct FixtureRunResult {
  int fixtures = 0;
  int expectations = 0;
  // One per expectation that did not hold, per fixture that could not run, and per rule lacking coverage:
  // `file:line:col: message` where the place is known.
  std::vector<io::Diagnostic> failures;

  bool ok() const { return failures.empty(); }
};

// Runs every fixture. The status is an error only when nothing can run: the packs do not load (then `diagnostics`
// lists their problems) or a fixture file does not parse (also listed in `diagnostics`).
absl::StatusOr<FixtureRunResult> RunFixtures(const FixtureRunOptions& options,
                                             std::vector<io::Diagnostic>* diagnostics);

}  // namespace hdsc::check

#endif  // HDSC_LIB_CHECK_FIXTURE_H_
