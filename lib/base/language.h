// The languages of reports and rule texts (English and French), and choosing the words of one.
#ifndef HDSC_LIB_BASE_LANGUAGE_H_
#define HDSC_LIB_BASE_LANGUAGE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/model/report.pb.h"

namespace hdsc::base {

enum class Language { kEn, kFr };

// "en" or "fr"; INVALID_ARGUMENT naming anything else ("unsupported language 'de' (expected en or fr)").
absl::StatusOr<Language> ParseLanguage(std::string_view code);

// The language of a code already validated, as found in a report: `kFr` for "fr", `kEn` for anything else
// (including "").
Language LanguageOrEnglish(std::string_view code);

// "en" or "fr".
std::string_view LanguageCode(Language language);

// The word (label, phrase) of `language` among its English and French forms.
template <typename T>
const T& Pick(Language language, const T& en, const T& fr) {
  return language == Language::kFr ? fr : en;
}

// A word given as two literals: `Pick(language, "fix", "correctif")`.
inline const char* Pick(Language language, const char* en, const char* fr) {
  return language == Language::kFr ? fr : en;
}

// The variant of a localized text (a string, or any container of its parts) in `language`; the French one
// falls back to English when it is empty (not translated).
template <typename T>
const T& Localized(Language language, const T& en, const T& fr) {
  return language == Language::kFr && !fr.empty() ? fr : en;
}

// The words of reports for severities and statuses, in one vocabulary per language:
//
//   severity  CRITICAL HIGH MEDIUM LOW INFO          CRITIQUE ÉLEVÉE MOYENNE FAIBLE INFO
//   status    PASS FAIL N/A ERROR WAIVED MANUAL      CONFORME NON CONFORME NON APPLICABLE ERREUR DÉROGATION MANUEL
//
// kUpper is the form of text and Markdown reports (and of rule rationales); kTitle that of headings and badges
// ("High", "Élevée"; "Not applicable", "Non applicable"); kLower that of words in a sentence ("high", "élevée").
enum class WordCase { kUpper, kTitle, kLower };

// "?" for a value outside the enum; SEVERITY_UNSPECIFIED is "UNSPECIFIED" / "NON PRÉCISÉE".
const char* SeverityWord(Language language, v1::Rule::Severity severity, WordCase word_case = WordCase::kUpper);
const char* StatusWord(Language language, v1::Finding::Status status, WordCase word_case = WordCase::kUpper);

// A moment as a reader writes it, in UTC: the date alone at midnight, the date and time otherwise.
//   en  "28 November 2026"    "4 May 2026, 09:00 UTC"
//   fr  "28 novembre 2026"    "4 mai 2026 à 9 h 00 UTC"     ("1er avril 2018" for the first of the month)
std::string DateText(Language language, absl::Time time);

// A length of time as a reader writes it: whole days from a week up ("365 days", "365 jours"), else whole hours
// ("72 hours", "72 heures"), minutes or seconds, singular for one ("1 hour", "1 heure"); a fraction of a second as
// absl writes it ("1.5s").
std::string DurationText(Language language, absl::Duration duration);

// The number of characters (code points) of UTF-8 `text`, for aligning columns of text.
size_t DisplayWidth(std::string_view text);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_LANGUAGE_H_
