#include "lib/io/binary_reader.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/logging.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/protobuf/wire_format_lite.h"

namespace hdsc::io {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::UnknownFieldSet;
using google::protobuf::internal::WireFormatLite;

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

// Counts the values of the wire-format message `data` of type `type` (null: unknown) into `*values`, without
// building anything: every field, every element of a packed list, and the fields of nested messages. Stops,
// returning false, once `*values` passes `max_values`; malformed data or nesting past `depth_left` ends the count
// early (returning true), for the parser to report.
bool CountValues(const uint8_t* data, size_t size, const Descriptor* type, int depth_left, int64_t max_values,
                 int64_t* values) {
  google::protobuf::io::CodedInputStream input(data, static_cast<int>(size));
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) return true;
    if (++*values > max_values) return false;
    const FieldDescriptor* field = type == nullptr ? nullptr : type->FindFieldByNumber(static_cast<int>(tag >> 3));
    switch (WireFormatLite::GetTagWireType(tag)) {
      case WireFormatLite::WIRETYPE_VARINT: {
        uint64_t unused;
        if (!input.ReadVarint64(&unused)) return true;
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED64:
        if (!input.Skip(8)) return true;
        break;
      case WireFormatLite::WIRETYPE_FIXED32:
        if (!input.Skip(4)) return true;
        break;
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
        uint32_t length;
        if (!input.ReadVarint32(&length) || length > size - static_cast<size_t>(input.CurrentPosition())) return true;
        const uint8_t* contents = data + input.CurrentPosition();
        if (field != nullptr && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          if (depth_left <= 0) return true;
          if (!CountValues(contents, length, field->message_type(), depth_left - 1, max_values, values)) return false;
        } else if (field != nullptr && field->is_packable()) {
          // Packed: a varint ends with each byte below 0x80; fixed-size elements by their size.
          int64_t elements = 0;
          switch (WireFormatLite::WireTypeForFieldType(static_cast<WireFormatLite::FieldType>(field->type()))) {
            case WireFormatLite::WIRETYPE_FIXED64:
              elements = length / 8;
              break;
            case WireFormatLite::WIRETYPE_FIXED32:
              elements = length / 4;
              break;
            default:
              for (uint32_t i = 0; i < length; ++i) elements += contents[i] < 0x80 ? 1 : 0;
              break;
          }
          *values += elements > 0 ? elements - 1 : 0;
          if (*values > max_values) return false;
        }
        if (!input.Skip(static_cast<int>(length))) return true;
        break;
      }
      case WireFormatLite::WIRETYPE_START_GROUP:
      case WireFormatLite::WIRETYPE_END_GROUP:
        break;  // the group's fields are counted as they come
      default:
        return true;  // an invalid wire type: the parser refuses it
    }
  }
}

}  // namespace

bool ReadBinary(std::string_view bytes, std::string_view file, const BinaryReadOptions& options, Message* message,
                std::vector<Diagnostic>* diagnostics) {
  message->Clear();
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    diagnostics->push_back(Diagnostic{std::string(file), 0, 0, "", "binary input larger than 2 GiB"});
    return false;
  }
  int64_t values = 0;
  if (!CountValues(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), message->GetDescriptor(),
                   options.max_depth, options.max_values, &values)) {
    // Counted before parsing: a message in memory takes tens to hundreds of bytes, a field on the wire two.
    AddDiagnostic(diagnostics, TooManyValues(file, SourceLocation(), options.max_values));
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
