#include "lib/io/xlsx.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"
#include "lib/io/xml.h"
#include "lib/io/zip.h"

namespace hdsc::io {
namespace {

using base::AsAbsl;

// Namespaces of the transitional and strict dialects of the format.
constexpr std::string_view kRelationshipsNamespaces[] = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
};
constexpr char kMainNamespace[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRelationshipNamespace[] = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr char kRelationshipType[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

bool IsHex(char c) { return absl::ascii_isxdigit(static_cast<unsigned char>(c)); }

// Whether `text` at `i` starts an escape `_xHHHH_`.
bool EscapeAt(std::string_view text, size_t i) {
  return i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && IsHex(text[i + 2]) && IsHex(text[i + 3]) &&
         IsHex(text[i + 4]) && IsHex(text[i + 5]) && text[i + 6] == '_';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

// The directory of a part ("xl/" for "xl/workbook.xml").
std::string Directory(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

// A relationship's target as a part name: absolute ("/xl/x.xml") or relative to the source part's directory,
// with "../" resolved.
std::string ResolveTarget(std::string_view source_part, std::string_view target) {
  std::string path = absl::StartsWith(AsAbsl(target), "/") ? std::string(target.substr(1))
                                                          : Directory(source_part) + std::string(target);
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string resolved;
  for (const std::string& segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

// The relationships part of `part`: "xl/_rels/workbook.xml.rels" for "xl/workbook.xml".
std::string RelationshipsPart(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return absl::StrCat(Directory(part), "_rels/", std::string(name), ".rels");
}

struct Relationship {
  std::string type;  // the last segment of the type URI: "worksheet", "sharedStrings", ...
  std::string target;
};

class RelationshipsHandler : public XmlHandler {
 public:
  explicit RelationshipsHandler(std::string source) : source_(std::move(source)) {}

  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    if (name.local != "Relationship") return;
    const char* id = attributes.Find("Id");
    const char* type = attributes.Find("Type");
    const char* target = attributes.Find("Target");
    const char* mode = attributes.Find("TargetMode");
    if (id == nullptr || type == nullptr || target == nullptr) return;
    if (mode != nullptr && std::string_view(mode) == "External") return;
    std::string_view kind(type);
    const size_t slash = kind.rfind('/');
    if (slash != std::string_view::npos) kind.remove_prefix(slash + 1);
    relationships_.emplace(id, Relationship{std::string(kind), ResolveTarget(source_, target)});
  }
  void EndElement(const XmlName&) override {}
  void Text(std::string_view) override {}

  const std::map<std::string, Relationship>& relationships() const { return relationships_; }

 private:
  std::string source_;
  std::map<std::string, Relationship> relationships_;
};

struct SheetEntry {
  std::string name;
  std::string relationship_id;
  bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
 public:
  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    if (name.local == "workbookPr") {
      const char* date1904 = attributes.Find("date1904");
      date1904_ = date1904 != nullptr && (std::string_view(date1904) == "1" || std::string_view(date1904) == "true");
    } else if (name.local == "sheet") {
      SheetEntry entry;
      if (const char* sheet_name = attributes.Find("name")) entry.name = sheet_name;
      for (std::string_view ns : kRelationshipsNamespaces) {
        if (const char* id = attributes.Find("id", ns)) entry.relationship_id = id;
      }
      const char* state = attributes.Find("state");
      entry.hidden = state != nullptr && std::string_view(state) != "visible";
      sheets_.push_back(std::move(entry));
    }
  }
  void EndElement(const XmlName&) override {}
  void Text(std::string_view) override {}

  bool date1904() const { return date1904_; }
  const std::vector<SheetEntry>& sheets() const { return sheets_; }

 private:
  bool date1904_ = false;
  std::vector<SheetEntry> sheets_;
};

// Whether a number format code shows a date or a time: it has a date or time letter outside quoted text,
// bracketed sections ([Red], [$€-40C]) and escaped characters.
bool IsDateFormatCode(std::string_view code) {
  bool quoted = false;
  int brackets = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      ++brackets;
    } else if (c == ']') {
      brackets = brackets > 0 ? brackets - 1 : 0;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or a padding character)
    } else if (brackets == 0) {
      const char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
      if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's') return true;
      if (lower == 'g' && absl::StartsWithIgnoreCase(AsAbsl(code.substr(i)), "general")) i += 6;
    }
  }
  return false;
}

// The built-in number formats that are dates or times (ECMA-376 18.8.30, and the East Asian ones).
bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

class StylesHandler : public XmlHandler {
 public:
  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    if (name.local == "numFmt") {
      const char* id = attributes.Find("numFmtId");
      const char* code = attributes.Find("formatCode");
      int number = 0;
      if (id != nullptr && code != nullptr && absl::SimpleAtoi(id, &number)) custom_[number] = code;
    } else if (name.local == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name.local == "xf" && in_cell_xfs_) {
      const char* id = attributes.Find("numFmtId");
      int number = 0;
      if (id == nullptr || !absl::SimpleAtoi(id, &number)) number = 0;
      formats_.push_back(number);
    }
  }
  void EndElement(const XmlName& name) override {
    if (name.local == "cellXfs") in_cell_xfs_ = false;
  }
  void Text(std::string_view) override {}

