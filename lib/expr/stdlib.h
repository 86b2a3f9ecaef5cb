// The CEL standard library: operators, conversions, string, list, map, timestamp and duration
// functions, as strict functions over `Value`s.
//
// Every function receives its arguments already evaluated (a receiver call `t.f(a)` passes `t`
// first) and none of them is an error: the evaluator propagates error arguments before calling.
// The non-strict operators (`&&`, `||`, `?:`, `@not_strictly_false`) and the macros live in the
// evaluator, not here.
#ifndef HDSC_LIB_EXPR_STDLIB_H_
#define HDSC_LIB_EXPR_STDLIB_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "lib/base/strings.h"
#include "lib/expr/checker.h"
#include "lib/expr/value.h"

namespace hdsc::expr::internal {

// The arguments of a builtin: an array of values, or pointers to values held elsewhere (the
// evaluator lends its operands rather than copying them).
class Args {
 public:
  Args(const Value* values) : values_(values) {}  // NOLINT(runtime/explicit): arrays convert
  Args(const Value* const* pointers) : pointers_(pointers) {}  // NOLINT(runtime/explicit)
  const Value& operator[](size_t index) const {
    return pointers_ != nullptr ? *pointers_[index] : values_[index];
  }

 private:
  const Value* values_ = nullptr;
  const Value* const* pointers_ = nullptr;
};

// A builtin: `args` holds `count` non-error values. Returns a value or an error value.
using Function = Value (*)(Args args, size_t count);

// The builtin named `name` (cel-spec operator names such as `_+_`, or function names such as
// `size`), or null when there is none.
Function FindFunction(std::string_view name);

// Checker declarations of the functions this library has beyond the standard ones: the strings
// extension of cel-go (`charAt`, `indexOf`, `lastIndexOf`, `lowerAscii`, `upperAscii`,
// `replace`, `split`, `substring`, `trim`, `join`, `format`, `strings.quote`), the math extension
// (`math.greatest`, `math.least`, `math.ceil`, `math.abs`, `math.bitAnd`, ...), the encoders
// extension (`base64.encode`, `base64.decode`) and optional values
// (`optional.of`, `optional.ofNonZeroValue`, `optional.none`, `hasValue`, `value`, `orValue`,
// `or`), with cel-go's overload ids.
const std::vector<FunctionDecl>& ExtensionFunctions();

// The most an expression may build in one value: a string or bytes of more bytes, or a list of more elements, is
// an error value (RESOURCE_EXHAUSTED), not memory the process does not have. Real dossier values are far below.
inline constexpr size_t kMaxBuiltBytes = size_t{16} << 20;
inline constexpr size_t kMaxBuiltListElements = size_t{1} << 22;

// The error value for a `what` ("string", "list") of `size` over `limit`.
Value TooLarge(std::string_view what, size_t size, size_t limit);

// Where `needle` (not empty) first occurs in `text` at or after `position`, or npos: candidates by
// the needle's first byte, then the rest compared.
inline size_t FindBytes(std::string_view text, std::string_view needle, size_t position) {
  const size_t size = needle.size();
  if (position > text.size() || size > text.size() - position) return std::string_view::npos;
  const char* at = text.data() + position;
  const char* const last = text.data() + text.size() - size;  // the last possible start
  while (at <= last) {
    at = static_cast<const char*>(std::memchr(at, needle[0], static_cast<size_t>(last - at) + 1));
    if (at == nullptr) return std::string_view::npos;
    if (base::SameBytes(at + 1, needle.data() + 1, size - 1)) return static_cast<size_t>(at - text.data());
    ++at;
  }
  return std::string_view::npos;
}

// The number of parts `text.split(separator, limit)` (the strings extension) has, counted without
// making them; a negative `limit` for none.
int64_t SplitCount(std::string_view text, std::string_view separator, int64_t limit);

// The error for a call whose arguments match no overload of `function`.
Value NoMatchingOverload(std::string_view function, Args args, size_t count);

// Parses a CEL duration string ("1h30m5.5s", "-1.5ms", "0"), range-checked.
absl::StatusOr<absl::Duration> ParseDuration(std::string_view text);
// Parses an RFC 3339 timestamp ("2024-01-01T00:00:00Z", "2024-01-01T01:00:00.5+01:00"),
// range-checked to 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
absl::StatusOr<absl::Time> ParseTimestamp(std::string_view text);

// Range checks of CEL: timestamps from year 1 to 9999, durations within about 10000 years.
// A timestamp's seconds since the epoch: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
inline constexpr int64_t kMinTimestampSeconds = -62'135'596'800;
inline constexpr int64_t kMaxTimestampSeconds = 253'402'300'799;
bool TimestampInRange(absl::Time value);
bool DurationInRange(absl::Duration value);

}  // namespace hdsc::expr::internal

#endif  // HDSC_LIB_EXPR_STDLIB_H_
