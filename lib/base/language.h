// The languages of reports and rule texts (English and French), and choosing the words of one.
#ifndef HDSC_LIB_BASE_LANGUAGE_H_
#define HDSC_LIB_BASE_LANGUAGE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

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

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_LANGUAGE_H_
