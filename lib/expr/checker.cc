#include "lib/expr/checker.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/suggest.h"

namespace hdsc::expr {

// ---------------------------------------------------------------------------------------------
// CheckerEnv
// ---------------------------------------------------------------------------------------------

namespace {
// Beyond this many names, lookups are no longer remembered (expressions name few types).
constexpr size_t kMaxRememberedNames = 10000;
}  // namespace

// The message and enum types of one pool by full name, absent names included.
struct CheckerEnv::PoolTypes {
  std::mutex mutex;
  // Guarded by `mutex`.
  absl::flat_hash_map<std::string, std::pair<const google::protobuf::Descriptor*,
                                             const google::protobuf::EnumDescriptor*>>
      types;

  // The answers for `pool`: for the generated pool, which every environment of a process uses and
  // which only grows, one table for all of them (a check makes an environment per record type,
  // each asking the same names); for another pool, a table of the environment's own.
  static std::shared_ptr<PoolTypes> For(const google::protobuf::DescriptorPool* pool) {
    if (pool != google::protobuf::DescriptorPool::generated_pool()) return std::make_shared<PoolTypes>();
    static const auto* const generated = new std::shared_ptr<PoolTypes>(std::make_shared<PoolTypes>());
    return *generated;
  }
};

// What names as written resolve to in one environment.
struct CheckerEnv::NameCache {
  std::mutex mutex;
  // Guarded by `mutex`. Entries are never removed: what `FindResolvedName` returns stays.
  absl::flat_hash_map<std::string, std::unique_ptr<const std::optional<ResolvedName>>> names;
};

// What calls resolve to in one environment (see `FindResolvedCall`).
struct CheckerEnv::CallCache {
  // A call as looked up; as a key, it views its entry's own strings and types.
  struct Signature {
    std::string_view function;
    bool receiver = false;
    absl::Span<const Type> args;

    template <typename H>
    friend H AbslHashValue(H h, const Signature& signature) {
      h = H::combine(std::move(h), signature.function, signature.receiver);
      return H::combine(H::combine_contiguous(std::move(h), signature.args.data(), signature.args.size()),
                        signature.args.size());
    }
    friend bool operator==(const Signature& a, const Signature& b) {
      return a.function == b.function && a.receiver == b.receiver &&
             std::equal(a.args.begin(), a.args.end(), b.args.begin(), b.args.end());
    }
  };
  struct Entry {
    std::string function;
    std::vector<Type> args;
    ResolvedCall resolved;
  };

  std::mutex mutex;
  // Guarded by `mutex`. Entries are never removed: what `FindResolvedCall` returns stays.
  absl::flat_hash_map<Signature, std::unique_ptr<const Entry>> calls;
};

namespace {

// The standard functions by name, made once: every environment starts with them.
const absl::flat_hash_map<std::string, FunctionDecl>& StandardFunctionsByName() {
  static const auto* const kByName = [] {
    auto* by_name = new absl::flat_hash_map<std::string, FunctionDecl>();
    for (const FunctionDecl& function : StandardFunctions()) (*by_name)[function.name] = function;
    return by_name;
  }();
  return *kByName;
}

// The last part of `name` when it is qualified ("least" for "math.least"), else empty.
std::string_view QualifiedTail(std::string_view name) {
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

// The last parts of the qualified standard functions' names, made once.
const absl::flat_hash_set<std::string>& StandardQualifiedTails() {
  static const auto* const kTails = [] {
    auto* tails = new absl::flat_hash_set<std::string>();
    for (const FunctionDecl& function : StandardFunctions()) {
      if (std::string_view tail = QualifiedTail(function.name); !tail.empty()) tails->emplace(tail);
    }
    return tails;
  }();
  return *kTails;
}

}  // namespace

CheckerEnv::CheckerEnv()
    : pool_(google::protobuf::DescriptorPool::generated_pool()),
      pool_types_(PoolTypes::For(pool_)),
      name_cache_(std::make_shared<NameCache>()),
      call_cache_(std::make_shared<CallCache>()) {}

void CheckerEnv::set_pool(const google::protobuf::DescriptorPool* pool) {
  pool_ = pool;
  pool_types_ = PoolTypes::For(pool_);
  name_cache_ = std::make_shared<NameCache>();
  call_cache_ = std::make_shared<CallCache>();
}

void CheckerEnv::set_container(std::string container) {
  container_ = std::move(container);
  name_cache_ = std::make_shared<NameCache>();
}

const std::optional<CheckerEnv::ResolvedName>* CheckerEnv::FindResolvedName(const std::string& name) const {
  std::lock_guard<std::mutex> lock(name_cache_->mutex);
  auto it = name_cache_->names.find(name);
  return it == name_cache_->names.end() ? nullptr : it->second.get();
}

void CheckerEnv::RememberResolvedName(const std::string& name, const std::optional<ResolvedName>& resolved) const {
  auto entry = std::make_unique<const std::optional<ResolvedName>>(resolved);
  std::lock_guard<std::mutex> lock(name_cache_->mutex);
  if (name_cache_->names.size() < kMaxRememberedNames) name_cache_->names.try_emplace(name, std::move(entry));
}

const CheckerEnv::ResolvedCall* CheckerEnv::FindResolvedCall(std::string_view function, bool receiver,
                                                              absl::Span<const Type> args) const {
  std::lock_guard<std::mutex> lock(call_cache_->mutex);
  auto it = call_cache_->calls.find(CallCache::Signature{function, receiver, args});
  return it == call_cache_->calls.end() ? nullptr : &it->second->resolved;
}

void CheckerEnv::RememberResolvedCall(std::string_view function, bool receiver, absl::Span<const Type> args,
                                      ResolvedCall resolved) const {
  auto entry = std::make_unique<CallCache::Entry>(
      CallCache::Entry{std::string(function), std::vector<Type>(args.begin(), args.end()), std::move(resolved)});
  const CallCache::Signature key{entry->function, receiver, entry->args};
  std::lock_guard<std::mutex> lock(call_cache_->mutex);
  if (call_cache_->calls.size() < kMaxRememberedNames) call_cache_->calls.try_emplace(key, std::move(entry));
}

std::pair<const google::protobuf::Descriptor*, const google::protobuf::EnumDescriptor*> CheckerEnv::FindType(
    const std::string& name) const {
  if (pool_ == nullptr) return {nullptr, nullptr};
  std::lock_guard<std::mutex> lock(pool_types_->mutex);
  auto it = pool_types_->types.find(name);
  if (it != pool_types_->types.end()) return it->second;
  // Most names asked are not types (`hdsc.v1.record`, tried before the variable `record`): one search of the pool
  // (and of its fallback database) rules out both kinds.
  const bool defined = pool_->FindFileContainingSymbol(name) != nullptr;
  const google::protobuf::Descriptor* message = defined ? pool_->FindMessageTypeByName(name) : nullptr;
  const google::protobuf::EnumDescriptor* enum_type =
      defined && message == nullptr ? pool_->FindEnumTypeByName(name) : nullptr;
  if (pool_types_->types.size() < kMaxRememberedNames) {
    pool_types_->types.emplace(name, std::make_pair(message, enum_type));
  }
  return {message, enum_type};
}

const google::protobuf::Descriptor* CheckerEnv::FindMessageType(const std::string& name) const {
  return FindType(name).first;
}

const google::protobuf::EnumDescriptor* CheckerEnv::FindEnumType(const std::string& name) const {
  return FindType(name).second;
}

void CheckerEnv::AddVariable(std::string name, Type type) {
  variables_[std::move(name)] = std::move(type);
  name_cache_ = std::make_shared<NameCache>();  // names may resolve differently now
}

absl::Status CheckerEnv::AddFunction(FunctionDecl function) {
  for (const OverloadDecl& overload : function.overloads) {
    if (overload.id.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("function '", function.name, "': an overload has no id"));
    }
    if (overload.receiver_style && overload.params.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("function '", function.name, "': overload '",
                                                     overload.id, "' has no receiver"));
    }
  }
  call_cache_ = std::make_shared<CallCache>();  // calls may resolve differently now
  if (std::string_view tail = QualifiedTail(function.name); !tail.empty()) qualified_function_tails_.emplace(tail);
  auto [added, first] = functions_.try_emplace(function.name);
  FunctionDecl& declared = added->second;
  if (first) {
    // More overloads of a standard function: they join its own.
    const auto& standard = StandardFunctionsByName();
    if (auto it = standard.find(function.name); it != standard.end()) declared = it->second;
  }
  declared.name = function.name;
  for (OverloadDecl& overload : function.overloads) {
    auto same_id = std::find_if(
        declared.overloads.begin(), declared.overloads.end(),
        [&](const OverloadDecl& existing) { return existing.id == overload.id; });
    if (same_id == declared.overloads.end()) {
      declared.overloads.push_back(std::move(overload));
      continue;
    }
    if (same_id->params != overload.params || same_id->result != overload.result ||
        same_id->receiver_style != overload.receiver_style) {
      return absl::AlreadyExistsError(absl::StrCat("function '", function.name, "': overload '",
                                                   overload.id,
                                                   "' is already declared with another signature"));
    }
  }
  return absl::OkStatus();
}

