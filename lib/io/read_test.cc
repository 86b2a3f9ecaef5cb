#include "lib/io/read.h"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "google/protobuf/text_format.h"
#include "lib/io/json_reader.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/io/testdata/test_message.pb.h"

namespace hdsc::io {
namespace {

using ::hdsc::io::test::Color;
using ::hdsc::io::test::TestMessage;

// Reads `text` as `format` and returns the diagnostics, one `ToString()` per element.
std::vector<std::string> Problems(std::string_view text, Format format = Format::kJson, TestMessage* out = nullptr,
                                  LoadOptions options = {}) {
  TestMessage scratch;
  options.format = format;
  absl::StatusOr<ReadResult> result = ReadMessage(text, "t", options, out != nullptr ? out : &scratch);
  if (!result.ok()) return {std::string("status: ") + std::string(result.status().message())};
  std::vector<std::string> problems;
  for (const Diagnostic& d : result->diagnostics) problems.push_back(d.ToString());
  return problems;
}

using Strings = std::vector<std::string>;

TestMessage FullyPopulated() {
  TestMessage m;
  m.set_int32_value(-42);
  m.set_int64_value(-9007199254740993);  // not exact as a double: must travel as a string
  m.set_uint32_value(4000000000u);
  m.set_uint64_value(18446744073709551615u);
  m.set_sint32_value(-7);
  m.set_sint64_value(-8);
  m.set_fixed32_value(9);
  m.set_fixed64_value(10);
  m.set_sfixed32_value(-11);
  m.set_sfixed64_value(-12);
  m.set_float_value(1.5f);
  m.set_double_value(-2.25e-300);
  m.set_bool_value(true);
  m.set_string_value("h\xC3\xA9llo \"w\"\n");
  m.set_bytes_value(std::string("\x00\xFF\x10 bytes", 9));
  m.set_color(test::BLUE);
  m.mutable_child()->set_name("child");
  m.mutable_child()->add_children()->set_id("grandchild");
  m.add_items()->set_id("a");
  m.add_items()->set_id("b");
  m.add_int64_list(1);
  m.add_int64_list(-2);
  m.add_string_list("x");
  m.add_colors(test::RED);
  m.add_colors(test::GREEN);
  (*m.mutable_child_map())["k"].set_name("v");
  (*m.mutable_int_map())[-3] = "minus three";
  (*m.mutable_bool_map())[true] = 1;
  m.mutable_created_at()->set_seconds(1715851800);
  m.mutable_created_at()->set_nanos(5000);
  m.mutable_delay()->set_seconds(-3);
  m.mutable_delay()->set_nanos(-500000000);
  m.mutable_wrapped_int()->set_value(0);
  m.mutable_wrapped_string()->set_value("wrapped");
  (*m.mutable_extra()->mutable_fields())["list"].mutable_list_value()->add_values()->set_number_value(1);
  (*m.mutable_extra()->mutable_fields())["null"].set_null_value(google::protobuf::NULL_VALUE);
  (*m.mutable_extra()->mutable_fields())["nested"].mutable_struct_value();
  m.mutable_any_value()->set_string_value("any");
  m.mutable_mask()->add_paths("processor_ids");
  m.mutable_mask()->add_paths("name");
  m.set_optional_int(0);
  m.set_phone("+33 1 23 45 67 89");
  m.add_times()->set_seconds(86400);
  m.add_double_list(std::numeric_limits<double>::infinity());
  m.add_double_list(-std::numeric_limits<double>::infinity());
  return m;
}

void ExpectReadsBack(const std::string& text, Format format, const TestMessage& expected) {
  TestMessage actual;
  LoadOptions options;
  options.format = format;
  absl::StatusOr<ReadResult> result = ReadMessage(text, "t", options, &actual);
  ASSERT_TRUE(result.ok()) << result.status();
  for (const Diagnostic& d : result->diagnostics) ADD_FAILURE() << d.ToString() << "\nin: " << text;
  EXPECT_TRUE(result->complete);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected, actual))
      << "expected:\n" << expected.DebugString() << "\nactual:\n" << actual.DebugString();
}

