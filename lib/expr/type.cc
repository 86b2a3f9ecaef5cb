#include "lib/expr/type.h"

#include <utility>

namespace hdsc::expr {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

const std::vector<Type>& EmptyParams() {
  static const auto* const kEmpty = new std::vector<Type>();
  return *kEmpty;
}

const std::string& EmptyName() {
  static const auto* const kEmpty = new std::string();
  return *kEmpty;
}

}  // namespace

Type Type::List(Type elem) {
  auto rep = std::make_shared<Rep>();
  rep->params.push_back(std::move(elem));
  return Type(TypeKind::kList, std::move(rep));
}

Type Type::Map(Type key, Type value) {
  auto rep = std::make_shared<Rep>();
  rep->params.push_back(std::move(key));
  rep->params.push_back(std::move(value));
  return Type(TypeKind::kMap, std::move(rep));
}

Type Type::Message(const Descriptor* message) {
  auto rep = std::make_shared<Rep>();
  rep->name = message->full_name();
  rep->message = message;
  return Type(TypeKind::kMessage, std::move(rep));
}

Type Type::MessageNamed(std::string full_name) {
  auto rep = std::make_shared<Rep>();
  rep->name = std::move(full_name);
  return Type(TypeKind::kMessage, std::move(rep));
}

Type Type::Enum(const google::protobuf::EnumDescriptor* enum_type) {
  auto rep = std::make_shared<Rep>();
  rep->name = enum_type->full_name();
  rep->enum_type = enum_type;
  return Type(TypeKind::kEnum, std::move(rep));
}

Type Type::TypeType() { return Type(TypeKind::kType); }

Type Type::TypeOf(Type param) {
  auto rep = std::make_shared<Rep>();
  rep->params.push_back(std::move(param));
  return Type(TypeKind::kType, std::move(rep));
}

Type Type::TypeParam(std::string name) {
  auto rep = std::make_shared<Rep>();
  rep->name = std::move(name);
  return Type(TypeKind::kTypeParam, std::move(rep));
}

Type Type::Wrapper(Type primitive) {
  auto rep = std::make_shared<Rep>();
  rep->params.push_back(std::move(primitive));
  return Type(TypeKind::kWrapper, std::move(rep));
}

Type Type::Opaque(std::string name, std::vector<Type> params) {
  auto rep = std::make_shared<Rep>();
  rep->name = std::move(name);
  rep->params = std::move(params);
  return Type(TypeKind::kOpaque, std::move(rep));
}

Type Type::Optional(Type value) { return Opaque("optional_type", {std::move(value)}); }

Type Type::FromMessageDescriptor(const Descriptor* message) {
  switch (message->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
      return Timestamp();
    case Descriptor::WELLKNOWNTYPE_DURATION:
      return Duration();
    case Descriptor::WELLKNOWNTYPE_DOUBLEVALUE:
    case Descriptor::WELLKNOWNTYPE_FLOATVALUE:
      return Wrapper(Double());
    case Descriptor::WELLKNOWNTYPE_INT64VALUE:
    case Descriptor::WELLKNOWNTYPE_INT32VALUE:
      return Wrapper(Int());
    case Descriptor::WELLKNOWNTYPE_UINT64VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT32VALUE:
      return Wrapper(Uint());
    case Descriptor::WELLKNOWNTYPE_STRINGVALUE:
      return Wrapper(String());
    case Descriptor::WELLKNOWNTYPE_BYTESVALUE:
      return Wrapper(Bytes());
    case Descriptor::WELLKNOWNTYPE_BOOLVALUE:
      return Wrapper(Bool());
    case Descriptor::WELLKNOWNTYPE_STRUCT:
      return Map(String(), Dyn());
    case Descriptor::WELLKNOWNTYPE_LISTVALUE:
      return List(Dyn());
    case Descriptor::WELLKNOWNTYPE_VALUE:
      return Dyn();
    case Descriptor::WELLKNOWNTYPE_ANY:
      return Any();
    default:
      return Message(message);
  }
}

