#include "lib/io/ods.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/io/xml.h"
#include "lib/io/zip.h"

namespace hdsc::io {
namespace {

using base::AsAbsl;

constexpr char kOffice[] = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr char kStyle[] = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
constexpr char kText[] = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr char kTable[] = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
constexpr char kNumber[] = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0";
constexpr char kFo[] = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
constexpr char kConfig[] = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";
constexpr char kManifest[] = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
constexpr char kOf[] = "urn:oasis:names:tc:opendocument:xmlns:of:1.2";

bool Is(const XmlName& name, std::string_view ns, std::string_view local) {
  return name.ns == ns && name.local == local;
}

// A repetition count attribute: 1 when absent or invalid, else at least 1.
int64_t Repeated(const XmlAttributes& attributes, std::string_view local) {
  const char* value = attributes.Find(local, kTable);
  int64_t count = 1;
  if (value == nullptr || !absl::SimpleAtoi(value, &count) || count < 1) return 1;
  return count;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

class ContentHandler : public XmlHandler {
 public:
  explicit ContentHandler(WorkbookBuilder* builder) : builder_(builder) {}

  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    if (Is(name, kStyle, "style")) {
      const char* style = attributes.Find("name", kStyle);
      style_name_ = style == nullptr ? "" : style;
    } else if (Is(name, kStyle, "table-properties")) {
      const char* display = attributes.Find("display", kTable);
      if (display != nullptr && std::string_view(display) == "false") hidden_styles_.insert(style_name_);
    } else if (Is(name, kTable, "table")) {
      if (++table_depth_ > 1) return;  // a table inside a cell: its cells are not the sheet's
      const char* table = attributes.Find("name", kTable);
      const char* style = attributes.Find("style-name", kTable);
      sheet_ = table == nullptr ? "" : table;
      const bool hidden = style != nullptr && hidden_styles_.count(style) > 0;
      if (absl::Status added = builder_->AddSheet(sheet_, hidden); !added.ok()) Fail(added);
      row_ = 0;
    } else if (table_depth_ != 1) {
      return;
    } else if (Is(name, kTable, "table-row")) {
      rows_repeated_ = Repeated(attributes, "number-rows-repeated");
      column_ = 0;
      pending_.clear();
    } else if (Is(name, kTable, "table-cell") || Is(name, kTable, "covered-table-cell")) {
      StartCell(attributes);
    } else if (!in_cell_) {
      return;
    } else if (Is(name, kOffice, "annotation")) {
      ++annotation_depth_;
    } else if (annotation_depth_ > 0) {
      return;
    } else if (Is(name, kText, "p") || Is(name, kText, "h")) {
      if (paragraphs_++ > 0) Append("\n");
      after_space_ = true;  // white space at the start of a paragraph is ignored
    } else if (Is(name, kText, "s")) {
      int64_t count = 1;
      if (const char* c = attributes.Find("c", kText); c == nullptr || !absl::SimpleAtoi(c, &count) || count < 1) {
        count = 1;
      }
      if (count > builder_->limits().max_cell_chars) {
        TooLong();
        return;
      }
      Append(std::string(static_cast<size_t>(count), ' '));
      after_space_ = true;
    } else if (Is(name, kText, "tab")) {
      Append("\t");
      after_space_ = false;
    } else if (Is(name, kText, "line-break")) {
      Append("\n");
      after_space_ = true;
    }
  }

  void EndElement(const XmlName& name) override {
    if (Is(name, kTable, "table")) {
      --table_depth_;
    } else if (table_depth_ != 1) {
      return;
    } else if (Is(name, kTable, "table-cell") || Is(name, kTable, "covered-table-cell")) {
      EndCell();
    } else if (Is(name, kTable, "table-row")) {
      EndRow();
    } else if (Is(name, kOffice, "annotation")) {
      --annotation_depth_;
    }
  }

  void Text(std::string_view text) override {
    if (!in_cell_ || annotation_depth_ > 0 || paragraphs_ == 0) return;
    // ODF white space: tabs, line ends and spaces collapse to one space; <text:s/>, <text:tab/> carry the others.
    std::string collapsed;
    for (char c : text) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (!after_space_) collapsed += ' ';
        after_space_ = true;
      } else {
        collapsed += c;
        after_space_ = false;
      }
    }
    Append(collapsed);
  }

