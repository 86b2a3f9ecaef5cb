#include "lib/expr/stdlib.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/message.h"
#include "lib/base/strings.h"
#include "re2/re2.h"

namespace hdsc::expr::internal {
namespace {

// Abseil here does not alias `std::string_view`; its string functions need their own type.
using base::AsAbsl;

constexpr double kTwoTo63 = 9223372036854775808.0;
constexpr double kTwoTo64 = 18446744073709551616.0;

Value OverflowError(std::string_view what = "integer overflow") {
  return Value::Error(absl::OutOfRangeError(AsAbsl(what)));
}

Value RangeError(std::string_view what) {
  return Value::Error(absl::OutOfRangeError(absl::StrCat(AsAbsl(what), " out of range")));
}

// Whether `text` is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = text[i];
    int length;
    uint32_t code_point;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2;
      code_point = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code_point = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code_point = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      const unsigned char next = text[i + k];
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if ((length == 2 && code_point < 0x80) || (length == 3 && code_point < 0x800) ||
        (length == 4 && code_point < 0x10000) || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

int64_t CodePointCount(std::string_view text) {
  int64_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

Value CheckedTimestamp(absl::Time value) {
  if (!TimestampInRange(value)) return RangeError("timestamp");
  return Value::Timestamp(value);
}

Value CheckedDuration(absl::Duration value) {
  if (!DurationInRange(value)) return RangeError("duration");
  return Value::Duration(value);
}

// --- Arithmetic ---

Value Add(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_+_", args, count);
  const Value& a = args[0];
  const Value& b = args[1];
  switch (a.kind()) {
    case ValueKind::kInt:
      if (b.kind() == ValueKind::kInt) {
        int64_t out;
        if (__builtin_add_overflow(a.int_value(), b.int_value(), &out)) return OverflowError();
        return Value::Int(out);
      }
      break;
    case ValueKind::kUint:
      if (b.kind() == ValueKind::kUint) {
        uint64_t out;
        if (__builtin_add_overflow(a.uint_value(), b.uint_value(), &out)) {
          return OverflowError("unsigned integer overflow");
        }
        return Value::Uint(out);
      }
      break;
    case ValueKind::kDouble:
      if (b.kind() == ValueKind::kDouble) return Value::Double(a.double_value() + b.double_value());
      break;
    case ValueKind::kString:
      if (b.kind() == ValueKind::kString) {
        return Value::String(absl::StrCat(AsAbsl(a.string_value()), AsAbsl(b.string_value())));
      }
      break;
    case ValueKind::kBytes:
      if (b.kind() == ValueKind::kBytes) {
        return Value::Bytes(absl::StrCat(AsAbsl(a.string_value()), AsAbsl(b.string_value())));
      }
      break;
    case ValueKind::kList:
      if (b.kind() == ValueKind::kList) {
        const ListValue& x = a.list_value();
        const ListValue& y = b.list_value();
        if (y.size() == 0) return a;
        if (x.size() == 0) return b;
        std::vector<Value> elements;
        elements.reserve(x.size() + y.size());
        for (size_t i = 0; i < x.size(); ++i) elements.push_back(x.Get(i));
        for (size_t i = 0; i < y.size(); ++i) elements.push_back(y.Get(i));
        return Value::List(std::move(elements));
      }
      break;
    case ValueKind::kTimestamp:
      if (b.kind() == ValueKind::kDuration) {
        return CheckedTimestamp(a.timestamp_value() + b.duration_value());
      }
      break;
    case ValueKind::kDuration:
      if (b.kind() == ValueKind::kDuration) {
        return CheckedDuration(a.duration_value() + b.duration_value());
      }
      if (b.kind() == ValueKind::kTimestamp) {
        return CheckedTimestamp(b.timestamp_value() + a.duration_value());
      }
      break;
    default:
      break;
  }
  return NoMatchingOverload("_+_", args, count);
}

Value Subtract(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_-_", args, count);
  const Value& a = args[0];
  const Value& b = args[1];
  switch (a.kind()) {
    case ValueKind::kInt:
      if (b.kind() == ValueKind::kInt) {
        int64_t out;
        if (__builtin_sub_overflow(a.int_value(), b.int_value(), &out)) return OverflowError();
        return Value::Int(out);
      }
      break;
    case ValueKind::kUint:
      if (b.kind() == ValueKind::kUint) {
        if (b.uint_value() > a.uint_value()) return OverflowError("unsigned integer overflow");
        return Value::Uint(a.uint_value() - b.uint_value());
      }
      break;
    case ValueKind::kDouble:
      if (b.kind() == ValueKind::kDouble) return Value::Double(a.double_value() - b.double_value());
      break;
    case ValueKind::kTimestamp:
      if (b.kind() == ValueKind::kDuration) {
        return CheckedTimestamp(a.timestamp_value() - b.duration_value());
      }
      if (b.kind() == ValueKind::kTimestamp) {
        // The difference of two timestamps must be representable in int64 nanoseconds, as in
        // cel-go and cel-cpp.
        const absl::Duration difference = a.timestamp_value() - b.timestamp_value();
        if (difference > absl::Nanoseconds(std::numeric_limits<int64_t>::max()) ||
            difference < absl::Nanoseconds(std::numeric_limits<int64_t>::min())) {
          return RangeError("duration");
        }
        return CheckedDuration(difference);
      }
      break;
    case ValueKind::kDuration:
      if (b.kind() == ValueKind::kDuration) {
        return CheckedDuration(a.duration_value() - b.duration_value());
      }
      break;
    default:
      break;
  }
  return NoMatchingOverload("_-_", args, count);
}

Value Multiply(const Value* args, size_t count) {
  if (count == 2) {
    const Value& a = args[0];
    const Value& b = args[1];
    if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
      int64_t out;
      if (__builtin_mul_overflow(a.int_value(), b.int_value(), &out)) return OverflowError();
      return Value::Int(out);
    }
    if (a.kind() == ValueKind::kUint && b.kind() == ValueKind::kUint) {
      uint64_t out;
      if (__builtin_mul_overflow(a.uint_value(), b.uint_value(), &out)) {
        return OverflowError("unsigned integer overflow");
      }
      return Value::Uint(out);
    }
    if (a.kind() == ValueKind::kDouble && b.kind() == ValueKind::kDouble) {
      return Value::Double(a.double_value() * b.double_value());
    }
  }
  return NoMatchingOverload("_*_", args, count);
}

Value Divide(const Value* args, size_t count) {
  if (count == 2) {
    const Value& a = args[0];
    const Value& b = args[1];
    if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
      if (b.int_value() == 0) return Value::Error("divide by zero");
      if (a.int_value() == std::numeric_limits<int64_t>::min() && b.int_value() == -1) {
        return OverflowError();
      }
      return Value::Int(a.int_value() / b.int_value());
    }
    if (a.kind() == ValueKind::kUint && b.kind() == ValueKind::kUint) {
      if (b.uint_value() == 0) return Value::Error("divide by zero");
      return Value::Uint(a.uint_value() / b.uint_value());
    }
    if (a.kind() == ValueKind::kDouble && b.kind() == ValueKind::kDouble) {
      return Value::Double(a.double_value() / b.double_value());
    }
  }
  return NoMatchingOverload("_/_", args, count);
}

Value Modulo(const Value* args, size_t count) {
  if (count == 2) {
    const Value& a = args[0];
    const Value& b = args[1];
    if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
      if (b.int_value() == 0) return Value::Error("modulus by zero");
      if (a.int_value() == std::numeric_limits<int64_t>::min() && b.int_value() == -1) {
        return OverflowError();
      }
      return Value::Int(a.int_value() % b.int_value());
    }
    if (a.kind() == ValueKind::kUint && b.kind() == ValueKind::kUint) {
      if (b.uint_value() == 0) return Value::Error("modulus by zero");
      return Value::Uint(a.uint_value() % b.uint_value());
    }
  }
  return NoMatchingOverload("_%_", args, count);
}

Value Negate(const Value* args, size_t count) {
  if (count == 1) {
    if (args[0].kind() == ValueKind::kInt) {
      if (args[0].int_value() == std::numeric_limits<int64_t>::min()) return OverflowError();
      return Value::Int(-args[0].int_value());
    }
    if (args[0].kind() == ValueKind::kDouble) return Value::Double(-args[0].double_value());
  }
  return NoMatchingOverload("-_", args, count);
}

Value Not(const Value* args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kBool) return Value::Bool(!args[0].bool_value());
  return NoMatchingOverload("!_", args, count);
}

