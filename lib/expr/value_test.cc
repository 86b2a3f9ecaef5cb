#include "lib/expr/value.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/type.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace hdsc::expr {
namespace {

const ProtoContext kGenerated{google::protobuf::DescriptorPool::generated_pool(),
                              google::protobuf::MessageFactory::generated_factory()};

TEST(ValueTest, ScalarsKeepTheirKindAndValue) {
  EXPECT_EQ(Value().kind(), ValueKind::kNull);
  EXPECT_TRUE(Value::Bool(true).bool_value());
  EXPECT_EQ(Value::Int(-7).int_value(), -7);
  EXPECT_EQ(Value::Uint(7).uint_value(), 7u);
  EXPECT_EQ(Value::Double(0.5).double_value(), 0.5);
  EXPECT_EQ(Value::String("héllo").string_value(), "héllo");
  EXPECT_EQ(Value::Bytes(std::string("\0\1", 2)).string_value().size(), 2u);
  EXPECT_EQ(Value::Bytes("x").kind(), ValueKind::kBytes);
  EXPECT_EQ(Value::Type("int").type_value(), "int");
  EXPECT_EQ(Value::Error("boom").error_value().message(), "boom");
}

TEST(ValueTest, StringsMadeInOneAllocation) {
  char* data = nullptr;
  Value made = Value::UninitializedString(ValueKind::kString, 5, &data);
  ASSERT_NE(data, nullptr);
  std::memcpy(data, "hello", 5);
  EXPECT_EQ(made.kind(), ValueKind::kString);
  EXPECT_EQ(made.string_value(), "hello");
  Value bytes = Value::UninitializedString(ValueKind::kBytes, 0, &data);
  EXPECT_EQ(bytes.kind(), ValueKind::kBytes);
  EXPECT_EQ(bytes.string_value(), "");
  const std::string long_text(1000, 'x');
  Value copy = Value::StringCopy(long_text);
  EXPECT_EQ(copy.string_value(), long_text);
  EXPECT_NE(copy.string_value().data(), long_text.data());
  Value shared = copy;  // copies share the bytes
  copy = Value::Null();
  EXPECT_EQ(shared.string_value(), long_text);
  EXPECT_TRUE(Equal(Value::StringCopy(""), Value::String("")));
}

// Built strings of every size class (and beyond), freed on this thread and on another one.
TEST(ValueTest, StringBlocksAreReused) {
  std::vector<Value> kept;
  for (int round = 0; round < 3; ++round) {
    for (size_t size : {0, 1, 23, 24, 25, 87, 88, 89, 215, 216, 217, 1000, 5000}) {
      std::vector<Value> made;
      for (int i = 0; i < 40; ++i) {
        std::string text(size, static_cast<char>('a' + (i + round) % 26));
        made.push_back(Value::StringCopy(text));
        ASSERT_EQ(made.back().string_value(), text);
      }
      for (size_t i = 0; i < made.size(); ++i) {
        EXPECT_EQ(made[i].string_value(),
                  std::string(size, static_cast<char>('a' + (static_cast<int>(i) + round) % 26)));
      }
      kept.push_back(made[size % made.size()]);
    }
  }
  std::thread other([kept = std::move(kept)]() mutable { kept.clear(); });
  other.join();
}

TEST(ValueTest, TypeNames) {
  EXPECT_EQ(Value::Int(1).TypeName(), "int");
  EXPECT_EQ(Value::Null().TypeName(), "null_type");
  EXPECT_EQ(Value::List({}).TypeName(), "list");
  EXPECT_EQ(Value::Timestamp(absl::UnixEpoch()).TypeName(), "google.protobuf.Timestamp");
  google::protobuf::Field field;
  EXPECT_EQ(Value::Message(&field).TypeName(), "google.protobuf.Field");
}

TEST(ValueTest, NumbersAreEqualAcrossKinds) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Uint(1)));
  EXPECT_TRUE(Equal(Value::Int(1), Value::Double(1.0)));
  EXPECT_TRUE(Equal(Value::Uint(2), Value::Double(2.0)));
  EXPECT_FALSE(Equal(Value::Int(-1), Value::Uint(std::numeric_limits<uint64_t>::max())));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(1.5)));
  EXPECT_FALSE(Equal(Value::Double(std::nan("")), Value::Double(std::nan(""))));
  EXPECT_FALSE(Equal(Value::Int(1), Value::String("1")));
  EXPECT_FALSE(Equal(Value::Null(), Value::Bool(false)));
}

