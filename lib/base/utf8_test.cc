#include "lib/base/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

std::string Encode(uint32_t code_point) {
  std::string out;
  AppendUtf8(code_point, &out);
  return out;
}

TEST(AppendUtf8Test, EncodesEachLength) {
  EXPECT_EQ(Encode('A'), "A");
  EXPECT_EQ(Encode(0xE9), "\xC3\xA9");              // é
  EXPECT_EQ(Encode(0x20AC), "\xE2\x82\xAC");        // €
  EXPECT_EQ(Encode(0x1F600), "\xF0\x9F\x98\x80");   // 😀
  EXPECT_EQ(Encode(0x10FFFF), "\xF4\x8F\xBF\xBF");
}

TEST(AppendUtf8Test, Appends) {
  std::string out = "x";
  AppendUtf8(0xA0, &out);
  EXPECT_EQ(out, "x\xC2\xA0");
}

TEST(IsUtf8ContinuationByteTest, RecognisesContinuationBytes) {
  EXPECT_FALSE(IsUtf8ContinuationByte('a'));
  EXPECT_FALSE(IsUtf8ContinuationByte('\xC3'));
  EXPECT_TRUE(IsUtf8ContinuationByte('\xA9'));
}

}  // namespace
}  // namespace hdsc::base
