// The lexer of CEL: splits an expression into tokens for the parser (parser.cc). Not API: see parser.h.
#ifndef HDSC_LIB_EXPR_LEXER_H_
#define HDSC_LIB_EXPR_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hdsc::expr::internal {

enum class Tok {
  kEof,
  kError,  // a lexical error; `text` holds the message
  kInt,    // `text` holds the digits (decimal, or hex without 0x when `hex`)
  kUint,
  kDouble,
  kString,  // `text` holds the decoded value
  kBytes,
  kIdent,  // `text` is empty: the identifier is the token's bytes of the expression
  kEscapedIdent,  // `text` holds the name between the backquotes
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
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
  std::string text;
  bool hex = false;  // for kInt / kUint
};

// Splits `text` into tokens, the last one `kEof`. A lexical error becomes a `kError` token followed by `kEof`.
std::vector<Token> Lex(std::string_view text);

}  // namespace hdsc::expr::internal

#endif  // HDSC_LIB_EXPR_LEXER_H_