TEST(ReadJsonTest, ReadsWhatProtobufWrites) {
  const TestMessage expected = FullyPopulated();
  for (bool proto_names : {false, true}) {
    for (bool enums_as_ints : {false, true}) {
      google::protobuf::util::JsonPrintOptions print;
      print.preserve_proto_field_names = proto_names;
      print.always_print_enums_as_ints = enums_as_ints;
      print.add_whitespace = true;
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(expected, &json, print).ok());
      ExpectReadsBack(json, Format::kJson, expected);
    }
  }
}

TEST(ReadJsonTest, ReadsTheMappingsAlternativeForms) {
  TestMessage m;
  EXPECT_EQ(Problems(R"({"int64Value": 12, "uint64_value": "13", "int32_value": "1e2", "sint32Value": 3.0,
                          "double_value": "NaN", "float_value": "-Infinity", "bytes_value": "_-8",
                          "color": 2, "colors": ["RED", 3], "wrapped_int": null, "optional_int": null,
                          "child": null, "items": null, "mask": "a.bC,d", "created_at": "2024-05-16T11:30:00+02:00"})",
                     Format::kJson, &m),
            Strings{});
  EXPECT_EQ(m.int64_value(), 12);
  EXPECT_EQ(m.uint64_value(), 13u);
  EXPECT_EQ(m.int32_value(), 100);
  EXPECT_EQ(m.sint32_value(), 3);
  EXPECT_TRUE(std::isnan(m.double_value()));
  EXPECT_EQ(m.float_value(), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(m.bytes_value(), "\xFF\xEF");
  EXPECT_EQ(m.color(), test::GREEN);
  EXPECT_EQ(m.colors_size(), 2);
  EXPECT_EQ(m.colors(1), test::BLUE);
  EXPECT_FALSE(m.has_wrapped_int());
  EXPECT_FALSE(m.has_optional_int());
  EXPECT_FALSE(m.has_child());
  EXPECT_EQ(m.mask().paths(0), "a.b_c");
  EXPECT_EQ(m.mask().paths(1), "d");
  EXPECT_EQ(m.created_at().seconds(), 1715851800);
}

TEST(ReadJsonTest, WrongTypesAreLocated) {
  EXPECT_EQ(Problems("{\n  \"string_value\": 5}"), Strings{"t:2:19: string_value: expected a string, got number 5"});
  EXPECT_EQ(Problems(R"({"int32_value": "abc"})"),
            Strings{"t:1:17: int32_value: expected a 32-bit integer, got string \"abc\""});
  EXPECT_EQ(Problems(R"({"int32_value": 3000000000})"),
            Strings{"t:1:17: int32_value: expected a 32-bit integer, got number 3000000000"});
  EXPECT_EQ(Problems(R"({"uint32_value": -1})"),
            Strings{"t:1:18: uint32_value: expected an unsigned 32-bit integer, got number -1"});
  EXPECT_EQ(Problems(R"({"int64_value": 1.5})"), Strings{"t:1:17: int64_value: expected a 64-bit integer, got number 1.5"});
  EXPECT_EQ(Problems(R"({"int64_value": 1e20})"),
            Strings{"t:1:17: int64_value: expected a 64-bit integer, got number 1e20"});
  EXPECT_EQ(Problems(R"({"double_value": 1e400})"), Strings{"t:1:18: double_value: expected a number, got number 1e400"});
  EXPECT_EQ(Problems(R"({"float_value": 1e39})"),
            Strings{"t:1:17: float_value: expected a number within the range of a float, got number 1e39"});
  EXPECT_EQ(Problems(R"({"bool_value": "true"})"), Strings{"t:1:16: bool_value: expected true or false, got string \"true\""});
  EXPECT_EQ(Problems(R"({"bytes_value": "***"})"), Strings{"t:1:17: bytes_value: expected a base64 string, got string \"***\""});
  EXPECT_EQ(Problems(R"({"child": []})"), Strings{"t:1:11: child: expected an object (hdsc.io.test.Child), got array"});
  EXPECT_EQ(Problems(R"({"items": {}})"), Strings{"t:1:11: items: expected an array, got object"});
  EXPECT_EQ(Problems(R"({"items": [{"name": true}]})"), Strings{"t:1:21: items[0].name: expected a string, got true"});
  EXPECT_EQ(Problems(R"({"child_map": []})"), Strings{"t:1:15: child_map: expected an object (map), got array"});
  EXPECT_EQ(Problems(R"({"int_map": {"x": "y"}})"), Strings{"t:1:14: int_map[\"x\"]: map key is not a valid int32"});
  EXPECT_EQ(Problems(R"({"string_list": ["a", null]})"),
            Strings{"t:1:23: string_list[1]: null is not allowed as an element of a repeated field"});
  EXPECT_EQ(Problems("[]"), Strings{"t:1:1: expected an object (hdsc.io.test.TestMessage), got array"});
  // Long values are shortened in messages.
  EXPECT_EQ(Problems(R"({"int32_value": ")" + std::string(100, 'x') + "\"}"),
            Strings{"t:1:17: int32_value: expected a 32-bit integer, got string \"" + std::string(40, 'x') + "...\""});
}

