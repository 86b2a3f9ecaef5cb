#include "lib/io/json_parser.h"

#include <string>

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

// The single diagnostic that parsing `text` fails with, as "line:col: message".
std::string ParseError(std::string_view text, int max_depth = kDefaultMaxJsonDepth) {
  std::vector<Diagnostic> diagnostics;
  const std::optional<JsonValue> value = ParseJson(text, "f.json", max_depth, &diagnostics);
  if (value.has_value()) return "parsed";
  if (diagnostics.size() != 1) return "expected one diagnostic";
  return diagnostics[0].ToString();
}

TEST(ParseJsonTest, ParsesValuesWithPositions) {
  std::vector<Diagnostic> diagnostics;
  const std::optional<JsonValue> value =
      ParseJson("{\n  \"a\": [1, -2.5e3, \"x\\u00e9\\ud83d\\ude00\"],\n  \"b\": {\"c\": null, \"d\": true}}", "f.json",
                kDefaultMaxJsonDepth, &diagnostics);
  ASSERT_TRUE(value.has_value());
  EXPECT_TRUE(diagnostics.empty());
  ASSERT_EQ(value->kind, JsonValue::Kind::kObject);
  ASSERT_EQ(value->members.size(), 2u);
  const JsonMember& a = value->members[0];
  EXPECT_EQ(a.key, "a");
  EXPECT_EQ(a.key_location, (SourceLocation{2, 3}));
  ASSERT_EQ(a.value.elements.size(), 3u);
  EXPECT_EQ(a.value.elements[1].text, "-2.5e3");
  EXPECT_EQ(a.value.elements[1].location, (SourceLocation{2, 12}));
  EXPECT_EQ(a.value.elements[2].text, "x\xC3\xA9\xF0\x9F\x98\x80");
  const JsonValue& b = value->members[1].value;
  EXPECT_EQ(b.members[0].value.kind, JsonValue::Kind::kNull);
  EXPECT_TRUE(b.members[1].value.boolean);
  EXPECT_EQ(b.members[1].value.location, (SourceLocation{3, 25}));
}

TEST(ParseJsonTest, CountsColumnsInCodePoints) {
  std::vector<Diagnostic> diagnostics;
  // "é" is two bytes, "😀" four: the value after them is at column 14 counted in code points.
  const auto value = ParseJson("{\"é😀\": 1, \"b\": 2}", "f.json", kDefaultMaxJsonDepth, &diagnostics);
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->members[1].key_location, (SourceLocation{1, 11}));
  EXPECT_EQ(ParseError("[\"é\" x]"), "f.json:1:6: unexpected 'x' in array: expected ',' or ']'");
}

TEST(ParseJsonTest, ReportsSyntaxErrorsWithPosition) {
  EXPECT_EQ(ParseError(""), "f.json:1:1: empty input: expected a JSON value");
  EXPECT_EQ(ParseError("  \n "), "f.json:2:2: empty input: expected a JSON value");
  EXPECT_EQ(ParseError("{} x"), "f.json:1:4: unexpected 'x' after the end of the JSON value");
  EXPECT_EQ(ParseError("{\"a\" 1}"), "f.json:1:6: unexpected '1' after member name: expected ':'");
  EXPECT_EQ(ParseError("{\"a\": 1,}"), "f.json:1:9: unexpected '}' in object: expected a quoted member name");
  EXPECT_EQ(ParseError("{a: 1}"), "f.json:1:2: unexpected 'a' in object: expected a quoted member name");
  EXPECT_EQ(ParseError("[1 2]"), "f.json:1:4: unexpected '2' in array: expected ',' or ']'");
  EXPECT_EQ(ParseError("[1,"), "f.json:1:4: unexpected end of input: expected a JSON value");
  EXPECT_EQ(ParseError("{\"a\": [1}"), "f.json:1:9: unexpected '}' in array: expected ',' or ']'");
  EXPECT_EQ(ParseError("{\"a\": 1"), "f.json:1:1: unterminated object: expected '}'");
  EXPECT_EQ(ParseError("\"abc"), "f.json:1:1: unterminated string");
  EXPECT_EQ(ParseError("\"a\tb\""), "f.json:1:3: unescaped control character U+0009 in string");
  EXPECT_EQ(ParseError("\"\\x\""), "f.json:1:2: invalid escape '\\x' in string");
  EXPECT_EQ(ParseError("\"\\u12\""), "f.json:1:2: invalid \\u escape: expected 4 hexadecimal digits");
  EXPECT_EQ(ParseError("\"\\ud800\""), "f.json:1:2: invalid \\u escape: high surrogate without a low surrogate");
  EXPECT_EQ(ParseError("\"\\udc00\""), "f.json:1:2: invalid \\u escape: unpaired low surrogate");
  EXPECT_EQ(ParseError("01"), "f.json:1:1: invalid number: leading zeros are not allowed");
  EXPECT_EQ(ParseError("1."), "f.json:1:1: invalid number: expected a digit after '.'");
  EXPECT_EQ(ParseError("-"), "f.json:1:1: invalid number: expected a digit after '-'");
  EXPECT_EQ(ParseError("1e+"), "f.json:1:1: invalid number: expected a digit in the exponent");
  EXPECT_EQ(ParseError("tru"), "f.json:1:1: invalid literal: expected 'true'");
  EXPECT_EQ(ParseError("NaN"), "f.json:1:1: unexpected 'N': expected a JSON value");
  EXPECT_EQ(ParseError("\x01"), "f.json:1:1: unexpected character U+0001: expected a JSON value");
  EXPECT_EQ(ParseError("// comment\n{}"), "f.json:1:1: unexpected '/': expected a JSON value");
}