 private:
  void StartCell(const XmlAttributes& attributes) {
    in_cell_ = true;
    columns_repeated_ = Repeated(attributes, "number-columns-repeated");
    paragraphs_ = 0;
    text_.clear();
    annotation_depth_ = 0;
    auto get = [&](const char* local) {
      const char* value = attributes.Find(local, kOffice);
      return value == nullptr ? std::optional<std::string>() : std::optional<std::string>(value);
    };
    value_type_ = get("value-type").value_or("");
    value_ = get("value").value_or("");
    date_value_ = get("date-value").value_or("");
    boolean_value_ = get("boolean-value").value_or("");
    string_value_ = get("string-value");
  }

  void EndCell() {
    in_cell_ = false;
    Cell cell;
    if (value_type_ == "float" || value_type_ == "percentage" || value_type_ == "currency") {
      char* end = nullptr;
      const double number = std::strtod(value_.c_str(), &end);
      if (value_.empty() || end != value_.c_str() + value_.size()) {
        Fail(absl::InvalidArgumentError(absl::StrCat(Where(), ": office:value '", value_, "' is not a number")));
        return;
      }
      cell = Cell::Number(number);
    } else if (value_type_ == "date") {
      std::optional<SecondsAndNanos> date = ParseDateTime(date_value_);
      if (!date) {
        Fail(absl::InvalidArgumentError(absl::StrCat(Where(), ": office:date-value '", date_value_,
                                                     "' is not a date")));
        return;
      }
      cell = Cell::Date(*date);
    } else if (value_type_ == "boolean") {
      cell = Cell::Bool(boolean_value_ == "true" || boolean_value_ == "1");
    } else if (value_type_ == "string" && string_value_.has_value()) {
      cell = Cell::Text(*string_value_);
    } else if (!text_.empty()) {
      cell = Cell::Text(text_);
    }
    if (!cell.empty()) {
      if (columns_repeated_ > 1) {
        // The first column past the limit, if the repetitions reach it.
        const int64_t last = std::min<int64_t>(column_ + columns_repeated_ - 1, builder_->limits().max_columns);
        if (absl::Status fits = builder_->CheckPosition(row_, last); !fits.ok()) {
          Fail(fits);
          return;
        }
      }
      for (int64_t k = 0; k < columns_repeated_; ++k) pending_.emplace_back(column_ + k, cell);
    }
    column_ += columns_repeated_;
  }

  void EndRow() {
    if (pending_.empty()) {
      row_ += rows_repeated_;
      return;
    }
    for (int64_t k = 0; k < rows_repeated_ && status().ok(); ++k) {
      for (const auto& [column, cell] : pending_) {
        if (absl::Status stored = builder_->Put(row_ + k, column, cell); !stored.ok()) {
          Fail(stored);
          return;
        }
      }
    }
    row_ += rows_repeated_;
    pending_.clear();
  }

  void Append(std::string_view text) {
    if (static_cast<int64_t>(text_.size() + text.size()) > 4 * builder_->limits().max_cell_chars + 64) {
      TooLong();
      return;
    }
    text_.append(text);
  }

  void TooLong() {
    Fail(absl::ResourceExhaustedError(absl::StrCat(Where(), ": a cell longer than the limit of ",
                                                   builder_->limits().max_cell_chars, " characters")));
  }

  std::string Where() const {
    return CellReference(sheet_, static_cast<int>(std::min<int64_t>(row_, 1 << 30)),
                         static_cast<int>(std::min<int64_t>(column_, 1 << 24)));
  }

