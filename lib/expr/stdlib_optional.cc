// Optional values (cel-go's `OptionalTypes`).
#include <vector>

#include "google/protobuf/message.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

// --- Optional values (cel-go's `OptionalTypes`) ---

// Whether `value` is its type's zero value (`optional.ofNonZeroValue` gives none for those).
bool IsZeroValue(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBool:
      return !value.bool_value();
    case ValueKind::kInt:
      return value.int_value() == 0;
    case ValueKind::kUint:
      return value.uint_value() == 0;
    case ValueKind::kDouble:
      return value.double_value() == 0;
    case ValueKind::kString:
    case ValueKind::kBytes:
      return value.string_value().empty();
    case ValueKind::kList:
      return value.list_value().size() == 0;
    case ValueKind::kMap:
      return value.map_value().size() == 0;
    case ValueKind::kMessage: {
      std::vector<const google::protobuf::FieldDescriptor*> fields;
      value.message_value()->GetReflection()->ListFields(*value.message_value(), &fields);
      return fields.empty();
    }
    case ValueKind::kTimestamp:
      return value.timestamp_value() == absl::UnixEpoch();
    case ValueKind::kDuration:
      return value.duration_value() == absl::ZeroDuration();
    case ValueKind::kOptional:
      return !value.has_optional_value();
    default:
      return false;
  }
}

bool IsOptional(const Value& value) { return value.kind() == ValueKind::kOptional; }

Value OptionalOf(Args args, size_t count) {
  if (count == 1) return Value::Optional(args[0]);
  return NoMatchingOverload("optional.of", args, count);
}

Value OptionalOfNonZeroValue(Args args, size_t count) {
  if (count == 1) return IsZeroValue(args[0]) ? Value::OptionalNone() : Value::Optional(args[0]);
  return NoMatchingOverload("optional.ofNonZeroValue", args, count);
}

Value OptionalNone(Args args, size_t count) {
  if (count == 0) return Value::OptionalNone();
  return NoMatchingOverload("optional.none", args, count);
}

Value HasValue(Args args, size_t count) {
  if (count == 1 && IsOptional(args[0])) return Value::Bool(args[0].has_optional_value());
  return NoMatchingOverload("hasValue", args, count);
}

Value OptionalValue(Args args, size_t count) {
  if (count == 1 && IsOptional(args[0])) {
    if (!args[0].has_optional_value()) return Value::Error("optional.none() dereference");
    return args[0].optional_value();
  }
  return NoMatchingOverload("value", args, count);
}

Value OrValue(Args args, size_t count) {
  if (count == 2 && IsOptional(args[0])) {
    return args[0].has_optional_value() ? args[0].optional_value() : args[1];
  }
  return NoMatchingOverload("orValue", args, count);
}

Value Or(Args args, size_t count) {
  if (count == 2 && IsOptional(args[0]) && IsOptional(args[1])) {
    return args[0].has_optional_value() ? args[0] : args[1];
  }
  return NoMatchingOverload("or", args, count);
}

}  // namespace

void AddOptionalFunctions(FunctionTable& table) {
  table.insert({
      {"optional.of", OptionalOf},
      {"optional.ofNonZeroValue", OptionalOfNonZeroValue},
      {"optional.none", OptionalNone},
      {"hasValue", HasValue},
      {"value", OptionalValue},
      {"orValue", OrValue},
      {"or", Or},
  });
}

}  // namespace hdsc::expr::internal
