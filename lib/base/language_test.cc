#include "lib/base/language.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(ParseLanguageTest, AcceptsEnglishAndFrench) {
  EXPECT_EQ(*ParseLanguage("en"), Language::kEn);
  EXPECT_EQ(*ParseLanguage("fr"), Language::kFr);
}

TEST(ParseLanguageTest, RejectsOthersByName) {
  absl::StatusOr<Language> language = ParseLanguage("de");
  ASSERT_FALSE(language.ok());
  EXPECT_EQ(language.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(language.status().message()), testing::HasSubstr("'de' (expected en or fr)"));
  EXPECT_FALSE(ParseLanguage("").ok());
  EXPECT_FALSE(ParseLanguage("FR").ok());
}

TEST(LanguageOrEnglishTest, DefaultsToEnglish) {
  EXPECT_EQ(LanguageOrEnglish("fr"), Language::kFr);
  EXPECT_EQ(LanguageOrEnglish("en"), Language::kEn);
  EXPECT_EQ(LanguageOrEnglish(""), Language::kEn);
}

TEST(LanguageCodeTest, RoundTrips) {
  for (Language language : {Language::kEn, Language::kFr}) EXPECT_EQ(*ParseLanguage(LanguageCode(language)), language);
}

TEST(PickTest, ChoosesTheWordOfTheLanguage) {
  const std::string en = "Summary", fr = "Résumé";
  EXPECT_EQ(Pick(Language::kEn, en, fr), "Summary");
  EXPECT_EQ(Pick(Language::kFr, en, fr), "Résumé");
  EXPECT_EQ(std::string(Pick(Language::kFr, "fix", "correctif")), "correctif");
  EXPECT_EQ(std::string(Pick(Language::kEn, "fix", "correctif")), "fix");
}

TEST(LocalizedTest, FrenchFallsBackToEnglish) {
  const std::string en = "title", fr = "titre", empty;
  EXPECT_EQ(Localized(Language::kFr, en, fr), "titre");
  EXPECT_EQ(Localized(Language::kEn, en, fr), "title");
  EXPECT_EQ(Localized(Language::kFr, en, empty), "title");
  const std::vector<int> parts_en = {1}, parts_fr;
  EXPECT_EQ(Localized(Language::kFr, parts_en, parts_fr), parts_en);
}

}  // namespace
}  // namespace hdsc::base
