#include "lib/rules/field_path.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/suggest.h"

namespace hdsc::rules {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::StatusOr<ForEachPath> ForEachPath::Resolve(const Descriptor* root, std::string_view path) {
  if (path.empty()) return absl::InvalidArgumentError("empty for_each path");
  std::vector<const FieldDescriptor*> fields;
  const Descriptor* current = root;
  for (absl::string_view segment : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
    const std::string name(segment);
    const FieldDescriptor* field = current->FindFieldByName(name);
    if (field == nullptr) {
      std::vector<std::string> candidates;
      for (int i = 0; i < current->field_count(); ++i) candidates.push_back(current->field(i)->name());
      std::string message = absl::StrCat("for_each: ", current->full_name(), " has no field '", name, "'");
      if (auto suggestion = base::SuggestName(name, candidates)) {
        absl::StrAppend(&message, " (did you mean '", *suggestion, "'?)");
      }
      return absl::InvalidArgumentError(message);
    }
    if (field->message_type() == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("for_each: ", field->full_name(), " is not a message field, it cannot be iterated"));
    }
    if (field->is_map()) {
      return absl::InvalidArgumentError(
          absl::StrCat("for_each: ", field->full_name(), " is a map field; only repeated messages can be iterated"));
    }
    fields.push_back(field);
    current = field->message_type();
  }
  if (!fields.back()->is_repeated()) {
    return absl::InvalidArgumentError(
        absl::StrCat("for_each: ", fields.back()->full_name(), " is not a repeated field"));
  }
  return ForEachPath(std::move(fields));
}

ForEachPath::ForEachPath(std::vector<const FieldDescriptor*> fields) : fields_(std::move(fields)) {
  std::vector<std::string> names;
  std::vector<bool> indexed;
  for (const FieldDescriptor* field : fields_) {
    names.push_back(field->name());
    indexed.push_back(field->is_repeated());
  }
  subject_path_ = base::SubjectPathFormat(names, indexed);
}

void ForEachPath::ForEach(const Message& root,
                          absl::FunctionRef<void(const Message&, const std::vector<int>&)> visit) const {
  std::vector<int> indices;
  Visit(root, 0, indices, visit);
}

void ForEachPath::Visit(const Message& message, size_t depth, std::vector<int>& indices,
                        absl::FunctionRef<void(const Message&, const std::vector<int>&)> visit) const {
  if (depth == fields_.size()) {
    visit(message, indices);
    return;
  }
  const FieldDescriptor* field = fields_[depth];
  const Reflection* reflection = message.GetReflection();
  if (!field->is_repeated()) {
    if (reflection->HasField(message, field)) Visit(reflection->GetMessage(message, field), depth + 1, indices, visit);
    return;
  }
  // The list once, rather than reflection for each element. `GetRepeatedPtrField` is deprecated in favour of
  // `GetRepeatedFieldRef`, whose element access is a virtual call each; still public and supported for `Message`.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  const google::protobuf::RepeatedPtrField<Message>& elements = reflection->GetRepeatedPtrField<Message>(message, field);
#pragma GCC diagnostic pop
  indices.push_back(0);
  for (int i = 0; i < elements.size(); ++i) {
    indices.back() = i;
    Visit(elements.Get(i), depth + 1, indices, visit);
  }
  indices.pop_back();
}

std::string ForEachPath::SubjectPath(const std::vector<int>& indices) const {
  return subject_path_.Path(indices.data());
}

}  // namespace hdsc::rules