  // Which cell styles (indexes of cellXfs) show dates.
  std::vector<bool> DateStyles() const {
    std::vector<bool> dates;
    for (int id : formats_) {
      const auto custom = custom_.find(id);
      dates.push_back(custom != custom_.end() ? IsDateFormatCode(custom->second) : IsBuiltInDateFormat(id));
    }
    return dates;
  }

 private:
  bool in_cell_xfs_ = false;
  std::map<int, std::string> custom_;
  std::vector<int> formats_;
};

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(const WorkbookLimits& limits) : limits_(limits) {}

  void StartElement(const XmlName& name, const XmlAttributes&) override {
    if (name.local == "si") {
      current_.clear();
    } else if (name.local == "t" && phonetic_ == 0) {
      in_text_ = true;
    } else if (name.local == "rPh") {
      ++phonetic_;
    }
  }
  void EndElement(const XmlName& name) override {
    if (name.local == "t") {
      in_text_ = false;
    } else if (name.local == "rPh") {
      --phonetic_;
    } else if (name.local == "si") {
      if (static_cast<int64_t>(strings_.size()) >= limits_.max_cells) {
        Fail(absl::ResourceExhaustedError(
            absl::StrCat("xl/sharedStrings.xml: more than ", limits_.max_cells, " strings (the limit)")));
        return;
      }
      strings_.push_back(UnescapeXlsxText(current_));
    }
  }
  void Text(std::string_view text) override {
    if (!in_text_) return;
    // A string longer than any cell may hold is refused here already (its cell would be anyway).
    if (static_cast<int64_t>(current_.size() + text.size()) > 4 * limits_.max_cell_chars + 64) {
      Fail(absl::ResourceExhaustedError(absl::StrCat("xl/sharedStrings.xml: string ", strings_.size(),
                                                     " is longer than the limit of ", limits_.max_cell_chars,
                                                     " characters for a cell")));
      return;
    }
    current_.append(text);
  }

  std::vector<std::string>& strings() { return strings_; }

 private:
  const WorkbookLimits& limits_;
  std::vector<std::string> strings_;
  std::string current_;
  bool in_text_ = false;
  int phonetic_ = 0;
};

// One worksheet's cells, into the builder's current sheet.
class WorksheetHandler : public XmlHandler {
 public:
  WorksheetHandler(WorkbookBuilder* builder, std::string sheet, const std::vector<std::string>* strings,
                   const std::vector<bool>* date_styles, bool date1904)
      : builder_(builder),
        sheet_(std::move(sheet)),
        strings_(strings),
        date_styles_(date_styles),
        date1904_(date1904) {}

  void StartElement(const XmlName& name, const XmlAttributes& attributes) override {
    if (name.local == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name.local == "row") {
      const char* r = attributes.Find("r");
      int64_t number = 0;
      row_ = r != nullptr && absl::SimpleAtoi(r, &number) && number >= 1 ? number - 1 : row_ + 1;
      column_ = -1;
    } else if (name.local == "c") {
      in_cell_ = true;
      value_.clear();
      inline_text_.clear();
      has_value_ = false;
      type_ = "n";
      style_ = 0;
      if (const char* t = attributes.Find("t")) type_ = t;
      if (const char* s = attributes.Find("s")) {
        if (!absl::SimpleAtoi(s, &style_)) style_ = 0;
      }
      std::optional<std::pair<int, int>> position;
      if (const char* r = attributes.Find("r")) position = ParseCellReference(r);
      if (position) {
        // A reference's row wins over the row element's (they agree in any sane file).
        row_ = position->first;
        column_ = position->second;
      } else {
        ++column_;
      }
    } else if (in_cell_ && name.local == "v") {
      in_value_ = true;
      has_value_ = true;
    } else if (in_cell_ && name.local == "is") {
      in_inline_ = true;
      has_value_ = true;
    } else if (in_inline_ && name.local == "rPh") {
      ++phonetic_;
    } else if (in_inline_ && name.local == "t" && phonetic_ == 0) {
      in_text_ = true;
    }
  }

