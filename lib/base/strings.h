// Conversions between `std::string_view` and `absl::string_view`: this Abseil build does not alias the two.
#ifndef HDSC_LIB_BASE_STRINGS_H_
#define HDSC_LIB_BASE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace hdsc::base {

// `text` as an `absl::string_view`, for Abseil's string functions.
inline absl::string_view AsAbsl(std::string_view text) { return absl::string_view(text.data(), text.size()); }

// `text` as a `std::string_view`.
inline std::string_view AsStd(absl::string_view text) { return std::string_view(text.data(), text.size()); }

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_STRINGS_H_
