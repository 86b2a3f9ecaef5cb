// Benchmarks of the CEL engine (lib/expr) on dossier messages, each beside the same check written
// by hand in C++ over the generated protobuf classes. Results and the command are in
// bench/README.md.
//
// Every benchmark reports `allocs/iter`: heap allocations per iteration, counted by the global
// `operator new` replacement below. Before timing, each CEL benchmark checks that the expression
// and the hand-written version agree, and fails the benchmark if they do not.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "lib/expr/cel.h"
#include "lib/model/dossier.pb.h"
#include "re2/re2.h"

// Allocation counting: every `new` in the process goes through here.
namespace {
std::atomic<int64_t> allocation_count{0};
}  // namespace

void* operator new(std::size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace hdsc::bench {
namespace {

using ::hdsc::expr::Activation;
using ::hdsc::expr::Env;
using ::hdsc::expr::EnvOptions;
using ::hdsc::expr::Program;
using ::hdsc::expr::Type;
using ::hdsc::expr::Value;
using ::hdsc::v1::Breach;
using ::hdsc::v1::Dossier;

// A rule as packs write them: GDPR Art. 33(1), notification within 72 hours.
constexpr char kTypicalRule[] =
    "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY && has(record.cnil_notified_at) && "
    "record.cnil_notified_at - record.aware_at <= duration('72h')";
constexpr char kFieldPredicate[] = "record.risk_level == RiskLevel.RISK_LEVEL_HIGH";
constexpr char kMatches[] = "record.cnil_reference.matches('^CNIL-[0-9]{4}-[0-9]{6}$')";
constexpr char kTimestampArithmetic[] =
    "record.cnil_notified_at - record.aware_at <= duration('72h')";
constexpr char kExists[] = "dossier.breaches.exists(b, b.risk_level == RiskLevel.RISK_LEVEL_HIGH)";
constexpr char kFilterSize[] = "dossier.breaches.filter(b, b.people_affected > 1000).size()";

google::protobuf::Timestamp MakeTimestamp(int64_t seconds) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  return timestamp;
}

// A breach that is not high-risk (so `exists` scans them all), notified within 72 hours.
void FillBreach(int64_t index, Breach* breach) {
  breach->set_id(absl::StrFormat("B-%06d", index));
  breach->set_title("Misdirected discharge letter");
  breach->set_risk_level(index % 2 == 0 ? hdsc::v1::RISK_LEVEL_RISK
                                        : hdsc::v1::RISK_LEVEL_UNLIKELY);
  const int64_t aware = 1'700'000'000 + index * 3600;
  *breach->mutable_aware_at() = MakeTimestamp(aware);
  *breach->mutable_cnil_notified_at() = MakeTimestamp(aware + 48 * 3600);
  breach->set_cnil_reference(absl::StrFormat("CNIL-2024-%06d", index % 1'000'000));
  breach->set_people_affected(index % 3000);
}

// The record benchmarks evaluate their rule over this many distinct breaches at each iteration, so
// that neither side can keep one record's fields in registers: both read memory that changes, as a
// check over a dossier's records does. Their `per_record` counter is an iteration's time divided by
// this.
constexpr size_t kRotatingRecords = 1024;

const std::vector<Breach>& RotatingBreaches() {
  static const auto* const breaches = [] {
    auto* all = new std::vector<Breach>(kRotatingRecords);
    for (size_t i = 0; i < all->size(); ++i) {
      // Vary the risk level and the delay so that results differ between records.
      FillBreach(static_cast<int64_t>(i), &(*all)[i]);
      if (i % 3 == 0) (*all)[i].set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
      if (i % 5 == 0) (*all)[i].mutable_cnil_notified_at()->set_seconds(
          (*all)[i].aware_at().seconds() + 96 * 3600);
      if (i % 7 == 0) (*all)[i].clear_cnil_notified_at();
    }
    return all;
  }();
  return *breaches;
}

std::unique_ptr<Env> MakeEnv() {
  EnvOptions options;
  options.container = "hdsc.v1";
  options.variables = {{"record", Type::Message(Breach::descriptor())},
                       {"dossier", Type::Message(Dossier::descriptor())}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  if (!env.ok()) {
    std::fprintf(stderr, "Env::Create: %s\n", std::string(env.status().message()).c_str());
    std::abort();
  }
  return *std::move(env);
}

const Env& SharedEnv() {
  static const Env* const env = MakeEnv().release();
  return *env;
}

std::unique_ptr<Program> MustCompile(const char* expression) {
  absl::StatusOr<std::unique_ptr<Program>> program = SharedEnv().Compile(expression, "bench");
  if (!program.ok()) {
    std::fprintf(stderr, "%s\n", std::string(program.status().message()).c_str());
    std::abort();
  }
  return *std::move(program);
}

// Reports heap allocations per iteration of the timed loop.
class AllocationCounter {
 public:
  explicit AllocationCounter(benchmark::State& state)
      : state_(state), start_(allocation_count.load()) {}
  ~AllocationCounter() {
    state_.counters["allocs/iter"] = benchmark::Counter(
        static_cast<double>(allocation_count.load() - start_), benchmark::Counter::kAvgIterations);
  }

 private:
  benchmark::State& state_;
  int64_t start_;
};

// Evaluates `program` once outside the timed loop and compares with the hand-written result.
bool AgreesWithHand(benchmark::State& state, const Program& program, const Activation& activation,
                    const Value& expected) {
  absl::StatusOr<Value> result = program.Evaluate(activation);
  if (!result.ok() || result->IsError() || !expr::Equal(*result, expected)) {
    state.SkipWithError(
        (result.ok() ? expr::FormatAsCelLiteral(*result) : std::string(result.status().message()))
            .c_str());
    return false;
  }
  return true;
}

// Reports an iteration's time per record (`per_record`): each iteration evaluates every rotating record.
void CountRecords(benchmark::State& state) {
  state.counters["per_record"] =
      benchmark::Counter(static_cast<double>(kRotatingRecords),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The hand-written rule over each rotating record, its results kept as a check's would be. A
// template argument, so that the rule is inlined into the loop.
template <bool (*hand)(const Breach&)>
void RunHandRecords(benchmark::State& state) {
  const std::vector<Breach>& breaches = RotatingBreaches();
  std::vector<uint8_t> results(kRotatingRecords);
  AllocationCounter allocations(state);
  for (auto _ : state) {
    for (size_t i = 0; i < kRotatingRecords; ++i) results[i] = hand(breaches[i]);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  CountRecords(state);
}

// As a checker runs a rule over a dossier's records (lib/check/checker.cc, `EvaluateSubjects`):
// the condition evaluated to a bool for a batch of records of one class bound in turn to one slot,
// over the same records as the `_Hand` benchmarks. Every record's result is checked against `hand`
// (record by record and in the batch) before timing.
void RunRecordRule(benchmark::State& state, const char* expression,
                   bool (*hand)(const Breach&)) {
  const std::unique_ptr<Program> program = MustCompile(expression);
  const std::vector<Breach>& breaches = RotatingBreaches();
  Activation activation;
  const Activation::Slot record = activation.SlotOf("record");
  std::vector<const google::protobuf::Message*> records;
  for (const Breach& breach : breaches) {
    activation.RebindMessage(record, breach);
    if (!AgreesWithHand(state, *program, activation, Value::Bool(hand(breach)))) return;
    records.push_back(&breach);
  }
  std::vector<expr::BoolResult> results(records.size());
  program->EvaluateBoolEach(activation, record, records, results.data(), expr::RecordClasses::kAllAsFirst);
  for (size_t i = 0; i < records.size(); ++i) {
    if (results[i] != (hand(breaches[i]) ? expr::BoolResult::kTrue : expr::BoolResult::kFalse)) {
      state.SkipWithError("EvaluateBoolEach disagrees with Evaluate");
      return;
    }
  }
  AllocationCounter allocations(state);
  for (auto _ : state) {
    program->EvaluateBoolEach(activation, record, records, results.data(), expr::RecordClasses::kAllAsFirst);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  CountRecords(state);
}

// --- Parse + check + plan. ---

void BM_CompileTypicalRule(benchmark::State& state) {
  const Env& env = SharedEnv();
  AllocationCounter allocations(state);
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<Program>> program = env.Compile(kTypicalRule, "bench");
    benchmark::DoNotOptimize(program);
  }
}
BENCHMARK(BM_CompileTypicalRule);

// --- A simple field predicate. ---

bool HandFieldPredicate(const Breach& breach) {
  return breach.risk_level() == hdsc::v1::RISK_LEVEL_HIGH;
}

void BM_FieldPredicate_Hand(benchmark::State& state) { RunHandRecords<HandFieldPredicate>(state); }
BENCHMARK(BM_FieldPredicate_Hand);

void BM_FieldPredicate_Cel(benchmark::State& state) {
  RunRecordRule(state, kFieldPredicate, HandFieldPredicate);
}
BENCHMARK(BM_FieldPredicate_Cel);

// --- The typical rule (field tests, `has`, timestamp arithmetic, `&&`). ---

bool HandTypicalRule(const Breach& breach) {
  if (breach.risk_level() == hdsc::v1::RISK_LEVEL_UNLIKELY) return false;
  if (!breach.has_cnil_notified_at()) return false;
  const absl::Duration delay =
      absl::Seconds(breach.cnil_notified_at().seconds() - breach.aware_at().seconds()) +
      absl::Nanoseconds(breach.cnil_notified_at().nanos() - breach.aware_at().nanos());
  return delay <= absl::Hours(72);
}

void BM_TypicalRule_Hand(benchmark::State& state) { RunHandRecords<HandTypicalRule>(state); }
BENCHMARK(BM_TypicalRule_Hand);

void BM_TypicalRule_Cel(benchmark::State& state) {
  RunRecordRule(state, kTypicalRule, HandTypicalRule);
}
BENCHMARK(BM_TypicalRule_Cel);

// --- Timestamp arithmetic alone. ---

bool HandTimestampArithmetic(const Breach& breach) {
  const absl::Time aware = absl::FromUnixSeconds(breach.aware_at().seconds()) +
                           absl::Nanoseconds(breach.aware_at().nanos());
  const absl::Time notified = absl::FromUnixSeconds(breach.cnil_notified_at().seconds()) +
                              absl::Nanoseconds(breach.cnil_notified_at().nanos());
  return notified - aware <= absl::Hours(72);
}

void BM_TimestampArithmetic_Hand(benchmark::State& state) { RunHandRecords<HandTimestampArithmetic>(state); }
BENCHMARK(BM_TimestampArithmetic_Hand);

void BM_TimestampArithmetic_Cel(benchmark::State& state) {
  RunRecordRule(state, kTimestampArithmetic, HandTimestampArithmetic);
}
BENCHMARK(BM_TimestampArithmetic_Cel);

// --- String `matches` (RE2). ---

bool HandMatches(const Breach& breach) {
  static const RE2* const pattern = new RE2("^CNIL-[0-9]{4}-[0-9]{6}$");
  return RE2::PartialMatch(breach.cnil_reference(), *pattern);
}

void BM_Matches_Hand(benchmark::State& state) { RunHandRecords<HandMatches>(state); }
BENCHMARK(BM_Matches_Hand);

void BM_Matches_Cel(benchmark::State& state) {
  RunRecordRule(state, kMatches, HandMatches);
}
BENCHMARK(BM_Matches_Cel);

// --- Comprehensions over 1 to 100,000 breaches. ---

const Dossier& DossierWithBreaches(int64_t count) {
  // One dossier per size, built once and kept: the largest holds 100,000 breaches.
  static auto* const dossiers = new std::vector<std::pair<int64_t, Dossier*>>;
  for (const auto& [size, dossier] : *dossiers) {
    if (size == count) return *dossier;
  }
  auto* dossier = new Dossier;
  for (int64_t i = 0; i < count; ++i) FillBreach(i, dossier->add_breaches());
  dossiers->emplace_back(count, dossier);
  return *dossier;
}

bool HandExists(const Dossier& dossier) {
  for (const Breach& breach : dossier.breaches()) {
    if (breach.risk_level() == hdsc::v1::RISK_LEVEL_HIGH) return true;
  }
  return false;
}

int64_t HandFilterSize(const Dossier& dossier) {
  // The engine counts the elements that pass without collecting them (lib/expr/eval.cc,
  // `PlanFilterSize`): so does this.
  return std::count_if(dossier.breaches().begin(), dossier.breaches().end(),
                       [](const Breach& breach) { return breach.people_affected() > 1000; });
}

void BM_Exists_Hand(benchmark::State& state) {
  const Dossier& dossier = DossierWithBreaches(state.range(0));
  AllocationCounter allocations(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(&dossier);
    bool result = HandExists(dossier);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Exists_Hand)->RangeMultiplier(10)->Range(1, 100'000);

void BM_Exists_Cel(benchmark::State& state) {
  const Dossier& dossier = DossierWithBreaches(state.range(0));
  const std::unique_ptr<Program> program = MustCompile(kExists);
  Activation activation;
  activation.BindMessage("dossier", dossier);
  if (!AgreesWithHand(state, *program, activation, Value::Bool(HandExists(dossier)))) return;
  AllocationCounter allocations(state);
  for (auto _ : state) {
    absl::StatusOr<Value> result = program->Evaluate(activation);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Exists_Cel)->RangeMultiplier(10)->Range(1, 100'000);

void BM_FilterSize_Hand(benchmark::State& state) {
  const Dossier& dossier = DossierWithBreaches(state.range(0));
  AllocationCounter allocations(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(&dossier);
    int64_t result = HandFilterSize(dossier);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FilterSize_Hand)->RangeMultiplier(10)->Range(1, 100'000);

void BM_FilterSize_Cel(benchmark::State& state) {
  const Dossier& dossier = DossierWithBreaches(state.range(0));
  const std::unique_ptr<Program> program = MustCompile(kFilterSize);
  Activation activation;
  activation.BindMessage("dossier", dossier);
  if (!AgreesWithHand(state, *program, activation, Value::Int(HandFilterSize(dossier)))) return;
  AllocationCounter allocations(state);
  for (auto _ : state) {
    absl::StatusOr<Value> result = program->Evaluate(activation);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FilterSize_Cel)->RangeMultiplier(10)->Range(1, 100'000);

}  // namespace
}  // namespace hdsc::bench
