// Runs the official CEL conformance suite (@bufbuild/cel-spec, exported by tools/setup.sh into
// tests/conformance/testdata) through lib/expr and prints passed/total per section.
//
// Each section is read from testdata/tests/SECTION.binpb, the binary twin of SECTION.json that
// tools/cel_spec_export.js writes (protobuf 3.21's C++ JSON parser cannot read the suite's
// extension fields); test names are the package's.
//
// The test is a ratchet: it fails when a section passes fewer tests than its floor in
// tests/conformance/floors.txt. Raise the floors as the engine improves.
//
// Each test runs in a child process, so a crash or a hang of the engine fails that test alone.
//
// Flags (after `--` with `bazel run`, or with `--test_arg=`):
//   --section=NAME[,NAME...]  run only these sections
//   --test=SUBSTRING          run only tests whose "section/suite/name" contains SUBSTRING
//   --verbose                 print every failure (also: environment CONFORMANCE_VERBOSE=1)
//   --failures=FILE           write every failure to FILE (relative to where `bazel run` was typed)
//   --no_fork                 run in-process (for a debugger)
// Failures are also written to $TEST_UNDECLARED_OUTPUTS_DIR/conformance_failures.txt under
// `bazel test` (bazel-testlogs/tests/conformance/conformance_test/test.outputs/).
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cel/expr/conformance/test/simple.pb.h"
#include "cel/expr/eval.pb.h"
#include "lib/expr/cel.h"
#include "tests/conformance/cel_spec_convert.h"

