// Fills a protobuf message from a parsed JSON document, following the protobuf JSON mapping
// (https://protobuf.dev/programming-guides/proto3/#json), with located errors.
#ifndef HDSC_LIB_IO_JSON_READER_H_
#define HDSC_LIB_IO_JSON_READER_H_

#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/json_parser.h"

namespace hdsc::io {

struct JsonReadOptions {
  // When false (the default) a member that names no field is an error; when true it is skipped.
  bool allow_unknown_fields = false;
};

// Clears `message` and fills it from `root`. Accepts, as the mapping does: a field's proto name or its
// lowerCamelCase json_name; enum values by name or number; 64-bit integers as numbers or strings; "NaN",
// "Infinity" and "-Infinity" for floating point; base64 (standard or URL-safe, padding optional) for bytes;
// RFC 3339 strings for google.protobuf.Timestamp, "1.5s" strings for Duration; bare values for the wrapper
// types; any JSON for Struct/Value/ListValue; "a.b,cD" for FieldMask; null for "not set". Stricter than the
// mapping: enum numbers must name a declared value. google.protobuf.Any is not supported. A `"$schema"` string
// member of the root object, naming the document's JSON Schema for editors, is skipped.
//
// A value of the wrong type, an unknown field (with a "did you mean" when a field of that message has a
// close name), a field given twice, or two members of one oneof is appended to `diagnostics` (naming `file`,
// the position and the field path) and reading goes on, so one run reports every such problem.
// Records in `source_map` where each field, element and map entry starts (members at their key).
// Returns false if reading stopped early because `kMaxDiagnostics` problems were found.
bool ReadJsonIntoMessage(const JsonValue& root, std::string_view file, const JsonReadOptions& options,
                         google::protobuf::Message* message, SourceMap* source_map,
                         std::vector<Diagnostic>* diagnostics);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_JSON_READER_H_
