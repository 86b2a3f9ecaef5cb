#include "lib/io/load.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lib/io/json_reader.h"
#include "lib/io/validate.h"

namespace hdsc::io {
namespace {

// `bytes` is the input that `read` came from, in `format`, or when `reread` is given its memory was released
// while reading and `reread` gives it again.
LoadedDossier Finish(ReadResult read, std::string_view bytes, Format format, std::string_view name,
                     hdsc::v1::Dossier dossier, const std::function<absl::StatusOr<std::string>()>* reread) {
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
    std::optional<absl::StatusOr<std::string>> again;
    if (format == Format::kJson && !problems.empty() && reread != nullptr) {
      again = *reread ? (*reread)() : absl::StatusOr<std::string>(absl::UnavailableError("no second reading"));
      // A file changed since it was read cannot locate anything.
      bytes = again->ok() && (*again)->size() == bytes.size() ? std::string_view(**again) : std::string_view();
    }
    if (format == Format::kJson && !problems.empty() && !bytes.empty()) {
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
  return Finish(*std::move(read), bytes, *format, name, std::move(dossier), nullptr);
}

absl::StatusOr<LoadedDossier> LoadDossierReleasing(std::string bytes, std::string_view name,
                                                   const LoadOptions& options,
                                                   const std::function<absl::StatusOr<std::string>()>& reread) {
  absl::StatusOr<Format> format = ResolveFormat(options.format, name);
  if (!format.ok()) return format.status();
  LoadOptions releasing = options;
  size_t released = 0;
  releasing.release_input = [&bytes, &released](size_t offset) {
    ReleaseMemoryBefore(&bytes, offset);
    released = offset;
  };
  hdsc::v1::Dossier dossier;
  absl::StatusOr<ReadResult> read = ReadMessage(bytes, name, releasing, &dossier);
  if (!read.ok()) return read.status();
  return Finish(*std::move(read), bytes, *format, name, std::move(dossier), released > 0 ? &reread : nullptr);
}

absl::StatusOr<LoadedDossier> LoadDossierFile(const std::string& path, const LoadOptions& options) {
  // Resolve the format first so that a file with an unknown extension is refused before it is opened.
  absl::StatusOr<Format> format = ResolveFormat(options.format, path);
  if (!format.ok()) return format.status();
  absl::StatusOr<std::string> contents = ReadFileContents(path, options.max_bytes);
  if (!contents.ok()) return contents.status();
  LoadOptions resolved = options;
  resolved.format = *format;
  return LoadDossierReleasing(*std::move(contents), path, resolved,
                              [&] { return ReadFileContents(path, options.max_bytes); });
}

}  // namespace hdsc::io
