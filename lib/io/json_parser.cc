#include "lib/io/json_parser.h"

#include <cstdint>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::io {

using base::AsAbsl;
namespace {


// Recursive-descent parser over valid UTF-8. Every error is fatal except duplicate keys.
class Parser {
 public:
  Parser(std::string_view text, std::string_view file, int max_depth, int64_t max_values,
         std::vector<Diagnostic>* diagnostics)
      : text_(text), file_(file), max_depth_(max_depth), max_values_(max_values), diagnostics_(diagnostics) {}

  std::optional<JsonValue> ParseDocument() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    SkipWhitespace();
    if (AtEnd()) {
      Error(Here(), "empty input: expected a JSON value");
      return std::nullopt;
    }
    JsonValue root;
    if (!ParseValue(0, &root)) return std::nullopt;
    SkipWhitespace();
    if (!AtEnd()) {
      Error(Here(), absl::StrCat("unexpected ", DescribeNext(), " after the end of the JSON value"));
      return std::nullopt;
    }
    return root;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  unsigned char Peek() const { return static_cast<unsigned char>(text_[pos_]); }
  SourceLocation Here() const { return SourceLocation{line_, column_}; }

  // Moves past one byte, counting lines and code points.
  void Advance() {
    const unsigned char c = Peek();
    ++pos_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if (!base::IsUtf8ContinuationByte(c)) {
      ++column_;
    }
  }

  void SkipWhitespace() {
    while (!AtEnd()) {
      const unsigned char c = Peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      Advance();
    }
  }

  // Returns false once the diagnostic limit is reached.
  bool Error(SourceLocation location, std::string message) {
    return AddDiagnostic(diagnostics_,
                         Diagnostic{std::string(file_), location.line, location.column, "", std::move(message)});
  }

  // "end of input", "'x'" or "character U+0001" for the code point at the cursor.
  std::string DescribeNext() const {
    if (AtEnd()) return "end of input";
    const unsigned char c = Peek();
    if (c >= 0x21 && c < 0x7F) return absl::StrCat("'", std::string(1, static_cast<char>(c)), "'");
    uint32_t code_point = c;
    int extra = 0;
    if (c >= 0xF0) {
      code_point = c & 0x07;
      extra = 3;
    } else if (c >= 0xE0) {
      code_point = c & 0x0F;
      extra = 2;
    } else if (c >= 0xC0) {
      code_point = c & 0x1F;
      extra = 1;
    }
    for (int i = 1; i <= extra && pos_ + i < text_.size(); ++i) {
      code_point = (code_point << 6) | (static_cast<unsigned char>(text_[pos_ + i]) & 0x3F);
    }
    return absl::StrFormat("character U+%04X", code_point);
  }

  bool ParseValue(int depth, JsonValue* out) {
    out->location = Here();
    if (++values_ > max_values_) {
      Error(Here(), absl::StrCat("more than ", max_values_, " values"));
      return false;
    }
    if (AtEnd()) {
      Error(Here(), "unexpected end of input: expected a JSON value");
      return false;
    }
    switch (Peek()) {
      case '{':
        return ParseObject(depth + 1, out);
      case '[':
        return ParseArray(depth + 1, out);
      case '"':
        out->kind = JsonValue::Kind::kString;
        return ParseString(&out->text);
      case 't':
        out->kind = JsonValue::Kind::kBool;
        out->boolean = true;
        return ParseLiteral("true");
      case 'f':
        out->kind = JsonValue::Kind::kBool;
        out->boolean = false;
        return ParseLiteral("false");
      case 'n':
        out->kind = JsonValue::Kind::kNull;
        return ParseLiteral("null");
      default:
        if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) {
          out->kind = JsonValue::Kind::kNumber;
          return ParseNumber(&out->text);
        }
        Error(Here(), absl::StrCat("unexpected ", DescribeNext(), ": expected a JSON value"));
        return false;
    }
  }

