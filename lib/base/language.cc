#include "lib/base/language.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"

namespace hdsc::base {

absl::StatusOr<Language> ParseLanguage(std::string_view code) {
  if (code == "en") return Language::kEn;
  if (code == "fr") return Language::kFr;
  return absl::InvalidArgumentError(absl::StrCat("unsupported language '", AsAbsl(code), "' (expected en or fr)"));
}

Language LanguageOrEnglish(std::string_view code) { return code == "fr" ? Language::kFr : Language::kEn; }

std::string_view LanguageCode(Language language) { return language == Language::kFr ? "fr" : "en"; }

}  // namespace hdsc::base