  void EndElement(const XmlName& name) override {
    if (name.local == "sheetData") {
      in_data_ = false;
    } else if (name.local == "v") {
      in_value_ = false;
    } else if (name.local == "t") {
      in_text_ = false;
    } else if (name.local == "rPh") {
      --phonetic_;
    } else if (name.local == "is") {
      in_inline_ = false;
    } else if (name.local == "c" && in_cell_) {
      in_cell_ = false;
      if (has_value_) Store();
    }
  }

  void Text(std::string_view text) override {
    if (!in_value_ && !in_text_) return;
    std::string& target = in_value_ ? value_ : inline_text_;
    if (static_cast<int64_t>(target.size() + text.size()) > 4 * builder_->limits().max_cell_chars + 64) {
      Fail(absl::ResourceExhaustedError(absl::StrCat(Where(), ": a cell longer than the limit of ",
                                                     builder_->limits().max_cell_chars, " characters")));
      return;
    }
    target.append(text);
  }

 private:
  std::string Where() const {
    return CellReference(sheet_, static_cast<int>(std::min<int64_t>(row_, 1 << 30)), std::max(column_, 0));
  }

  void Store() {
    Cell cell;
    if (type_ == "s") {
      int64_t index = -1;
      if (!absl::SimpleAtoi(AsAbsl(value_), &index) || index < 0 ||
          index >= static_cast<int64_t>(strings_->size())) {
        Fail(absl::InvalidArgumentError(absl::StrCat(Where(), ": shared string '", value_, "' does not exist")));
        return;
      }
      cell = Cell::Text((*strings_)[index]);
    } else if (type_ == "inlineStr") {
      cell = Cell::Text(UnescapeXlsxText(inline_text_));
    } else if (type_ == "str") {
      cell = Cell::Text(UnescapeXlsxText(value_));
    } else if (type_ == "b") {
      cell = Cell::Bool(value_ == "1" || value_ == "true");
    } else if (type_ == "e") {
      cell.kind = Cell::Kind::kError;
      cell.text = value_;
    } else if (type_ == "d") {
      std::optional<SecondsAndNanos> date = ParseDateTime(value_);
      if (!date) {
        Fail(absl::InvalidArgumentError(absl::StrCat(Where(), ": '", value_, "' is not an ISO 8601 date")));
        return;
      }
      cell = Cell::Date(*date);
    } else {
      const std::string trimmed(absl::StripAsciiWhitespace(AsAbsl(value_)));
      if (trimmed.empty()) return;
      char* end = nullptr;
      const double number = std::strtod(trimmed.c_str(), &end);
      if (end != trimmed.c_str() + trimmed.size()) {
        Fail(absl::InvalidArgumentError(absl::StrCat(Where(), ": '", trimmed, "' is not a number")));
        return;
      }
      cell = Cell::Number(number);
      if (style_ >= 0 && style_ < static_cast<int>(date_styles_->size()) && (*date_styles_)[style_]) {
        // The 1904 date system counts from 1904-01-01, 1462 days after the 1900 system's origin.
        if (std::optional<SecondsAndNanos> date = SerialToTime(date1904_ ? number + 1462 : number)) {
          cell = Cell::Date(*date);
        }
      }
    }
    if (absl::Status stored = builder_->Put(row_, column_, std::move(cell)); !stored.ok()) Fail(stored);
  }

  WorkbookBuilder* builder_;
  std::string sheet_;
  const std::vector<std::string>* strings_;
  const std::vector<bool>* date_styles_;
  bool date1904_;
  bool in_data_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  bool in_text_ = false;
  int phonetic_ = 0;
  int64_t row_ = -1;
  int column_ = -1;
  std::string type_;
  int style_ = 0;
  bool has_value_ = false;
  std::string value_;
  std::string inline_text_;
};

