#include "lib/io/load.h"

#include <utility>

#include "lib/io/validate.h"

namespace hdsc::io {
namespace {

LoadedDossier Finish(ReadResult read, std::string_view name, hdsc::v1::Dossier dossier) {
  LoadedDossier loaded;
  loaded.dossier = std::move(dossier);
  loaded.source_map = std::move(read.source_map);
  loaded.diagnostics = std::move(read.diagnostics);
  loaded.warnings = std::move(read.warnings);
  // After a syntax error the dossier is a fragment; checking it would only add noise.
  if (read.complete && loaded.diagnostics.size() < kMaxDiagnostics) {
    for (Diagnostic& problem : ValidateDossier(loaded.dossier, loaded.source_map, name)) {
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
  hdsc::v1::Dossier dossier;
  absl::StatusOr<ReadResult> read = ReadMessage(bytes, name, options, &dossier);
  if (!read.ok()) return read.status();
  return Finish(*std::move(read), name, std::move(dossier));
}

absl::StatusOr<LoadedDossier> LoadDossierFile(const std::string& path, const LoadOptions& options) {
  hdsc::v1::Dossier dossier;
  absl::StatusOr<ReadResult> read = ReadMessageFile(path, options, &dossier);
  if (!read.ok()) return read.status();
  return Finish(*std::move(read), path, std::move(dossier));
}

}  // namespace hdsc::io
