#include "tests/conformance/cel_spec_convert.h"

#include <cmath>

#include "cel/expr/conformance/proto3/test_all_types.pb.h"
#include "gtest/gtest.h"

namespace hdsc::conformance {
namespace {

using ::hdsc::expr::Type;
using ::hdsc::expr::Value;
using ::hdsc::expr::ValueKind;

const expr::ProtoContext kContext{google::protobuf::DescriptorPool::generated_pool(),
                                  google::protobuf::MessageFactory::generated_factory()};

TEST(ValueFromProtoTest, KeepsTheKindOfNumbers) {
  cel::expr::Value value;
  value.set_uint64_value(7);
  absl::StatusOr<Value> converted = ValueFromProto(value, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->kind(), ValueKind::kUint);
  EXPECT_EQ(converted->uint_value(), 7u);
}

TEST(ValueFromProtoTest, ConvertsListsAndMaps) {
  cel::expr::Value value;
  cel::expr::MapValue::Entry* entry = value.mutable_map_value()->add_entries();
  entry->mutable_key()->set_string_value("k");
  entry->mutable_value()->mutable_list_value()->add_values()->set_int64_value(-1);
  absl::StatusOr<Value> converted = ValueFromProto(value, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(expr::FormatAsCelLiteral(*converted), "{\"k\": [-1]}");
}

TEST(ValueFromProtoTest, UnpacksObjects) {
  cel::expr::conformance::proto3::TestAllTypes message;
  message.set_single_int32(150);
  cel::expr::Value value;
  value.mutable_object_value()->PackFrom(message);
  absl::StatusOr<Value> converted = ValueFromProto(value, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  ASSERT_EQ(converted->kind(), ValueKind::kMessage);
  EXPECT_EQ(converted->message_value()->GetDescriptor()->full_name(),
            "cel.expr.conformance.proto3.TestAllTypes");
  EXPECT_EQ(converted->message_value()->ShortDebugString(), "single_int32: 150");
}

TEST(ValueFromProtoTest, UnpacksWrappersToPrimitives) {
  google::protobuf::Int32Value wrapper;
  wrapper.set_value(-3);
  cel::expr::Value value;
  value.mutable_object_value()->PackFrom(wrapper);
  absl::StatusOr<Value> converted = ValueFromProto(value, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  ASSERT_EQ(converted->kind(), ValueKind::kInt);
  EXPECT_EQ(converted->int_value(), -3);
}

TEST(ValueFromProtoTest, RejectsUnknownObjectTypes) {
  cel::expr::Value value;
  value.mutable_object_value()->set_type_url("type.googleapis.com/no.such.Message");
  EXPECT_EQ(ValueFromProto(value, kContext).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ValueFromProto(cel::expr::Value(), kContext).ok());
}

TEST(TypeFromProtoTest, ConvertsNestedTypes) {
  cel::expr::Type type;
  cel::expr::Type::MapType* map = type.mutable_map_type();
  map->mutable_key_type()->set_primitive(cel::expr::Type::STRING);
  map->mutable_value_type()->mutable_list_type()->mutable_elem_type()->set_wrapper(
      cel::expr::Type::INT64);
  absl::StatusOr<Type> converted = TypeFromProto(type, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->CheckedString(), "map(string, list(wrapper(int)))");
}

TEST(TypeFromProtoTest, ResolvesMessagesAndWellKnownTypes) {
  cel::expr::Type type;
  type.set_message_type("cel.expr.conformance.proto3.TestAllTypes");
  absl::StatusOr<Type> converted = TypeFromProto(type, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->CheckedString(), "cel.expr.conformance.proto3.TestAllTypes");

  type.set_well_known(cel::expr::Type::TIMESTAMP);
  converted = TypeFromProto(type, kContext);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->CheckedString(), "timestamp");

  type.set_message_type("no.such.Message");
  EXPECT_EQ(TypeFromProto(type, kContext).status().code(), absl::StatusCode::kNotFound);
}

TEST(SameValueTest, RequiresTheSameKindOfNumber) {
  EXPECT_TRUE(SameValue(Value::Int(1), Value::Int(1)));
  EXPECT_FALSE(SameValue(Value::Int(1), Value::Uint(1)));
  EXPECT_FALSE(SameValue(Value::Double(1), Value::Int(1)));
  EXPECT_FALSE(SameValue(Value::Int(1), Value::Int(2)));
}

TEST(SameValueTest, NaNMatchesNaN) {
  EXPECT_TRUE(SameValue(Value::Double(std::nan("")), Value::Double(std::nan(""))));
  EXPECT_FALSE(SameValue(Value::Double(std::nan("")), Value::Double(0)));
  EXPECT_TRUE(SameValue(Value::List({Value::Double(std::nan(""))}),
                        Value::List({Value::Double(std::nan(""))})));
}

TEST(SameValueTest, ComparesListsAndMapsDeeply) {
  EXPECT_TRUE(SameValue(Value::List({Value::Int(1), Value::String("a")}),
                        Value::List({Value::Int(1), Value::String("a")})));
  EXPECT_FALSE(SameValue(Value::List({Value::Int(1)}), Value::List({Value::Uint(1)})));
  EXPECT_FALSE(SameValue(Value::List({Value::Int(1)}), Value::List({})));

  absl::StatusOr<Value> int_key = Value::Map({{Value::Int(1), Value::String("a")}});
  absl::StatusOr<Value> uint_key = Value::Map({{Value::Uint(1), Value::String("a")}});
  absl::StatusOr<Value> other_value = Value::Map({{Value::Int(1), Value::String("b")}});
  ASSERT_TRUE(int_key.ok() && uint_key.ok() && other_value.ok());
  EXPECT_TRUE(SameValue(*int_key, *int_key));
  EXPECT_FALSE(SameValue(*int_key, *uint_key));
  EXPECT_FALSE(SameValue(*int_key, *other_value));
}

TEST(SameValueTest, ErrorsMatchOnlyErrors) {
  EXPECT_TRUE(SameValue(Value::Error("a"), Value::Error("b")));
  EXPECT_FALSE(SameValue(Value::Error("a"), Value::Bool(true)));
}

}  // namespace
}  // namespace hdsc::conformance
