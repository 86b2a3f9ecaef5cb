#include "lib/base/suggest.h"

#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(EditDistanceTest, CountsEdits) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("name", "name"), 0);
  EXPECT_EQ(EditDistance("name", "nmae"), 1);  // transposition
  EXPECT_EQ(EditDistance("name", "names"), 1);
  EXPECT_EQ(EditDistance("name", "nam"), 1);
  EXPECT_EQ(EditDistance("name", "nbme"), 1);
  EXPECT_EQ(EditDistance("Name", "name"), 0);  // case-insensitive
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

TEST(SuggestNameTest, FindsTheClosestPlausibleName) {
  const std::vector<std::string> fields = {"id", "name", "processor_ids", "legal_basis", "purposes"};
  EXPECT_EQ(SuggestName("nmae", fields), "name");
  EXPECT_EQ(SuggestName("procesor_ids", fields), "processor_ids");
  EXPECT_EQ(SuggestName("legalBasis", fields), "legal_basis");
  EXPECT_EQ(SuggestName("purpose", fields), "purposes");
  EXPECT_EQ(SuggestName("ID", fields), "id");
}

TEST(SuggestNameTest, StaysQuietWhenNothingIsClose) {
  const std::vector<std::string> fields = {"id", "name", "processor_ids"};
  EXPECT_FALSE(SuggestName("country", fields).has_value());
  EXPECT_FALSE(SuggestName("xy", fields).has_value());
  EXPECT_FALSE(SuggestName("", fields).has_value());
  EXPECT_FALSE(SuggestName("name", {}).has_value());
  EXPECT_FALSE(SuggestName(std::string(500, 'n'), fields).has_value());
}

TEST(SuggestEnumValueNameTest, AddsTheSharedPrefix) {
  const std::vector<std::string> values = {"RISK_LEVEL_UNSPECIFIED", "RISK_LEVEL_UNLIKELY", "RISK_LEVEL_RISK",
                                           "RISK_LEVEL_HIGH"};
  EXPECT_EQ(SuggestEnumValueName("RISK_LEVEL_HIHG", values), "RISK_LEVEL_HIGH");
  EXPECT_EQ(SuggestEnumValueName("HIGH", values), "RISK_LEVEL_HIGH");
  EXPECT_EQ(SuggestEnumValueName("high", values), "RISK_LEVEL_HIGH");
  EXPECT_EQ(SuggestEnumValueName("unlikley", values), "RISK_LEVEL_UNLIKELY");
  EXPECT_FALSE(SuggestEnumValueName("SEVERE", values).has_value());
  EXPECT_FALSE(SuggestEnumValueName("HIGH", {"HIGH_A", "LOW_B"}).has_value());
  EXPECT_FALSE(SuggestEnumValueName("X", {}).has_value());
}

}  // namespace
}  // namespace hdsc::base
