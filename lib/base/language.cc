#include "lib/base/language.h"

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::base {

absl::StatusOr<Language> ParseLanguage(std::string_view code) {
  if (code == "en") return Language::kEn;
  if (code == "fr") return Language::kFr;
  return absl::InvalidArgumentError(absl::StrCat("unsupported language '", AsAbsl(code), "' (expected en or fr)"));
}

Language LanguageOrEnglish(std::string_view code) { return code == "fr" ? Language::kFr : Language::kEn; }

std::string_view LanguageCode(Language language) { return language == Language::kFr ? "fr" : "en"; }

namespace {

// Words by enum value, in each language and case.
struct Words {
  const char* en_upper;
  const char* en_title;
  const char* en_lower;
  const char* fr_upper;
  const char* fr_title;
  const char* fr_lower;
};

const char* Choose(const Words& words, Language language, WordCase word_case) {
  const bool french = language == Language::kFr;
  switch (word_case) {
    case WordCase::kUpper: return french ? words.fr_upper : words.en_upper;
    case WordCase::kTitle: return french ? words.fr_title : words.en_title;
    case WordCase::kLower: return french ? words.fr_lower : words.en_lower;
  }
  return "?";
}

// By v1::Rule::Severity value.
constexpr std::array<Words, 6> kSeverities = {{
    {"UNSPECIFIED", "Unspecified", "unspecified", "NON PRÉCISÉE", "Non précisée", "non précisée"},
    {"INFO", "Info", "info", "INFO", "Info", "info"},
    {"LOW", "Low", "low", "FAIBLE", "Faible", "faible"},
    {"MEDIUM", "Medium", "medium", "MOYENNE", "Moyenne", "moyenne"},
    {"HIGH", "High", "high", "ÉLEVÉE", "Élevée", "élevée"},
    {"CRITICAL", "Critical", "critical", "CRITIQUE", "Critique", "critique"},
}};

// By v1::Finding::Status value.
constexpr std::array<Words, 7> kStatuses = {{
    {"?", "?", "?", "?", "?", "?"},
    {"PASS", "Pass", "pass", "CONFORME", "Conforme", "conforme"},
    {"FAIL", "Fail", "fail", "NON CONFORME", "Non conforme", "non conforme"},
    {"N/A", "Not applicable", "not applicable", "NON APPLICABLE", "Non applicable", "non applicable"},
    {"ERROR", "Error", "error", "ERREUR", "Erreur", "erreur"},
    {"WAIVED", "Waived", "waived", "DÉROGATION", "Dérogation", "dérogation"},
    {"MANUAL", "Manual", "manual", "MANUEL", "Manuel", "manuel"},
}};

constexpr std::array<const char*, 12> kMonthsEn = {"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 12> kMonthsFr = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                                   "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

// "1 day" / "2 days", "1 jour" / "2 jours".
std::string Count(int64_t n, const char* singular, const char* plural) {
  return absl::StrCat(n, " ", n == 1 ? singular : plural);
}

}  // namespace

const char* SeverityWord(Language language, v1::Rule::Severity severity, WordCase word_case) {
  const int index = static_cast<int>(severity);
  if (index < 0 || index >= static_cast<int>(kSeverities.size())) return "?";
  return Choose(kSeverities[index], language, word_case);
}

const char* StatusWord(Language language, v1::Finding::Status status, WordCase word_case) {
  const int index = static_cast<int>(status);
  if (index < 0 || index >= static_cast<int>(kStatuses.size())) return "?";
  return Choose(kStatuses[index], language, word_case);
}

std::string DateText(Language language, absl::Time time) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond civil = absl::ToCivilSecond(time, utc);
  const bool french = language == Language::kFr;
  const char* month = (french ? kMonthsFr : kMonthsEn)[civil.month() - 1];
  std::string text = french && civil.day() == 1 ? absl::StrCat("1er ", month, " ", civil.year())
                                                : absl::StrCat(civil.day(), " ", month, " ", civil.year());
  if (time == absl::FromCivil(absl::CivilDay(civil), utc)) return text;
  if (french) {
    absl::StrAppend(&text, " à ", civil.hour(), " h ", absl::StrFormat("%02d", civil.minute()), " UTC");
  } else {
    absl::StrAppend(&text, ", ", absl::StrFormat("%02d:%02d", civil.hour(), civil.minute()), " UTC");
  }
  return text;
}

std::string DurationText(Language language, absl::Duration duration) {
  const bool french = language == Language::kFr;
  const absl::Duration day = absl::Hours(24);
  if (duration >= 7 * day && duration % day == absl::ZeroDuration()) {
    return Count(duration / day, french ? "jour" : "day", french ? "jours" : "days");
  }
  if (duration > absl::ZeroDuration() && duration % absl::Hours(1) == absl::ZeroDuration()) {
    return Count(duration / absl::Hours(1), french ? "heure" : "hour", french ? "heures" : "hours");
  }
  if (duration > absl::ZeroDuration() && duration % absl::Minutes(1) == absl::ZeroDuration()) {
    return Count(duration / absl::Minutes(1), "minute", "minutes");
  }
  if (duration >= absl::ZeroDuration() && duration % absl::Seconds(1) == absl::ZeroDuration()) {
    return Count(duration / absl::Seconds(1), french ? "seconde" : "second", french ? "secondes" : "seconds");
  }
  return absl::FormatDuration(duration);
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += IsUtf8ContinuationByte(c) ? 0 : 1;
  return width;
}

}  // namespace hdsc::base
