// OpenDocument spreadsheets (.ods, ODF 1.2): read through minizip and expat, written through XmlWriter.
#ifndef HDSC_LIB_IO_ODS_H_
#define HDSC_LIB_IO_ODS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lib/io/workbook.h"

namespace hdsc::io {

// The media type an OpenDocument spreadsheet's `mimetype` entry holds.
inline constexpr char kOdsMediaType[] = "application/vnd.oasis.opendocument.spreadsheet";

// Reads every table of the .ods in `bytes` (content.xml): names in order (hidden ones marked), and each cell's
// value (a formula's cached result): text (paragraphs joined by line feeds, ODF's white-space rules applied),
// numbers (float, percentage, currency), booleans and dates (read as UTC). Repeated rows and columns cost nothing
// while empty; repeated values count against `limits` like written ones. Comments (annotations) are skipped.
// Errors: INVALID_ARGUMENT for a file that is not an .ods or is damaged, RESOURCE_EXHAUSTED beyond `limits`; the
// message starts with the part or the cell it is about (`content.xml:2:5: ...`, `Registre!B7: ...`).
absl::StatusOr<Workbook> ReadOds(std::string_view bytes, const WorkbookLimits& limits = {});

// Writes `workbook` as an .ods: texts as string cells (never formulas), dates as date cells, column widths and
// formats, frozen header rows, drop-down lists (content validations; a list to the end of a sheet covers 1000 rows
// past the last one written) and hidden sheets. The same workbook gives the same bytes. INVALID_ARGUMENT for an
// invalid text.
absl::StatusOr<std::string> WriteOds(const Workbook& workbook);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_ODS_H_
