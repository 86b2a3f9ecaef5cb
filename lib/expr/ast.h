// The abstract syntax tree of a CEL expression, as the parser produces it and the checker and
// planner read it. Macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) are expanded by
// the parser into `Select{test_only}` and `Comprehension` nodes, as cel-spec's syntax.proto does.
#ifndef HDSC_LIB_EXPR_AST_H_
#define HDSC_LIB_EXPR_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"

namespace hdsc::expr {

// A literal. `std::monostate` is `null`. Bytes are held in `Bytes` to keep them apart from strings.
struct Bytes {
  std::string value;
  bool operator==(const Bytes& other) const { return value == other.value; }
};
using Constant = std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string, Bytes>;

struct Expr;
// Destroys a node in place: its memory belongs to the `ExprArena` of the parse that made it.
struct ExprDeleter {
  void operator()(Expr* expr) const;
};
using ExprPtr = std::unique_ptr<Expr, ExprDeleter>;

// `name`: a simple identifier. Qualified names (`a.b.c`) parse as nested `Select`s; the checker or
// planner resolves them against declared variables, the container and the type registry.
struct Ident {
  std::string name;
};

// `operand.field`, or `has(operand.field)` when `test_only`.
struct Select {
  ExprPtr operand;
  std::string field;
  bool test_only = false;
};

// `function(args...)`, or `target.function(args...)` when `target` is set. Operators are calls
// with the cel-spec names: `_+_`, `_-_`, `_*_`, `_/_`, `_%_`, `-_`, `!_`, `_==_`, `_!=_`, `_<_`,
// `_<=_`, `_>_`, `_>=_`, `_&&_`, `_||_`, `_?_:_`, `_[_]`, `@in`, `@not_strictly_false`.
struct Call {
  ExprPtr target;  // null for a global call
  std::string function;
  std::vector<ExprPtr> args;
};

// `[a, b, ?c]`: `optional_indices` lists the elements written with `?`.
struct CreateList {
  std::vector<ExprPtr> elements;
  std::vector<int32_t> optional_indices;
};

// `Type{field: value, ...}` (message construction) and `{key: value, ...}` (map literal).
struct CreateStruct {
  struct Entry {
    int64_t id = 0;  // position of the entry (its key), in `SourceInfo::positions`
    std::string field;  // message construction
    ExprPtr key;        // map literal
    ExprPtr value;
    bool optional = false;
  };
  std::string message_name;  // empty for a map literal
  std::vector<Entry> entries;
};

// The expansion of a macro (cel-spec syntax.proto `Comprehension`).
struct Comprehension {
  std::string iter_var;
  std::string iter_var2;  // two-variable comprehensions; empty otherwise
  ExprPtr iter_range;
  std::string accu_var;
  ExprPtr accu_init;
  ExprPtr loop_condition;
  ExprPtr loop_step;
  ExprPtr result;
};

struct Expr {
  int64_t id = 0;  // unique in one parse; key into `SourceInfo::positions`
  std::variant<Constant, Ident, Select, Call, CreateList, CreateStruct, Comprehension> kind;
};

// Where each node came from, to report `line:column` for errors.
struct SourceInfo {
  std::string location;  // a file name or other description of the source, for messages
  std::string text;      // the expression
  absl::flat_hash_map<int64_t, int32_t> positions;  // node id -> code-point offset in `text`
  // The 1-based line and column of a code-point offset in `text`.
  std::pair<int, int> LineColumn(int32_t offset) const;
};

// The memory of one parse's nodes, given back at once when the tree is dropped: a parse makes many
// small nodes and a compile drops them together, which the heap does at a cost for each.
class ExprArena {
 public:
  ExprArena() = default;
  ExprArena(const ExprArena&) = delete;
  ExprArena& operator=(const ExprArena&) = delete;
  ~ExprArena();

  // A new node (`id` 0, a null constant), valid as long as the arena.
  ExprPtr New();

 private:
  struct Block {
    void* memory;
    size_t capacity;  // nodes
  };
  std::vector<Block> blocks_;
  size_t used_ = 0;  // nodes of the last block
};

struct ParsedExpr {
  ParsedExpr() = default;
  ParsedExpr(ParsedExpr&&) = default;
  // Drops the nodes it held before their arena.
  ParsedExpr& operator=(ParsedExpr&& other) noexcept {
    expr = std::move(other.expr);
    source_info = std::move(other.source_info);
    arena = std::move(other.arena);
    return *this;
  }

  std::unique_ptr<ExprArena> arena;  // declared first: destroyed after the nodes
  ExprPtr expr;
  SourceInfo source_info;
};

// One problem found in an expression: where it is (1-based line, and 1-based column counted in
// code points, of the offending character) and what it is.
struct CompileIssue {
  int line = 0;
  int column = 0;
  std::string message;
};

// The status a compile step fails with: INVALID_ARGUMENT, one line `LOCATION:LINE:COLUMN: message` per issue.
// Callers that need the places read `issues`, never this text.
absl::Status IssuesStatus(std::string_view location, const std::vector<CompileIssue>& issues);

// What `DebugString` appends after each node, e.g. its kind or its checked type.
class DebugAdorner {
 public:
  virtual ~DebugAdorner() = default;
  virtual std::string Adorn(const Expr& expr) const = 0;
  virtual std::string AdornEntry(const CreateStruct::Entry& entry) const { return ""; }
};

// The tree in cel-go's debug format (its `ToDebugString`, used by cel-spec's test data):
// calls as `f(\n  arg,\n  arg\n)`, comprehensions as `__comprehension__(...)`, literals as CEL
// source. `adorner`, when given, decorates every node.
std::string DebugString(const Expr& expr, const DebugAdorner* adorner = nullptr);

// A constant as CEL source: `1`, `1u`, `1.5`, `"s"`, `b"\x00"`, `null`, `true`.
std::string FormatConstant(const Constant& constant);

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_AST_H_