// Reads part `name` of the archive and parses it with `handler`.
absl::Status ParsePart(ZipReader& zip, const std::string& name, XmlHandler& handler, const WorkbookLimits& limits) {
  absl::StatusOr<std::string> xml = zip.Read(name);
  if (!xml.ok()) return xml.status();
  return ParseXml(*xml, name, handler, XmlLimits{limits.max_xml_depth});
}

// The relationships of `part`, none when it has no relationships part.
absl::StatusOr<std::map<std::string, Relationship>> ReadRelationships(ZipReader& zip, const std::string& part,
                                                                      const WorkbookLimits& limits) {
  const std::string rels = RelationshipsPart(part);
  if (!zip.Has(rels)) return std::map<std::string, Relationship>();
  RelationshipsHandler handler(part);
  if (absl::Status parsed = ParsePart(zip, rels, handler, limits); !parsed.ok()) return parsed;
  return handler.relationships();
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

// Cell styles of styles.xml, by index in cellXfs.
enum Style {
  kStyleDefault = 0,
  kStyleHeader = 1,
  kStyleDate = 2,
  kStyleDateTime = 3,
  kStyleText = 4,
  kStyleQuotedText = 5,
};

constexpr char kStyles[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
)";

// Whether Excel would read `text`, typed in a cell, as a formula.
bool LooksLikeFormula(std::string_view text) {
  return !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@');
}

absl::Status CheckSheetName(std::string_view name, std::set<std::string>* seen) {
  const std::string quoted = absl::StrCat("sheet name '", std::string(name), "'");
  if (name.empty() || CountCodePoints(name) > 31) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, ": Excel needs 1 to 31 characters"));
  }
  if (name.find_first_of(":\\/?*[]") != std::string_view::npos || name.front() == '\'' || name.back() == '\'') {
    return absl::InvalidArgumentError(absl::StrCat(quoted, ": Excel refuses : \\ / ? * [ ] and a leading or trailing '"));
  }
  if (!seen->insert(absl::AsciiStrToLower(AsAbsl(name))).second) {
    return absl::InvalidArgumentError(absl::StrCat(quoted, " is used twice"));
  }
  return absl::OkStatus();
}

// `$A$2:$A$9` style absolute reference to a range of `sheet`, quoted as Excel quotes sheet names.
std::string AbsoluteRange(std::string_view sheet, int column, int first_row, int last_row) {
  const std::string first = CellReference(sheet, first_row, column);
  const size_t bang = first.rfind('!');
  return absl::StrCat(first.substr(0, bang + 1), "$", ColumnName(column), "$", first_row + 1, ":$", ColumnName(column),
                      "$", last_row + 1);
}

void WriteCell(XmlWriter& xml, const Cell& cell, int row, int column, bool header) {
  const std::string reference = absl::StrCat(ColumnName(column), row + 1);
  switch (cell.kind) {
    case Cell::Kind::kEmpty:
      return;
    case Cell::Kind::kText:
    case Cell::Kind::kError: {
      xml.Open("c").Attribute("r", reference).Attribute("t", "inlineStr");
      if (header) {
        xml.Attribute("s", absl::StrCat(kStyleHeader));
      } else if (LooksLikeFormula(cell.text)) {
        xml.Attribute("s", absl::StrCat(kStyleQuotedText));
      }
      xml.Open("is").Open("t");
      const std::string text = EscapeXlsxText(cell.text);
      if (!text.empty() && (absl::ascii_isspace(static_cast<unsigned char>(text.front())) ||
                            absl::ascii_isspace(static_cast<unsigned char>(text.back())) ||
                            text.find('\n') != std::string::npos)) {
        xml.Attribute("xml:space", "preserve");
      }
      xml.Text(text).Close().Close().Close();
      return;
    }
    case Cell::Kind::kNumber:
      if (!std::isfinite(cell.number)) {
        WriteCell(xml, Cell::Text(FormatNumber(cell.number)), row, column, header);
        return;
      }
      xml.Open("c").Attribute("r", reference).Element("v", FormatNumber(cell.number)).Close();
      return;
    case Cell::Kind::kBool:
      xml.Open("c").Attribute("r", reference).Attribute("t", "b").Element("v", cell.boolean ? "1" : "0").Close();
      return;
    case Cell::Kind::kDate: {
      const std::optional<double> serial = TimeToSerial(cell.date);
      if (!serial) {
        WriteCell(xml, Cell::Text(FormatDateTime(cell.date, /*date_only_at_midnight=*/false, /*zone=*/true)), row,
                  column, header);
        return;
      }
      const bool midnight = cell.date.nanos == 0 && ((cell.date.seconds % 86400) + 86400) % 86400 == 0;
      xml.Open("c")
          .Attribute("r", reference)
          .Attribute("s", absl::StrCat(midnight ? kStyleDate : kStyleDateTime))
          .Element("v", FormatNumber(*serial))
          .Close();
      return;
    }
  }
}

