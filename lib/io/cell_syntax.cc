#include "lib/io/cell_syntax.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"

namespace hdsc::io {
namespace {

using base::AsAbsl;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool NeedsQuotes(std::string_view item) {
  return item.empty() || item.find(';') != std::string_view::npos || item.front() == '"' || IsSpace(item.front()) ||
         IsSpace(item.back());
}

// google.protobuf.Duration's range, in seconds.
constexpr int64_t kMaxDurationSeconds = 315'576'000'000;

// "RiskLevel" -> "RISK_LEVEL", "Art34Exemption" -> "ART34_EXEMPTION": protobuf's naming of enum value prefixes.
std::string UpperSnake(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && i > 0) out += '_';
    out += absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += "; ";
    if (!NeedsQuotes(item)) {
      out += item;
      continue;
    }
    out += '"';
    for (char c : item) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SplitList(std::string_view text) {
  std::vector<std::string> items;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size()) break;
    if (text[i] == '"') {
      std::string item;
      size_t j = i + 1;
      while (true) {
        if (j >= text.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("item ", items.size() + 1, " opens a quote that is never closed"));
        }
        if (text[j] == '"') {
          if (j + 1 < text.size() && text[j + 1] == '"') {
            item += '"';
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        item += text[j++];
      }
      while (j < text.size() && IsSpace(text[j])) ++j;
      if (j < text.size() && text[j] != ';') {
        return absl::InvalidArgumentError(absl::StrCat(
            "item ", items.size() + 1, " has text after its closing quote (separate items with ';')"));
      }
      items.push_back(std::move(item));
      i = j < text.size() ? j + 1 : j;
      continue;
    }
    size_t end = text.find(';', i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = Trim(text.substr(i, end - i));
    if (!item.empty()) items.emplace_back(item);
    i = end < text.size() ? end + 1 : end;
  }
  return items;
}

std::string FormatDurationText(SecondsAndNanos duration) {
  if (duration.nanos != 0) {
    const bool negative = duration.seconds < 0 || duration.nanos < 0;
    const int64_t seconds = duration.seconds < 0 ? -duration.seconds : duration.seconds;
    int64_t nanos = duration.nanos < 0 ? -duration.nanos : duration.nanos;
    std::string fraction = absl::StrCat(1'000'000'000 + nanos).substr(1);
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    return absl::StrCat(negative ? "-" : "", seconds, ".", fraction, "s");
  }
  const int64_t s = duration.seconds;
  if (s != 0 && s % 86'400 == 0) return absl::StrCat(s / 86'400, "d");
  if (s != 0 && s % 3'600 == 0) return absl::StrCat(s / 3'600, "h");
  if (s != 0 && s % 60 == 0) return absl::StrCat(s / 60, "m");
  return absl::StrCat(s, "s");
}

std::optional<SecondsAndNanos> ParseDurationText(std::string_view text) {
  text = Trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  __int128 nanos = 0;
  while (!text.empty()) {
    int64_t whole = 0;
    size_t digits = 0;
    while (!text.empty() && absl::ascii_isdigit(static_cast<unsigned char>(text.front()))) {
      if (whole > kMaxDurationSeconds) return std::nullopt;
      whole = whole * 10 + (text.front() - '0');
      text.remove_prefix(1);
      ++digits;
    }
    int64_t fraction = 0;
    int fraction_digits = 0;
    if (!text.empty() && (text.front() == '.' || text.front() == ',')) {
      text.remove_prefix(1);
      while (!text.empty() && absl::ascii_isdigit(static_cast<unsigned char>(text.front()))) {
        if (fraction_digits == 9) return std::nullopt;
        fraction = fraction * 10 + (text.front() - '0');
        ++fraction_digits;
        text.remove_prefix(1);
      }
      if (fraction_digits == 0) return std::nullopt;
    }
    if (digits == 0) return std::nullopt;
    if (text.empty()) return std::nullopt;  // a unit is required
    int64_t unit = 0;
    switch (absl::ascii_tolower(static_cast<unsigned char>(text.front()))) {
      case 'd':
      case 'j':
        unit = 86'400;
        break;
      case 'h':
        unit = 3'600;
        break;
      case 'm':
        unit = 60;
        break;
      case 's':
        unit = 1;
        break;
      default:
        return std::nullopt;
    }
    text.remove_prefix(1);
    __int128 scale = 1;
    for (int k = 0; k < fraction_digits; ++k) scale *= 10;
    nanos += static_cast<__int128>(whole) * unit * 1'000'000'000 +
             static_cast<__int128>(fraction) * unit * 1'000'000'000 / scale;
    if (nanos > static_cast<__int128>(kMaxDurationSeconds) * 1'000'000'000) return std::nullopt;
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  if (negative) nanos = -nanos;
  return SecondsAndNanos{static_cast<int64_t>(nanos / 1'000'000'000), static_cast<int32_t>(nanos % 1'000'000'000)};
}

std::optional<bool> ParseBoolText(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(AsAbsl(Trim(text)));
  for (const char* yes : {"true", "yes", "oui", "vrai", "1"}) {
    if (lower == yes) return true;
  }
  for (const char* no : {"false", "no", "non", "faux", "0"}) {
    if (lower == no) return false;
  }
  return std::nullopt;
}

std::string ShortEnumName(const google::protobuf::EnumValueDescriptor* value) {
  const google::protobuf::EnumDescriptor* type = value->type();
  const std::string prefix = UpperSnake(type->name()) + "_";
  for (int i = 0; i < type->value_count(); ++i) {
    const std::string& name = type->value(i)->name();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return value->name();
  }
  return value->name().substr(prefix.size());
}

const google::protobuf::EnumValueDescriptor* FindEnumValue(const google::protobuf::EnumDescriptor* type,
                                                           std::string_view text) {
  text = Trim(text);
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (absl::EqualsIgnoreCase(value->name(), AsAbsl(text)) ||
        absl::EqualsIgnoreCase(ShortEnumName(value), AsAbsl(text))) {
      return value;
    }
  }
  int number = 0;
  if (absl::SimpleAtoi(AsAbsl(text), &number)) return type->FindValueByNumber(number);
  return nullptr;
}

}  // namespace hdsc::io
