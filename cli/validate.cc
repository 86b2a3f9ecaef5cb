// `hdscheck validate`: load dossier files and report every problem with its location.
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/load.h"

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

(binary files have no lines: `file: field.path: message`), then one summary line.

The format comes from the file extension: .json (protobuf JSON mapping),
.textproto/.txtpb/.pbtxt/.textpb (protobuf text format) or .pb/.binpb (binary),
unless --format is given. Files over 64 MiB, nesting over 64 levels and JSON
documents of more than 2,000,000 values are refused.

options:
  --format FORMAT         read every FILE as json, textproto or binary
  --allow-unknown-fields  skip fields the schema does not define instead of
                          reporting them (by default a misspelt field is an error)
  -h, --help              show this help

exit codes:
  0   every file is valid
  1   at least one file has problems (and every file could be read)
  2   at least one file could not be read: missing, unreadable, too large, or of
      unknown format
  64  bad command line
)";

std::string Plural(size_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

}  // namespace

int RunValidate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  io::LoadOptions options;
  std::vector<std::string> files;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.empty() || arg[0] != '-' || arg == "-") {
      files.push_back(arg);
    } else if (arg == "--") {
      options_ended = true;
    } else if (arg == "-h" || arg == "--help") {
      out << kValidateHelp;
      return kExitOk;
    } else if (arg == "--allow-unknown-fields") {
      options.allow_unknown_fields = true;
    } else if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
      std::string name;
      if (arg == "--format") {
        if (i + 1 == args.size()) {
          err << "hdscheck validate: --format needs a value (json, textproto or binary)\n";
          return kExitUsage;
        }
        name = args[++i];
      } else {
        name = arg.substr(std::string("--format=").size());
      }
      absl::StatusOr<io::Format> format = io::ParseFormatName(name);
      if (!format.ok()) {
        err << "hdscheck validate: " << format.status().message() << "\n";
        return kExitUsage;
      }
      options.format = *format;
    } else {
      err << "hdscheck validate: unknown option '" << arg << "' (see hdscheck validate --help)\n";
      return kExitUsage;
    }
  }
  if (files.empty()) {
    err << "hdscheck validate: no dossier file given (see hdscheck validate --help)\n";
    return kExitUsage;
  }

  size_t valid = 0;
  size_t invalid = 0;
  size_t unreadable = 0;
  size_t problems = 0;
  for (const std::string& file : files) {
    absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossierFile(file, options);
    if (!loaded.ok()) {
      ++unreadable;
      err << loaded.status().message() << "\n";
      continue;
    }
    for (const io::Diagnostic& diagnostic : loaded->diagnostics) out << diagnostic.ToString() << "\n";
    problems += loaded->diagnostics.size();
    loaded->valid() ? ++valid : ++invalid;
  }
  out << Plural(files.size(), "file", "files") << ", " << valid << " valid, " << invalid << " invalid ("
      << Plural(problems, "problem", "problems") << ")";
  if (unreadable > 0) out << ", " << unreadable << " unreadable";
  out << "\n";
  if (unreadable > 0) return kExitUnreadable;
  return invalid > 0 ? kExitInvalid : kExitOk;
}

}  // namespace hdsc::cli
