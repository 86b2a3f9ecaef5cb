#include "lib/expr/parser.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/utf8.h"
#include "lib/expr/lexer.h"

namespace hdsc::expr {
namespace {

using internal::Tok;
using internal::Token;

// Views, so that each test compares lengths before any text (every identifier is tested).
constexpr std::string_view kReservedIdentifiers[] = {
    "as",  "break",  "const",     "continue", "else",   "for", "function", "if",   "import",
    "let", "loop",   "package",   "namespace", "return", "var", "void",     "while",
};

bool IsReserved(std::string_view name) {
  for (std::string_view reserved : kReservedIdentifiers) {
    if (name == reserved) return true;
  }
  return false;
}

constexpr char kAccumulator[] = "@result";

std::string Describe(const Token& token, std::string_view text) {
  if (token.kind == Tok::kEof) return "<EOF>";
  return "'" + std::string(text.substr(token.begin, token.end - token.begin)) + "'";
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view location, const ParseOptions& options)
      : text_(text), options_(options) {
    source_.location = std::string(location);
    source_.text = std::string(text);
    // Code-point offset of every byte offset, for positions.
    code_points_.resize(text.size() + 1);
    int32_t count = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      code_points_[i] = count;
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
    }
    code_points_[text.size()] = count;
  }

  absl::StatusOr<ParsedExpr> Run(std::vector<CompileIssue>* issues) {
    // Strings are UTF-8 everywhere in CEL: text that is not is refused here, so that no string function meets it.
    if (const size_t bad = base::FirstInvalidUtf8(text_); bad != std::string_view::npos) {
      ErrorAt(code_points_[bad], absl::StrCat("invalid UTF-8: byte 0x",
                                              absl::Hex(static_cast<unsigned char>(text_[bad]), absl::kZeroPad2),
                                              " does not start a well-formed character"));
      if (issues != nullptr) issues->insert(issues->end(), errors_.begin(), errors_.end());
      return IssuesStatus(source_.location, errors_);
    }
    internal::Lexed lexed = internal::Lex(text_);
    tokens_ = std::move(lexed.tokens);
    texts_ = std::move(lexed.texts);
    // About a node per token: the map and heights are not regrown as the tree is built.
    source_.positions.reserve(tokens_.size());
    heights_.reserve(tokens_.size() + 1);
    ExprPtr expr = ParseExpr();
    if (expr != nullptr && Peek().kind != Tok::kEof) {
      SyntaxError(Peek(), absl::StrCat("Syntax error: mismatched input ", Describe(Peek(), text_),
                                       " expecting <EOF>"));
    }
    if (!errors_.empty()) {
      if (issues != nullptr) issues->insert(issues->end(), errors_.begin(), errors_.end());
      return IssuesStatus(source_.location, errors_);
    }
    ParsedExpr parsed;
    parsed.arena = std::move(arena_);
    parsed.expr = std::move(expr);
    parsed.source_info = std::move(source_);
    return parsed;
  }

 private:
  // --- Tokens ---

  const Token& Peek(size_t ahead = 0) const {
    const size_t index = std::min(next_ + ahead, tokens_.size() - 1);
    return tokens_[index];
  }
  const Token& Advance() {
    const Token& token = tokens_[next_];
    if (next_ + 1 < tokens_.size()) ++next_;
    return token;
  }
  bool Accept(Tok kind) {
    if (Peek().kind != kind) return false;
    Advance();
    return true;
  }
  int32_t Offset(const Token& token) const { return code_points_[token.begin]; }
  // An identifier as written, an escaped identifier's name, a literal's digits or decoded value, or a lexical error.
  std::string_view Text(const Token& token) const {
    if (token.kind == Tok::kIdent) return text_.substr(token.begin, token.end - token.begin);
    return token.text >= 0 ? std::string_view(texts_[token.text]) : std::string_view();
  }
  // The decoded value of the string or bytes literal `Peek()`, which is passed.
  std::string TakeLiteral() { return std::move(texts_[Advance().text]); }
  // The digits of the number `token`, as `strtoull` and `strtod` read them.
  const char* Digits(const Token& token) const { return texts_[token.text].c_str(); }

  // --- Errors ---

  bool failed() const { return !errors_.empty(); }

  void ErrorAt(int32_t offset, const std::string& message) {
    auto [line, column] = source_.LineColumn(offset);
    errors_.push_back(CompileIssue{line, column, message});
  }

  // A token error reports the lexer's message when the token is itself a lexical error.
  void SyntaxError(const Token& token, const std::string& message) {
    if (token.kind == Tok::kError) {
      ErrorAt(Offset(token), std::string(Text(token)));
    } else {
      ErrorAt(Offset(token), message);
    }
  }

  void Expected(const std::string& what) {
    SyntaxError(Peek(), absl::StrCat("Syntax error: mismatched input ", Describe(Peek(), text_),
                                     " expecting ", what));
  }

  bool Expect(Tok kind, const char* what) {
    if (Accept(kind)) return true;
    Expected(what);
    return false;
  }

  // --- Node factory ---

  int64_t NextId(int32_t offset) {
    const int64_t id = ++last_id_;
    source_.positions[id] = offset;
    heights_.push_back(0);  // heights_[id], set by `Finish`
    return id;
  }

