#include "lib/io/workbook.h"

#include <string>

#include "gtest/gtest.h"
#include "lib/io/ods.h"
#include "lib/io/xlsx.h"
#include "lib/io/zip.h"

namespace hdsc::io {
namespace {

using Reader = absl::StatusOr<Workbook> (*)(std::string_view, const WorkbookLimits&);
using Writer = absl::StatusOr<std::string> (*)(const Workbook&);

struct Format {
  const char* name;
  Reader read;
  Writer write;
};

const Format kFormats[] = {{"xlsx", ReadXlsx, WriteXlsx}, {"ods", ReadOds, WriteOds}};

std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  ZipWriter writer;
  for (const auto& [name, data] : entries) EXPECT_TRUE(writer.Add(name, data).ok());
  return *writer.Finish();
}

// An .xlsx with one sheet named "Data" whose sheetData is `rows`.
std::string Xlsx(const std::string& rows, const std::string& shared_strings = "") {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml",
       R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml",
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" + rows +
           "</sheetData></worksheet>"},
  };
  if (!shared_strings.empty()) {
    parts.push_back({"xl/sharedStrings.xml",
                     R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)" + shared_strings +
                         "</sst>"});
  }
  return Zip(parts);
}

// An .ods with one table named "Data" whose rows are `rows`.
std::string Ods(const std::string& rows) {
  return Zip({{"mimetype", kOdsMediaType},
              {"content.xml",
               R"(<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Data">)" +
                   rows + "</table:table></office:spreadsheet></office:body></office:document-content>"}});
}

Workbook Sample() {
  Workbook workbook;
  Sheet sheet;
  sheet.name = "Assets list";
  sheet.frozen_rows = 1;
  sheet.columns = {{ColumnFormat::Kind::kText, 12}, {ColumnFormat::Kind::kGeneral, 0}, {ColumnFormat::Kind::kDate, 20}};
  sheet.At(0, 0) = Cell::Text("id");
  sheet.At(0, 1) = Cell::Text("count");
  sheet.At(0, 2) = Cell::Text("when");
  sheet.At(0, 3) = Cell::Text("kind");
  sheet.At(1, 0) = Cell::Text("  two  spaces  and\ttab ");
  sheet.At(1, 1) = Cell::Number(42);
  sheet.At(1, 2) = Cell::Date({1773133200, 0});  // 2026-03-10T09:00:00Z
  sheet.At(1, 3) = Cell::Text("SERVER");
  sheet.At(2, 0) = Cell::Text("line one\nline two\n\n  indented");
  sheet.At(2, 1) = Cell::Number(0.1);
  sheet.At(2, 2) = Cell::Date({1773100800, 0});  // 2026-03-10
  sheet.At(2, 4) = Cell::Bool(true);
  sheet.At(3, 0) = Cell::Text("=cmd|' /C calc'!A0");
  sheet.At(3, 1) = Cell::Number(-1e300);
  sheet.At(3, 2) = Cell::Date({1773133200, 123000000});
  sheet.At(3, 4) = Cell::Bool(false);
  sheet.At(5, 0) = Cell::Text("after a blank row, \xC3\xA9t\xC3\xA9 _x0041_ <&>");
  sheet.validations.push_back({3, 1, -1, "Lists", 0, 1, 2, true});
  workbook.sheets.push_back(sheet);
  Sheet lists;
  lists.name = "Lists";
  lists.hidden = true;
  lists.At(0, 0) = Cell::Text("AssetKind");
  lists.At(1, 0) = Cell::Text("SERVER");
  lists.At(2, 0) = Cell::Text("WORKSTATION");
  workbook.sheets.push_back(lists);
  return workbook;
}

void ExpectSameCells(const Sheet& expected, const Sheet& actual) {
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.hidden, expected.hidden);
  for (size_t r = 0; r < std::max(expected.rows.size(), actual.rows.size()); ++r) {
    for (int c = 0; c < 8; ++c) {
      const Cell* want = expected.Find(static_cast<int>(r), c);
      const Cell* got = actual.Find(static_cast<int>(r), c);
      const Cell empty;
      if (want == nullptr) want = &empty;
      if (got == nullptr) got = &empty;
      const std::string where = CellReference(expected.name, static_cast<int>(r), c);
      ASSERT_EQ(static_cast<int>(got->kind), static_cast<int>(want->kind)) << where;
      EXPECT_EQ(got->text, want->text) << where;
      EXPECT_EQ(got->number, want->number) << where;
      EXPECT_EQ(got->boolean, want->boolean) << where;
      EXPECT_EQ(got->date.seconds, want->date.seconds) << where;
      EXPECT_EQ(got->date.nanos, want->date.nanos) << where;
    }
  }
}

