// The encoders extension of cel-go: `base64.encode`, `base64.decode`.
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- Encoders extension ---

Value Base64Encode(Args args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kBytes) {
    return Value::String(absl::Base64Escape(AsAbsl(args[0].string_value())));
  }
  return NoMatchingOverload("base64.encode", args, count);
}

Value Base64Decode(Args args, size_t count) {
  if (count == 1 && IsString(args[0])) {
    std::string decoded;
    // Padding is optional, as in cel-go.
    if (!absl::Base64Unescape(AsAbsl(args[0].string_value()), &decoded)) {
      return Value::Error("base64.decode: invalid base64 input");
    }
    return Value::Bytes(std::move(decoded));
  }
  return NoMatchingOverload("base64.decode", args, count);
}

}  // namespace

void AddEncoderFunctions(FunctionTable& table) {
  table.insert({
      {"base64.encode", Base64Encode},
      {"base64.decode", Base64Decode},
  });
}

}  // namespace hdsc::expr::internal
