// `hdscheck evidence hash DIR`: the SHA-256 of every file under a directory, to record in a dossier.
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

constexpr int kExitCannotRun = 2;

constexpr char kEvidenceHelp[] =
    R"(usage: hdscheck evidence hash [--json] DIR

Prints the SHA-256 of every regular file under DIR (symbolic links are not
followed), sorted by path, as `sha256  path` lines (the format of sha256sum,
so `sha256sum -c` can check them), or with --json as a list of
{"location": ..., "sha256": ...} objects to paste into a dossier's `evidence`
records. Paths are relative to DIR: run `hdscheck check --evidence-root DIR`
to have the checker compare them with the files.

exit codes:
  0   digests printed
  2   DIR cannot be read
  64  bad command line
)";

constexpr char kEvidenceHelpFr[] =
    R"(usage : hdscheck evidence hash [--json] RÉP

Affiche le SHA-256 de chaque fichier ordinaire sous RÉP (les liens symboliques ne
sont pas suivis), trié par chemin, en lignes `sha256  chemin` (le format de
sha256sum, que `sha256sum -c` sait vérifier), ou avec --json en liste d'objets
{"location": ..., "sha256": ...} à coller dans les enregistrements `evidence`
d'un dossier. Les chemins sont relatifs à RÉP : lancez
`hdscheck check --evidence-root RÉP` pour que le vérificateur les compare aux
fichiers.

codes de sortie :
  0   empreintes affichées
  2   RÉP est illisible
  64  ligne de commande incorrecte
)";

}  // namespace

int RunEvidence(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> positionals;
  bool json = false;
  FlagParser parser("evidence", {kEvidenceHelp, kEvidenceHelpFr});
  parser.Bool("--json", &json)
      .Positionals(&positionals, 1, 2, "expected `hash`", "one directory at a time")
      .CompleteFirstPositional(Completion::Words({"hash"}));
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  if (positionals[0] != "hash") return parser.UsageError("expected `hash` (see hdscheck evidence --help)", err);
  if (positionals.size() < 2) return parser.UsageError("no directory given (see hdscheck evidence --help)", err);
  absl::StatusOr<std::vector<FileDigest>> digests = HashEvidence(positionals[1]);
  if (!digests.ok()) {
    PrintError("evidence hash", digests.status(), err);
    return kExitCannotRun;
  }
  if (json) {
    out << FileDigestsJson(*digests);
  } else {
    for (const FileDigest& digest : *digests) out << digest.sha256 << "  " << digest.path << "\n";
  }
  return kExitOk;
}

}  // namespace hdsc::cli