  WorkbookBuilder* builder_;
  std::string style_name_;
  std::set<std::string> hidden_styles_;
  int table_depth_ = 0;
  std::string sheet_;
  int64_t row_ = 0;
  int64_t rows_repeated_ = 1;
  int64_t column_ = 0;
  int64_t columns_repeated_ = 1;
  // The current row's values, by column, stored once the row (and how often it repeats) is complete.
  std::vector<std::pair<int64_t, Cell>> pending_;
  bool in_cell_ = false;
  int annotation_depth_ = 0;
  int paragraphs_ = 0;
  bool after_space_ = true;
  std::string text_;
  std::string value_type_;
  std::string value_;
  std::string date_value_;
  std::string boolean_value_;
  std::optional<std::string> string_value_;
};

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

// Rows a drop-down list reaching the end of a sheet covers past the last row written.
constexpr int kTemplateRows = 1000;

// Automatic styles of content.xml.
constexpr char kDateStyle[] = "ce-date";
constexpr char kDateTimeStyle[] = "ce-datetime";
constexpr char kTextStyle[] = "ce-text";
constexpr char kHeaderStyle[] = "ce-header";

// `text` as the paragraphs of a cell: one <text:p> per line, runs of spaces and spaces after a tab or at a
// paragraph's start as <text:s/>, tabs as <text:tab/>, so that ODF's white-space collapsing gives `text` back.
void WriteParagraphs(XmlWriter& xml, std::string_view text) {
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    xml.Open("text:p");
    std::string run;
    bool after_character = false;  // the last thing written is a character other than white space
    for (size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        size_t spaces = 0;
        while (i + spaces < line.size() && line[i + spaces] == ' ') ++spaces;
        size_t coded = spaces;
        if (after_character) {
          run += ' ';
          coded -= 1;
        }
        if (coded > 0) {
          xml.Text(run);
          run.clear();
          xml.Open("text:s");
          if (coded > 1) xml.Attribute("text:c", absl::StrCat(coded));
          xml.Close();
        }
        i += spaces;
        after_character = false;
      } else if (line[i] == '\t') {
        xml.Text(run);
        run.clear();
        xml.Open("text:tab").Close();
        ++i;
        after_character = false;
      } else {
        run += line[i];
        ++i;
        after_character = true;
      }
    }
    xml.Text(run);
    xml.Close();
    if (end == text.size()) break;
    start = end + 1;
  }
}

// A sheet name as an OpenFormula reference writes it: as it is, or in single quotes ('Sheet name').
std::string FormulaSheetName(std::string_view sheet) {
  const std::string reference = CellReference(sheet, 0, 0);
  return reference.substr(0, reference.rfind('!'));
}

struct CellAttributes {
  const Cell* cell = nullptr;
  std::string validation;  // content-validation-name
  bool header = false;

  bool blank() const { return (cell == nullptr || cell->empty()) && validation.empty(); }
  bool operator==(const CellAttributes& other) const { return blank() && other.blank(); }
};