const Type* CheckerEnv::FindVariable(std::string_view name) const {
  auto it = variables_.find(absl::string_view(name.data(), name.size()));
  return it == variables_.end() ? nullptr : &it->second;
}

const FunctionDecl* CheckerEnv::FindFunction(std::string_view name) const {
  const absl::string_view key(name.data(), name.size());
  if (auto it = functions_.find(key); it != functions_.end()) return &it->second;
  const auto& standard = StandardFunctionsByName();
  auto it = standard.find(key);
  return it == standard.end() ? nullptr : &it->second;
}

bool CheckerEnv::HasQualifiedFunction(std::string_view name) const {
  const absl::string_view key(name.data(), name.size());
  return StandardQualifiedTails().contains(key) || qualified_function_tails_.contains(key);
}

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;

// Bindings of type parameters, by name, with an undo trail so that a failed overload or
// assignability test can be rolled back without copying the bindings.
class Mapping {
 public:
  const Type* Find(const std::string& name) const {
    auto it = bindings_.find(name);
    return it == bindings_.end() ? nullptr : &it->second;
  }

  void Bind(const std::string& name, Type type) {
    auto it = bindings_.find(name);
    if (it == bindings_.end()) {
      trail_.push_back({name, std::nullopt});
      bindings_.emplace(name, std::move(type));
    } else {
      trail_.push_back({name, it->second});
      it->second = std::move(type);
    }
  }

  size_t Checkpoint() const { return trail_.size(); }

  // Undoes the bindings made since `checkpoint`.
  void Rollback(size_t checkpoint) {
    while (trail_.size() > checkpoint) {
      Undo& undo = trail_.back();
      if (undo.previous.has_value()) {
        bindings_[undo.name] = std::move(*undo.previous);
      } else {
        bindings_.erase(undo.name);
      }
      trail_.pop_back();
    }
  }

 private:
  struct Undo {
    std::string name;
    std::optional<Type> previous;
  };
  absl::flat_hash_map<std::string, Type> bindings_;
  std::vector<Undo> trail_;
};

// The fresh type parameters of one use of an overload, by the declared parameter's name.
using Instantiation = absl::flat_hash_map<std::string, Type>;

const Type* Lookup(const Mapping& mapping, const std::string& name) { return mapping.Find(name); }

const Type* Lookup(const Instantiation& instantiation, const std::string& name) {
  auto it = instantiation.find(name);
  return it == instantiation.end() ? nullptr : &it->second;
}

// The types that `null` may be assigned to.
bool IsNullable(const Type& type) {
  switch (type.kind()) {
    case TypeKind::kNull:
    case TypeKind::kDyn:
    case TypeKind::kAny:
    case TypeKind::kMessage:
    case TypeKind::kWrapper:
    case TypeKind::kTimestamp:
    case TypeKind::kDuration:
    case TypeKind::kOpaque:
      return true;
    default:
      return false;
  }
}

