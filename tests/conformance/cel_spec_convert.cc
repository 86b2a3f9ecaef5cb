#include "tests/conformance/cel_spec_convert.h"

#include <cmath>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/message.h"

namespace hdsc::conformance {
namespace {

using ::hdsc::expr::Type;
using ::hdsc::expr::Value;
using ::hdsc::expr::ValueKind;

// `Value::Type` keeps a view of its name: names read from test data live here for good.
std::string_view InternTypeName(const std::string& name) {
  static std::mutex* mutex = new std::mutex;
  static std::set<std::string>* names = new std::set<std::string>;
  std::lock_guard<std::mutex> lock(*mutex);
  return *names->insert(name).first;
}

absl::StatusOr<Value> UnpackAny(const google::protobuf::Any& any,
                                const expr::ProtoContext& context) {
  const std::string& url = any.type_url();
  const std::string type_name = url.substr(url.rfind('/') + 1);
  const google::protobuf::Descriptor* descriptor =
      context.pool->FindMessageTypeByName(type_name);
  if (descriptor == nullptr) {
    return absl::NotFoundError(absl::StrCat("object_value: unknown message type '", url, "'"));
  }
  const google::protobuf::Message* prototype = context.factory->GetPrototype(descriptor);
  if (prototype == nullptr) {
    return absl::InternalError(absl::StrCat("object_value: no factory for '", type_name, "'"));
  }
  std::shared_ptr<google::protobuf::Message> message(prototype->New());
  if (!message->ParseFromString(any.value())) {
    return absl::InvalidArgumentError(
        absl::StrCat("object_value: '", type_name, "' does not parse"));
  }
  return Value::FromMessage(message.get(), &context, message);
}

bool IsNaN(const Value& value) {
  return value.kind() == ValueKind::kDouble && std::isnan(value.double_value());
}

}  // namespace

absl::StatusOr<Value> ValueFromProto(const cel::expr::Value& value,
                                     const expr::ProtoContext& context) {
  switch (value.kind_case()) {
    case cel::expr::Value::kNullValue:
      return Value::Null();
    case cel::expr::Value::kBoolValue:
      return Value::Bool(value.bool_value());
    case cel::expr::Value::kInt64Value:
      return Value::Int(value.int64_value());
    case cel::expr::Value::kUint64Value:
      return Value::Uint(value.uint64_value());
    case cel::expr::Value::kDoubleValue:
      return Value::Double(value.double_value());
    case cel::expr::Value::kStringValue:
      return Value::String(value.string_value());
    case cel::expr::Value::kBytesValue:
      return Value::Bytes(value.bytes_value());
    case cel::expr::Value::kEnumValue:
      return Value::Int(value.enum_value().value());
    case cel::expr::Value::kObjectValue:
      return UnpackAny(value.object_value(), context);
    case cel::expr::Value::kMapValue: {
      std::vector<std::pair<Value, Value>> entries;
      for (const cel::expr::MapValue::Entry& entry : value.map_value().entries()) {
        absl::StatusOr<Value> key = ValueFromProto(entry.key(), context);
        if (!key.ok()) return key.status();
        absl::StatusOr<Value> element = ValueFromProto(entry.value(), context);
        if (!element.ok()) return element.status();
        entries.emplace_back(*std::move(key), *std::move(element));
      }
      return Value::Map(std::move(entries));
    }
    case cel::expr::Value::kListValue: {
      std::vector<Value> elements;
      for (const cel::expr::Value& element : value.list_value().values()) {
        absl::StatusOr<Value> converted = ValueFromProto(element, context);
        if (!converted.ok()) return converted.status();
        elements.push_back(*std::move(converted));
      }
      return Value::List(std::move(elements));
    }
    case cel::expr::Value::kTypeValue:
      return Value::Type(InternTypeName(value.type_value()));
    case cel::expr::Value::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("cel.expr.Value with no kind set");
}

absl::StatusOr<Type> TypeFromProto(const cel::expr::Type& type,
                                   const expr::ProtoContext& context) {
  switch (type.type_kind_case()) {
    case cel::expr::Type::kDyn:
      return Type::Dyn();
    case cel::expr::Type::kNull:
      return Type::Null();
    case cel::expr::Type::kPrimitive:
    case cel::expr::Type::kWrapper: {
      const cel::expr::Type::PrimitiveType primitive =
          type.has_primitive() ? type.primitive() : type.wrapper();
      Type result;
      switch (primitive) {
        case cel::expr::Type::BOOL: result = Type::Bool(); break;
        case cel::expr::Type::INT64: result = Type::Int(); break;
        case cel::expr::Type::UINT64: result = Type::Uint(); break;
        case cel::expr::Type::DOUBLE: result = Type::Double(); break;
        case cel::expr::Type::STRING: result = Type::String(); break;
        case cel::expr::Type::BYTES: result = Type::Bytes(); break;
        default:
          return absl::InvalidArgumentError(
              absl::StrCat("unsupported primitive type ", primitive));
      }
      return type.has_wrapper() ? Type::Wrapper(result) : result;
    }
    case cel::expr::Type::kWellKnown:
      switch (type.well_known()) {
        case cel::expr::Type::ANY: return Type::Any();
        case cel::expr::Type::TIMESTAMP: return Type::Timestamp();
        case cel::expr::Type::DURATION: return Type::Duration();
        default:
          return absl::InvalidArgumentError(
              absl::StrCat("unsupported well-known type ", type.well_known()));
      }
    case cel::expr::Type::kListType: {
      absl::StatusOr<Type> elem = TypeFromProto(type.list_type().elem_type(), context);
      if (!elem.ok()) return elem.status();
      return Type::List(*std::move(elem));
    }
    case cel::expr::Type::kMapType: {
      absl::StatusOr<Type> key = TypeFromProto(type.map_type().key_type(), context);
      if (!key.ok()) return key.status();
      absl::StatusOr<Type> value = TypeFromProto(type.map_type().value_type(), context);
      if (!value.ok()) return value.status();
      return Type::Map(*std::move(key), *std::move(value));
    }
    case cel::expr::Type::kMessageType: {
      const google::protobuf::Descriptor* descriptor =
          context.pool->FindMessageTypeByName(type.message_type());
      if (descriptor == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("unknown message type '", type.message_type(), "'"));
      }
      return Type::FromMessageDescriptor(descriptor);
    }
    case cel::expr::Type::kTypeParam:
      return Type::TypeParam(type.type_param());
    case cel::expr::Type::kType: {
      absl::StatusOr<Type> param = TypeFromProto(type.type(), context);
      if (!param.ok()) return param.status();
      return Type::TypeOf(*std::move(param));
    }
    case cel::expr::Type::kError:
      return Type::Error();
    case cel::expr::Type::kAbstractType: {
      std::vector<Type> params;
      for (const cel::expr::Type& param : type.abstract_type().parameter_types()) {
        absl::StatusOr<Type> converted = TypeFromProto(param, context);
        if (!converted.ok()) return converted.status();
        params.push_back(*std::move(converted));
      }
      if (type.abstract_type().name() == "optional_type" && params.size() == 1) {
        return Type::Optional(params[0]);
      }
      return Type::Opaque(type.abstract_type().name(), std::move(params));
    }
    case cel::expr::Type::kFunction:
    case cel::expr::Type::TYPE_KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unsupported cel.expr.Type: ", type.ShortDebugString()));
}

bool SameValue(const Value& actual, const Value& expected) {
  if (actual.kind() != expected.kind()) return false;
  switch (expected.kind()) {
    case ValueKind::kDouble:
      return (IsNaN(actual) && IsNaN(expected)) ||
             actual.double_value() == expected.double_value();
    case ValueKind::kList: {
      const expr::ListValue& a = actual.list_value();
      const expr::ListValue& e = expected.list_value();
      if (a.size() != e.size()) return false;
      for (size_t i = 0; i < e.size(); ++i) {
        if (!SameValue(a.Get(i), e.Get(i))) return false;
      }
      return true;
    }
    case ValueKind::kMap: {
      const expr::MapValue& a = actual.map_value();
      const expr::MapValue& e = expected.map_value();
      if (a.size() != e.size()) return false;
      // Keys must match in kind too (`Find` would let `1` find `1u`); the maps are small.
      for (size_t i = 0; i < e.size(); ++i) {
        const std::pair<Value, Value> expected_entry = e.Entry(i);
        bool matched = false;
        for (size_t j = 0; j < a.size() && !matched; ++j) {
          const std::pair<Value, Value> actual_entry = a.Entry(j);
          matched = SameValue(actual_entry.first, expected_entry.first) &&
                    SameValue(actual_entry.second, expected_entry.second);
        }
        if (!matched) return false;
      }
      return true;
    }
    case ValueKind::kType:
      return actual.type_value() == expected.type_value();
    case ValueKind::kError:
      return true;
    default:
      return expr::Equal(actual, expected);
  }
}

}  // namespace hdsc::conformance