TEST(ValueTest, ContainersCompareElementWise) {
  EXPECT_TRUE(Equal(Value::List({Value::Int(1), Value::String("a")}),
                    Value::List({Value::Double(1.0), Value::String("a")})));
  EXPECT_FALSE(Equal(Value::List({Value::Int(1)}), Value::List({Value::Int(1), Value::Int(2)})));
  auto a = Value::Map({{Value::String("k"), Value::Int(1)}, {Value::Int(2), Value::Bool(true)}});
  auto b = Value::Map({{Value::Uint(2), Value::Bool(true)}, {Value::String("k"), Value::Uint(1)}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(Equal(*a, *b));
  auto c = Value::Map({{Value::String("k"), Value::Int(2)}, {Value::Int(2), Value::Bool(true)}});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(Equal(*a, *c));
}

TEST(ValueTest, OrderingAcrossNumericKinds) {
  EXPECT_EQ(Compare(Value::Int(-1), Value::Uint(0)), Ordering::kLess);
  EXPECT_EQ(Compare(Value::Uint(3), Value::Double(2.5)), Ordering::kGreater);
  EXPECT_EQ(Compare(Value::Double(2.0), Value::Int(2)), Ordering::kEqual);
  EXPECT_EQ(Compare(Value::Double(std::nan("")), Value::Int(2)), Ordering::kUnordered);
  EXPECT_EQ(Compare(Value::String("a"), Value::String("b")), Ordering::kLess);
  EXPECT_EQ(Compare(Value::Bool(true), Value::Bool(false)), Ordering::kGreater);
  EXPECT_EQ(Compare(Value::List({}), Value::List({})), Ordering::kIncomparable);
  EXPECT_EQ(Compare(Value::Int(1), Value::String("1")), Ordering::kIncomparable);
}

TEST(ValueTest, MapKeysFindAcrossNumericKinds) {
  auto map = Value::Map({{Value::Int(1), Value::String("one")},
                         {Value::Uint(std::numeric_limits<uint64_t>::max()), Value::String("max")},
                         {Value::Bool(true), Value::String("yes")}});
  ASSERT_TRUE(map.ok());
  Value found;
  ASSERT_TRUE(map->map_value().Find(Value::Uint(1), &found));
  EXPECT_EQ(found.string_value(), "one");
  ASSERT_TRUE(map->map_value().Find(Value::Double(1.0), &found));
  EXPECT_EQ(found.string_value(), "one");
  EXPECT_FALSE(map->map_value().Find(Value::Double(1.5), &found));
  ASSERT_TRUE(map->map_value().Find(Value::Uint(std::numeric_limits<uint64_t>::max()), &found));
  EXPECT_EQ(found.string_value(), "max");
  EXPECT_FALSE(map->map_value().Find(Value::Int(-1), &found));
  EXPECT_FALSE(map->map_value().Find(Value::String("1"), &found));
}

TEST(ValueTest, MapRejectsRepeatedAndInvalidKeys) {
  EXPECT_FALSE(Value::Map({{Value::Int(1), Value::Null()}, {Value::Uint(1), Value::Null()}}).ok());
  EXPECT_FALSE(Value::Map({{Value::Double(1.0), Value::Null()}}).ok());
  EXPECT_FALSE(Value::Map({{Value::List({}), Value::Null()}}).ok());
}

TEST(ValueTest, AppendToListNeverChangesASharedList) {
  Value list = Value::List({Value::Int(1)});
  std::vector<Value> more = {Value::Int(2)};
  Value grown = AppendToList(std::move(list), &more);
  ASSERT_EQ(grown.list_value().size(), 2u);
  EXPECT_EQ(grown.list_value().Get(1).int_value(), 2);

  // A shared list is copied, not modified.
  Value shared = grown;
  std::vector<Value> third = {Value::Int(3)};
  Value copy = AppendToList(grown, &third);
  EXPECT_EQ(shared.list_value().size(), 2u);
  EXPECT_EQ(copy.list_value().size(), 3u);
}

TEST(ValueTest, DoubleToStringMatchesCelGo) {
  EXPECT_EQ(DoubleToString(123.456), "123.456");
  EXPECT_EQ(DoubleToString(-4.5e-3), "-0.0045");
  EXPECT_EQ(DoubleToString(1.0), "1");
  EXPECT_EQ(DoubleToString(1e21), "1e+21");
  EXPECT_EQ(DoubleToString(1e-5), "1e-05");
  EXPECT_EQ(DoubleToString(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(DoubleToString(std::nan("")), "NaN");
}

TEST(ValueTest, TimeFormatting) {
  EXPECT_EQ(TimestampToString(absl::FromUnixSeconds(1234567890)), "2009-02-13T23:31:30Z");
  EXPECT_EQ(TimestampToString(absl::FromUnixMillis(1500)), "1970-01-01T00:00:01.5Z");
  EXPECT_EQ(DurationToString(absl::Hours(1)), "3600s");
  EXPECT_EQ(DurationToString(absl::Milliseconds(-1500)), "-1.5s");
  EXPECT_EQ(DurationToString(absl::Nanoseconds(1)), "0.000000001s");
}

TEST(ValueTest, LiteralsQuoteAndTagKinds) {
  EXPECT_EQ(FormatAsCelLiteral(Value::Int(-3)), "-3");
  EXPECT_EQ(FormatAsCelLiteral(Value::Uint(3)), "3u");
  EXPECT_EQ(FormatAsCelLiteral(Value::Double(1)), "1.0");
  EXPECT_EQ(FormatAsCelLiteral(Value::Double(0.1)), "0.1");
  EXPECT_EQ(FormatAsCelLiteral(Value::String("a\"b\n")), "\"a\\\"b\\n\"");
  EXPECT_EQ(FormatAsCelLiteral(Value::Bytes(std::string("\0\xff", 2))), "b\"\\x00\\xff\"");
  EXPECT_EQ(FormatAsCelLiteral(Value::List({Value::Int(1), Value::Null()})), "[1, null]");
  auto map = Value::Map({{Value::String("a"), Value::Bool(true)}});
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(FormatAsCelLiteral(*map), "{\"a\": true}");
  EXPECT_EQ(FormatAsCelLiteral(Value::Timestamp(absl::FromUnixSeconds(0))),
            "timestamp(\"1970-01-01T00:00:00Z\")");
  EXPECT_EQ(FormatAsCelLiteral(Value::Duration(absl::Minutes(1))), "duration(\"60s\")");
  EXPECT_EQ(FormatAsCelLiteral(Value::Type("google.protobuf.Duration")),
            "google.protobuf.Duration");
}

TEST(ValueTest, MessageLiteralListsSetFields) {
  google::protobuf::Field field;
  field.set_name("id");
  field.set_number(3);
  field.set_kind(google::protobuf::Field::TYPE_STRING);
  EXPECT_EQ(FormatAsCelLiteral(Value::Message(&field)),
            "google.protobuf.Field{kind: 9, number: 3, name: \"id\"}");
}

TEST(ValueTest, FieldsFollowProto3Semantics) {
  google::protobuf::Field field;
  field.set_name("id");
  field.add_options()->set_name("deprecated");
  const google::protobuf::Descriptor* type = field.GetDescriptor();
  Value name = Value::FromField(&field, type->FindFieldByName("name"), &kGenerated, nullptr);
  EXPECT_EQ(name.string_value(), "id");
  // Borrowed, not copied.
  EXPECT_EQ(name.string_value().data(), field.name().data());
  EXPECT_EQ(
      Value::FromField(&field, type->FindFieldByName("number"), &kGenerated, nullptr).int_value(),
      0);
  Value kind = Value::FromField(&field, type->FindFieldByName("kind"), &kGenerated, nullptr);
  EXPECT_EQ(kind.kind(), ValueKind::kInt);
  Value options = Value::FromField(&field, type->FindFieldByName("options"), &kGenerated, nullptr);
  ASSERT_EQ(options.kind(), ValueKind::kList);
  ASSERT_EQ(options.list_value().size(), 1u);
  EXPECT_EQ(options.list_value().Get(0).kind(), ValueKind::kMessage);
}

TEST(ValueTest, WellKnownTypesBecomeCelValues) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(10);
  timestamp.set_nanos(5);
  Value t = Value::FromMessage(&timestamp, &kGenerated);
  ASSERT_EQ(t.kind(), ValueKind::kTimestamp);
  EXPECT_EQ(t.timestamp_value(), absl::FromUnixSeconds(10) + absl::Nanoseconds(5));

  google::protobuf::Int64Value wrapper;
  wrapper.set_value(42);
  EXPECT_EQ(Value::FromMessage(&wrapper, &kGenerated).int_value(), 42);

  google::protobuf::Struct object;
  (*object.mutable_fields())["n"].set_number_value(2);
  (*object.mutable_fields())["s"].set_string_value("x");
  Value map = Value::FromMessage(&object, &kGenerated);
  ASSERT_EQ(map.kind(), ValueKind::kMap);
  Value found;
  ASSERT_TRUE(map.map_value().Find(Value::String("n"), &found));
  EXPECT_EQ(found.double_value(), 2.0);

  google::protobuf::Value null_value;
  null_value.set_null_value(google::protobuf::NULL_VALUE);
  EXPECT_TRUE(Value::FromMessage(&null_value, &kGenerated).IsNull());

  google::protobuf::Any any;
  any.PackFrom(wrapper);
  EXPECT_EQ(Value::FromMessage(&any, &kGenerated).int_value(), 42);
  any.set_type_url("type.googleapis.com/no.such.Type");
  EXPECT_TRUE(Value::FromMessage(&any, &kGenerated).IsError());
}

TEST(ValueTest, SetFieldConvertsAndChecksRanges) {
  google::protobuf::Field field;
  const google::protobuf::Descriptor* type = field.GetDescriptor();
  ASSERT_TRUE(SetField(&field, type->FindFieldByName("number"), Value::Int(7), kGenerated).ok());
  EXPECT_EQ(field.number(), 7);
  absl::Status overflow =
      SetField(&field, type->FindFieldByName("number"), Value::Int(1LL << 40), kGenerated);
  EXPECT_EQ(overflow.code(), absl::StatusCode::kOutOfRange);
  absl::Status mismatch =
      SetField(&field, type->FindFieldByName("name"), Value::Int(1), kGenerated);
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(SetField(&field, type->FindFieldByName("kind"), Value::Int(9), kGenerated).ok());
  EXPECT_EQ(field.kind(), google::protobuf::Field::TYPE_STRING);

  google::protobuf::Option option;
  ASSERT_TRUE(
      SetField(&option, option.GetDescriptor()->FindFieldByName("value"), Value::Int(5), kGenerated)
          .ok());
  google::protobuf::Int64Value unpacked;
  ASSERT_TRUE(option.value().UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.value(), 5);
}

}  // namespace
}  // namespace hdsc::expr