// `any` holds any message at run time, so it checks as `dyn` does.
bool IsDynOrError(const Type& type) {
  return type.IsDyn() || type.IsError() || type.kind() == TypeKind::kAny;
}

// Follows bindings until `type` is not a bound type parameter.
template <typename Bindings>
Type Resolve(const Bindings& mapping, Type type) {
  for (int guard = 0; type.kind() == TypeKind::kTypeParam && guard < 1000; ++guard) {
    const Type* bound = Lookup(mapping, type.name());
    if (bound == nullptr) break;
    type = *bound;
  }
  return type;
}

// Replaces bound type parameters by their bindings, and free ones by `dyn` when `free_to_dyn`.
template <typename Bindings>
Type Substitute(const Bindings& mapping, const Type& type, bool free_to_dyn, int depth = 0) {
  if (depth > 100) return Type::Dyn();
  const Type resolved = Resolve(mapping, type);
  if (resolved.kind() == TypeKind::kTypeParam) return free_to_dyn ? Type::Dyn() : resolved;
  if (resolved.params().empty()) return resolved;
  std::vector<Type> params;
  for (const Type& param : resolved.params()) {
    params.push_back(Substitute(mapping, param, free_to_dyn, depth + 1));
  }
  switch (resolved.kind()) {
    case TypeKind::kList:
      return Type::List(params[0]);
    case TypeKind::kMap:
      return Type::Map(params[0], params[1]);
    case TypeKind::kType:
      return Type::TypeOf(params[0]);
    case TypeKind::kWrapper:
      return Type::Wrapper(params[0]);
    case TypeKind::kOpaque:
      return Type::Opaque(resolved.name(), std::move(params));
    default:
      return resolved;
  }
}

// Whether the type parameter `name` occurs in `type`.
bool Occurs(const Mapping& mapping, const std::string& name, const Type& type, int depth = 0) {
  if (depth > 100) return true;
  const Type resolved = Resolve(mapping, type);
  if (resolved.kind() == TypeKind::kTypeParam) return resolved.name() == name;
  for (const Type& param : resolved.params()) {
    if (Occurs(mapping, name, param, depth + 1)) return true;
  }
  return false;
}

// Whether a value of type `actual` may be used where `expected` is required, binding type
// parameters in `mapping` as needed (cel-go's `internalIsAssignable`).
bool IsAssignable(Mapping& mapping, const Type& expected_in, const Type& actual_in,
                  int depth = 0) {
  if (depth > 100) return false;
  const Type expected = Resolve(mapping, expected_in);
  const Type actual = Resolve(mapping, actual_in);
  if (expected.kind() == TypeKind::kTypeParam) {
    if (actual.kind() == TypeKind::kTypeParam && actual.name() == expected.name()) return true;
    if (Occurs(mapping, expected.name(), actual)) return false;
    mapping.Bind(expected.name(), actual);
    return true;
  }
  if (actual.kind() == TypeKind::kTypeParam) {
    if (Occurs(mapping, actual.name(), expected)) return false;
    mapping.Bind(actual.name(), expected);
    return true;
  }
  if (IsDynOrError(expected) || IsDynOrError(actual)) return true;
  if (expected.kind() == TypeKind::kNull) return IsNullable(actual);
  if (actual.kind() == TypeKind::kNull) return IsNullable(expected);
  switch (expected.kind()) {
    case TypeKind::kBool:
    case TypeKind::kInt:
    case TypeKind::kUint:
    case TypeKind::kDouble:
    case TypeKind::kString:
    case TypeKind::kBytes:
      // A wrapper is assignable to its primitive.
      if (actual.kind() == TypeKind::kWrapper) return actual.params()[0].kind() == expected.kind();
      return actual.kind() == expected.kind();
    case TypeKind::kWrapper:
      if (actual.kind() == TypeKind::kWrapper) {
        return actual.params()[0].kind() == expected.params()[0].kind();
      }
      return actual.kind() == expected.params()[0].kind();
    case TypeKind::kType:
      return actual.kind() == TypeKind::kType;
    case TypeKind::kList:
    case TypeKind::kMap:
    case TypeKind::kOpaque:
      if (actual.kind() != expected.kind() || actual.name() != expected.name() ||
          actual.params().size() != expected.params().size()) {
        return false;
      }
      for (size_t i = 0; i < expected.params().size(); ++i) {
        if (!IsAssignable(mapping, expected.params()[i], actual.params()[i], depth + 1)) {
          return false;
        }
      }
      return true;
    default:
      return expected == actual;
  }
}

// Whether `type` is a type without parameters that only its own kind is assignable to or from.
bool IsSimple(const Type& type) {
  switch (type.kind()) {
    case TypeKind::kBool:
    case TypeKind::kInt:
    case TypeKind::kUint:
    case TypeKind::kDouble:
    case TypeKind::kString:
    case TypeKind::kBytes:
    case TypeKind::kTimestamp:
    case TypeKind::kDuration:
      return true;
    default:
      return false;
  }
}

// The kind for specificity comparisons: a wrapper is as specific as its primitive.
TypeKind SpecificityKind(const Type& type) {
  return type.kind() == TypeKind::kWrapper ? type.params()[0].kind() : type.kind();
}

// cel-go's `isEqualOrLessSpecific`: whether `a` is `dyn`, a type parameter, or as specific as
// `b` (parameter by parameter).
bool IsEqualOrLessSpecific(const Mapping& mapping, const Type& a_in, const Type& b_in,
                           int depth = 0) {
  const Type a = Resolve(mapping, a_in);
  const Type b = Resolve(mapping, b_in);
  if (a.IsDyn() || a.kind() == TypeKind::kTypeParam) return true;
  if (b.IsDyn() || b.kind() == TypeKind::kTypeParam) return false;
  if (SpecificityKind(a) != SpecificityKind(b) || depth > 100) return false;
  if (a.kind() == TypeKind::kWrapper || b.kind() == TypeKind::kWrapper) return true;
  if (a.params().size() != b.params().size()) return false;
  for (size_t i = 0; i < a.params().size(); ++i) {
    if (!IsEqualOrLessSpecific(mapping, a.params()[i], b.params()[i], depth + 1)) return false;
  }
  return true;
}

