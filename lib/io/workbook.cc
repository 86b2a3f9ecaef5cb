#include "lib/io/workbook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "lib/base/utf8.h"

namespace hdsc::io {

Cell Cell::Text(std::string text) {
  Cell cell;
  cell.kind = Kind::kText;
  cell.text = std::move(text);
  return cell;
}

Cell Cell::Number(double number) {
  Cell cell;
  cell.kind = Kind::kNumber;
  cell.number = number;
  return cell;
}

Cell Cell::Bool(bool value) {
  Cell cell;
  cell.kind = Kind::kBool;
  cell.boolean = value;
  return cell;
}

Cell Cell::Date(SecondsAndNanos date) {
  Cell cell;
  cell.kind = Kind::kDate;
  cell.date = date;
  return cell;
}

const Cell* Sheet::Find(int row, int column) const {
  if (row < 0 || column < 0 || row >= static_cast<int>(rows.size())) return nullptr;
  const std::vector<Cell>& cells = rows[row];
  if (column >= static_cast<int>(cells.size())) return nullptr;
  return &cells[column];
}

Cell& Sheet::At(int row, int column) {
  if (row >= static_cast<int>(rows.size())) rows.resize(row + 1);
  std::vector<Cell>& cells = rows[row];
  if (column >= static_cast<int>(cells.size())) cells.resize(column + 1);
  return cells[column];
}

const Sheet* Workbook::FindSheet(std::string_view name) const {
  for (const Sheet& sheet : sheets) {
    if (sheet.name == name) return &sheet;
  }
  return nullptr;
}

absl::Status WorkbookBuilder::AddSheet(std::string name, bool hidden) {
  if (static_cast<int>(workbook_.sheets.size()) >= limits_.max_sheets) {
    return absl::ResourceExhaustedError(
        absl::StrCat("more than ", limits_.max_sheets, " sheets (the limit); sheet '", name, "' is one too many"));
  }
  Sheet sheet;
  sheet.name = std::move(name);
  sheet.hidden = hidden;
  workbook_.sheets.push_back(std::move(sheet));
  return absl::OkStatus();
}

absl::Status WorkbookBuilder::CheckPosition(int64_t row, int64_t column) const {
  const std::string& sheet = workbook_.sheets.empty() ? std::string() : workbook_.sheets.back().name;
  if (row >= limits_.max_rows) {
    return absl::ResourceExhaustedError(absl::StrCat(
        CellReference(sheet, static_cast<int>(std::min<int64_t>(row, 1 << 30)), static_cast<int>(std::min<int64_t>(column, 1 << 24))),
        ": a value in row ", row + 1, ", beyond the limit of ", limits_.max_rows, " rows in a sheet"));
  }
  if (column >= limits_.max_columns) {
    return absl::ResourceExhaustedError(absl::StrCat(
        CellReference(sheet, static_cast<int>(row), static_cast<int>(std::min<int64_t>(column, 1 << 24))),
        ": a value in column ", column + 1, ", beyond the limit of ", limits_.max_columns, " columns in a sheet"));
  }
  return absl::OkStatus();
}

absl::Status WorkbookBuilder::Put(int64_t row, int64_t column, Cell cell) {
  if (cell.empty()) return absl::OkStatus();
  if (workbook_.sheets.empty()) return absl::InternalError("a cell outside any sheet");
  if (absl::Status position = CheckPosition(row, column); !position.ok()) return position;
  Sheet& sheet = workbook_.sheets.back();
  if (++cells_ > limits_.max_cells) {
    return absl::ResourceExhaustedError(absl::StrCat(CellReference(sheet.name, static_cast<int>(row), static_cast<int>(column)),
                                                     ": more than ", limits_.max_cells,
                                                     " cells hold a value in the workbook (the limit)"));
  }
  if (cell.kind == Cell::Kind::kText || cell.kind == Cell::Kind::kError) {
    const int64_t chars = CountCodePoints(cell.text);
    if (chars > limits_.max_cell_chars) {
      return absl::ResourceExhaustedError(absl::StrCat(
          CellReference(sheet.name, static_cast<int>(row), static_cast<int>(column)), ": a cell of ", chars,
          " characters, more than the limit of ", limits_.max_cell_chars));
    }
  }
  sheet.At(static_cast<int>(row), static_cast<int>(column)) = std::move(cell);
  return absl::OkStatus();
}

std::string ColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

std::string CellReference(std::string_view sheet, int row, int column) {
  bool plain = !sheet.empty();
  for (char c : sheet) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!(u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '.')) {
      plain = false;
    }
  }
  std::string quoted;
  if (plain) {
    quoted = std::string(sheet);
  } else {
    quoted = "'";
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
  }
  return absl::StrCat(quoted, "!", ColumnName(column), row + 1);
}

