// `hdscheck test`: run the rule fixtures of a pack directory.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitFixturesFailed = 1;  // an expectation does not hold, or a rule lacks fixtures
constexpr int kExitCannotRun = 2;       // a pack or fixture file is broken or missing

constexpr char kTestHelp[] =
    R"(usage: hdscheck test [OPTIONS] DIR...

Runs the rule fixtures below each DIR: every `*_test.textpb` file, each a list of
`fixture { name now dossier { ... } expect { rule_id subject status } }`
(lib/model/fixture.proto), against the packs (`*.textpb`) below the same DIRs.
Each fixture runs only the rules it names; each expectation must match the
finding of that rule on that subject. Every rule below DIR must also be covered:
a fixture expecting PASS, one expecting FAIL, and one expecting NOT_APPLICABLE
when the rule has a `when` (rules of --rules packs need not be). The message of
each expected FAIL, in English and in French, must not end with a separator
(; , : or () left by a part of its template. Failures are printed as
file:line:col: message.

options:
  --rules PATH        more rule packs the tested ones need, for their frameworks,
                      parameters or profiles (repeatable)
  --no-coverage       do not require PASS/FAIL/N/A fixtures for every rule
  -h, --help          show this help

exit codes:
  0   every expectation holds and every rule is covered
  1   an expectation does not hold, or a rule lacks a fixture
  2   a pack or fixture file is missing or broken
  64  bad command line
)";

constexpr char kTestHelpFr[] =
    R"(usage : hdscheck test [OPTIONS] RÉP...

Exécute les cas de test des règles sous chaque RÉP : chaque fichier
`*_test.textpb`, une liste de
`fixture { name now dossier { ... } expect { rule_id subject status } }`
(lib/model/fixture.proto), avec les paquets (`*.textpb`) sous les mêmes RÉP.
Chaque cas n'exécute que les règles qu'il nomme ; chaque attente doit
correspondre au constat de cette règle sur ce sujet. Chaque règle sous RÉP doit
aussi être couverte : un cas attendant PASS, un attendant FAIL, et un attendant
NOT_APPLICABLE quand la règle a un `when` (les règles des paquets de --rules n'en
ont pas besoin). Les échecs sont affichés sous la forme
fichier:ligne:colonne: message.

options :
  --rules CHEMIN      d'autres paquets de règles dont ont besoin ceux testés,
                      pour leurs référentiels, paramètres ou profils (répétable)
  --no-coverage       n'exige pas de cas PASS/FAIL/N/A pour chaque règle
  -h, --help          affiche cette aide

codes de sortie :
  0   chaque attente est satisfaite et chaque règle est couverte
  1   une attente n'est pas satisfaite, ou une règle manque d'un cas de test
  2   un paquet ou un fichier de cas de test est absent ou défectueux
  64  ligne de commande incorrecte
)";

}  // namespace

int RunTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  FixtureOptions options;
  bool no_coverage = false;
  FlagParser parser("test", {kTestHelp, kTestHelpFr});
  parser.Repeated("--rules", &options.extra_rule_paths)
      .Bool("--no-coverage", &no_coverage)
      .Positionals(&options.paths, 1, FlagParser::kNoLimit, "no directory given");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  options.require_coverage = !no_coverage;

  absl::StatusOr<FixtureResult> result = RunFixtures(options);
  if (!result.ok()) {
    PrintError("test", result.status(), err, [](const std::vector<Diagnostic>& problems) {
      return Plural(problems.size(), "problem", "problems") + " in the packs or fixtures";
    });
    return kExitCannotRun;
  }
  PrintDiagnostics(result->failures, out);
  out << result->fixtures << " fixtures, " << result->expectations << " expectations, " << result->pack_files
      << " pack files: "
      << (result->failures.empty() ? "all passed" : Plural(result->failures.size(), "failure", "failures")) << "\n";
  return result->failures.empty() ? kExitOk : kExitFixturesFailed;
}

}  // namespace hdsc::cli