// The type a list or map literal takes from two of its (mutually assignable) element types:
// the less specific one, where a nullable type is more general than `null` and a wrapper more
// general than its primitive (cel-spec's type_deductions tests).
Type MostGeneral(const Mapping& mapping, const Type& a, const Type& b) {
  const Type resolved_a = Resolve(mapping, a);
  const Type resolved_b = Resolve(mapping, b);
  if (resolved_a.kind() == TypeKind::kNull && IsNullable(resolved_b)) return b;
  if (resolved_b.kind() == TypeKind::kNull && IsNullable(resolved_a)) return a;
  if (resolved_a.kind() == TypeKind::kWrapper && resolved_b.IsPrimitive()) return a;
  if (resolved_b.kind() == TypeKind::kWrapper && resolved_a.IsPrimitive()) return b;
  return IsEqualOrLessSpecific(mapping, a, b) ? a : b;
}

void CollectTypeParams(const Type& type, std::vector<std::string>* names) {
  if (type.kind() == TypeKind::kTypeParam) {
    if (std::find(names->begin(), names->end(), type.name()) == names->end()) {
      names->push_back(type.name());
    }
    return;
  }
  for (const Type& param : type.params()) CollectTypeParams(param, names);
}

bool HasTypeParams(const Type& type) {
  if (type.kind() == TypeKind::kTypeParam) return true;
  return std::any_of(type.params().begin(), type.params().end(), HasTypeParams);
}

// " (did you mean 'x'?)" for the candidate closest to `name`, if one is close enough to be a typo.
std::string Suggestion(std::string_view name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best = base::SuggestName(name, candidates);
  if (!best.has_value()) return "";
  return absl::StrCat(" (did you mean '", *best, "'?)");
}

std::vector<std::string> FieldNames(const Descriptor* message) {
  std::vector<std::string> names;
  for (int i = 0; i < message->field_count(); ++i) names.push_back(message->field(i)->name());
  return names;
}

bool IsOptional(const Type& type) {
  return type.kind() == TypeKind::kOpaque && type.name() == "optional_type" &&
         type.params().size() == 1;
}

bool IsNumeric(const Type& type) {
  return type.kind() == TypeKind::kInt || type.kind() == TypeKind::kUint ||
         type.kind() == TypeKind::kDouble;
}

// `int < uint` and the like.
bool IsCrossTypeNumeric(const OverloadDecl& overload) {
  return overload.params.size() == 2 && IsNumeric(overload.params[0]) &&
         IsNumeric(overload.params[1]) &&
         overload.params[0].kind() != overload.params[1].kind();
}

// `name` as a qualified name, if `expr` is an identifier or a chain of selects on one.
std::optional<std::string> QualifiedName(const Expr& expr) {
  // The fields from the outermost in, then the name written once into a buffer of its size (every select of a
  // chain asks for its name).
  absl::InlinedVector<const std::string*, 8> fields;
  const Expr* node = &expr;
  while (const auto* select = std::get_if<Select>(&node->kind)) {
    if (select->test_only || select->operand == nullptr) return std::nullopt;
    fields.push_back(&select->field);
    node = select->operand.get();
  }
  const auto* ident = std::get_if<Ident>(&node->kind);
  if (ident == nullptr) return std::nullopt;
  size_t size = ident->name.size();
  for (const std::string* field : fields) size += 1 + field->size();
  std::string name;
  name.reserve(size);
  name += ident->name;
  for (auto field = fields.rbegin(); field != fields.rend(); ++field) {
    name += '.';
    name += **field;
  }
  return name;
}

// The identifier at the root of a select chain.
const Ident* RootIdent(const Expr& expr) {
  const Expr* node = &expr;
  while (const auto* select = std::get_if<Select>(&node->kind)) {
    if (select->operand == nullptr) return nullptr;
    node = select->operand.get();
  }
  return std::get_if<Ident>(&node->kind);
}

// The built-in type names usable as values.
std::optional<Type> BuiltinTypeName(std::string_view name) {
  if (name == "bool") return Type::Bool();
  if (name == "bytes") return Type::Bytes();
  if (name == "double") return Type::Double();
  if (name == "int") return Type::Int();
  if (name == "uint") return Type::Uint();
  if (name == "string") return Type::String();
  if (name == "null_type") return Type::Null();
  if (name == "list") return Type::List(Type::Dyn());
  if (name == "map") return Type::Map(Type::Dyn(), Type::Dyn());
  if (name == "type") return Type::TypeType();
  if (name == "dyn") return Type::Dyn();
  return std::nullopt;
}

// A call's arguments, its target first: calls have few, and every call is checked.
using CallArgs = absl::InlinedVector<const Expr*, 4>;

class Checker {
 public:
  Checker(const ParsedExpr& parsed, const CheckerEnv& env) : parsed_(parsed), env_(env) {}

  // Appends the problems found to `issues` when it is not null.
  absl::StatusOr<CheckedExpr> Run(std::vector<CompileIssue>* issues) {
    if (parsed_.expr == nullptr) return absl::InvalidArgumentError("no expression to check");
    // A type per node, a reference for most calls and names: the maps are not regrown as the tree is checked.
    types_.reserve(parsed_.source_info.positions.size());
    references_.reserve(parsed_.source_info.positions.size() / 2 + 1);
    Check(*parsed_.expr);
    if (!errors_.empty()) {
      if (issues != nullptr) issues->insert(issues->end(), errors_.begin(), errors_.end());
      return IssuesStatus(parsed_.source_info.location, errors_);
    }
    CheckedExpr checked;
    for (auto& [id, type] : types_) {
      if (HasTypeParams(type)) type = Substitute(mapping_, type, /*free_to_dyn=*/true);
    }
    checked.type_map = std::move(types_);
    checked.reference_map = std::move(references_);
    checked.result_type = checked.type_map[parsed_.expr->id];
    return checked;
  }