TEST(WorkbookTest, RoundTripsEveryKindOfCell) {
  const Workbook workbook = Sample();
  for (const Format& format : kFormats) {
    SCOPED_TRACE(format.name);
    absl::StatusOr<std::string> bytes = format.write(workbook);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    EXPECT_EQ(*format.write(workbook), *bytes) << "the same workbook gives the same bytes";
    absl::StatusOr<Workbook> read = format.read(*bytes, WorkbookLimits());
    ASSERT_TRUE(read.ok()) << read.status();
    ASSERT_EQ(read->sheets.size(), 2u);
    ExpectSameCells(workbook.sheets[0], read->sheets[0]);
    ExpectSameCells(workbook.sheets[1], read->sheets[1]);
  }
}

TEST(WorkbookTest, XlsxKeepsAnyTextAndTimeExactly) {
  Workbook workbook;
  Sheet& sheet = workbook.sheets.emplace_back();
  sheet.name = "S";
  constexpr char kAnyText[] = "cr\r\nlf, bell \x07, nul \0, _x005F_ and _xD83D_";
  sheet.At(0, 0) = Cell::Text(std::string(kAnyText, sizeof(kAnyText) - 1));  // the NUL inside included
  sheet.At(0, 1) = Cell::Date({-2208988800, 0});  // 1900-01-01: before Excel's invented 1900-02-29
  sheet.At(0, 2) = Cell::Date({1773133200, 123456789});  // finer than a millisecond
  absl::StatusOr<std::string> bytes = WriteXlsx(workbook);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<Workbook> read = ReadXlsx(*bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->sheets[0].Find(0, 0)->text, sheet.Find(0, 0)->text);
  // Times a serial number cannot hold are written as RFC 3339 text.
  EXPECT_EQ(read->sheets[0].Find(0, 1)->text, "1900-01-01T00:00:00Z");
  EXPECT_EQ(read->sheets[0].Find(0, 2)->text, "2026-03-10T09:00:00.123456789Z");
}

TEST(WorkbookTest, OdsKeepsCarriageReturns) {
  Workbook workbook;
  Sheet& sheet = workbook.sheets.emplace_back();
  sheet.name = "S";
  sheet.At(0, 0) = Cell::Text("windows\r\nline  end");
  absl::StatusOr<Workbook> read = ReadOds(*WriteOds(workbook));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->sheets[0].Find(0, 0)->text, "windows\r\nline  end");
}

TEST(WorkbookTest, XlsxTextThatLooksLikeAFormulaIsNeverOne) {
  absl::StatusOr<std::string> bytes = WriteXlsx(Sample());
  ASSERT_TRUE(bytes.ok());
  absl::StatusOr<std::unique_ptr<ZipReader>> zip = ZipReader::Open(*bytes);
  const std::string sheet = *(*zip)->Read("xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  // The text cell carries the quote-prefix style (5): typed again, it stays text.
  EXPECT_NE(sheet.find(R"(<c r="A4" t="inlineStr" s="5"><is><t>=cmd|' /C calc'!A0</t>)"), std::string::npos);
}

TEST(WorkbookTest, OdsTextThatLooksLikeAFormulaIsAStringCell) {
  absl::StatusOr<std::string> bytes = WriteOds(Sample());
  ASSERT_TRUE(bytes.ok());
  absl::StatusOr<std::unique_ptr<ZipReader>> zip = ZipReader::Open(*bytes);
  const std::string content = *(*zip)->Read("content.xml");
  EXPECT_EQ(content.find("table:formula"), std::string::npos);
  EXPECT_NE(content.find(R"(office:value-type="string"><text:p>=cmd|' /C calc'!A0</text:p>)"), std::string::npos);
}

TEST(WorkbookTest, OdsStartsWithItsMediaType) {
  absl::StatusOr<std::string> bytes = WriteOds(Sample());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->substr(30, 8 + sizeof kOdsMediaType - 1), std::string("mimetype") + kOdsMediaType);
}

