// Conversions between the conformance suite's protos (cel.expr.Value, cel.expr.Type) and the
// engine's values and types, and the comparison of results with expectations.
#ifndef HDSC_TESTS_CONFORMANCE_CEL_SPEC_CONVERT_H_
#define HDSC_TESTS_CONFORMANCE_CEL_SPEC_CONVERT_H_

#include "absl/status/statusor.h"
#include "cel/expr/checked.pb.h"
#include "cel/expr/value.pb.h"
#include "lib/expr/type.h"
#include "lib/expr/value.h"

namespace hdsc::conformance {

// The engine's value for `value`. Objects (`google.protobuf.Any`) are unpacked into messages of
// `context` that the returned value owns, then converted as `expr::Value::FromMessage` does (so a
// packed `google.protobuf.Int32Value` is an int); enum values are ints (legacy enum semantics).
// Type values name types whose names are interned for the life of the process.
absl::StatusOr<expr::Value> ValueFromProto(const cel::expr::Value& value,
                                           const expr::ProtoContext& context);

// The engine's type for `type`; message types are looked up in `context.pool`.
absl::StatusOr<expr::Type> TypeFromProto(const cel::expr::Type& type,
                                         const expr::ProtoContext& context);

// Equality as the suite means it: CEL equality, but of the same kind at every level (an expected
// `1u` is not matched by `1`, nor a key `1u` by `1`), and NaN matches NaN. Errors match errors.
bool SameValue(const expr::Value& actual, const expr::Value& expected);

}  // namespace hdsc::conformance

#endif  // HDSC_TESTS_CONFORMANCE_CEL_SPEC_CONVERT_H_
