#include "lib/rules/source_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/utf8.h"

namespace hdsc::rules {
namespace {


bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Walks `text` from a known position, keeping the 1-based line and code-point column of the cursor.
class Cursor {
 public:
  Cursor(const io::SourceText& source, size_t offset)
      : text_(source.text()), offset_(offset), location_(source.LocationOfOffset(offset)) {}

  bool AtEnd() const { return offset_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  size_t offset() const { return offset_; }
  io::SourceLocation location() const { return location_; }

  void Advance() {
    if (AtEnd()) return;
    const char c = text_[offset_++];
    if (c == '\n') {
      ++location_.line;
      location_.column = 1;
    } else if (offset_ >= text_.size() || !base::IsUtf8ContinuationByte(text_[offset_])) {
      // The bytes that continue a code point share its column.
      ++location_.column;
    }
  }

  void SkipWhitespaceAndComments() {
    while (!AtEnd()) {
      const char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance();
      } else if (c == '#') {
        while (!AtEnd() && Peek() != '\n') Advance();
      } else {
        return;
      }
    }
  }

 private:
  std::string_view text_;
  size_t offset_;
  io::SourceLocation location_;
};

}  // namespace

char OneLetterEscape(char letter) {
  switch (letter) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    default: return '\0';
  }
}

size_t OffsetOfLineColumn(std::string_view text, int line, int column) {
  size_t offset = 0;
  for (int l = 1; l < line; ++l) {
    const size_t newline = text.find('\n', offset);
    if (newline == std::string_view::npos) return text.size();
    offset = newline + 1;
  }
  for (int c = 1; c < column && offset < text.size() && text[offset] != '\n'; ++c) {
    ++offset;
    while (offset < text.size() && base::IsUtf8ContinuationByte(text[offset])) ++offset;
  }
  return offset;
}

absl::StatusOr<StringValuePositions> StringValuePositions::Scan(const io::SourceText& source, size_t field_start) {
  Cursor cursor(source, field_start);
  const io::SourceLocation field_location = cursor.location();
  auto not_a_string = [&field_location]() {
    return absl::InvalidArgumentError(absl::StrCat(field_location.line, ":", field_location.column,
                                                   ": expected a string value after the field name"));
  };
  // The field name, then an optional ':' (the text format allows omitting it only before '{').
  while (!cursor.AtEnd()) {
    const char c = cursor.Peek();
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) break;
    cursor.Advance();
  }
  cursor.SkipWhitespaceAndComments();
  if (cursor.Peek() == ':') cursor.Advance();
  cursor.SkipWhitespaceAndComments();

  StringValuePositions result;
  int literals = 0;
  io::SourceLocation closing_quote;
  while (cursor.Peek() == '"' || cursor.Peek() == '\'') {
    const char quote = cursor.Peek();
    cursor.Advance();
    while (true) {
      if (cursor.AtEnd() || cursor.Peek() == '\n') return not_a_string();
      const char c = cursor.Peek();
      if (c == quote) {
        closing_quote = cursor.location();
        cursor.Advance();
        break;
      }
      const io::SourceLocation at = cursor.location();
      const size_t before = result.value_.size();
      if (c != '\\') {
        // Copy one whole code point; each of its bytes maps to its column.
        result.value_.push_back(c);
        cursor.Advance();
        while (!cursor.AtEnd() && base::IsUtf8ContinuationByte(cursor.Peek())) {
          result.value_.push_back(cursor.Peek());
          cursor.Advance();
        }
      } else {
        cursor.Advance();
        const char e = cursor.Peek();
        cursor.Advance();
        switch (e) {
          case 'x': {
            int value = 0;
            for (int i = 0; i < 2 && IsHexDigit(cursor.Peek()); ++i) {
              value = value * 16 + HexValue(cursor.Peek());
              cursor.Advance();
            }
            result.value_.push_back(static_cast<char>(value));
            break;
          }
          case 'u':
          case 'U': {
            uint32_t value = 0;
            const int digits = e == 'u' ? 4 : 8;
            for (int i = 0; i < digits && IsHexDigit(cursor.Peek()); ++i) {
              value = value * 16 + HexValue(cursor.Peek());
              cursor.Advance();
            }
            base::AppendUtf8(value, &result.value_);
            break;
          }
          default:
            if (const char decoded = OneLetterEscape(e)) {
              result.value_.push_back(decoded);
            } else if (e >= '0' && e <= '7') {
              int value = e - '0';
              for (int i = 0; i < 2 && cursor.Peek() >= '0' && cursor.Peek() <= '7'; ++i) {
                value = value * 8 + (cursor.Peek() - '0');
                cursor.Advance();
              }
              result.value_.push_back(static_cast<char>(value));
            } else {
              // `\\`, `\'`, `\"`, `\?` and anything else stand for themselves.
              result.value_.push_back(e);
            }
        }
      }
      result.positions_.insert(result.positions_.end(), result.value_.size() - before, at);
    }
    ++literals;
    cursor.SkipWhitespaceAndComments();
  }
  if (literals == 0) return not_a_string();
  result.positions_.push_back(closing_quote);
  return result;
}

io::SourceLocation StringValuePositions::Location(size_t offset) const {
  if (positions_.empty()) return {};
  return offset < positions_.size() ? positions_[offset] : positions_.back();
}

}  // namespace hdsc::rules
