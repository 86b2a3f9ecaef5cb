// A protobuf message as a workbook and back, following its layout (lib/io/sheet_layout.h): the conversion that
// `.xlsx` and `.ods` dossiers go through. Writing then reading gives back the same message, with two exceptions
// documented in docs/spreadsheets.md: a nested message whose fields are all unset is not kept, and neither is a
// record of a table whose fields are all unset.
#ifndef HDSC_LIB_IO_SHEET_MAPPING_H_
#define HDSC_LIB_IO_SHEET_MAPPING_H_

#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "lib/io/diagnostic.h"
#include "lib/io/sheet_layout.h"
#include "lib/io/workbook.h"

namespace hdsc::io {

// Writes `message` as a workbook with sheet names and headers in `language`: one sheet per table of its layout (a
// template with headers only when the table is empty), drop-down lists for enumerations (their values in a hidden
// sheet), date-formatted timestamp columns and text-formatted text columns. A value a cell cannot hold (a text of
// more than 32,767 characters, a control character, an impossible timestamp) or a value in a field no sheet shows
// is appended to `problems` (naming `file` and the field path); the workbook is then incomplete.
Workbook MessageToWorkbook(const google::protobuf::Message& message, SheetLanguage language, std::string_view file,
                           std::vector<Diagnostic>* problems);

struct SheetReadOptions {
  // Skip sheets, columns and values the layout does not know instead of reporting them.
  bool allow_unknown_fields = false;
};

// Whether a sheet of `workbook` is named as one of the layout's of `type` (in English or French).
bool HasLayoutSheets(const Workbook& workbook, const google::protobuf::Descriptor* type);

// Clears `message` and fills it from the sheets of `workbook` named as the layout's, with headers in English or
// French (any case; English headers also in lowerCamelCase). Every problem is appended to `diagnostics` naming
// `file`, the field path and, first in the message, the cell: an unknown sheet or column (with a "did you mean"),
// a value of the wrong kind or an enumeration value that does not exist (with a suggestion), a row whose key names
// no record, a list that does not parse. Such a value is left unset and reading goes on. Records in `source_map`
// the cell each field path was read from. Returns false when `kMaxDiagnostics` problems stopped it.
bool WorkbookToMessage(const Workbook& workbook, std::string_view file, const SheetReadOptions& options,
                       google::protobuf::Message* message, SourceMap* source_map,
                       std::vector<Diagnostic>* diagnostics);

// Clears every nested message of `message` (not google.protobuf.Timestamp and Duration, which are values) whose
// fields are all unset, from the innermost out: what a workbook keeps of a message, since a sheet cannot show an
// empty one. Reading a workbook applies it.
void DropEmptyNestedMessages(google::protobuf::Message* message);

// `header` as sheet names and headers are compared: white space trimmed and runs of it made one space, ASCII
// letters in lower case.
std::string NormalizeHeader(std::string_view header);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_SHEET_MAPPING_H_