TEST(ReadJsonTest, EnumsByNameOrDeclaredNumber) {
  EXPECT_EQ(Problems(R"({"color": "REDD"})"),
            Strings{"t:1:11: color: unknown hdsc.io.test.Color value \"REDD\"; did you mean \"RED\"?"});
  EXPECT_EQ(Problems(R"({"color": 7})"), Strings{"t:1:11: color: 7 is not a number of a hdsc.io.test.Color value"});
  EXPECT_EQ(Problems(R"({"color": true})"),
            Strings{"t:1:11: color: expected a hdsc.io.test.Color value name, got true"});
}

TEST(ReadJsonTest, TimestampsAndDurations) {
  TestMessage m;
  EXPECT_EQ(Problems(R"({"created_at": "2024-02-30T10:00:00Z", "delay": "72h", "times": ["x"]})", Format::kJson, &m),
            (Strings{"t:1:16: created_at: expected an RFC 3339 timestamp such as \"2024-05-16T09:30:00Z\", got "
                     "string \"2024-02-30T10:00:00Z\"",
                     "t:1:49: delay: expected a duration in seconds such as \"259200s\" or \"1.5s\", got string \"72h\"",
                     "t:1:66: times[0]: expected an RFC 3339 timestamp such as \"2024-05-16T09:30:00Z\", got "
                     "string \"x\""}));
  // A malformed timestamp leaves the field unset, not at the epoch.
  EXPECT_FALSE(m.has_created_at());
  EXPECT_FALSE(m.has_delay());
}

TEST(ReadJsonTest, UnknownFieldsAreErrorsWithSuggestions) {
  EXPECT_EQ(Problems(R"({"strng_value": "x", "items": [{"nmae": "a"}], "zzz": 1})"),
            (Strings{"t:1:2: strng_value: unknown field 'strng_value' in hdsc.io.test.TestMessage; did you mean "
                     "'string_value'?",
                     "t:1:33: items[0].nmae: unknown field 'nmae' in hdsc.io.test.Child; did you mean 'name'?",
                     "t:1:48: zzz: unknown field 'zzz' in hdsc.io.test.TestMessage"}));
  EXPECT_EQ(Problems(R"({"stringValeu": "x"})"),
            Strings{"t:1:2: stringValeu: unknown field 'stringValeu' in hdsc.io.test.TestMessage; did you mean "
                    "'stringValue'?"});
  LoadOptions allow;
  allow.allow_unknown_fields = true;
  TestMessage m;
  EXPECT_EQ(Problems(R"({"strng_value": {"deep": [1]}, "string_value": "kept"})", Format::kJson, &m, allow), Strings{});
  EXPECT_EQ(m.string_value(), "kept");
}

// The root may name its JSON Schema for editors (docs/validate.md); nowhere else is `$schema` a field.
TEST(ReadJsonTest, SkipsTheRootsSchemaKey) {
  TestMessage m;
  EXPECT_EQ(Problems(R"({"$schema": "dossier.schema.json", "string_value": "kept"})", Format::kJson, &m), Strings{});
  EXPECT_EQ(m.string_value(), "kept");
  EXPECT_EQ(Problems(R"({"$schema": 1})"),
            Strings{"t:1:13: $schema: expected a string (a JSON Schema), got number 1"});
  EXPECT_EQ(Problems(R"({"child": {"$schema": "x"}})"),
            Strings{"t:1:12: child.$schema: unknown field '$schema' in hdsc.io.test.Child"});
}

