// `hdscheck init`: write a starter dossier for a kind of organisation.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitExists = 1;        // FILE exists and --force was not given
constexpr int kExitCannotWrite = 2;   // FILE could not be written

constexpr char kInitHelp[] =
    R"(usage: hdscheck init --profile PROFILE [--lang en|fr] -o FILE [--format FORMAT] [--force]

Writes a starter dossier for a kind of organisation (PROFILE: hospital, clinic or
hds-host): every section the profile needs (the organisation and its DPO, the
Art. 30 register with a processing of health data, the ISMS with the 93
ISO/IEC 27001:2022 Annex A controls listed in the Statement of Applicability,
and for hds-host the HDS certificate and a client record with its contract),
with placeholders starting with "To fill in:" ("À compléter :" with --lang fr)
where the organisation's facts go. The file validates, and fails
`hdscheck check FILE --profile PROFILE` at HIGH until it is filled in: the
first check is the list of what is left to describe.

The format is that of FILE's extension: .json (protobuf JSON mapping),
.textproto/.txtpb/.pbtxt/.textpb (text format, with notes as # comments: what
each section is for, the article that requires it, and commented-out lines for
the facts to add), .pb/.binpb (binary) or .xlsx/.ods (a workbook to fill in,
sheet names and headers in LANG: docs/spreadsheets.md), unless --format is given.

options:
  --profile PROFILE   hospital, clinic or hds-host
  --lang LANG         en (default) or fr: placeholders, control titles, notes
  -o, --output FILE   the file to write; - for standard output (JSON unless
                      --format says otherwise)
  --format FORMAT     json, textproto, binary, xlsx or ods, whatever FILE's
                      extension
  --force             replace FILE if it exists
  -h, --help          show this help

exit codes:
  0   the starter dossier was written
  1   FILE exists (nothing written; --force replaces it)
  2   FILE could not be written
  64  bad command line
)";

constexpr char kInitHelpFr[] =
    R"(usage : hdscheck init --profile PROFIL [--lang en|fr] -o FICHIER [--format FORMAT] [--force]

Écrit un dossier de départ pour une catégorie d'organisme (PROFIL : hospital,
clinic ou hds-host) : chaque partie dont le profil a besoin (l'organisme et son
DPO, le registre de l'article 30 avec un traitement de données de santé, le
SMSI avec les 93 mesures de l'annexe A d'ISO/IEC 27001:2022 dans la
déclaration d'applicabilité et, pour hds-host, le certificat HDS et une fiche
client avec son contrat), avec des textes commençant par « À compléter : »
(« To fill in: » avec --lang en) là où vont les informations de l'organisme.
Le fichier est valide, et échoue à `hdscheck check FICHIER --profile PROFIL`
au niveau HIGH tant qu'il n'est pas complété : le premier contrôle donne la
liste de ce qui reste à décrire.

Le format est celui de l'extension de FICHIER : .json (correspondance JSON de
protobuf), .textproto/.txtpb/.pbtxt/.textpb (format texte, avec des notes en
commentaires # : à quoi sert chaque partie, l'article qui l'exige, et des
lignes commentées pour les informations à ajouter), .pb/.binpb (binaire) ou
.xlsx/.ods (un classeur à compléter, noms de feuilles et en-têtes dans LANGUE :
docs/spreadsheets.md), sauf si --format est donné.

options :
  --profile PROFIL     hospital, clinic ou hds-host
  --lang LANGUE        en (par défaut) ou fr : textes à compléter, intitulés
                       des mesures, notes
  -o, --output FICHIER le fichier à écrire ; - pour la sortie standard (JSON
                       sauf si --format dit autre chose)
  --format FORMAT      json, textproto, binary, xlsx ou ods, quelle que soit
                       l'extension
  --force              remplace FICHIER s'il existe
  -h, --help           affiche cette aide

codes de sortie :
  0   le dossier de départ a été écrit
  1   FICHIER existe (rien n'est écrit ; --force le remplace)
  2   FICHIER n'a pas pu être écrit
  64  ligne de commande incorrecte
)";

// Writes `bytes` to `path`: created, or replaced only when `replace`. EEXIST in errno when it exists.
bool WriteNewFile(const std::string& path, const std::string& bytes, bool replace) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL), 0644);
  if (fd < 0) return false;
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      close(fd);
      errno = error;
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return close(fd) == 0;
}

}  // namespace

int RunInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  InitOptions options;
  std::string output;
  std::string format_name;
  bool force = false;
  FlagParser parser("init", {kInitHelp, kInitHelpFr});
  parser.Value("--profile", &options.profile, Completion::Words(InitProfiles()))
      .Value("--lang", &options.language, Completion::Words(Languages()))
      .Value("-o", &output)
      .Value("--output", &output)
      .Value("--format", &format_name, Completion::Words({"json", "textproto", "binary", "xlsx", "ods"}))
      .Bool("--force", &force);
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  if (options.profile.empty()) {
    return parser.UsageError(absl::StrCat("--profile is required (", absl::StrJoin(InitProfiles(), ", "), ")"), err);
  }
  if (output.empty()) return parser.UsageError("-o FILE is required (- for standard output)", err);
  if (!format_name.empty()) {
    absl::StatusOr<DossierFormat> format = ParseDossierFormat(format_name);
    if (!format.ok() || *format == DossierFormat::kAuto) {
      return parser.UsageError(absl::StrCat("--format: expected json, textproto, binary, xlsx or ods, got '",
                                            format_name, "'"),
                               err);
    }
    options.format = *format;
  } else if (output != "-") {
    absl::StatusOr<DossierFormat> format = DossierFormatFromPath(output);
    if (!format.ok()) return parser.UsageError(std::string(format.status().message()), err);
    options.format = *format;
  }
  absl::StatusOr<std::string> bytes = InitDossier(options);
  if (!bytes.ok()) return parser.UsageError(std::string(bytes.status().message()), err);
  if (output == "-") {
    out << *bytes;
    return kExitOk;
  }
  if (!WriteNewFile(output, *bytes, force)) {
    if (errno == EEXIST) {
      err << "hdscheck init: " << output << " exists; nothing written (--force replaces it)\n";
      return kExitExists;
    }
    err << "hdscheck init: cannot write " << output << ": " << std::strerror(errno) << "\n";
    return kExitCannotWrite;
  }
  const bool french = options.language == "fr";
  out << (french ? "écrit " : "wrote ") << output << (french ? " ; ensuite : hdscheck validate " : "; next: hdscheck validate ")
      << output << (french ? " puis hdscheck check " : ", then hdscheck check ") << output << " --profile "
      << options.profile << "\n";
  return kExitOk;
}

}  // namespace hdsc::cli
