#include "lib/io/load.h"

#include <string>
#include <utility>
#include <vector>

#include "lib/io/json_reader.h"
#include "lib/io/validate.h"

namespace hdsc::io {
namespace {

// `bytes` is the input that `read` came from, in `format`.
LoadedDossier Finish(ReadResult read, std::string_view bytes, Format format, std::string_view name,
                     hdsc::v1::Dossier dossier) {
  LoadedDossier loaded;
  loaded.dossier = std::move(dossier);
  loaded.source_map = std::move(read.source_map);
  loaded.diagnostics = std::move(read.diagnostics);
  loaded.warnings = std::move(read.warnings);
  // After a syntax error the dossier is a fragment; checking it would only add noise.
  if (read.complete && loaded.diagnostics.size() < kMaxDiagnostics) {
    std::vector<Diagnostic> problems = ValidateDossier(loaded.dossier, loaded.source_map, name);
    // The JSON source map holds the records only; the fields at fault are found in one more pass over the
    // input, which only an invalid dossier pays for.
    if (format == Format::kJson && !problems.empty()) {
      std::vector<std::string> paths;
      for (const Diagnostic& problem : problems) paths.push_back(problem.field_path);
      const SourceMap exact = LocateJsonPaths(bytes, loaded.dossier.GetDescriptor(), paths);
      for (Diagnostic& problem : problems) {
        if (std::optional<SourceLocation> location = exact.FindNearest(problem.field_path)) {
          problem.line = location->line;
          problem.column = location->column;
        }
      }
    }
    for (Diagnostic& problem : problems) {
      // A spreadsheet has no lines: the cell the value came from says where it is.
      if (problem.line == 0) {
        if (std::optional<std::string> cell = loaded.source_map.FindNearestCell(problem.field_path)) {
          problem.message = *cell + ": " + problem.message;
        }
      }
      if (!AddDiagnostic(&loaded.diagnostics, std::move(problem))) break;
    }
  }
  SortDiagnostics(loaded.diagnostics);
  return loaded;
}

}  // namespace

absl::StatusOr<LoadedDossier> LoadDossier(std::string_view bytes, std::string_view name,
                                          const LoadOptions& options) {
  absl::StatusOr<Format> format = ResolveFormat(options.format, name);
  if (!format.ok()) return format.status();
  hdsc::v1::Dossier dossier;
  absl::StatusOr<ReadResult> read = ReadMessage(bytes, name, options, &dossier);
  if (!read.ok()) return read.status();
  return Finish(*std::move(read), bytes, *format, name, std::move(dossier));
}

absl::StatusOr<LoadedDossier> LoadDossierFile(const std::string& path, const LoadOptions& options) {
  // Resolve the format first so that a file with an unknown extension is refused before it is opened.
  absl::StatusOr<Format> format = ResolveFormat(options.format, path);
  if (!format.ok()) return format.status();
  // The bytes stay until the checks are done, to locate their problems.
  absl::StatusOr<std::string> contents = ReadFileContents(path, options.max_bytes);
  if (!contents.ok()) return contents.status();
  LoadOptions resolved = options;
  resolved.format = *format;
  return LoadDossier(*contents, path, resolved);
}

}  // namespace hdsc::io