TEST(WorkbookTest, ReadsXlsxSharedStringsStylesAndFormulaResults) {
  const std::string xlsx = Xlsx(
      R"(<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="str"><f>A1&amp;"!"</f><v>rich text!</v></c><c r="D1" t="e"><v>#DIV/0!</v></c></row>)"
      R"(<row r="3"><c t="b"><v>1</v></c><c><v>1.5</v></c><c r="E3" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>)",
      R"(<si><t>plain</t></si><si><r><t>rich </t></r><r><t>text</t></r><rPh><t>phonetic</t></rPh></si>)");
  absl::StatusOr<Workbook> read = ReadXlsx(xlsx);
  ASSERT_TRUE(read.ok()) << read.status();
  const Sheet& sheet = read->sheets[0];
  EXPECT_EQ(sheet.Find(0, 0)->text, "rich text");
  EXPECT_EQ(sheet.Find(0, 1)->text, "rich text!");
  EXPECT_EQ(sheet.Find(0, 3)->kind, Cell::Kind::kError);
  EXPECT_EQ(sheet.Find(2, 0)->kind, Cell::Kind::kBool);
  EXPECT_EQ(sheet.Find(2, 1)->number, 1.5);
  EXPECT_EQ(sheet.Find(2, 4)->text, "inline");
}

TEST(WorkbookTest, ReadsOdsRepetitionsAndSkipsComments) {
  const std::string ods = Ods(
      R"(<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>)"
      R"(<table:table-row table:number-rows-repeated="50000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>)"
      R"(<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>  lead and   inner<text:s text:c="2"/>x</text:p><text:p>next<text:tab/>line</text:p></table:table-cell></table:table-row>)"
      // LibreOffice ends a sheet with the rest of its million rows, empty: they cost nothing.
      R"(<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>)");
  absl::StatusOr<Workbook> read = ReadOds(ods);
  ASSERT_TRUE(read.ok()) << read.status();
  const Sheet& sheet = read->sheets[0];
  EXPECT_EQ(sheet.Find(1, 2)->number, 7);
  EXPECT_EQ(sheet.Find(1, 3), nullptr);
  ASSERT_EQ(sheet.rows.size(), 50003u);
  EXPECT_EQ(sheet.Find(50002, 0)->text, "lead and inner  x\nnext\tline");
}

TEST(WorkbookTest, RefusesAMillionRowSheet) {
  WorkbookLimits limits;
  absl::StatusOr<Workbook> xlsx = ReadXlsx(Xlsx(R"(<row r="1000000"><c r="B1000000"><v>1</v></c></row>)"), limits);
  ASSERT_FALSE(xlsx.ok());
  EXPECT_EQ(xlsx.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(xlsx.status().message(), "Data!B1000000: a value in row 1000000, beyond the limit of 100000 rows in a sheet");
  absl::StatusOr<Workbook> ods = ReadOds(
      Ods(R"(<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>)"),
      limits);
  ASSERT_FALSE(ods.ok());
  EXPECT_EQ(ods.status().message(), "Data!A100001: a value in row 100001, beyond the limit of 100000 rows in a sheet");
}

TEST(WorkbookTest, RefusesTooManyColumnsAndCells) {
  WorkbookLimits limits;
  limits.max_cells = 1000;
  absl::StatusOr<Workbook> wide = ReadOds(
      Ods(R"(<table:table-row><table:table-cell table:number-columns-repeated="2000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>)"),
      limits);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.status().message(), "Data!AMK1: a value in column 1025, beyond the limit of 1024 columns in a sheet");
  absl::StatusOr<Workbook> many = ReadOds(
      Ods(R"(<table:table-row table:number-rows-repeated="100"><table:table-cell table:number-columns-repeated="20" office:value-type="float" office:value="1"/></table:table-row>)"),
      limits);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.status().message(), "Data!A51: more than 1000 cells hold a value in the workbook (the limit)");
}

TEST(WorkbookTest, RefusesHugeCells) {
  WorkbookLimits limits;
  const std::string huge(40000, 'x');
  absl::StatusOr<Workbook> xlsx =
      ReadXlsx(Xlsx(R"(<row r="2"><c r="C2" t="inlineStr"><is><t>)" + huge + "</t></is></c></row>"), limits);
  ASSERT_FALSE(xlsx.ok());
  EXPECT_EQ(xlsx.status().message(), "Data!C2: a cell of 40000 characters, more than the limit of 32767");
  absl::StatusOr<Workbook> spaces =
      ReadOds(Ods(R"(<table:table-row><table:table-cell><text:p><text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>)"),
              limits);
  ASSERT_FALSE(spaces.ok());
  EXPECT_EQ(spaces.status().message(), "Data!A1: a cell longer than the limit of 32767 characters");
}

TEST(WorkbookTest, RefusesTooManySheets) {
  Workbook workbook;
  for (int i = 0; i < 5; ++i) workbook.sheets.emplace_back().name = "S" + std::to_string(i);
  WorkbookLimits limits;
  limits.max_sheets = 4;
  for (const Format& format : kFormats) {
    absl::StatusOr<Workbook> read = format.read(*format.write(workbook), limits);
    ASSERT_FALSE(read.ok()) << format.name;
    EXPECT_EQ(read.status().code(), absl::StatusCode::kResourceExhausted);
  }
}