TEST(ReadJsonTest, FieldsGivenTwiceAndOneofConflicts) {
  EXPECT_EQ(Problems(R"({"string_value": "a", "stringValue": "b"})"),
            Strings{"t:1:23: string_value: field given twice (as 'string_value' at 1:2 and as 'stringValue')"});
  EXPECT_EQ(Problems(R"({"email": "a", "phone": "b"})"),
            Strings{"t:1:16: phone: 'phone' and 'email' are both in oneof 'contact'; give only one"});
  EXPECT_EQ(Problems(R"({"email": null, "phone": "b"})"), Strings{});
  EXPECT_EQ(Problems(R"({"a": 1, "a": 2})"), (Strings{"t:1:10: duplicate key 'a'", "t:1:2: a: unknown field 'a' in hdsc.io.test.TestMessage"}));
}

TEST(ReadJsonTest, ReportsEveryValueProblemInOneRun) {
  TestMessage m;
  const Strings problems = Problems(R"({
  "int32_value": "x",
  "items": [{"id": "a"}, {"id": 2}],
  "string_value": "still read",
  "colour": "RED"
})",
                                    Format::kJson, &m);
  EXPECT_EQ(problems, (Strings{"t:2:18: int32_value: expected a 32-bit integer, got string \"x\"",
                               "t:3:33: items[1].id: expected a string, got number 2",
                               "t:5:3: colour: unknown field 'colour' in hdsc.io.test.TestMessage; did you mean "
                               "'color'?"}));
  EXPECT_EQ(m.string_value(), "still read");
  EXPECT_EQ(m.items_size(), 2);
}

TEST(ReadJsonTest, RecordsSourceMap) {
  TestMessage m;
  LoadOptions options;
  options.format = Format::kJson;
  absl::StatusOr<ReadResult> result = ReadMessage(R"({
  "items": [
    {"id": "a"},
    {"id": "b", "children": [{"country": "FR"}]}
  ],
  "childMap": {"k": {"name": "v"}}
})",
                                                  "t", options, &m);
  ASSERT_TRUE(result.ok());
  // The root and the records (elements of lists of messages, entries of maps of messages) only.
  const SourceMap& map = result->source_map;
  EXPECT_EQ(map.Find(""), (SourceLocation{1, 1}));
  EXPECT_EQ(map.Find("items[1]"), (SourceLocation{4, 5}));
  EXPECT_EQ(map.Find("items[1].children[0]"), (SourceLocation{4, 30}));
  EXPECT_EQ(map.Find("child_map[\"k\"]"), (SourceLocation{6, 16}));
  EXPECT_FALSE(map.Find("items[2]").has_value());
  EXPECT_FALSE(map.Find("items").has_value());
  EXPECT_EQ(map.FindNearest("items[1].children[0].country"), (SourceLocation{4, 30}));
  EXPECT_EQ(map.size(), 5u);
}

TEST(ReadJsonTest, LocatesAnyPathInTheText) {
  const std::string json = R"({
  "items": [
    {"id": "a"},
    {"id": "b", "children": [{"country": "FR"}], "id": "again"}
  ],
  "childMap": {"k": {"name": "v"}},
  "items": [],
  "int64List": [1, null, 3]
})";
  const SourceMap map = LocateJsonPaths(json, TestMessage::descriptor(),
                                        {"items[1].children[0].country", "child_map[\"k\"].name", "items[1].id",
                                         "int64_list[2]", "int32_value"});
  EXPECT_EQ(map.Find(""), (SourceLocation{1, 1}));
  EXPECT_EQ(map.Find("items"), (SourceLocation{2, 3}));
  EXPECT_EQ(map.Find("items[1]"), (SourceLocation{4, 5}));
  EXPECT_EQ(map.Find("items[1].children[0].country"), (SourceLocation{4, 31}));
  EXPECT_EQ(map.Find("child_map[\"k\"].name"), (SourceLocation{6, 22}));
  EXPECT_EQ(map.Find("items[1].id"), (SourceLocation{4, 6}));  // the first of a repeated key
  EXPECT_EQ(map.Find("int64_list[2]"), (SourceLocation{8, 26}));
  EXPECT_FALSE(map.Find("int32_value").has_value());  // not in the text: FindNearest gives the root
  EXPECT_FALSE(map.Find("items[0]").has_value());     // not asked for
}