void WriteOneCell(XmlWriter& xml, const CellAttributes& attributes, int64_t repeated) {
  xml.Open("table:table-cell");
  if (repeated > 1) xml.Attribute("table:number-columns-repeated", absl::StrCat(repeated));
  if (!attributes.validation.empty()) xml.Attribute("table:content-validation-name", attributes.validation);
  const Cell* cell = attributes.cell;
  if (cell == nullptr || cell->empty()) {
    xml.Close();
    return;
  }
  switch (cell->kind) {
    case Cell::Kind::kEmpty:
      break;
    case Cell::Kind::kText:
    case Cell::Kind::kError:
      if (attributes.header) xml.Attribute("table:style-name", kHeaderStyle);
      xml.Attribute("office:value-type", "string");
      // A carriage return does not survive paragraphs (it is white space there): the exact text goes along.
      if (cell->text.find('\r') != std::string::npos) xml.Attribute("office:string-value", cell->text);
      WriteParagraphs(xml, cell->text);
      break;
    case Cell::Kind::kNumber:
      if (!std::isfinite(cell->number)) {
        xml.Attribute("office:value-type", "string");
        WriteParagraphs(xml, FormatNumber(cell->number));
        break;
      }
      xml.Attribute("office:value-type", "float").Attribute("office:value", FormatNumber(cell->number));
      WriteParagraphs(xml, FormatNumber(cell->number));
      break;
    case Cell::Kind::kBool:
      xml.Attribute("office:value-type", "boolean").Attribute("office:boolean-value", cell->boolean ? "true" : "false");
      WriteParagraphs(xml, cell->boolean ? "TRUE" : "FALSE");
      break;
    case Cell::Kind::kDate: {
      const std::string value = FormatDateTime(cell->date, /*date_only_at_midnight=*/true, /*zone=*/false);
      const bool date_only = value.find('T') == std::string::npos;
      xml.Attribute("table:style-name", date_only ? kDateStyle : kDateTimeStyle)
          .Attribute("office:value-type", "date")
          .Attribute("office:date-value", value);
      std::string shown = value;
      std::replace(shown.begin(), shown.end(), 'T', ' ');
      WriteParagraphs(xml, shown);
      break;
    }
  }
  xml.Close();
}

// Writes one row's cells, runs of blank cells as one repeated cell.
void WriteRowCells(XmlWriter& xml, const std::vector<CellAttributes>& cells) {
  size_t i = 0;
  while (i < cells.size()) {
    size_t run = 1;
    if (cells[i].blank()) {
      while (i + run < cells.size() && cells[i + run].blank()) ++run;
    }
    WriteOneCell(xml, cells[i], static_cast<int64_t>(run));
    i += run;
  }
}

// The name under which validation `index` of sheet `sheet_index` is declared.
std::string ValidationName(size_t sheet_index, size_t index) { return absl::StrCat("val", sheet_index + 1, "-", index + 1); }

void WriteValidations(XmlWriter& xml, const Workbook& workbook) {
  bool any = false;
  for (size_t s = 0; s < workbook.sheets.size(); ++s) {
    const Sheet& sheet = workbook.sheets[s];
    for (size_t v = 0; v < sheet.validations.size(); ++v) {
      const ListValidation& validation = sheet.validations[v];
      if (!any) xml.Open("table:content-validations");
      any = true;
      const std::string source = FormulaSheetName(validation.source_sheet);
      const std::string column = ColumnName(validation.source_column);
      xml.Open("table:content-validation")
          .Attribute("table:name", ValidationName(s, v))
          .Attribute("table:condition",
                     absl::StrCat("of:cell-content-is-in-list([$", source, ".$", column, "$",
                                  validation.source_first_row + 1, ":.$", column, "$",
                                  validation.source_last_row + 1, "])"))
          .Attribute("table:allow-empty-cell", "true")
          .Attribute("table:display-list", "unsorted")
          .Attribute("table:base-cell-address",
                     absl::StrCat(FormulaSheetName(sheet.name), ".", ColumnName(validation.column),
                                  validation.first_row + 1));
      xml.Open("table:error-message")
          .Attribute("table:message-type", validation.strict ? "stop" : "information")
          .Attribute("table:display", validation.strict ? "true" : "false")
          .Close();
      xml.Close();
    }
  }
  if (any) xml.Close();
}

// Column widths (in characters) of every sheet, each with the name of the automatic style that gives it.
std::map<int, std::string> ColumnStyles(const Workbook& workbook) {
  std::map<int, std::string> styles;
  for (const Sheet& sheet : workbook.sheets) {
    for (const ColumnFormat& format : sheet.columns) styles.emplace(format.width > 0 ? format.width : 10, "");
    if (sheet.columns.empty()) styles.emplace(10, "");
  }
  int index = 0;
  for (auto& [width, name] : styles) name = absl::StrCat("co", ++index);
  return styles;
}

