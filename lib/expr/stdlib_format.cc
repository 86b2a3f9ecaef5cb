// `format`, of the strings extension of cel-go.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- `format` (cel-go's strings extension) ---

Value FormatError(std::string_view message) {
  return Value::Error(absl::StrCat("error during formatting: ", AsAbsl(message)));
}

// `%s` of one value; false (with `*error` set) for values that have no such form.
bool AppendFormatString(const Value& value, std::string* out, Value* error) {
  switch (value.kind()) {
    case ValueKind::kNull:
      out->append("null");
      return true;
    case ValueKind::kBool:
      out->append(value.bool_value() ? "true" : "false");
      return true;
    case ValueKind::kInt:
      absl::StrAppend(out, value.int_value());
      return true;
    case ValueKind::kUint:
      absl::StrAppend(out, value.uint_value());
      return true;
    case ValueKind::kDouble: {
      const double d = value.double_value();
      if (std::isinf(d)) {
        out->append(d > 0 ? "Infinity" : "-Infinity");
      } else {
        out->append(DoubleToString(d));
      }
      return true;
    }
    case ValueKind::kString:
    case ValueKind::kBytes:
      out->append(value.string_value());
      return true;
    case ValueKind::kType:
      out->append(value.type_value());
      return true;
    case ValueKind::kTimestamp:
      out->append(TimestampToString(value.timestamp_value()));
      return true;
    case ValueKind::kDuration:
      out->append(DurationToString(value.duration_value()));
      return true;
    case ValueKind::kList: {
      const ListValue& list = value.list_value();
      out->push_back('[');
      for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out->append(", ");
        if (!AppendFormatString(list.Get(i), out, error)) return false;
      }
      out->push_back(']');
      return true;
    }
    case ValueKind::kMap: {
      // Entries in the order of their formatted keys, so that the output is deterministic.
      const MapValue& map = value.map_value();
      std::vector<std::pair<std::string, std::string>> entries;
      for (size_t i = 0; i < map.size(); ++i) {
        auto [key, entry] = map.Entry(i);
        std::string key_text;
        std::string value_text;
        if (!AppendFormatString(key, &key_text, error) ||
            !AppendFormatString(entry, &value_text, error)) {
          return false;
        }
        entries.emplace_back(std::move(key_text), std::move(value_text));
      }
      std::sort(entries.begin(), entries.end());
      out->push_back('{');
      for (size_t i = 0; i < entries.size(); ++i) {
        if (i > 0) out->append(", ");
        absl::StrAppend(out, entries[i].first, ": ", entries[i].second);
      }
      out->push_back('}');
      return true;
    }
    default:
      *error = FormatError(
          "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, "
          "types, durations, and timestamps");
      return false;
  }
}

// NaN and the infinities as `%d`, `%f` and `%e` print them.
bool AppendNonFinite(double d, std::string* out) {
  if (std::isnan(d)) {
    out->append("NaN");
  } else if (std::isinf(d)) {
    out->append(d > 0 ? "Infinity" : "-Infinity");
  } else {
    return false;
  }
  return true;
}

std::string ToBase(uint64_t value, int base, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  do {
    out.push_back(digits[value % base]);
    value /= base;
  } while (value != 0);
  return std::string(out.rbegin(), out.rend());
}

// An integer in `base`, with a minus sign for negative ints; false for other kinds.
bool AppendInteger(const Value& value, int base, bool upper, std::string* out) {
  if (value.kind() == ValueKind::kUint) {
    out->append(ToBase(value.uint_value(), base, upper));
    return true;
  }
  if (value.kind() != ValueKind::kInt) return false;
  const int64_t v = value.int_value();
  if (v < 0) out->push_back('-');
  out->append(ToBase(v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), base, upper));
  return true;
}

Value Format(Args args, size_t count) {
  if (count != 2 || !IsString(args[0]) || args[1].kind() != ValueKind::kList) {
    return NoMatchingOverload("format", args, count);
  }
  const std::string_view text = args[0].string_value();
  const ListValue& values = args[1].list_value();
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (++i >= text.size()) {
      return Value::Error("could not parse formatting clause: unterminated clause");
    }
    if (text[i] == '%') {
      out.push_back('%');
      continue;
    }
    int precision = -1;
    if (text[i] == '.') {
      precision = 0;
      while (++i < text.size() && absl::ascii_isdigit(text[i]) && precision < 1000) {
        precision = precision * 10 + (text[i] - '0');
      }
      if (i >= text.size()) {
        return Value::Error("could not parse formatting clause: unterminated clause");
      }
    }
    const char verb = text[i];
    if (std::string_view("sdfeboxX").find(verb) == std::string_view::npos) {
      return Value::Error(
          absl::StrCat("could not parse formatting clause: unrecognized formatting clause \"",
                       AsAbsl(text.substr(i, 1)), "\""));
    }
    if (next >= values.size()) {
      return Value::Error(absl::StrCat("index ", next, " out of range"));
    }
    const Value value = values.Get(next++);
    switch (verb) {
      case 's': {
        Value error;
        if (!AppendFormatString(value, &out, &error)) return error;
        break;
      }
      case 'd':
        if (value.kind() == ValueKind::kDouble && AppendNonFinite(value.double_value(), &out)) {
          break;
        }
        if (!AppendInteger(value, 10, false, &out)) {
          return FormatError("decimal clause can only be used on integers, was given " +
                             std::string(value.TypeName()));
        }
        break;
      case 'f':
      case 'e': {
        if (value.kind() != ValueKind::kDouble) {
          return FormatError(verb == 'f' ? "fixed-point clause can only be used on doubles"
                                         : "scientific clause can only be used on doubles");
        }
        if (AppendNonFinite(value.double_value(), &out)) break;
        // absl::StrFormat checks its format at compile time, so each format is a literal of its own.
        const int digits = precision < 0 ? 6 : precision;
        if (verb == 'f') {
          absl::StrAppendFormat(&out, "%.*f", digits, value.double_value());
        } else {
          absl::StrAppendFormat(&out, "%.*e", digits, value.double_value());
        }
        break;
      }
      case 'b':
        if (value.kind() == ValueKind::kBool) {
          out.push_back(value.bool_value() ? '1' : '0');
        } else if (!AppendInteger(value, 2, false, &out)) {
          return FormatError("only integers and bools can be formatted as binary");
        }
        break;
      case 'o':
        if (!AppendInteger(value, 8, false, &out)) {
          return FormatError("octal clause can only be used on integers");
        }
        break;
      default: {  // x, X
        const bool upper = verb == 'X';
        if (value.kind() == ValueKind::kString || value.kind() == ValueKind::kBytes) {
          for (unsigned char c : value.string_value()) {
            if (upper) {
              absl::StrAppendFormat(&out, "%02X", c);
            } else {
              absl::StrAppendFormat(&out, "%02x", c);
            }
          }
        } else if (!AppendInteger(value, 16, upper, &out)) {
          return FormatError("only integers, byte buffers, and strings can be formatted as hex");
        }
      }
    }
  }
  return Value::String(std::move(out));
}

}  // namespace

void AddFormatFunctions(FunctionTable& table) {
  table.insert({
      {"format", Format},
  });
}

}  // namespace hdsc::expr::internal
