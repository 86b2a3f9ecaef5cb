// Compiled regular expressions shared by the plans and pack readers that ask for the same pattern.
#ifndef HDSC_LIB_BASE_REGEX_H_
#define HDSC_LIB_BASE_REGEX_H_

#include <memory>
#include <string_view>

#include "re2/re2.h"

namespace hdsc::base {

// `pattern` compiled by RE2 (default options, errors not logged: the caller reads `ok()` and `error()`), shared
// with every caller that asks for the same pattern. Rule packs write a few patterns many times
// (`matches('[^[:space:]]')` in a dozen rules), and compiling one costs tens of microseconds. Patterns that nobody
// holds are forgotten once a few hundred have been asked for. Thread-safe.
std::shared_ptr<const RE2> SharedRegex(std::string_view pattern);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_REGEX_H_
