// Office Open XML spreadsheets (.xlsx, ECMA-376): read through minizip and expat, written through XmlWriter.
#ifndef HDSC_LIB_IO_XLSX_H_
#define HDSC_LIB_IO_XLSX_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lib/io/workbook.h"

namespace hdsc::io {

// Reads every worksheet of the .xlsx in `bytes`: names in workbook order (hidden ones marked), and each cell's
// value (a formula's cached result): text (shared, inline or formula strings, with `_xHHHH_` escapes decoded),
// numbers, booleans, errors, and numbers whose format is a date as dates (1900 or 1904 date system).
// Errors: INVALID_ARGUMENT for a file that is not an .xlsx or is damaged, RESOURCE_EXHAUSTED beyond `limits`;
// the message starts with the part or the cell it is about (`xl/workbook.xml:2:5: ...`, `Assets!B7: ...`).
absl::StatusOr<Workbook> ReadXlsx(std::string_view bytes, const WorkbookLimits& limits = {});

// Writes `workbook` as an .xlsx: texts as inline strings (never formulas; a text starting with '=', '+', '-' or
// '@' also gets Excel's "quote prefix", so that editing the cell keeps it text), dates as date-formatted serial
// numbers (a time Excel cannot hold, before 1900-03-01 or finer than a millisecond, as RFC 3339 text), column widths
// and formats, frozen header rows, drop-down lists and hidden sheets. The same workbook gives the same bytes.
// INVALID_ARGUMENT for a sheet name Excel refuses or an invalid text.
absl::StatusOr<std::string> WriteXlsx(const Workbook& workbook);

// Excel's escaping of characters XML cannot hold in its texts: `_x0001_` for U+0001, `_x005F_` for a '_' that
// would start such an escape. Control characters other than tab and line feed are escaped.
std::string EscapeXlsxText(std::string_view text);
std::string UnescapeXlsxText(std::string_view text);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_XLSX_H_
