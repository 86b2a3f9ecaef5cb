// Reads of fields of generated message classes through the classes' own accessors, not protobuf's
// reflection (which finds the field's offset and checks its use on every read, several times the
// cost of the read). Generated at build time from the .proto files by field_accessors_gen
// (`hdsc_proto_library(..., field_accessors = True)`), registered as the program starts, and
// looked up when a plan is made (`FieldReader`). The engine uses them only for messages whose
// reflection is the generated class's, and reads any other message by reflection.
#ifndef HDSC_LIB_EXPR_FIELD_ACCESSORS_H_
#define HDSC_LIB_EXPR_FIELD_ACCESSORS_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace hdsc::base {

// Each is null where it does not apply. The message passed is of the field's generated class.
struct GeneratedFieldAccessors {
  // A singular int32, int64, sint, sfixed or enum field's value.
  int64_t (*get_int)(const google::protobuf::Message& message) = nullptr;
  // A singular message field: whether it is set, and its message (the default instance if not). A repeated or map
  // field: whether it has an element (and no message).
  bool (*has)(const google::protobuf::Message& message) = nullptr;
  const google::protobuf::Message& (*get_message)(const google::protobuf::Message& message) =
      nullptr;
  // A singular bool field's value.
  bool (*get_bool)(const google::protobuf::Message& message) = nullptr;
  // A singular string or bytes field's value (held by the message).
  const std::string& (*get_string)(const google::protobuf::Message& message) = nullptr;
  // A repeated or map field's number of elements (`has` is then whether there is one).
  int (*size)(const google::protobuf::Message& message) = nullptr;
  // A repeated int32, sint32, sfixed32 or enum field's elements, `size` of them.
  const int32_t* (*repeated_int32)(const google::protobuf::Message& message) = nullptr;
  // A repeated string field's element at `index` (below `size`); not for bytes fields.
  const std::string& (*repeated_string)(const google::protobuf::Message& message, int index) = nullptr;
  // `get_int` and `has` of `count` messages at once, into `values[i]` for `messages[i]`: one call for a batch of
  // records (see `Program::EvaluateBoolEach`), not one a record.
  void (*get_int_each)(const google::protobuf::Message* const* messages, size_t count, int64_t* values) = nullptr;
  void (*has_each)(const google::protobuf::Message* const* messages, size_t count, bool* values) = nullptr;
};

struct GeneratedFieldAccessorsEntry {
  const char* full_name;  // of the field: "hdsc.v1.Breach.risk_level"
  GeneratedFieldAccessors accessors;
};

// Registers `count` entries at `entries`, which must live as long as the program (generated code
// registers a static array before `main`). Returns true, for a static initializer to keep.
bool RegisterGeneratedFieldAccessors(const GeneratedFieldAccessorsEntry* entries, size_t count);

// The accessors registered for `field`; null when there are none (or `field` is not of the
// generated pool). When not null and `reflection` is given, `*reflection` is the reflection of
// the field's generated class, which the messages the accessors may read have. Thread-safe.
const GeneratedFieldAccessors* FindGeneratedFieldAccessors(
    const google::protobuf::FieldDescriptor* field,
    const google::protobuf::Reflection** reflection = nullptr);

}  // namespace hdsc::base

#endif  // HDSC_LIB_EXPR_FIELD_ACCESSORS_H_
