// `for_each` paths: a dotted list of field names from the dossier root to the repeated message field a rule
// iterates ("processing_activities", "isms.assets", "processors.sub_processors").
#ifndef HDSC_LIB_RULES_FIELD_PATH_H_
#define HDSC_LIB_RULES_FIELD_PATH_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/base/compact_findings.h"

namespace hdsc::rules {

// A `for_each` path resolved against a root message type. Every field is a message field (singular or repeated,
// not a map) and the last one is repeated; a repeated field before the last iterates each of its elements.
class ForEachPath {
 public:
  // Resolves `path` against `root`. INVALID_ARGUMENT with a one-line message naming the first bad segment (and a
  // close field name, if there is one) when a segment is not a field, not a message, a map, or when the last is
  // not repeated.
  static absl::StatusOr<ForEachPath> Resolve(const google::protobuf::Descriptor* root, std::string_view path);

  // The message type of the elements iterated (`record`).
  const google::protobuf::Descriptor* element_type() const { return fields_.back()->message_type(); }
  const std::vector<const google::protobuf::FieldDescriptor*>& fields() const { return fields_; }
  // Writes the subject paths of the elements (an index for each repeated field).
  const base::SubjectPathFormat& subject_path_format() const { return subject_path_; }

  // Calls `visit` on every element the path reaches in `root`, in document order, with the index of the element in
  // each repeated field along the way (`indices.size()` is the number of repeated fields in the path). Unset
  // singular messages contribute no element.
  // Precondition: `root` is of the type the path was resolved against.
  void ForEach(const google::protobuf::Message& root,
               absl::FunctionRef<void(const google::protobuf::Message& element, const std::vector<int>& indices)>
                   visit) const;

  // The path of one element in the dossier: `isms.assets[3]`, `processors[1].sub_processors[0]`.
  // Precondition: `indices` came from `ForEach` on this path.
  std::string SubjectPath(const std::vector<int>& indices) const;

 private:
  explicit ForEachPath(std::vector<const google::protobuf::FieldDescriptor*> fields);

  void Visit(const google::protobuf::Message& message, size_t depth, std::vector<int>& indices,
             absl::FunctionRef<void(const google::protobuf::Message&, const std::vector<int>&)> visit) const;

  std::vector<const google::protobuf::FieldDescriptor*> fields_;
  base::SubjectPathFormat subject_path_;
};

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_FIELD_PATH_H_
