// `hdscheck diff`: the failures that are new, fixed and unchanged between two JSON reports.
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

constexpr int kExitNewFailures = 1;
constexpr int kExitCannotRun = 2;

constexpr char kDiffHelp[] =
    R"(usage: hdscheck diff OLD.json NEW.json

Compares two reports written by `hdscheck check --format json` and lists the
failures (FAIL or ERROR findings) that are new, fixed and unchanged. Findings
are matched by rule id and the subject's own id (e.g. GDPR-33-1 on breach
br-2024-03), or its path for a subject without an id, so records inserted or
reordered between the runs change nothing else; a failure is fixed when NEW
has it as PASS, N/A or WAIVED, or no longer has it.

output: a count line, then one line per failure:
  NEW|FIXED|UNCHANGED  STATUS  SEVERITY  RULE  SUBJECT [ID]  message

exit codes:
  0   no new failure
  1   at least one new failure
  2   a report cannot be read or is not a JSON report
  64  bad command line
)";

constexpr char kDiffHelpFr[] =
    R"(usage : hdscheck diff ANCIEN.json NOUVEAU.json

Compare deux rapports écrits par `hdscheck check --format json` et liste les
échecs (constats FAIL ou ERROR) nouveaux, corrigés et inchangés. Les constats
sont appariés par identifiant de règle et identifiant propre du sujet (p. ex.
GDPR-33-1 sur la violation br-2024-03), ou son chemin pour un sujet sans
identifiant : des enregistrements insérés ou réordonnés entre les deux
exécutions ne changent rien d'autre ; un échec est corrigé quand NOUVEAU l'a en
PASS, N/A ou WAIVED, ou ne l'a plus.

sortie : une ligne de comptes, puis une ligne par échec :
  NEW|FIXED|UNCHANGED  STATUT  GRAVITÉ  RÈGLE  SUJET [ID]  message

codes de sortie :
  0   aucun nouvel échec
  1   au moins un nouvel échec
  2   un rapport est illisible ou n'est pas un rapport JSON
  64  ligne de commande incorrecte
)";

// The report written as JSON at `path`.
absl::StatusOr<v1::Report> ReadReport(const std::string& path) {
  absl::StatusOr<std::string> json = ReadFile(path);
  if (!json.ok()) return json.status();
  return ParseReport(*json, path);
}

}  // namespace

int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  FlagParser parser("diff", {kDiffHelp, kDiffHelpFr});
  parser.Positionals(&paths, 2, 2, "expected OLD.json NEW.json");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  absl::StatusOr<v1::Report> old_report = ReadReport(paths[0]);
  absl::StatusOr<v1::Report> new_report = ReadReport(paths[1]);
  for (const absl::StatusOr<v1::Report>* each : {&old_report, &new_report}) {
    if (!each->ok()) {
      PrintError("diff", each->status(), err);
      return kExitCannotRun;
    }
  }
  const ReportDiff diff = DiffReports(*old_report, *new_report);
  out << RenderDiff(diff);
  return diff.new_failures.empty() ? kExitOk : kExitNewFailures;
}

}  // namespace hdsc::cli