 private:
  // --- Errors and bookkeeping ---

  void Error(int64_t id, const std::string& message) {
    const auto it = parsed_.source_info.positions.find(id);
    const int32_t offset = it == parsed_.source_info.positions.end() ? 0 : it->second;
    auto [line, column] = parsed_.source_info.LineColumn(offset);
    errors_.push_back(CompileIssue{line, column, message});
  }

  void SetType(const Expr& expr, Type type) { types_[expr.id] = std::move(type); }

  Type TypeOf(const Expr& expr) const {
    auto it = types_.find(expr.id);
    return it == types_.end() ? Type::Error() : it->second;
  }

  // A type for messages: free parameters print as `dyn`.
  std::string Format(const Type& type) const {
    return Substitute(mapping_, type, /*free_to_dyn=*/true).CheckedString();
  }

  Type FreshTypeParam() { return Type::TypeParam(absl::StrCat("_var", next_type_param_++)); }

  // The names `name` may refer to in the container, most specific first.
  std::vector<std::string> Candidates(const std::string& name) const {
    if (!name.empty() && name[0] == '.') return {name.substr(1)};
    std::vector<std::string> candidates;
    std::string container = env_.container();
    while (!container.empty()) {
      candidates.push_back(container + "." + name);
      const size_t dot = container.rfind('.');
      container = dot == std::string::npos ? "" : container.substr(0, dot);
    }
    candidates.push_back(name);
    return candidates;
  }

  // The function `name` names, trying the candidates in the order of `Candidates` in one buffer
  // (every call of an operator is resolved so: a vector of names each time cost allocations).
  const FunctionDecl* FindFunctionInContainer(const std::string& name) const {
    if (!name.empty() && name[0] == '.') return env_.FindFunction(std::string_view(name).substr(1));
    // Most calls are of operators and unqualified functions: nothing in a container is named so.
    std::string_view container = name.find('.') == std::string::npos && !env_.HasQualifiedFunction(name)
                                     ? std::string_view()
                                     : std::string_view(env_.container());
    std::string candidate;
    while (!container.empty()) {
      candidate.assign(container.data(), container.size());
      candidate += '.';
      candidate += name;
      if (const FunctionDecl* function = env_.FindFunction(candidate)) return function;
      const size_t dot = container.rfind('.');
      container = dot == std::string_view::npos ? std::string_view() : container.substr(0, dot);
    }
    return env_.FindFunction(name);
  }

  const Type* FindLocal(const std::string& name) const {
    for (auto scope = scopes_.rbegin(); scope != scopes_.rend(); ++scope) {
      auto it = scope->find(name);
      if (it != scope->end()) return &it->second;
    }
    return nullptr;
  }

  // Resolves a (possibly qualified) name to a variable, type or enum constant. Returns false
  // when nothing matches. Resolutions are remembered by the environment.
  bool ResolveName(const Expr& expr, const std::string& name) {
    const std::optional<CheckerEnv::ResolvedName>* resolved = env_.FindResolvedName(name);
    std::optional<CheckerEnv::ResolvedName> found;
    if (resolved == nullptr) {
      found = ResolveNameInEnv(name);
      env_.RememberResolvedName(name, found);
      resolved = &found;
    }
    if (!resolved->has_value()) return false;
    SetType(expr, (*resolved)->type);
    references_[expr.id] = (*resolved)->reference;
    return true;
  }

  // What `name` resolves to among the environment's variables and types.
  std::optional<CheckerEnv::ResolvedName> ResolveNameInEnv(const std::string& name) const {
    for (const std::string& candidate : Candidates(name)) {
      if (const Type* variable = env_.FindVariable(candidate)) {
        return CheckerEnv::ResolvedName{
            Reference{Reference::Kind::kVariable, candidate, {}, std::nullopt}, *variable};
      }
      if (std::optional<Type> builtin = BuiltinTypeName(candidate)) {
        return CheckerEnv::ResolvedName{
            Reference{Reference::Kind::kType, candidate, {}, std::nullopt}, Type::TypeOf(*builtin)};
      }
      if (env_.pool() == nullptr) continue;
      if (const Descriptor* message = env_.FindMessageType(candidate)) {
        return CheckerEnv::ResolvedName{
            Reference{Reference::Kind::kType, candidate, {}, std::nullopt},
            Type::TypeOf(Type::FromMessageDescriptor(message))};
      }
      if (env_.FindEnumType(candidate) != nullptr) {
        // Legacy enums: the enum's type is `int`.
        return CheckerEnv::ResolvedName{
            Reference{Reference::Kind::kType, candidate, {}, std::nullopt},
            Type::TypeOf(Type::Int())};
      }
      const size_t dot = candidate.rfind('.');
      if (dot != std::string::npos) {
        if (const EnumDescriptor* enum_type = env_.FindEnumType(candidate.substr(0, dot))) {
          if (const auto* value = enum_type->FindValueByName(candidate.substr(dot + 1))) {
            return CheckerEnv::ResolvedName{
                Reference{Reference::Kind::kEnumConstant, candidate, {}, value->number()},
                Type::Int()};
          }
        }
      }
    }
    return std::nullopt;
  }

  std::string UndeclaredReference(const std::string& name) const {
    return absl::StrCat("undeclared reference to '", name, "' (in container '", env_.container(),
                        "')");
  }

  // --- Nodes ---

  void Check(const Expr& expr) {
    std::visit([&](const auto& kind) { CheckKind(expr, kind); }, expr.kind);
  }

  void CheckKind(const Expr& expr, const Constant& constant) {
    struct TypeOfConstant {
      Type operator()(std::monostate) const { return Type::Null(); }
      Type operator()(bool) const { return Type::Bool(); }
      Type operator()(int64_t) const { return Type::Int(); }
      Type operator()(uint64_t) const { return Type::Uint(); }
      Type operator()(double) const { return Type::Double(); }
      Type operator()(const std::string&) const { return Type::String(); }
      Type operator()(const Bytes&) const { return Type::Bytes(); }
    };
    SetType(expr, std::visit(TypeOfConstant(), constant));
  }

