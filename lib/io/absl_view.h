// This Abseil build does not alias std::string_view; `AsAbsl` passes one to Abseil's string APIs.
#ifndef HDSC_LIB_IO_ABSL_VIEW_H_
#define HDSC_LIB_IO_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace hdsc::io::internal {

inline absl::string_view AsAbsl(std::string_view text) { return absl::string_view(text.data(), text.size()); }

}  // namespace hdsc::io::internal

#endif  // HDSC_LIB_IO_ABSL_VIEW_H_
