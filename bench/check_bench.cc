// Benchmarks of the Checker (lib/check): compiling packs, checking the example dossiers, and checking synthetic
// dossiers of 10 to 5,000,000 records beside the time to parse the same dossier's JSON. Figures and the command:
// bench/README.md.
//
//   bazel run -c opt //bench:check_bench
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "bench/synthetic_dossier.h"
#include "benchmark/benchmark.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/compact_findings.h"
#include "lib/check/checker.h"
#include "lib/io/load.h"
#include "lib/io/read.h"

namespace hdsc::bench {
namespace {

constexpr char kStarterPack[] = "tests/check/starter";
constexpr char kBundledPacks[] = "controls";
const absl::Time kNow = absl::FromUnixSeconds(1'795'824'000);  // 2026-11-28T00:00:00Z

// A checker over `pack`, or null (with the reason in `error`) if the pack does not load.
std::unique_ptr<check::Checker> MakeChecker(const std::string& pack, std::string* error) {
  check::CheckerOptions options;
  options.rule_paths = {pack};
  absl::StatusOr<std::unique_ptr<check::Checker>> checker = check::Checker::Create(options);
  if (!checker.ok()) {
    *error = std::string(checker.status().message());
    return nullptr;
  }
  return *std::move(checker);
}

// The synthetic dossier of `records` records and its JSON, built once per size.
struct Synthetic {
  v1::Dossier dossier;
  std::string json;
};

const Synthetic& SyntheticOfSize(int64_t records) {
  static auto* cache = new std::map<int64_t, Synthetic>();
  auto it = cache->find(records);
  if (it != cache->end()) return it->second;
  Synthetic& synthetic = (*cache)[records];
  synthetic.dossier = SyntheticDossier(records);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  google::protobuf::util::MessageToJsonString(synthetic.dossier, &synthetic.json, options);
  return synthetic;
}

void BM_CompilePacks(benchmark::State& state, const char* pack) {
  std::string error;
  for (auto _ : state) {
    std::unique_ptr<check::Checker> checker = MakeChecker(pack, &error);
    if (checker == nullptr) {
      state.SkipWithError(error.c_str());
      return;
    }
    state.counters["rules"] = static_cast<double>(checker->packs().rules().size());
    benchmark::DoNotOptimize(checker);
  }
}
BENCHMARK_CAPTURE(BM_CompilePacks, starter, kStarterPack)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CompilePacks, bundled, kBundledPacks)->Unit(benchmark::kMillisecond);

void BM_CheckExample(benchmark::State& state, const char* pack, const char* example) {
  std::string error;
  std::unique_ptr<check::Checker> checker = MakeChecker(pack, &error);
  if (checker == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossierFile(example);
  if (!loaded.ok() || !loaded->valid()) {
    state.SkipWithError("the example dossier does not load");
    return;
  }
  check::CheckOptions options;
  options.now = kNow;
  for (auto _ : state) {
    absl::StatusOr<v1::Report> report = checker->Check(loaded->dossier, options);
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK_CAPTURE(BM_CheckExample, starter_university_hospital, kStarterPack,
                  "controls/examples/university-hospital.json")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckExample, starter_private_clinic, kStarterPack, "controls/examples/private-clinic.json")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckExample, starter_hds_host, kStarterPack, "controls/examples/hds-host.json")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckExample, bundled_university_hospital, kBundledPacks,
                  "controls/examples/university-hospital.json")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckExample, bundled_private_clinic, kBundledPacks, "controls/examples/private-clinic.json")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CheckExample, bundled_hds_host, kBundledPacks, "controls/examples/hds-host.json")
    ->Unit(benchmark::kMillisecond);

// Parsing the synthetic dossier's JSON with protobuf's parser: the baseline a check should beat.
void BM_ParseJson(benchmark::State& state) {
  const Synthetic& synthetic = SyntheticOfSize(state.range(0));
  for (auto _ : state) {
    v1::Dossier dossier;
    if (!google::protobuf::util::JsonStringToMessage(synthetic.json, &dossier).ok()) {
      state.SkipWithError("the synthetic JSON does not parse");
      return;
    }
    benchmark::DoNotOptimize(dossier);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(synthetic.json.size()));
}

