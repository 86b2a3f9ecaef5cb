#include "lib/rules/common_text_format.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/model/rules.pb.h"
#include "lib/rules/pack.h"

namespace hdsc::rules {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::TextFormat;

// Every field `message` has is at the same offset in both, and so is every field inside it.
void ExpectSameLocations(const Message& message, const TextLocations& read, const TextLocations& parsed,
                         const std::string& path) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? message.GetReflection()->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const int index = field->is_repeated() ? i : -1;
      const std::string at = path + "." + field->name() + "[" + std::to_string(index) + "]";
      ASSERT_EQ(read.Offset(field, index), parsed.Offset(field, index)) << at;
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      ASSERT_NE(read.Offset(field, index), TextLocations::kNotWritten) << at;
      ASSERT_NE(read.Nested(field, index), nullptr) << at;
      ASSERT_NE(parsed.Nested(field, index), nullptr) << at;
      const Message& value = field->is_repeated() ? message.GetReflection()->GetRepeatedMessage(message, field, i)
                                                  : message.GetReflection()->GetMessage(message, field);
      ExpectSameLocations(value, *read.Nested(field, index), *parsed.Nested(field, index), at);
    }
  }
}

// Reads `text` both ways and expects the same pack and the same locations.
void ExpectReadAsTextFormatParses(const std::string& text, const std::string& name) {
  v1::Pack read;
  TextLocations read_locations;
  ASSERT_TRUE(ReadCommonTextFormat(text, &read, &read_locations)) << name;
  v1::Pack parsed;
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.WriteLocationsTo(&tree);
  ASSERT_TRUE(parser.ParseFromString(text, &parsed)) << name;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, parsed)) << name;
  const io::SourceText source(text);
  ExpectSameLocations(parsed, read_locations, TextLocations::FromParseInfoTree(tree, parsed, source), name);
}

TEST(CommonTextFormatTest, ReadsEveryBundledPackAsTextFormatParsesIt) {
  absl::StatusOr<std::vector<PackSource>> sources = ReadPackSources({"controls"});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_GT(sources->size(), 20u);
  for (const PackSource& source : *sources) ExpectReadAsTextFormatParses(source.contents, source.path);
}

TEST(CommonTextFormatTest, ReadsTheFormsPacksUse) {
  ExpectReadAsTextFormatParses(
      "# a comment\n"
      "rule {\n"
      "  id: 'R-1'  # after a value\n"
      "  severity: HIGH;\n"
      "  title: { en: \"a \\\"quoted\\\" \\\\ word\\n\" fr: 'l\\'été' },\n"
      "  when: \"a && \"\n"
      "        'b'\n"
      "  tag: \"x\" tag: [\"y\", 'z'] tag: [] tag: \"w\"\n"
      "}\n"
      "rule{id:\"R-2\"severity:LOW}\n"
      "param { name: \"n\" default_value { double_value: -12.5 } }\n"
      "param { name: \"m\" default_value { double_value: 80 } }\n"
      "param { name: \"b\" default_value { bool_value: true } }\n"
      "param { name: \"z\" default_value { double_value: 0.25 } }\n",
      "sample");
}

TEST(CommonTextFormatTest, RecordsTheOffsetOfEachFieldName) {
  v1::Pack pack;
  TextLocations locations;
  ASSERT_TRUE(ReadCommonTextFormat("rule {\n id: 'a'\n}\nrule { id: 'b' }", &pack, &locations));
  const FieldDescriptor* rule = v1::Pack::descriptor()->FindFieldByName("rule");
  const FieldDescriptor* id = v1::Rule::descriptor()->FindFieldByName("id");
  EXPECT_EQ(locations.Offset(rule, 0), 0u);
  EXPECT_EQ(locations.Offset(rule, 1), 18u);
  EXPECT_EQ(locations.Offset(rule, 2), TextLocations::kNotWritten);
  ASSERT_NE(locations.Nested(rule, 1), nullptr);
  EXPECT_EQ(locations.Nested(rule, 1)->Offset(id, -1), 25u);
  EXPECT_EQ(locations.Nested(rule, 0)->Offset(id, -1), 8u);
}

// What the reader leaves to TextFormat: errors, and forms it does not read.
TEST(CommonTextFormatTest, GivesUpOnErrorsAndOtherForms) {
  for (const char* text : {
           "rule { id: 'a' ",                        // no closing brace
           "}",                                      // a brace too many
           "rule { id: 'a\nb' }",                    // a line break in a string
           "rule { id: 'a }",                        // no closing quote
           "rule { id 'a' }",                        // no ':' before a scalar
           "rule { id: a }",                         // not a string
           "rule { id: 1 }",                         // not a string
           "rule { nope: 'a' }",                     // no such field
           "rule { id: 'a' id: 'b' }",               // a singular field twice
           "rule { title { en: 'a' } title { } }",   // a singular message twice
           "rule { severity: 3 }",                   // an enum by number
           "rule { severity: VERY_HIGH }",           // no such enum value
           "rule { id: '\\d' }",                     // an escape TextFormat rejects
           "rule { id: '\\x41' }",                   // a numeric escape
           "rule { id: '\\?' }",                     // an escape TextFormat reads its own way
           "rule { tag: ['a'; 'b'] }",               // no comma in a list
           "rule { tag: ['a', ] }",                  // a comma too many
           "rule { id: ['a'] }",                     // a list for a singular field
           "framework { requirement: [{ id: 'a' }] }",  // a list of messages
           "rule < id: 'a' >",                       // angle brackets
           "[hdsc.ext] { }",                         // an extension
           "param { default_value { double_value: 1e3 } }",
           "param { default_value { double_value: 1.5f } }",
           "param { default_value { double_value: .5 } }",
           "param { default_value { double_value: 05 } }",
           "param { default_value { double_value: 0x10 } }",
           "param { default_value { double_value: - 1 } }",
           "param { default_value { double_value: 1abc } }",
           "param { default_value { double_value: 1234567890123456789 } }",
           "param { default_value { bool_value: 1 } }",
           "param { default_value { bool_value: True } }",
           "param { default_value { bool_value: true double_value: 1 } }",  // two members of a oneof
           "rule { id: '\xff' }",                    // not UTF-8
       }) {
    v1::Pack pack;
    TextLocations locations;
    EXPECT_FALSE(ReadCommonTextFormat(text, &pack, &locations)) << text;
  }
  // A NUL byte, even in a comment or a string.
  for (const std::string text : {std::string("# a\0b\n", 7), std::string("rule { id: 'a\0b' }", 19)}) {
    v1::Pack pack;
    TextLocations locations;
    EXPECT_FALSE(ReadCommonTextFormat(text, &pack, &locations)) << text;
  }
}

}  // namespace
}  // namespace hdsc::rules
