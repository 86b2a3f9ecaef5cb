#include "lib/expr/stdlib.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::expr::internal {
namespace {

using ::testing::HasSubstr;

Value Call(std::string_view name, std::vector<Value> args) {
  Function function = FindFunction(name);
  if (function == nullptr) return Value::Error("no function");
  return function(args.data(), args.size());
}

std::string ErrorOf(const Value& value) {
  return value.IsError() ? std::string(value.error_value().message()) : "not an error";
}

TEST(StdlibTest, UnknownFunctionsAreAbsent) {
  EXPECT_EQ(FindFunction("no_such_function"), nullptr);
  EXPECT_NE(FindFunction("_+_"), nullptr);
}

TEST(StdlibTest, IntegerOverflowIsAnError) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_THAT(ErrorOf(Call("_+_", {Value::Int(max), Value::Int(1)})), HasSubstr("overflow"));
  EXPECT_THAT(ErrorOf(Call("_-_", {Value::Int(min), Value::Int(1)})), HasSubstr("overflow"));
  EXPECT_THAT(ErrorOf(Call("_*_", {Value::Int(max), Value::Int(2)})), HasSubstr("overflow"));
  EXPECT_THAT(ErrorOf(Call("_%_", {Value::Int(min), Value::Int(-1)})), HasSubstr("overflow"));
  EXPECT_THAT(ErrorOf(Call("-_", {Value::Int(min)})), HasSubstr("overflow"));
  EXPECT_THAT(ErrorOf(Call("_-_", {Value::Uint(1), Value::Uint(2)})), HasSubstr("overflow"));
  EXPECT_THAT(
      ErrorOf(Call("_+_", {Value::Uint(std::numeric_limits<uint64_t>::max()), Value::Uint(1)})),
      HasSubstr("overflow"));
  EXPECT_EQ(Call("_+_", {Value::Int(max - 1), Value::Int(1)}).int_value(), max);
}

TEST(StdlibTest, DivisionByZero) {
  EXPECT_THAT(ErrorOf(Call("_/_", {Value::Int(1), Value::Int(0)})), HasSubstr("divide by zero"));
  EXPECT_THAT(ErrorOf(Call("_%_", {Value::Uint(1), Value::Uint(0)})), HasSubstr("modulus by zero"));
  EXPECT_TRUE(std::isinf(Call("_/_", {Value::Double(1), Value::Double(0)}).double_value()));
}

TEST(StdlibTest, NoOverloadNamesTheArgumentTypes) {
  EXPECT_EQ(ErrorOf(Call("_+_", {Value::Int(1), Value::String("a")})),
            "no matching overload for '_+_' applied to (int, string)");
  EXPECT_THAT(ErrorOf(Call("size", {Value::Int(1)})), HasSubstr("'size'"));
  EXPECT_THAT(ErrorOf(Call("_%_", {Value::Double(1), Value::Double(2)})),
              HasSubstr("no matching overload"));
}

TEST(StdlibTest, SizeCountsCodePoints) {
  EXPECT_EQ(Call("size", {Value::String("aé😀")}).int_value(), 3);
  EXPECT_EQ(Call("size", {Value::Bytes("aé")}).int_value(), 3);
}

TEST(StdlibTest, NanNeverOrders) {
  const Value nan = Value::Double(std::nan(""));
  EXPECT_FALSE(Call("_<_", {nan, Value::Double(1)}).bool_value());
  EXPECT_FALSE(Call("_>=_", {nan, Value::Double(1)}).bool_value());
  EXPECT_TRUE(Call("_!=_", {nan, nan}).bool_value());
}

TEST(StdlibTest, ParseDurationAcceptsGoSyntax) {
  EXPECT_EQ(*ParseDuration("1h30m5.5s"),
            absl::Hours(1) + absl::Minutes(30) + absl::Milliseconds(5500));
  EXPECT_EQ(*ParseDuration("-1.5ms"), -absl::Microseconds(1500));
  EXPECT_EQ(*ParseDuration("0"), absl::ZeroDuration());
  EXPECT_EQ(*ParseDuration("2us"), absl::Microseconds(2));
  EXPECT_EQ(*ParseDuration("3\xC2\xB5s"), absl::Microseconds(3));
  EXPECT_EQ(*ParseDuration("0.123456789s"), absl::Nanoseconds(123456789));
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("1").ok());
  EXPECT_FALSE(ParseDuration("1d").ok());
  EXPECT_FALSE(ParseDuration("s").ok());
  EXPECT_EQ(ParseDuration("320000000000s").status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ParseDuration("99999999999999999999h").status().code(), absl::StatusCode::kOutOfRange);
}

