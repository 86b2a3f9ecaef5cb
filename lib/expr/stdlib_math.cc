// The math extension of cel-go (`ext.Math`).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {
namespace {

// --- Math extension (cel-go's `ext.Math`) ---

bool IsNumeric(const Value& value) {
  return value.kind() == ValueKind::kInt || value.kind() == ValueKind::kUint ||
         value.kind() == ValueKind::kDouble;
}

// `math.greatest` and `math.least`: over the arguments, or over the elements of one list.
template <bool kGreatest>
Value Extremum(Args args, size_t count) {
  const char* name = kGreatest ? "math.greatest" : "math.least";
  std::vector<Value> elements;
  if (count == 1 && args[0].kind() == ValueKind::kList) {
    const ListValue& list = args[0].list_value();
    for (size_t i = 0; i < list.size(); ++i) elements.push_back(list.Get(i));
    if (elements.empty()) {
      return Value::Error(absl::StrCat(name, "(list) argument must not be empty"));
    }
  } else {
    for (size_t i = 0; i < count; ++i) elements.push_back(args[i]);
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
Value DoubleRounding(Args args, size_t count, std::string_view name) {
  if (count == 1 && args[0].kind() == ValueKind::kDouble) {
    return Value::Double(kRound(args[0].double_value()));
  }
  return NoMatchingOverload(name, args, count);
}
double CeilOf(double d) { return std::ceil(d); }
double FloorOf(double d) { return std::floor(d); }
double RoundOf(double d) { return std::round(d); }
double TruncOf(double d) { return std::trunc(d); }
Value MathCeil(Args args, size_t count) {
  return DoubleRounding<CeilOf>(args, count, "math.ceil");
}
Value MathFloor(Args args, size_t count) {
  return DoubleRounding<FloorOf>(args, count, "math.floor");
}
Value MathRound(Args args, size_t count) {
  return DoubleRounding<RoundOf>(args, count, "math.round");
}
Value MathTrunc(Args args, size_t count) {
  return DoubleRounding<TruncOf>(args, count, "math.trunc");
}

Value MathAbs(Args args, size_t count) {
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

Value MathSign(Args args, size_t count) {
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
Value DoubleTest(Args args, size_t count) {
  static constexpr const char* kNames[] = {"math.isNaN", "math.isInf", "math.isFinite"};
  if (count == 1 && args[0].kind() == ValueKind::kDouble) {
    const double d = args[0].double_value();
    return Value::Bool(kTest == 0 ? std::isnan(d)
                                  : (kTest == 1 ? std::isinf(d) : std::isfinite(d)));
  }
  return NoMatchingOverload(kNames[kTest], args, count);
}

template <int kOperation>  // 0: and, 1: or, 2: xor
Value BitOperation(Args args, size_t count) {
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

Value BitNot(Args args, size_t count) {
  if (count == 1 && args[0].kind() == ValueKind::kInt) return Value::Int(~args[0].int_value());
  if (count == 1 && args[0].kind() == ValueKind::kUint) return Value::Uint(~args[0].uint_value());
  return NoMatchingOverload("math.bitNot", args, count);
}

// Shifts are logical on the 64-bit pattern; shifting by 64 or more gives 0.
template <bool kLeft>
Value BitShift(Args args, size_t count) {
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

}  // namespace

void AddMathFunctions(FunctionTable& table) {
  table.insert({
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
  });
}

}  // namespace hdsc::expr::internal
