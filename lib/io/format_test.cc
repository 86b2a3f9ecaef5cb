#include "lib/io/format.h"

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

TEST(FormatFromPathTest, KnowsEveryExtension) {
  EXPECT_EQ(*FormatFromPath("a/b/dossier.json"), Format::kJson);
  EXPECT_EQ(*FormatFromPath("dossier.JSON"), Format::kJson);
  for (const char* path : {"d.textproto", "d.txtpb", "d.pbtxt", "d.textpb"}) {
    EXPECT_EQ(*FormatFromPath(path), Format::kTextproto) << path;
  }
  EXPECT_EQ(*FormatFromPath("d.pb"), Format::kBinary);
  EXPECT_EQ(*FormatFromPath("d.binpb"), Format::kBinary);
  EXPECT_EQ(*FormatFromPath("registre.ods"), Format::kOds);
  EXPECT_EQ(*FormatFromPath("Dossier.XLSX"), Format::kXlsx);
}

TEST(FormatFromPathTest, RefusesUnknownOrMissingExtension) {
  for (const char* path : {"dossier.yaml", "dossier", "dir.json/dossier", "dossier.json.bak", ".json/x"}) {
    const absl::StatusOr<Format> format = FormatFromPath(path);
    ASSERT_FALSE(format.ok()) << path;
    EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(format.status().message().find(path), absl::string_view::npos);
  }
}

TEST(ParseFormatNameTest, RoundTripsConcreteFormats) {
  for (Format format : {Format::kJson, Format::kTextproto, Format::kBinary, Format::kXlsx, Format::kOds}) {
    EXPECT_EQ(*ParseFormatName(FormatName(format)), format);
  }
  EXPECT_FALSE(ParseFormatName("auto").ok());
  EXPECT_FALSE(ParseFormatName("yaml").ok());
  EXPECT_FALSE(ParseFormatName("JSON").ok());
}

TEST(ResolveFormatTest, ExplicitFormatWinsOverExtension) {
  EXPECT_EQ(*ResolveFormat(Format::kBinary, "d.json"), Format::kBinary);
  EXPECT_EQ(*ResolveFormat(Format::kJson, "no-extension"), Format::kJson);
  EXPECT_EQ(*ResolveFormat(Format::kAuto, "d.txtpb"), Format::kTextproto);
  EXPECT_FALSE(ResolveFormat(Format::kAuto, "d.txt").ok());
}

TEST(DetectFormatTest, TakesTheRequestedFormatThenTheExtensionThenTheContent) {
  EXPECT_EQ(DetectFormat(Format::kBinary, "d.json", "{}"), Format::kBinary);
  EXPECT_EQ(DetectFormat(Format::kAuto, "d.textproto", "{}"), Format::kTextproto);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", "\xEF\xBB\xBF \n {\"organization\": {}}"), Format::kJson);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", "organization { name: \"CHU\" }\n"), Format::kTextproto);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", "organization { name: \"Hôpital\" }"), Format::kTextproto);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", std::string_view("\x0a\x03\x0a\x01x", 5)), Format::kBinary);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", "\xff\xfe"), Format::kBinary);
  EXPECT_EQ(DetectFormat(Format::kAuto, "dossier", ""), Format::kTextproto);
}

TEST(DetectFormatTest, TellsSpreadsheetsByTheirZipMagic) {
  const std::string zip("PK\3\4", 4);
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload", zip + std::string(26, '\0') + "[Content_Types].xml"), Format::kXlsx);
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload",
                         zip + std::string(26, '\0') + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Format::kOds);
  EXPECT_EQ(DetectFormat(Format::kAuto, "upload.json", zip), Format::kJson);
  EXPECT_TRUE(IsSpreadsheet(Format::kOds));
  EXPECT_FALSE(IsSpreadsheet(Format::kBinary));
}

}  // namespace
}  // namespace hdsc::io
