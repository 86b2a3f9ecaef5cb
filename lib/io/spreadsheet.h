// Reading and writing a message as a spreadsheet file (.xlsx, .ods): the container (lib/io/xlsx.h, lib/io/ods.h),
// then the sheets of its layout (lib/io/sheet_mapping.h) or, for a dossier, the CNIL's register model
// (lib/io/cnil_register.h).
#ifndef HDSC_LIB_IO_SPREADSHEET_H_
#define HDSC_LIB_IO_SPREADSHEET_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/format.h"
#include "lib/io/sheet_layout.h"
#include "lib/io/workbook.h"

namespace hdsc::io {

struct SpreadsheetReadOptions {
  WorkbookLimits limits;
  bool allow_unknown_fields = false;
};

// Reads the spreadsheet `bytes` (kXlsx or kOds) into `message` (cleared first). A file that is not a workbook of
// that kind, is damaged or exceeds the limits is one diagnostic naming `file` (and the cell, for a limit), and the
// result is false: nothing was read. Otherwise the sheets named as the layout's are read, every problem a
// diagnostic; a dossier workbook with none of them but in the layout of the CNIL's register model is imported from
// that, what could not be mapped going to `warnings`. Records in `source_map` the cell of each field path.
// Returns whether the whole workbook could be examined.
bool ReadSpreadsheet(std::string_view bytes, Format format, std::string_view file,
                     const SpreadsheetReadOptions& options, google::protobuf::Message* message, SourceMap* source_map,
                     std::vector<Diagnostic>* diagnostics, std::vector<Diagnostic>* warnings);

// `message` as an .xlsx or .ods in `language`. Values a spreadsheet cannot hold are appended to `problems` (the
// result is then an error too: INVALID_ARGUMENT).
absl::StatusOr<std::string> WriteSpreadsheet(const google::protobuf::Message& message, Format format,
                                             SheetLanguage language, std::string_view file,
                                             std::vector<Diagnostic>* problems);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_SPREADSHEET_H_
