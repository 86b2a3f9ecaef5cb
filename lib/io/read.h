// Reading any protobuf message from a file or buffer in JSON, text or binary format, or from a spreadsheet (.xlsx,
// .ods: lib/io/spreadsheet.h), with located errors.
// `load.h` builds on this for dossiers.
#ifndef HDSC_LIB_IO_READ_H_
#define HDSC_LIB_IO_READ_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"

namespace hdsc::io {

// Inputs larger than this are refused before they are read (4 GiB: a dossier of 1,000,000 processing activities
// with their assets, processors and requests is about 2 GB of JSON). Binary input is further limited to 2 GiB
// by protobuf.
inline constexpr int64_t kDefaultMaxBytes = int64_t{4} << 30;

// Unless `LoadOptions::max_values` is set, an input may hold one value per this many bytes of
// `LoadOptions::max_bytes`. Real dossiers take 20 to 30 bytes a value in JSON (more in the other text forms);
// `[{},{},...]` takes 3, and each of those values is a message of tens to hundreds of bytes in memory.
inline constexpr int64_t kBytesPerValue = 16;
// ... but never fewer than this many, so that a small byte limit does not refuse a small dossier for its values.
inline constexpr int64_t kMinMaxValues = 4096;

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
  // Deepest nesting accepted.
  int max_depth = kDefaultMaxDepth;
  // Most values accepted in one input: messages and objects, arrays, fields, list elements and map entries
  // (in JSON every value counts; in the text format every field and list element; in the binary format every
  // field and packed element). Memory grows with this number more than with the bytes, so it bounds what a
  // hostile input can take. 0 (the default): `max_bytes / kBytesPerValue` (268,435,456 for 4 GiB), at least
  // `kMinMaxValues`. Input with
  // more is refused with a diagnostic naming the limit, before its message is built where the format allows
  // (JSON stops at the value past the limit; text and binary input are counted before they are parsed;
  // spreadsheets, whose cells are limited already, after).
  int64_t max_values = 0;
  // For JSON input: called now and then with an offset before which the input is not read again, so that its
  // owner may give that memory back (`ReleaseMemoryBefore`); null for none.
  std::function<void(size_t offset)> release_input;
};

// The value limit that `options` set: `max_values`, or when that is 0 the one that follows from `max_bytes`.
int64_t MaxValues(const LoadOptions& options);

// What reading found. `diagnostics` empty means the input was read without a problem.
struct ReadResult {
  // False when a syntax error stopped reading, so the message holds only part of the input (or nothing).
  // When true, the message holds every value that could be converted; values with problems are left unset
  // and have a diagnostic.
  bool complete = false;
  // Where the root and each element of a list of messages start (for text input, every field; for a
  // spreadsheet, the cell of each value; nothing for binary input). For JSON, `LocateJsonPaths`
  // (lib/io/json_reader.h) finds any other path in the input.
  SourceMap source_map;
  std::vector<Diagnostic> diagnostics;
  // What was read but not kept, which is no error: what the CNIL register model has that a dossier does not.
  std::vector<Diagnostic> warnings;
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

// Gives the whole memory pages within `bytes[0, offset)` back to the system: they read as zeros afterwards. For an
// input read once and large: its memory then does not add to that of what is read from it.
void ReleaseMemoryBefore(std::string* bytes, size_t offset);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_READ_H_
