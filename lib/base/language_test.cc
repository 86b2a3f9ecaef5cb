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
TEST(SeverityWordTest, OneVocabularyPerLanguage) {
  EXPECT_STREQ(SeverityWord(Language::kEn, v1::Rule::HIGH), "HIGH");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::HIGH), "ÉLEVÉE");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::HIGH, WordCase::kTitle), "Élevée");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::CRITICAL), "CRITIQUE");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::MEDIUM), "MOYENNE");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::LOW), "FAIBLE");
  EXPECT_STREQ(SeverityWord(Language::kFr, v1::Rule::INFO), "INFO");
  EXPECT_STREQ(SeverityWord(Language::kEn, static_cast<v1::Rule::Severity>(42)), "?");
}

TEST(StatusWordTest, OneVocabularyPerLanguage) {
  EXPECT_STREQ(StatusWord(Language::kEn, v1::Finding::FAIL), "FAIL");
  EXPECT_STREQ(StatusWord(Language::kEn, v1::Finding::NOT_APPLICABLE), "N/A");
  EXPECT_STREQ(StatusWord(Language::kEn, v1::Finding::NOT_APPLICABLE, WordCase::kTitle), "Not applicable");
  EXPECT_STREQ(StatusWord(Language::kFr, v1::Finding::FAIL), "NON CONFORME");
  EXPECT_STREQ(StatusWord(Language::kFr, v1::Finding::PASS, WordCase::kTitle), "Conforme");
  EXPECT_STREQ(StatusWord(Language::kFr, v1::Finding::WAIVED), "DÉROGATION");
  EXPECT_STREQ(StatusWord(Language::kFr, v1::Finding::MANUAL), "MANUEL");
}

TEST(DateTextTest, DatesAtMidnightAndTimesOfDay) {
  const absl::Time midnight = absl::FromCivil(absl::CivilDay(2026, 11, 28), absl::UTCTimeZone());
  EXPECT_EQ(DateText(Language::kEn, midnight), "28 November 2026");
  EXPECT_EQ(DateText(Language::kFr, midnight), "28 novembre 2026");
  const absl::Time first = absl::FromCivil(absl::CivilDay(2018, 4, 1), absl::UTCTimeZone());
  EXPECT_EQ(DateText(Language::kFr, first), "1er avril 2018");
  EXPECT_EQ(DateText(Language::kEn, first), "1 April 2018");
  const absl::Time morning = absl::FromCivil(absl::CivilSecond(2026, 5, 4, 9, 5, 0), absl::UTCTimeZone());
  EXPECT_EQ(DateText(Language::kEn, morning), "4 May 2026, 09:05 UTC");
  EXPECT_EQ(DateText(Language::kFr, morning), "4 mai 2026 à 9 h 05 UTC");
  EXPECT_EQ(DateText(Language::kFr, absl::FromCivil(absl::CivilDay(2026, 8, 15), absl::UTCTimeZone())), "15 août 2026");
}

TEST(DurationTextTest, DaysHoursAndTheRest) {
  EXPECT_EQ(DurationText(Language::kEn, absl::Hours(24 * 365)), "365 days");
  EXPECT_EQ(DurationText(Language::kFr, absl::Hours(24 * 365)), "365 jours");
  EXPECT_EQ(DurationText(Language::kEn, absl::Hours(72)), "72 hours");
  EXPECT_EQ(DurationText(Language::kFr, absl::Hours(72)), "72 heures");
  EXPECT_EQ(DurationText(Language::kFr, absl::Hours(1)), "1 heure");
  EXPECT_EQ(DurationText(Language::kEn, absl::Minutes(30)), "30 minutes");
  EXPECT_EQ(DurationText(Language::kFr, absl::Seconds(1)), "1 seconde");
  EXPECT_EQ(DurationText(Language::kEn, absl::Milliseconds(1500)), "1.5s");
}

TEST(DisplayWidthTest, CountsCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("ÉLEVÉE"), 6u);
  EXPECT_EQ(DisplayWidth("HIGH"), 4u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

}  // namespace hdsc::base
