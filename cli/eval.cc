// `hdscheck eval`: evaluates one CEL expression and prints the result as a CEL literal.
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/command.h"
#include "lib/expr/cel.h"
#include "lib/io/load.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::cli {
namespace {

// Exit codes of `eval`, besides kExitOk and kExitUsage.
constexpr int kExitCompileError = 2;     // the expression (or a --var) does not parse or type-check
constexpr int kExitEvaluationError = 3;  // it evaluated to an error
constexpr int kExitDossierError = 4;     // the --dossier file could not be read

constexpr char kDefaultContainer[] = "hdsc.v1";

constexpr char kHelp[] = R"(usage: hdscheck eval EXPR [--dossier FILE] [--var NAME=CEL]... [--container NAME] [--now TIME]

Evaluates the CEL expression EXPR and prints its value as a CEL literal that evaluates back to the
same value: 1, 1u, 1.0, "s", b"\x00", [1, 2], {"a": 1}, null, true,
timestamp("2024-01-01T00:00:00Z"), duration("3600s"), an enum as its number, a message as
hdsc.v1.Type{field: value}.

Variables:
  dossier    hdsc.v1.Dossier, the file given with --dossier (declared only then)
  now        timestamp, the current time or --now
  NAME       each --var; later --var expressions may use earlier ones

Options:
  --dossier FILE     load FILE (JSON, textproto or binary protobuf) as `dossier`; problems found
                     while loading are printed as warnings and evaluation goes on
  --var NAME=CEL     declare NAME as the value (and checked type) of the CEL expression
  --container NAME   package names resolve in (default hdsc.v1, so `RiskLevel.RISK_LEVEL_HIGH`
                     names hdsc.v1.RiskLevel.RISK_LEVEL_HIGH)
  --now TIME         the value of `now`, RFC 3339 (e.g. 2024-01-01T00:00:00Z)
  --help             this text
  --                 what follows is EXPR even if it starts with '-' (hdscheck eval -- -1)

Exit codes:
  0   the value was printed on standard output
  2   EXPR or a --var does not parse or type-check; `<expr>:LINE:COLUMN: message` on standard error
  3   evaluation produced an error; `error: MESSAGE` on standard error
  4   the --dossier file could not be read
  64  bad command line
)";

struct EvalArgs {
  std::string expression;
  std::string dossier_path;
  std::vector<std::pair<std::string, std::string>> vars;  // name, CEL source
  std::string container = kDefaultContainer;
  absl::Time now = absl::Now();
};

// Parses the command line; on failure writes the reason to `err` and returns false.
bool ParseArgs(const std::vector<std::string>& args, EvalArgs* parsed, std::ostream& err) {
  bool have_expression = false;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string_view flag = arg;
    if (!options_done && arg == "--") {
      options_done = true;
      continue;
    }
    if (options_done) flag = "";
    std::string value;
    const bool takes_value =
        flag == "--dossier" || flag == "--var" || flag == "--container" || flag == "--now";
    if (takes_value) {
      if (i + 1 >= args.size()) {
        err << "hdscheck eval: " << arg << " needs a value\n";
        return false;
      }
      value = args[++i];
    } else if (flag.size() > 2 && flag.substr(0, 2) == "--" && flag.find('=') != std::string::npos) {
      // --flag=value
      value = std::string(flag.substr(flag.find('=') + 1));
      flag = flag.substr(0, flag.find('='));
      if (flag != "--dossier" && flag != "--var" && flag != "--container" && flag != "--now") {
        err << "hdscheck eval: unknown option '" << flag << "'\n";
        return false;
      }
    } else if (flag.size() > 1 && flag[0] == '-') {
      err << "hdscheck eval: unknown option '" << arg << "'\n";
      return false;
    } else {
      // The expression (or, after `--`, anything, e.g. "-1").
      if (have_expression) {
        err << "hdscheck eval: one expression only (quote it); got a second: '" << arg << "'\n";
        return false;
      }
      parsed->expression = arg;
      have_expression = true;
      continue;
    }
    if (flag == "--dossier") {
      parsed->dossier_path = value;
    } else if (flag == "--container") {
      parsed->container = value;
    } else if (flag == "--now") {
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, value, &parsed->now, &error)) {
        err << "hdscheck eval: --now '" << value << "' is not an RFC 3339 time: " << error << "\n";
        return false;
      }
    } else {  // --var
      const size_t equals = value.find('=');
      const std::string name = value.substr(0, equals);
      if (equals == std::string::npos || name.empty()) {
        err << "hdscheck eval: --var '" << value << "' is not NAME=CEL\n";
        return false;
      }
      if (name == "dossier" || name == "now") {
        err << "hdscheck eval: --var cannot redefine '" << name << "'\n";
        return false;
      }
      for (const auto& [existing, source] : parsed->vars) {
        if (existing == name) {
          err << "hdscheck eval: --var '" << name << "' given twice\n";
          return false;
        }
      }
      parsed->vars.emplace_back(name, value.substr(equals + 1));
    }
  }
  if (!have_expression) {
    err << "hdscheck eval: missing EXPR (see hdscheck eval --help)\n";
    return false;
  }
  return true;
}

