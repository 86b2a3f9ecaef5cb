#include "lib/io/write.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "lib/io/spreadsheet.h"

namespace hdsc::io {

absl::StatusOr<std::string> WriteMessage(const google::protobuf::Message& message, Format format,
                                         const WriteOptions& options, std::string_view file,
                                         std::vector<Diagnostic>* problems) {
  std::string out;
  switch (format) {
    case Format::kJson: {
      google::protobuf::util::JsonPrintOptions json;
      json.add_whitespace = true;
      json.preserve_proto_field_names = true;
      const google::protobuf::util::Status status = google::protobuf::util::MessageToJsonString(message, &out, json);
      if (!status.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(std::string(file), ": cannot write JSON: ",
                                                       status.message().as_string()));
      }
      return out;
    }
    case Format::kTextproto:
      if (!google::protobuf::TextFormat::PrintToString(message, &out)) {
        return absl::InternalError(absl::StrCat(std::string(file), ": cannot write the text format"));
      }
      return out;
    case Format::kBinary: {
      {
        google::protobuf::io::StringOutputStream stream(&out);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        if (!message.SerializeToCodedStream(&coded)) {
          return absl::InternalError(absl::StrCat(std::string(file), ": cannot write the binary format"));
        }
      }
      return out;
    }
    case Format::kXlsx:
    case Format::kOds:
      return WriteSpreadsheet(message, format, options.language, file, problems);
    case Format::kAuto:
      break;
  }
  return absl::InvalidArgumentError("no format to write in");
}

}  // namespace hdsc::io
