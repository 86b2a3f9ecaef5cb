// Operators of CEL: arithmetic, comparison, indexing, membership and size; the `transformMap` step.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

using base::AsAbsl;

// --- Arithmetic ---

Value Add(Args args, size_t count) {
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
    case ValueKind::kBytes:
      if (b.kind() == a.kind()) {
        const size_t size = a.string_value().size() + b.string_value().size();
        if (size > kMaxBuiltBytes) return TooLarge(a.kind() == ValueKind::kString ? "string" : "bytes", size, kMaxBuiltBytes);
        char* data;
        Value joined = Value::UninitializedString(a.kind(), size, &data);
        const std::string_view x = a.string_value();
        const std::string_view y = b.string_value();
        if (!x.empty()) std::memcpy(data, x.data(), x.size());
        if (!y.empty()) std::memcpy(data + x.size(), y.data(), y.size());
        return joined;
      }
      break;
    case ValueKind::kList:
      if (b.kind() == ValueKind::kList) {
        const ListValue& x = a.list_value();
        const ListValue& y = b.list_value();
        if (y.size() == 0) return a;
        if (x.size() == 0) return b;
        if (x.size() + y.size() > kMaxBuiltListElements) {
          return TooLarge("list", x.size() + y.size(), kMaxBuiltListElements);
        }
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

Value Subtract(Args args, size_t count) {
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

Value Multiply(Args args, size_t count) {
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

Value Divide(Args args, size_t count) {
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

Value Modulo(Args args, size_t count) {
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

Value Negate(Args args, size_t count) {
  if (count == 1) {
    if (args[0].kind() == ValueKind::kInt) {
      if (args[0].int_value() == std::numeric_limits<int64_t>::min()) return OverflowError();
      return Value::Int(-args[0].int_value());
    }
    if (args[0].kind() == ValueKind::kDouble) return Value::Double(-args[0].double_value());
  }
  return NoMatchingOverload("-_", args, count);
}

Value Not(Args args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kBool) return Value::Bool(!args[0].bool_value());
  return NoMatchingOverload("!_", args, count);
}

// --- Comparison ---

Value Equals(Args args, size_t count) {
  if (count != 2) return NoMatchingOverload("_==_", args, count);
  return Value::Bool(Equal(args[0], args[1]));
}

Value NotEquals(Args args, size_t count) {
  if (count != 2) return NoMatchingOverload("_!=_", args, count);
  return Value::Bool(!Equal(args[0], args[1]));
}

template <bool kLess, bool kEqual, bool kGreater>
Value Relation(Args args, size_t count, std::string_view name) {
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

Value Less(Args args, size_t count) {
  return Relation<true, false, false>(args, count, "_<_");
}
Value LessEquals(Args args, size_t count) {
  return Relation<true, true, false>(args, count, "_<=_");
}
Value Greater(Args args, size_t count) {
  return Relation<false, false, true>(args, count, "_>_");
}
Value GreaterEquals(Args args, size_t count) {
  return Relation<false, true, true>(args, count, "_>=_");
}

// --- Containers ---

// `container[?index]`: an optional of the element, none when absent. An optional container
// propagates: none stays none.
Value OptionalIndex(Args args, size_t count) {
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

Value Index(Args args, size_t count) {
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

Value In(Args args, size_t count) {
  if (count != 2) return NoMatchingOverload("@in", args, count);
  const Value& element = args[0];
  if (args[1].kind() == ValueKind::kList) {
    const ListValue& list = args[1].list_value();
    const size_t size = list.size();
    for (size_t i = 0; i < size; ++i) {
      // Elements the list owns are compared in place; ints with ints without the cross-kind
      // rules of `Equal`, which give the same answer.
      if (const Value* borrowed = list.Borrow(i)) {
        if (element.kind() == ValueKind::kInt && borrowed->kind() == ValueKind::kInt) {
          if (element.int_value() == borrowed->int_value()) return Value::Bool(true);
        } else if (Equal(element, *borrowed)) {
          return Value::Bool(true);
        }
        continue;
      }
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

Value Size(Args args, size_t count) {
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

// `cel.@mapInsert(map, key, value)` and `cel.@mapInsert(map, other_map)`: the accumulator step
// of `transformMap`. A key already present is an error.
Value MapInsert(Args args, size_t count) {
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

}  // namespace

void AddOperatorFunctions(FunctionTable& table) {
  table.insert({
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
      {"cel.@mapInsert", MapInsert},
      {"_[?_]", OptionalIndex},
  });
}

}  // namespace hdsc::expr::internal
