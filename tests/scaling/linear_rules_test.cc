// Every bundled rule's work grows linearly with the dossier. A rule that scans a joined list for each record (every
// activity scanning all processors) does 16x the work for 4x the records; this test counts the evaluation steps of
// each rule (comprehension steps, message templates included, plus one step per element of each join index built;
// see lib/expr/index.h) on synthetic dossiers of N and 4N records whose records refer to each other, and fails when
// one grows more than 5x. Counting steps instead of timing keeps it deterministic.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "bench/synthetic_dossier.h"
#include "gtest/gtest.h"
#include "lib/check/checker.h"

namespace hdsc {
namespace {

constexpr int64_t kRecords = 800;
// Rules whose steps stay this small at 4N are left alone: a handful of steps more is no trend.
constexpr int64_t kNegligibleSteps = 200;
// The rules that join one list of the dossier with another, each with a comment saying what the synthetic dossier
// must hold for the join to run. The test fails if one of them does no work, so that it cannot pass vacuously.
constexpr const char* kJoinRules[] = {
    "FR-HOST-1",   // activities with a notice and health data -> their processors
    "GDPR-33-1",   // breaches at risk -> their activities
    "GDPR-33-2",   // breaches -> their activities
    "GDPR-34-1",   // high-risk breaches -> their activities
    "ISO-SOA-5",   // implemented SoA entries -> their evidence
    "ISO-SOA-6",   // ... -> evidence with a valid digest
    "ISO-SOA-7",   // ... -> evidence still valid
    "SEC-DIR-1",   // directories -> their network zone
    "SEC-MED-1",   // connected medical devices -> their network zone
    "SEC-MED-2",
    "SEC-BKP-6",   // critical databases holding health data -> the backups covering them
    "ISO-DOSSIER-BACKUPS",  // backups -> the assets they cover
};

std::map<std::string, int64_t> StepsByRule(const check::Checker& checker, int64_t records,
                                           const std::string& language) {
  std::map<std::string, int64_t> steps;
  check::CheckOptions options;
  options.language = language;  // messages differ by language, and are evaluated for every FAIL
  options.now = absl::FromUnixSeconds(1'795'824'000);  // 2026-11-28, the synthetic dossier's "now"
  options.keep_passing_findings = false;
  options.record_timing = true;
  absl::StatusOr<v1::Report> report = checker.Check(bench::SyntheticDossier(records), options);
  if (!report.ok()) {
    ADD_FAILURE() << report.status();
    return steps;
  }
  EXPECT_EQ(report->counts().error(), 0);
  for (const v1::RuleTiming& rule : report->timing().rules()) steps[rule.rule_id()] = rule.steps();
  return steps;
}

class LinearRulesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LinearRulesTest, EveryBundledRuleDoesAtMostFiveTimesTheWorkForFourTimesTheRecords) {
  check::CheckerOptions options;
  options.rule_paths = {"controls"};
  absl::StatusOr<std::unique_ptr<check::Checker>> checker = check::Checker::Create(options);
  ASSERT_TRUE(checker.ok()) << checker.status();
  const std::map<std::string, int64_t> small = StepsByRule(**checker, kRecords, GetParam());
  const std::map<std::string, int64_t> large = StepsByRule(**checker, 4 * kRecords, GetParam());
  ASSERT_EQ(small.size(), large.size());
  ASSERT_GT(small.size(), 150u);  // every bundled rule ran
  for (const auto& [rule, steps] : large) {
    const int64_t before = small.at(rule);
    if (steps <= kNegligibleSteps) continue;
    EXPECT_LE(steps, 5 * before) << rule << " spent " << before << " steps for " << kRecords << " records and "
                                 << steps << " for " << 4 * kRecords;
  }
  for (const char* rule : kJoinRules) {
    ASSERT_TRUE(small.count(rule) > 0) << rule << " is not a bundled rule any more";
    EXPECT_GT(small.at(rule), 0) << rule << " did no work: the synthetic dossier no longer exercises its join";
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, LinearRulesTest, ::testing::Values("en", "fr"));

}  // namespace
}  // namespace hdsc
