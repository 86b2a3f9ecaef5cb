#include "lib/io/binary_reader.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"

namespace hdsc::io {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::UnknownFieldSet;

// Returns false once the diagnostic limit is reached.
bool ReportUnknownFields(const Message& message, const std::string& path, std::string_view file,
                         std::vector<Diagnostic>* diagnostics) {
  const Reflection* reflection = message.GetReflection();
  const UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
  for (int i = 0; i < unknown.field_count(); ++i) {
    if (!AddDiagnostic(diagnostics, Diagnostic{std::string(file), 0, 0, path,
                                               absl::StrCat("unknown field number ", unknown.field(i).number(),
                                                            " in ", message.GetDescriptor()->full_name())})) {
      return false;
    }
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const std::string field_path = JoinFieldPath(path, field->name());
    if (!field->is_repeated()) {
      if (!ReportUnknownFields(reflection->GetMessage(message, field), field_path, file, diagnostics)) return false;
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      if (!ReportUnknownFields(reflection->GetRepeatedMessage(message, field, i),
                               absl::StrCat(field_path, "[", i, "]"), file, diagnostics)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool ReadBinary(std::string_view bytes, std::string_view file, const BinaryReadOptions& options, Message* message,
                std::vector<Diagnostic>* diagnostics) {
  message->Clear();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    diagnostics->push_back(Diagnostic{std::string(file), 0, 0, "", "binary input larger than 2 GiB"});
    return false;
  }
  bool ok;
  {
    // Protobuf logs invalid UTF-8 in string fields to stderr; the diagnostic below says it instead.
    google::protobuf::LogSilencer silence_protobuf_logs;
    google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                 static_cast<int>(bytes.size()));
    input.SetRecursionLimit(options.max_depth);
    ok = message->MergePartialFromCodedStream(&input) && input.ConsumedEntireMessage();
  }
  if (!ok) {
    diagnostics->push_back(Diagnostic{
        std::string(file), 0, 0, "",
        absl::StrCat("not a valid binary ", message->GetDescriptor()->full_name(),
                     " (truncated or corrupt data, nesting deeper than ", options.max_depth,
                     " levels, or a string that is not UTF-8)")});
    message->Clear();
    return false;
  }
  // A message with too many unknown fields to list is not checked further.
  return options.allow_unknown_fields || ReportUnknownFields(*message, "", file, diagnostics);
}

}  // namespace hdsc::io