void WriteTable(XmlWriter& xml, const Sheet& sheet, size_t sheet_index, const std::map<int, std::string>& column_styles) {
  xml.Open("table:table").Attribute("table:name", sheet.name).Attribute("table:style-name", sheet.hidden ? "ta-hidden" : "ta");
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    const ColumnFormat& format = sheet.columns[c];
    xml.Open("table:table-column");
    xml.Attribute("table:style-name", column_styles.at(format.width > 0 ? format.width : 10));
    if (format.kind == ColumnFormat::Kind::kText) xml.Attribute("table:default-cell-style-name", kTextStyle);
    if (format.kind == ColumnFormat::Kind::kDate) xml.Attribute("table:default-cell-style-name", kDateStyle);
    xml.Close();
  }
  if (sheet.columns.empty()) xml.Open("table:table-column").Attribute("table:style-name", column_styles.at(10)).Close();

  // Which validation covers each (row, column), and how far the sheet must reach for them.
  int64_t last_row = static_cast<int64_t>(sheet.rows.size()) - 1;
  int width = 0;
  for (const std::vector<Cell>& cells : sheet.rows) width = std::max(width, static_cast<int>(cells.size()));
  bool to_end = false;
  for (const ListValidation& validation : sheet.validations) {
    width = std::max(width, validation.column + 1);
    if (validation.last_row < 0) {
      to_end = true;
    } else {
      last_row = std::max<int64_t>(last_row, validation.last_row);
    }
  }
  auto validation_at = [&](int64_t row, int column) -> std::string {
    for (size_t v = 0; v < sheet.validations.size(); ++v) {
      const ListValidation& validation = sheet.validations[v];
      if (validation.column == column && row >= validation.first_row &&
          (validation.last_row < 0 || row <= validation.last_row)) {
        return ValidationName(sheet_index, v);
      }
    }
    return "";
  };

  int64_t blank_rows = 0;
  auto flush_blank_rows = [&]() {
    if (blank_rows == 0) return;
    xml.Open("table:table-row");
    if (blank_rows > 1) xml.Attribute("table:number-rows-repeated", absl::StrCat(blank_rows));
    xml.Open("table:table-cell").Close().Close();
    blank_rows = 0;
  };
  for (int64_t r = 0; r <= last_row; ++r) {
    std::vector<CellAttributes> cells(static_cast<size_t>(width));
    bool blank = true;
    for (int c = 0; c < width; ++c) {
      cells[c].cell = sheet.Find(static_cast<int>(r), c);
      cells[c].validation = validation_at(r, c);
      cells[c].header = r < sheet.frozen_rows;
      blank = blank && cells[c].blank();
    }
    if (blank) {
      ++blank_rows;
      continue;
    }
    flush_blank_rows();
    xml.Open("table:table-row");
    WriteRowCells(xml, cells);
    xml.Close();
  }
  flush_blank_rows();
  if (to_end) {
    // Rows to come, with their drop-down lists.
    std::vector<CellAttributes> cells(static_cast<size_t>(width));
    for (int c = 0; c < width; ++c) cells[c].validation = validation_at(last_row + 1, c);
    xml.Open("table:table-row").Attribute("table:number-rows-repeated", absl::StrCat(kTemplateRows));
    WriteRowCells(xml, cells);
    xml.Close();
  }
  xml.Close();
}