TEST(ParseJsonTest, RefusesInvalidUtf8WithItsPosition) {
  EXPECT_EQ(ParseError("{\n  \"a\": \"x\xFFy\"}"), "f.json:2:10: invalid UTF-8 (byte 0xFF at offset 11)");
  EXPECT_EQ(ParseError("\xC0\x80"), "f.json:1:1: invalid UTF-8 (byte 0xC0 at offset 0)");          // overlong
  EXPECT_EQ(ParseError("\"\xED\xA0\x80\""), "f.json:1:2: invalid UTF-8 (byte 0xED at offset 1)");  // surrogate
  EXPECT_EQ(ParseError("\"\xF4\x90\x80\x80\""), "f.json:1:2: invalid UTF-8 (byte 0xF4 at offset 1)");
  EXPECT_EQ(ParseError("\"\xE2\x82\""), "f.json:1:2: invalid UTF-8 (byte 0xE2 at offset 1)");  // truncated
}

TEST(ParseJsonTest, SkipsByteOrderMark) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(ParseJson("\xEF\xBB\xBF{}", "f.json", kDefaultMaxJsonDepth, &diagnostics).has_value());
}

TEST(ParseJsonTest, LimitsNesting) {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(ParseJson(ok, "f.json", 64, &diagnostics).has_value());
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(ParseError(deep, 64), "f.json:1:65: nesting deeper than 64 levels");
  // Far deeper than any stack would survive without the limit.
  EXPECT_EQ(ParseError(std::string(1000000, '['), 64), "f.json:1:65: nesting deeper than 64 levels");
}

TEST(ParseJsonTest, LimitsTheNumberOfValues) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(ParseJson("[1, [2, 3]]", "f.json", 64, &diagnostics, 5).has_value());
  EXPECT_FALSE(ParseJson("[1, [2, 3], 4]", "f.json", 64, &diagnostics, 5).has_value());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(), "f.json:1:13: more than 5 values");
}

TEST(ParseJsonTest, ReportsDuplicateKeysAndKeepsGoing) {
  std::vector<Diagnostic> diagnostics;
  const auto value = ParseJson("{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 1, \"c\": 1}}", "f.json", 64, &diagnostics);
  ASSERT_TRUE(value.has_value());
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[0].ToString(), "f.json:2:2: duplicate key 'a'");
  EXPECT_EQ(diagnostics[1].ToString(), "f.json:2:24: duplicate key 'c'");
  EXPECT_EQ(value->members[0].value.text, "1");  // the first occurrence is kept
}

TEST(FindInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_FALSE(FindInvalidUtf8("").has_value());
  EXPECT_FALSE(FindInvalidUtf8("plain ascii").has_value());
  EXPECT_FALSE(FindInvalidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF").has_value());
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);
}

}  // namespace
}  // namespace hdsc::io
