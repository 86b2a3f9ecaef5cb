// A spreadsheet as the dossier mapping sees it: named sheets of typed cells, and what a written sheet shows its
// reader (column widths and formats, a frozen header, drop-down lists). `xlsx.h` and `ods.h` read and write it.
#ifndef HDSC_LIB_IO_WORKBOOK_H_
#define HDSC_LIB_IO_WORKBOOK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "lib/io/time_text.h"
#include "lib/io/zip.h"

namespace hdsc::io {

struct Cell {
  enum class Kind { kEmpty, kText, kNumber, kBool, kDate, kError };

  Kind kind = Kind::kEmpty;
  // kText: the text; kError: the error as the spreadsheet shows it ("#DIV/0!").
  std::string text;
  double number = 0;
  bool boolean = false;
  // kDate: a date and time, read as UTC (spreadsheet dates have no time zone).
  SecondsAndNanos date;

  static Cell Text(std::string text);
  static Cell Number(double number);
  static Cell Bool(bool value);
  static Cell Date(SecondsAndNanos date);

  bool empty() const { return kind == Kind::kEmpty; }
};

// A drop-down list on cells of one column: the values of a range of another sheet.
struct ListValidation {
  int column = 0;
  int first_row = 0;
  // Inclusive; -1 for every row to the end of the sheet.
  int last_row = -1;
  std::string source_sheet;
  int source_column = 0;
  int source_first_row = 0;
  int source_last_row = 0;
  // Refuse other values (true), or only offer these (false: a cell may hold several, "A; B").
  bool strict = true;
};

// How a written column looks; a new value typed in it gets the column's format.
struct ColumnFormat {
  enum class Kind { kGeneral, kText, kDate };
  Kind kind = Kind::kGeneral;
  // In characters; 0 for the default.
  int width = 0;
};

struct Sheet {
  std::string name;
  bool hidden = false;
  // rows[r][c], from 0: row 0 is the spreadsheet's row 1, column 0 its column A. Rows may be ragged.
  std::vector<std::vector<Cell>> rows;
  // Writing: rows kept in view when scrolling (the header), column formats (by index), drop-down lists.
  int frozen_rows = 0;
  std::vector<ColumnFormat> columns;
  std::vector<ListValidation> validations;

  // The cell at (row, column), or nullptr when the sheet has none there.
  const Cell* Find(int row, int column) const;
  // The cell at (row, column), created (empty) if needed.
  Cell& At(int row, int column);
};

struct Workbook {
  std::vector<Sheet> sheets;

  const Sheet* FindSheet(std::string_view name) const;
};

// Bounds on what a reader accepts, so that a hostile file cannot take unbounded memory or time.
struct WorkbookLimits {
  ZipLimits zip;
  int max_sheets = 256;
  // Per sheet: a value in a row or column beyond these is refused (empty rows and columns cost nothing).
  int max_rows = 100'000;
  int max_columns = 1'024;
  // Cells holding a value, in the whole workbook.
  int64_t max_cells = 2'000'000;
  // Characters in one cell: Excel's own limit.
  int64_t max_cell_chars = 32'767;
  int max_xml_depth = 128;
};

// Collects what a reader finds into a Workbook, refusing what is beyond `limits` with a status that names the cell
// ("Assets!A100001: ..."): RESOURCE_EXHAUSTED.
class WorkbookBuilder {
 public:
  explicit WorkbookBuilder(const WorkbookLimits& limits) : limits_(limits) {}

  // Starts a sheet; the cells `Put` afterwards go in it.
  absl::Status AddSheet(std::string name, bool hidden = false);
  // Stores `cell` at (row, column) of the current sheet; an empty cell is dropped.
  absl::Status Put(int64_t row, int64_t column, Cell cell);
  // Refuses a value at (row, column) beyond the row and column limits, without storing it: for readers that
  // repeat a cell and need to know whether the repetitions fit first.
  absl::Status CheckPosition(int64_t row, int64_t column) const;

  const WorkbookLimits& limits() const { return limits_; }
  Workbook Finish() { return std::move(workbook_); }

 private:
  WorkbookLimits limits_;
  Workbook workbook_;
  int64_t cells_ = 0;
};

// "A", "B", ..., "Z", "AA", ... for the column index `column` (from 0).
std::string ColumnName(int column);

// `sheet!D14` for (row 13, column 3), the sheet name in single quotes when it holds anything but letters, digits,
// '_' and '.' ('Processing activities'!D14), as spreadsheets write references.
std::string CellReference(std::string_view sheet, int row, int column);

// (row, column) from 0 of a reference such as "D14" (no sheet, no '$'); nullopt when it is not one.
std::optional<std::pair<int, int>> ParseCellReference(std::string_view reference);

// `number` in the fewest digits that read back to the same double ("12", "0.1", "1e+300"); "NaN", "Infinity",
// "-Infinity".
std::string FormatNumber(double number);

// A cell's value as text: the text itself, a number in its shortest form, `true`/`false`, a date as
// `2026-03-10` or `2026-03-10T09:30:00`; "" for an empty cell or an error.
std::string CellAsText(const Cell& cell);

// The number of Unicode code points in UTF-8 `text`.
int64_t CountCodePoints(std::string_view text);

// Spreadsheet serial dates (days since 1899-12-30, Excel's and LibreOffice's default, with the fraction the time of
// day) as UTC times, to the millisecond. Serial 1 is 1900-01-01 and serial 60 the 1900-02-29 that Excel counts and
// that never was (nullopt), as are serials below 1 and after 9999-12-31.
std::optional<SecondsAndNanos> SerialToTime(double serial);
// The inverse, for times from 1900-03-01 to 9999-12-31 on a whole millisecond; nullopt for others.
std::optional<double> TimeToSerial(SecondsAndNanos time);

// `2026-03-10` for a time at midnight (`date_only_at_midnight`), else `2026-03-10T09:30:00` with as many
// fractional digits as the nanoseconds need and, with `zone`, a final `Z`.
std::string FormatDateTime(SecondsAndNanos time, bool date_only_at_midnight, bool zone);
// (Dates written as text are read by ParseDateTime, lib/io/time_text.h.)

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_WORKBOOK_H_
