// Reads the protobuf text format with located errors, through protobuf's own TextFormat parser.
#ifndef HDSC_LIB_IO_TEXT_READER_H_
#define HDSC_LIB_IO_TEXT_READER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"

namespace hdsc::io {

struct TextReadOptions {
  // When false (the default) an unknown field name is an error; when true it is skipped.
  bool allow_unknown_fields = false;
  // Message nesting deeper than this is refused.
  int max_depth = 64;
  // Text with more values than this (fields, and elements of `[...]` lists) is refused before it is parsed.
  int64_t max_values = INT64_MAX;
};

// Clears `message` and parses `text` into it. Returns true if the whole input was parsed. The text format
// parser stops at its first error, which is appended to `diagnostics` with `file` and the 1-based line and
// code-point column; an unknown field or enum value gets a "did you mean" when a known name is close.
// Invalid UTF-8 and more than `max_values` values are refused before parsing, with their position. On success, records in `source_map` where each
// field, element and map entry starts.
bool ReadTextproto(std::string_view text, std::string_view file, const TextReadOptions& options,
                   google::protobuf::Message* message, SourceMap* source_map, std::vector<Diagnostic>* diagnostics);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_TEXT_READER_H_
