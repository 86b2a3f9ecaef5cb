// `hdscheck eval`: evaluates one CEL expression and prints the result as a CEL literal.
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

// Exit codes of `eval`, besides kExitOk and kExitUsage.
constexpr int kExitCompileError = 2;     // the expression (or a --var) does not parse or type-check
constexpr int kExitEvaluationError = 3;  // it evaluated to an error
constexpr int kExitDossierError = 4;     // the --dossier file could not be read or is invalid

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
  --dossier FILE     load FILE (JSON, textproto, binary, .xlsx or .ods) as `dossier`; an invalid
                     dossier is refused: its problems are printed as file:line:col: message
  --var NAME=CEL     declare NAME as the value (and checked type) of the CEL expression
  --container NAME   package names resolve in (default hdsc.v1, so `RiskLevel.RISK_LEVEL_HIGH`
                     names hdsc.v1.RiskLevel.RISK_LEVEL_HIGH)
  --now TIME         the value of `now`, RFC 3339 (e.g. 2024-01-01T00:00:00Z)
  --max-input-size SIZE  the largest dossier read, in bytes or with K, M or G (default 4G)
  -h, --help         this text
  --                 what follows is EXPR even if it starts with '-' (hdscheck eval -- -1)

Exit codes:
  0   the value was printed on standard output
  2   EXPR or a --var does not parse or type-check; `<expr>:LINE:COLUMN: message` on standard error
  3   evaluation produced an error; `error: MESSAGE` on standard error
  4   the --dossier file could not be read or is not a valid dossier
  64  bad command line
)";

constexpr char kHelpFr[] = R"(usage : hdscheck eval EXPR [--dossier FICHIER] [--var NOM=CEL]... [--container NOM] [--now DATE]

Évalue l'expression CEL EXPR et affiche sa valeur sous la forme d'un littéral CEL qui s'évalue
en la même valeur : 1, 1u, 1.0, "s", b"\x00", [1, 2], {"a": 1}, null, true,
timestamp("2024-01-01T00:00:00Z"), duration("3600s"), une énumération par son numéro, un
message sous la forme hdsc.v1.Type{champ: valeur}.

Variables :
  dossier    hdsc.v1.Dossier, le fichier donné par --dossier (déclarée seulement alors)
  now        timestamp, l'heure courante ou --now
  NOM        chaque --var ; les expressions --var suivantes peuvent utiliser les précédentes

Options :
  --dossier FICHIER  charge FICHIER (JSON, textproto, binaire, .xlsx ou .ods) comme `dossier` ; un
                     dossier invalide est refusé : ses problèmes sont affichés sous la forme
                     fichier:ligne:colonne: message
  --var NOM=CEL      déclare NOM comme la valeur (et le type vérifié) de l'expression CEL
  --container NOM    le paquet dans lequel les noms sont résolus (hdsc.v1 par défaut, si bien que
                     `RiskLevel.RISK_LEVEL_HIGH` désigne hdsc.v1.RiskLevel.RISK_LEVEL_HIGH)
  --now DATE         la valeur de `now`, RFC 3339 (p. ex. 2024-01-01T00:00:00Z)
  --max-input-size TAILLE  le plus grand dossier lu, en octets ou avec K, M ou G (4G par défaut)
  -h, --help         ce texte
  --                 ce qui suit est EXPR même s'il commence par '-' (hdscheck eval -- -1)

Codes de sortie :
  0   la valeur a été affichée sur la sortie standard
  2   EXPR ou une --var ne s'analyse pas ou n'est pas bien typée ; `<expr>:LIGNE:COLONNE: message`
      sur la sortie d'erreur
  3   l'évaluation a produit une erreur ; `error: MESSAGE` sur la sortie d'erreur
  4   le fichier --dossier est illisible ou n'est pas un dossier valide
  64  ligne de commande incorrecte
)";