  void CheckKind(const Expr& expr, const Ident& ident) {
    if (const Type* local = FindLocal(ident.name)) {
      SetType(expr, *local);
      return;
    }
    if (ResolveName(expr, ident.name)) return;
    Error(expr.id, UndeclaredReference(ident.name));
    SetType(expr, Type::Error());
  }

  void CheckKind(const Expr& expr, const Select& select) {
    if (select.operand == nullptr) {
      SetType(expr, Type::Error());
      return;
    }
    // A qualified name that resolves as a whole (unless it starts with a local variable).
    if (!select.test_only) {
      const Ident* root = RootIdent(expr);
      if (root != nullptr && FindLocal(root->name) == nullptr) {
        std::optional<std::string> name = QualifiedName(expr);
        if (name.has_value() && ResolveName(expr, *name)) return;
      }
    }
    Check(*select.operand);
    Type operand = Substitute(mapping_, TypeOf(*select.operand), /*free_to_dyn=*/false);
    // Selecting from an optional selects from its value and yields an optional.
    const bool optional = IsOptional(operand);
    if (optional) operand = operand.params()[0];
    if (const EnumDescriptor* enum_type = EnumTypeNamedBy(*select.operand)) {
      // `Color.PURPEL`: the operand is an enum type, so the field is a value that does not exist.
      std::vector<std::string> values;
      for (int i = 0; i < enum_type->value_count(); ++i) values.push_back(enum_type->value(i)->name());
      Error(expr.id, absl::StrCat("undefined enum value '", select.field, "' in '",
                                  enum_type->full_name(), "'", Suggestion(select.field, values)));
      SetType(expr, Type::Error());
      return;
    }
    Type field_type = FieldType(expr, operand, select.field);
    if (select.test_only) {
      SetType(expr, Type::Bool());
    } else {
      SetType(expr, optional && !field_type.IsError() ? Type::Optional(field_type) : field_type);
    }
  }

  // The enum type `expr` resolved to as a type name, if it did.
  const EnumDescriptor* EnumTypeNamedBy(const Expr& expr) const {
    auto it = references_.find(expr.id);
    if (it == references_.end() || it->second.kind != Reference::Kind::kType ||
        env_.pool() == nullptr) {
      return nullptr;
    }
    return env_.FindEnumType(it->second.name);
  }

  // The type of `operand.field`, or an error (reported at `expr`).
  Type FieldType(const Expr& expr, const Type& operand, const std::string& field_name) {
    switch (operand.kind()) {
      case TypeKind::kMessage: {
        const Descriptor* message = operand.message();
        if (message == nullptr) return Type::Dyn();
        const FieldDescriptor* field = message->FindFieldByName(field_name);
        // An extension is selected by its full name: msg.`pkg.ext`.
        if (field == nullptr && env_.pool() != nullptr) {
          field = env_.pool()->FindExtensionByName(field_name);
          if (field != nullptr && field->containing_type() != message) field = nullptr;
        }
        if (field == nullptr) {
          Error(expr.id, absl::StrCat("undefined field '", field_name, "'",
                                      Suggestion(field_name, FieldNames(message))));
          return Type::Error();
        }
        return Type::FromFieldDescriptor(field);
      }
      case TypeKind::kMap:
        return operand.value();
      case TypeKind::kDyn:
      case TypeKind::kAny:
      case TypeKind::kTypeParam:
        return Type::Dyn();
      case TypeKind::kError:
        return Type::Error();
      default:
        Error(expr.id,
              absl::StrCat("type '", Format(operand), "' does not support field selection"));
        return Type::Error();
    }
  }

  void CheckKind(const Expr& expr, const Call& call) {
    // `a.b.f(x)` where `a.b.f` is a declared function: a global call with a qualified name.
    if (call.target != nullptr) {
      const Ident* root = RootIdent(*call.target);
      if (root != nullptr && FindLocal(root->name) == nullptr) {
        if (std::optional<std::string> prefix = QualifiedName(*call.target)) {
          for (const std::string& candidate : Candidates(*prefix + "." + call.function)) {
            if (const FunctionDecl* function = env_.FindFunction(candidate)) {
              CallArgs args;
              for (const ExprPtr& arg : call.args) {
                Check(*arg);
                args.push_back(arg.get());
              }
              ResolveOverload(expr, *function, /*receiver=*/false, args);
              return;
            }
          }
        }
      }
    }

    CallArgs args;
    if (call.target != nullptr) {
      Check(*call.target);
      args.push_back(call.target.get());
    }
    for (const ExprPtr& arg : call.args) {
      Check(*arg);
      args.push_back(arg.get());
    }

    if (call.function == "_?._" || call.function == "_[?_]") {
      CheckOptionalAccess(expr, call);
      return;
    }

    const FunctionDecl* function = call.target != nullptr ? env_.FindFunction(call.function)
                                                          : FindFunctionInContainer(call.function);
    if (function == nullptr) {
      Error(expr.id, UndeclaredReference(call.function));
      SetType(expr, Type::Error());
      return;
    }
    ResolveOverload(expr, *function, call.target != nullptr, args);
  }

  // `a.?f` and `a[?k]`: an optional of the field or element type.
  void CheckOptionalAccess(const Expr& expr, const Call& call) {
    if (call.args.size() != 2) {
      SetType(expr, Type::Error());
      return;
    }
    Type operand = Substitute(mapping_, TypeOf(*call.args[0]), false);
    if (IsOptional(operand)) operand = operand.params()[0];
    Type element = Type::Dyn();
    if (call.function == "_?._") {
      const auto* field = std::get_if<Constant>(&call.args[1]->kind);
      const auto* name = field == nullptr ? nullptr : std::get_if<std::string>(field);
      if (name != nullptr) element = FieldType(expr, operand, *name);
    } else if (operand.kind() == TypeKind::kList) {
      element = operand.elem();
    } else if (operand.kind() == TypeKind::kMap) {
      element = operand.value();
    }
    references_[expr.id] =
        Reference{Reference::Kind::kFunction, call.function,
                  {call.function == "_?._" ? "select_optional_field" : "index_optional"},
                  std::nullopt};
    SetType(expr, Type::Optional(element));
  }

