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
otherwise. Files over 64 MiB, nesting over 64 levels and JSON documents of more
than 2,000,000 values are refused, and so are workbooks beyond their limits.

options:
  --format FORMAT         read every FILE as json, textproto, binary, xlsx or ods
                          (or auto: from the extension or the content, the
                          default)
  --allow-unknown-fields  skip fields the schema does not define instead of
                          reporting them (by default a misspelt field is an error)
  -h, --help              show this help

exit codes:
  0   every file is valid
  1   at least one file has problems (and every file could be read)
  2   at least one file could not be read: missing, unreadable or too large
  64  bad command line
)";

}  // namespace

int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  LoadOptions options;
  std::string format_name = "auto";
  std::vector<std::string> files;
  FlagParser parser("validate", kValidateHelp);
  parser.Value("--format", &format_name)
      .Bool("--allow-unknown-fields", &options.allow_unknown_fields)
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
