#include "lib/base/strings.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(StringsTest, ConvertsBothWays) {
  const std::string text = "abc";
  const std::string_view std_view = text;
  const absl::string_view absl_view = AsAbsl(std_view);
  EXPECT_EQ(absl_view.data(), text.data());
  EXPECT_EQ(absl_view.size(), 3u);
  EXPECT_EQ(AsStd(absl_view).data(), text.data());
  EXPECT_EQ(absl::StrCat(AsAbsl(std_view), "!"), "abc!");
}

}  // namespace
}  // namespace hdsc::base
