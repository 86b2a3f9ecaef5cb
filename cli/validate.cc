// `hdscheck validate`: load dossier files and report every problem with its location.
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

constexpr int kExitInvalid = 1;     // a file has problems
constexpr int kExitUnreadable = 2;  // a file could not be read at all

constexpr char kValidateHelp[] =
    R"(usage: hdscheck validate [OPTIONS] FILE...

Loads each dossier and checks it: syntax, field names and value types, unique ids,
references between records (processors, assets, zones, evidence, processing
activities), ISO/IEC 27001:2022 Annex A control ids, ISO 3166-1 alpha-2 country codes
and the order of dates. Every problem is printed as

  file:line:col: field.path: message

(binary files have no lines: `file: field.path: message`; a workbook's problems
name the cell: `file: field.path: Sheet!D14: message`), then one summary line.

The format comes from the file extension: .json (protobuf JSON mapping),
.textproto/.txtpb/.pbtxt/.textpb (protobuf text format), .pb/.binpb (binary), or
.xlsx/.ods (a workbook, docs/spreadsheets.md), unless --format is given. A file
with none of these extensions is read as a workbook if it is a zip archive, as
JSON if it starts with '{', as text format if it is UTF-8 text, as binary
otherwise. Files over --max-input-size (4G by default), nesting over 64 levels and
files of more values than one per 16 bytes of that size are refused, and so are
workbooks beyond their limits.

options:
  --format FORMAT         read every FILE as json, textproto, binary, xlsx or ods
                          (or auto: from the extension or the content, the
                          default)
  --allow-unknown-fields  skip fields the schema does not define instead of
                          reporting them (by default a misspelt field is an error)
  --max-input-size SIZE   the largest file read, in bytes or with K, M or G
                          (default 4G)
  -h, --help              show this help

exit codes:
  0   every file is valid
  1   at least one file has problems (and every file could be read)
  2   at least one file could not be read: missing, unreadable or too large
  64  bad command line
)";

constexpr char kValidateHelpFr[] =
    R"(usage : hdscheck validate [OPTIONS] FICHIER...

Charge chaque dossier et le vérifie : syntaxe, noms de champs et types des valeurs,
unicité des identifiants, références entre enregistrements (sous-traitants, actifs,
zones, preuves, activités de traitement), identifiants des mesures de l'annexe A
d'ISO/IEC 27001:2022, codes pays ISO 3166-1 alpha-2 et ordre des dates. Chaque
problème est affiché sous la forme

  fichier:ligne:colonne: chemin.du.champ: message

(les fichiers binaires n'ont pas de lignes : `fichier: chemin.du.champ: message` ;
les problèmes d'un classeur nomment la cellule :
`fichier: chemin.du.champ: Feuille!D14: message`), puis une ligne de synthèse.

Le format vient de l'extension du fichier : .json (correspondance JSON de
protobuf), .textproto/.txtpb/.pbtxt/.textpb (format texte de protobuf),
.pb/.binpb (binaire) ou .xlsx/.ods (un classeur, docs/spreadsheets.md), sauf si
--format est donné. Un fichier sans aucune de ces extensions est lu comme un
classeur si c'est une archive zip, en JSON s'il commence par '{', en format texte
s'il est du texte UTF-8, en binaire sinon. Les fichiers au-delà de --max-input-size
(4G par défaut), une imbrication de plus de 64 niveaux, les fichiers de plus d'une
valeur par 16 octets de cette taille et les classeurs au-delà de leurs limites
sont refusés.

options :
  --format FORMAT         lit chaque FICHIER en json, textproto, binary, xlsx ou
                          ods (ou auto : selon l'extension ou le contenu, par
                          défaut)
  --allow-unknown-fields  ignore les champs que le schéma ne définit pas au lieu
                          de les signaler (par défaut un champ mal orthographié
                          est une erreur)
  --max-input-size TAILLE le plus grand fichier lu, en octets ou avec K, M ou G
                          (4G par défaut)
  -h, --help              affiche cette aide

codes de sortie :
  0   chaque fichier est valide
  1   au moins un fichier a des problèmes (et chaque fichier a pu être lu)
  2   au moins un fichier n'a pas pu être lu : absent, illisible ou trop gros
  64  ligne de commande incorrecte
)";

}  // namespace

int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  LoadOptions options;
  std::string format_name = "auto";
  std::vector<std::string> files;
  FlagParser parser("validate", {kValidateHelp, kValidateHelpFr});
  parser.Value("--format", &format_name, Completion::Words(DossierFormatNames()))
      .Bool("--allow-unknown-fields", &options.allow_unknown_fields)
      .ByteSize("--max-input-size", &options.max_input_bytes)
      .Positionals(&files, 1, FlagParser::kNoLimit, "no dossier file given");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  absl::StatusOr<DossierFormat> format = ParseDossierFormat(format_name);
  if (!format.ok()) return parser.UsageError(std::string(format.status().message()), err);

  size_t valid = 0;
  size_t invalid = 0;
  size_t unreadable = 0;
  size_t problems = 0;
  for (const std::string& file : files) {
    absl::StatusOr<std::vector<Diagnostic>> diagnostics = Validate(DossierSource::File(file, *format), options);
    if (!diagnostics.ok()) {
      ++unreadable;
      err << diagnostics.status().message() << "\n";
      continue;
    }
    PrintDiagnostics(*diagnostics, out);
    problems += diagnostics->size();
    diagnostics->empty() ? ++valid : ++invalid;
  }
  out << Plural(files.size(), "file", "files") << ", " << valid << " valid, " << invalid << " invalid ("
      << Plural(problems, "problem", "problems") << ")";
  if (unreadable > 0) out << ", " << unreadable << " unreadable";
  out << "\n";
  if (unreadable > 0) return kExitUnreadable;
  return invalid > 0 ? kExitInvalid : kExitOk;
}

}  // namespace hdsc::cli
