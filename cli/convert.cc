// `hdscheck convert`: a dossier from one format to another, spreadsheets included.
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/flags.h"
#include "lib/api/hdsc.h"

namespace hdsc::cli {
namespace {

constexpr int kExitInvalid = 1;     // the input has problems: nothing was written
constexpr int kExitUnreadable = 2;  // the input could not be read, or the output written

constexpr char kConvertHelp[] =
    R"(usage: hdscheck convert [OPTIONS] IN -o OUT

Reads the dossier IN and writes it to OUT, each in the format of its extension:
.json, .textproto (.txtpb, .pbtxt, .textpb), .pb (.binpb), .xlsx or .ods.

JSON is written canonically (the schema's field names, unset fields left out, one
space of indentation a level), so JSON -> XLSX -> JSON gives back the same bytes.
A workbook has one sheet per kind of record (processing activities, processors,
transfers, assets, Statement of Applicability, backups, breaches, requests,
evidence, waivers, ...), the organisation and the ISMS as (field, value) sheets,
drop-down lists for enumerations, dates as dates, lists as `a; b; c`; headers are
read in English or French (docs/spreadsheets.md). An .ods in the layout of the
CNIL's simplified register model (a "Registre" sheet, "Fiche" sheets) is imported
too; what it holds that a dossier has no place for is listed as warnings.

The dossier is converted as it is: references and dates are not checked (run
`hdscheck validate` for that). A problem reading IN (a syntax error, an unknown
field, sheet or column, a value of the wrong type) is printed with its place,
`file: field.path: Sheet!D14: message` for a workbook, and nothing is written.

options:
  -o, --output OUT        the file to write (required); `-` writes to standard
                          output, with --to
  --from FORMAT           read IN as json, textproto, binary, xlsx or ods whatever
                          its name (default auto: from the extension, else the
                          content)
  --to FORMAT             write OUT as json, textproto, binary, xlsx or ods
                          whatever its name
  --lang en|fr            the language of a written workbook's sheet names and
                          headers (default en)
  --allow-unknown-fields  skip fields, sheets and columns the schema does not
                          define instead of reporting them
  --max-input-size SIZE   the largest dossier read, in bytes or with K, M or G
                          (default 4G)
  -h, --help              show this help

exit codes:
  0   OUT written (warnings, if any, on standard error)
  1   IN has problems: nothing written
  2   IN could not be read (missing, unreadable, too large) or OUT not written
  64  bad command line
)";

constexpr char kConvertHelpFr[] =
    R"(usage : hdscheck convert [OPTIONS] ENTRÉE -o SORTIE

Lit le dossier ENTRÉE et l'écrit dans SORTIE, chacun au format de son extension :
.json, .textproto (.txtpb, .pbtxt, .textpb), .pb (.binpb), .xlsx ou .ods.

Le JSON est écrit sous forme canonique (noms de champs du schéma, champs non
renseignés omis, un espace d'indentation par niveau) : JSON -> XLSX -> JSON
redonne les mêmes octets. Un classeur a une feuille par type d'enregistrement
(traitements, sous-traitants, transferts, actifs, déclaration d'applicabilité,
sauvegardes, violations, demandes, preuves, dérogations...), l'organisme et le
SMSI en feuilles (champ, valeur), des listes déroulantes pour les énumérations,
des dates en dates et les listes en `a; b; c` ; les en-têtes sont lus en français
ou en anglais (docs/spreadsheets.md). Un .ods au format du modèle de registre
simplifié de la CNIL (une feuille « Registre », des feuilles « Fiche ») est aussi
importé ; ce qu'il contient et qu'un dossier ne peut accueillir est listé en
avertissements.

Le dossier est converti tel quel : références et dates ne sont pas vérifiées
(`hdscheck validate` le fait). Un problème de lecture d'ENTRÉE (erreur de syntaxe,
champ, feuille ou colonne inconnu, valeur du mauvais type) est affiché avec sa
place, `fichier: chemin.du.champ: Feuille!D14: message` pour un classeur, et rien
n'est écrit.

options :
  -o, --output SORTIE     le fichier à écrire (obligatoire) ; `-` écrit sur la
                          sortie standard, avec --to
  --from FORMAT           lit ENTRÉE en json, textproto, binary, xlsx ou ods
                          quel que soit son nom (par défaut auto : selon
                          l'extension, sinon le contenu)
  --to FORMAT             écrit SORTIE en json, textproto, binary, xlsx ou ods
                          quel que soit son nom
  --lang en|fr            la langue des noms de feuilles et des en-têtes d'un
                          classeur écrit (en par défaut)
  --allow-unknown-fields  ignore les champs, feuilles et colonnes que le schéma
                          ne définit pas au lieu de les signaler
  --max-input-size TAILLE le plus grand dossier lu, en octets ou avec K, M ou G
                          (4G par défaut)
  -h, --help              affiche cette aide

codes de sortie :
  0   SORTIE écrite (les avertissements éventuels sur la sortie d'erreur)
  1   ENTRÉE a des problèmes : rien n'est écrit
  2   ENTRÉE n'a pas pu être lue (absente, illisible, trop grosse) ou SORTIE
      n'a pas pu être écrite
  64  ligne de commande incorrecte
)";

}  // namespace

int RunConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string output;
  std::string from = "auto";
  std::string to;
  ConvertOptions options;
  std::vector<std::string> inputs;
  std::vector<std::string> written_formats = DossierFormatNames();
  written_formats.erase(written_formats.begin());  // not "auto"
  FlagParser parser("convert", {kConvertHelp, kConvertHelpFr});
  parser.Value("-o", &output)
      .Value("--output", &output)
      .Value("--from", &from, Completion::Words(DossierFormatNames()))
      .Value("--to", &to, Completion::Words(written_formats))
      .Value("--lang", &options.language, Completion::Words({"en", "fr"}))
      .Bool("--allow-unknown-fields", &options.load.allow_unknown_fields)
      .ByteSize("--max-input-size", &options.load.max_input_bytes)
      .Positionals(&inputs, 1, 1, "no dossier given", "one dossier at a time");
  if (std::optional<int> exit_code = parser.Parse(args, out, err)) return *exit_code;
  if (output.empty()) return parser.UsageError("no output given (-o OUT)", err);
  if (absl::Status language = CheckLanguage(options.language); !language.ok()) {
    return parser.UsageError(absl::StrCat("--lang: ", language.message()), err);
  }
  absl::StatusOr<DossierFormat> input_format = ParseDossierFormat(from);
  if (!input_format.ok()) return parser.UsageError(absl::StrCat("--from: ", input_format.status().message()), err);
  absl::StatusOr<DossierFormat> output_format =
      !to.empty() ? ParseDossierFormat(to)
                  : (output == "-" ? absl::InvalidArgumentError("writing to standard output needs --to FORMAT")
                                   : DossierFormatFromPath(output));
  if (!output_format.ok()) {
    return parser.UsageError(absl::StrCat(to.empty() ? "" : "--to: ", output_format.status().message()), err);
  }
  if (*output_format == DossierFormat::kAuto) return parser.UsageError("--to: give a format, not auto", err);

  absl::StatusOr<ConvertedDossier> converted =
      ConvertDossier(DossierSource::File(inputs[0], *input_format), *output_format, options);
  if (!converted.ok()) {
    PrintError("convert", converted.status(), err, [&inputs](const std::vector<Diagnostic>& problems) {
      return absl::StrCat(inputs[0], ": ", Plural(problems.size(), "problem", "problems"), ", nothing written");
    });
    return DiagnosticsOf(converted.status()).empty() ? kExitUnreadable : kExitInvalid;
  }
  for (const Diagnostic& warning : converted->warnings) err << "warning: " << warning.ToString() << "\n";
  if (output == "-") {
    out << converted->bytes;
    out.flush();
    return out ? kExitOk : kExitUnreadable;
  }
  if (absl::Status written = WriteFile(output, converted->bytes); !written.ok()) {
    err << "hdscheck convert: " << written.message() << "\n";
    return kExitUnreadable;
  }
  return kExitOk;
}

}  // namespace hdsc::cli
