// Typed rule parameters: the parameters declared by a pack set as one protobuf message type, so that the CEL
// variable `params` is type-checked like the dossier. Each declared parameter is a field of the type of its
// default value: `bool_value` bool, `int_value` int64, `double_value` double, `string_value` string,
// `duration_value` google.protobuf.Duration (a CEL `duration`), `string_list_value` repeated string (a CEL
// `list(string)`). `params.NAME` of an undeclared NAME, or used at
// the wrong type, is then a compile error of the expression.
#ifndef HDSC_LIB_RULES_PARAMS_H_
#define HDSC_LIB_RULES_PARAMS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "lib/model/rules.pb.h"

namespace hdsc::rules {

// Thread safety: immutable after `Create`; `NewMessage` may run concurrently.
class ParamsType {
 public:
  // The message type of `declarations` (names valid and unique, each with a default value: as `PackSet::Load`
  // validates them). INVALID_ARGUMENT otherwise.
  static absl::StatusOr<std::unique_ptr<ParamsType>> Create(const std::vector<v1::ParamDeclaration>& declarations);
  ParamsType(const ParamsType&) = delete;
  ParamsType& operator=(const ParamsType&) = delete;

  // Valid as long as this object.
  const google::protobuf::Descriptor* descriptor() const { return descriptor_; }

  // A message holding `values`; parameters absent from `values` keep their type's zero value. INVALID_ARGUMENT
  // "unknown parameter 'NAME'" for an undeclared name, "parameter 'NAME' must have the same kind of value as its
  // default" for a value of another kind, and "parameter 'NAME': ..." for a malformed duration.
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> NewMessage(
      const std::map<std::string, v1::ParamValue>& values) const;

 private:
  ParamsType() = default;

  google::protobuf::DescriptorPool pool_;
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  const google::protobuf::Descriptor* descriptor_ = nullptr;
  // The kind of each field's value, by field number.
  std::map<int, v1::ParamValue::KindCase> kinds_;
};

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_PARAMS_H_