TEST(ReadJsonTest, StopsAfterTooManyProblems) {
  std::string json = "{";
  for (int i = 0; i < 5000; ++i) json += "\"unknown_field_number_" + std::to_string(i) + "\": 1, ";
  json += "\"string_value\": \"x\"}";
  TestMessage m;
  LoadOptions options;
  options.format = Format::kJson;
  const absl::StatusOr<ReadResult> result = ReadMessage(json, "t", options, &m);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->complete);
  ASSERT_EQ(result->diagnostics.size(), kMaxDiagnostics + 1);
  EXPECT_EQ(result->diagnostics.back().ToString(), "t: too many problems: only the first 1000 are reported");
}

TEST(ReadJsonTest, ManyValuesOnOneLineStayLinear) {
  std::string json = "{\"items\": [";
  for (int i = 0; i < 100000; ++i) json += "{\"id\": \"x\"},";
  json += "{}]}";
  TestMessage m;
  LoadOptions options;
  options.format = Format::kJson;
  const absl::StatusOr<ReadResult> result = ReadMessage(json, "t", options, &m);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->diagnostics.empty());
  EXPECT_EQ(m.items_size(), 100001);
  EXPECT_EQ(result->source_map.Find("items[100000]"), (SourceLocation{1, 1 + 11 + 100000 * 12}));
}

// The reader builds no document tree, so a document of millions of values costs what its message costs; the
// tree-building reader refused more than 2,000,000 values.
TEST(ReadJsonTest, ReadsMillionsOfValues) {
  std::string json = "{\"int64List\": [";
  constexpr int kCount = 2'500'000;
  for (int i = 0; i < kCount; ++i) json += "7,";
  json += "7]}";
  TestMessage m;
  LoadOptions options;
  options.format = Format::kJson;
  const absl::StatusOr<ReadResult> result = ReadMessage(json, "t", options, &m);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->diagnostics.empty()) << result->diagnostics[0].ToString();
  EXPECT_TRUE(result->complete);
  ASSERT_EQ(m.int64_list_size(), kCount + 1);
  EXPECT_EQ(m.int64_list(kCount), 7);
}

// The same limit on values holds in every format, refusing the input before its message is built.
TEST(ReadMessageTest, LimitsTheNumberOfValuesInEveryFormat) {
  TestMessage many;
  for (int i = 0; i < 20; ++i) many.add_items()->set_id("x");
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(many, &text));
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(many, &json).ok());
  const std::string binary = many.SerializeAsString();
  const std::string limit_message =
      "more than 30 values (objects, fields and list elements), the limit for one input; raise the value limit "
      "(max_values), or the input size limit it follows by default";
  LoadOptions options;
  options.max_values = 30;
  // JSON counts the root, the array, each item and each id: item 14 is value 31.
  EXPECT_EQ(Problems(json, Format::kJson, nullptr, options), Strings{"t:1:165: " + limit_message});
  // Text counts each field: item 15 is value 31.
  EXPECT_EQ(Problems(text, Format::kTextproto, nullptr, options), Strings{"t:46:1: " + limit_message});
  EXPECT_EQ(Problems(binary, Format::kBinary, nullptr, options), Strings{"t: " + limit_message});
  // Packed elements count one by one.
  TestMessage packed;
  for (int i = 0; i < 31; ++i) packed.add_int64_list(i);
  EXPECT_EQ(Problems(packed.SerializeAsString(), Format::kBinary, nullptr, options),
            Strings{"t: " + limit_message});
  // Within the limit (42 values in JSON, 40 in the others), all three read.
  options.max_values = 42;
  EXPECT_EQ(Problems(json, Format::kJson, nullptr, options), Strings{});
  EXPECT_EQ(Problems(text, Format::kTextproto, nullptr, options), Strings{});
  EXPECT_EQ(Problems(binary, Format::kBinary, nullptr, options), Strings{});
}

