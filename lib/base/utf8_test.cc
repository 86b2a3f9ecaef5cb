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

namespace hdsc::base {
namespace {

TEST(FirstInvalidUtf8Test, FindsTheFirstMalformedByte) {
  EXPECT_EQ(FirstInvalidUtf8(""), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\x8A"), 2u);                  // a stray continuation byte
  EXPECT_EQ(FirstInvalidUtf8("a\xC3"), 1u);                    // truncated
  EXPECT_EQ(FirstInvalidUtf8("\xC0\xAF"), 0u);                 // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);            // overlong
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);            // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);        // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("\xE2\x82x"), 0u);               // a bad continuation
  // Past runs of ASCII of every length, read eight bytes at a time: a bad byte and a good character at any place.
  for (size_t at = 0; at < 40; ++at) {
    const std::string ascii(at, 'a');
    EXPECT_EQ(FirstInvalidUtf8(ascii + "\xFF" + ascii), at) << at;
    EXPECT_EQ(FirstInvalidUtf8(ascii + "\xC3\xA9" + ascii + "\x80"), 2 * at + 2) << at;
    EXPECT_EQ(FirstInvalidUtf8(ascii + "\xC3\xA9" + ascii), std::string_view::npos) << at;
  }
}

}  // namespace
}  // namespace hdsc::base
