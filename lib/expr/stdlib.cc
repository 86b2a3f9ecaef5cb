#include "lib/expr/stdlib.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib_internal.h"

namespace hdsc::expr::internal {

using base::AsAbsl;

namespace {

const FunctionTable& Registry() {
  static const auto* const registry = [] {
    auto* table = new FunctionTable;
    AddOperatorFunctions(*table);
    AddStringFunctions(*table);
    AddFormatFunctions(*table);
    AddConversionFunctions(*table);
    AddTimeFunctions(*table);
    AddOptionalFunctions(*table);
    AddEncoderFunctions(*table);
    AddMathFunctions(*table);
    return table;
  }();
  return *registry;
}

}  // namespace

Value OverflowError(std::string_view what) {
  return Value::Error(absl::OutOfRangeError(AsAbsl(what)));
}

Value RangeError(std::string_view what) {
  return Value::Error(absl::OutOfRangeError(absl::StrCat(AsAbsl(what), " out of range")));
}

Value TooLarge(std::string_view what, size_t size, size_t limit) {
  return Value::Error(absl::ResourceExhaustedError(
      absl::StrCat(AsAbsl(what), " of ", size, " would exceed the limit of ", limit, " an expression may build")));
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

Value NoMatchingOverload(std::string_view function, Args args, size_t count) {
  std::string types;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) types.append(", ");
    types.append(args[i].TypeName());
  }
  return Value::Error(
      absl::StrCat("no matching overload for '", AsAbsl(function), "' applied to (", types, ")"));
}

}  // namespace hdsc::expr::internal
