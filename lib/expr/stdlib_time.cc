// Timestamps and durations: accessors (`getFullYear`, ..., with time zones), parsing and range checks.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- Timestamp and duration accessors ---

// A time zone from an IANA name ("Europe/Paris") or a fixed offset ("+05:30", "-08:00", "02:00").
bool ResolveTimeZone(std::string_view name, absl::TimeZone* zone) {
  if (name.empty()) return false;
  const bool is_offset = name[0] == '+' || name[0] == '-' || absl::ascii_isdigit(name[0]);
  if (is_offset) {
    int sign = 1;
    std::string_view rest = name;
    if (rest[0] == '+' || rest[0] == '-') {
      sign = rest[0] == '-' ? -1 : 1;
      rest.remove_prefix(1);
    }
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return false;
    int hours = 0;
    int minutes = 0;
    auto [end_h, error_h] = std::from_chars(rest.data(), rest.data() + colon, hours);
    auto [end_m, error_m] =
        std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), minutes);
    if (error_h != std::errc() || end_h != rest.data() + colon || error_m != std::errc() ||
        end_m != rest.data() + rest.size() || hours > 23 || minutes > 59) {
      return false;
    }
    *zone = absl::FixedTimeZone(sign * (hours * 3600 + minutes * 60));
    return true;
  }
  // Only names of the time zone database: no absolute paths or parent directories.
  if (name[0] == '/' || name.find("..") != std::string_view::npos) return false;
  return absl::LoadTimeZone(std::string(name), zone);
}

enum class TimePart {
  kFullYear,
  kMonth,
  kDayOfYear,
  kDayOfMonth,
  kDate,
  kDayOfWeek,
  kHours,
  kMinutes,
  kSeconds,
  kMilliseconds,
};

template <TimePart kPart>
Value TimeAccessor(Args args, size_t count, std::string_view name) {
  if (count == 1 && args[0].kind() == ValueKind::kDuration) {
    const absl::Duration d = args[0].duration_value();
    absl::Duration remainder;  // IDivDuration needs somewhere to put it
    switch (kPart) {
      case TimePart::kHours:
        return Value::Int(absl::IDivDuration(d, absl::Hours(1), &remainder));
      case TimePart::kMinutes:
        return Value::Int(absl::IDivDuration(d, absl::Minutes(1), &remainder));
      case TimePart::kSeconds:
        return Value::Int(absl::IDivDuration(d, absl::Seconds(1), &remainder));
      case TimePart::kMilliseconds: {
        // The milliseconds within the current second, as cel-go and cel-cpp define it.
        absl::IDivDuration(d, absl::Seconds(1), &remainder);
        return Value::Int(absl::IDivDuration(remainder, absl::Milliseconds(1), &remainder));
      }
      default:
        break;
    }
    return NoMatchingOverload(name, args, count);
  }
  if ((count != 1 && count != 2) || args[0].kind() != ValueKind::kTimestamp ||
      (count == 2 && args[1].kind() != ValueKind::kString)) {
    return NoMatchingOverload(name, args, count);
  }
  absl::TimeZone zone = absl::UTCTimeZone();
  if (count == 2 && !ResolveTimeZone(args[1].string_value(), &zone)) {
    return Value::Error(absl::StrCat("unknown time zone '", AsAbsl(args[1].string_value()), "'"));
  }
  const absl::TimeZone::CivilInfo info = zone.At(args[0].timestamp_value());
  const absl::CivilSecond& cs = info.cs;
  switch (kPart) {
    case TimePart::kFullYear:
      return Value::Int(cs.year());
    case TimePart::kMonth:
      return Value::Int(cs.month() - 1);
    case TimePart::kDayOfYear:
      return Value::Int(absl::GetYearDay(absl::CivilDay(cs)) - 1);
    case TimePart::kDayOfMonth:
      return Value::Int(cs.day() - 1);
    case TimePart::kDate:
      return Value::Int(cs.day());
    case TimePart::kDayOfWeek: {
      // absl counts from Monday = 0; CEL from Sunday = 0.
      const int weekday = static_cast<int>(absl::GetWeekday(absl::CivilDay(cs)));
      return Value::Int((weekday + 1) % 7);
    }
    case TimePart::kHours:
      return Value::Int(cs.hour());
    case TimePart::kMinutes:
      return Value::Int(cs.minute());
    case TimePart::kSeconds:
      return Value::Int(cs.second());
    case TimePart::kMilliseconds: {
      absl::Duration remainder;
      return Value::Int(absl::IDivDuration(info.subsecond, absl::Milliseconds(1), &remainder));
    }
  }
  return NoMatchingOverload(name, args, count);
}

