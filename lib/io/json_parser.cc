#include "lib/io/json_parser.h"

#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::io {

using base::AsAbsl;

namespace {

// An object with more keys than this checks for repeats through a hash set rather than a linear search.
constexpr size_t kLinearKeySearchLimit = 16;
// How far the cursor moves between two releases of the text: a few calls per large input.
constexpr size_t kReleaseStep = size_t{8} << 20;

int ClampToInt(int64_t value) { return value > INT_MAX ? INT_MAX : static_cast<int>(value); }

}  // namespace

std::string_view JsonKindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kBool:
      return "boolean";
    case JsonKind::kNumber:
      return "number";
    case JsonKind::kString:
      return "string";
    case JsonKind::kArray:
      return "array";
    case JsonKind::kObject:
      return "object";
  }
  return "value";
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Eight ASCII bytes at a time: most of a dossier is ASCII.
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
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
  int64_t line = 1;
  int64_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (!base::IsUtf8ContinuationByte(c)) {
      ++column;
    }
  }
  return SourceLocation{ClampToInt(line), ClampToInt(column)};
}

JsonScanner::JsonScanner(std::string_view text, std::string_view file, int max_depth, int64_t max_values,
                         std::vector<Diagnostic>* diagnostics)
    : text_(text), file_(file), max_depth_(max_depth), max_values_(max_values), diagnostics_(diagnostics) {}

SourceLocation JsonScanner::Here() const { return SourceLocation{ClampToInt(line_), ClampToInt(column_)}; }

// Moves past one byte, counting lines and code points.
void JsonScanner::Advance() {
  const unsigned char c = PeekByte();
  ++pos_;
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if (!base::IsUtf8ContinuationByte(c)) {
    ++column_;
  }
}

void JsonScanner::SkipWhitespace() {
  while (!AtEnd()) {
    const unsigned char c = PeekByte();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    Advance();
  }
}

bool JsonScanner::Fail(SourceLocation location, std::string message) {
  failed_ = true;
  AddDiagnostic(diagnostics_, Diagnostic{std::string(file_), location.line, location.column, "", std::move(message)});
  return false;
}

