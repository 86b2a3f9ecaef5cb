// The types of CEL, as the type checker infers them and the evaluator reports them.
//
// A `Type` is a small value: a kind plus, for parameterised and named types, a shared immutable
// representation. Copying one costs a pointer copy and a reference-count increment.
//
// Protobuf enums follow cel-spec's legacy ("int") enum semantics: an enum constant and an enum
// field are typed `int` by the checker, and are ints at run time. `TypeKind::kEnum` exists to
// name an enum type (for example to resolve `hdsc.v1.RiskLevel` as a type), not for values.
#ifndef HDSC_LIB_EXPR_TYPE_H_
#define HDSC_LIB_EXPR_TYPE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace hdsc::expr {

enum class TypeKind {
  kDyn,
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kList,       // params: {elem}
  kMap,        // params: {key, value}
  kMessage,    // name: full name; message(): descriptor (may be null for names only)
  kEnum,       // name: full name; enum_type(): descriptor
  kTimestamp,  // google.protobuf.Timestamp
  kDuration,   // google.protobuf.Duration
  kType,       // params: {} for the type of all types, {T} for `type(T)`
  kError,      // the checker's type of an erroneous expression
  kTypeParam,  // name: the parameter's name, in overload signatures (`A`, `K`, `V`)
  kWrapper,    // params: {primitive}; google.protobuf.Int64Value and friends: the primitive or null
  kOpaque,     // name + params, e.g. `optional_type(int)`
  kAny,        // google.protobuf.Any: any message, unpacked at run time; checks like `dyn`
};

class Type {
 public:
  // `dyn`.
  Type() = default;

  static Type Dyn() { return Type(TypeKind::kDyn); }
  static Type Null() { return Type(TypeKind::kNull); }
  static Type Bool() { return Type(TypeKind::kBool); }
  static Type Int() { return Type(TypeKind::kInt); }
  static Type Uint() { return Type(TypeKind::kUint); }
  static Type Double() { return Type(TypeKind::kDouble); }
  static Type String() { return Type(TypeKind::kString); }
  static Type Bytes() { return Type(TypeKind::kBytes); }
  static Type Timestamp() { return Type(TypeKind::kTimestamp); }
  static Type Duration() { return Type(TypeKind::kDuration); }
  static Type Error() { return Type(TypeKind::kError); }
  static Type Any() { return Type(TypeKind::kAny); }
  static Type List(Type elem);
  static Type Map(Type key, Type value);
  // `message` must not be null.
  static Type Message(const google::protobuf::Descriptor* message);
  // A message type known only by name (no descriptor), e.g. in tests.
  static Type MessageNamed(std::string full_name);
  // `enum_type` must not be null.
  static Type Enum(const google::protobuf::EnumDescriptor* enum_type);
  // The type of all types (`type`), or `type(param)`.
  static Type TypeType();
  static Type TypeOf(Type param);
  static Type TypeParam(std::string name);
  // `primitive` is one of bool, int, uint, double, string, bytes.
  static Type Wrapper(Type primitive);
  static Type Opaque(std::string name, std::vector<Type> params);
  // `optional_type(value)`, the opaque type of CEL optionals.
  static Type Optional(Type value);

  // How a message type looks to CEL: the well-known types map to timestamp, duration, wrappers,
  // `map(string, dyn)` (Struct), `list(dyn)` (ListValue), `dyn` (Value), `any` (Any); others
  // stay messages.
  static Type FromMessageDescriptor(const google::protobuf::Descriptor* message);
  // How a field looks to CEL: 32- and 64-bit signed integers are `int`, unsigned are `uint`,
  // float and double are `double`, enums are `int`, repeated fields are lists, map fields are
  // maps, message fields as in `FromMessageDescriptor`.
  static Type FromFieldDescriptor(const google::protobuf::FieldDescriptor* field);
  // The element type of `field` ignoring `repeated` (a map field's entry message is still a map).
  static Type FromFieldElement(const google::protobuf::FieldDescriptor* field);

  TypeKind kind() const { return kind_; }
  bool IsDyn() const { return kind_ == TypeKind::kDyn; }
  bool IsError() const { return kind_ == TypeKind::kError; }
  // True for the kinds that have no parameters and no name.
  bool IsPrimitive() const;

  // Parameters of list, map, type, wrapper and opaque types; empty otherwise.
  const std::vector<Type>& params() const;
  // Element type of a list; `dyn` for other kinds.
  Type elem() const;
  // Key and value type of a map; `dyn` for other kinds.
  Type key() const;
  Type value() const;
  // Message, enum, type parameter or opaque name; empty otherwise.
  const std::string& name() const;
  const google::protobuf::Descriptor* message() const;
  const google::protobuf::EnumDescriptor* enum_type() const;

  // The CEL name of the type: "int", "list(int)", "map(string, dyn)", "null_type",
  // "google.protobuf.Timestamp", "hdsc.v1.Dossier", "wrapper(int)", "optional_type(string)",
  // "google.protobuf.Any".
  std::string DebugString() const;
  // The type as cel-go's checker prints it (cel-spec's test data): as `DebugString` except
  // "timestamp", "duration", "null", "any", "!error!" and "type" for the type of types.
  std::string CheckedString() const;

  friend bool operator==(const Type& a, const Type& b);
  friend bool operator!=(const Type& a, const Type& b) { return !(a == b); }
  // For `absl::Hash`; equal types hash alike.
  template <typename H>
  friend H AbslHashValue(H h, const Type& type) {
    return H::combine(std::move(h), type.kind_, type.name(), type.params());
  }

 private:
  struct Rep {
    std::vector<Type> params;
    std::string name;
    const google::protobuf::Descriptor* message = nullptr;
    const google::protobuf::EnumDescriptor* enum_type = nullptr;
  };

  explicit Type(TypeKind kind) : kind_(kind) {}
  Type(TypeKind kind, std::shared_ptr<const Rep> rep) : kind_(kind), rep_(std::move(rep)) {}
  std::string Format(bool checked) const;

  TypeKind kind_ = TypeKind::kDyn;
  std::shared_ptr<const Rep> rep_;
};

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_TYPE_H_
