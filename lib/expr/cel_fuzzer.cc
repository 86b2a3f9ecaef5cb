// Fuzz target for the CEL engine: parse, type-check, plan and evaluate arbitrary text, with and
// without the checker, under a small iteration budget. Any crash, hang, sanitizer report or leak
// is a bug: the engine must turn every input into a value or an error.
//
// It also checks that join indexes (lib/expr/index.h) change no result: each expression is evaluated again, twice,
// with indexes attached (the first evaluation builds them, the second uses them), and must give the same value or
// error, budget errors aside (an indexed join spends fewer steps).
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
#include "google/protobuf/struct.pb.h"
#include "lib/expr/cel.h"

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

void CompileAndEvaluate(const Env* env, std::string_view text, const Activation& activation,
                        const Env* literal_env) {
  if (env == nullptr) return;
  absl::StatusOr<std::unique_ptr<Program>> program = env->Compile(text, "fuzz");
  if (!program.ok()) return;
  absl::StatusOr<Value> result = (*program)->Evaluate(activation);
  CheckJoinIndexes(**program, text, activation, result);
  if (!result.ok() || result->IsError() || literal_env == nullptr) return;
  CheckRoundTrip(*literal_env, text, FormatAsCelLiteral(*result));
}

}  // namespace
}  // namespace hdsc::expr

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > hdsc::expr::kMaxInputBytes) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hdsc::expr::Fixture& fixture = hdsc::expr::GetFixture();
  hdsc::expr::CompileAndEvaluate(fixture.checked.get(), text, fixture.activation,
                                 fixture.unchecked.get());
  hdsc::expr::CompileAndEvaluate(fixture.unchecked.get(), text, fixture.activation,
                                 fixture.unchecked.get());
  return 0;
}
