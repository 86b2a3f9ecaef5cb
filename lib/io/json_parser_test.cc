#include "lib/io/json_parser.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

// Scans `text` as one whole document, checking its syntax only.
bool Scan(std::string_view text, std::vector<Diagnostic>* diagnostics, int max_depth = kDefaultMaxJsonDepth,
          int64_t max_values = INT64_MAX) {
  JsonScanner scanner(text, "f.json", max_depth, max_values, diagnostics);
  return scanner.Start() && scanner.SkipValue() && scanner.Finish();
}

// The single diagnostic that scanning `text` fails with, as "line:col: message".
std::string ParseError(std::string_view text, int max_depth = kDefaultMaxJsonDepth) {
  std::vector<Diagnostic> diagnostics;
  if (Scan(text, &diagnostics, max_depth)) return "parsed";
  if (diagnostics.size() != 1) return "expected one diagnostic";
  return diagnostics[0].ToString();
}

// The values of a document pulled one by one, each as "line:col kind text", members as "line:col key:".
std::vector<std::string> Pull(std::string_view text) {
  std::vector<Diagnostic> diagnostics;
  JsonScanner scanner(text, "f.json", kDefaultMaxJsonDepth, INT64_MAX, &diagnostics);
  std::vector<std::string> out;
  auto location_text = [](SourceLocation l) { return std::to_string(l.line) + ":" + std::to_string(l.column); };
  std::function<bool()> value = [&]() {
    JsonKind kind;
    SourceLocation location;
    if (!scanner.Peek(&kind, &location)) return false;
    std::string entry = location_text(location) + " " + std::string(JsonKindName(kind));
    bool more;
    if (kind == JsonKind::kObject) {
      out.push_back(entry);
      if (!scanner.EnterObject()) return false;
      std::string_view key;
      SourceLocation key_location;
      while (scanner.NextMember(&more, &key, &key_location) && more) {
        out.push_back(location_text(key_location) + " " + std::string(key) + ":");
        if (!value()) return false;
      }
      return !scanner.failed();
    }
    if (kind == JsonKind::kArray) {
      out.push_back(entry);
      if (!scanner.EnterArray()) return false;
      while (scanner.NextElement(&more) && more) {
        if (!value()) return false;
      }
      return !scanner.failed();
    }
    JsonScanner::Scalar scalar;
    if (!scanner.ReadScalar(&scalar)) return false;
    if (kind == JsonKind::kBool) entry += scalar.boolean ? " true" : " false";
    if (kind == JsonKind::kString || kind == JsonKind::kNumber) entry += " " + std::string(scalar.text);
    out.push_back(entry);
    return true;
  };
  if (!scanner.Start() || !value() || !scanner.Finish()) out.push_back("failed");
  for (const Diagnostic& d : diagnostics) out.push_back(d.ToString());
  return out;
}

using Strings = std::vector<std::string>;

TEST(ParseJsonTest, ParsesValuesWithPositions) {
  EXPECT_EQ(Pull("{\n  \"a\": [1, -2.5e3, \"x\\u00e9\\ud83d\\ude00\"],\n  \"b\": {\"c\": null, \"d\": true}}"),
            (Strings{"1:1 object", "2:3 a:", "2:8 array", "2:9 number 1", "2:12 number -2.5e3",
                     "2:20 string x\xC3\xA9\xF0\x9F\x98\x80", "3:3 b:", "3:8 object", "3:9 c:", "3:14 null", "3:20 d:",
                     "3:25 boolean true"}));
}

