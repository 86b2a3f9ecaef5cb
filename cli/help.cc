// `hdscheck help`, the list of commands and `hdscheck --help`.
#include "cli/help.h"

#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr char kHelpHelp[] =
    R"(usage: hdscheck help [--lang LANG] [COMMAND]
       hdscheck help --man [--lang LANG]
       hdscheck help --completion bash

Prints the help of hdscheck or, with COMMAND, of that command (the text of
`hdscheck COMMAND --help`), in English or French. --man prints instead the
manual page hdscheck(1), made of the same texts, in roff (view it with
`hdscheck help --man | man -l -`); --completion bash prints the bash completion
script, to source or to install as share/bash-completion/completions/hdscheck.

options:
  --lang LANG          en or fr (default en)
  --man                print the manual page (roff)
  --completion SHELL   print the completion script for SHELL (bash)
  -h, --help           show this help

exit codes:
  0   printed
  64  bad command line: unknown command, language or shell
)";

constexpr char kHelpHelpFr[] =
    R"(usage : hdscheck help [--lang LANGUE] [COMMANDE]
        hdscheck help --man [--lang LANGUE]
        hdscheck help --completion bash

Affiche l'aide de hdscheck ou, avec COMMANDE, celle de cette commande (le texte
de `hdscheck COMMANDE --help`), en anglais ou en français. --man affiche à la
place la page de manuel hdscheck(1), faite des mêmes textes, en roff (à lire avec
`hdscheck help --man --lang fr | man -l -`) ; --completion bash affiche le script
de complétion pour bash, à sourcer ou à installer comme
share/bash-completion/completions/hdscheck.

options :
  --lang LANGUE        en ou fr (en par défaut)
  --man                affiche la page de manuel (roff)
  --completion SHELL   affiche le script de complétion pour SHELL (bash)
  -h, --help           affiche cette aide

codes de sortie :
  0   affiché
  64  ligne de commande incorrecte : commande, langue ou shell inconnu
)";

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"init", "write a starter dossier for a hospital, a clinic or a health-data host",
       "écrire un dossier de départ pour un établissement de santé, une clinique ou un hébergeur", RunInit},
      {"validate", "check that dossier files load and are consistent",
       "vérifier que des fichiers de dossier se chargent et sont cohérents", RunValidate},
      {"convert", "write a dossier in another format: JSON, textproto, binary, .xlsx, .ods",
       "écrire un dossier dans un autre format : JSON, textproto, binaire, .xlsx, .ods", RunConvert},
      {"check", "check a dossier against the rule packs and print a report",
       "vérifier un dossier au regard des paquets de règles et afficher un rapport", RunCheck},
      {"rules", "list the rules of the packs, or show one",
       "lister les règles des paquets, ou en afficher une", RunRules},
      {"test", "run the rule fixtures of pack directories",
       "exécuter les cas de test des règles de répertoires de paquets", RunTest},
      {"eval", "evaluate a CEL expression, optionally over a dossier",
       "évaluer une expression CEL, éventuellement sur un dossier", RunEval},
      {"diff", "compare two JSON reports: new, fixed and unchanged failures",
       "comparer deux rapports JSON : échecs nouveaux, corrigés et inchangés", RunDiff},
      {"verify", "verify the detached signature of a JSON report",
       "vérifier la signature détachée d'un rapport JSON", RunVerify},
      {"evidence", "print the SHA-256 of evidence files (evidence hash DIR)",
       "afficher le SHA-256 de fichiers de preuve (evidence hash RÉP)", RunEvidence},
      {"help", "show this help, a command's help (also in French), the manual page",
       "afficher cette aide, celle d'une commande (aussi en anglais), la page de manuel", RunHelp},
  };
  return commands;
}

std::vector<CommandInfo> DescribeCommands() {
  std::vector<CommandInfo> infos;
  for (const Command& command : Commands()) infos.push_back(FlagParser::DescribeCommand(command.run));
  return infos;
}

void PrintUsage(std::string_view language, std::ostream& out) {
  const bool french = language == "fr";
  out << (french ? "usage : hdscheck COMMANDE [ARGUMENTS...]\n\ncommandes :\n"
                 : "usage: hdscheck COMMAND [ARGS...]\n\ncommands:\n");
  for (const Command& command : Commands()) {
    out << "  " << std::left << std::setw(12) << command.name << (french ? command.summary_fr : command.summary)
        << "\n";
  }
  out << (french ? "\n`hdscheck help --lang fr COMMANDE` décrit une commande et ses codes de sortie ;\n"
                   "`hdscheck --version` affiche la version, celle de l'ABI et les paquets de règles utilisés.\n"
                 : "\n`hdscheck COMMAND --help` describes a command and its exit codes;\n"
                   "`hdscheck help --lang fr [COMMAND]` says it in French;\n"
                   "`hdscheck --version` prints the release, its ABI and the rule packs in use.\n");
}

int PrintVersion(std::ostream& out, std::ostream& err) {
  constexpr int kExitCannotRun = 2;
  out << "hdscheck " << kVersion << "\nlibhdsc ABI " << kAbiVersion << "\n";
  const std::string packs = DefaultRulesDir();
  if (packs.empty()) {
    out << "rule packs: none found (give --rules, or set HDSC_RULES_DIR)\n";
    return kExitOk;
  }
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Compile(CompileOptions());
  if (!checker.ok()) {
    err << "hdscheck: the rule packs in " << packs << " do not load: " << checker.status().message() << "\n";
    return kExitCannotRun;
  }
  out << "rule packs: " << packs << " (" << (*checker)->Rules()->size() << " rules, sha256 "
      << (*checker)->PacksDigest() << ")\n";
  return kExitOk;
}

int RunHelp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string language = "en";
  bool man = false;
  std::string shell;
  std::vector<std::string> positionals;
  std::vector<std::string> names;
  for (const Command& command : Commands()) names.push_back(command.name);
  FlagParser parser("help", {kHelpHelp, kHelpHelpFr});
  parser.Value("--lang", &language, Completion::Words(Languages()))
      .Bool("--man", &man)
      .Value("--completion", &shell, Completion::Words({"bash"}))
      .Positionals(&positionals, 0, 1, "", "one command at a time")
      .CompleteFirstPositional(Completion::Words(names));
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  if (!CheckLanguage(language).ok()) return parser.UsageError("unknown --lang " + language + " (en or fr)", err);
  if (!shell.empty()) {
    if (shell != "bash") return parser.UsageError("--completion: unknown shell '" + shell + "' (bash)", err);
    if (man || !positionals.empty()) return parser.UsageError("--completion takes no other argument", err);
    out << BashCompletion();
    return kExitOk;
  }
  if (man) {
    if (!positionals.empty()) return parser.UsageError("--man takes no COMMAND: the page has them all", err);
    out << ManPage(language);
    return kExitOk;
  }
  if (positionals.empty()) {
    PrintUsage(language, out);
    return kExitOk;
  }
  for (const Command& command : Commands()) {
    if (positionals[0] == command.name) {
      out << FlagParser::DescribeCommand(command.run).help.In(language);
      return kExitOk;
    }
  }
  return parser.UsageError("unknown command '" + positionals[0] + "' (see hdscheck --help)", err);
}

}  // namespace hdsc::cli