TEST(WorkbookTest, RefusesAZipBombInsideAWorkbook) {
  const std::string bomb = Xlsx("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>" +
                                std::string(4 << 20, ' '));
  absl::StatusOr<Workbook> read = ReadXlsx(bomb);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(read.status().message().find("zip bomb"), std::string::npos) << read.status();
}

TEST(WorkbookTest, RefusesEntityExpansionInsideAWorkbook) {
  const std::string xlsx = Zip({{"xl/workbook.xml", R"(<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook>&a;</workbook>)"}});
  absl::StatusOr<Workbook> read = ReadXlsx(xlsx);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("xl/workbook.xml:1:13: document type declarations are refused"),
            std::string::npos)
      << read.status();
}

TEST(WorkbookTest, RefusesFilesOfTheOtherKind) {
  EXPECT_FALSE(ReadXlsx(*WriteOds(Sample())).ok());
  EXPECT_FALSE(ReadOds(*WriteXlsx(Sample())).ok());
  EXPECT_FALSE(ReadOds("{\"json\": true}").ok());
}

TEST(WorkbookTest, XlsxSheetNamesFollowExcelsRules) {
  for (const char* name : {"", "a/b", "[x]", "'quoted'", "a name that is far too long for excel"}) {
    Workbook workbook;
    workbook.sheets.emplace_back().name = name;
    EXPECT_FALSE(WriteXlsx(workbook).ok()) << name;
  }
  Workbook twice;
  twice.sheets.emplace_back().name = "Same";
  twice.sheets.emplace_back().name = "SAME";
  EXPECT_FALSE(WriteXlsx(twice).ok());
}

TEST(CellReferenceTest, NamesCells) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(16383), "XFD");
  EXPECT_EQ(CellReference("Registre", 13, 3), "Registre!D14");
  EXPECT_EQ(CellReference("Activit\xC3\xA9s", 0, 0), "Activit\xC3\xA9s!A1");
  EXPECT_EQ(CellReference("Processing activities", 1, 27), "'Processing activities'!AB2");
  EXPECT_EQ(CellReference("l'an", 0, 0), "'l''an'!A1");
  EXPECT_EQ(ParseCellReference("D14"), std::make_pair(13, 3));
  EXPECT_EQ(ParseCellReference("xfd1"), std::make_pair(0, 16383));
  EXPECT_FALSE(ParseCellReference("14").has_value());
  EXPECT_FALSE(ParseCellReference("D").has_value());
  EXPECT_FALSE(ParseCellReference("D0").has_value());
  EXPECT_FALSE(ParseCellReference("$D$1").has_value());
}

TEST(DateTest, SerialsAndTexts) {
  EXPECT_EQ(SerialToTime(46091.375)->seconds, 1773133200);  // 2026-03-10T09:00:00Z
  EXPECT_EQ(*TimeToSerial({1773133200, 0}), 46091.375);
  EXPECT_EQ(SerialToTime(1)->seconds, -2208988800);          // 1900-01-01
  EXPECT_EQ(SerialToTime(61)->seconds, -2203891200);         // 1900-03-01
  EXPECT_FALSE(SerialToTime(60).has_value());                // 1900-02-29, which never was
  EXPECT_FALSE(SerialToTime(0).has_value());
  EXPECT_FALSE(TimeToSerial({1773133200, 1}).has_value());
  EXPECT_EQ(FormatDateTime({1773100800, 0}, true, false), "2026-03-10");
  EXPECT_EQ(FormatDateTime({1773133200, 500000000}, true, true), "2026-03-10T09:00:00.5Z");
  for (const char* text : {"2026-03-10T09:00:00Z", "2026-03-10 09:00", "2026-03-10T10:00:00+01:00",
                           "10/03/2026 09:00:00", " 2026-03-10t09:00:00.000 "}) {
    ASSERT_TRUE(ParseDateTime(text).has_value()) << text;
    EXPECT_EQ(ParseDateTime(text)->seconds, 1773133200) << text;
  }
  EXPECT_EQ(ParseDateTime("2026-03-10")->seconds, 1773100800);
  for (const char* text : {"2026-02-30", "10/03/26", "2026-03-10T", "March 10", "2026-03-10 9:00"}) {
    EXPECT_FALSE(ParseDateTime(text).has_value()) << text;
  }
}

TEST(FormatNumberTest, ShortestRoundTrip) {
  EXPECT_EQ(FormatNumber(12), "12");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(FormatNumber(-1e300), "-1e+300");
  EXPECT_EQ(FormatNumber(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatNumber(9007199254740993.0), "9007199254740992");
}

}  // namespace
}  // namespace hdsc::io