TEST(ReadMessageTest, TheValueLimitFollowsTheByteLimit) {
  LoadOptions options;
  EXPECT_EQ(MaxValues(options), (int64_t{4} << 30) / kBytesPerValue);
  options.max_bytes = 1'000'000;
  EXPECT_EQ(MaxValues(options), 1'000'000 / kBytesPerValue);
  options.max_bytes = 1000;  // never below kMinMaxValues
  EXPECT_EQ(MaxValues(options), kMinMaxValues);
  options.max_values = 7;
  EXPECT_EQ(MaxValues(options), 7);

  // `[{},{},...]`: a message per 3 bytes, refused past one value per 16 bytes of the byte limit.
  std::string json = "{\"items\": [";
  for (int i = 0; i < 70'000; ++i) json += "{},";
  json += "{}]}";
  LoadOptions limited;
  limited.max_bytes = 1'000'000;
  const Strings problems = Problems(json, Format::kJson, nullptr, limited);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].substr(0, 27), "t:1:187506: more than 62500");  // item 62,498, value 62,501
}

TEST(ReadTextprotoTest, ManyFieldsOnOneLineStayLinear) {
  // Locating each field from the start of its line would be quadratic on a single-line file.
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "items { id: \"x\" } ";
  TestMessage m;
  LoadOptions options;
  options.format = Format::kTextproto;
  const absl::StatusOr<ReadResult> result = ReadMessage(text, "t", options, &m);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->diagnostics.empty());
  EXPECT_EQ(m.items_size(), 100000);
  EXPECT_EQ(result->source_map.Find("items[99999].id"), (SourceLocation{1, 99999 * 18 + 9}));
}

TEST(ReadTextprotoTest, ReadsWhatProtobufWrites) {
  const TestMessage expected = FullyPopulated();
  std::string text;
  ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(expected, &text));
  ExpectReadsBack(text, Format::kTextproto, expected);
}

TEST(ReadTextprotoTest, ErrorsAreLocatedWithSuggestions) {
  EXPECT_EQ(Problems("string_value: \"x\"\nitems { nmae: \"a\" }", Format::kTextproto),
            Strings{"t:2:9: unknown field 'nmae' in hdsc.io.test.Child; did you mean 'name'?"});
  EXPECT_EQ(Problems("color: REDD", Format::kTextproto),
            Strings{"t:1:8: unknown enum value \"REDD\" for field 'color'; did you mean \"RED\"?"});
  // Columns count code points; the tokenizer's tab stops are undone.
  EXPECT_EQ(Problems("\t\xC3\xA9: 1", Format::kTextproto).at(0), "t:1:2: Interpreting non ascii codepoint 195.");
  EXPECT_EQ(Problems("string_value: \"a\xFF\"", Format::kTextproto),
            Strings{"t:1:17: invalid UTF-8 (byte 0xFF at offset 16)"});
  EXPECT_EQ(Problems("int32_value: \"x\"", Format::kTextproto),
            Strings{"t:1:14: Expected integer, got: \"x\""});
  LoadOptions allow;
  allow.allow_unknown_fields = true;
  EXPECT_EQ(Problems("nmae: 1 string_value: \"x\"", Format::kTextproto, nullptr, allow), Strings{});
}

TEST(ReadTextprotoTest, LimitsNesting) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "children { ";
  for (int i = 0; i < 100; ++i) deep += "} ";
  const Strings problems = Problems("child { " + deep + "}", Format::kTextproto);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("too deep"), std::string::npos) << problems[0];
}

TEST(ReadTextprotoTest, RecordsSourceMap) {
  TestMessage m;
  LoadOptions options;
  options.format = Format::kTextproto;
  absl::StatusOr<ReadResult> result =
      ReadMessage("items { id: \"a\" }\nitems {\n  id: \"b\"\n  children { country: \"FR\" }\n}\n", "t", options, &m);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->diagnostics.empty());
  EXPECT_EQ(result->source_map.Find("items[1]"), (SourceLocation{2, 1}));
  EXPECT_EQ(result->source_map.Find("items[1].id"), (SourceLocation{3, 3}));
  EXPECT_EQ(result->source_map.Find("items[1].children[0].country"), (SourceLocation{4, 14}));
}

TEST(ReadBinaryTest, ReadsWhatProtobufWrites) {
  const TestMessage expected = FullyPopulated();
  ExpectReadsBack(expected.SerializeAsString(), Format::kBinary, expected);
}

