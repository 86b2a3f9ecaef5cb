#include "lib/io/time_text.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace hdsc::io {
namespace {

constexpr int64_t kMaxDurationSeconds = 315576000000;

// Reads exactly `count` decimal digits from the front of `text`.
bool ReadDigits(std::string_view& text, int count, int64_t* out) {
  if (text.size() < static_cast<size_t>(count)) return false;
  int64_t value = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  text.remove_prefix(count);
  *out = value;
  return true;
}

bool Consume(std::string_view& text, char expected) {
  if (text.empty() || text.front() != expected) return false;
  text.remove_prefix(1);
  return true;
}

// Reads 1 to 9 digits after a '.', scaled to nanoseconds.
bool ReadFraction(std::string_view& text, int32_t* nanos) {
  int digits = 0;
  int64_t value = 0;
  while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    if (++digits > 9) return false;
    value = value * 10 + (text.front() - '0');
    text.remove_prefix(1);
  }
  if (digits == 0) return false;
  for (int i = digits; i < 9; ++i) value *= 10;
  *nanos = static_cast<int32_t>(value);
  return true;
}

// The UTC time of a civil date and time at `offset_seconds` east of UTC, if it is a possible one within
// google.protobuf.Timestamp's years 0001 to 9999 (leap seconds, :60, are not representable).
std::optional<SecondsAndNanos> ToUtc(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute,
                                     int64_t second, int32_t nanos, int64_t offset_seconds) {
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  // CivilSecond normalises out-of-range fields (February 30 becomes March 2); equality detects that.
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  if (civil.month() != month || civil.day() != day) return std::nullopt;
  const int64_t local_seconds = absl::ToUnixSeconds(absl::FromCivil(civil, absl::UTCTimeZone()));
  const int64_t utc_seconds = local_seconds - offset_seconds;
  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  constexpr int64_t kMinSeconds = -62135596800;
  constexpr int64_t kMaxSeconds = 253402300799;
  if (utc_seconds < kMinSeconds || utc_seconds > kMaxSeconds) return std::nullopt;
  return SecondsAndNanos{utc_seconds, nanos};
}

// Reads a zone at the front of `text`: `Z` (or `z`) for UTC, or `+hh:mm` / `-hh:mm`, into seconds east of UTC.
bool ReadOffset(std::string_view& text, int64_t* offset_seconds) {
  if (Consume(text, 'Z') || Consume(text, 'z')) {
    *offset_seconds = 0;
    return true;
  }
  if (text.empty() || (text.front() != '+' && text.front() != '-')) return false;
  const int sign = text.front() == '+' ? 1 : -1;
  text.remove_prefix(1);
  int64_t offset_hours, offset_minutes;
  if (!ReadDigits(text, 2, &offset_hours) || !Consume(text, ':') || !ReadDigits(text, 2, &offset_minutes) ||
      offset_hours > 23 || offset_minutes > 59) {
    return false;
  }
  *offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  return true;
}

}  // namespace

std::optional<SecondsAndNanos> ParseTimestamp(std::string_view text) {
  int64_t year, month, day, hour, minute, second;
  if (!ReadDigits(text, 4, &year) || !Consume(text, '-') || !ReadDigits(text, 2, &month) ||
      !Consume(text, '-') || !ReadDigits(text, 2, &day)) {
    return std::nullopt;
  }
  if (text.empty() || (text.front() != 'T' && text.front() != 't')) return std::nullopt;
  text.remove_prefix(1);
  if (!ReadDigits(text, 2, &hour) || !Consume(text, ':') || !ReadDigits(text, 2, &minute) ||
      !Consume(text, ':') || !ReadDigits(text, 2, &second)) {
    return std::nullopt;
  }
  int32_t nanos = 0;
  if (Consume(text, '.') && !ReadFraction(text, &nanos)) return std::nullopt;
  int64_t offset_seconds = 0;
  if (!ReadOffset(text, &offset_seconds)) return std::nullopt;
  if (!text.empty()) return std::nullopt;
  return ToUtc(year, month, day, hour, minute, second, nanos, offset_seconds);
}

std::optional<SecondsAndNanos> ParseDateTime(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int64_t year, month, day, hour = 0, minute = 0, second = 0;
  if (text.size() >= 10 && text[2] == '/' && text[5] == '/') {
    if (!ReadDigits(text, 2, &day) || !Consume(text, '/') || !ReadDigits(text, 2, &month) || !Consume(text, '/') ||
        !ReadDigits(text, 4, &year)) {
      return std::nullopt;
    }
  } else if (!ReadDigits(text, 4, &year) || !Consume(text, '-') || !ReadDigits(text, 2, &month) ||
             !Consume(text, '-') || !ReadDigits(text, 2, &day)) {
    return std::nullopt;
  }
  int32_t nanos = 0;
  int64_t offset_seconds = 0;
  if (!text.empty()) {
    if (!Consume(text, 'T') && !Consume(text, 't') && !Consume(text, ' ')) return std::nullopt;
    if (!ReadDigits(text, 2, &hour) || !Consume(text, ':') || !ReadDigits(text, 2, &minute)) return std::nullopt;
    if (Consume(text, ':')) {
      if (!ReadDigits(text, 2, &second)) return std::nullopt;
      if (Consume(text, '.') && !ReadFraction(text, &nanos)) return std::nullopt;
    }
    if (!text.empty() && !ReadOffset(text, &offset_seconds)) return std::nullopt;
    if (!text.empty()) return std::nullopt;
  }
  return ToUtc(year, month, day, hour, minute, second, nanos, offset_seconds);
}

std::optional<SecondsAndNanos> ParseDuration(std::string_view text) {
  bool negative = false;
  if (Consume(text, '-')) negative = true;
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  int64_t seconds = 0;
  while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
    seconds = seconds * 10 + (text.front() - '0');
    if (seconds > kMaxDurationSeconds) return std::nullopt;
    text.remove_prefix(1);
  }
  int32_t nanos = 0;
  if (Consume(text, '.') && !ReadFraction(text, &nanos)) return std::nullopt;
  if (!Consume(text, 's') || !text.empty()) return std::nullopt;
  if (negative) {
    seconds = -seconds;
    nanos = -nanos;
  }
  return SecondsAndNanos{seconds, nanos};
}

}  // namespace hdsc::io