#define HDSC_TIME_ACCESSOR(function_name, part)             \
  Value function_name(Args args, size_t count) {    \
    return TimeAccessor<part>(args, count, #function_name); \
  }
HDSC_TIME_ACCESSOR(getFullYear, TimePart::kFullYear)
HDSC_TIME_ACCESSOR(getMonth, TimePart::kMonth)
HDSC_TIME_ACCESSOR(getDayOfYear, TimePart::kDayOfYear)
HDSC_TIME_ACCESSOR(getDayOfMonth, TimePart::kDayOfMonth)
HDSC_TIME_ACCESSOR(getDate, TimePart::kDate)
HDSC_TIME_ACCESSOR(getDayOfWeek, TimePart::kDayOfWeek)
HDSC_TIME_ACCESSOR(getHours, TimePart::kHours)
HDSC_TIME_ACCESSOR(getMinutes, TimePart::kMinutes)
HDSC_TIME_ACCESSOR(getSeconds, TimePart::kSeconds)
HDSC_TIME_ACCESSOR(getMilliseconds, TimePart::kMilliseconds)
#undef HDSC_TIME_ACCESSOR

}  // namespace

void AddTimeFunctions(FunctionTable& table) {
  table.insert({
      {"getFullYear", getFullYear},
      {"getMonth", getMonth},
      {"getDayOfYear", getDayOfYear},
      {"getDayOfMonth", getDayOfMonth},
      {"getDate", getDate},
      {"getDayOfWeek", getDayOfWeek},
      {"getHours", getHours},
      {"getMinutes", getMinutes},
      {"getSeconds", getSeconds},
      {"getMilliseconds", getMilliseconds},
  });
}

bool TimestampInRange(absl::Time value) {
  static const absl::Time kMin = absl::FromUnixSeconds(kMinTimestampSeconds);
  static const absl::Time kMax = absl::FromUnixSeconds(kMaxTimestampSeconds) + absl::Nanoseconds(999999999);
  return value >= kMin && value <= kMax;
}

bool DurationInRange(absl::Duration value) {
  static const absl::Duration kMax = absl::Seconds(315576000000) + absl::Nanoseconds(999999999);
  return value >= -kMax && value <= kMax;
}

absl::StatusOr<absl::Duration> ParseDuration(std::string_view text) {
  const std::string original(text);
  auto invalid = [&original]() {
    return absl::InvalidArgumentError(absl::StrCat("invalid duration \"", original, "\""));
  };
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return absl::ZeroDuration();
  if (text.empty()) return invalid();
  absl::Duration total;
  while (!text.empty()) {
    size_t i = 0;
    int64_t whole = 0;
    bool digits = false;
    while (i < text.size() && absl::ascii_isdigit(text[i])) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, text[i] - '0', &whole)) {
        return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
      }
      digits = true;
      ++i;
    }
    int64_t fraction = 0;
    int64_t scale = 1;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && absl::ascii_isdigit(text[i])) {
        if (scale < 1000000000) {  // digits beyond 10^-9 of an hour cannot matter
          fraction = fraction * 10 + (text[i] - '0');
          scale *= 10;
        }
        digits = true;
        ++i;
      }
    }
    if (!digits) return invalid();
    size_t unit_end = i;
    while (unit_end < text.size() && !absl::ascii_isdigit(text[unit_end]) &&
           text[unit_end] != '.') {
      ++unit_end;
    }
    const std::string_view unit_name = text.substr(i, unit_end - i);
    absl::Duration unit;
    if (unit_name == "h") {
      unit = absl::Hours(1);
    } else if (unit_name == "m") {
      unit = absl::Minutes(1);
    } else if (unit_name == "s") {
      unit = absl::Seconds(1);
    } else if (unit_name == "ms") {
      unit = absl::Milliseconds(1);
    } else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs") {
      unit = absl::Microseconds(1);
    } else if (unit_name == "ns") {
      unit = absl::Nanoseconds(1);
    } else {
      return invalid();
    }
    total += unit * whole;
    if (fraction != 0) total += unit * fraction / scale;
    if (absl::AbsDuration(total) > absl::Hours(24LL * 366 * 20000)) {
      return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
    }
    text.remove_prefix(unit_end);
  }
  if (negative) total = -total;
  if (!DurationInRange(total)) {
    return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
  }
  return total;
}

absl::StatusOr<absl::Time> ParseTimestamp(std::string_view text) {
  absl::Time out;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, absl::string_view(text.data(), text.size()), &out,
                       &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid timestamp \"", AsAbsl(text), "\": ", error));
  }
  if (!TimestampInRange(out)) {
    return absl::OutOfRangeError(absl::StrCat("timestamp \"", AsAbsl(text), "\" out of range"));
  }
  return out;
}

}  // namespace hdsc::expr::internal