  void ResolveOverload(const Expr& expr, const FunctionDecl& function, bool receiver,
                       const CallArgs& args) {
    // Inlined: calls have few arguments, and every call is resolved.
    absl::InlinedVector<Type, 3> arg_types;
    absl::InlinedVector<TypeKind, 3> resolved_kinds;
    bool dyn_argument = false;
    for (const Expr* arg : args) arg_types.push_back(TypeOf(*arg));
    // Without type parameters in its arguments, a call resolves as the same call did before in this environment.
    const bool rememberable = std::none_of(arg_types.begin(), arg_types.end(), HasTypeParams);
    if (rememberable) {
      if (const CheckerEnv::ResolvedCall* known = env_.FindResolvedCall(function.name, receiver, arg_types)) {
        references_[expr.id] =
            Reference{Reference::Kind::kFunction, function.name, known->overload_ids, std::nullopt};
        SetType(expr, known->result);
        return;
      }
    }
    for (const Type& arg_type : arg_types) {
      const Type resolved = Resolve(mapping_, arg_type);
      dyn_argument = dyn_argument || resolved.IsDyn();
      resolved_kinds.push_back(IsSimple(resolved) ? resolved.kind() : TypeKind::kDyn);
    }
    // An argument of a simple type rules out, without unification, the overloads whose parameter
    // is another simple type (most overloads of an operator).
    const auto clearly_mismatched = [&resolved_kinds](const OverloadDecl& overload) {
      for (size_t i = 0; i < resolved_kinds.size(); ++i) {
        if (resolved_kinds[i] != TypeKind::kDyn && IsSimple(overload.params[i]) &&
            overload.params[i].kind() != resolved_kinds[i]) {
          return true;
        }
      }
      return false;
    };
    std::optional<Type> result;
    std::vector<std::string> matched;
    for (const OverloadDecl& overload : function.overloads) {
      if (overload.receiver_style != receiver || overload.params.size() != args.size()) continue;
      if (clearly_mismatched(overload)) continue;
      // As cel-go does, a `dyn` argument selects only the same-type numeric comparisons.
      if (dyn_argument && IsCrossTypeNumeric(overload)) continue;
      // Fresh type parameters for this use of the overload.
      std::vector<std::string> names;
      for (const Type& param : overload.params) CollectTypeParams(param, &names);
      CollectTypeParams(overload.result, &names);
      Instantiation fresh;
      for (const std::string& name : names) fresh[name] = FreshTypeParam();
      // Most overloads have no type parameter: their types are used as they are.
      const auto instantiated = [&](const Type& type) {
        return names.empty() ? type : Substitute(fresh, type, false);
      };
      const size_t checkpoint = mapping_.Checkpoint();
      bool ok = true;
      for (size_t i = 0; i < args.size() && ok; ++i) {
        ok = IsAssignable(mapping_, instantiated(overload.params[i]), arg_types[i]);
      }
      if (!ok) {
        mapping_.Rollback(checkpoint);
        continue;
      }
      matched.push_back(overload.id);
      const Type overload_result = instantiated(overload.result);
      if (!result.has_value()) {
        result = overload_result;
      } else if (!result->IsDyn() && Substitute(mapping_, *result, false) !=
                                         Substitute(mapping_, overload_result, false)) {
        result = Type::Dyn();
      }
    }
    if (matched.empty()) {
      std::string signature;
      size_t first = 0;
      if (receiver && !arg_types.empty()) {
        signature = Format(arg_types[0]) + ".";
        first = 1;
      }
      std::vector<std::string> formatted;
      for (size_t i = first; i < arg_types.size(); ++i) formatted.push_back(Format(arg_types[i]));
      signature += "(" + absl::StrJoin(formatted, ", ") + ")";
      Error(expr.id, absl::StrCat("found no matching overload for '", function.name,
                                  "' applied to '", signature, "'"));
      SetType(expr, Type::Error());
      return;
    }
    if (rememberable) {
      // The overloads' own type parameters are bound by now: the type they give is remembered without them.
      Type concrete = Substitute(mapping_, *result, false);
      if (!HasTypeParams(concrete)) {
        env_.RememberResolvedCall(function.name, receiver, arg_types, {std::move(concrete), matched});
      }
    }
    references_[expr.id] =
        Reference{Reference::Kind::kFunction, function.name, std::move(matched), std::nullopt};
    SetType(expr, *result);
  }

  // The type of a list element or map key/value given the types seen so far.
  Type Join(const Type& previous, const Type& current) {
    const size_t checkpoint = mapping_.Checkpoint();
    if (IsAssignable(mapping_, previous, current)) {
      return MostGeneral(mapping_, previous, current);
    }
    mapping_.Rollback(checkpoint);
    return Type::Dyn();
  }

  // The type an optional element or entry contributes: `T` for `optional_type(T)`.
  Type OptionalValue(const Expr& value) {
    const Type type = Substitute(mapping_, TypeOf(value), false);
    if (IsOptional(type)) return type.params()[0];
    if (type.IsDyn() || type.kind() == TypeKind::kTypeParam) return Type::Dyn();
    Error(value.id, absl::StrCat("expected type 'optional_type(dyn)' but found '", Format(type),
                                 "'"));
    return Type::Error();
  }

  void CheckKind(const Expr& expr, const CreateList& list) {
    std::optional<Type> element;
    for (size_t i = 0; i < list.elements.size(); ++i) {
      const Expr& item = *list.elements[i];
      Check(item);
      const bool optional = std::find(list.optional_indices.begin(), list.optional_indices.end(),
                                      static_cast<int32_t>(i)) != list.optional_indices.end();
      const Type type = optional ? OptionalValue(item) : TypeOf(item);
      element = element.has_value() ? Join(*element, type) : type;
    }
    SetType(expr, Type::List(element.has_value() ? *element : FreshTypeParam()));
  }

