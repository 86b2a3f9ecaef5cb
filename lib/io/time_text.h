// The string forms of google.protobuf.Timestamp and google.protobuf.Duration in the protobuf JSON mapping.
#ifndef HDSC_LIB_IO_TIME_TEXT_H_
#define HDSC_LIB_IO_TIME_TEXT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace hdsc::io {

// Seconds and nanoseconds as google.protobuf.Timestamp and Duration store them.
struct SecondsAndNanos {
  int64_t seconds = 0;
  int32_t nanos = 0;
};

// Parses an RFC 3339 date-time with a mandatory offset (`Z` or `+hh:mm`/`-hh:mm`) and 0 to 9 fractional
// digits, e.g. `2024-05-16T09:30:00Z` or `2024-05-16T11:30:00.5+02:00`, into UTC seconds since the Unix epoch.
// Refuses impossible dates (2023-02-29) and years outside 0001-9999, the range of google.protobuf.Timestamp.
std::optional<SecondsAndNanos> ParseTimestamp(std::string_view text);

// A date or date-time as spreadsheets and people write them: `2026-03-10`, `2026-03-10T09:30`,
// `2026-03-10 09:30:00.5`, with an optional `Z` or `+01:00` (none: UTC), or `10/03/2026` (day first, the French
// order), spaces and tabs around it ignored. Nullopt when it is none of these or not a possible date (years 0001
// to 9999).
std::optional<SecondsAndNanos> ParseDateTime(std::string_view text);

// Parses a duration in seconds with an `s` suffix and 0 to 9 fractional digits, e.g. `1.5s`, `-3s`, `259200s`,
// within the range of google.protobuf.Duration (+-315,576,000,000 s). The nanos carry the sign of the seconds.
std::optional<SecondsAndNanos> ParseDuration(std::string_view text);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_TIME_TEXT_H_