// "end of input", "'x'" or "character U+0001" for the code point at the cursor.
std::string JsonScanner::DescribeNext() const {
  if (AtEnd()) return "end of input";
  const unsigned char c = PeekByte();
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

bool JsonScanner::Start() {
  if (const std::optional<size_t> bad = FindInvalidUtf8(text_)) {
    return Fail(LocationOfOffset(text_, *bad), absl::StrFormat("invalid UTF-8 (byte 0x%02X at offset %d)",
                                                                static_cast<unsigned char>(text_[*bad]), *bad));
  }
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  SkipWhitespace();
  if (AtEnd()) return Fail(Here(), "empty input: expected a JSON value");
  return true;
}

bool JsonScanner::Finish() {
  if (failed_) return false;
  SkipWhitespace();
  if (!AtEnd()) return Fail(Here(), absl::StrCat("unexpected ", DescribeNext(), " after the end of the JSON value"));
  return true;
}

bool JsonScanner::Peek(JsonKind* kind, SourceLocation* location) {
  if (failed_) return false;
  *location = Here();
  if (counted_at_ != pos_) {
    counted_at_ = pos_;
    if (++values_ > max_values_) {
      failed_ = true;
      AddDiagnostic(diagnostics_, TooManyValues(file_, *location, max_values_));
      return false;
    }
  }
  if (AtEnd()) return Fail(*location, "unexpected end of input: expected a JSON value");
  switch (PeekByte()) {
    case '{':
      *kind = JsonKind::kObject;
      return true;
    case '[':
      *kind = JsonKind::kArray;
      return true;
    case '"':
      *kind = JsonKind::kString;
      return true;
    case 't':
    case 'f':
      *kind = JsonKind::kBool;
      return true;
    case 'n':
      *kind = JsonKind::kNull;
      return true;
    default:
      if (PeekByte() == '-' || (PeekByte() >= '0' && PeekByte() <= '9')) {
        *kind = JsonKind::kNumber;
        return true;
      }
      return Fail(*location, absl::StrCat("unexpected ", DescribeNext(), ": expected a JSON value"));
  }
}

bool JsonScanner::ReadScalar(Scalar* out) {
  JsonKind kind;
  SourceLocation location;
  if (!Peek(&kind, &location)) return false;
  out->kind = kind;
  out->boolean = false;
  out->text = std::string_view();
  switch (kind) {
    case JsonKind::kString:
      return ReadString(&out->text, &string_buffer_);
    case JsonKind::kNumber:
      return ReadNumber(&out->text);
    case JsonKind::kBool:
      out->boolean = PeekByte() == 't';
      return ConsumeLiteral(out->boolean ? "true" : "false");
    case JsonKind::kNull:
      return ConsumeLiteral("null");
    case JsonKind::kArray:
    case JsonKind::kObject:
      return false;
  }
  return false;
}

bool JsonScanner::ConsumeLiteral(std::string_view literal) {
  if (text_.substr(pos_, literal.size()) != literal) {
    return Fail(Here(), absl::StrCat("invalid literal: expected '", AsAbsl(literal), "'"));
  }
  pos_ += literal.size();  // ASCII without newlines: one column a byte
  column_ += static_cast<int64_t>(literal.size());
  return true;
}

bool JsonScanner::ConsumeDigits() {
  if (AtEnd() || PeekByte() < '0' || PeekByte() > '9') return false;
  while (!AtEnd() && PeekByte() >= '0' && PeekByte() <= '9') Advance();
  return true;
}

bool JsonScanner::ReadNumber(std::string_view* out) {
  const size_t start = pos_;
  const SourceLocation start_location = Here();
  if (PeekByte() == '-') Advance();
  if (!AtEnd() && PeekByte() == '0') {
    Advance();
    if (!AtEnd() && PeekByte() >= '0' && PeekByte() <= '9') {
      return Fail(start_location, "invalid number: leading zeros are not allowed");
    }
  } else if (!ConsumeDigits()) {
    return Fail(start_location, "invalid number: expected a digit after '-'");
  }
  if (!AtEnd() && PeekByte() == '.') {
    Advance();
    if (!ConsumeDigits()) return Fail(start_location, "invalid number: expected a digit after '.'");
  }
  if (!AtEnd() && (PeekByte() == 'e' || PeekByte() == 'E')) {
    Advance();
    if (!AtEnd() && (PeekByte() == '+' || PeekByte() == '-')) Advance();
    if (!ConsumeDigits()) return Fail(start_location, "invalid number: expected a digit in the exponent");
  }
  *out = text_.substr(start, pos_ - start);
  return true;
}

// Reads the 4 hex digits of a \u escape.
bool JsonScanner::ReadHex4(SourceLocation escape_location, uint32_t* out) {
  *out = 0;
  for (int i = 0; i < 4; ++i) {
    if (AtEnd()) break;
    const unsigned char c = PeekByte();
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
  return Fail(escape_location, "invalid \\u escape: expected 4 hexadecimal digits");
}

bool JsonScanner::ReadString(std::string_view* out, std::string* buffer) {
  const SourceLocation start = Here();
  Advance();  // opening quote
  const size_t first = pos_;
  // Plain text (no escape) up to the closing quote is returned in place; the text needs no Advance() per
  // byte as it holds no newline.
  while (!AtEnd()) {
    const unsigned char c = PeekByte();
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++pos_;
    if (!base::IsUtf8ContinuationByte(c)) ++column_;
  }
  if (!AtEnd() && PeekByte() == '"') {
    *out = text_.substr(first, pos_ - first);
    Advance();
    return true;
  }
  buffer->assign(text_.data() + first, pos_ - first);
  while (true) {
    if (AtEnd()) return Fail(start, "unterminated string");
    const unsigned char c = PeekByte();
    if (c == '"') {
      Advance();
      *out = *buffer;
      return true;
    }
    if (c < 0x20) return Fail(Here(), absl::StrCat("unescaped control ", DescribeNext(), " in string"));
    if (c != '\\') {
      buffer->push_back(static_cast<char>(c));
      Advance();
      continue;
    }
    const SourceLocation escape_location = Here();
    Advance();
    if (AtEnd()) return Fail(start, "unterminated string");
    const unsigned char escaped = PeekByte();
    Advance();
    switch (escaped) {
      case '"':
        buffer->push_back('"');
        break;
      case '\\':
        buffer->push_back('\\');
        break;
      case '/':
        buffer->push_back('/');
        break;
      case 'b':
        buffer->push_back('\b');
        break;
      case 'f':
        buffer->push_back('\f');
        break;
      case 'n':
        buffer->push_back('\n');
        break;
      case 'r':
        buffer->push_back('\r');
        break;
      case 't':
        buffer->push_back('\t');
        break;
      case 'u': {
        uint32_t code_point;
        if (!ReadHex4(escape_location, &code_point)) return false;
        if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
          return Fail(escape_location, "invalid \\u escape: unpaired low surrogate");
        }
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {
          if (text_.substr(pos_, 2) != "\\u") {
            return Fail(escape_location, "invalid \\u escape: high surrogate without a low surrogate");
          }
          Advance();
          Advance();
          uint32_t low;
          if (!ReadHex4(escape_location, &low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) {
            return Fail(escape_location, "invalid \\u escape: high surrogate without a low surrogate");
          }
          code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        }
        base::AppendUtf8(code_point, buffer);
        break;
      }
      default:
        return Fail(escape_location,
                    absl::StrCat("invalid escape '\\", std::string(1, static_cast<char>(escaped)), "' in string"));
    }
  }
}

bool JsonScanner::Enter(JsonKind kind) {
  JsonKind peeked;
  SourceLocation location;
  if (!Peek(&peeked, &location)) return false;
  if (peeked != kind) return false;
  if (static_cast<int64_t>(depth_) + 1 > max_depth_) {
    return Fail(location, absl::StrCat("nesting deeper than ", max_depth_, " levels"));
  }
  if (frames_.size() <= depth_) frames_.emplace_back();
  Frame& frame = frames_[depth_++];
  frame.start = location;
  frame.first = true;
  frame.keys.clear();
  frame.key_set.clear();
  frame.owned_keys.clear();
  Advance();  // { or [
  return true;
}

bool JsonScanner::EnterObject() { return Enter(JsonKind::kObject); }

bool JsonScanner::EnterArray() { return Enter(JsonKind::kArray); }

bool JsonScanner::InsertKey(Frame* frame, std::string_view key, const std::string* unescaped) {
  if (frame->keys.size() < kLinearKeySearchLimit) {
    for (std::string_view seen : frame->keys) {
      if (seen == key) return false;
    }
  } else {
    if (frame->key_set.empty()) frame->key_set.insert(frame->keys.begin(), frame->keys.end());
    if (frame->key_set.count(key) > 0) return false;
  }
  if (unescaped != nullptr) {
    frame->owned_keys.push_back(*unescaped);
    key = frame->owned_keys.back();
  }
  frame->keys.push_back(key);
  if (!frame->key_set.empty()) frame->key_set.insert(key);
  return true;
}

bool JsonScanner::NextMember(bool* more, std::string_view* key, SourceLocation* key_location) {
  *more = false;
  while (true) {
    if (failed_ || depth_ == 0) return false;
    Frame& frame = frames_[depth_ - 1];
    SkipWhitespace();
    if (frame.first) {
      frame.first = false;
      if (!AtEnd() && PeekByte() == '}') {
        Advance();
        --depth_;
        return true;
      }
    } else {
      if (AtEnd()) return Fail(frame.start, "unterminated object: expected '}'");
      if (PeekByte() == '}') {
        Advance();
        --depth_;
        return true;
      }
      if (PeekByte() != ',') {
        return Fail(Here(), absl::StrCat("unexpected ", DescribeNext(), " in object: expected ',' or '}'"));
      }
      Advance();
      SkipWhitespace();
    }
    if (AtEnd()) return Fail(frame.start, "unterminated object: expected '}'");
    if (PeekByte() != '"') {
      return Fail(Here(), absl::StrCat("unexpected ", DescribeNext(), " in object: expected a quoted member name"));
    }
    *key_location = Here();
    std::string unescaped;
    if (!ReadString(key, &unescaped)) return false;
    SkipWhitespace();
    if (AtEnd() || PeekByte() != ':') {
      return Fail(Here(), absl::StrCat("unexpected ", DescribeNext(), " after member name: expected ':'"));
    }
    Advance();
    SkipWhitespace();
    // `frames_` may grow while a value is skipped, so the frame is found again by index.
    const size_t frame_index = depth_ - 1;
    if (InsertKey(&frames_[frame_index], *key, key->data() == unescaped.data() ? &unescaped : nullptr)) {
      if (key->data() == unescaped.data()) *key = frames_[frame_index].keys.back();
      *more = true;
      return true;
    }
    // A repeated key: its value is checked and dropped, then reported, as the first occurrence stands.
    const std::string repeated(*key);
    if (!SkipValue()) return false;
    if (!AddDiagnostic(diagnostics_, Diagnostic{std::string(file_), key_location->line, key_location->column, "",
                                                absl::StrCat("duplicate key '", repeated, "'")})) {
      failed_ = true;  // too many problems to go on
      return false;
    }
  }
}

void JsonScanner::ReleaseTextAsRead(std::function<void(size_t offset)> release) {
  release_ = std::move(release);
  next_release_ = kReleaseStep;
}

void JsonScanner::ReleaseText() {
  const char* const begin = text_.data();
  for (size_t i = 0; i < depth_; ++i) {
    Frame& frame = frames_[i];
    bool moved = false;
    for (std::string_view& key : frame.keys) {
      if (key.data() >= begin && key.data() < begin + text_.size()) {
        key = frame.owned_keys.emplace_back(key);
        moved = true;
      }
    }
    if (moved && !frame.key_set.empty()) {
      frame.key_set.clear();
      frame.key_set.insert(frame.keys.begin(), frame.keys.end());
    }
  }
  release_(pos_);
  next_release_ = pos_ + kReleaseStep;
}

bool JsonScanner::NextElement(bool* more) {
  *more = false;
  if (failed_ || depth_ == 0) return false;
  if (release_ && pos_ >= next_release_) ReleaseText();
  Frame& frame = frames_[depth_ - 1];
  SkipWhitespace();
  if (frame.first) {
    frame.first = false;
    if (!AtEnd() && PeekByte() == ']') {
      Advance();
      --depth_;
      return true;
    }
  } else {
    if (AtEnd()) return Fail(frame.start, "unterminated array: expected ']'");
    if (PeekByte() == ']') {
      Advance();
      --depth_;
      return true;
    }
    if (PeekByte() != ',') {
      return Fail(Here(), absl::StrCat("unexpected ", DescribeNext(), " in array: expected ',' or ']'"));
    }
    Advance();
    SkipWhitespace();
  }
  *more = true;
  return true;
}

bool JsonScanner::SkipValue() {
  JsonKind kind;
  SourceLocation location;
  if (!Peek(&kind, &location)) return false;
  bool more = true;
  switch (kind) {
    case JsonKind::kObject: {
      if (!EnterObject()) return false;
      std::string_view key;
      SourceLocation key_location;
      while (NextMember(&more, &key, &key_location) && more) {
        if (!SkipValue()) return false;
      }
      return !failed_;
    }
    case JsonKind::kArray:
      if (!EnterArray()) return false;
      while (NextElement(&more) && more) {
        if (!SkipValue()) return false;
      }
      return !failed_;
    default: {
      Scalar scalar;
      return ReadScalar(&scalar);
    }
  }
}

}  // namespace hdsc::io
