// The standard library's function declarations, with cel-spec's overload ids
// (cel-spec doc/langdef.md, "List of Standard Definitions").
#include <string>
#include <utility>
#include <vector>

#include "lib/expr/checker.h"
#include "lib/expr/type.h"

namespace hdsc::expr {
namespace {

class DeclBuilder {
 public:
  // Adds a global overload of `name`.
  DeclBuilder& Global(const std::string& name, std::string id, std::vector<Type> params,
                      Type result) {
    Find(name).overloads.push_back({std::move(id), std::move(params), std::move(result), false});
    return *this;
  }
  // Adds a receiver-style overload of `name`; `params[0]` is the receiver.
  DeclBuilder& Member(const std::string& name, std::string id, std::vector<Type> params,
                      Type result) {
    Find(name).overloads.push_back({std::move(id), std::move(params), std::move(result), true});
    return *this;
  }
  std::vector<FunctionDecl> Take() { return std::move(functions_); }

 private:
  FunctionDecl& Find(const std::string& name) {
    for (FunctionDecl& function : functions_) {
      if (function.name == name) return function;
    }
    functions_.push_back({name, {}});
    return functions_.back();
  }

  std::vector<FunctionDecl> functions_;
};

std::vector<FunctionDecl> BuildStandardFunctions() {
  const Type kBool = Type::Bool();
  const Type kInt = Type::Int();
  const Type kUint = Type::Uint();
  const Type kDouble = Type::Double();
  const Type kString = Type::String();
  const Type kBytes = Type::Bytes();
  const Type kTimestamp = Type::Timestamp();
  const Type kDuration = Type::Duration();
  const Type kDyn = Type::Dyn();
  const Type kA = Type::TypeParam("A");
  const Type kB = Type::TypeParam("B");
  const Type kK = Type::TypeParam("K");
  const Type kV = Type::TypeParam("V");
  const Type kListA = Type::List(kA);
  const Type kMapKV = Type::Map(kK, kV);

  DeclBuilder b;

  // Logic and control.
  b.Global("_?_:_", "conditional", {kBool, kA, kA}, kA);
  b.Global("_&&_", "logical_and", {kBool, kBool}, kBool);
  b.Global("_||_", "logical_or", {kBool, kBool}, kBool);
  b.Global("!_", "logical_not", {kBool}, kBool);
  b.Global("@not_strictly_false", "not_strictly_false", {kBool}, kBool);

  // Equality.
  b.Global("_==_", "equals", {kA, kA}, kBool);
  b.Global("_!=_", "not_equals", {kA, kA}, kBool);

  // Arithmetic.
  b.Global("_+_", "add_int64", {kInt, kInt}, kInt)
      .Global("_+_", "add_uint64", {kUint, kUint}, kUint)
      .Global("_+_", "add_double", {kDouble, kDouble}, kDouble)
      .Global("_+_", "add_string", {kString, kString}, kString)
      .Global("_+_", "add_bytes", {kBytes, kBytes}, kBytes)
      .Global("_+_", "add_list", {kListA, kListA}, kListA)
      .Global("_+_", "add_timestamp_duration", {kTimestamp, kDuration}, kTimestamp)
      .Global("_+_", "add_duration_timestamp", {kDuration, kTimestamp}, kTimestamp)
      .Global("_+_", "add_duration_duration", {kDuration, kDuration}, kDuration);
  b.Global("_-_", "subtract_int64", {kInt, kInt}, kInt)
      .Global("_-_", "subtract_uint64", {kUint, kUint}, kUint)
      .Global("_-_", "subtract_double", {kDouble, kDouble}, kDouble)
      .Global("_-_", "subtract_timestamp_timestamp", {kTimestamp, kTimestamp}, kDuration)
      .Global("_-_", "subtract_timestamp_duration", {kTimestamp, kDuration}, kTimestamp)
      .Global("_-_", "subtract_duration_duration", {kDuration, kDuration}, kDuration);
  b.Global("_*_", "multiply_int64", {kInt, kInt}, kInt)
      .Global("_*_", "multiply_uint64", {kUint, kUint}, kUint)
      .Global("_*_", "multiply_double", {kDouble, kDouble}, kDouble);
  b.Global("_/_", "divide_int64", {kInt, kInt}, kInt)
      .Global("_/_", "divide_uint64", {kUint, kUint}, kUint)
      .Global("_/_", "divide_double", {kDouble, kDouble}, kDouble);
  b.Global("_%_", "modulo_int64", {kInt, kInt}, kInt)
      .Global("_%_", "modulo_uint64", {kUint, kUint}, kUint);
  b.Global("-_", "negate_int64", {kInt}, kInt).Global("-_", "negate_double", {kDouble}, kDouble);

  // Ordering, including the heterogeneous numeric comparisons.
  const struct {
    const char* function;
    const char* prefix;
  } kOrderings[] = {{"_<_", "less"},
                    {"_<=_", "less_equals"},
                    {"_>_", "greater"},
                    {"_>=_", "greater_equals"}};
  for (const auto& ordering : kOrderings) {
    const std::string prefix = ordering.prefix;
    b.Global(ordering.function, prefix + "_bool", {kBool, kBool}, kBool)
        .Global(ordering.function, prefix + "_int64", {kInt, kInt}, kBool)
        .Global(ordering.function, prefix + "_uint64", {kUint, kUint}, kBool)
        .Global(ordering.function, prefix + "_double", {kDouble, kDouble}, kBool)
        .Global(ordering.function, prefix + "_string", {kString, kString}, kBool)
        .Global(ordering.function, prefix + "_bytes", {kBytes, kBytes}, kBool)
        .Global(ordering.function, prefix + "_timestamp", {kTimestamp, kTimestamp}, kBool)
        .Global(ordering.function, prefix + "_duration", {kDuration, kDuration}, kBool)
        .Global(ordering.function, prefix + "_int64_uint64", {kInt, kUint}, kBool)
        .Global(ordering.function, prefix + "_int64_double", {kInt, kDouble}, kBool)
        .Global(ordering.function, prefix + "_uint64_int64", {kUint, kInt}, kBool)
        .Global(ordering.function, prefix + "_uint64_double", {kUint, kDouble}, kBool)
        .Global(ordering.function, prefix + "_double_int64", {kDouble, kInt}, kBool)
        .Global(ordering.function, prefix + "_double_uint64", {kDouble, kUint}, kBool);
  }

  // Containers.
  b.Global("_[_]", "index_list", {kListA, kInt}, kA)
      .Global("_[_]", "index_map", {kMapKV, kK}, kV);
  b.Global("@in", "in_list", {kA, kListA}, kBool)
      .Global("@in", "in_map", {kA, Type::Map(kA, kB)}, kBool);
  b.Global("size", "size_string", {kString}, kInt)
      .Global("size", "size_bytes", {kBytes}, kInt)
      .Global("size", "size_list", {kListA}, kInt)
      .Global("size", "size_map", {kMapKV}, kInt)
      .Member("size", "string_size", {kString}, kInt)
      .Member("size", "bytes_size", {kBytes}, kInt)
      .Member("size", "list_size", {kListA}, kInt)
      .Member("size", "map_size", {kMapKV}, kInt);

  // The insertion the `transformMap` and `transformMapEntry` macros expand into: a copy of the
  // map with one more key, or with the entries of another map.
  b.Global("cel.@mapInsert", "@mapInsert_map_key_value", {kMapKV, kK, kV}, kMapKV)
      .Global("cel.@mapInsert", "@mapInsert_map_map", {kMapKV, kMapKV}, kMapKV);

  // Strings.
  b.Member("contains", "contains_string", {kString, kString}, kBool);
  b.Member("startsWith", "starts_with_string", {kString, kString}, kBool);
  b.Member("endsWith", "ends_with_string", {kString, kString}, kBool);
  b.Global("matches", "matches", {kString, kString}, kBool)
      .Member("matches", "matches_string", {kString, kString}, kBool);

  // Conversions.
  b.Global("type", "type", {kA}, Type::TypeOf(kA));
  b.Global("dyn", "to_dyn", {kA}, kDyn);
  b.Global("int", "int64_to_int64", {kInt}, kInt)
      .Global("int", "uint64_to_int64", {kUint}, kInt)
      .Global("int", "double_to_int64", {kDouble}, kInt)
      .Global("int", "string_to_int64", {kString}, kInt)
      .Global("int", "timestamp_to_int64", {kTimestamp}, kInt)
      .Global("int", "duration_to_int64", {kDuration}, kInt);
  b.Global("uint", "uint64_to_uint64", {kUint}, kUint)
      .Global("uint", "int64_to_uint64", {kInt}, kUint)
      .Global("uint", "double_to_uint64", {kDouble}, kUint)
      .Global("uint", "string_to_uint64", {kString}, kUint);
  b.Global("double", "double_to_double", {kDouble}, kDouble)
      .Global("double", "int64_to_double", {kInt}, kDouble)
      .Global("double", "uint64_to_double", {kUint}, kDouble)
      .Global("double", "string_to_double", {kString}, kDouble);
  b.Global("string", "string_to_string", {kString}, kString)
      .Global("string", "bool_to_string", {kBool}, kString)
      .Global("string", "int64_to_string", {kInt}, kString)
      .Global("string", "uint64_to_string", {kUint}, kString)
      .Global("string", "double_to_string", {kDouble}, kString)
      .Global("string", "bytes_to_string", {kBytes}, kString)
      .Global("string", "timestamp_to_string", {kTimestamp}, kString)
      .Global("string", "duration_to_string", {kDuration}, kString);
  b.Global("bytes", "bytes_to_bytes", {kBytes}, kBytes)
      .Global("bytes", "string_to_bytes", {kString}, kBytes);
  b.Global("bool", "bool_to_bool", {kBool}, kBool)
      .Global("bool", "string_to_bool", {kString}, kBool);
  b.Global("timestamp", "timestamp_to_timestamp", {kTimestamp}, kTimestamp)
      .Global("timestamp", "string_to_timestamp", {kString}, kTimestamp)
      .Global("timestamp", "int64_to_timestamp", {kInt}, kTimestamp);
  b.Global("duration", "duration_to_duration", {kDuration}, kDuration)
      .Global("duration", "string_to_duration", {kString}, kDuration);

  // Timestamp and duration accessors; the timestamp ones optionally take a time zone.
  const struct {
    const char* function;
    const char* timestamp_id;
    const char* duration_id;  // null when durations have no such accessor
    const char* with_tz_id;   // the time-zone overload (cel-go's `getSeconds` one is irregular)
  } kAccessors[] = {
      {"getFullYear", "timestamp_to_year", nullptr,
       "timestamp_to_year_with_tz"},
      {"getMonth", "timestamp_to_month", nullptr,
       "timestamp_to_month_with_tz"},
      {"getDayOfYear", "timestamp_to_day_of_year", nullptr,
       "timestamp_to_day_of_year_with_tz"},
      {"getDayOfMonth", "timestamp_to_day_of_month", nullptr,
       "timestamp_to_day_of_month_with_tz"},
      {"getDate", "timestamp_to_day_of_month_1_based", nullptr,
       "timestamp_to_day_of_month_1_based_with_tz"},
      {"getDayOfWeek", "timestamp_to_day_of_week", nullptr,
       "timestamp_to_day_of_week_with_tz"},
      {"getHours", "timestamp_to_hours", "duration_to_hours",
       "timestamp_to_hours_with_tz"},
      {"getMinutes", "timestamp_to_minutes", "duration_to_minutes",
       "timestamp_to_minutes_with_tz"},
      {"getSeconds", "timestamp_to_seconds", "duration_to_seconds",
       "timestamp_to_seconds_tz"},
      {"getMilliseconds", "timestamp_to_milliseconds", "duration_to_milliseconds",
       "timestamp_to_milliseconds_with_tz"},
  };
  for (const auto& accessor : kAccessors) {
    const std::string id = accessor.timestamp_id;
    b.Member(accessor.function, id, {kTimestamp}, kInt)
        .Member(accessor.function, accessor.with_tz_id, {kTimestamp, kString}, kInt);
    if (accessor.duration_id != nullptr) {
      b.Member(accessor.function, accessor.duration_id, {kDuration}, kInt);
    }
  }
  return b.Take();
}

}  // namespace

const std::vector<FunctionDecl>& StandardFunctions() {
  static const auto* const kFunctions = new std::vector<FunctionDecl>(BuildStandardFunctions());
  return *kFunctions;
}

}  // namespace hdsc::expr
