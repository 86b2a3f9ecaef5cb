// Conversions between `std::string_view` and `absl::string_view` (this Abseil build does not alias the two), and a
// comparison of short byte runs.
#ifndef HDSC_LIB_BASE_STRINGS_H_
#define HDSC_LIB_BASE_STRINGS_H_

#include <cstddef>
#include <cstring>
#include <string_view>

#include "absl/strings/string_view.h"

namespace hdsc::base {

// `text` as an `absl::string_view`, for Abseil's string functions.
inline absl::string_view AsAbsl(std::string_view text) { return absl::string_view(text.data(), text.size()); }

// `text` as a `std::string_view`.
inline std::string_view AsStd(absl::string_view text) { return std::string_view(text.data(), text.size()); }

// Whether the `size` bytes at `a` and `b` are the same: short runs (map keys, the needles of rules) byte by byte,
// which costs less than calling `memcmp`.
inline bool SameBytes(const char* a, const char* b, size_t size) {
  if (size > 16) return std::memcmp(a, b, size) == 0;
  for (size_t i = 0; i < size; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_STRINGS_H_
