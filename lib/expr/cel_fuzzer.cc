// Fuzz target for the CEL engine: parse, type-check, plan and evaluate arbitrary text, with and
// without the checker, under a small iteration budget. Any crash, hang, sanitizer report or leak
// is a bug: the engine must turn every input into a value or an error.
//
// It also checks that join indexes (lib/expr/index.h) change no result: each expression is evaluated again, twice,
// with indexes attached (the first evaluation builds them, the second uses them), and must give the same value or
// error, budget errors aside (an indexed join spends fewer steps).
//
// It checks that a condition evaluated over a batch of records (`Program::EvaluateBoolEach`, as a check evaluates a
// rule) gives for each what `EvaluateBool` gives for it alone: the variable `rec` is a Breach, bound to records of
// the generated class, which the batch reads in place, and to dynamic copies of them.
//
// And it checks the printer's promise (`FormatAsCelLiteral`, which `hdscheck eval` prints): a
// value's literal evaluates back to a value that prints the same. A broken promise aborts, which
// the fuzzer reports like a crash.
//
// Built with libFuzzer by tools/cel_fuzz.sh (clang); replayed over lib/expr/fuzz_corpus by
// //lib/expr:cel_fuzzer_replay_test (gcc, under `bazel test`).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "lib/expr/cel.h"
#include "lib/model/breach.pb.h"

