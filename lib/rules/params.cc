#include "lib/rules/params.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/duration.pb.h"
#include "lib/rules/pack.h"

namespace hdsc::rules {

using google::protobuf::FieldDescriptor;
using google::protobuf::FieldDescriptorProto;

namespace {

// The package and name of the synthesized type (they appear in no expression: rules only select its fields).
constexpr char kPackage[] = "hdsc.params";
constexpr char kMessage[] = "Params";

// The field type of a parameter whose default is of `kind`; false when `kind` is not set.
bool FieldTypeOf(v1::ParamValue::KindCase kind, FieldDescriptorProto& field) {
  switch (kind) {
    case v1::ParamValue::kBoolValue: field.set_type(FieldDescriptorProto::TYPE_BOOL); return true;
    case v1::ParamValue::kIntValue: field.set_type(FieldDescriptorProto::TYPE_INT64); return true;
    case v1::ParamValue::kDoubleValue: field.set_type(FieldDescriptorProto::TYPE_DOUBLE); return true;
    case v1::ParamValue::kStringValue: field.set_type(FieldDescriptorProto::TYPE_STRING); return true;
    case v1::ParamValue::kStringListValue:
      field.set_type(FieldDescriptorProto::TYPE_STRING);
      field.set_label(FieldDescriptorProto::LABEL_REPEATED);
      return true;
    case v1::ParamValue::kDurationValue:
      field.set_type(FieldDescriptorProto::TYPE_MESSAGE);
      field.set_type_name(absl::StrCat(".", google::protobuf::Duration::descriptor()->full_name()));
      return true;
    case v1::ParamValue::KIND_NOT_SET:
      break;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ParamsType>> ParamsType::Create(
    const std::vector<v1::ParamDeclaration>& declarations) {
  std::unique_ptr<ParamsType> type(new ParamsType());
  // The pool gets its own copy of duration.proto, so that it stands alone.
  google::protobuf::FileDescriptorProto duration_file;
  google::protobuf::Duration::descriptor()->file()->CopyTo(&duration_file);
  if (type->pool_.BuildFile(duration_file) == nullptr) {
    return absl::InternalError("cannot build google/protobuf/duration.proto for the parameters");
  }

  google::protobuf::FileDescriptorProto file;
  file.set_name("hdsc/params.proto");
  file.set_package(kPackage);
  file.set_syntax("proto3");
  file.add_dependency(duration_file.name());
  google::protobuf::DescriptorProto* message = file.add_message_type();
  message->set_name(kMessage);
  for (const v1::ParamDeclaration& declaration : declarations) {
    FieldDescriptorProto* field = message->add_field();
    field->set_name(declaration.name());
    // Distinct JSON names, so that `a_b` and `aB` may both be declared.
    field->set_json_name(declaration.name());
    field->set_number(message->field_size());
    field->set_label(FieldDescriptorProto::LABEL_OPTIONAL);  // FieldTypeOf makes lists repeated
    if (!FieldTypeOf(declaration.default_value().kind_case(), *field)) {
      return absl::InvalidArgumentError(absl::StrCat("parameter '", declaration.name(), "' has no default_value"));
    }
    type->kinds_[field->number()] = declaration.default_value().kind_case();
  }
  if (type->pool_.BuildFile(file) == nullptr) {
    return absl::InvalidArgumentError("the declared parameters do not form a valid message type");
  }
  type->descriptor_ = type->pool_.FindMessageTypeByName(absl::StrCat(kPackage, ".", kMessage));
  type->factory_ = std::make_unique<google::protobuf::DynamicMessageFactory>(&type->pool_);
  // Build the prototype now: `NewMessage` then only reads the factory's cache, from any thread.
  type->factory_->GetPrototype(type->descriptor_);
  return type;
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParamsType::NewMessage(
    const std::map<std::string, v1::ParamValue>& values) const {
  std::unique_ptr<google::protobuf::Message> message(factory_->GetPrototype(descriptor_)->New());
  const google::protobuf::Reflection* reflection = message->GetReflection();
  for (const auto& [name, value] : values) {
    const FieldDescriptor* field = descriptor_->FindFieldByName(name);
    if (field == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown parameter '", name, "'"));
    if (kinds_.at(field->number()) != value.kind_case()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter '", name, "' must have the same kind of value as its default"));
    }
    switch (value.kind_case()) {
      case v1::ParamValue::kBoolValue: reflection->SetBool(message.get(), field, value.bool_value()); break;
      case v1::ParamValue::kIntValue: reflection->SetInt64(message.get(), field, value.int_value()); break;
      case v1::ParamValue::kDoubleValue: reflection->SetDouble(message.get(), field, value.double_value()); break;
      case v1::ParamValue::kStringValue: reflection->SetString(message.get(), field, value.string_value()); break;
      case v1::ParamValue::kStringListValue:
        for (const std::string& element : value.string_list_value().values()) {
          reflection->AddString(message.get(), field, element);
        }
        break;
      case v1::ParamValue::kDurationValue: {
        absl::StatusOr<absl::Duration> duration = ParseDurationParam(value.duration_value());
        if (!duration.ok()) {
          return absl::InvalidArgumentError(absl::StrCat("parameter '", name, "': ", duration.status().message()));
        }
        google::protobuf::Message* proto = reflection->MutableMessage(message.get(), field, factory_.get());
        const google::protobuf::Descriptor* duration_type = proto->GetDescriptor();
        absl::Duration nanos;
        const int64_t seconds = absl::IDivDuration(*duration, absl::Seconds(1), &nanos);
        proto->GetReflection()->SetInt64(proto, duration_type->FindFieldByName("seconds"), seconds);
        proto->GetReflection()->SetInt32(proto, duration_type->FindFieldByName("nanos"),
                                         static_cast<int32_t>(absl::ToInt64Nanoseconds(nanos)));
        break;
      }
      case v1::ParamValue::KIND_NOT_SET:
        break;
    }
  }
  return message;
}

}  // namespace hdsc::rules
