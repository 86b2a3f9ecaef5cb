// The CEL parser: text to `ParsedExpr` (lib/expr/ast.h), following cel-spec's grammar
// (doc/langdef.md) and cel-go's parser for the shape of the tree:
//
// - Operators become calls with the cel-spec names (`_+_`, `_&&_`, `@in`, `_?_:_`, `_[_]`, ...).
//   Chains of `&&` and of `||` are built as balanced trees, as cel-go does.
// - `-` directly before an int or double literal folds into a negative constant, so
//   `-9223372036854775808` is representable; `!!x` and `--x` cancel out.
// - Macros are expanded into `Comprehension` nodes with the accumulator `@result`:
//   `has(a.b)` (a test-only `Select`), `e.all(x, p)`, `e.exists(x, p)`, `e.exists_one(x, p)`
//   (also spelled `existsOne`), `e.map(x, t)`, `e.map(x, p, t)`, `e.filter(x, p)`, and the
//   two-variable forms `e.all(i, v, p)`, `e.exists(i, v, p)`, `e.existsOne(i, v, p)`,
//   `e.transformList(i, v, [p,] t)`, `e.transformMap(k, v, [p,] t)` and
//   `e.transformMapEntry(k, v, [p,] t)` (these two insert with the function `cel.@mapInsert`),
//   and `cel.bind(x, init, body)` (a comprehension over an empty list whose accumulator `x`
//   holds `init`). With the optional syntax, `o.optMap(x, t)` and `o.optFlatMap(x, t)` expand
//   into `o.hasValue() ? [optional.of](cel.bind(x, o.value(), t)) : optional.none()`.
// - Optional syntax (`a.?b`, `a[?i]`, `[?e]`, `{?k: v}`, `Msg{?f: v}`) parses into the calls
//   `_?._` and `_[?_]` and into the `optional` markers of list elements and struct entries.
//
// Positions: every node id has an entry in `SourceInfo::positions`, a code-point offset into the
// text: an identifier or literal at its first character, a select at its `.`, a call at its
// `(`, an index at its `[`, an operator at the operator, a list, map or message at its opening
// bracket, a struct entry at its `:`, and the nodes a macro generates at the macro's `(`.
//
// Errors are `absl::InvalidArgumentError("LOCATION:LINE:COLUMN: message")` with a 1-based line
// and a 1-based column counted in code points, also appended to `issues` as `CompileIssue`s. Parsing stops at the first error. The parser never
// recurses deeper than `ParseOptions::max_nesting_depth` and rejects trees taller than it, so
// hostile input yields an error, not a stack overflow here or in the checker and evaluator.
#ifndef HDSC_LIB_EXPR_PARSER_H_
#define HDSC_LIB_EXPR_PARSER_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/expr/ast.h"

namespace hdsc::expr {

struct ParseOptions {
  // Longer input is rejected before lexing.
  int max_expression_bytes = 100 * 1024;
  // Maximum nesting of sub-expressions (parentheses, calls, lists, operators...).
  int max_nesting_depth = 250;
  // Expand the standard macros; when false they parse as ordinary calls.
  bool enable_macros = true;
  // Expand the two-variable comprehensions `all(i, v, p)`, `exists(i, v, p)`,
  // `existsOne(i, v, p)`, `transformList`, `transformMap` and `transformMapEntry`.
  bool enable_two_variable_macros = true;
  // Accept the optional syntax `.?`, `[?`, `?e` in lists and `?k` in maps and messages.
  bool enable_optional_syntax = true;
};

// Parses `text`. `location` names the source (a file name, or a rule id) in error messages; the
// problem found, if any, is appended to `issues` when it is not null.
absl::StatusOr<ParsedExpr> Parse(std::string_view text, std::string_view location = "<input>",
                                 const ParseOptions& options = {},
                                 std::vector<CompileIssue>* issues = nullptr);

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_PARSER_H_
