#include "lib/rules/source_text.h"

#include "gtest/gtest.h"

namespace hdsc::rules {
namespace {

TEST(StringValuePositionsTest, MapsDecodedBytesToFileColumns) {
  const std::string text = "rule {\n  require: \"a \\\"b\\\" && c\"\n}\n";
  const io::SourceText source(text);
  const size_t field = text.find("require");
  absl::StatusOr<StringValuePositions> positions = StringValuePositions::Scan(source, field);
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_EQ(positions->value(), "a \"b\" && c");
  // Line 2 is `  require: "a \"b\" && c"`; the value starts at column 13.
  EXPECT_EQ(positions->Location(0), (io::SourceLocation{2, 13}));
  // The escaped quote occupies two columns of the file but one byte of the value.
  EXPECT_EQ(positions->Location(2), (io::SourceLocation{2, 15}));
  EXPECT_EQ(positions->Location(3), (io::SourceLocation{2, 17}));
  EXPECT_EQ(positions->Location(6), (io::SourceLocation{2, 21}));
  // Past the end: the closing quote.
  EXPECT_EQ(positions->Location(100), (io::SourceLocation{2, 25}));
}

TEST(StringValuePositionsTest, FollowsAdjacentLiteralsAcrossLines) {
  const std::string text = "when: \"x &&\"  # first half\n      'y'\n";
  absl::StatusOr<StringValuePositions> positions = StringValuePositions::Scan(io::SourceText(text), 0);
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_EQ(positions->value(), "x &&y");
  EXPECT_EQ(positions->Location(4), (io::SourceLocation{2, 8}));
}

TEST(StringValuePositionsTest, DecodesOctalHexAndUnicodeEscapes) {
  const std::string text = "m: \"\\101\\x42\\u00e9!\"";
  absl::StatusOr<StringValuePositions> positions = StringValuePositions::Scan(io::SourceText(text), 0);
  ASSERT_TRUE(positions.ok()) << positions.status();
  EXPECT_EQ(positions->value(), "AB\xc3\xa9!");
  EXPECT_EQ(positions->Location(1), (io::SourceLocation{1, 9}));
  EXPECT_EQ(positions->Location(3), (io::SourceLocation{1, 13}));
  EXPECT_EQ(positions->Location(4), (io::SourceLocation{1, 19}));
}

TEST(StringValuePositionsTest, RejectsAValueThatIsNotAString) {
  EXPECT_FALSE(StringValuePositions::Scan(io::SourceText("severity: HIGH"), 0).ok());
  EXPECT_FALSE(StringValuePositions::Scan(io::SourceText("require: \"unterminated\n"), 0).ok());
}

TEST(OffsetOfLineColumnTest, CountsCodePoints) {
  const std::string text = "é && x\nfoo";
  EXPECT_EQ(OffsetOfLineColumn(text, 1, 1), 0u);
  EXPECT_EQ(OffsetOfLineColumn(text, 1, 2), 2u);
  EXPECT_EQ(OffsetOfLineColumn(text, 2, 3), 10u);
  EXPECT_EQ(OffsetOfLineColumn(text, 9, 1), text.size());
}

}  // namespace
}  // namespace hdsc::rules
