// A strict JSON (RFC 8259) parser that keeps the source position of every value, for error messages that
// point at the exact line and column. It builds a small document tree; `json_reader.h` maps that tree onto
// protobuf messages.
#ifndef HDSC_LIB_IO_JSON_PARSER_H_
#define HDSC_LIB_IO_JSON_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/io/diagnostic.h"

namespace hdsc::io {

struct JsonMember;

// One JSON value with where it starts in the source.
struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  SourceLocation location;
  bool boolean = false;
  // kNumber: the number exactly as written (valid JSON number syntax); kString: the decoded UTF-8 text.
  std::string text;
  std::vector<JsonValue> elements;  // kArray
  std::vector<JsonMember> members;  // kObject, in source order, keys unique
};

struct JsonMember {
  std::string key;
  SourceLocation key_location;
  JsonValue value;
};

// "null", "boolean", "number", "string", "array" or "object".
std::string_view JsonKindName(JsonValue::Kind kind);

// Arrays and objects nested deeper than this are refused (by default), which bounds the recursion of every
// reader that walks the tree.
inline constexpr int kDefaultMaxJsonDepth = 64;

// Documents with more values than this are refused (by default). The tree costs about 100 bytes per value,
// so this bounds the memory a hostile input can take (about 200 MB) well below what the byte limit alone
// would allow (`[0,0,0,...]` has a value every 2 bytes); a hospital's dossier has a few hundred thousand.
inline constexpr int64_t kDefaultMaxJsonValues = 2'000'000;

// The byte offset of the first byte of `text` that is not part of well-formed UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or nullopt if all of it is well-formed.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// The 1-based line and code-point column of byte `offset` in `text` (which must be valid UTF-8 up to it).
SourceLocation LocationOfOffset(std::string_view text, size_t offset);

// Parses `text` as a single JSON value. Returns nullopt after appending a diagnostic (naming `file`) for the
// first syntax error, nesting deeper than `max_depth` or more than `max_values` values; a duplicate key is also reported, but parsing goes on (the first occurrence is kept)
// so that later problems are found in the same run. A UTF-8 byte order mark at the start is skipped.
std::optional<JsonValue> ParseJson(std::string_view text, std::string_view file, int max_depth,
                                   std::vector<Diagnostic>* diagnostics,
                                   int64_t max_values = kDefaultMaxJsonValues);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_JSON_PARSER_H_