// --- Comparison ---

Value Equals(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_==_", args, count);
  return Value::Bool(Equal(args[0], args[1]));
}

Value NotEquals(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_!=_", args, count);
  return Value::Bool(!Equal(args[0], args[1]));
}

template <bool kLess, bool kEqual, bool kGreater>
Value Relation(const Value* args, size_t count, std::string_view name) {
  if (count != 2) return NoMatchingOverload(name, args, count);
  switch (Compare(args[0], args[1])) {
    case Ordering::kLess:
      return Value::Bool(kLess);
    case Ordering::kEqual:
      return Value::Bool(kEqual);
    case Ordering::kGreater:
      return Value::Bool(kGreater);
    case Ordering::kUnordered:
      return Value::Bool(false);
    case Ordering::kIncomparable:
      break;
  }
  return NoMatchingOverload(name, args, count);
}

Value Less(const Value* args, size_t count) {
  return Relation<true, false, false>(args, count, "_<_");
}
Value LessEquals(const Value* args, size_t count) {
  return Relation<true, true, false>(args, count, "_<=_");
}
Value Greater(const Value* args, size_t count) {
  return Relation<false, false, true>(args, count, "_>_");
}
Value GreaterEquals(const Value* args, size_t count) {
  return Relation<false, true, true>(args, count, "_>=_");
}

// --- Containers ---

// `container[?index]`: an optional of the element, none when absent. An optional container
// propagates: none stays none.
Value OptionalIndex(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_[?_]", args, count);
  Value container = args[0];
  if (container.kind() == ValueKind::kOptional) {
    if (!container.has_optional_value()) return container;
    container = container.optional_value();
  }
  const Value& index = args[1];
  if (container.kind() == ValueKind::kList) {
    const ListValue& list = container.list_value();
    int64_t position;
    if (index.kind() == ValueKind::kInt) {
      position = index.int_value();
    } else if (index.kind() == ValueKind::kUint) {
      position = index.uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                     ? -1
                     : static_cast<int64_t>(index.uint_value());
    } else if (index.kind() == ValueKind::kDouble &&
               std::trunc(index.double_value()) == index.double_value() &&
               std::fabs(index.double_value()) < kTwoTo63) {
      position = static_cast<int64_t>(index.double_value());
    } else {
      const Value pair[] = {container, index};
      return NoMatchingOverload("_[?_]", pair, 2);
    }
    if (position < 0 || static_cast<uint64_t>(position) >= list.size()) {
      return Value::OptionalNone();
    }
    return Value::Optional(list.Get(static_cast<size_t>(position)));
  }
  if (container.kind() == ValueKind::kMap) {
    Value value;
    if (container.map_value().Find(index, &value)) return Value::Optional(std::move(value));
    return Value::OptionalNone();
  }
  const Value pair[] = {container, index};
  return NoMatchingOverload("_[?_]", pair, 2);
}

Value Index(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("_[_]", args, count);
  // Indexing into an optional is optional indexing: `optional.of(l)[0]` is `l[?0]`.
  if (args[0].kind() == ValueKind::kOptional) return OptionalIndex(args, count);
  const Value& container = args[0];
  const Value& index = args[1];
  if (container.kind() == ValueKind::kList) {
    const ListValue& list = container.list_value();
    int64_t position;
    switch (index.kind()) {
      case ValueKind::kInt:
        position = index.int_value();
        break;
      case ValueKind::kUint:
        position = index.uint_value() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                       ? -1
                       : static_cast<int64_t>(index.uint_value());
        break;
      case ValueKind::kDouble: {
        const double d = index.double_value();
        if (std::trunc(d) != d || d < -kTwoTo63 || d >= kTwoTo63) {
          return Value::Error(absl::StrCat("invalid list index ", DoubleToString(d)));
        }
        position = static_cast<int64_t>(d);
        break;
      }
      default:
        return NoMatchingOverload("_[_]", args, count);
    }
    if (position < 0 || static_cast<uint64_t>(position) >= list.size()) {
      return Value::Error(absl::StrCat("index out of range: ", position));
    }
    return list.Get(static_cast<size_t>(position));
  }
  if (container.kind() == ValueKind::kMap) {
    Value value;
    if (container.map_value().Find(index, &value)) return value;
    if (index.kind() == ValueKind::kNull || index.kind() == ValueKind::kList ||
        index.kind() == ValueKind::kMap || index.kind() == ValueKind::kMessage) {
      return NoMatchingOverload("_[_]", args, count);
    }
    return Value::Error(
        absl::NotFoundError(absl::StrCat("no such key: ", FormatAsCelLiteral(index))));
  }
  return NoMatchingOverload("_[_]", args, count);
}

