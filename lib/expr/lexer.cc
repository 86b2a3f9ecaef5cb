#include "lib/expr/lexer.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/base/utf8.h"

namespace hdsc::expr::internal {
namespace {

std::string RecognitionError(std::string_view fragment) {
  return "Syntax error: token recognition error at: '" + std::string(fragment) + "'";
}

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr bool IsIdentStart(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// By byte, whether it may continue an identifier: one load for each byte of the identifiers that
// make most of an expression.
constexpr std::array<bool, 256> kIdentChars = [] {
  std::array<bool, 256> chars{};
  for (int c = 0; c < 256; ++c) chars[c] = IsIdentStart(static_cast<char>(c)) || IsDigit(static_cast<char>(c));
  return chars;
}();
bool IsIdentChar(char c) { return kIdentChars[static_cast<unsigned char>(c)]; }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Splits the text into tokens. A lexical error becomes a `kError` token followed by `kEof`.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Lexed Run() {
    // About a token per four bytes of an expression: the vector is seldom regrown.
    lexed_.tokens.reserve(text_.size() / 4 + 4);
    while (true) {
      const Token token = Next();
      lexed_.tokens.push_back(token);
      if (token.kind == Tok::kEof) break;
      if (token.kind == Tok::kError) {
        Token eof;
        eof.begin = eof.end = static_cast<uint32_t>(text_.size());
        lexed_.tokens.push_back(eof);
        break;
      }
    }
    return std::move(lexed_);
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool AtEnd(size_t ahead = 0) const { return pos_ + ahead >= text_.size(); }

  Token Make(Tok kind, size_t begin) {
    Token token;
    token.kind = kind;
    token.begin = static_cast<uint32_t>(begin);
    token.end = static_cast<uint32_t>(pos_);
    return token;
  }

  // A token that carries `text` (see `Token::text`).
  Token MakeWithText(Tok kind, size_t begin, std::string text) {
    Token token = Make(kind, begin);
    token.text = static_cast<int32_t>(lexed_.texts.size());
    lexed_.texts.push_back(std::move(text));
    return token;
  }

  Token Error(size_t begin, std::string message) { return MakeWithText(Tok::kError, begin, std::move(message)); }

  void SkipSpaceAndComments() {
    while (!AtEnd()) {
      const char c = Peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
        ++pos_;
      } else if (c == '/' && Peek(1) == '/') {
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Token Next() {
    SkipSpaceAndComments();
    const size_t begin = pos_;
    if (AtEnd()) return Make(Tok::kEof, begin);
    const char c = Peek();

    // String and bytes literals, with optional b/B and r/R prefixes (in that order).
    if (c == '"' || c == '\'' || c == 'b' || c == 'B' || c == 'r' || c == 'R') {
      size_t p = 0;
      bool bytes = false;
      bool raw = false;
      if (Peek(p) == 'b' || Peek(p) == 'B') {
        bytes = true;
        ++p;
      }
      if (Peek(p) == 'r' || Peek(p) == 'R') {
        raw = true;
        ++p;
      }
      if (Peek(p) == '"' || Peek(p) == '\'') {
        pos_ += p;
        return LexString(begin, bytes, raw);
      }
    }
    if (IsIdentStart(c)) {
      const char* next = text_.data() + pos_;
      const char* const end = text_.data() + text_.size();
      while (next != end && IsIdentChar(*next)) ++next;
      pos_ = static_cast<size_t>(next - text_.data());
      Token token = Make(Tok::kIdent, begin);
      // Views compare lengths first: most identifiers are no keyword.
      const std::string_view word = text_.substr(begin, pos_ - begin);
      if (word == "true") token.kind = Tok::kTrue;
      if (word == "false") token.kind = Tok::kFalse;
      if (word == "null") token.kind = Tok::kNull;
      if (word == "in") token.kind = Tok::kIn;
      return token;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber(begin);
    if (c == '`') return LexEscapedIdent(begin);

    ++pos_;
    switch (c) {
      case '(':
        return Make(Tok::kLParen, begin);
      case ')':
        return Make(Tok::kRParen, begin);
      case '[':
        return Make(Tok::kLBracket, begin);
      case ']':
        return Make(Tok::kRBracket, begin);
      case '{':
        return Make(Tok::kLBrace, begin);
      case '}':
        return Make(Tok::kRBrace, begin);
      case '.':
        return Make(Tok::kDot, begin);
      case ',':
        return Make(Tok::kComma, begin);
      case ':':
        return Make(Tok::kColon, begin);
      case '?':
        return Make(Tok::kQuestion, begin);
      case '+':
        return Make(Tok::kPlus, begin);
      case '-':
        return Make(Tok::kMinus, begin);
      case '*':
        return Make(Tok::kStar, begin);
      case '/':
        return Make(Tok::kSlash, begin);
      case '%':
        return Make(Tok::kPercent, begin);
      case '!':
        if (Peek() == '=') {
          ++pos_;
          return Make(Tok::kNe, begin);
        }
        return Make(Tok::kNot, begin);
      case '=':
        if (Peek() == '=') {
          ++pos_;
          return Make(Tok::kEq, begin);
        }
        break;
      case '<':
        if (Peek() == '=') {
          ++pos_;
          return Make(Tok::kLe, begin);
        }
        return Make(Tok::kLt, begin);
      case '>':
        if (Peek() == '=') {
          ++pos_;
          return Make(Tok::kGe, begin);
        }
        return Make(Tok::kGt, begin);
      case '&':
        if (Peek() == '&') {
          ++pos_;
          return Make(Tok::kAnd, begin);
        }
        break;
      case '|':
        if (Peek() == '|') {
          ++pos_;
          return Make(Tok::kOr, begin);
        }
        break;
      default:
        break;
    }
    // Report the whole (possibly multi-byte) character.
    while (!AtEnd() && (static_cast<unsigned char>(Peek()) & 0xC0) == 0x80) ++pos_;
    return Error(begin, RecognitionError(text_.substr(begin, pos_ - begin)));
  }

  Token LexNumber(size_t begin) {
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X') && IsHexDigit(Peek(2))) {
      pos_ += 2;
      const size_t digits = pos_;
      while (!AtEnd() && IsHexDigit(Peek())) ++pos_;
      std::string text(text_.substr(digits, pos_ - digits));
      Tok kind = Tok::kInt;
      if (Peek() == 'u' || Peek() == 'U') {
        ++pos_;
        kind = Tok::kUint;
      }
      Token token = MakeWithText(kind, begin, std::move(text));
      token.hex = true;
      return token;
    }
    bool is_double = false;
    while (!AtEnd() && IsDigit(Peek())) ++pos_;
    if (Peek() == '.' && IsDigit(Peek(1))) {
      is_double = true;
      ++pos_;
      while (!AtEnd() && IsDigit(Peek())) ++pos_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      size_t p = 1;
      if (Peek(p) == '+' || Peek(p) == '-') ++p;
      if (IsDigit(Peek(p))) {
        is_double = true;
        pos_ += p;
        while (!AtEnd() && IsDigit(Peek())) ++pos_;
      }
    }
    if (is_double) return MakeWithText(Tok::kDouble, begin, std::string(text_.substr(begin, pos_ - begin)));
    std::string text(text_.substr(begin, pos_ - begin));
    Tok kind = Tok::kInt;
    if (Peek() == 'u' || Peek() == 'U') {
      ++pos_;
      kind = Tok::kUint;
    }
    return MakeWithText(kind, begin, std::move(text));
  }

  Token LexEscapedIdent(size_t begin) {
    ++pos_;  // opening backquote
    const size_t start = pos_;
    while (!AtEnd()) {
      const char c = Peek();
      if (c == '`') break;
      if (!(IsIdentChar(c) || c == '.' || c == '-' || c == '/' || c == ' ')) {
        return Error(begin, RecognitionError(text_.substr(begin, pos_ + 1 - begin)));
      }
      ++pos_;
    }
    if (AtEnd() || pos_ == start) {
      return Error(begin, RecognitionError(text_.substr(begin, pos_ - begin)));
    }
    std::string name(text_.substr(start, pos_ - start));
    ++pos_;  // closing backquote
    return MakeWithText(Tok::kEscapedIdent, begin, std::move(name));
  }

  // `pos_` is at the opening quote.
  Token LexString(size_t begin, bool bytes, bool raw) {
    const char quote = Peek();
    const bool triple = Peek(1) == quote && Peek(2) == quote;
    pos_ += triple ? 3 : 1;
    std::string value;
    while (true) {
      if (AtEnd()) {
        return Error(begin, RecognitionError(text_.substr(begin)));
      }
      const char c = Peek();
      if (triple) {
        if (c == quote && Peek(1) == quote && Peek(2) == quote) {
          pos_ += 3;
          break;
        }
      } else {
        if (c == quote) {
          ++pos_;
          break;
        }
        if (c == '\n' || c == '\r') {
          return Error(begin, RecognitionError(text_.substr(begin, pos_ - begin)));
        }
      }
      if (c == '\\' && !raw) {
        std::string message;
        if (!LexEscape(bytes, &value, &message)) {
          if (message.empty()) message = RecognitionError(text_.substr(begin, pos_ - begin));
          return Error(begin, std::move(message));
        }
        continue;
      }
      if (c == '\\' && raw) {
        // A raw string keeps the backslash, but an escaped quote does not end it.
        value.push_back(c);
        ++pos_;
        if (!AtEnd() && (Peek() == quote || Peek() == '\\')) {
          value.push_back(Peek());
          ++pos_;
        }
        continue;
      }
      if (c == '\r') {
        // Newlines in multi-line strings are normalised to '\n', as in cel-go.
        ++pos_;
        if (Peek() == '\n') ++pos_;
        value.push_back('\n');
        continue;
      }
      value.push_back(c);
      ++pos_;
    }
    return MakeWithText(bytes ? Tok::kBytes : Tok::kString, begin, std::move(value));
  }

  // Moves past the valid start of a bad escape and its first bad character, so that the
  // error quotes them. Returns false.
  bool SkipBadEscape() {
    while (!AtEnd() && IsHexDigit(Peek())) ++pos_;
    if (!AtEnd()) ++pos_;
    return false;
  }

  // Decodes one escape sequence at `pos_` (a backslash). Returns false on an invalid escape;
  // `message` is set when the escape is well-formed but its value is not allowed.
  bool LexEscape(bool bytes, std::string* out, std::string* message) {
    ++pos_;  // backslash
    if (AtEnd()) return false;
    const char c = Peek();
    ++pos_;
    switch (c) {
      case 'a':
        out->push_back('\a');
        return true;
      case 'b':
        out->push_back('\b');
        return true;
      case 'f':
        out->push_back('\f');
        return true;
      case 'n':
        out->push_back('\n');
        return true;
      case 'r':
        out->push_back('\r');
        return true;
      case 't':
        out->push_back('\t');
        return true;
      case 'v':
        out->push_back('\v');
        return true;
      case '\\':
      case '\'':
      case '"':
      case '`':
      case '?':
        out->push_back(c);
        return true;
      case 'x':
      case 'X': {
        if (!IsHexDigit(Peek()) || !IsHexDigit(Peek(1))) return SkipBadEscape();
        const uint32_t value = HexValue(Peek()) * 16 + HexValue(Peek(1));
        pos_ += 2;
        if (bytes) {
          out->push_back(static_cast<char>(value));
        } else {
          base::AppendUtf8(value, out);
        }
        return true;
      }
      case 'u':
      case 'U': {
        const int digits = c == 'u' ? 4 : 8;
        uint32_t value = 0;
        for (int i = 0; i < digits; ++i) {
          if (!IsHexDigit(Peek(i))) return SkipBadEscape();
          value = value * 16 + HexValue(Peek(i));
        }
        pos_ += digits;
        if ((value >= 0xD800 && value < 0xE000) || value > 0x10FFFF) {
          *message = "invalid unicode code point";
          return false;
        }
        base::AppendUtf8(value, out);
        return true;
      }
      default:
        break;
    }
    if (c >= '0' && c <= '3') {
      if (!(Peek() >= '0' && Peek() <= '7') || !(Peek(1) >= '0' && Peek(1) <= '7')) return false;
      const uint32_t value = (c - '0') * 64 + (Peek() - '0') * 8 + (Peek(1) - '0');
      pos_ += 2;
      if (bytes) {
        out->push_back(static_cast<char>(value));
      } else {
        base::AppendUtf8(value, out);
      }
      return true;
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  Lexed lexed_;
};

}  // namespace

Lexed Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace hdsc::expr::internal