TEST(StdlibTest, ParseTimestampIsRfc3339WithinRange) {
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:01Z"), absl::FromUnixSeconds(1));
  EXPECT_EQ(*ParseTimestamp("1970-01-01T01:00:00+01:00"), absl::UnixEpoch());
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:00.000000001Z"), absl::FromUnixNanos(1));
  EXPECT_TRUE(ParseTimestamp("0001-01-01T00:00:00Z").ok());
  EXPECT_TRUE(ParseTimestamp("9999-12-31T23:59:59.999999999Z").ok());
  EXPECT_FALSE(ParseTimestamp("0000-12-31T23:59:59Z").ok());
  EXPECT_FALSE(ParseTimestamp("10000-01-01T00:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2024-01-01").ok());
}

TEST(StdlibTest, TimeZoneAccessors) {
  const Value t = Value::Timestamp(absl::FromUnixSeconds(1234567890));  // 2009-02-13T23:31:30Z
  EXPECT_EQ(Call("getDate", {t, Value::String("Australia/Sydney")}).int_value(), 14);
  EXPECT_EQ(Call("getHours", {t, Value::String("-08:00")}).int_value(), 15);
  EXPECT_EQ(Call("getHours", {t, Value::String("02:00")}).int_value(), 1);
  EXPECT_EQ(Call("getMonth", {t}).int_value(), 1);
  EXPECT_EQ(Call("getDayOfYear", {t}).int_value(), 43);
  EXPECT_EQ(Call("getFullYear", {t}).int_value(), 2009);
  EXPECT_THAT(ErrorOf(Call("getHours", {t, Value::String("+25:00")})),
              HasSubstr("unknown time zone"));
  EXPECT_THAT(ErrorOf(Call("getHours", {t, Value::String("../../etc/passwd")})),
              HasSubstr("unknown time zone"));
  const Value d = Value::Duration(absl::Seconds(123) + absl::Milliseconds(321));
  EXPECT_EQ(Call("getMilliseconds", {d}).int_value(), 321);
  EXPECT_EQ(Call("getSeconds", {d}).int_value(), 123);
}

TEST(StdlibTest, ConversionRanges) {
  EXPECT_THAT(ErrorOf(Call("int", {Value::Double(9.3e18)})), HasSubstr("out of range"));
  EXPECT_THAT(ErrorOf(Call("int", {Value::Uint(1ULL << 63)})), HasSubstr("out of range"));
  EXPECT_THAT(ErrorOf(Call("uint", {Value::Double(-1)})), HasSubstr("out of range"));
  EXPECT_THAT(ErrorOf(Call("int", {Value::Double(std::nan(""))})), HasSubstr("out of range"));
  EXPECT_EQ(Call("uint", {Value::Double(1.9)}).uint_value(), 1u);
  EXPECT_EQ(Call("int", {Value::Timestamp(absl::FromUnixSeconds(-5))}).int_value(), -5);
  EXPECT_THAT(ErrorOf(Call("double", {Value::String(" 1")})), HasSubstr("cannot convert"));
  EXPECT_THAT(ErrorOf(Call("bool", {Value::String("yes")})), HasSubstr("cannot convert"));
}

}  // namespace
}  // namespace hdsc::expr::internal