absl::StatusOr<std::string> WriteContent(const Workbook& workbook) {
  const std::map<int, std::string> column_styles = ColumnStyles(workbook);
  XmlWriter xml;
  xml.Open("office:document-content")
      .Attribute("xmlns:office", kOffice)
      .Attribute("xmlns:style", kStyle)
      .Attribute("xmlns:text", kText)
      .Attribute("xmlns:table", kTable)
      .Attribute("xmlns:number", kNumber)
      .Attribute("xmlns:fo", kFo)
      .Attribute("xmlns:of", kOf)
      .Attribute("office:version", "1.2");
  xml.Open("office:automatic-styles");
  auto date_part = [&xml](const char* element) { xml.Open(element).Attribute("number:style", "long").Close(); };
  auto literal = [&xml](const char* text) { xml.Element("number:text", text); };
  xml.Open("number:date-style").Attribute("style:name", "N-date");
  date_part("number:year"), literal("-"), date_part("number:month"), literal("-"), date_part("number:day");
  xml.Close();
  xml.Open("number:date-style").Attribute("style:name", "N-datetime");
  date_part("number:year"), literal("-"), date_part("number:month"), literal("-"), date_part("number:day");
  literal(" "), date_part("number:hours"), literal(":"), date_part("number:minutes"), literal(":");
  date_part("number:seconds");
  xml.Close();
  xml.Open("number:text-style").Attribute("style:name", "N-text").Open("number:text-content").Close().Close();
  for (auto [name, data_style] : {std::pair<const char*, const char*>{kDateStyle, "N-date"},
                                  {kDateTimeStyle, "N-datetime"},
                                  {kTextStyle, "N-text"}}) {
    xml.Open("style:style")
        .Attribute("style:name", name)
        .Attribute("style:family", "table-cell")
        .Attribute("style:data-style-name", data_style)
        .Close();
  }
  xml.Open("style:style")
      .Attribute("style:name", kHeaderStyle)
      .Attribute("style:family", "table-cell")
      .Attribute("style:data-style-name", "N-text");
  xml.Open("style:text-properties").Attribute("fo:font-weight", "bold").Close();
  xml.Close();
  for (auto [name, display] : {std::pair<const char*, const char*>{"ta", "true"}, {"ta-hidden", "false"}}) {
    xml.Open("style:style").Attribute("style:name", name).Attribute("style:family", "table");
    xml.Open("style:table-properties").Attribute("table:display", display).Close();
    xml.Close();
  }
  for (const auto& [width, name] : column_styles) {
    xml.Open("style:style").Attribute("style:name", name).Attribute("style:family", "table-column");
    // About 0.2 cm a character at the default size, and a margin.
    xml.Open("style:table-column-properties")
        .Attribute("style:column-width", absl::StrCat(FormatNumber(0.3 + 0.2 * width), "cm"))
        .Close();
    xml.Close();
  }
  xml.Close();  // automatic-styles
  xml.Open("office:body").Open("office:spreadsheet");
  WriteValidations(xml, workbook);
  for (size_t s = 0; s < workbook.sheets.size(); ++s) WriteTable(xml, workbook.sheets[s], s, column_styles);
  xml.Close().Close().Close();
  return xml.Finish();
}

// LibreOffice's view settings: the header rows of each sheet stay in view.
absl::StatusOr<std::string> WriteSettings(const Workbook& workbook) {
  XmlWriter xml;
  xml.Open("office:document-settings")
      .Attribute("xmlns:office", kOffice)
      .Attribute("xmlns:config", kConfig)
      .Attribute("office:version", "1.2");
  xml.Open("office:settings").Open("config:config-item-set").Attribute("config:name", "ooo:view-settings");
  xml.Open("config:config-item-map-indexed").Attribute("config:name", "Views");
  xml.Open("config:config-item-map-entry");
  auto item = [&xml](const char* name, const char* type, std::string_view value) {
    xml.Open("config:config-item").Attribute("config:name", name).Attribute("config:type", type).Text(value).Close();
  };
  item("ViewId", "string", "view1");
  xml.Open("config:config-item-map-named").Attribute("config:name", "Tables");
  for (const Sheet& sheet : workbook.sheets) {
    if (sheet.frozen_rows <= 0) continue;
    const std::string rows = absl::StrCat(sheet.frozen_rows);
    xml.Open("config:config-item-map-entry").Attribute("config:name", sheet.name);
    item("VerticalSplitMode", "short", "2");
    item("VerticalSplitPosition", "int", rows);
    item("ActiveSplitRange", "short", "2");
    item("PositionTop", "int", "0");
    item("PositionBottom", "int", rows);
    xml.Close();
  }
  xml.Close().Close().Close().Close().Close().Close();
  return xml.Finish();
}

}  // namespace

