// `hdscheck rules`: list the rules of the packs, and show one in full.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitNotFound = 1;   // no such rule or framework
constexpr int kExitCannotRun = 2;  // a rule pack is broken

constexpr char kRulesHelp[] =
    R"(usage: hdscheck rules list [--framework ID] [OPTIONS]
       hdscheck rules show RULE_ID [OPTIONS]
       hdscheck rules profiles [OPTIONS]

`list` prints one line per rule: id, severity, title and citations, sorted by id;
with --framework, only the rules that cite that framework or evidence one of its
requirements. `show` prints everything about one rule: what it iterates, its
expressions, texts, citations, the requirements it evidences and where it is
defined. `profiles` prints one line per profile (for `check --profile`): id and
title, sorted by id.

options:
  --rules PATH     a rule pack directory or file; repeatable (default: the
                   bundled packs)
  --framework ID   list: only this framework's rules
  --lang LANG      en or fr (default en)
  -h, --help       show this help

exit codes:
  0   done
  1   no such rule or framework
  2   a rule pack is broken (its problems are printed as file:line:col: message)
  64  bad command line
)";

constexpr char kRulesHelpFr[] =
    R"(usage : hdscheck rules list [--framework ID] [OPTIONS]
        hdscheck rules show ID_RÈGLE [OPTIONS]
        hdscheck rules profiles [OPTIONS]

`list` affiche une ligne par règle : identifiant, gravité, titre et références,
triées par identifiant ; avec --framework, seulement les règles qui citent ce
référentiel ou servent de preuve à l'une de ses exigences. `show` affiche tout
d'une règle : ce qu'elle parcourt, ses expressions, ses textes, ses références,
les exigences qu'elle prouve et l'endroit où elle est définie. `profiles` affiche
une ligne par profil (pour `check --profile`) : identifiant et titre, triés par
identifiant.

options :
  --rules CHEMIN   un répertoire ou fichier de paquet de règles ; répétable (par
                   défaut : les paquets fournis)
  --framework ID   list : seulement les règles de ce référentiel
  --lang LANGUE    en ou fr (en par défaut)
  -h, --help       affiche cette aide

codes de sortie :
  0   terminé
  1   règle ou référentiel inconnu
  2   un paquet de règles est défectueux (ses problèmes sont affichés sous la
      forme fichier:ligne:colonne: message)
  64  ligne de commande incorrecte
)";

constexpr char kUsage[] = "expected `list`, `show RULE_ID` or `profiles`";

std::string Citations(const v1::Rule& rule) {
  std::vector<std::string> citations;
  for (const v1::Reference& reference : rule.reference()) {
    citations.push_back(reference.framework() + " " + reference.citation());
  }
  return absl::StrJoin(citations, "; ");
}

void ShowRule(const RuleInfo& info, const std::string& language, std::ostream& out) {
  const v1::Rule& rule = info.rule;
  const bool french = language == "fr";
  auto line = [&out](const char* label, const std::string& value) {
    if (!value.empty()) out << label << value << "\n";
  };
  out << rule.id() << "  " << v1::Rule::Severity_Name(rule.severity()) << "\n";
  line(french ? "titre        : " : "title        : ", Localized(rule.title(), language));
  line(french ? "pour chaque  : " : "for each     : ", rule.for_each().empty() ? "(dossier)" : rule.for_each());
  line(french ? "si           : " : "when         : ", rule.when());
  line(french ? "exige        : " : "require      : ", rule.require());
  line(french ? "message      : " : "message      : ", Localized(rule.message(), language));
  line(french ? "justification: " : "rationale    : ", Localized(rule.rationale(), language));
  line(french ? "correctif    : " : "remediation  : ", Localized(rule.remediation(), language));
  line(french ? "références   : " : "references   : ", Citations(rule));
  line(french ? "étiquettes   : " : "tags         : ", absl::StrJoin(rule.tag(), ", "));
  line(french ? "exigences    : " : "requirements : ", absl::StrJoin(info.requirements, ", "));
  out << (french ? "défini dans  : " : "defined at   : ") << info.file << ":" << info.line << ":" << info.column
      << "\n";
}

}  // namespace

int RunRules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CompileOptions options;
  std::string framework;
  std::vector<std::string> positionals;
  FlagParser parser("rules", {kRulesHelp, kRulesHelpFr});
  parser.Repeated("--rules", &options.rule_paths)
      .Value("--framework", &framework, {Completion::Kind::kNone})
      .Value("--lang", &options.language, Completion::Words(Languages()))
      .Positionals(&positionals, 1, 2, kUsage, kUsage)
      .CompleteFirstPositional(Completion::Words({"list", "show", "profiles"}));
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  const bool list = positionals[0] == "list" && positionals.size() == 1;
  const bool show = positionals[0] == "show" && positionals.size() == 2;
  const bool profiles = positionals[0] == "profiles" && positionals.size() == 1;
  if (!list && !show && !profiles) return parser.UsageError(std::string(kUsage) + " (see hdscheck rules --help)", err);
  if (!CheckLanguage(options.language).ok()) {
    return parser.UsageError("unknown --lang " + options.language + " (en or fr)", err);
  }
  absl::StatusOr<std::unique_ptr<Checker>> checker = Checker::Compile(options);
  if (!checker.ok()) {
    PrintError("rules", checker.status(), err, [](const std::vector<Diagnostic>& problems) {
      return Plural(problems.size(), "problem", "problems") + " in the rule packs";
    });
    return kExitCannotRun;
  }

  if (profiles) {
    for (const v1::Profile& profile : (*checker)->Profiles()) {
      out << profile.id() << "  " << Localized(profile.title(), options.language) << "\n";
    }
    return kExitOk;
  }
  if (show) {
    absl::StatusOr<RuleInfo> rule = (*checker)->Rule(positionals[1]);
    if (!rule.ok()) {
      PrintError("rules", rule.status(), err);
      return kExitNotFound;
    }
    ShowRule(*rule, options.language, out);
    return kExitOk;
  }
  absl::StatusOr<std::vector<RuleInfo>> rules = (*checker)->Rules(framework);
  if (!rules.ok()) {
    PrintError("rules", rules.status(), err);
    return kExitNotFound;
  }
  for (const RuleInfo& info : *rules) {
    out << info.rule.id() << "  " << v1::Rule::Severity_Name(info.rule.severity()) << "  "
        << Localized(info.rule.title(), options.language) << "  [" << Citations(info.rule) << "]\n";
  }
  return kExitOk;
}

}  // namespace hdsc::cli