namespace hdsc::expr::internal {
namespace {

TEST(StringExtensionTest, IndexesCountCodePoints) {
  EXPECT_EQ(Call("charAt", {Value::String("©αT"), Value::Int(1)}).string_value(), "α");
  EXPECT_EQ(Call("charAt", {Value::String("abc"), Value::Int(3)}).string_value(), "");
  EXPECT_THAT(ErrorOf(Call("charAt", {Value::String("abc"), Value::Int(4)})),
              HasSubstr("index out of range: 4"));
  EXPECT_EQ(Call("indexOf", {Value::String("©αTα"), Value::String("α")}).int_value(), 1);
  EXPECT_EQ(Call("indexOf", {Value::String("©αTα"), Value::String("α"), Value::Int(2)}).int_value(),
            3);
  EXPECT_EQ(Call("lastIndexOf", {Value::String("tacocat"), Value::String("at")}).int_value(), 5);
  EXPECT_EQ(Call("lastIndexOf", {Value::String("tacocat"), Value::String("")}).int_value(), 7);
  EXPECT_EQ(Call("substring", {Value::String("©αTx"), Value::Int(1), Value::Int(3)}).string_value(),
            "αT");
  EXPECT_THAT(ErrorOf(Call("substring", {Value::String("abc"), Value::Int(2), Value::Int(1)})),
              HasSubstr("invalid substring range"));
}

// lowerAscii and upperAscii change eight bytes at a time: every byte value, at every position
// and for every length up to a few words, as the byte-by-byte conversion.
TEST(StringExtensionTest, AsciiCaseChangesOnlyAsciiLetters) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  for (size_t start = 0; start < all.size(); start += 7) {
    for (size_t length = 0; length <= 27 && start + length <= all.size(); ++length) {
      const std::string text = all.substr(start, length);
      EXPECT_EQ(Call("lowerAscii", {Value::String(text)}).string_value(), absl::AsciiStrToLower(text))
          << start << " " << length;
      EXPECT_EQ(Call("upperAscii", {Value::String(text)}).string_value(), absl::AsciiStrToUpper(text))
          << start << " " << length;
    }
  }
  EXPECT_EQ(Call("lowerAscii", {Value::String("@[`{AZaz\xc3\x80\xc3\xa0")}).string_value(),
            "@[`{azaz\xc3\x80\xc3\xa0");
  EXPECT_EQ(Call("upperAscii", {Value::String("@[`{AZaz\xc3\x80\xc3\xa0")}).string_value(),
            "@[`{AZAZ\xc3\x80\xc3\xa0");
  // Nothing to change: the same string, not a copy.
  const Value lower = Value::String("already lower, ünïcode 123");
  EXPECT_EQ(Call("lowerAscii", {lower}).string_value().data(), lower.string_value().data());
  EXPECT_EQ(Call("upperAscii", {Value::String("")}).string_value(), "");
}

// split's parts are views of the text, which they keep alive.
TEST(StringExtensionTest, SplitPartsOutliveTheirText) {
  Value parts = Call("split", {Value::String(std::string(100, 'a') + ",b,,é"), Value::String(",")});
  ASSERT_EQ(parts.kind(), ValueKind::kList);
  ASSERT_EQ(parts.list_value().size(), 4u);
  EXPECT_EQ(parts.list_value().Get(0).string_value(), std::string(100, 'a'));
  EXPECT_EQ(parts.list_value().Get(1).string_value(), "b");
  EXPECT_EQ(parts.list_value().Get(2).string_value(), "");
  EXPECT_EQ(parts.list_value().Get(3).string_value(), "é");
  Value chars = Call("split", {Value::String("aé€😀"), Value::String(""), Value::Int(3)});
  ASSERT_EQ(chars.list_value().size(), 3u);
  EXPECT_EQ(chars.list_value().Get(1).string_value(), "é");
  EXPECT_EQ(chars.list_value().Get(2).string_value(), "€😀");
  EXPECT_EQ(Call("split", {Value::String(""), Value::String("")}).list_value().size(), 0u);
  EXPECT_EQ(Call("split", {Value::String(""), Value::String(",")}).list_value().size(), 1u);
  EXPECT_EQ(Call("split", {Value::String("a,b"), Value::String(","), Value::Int(0)}).list_value().size(), 0u);
  EXPECT_EQ(SplitCount("a,b,,c", ",", -1), 4);
  EXPECT_EQ(SplitCount("a,b,,c", ",", 2), 2);
  EXPECT_EQ(SplitCount("aXYbXYXY", "XY", -1), 4);
  EXPECT_EQ(SplitCount("aXXXb", "XX", -1), 2);
  EXPECT_EQ(SplitCount("aé€😀", "", -1), 4);
  EXPECT_EQ(SplitCount("aé€😀", "", 10), 4);
  EXPECT_EQ(SplitCount("", "", -1), 0);
  EXPECT_EQ(SplitCount("", ",", -1), 1);
  EXPECT_EQ(SplitCount(std::string(37, ','), ",", -1), 38);
}

TEST(StringExtensionTest, TransformsText) {
  EXPECT_EQ(Call("lowerAscii", {Value::String("TacoCÆt")}).string_value(), "tacocÆt");
  EXPECT_EQ(Call("upperAscii", {Value::String("tacoCat")}).string_value(), "TACOCAT");
  EXPECT_EQ(Call("replace", {Value::String("{0} and {0}"), Value::String("{0}"), Value::String("x"),
                             Value::Int(1)})
                .string_value(),
            "x and {0}");
  EXPECT_EQ(Call("trim", {Value::String("\u00a0\t text \u3000")}).string_value(), "text");
  Value parts = Call("split", {Value::String("a,b,c"), Value::String(","), Value::Int(2)});
  ASSERT_EQ(parts.kind(), ValueKind::kList);
  ASSERT_EQ(parts.list_value().size(), 2u);
  EXPECT_EQ(parts.list_value().Get(1).string_value(), "b,c");
  EXPECT_EQ(
      Call("join", {Value::List({Value::String("x"), Value::String("y")}), Value::String("-")})
          .string_value(),
      "x-y");
  EXPECT_THAT(ErrorOf(Call("join", {Value::List({Value::Int(1)})})), HasSubstr("not a string"));
}

TEST(StringExtensionTest, QuoteEscapesLikeACelLiteral) {
  EXPECT_EQ(Call("strings.quote", {Value::String("a\"b\\c\n\x01é")}).string_value(),
            "\"a\\\"b\\\\c\\n\\x01é\"");
}

TEST(StringExtensionTest, FormatClauses) {
  auto format = [](std::string_view pattern, std::vector<Value> values) {
    return Call("format", {Value::String(std::string(pattern)), Value::List(std::move(values))});
  };
  EXPECT_EQ(format("%s=%d (%x) %.2f%%",
                   {Value::String("n"), Value::Int(-30), Value::Uint(255), Value::Double(2.345)})
                .string_value(),
            "n=-30 (ff) 2.35%");
  EXPECT_EQ(format("%s", {Value::List({Value::String("a"), Value::Null()})}).string_value(),
            "[a, null]");
  EXPECT_EQ(
      format("%b %o %X", {Value::Bool(true), Value::Int(8), Value::String("hi")}).string_value(),
      "1 10 6869");
  EXPECT_THAT(ErrorOf(format("%d %d", {Value::Int(1)})), HasSubstr("index 1 out of range"));
  EXPECT_THAT(ErrorOf(format("%q", {Value::Int(1)})), HasSubstr("unrecognized formatting clause"));
  EXPECT_THAT(ErrorOf(format("%d", {Value::String("x")})), HasSubstr("decimal clause"));
}

TEST(EncodersTest, Base64RoundTrips) {
  EXPECT_EQ(Call("base64.encode", {Value::Bytes("hello")}).string_value(), "aGVsbG8=");
  EXPECT_EQ(Call("base64.decode", {Value::String("aGVsbG8")}).string_value(), "hello");
  EXPECT_TRUE(Call("base64.decode", {Value::String("!!")}).IsError());
}

TEST(ComprehensionHelpersTest, MapInsertRejectsRepeatedKeys) {
  auto empty = Value::Map({});
  ASSERT_TRUE(empty.ok());
  Value one = Call("cel.@mapInsert", {*empty, Value::String("k"), Value::Int(1)});
  ASSERT_EQ(one.kind(), ValueKind::kMap);
  EXPECT_EQ(one.map_value().size(), 1u);
  EXPECT_THAT(ErrorOf(Call("cel.@mapInsert", {one, Value::String("k"), Value::Int(2)})),
              HasSubstr("repeated key"));
}

TEST(MathExtensionTest, GreatestAndLeastKeepTheWinnersKind) {
  Value greatest = Call("math.greatest", {Value::Int(1), Value::Double(2.5), Value::Uint(2)});
  ASSERT_EQ(greatest.kind(), ValueKind::kDouble);
  EXPECT_EQ(greatest.double_value(), 2.5);
  Value least = Call("math.least", {Value::List({Value::Uint(3), Value::Int(-1)})});
  ASSERT_EQ(least.kind(), ValueKind::kInt);
  EXPECT_EQ(least.int_value(), -1);
  EXPECT_THAT(ErrorOf(Call("math.least", {Value::List({})})), HasSubstr("must not be empty"));
  EXPECT_THAT(ErrorOf(Call("math.greatest", {Value::String("a")})),
              HasSubstr("no matching overload"));
}

TEST(MathExtensionTest, RoundingSignsAndBits) {
  EXPECT_EQ(Call("math.round", {Value::Double(-1.5)}).double_value(), -2.0);
  EXPECT_EQ(Call("math.trunc", {Value::Double(-1.7)}).double_value(), -1.0);
  EXPECT_THAT(ErrorOf(Call("math.abs", {Value::Int(std::numeric_limits<int64_t>::min())})),
              HasSubstr("overflow"));
  EXPECT_EQ(Call("math.sign", {Value::Int(-9)}).int_value(), -1);
  EXPECT_TRUE(Call("math.isNaN", {Value::Double(std::nan(""))}).bool_value());
  EXPECT_EQ(Call("math.bitXor", {Value::Int(4), Value::Int(-2)}).int_value(), -6);
  EXPECT_EQ(Call("math.bitShiftRight", {Value::Int(-1024), Value::Int(3)}).int_value(),
            2305843009213693824);
  EXPECT_EQ(Call("math.bitShiftLeft", {Value::Int(1), Value::Int(64)}).int_value(), 0);
  EXPECT_THAT(ErrorOf(Call("math.bitShiftLeft", {Value::Int(1), Value::Int(-1)})),
              HasSubstr("negative offset"));
}

}  // namespace
}  // namespace hdsc::expr::internal