absl::StatusOr<std::string> WriteWorksheet(const Sheet& sheet, bool selected) {
  XmlWriter xml;
  xml.Open("worksheet")
      .Attribute("xmlns", kMainNamespace)
      .Attribute("xmlns:r", kRelationshipsNamespaces[0]);
  xml.Open("sheetViews").Open("sheetView").Attribute("workbookViewId", "0");
  if (selected) xml.Attribute("tabSelected", "1");
  if (sheet.frozen_rows > 0) {
    xml.Open("pane")
        .Attribute("ySplit", absl::StrCat(sheet.frozen_rows))
        .Attribute("topLeftCell", absl::StrCat("A", sheet.frozen_rows + 1))
        .Attribute("activePane", "bottomLeft")
        .Attribute("state", "frozen")
        .Close();
  }
  xml.Close().Close();
  xml.Open("sheetFormatPr").Attribute("defaultRowHeight", "15").Close();
  bool any_column = false;
  for (size_t i = 0; i < sheet.columns.size(); ++i) {
    const ColumnFormat& format = sheet.columns[i];
    if (format.kind == ColumnFormat::Kind::kGeneral && format.width == 0) continue;
    if (!any_column) xml.Open("cols");
    any_column = true;
    xml.Open("col").Attribute("min", absl::StrCat(i + 1)).Attribute("max", absl::StrCat(i + 1));
    xml.Attribute("width", absl::StrCat(format.width > 0 ? format.width : 10));
    if (format.width > 0) xml.Attribute("customWidth", "1");
    if (format.kind == ColumnFormat::Kind::kText) xml.Attribute("style", absl::StrCat(kStyleText));
    if (format.kind == ColumnFormat::Kind::kDate) xml.Attribute("style", absl::StrCat(kStyleDate));
    xml.Close();
  }
  if (any_column) xml.Close();
  xml.Open("sheetData");
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const std::vector<Cell>& cells = sheet.rows[r];
    bool any = false;
    for (const Cell& cell : cells) any = any || !cell.empty();
    if (!any) continue;
    xml.Open("row").Attribute("r", absl::StrCat(r + 1));
    for (size_t c = 0; c < cells.size(); ++c) {
      WriteCell(xml, cells[c], static_cast<int>(r), static_cast<int>(c), static_cast<int>(r) < sheet.frozen_rows);
    }
    xml.Close();
  }
  xml.Close();
  if (!sheet.validations.empty()) {
    xml.Open("dataValidations").Attribute("count", absl::StrCat(sheet.validations.size()));
    for (const ListValidation& validation : sheet.validations) {
      const std::string first = absl::StrCat(ColumnName(validation.column), validation.first_row + 1);
      const std::string last = absl::StrCat(ColumnName(validation.column),
                                            validation.last_row < 0 ? 1048576 : validation.last_row + 1);
      xml.Open("dataValidation")
          .Attribute("type", "list")
          .Attribute("allowBlank", "1")
          .Attribute("showInputMessage", "1")
          .Attribute("showErrorMessage", validation.strict ? "1" : "0")
          .Attribute("sqref", first == last ? first : absl::StrCat(first, ":", last))
          .Element("formula1", AbsoluteRange(validation.source_sheet, validation.source_column,
                                             validation.source_first_row, validation.source_last_row))
          .Close();
    }
    xml.Close();
  }
  xml.Open("pageMargins")
      .Attribute("left", "0.7")
      .Attribute("right", "0.7")
      .Attribute("top", "0.75")
      .Attribute("bottom", "0.75")
      .Attribute("header", "0.3")
      .Attribute("footer", "0.3")
      .Close();
  xml.Close();
  absl::StatusOr<std::string> written = xml.Finish();
  if (!written.ok()) return absl::InvalidArgumentError(absl::StrCat("sheet '", sheet.name, "': ", written.status().message()));
  return written;
}

}  // namespace