  // Records the height of a new node and reports an error when it exceeds the nesting limit.
  ExprPtr Finish(ExprPtr expr, int height) {
    if (height > options_.max_nesting_depth && !failed()) {
      ErrorAt(source_.positions[expr->id],
              absl::StrCat("expression nesting exceeds the limit of ", options_.max_nesting_depth));
    }
    heights_[expr->id] = height;
    return expr;
  }

  int Height(const ExprPtr& expr) const {
    if (expr == nullptr || static_cast<size_t>(expr->id) >= heights_.size()) return 0;
    return heights_[expr->id];
  }

  ExprPtr NewConst(int32_t offset, Constant value) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    expr->kind = std::move(value);
    return Finish(std::move(expr), 1);
  }

  ExprPtr NewIdent(int32_t offset, std::string name) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    expr->kind = Ident{std::move(name)};
    return Finish(std::move(expr), 1);
  }

  ExprPtr NewSelect(int32_t offset, ExprPtr operand, std::string field, bool test_only) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    const int height = Height(operand) + 1;
    expr->kind = Select{std::move(operand), std::move(field), test_only};
    return Finish(std::move(expr), height);
  }

  ExprPtr NewCall(int32_t offset, std::string function, std::vector<ExprPtr> args,
                  ExprPtr target = nullptr) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    int height = Height(target);
    for (const ExprPtr& arg : args) height = std::max(height, Height(arg));
    expr->kind = Call{std::move(target), std::move(function), std::move(args)};
    return Finish(std::move(expr), height + 1);
  }

  ExprPtr NewCall(int32_t offset, std::string function, ExprPtr a, ExprPtr b) {
    std::vector<ExprPtr> args;
    args.reserve(2);
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return NewCall(offset, std::move(function), std::move(args));
  }

  ExprPtr NewCall(int32_t offset, std::string function, ExprPtr a) {
    std::vector<ExprPtr> args;
    args.push_back(std::move(a));
    return NewCall(offset, std::move(function), std::move(args));
  }

  ExprPtr NewList(int32_t offset, std::vector<ExprPtr> elements,
                  std::vector<int32_t> optional_indices) {
    return NewListWithId(NextId(offset), std::move(elements), std::move(optional_indices));
  }

  ExprPtr NewListWithId(int64_t id, std::vector<ExprPtr> elements,
                        std::vector<int32_t> optional_indices) {
    ExprPtr expr = arena_->New();
    expr->id = id;
    int height = 0;
    for (const ExprPtr& element : elements) height = std::max(height, Height(element));
    expr->kind = CreateList{std::move(elements), std::move(optional_indices)};
    return Finish(std::move(expr), height + 1);
  }

  ExprPtr NewStruct(int64_t id, std::string message_name,
                    std::vector<CreateStruct::Entry> entries) {
    ExprPtr expr = arena_->New();
    expr->id = id;
    int height = 0;
    for (const auto& entry : entries) {
      height = std::max({height, Height(entry.key), Height(entry.value)});
    }
    expr->kind = CreateStruct{std::move(message_name), std::move(entries)};
    return Finish(std::move(expr), height + 1);
  }

  // --- Grammar ---

  // expr: conditionalOr ('?' conditionalOr ':' expr)?
  ExprPtr ParseExpr() {
    if (depth_ >= options_.max_nesting_depth) {
      if (!failed()) {
        ErrorAt(Offset(Peek()), absl::StrCat("expression nesting exceeds the limit of ",
                                             options_.max_nesting_depth));
      }
      return nullptr;
    }
    ++depth_;
    ExprPtr result = ParseConditional();
    --depth_;
    return result;
  }

  ExprPtr ParseConditional() {
    ExprPtr condition = ParseLogical(Tok::kOr);
    if (condition == nullptr) return nullptr;
    if (Peek().kind != Tok::kQuestion) return condition;
    const int32_t offset = Offset(Advance());
    ExprPtr if_true = ParseLogical(Tok::kOr);
    if (if_true == nullptr) return nullptr;
    if (!Expect(Tok::kColon, "':'")) return nullptr;
    ExprPtr if_false = ParseExpr();
    if (if_false == nullptr) return nullptr;
    std::vector<ExprPtr> args;
    args.reserve(3);
    args.push_back(std::move(condition));
    args.push_back(std::move(if_true));
    args.push_back(std::move(if_false));
    return NewCall(offset, "_?_:_", std::move(args));
  }

  // conditionalOr: conditionalAnd ('||' conditionalAnd)*, and the same for '&&' over
  // relations; a chain becomes a balanced tree.
  ExprPtr ParseLogical(Tok op) {
    const bool is_or = op == Tok::kOr;
    ExprPtr first = is_or ? ParseLogical(Tok::kAnd) : ParseRelation();
    // Most operands of an expression are no chain: they need no list of terms.
    if (first == nullptr || Peek().kind != op) return first;
    std::vector<ExprPtr> terms;
    std::vector<int32_t> offsets;
    terms.push_back(std::move(first));
    while (Peek().kind == op) {
      offsets.push_back(Offset(Advance()));
      ExprPtr next = is_or ? ParseLogical(Tok::kAnd) : ParseRelation();
      if (next == nullptr) return nullptr;
      terms.push_back(std::move(next));
    }
    return Balance(is_or ? "_||_" : "_&&_", &terms, offsets, 0,
                   static_cast<int>(offsets.size()) - 1);
  }

  // cel-go's logic manager: `ops[mid]` joins the balanced trees of both halves.
  ExprPtr Balance(const char* function, std::vector<ExprPtr>* terms,
                  const std::vector<int32_t>& offsets, int lo, int hi) {
    const int mid = (lo + hi + 1) / 2;
    ExprPtr left = mid == lo ? std::move((*terms)[mid])
                             : Balance(function, terms, offsets, lo, mid - 1);
    ExprPtr right = mid == hi ? std::move((*terms)[mid + 1])
                              : Balance(function, terms, offsets, mid + 1, hi);
    return NewCall(offsets[mid], function, std::move(left), std::move(right));
  }

  // relation: calc (('<'|'<='|'>='|'>'|'=='|'!='|'in') calc)*, left-associative.
  ExprPtr ParseRelation() {
    ExprPtr left = ParseAddition();
    if (left == nullptr) return nullptr;
    while (true) {
      const char* function = nullptr;
      switch (Peek().kind) {
        case Tok::kLt:
          function = "_<_";
          break;
        case Tok::kLe:
          function = "_<=_";
          break;
        case Tok::kGt:
          function = "_>_";
          break;
        case Tok::kGe:
          function = "_>=_";
          break;
        case Tok::kEq:
          function = "_==_";
          break;
        case Tok::kNe:
          function = "_!=_";
          break;
        case Tok::kIn:
          function = "@in";
          break;
        default:
          return left;
      }
      const int32_t offset = Offset(Advance());
      ExprPtr right = ParseAddition();
      if (right == nullptr) return nullptr;
      left = NewCall(offset, function, std::move(left), std::move(right));
      if (failed()) return nullptr;
    }
  }

  ExprPtr ParseAddition() {
    ExprPtr left = ParseMultiplication();
    if (left == nullptr) return nullptr;
    while (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus) {
      const char* function = Peek().kind == Tok::kPlus ? "_+_" : "_-_";
      const int32_t offset = Offset(Advance());
      ExprPtr right = ParseMultiplication();
      if (right == nullptr) return nullptr;
      left = NewCall(offset, function, std::move(left), std::move(right));
      if (failed()) return nullptr;
    }
    return left;
  }

  ExprPtr ParseMultiplication() {
    ExprPtr left = ParseUnary();
    if (left == nullptr) return nullptr;
    while (Peek().kind == Tok::kStar || Peek().kind == Tok::kSlash ||
           Peek().kind == Tok::kPercent) {
      const Tok kind = Peek().kind;
      const char* function = kind == Tok::kStar ? "_*_" : kind == Tok::kSlash ? "_/_" : "_%_";
      const int32_t offset = Offset(Advance());
      ExprPtr right = ParseUnary();
      if (right == nullptr) return nullptr;
      left = NewCall(offset, function, std::move(left), std::move(right));
      if (failed()) return nullptr;
    }
    return left;
  }

  // unary: member | '!'+ member | '-'+ member. Pairs of `!` or `-` cancel out, and a single
  // `-` before a number literal makes a negative literal.
  ExprPtr ParseUnary() {
    const Tok kind = Peek().kind;
    if (kind != Tok::kNot && kind != Tok::kMinus) return ParseMember();
    const int32_t first_offset = Offset(Peek());
    int count = 0;
    int32_t last_offset = first_offset;
    while (Peek().kind == kind) {
      last_offset = Offset(Advance());
      ++count;
    }
    if (kind == Tok::kMinus && count % 2 == 1 &&
        (Peek().kind == Tok::kInt || Peek().kind == Tok::kDouble)) {
      negative_literal_offset_ = last_offset;
      return ParseMember();
    }
    ExprPtr operand = ParseMember();
    if (operand == nullptr) return nullptr;
    if (count % 2 == 0) return operand;
    return NewCall(first_offset, kind == Tok::kNot ? "!_" : "-_", std::move(operand));
  }

  // member: primary ('.' '?'? name ('(' args ')')? | '[' '?'? expr ']')*
  ExprPtr ParseMember() {
    ExprPtr expr = ParsePrimary();
    if (expr == nullptr) return nullptr;
    while (!failed()) {
      if (Peek().kind == Tok::kDot) {
        const Token& dot = Advance();
        const int32_t offset = Offset(dot);
        bool optional = false;
        if (Peek().kind == Tok::kQuestion) {
          if (!options_.enable_optional_syntax) {
            ErrorAt(offset, "unsupported syntax '.?'");
            return nullptr;
          }
          Advance();
          optional = true;
        }
        const Tok name_kind = Peek().kind;
        if (name_kind != Tok::kIdent && name_kind != Tok::kEscapedIdent) {
          Expected("IDENTIFIER");
          return nullptr;
        }
        std::string name(Text(Advance()));
        if (!optional && name_kind == Tok::kIdent && Peek().kind == Tok::kLParen) {
          const int32_t call_offset = Offset(Advance());
          std::vector<ExprPtr> args;
          if (!ParseArguments(&args)) return nullptr;
          expr = MemberCallOrMacro(call_offset, std::move(expr), std::move(name), std::move(args));
          if (expr == nullptr) return nullptr;
          continue;
        }
        if (optional) {
          ExprPtr field = NewConst(offset, std::move(name));
          expr = NewCall(offset, "_?._", std::move(expr), std::move(field));
        } else {
          expr = NewSelect(offset, std::move(expr), std::move(name), /*test_only=*/false);
        }
        continue;
      }
      if (Peek().kind == Tok::kLBracket) {
        const int32_t offset = Offset(Advance());
        bool optional = false;
        if (Peek().kind == Tok::kQuestion) {
          if (!options_.enable_optional_syntax) {
            ErrorAt(offset, "unsupported syntax '[?'");
            return nullptr;
          }
          Advance();
          optional = true;
        }
        ExprPtr index = ParseExpr();
        if (index == nullptr) return nullptr;
        if (!Expect(Tok::kRBracket, "']'")) return nullptr;
        expr = NewCall(offset, optional ? "_[?_]" : "_[_]", std::move(expr), std::move(index));
        continue;
      }
      break;
    }
    if (failed()) return nullptr;
    return expr;
  }

  // Arguments after '(' up to and including ')'.
  bool ParseArguments(std::vector<ExprPtr>* args) {
    if (Accept(Tok::kRParen)) return true;
    while (true) {
      ExprPtr arg = ParseExpr();
      if (arg == nullptr) return false;
      args->push_back(std::move(arg));
      if (Accept(Tok::kComma)) continue;
      return Expect(Tok::kRParen, "{')', ','}");
    }
  }

  ExprPtr ParsePrimary() {
    const Token& token = Peek();
    const int32_t offset = Offset(token);
    const int32_t negative_offset = negative_literal_offset_;
    negative_literal_offset_ = -1;
    switch (token.kind) {
      case Tok::kInt:
        return ParseIntLiteral(negative_offset);
      case Tok::kUint:
        return ParseUintLiteral();
      case Tok::kDouble:
        return ParseDoubleLiteral(negative_offset);
      case Tok::kString:
        return NewConst(offset, TakeLiteral());
      case Tok::kBytes:
        return NewConst(offset, Bytes{TakeLiteral()});
      case Tok::kTrue:
        Advance();
        return NewConst(offset, true);
      case Tok::kFalse:
        Advance();
        return NewConst(offset, false);
      case Tok::kNull:
        Advance();
        return NewConst(offset, std::monostate());
      case Tok::kLParen: {
        Advance();
        ExprPtr inner = ParseExpr();
        if (inner == nullptr) return nullptr;
        if (!Expect(Tok::kRParen, "')'")) return nullptr;
        return inner;
      }
      case Tok::kLBracket:
        return ParseList();
      case Tok::kLBrace:
        return ParseMap();
      case Tok::kDot:
      case Tok::kIdent:
        return ParseNameOrCallOrMessage();
      default:
        Expected("an expression");
        return nullptr;
    }
  }

  ExprPtr ParseIntLiteral(int32_t negative_offset) {
    const Token& token = Advance();
    const bool negative = negative_offset >= 0;
    const int32_t offset = negative ? negative_offset : Offset(token);
    errno = 0;
    char* end = nullptr;
    const unsigned long long magnitude =
        std::strtoull(Digits(token), &end, token.hex ? 16 : 10);
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (errno == ERANGE || *end != '\0' || magnitude > limit) {
      ErrorAt(offset, "invalid int literal");
      return nullptr;
    }
    const int64_t value = negative ? static_cast<int64_t>(0 - static_cast<uint64_t>(magnitude))
                                   : static_cast<int64_t>(magnitude);
    return NewConst(offset, value);
  }

  ExprPtr ParseUintLiteral() {
    const Token& token = Advance();
    errno = 0;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(Digits(token), &end, token.hex ? 16 : 10);
    if (errno == ERANGE || *end != '\0') {
      ErrorAt(Offset(token), "invalid uint literal");
      return nullptr;
    }
    return NewConst(Offset(token), static_cast<uint64_t>(value));
  }

  ExprPtr ParseDoubleLiteral(int32_t negative_offset) {
    const Token& token = Advance();
    const int32_t offset = negative_offset >= 0 ? negative_offset : Offset(token);
    errno = 0;
    char* end = nullptr;
    double value = std::strtod(Digits(token), &end);
    if (*end != '\0' || (errno == ERANGE && std::abs(value) > 1.0)) {
      ErrorAt(offset, "invalid double literal");
      return nullptr;
    }
    if (negative_offset >= 0) value = -value;
    return NewConst(offset, value);
  }

  // '[' (('?')? expr (',' ('?')? expr)* ','?)? ']'
  ExprPtr ParseList() {
    const int32_t offset = Offset(Advance());
    const int64_t id = NextId(offset);
    std::vector<ExprPtr> elements;
    std::vector<int32_t> optional_indices;
    while (Peek().kind != Tok::kRBracket) {
      if (Peek().kind == Tok::kQuestion) {
        if (!options_.enable_optional_syntax) {
          ErrorAt(Offset(Peek()), "unsupported syntax '?'");
          return nullptr;
        }
        Advance();
        optional_indices.push_back(static_cast<int32_t>(elements.size()));
      }
      ExprPtr element = ParseExpr();
      if (element == nullptr) return nullptr;
      elements.push_back(std::move(element));
      if (!Accept(Tok::kComma)) break;
    }
    if (!Expect(Tok::kRBracket, "{']', ','}")) return nullptr;
    // The id is taken before the elements' so that ids follow source order, as in cel-go.
    return NewListWithId(id, std::move(elements), std::move(optional_indices));
  }

  // '{' (('?')? key ':' value (',' ...)* ','?)? '}'
  ExprPtr ParseMap() {
    const int32_t offset = Offset(Advance());
    const int64_t id = NextId(offset);
    std::vector<CreateStruct::Entry> entries;
    while (Peek().kind != Tok::kRBrace) {
      CreateStruct::Entry entry;
      if (Peek().kind == Tok::kQuestion) {
        if (!options_.enable_optional_syntax) {
          ErrorAt(Offset(Peek()), "unsupported syntax '?'");
          return nullptr;
        }
        Advance();
        entry.optional = true;
      }
      entry.key = ParseExpr();
      if (entry.key == nullptr) return nullptr;
      const int32_t colon = Offset(Peek());
      if (!Expect(Tok::kColon, "':'")) return nullptr;
      entry.id = NextId(colon);
      entry.value = ParseExpr();
      if (entry.value == nullptr) return nullptr;
      entries.push_back(std::move(entry));
      if (!Accept(Tok::kComma)) break;
    }
    if (!Expect(Tok::kRBrace, "{'}', ','}")) return nullptr;
    return NewStruct(id, "", std::move(entries));
  }

  // '.'? IDENT ('(' args ')')?  |  '.'? IDENT ('.' IDENT)* '{' fields '}'
  ExprPtr ParseNameOrCallOrMessage() {
    std::string prefix;
    if (Peek().kind == Tok::kDot) {
      Advance();
      prefix = ".";
      if (Peek().kind != Tok::kIdent) {
        Expected("IDENTIFIER");
        return nullptr;
      }
    }
    // Message construction: a dotted name followed by '{'.
    size_t ahead = 1;
    while (Peek(ahead).kind == Tok::kDot && Peek(ahead + 1).kind == Tok::kIdent) ahead += 2;
    if (Peek(ahead).kind == Tok::kLBrace) {
      std::string name = prefix;
      for (size_t i = 0; i < ahead; ++i) {
        const Token& part = Advance();
        name += part.kind == Tok::kDot ? std::string_view(".") : Text(part);
      }
      return ParseMessage(std::move(name));
    }
    const Token& token = Advance();
    const int32_t offset = Offset(token);
    const std::string_view word = Text(token);
    std::string name = prefix;
    name += word;
    if (IsReserved(word)) {
      ErrorAt(offset, "reserved identifier: " + std::string(word));
      return nullptr;
    }
    if (Peek().kind == Tok::kLParen) {
      const int32_t call_offset = Offset(Advance());
      std::vector<ExprPtr> args;
      if (!ParseArguments(&args)) return nullptr;
      return GlobalCallOrMacro(call_offset, std::move(name), std::move(args));
    }
    return NewIdent(offset, std::move(name));
  }

  // After the message name; `Peek()` is '{'.
  ExprPtr ParseMessage(std::string name) {
    const int32_t offset = Offset(Advance());
    const int64_t id = NextId(offset);
    std::vector<CreateStruct::Entry> entries;
    while (Peek().kind != Tok::kRBrace) {
      CreateStruct::Entry entry;
      if (Peek().kind == Tok::kQuestion) {
        if (!options_.enable_optional_syntax) {
          ErrorAt(Offset(Peek()), "unsupported syntax '?'");
          return nullptr;
        }
        Advance();
        entry.optional = true;
      }
      if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kEscapedIdent) {
        SyntaxError(Peek(), absl::StrCat("Syntax error: mismatched input ",
                                         Describe(Peek(), text_),
                                         " expecting {'}', ',', '?', IDENTIFIER}"));
        return nullptr;
      }
      entry.field = std::string(Text(Advance()));
      const int32_t colon = Offset(Peek());
      if (!Expect(Tok::kColon, "':'")) return nullptr;
      entry.id = NextId(colon);
      entry.value = ParseExpr();
      if (entry.value == nullptr) return nullptr;
      entries.push_back(std::move(entry));
      if (!Accept(Tok::kComma)) break;
    }
    if (!Expect(Tok::kRBrace, "{'}', ','}")) return nullptr;
    return NewStruct(id, std::move(name), std::move(entries));
  }

  // --- Macros ---

  ExprPtr GlobalCallOrMacro(int32_t offset, std::string name, std::vector<ExprPtr> args) {
    if (options_.enable_macros && name == "has" && args.size() == 1) {
      Expr& arg = *args[0];
      auto* select = std::get_if<Select>(&arg.kind);
      if (select == nullptr || select->test_only) {
        ErrorAt(source_.positions[arg.id], "invalid argument to has() macro");
        return nullptr;
      }
      // The presence test takes the place (and id) of the select it tests.
      const int64_t id = arg.id;
      const int height = Height(args[0]);
      ExprPtr expr = arena_->New();
      expr->id = id;
      expr->kind = Select{std::move(select->operand), std::move(select->field), true};
      heights_[id] = height;
      return expr;
    }
    return NewCall(offset, std::move(name), std::move(args));
  }

  ExprPtr MemberCallOrMacro(int32_t offset, ExprPtr target, std::string name,
                            std::vector<ExprPtr> args) {
    if (options_.enable_macros) {
      const size_t n = args.size();
      const bool one_var = n == 2;
      const bool two_var = n == 3 && options_.enable_two_variable_macros;
      if ((name == "all" || name == "exists" || name == "exists_one" || name == "existsOne") &&
          (one_var || two_var)) {
        return ExpandQuantifier(offset, std::move(target), name, std::move(args));
      }
      if (name == "map" && (n == 2 || n == 3)) {
        return ExpandMap(offset, std::move(target), std::move(args), /*two_vars=*/false);
      }
      if (name == "filter" && n == 2) {
        return ExpandFilter(offset, std::move(target), std::move(args));
      }
      if ((name == "optMap" || name == "optFlatMap") && n == 2 &&
          options_.enable_optional_syntax) {
        return ExpandOptMap(offset, std::move(target), std::move(args), name == "optMap");
      }
      if ((name == "transformMap" || name == "transformMapEntry") && (n == 3 || n == 4) &&
          options_.enable_two_variable_macros) {
        return ExpandTransformMap(offset, std::move(target), std::move(args),
                                  name == "transformMapEntry");
      }
      if (name == "bind" && n == 3 && IsIdentNamed(*target, "cel")) {
        return ExpandBind(offset, std::move(args));
      }
      if (name == "transformList" && (n == 3 || n == 4) &&
          options_.enable_two_variable_macros) {
        return ExpandMap(offset, std::move(target), std::move(args), /*two_vars=*/true);
      }
    }
    return NewCall(offset, std::move(name), std::move(args), std::move(target));
  }

  // The name of a macro's iteration variable, or an error at the argument.
  bool IterationVariable(const ExprPtr& arg, std::string* name) {
    const auto* ident = std::get_if<Ident>(&arg->kind);
    if (ident == nullptr || ident->name.empty() || ident->name[0] == '.') {
      ErrorAt(source_.positions[arg->id], "argument must be a simple name");
      return false;
    }
    *name = ident->name;
    // The argument node is replaced by the comprehension's variable: drop its position.
    source_.positions.erase(arg->id);
    return true;
  }

  ExprPtr Accumulator(int32_t offset) { return NewIdent(offset, kAccumulator); }

  ExprPtr NewComprehension(int32_t offset, std::string iter_var, std::string iter_var2,
                           ExprPtr range, ExprPtr init, ExprPtr condition, ExprPtr step,
                           ExprPtr result) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    const int height = std::max({Height(range), Height(init), Height(condition), Height(step),
                                 Height(result)}) +
                       1;
    Comprehension comprehension;
    comprehension.iter_var = std::move(iter_var);
    comprehension.iter_var2 = std::move(iter_var2);
    comprehension.iter_range = std::move(range);
    comprehension.accu_var = kAccumulator;
    comprehension.accu_init = std::move(init);
    comprehension.loop_condition = std::move(condition);
    comprehension.loop_step = std::move(step);
    comprehension.result = std::move(result);
    expr->kind = std::move(comprehension);
    return Finish(std::move(expr), height);
  }

  // Reads the iteration variables (one, or two when `args` has `vars + 1` entries).
  bool IterationVariables(const std::vector<ExprPtr>& args, size_t count, std::string* first,
                          std::string* second) {
    if (!IterationVariable(args[0], first)) return false;
    if (count == 2) {
      const int32_t second_offset = source_.positions[args[1]->id];
      if (!IterationVariable(args[1], second)) return false;
      if (*first == *second) {
        ErrorAt(second_offset,
                absl::StrCat("duplicate variable name: ", *first));
        return false;
      }
    }
    return true;
  }

  ExprPtr ExpandQuantifier(int32_t offset, ExprPtr target, const std::string& name,
                           std::vector<ExprPtr> args) {
    const size_t vars = args.size() - 1;
    std::string first, second;
    if (!IterationVariables(args, vars, &first, &second)) return nullptr;
    ExprPtr predicate = std::move(args.back());
    ExprPtr init, condition, step, result;
    if (name == "all") {
      init = NewConst(offset, true);
      condition = NewCall(offset, "@not_strictly_false", Accumulator(offset));
      step = NewCall(offset, "_&&_", Accumulator(offset), std::move(predicate));
      result = Accumulator(offset);
    } else if (name == "exists") {
      init = NewConst(offset, false);
      condition =
          NewCall(offset, "@not_strictly_false", NewCall(offset, "!_", Accumulator(offset)));
      step = NewCall(offset, "_||_", Accumulator(offset), std::move(predicate));
      result = Accumulator(offset);
    } else {  // exists_one, existsOne
      init = NewConst(offset, int64_t{0});
      condition = NewConst(offset, true);
      std::vector<ExprPtr> branch;
      branch.push_back(std::move(predicate));
      branch.push_back(NewCall(offset, "_+_", Accumulator(offset), NewConst(offset, int64_t{1})));
      branch.push_back(Accumulator(offset));
      step = NewCall(offset, "_?_:_", std::move(branch));
      result = NewCall(offset, "_==_", Accumulator(offset), NewConst(offset, int64_t{1}));
    }
    return NewComprehension(offset, std::move(first), std::move(second), std::move(target),
                            std::move(init), std::move(condition), std::move(step),
                            std::move(result));
  }

  // `map(x, t)`, `map(x, p, t)`, and (`two_vars`) `transformList(i, v, t)`,
  // `transformList(i, v, p, t)`.
  ExprPtr ExpandMap(int32_t offset, ExprPtr target, std::vector<ExprPtr> args, bool two_vars) {
    const size_t vars = two_vars ? 2 : 1;
    std::string first, second;
    if (!IterationVariables(args, vars, &first, &second)) return nullptr;
    const bool filtered = args.size() == vars + 2;
    ExprPtr transform = std::move(args.back());
    ExprPtr filter = filtered ? std::move(args[vars]) : nullptr;
    std::vector<ExprPtr> element;
    element.push_back(std::move(transform));
    ExprPtr step = NewCall(offset, "_+_", Accumulator(offset),
                           NewList(offset, std::move(element), {}));
    if (filtered) {
      std::vector<ExprPtr> branch;
      branch.push_back(std::move(filter));
      branch.push_back(std::move(step));
      branch.push_back(Accumulator(offset));
      step = NewCall(offset, "_?_:_", std::move(branch));
    }
    return NewComprehension(offset, std::move(first), std::move(second), std::move(target),
                            NewList(offset, {}, {}), NewConst(offset, true), std::move(step),
                            Accumulator(offset));
  }

  static bool IsIdentNamed(const Expr& expr, std::string_view name) {
    const auto* ident = std::get_if<Ident>(&expr.kind);
    return ident != nullptr && ident->name == name;
  }

  // `cel.bind(x, init, body)`: `body` with `x` bound to `init`, as a comprehension over an empty
  // list whose accumulator is `x` (cel-go's bindings extension).
  ExprPtr ExpandBind(int32_t offset, std::vector<ExprPtr> args) {
    std::string var, unused;
    if (!IterationVariables(args, 1, &var, &unused)) return nullptr;
    return NewBind(offset, std::move(var), std::move(args[1]), std::move(args[2]));
  }

  // A copy of `expr` with fresh ids at the same positions.
  ExprPtr Copy(const Expr& expr) {
    ExprPtr copy = arena_->New();
    const auto position = source_.positions.find(expr.id);
    copy->id = NextId(position == source_.positions.end() ? 0 : position->second);
    auto child = [this](const ExprPtr& e) -> ExprPtr { return e == nullptr ? nullptr : Copy(*e); };
    if (const auto* constant = std::get_if<Constant>(&expr.kind)) {
      copy->kind = *constant;
    } else if (const auto* ident = std::get_if<Ident>(&expr.kind)) {
      copy->kind = *ident;
    } else if (const auto* select = std::get_if<Select>(&expr.kind)) {
      copy->kind = Select{child(select->operand), select->field, select->test_only};
    } else if (const auto* call = std::get_if<Call>(&expr.kind)) {
      Call copied{child(call->target), call->function, {}};
      for (const ExprPtr& arg : call->args) copied.args.push_back(child(arg));
      copy->kind = std::move(copied);
    } else if (const auto* list = std::get_if<CreateList>(&expr.kind)) {
      CreateList copied{{}, list->optional_indices};
      for (const ExprPtr& element : list->elements) copied.elements.push_back(child(element));
      copy->kind = std::move(copied);
    } else if (const auto* create = std::get_if<CreateStruct>(&expr.kind)) {
      CreateStruct copied{create->message_name, {}};
      for (const CreateStruct::Entry& entry : create->entries) {
        const auto entry_position = source_.positions.find(entry.id);
        CreateStruct::Entry copied_entry;
        copied_entry.id =
            NextId(entry_position == source_.positions.end() ? 0 : entry_position->second);
        copied_entry.field = entry.field;
        copied_entry.key = child(entry.key);
        copied_entry.value = child(entry.value);
        copied_entry.optional = entry.optional;
        copied.entries.push_back(std::move(copied_entry));
      }
      copy->kind = std::move(copied);
    } else if (const auto* loop = std::get_if<Comprehension>(&expr.kind)) {
      Comprehension copied;
      copied.iter_var = loop->iter_var;
      copied.iter_var2 = loop->iter_var2;
      copied.iter_range = child(loop->iter_range);
      copied.accu_var = loop->accu_var;
      copied.accu_init = child(loop->accu_init);
      copied.loop_condition = child(loop->loop_condition);
      copied.loop_step = child(loop->loop_step);
      copied.result = child(loop->result);
      copy->kind = std::move(copied);
    }
    return Finish(std::move(copy), HeightOf(expr));
  }

  int HeightOf(const Expr& expr) const {
    return static_cast<size_t>(expr.id) < heights_.size() ? heights_[expr.id] : 1;
  }

  // A comprehension over an empty list that binds `var` to `init` in `result` (the shape of
  // `cel.bind` and of the optional macros).
  ExprPtr NewBind(int32_t offset, std::string var, ExprPtr init, ExprPtr result) {
    ExprPtr expr = arena_->New();
    expr->id = NextId(offset);
    const int height = std::max(Height(init), Height(result)) + 1;
    Comprehension comprehension;
    comprehension.iter_var = "#unused";
    comprehension.iter_range = NewList(offset, {}, {});
    comprehension.accu_var = var;
    comprehension.accu_init = std::move(init);
    comprehension.loop_condition = NewConst(offset, false);
    comprehension.loop_step = NewIdent(offset, std::move(var));
    comprehension.result = std::move(result);
    expr->kind = std::move(comprehension);
    return Finish(std::move(expr), height);
  }

  // `o.optMap(x, t)`: `o.hasValue() ? optional.of(t with x = o.value()) : optional.none()`;
  // `o.optFlatMap(x, t)` is the same without `optional.of`.
  ExprPtr ExpandOptMap(int32_t offset, ExprPtr target, std::vector<ExprPtr> args, bool wrap) {
    std::string var, unused;
    if (!IterationVariables(args, 1, &var, &unused)) return nullptr;
    ExprPtr value = NewCall(offset, "value", std::vector<ExprPtr>(), Copy(*target));
    ExprPtr mapped = NewBind(offset, var, std::move(value), std::move(args[1]));
    if (wrap) mapped = NewCall(offset, "optional.of", std::move(mapped));
    std::vector<ExprPtr> branch;
    branch.push_back(NewCall(offset, "hasValue", std::vector<ExprPtr>(), std::move(target)));
    branch.push_back(std::move(mapped));
    branch.push_back(NewCall(offset, "optional.none", std::vector<ExprPtr>()));
    return NewCall(offset, "_?_:_", std::move(branch));
  }

  // `m.transformMap(k, v, [p,] t)` builds a map from each key to `t`; `transformMapEntry` takes
  // the entries from `t`, a map. Both insert with `cel.@mapInsert`, as cel-go does.
  ExprPtr ExpandTransformMap(int32_t offset, ExprPtr target, std::vector<ExprPtr> args,
                             bool entries) {
    std::string first, second;
    if (!IterationVariables(args, 2, &first, &second)) return nullptr;
    const bool filtered = args.size() == 4;
    std::vector<ExprPtr> insert_args;
    insert_args.push_back(Accumulator(offset));
    if (!entries) insert_args.push_back(NewIdent(offset, first));
    insert_args.push_back(std::move(args.back()));
    ExprPtr step = NewCall(offset, "cel.@mapInsert", std::move(insert_args));
    if (filtered) {
      std::vector<ExprPtr> branch;
      branch.push_back(std::move(args[2]));
      branch.push_back(std::move(step));
      branch.push_back(Accumulator(offset));
      step = NewCall(offset, "_?_:_", std::move(branch));
    }
    return NewComprehension(offset, std::move(first), std::move(second), std::move(target),
                            NewStruct(NextId(offset), "", {}), NewConst(offset, true),
                            std::move(step), Accumulator(offset));
  }

  ExprPtr ExpandFilter(int32_t offset, ExprPtr target, std::vector<ExprPtr> args) {
    std::string var, unused;
    if (!IterationVariables(args, 1, &var, &unused)) return nullptr;
    std::vector<ExprPtr> element;
    element.push_back(NewIdent(offset, var));
    std::vector<ExprPtr> branch;
    branch.push_back(std::move(args[1]));
    branch.push_back(
        NewCall(offset, "_+_", Accumulator(offset), NewList(offset, std::move(element), {})));
    branch.push_back(Accumulator(offset));
    ExprPtr step = NewCall(offset, "_?_:_", std::move(branch));
    return NewComprehension(offset, std::move(var), "", std::move(target),
                            NewList(offset, {}, {}), NewConst(offset, true), std::move(step),
                            Accumulator(offset));
  }

  // Declared first: outlives every node, including those of a failed parse.
  std::unique_ptr<ExprArena> arena_ = std::make_unique<ExprArena>();
  std::string_view text_;
  const ParseOptions& options_;
  SourceInfo source_;
  std::vector<int32_t> code_points_;
  std::vector<Token> tokens_;
  std::vector<std::string> texts_;  // see `Token::text`
  size_t next_ = 0;
  int64_t last_id_ = 0;
  int depth_ = 0;
  // The height of each node's subtree, by id (ids count from 1).
  std::vector<int> heights_ = {0};
  // Set by `ParseUnary` when a single '-' precedes a number literal.
  int32_t negative_literal_offset_ = -1;
  std::vector<CompileIssue> errors_;
};

}  // namespace

absl::StatusOr<ParsedExpr> Parse(std::string_view text, std::string_view location, const ParseOptions& options,
                                 std::vector<CompileIssue>* issues) {
  if (text.size() > static_cast<size_t>(options.max_expression_bytes)) {
    std::vector<CompileIssue> too_long = {{1, 1,
                                           absl::StrCat("expression is ", text.size(),
                                                        " bytes long, more than the limit of ",
                                                        options.max_expression_bytes)}};
    if (issues != nullptr) issues->insert(issues->end(), too_long.begin(), too_long.end());
    return IssuesStatus(location, too_long);
  }
  return Parser(text, location, options).Run(issues);
}

}  // namespace hdsc::expr
