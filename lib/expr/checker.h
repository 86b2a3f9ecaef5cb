// The CEL type checker: infers the type of every node of a parsed expression, resolves names
// against declared variables and protobuf descriptors, and picks the function overloads, as
// cel-spec's checker does (doc/langdef.md, "Type checking"; cel-go's `checker` package).
//
//   CheckerEnv env;                                   // the standard library is declared
//   env.set_container("hdsc.v1");
//   env.set_pool(dossier_pool);
//   env.AddVariable("record", Type::Message(breach_descriptor));
//   absl::StatusOr<ParsedExpr> parsed = Parse(text, location);
//   absl::StatusOr<CheckedExpr> checked = Check(*parsed, env);
//
// The checker does not rewrite the tree. What it resolves is in `CheckedExpr::reference_map`,
// keyed by node id:
// - an `Ident` that names a declared variable, type or enum constant, or the outermost `Select` of
//   a qualified name (`hdsc.v1.X.Y`, `a.b.c` when a variable is declared as "a.b.c"), maps to the
//   fully qualified name of the variable, or of the type (the node's type is then `type(T)`), or
//   to an enum constant with its `enum_value`; the operand nodes of such a `Select` are not
//   checked and have no type. Comprehension variables (`x` in `l.all(x, p)`, and `@result`) have
//   a type but no reference;
// - a `Call` maps to the function name it resolved to and the ids of the overloads that match
//   the argument types (several when arguments are `dyn`). A receiver call `a.b.f(x)` whose
//   `a.b.f` names a declared function is a global call of `a.b.f` with the arguments only;
// - a `CreateStruct` message construction maps to the message's full name.
//
// Names resolve in `container` as in protobuf: `a.b` in container `x.y` is tried as `x.y.a.b`,
// then `x.a.b`, then `a.b`; a leading dot (`.a.b`) means the absolute name. Enums follow the
// legacy semantics: an enum constant is an `int`, and so is an enum field. Selecting a field of an
// `optional_type(T)` selects from `T` and yields an optional (optional chaining); an extension
// field is selected by its full name, msg.`pkg.ext`.
//
// Errors: INVALID_ARGUMENT, one line per problem, each `LOCATION:LINE:COLUMN: message` (the same
// problems are also handed back as `CompileIssue`s, see `Check`), with the messages of cel-go: "undeclared reference to 'x' (in container 'c')", "undefined field 'f'",
// "found no matching overload for '_+_' applied to '(int, string)'", ...; an unknown field or
// enum value close to a known one adds "(did you mean 'name'?)".
#ifndef HDSC_LIB_EXPR_CHECKER_H_
#define HDSC_LIB_EXPR_CHECKER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "lib/expr/ast.h"
#include "lib/expr/type.h"

namespace hdsc::expr {

// One signature of a function. Type parameters (`Type::TypeParam("A")`) in `params` and
// `result` are bound per call. For a receiver-style overload (`s.contains(t)`), `params[0]` is
// the receiver's type.
struct OverloadDecl {
  std::string id;  // cel-spec's overload id, e.g. "add_int64"
  std::vector<Type> params;
  Type result;
  bool receiver_style = false;
};

struct FunctionDecl {
  std::string name;  // e.g. "_+_", "size", "math.greatest"
  std::vector<OverloadDecl> overloads;
};

// The standard library's declarations (operators, conversions, string, timestamp and duration
// functions), with cel-spec's overload ids.
const std::vector<FunctionDecl>& StandardFunctions();

// What a name or call resolved to.
struct Reference {
  enum class Kind {
    kVariable,      // a declared variable (never a comprehension's own variables)
    kType,          // a type name used as a value, e.g. `int` or `hdsc.v1.Dossier`
    kEnumConstant,  // `enum_value` holds the number
    kFunction,      // a call; `overload_ids` lists the candidates
    kMessage,       // a message construction's type
  };
  Kind kind = Kind::kVariable;
  // A variable, type or enum constant's fully qualified name, or a function's name.
  std::string name;
  // For calls: the matching overload ids, in declaration order.
  std::vector<std::string> overload_ids;
  // For enum constants: the constant's number.
  std::optional<int64_t> enum_value;
};

// Variables, functions and types an expression may refer to.
class CheckerEnv {
 public:
  // An environment with the standard functions and the built-in type names declared, the
  // generated descriptor pool and no container.
  CheckerEnv();

  void set_container(std::string container);
  const std::string& container() const { return container_; }

