// Positions in text-format (textproto) pack files: where each character of a string field's value sits, so that
// an error at a column inside a CEL expression can be reported at the file line and column of that character.
#ifndef HDSC_LIB_RULES_SOURCE_TEXT_H_
#define HDSC_LIB_RULES_SOURCE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/io/diagnostic.h"

namespace hdsc::rules {

// For the value of one string field in text-format source, the file location of each byte of the decoded value.
class StringValuePositions {
 public:
  StringValuePositions() = default;

  // Scans `text` from `field_start`, the byte offset of the field's name, over `name: "..." '...'` (adjacent
  // literals concatenate, as in the text format), decoding escapes. INVALID_ARGUMENT if what follows the name is
  // not a string literal.
  static absl::StatusOr<StringValuePositions> Scan(const io::SourceText& source, size_t field_start);

  // The file location of byte `offset` of the decoded value; an offset at or past the end gives the position of
  // the closing quote. An empty map (nothing scanned) gives {0, 0}.
  io::SourceLocation Location(size_t offset) const;

  // The decoded value, as the text-format parser would produce it.
  const std::string& value() const { return value_; }

 private:
  std::string value_;
  // positions_[i] is the location of value_[i]; the last entry is the closing quote.
  std::vector<io::SourceLocation> positions_;
};

// The character a one-letter escape of the text format stands for (`n` for a line break; `a`, `b`, `f`, `r`, `t`,
// `v`), or '\0' when `letter` is not one of them.
char OneLetterEscape(char letter);

// The byte offset in `text` of a 1-based `line` and `column`, where `column` counts code points (CEL positions).
// Clamped to the end of the line and of the text.
size_t OffsetOfLineColumn(std::string_view text, int line, int column);

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_SOURCE_TEXT_H_
