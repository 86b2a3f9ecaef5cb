// Loading a dossier: read it in any of the formats (JSON, textproto, binary, .xlsx, .ods), then check it. This is the entry point for the
// checker, the C API and `hdscheck validate`.
//
//   absl::StatusOr<hdsc::io::LoadedDossier> loaded = hdsc::io::LoadDossierFile("dossier.json");
//   if (!loaded.ok()) { /* could not be read at all: loaded.status() */ }
//   for (const hdsc::io::Diagnostic& d : loaded->diagnostics) std::cerr << d.ToString() << "\n";
//   if (loaded->valid()) Use(loaded->dossier);
#ifndef HDSC_LIB_IO_LOAD_H_
#define HDSC_LIB_IO_LOAD_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/read.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {

// A dossier as loaded, with what is wrong with it.
struct LoadedDossier {
  // Every value that could be read. Values with problems are left unset.
  hdsc::v1::Dossier dossier;
  // Where the root and each record (element of a list of messages) start in the file, for report locations: what
  // `ReadResult::source_map` holds (every field for text input, nothing for binary input). The diagnostics
  // below are located more precisely than this map: for JSON, their fields are found in the text after the
  // checks.
  SourceMap source_map;
  // Every problem found, ordered by position: syntax and type errors from reading and, once the whole input
  // was read, the checks of `ValidateDossier` (lib/io/validate.h). Empty means the dossier is valid.
  // At most `kMaxDiagnostics` (1000) problems are kept, then a last note that the rest was not examined.
  std::vector<Diagnostic> diagnostics;
  // What was read but not kept, which is no error (see ReadResult::warnings).
  std::vector<Diagnostic> warnings;

  bool valid() const { return diagnostics.empty(); }
};

// Reads `bytes` (named `name` in diagnostics and, with `Format::kAuto`, for its extension) as a dossier and
// checks it. A syntax error stops reading; otherwise value errors (a wrong type, a malformed date, an unknown
// field) do not stop it, and the semantic checks run too, so one call reports all of them.
// The status is an error only when the input cannot be examined at all: INVALID_ARGUMENT (no format) or
// RESOURCE_EXHAUSTED (larger than `options.max_bytes`).
absl::StatusOr<LoadedDossier> LoadDossier(std::string_view bytes, std::string_view name,
                                          const LoadOptions& options = LoadOptions());

// As `LoadDossier`, for bytes given up to it: as the JSON reader goes past them, their memory is given back to the
// system a page at a time (`ReleaseMemoryBefore`), so that a large input does not stay whole beside the dossier read
// from it. To locate the problems of an invalid dossier field by field, `reread` gives the same bytes again; null,
// or when it fails, they are located to their records.
absl::StatusOr<LoadedDossier> LoadDossierReleasing(std::string bytes, std::string_view name,
                                                   const LoadOptions& options,
                                                   const std::function<absl::StatusOr<std::string>()>& reread);

// As `LoadDossierReleasing`, for the file at `path`; also NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION (not a
// regular file), and RESOURCE_EXHAUSTED for a file larger than `options.max_bytes`, refused before reading.
absl::StatusOr<LoadedDossier> LoadDossierFile(const std::string& path, const LoadOptions& options = LoadOptions());

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_LOAD_H_