  // Messages and enums the expression may name. Must outlive the `CheckerEnv` and `Check`.
  void set_pool(const google::protobuf::DescriptorPool* pool);
  const google::protobuf::DescriptorPool* pool() const { return pool_; }

  // The message or enum type of `pool()` with the fully qualified `name`, or null. Answers are
  // remembered (absent names too: the generated pool searches its fallback database for every
  // absent name, which costs more than checking a rule), for the generated pool by all
  // environments of the process. Safe to call from several threads.
  const google::protobuf::Descriptor* FindMessageType(const std::string& name) const;
  const google::protobuf::EnumDescriptor* FindEnumType(const std::string& name) const;

  // What a name as written (before the container applies) resolves to in this environment: a
  // variable, type or enum constant, with its type. `Check` remembers each resolution here, as it
  // tries several candidates against the variables and the pool. Safe to call from several threads.
  struct ResolvedName {
    Reference reference;
    Type type;
  };
  // What was remembered for `name` (nullopt: resolves to nothing), or null when nothing was; valid until the
  // variables, container or pool change.
  const std::optional<ResolvedName>* FindResolvedName(const std::string& name) const;
  // Remembers `resolved` for `name`.
  void RememberResolvedName(const std::string& name, const std::optional<ResolvedName>& resolved) const;

  // What a call resolves to when no argument type has a type parameter: its type (without type parameters) and the
  // matching overloads, which depend only on the function, the receiver style and the argument types. `Check`
  // remembers each such resolution here, as the rules of a pack make the same calls again and again. Safe to call
  // from several threads.
  struct ResolvedCall {
    Type result;
    std::vector<std::string> overload_ids;
  };
  // The remembered resolution, or null; valid until a function is declared or the pool set.
  const ResolvedCall* FindResolvedCall(std::string_view function, bool receiver, absl::Span<const Type> args) const;
  void RememberResolvedCall(std::string_view function, bool receiver, absl::Span<const Type> args,
                            ResolvedCall resolved) const;

  // Declares a variable; `name` may be qualified ("a.b"). A later declaration replaces an
  // earlier one of the same name.
  void AddVariable(std::string name, Type type);

  // Declares a function, or more overloads of a declared one. Fails with ALREADY_EXISTS if an
  // overload id is already declared for another signature, INVALID_ARGUMENT if an overload has
  // no id or a receiver-style overload has no receiver.
  absl::Status AddFunction(FunctionDecl function);

  // Lookups by exact (fully qualified) name; null when not declared.
  const Type* FindVariable(std::string_view name) const;
  const FunctionDecl* FindFunction(std::string_view name) const;
  // Whether a function whose name ends in `.name` is declared, so that `name` written in a container may mean it.
  bool HasQualifiedFunction(std::string_view name) const;

 private:
  struct PoolTypes;
  struct NameCache;
  struct CallCache;
  // The pair of lookups `FindMessageType` and `FindEnumType` answer from.
  std::pair<const google::protobuf::Descriptor*, const google::protobuf::EnumDescriptor*>
  FindType(const std::string& name) const;

  std::string container_;
  const google::protobuf::DescriptorPool* pool_;
  // Shared by copies of this environment (and, for the generated pool, by every environment).
  std::shared_ptr<PoolTypes> pool_types_;
  // Shared by copies of this environment, replaced when the pool, container or variables change.
  std::shared_ptr<NameCache> name_cache_;
  // Shared by copies of this environment, replaced when the pool or the functions change.
  std::shared_ptr<CallCache> call_cache_;
  absl::flat_hash_map<std::string, Type> variables_;
  // Functions declared by `AddFunction` (with the standard overloads of a standard function it adds to); the
  // standard functions are found in one table all environments share.
  absl::flat_hash_map<std::string, FunctionDecl> functions_;
  // The last part of the qualified names among `functions_` (the standard functions' are in a table of their own).
  absl::flat_hash_set<std::string> qualified_function_tails_;
};

struct CheckedExpr {
  // The type of every checked node, by id. Type parameters that nothing bound are `dyn`.
  absl::flat_hash_map<int64_t, Type> type_map;
  // See the comment at the top of this file.
  absl::flat_hash_map<int64_t, Reference> reference_map;
  // The type of the whole expression.
  Type result_type;
};

// Checks `parsed` in `env`. Errors are described at the top of this file; when `issues` is not
// null, every problem is also appended there, in the order of the status lines.
absl::StatusOr<CheckedExpr> Check(const ParsedExpr& parsed, const CheckerEnv& env,
                                  std::vector<CompileIssue>* issues = nullptr);

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_CHECKER_H_
