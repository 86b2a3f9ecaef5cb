// Test helper: the placeholders of a dossier, so that tests can count them, fill some in and leave others.
#ifndef HDSC_LIB_STARTER_TESTING_H_
#define HDSC_LIB_STARTER_TESTING_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace hdsc::starter::testing {

// A string field (an element, for a repeated one: `index` >= 0) of `message` that holds a placeholder.
struct Placeholder {
  google::protobuf::Message* message;
  const google::protobuf::FieldDescriptor* field;
  int index;  // -1 for a singular field

  std::string value() const {
    const google::protobuf::Reflection& reflection = *message->GetReflection();
    return index < 0 ? reflection.GetString(*message, field) : reflection.GetRepeatedString(*message, field, index);
  }
  void set(const std::string& text) const {
    const google::protobuf::Reflection& reflection = *message->GetReflection();
    index < 0 ? reflection.SetString(message, field, text) : reflection.SetRepeatedString(message, field, index, text);
  }
};

// Every string of `message`, at any depth, that starts with `prefix`, in field order.
inline std::vector<Placeholder> Placeholders(google::protobuf::Message& message, std::string_view prefix) {
  std::vector<Placeholder> found;
  const google::protobuf::Reflection& reflection = *message.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const int index = field->is_repeated() ? i : -1;
      if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
        google::protobuf::Message& child = index < 0 ? *reflection.MutableMessage(&message, field)
                                                     : *reflection.MutableRepeatedMessage(&message, field, index);
        std::vector<Placeholder> inner = Placeholders(child, prefix);
        found.insert(found.end(), inner.begin(), inner.end());
      } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        Placeholder placeholder{&message, field, index};
        if (placeholder.value().compare(0, prefix.size(), prefix) == 0) found.push_back(placeholder);
      }
    }
  }
  return found;
}

}  // namespace hdsc::starter::testing

#endif  // HDSC_LIB_STARTER_TESTING_H_