std::string EscapeXlsxText(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string escaped;
  escaped.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (EscapeAt(text, i)) {
      escaped += "_x005F_";  // the '_'; what follows it is written as it is
    } else if (c < 0x20 && c != '\t' && c != '\n') {
      escaped += "_x00";
      escaped += kHex[c >> 4];
      escaped += kHex[c & 15];
      escaped += '_';
    } else {
      escaped += text[i];
    }
  }
  return escaped;
}

std::string UnescapeXlsxText(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string plain;
  plain.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (!EscapeAt(text, i)) {
      plain += text[i];
      continue;
    }
    uint32_t unit = static_cast<uint32_t>(std::strtoul(std::string(text.substr(i + 2, 4)).c_str(), nullptr, 16));
    size_t length = 7;
    if (unit >= 0xD800 && unit <= 0xDBFF && EscapeAt(text, i + 7)) {
      const uint32_t low = static_cast<uint32_t>(std::strtoul(std::string(text.substr(i + 9, 4)).c_str(), nullptr, 16));
      if (low >= 0xDC00 && low <= 0xDFFF) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        length = 14;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      plain += text[i];  // a lone surrogate: not an escape this reader can decode; keep the text
      continue;
    }
    base::AppendUtf8(unit, &plain);
    i += length - 1;
  }
  return plain;
}

absl::StatusOr<Workbook> ReadXlsx(std::string_view bytes, const WorkbookLimits& limits) {
  absl::StatusOr<std::unique_ptr<ZipReader>> zip = ZipReader::Open(bytes, limits.zip);
  if (!zip.ok()) return zip.status();
  ZipReader& archive = **zip;

  // The workbook part: where the package's relationships say, else where Excel puts it.
  std::string workbook_part = "xl/workbook.xml";
  absl::StatusOr<std::map<std::string, Relationship>> root = ReadRelationships(archive, "", limits);
  if (!root.ok()) return root.status();
  for (const auto& [id, relationship] : *root) {
    if (relationship.type == "officeDocument") workbook_part = relationship.target;
  }
  if (!archive.Has(workbook_part)) {
    return absl::InvalidArgumentError(absl::StrCat("not an .xlsx workbook: the archive has no ", workbook_part));
  }
  absl::StatusOr<std::map<std::string, Relationship>> parts = ReadRelationships(archive, workbook_part, limits);
  if (!parts.ok()) return parts.status();
  WorkbookHandler workbook;
  if (absl::Status parsed = ParsePart(archive, workbook_part, workbook, limits); !parsed.ok()) return parsed;

  SharedStringsHandler strings(limits);
  StylesHandler styles;
  for (const auto& [id, relationship] : *parts) {
    if (relationship.type == "sharedStrings" && archive.Has(relationship.target)) {
      if (absl::Status parsed = ParsePart(archive, relationship.target, strings, limits); !parsed.ok()) return parsed;
    } else if (relationship.type == "styles" && archive.Has(relationship.target)) {
      if (absl::Status parsed = ParsePart(archive, relationship.target, styles, limits); !parsed.ok()) return parsed;
    }
  }
  const std::vector<bool> date_styles = styles.DateStyles();

  WorkbookBuilder builder(limits);
  for (const SheetEntry& entry : workbook.sheets()) {
    const auto relationship = parts->find(entry.relationship_id);
    // Chart sheets and dialog sheets hold no cells.
    if (relationship == parts->end() || relationship->second.type != "worksheet") continue;
    if (!archive.Has(relationship->second.target)) {
      return absl::InvalidArgumentError(
          absl::StrCat("sheet '", entry.name, "': the archive has no ", relationship->second.target));
    }
    if (absl::Status added = builder.AddSheet(entry.name, entry.hidden); !added.ok()) return added;
    WorksheetHandler handler(&builder, entry.name, &strings.strings(), &date_styles, workbook.date1904());
    if (absl::Status parsed = ParsePart(archive, relationship->second.target, handler, limits); !parsed.ok()) {
      return parsed;
    }
  }
  return builder.Finish();
}