std::optional<std::pair<int, int>> ParseCellReference(std::string_view reference) {
  size_t i = 0;
  int64_t column = 0;
  while (i < reference.size() && ((reference[i] >= 'A' && reference[i] <= 'Z') ||
                                  (reference[i] >= 'a' && reference[i] <= 'z'))) {
    column = column * 26 + ((reference[i] | 0x20) - 'a' + 1);
    if (column > (1 << 24)) return std::nullopt;
    ++i;
  }
  if (i == 0 || i == reference.size()) return std::nullopt;
  int64_t row = 0;
  for (; i < reference.size(); ++i) {
    if (reference[i] < '0' || reference[i] > '9') return std::nullopt;
    row = row * 10 + (reference[i] - '0');
    if (row > (int64_t{1} << 30)) return std::nullopt;
  }
  if (row == 0) return std::nullopt;
  return std::make_pair(static_cast<int>(row - 1), static_cast<int>(column - 1));
}

std::string FormatNumber(double number) {
  if (std::isnan(number)) return "NaN";
  if (std::isinf(number)) return number > 0 ? "Infinity" : "-Infinity";
  if (number == 0) return "0";
  char buffer[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, number);
    if (std::strtod(buffer, nullptr) == number) break;
  }
  return buffer;
}

std::string CellAsText(const Cell& cell) {
  switch (cell.kind) {
    case Cell::Kind::kText:
      return cell.text;
    case Cell::Kind::kNumber:
      return FormatNumber(cell.number);
    case Cell::Kind::kBool:
      return cell.boolean ? "true" : "false";
    case Cell::Kind::kDate:
      return FormatDateTime(cell.date, /*date_only_at_midnight=*/true, /*zone=*/false);
    case Cell::Kind::kEmpty:
    case Cell::Kind::kError:
      return "";
  }
  return "";
}

int64_t CountCodePoints(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += base::IsUtf8ContinuationByte(c) ? 0 : 1;
  return count;
}

namespace {

constexpr int64_t kSecondsPerDay = 86'400;
// Days from 1899-12-30 (serial 0) to 1970-01-01.
constexpr int64_t kEpochSerial = 25'569;
// 9999-12-31 and 1900-03-01 as serials.
constexpr double kLastSerial = 2'958'466;
constexpr double kFirstSerialAfterLeapBug = 61;

}  // namespace

std::optional<SecondsAndNanos> SerialToTime(double serial) {
  if (!(serial >= 1) || !(serial < kLastSerial) || (serial >= 60 && serial < kFirstSerialAfterLeapBug)) {
    return std::nullopt;
  }
  // Before the day Excel invents, serials count from 1899-12-31.
  const double days = serial < 60 ? serial - (kEpochSerial - 1) : serial - kEpochSerial;
  const int64_t millis = std::llround(days * (kSecondsPerDay * 1000.0));
  int64_t seconds = millis / 1000;
  int64_t remainder = millis % 1000;
  if (remainder < 0) {
    remainder += 1000;
    seconds -= 1;
  }
  return SecondsAndNanos{seconds, static_cast<int32_t>(remainder * 1'000'000)};
}

std::optional<double> TimeToSerial(SecondsAndNanos time) {
  if (time.nanos % 1'000'000 != 0) return std::nullopt;
  int64_t days = time.seconds / kSecondsPerDay;
  int64_t seconds_of_day = time.seconds % kSecondsPerDay;
  if (seconds_of_day < 0) {
    seconds_of_day += kSecondsPerDay;
    days -= 1;
  }
  const double serial = static_cast<double>(days + kEpochSerial) +
                        (static_cast<double>(seconds_of_day) * 1000.0 + time.nanos / 1'000'000) /
                            (kSecondsPerDay * 1000.0);
  if (serial < kFirstSerialAfterLeapBug || serial >= kLastSerial) return std::nullopt;
  return serial;
}

std::string FormatDateTime(SecondsAndNanos time, bool date_only_at_midnight, bool zone) {
  const absl::Time t = absl::FromUnixSeconds(time.seconds) + absl::Nanoseconds(time.nanos);
  std::string text;
  if (date_only_at_midnight && time.nanos == 0 && ((time.seconds % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay == 0) {
    return absl::FormatTime("%E4Y-%m-%d", t, absl::UTCTimeZone());
  }
  text = absl::FormatTime("%E4Y-%m-%dT%H:%M:%E*S", t, absl::UTCTimeZone());
  if (zone) text += 'Z';
  return text;
}

}  // namespace hdsc::io
