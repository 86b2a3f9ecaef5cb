// A fast reader of the protobuf text format, for the forms pack files are written in, and where it read each field.
// Protobuf's own parser (TextFormat) is the reference: this reader gives up on anything it does not know for sure
// it reads the same way, and on every error, and the caller then parses with TextFormat, which accepts every form
// and describes every error. Packs are read on every check, and TextFormat reads them several times slower.
#ifndef HDSC_LIB_RULES_COMMON_TEXT_FORMAT_H_
#define HDSC_LIB_RULES_COMMON_TEXT_FORMAT_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "lib/rules/source_text.h"

namespace hdsc::rules {

// Where each field of a message read from text was written: the byte offset of its name, by field and index (-1
// for a singular field), and the same inside each message value. What TextFormat::ParseInfoTree records, in byte
// offsets instead of lines and columns. As there, the index of a repeated field counts where its name is written:
// `tag: ["a", "b"]` is one location, of index 0.
class TextLocations {
 public:
  static constexpr size_t kNotWritten = std::string_view::npos;

  // The offset of the name of `field` (its `index`-th value when repeated, -1 when singular); kNotWritten when the
  // text does not write it.
  size_t Offset(const google::protobuf::FieldDescriptor* field, int index) const;
  // The locations inside the message value of `field` (`index` as above); null when the text does not write it.
  const TextLocations* Nested(const google::protobuf::FieldDescriptor* field, int index) const;

  // Records `field` written (once more, if repeated) at `offset`; for a message field, returns its value's
  // locations to fill.
  TextLocations* Record(const google::protobuf::FieldDescriptor* field, size_t offset);

  // The locations `tree` holds of the fields `message` has (as reflection lists them), `message` having been parsed
  // by TextFormat from `source`.
  static TextLocations FromParseInfoTree(const google::protobuf::TextFormat::ParseInfoTree& tree,
                                         const google::protobuf::Message& message, const io::SourceText& source);

 private:
  struct Entry {
    const google::protobuf::FieldDescriptor* field;
    int index;
    size_t offset;
    std::unique_ptr<TextLocations> nested;  // for a message field
  };
  const Entry* Find(const google::protobuf::FieldDescriptor* field, int index) const;

  std::vector<Entry> entries_;
};

// Reads `text` into `message`, which must be empty, and records in `locations`, which must be empty too, where each
// field was read. Knows fields by name, message values in braces, quoted strings with the one-letter escapes,
// enum values by name, `true` and `false`, decimal integers and decimals, lists of such values in brackets, `,` and
// `;` after a field, and `#` comments. Returns false on anything else (lists of messages, other escapes and number
// forms, extensions, ...) and on any error, leaving `message` and `locations` to be discarded. When it returns
// true, `message` is what TextFormat parses from `text` and `locations` what it records, in offsets.
bool ReadCommonTextFormat(std::string_view text, google::protobuf::Message* message, TextLocations* locations);

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_COMMON_TEXT_FORMAT_H_