Value In(const Value* args, size_t count) {
  if (count != 2) return NoMatchingOverload("@in", args, count);
  const Value& element = args[0];
  if (args[1].kind() == ValueKind::kList) {
    const ListValue& list = args[1].list_value();
    for (size_t i = 0; i < list.size(); ++i) {
      if (Equal(element, list.Get(i))) return Value::Bool(true);
    }
    return Value::Bool(false);
  }
  if (args[1].kind() == ValueKind::kMap) {
    Value ignored;
    return Value::Bool(args[1].map_value().Find(element, &ignored));
  }
  return NoMatchingOverload("@in", args, count);
}

Value Size(const Value* args, size_t count) {
  if (count == 1) {
    switch (args[0].kind()) {
      case ValueKind::kString:
        return Value::Int(CodePointCount(args[0].string_value()));
      case ValueKind::kBytes:
        return Value::Int(static_cast<int64_t>(args[0].string_value().size()));
      case ValueKind::kList:
        return Value::Int(static_cast<int64_t>(args[0].list_value().size()));
      case ValueKind::kMap:
        return Value::Int(static_cast<int64_t>(args[0].map_value().size()));
      default:
        break;
    }
  }
  return NoMatchingOverload("size", args, count);
}

// --- Strings ---

template <bool (*kTest)(absl::string_view, absl::string_view)>
Value StringPredicate(const Value* args, size_t count, std::string_view name) {
  if (count == 2 && args[0].kind() == ValueKind::kString && args[1].kind() == ValueKind::kString) {
    return Value::Bool(
        kTest(absl::string_view(args[0].string_value().data(), args[0].string_value().size()),
              absl::string_view(args[1].string_value().data(), args[1].string_value().size())));
  }
  return NoMatchingOverload(name, args, count);
}

bool StrContainsAdapter(absl::string_view a, absl::string_view b) {
  return absl::StrContains(a, b);
}
bool StartsWithAdapter(absl::string_view a, absl::string_view b) { return absl::StartsWith(a, b); }
bool EndsWithAdapter(absl::string_view a, absl::string_view b) { return absl::EndsWith(a, b); }

Value Contains(const Value* args, size_t count) {
  return StringPredicate<StrContainsAdapter>(args, count, "contains");
}
Value StartsWith(const Value* args, size_t count) {
  return StringPredicate<StartsWithAdapter>(args, count, "startsWith");
}
Value EndsWith(const Value* args, size_t count) {
  return StringPredicate<EndsWithAdapter>(args, count, "endsWith");
}

Value Matches(const Value* args, size_t count) {
  if (count == 2 && args[0].kind() == ValueKind::kString && args[1].kind() == ValueKind::kString) {
    const std::string_view pattern = args[1].string_value();
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re.ok()) {
      return Value::Error(absl::StrCat("invalid regular expression: ", re.error()));
    }
    const std::string_view text = args[0].string_value();
    return Value::Bool(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re));
  }
  return NoMatchingOverload("matches", args, count);
}

// --- Conversions ---