// Writes compile errors ("LOCATION:LINE:COLUMN: message" per line), each followed by the source
// line it points into and a caret under the column.
void PrintCompileErrors(const absl::Status& status, std::string_view location,
                        std::string_view source, std::ostream& err) {
  const std::vector<absl::string_view> source_lines =
      absl::StrSplit(absl::string_view(source.data(), source.size()), '\n');
  const absl::string_view prefix(location.data(), location.size());
  for (absl::string_view line : absl::StrSplit(status.message(), '\n')) {
    err << line << "\n";
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, prefix) || !absl::ConsumePrefix(&rest, ":")) continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(rest, absl::MaxSplits(':', 2));
    int line_number = 0;
    int column = 0;
    if (parts.size() < 3 || !absl::SimpleAtoi(parts[0], &line_number) ||
        !absl::SimpleAtoi(parts[1], &column) || line_number < 1 ||
        line_number > static_cast<int>(source_lines.size()) || column < 1) {
      continue;
    }
    const absl::string_view text = source_lines[line_number - 1];
    // Columns count code points: advance over UTF-8 continuation bytes to place the caret.
    size_t byte = 0;
    for (int code_point = 1; code_point < column && byte < text.size(); ++code_point) {
      ++byte;
      while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
    }
    std::string padding;
    for (size_t i = 0; i < byte; ++i) padding += text[i] == '\t' ? '\t' : ' ';
    err << " | " << text << "\n | " << padding << "^\n";
  }
}

// Everything an evaluation refers to; kept alive until the result has been printed, since
// values may borrow from the dossier and from the environments' pools.
struct Session {
  std::unique_ptr<io::LoadedDossier> dossier;
  std::vector<std::pair<std::string, expr::Type>> variables;
  expr::Activation activation;
  std::vector<std::unique_ptr<expr::Env>> envs;
  std::vector<std::unique_ptr<expr::Program>> programs;
};

// Compiles `source` with the variables declared so far and evaluates it. Returns the exit code
// to stop with, or kExitOk with the value in `*value` and its checked type in `*type`.
int CompileAndEvaluate(Session& session, const std::string& container, std::string_view source,
                       std::string_view location, expr::Value* value, expr::Type* type,
                       std::ostream& err) {
  expr::EnvOptions options;
  options.container = container;
  options.variables = session.variables;
  absl::StatusOr<std::unique_ptr<expr::Env>> env = expr::Env::Create(std::move(options));
  if (!env.ok()) {
    err << "hdscheck eval: " << env.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::unique_ptr<expr::Program>> program = (*env)->Compile(source, location);
  if (!program.ok()) {
    PrintCompileErrors(program.status(), location, source, err);
    return kExitCompileError;
  }
  absl::StatusOr<expr::Value> result = (*program)->Evaluate(session.activation);
  if (!result.ok()) {
    err << "error: " << result.status().message() << "\n";
    return kExitEvaluationError;
  }
  if (result->IsError()) {
    err << "error: " << result->error_value().message() << "\n";
    return kExitEvaluationError;
  }
  *value = *std::move(result);
  *type = (*program)->result_type();
  session.envs.push_back(*std::move(env));
  session.programs.push_back(*std::move(program));
  return kExitOk;
}

}  // namespace

int RunEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << kHelp;
      return kExitOk;
    }
  }
  EvalArgs parsed;
  if (!ParseArgs(args, &parsed, err)) return kExitUsage;

  Session session;
  session.variables.emplace_back("now", expr::Type::Timestamp());
  session.activation.Bind("now", expr::Value::Timestamp(parsed.now));
  if (!parsed.dossier_path.empty()) {
    absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossierFile(parsed.dossier_path);
    if (!loaded.ok()) {
      err << "hdscheck eval: " << loaded.status().message() << "\n";
      return kExitDossierError;
    }
    for (const io::Diagnostic& diagnostic : loaded->diagnostics) {
      err << "warning: " << diagnostic.ToString() << "\n";
    }
    session.dossier = std::make_unique<io::LoadedDossier>(*std::move(loaded));
    session.variables.emplace_back(
        "dossier", expr::Type::Message(hdsc::v1::Dossier::descriptor()));
    session.activation.BindMessage("dossier", session.dossier->dossier);
  }

  for (const auto& [name, source] : parsed.vars) {
    expr::Value value;
    expr::Type type;
    const int code = CompileAndEvaluate(session, parsed.container, source,
                                        absl::StrCat("--var ", name), &value, &type, err);
    if (code != kExitOk) return code;
    session.variables.emplace_back(name, type);
    session.activation.Bind(name, std::move(value));
  }

  expr::Value value;
  expr::Type type;
  const int code = CompileAndEvaluate(session, parsed.container, parsed.expression, "<expr>",
                                      &value, &type, err);
  if (code != kExitOk) return code;
  out << expr::FormatAsCelLiteral(value) << "\n";
  return kExitOk;
}

}  // namespace hdsc::cli