absl::StatusOr<Workbook> ReadOds(std::string_view bytes, const WorkbookLimits& limits) {
  absl::StatusOr<std::unique_ptr<ZipReader>> zip = ZipReader::Open(bytes, limits.zip);
  if (!zip.ok()) return zip.status();
  if ((*zip)->Has("mimetype")) {
    absl::StatusOr<std::string> media_type = (*zip)->Read("mimetype");
    if (!media_type.ok()) return media_type.status();
    if (*media_type != kOdsMediaType) {
      return absl::InvalidArgumentError(
          absl::StrCat("not an OpenDocument spreadsheet: its mimetype is '", media_type->substr(0, 80), "'"));
    }
  }
  if (!(*zip)->Has("content.xml")) {
    return absl::InvalidArgumentError("not an OpenDocument spreadsheet: the archive has no content.xml");
  }
  absl::StatusOr<std::string> content = (*zip)->Read("content.xml");
  if (!content.ok()) return content.status();
  WorkbookBuilder builder(limits);
  ContentHandler handler(&builder);
  if (absl::Status parsed = ParseXml(*content, "content.xml", handler, XmlLimits{limits.max_xml_depth});
      !parsed.ok()) {
    return parsed;
  }
  return builder.Finish();
}

absl::StatusOr<std::string> WriteOds(const Workbook& workbook) {
  absl::StatusOr<std::string> content = WriteContent(workbook);
  if (!content.ok()) return content.status();
  absl::StatusOr<std::string> settings = WriteSettings(workbook);
  if (!settings.ok()) return settings.status();

  XmlWriter styles;
  styles.Open("office:document-styles")
      .Attribute("xmlns:office", kOffice)
      .Attribute("xmlns:style", kStyle)
      .Attribute("office:version", "1.2")
      .Open("office:styles")
      .Close()
      .Close();
  XmlWriter manifest;
  manifest.Open("manifest:manifest").Attribute("xmlns:manifest", kManifest).Attribute("manifest:version", "1.2");
  manifest.Open("manifest:file-entry")
      .Attribute("manifest:full-path", "/")
      .Attribute("manifest:version", "1.2")
      .Attribute("manifest:media-type", kOdsMediaType)
      .Close();
  for (const char* part : {"content.xml", "styles.xml", "settings.xml"}) {
    manifest.Open("manifest:file-entry")
        .Attribute("manifest:full-path", part)
        .Attribute("manifest:media-type", "text/xml")
        .Close();
  }
  manifest.Close();
  absl::StatusOr<std::string> styles_xml = styles.Finish();
  absl::StatusOr<std::string> manifest_xml = manifest.Finish();
  if (!styles_xml.ok()) return styles_xml.status();
  if (!manifest_xml.ok()) return manifest_xml.status();

  // The media type comes first and uncompressed, so that a program can tell the file type from its first bytes.
  ZipWriter zip;
  for (auto [name, data, compress] : {std::tuple<const char*, std::string_view, bool>{"mimetype", kOdsMediaType, false},
                                      {"META-INF/manifest.xml", *manifest_xml, true},
                                      {"content.xml", *content, true},
                                      {"styles.xml", *styles_xml, true},
                                      {"settings.xml", *settings, true}}) {
    if (absl::Status added = zip.Add(name, data, compress); !added.ok()) return added;
  }
  return zip.Finish();
}

}  // namespace hdsc::io