  void CheckKind(const Expr& expr, const CreateStruct& create) {
    if (create.message_name.empty()) {
      CheckMap(expr, create);
    } else {
      CheckMessage(expr, create);
    }
  }

  void CheckMap(const Expr& expr, const CreateStruct& create) {
    std::optional<Type> key, value;
    for (const CreateStruct::Entry& entry : create.entries) {
      if (entry.key == nullptr || entry.value == nullptr) continue;
      Check(*entry.key);
      Check(*entry.value);
      const Type key_type = TypeOf(*entry.key);
      const Type value_type = entry.optional ? OptionalValue(*entry.value) : TypeOf(*entry.value);
      key = key.has_value() ? Join(*key, key_type) : key_type;
      value = value.has_value() ? Join(*value, value_type) : value_type;
    }
    SetType(expr, Type::Map(key.has_value() ? *key : FreshTypeParam(),
                            value.has_value() ? *value : FreshTypeParam()));
  }

  void CheckMessage(const Expr& expr, const CreateStruct& create) {
    const Descriptor* message = nullptr;
    std::string full_name;
    if (env_.pool() != nullptr) {
      for (const std::string& candidate : Candidates(create.message_name)) {
        message = env_.FindMessageType(candidate);
        if (message != nullptr) {
          full_name = candidate;
          break;
        }
      }
    }
    for (const CreateStruct::Entry& entry : create.entries) {
      if (entry.value != nullptr) Check(*entry.value);
    }
    if (message == nullptr) {
      Error(expr.id, UndeclaredReference(create.message_name));
      SetType(expr, Type::Error());
      return;
    }
    for (const CreateStruct::Entry& entry : create.entries) {
      if (entry.value == nullptr) continue;
      const FieldDescriptor* field = message->FindFieldByName(entry.field);
      if (field == nullptr) {
        Error(entry.id, absl::StrCat("undefined field '", entry.field, "'",
                                     Suggestion(entry.field, FieldNames(message))));
        continue;
      }
      const Type field_type = Type::FromFieldDescriptor(field);
      const Type value_type = entry.optional ? OptionalValue(*entry.value) : TypeOf(*entry.value);
      const size_t checkpoint = mapping_.Checkpoint();
      if (!IsAssignable(mapping_, field_type, value_type)) {
        mapping_.Rollback(checkpoint);
        Error(entry.id, absl::StrCat("expected type of field '", entry.field, "' is '",
                                     Format(field_type), "' but provided type is '",
                                     Format(value_type), "'"));
      }
    }
    references_[expr.id] = Reference{Reference::Kind::kMessage, full_name, {}, std::nullopt};
    SetType(expr, Type::FromMessageDescriptor(message));
  }

  void CheckKind(const Expr& expr, const Comprehension& loop) {
    if (loop.iter_range == nullptr || loop.accu_init == nullptr || loop.loop_condition == nullptr ||
        loop.loop_step == nullptr || loop.result == nullptr) {
      Error(expr.id, "incomplete comprehension");
      SetType(expr, Type::Error());
      return;
    }
    Check(*loop.iter_range);
    Check(*loop.accu_init);
    const Type accu_type = TypeOf(*loop.accu_init);
    const Type range = Substitute(mapping_, TypeOf(*loop.iter_range), false);
    const bool two_vars = !loop.iter_var2.empty();
    Type var_type = Type::Dyn();
    Type var2_type = Type::Dyn();
    switch (range.kind()) {
      case TypeKind::kList:
        if (two_vars) {
          var_type = Type::Int();
          var2_type = range.elem();
        } else {
          var_type = range.elem();
        }
        break;
      case TypeKind::kMap:
        var_type = range.key();
        var2_type = range.value();
        break;
      case TypeKind::kDyn:
      case TypeKind::kAny:
      case TypeKind::kError:
      case TypeKind::kTypeParam:
        break;
      default:
        Error(loop.iter_range->id,
              absl::StrCat("expression of type '", Format(range),
                           "' cannot be range of a comprehension (must be list, map, or dynamic)"));
        var_type = var2_type = Type::Error();
        break;
    }
    scopes_.push_back({{loop.accu_var, accu_type}});
    absl::flat_hash_map<std::string, Type> iteration;
    iteration[loop.iter_var] = var_type;
    if (two_vars) iteration[loop.iter_var2] = var2_type;
    scopes_.push_back(std::move(iteration));
    Check(*loop.loop_condition);
    AssertType(*loop.loop_condition, Type::Bool());
    Check(*loop.loop_step);
    AssertType(*loop.loop_step, accu_type);
    scopes_.pop_back();
    Check(*loop.result);
    scopes_.pop_back();
    SetType(expr, Substitute(mapping_, TypeOf(*loop.result), false));
  }

  void AssertType(const Expr& expr, const Type& expected) {
    const size_t checkpoint = mapping_.Checkpoint();
    const Type actual = TypeOf(expr);
    if (IsAssignable(mapping_, expected, actual)) return;
    mapping_.Rollback(checkpoint);
    Error(expr.id, absl::StrCat("expected type '", Format(expected), "' but found '",
                                Format(actual), "'"));
  }

  const ParsedExpr& parsed_;
  const CheckerEnv& env_;
  absl::flat_hash_map<int64_t, Type> types_;
  absl::flat_hash_map<int64_t, Reference> references_;
  Mapping mapping_;
  int next_type_param_ = 0;
  std::vector<absl::flat_hash_map<std::string, Type>> scopes_;
  std::vector<CompileIssue> errors_;
};

}  // namespace

absl::StatusOr<CheckedExpr> Check(const ParsedExpr& parsed, const CheckerEnv& env,
                                  std::vector<CompileIssue>* issues) {
  return Checker(parsed, env).Run(issues);
}

}  // namespace hdsc::expr