namespace hdsc::expr {
namespace {

// Inputs longer than this only slow the fuzzer down; the parser's own limit is tested elsewhere.
constexpr size_t kMaxInputBytes = 4096;
// Enough for the corpus, small enough that `[1,2,3].map(...)` nests cannot stall the fuzzer.
constexpr int64_t kMaxIterations = 10'000;

// Variables of every kind, so expressions can reach fields, lists, maps and time values.
struct Fixture {
  google::protobuf::Struct message;
  std::unique_ptr<Env> checked;
  std::unique_ptr<Env> unchecked;
  Activation activation;
  // The records `rec` is bound to in batches: generated messages, then the same with dynamic copies among them.
  std::vector<hdsc::v1::Breach> breaches;
  google::protobuf::DynamicMessageFactory factory;
  std::vector<std::unique_ptr<google::protobuf::Message>> dynamic_breaches;
  std::vector<const google::protobuf::Message*> generated_records;
  std::vector<const google::protobuf::Message*> mixed_records;
};

std::unique_ptr<Env> MakeEnv(bool check) {
  EnvOptions options;
  options.container = "google.protobuf";
  options.check = check;
  options.max_iterations = kMaxIterations;
  options.variables = {
      {"x", Type::Int()},
      {"u", Type::Uint()},
      {"f", Type::Double()},
      {"s", Type::String()},
      {"b", Type::Bytes()},
      {"l", Type::List(Type::Int())},
      {"m", Type::Map(Type::String(), Type::Int())},
      {"t", Type::Timestamp()},
      {"d", Type::Duration()},
      {"msg", Type::Message(google::protobuf::Struct::descriptor())},
      {"rec", Type::Message(hdsc::v1::Breach::descriptor())},
  };
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  return env.ok() ? *std::move(env) : nullptr;
}

const Fixture& GetFixture() {
  static const Fixture* const fixture = [] {
    auto* f = new Fixture;
    (*f->message.mutable_fields())["name"].set_string_value("hdsc");
    (*f->message.mutable_fields())["count"].set_number_value(3);
    f->checked = MakeEnv(/*check=*/true);
    f->unchecked = MakeEnv(/*check=*/false);
    f->activation.Bind("x", Value::Int(-7));
    f->activation.Bind("u", Value::Uint(7));
    f->activation.Bind("f", Value::Double(2.5));
    f->activation.Bind("s", Value::String("h\xC3\xA9llo"));
    f->activation.Bind("b", Value::Bytes(std::string("\x00\xff", 2)));
    f->activation.Bind("l", Value::List({Value::Int(1), Value::Int(2), Value::Int(3)}));
    absl::StatusOr<Value> map = Value::Map({{Value::String("a"), Value::Int(1)}});
    f->activation.Bind("m", map.ok() ? *map : Value::Error(map.status()));
    f->activation.Bind("t", Value::Timestamp(absl::FromUnixSeconds(1'700'000'000)));
    f->activation.Bind("d", Value::Duration(absl::Seconds(90)));
    f->activation.BindMessage("msg", f->message);
    // Unset, set and extreme fields: each risk level, timestamps far apart, a repeated field empty or not.
    for (int i = 0; i < 6; ++i) {
      hdsc::v1::Breach& breach = f->breaches.emplace_back();
      breach.set_id(i % 2 == 0 ? "b" : "");
      breach.set_risk_level(static_cast<hdsc::v1::RiskLevel>(i % 4));
      breach.set_people_affected(i * 600);
      if (i % 3 != 0) breach.mutable_aware_at()->set_seconds(1'700'000'000 + i);
      if (i % 2 == 1) breach.mutable_cnil_notified_at()->set_seconds(i == 5 ? 253402300799 : 1'700'250'000);
      if (i % 3 == 2) breach.add_data_categories(hdsc::v1::DATA_CATEGORY_HEALTH);
    }
    for (const hdsc::v1::Breach& breach : f->breaches) {
      f->dynamic_breaches.emplace_back(f->factory.GetPrototype(hdsc::v1::Breach::descriptor())->New());
      f->dynamic_breaches.back()->CopyFrom(breach);
      f->generated_records.push_back(&breach);
    }
    f->mixed_records = f->generated_records;
    f->mixed_records.insert(f->mixed_records.begin() + 2, f->dynamic_breaches[1].get());
    f->mixed_records.push_back(f->dynamic_breaches[4].get());
    return f;
  }();
  return *fixture;
}

// Evaluates the literal `printed` and requires it to print as itself.
void CheckRoundTrip(const Env& env, std::string_view input, const std::string& printed) {
  if (printed.size() > kMaxInputBytes) return;  // over the parser's limits by design
  absl::StatusOr<std::unique_ptr<Program>> program = env.Compile(printed, "printed");
  std::string reprinted;
  if (!program.ok()) {
    reprinted = std::string(program.status().message());
  } else {
    absl::StatusOr<Value> value = (*program)->Evaluate(Activation());
    reprinted = value.ok() ? FormatAsCelLiteral(*value) : std::string(value.status().message());
  }
  if (reprinted != printed) {
    std::fprintf(stderr,
                 "round trip broken\n  input:     %.*s\n  printed:   %s\n  reprinted: %s\n",
                 static_cast<int>(input.size()), input.data(), printed.c_str(), reprinted.c_str());
    std::abort();
  }
}

// Requires `program` to give `expected` with join indexes attached to a copy of `activation`.
void CheckJoinIndexes(const Program& program, std::string_view input, const Activation& activation,
                      const absl::StatusOr<Value>& expected) {
  if (!expected.ok() || (expected->IsError() && absl::IsResourceExhausted(expected->error_value()))) return;
  const std::string printed = FormatAsCelLiteral(*expected);
  JoinIndexes indexes;
  Activation indexed = activation;
  indexed.set_join_indexes(&indexes);
  for (int round = 0; round < 2; ++round) {
    absl::StatusOr<Value> result = program.Evaluate(indexed);
    const std::string reprinted = result.ok() ? FormatAsCelLiteral(*result) : std::string(result.status().message());
    if (reprinted != printed) {
      std::fprintf(stderr, "join indexes change the result\n  input:     %.*s\n  scanning:  %s\n  indexed:   %s\n",
                   static_cast<int>(input.size()), input.data(), printed.c_str(), reprinted.c_str());
      std::abort();
    }
  }
}

// Requires `program` evaluated over `records` bound in turn to `rec` to give for each what it gives alone.
void CheckBatch(const Program& program, std::string_view input, const Activation& activation,
                const std::vector<const google::protobuf::Message*>& records, RecordClasses classes) {
  Activation batch = activation;
  std::vector<BoolResult> results(records.size());
  program.EvaluateBoolEach(batch, batch.SlotOf("rec"), records, results.data(), classes);
  for (size_t i = 0; i < records.size(); ++i) {
    Activation alone = activation;
    alone.BindMessage("rec", *records[i]);
    Value other;
    const BoolResult expected = program.EvaluateBool(alone, &other);
    if (results[i] != expected) {
      std::fprintf(stderr, "a batch changes the result\n  input:  %.*s\n  record: %zu\n  alone:  %d\n  batch:  %d\n",
                   static_cast<int>(input.size()), input.data(), i, static_cast<int>(expected),
                   static_cast<int>(results[i]));
      std::abort();
    }
  }
}

void CompileAndEvaluate(const Fixture& fixture, const Env* env, std::string_view text) {
  if (env == nullptr) return;
  const Activation& activation = fixture.activation;
  absl::StatusOr<std::unique_ptr<Program>> program = env->Compile(text, "fuzz");
  if (!program.ok()) return;
  // Only an expression that names `rec` reads the records.
  if (text.find("rec") != std::string_view::npos) {
    CheckBatch(**program, text, activation, fixture.generated_records, RecordClasses::kAllAsFirst);
    CheckBatch(**program, text, activation, fixture.mixed_records, RecordClasses::kCheckEach);
  }
  absl::StatusOr<Value> result = (*program)->Evaluate(activation);
  CheckJoinIndexes(**program, text, activation, result);
  if (!result.ok() || result->IsError() || fixture.unchecked == nullptr) return;
  CheckRoundTrip(*fixture.unchecked, text, FormatAsCelLiteral(*result));
}

}  // namespace
}  // namespace hdsc::expr

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > hdsc::expr::kMaxInputBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hdsc::expr::Fixture& fixture = hdsc::expr::GetFixture();
  hdsc::expr::CompileAndEvaluate(fixture, fixture.checked.get(), text);
  hdsc::expr::CompileAndEvaluate(fixture, fixture.unchecked.get(), text);
  return 0;
}