namespace hdsc::conformance {
namespace {

constexpr char kTestsDir[] = "tests/conformance/testdata/tests";
constexpr char kFloorsFile[] = "tests/conformance/floors.txt";
constexpr int kTestTimeoutSeconds = 10;

using ::cel::expr::conformance::test::SimpleTest;
using ::cel::expr::conformance::test::SimpleTestFile;
using ::cel::expr::conformance::test::SimpleTestSection;
using ::hdsc::expr::Value;

struct Options {
  std::set<std::string> sections;
  std::string test_filter;
  bool verbose = false;
  std::string failures_file;
  bool fork = true;
};

struct Outcome {
  bool passed = false;
  std::string detail;  // why it failed
};

std::string Describe(const Value& value) {
  if (value.IsError()) return absl::StrCat("error: ", value.error_value().message());
  return expr::FormatAsCelLiteral(value);
}

absl::StatusOr<Value> BindingValue(const cel::expr::ExprValue& binding,
                                   const expr::ProtoContext& context) {
  switch (binding.kind_case()) {
    case cel::expr::ExprValue::kValue:
      return ValueFromProto(binding.value(), context);
    case cel::expr::ExprValue::kError:
      return Value::Error(binding.error().errors_size() > 0 ? binding.error().errors(0).message()
                                                            : "error");
    default:
      return absl::UnimplementedError("unknown-set bindings are not supported");
  }
}

// Compiles and evaluates one test and compares the result with the expectation.
Outcome RunTest(const SimpleTest& test) {
  expr::EnvOptions options;
  options.container = test.container();
  options.check = !test.disable_check();
  std::set<std::string> declared;
  // Conversions need the pool before the `Env` exists (for declared message types).
  expr::ProtoContext generated{google::protobuf::DescriptorPool::generated_pool(),
                               google::protobuf::MessageFactory::generated_factory()};
  for (const cel::expr::Decl& decl : test.type_env()) {
    if (!decl.has_ident()) {
      return {false, absl::StrCat("unsupported: function declaration '", decl.name(), "'")};
    }
    absl::StatusOr<expr::Type> type = TypeFromProto(decl.ident().type(), generated);
    if (!type.ok()) return {false, absl::StrCat("type_env: ", type.status().message())};
    options.variables.emplace_back(decl.name(), *std::move(type));
    declared.insert(decl.name());
  }
  for (const auto& [name, binding] : test.bindings()) {
    if (declared.insert(name).second) options.variables.emplace_back(name, expr::Type::Dyn());
  }

  absl::StatusOr<std::unique_ptr<expr::Env>> env = expr::Env::Create(std::move(options));
  if (!env.ok()) return {false, absl::StrCat("Env::Create: ", env.status().message())};
  const expr::ProtoContext& context = (*env)->proto_context();

  absl::StatusOr<std::unique_ptr<expr::Program>> program = (*env)->Compile(test.expr(), "<expr>");
  if (!program.ok()) return {false, absl::StrCat("compile: ", program.status().message())};

  const bool typed = test.has_typed_result();
  std::string expected_type;
  if (typed && test.typed_result().has_deduced_type()) {
    absl::StatusOr<expr::Type> type = TypeFromProto(test.typed_result().deduced_type(), context);
    if (!type.ok()) return {false, absl::StrCat("deduced_type: ", type.status().message())};
    expected_type = type->CheckedString();
    const std::string actual_type = (*program)->result_type().CheckedString();
    if (!test.disable_check() && actual_type != expected_type) {
      return {false, absl::StrCat("type ", actual_type, ", expected ", expected_type)};
    }
  }
  if (test.check_only()) {
    if (!typed) return {false, "check_only test without a typed_result"};
    return {true, ""};
  }

  expr::Activation activation;
  for (const auto& [name, binding] : test.bindings()) {
    absl::StatusOr<Value> value = BindingValue(binding, context);
    if (!value.ok()) return {false, absl::StrCat("binding '", name, "': ", value.status().message())};
    activation.Bind(name, *std::move(value));
  }
  absl::StatusOr<Value> result = (*program)->Evaluate(activation);
  if (!result.ok()) return {false, absl::StrCat("engine failure: ", result.status().message())};
  // The bool entry point (what the checker evaluates conditions with) gives the same result.
  Value other;
  const hdsc::expr::BoolResult as_bool = (*program)->EvaluateBool(activation, &other);
  const bool agrees =
      result->kind() == expr::ValueKind::kBool
          ? as_bool == (result->bool_value() ? hdsc::expr::BoolResult::kTrue : hdsc::expr::BoolResult::kFalse)
          : as_bool == hdsc::expr::BoolResult::kOther &&
                other.IsError() == result->IsError() && Describe(other) == Describe(*result);
  if (!agrees) return {false, absl::StrCat("EvaluateBool disagrees with Evaluate (", Describe(*result), ")")};

  switch (test.result_matcher_case()) {
    case SimpleTest::kEvalError:
    case SimpleTest::kAnyEvalErrors:
      if (result->IsError()) return {true, ""};
      return {false, absl::StrCat(Describe(*result), ", expected an error")};
    case SimpleTest::kUnknown:
    case SimpleTest::kAnyUnknowns:
      return {false, "unsupported: unknown-set expectations"};
    case SimpleTest::kValue:
    case SimpleTest::kTypedResult:
    case SimpleTest::RESULT_MATCHER_NOT_SET: {
      absl::StatusOr<Value> expected =
          test.has_value()          ? ValueFromProto(test.value(), context)
          : test.has_typed_result() ? ValueFromProto(test.typed_result().result(), context)
                                    : absl::StatusOr<Value>(Value::Bool(true));
      if (!expected.ok()) return {false, absl::StrCat("expected: ", expected.status().message())};
      if (!result->IsError() && SameValue(*result, *expected)) return {true, ""};
      return {false, absl::StrCat(Describe(*result), ", expected ", Describe(*expected))};
    }
  }
  return {false, "unsupported result matcher"};
}

// Runs `test` in a child process; a crash or a hang is a failure of that test only.
Outcome RunTestIsolated(const SimpleTest& test) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return {false, absl::StrCat("pipe: ", std::strerror(errno))};
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = fork();
  if (pid < 0) return {false, absl::StrCat("fork: ", std::strerror(errno))};
  if (pid == 0) {
    close(pipe_fds[0]);
    const Outcome outcome = RunTest(test);
    const std::string message = (outcome.passed ? "P" : "F") + outcome.detail;
    size_t written = 0;
    while (written < message.size()) {
      const ssize_t n = write(pipe_fds[1], message.data() + written, message.size() - written);
      if (n <= 0) break;
      written += n;
    }
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string message;
  bool timed_out = false;
  char buffer[4096];
  while (true) {
    pollfd fd{pipe_fds[0], POLLIN, 0};
    const int ready = poll(&fd, 1, kTestTimeoutSeconds * 1000);
    if (ready == 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    if (ready < 0 && errno == EINTR) continue;
    const ssize_t n = read(pipe_fds[0], buffer, sizeof(buffer));
    if (n <= 0) break;
    message.append(buffer, n);
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) return {false, absl::StrCat("timeout after ", kTestTimeoutSeconds, "s")};
  if (WIFSIGNALED(status)) {
    return {false, absl::StrCat("CRASH: signal ", WTERMSIG(status), " (", strsignal(WTERMSIG(status)), ")")};
  }
  if (message.empty()) return {false, "child exited without a result"};
  return {message[0] == 'P', message.substr(1)};
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        path, ": cannot read (run tools/setup.sh, which exports the suite with tools/cel_spec_export.js)"));
  }
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// floors.txt: `SECTION MINIMUM` per line; `#` starts a comment.
absl::StatusOr<std::map<std::string, int>> ReadFloors(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::map<std::string, int> floors;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    line = line.substr(0, line.find('#'));
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    if (fields.empty()) continue;
    int floor = 0;
    if (fields.size() != 2 || !absl::SimpleAtoi(fields[1], &floor) || floor < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": expected `SECTION MINIMUM_PASSED`"));
    }
    if (!floors.emplace(std::string(fields[0]), floor).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": section '", fields[0], "' listed twice"));
    }
  }
  return floors;
}

struct SectionResult {
  int passed = 0;
  int total = 0;
};

