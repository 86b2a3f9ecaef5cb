// Reads JSON straight into a protobuf message, following the protobuf JSON mapping
// (https://protobuf.dev/programming-guides/proto3/#json), with located errors. No document tree is built:
// each value is converted as the scanner (`json_parser.h`) reaches it.
#ifndef HDSC_LIB_IO_JSON_READER_H_
#define HDSC_LIB_IO_JSON_READER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/json_parser.h"

namespace hdsc::io {

struct JsonReadOptions {
  // When false (the default) a member that names no field is an error; when true it is skipped.
  bool allow_unknown_fields = false;
  // Arrays and objects nested deeper than this are refused.
  int max_depth = kDefaultMaxJsonDepth;
  // Documents with more values than this (objects, arrays, member values and elements) are refused.
  int64_t max_values = INT64_MAX;
  // Called now and then with an offset before which the text is not read again, so that its owner may give that
  // memory back (`ReleaseMemoryBefore`); null for none.
  std::function<void(size_t offset)> release_text;
};

// Clears `message` and fills it from the JSON document `text`. Accepts, as the mapping does: a field's proto
// name or its lowerCamelCase json_name; enum values by name or number; 64-bit integers as numbers or strings;
// "NaN", "Infinity" and "-Infinity" for floating point; base64 (standard or URL-safe, padding optional) for
// bytes; RFC 3339 strings for google.protobuf.Timestamp, "1.5s" strings for Duration; bare values for the
// wrapper types; any JSON for Struct/Value/ListValue; "a.b,cD" for FieldMask; null for "not set". Stricter than
// the mapping: enum numbers must name a declared value. google.protobuf.Any is not supported. A `"$schema"`
// string member of the root object, naming the document's JSON Schema for editors, is skipped.
//
// A syntax error (see `JsonScanner`: strict RFC 8259, invalid UTF-8, nesting or value count over the limits)
// is the only diagnostic kept, with the repeated keys found before it; `message` is then left empty and the
// result is false. Otherwise a value of the wrong type, an unknown field (with a "did you mean" when a field of
// that message has a close name), a field given twice, or two members of one oneof is appended to
// `diagnostics` (naming `file`, the position and the field path) and reading goes on, so one run reports every
// such problem.
// Records in `source_map` where the root and each element of a repeated message field (and each entry of a
// map of messages) starts: the paths that reports point at. Locate any other path with `LocateJsonPaths`.
// Returns false if reading stopped early: a syntax error, or `kMaxDiagnostics` problems.
bool ReadJson(std::string_view text, std::string_view file, const JsonReadOptions& options,
              google::protobuf::Message* message, SourceMap* source_map, std::vector<Diagnostic>* diagnostics);

// Finds in `text`, a JSON document that `ReadJson` read into a message of type `type` without a syntax error,
// where each of `paths` (field paths as diagnostics name them) and each of their ancestors start, as
// `ReadJson` would have recorded them if it kept every path: members at their key, elements and the root at
// their value. `FindNearest` on the result then gives the most precise location of each path. One pass over
// the text; only the paths that lead to one of `paths` are built.
SourceMap LocateJsonPaths(std::string_view text, const google::protobuf::Descriptor* type,
                          const std::vector<std::string>& paths);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_JSON_READER_H_
