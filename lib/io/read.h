// Reading any protobuf message from a file or buffer in JSON, text or binary format, with located errors.
// `load.h` builds on this for dossiers.
#ifndef HDSC_LIB_IO_READ_H_
#define HDSC_LIB_IO_READ_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"

namespace hdsc::io {

// Inputs larger than this are refused before they are read (64 MiB; the largest realistic dossier is a few MiB).
inline constexpr int64_t kDefaultMaxBytes = int64_t{64} << 20;

// Whether an input of `size` bytes is within `max_bytes`, compared without overflow: a length of 2^63 or more (a
// failed read's -1 seen as size_t) is refused, never taken as negative.
bool FitsLimit(size_t size, int64_t max_bytes);
// Objects, arrays and messages nested deeper than this are refused; dossiers nest about 6 levels.
inline constexpr int kDefaultMaxDepth = 64;

struct LoadOptions {
  // kAuto picks the format from the file name's extension (see `Format`).
  Format format = Format::kAuto;
  // Unknown fields are errors unless this is set: a misspelt field in compliance data must not pass silently.
  bool allow_unknown_fields = false;
  // Largest input accepted, in bytes; a file is checked with stat() before it is read.
  int64_t max_bytes = kDefaultMaxBytes;
  // Deepest nesting accepted. (JSON input is also limited to `kDefaultMaxJsonValues` values, see
  // lib/io/json_parser.h, which bounds the memory it takes.)
  int max_depth = kDefaultMaxDepth;
};

// What reading found. `diagnostics` empty means the input was read without a problem.
struct ReadResult {
  // False when a syntax error stopped reading, so the message holds only part of the input (or nothing).
  // When true, the message holds every value that could be converted; values with problems are left unset
  // and have a diagnostic.
  bool complete = false;
  SourceMap source_map;
  std::vector<Diagnostic> diagnostics;
};

// Reads `bytes` into `message` (cleared first). `name` is the file name used in diagnostics and, when
// `options.format` is kAuto, to pick the format. Problems in the content are diagnostics in the result; the
// status is an error only when the input cannot be examined at all: INVALID_ARGUMENT when the format cannot
// be told from `name`, RESOURCE_EXHAUSTED when `bytes` is larger than `options.max_bytes`.
absl::StatusOr<ReadResult> ReadMessage(std::string_view bytes, std::string_view name, const LoadOptions& options,
                                       google::protobuf::Message* message);

// Reads the file at `path` into `message`, as `ReadMessage`. Further errors: NOT_FOUND, PERMISSION_DENIED,
// FAILED_PRECONDITION (not a regular file) and RESOURCE_EXHAUSTED (larger than `options.max_bytes`, found
// with stat() before reading), each naming the path.
absl::StatusOr<ReadResult> ReadMessageFile(const std::string& path, const LoadOptions& options,
                                           google::protobuf::Message* message);

// The contents of the regular file at `path`, refusing files larger than `max_bytes` without reading them.
absl::StatusOr<std::string> ReadFileContents(const std::string& path, int64_t max_bytes);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_READ_H_
