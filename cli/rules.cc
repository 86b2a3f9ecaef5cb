// `hdscheck rules`: list the rules of the packs, and show one in full.
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/pack_paths.h"
#include "lib/base/language.h"
#include "lib/check/checker.h"
#include "lib/io/diagnostic.h"
#include "lib/rules/pack.h"

namespace hdsc::cli {
namespace {

constexpr int kExitNotFound = 1;   // no such rule or framework
constexpr int kExitCannotRun = 2;  // a rule pack is broken

constexpr char kRulesHelp[] =
    R"(usage: hdscheck rules list [--framework ID] [OPTIONS]
       hdscheck rules show RULE_ID [OPTIONS]

`list` prints one line per rule: id, severity, title and citations, sorted by id;
with --framework, only the rules that cite that framework or evidence one of its
requirements. `show` prints everything about one rule: what it iterates, its
expressions, texts, citations, the requirements it evidences and where it is
defined.

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

std::string Citations(const v1::Rule& rule) {
  std::vector<std::string> citations;
  for (const v1::Reference& reference : rule.reference()) {
    citations.push_back(reference.framework() + " " + reference.citation());
  }
  return absl::StrJoin(citations, "; ");
}

void ShowRule(const check::Checker& checker, const rules::LoadedRule& loaded, const std::string& language,
              std::ostream& out) {
  const v1::Rule& rule = loaded.rule;
  const bool french = base::LanguageOrEnglish(language) == base::Language::kFr;
  auto line = [&out](const char* label, const std::string& value) {
    if (!value.empty()) out << label << value << "\n";
  };
  out << rule.id() << "  " << v1::Rule::Severity_Name(rule.severity()) << "\n";
  line(french ? "titre        : " : "title        : ", rules::Localized(rule.title(), language));
  line(french ? "pour chaque  : " : "for each     : ", rule.for_each().empty() ? "(dossier)" : rule.for_each());
  line(french ? "si           : " : "when         : ", rule.when());
  line(french ? "exige        : " : "require      : ", rule.require());
  line(french ? "message      : " : "message      : ", rules::Localized(rule.message(), language));
  line(french ? "justification: " : "rationale    : ", rules::Localized(rule.rationale(), language));
  line(french ? "correctif    : " : "remediation  : ", rules::Localized(rule.remediation(), language));
  line(french ? "références   : " : "references   : ", Citations(rule));
  line(french ? "étiquettes   : " : "tags         : ", absl::StrJoin(rule.tag(), ", "));
  std::vector<std::string> requirements;
  for (const rules::LoadedFramework& framework : checker.packs().frameworks()) {
    for (int i = 0; i < framework.framework.requirement_size(); ++i) {
      for (const std::string& id : framework.requirement_rules[i]) {
        if (id == rule.id()) requirements.push_back(framework.framework.id() + " " + framework.framework.requirement(i).id());
      }
    }
  }
  line(french ? "exigences    : " : "requirements : ", absl::StrJoin(requirements, ", "));
  out << (french ? "défini dans  : " : "defined at   : ") << loaded.file << ":" << loaded.location.line << ":"
      << loaded.location.column << "\n";
}

}  // namespace

int RunRules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  check::CheckerOptions options;
  std::string framework;
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string value;
    bool missing = false;
    if (arg == "-h" || arg == "--help") {
      out << kRulesHelp;
      return kExitOk;
    } else if (TakeFlagValue(args, &i, "--rules", "rules", &value, &missing, err)) {
      options.rule_paths.push_back(value);
    } else if (TakeFlagValue(args, &i, "--framework", "rules", &framework, &missing, err) ||
               TakeFlagValue(args, &i, "--lang", "rules", &options.language, &missing, err)) {
    } else if (!arg.empty() && arg[0] == '-') {
      err << "hdscheck rules: unknown option " << arg << " (see --help)\n";
      return kExitUsage;
    } else {
      positional.push_back(arg);
    }
    if (missing) return kExitUsage;
  }
  const bool list = !positional.empty() && positional[0] == "list" && positional.size() == 1;
  const bool show = !positional.empty() && positional[0] == "show" && positional.size() == 2;
  if (!list && !show) {
    err << "hdscheck rules: expected `list` or `show RULE_ID` (see --help)\n";
    return kExitUsage;
  }
  if (!base::ParseLanguage(options.language).ok()) {
    err << "hdscheck rules: unknown --lang " << options.language << " (en or fr)\n";
    return kExitUsage;
  }
  if (options.rule_paths.empty()) {
    const std::string bundled = DefaultRulesDir();
    if (bundled.empty()) {
      err << "hdscheck rules: no rule packs found; pass --rules DIR or set HDSC_RULES_DIR\n";
      return kExitCannotRun;
    }
    options.rule_paths.push_back(bundled);
  }
  std::vector<io::Diagnostic> problems;
  absl::StatusOr<std::unique_ptr<check::Checker>> checker = check::Checker::Create(options, &problems);
  if (!checker.ok()) {
    for (const io::Diagnostic& problem : problems) err << problem.ToString() << "\n";
    if (problems.empty()) err << "hdscheck rules: " << checker.status().message() << "\n";
    return kExitCannotRun;
  }
  const rules::PackSet& packs = (*checker)->packs();

  if (show) {
    const rules::LoadedRule* rule = packs.FindRule(positional[1]);
    if (rule == nullptr) {
      err << "hdscheck rules: no rule '" << positional[1] << "'\n";
      return kExitNotFound;
    }
    ShowRule(**checker, *rule, options.language, out);
    return kExitOk;
  }

  std::set<std::string> wanted;
  if (!framework.empty()) {
    const rules::LoadedFramework* found = packs.FindFramework(framework);
    if (found == nullptr) {
      err << "hdscheck rules: no framework '" << framework << "'\n";
      return kExitNotFound;
    }
    for (const std::vector<std::string>& ids : found->requirement_rules) wanted.insert(ids.begin(), ids.end());
    for (const rules::LoadedRule& rule : packs.rules()) {
      for (const v1::Reference& reference : rule.rule.reference()) {
        if (reference.framework() == framework) wanted.insert(rule.rule.id());
      }
    }
  }
  std::vector<const rules::LoadedRule*> listed;
  for (const rules::LoadedRule& rule : packs.rules()) {
    if (framework.empty() || wanted.count(rule.rule.id()) > 0) listed.push_back(&rule);
  }
  std::sort(listed.begin(), listed.end(),
            [](const rules::LoadedRule* a, const rules::LoadedRule* b) { return a->rule.id() < b->rule.id(); });
  for (const rules::LoadedRule* rule : listed) {
    out << rule->rule.id() << "  " << v1::Rule::Severity_Name(rule->rule.severity()) << "  "
        << rules::Localized(rule->rule.title(), options.language) << "  [" << Citations(rule->rule) << "]\n";
  }
  return kExitOk;
}

}  // namespace hdsc::cli