  bool ParseLiteral(std::string_view literal) {
    const SourceLocation start = Here();
    if (text_.substr(pos_, literal.size()) != literal) {
      Error(start, absl::StrCat("invalid literal: expected '", AsAbsl(literal), "'"));
      return false;
    }
    for (size_t i = 0; i < literal.size(); ++i) Advance();
    return true;
  }

  bool ConsumeDigits() {
    if (AtEnd() || Peek() < '0' || Peek() > '9') return false;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') Advance();
    return true;
  }

  bool ParseNumber(std::string* out) {
    const size_t start = pos_;
    const SourceLocation start_location = Here();
    if (Peek() == '-') Advance();
    if (!AtEnd() && Peek() == '0') {
      Advance();
      if (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
        Error(start_location, "invalid number: leading zeros are not allowed");
        return false;
      }
    } else if (!ConsumeDigits()) {
      Error(start_location, "invalid number: expected a digit after '-'");
      return false;
    }
    if (!AtEnd() && Peek() == '.') {
      Advance();
      if (!ConsumeDigits()) {
        Error(start_location, "invalid number: expected a digit after '.'");
        return false;
      }
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      Advance();
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) Advance();
      if (!ConsumeDigits()) {
        Error(start_location, "invalid number: expected a digit in the exponent");
        return false;
      }
    }
    *out = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  // Reads the 4 hex digits of a \u escape.
  bool ParseHex4(SourceLocation escape_location, uint32_t* out) {
    *out = 0;
    for (int i = 0; i < 4; ++i) {
      if (AtEnd()) break;
      const unsigned char c = Peek();
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        break;
      }
      *out = (*out << 4) | digit;
      Advance();
      if (i == 3) return true;
    }
    Error(escape_location, "invalid \\u escape: expected 4 hexadecimal digits");
    return false;
  }

  bool ParseString(std::string* out) {
    const SourceLocation start = Here();
    Advance();  // opening quote
    out->clear();
    while (true) {
      if (AtEnd()) {
        Error(start, "unterminated string");
        return false;
      }
      const unsigned char c = Peek();
      if (c == '"') {
        Advance();
        return true;
      }
      if (c < 0x20) {
        Error(Here(), absl::StrCat("unescaped control ", DescribeNext(), " in string"));
        return false;
      }
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        Advance();
        continue;
      }
      const SourceLocation escape_location = Here();
      Advance();
      if (AtEnd()) {
        Error(start, "unterminated string");
        return false;
      }
      const unsigned char escaped = Peek();
      Advance();
      switch (escaped) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t code_point;
          if (!ParseHex4(escape_location, &code_point)) return false;
          if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
            Error(escape_location, "invalid \\u escape: unpaired low surrogate");
            return false;
          }
          if (code_point >= 0xD800 && code_point <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") {
              Error(escape_location, "invalid \\u escape: high surrogate without a low surrogate");
              return false;
            }
            Advance();
            Advance();
            uint32_t low;
            if (!ParseHex4(escape_location, &low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) {
              Error(escape_location, "invalid \\u escape: high surrogate without a low surrogate");
              return false;
            }
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          }
          base::AppendUtf8(code_point, out);
          break;
        }
        default:
          Error(escape_location, absl::StrCat("invalid escape '\\", std::string(1, static_cast<char>(escaped)),
                                              "' in string"));
          return false;
      }
    }
  }

  bool CheckDepth(int depth) {
    if (depth <= max_depth_) return true;
    Error(Here(), absl::StrCat("nesting deeper than ", max_depth_, " levels"));
    return false;
  }

  bool ParseArray(int depth, JsonValue* out) {
    if (!CheckDepth(depth)) return false;
    out->kind = JsonValue::Kind::kArray;
    Advance();  // [
    SkipWhitespace();
    if (!AtEnd() && Peek() == ']') {
      Advance();
      return true;
    }
    while (true) {
      SkipWhitespace();
      out->elements.emplace_back();
      if (!ParseValue(depth, &out->elements.back())) return false;
      SkipWhitespace();
      if (AtEnd()) {
        Error(out->location, "unterminated array: expected ']'");
        return false;
      }
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == ']') {
        Advance();
        return true;
      }
      Error(Here(), absl::StrCat("unexpected ", DescribeNext(), " in array: expected ',' or ']'"));
      return false;
    }
  }

  bool ParseObject(int depth, JsonValue* out) {
    if (!CheckDepth(depth)) return false;
    out->kind = JsonValue::Kind::kObject;
    Advance();  // {
    SkipWhitespace();
    if (!AtEnd() && Peek() == '}') {
      Advance();
      return true;
    }
    std::set<std::string, std::less<>> keys;
    while (true) {
      SkipWhitespace();
      if (AtEnd()) {
        Error(out->location, "unterminated object: expected '}'");
        return false;
      }
      if (Peek() != '"') {
        Error(Here(), absl::StrCat("unexpected ", DescribeNext(), " in object: expected a quoted member name"));
        return false;
      }
      JsonMember member;
      member.key_location = Here();
      if (!ParseString(&member.key)) return false;
      SkipWhitespace();
      if (AtEnd() || Peek() != ':') {
        Error(Here(), absl::StrCat("unexpected ", DescribeNext(), " after member name: expected ':'"));
        return false;
      }
      Advance();
      SkipWhitespace();
      if (!ParseValue(depth, &member.value)) return false;
      if (keys.insert(member.key).second) {
        out->members.push_back(std::move(member));
      } else if (!Error(member.key_location, absl::StrCat("duplicate key '", member.key, "'"))) {
        return false;  // too many problems to go on
      }
      SkipWhitespace();
      if (AtEnd()) {
        Error(out->location, "unterminated object: expected '}'");
        return false;
      }
      if (Peek() == ',') {
        Advance();
        continue;
      }
      if (Peek() == '}') {
        Advance();
        return true;
      }
      Error(Here(), absl::StrCat("unexpected ", DescribeNext(), " in object: expected ',' or '}'"));
      return false;
    }
  }

  std::string_view text_;
  std::string_view file_;
  int max_depth_;
  int64_t max_values_;
  std::vector<Diagnostic>* diagnostics_;
  int64_t values_ = 0;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::string_view JsonKindName(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return "boolean";
    case JsonValue::Kind::kNumber:
      return "number";
    case JsonValue::Kind::kString:
      return "string";
    case JsonValue::Kind::kArray:
      return "array";
    case JsonValue::Kind::kObject:
      return "object";
  }
  return "value";
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int length;
    unsigned char min_second = 0x80;
    unsigned char max_second = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) min_second = 0xA0;  // overlong
      if (c == 0xED) max_second = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) min_second = 0x90;  // overlong
      if (c == 0xF4) max_second = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + length > n) return i;
    const unsigned char second = static_cast<unsigned char>(text[i + 1]);
    if (second < min_second || second > max_second) return i;
    for (int k = 2; k < length; ++k) {
      if (!base::IsUtf8ContinuationByte(text[i + k])) return i;
    }
    i += length;
  }
  return std::nullopt;
}

SourceLocation LocationOfOffset(std::string_view text, size_t offset) {
  SourceLocation location{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++location.line;
      location.column = 1;
    } else if (!base::IsUtf8ContinuationByte(c)) {
      ++location.column;
    }
  }
  return location;
}

std::optional<JsonValue> ParseJson(std::string_view text, std::string_view file, int max_depth,
                                   std::vector<Diagnostic>* diagnostics, int64_t max_values) {
  if (const std::optional<size_t> bad = FindInvalidUtf8(text)) {
    const SourceLocation location = LocationOfOffset(text, *bad);
    diagnostics->push_back(Diagnostic{std::string(file), location.line, location.column, "",
                                      absl::StrFormat("invalid UTF-8 (byte 0x%02X at offset %d)",
                                                      static_cast<unsigned char>(text[*bad]), *bad)});
    return std::nullopt;
  }
  return Parser(text, file, max_depth, max_values, diagnostics).ParseDocument();
}

}  // namespace hdsc::io
