// What the files of the standard library share: the registration of each family of functions, and helpers
// they all use. Not API: see stdlib.h.
#ifndef HDSC_LIB_EXPR_STDLIB_INTERNAL_H_
#define HDSC_LIB_EXPR_STDLIB_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "lib/expr/stdlib.h"
#include "lib/expr/value.h"

namespace hdsc::expr::internal {

// The builtins by name.
using FunctionTable = absl::flat_hash_map<std::string_view, Function>;

// Each family of functions adds its builtins to `table` (stdlib_<family>.cc).
void AddOperatorFunctions(FunctionTable& table);
void AddStringFunctions(FunctionTable& table);
void AddFormatFunctions(FunctionTable& table);
void AddConversionFunctions(FunctionTable& table);
void AddTimeFunctions(FunctionTable& table);
void AddOptionalFunctions(FunctionTable& table);
void AddEncoderFunctions(FunctionTable& table);
void AddMathFunctions(FunctionTable& table);

inline constexpr double kTwoTo63 = 9223372036854775808.0;
inline constexpr double kTwoTo64 = 18446744073709551616.0;

// An out-of-range error value: `what` as the message.
Value OverflowError(std::string_view what = "integer overflow");

// An out-of-range error value: "`what` out of range".
Value RangeError(std::string_view what);

// The number of code points of valid UTF-8 `text`.
int64_t CodePointCount(std::string_view text);

inline bool IsString(const Value& value) { return value.kind() == ValueKind::kString; }
inline bool IsInt(const Value& value) { return value.kind() == ValueKind::kInt; }

// `value` as a timestamp or duration value, or a range error.
Value CheckedTimestamp(absl::Time value);
Value CheckedDuration(absl::Duration value);

}  // namespace hdsc::expr::internal

#endif  // HDSC_LIB_EXPR_STDLIB_INTERNAL_H_
