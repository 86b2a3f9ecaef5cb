// Type conversions: `int`, `uint`, `double`, `string`, `bytes`, `bool`, `timestamp`, `duration`, `dyn`,
// `type`.
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "lib/base/utf8.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- Conversions ---

Value ToInt(Args args, size_t count) {
  if (count == 1) {
    const Value& v = args[0];
    switch (v.kind()) {
      case ValueKind::kInt:
        return v;
      case ValueKind::kUint:
        if (v.uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return RangeError("int");
        }
        return Value::Int(static_cast<int64_t>(v.uint_value()));
      case ValueKind::kDouble: {
        const double d = v.double_value();
        // Both ends excluded, as in cel-go: -2^63 itself rounds from values that overflow.
        if (!(d > -kTwoTo63 && d < kTwoTo63)) return RangeError("int");
        return Value::Int(static_cast<int64_t>(d));
      }
      case ValueKind::kString: {
        const std::string_view text = v.string_value();
        int64_t out;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
          return Value::Error(absl::StrCat("cannot convert \"", AsAbsl(text), "\" to int"));
        }
        return Value::Int(out);
      }
      case ValueKind::kTimestamp:
        return Value::Int(absl::ToUnixSeconds(v.timestamp_value()));
      default:
        break;
    }
  }
  return NoMatchingOverload("int", args, count);
}

Value ToUint(Args args, size_t count) {
  if (count == 1) {
    const Value& v = args[0];
    switch (v.kind()) {
      case ValueKind::kUint:
        return v;
      case ValueKind::kInt:
        if (v.int_value() < 0) return RangeError("uint");
        return Value::Uint(static_cast<uint64_t>(v.int_value()));
      case ValueKind::kDouble: {
        const double d = v.double_value();
        if (!(d > -1 && d < kTwoTo64)) return RangeError("uint");
        return Value::Uint(static_cast<uint64_t>(d));
      }
      case ValueKind::kString: {
        const std::string_view text = v.string_value();
        uint64_t out;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
          return Value::Error(absl::StrCat("cannot convert \"", AsAbsl(text), "\" to uint"));
        }
        return Value::Uint(out);
      }
      default:
        break;
    }
  }
  return NoMatchingOverload("uint", args, count);
}

Value ToDouble(Args args, size_t count) {
  if (count == 1) {
    const Value& v = args[0];
    switch (v.kind()) {
      case ValueKind::kDouble:
        return v;
      case ValueKind::kInt:
        return Value::Double(static_cast<double>(v.int_value()));
      case ValueKind::kUint:
        return Value::Double(static_cast<double>(v.uint_value()));
      case ValueKind::kString: {
        const std::string text(v.string_value());
        char* end = nullptr;
        errno = 0;
        const double d =
            text.empty() || absl::ascii_isspace(text[0]) ? 0 : std::strtod(text.c_str(), &end);
        if (end == nullptr || end != text.c_str() + text.size()) {
          return Value::Error(absl::StrCat("cannot convert \"", AsAbsl(text), "\" to double"));
        }
        return Value::Double(d);
      }
      default:
        break;
    }
  }
  return NoMatchingOverload("double", args, count);
}

Value ToString(Args args, size_t count) {
  if (count == 1) {
    const Value& v = args[0];
    switch (v.kind()) {
      case ValueKind::kString:
        return v;
      case ValueKind::kInt:
        return Value::String(absl::StrCat(v.int_value()));
      case ValueKind::kUint:
        return Value::String(absl::StrCat(v.uint_value()));
      case ValueKind::kDouble:
        return Value::String(DoubleToString(v.double_value()));
      case ValueKind::kBool:
        return Value::String(v.bool_value() ? "true" : "false");
      case ValueKind::kBytes:
        if (base::FirstInvalidUtf8(v.string_value()) != std::string_view::npos) {
          return Value::Error("invalid UTF-8 in bytes");
        }
        return Value::StringView(v.string_value(), v.owner());
      case ValueKind::kTimestamp:
        return Value::String(TimestampToString(v.timestamp_value()));
      case ValueKind::kDuration:
        return Value::String(DurationToString(v.duration_value()));
      default:
        break;
    }
  }
  return NoMatchingOverload("string", args, count);
}

Value ToBytes(Args args, size_t count) {
  if (count == 1) {
    if (args[0].kind() == ValueKind::kBytes) return args[0];
    if (args[0].kind() == ValueKind::kString) {
      return Value::BytesView(args[0].string_value(), args[0].owner());
    }
  }
  return NoMatchingOverload("bytes", args, count);
}

Value ToBool(Args args, size_t count) {
  if (count == 1) {
    if (args[0].kind() == ValueKind::kBool) return args[0];
    if (args[0].kind() == ValueKind::kString) {
      const std::string_view text = args[0].string_value();
      if (text == "true" || text == "TRUE" || text == "True" || text == "t" || text == "T" ||
          text == "1") {
        return Value::Bool(true);
      }
      if (text == "false" || text == "FALSE" || text == "False" || text == "f" || text == "F" ||
          text == "0") {
        return Value::Bool(false);
      }
      return Value::Error(absl::StrCat("cannot convert \"", AsAbsl(text), "\" to bool"));
    }
  }
  return NoMatchingOverload("bool", args, count);
}

Value ToTimestamp(Args args, size_t count) {
  if (count == 1) {
    switch (args[0].kind()) {
      case ValueKind::kTimestamp:
        return args[0];
      case ValueKind::kString: {
        absl::StatusOr<absl::Time> parsed = ParseTimestamp(args[0].string_value());
        if (!parsed.ok()) return Value::Error(parsed.status());
        return Value::Timestamp(*parsed);
      }
      case ValueKind::kInt:
        return CheckedTimestamp(absl::FromUnixSeconds(args[0].int_value()));
      default:
        break;
    }
  }
  return NoMatchingOverload("timestamp", args, count);
}

Value ToDuration(Args args, size_t count) {
  if (count == 1) {
    switch (args[0].kind()) {
      case ValueKind::kDuration:
        return args[0];
      case ValueKind::kString: {
        absl::StatusOr<absl::Duration> parsed = ParseDuration(args[0].string_value());
        if (!parsed.ok()) return Value::Error(parsed.status());
        return Value::Duration(*parsed);
      }
      case ValueKind::kInt:
        return CheckedDuration(absl::Nanoseconds(args[0].int_value()));
      default:
        break;
    }
  }
  return NoMatchingOverload("duration", args, count);
}

Value Dyn(Args args, size_t count) {
  if (count == 1) return args[0];
  return NoMatchingOverload("dyn", args, count);
}

Value TypeOf(Args args, size_t count) {
  if (count == 1) return Value::Type(args[0].TypeName());
  return NoMatchingOverload("type", args, count);
}

}  // namespace

void AddConversionFunctions(FunctionTable& table) {
  table.insert({
      {"int", ToInt},
      {"uint", ToUint},
      {"double", ToDouble},
      {"string", ToString},
      {"bytes", ToBytes},
      {"bool", ToBool},
      {"timestamp", ToTimestamp},
      {"duration", ToDuration},
      {"dyn", Dyn},
      {"type", TypeOf},
  });
}

}  // namespace hdsc::expr::internal
