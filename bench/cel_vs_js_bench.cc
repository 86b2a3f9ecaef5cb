// Times hdsc's CEL engine on the expressions of bench/cel_vs_js_exprs.txt, in process: each
// expression is compiled once, then evaluated repeatedly against the same bindings as
// bench/cel_vs_js.js; times are CPU time of the process, as on the JavaScript side. Prints "name<TAB>ns per evaluation<TAB>result" per expression.
// Run by bench/cel_vs_js.sh; usage: cel_vs_js_bench EXPRESSIONS_FILE [MIN_SECONDS].
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "lib/expr/cel.h"

namespace hdsc::bench {
namespace {

using ::hdsc::expr::Activation;
using ::hdsc::expr::Env;
using ::hdsc::expr::EnvOptions;
using ::hdsc::expr::Program;
using ::hdsc::expr::Type;
using ::hdsc::expr::Value;

// The bindings, as bench/cel_vs_js.js makes them.
Activation MakeBindings() {
  Activation activation;
  activation.Bind("i", Value::Int(42));
  activation.Bind("f", Value::Double(2.5));
  activation.Bind("s", Value::String("The quick brown fox jumps over the lazy dog"));
  std::vector<Value> xs;
  std::vector<Value> names;
  for (int k = 0; k < 10000; ++k) {
    xs.push_back(Value::Int(k));
    names.push_back(Value::String(absl::StrCat("name-", k)));
  }
  activation.Bind("xs", Value::List(std::move(xs)));
  activation.Bind("names", Value::List(std::move(names)));
  std::vector<std::pair<Value, Value>> entries;
  for (int k = 0; k < 1000; ++k) {
    entries.emplace_back(Value::String(absl::StrCat("k", k)), Value::Int(k));
  }
  activation.Bind("m", *Value::Map(std::move(entries)));
  activation.Bind("t1", Value::Timestamp(absl::FromCivil(absl::CivilSecond(2024, 2, 27, 8, 30, 0),
                                                         absl::UTCTimeZone())));
  activation.Bind("d", Value::Duration(absl::Minutes(90)));
  return activation;
}

// CPU time of the process: the machine may be shared, so wall time says less.
double CpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

std::string Format(const Value& value) {
  switch (value.kind()) {
    case expr::ValueKind::kInt:
    case expr::ValueKind::kBool:
    case expr::ValueKind::kString:
      return expr::FormatAsCelLiteral(value);
    case expr::ValueKind::kError:
      return absl::StrCat("error: ", value.error_value().message());
    default:
      return "-";
  }
}

int Run(const char* path, double min_seconds) {
  EnvOptions options;
  options.variables = {{"i", Type::Int()},
                       {"f", Type::Double()},
                       {"s", Type::String()},
                       {"xs", Type::List(Type::Int())},
                       {"names", Type::List(Type::String())},
                       {"m", Type::Map(Type::String(), Type::Int())},
                       {"t1", Type::Timestamp()},
                       {"d", Type::Duration()}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  if (!env.ok()) {
    std::fprintf(stderr, "%s\n", std::string(env.status().message()).c_str());
    return 1;
  }
  const Activation activation = MakeBindings();
  std::ifstream input(path);
  if (!input) {
    std::fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  std::string line;
  while (std::getline(input, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::fprintf(stderr, "no tab in line: %s\n", line.c_str());
      return 1;
    }
    const std::string name = line.substr(0, tab);
    absl::StatusOr<std::unique_ptr<Program>> program = (*env)->Compile(line.substr(tab + 1), name);
    if (!program.ok()) {
      std::fprintf(stderr, "%s\n", std::string(program.status().message()).c_str());
      return 1;
    }
    absl::StatusOr<Value> result = (*program)->Evaluate(activation);
    // As the JavaScript side: time batches until the minimum time has passed; the best counts.
    double best = std::numeric_limits<double>::infinity();
    double spent = 0;
    int64_t batch = 1;
    while (spent < min_seconds) {
      const double start = CpuSeconds();
      for (int64_t k = 0; k < batch; ++k) result = (*program)->Evaluate(activation);
      const double seconds = CpuSeconds() - start;
      spent += seconds;
      if (seconds < 0.01) {
        batch *= 2;
        continue;
      }
      best = std::min(best, seconds * 1e9 / static_cast<double>(batch));
    }
    if (best == std::numeric_limits<double>::infinity()) best = spent * 1e9 / batch;
    std::printf("%s\t%.1f\t%s\n", name.c_str(), best,
                result.ok() ? Format(*result).c_str() : "engine failure");
  }
  return 0;
}

}  // namespace
}  // namespace hdsc::bench

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s EXPRESSIONS_FILE [MIN_SECONDS]\n", argv[0]);
    return 2;
  }
  return hdsc::bench::Run(argv[1], argc > 2 ? std::atof(argv[2]) : 0.5);
}