Type Type::FromFieldElement(const FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_ENUM:
      return Int();
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
      return Uint();
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Double();
    case FieldDescriptor::CPPTYPE_BOOL:
      return Bool();
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES ? Bytes() : String();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field->is_map()) {
        const Descriptor* entry = field->message_type();
        return Map(FromFieldElement(entry->map_key()), FromFieldElement(entry->map_value()));
      }
      return FromMessageDescriptor(field->message_type());
  }
  return Dyn();
}

Type Type::FromFieldDescriptor(const FieldDescriptor* field) {
  Type element = FromFieldElement(field);
  if (field->is_repeated() && !field->is_map()) return List(std::move(element));
  return element;
}

bool Type::IsPrimitive() const {
  switch (kind_) {
    case TypeKind::kList:
    case TypeKind::kMap:
    case TypeKind::kMessage:
    case TypeKind::kEnum:
    case TypeKind::kType:
    case TypeKind::kTypeParam:
    case TypeKind::kWrapper:
    case TypeKind::kOpaque:
      return false;
    default:
      return true;
  }
}

const std::vector<Type>& Type::params() const { return rep_ ? rep_->params : EmptyParams(); }

Type Type::elem() const {
  return kind_ == TypeKind::kList && rep_ ? rep_->params[0] : Dyn();
}

Type Type::key() const { return kind_ == TypeKind::kMap && rep_ ? rep_->params[0] : Dyn(); }

Type Type::value() const { return kind_ == TypeKind::kMap && rep_ ? rep_->params[1] : Dyn(); }

const std::string& Type::name() const { return rep_ ? rep_->name : EmptyName(); }

const Descriptor* Type::message() const { return rep_ ? rep_->message : nullptr; }

const google::protobuf::EnumDescriptor* Type::enum_type() const {
  return rep_ ? rep_->enum_type : nullptr;
}

std::string Type::DebugString() const { return Format(/*checked=*/false); }

std::string Type::CheckedString() const { return Format(/*checked=*/true); }

std::string Type::Format(bool checked) const {
  switch (kind_) {
    case TypeKind::kDyn:
      return "dyn";
    case TypeKind::kNull:
      return checked ? "null" : "null_type";
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kUint:
      return "uint";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kString:
      return "string";
    case TypeKind::kBytes:
      return "bytes";
    case TypeKind::kList:
      return "list(" + elem().Format(checked) + ")";
    case TypeKind::kMap:
      return "map(" + key().Format(checked) + ", " + value().Format(checked) + ")";
    case TypeKind::kMessage:
    case TypeKind::kEnum:
    case TypeKind::kTypeParam:
      return name();
    case TypeKind::kTimestamp:
      return checked ? "timestamp" : "google.protobuf.Timestamp";
    case TypeKind::kDuration:
      return checked ? "duration" : "google.protobuf.Duration";
    case TypeKind::kType:
      if (params().empty()) return "type";
      return "type(" + params()[0].Format(checked) + ")";
    case TypeKind::kError:
      return checked ? "!error!" : "*error*";
    case TypeKind::kAny:
      return checked ? "any" : "google.protobuf.Any";
    case TypeKind::kWrapper:
      return "wrapper(" + params()[0].Format(checked) + ")";
    case TypeKind::kOpaque: {
      std::string out = name() + "(";
      for (size_t i = 0; i < params().size(); ++i) {
        if (i > 0) out += ", ";
        out += params()[i].Format(checked);
      }
      return out + ")";
    }
  }
  return "dyn";
}

bool operator==(const Type& a, const Type& b) {
  if (a.kind_ != b.kind_) return false;
  if (a.rep_ == b.rep_) return true;
  return a.name() == b.name() && a.params() == b.params();
}

}  // namespace hdsc::expr
