#include "lib/expr/ast.h"

#include "gtest/gtest.h"

namespace hdsc::expr {
namespace {

TEST(SourceInfoTest, LineColumnCountsCodePointsAndLines) {
  SourceInfo info;
  info.text = "ab\n\xC3\xA9x\ny";  // "ab\néx\ny"
  EXPECT_EQ(info.LineColumn(0), std::make_pair(1, 1));
  EXPECT_EQ(info.LineColumn(1), std::make_pair(1, 2));
  EXPECT_EQ(info.LineColumn(3), std::make_pair(2, 1));
  EXPECT_EQ(info.LineColumn(4), std::make_pair(2, 2));  // after the two-byte 'é'
  EXPECT_EQ(info.LineColumn(6), std::make_pair(3, 1));
}

TEST(SourceInfoTest, OffsetPastTheEndStopsAtTheEnd) {
  SourceInfo info;
  info.text = "abc";
  EXPECT_EQ(info.LineColumn(100), std::make_pair(1, 4));
}

}  // namespace
}  // namespace hdsc::expr