TEST(ParseJsonTest, CountsColumnsInCodePoints) {
  // "é" is two bytes, "😀" four: the value after them is at column 14 counted in code points.
  EXPECT_EQ(Pull("{\"é😀\": 1, \"b\": 2}"),
            (Strings{"1:1 object", "1:2 é😀:", "1:8 number 1", "1:11 b:", "1:16 number 2"}));
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

// A scanner that gives its text back as it reads (zeroing it, as the system does with released pages) reads the same
// values, and still finds a key repeated in an object whose first keys were released.
TEST(ParseJsonTest, ReadsTheSameWhenTheTextIsReleasedAsRead) {
  std::string text = "{\"first\": 1, \"a\\u0062\": 2, \"records\": [";
  for (int i = 0; i < 1000000; ++i) text += (i == 0 ? "" : ",") + std::string("{\"id\": \"r-") + std::to_string(i) + "\"}";
  text += "], \"first\": 3, \"ab\": 4, \"last\": 5}";
  ASSERT_GT(text.size(), size_t{2} * (8 << 20));  // past two release steps
  std::vector<Diagnostic> diagnostics;
  JsonScanner scanner(text, "f.json", kDefaultMaxJsonDepth, INT64_MAX, &diagnostics);
  std::vector<size_t> releases;
  scanner.ReleaseTextAsRead([&](size_t offset) {
    std::fill(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\0');
    releases.push_back(offset);
  });
  ASSERT_TRUE(scanner.Start());
  ASSERT_TRUE(scanner.EnterObject());
  std::vector<std::string> keys;
  int records = 0;
  bool more;
  std::string_view key;
  SourceLocation key_location;
  while (scanner.NextMember(&more, &key, &key_location) && more) {
    keys.emplace_back(key);
    if (key != "records") {
      ASSERT_TRUE(scanner.SkipValue());
      continue;
    }
    ASSERT_TRUE(scanner.EnterArray());
    while (scanner.NextElement(&more) && more) {
      ASSERT_TRUE(scanner.EnterObject());
      ASSERT_TRUE(scanner.NextMember(&more, &key, &key_location) && more);
      JsonScanner::Scalar id;
      ASSERT_TRUE(scanner.ReadScalar(&id));
      ASSERT_EQ(id.text, "r-" + std::to_string(records)) << "record " << records;
      ++records;
      ASSERT_TRUE(scanner.NextMember(&more, &key, &key_location) && !more);
    }
  }
  EXPECT_TRUE(scanner.Finish());
  EXPECT_EQ(records, 1000000);
  EXPECT_EQ(keys, (Strings{"first", "ab", "records", "last"}));
  EXPECT_EQ(releases.size(), 2u);
  std::vector<std::string> problems;
  for (const Diagnostic& d : diagnostics) problems.push_back(d.ToString());
  EXPECT_EQ(problems, (Strings{"f.json:1:" + std::to_string(text.size() - 30) + ": duplicate key 'first'",
                               "f.json:1:" + std::to_string(text.size() - 18) + ": duplicate key 'ab'"}));
}

TEST(ParseJsonTest, SkipsByteOrderMark) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(Scan("\xEF\xBB\xBF{}", &diagnostics));
}

TEST(ParseJsonTest, LimitsNesting) {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(Scan(ok, &diagnostics, 64));
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(ParseError(deep, 64), "f.json:1:65: nesting deeper than 64 levels");
  // Far deeper than any stack would survive without the limit.
  EXPECT_EQ(ParseError(std::string(1000000, '['), 64), "f.json:1:65: nesting deeper than 64 levels");
}

TEST(ParseJsonTest, LimitsTheNumberOfValues) {
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(Scan("[1, [2, 3]]", &diagnostics, 64, 5));
  EXPECT_FALSE(Scan("[1, [2, 3], 4]", &diagnostics, 64, 5));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].ToString(),
            "f.json:1:13: more than 5 values (objects, fields and list elements), the limit for one input; raise the "
            "value limit (max_values), or the input size limit it follows by default");
}

TEST(ParseJsonTest, ReportsDuplicateKeysAndKeepsGoing) {
  EXPECT_EQ(Pull("{\"a\": 1,\n \"a\": 2, \"b\": {\"c\": 1, \"c\": 1}}"),
            (Strings{"1:1 object", "1:2 a:", "1:7 number 1",  // the first occurrence is kept
                     "2:10 b:", "2:15 object", "2:16 c:", "2:21 number 1", "f.json:2:2: duplicate key 'a'",
                     "f.json:2:24: duplicate key 'c'"}));
}

TEST(ParseJsonTest, ReportsRepeatedKeysOfLargeObjectsAndEscapedKeys) {
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\": 0, ";
  many += "\"k\\u0033\": 1, \"k7\": 2, \"k\\u00e9\": 3, \"k\u00e9\": 4}";
  std::vector<Diagnostic> diagnostics;
  EXPECT_TRUE(Scan(many, &diagnostics));
  ASSERT_EQ(diagnostics.size(), 3u);
  EXPECT_EQ(diagnostics[0].message, "duplicate key 'k3'");
  EXPECT_EQ(diagnostics[1].message, "duplicate key 'k7'");
  EXPECT_EQ(diagnostics[2].message, "duplicate key 'k\u00e9'");
}

TEST(FindInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_FALSE(FindInvalidUtf8("").has_value());
  EXPECT_FALSE(FindInvalidUtf8("plain ascii").has_value());
  EXPECT_FALSE(FindInvalidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF").has_value());
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);
}

}  // namespace
}  // namespace hdsc::io
