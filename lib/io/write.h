// Writing a message in any of the formats it can be read in: the way `hdscheck convert` writes dossiers.
#ifndef HDSC_LIB_IO_WRITE_H_
#define HDSC_LIB_IO_WRITE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/sheet_layout.h"

namespace hdsc::io {

struct WriteOptions {
  // The language of a workbook's sheet names and headers.
  SheetLanguage language = SheetLanguage::kEnglish;
};

// `message` in `format` (not kAuto):
// - kJson: the canonical JSON of a dossier: protobuf's JSON printer with the schema's field names, fields in schema
//   order, unset fields left out, enumeration values by name, one space of indentation per level, as
//   `hdscheck check --format json` prints reports; the same message always gives the same bytes;
// - kTextproto: protobuf's text format; kBinary: the wire format, deterministic;
// - kXlsx, kOds: a workbook (lib/io/spreadsheet.h).
// A value the format cannot hold (only spreadsheets have such limits) is appended to `problems`, naming `file` and
// its field path, and makes the result INVALID_ARGUMENT.
absl::StatusOr<std::string> WriteMessage(const google::protobuf::Message& message, Format format,
                                         const WriteOptions& options, std::string_view file,
                                         std::vector<Diagnostic>* problems);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_WRITE_H_