absl::StatusOr<std::string> WriteXlsx(const Workbook& workbook) {
  std::set<std::string> names;
  int first_visible = -1;
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    if (absl::Status checked = CheckSheetName(workbook.sheets[i].name, &names); !checked.ok()) return checked;
    if (first_visible < 0 && !workbook.sheets[i].hidden) first_visible = static_cast<int>(i);
  }
  if (first_visible < 0) return absl::InvalidArgumentError("a workbook needs at least one visible sheet");

  ZipWriter zip;
  XmlWriter types;
  types.Open("Types").Attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
  types.Open("Default")
      .Attribute("Extension", "rels")
      .Attribute("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
      .Close();
  types.Open("Default").Attribute("Extension", "xml").Attribute("ContentType", "application/xml").Close();
  types.Open("Override")
      .Attribute("PartName", "/xl/workbook.xml")
      .Attribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
      .Close();
  types.Open("Override")
      .Attribute("PartName", "/xl/styles.xml")
      .Attribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
      .Close();
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    types.Open("Override")
        .Attribute("PartName", absl::StrCat("/xl/worksheets/sheet", i + 1, ".xml"))
        .Attribute("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        .Close();
  }
  types.Close();

  XmlWriter package_relationships;
  package_relationships.Open("Relationships").Attribute("xmlns", kRelationshipNamespace);
  package_relationships.Open("Relationship")
      .Attribute("Id", "rId1")
      .Attribute("Type", absl::StrCat(kRelationshipType, "officeDocument"))
      .Attribute("Target", "xl/workbook.xml")
      .Close();
  package_relationships.Close();

  XmlWriter book;
  book.Open("workbook").Attribute("xmlns", kMainNamespace).Attribute("xmlns:r", kRelationshipsNamespaces[0]);
  book.Open("bookViews")
      .Open("workbookView")
      .Attribute("activeTab", absl::StrCat(first_visible))
      .Attribute("firstSheet", absl::StrCat(first_visible))
      .Close()
      .Close();
  book.Open("sheets");
  XmlWriter book_relationships;
  book_relationships.Open("Relationships").Attribute("xmlns", kRelationshipNamespace);
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    const std::string id = absl::StrCat("rId", i + 1);
    book.Open("sheet")
        .Attribute("name", workbook.sheets[i].name)
        .Attribute("sheetId", absl::StrCat(i + 1));
    if (workbook.sheets[i].hidden) book.Attribute("state", "hidden");
    book.Attribute("r:id", id).Close();
    book_relationships.Open("Relationship")
        .Attribute("Id", id)
        .Attribute("Type", absl::StrCat(kRelationshipType, "worksheet"))
        .Attribute("Target", absl::StrCat("worksheets/sheet", i + 1, ".xml"))
        .Close();
  }
  book.Close().Close();
  book_relationships.Open("Relationship")
      .Attribute("Id", absl::StrCat("rId", workbook.sheets.size() + 1))
      .Attribute("Type", absl::StrCat(kRelationshipType, "styles"))
      .Attribute("Target", "styles.xml")
      .Close();
  book_relationships.Close();

  for (auto [name, writer] : {std::pair<const char*, XmlWriter*>{"[Content_Types].xml", &types},
                              {"_rels/.rels", &package_relationships},
                              {"xl/workbook.xml", &book},
                              {"xl/_rels/workbook.xml.rels", &book_relationships}}) {
    absl::StatusOr<std::string> xml = writer->Finish();
    if (!xml.ok()) return xml.status();
    if (absl::Status added = zip.Add(name, *xml); !added.ok()) return added;
  }
  if (absl::Status added = zip.Add("xl/styles.xml", kStyles); !added.ok()) return added;
  for (size_t i = 0; i < workbook.sheets.size(); ++i) {
    absl::StatusOr<std::string> sheet = WriteWorksheet(workbook.sheets[i], static_cast<int>(i) == first_visible);
    if (!sheet.ok()) return sheet.status();
    if (absl::Status added = zip.Add(absl::StrCat("xl/worksheets/sheet", i + 1, ".xml"), *sheet); !added.ok()) {
      return added;
    }
  }
  return zip.Finish();
}

}  // namespace hdsc::io
