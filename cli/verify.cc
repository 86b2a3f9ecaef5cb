// `hdscheck verify`: checks the detached signature of a JSON report.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitNotVerified = 1;
constexpr int kExitCannotRun = 2;

constexpr char kUsage[] = "expected REPORT.json SIGNATURE --pubkey PUB.pem";

constexpr char kVerifyHelp[] =
    R"(usage: hdscheck verify REPORT.json SIGNATURE --pubkey PUB.pem

Verifies a report signed by `hdscheck check --sign KEY.pem` (REPORT.json and
REPORT.json.sig) with the signer's public key (Ed25519 or ECDSA P-256, PEM).
Prints "verified" or says what failed: the report was modified after signing,
it was signed with another key, the key is of the wrong type, or the
signature itself was altered.

exit codes:
  0   the signature is valid for this report and key
  1   it is not (the reason is printed)
  2   a file cannot be read, or the signature file or key is malformed
  64  bad command line
)";

constexpr char kVerifyHelpFr[] =
    R"(usage : hdscheck verify RAPPORT.json SIGNATURE --pubkey PUB.pem

Vérifie un rapport signé par `hdscheck check --sign CLÉ.pem` (RAPPORT.json et
RAPPORT.json.sig) avec la clé publique du signataire (Ed25519 ou ECDSA P-256,
PEM). Affiche "verified" ou dit ce qui a échoué : le rapport a été modifié après
la signature, il a été signé avec une autre clé, la clé n'est pas du bon type,
ou la signature elle-même a été altérée.

codes de sortie :
  0   la signature est valide pour ce rapport et cette clé
  1   elle ne l'est pas (la raison est affichée)
  2   un fichier est illisible, ou le fichier de signature ou la clé est mal formé
  64  ligne de commande incorrecte
)";

}  // namespace

int RunVerify(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  std::string pubkey_path;
  FlagParser parser("verify", {kVerifyHelp, kVerifyHelpFr});
  parser.Value("--pubkey", &pubkey_path).Positionals(&paths, 2, 2, kUsage);
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  if (pubkey_path.empty()) return parser.UsageError(std::string(kUsage) + " (see hdscheck verify --help)", err);
  std::vector<std::string> contents;
  for (const std::string& path : {paths[0], paths[1], pubkey_path}) {
    absl::StatusOr<std::string> bytes = ReadFile(path);
    if (!bytes.ok()) {
      PrintError("verify", Prefixed("unreadable file: ", bytes.status()), err);
      return kExitCannotRun;
    }
    contents.push_back(*std::move(bytes));
  }
  const absl::Status verified = VerifyReport(contents[0], contents[1], contents[2]);
  if (verified.ok()) {
    out << paths[0] << ": verified\n";
    return kExitOk;
  }
  PrintError("verify", Prefixed(paths[0] + ": ", verified), err);
  return verified.code() == absl::StatusCode::kInvalidArgument ? kExitCannotRun : kExitNotVerified;
}

}  // namespace hdsc::cli