int Main(int argc, char** argv) {
  Options options;
  options.verbose = std::getenv("CONFORMANCE_VERBOSE") != nullptr;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--section=")) {
      for (absl::string_view name : absl::StrSplit(arg, ',', absl::SkipEmpty())) {
        options.sections.insert(std::string(name));
      }
    } else if (absl::ConsumePrefix(&arg, "--test=")) {
      options.test_filter = std::string(arg);
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else if (absl::ConsumePrefix(&arg, "--failures=")) {
      options.failures_file = std::string(arg);
      const char* workdir = std::getenv("BUILD_WORKING_DIRECTORY");
      if (workdir != nullptr && !options.failures_file.empty() && options.failures_file[0] != '/') {
        options.failures_file = absl::StrCat(workdir, "/", options.failures_file);
      }
    } else if (arg == "--no_fork") {
      options.fork = false;
    } else {
      std::cerr << "conformance_test: unknown flag '" << arg << "'\n";
      return 64;
    }
  }

  absl::StatusOr<std::map<std::string, int>> floors = ReadFloors(kFloorsFile);
  if (!floors.ok()) {
    std::cerr << floors.status().message() << "\n";
    return 1;
  }
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(kTestsDir, error)) {
    if (entry.path().extension() == ".binpb") files.push_back(entry.path());
  }
  if (error || files.empty()) {
    std::cerr << kTestsDir << ": no test files (run tools/setup.sh, which exports the suite with "
              << "tools/cel_spec_export.js)\n";
    return 1;
  }
  std::sort(files.begin(), files.end());

  std::map<std::string, SectionResult> results;
  std::ostringstream failures;
  for (const std::filesystem::path& file : files) {
    const std::string section = file.stem().string();
    if (!options.sections.empty() && options.sections.count(section) == 0) continue;
    absl::StatusOr<std::string> bytes = ReadFile(file.string());
    if (!bytes.ok()) {
      std::cerr << bytes.status().message() << "\n";
      return 1;
    }
    SimpleTestFile test_file;
    if (!test_file.ParseFromString(*bytes)) {
      std::cerr << file.string() << ": not a cel.expr.conformance.test.SimpleTestFile\n";
      return 1;
    }
    SectionResult& result = results[section];
    for (const SimpleTestSection& suite : test_file.section()) {
      for (const SimpleTest& test : suite.test()) {
        const std::string full_name = absl::StrCat(section, "/", suite.name(), "/", test.name());
        if (!options.test_filter.empty() && full_name.find(options.test_filter) == std::string::npos) {
          continue;
        }
        const Outcome outcome = options.fork ? RunTestIsolated(test) : RunTest(test);
        ++result.total;
        if (outcome.passed) {
          ++result.passed;
          continue;
        }
        failures << full_name << "\n  expr: " << test.expr() << "\n  " << outcome.detail << "\n";
      }
    }
  }

  bool below_floor = false;
  int passed = 0;
  int total = 0;
  std::ostringstream table;
  table << "section            passed  total      %  floor\n";
  for (const auto& [section, result] : results) {
    const auto floor_entry = floors->find(section);
    const int floor = floor_entry == floors->end() ? 0 : floor_entry->second;
    const bool below = result.passed < floor;
    below_floor |= below;
    passed += result.passed;
    total += result.total;
    char line[128];
    std::snprintf(line, sizeof(line), "%-18s %6d %6d %5.1f%% %6d%s\n", section.c_str(),
                  result.passed, result.total,
                  result.total == 0 ? 100.0 : 100.0 * result.passed / result.total, floor,
                  below ? "  BELOW FLOOR" : (result.passed > floor ? "  (floor can rise)" : ""));
    table << line;
  }
  char line[128];
  std::snprintf(line, sizeof(line), "%-18s %6d %6d %5.1f%%\n", "total", passed, total,
                total == 0 ? 100.0 : 100.0 * passed / total);
  table << line;
  std::cout << table.str();
  for (const auto& [section, floor] : *floors) {
    if (options.sections.empty() && options.test_filter.empty() && results.count(section) == 0) {
      std::cerr << kFloorsFile << ": section '" << section << "' is not in the suite\n";
      below_floor = true;
    }
  }

  if (options.verbose) std::cout << "\nfailures:\n" << failures.str();
  std::string failures_file = options.failures_file;
  if (failures_file.empty()) {
    if (const char* dir = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR")) {
      failures_file = absl::StrCat(dir, "/conformance_failures.txt");
    }
  }
  if (!failures_file.empty()) {
    std::ofstream out(failures_file);
    out << table.str() << "\n" << failures.str();
    if (!out) std::cerr << failures_file << ": cannot write\n";
  }
  // A run filtered by test name reports but does not judge: the floors count whole sections.
  if (options.test_filter.empty() && below_floor) {
    std::cerr << "conformance: a section fell below its floor in " << kFloorsFile << "\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace hdsc::conformance

int main(int argc, char** argv) { return hdsc::conformance::Main(argc, argv); }