// Parses the command line into `expression`, `dossier_path` and `options`. Returns the exit code to stop
// with, or nullopt to go on.
std::optional<int> ParseEvalArgs(const std::vector<std::string>& args, std::string& expression,
                                 std::string& dossier_path, EvalOptions& options, std::ostream& out,
                                 std::ostream& err) {
  std::vector<std::string> positionals;
  std::vector<std::string> vars;
  std::string now_text;
  FlagParser parser("eval", {kHelp, kHelpFr});
  parser.Value("--dossier", &dossier_path)
      .Repeated("--var", &vars, {Completion::Kind::kNone})
      .Value("--container", &options.container, {Completion::Kind::kNone})
      .Value("--now", &now_text, {Completion::Kind::kNone})
      .ByteSize("--max-input-size", &options.load.max_input_bytes)
      .Positionals(&positionals, 1, 1, "missing EXPR", "one expression only (quote it)");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return exit_code;
  expression = positionals.front();
  if (!now_text.empty()) {
    absl::Time now;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, now_text, &now, &error)) {
      return parser.UsageError("--now '" + now_text + "' is not an RFC 3339 time: " + error, err);
    }
    options.now = now;
  }
  for (const std::string& var : vars) {
    const size_t equals = var.find('=');
    const std::string name = var.substr(0, equals);
    if (equals == std::string::npos || name.empty()) {
      return parser.UsageError("--var '" + var + "' is not NAME=CEL", err);
    }
    if (name == "dossier" || name == "now") return parser.UsageError("--var cannot redefine '" + name + "'", err);
    for (const auto& [existing, source] : options.variables) {
      if (existing == name) return parser.UsageError("--var '" + name + "' given twice", err);
    }
    options.variables.emplace_back(name, var.substr(equals + 1));
  }
  return std::nullopt;
}

// The text of the expression or variable a compile problem is located in (`<expr>`, `--var NAME`).
std::string_view SourceOf(const Diagnostic& problem, std::string_view expression, const EvalOptions& options) {
  for (const auto& [name, source] : options.variables) {
    if (problem.file == "--var " + name) return source;
  }
  return expression;
}

// Writes each compile problem (`<expr>:LINE:COLUMN: message`), followed by the source line it points into and a
// caret under the column.
void PrintCompileErrors(const std::vector<Diagnostic>& problems, std::string_view expression,
                        const EvalOptions& options, std::ostream& err) {
  for (const Diagnostic& problem : problems) {
    err << problem.ToString() << "\n";
    const std::string_view source = SourceOf(problem, expression, options);
    const std::vector<absl::string_view> source_lines =
        absl::StrSplit(absl::string_view(source.data(), source.size()), '\n');
    if (problem.line < 1 || problem.line > static_cast<int>(source_lines.size()) || problem.column < 1) continue;
    const absl::string_view text = source_lines[problem.line - 1];
    // Columns count code points: advance over UTF-8 continuation bytes to place the caret.
    size_t byte = 0;
    for (int code_point = 1; code_point < problem.column && byte < text.size(); ++code_point) {
      ++byte;
      while (byte < text.size() && (static_cast<unsigned char>(text[byte]) & 0xC0) == 0x80) ++byte;
    }
    std::string padding;
    for (size_t i = 0; i < byte; ++i) padding += text[i] == '\t' ? '\t' : ' ';
    err << " | " << text << "\n | " << padding << "^\n";
  }
}

}  // namespace

int RunEval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string expression;
  std::string dossier_path;
  EvalOptions options;
  if (std::optional<int> exit_code = ParseEvalArgs(args, expression, dossier_path, options, out, err)) {
    return *exit_code;
  }
  // The dossier is loaded here rather than by `Eval`, so that its problems and those of the expression exit
  // differently; `Eval` validates the loaded message again, which is cheap.
  std::optional<LoadedDossier> dossier;
  if (!dossier_path.empty()) {
    absl::StatusOr<LoadedDossier> loaded = LoadDossier(DossierSource::File(dossier_path));
    if (!loaded.ok()) {
      PrintError("eval", loaded.status(), err, [&dossier_path](const std::vector<Diagnostic>& problems) {
        return dossier_path + " is not a valid dossier (" + Plural(problems.size(), "problem", "problems") +
               "); nothing was evaluated";
      });
      return kExitDossierError;
    }
    dossier = *std::move(loaded);
    options.dossier = DossierSource::Message(dossier->dossier, dossier_path);
  }

  absl::StatusOr<EvalResult> result = Eval(expression, options);
  if (!result.ok()) {
    const std::vector<Diagnostic> problems = DiagnosticsOf(result.status());
    if (problems.empty()) {
      err << "error: " << result.status().message() << "\n";
      return kExitEvaluationError;
    }
    PrintCompileErrors(problems, expression, options, err);
    return kExitCompileError;
  }
  if (!result->error.ok()) {
    err << "error: " << result->error.message() << "\n";
    return kExitEvaluationError;
  }
  out << result->literal << "\n";
  return kExitOk;
}

}  // namespace hdsc::cli