TEST(ReadBinaryTest, RefusesGarbageAndUnknownFields) {
  EXPECT_EQ(Problems(std::string("\x0A\x05\x01", 3), Format::kBinary),
            Strings{"t: not a valid binary hdsc.io.test.TestMessage (truncated or corrupt data, nesting deeper than "
                    "64 levels, or a string that is not UTF-8)"});
  TestMessage m;
  m.add_items()->set_id("a");
  m.add_items()->set_id("b");
  std::string bytes = m.SerializeAsString();
  // Field 99 (varint 1) at the top level, and field 50 inside items[1] (re-encoded with a longer length).
  bytes += std::string("\x98\x06\x01", 3);
  bytes += std::string("\x92\x01\x06\x0A\x01" "c" "\x90\x03\x01", 9);
  EXPECT_EQ(Problems(bytes, Format::kBinary),
            (Strings{"t: unknown field number 99 in hdsc.io.test.TestMessage",
                     "t: items[2]: unknown field number 50 in hdsc.io.test.Child"}));
  LoadOptions allow;
  allow.allow_unknown_fields = true;
  EXPECT_EQ(Problems(bytes, Format::kBinary, nullptr, allow), Strings{});
}

TEST(ReadMessageTest, EmptyInputIsAProblemInEveryFormat) {
  for (Format format : {Format::kJson, Format::kTextproto, Format::kBinary}) {
    EXPECT_EQ(Problems("", format), Strings{"t: empty input"});
  }
}

TEST(ReadMessageTest, RefusesInputOverTheLimit) {
  LoadOptions options;
  options.format = Format::kJson;
  options.max_bytes = 4;
  TestMessage m;
  const absl::StatusOr<ReadResult> result = ReadMessage("{  }  ", "t.json", options, &m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(result.status().message(), "t.json: input is 6 bytes, more than the limit of 4 bytes");
}

TEST(ReadMessageTest, NeedsAKnownFormat) {
  TestMessage m;
  const absl::StatusOr<ReadResult> result = ReadMessage("{}", "t.yaml", LoadOptions(), &m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(ReadMessageFileTest, RefusesAHugeFileWithoutReadingIt) {
  const std::string path = TempPath("huge.json");
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, int64_t{5} << 30), 0);  // a sparse 5 GiB file
  close(fd);
  TestMessage m;
  const absl::StatusOr<ReadResult> result = ReadMessageFile(path, LoadOptions(), &m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(result.status().message(),
            path + ": input is 5368709120 bytes, more than the limit of 4294967296 bytes (4 GiB)");
  LoadOptions small;
  small.max_bytes = int64_t{64} << 20;
  EXPECT_EQ(ReadMessageFile(path, small, &m).status().message(),
            path + ": input is 5368709120 bytes, more than the limit of 67108864 bytes (64 MiB)");
  unlink(path.c_str());
}

TEST(ReadMessageFileTest, ReadsAFileAndReportsMissingOnes) {
  const std::string path = TempPath("small.json");
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  const std::string text = "{\"string_value\": 1}";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  TestMessage m;
  absl::StatusOr<ReadResult> result = ReadMessageFile(path, LoadOptions(), &m);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->diagnostics.size(), 1u);
  EXPECT_EQ(result->diagnostics[0].ToString(), path + ":1:18: string_value: expected a string, got number 1");
  unlink(path.c_str());

  result = ReadMessageFile(TempPath("missing.json"), LoadOptions(), &m);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);

  result = ReadMessageFile(TempPath(""), LoadOptions{Format::kJson}, &m);  // a directory
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace hdsc::io

namespace hdsc::io {
namespace {

TEST(FitsLimitTest, ComparesWithoutOverflow) {
  EXPECT_TRUE(FitsLimit(0, 0));
  EXPECT_TRUE(FitsLimit(64, 64));
  EXPECT_FALSE(FitsLimit(65, 64));
  EXPECT_FALSE(FitsLimit(static_cast<size_t>(-1), kDefaultMaxBytes));  // a failed read's -1
  EXPECT_FALSE(FitsLimit(size_t{1} << 63, kDefaultMaxBytes));
  EXPECT_FALSE(FitsLimit(0, -1));
}

}  // namespace
}  // namespace hdsc::io