Value ToInt(const Value* args, size_t count) {
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

Value ToUint(const Value* args, size_t count) {
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

Value ToDouble(const Value* args, size_t count) {
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

Value ToString(const Value* args, size_t count) {
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
        if (!IsValidUtf8(v.string_value())) return Value::Error("invalid UTF-8 in bytes");
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

Value ToBytes(const Value* args, size_t count) {
  if (count == 1) {
    if (args[0].kind() == ValueKind::kBytes) return args[0];
    if (args[0].kind() == ValueKind::kString) {
      return Value::BytesView(args[0].string_value(), args[0].owner());
    }
  }
  return NoMatchingOverload("bytes", args, count);
}

Value ToBool(const Value* args, size_t count) {
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

Value ToTimestamp(const Value* args, size_t count) {
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

Value ToDuration(const Value* args, size_t count) {
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

Value Dyn(const Value* args, size_t count) {
  if (count == 1) return args[0];
  return NoMatchingOverload("dyn", args, count);
}

Value TypeOf(const Value* args, size_t count) {
  if (count == 1) return Value::Type(args[0].TypeName());
  return NoMatchingOverload("type", args, count);
}

// --- Timestamp and duration accessors ---

// A time zone from an IANA name ("Europe/Paris") or a fixed offset ("+05:30", "-08:00", "02:00").
bool ResolveTimeZone(std::string_view name, absl::TimeZone* zone) {
  if (name.empty()) return false;
  const bool is_offset = name[0] == '+' || name[0] == '-' || absl::ascii_isdigit(name[0]);
  if (is_offset) {
    int sign = 1;
    std::string_view rest = name;
    if (rest[0] == '+' || rest[0] == '-') {
      sign = rest[0] == '-' ? -1 : 1;
      rest.remove_prefix(1);
    }
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return false;
    int hours = 0;
    int minutes = 0;
    auto [end_h, error_h] = std::from_chars(rest.data(), rest.data() + colon, hours);
    auto [end_m, error_m] =
        std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), minutes);
    if (error_h != std::errc() || end_h != rest.data() + colon || error_m != std::errc() ||
        end_m != rest.data() + rest.size() || hours > 23 || minutes > 59) {
      return false;
    }
    *zone = absl::FixedTimeZone(sign * (hours * 3600 + minutes * 60));
    return true;
  }
  // Only names of the time zone database: no absolute paths or parent directories.
  if (name[0] == '/' || name.find("..") != std::string_view::npos) return false;
  return absl::LoadTimeZone(std::string(name), zone);
}

enum class TimePart {
  kFullYear,
  kMonth,
  kDayOfYear,
  kDayOfMonth,
  kDate,
  kDayOfWeek,
  kHours,
  kMinutes,
  kSeconds,
  kMilliseconds,
};

template <TimePart kPart>
Value TimeAccessor(const Value* args, size_t count, std::string_view name) {
  if (count == 1 && args[0].kind() == ValueKind::kDuration) {
    const absl::Duration d = args[0].duration_value();
    absl::Duration remainder;  // IDivDuration needs somewhere to put it
    switch (kPart) {
      case TimePart::kHours:
        return Value::Int(absl::IDivDuration(d, absl::Hours(1), &remainder));
      case TimePart::kMinutes:
        return Value::Int(absl::IDivDuration(d, absl::Minutes(1), &remainder));
      case TimePart::kSeconds:
        return Value::Int(absl::IDivDuration(d, absl::Seconds(1), &remainder));
      case TimePart::kMilliseconds: {
        // The milliseconds within the current second, as cel-go and cel-cpp define it.
        absl::IDivDuration(d, absl::Seconds(1), &remainder);
        return Value::Int(absl::IDivDuration(remainder, absl::Milliseconds(1), &remainder));
      }
      default:
        break;
    }
    return NoMatchingOverload(name, args, count);
  }
  if ((count != 1 && count != 2) || args[0].kind() != ValueKind::kTimestamp ||
      (count == 2 && args[1].kind() != ValueKind::kString)) {
    return NoMatchingOverload(name, args, count);
  }
  absl::TimeZone zone = absl::UTCTimeZone();
  if (count == 2 && !ResolveTimeZone(args[1].string_value(), &zone)) {
    return Value::Error(absl::StrCat("unknown time zone '", AsAbsl(args[1].string_value()), "'"));
  }
  const absl::TimeZone::CivilInfo info = zone.At(args[0].timestamp_value());
  const absl::CivilSecond& cs = info.cs;
  switch (kPart) {
    case TimePart::kFullYear:
      return Value::Int(cs.year());
    case TimePart::kMonth:
      return Value::Int(cs.month() - 1);
    case TimePart::kDayOfYear:
      return Value::Int(absl::GetYearDay(absl::CivilDay(cs)) - 1);
    case TimePart::kDayOfMonth:
      return Value::Int(cs.day() - 1);
    case TimePart::kDate:
      return Value::Int(cs.day());
    case TimePart::kDayOfWeek: {
      // absl counts from Monday = 0; CEL from Sunday = 0.
      const int weekday = static_cast<int>(absl::GetWeekday(absl::CivilDay(cs)));
      return Value::Int((weekday + 1) % 7);
    }
    case TimePart::kHours:
      return Value::Int(cs.hour());
    case TimePart::kMinutes:
      return Value::Int(cs.minute());
    case TimePart::kSeconds:
      return Value::Int(cs.second());
    case TimePart::kMilliseconds: {
      absl::Duration remainder;
      return Value::Int(absl::IDivDuration(info.subsecond, absl::Milliseconds(1), &remainder));
    }
  }
  return NoMatchingOverload(name, args, count);
}

#define HDSC_TIME_ACCESSOR(function_name, part)             \
  Value function_name(const Value* args, size_t count) {    \
    return TimeAccessor<part>(args, count, #function_name); \
  }
HDSC_TIME_ACCESSOR(getFullYear, TimePart::kFullYear)
HDSC_TIME_ACCESSOR(getMonth, TimePart::kMonth)
HDSC_TIME_ACCESSOR(getDayOfYear, TimePart::kDayOfYear)
HDSC_TIME_ACCESSOR(getDayOfMonth, TimePart::kDayOfMonth)
HDSC_TIME_ACCESSOR(getDate, TimePart::kDate)
HDSC_TIME_ACCESSOR(getDayOfWeek, TimePart::kDayOfWeek)
HDSC_TIME_ACCESSOR(getHours, TimePart::kHours)
HDSC_TIME_ACCESSOR(getMinutes, TimePart::kMinutes)
HDSC_TIME_ACCESSOR(getSeconds, TimePart::kSeconds)
HDSC_TIME_ACCESSOR(getMilliseconds, TimePart::kMilliseconds)
#undef HDSC_TIME_ACCESSOR

// --- Optional values (cel-go's `OptionalTypes`) ---

// Whether `value` is its type's zero value (`optional.ofNonZeroValue` gives none for those).
bool IsZeroValue(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBool:
      return !value.bool_value();
    case ValueKind::kInt:
      return value.int_value() == 0;
    case ValueKind::kUint:
      return value.uint_value() == 0;
    case ValueKind::kDouble:
      return value.double_value() == 0;
    case ValueKind::kString:
    case ValueKind::kBytes:
      return value.string_value().empty();
    case ValueKind::kList:
      return value.list_value().size() == 0;
    case ValueKind::kMap:
      return value.map_value().size() == 0;
    case ValueKind::kMessage: {
      std::vector<const google::protobuf::FieldDescriptor*> fields;
      value.message_value()->GetReflection()->ListFields(*value.message_value(), &fields);
      return fields.empty();
    }
    case ValueKind::kTimestamp:
      return value.timestamp_value() == absl::UnixEpoch();
    case ValueKind::kDuration:
      return value.duration_value() == absl::ZeroDuration();
    case ValueKind::kOptional:
      return !value.has_optional_value();
    default:
      return false;
  }
}

bool IsOptional(const Value& value) { return value.kind() == ValueKind::kOptional; }

Value OptionalOf(const Value* args, size_t count) {
  if (count == 1) return Value::Optional(args[0]);
  return NoMatchingOverload("optional.of", args, count);
}

Value OptionalOfNonZeroValue(const Value* args, size_t count) {
  if (count == 1) return IsZeroValue(args[0]) ? Value::OptionalNone() : Value::Optional(args[0]);
  return NoMatchingOverload("optional.ofNonZeroValue", args, count);
}

Value OptionalNone(const Value* args, size_t count) {
  if (count == 0) return Value::OptionalNone();
  return NoMatchingOverload("optional.none", args, count);
}

Value HasValue(const Value* args, size_t count) {
  if (count == 1 && IsOptional(args[0])) return Value::Bool(args[0].has_optional_value());
  return NoMatchingOverload("hasValue", args, count);
}

Value OptionalValue(const Value* args, size_t count) {
  if (count == 1 && IsOptional(args[0])) {
    if (!args[0].has_optional_value()) return Value::Error("optional.none() dereference");
    return args[0].optional_value();
  }
  return NoMatchingOverload("value", args, count);
}

Value OrValue(const Value* args, size_t count) {
  if (count == 2 && IsOptional(args[0])) {
    return args[0].has_optional_value() ? args[0].optional_value() : args[1];
  }
  return NoMatchingOverload("orValue", args, count);
}

Value Or(const Value* args, size_t count) {
  if (count == 2 && IsOptional(args[0]) && IsOptional(args[1])) {
    return args[0].has_optional_value() ? args[0] : args[1];
  }
  return NoMatchingOverload("or", args, count);
}

// --- Strings extension (cel-go's `ext.Strings`): code-point indexes throughout ---

// The code points of a valid UTF-8 string, as byte offsets of their starts plus the end.
std::vector<size_t> CodePointOffsets(std::string_view text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

Value IndexOutOfRange(int64_t index) {
  return Value::Error(absl::OutOfRangeError(absl::StrCat("index out of range: ", index)));
}

bool IsString(const Value& value) { return value.kind() == ValueKind::kString; }
bool IsInt(const Value& value) { return value.kind() == ValueKind::kInt; }

Value CharAt(const Value* args, size_t count) {
  if (count != 2 || !IsString(args[0]) || !IsInt(args[1])) {
    return NoMatchingOverload("charAt", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t index = args[1].int_value();
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  if (index < 0 || index > length) return IndexOutOfRange(index);
  if (index == length) return Value::String("");
  return Value::String(
      std::string(text.substr(offsets[index], offsets[index + 1] - offsets[index])));
}

// Finds `needle` in `text` (both as code points) at or after (`last`: at or before) `start`.
int64_t FindCodePoints(std::string_view text, const std::vector<size_t>& offsets,
                       std::string_view needle, int64_t start, bool last) {
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t needle_length = CodePointCount(needle);
  if (!last) {
    for (int64_t i = start; i + needle_length <= length; ++i) {
      if (text.substr(offsets[i]).substr(0, needle.size()) == needle) return i;
    }
    return -1;
  }
  for (int64_t i = std::min(start, length - needle_length); i >= 0; --i) {
    if (text.substr(offsets[i]).substr(0, needle.size()) == needle) return i;
  }
  return -1;
}

template <bool kLast>
Value IndexOf(const Value* args, size_t count) {
  const char* name = kLast ? "lastIndexOf" : "indexOf";
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsString(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload(name, args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t start = count == 3 ? args[2].int_value() : (kLast ? length : 0);
  if (start < 0 || start > length) return IndexOutOfRange(start);
  return Value::Int(FindCodePoints(text, offsets, args[1].string_value(), start, kLast));
}

template <bool kUpper>
Value AsciiCase(const Value* args, size_t count) {
  if (count != 1 || !IsString(args[0])) {
    return NoMatchingOverload(kUpper ? "upperAscii" : "lowerAscii", args, count);
  }
  std::string text(args[0].string_value());
  for (char& c : text) c = kUpper ? absl::ascii_toupper(c) : absl::ascii_tolower(c);
  return Value::String(std::move(text));
}

Value Replace(const Value* args, size_t count) {
  if ((count != 3 && count != 4) || !IsString(args[0]) || !IsString(args[1]) ||
      !IsString(args[2]) || (count == 4 && !IsInt(args[3]))) {
    return NoMatchingOverload("replace", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::string_view from = args[1].string_value();
  const std::string_view to = args[2].string_value();
  int64_t limit = count == 4 ? args[3].int_value() : -1;
  std::string out;
  if (from.empty()) {
    // As Go's strings.Replace: insert before every code point and at the end.
    const std::vector<size_t> offsets = CodePointOffsets(text);
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      if (limit != 0) {
        out.append(to);
        --limit;
      }
      out.append(text.substr(offsets[i], offsets[i + 1] - offsets[i]));
    }
    if (limit != 0) out.append(to);
    return Value::String(std::move(out));
  }
  size_t position = 0;
  while (limit != 0) {
    const size_t found = text.find(from, position);
    if (found == std::string_view::npos) break;
    out.append(text.substr(position, found - position));
    out.append(to);
    position = found + from.size();
    --limit;
  }
  out.append(text.substr(position));
  return Value::String(std::move(out));
}

Value Split(const Value* args, size_t count) {
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsString(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload("split", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::string_view separator = args[1].string_value();
  const int64_t limit = count == 3 ? args[2].int_value() : -1;
  std::vector<Value> parts;
  if (limit == 0) return Value::List(std::move(parts));
  if (separator.empty()) {
    const std::vector<size_t> offsets = CodePointOffsets(text);
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      if (limit > 0 && static_cast<int64_t>(parts.size()) == limit - 1) {
        parts.push_back(Value::String(std::string(text.substr(offsets[i]))));
        return Value::List(std::move(parts));
      }
      parts.push_back(
          Value::String(std::string(text.substr(offsets[i], offsets[i + 1] - offsets[i]))));
    }
    return Value::List(std::move(parts));
  }
  size_t position = 0;
  while (limit < 0 || static_cast<int64_t>(parts.size()) < limit - 1) {
    const size_t found = text.find(separator, position);
    if (found == std::string_view::npos) break;
    parts.push_back(Value::String(std::string(text.substr(position, found - position))));
    position = found + separator.size();
  }
  parts.push_back(Value::String(std::string(text.substr(position))));
  return Value::List(std::move(parts));
}

Value Substring(const Value* args, size_t count) {
  if ((count != 2 && count != 3) || !IsString(args[0]) || !IsInt(args[1]) ||
      (count == 3 && !IsInt(args[2]))) {
    return NoMatchingOverload("substring", args, count);
  }
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  const int64_t length = static_cast<int64_t>(offsets.size()) - 1;
  const int64_t start = args[1].int_value();
  const int64_t end = count == 3 ? args[2].int_value() : length;
  if (start < 0 || start > length) return IndexOutOfRange(start);
  if (end < 0 || end > length) return IndexOutOfRange(end);
  if (end < start) {
    return Value::Error(absl::OutOfRangeError(
        absl::StrCat("invalid substring range. start: ", start, ", end: ", end)));
  }
  return Value::String(std::string(text.substr(offsets[start], offsets[end] - offsets[start])));
}

// Unicode white space, as Go's unicode.IsSpace.
bool IsUnicodeSpace(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

char32_t DecodeAt(std::string_view text, size_t start, size_t end) {
  const unsigned char lead = text[start];
  const size_t length = end - start;
  char32_t c = length == 1 ? lead : (lead & (0xFF >> (length + 1)));
  for (size_t i = start + 1; i < end; ++i) c = (c << 6) | (text[i] & 0x3F);
  return c;
}

Value Trim(const Value* args, size_t count) {
  if (count != 1 || !IsString(args[0])) return NoMatchingOverload("trim", args, count);
  const std::string_view text = args[0].string_value();
  const std::vector<size_t> offsets = CodePointOffsets(text);
  size_t first = 0;
  size_t last = offsets.size() - 1;  // exclusive, in code points
  while (first < last && IsUnicodeSpace(DecodeAt(text, offsets[first], offsets[first + 1]))) {
    ++first;
  }
  while (last > first && IsUnicodeSpace(DecodeAt(text, offsets[last - 1], offsets[last]))) --last;
  return Value::String(std::string(text.substr(offsets[first], offsets[last] - offsets[first])));
}

Value Join(const Value* args, size_t count) {
  if ((count != 1 && count != 2) || args[0].kind() != ValueKind::kList ||
      (count == 2 && !IsString(args[1]))) {
    return NoMatchingOverload("join", args, count);
  }
  const std::string_view separator = count == 2 ? args[1].string_value() : std::string_view();
  const ListValue& list = args[0].list_value();
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    const Value element = list.Get(i);
    if (!IsString(element)) {
      return Value::Error(
          absl::StrCat("join: element ", i, " is a '", AsAbsl(element.TypeName()), "', not a string"));
    }
    if (i > 0) out.append(separator);
    out.append(element.string_value().data(), element.string_value().size());
  }
  return Value::String(std::move(out));
}

// `strings.quote(s)`: `s` as a double-quoted CEL string literal.
Value Quote(const Value* args, size_t count) {
  if (count != 1 || !IsString(args[0])) return NoMatchingOverload("strings.quote", args, count);
  const std::string_view text = args[0].string_value();
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    switch (c) {
      case '\a':
        out.append("\\a");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\v':
        out.append("\\v");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '"':
        out.append("\\\"");
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          absl::StrAppendFormat(&out, "\\x%02x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return Value::String(std::move(out));
}

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

Value Format(const Value* args, size_t count) {
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

// --- Encoders extension and comprehension helpers ---

Value Base64Encode(const Value* args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kBytes) {
    return Value::String(absl::Base64Escape(AsAbsl(args[0].string_value())));
  }
  return NoMatchingOverload("base64.encode", args, count);
}

Value Base64Decode(const Value* args, size_t count) {
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

// `cel.@mapInsert(map, key, value)` and `cel.@mapInsert(map, other_map)`: the accumulator step
// of `transformMap`. A key already present is an error.
Value MapInsert(const Value* args, size_t count) {
  if ((count != 2 && count != 3) || args[0].kind() != ValueKind::kMap ||
      (count == 2 && args[1].kind() != ValueKind::kMap)) {
    return NoMatchingOverload("cel.@mapInsert", args, count);
  }
  const MapValue& map = args[0].map_value();
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(map.size() + 1);
  for (size_t i = 0; i < map.size(); ++i) entries.push_back(map.Entry(i));
  if (count == 3) {
    entries.emplace_back(args[1], args[2]);
  } else {
    const MapValue& other = args[1].map_value();
    for (size_t i = 0; i < other.size(); ++i) entries.push_back(other.Entry(i));
  }
  absl::StatusOr<Value> merged = Value::Map(std::move(entries));
  if (!merged.ok()) return Value::Error(merged.status());
  return *std::move(merged);
}

// --- Math extension (cel-go's `ext.Math`) ---

bool IsNumeric(const Value& value) {
  return value.kind() == ValueKind::kInt || value.kind() == ValueKind::kUint ||
         value.kind() == ValueKind::kDouble;
}

// `math.greatest` and `math.least`: over the arguments, or over the elements of one list.
template <bool kGreatest>
Value Extremum(const Value* args, size_t count) {
  const char* name = kGreatest ? "math.greatest" : "math.least";
  std::vector<Value> elements;
  if (count == 1 && args[0].kind() == ValueKind::kList) {
    const ListValue& list = args[0].list_value();
    for (size_t i = 0; i < list.size(); ++i) elements.push_back(list.Get(i));
    if (elements.empty()) {
      return Value::Error(absl::StrCat(name, "(list) argument must not be empty"));
    }
  } else {
    elements.assign(args, args + count);
  }
  if (elements.empty()) return NoMatchingOverload(name, args, count);
  size_t best = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (!IsNumeric(elements[i])) return NoMatchingOverload(name, args, count);
    const Ordering order = Compare(elements[i], elements[best]);
    if (order == Ordering::kUnordered) {
      // NaN wins, as in cel-go.
      if (std::isnan(elements[i].kind() == ValueKind::kDouble ? elements[i].double_value() : 0)) {
        best = i;
      }
      continue;
    }
    if (order == (kGreatest ? Ordering::kGreater : Ordering::kLess)) best = i;
  }
  return elements[best];
}

template <double (*kRound)(double)>
Value DoubleRounding(const Value* args, size_t count, std::string_view name) {
  if (count == 1 && args[0].kind() == ValueKind::kDouble) {
    return Value::Double(kRound(args[0].double_value()));
  }
  return NoMatchingOverload(name, args, count);
}
double CeilOf(double d) { return std::ceil(d); }
double FloorOf(double d) { return std::floor(d); }
double RoundOf(double d) { return std::round(d); }
double TruncOf(double d) { return std::trunc(d); }
Value MathCeil(const Value* args, size_t count) {
  return DoubleRounding<CeilOf>(args, count, "math.ceil");
}
Value MathFloor(const Value* args, size_t count) {
  return DoubleRounding<FloorOf>(args, count, "math.floor");
}
Value MathRound(const Value* args, size_t count) {
  return DoubleRounding<RoundOf>(args, count, "math.round");
}
Value MathTrunc(const Value* args, size_t count) {
  return DoubleRounding<TruncOf>(args, count, "math.trunc");
}

Value MathAbs(const Value* args, size_t count) {
  if (count == 1) {
    switch (args[0].kind()) {
      case ValueKind::kInt:
        if (args[0].int_value() == std::numeric_limits<int64_t>::min()) return OverflowError();
        return Value::Int(args[0].int_value() < 0 ? -args[0].int_value() : args[0].int_value());
      case ValueKind::kUint:
        return args[0];
      case ValueKind::kDouble:
        return Value::Double(std::fabs(args[0].double_value()));
      default:
        break;
    }
  }
  return NoMatchingOverload("math.abs", args, count);
}

Value MathSign(const Value* args, size_t count) {
  if (count == 1) {
    switch (args[0].kind()) {
      case ValueKind::kInt:
        return Value::Int((args[0].int_value() > 0) - (args[0].int_value() < 0));
      case ValueKind::kUint:
        return Value::Uint(args[0].uint_value() > 0 ? 1 : 0);
      case ValueKind::kDouble: {
        const double d = args[0].double_value();
        if (std::isnan(d)) return args[0];
        return Value::Double(d > 0 ? 1.0 : (d < 0 ? -1.0 : 0.0));
      }
      default:
        break;
    }
  }
  return NoMatchingOverload("math.sign", args, count);
}

template <int kTest>  // 0: isNaN, 1: isInf, 2: isFinite
Value DoubleTest(const Value* args, size_t count) {
  static constexpr const char* kNames[] = {"math.isNaN", "math.isInf", "math.isFinite"};
  if (count == 1 && args[0].kind() == ValueKind::kDouble) {
    const double d = args[0].double_value();
    return Value::Bool(kTest == 0 ? std::isnan(d)
                                  : (kTest == 1 ? std::isinf(d) : std::isfinite(d)));
  }
  return NoMatchingOverload(kNames[kTest], args, count);
}

template <int kOperation>  // 0: and, 1: or, 2: xor
Value BitOperation(const Value* args, size_t count) {
  static constexpr const char* kNames[] = {"math.bitAnd", "math.bitOr", "math.bitXor"};
  auto apply = [](uint64_t a, uint64_t b) {
    return kOperation == 0 ? (a & b) : (kOperation == 1 ? (a | b) : (a ^ b));
  };
  if (count == 2 && args[0].kind() == ValueKind::kInt && args[1].kind() == ValueKind::kInt) {
    return Value::Int(static_cast<int64_t>(apply(static_cast<uint64_t>(args[0].int_value()),
                                                 static_cast<uint64_t>(args[1].int_value()))));
  }
  if (count == 2 && args[0].kind() == ValueKind::kUint && args[1].kind() == ValueKind::kUint) {
    return Value::Uint(apply(args[0].uint_value(), args[1].uint_value()));
  }
  return NoMatchingOverload(kNames[kOperation], args, count);
}

Value BitNot(const Value* args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kInt) return Value::Int(~args[0].int_value());
  if (count == 1 && args[0].kind() == ValueKind::kUint) return Value::Uint(~args[0].uint_value());
  return NoMatchingOverload("math.bitNot", args, count);
}

// Shifts are logical on the 64-bit pattern; shifting by 64 or more gives 0.
template <bool kLeft>
Value BitShift(const Value* args, size_t count) {
  const char* name = kLeft ? "math.bitShiftLeft" : "math.bitShiftRight";
  if (count != 2 || args[1].kind() != ValueKind::kInt ||
      (args[0].kind() != ValueKind::kInt && args[0].kind() != ValueKind::kUint)) {
    return NoMatchingOverload(name, args, count);
  }
  const int64_t shift = args[1].int_value();
  if (shift < 0) {
    return Value::Error(absl::StrCat(name, "() negative offset: ", shift));
  }
  const uint64_t bits = args[0].kind() == ValueKind::kInt
                            ? static_cast<uint64_t>(args[0].int_value())
                            : args[0].uint_value();
  const uint64_t shifted = shift >= 64 ? 0 : (kLeft ? bits << shift : bits >> shift);
  if (args[0].kind() == ValueKind::kInt) return Value::Int(static_cast<int64_t>(shifted));
  return Value::Uint(shifted);
}

const absl::flat_hash_map<std::string_view, Function>& Registry() {
  static const auto* const registry = new absl::flat_hash_map<std::string_view, Function>{
      {"_+_", Add},
      {"_-_", Subtract},
      {"_*_", Multiply},
      {"_/_", Divide},
      {"_%_", Modulo},
      {"-_", Negate},
      {"!_", Not},
      {"_==_", Equals},
      {"_!=_", NotEquals},
      {"_<_", Less},
      {"_<=_", LessEquals},
      {"_>_", Greater},
      {"_>=_", GreaterEquals},
      {"_[_]", Index},
      {"@in", In},
      {"size", Size},
      {"contains", Contains},
      {"startsWith", StartsWith},
      {"endsWith", EndsWith},
      {"matches", Matches},
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
      {"getFullYear", getFullYear},
      {"getMonth", getMonth},
      {"getDayOfYear", getDayOfYear},
      {"getDayOfMonth", getDayOfMonth},
      {"getDate", getDate},
      {"getDayOfWeek", getDayOfWeek},
      {"getHours", getHours},
      {"getMinutes", getMinutes},
      {"getSeconds", getSeconds},
      {"getMilliseconds", getMilliseconds},
      {"charAt", CharAt},
      {"indexOf", IndexOf<false>},
      {"lastIndexOf", IndexOf<true>},
      {"lowerAscii", AsciiCase<false>},
      {"upperAscii", AsciiCase<true>},
      {"replace", Replace},
      {"split", Split},
      {"substring", Substring},
      {"trim", Trim},
      {"join", Join},
      {"strings.quote", Quote},
      {"format", Format},
      {"base64.encode", Base64Encode},
      {"base64.decode", Base64Decode},
      {"cel.@mapInsert", MapInsert},
      {"math.greatest", Extremum<true>},
      {"math.least", Extremum<false>},
      {"math.ceil", MathCeil},
      {"math.floor", MathFloor},
      {"math.round", MathRound},
      {"math.trunc", MathTrunc},
      {"math.abs", MathAbs},
      {"math.sign", MathSign},
      {"math.isNaN", DoubleTest<0>},
      {"math.isInf", DoubleTest<1>},
      {"math.isFinite", DoubleTest<2>},
      {"math.bitAnd", BitOperation<0>},
      {"math.bitOr", BitOperation<1>},
      {"math.bitXor", BitOperation<2>},
      {"math.bitNot", BitNot},
      {"math.bitShiftLeft", BitShift<true>},
      {"math.bitShiftRight", BitShift<false>},
      {"_[?_]", OptionalIndex},
      {"optional.of", OptionalOf},
      {"optional.ofNonZeroValue", OptionalOfNonZeroValue},
      {"optional.none", OptionalNone},
      {"hasValue", HasValue},
      {"value", OptionalValue},
      {"orValue", OrValue},
      {"or", Or},
  };
  return *registry;
}

}  // namespace

Function FindFunction(std::string_view name) {
  const auto& registry = Registry();
  auto it = registry.find(name);
  return it == registry.end() ? nullptr : it->second;
}

const std::vector<FunctionDecl>& ExtensionFunctions() {
  static const auto* const functions = [] {
    const Type s = Type::String();
    const Type i = Type::Int();
    auto member = [](std::string id, std::vector<Type> params, Type result) {
      return OverloadDecl{std::move(id), std::move(params), std::move(result), true};
    };
    auto* functions = new std::vector<FunctionDecl>{
        {"charAt", {member("string_char_at_int", {s, i}, s)}},
        {"indexOf",
         {member("string_index_of_string", {s, s}, i),
          member("string_index_of_string_int", {s, s, i}, i)}},
        {"lastIndexOf",
         {member("string_last_index_of_string", {s, s}, i),
          member("string_last_index_of_string_int", {s, s, i}, i)}},
        {"lowerAscii", {member("string_lower_ascii", {s}, s)}},
        {"upperAscii", {member("string_upper_ascii", {s}, s)}},
        {"replace",
         {member("string_replace_string_string", {s, s, s}, s),
          member("string_replace_string_string_int", {s, s, s, i}, s)}},
        {"split",
         {member("string_split_string", {s, s}, Type::List(s)),
          member("string_split_string_int", {s, s, i}, Type::List(s))}},
        {"substring",
         {member("string_substring_int", {s, i}, s),
          member("string_substring_int_int", {s, i, i}, s)}},
        {"trim", {member("string_trim", {s}, s)}},
        {"join",
         {member("list_join", {Type::List(s)}, s),
          member("list_join_string", {Type::List(s), s}, s)}},
    };
    functions->push_back({"format", {member("string_format", {s, Type::List(Type::Dyn())}, s)}});
    functions->push_back(
        {"base64.encode", {OverloadDecl{"base64_encode_bytes", {Type::Bytes()}, s, false}}});
    functions->push_back(
        {"base64.decode", {OverloadDecl{"base64_decode_string", {s}, Type::Bytes(), false}}});
    functions->push_back(
        {"strings.quote", {OverloadDecl{"strings_quote", {s}, s, /*receiver_style=*/false}}});
    const Type d = Type::Double();
    const Type u = Type::Uint();
    const Type b = Type::Bool();
    auto global = [](std::string id, std::vector<Type> params, Type result) {
      return OverloadDecl{std::move(id), std::move(params), std::move(result), false};
    };
    // math.greatest and math.least take one list or up to eight numbers of any kinds.
    for (const char* name : {"greatest", "least"}) {
      FunctionDecl extremum{absl::StrCat("math.", name), {}};
      extremum.overloads.push_back(
          global(absl::StrCat("math_", name, "_list"), {Type::List(Type::Dyn())}, Type::Dyn()));
      for (int arity = 1; arity <= 8; ++arity) {
        extremum.overloads.push_back(global(absl::StrCat("math_", name, "_dyn_", arity),
                                            std::vector<Type>(arity, Type::Dyn()), Type::Dyn()));
      }
      functions->push_back(std::move(extremum));
    }
    for (const char* name : {"ceil", "floor", "round", "trunc"}) {
      functions->push_back(
          {absl::StrCat("math.", name), {global(absl::StrCat("math_", name, "_double"), {d}, d)}});
    }
    for (const char* name : {"abs", "sign"}) {
      functions->push_back({absl::StrCat("math.", name),
                            {global(absl::StrCat("math_", name, "_int"), {i}, i),
                             global(absl::StrCat("math_", name, "_uint"), {u}, u),
                             global(absl::StrCat("math_", name, "_double"), {d}, d)}});
    }
    for (const char* name : {"isNaN", "isInf", "isFinite"}) {
      functions->push_back(
          {absl::StrCat("math.", name), {global(absl::StrCat("math_", name, "_double"), {d}, b)}});
    }
    for (const char* name : {"bitAnd", "bitOr", "bitXor"}) {
      functions->push_back({absl::StrCat("math.", name),
                            {global(absl::StrCat("math_", name, "_int_int"), {i, i}, i),
                             global(absl::StrCat("math_", name, "_uint_uint"), {u, u}, u)}});
    }
    // Optional values.
    const Type a = Type::TypeParam("A");
    const Type optional_a = Type::Optional(a);
    functions->push_back({"optional.of", {global("optional_of", {a}, optional_a)}});
    functions->push_back(
        {"optional.ofNonZeroValue", {global("optional_ofNonZeroValue", {a}, optional_a)}});
    functions->push_back(
        {"optional.none", {global("optional_none", {}, Type::Optional(Type::Dyn()))}});
    functions->push_back({"hasValue", {member("optional_hasValue", {optional_a}, b)}});
    functions->push_back({"value", {member("optional_value", {optional_a}, a)}});
    functions->push_back({"orValue", {member("optional_orValue_value", {optional_a, a}, a)}});
    functions->push_back(
        {"or", {member("optional_or_optional", {optional_a, optional_a}, optional_a)}});
    functions->push_back(
        {"math.bitNot",
         {global("math_bitNot_int_int", {i}, i), global("math_bitNot_uint_uint", {u}, u)}});
    for (const char* name : {"bitShiftLeft", "bitShiftRight"}) {
      functions->push_back({absl::StrCat("math.", name),
                            {global(absl::StrCat("math_", name, "_int_int"), {i, i}, i),
                             global(absl::StrCat("math_", name, "_uint_int"), {u, i}, u)}});
    }
    return functions;
  }();
  return *functions;
}

Value NoMatchingOverload(std::string_view function, const Value* args, size_t count) {
  std::string types;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) types.append(", ");
    types.append(args[i].TypeName());
  }
  return Value::Error(
      absl::StrCat("no matching overload for '", AsAbsl(function), "' applied to (", types, ")"));
}

bool TimestampInRange(absl::Time value) {
  static const absl::Time kMin = absl::FromUnixSeconds(-62135596800);
  static const absl::Time kMax = absl::FromUnixSeconds(253402300799) + absl::Nanoseconds(999999999);
  return value >= kMin && value <= kMax;
}

bool DurationInRange(absl::Duration value) {
  static const absl::Duration kMax = absl::Seconds(315576000000) + absl::Nanoseconds(999999999);
  return value >= -kMax && value <= kMax;
}

absl::StatusOr<absl::Duration> ParseDuration(std::string_view text) {
  const std::string original(text);
  auto invalid = [&original]() {
    return absl::InvalidArgumentError(absl::StrCat("invalid duration \"", original, "\""));
  };
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return absl::ZeroDuration();
  if (text.empty()) return invalid();
  absl::Duration total;
  while (!text.empty()) {
    size_t i = 0;
    int64_t whole = 0;
    bool digits = false;
    while (i < text.size() && absl::ascii_isdigit(text[i])) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, text[i] - '0', &whole)) {
        return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
      }
      digits = true;
      ++i;
    }
    int64_t fraction = 0;
    int64_t scale = 1;
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && absl::ascii_isdigit(text[i])) {
        if (scale < 1000000000) {  // digits beyond 10^-9 of an hour cannot matter
          fraction = fraction * 10 + (text[i] - '0');
          scale *= 10;
        }
        digits = true;
        ++i;
      }
    }
    if (!digits) return invalid();
    size_t unit_end = i;
    while (unit_end < text.size() && !absl::ascii_isdigit(text[unit_end]) &&
           text[unit_end] != '.') {
      ++unit_end;
    }
    const std::string_view unit_name = text.substr(i, unit_end - i);
    absl::Duration unit;
    if (unit_name == "h") {
      unit = absl::Hours(1);
    } else if (unit_name == "m") {
      unit = absl::Minutes(1);
    } else if (unit_name == "s") {
      unit = absl::Seconds(1);
    } else if (unit_name == "ms") {
      unit = absl::Milliseconds(1);
    } else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs") {
      unit = absl::Microseconds(1);
    } else if (unit_name == "ns") {
      unit = absl::Nanoseconds(1);
    } else {
      return invalid();
    }
    total += unit * whole;
    if (fraction != 0) total += unit * fraction / scale;
    if (absl::AbsDuration(total) > absl::Hours(24LL * 366 * 20000)) {
      return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
    }
    text.remove_prefix(unit_end);
  }
  if (negative) total = -total;
  if (!DurationInRange(total)) {
    return absl::OutOfRangeError(absl::StrCat("duration \"", original, "\" out of range"));
  }
  return total;
}

absl::StatusOr<absl::Time> ParseTimestamp(std::string_view text) {
  absl::Time out;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, absl::string_view(text.data(), text.size()), &out,
                       &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid timestamp \"", AsAbsl(text), "\": ", error));
  }
  if (!TimestampInRange(out)) {
    return absl::OutOfRangeError(absl::StrCat("timestamp \"", AsAbsl(text), "\" out of range"));
  }
  return out;
}

}  // namespace hdsc::expr::internal
