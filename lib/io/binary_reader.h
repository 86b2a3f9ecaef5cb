// Reads the protobuf wire format, refusing what the schema does not describe.
#ifndef HDSC_LIB_IO_BINARY_READER_H_
#define HDSC_LIB_IO_BINARY_READER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"

namespace hdsc::io {

struct BinaryReadOptions {
  // When false (the default) a field number the schema does not define is an error.
  bool allow_unknown_fields = false;
  // Message nesting deeper than this is refused.
  int max_depth = 64;
  // Input with more values than this (fields, and elements of packed lists) is refused before it is parsed.
  int64_t max_values = INT64_MAX;
};

// Clears `message` and parses `bytes` into it. Returns true if the input is a well-formed message.
// Truncated or corrupt input, nesting beyond `max_depth` and strings that are not UTF-8 make one diagnostic
// naming `file` (the wire format has no lines to point at). Unless unknown fields are allowed, every field
// number the schema does not define is then reported with the path of the message that holds it.
bool ReadBinary(std::string_view bytes, std::string_view file, const BinaryReadOptions& options,
                google::protobuf::Message* message, std::vector<Diagnostic>* diagnostics);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_BINARY_READER_H_