// Loading the same JSON with hdsc's loader: parsing with located diagnostics, then the semantic checks.
void BM_LoadDossier(benchmark::State& state) {
  const Synthetic& synthetic = SyntheticOfSize(state.range(0));
  io::LoadOptions options;
  options.max_bytes = static_cast<int64_t>(synthetic.json.size()) + 1;  // only what this input needs
  for (auto _ : state) {
    absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossier(synthetic.json, "synthetic.json", options);
    if (!loaded.ok() || !loaded->valid()) {
      const std::string reason = !loaded.ok() ? std::string(loaded.status().message())
                                              : loaded->diagnostics.front().ToString();
      state.SkipWithError(reason.c_str());
      return;
    }
    benchmark::DoNotOptimize(loaded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(synthetic.json.size()));
}

// Checks `dossier` once per iteration as hdsc::Checker::Check does: passing findings (kept when `state.range(1)` is
// not 0) kept compactly. `*last` takes the last report and `*kept_compactly` the number of findings kept compactly.
// `checker` is null when it could not be made, and `error` says why.
void RunChecks(benchmark::State& state, const check::Checker* checker, const std::string& error,
               const v1::Dossier& dossier, v1::Report* last, size_t* kept_compactly) {
  if (checker == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  check::CheckOptions options;
  options.now = kNow;
  options.keep_passing_findings = state.range(1) != 0;
  for (auto _ : state) {
    base::CompactFindings compact;
    options.compact_findings = &compact;
    absl::StatusOr<v1::Report> report = checker->Check(dossier, options);
    if (!report.ok()) {
      state.SkipWithError("the check failed");
      return;
    }
    benchmark::DoNotOptimize(report);
    *last = *std::move(report);
    *kept_compactly = compact.size();
  }
}

// A full check with the starter pack. `state.range(1)`: 1 keeps PASS and N/A findings in the report, 0 keeps what
// needs attention only (the counts are complete either way).
void BM_Check(benchmark::State& state) {
  const Synthetic& synthetic = SyntheticOfSize(state.range(0));
  std::string error;
  static std::unique_ptr<check::Checker> checker = MakeChecker(kStarterPack, &error);
  v1::Report last;
  size_t kept_compactly = 0;
  RunChecks(state, checker.get(), error, synthetic.dossier, &last, &kept_compactly);
  const v1::Counts& counts = last.counts();
  state.counters["findings"] =
      static_cast<double>(counts.pass() + counts.fail() + counts.not_applicable() + counts.error() + counts.waived());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(synthetic.json.size()));
}

// A full check with the bundled packs, whose rules join lists: each activity looks up its processors, each breach
// its activities, each SoA entry its evidence, each asset its zone and backups. `state.range(0)` is the number of
// processing activities; the dossier has five times as many records, so the joined lists grow with it. A rule that
// scans a joined list per record makes the time grow 16x for 4x the activities; a linear one, 4x. `state.range(1)`:
// 1 keeps PASS and N/A findings (the default), 0 keeps what needs attention only, which leaves out the cost of
// millions of findings and shows the rules' own.
void BM_CheckJoins(benchmark::State& state) {
  const Synthetic& synthetic = SyntheticOfSize(state.range(0) * 5);
  std::string error;
  static std::unique_ptr<check::Checker> checker = MakeChecker(kBundledPacks, &error);
  v1::Report last;
  size_t kept_compactly = 0;
  RunChecks(state, checker.get(), error, synthetic.dossier, &last, &kept_compactly);
  state.counters["activities"] = static_cast<double>(synthetic.dossier.processing_activities_size());
  state.counters["findings_kept"] = static_cast<double>(last.findings_size() + static_cast<int64_t>(kept_compactly));
}
BENCHMARK(BM_CheckJoins)
    ->ArgsProduct({{1'000, 4'000, 16'000, 64'000}, {0, 1}})
    ->ArgNames({"activities", "keep_passing"})
    ->Unit(benchmark::kMillisecond);

// Records; a synthetic dossier has one processing activity in five records, so 5,000,000 is 1,000,000 activities.
constexpr int64_t kSyntheticSizes[] = {10, 100, 1'000, 10'000, 100'000, 1'000'000, 5'000'000};

void SyntheticSizes(benchmark::internal::Benchmark* benchmark) {
  for (int64_t records : kSyntheticSizes) benchmark->Arg(records);
  benchmark->Unit(benchmark::kMillisecond);
}
void SyntheticSizesAndModes(benchmark::internal::Benchmark* benchmark) {
  for (int64_t records : kSyntheticSizes) {
    benchmark->Args({records, 0});
    benchmark->Args({records, 1});
  }
  benchmark->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_ParseJson)->Apply(SyntheticSizes);
BENCHMARK(BM_LoadDossier)->Apply(SyntheticSizes);
BENCHMARK(BM_Check)->Apply(SyntheticSizesAndModes);

}  // namespace
}  // namespace hdsc::bench
