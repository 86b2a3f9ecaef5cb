#include "lib/report/json_writer.h"

#include "gtest/gtest.h"

namespace hdsc::report::internal {
namespace {

TEST(JsonWriterTest, KeepsInsertionOrderAndIndents) {
  Json root = Json::Object();
  root.Set("b", "x");
  root.SetInt("a", -3);
  Json& list = root.Set("list", Json::Array());
  list.Push(Json::Bool(true));
  list.Push(Json::Object());
  EXPECT_EQ(root.Serialize(), "{\n  \"b\": \"x\",\n  \"a\": -3,\n  \"list\": [\n    true,\n    {}\n  ]\n}\n");
}

TEST(JsonWriterTest, SetReplacesAnEarlierValue) {
  Json root = Json::Object();
  root.Set("k", "first");
  root.Set("k", "second");
  EXPECT_EQ(root.Serialize(), "{\n  \"k\": \"second\"\n}\n");
}

TEST(JsonWriterTest, QuotesControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(JsonQuote("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  EXPECT_EQ(JsonQuote("é€"), "\"é€\"");
  EXPECT_EQ(JsonQuote("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(JsonQuote("\xc3"), "\"\\ufffd\"");        // truncated sequence
  EXPECT_EQ(JsonQuote("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");  // a surrogate
}

}  // namespace
}  // namespace hdsc::report::internal
