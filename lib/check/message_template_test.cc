#include "lib/check/message_template.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::check {
namespace {

using ::testing::HasSubstr;

TEST(ParseMessageTemplateTest, SplitsLiteralsAndExpressions) {
  absl::StatusOr<std::vector<TemplatePart>> parts = ParseMessageTemplate("Breach ${record.id} took ${h} h");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 5u);
  EXPECT_FALSE((*parts)[0].is_expression);
  EXPECT_EQ((*parts)[0].text, "Breach ");
  EXPECT_TRUE((*parts)[1].is_expression);
  EXPECT_EQ((*parts)[1].text, "record.id");
  EXPECT_EQ((*parts)[1].offset, 9u);
  EXPECT_EQ((*parts)[2].text, " took ");
  EXPECT_EQ((*parts)[3].text, "h");
  EXPECT_EQ((*parts)[4].text, " h");
}

TEST(ParseMessageTemplateTest, BracesAndStringsInsideExpressions) {
  absl::StatusOr<std::vector<TemplatePart>> parts = ParseMessageTemplate("${{'a': 1}['a']} ${'}' + \"{\"}");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].text, "{'a': 1}['a']");
  EXPECT_EQ((*parts)[2].text, "'}' + \"{\"");
}

TEST(ParseMessageTemplateTest, DollarDollarIsALiteralDollar) {
  absl::StatusOr<std::vector<TemplatePart>> parts = ParseMessageTemplate("cost $${x} $5");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].text, "cost ${x} $5");
}

TEST(ParseMessageTemplateTest, RejectsUnterminatedAndEmptyExpressions) {
  EXPECT_THAT(ParseMessageTemplate("abc ${record.id").status().message(), HasSubstr("4: '${' without a matching '}'"));
  EXPECT_THAT(ParseMessageTemplate("${ }").status().message(), HasSubstr("0: empty"));
  TemplateError error;
  EXPECT_FALSE(ParseMessageTemplate("ab ${ }", &error).ok());
  EXPECT_EQ(error.offset, 3);
  EXPECT_EQ(error.message, "empty '${}'");
}

}  // namespace
}  // namespace hdsc::check
