// The lexer of CEL: splits an expression into tokens for the parser (parser.cc). Not API: see parser.h.
#ifndef HDSC_LIB_EXPR_LEXER_H_
#define HDSC_LIB_EXPR_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hdsc::expr::internal {

enum class Tok {
  kEof,
  kError,  // a lexical error; its text (see `Token::text`) is the message
  kInt,    // its text is the digits (decimal, or hex without 0x when `hex`)
  kUint,
  kDouble,
  kString,  // its text is the decoded value
  kBytes,
  kIdent,  // no text: the identifier is the token's bytes of the expression
  kEscapedIdent,  // its text is the name between the backquotes
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
};

struct Token {
  Tok kind = Tok::kEof;
  bool hex = false;  // for kInt / kUint
  uint32_t begin = 0;  // byte offsets into the text (which `Parse` keeps under 2 GiB)
  uint32_t end = 0;
  // For literals, escaped identifiers and errors: the index in `Lexed::texts` of the digits, the
  // decoded value, the name between the backquotes or the message; -1 for other tokens.
  int32_t text = -1;
};

// Tokens are small and many; the few texts they carry are kept beside them.
struct Lexed {
  std::vector<Token> tokens;
  std::vector<std::string> texts;
};

// Splits `text` into tokens, the last one `kEof`. A lexical error becomes a `kError` token followed by `kEof`.
Lexed Lex(std::string_view text);

}  // namespace hdsc::expr::internal

#endif  // HDSC_LIB_EXPR_LEXER_H_
