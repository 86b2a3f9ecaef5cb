#include "lib/expr/type.h"

#include "google/protobuf/any.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace hdsc::expr {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptorProto;

// A message with one field of each shape that matters to CEL.
constexpr char kTestFile[] = R"pb(
  name: "type_test.proto"
  package: "t"
  syntax: "proto3"
  dependency: "google/protobuf/any.proto"
  dependency: "google/protobuf/duration.proto"
  dependency: "google/protobuf/struct.proto"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/wrappers.proto"
  enum_type { name: "Color" value { name: "RED" number: 0 } }
  message_type {
    name: "M"
    field { name: "i32" number: 1 type: TYPE_INT32 label: LABEL_OPTIONAL }
    field { name: "s64" number: 2 type: TYPE_SINT64 label: LABEL_OPTIONAL }
    field { name: "sf32" number: 3 type: TYPE_SFIXED32 label: LABEL_OPTIONAL }
    field { name: "u32" number: 4 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    field { name: "f64" number: 5 type: TYPE_FIXED64 label: LABEL_OPTIONAL }
    field { name: "fl" number: 6 type: TYPE_FLOAT label: LABEL_OPTIONAL }
    field { name: "s" number: 7 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "b" number: 8 type: TYPE_BYTES label: LABEL_OPTIONAL }
    field { name: "color" number: 9 type: TYPE_ENUM type_name: ".t.Color" label: LABEL_OPTIONAL }
    field { name: "ints" number: 10 type: TYPE_INT64 label: LABEL_REPEATED }
    field { name: "ts" number: 11 type: TYPE_MESSAGE type_name: ".google.protobuf.Timestamp" label: LABEL_OPTIONAL }
    field { name: "d" number: 12 type: TYPE_MESSAGE type_name: ".google.protobuf.Duration" label: LABEL_OPTIONAL }
    field { name: "w" number: 13 type: TYPE_MESSAGE type_name: ".google.protobuf.Int32Value" label: LABEL_OPTIONAL }
    field { name: "st" number: 14 type: TYPE_MESSAGE type_name: ".google.protobuf.Struct" label: LABEL_OPTIONAL }
    field { name: "v" number: 15 type: TYPE_MESSAGE type_name: ".google.protobuf.Value" label: LABEL_OPTIONAL }
    field { name: "lv" number: 16 type: TYPE_MESSAGE type_name: ".google.protobuf.ListValue" label: LABEL_OPTIONAL }
    field { name: "any" number: 17 type: TYPE_MESSAGE type_name: ".google.protobuf.Any" label: LABEL_OPTIONAL }
    field { name: "child" number: 18 type: TYPE_MESSAGE type_name: ".t.M" label: LABEL_OPTIONAL }
    field { name: "children" number: 19 type: TYPE_MESSAGE type_name: ".t.M" label: LABEL_REPEATED }
    field { name: "m" number: 20 type: TYPE_MESSAGE type_name: ".t.M.MEntry" label: LABEL_REPEATED }
    field { name: "ws" number: 21 type: TYPE_MESSAGE type_name: ".google.protobuf.StringValue" label: LABEL_REPEATED }
    nested_type {
      name: "MEntry"
      options { map_entry: true }
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field { name: "value" number: 2 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    }
  }
)pb";

class TypeFromFieldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Make sure the well-known types are in the generated pool.
    google::protobuf::Any::descriptor();
    google::protobuf::Duration::descriptor();
    google::protobuf::Struct::descriptor();
    google::protobuf::Timestamp::descriptor();
    google::protobuf::Int32Value::descriptor();
    FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTestFile, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    message_ = pool_.FindMessageTypeByName("t.M");
    ASSERT_NE(message_, nullptr);
  }

  std::string FieldType(const std::string& name) {
    const auto* field = message_->FindFieldByName(name);
    if (field == nullptr) return "no such field";
    return Type::FromFieldDescriptor(field).DebugString();
  }

  DescriptorPool pool_{DescriptorPool::generated_pool()};
  const Descriptor* message_ = nullptr;
};

TEST_F(TypeFromFieldTest, Scalars) {
  EXPECT_EQ(FieldType("i32"), "int");
  EXPECT_EQ(FieldType("s64"), "int");
  EXPECT_EQ(FieldType("sf32"), "int");
  EXPECT_EQ(FieldType("u32"), "uint");
  EXPECT_EQ(FieldType("f64"), "uint");
  EXPECT_EQ(FieldType("fl"), "double");
  EXPECT_EQ(FieldType("s"), "string");
  EXPECT_EQ(FieldType("b"), "bytes");
  EXPECT_EQ(FieldType("color"), "int");
}

TEST_F(TypeFromFieldTest, ContainersAndMessages) {
  EXPECT_EQ(FieldType("ints"), "list(int)");
  EXPECT_EQ(FieldType("child"), "t.M");
  EXPECT_EQ(FieldType("children"), "list(t.M)");
  EXPECT_EQ(FieldType("m"), "map(string, uint)");
  EXPECT_EQ(Type::FromFieldDescriptor(message_->FindFieldByName("child")).message(), message_);
}

TEST_F(TypeFromFieldTest, WellKnownTypes) {
  EXPECT_EQ(FieldType("ts"), "google.protobuf.Timestamp");
  EXPECT_EQ(FieldType("d"), "google.protobuf.Duration");
  EXPECT_EQ(FieldType("w"), "wrapper(int)");
  EXPECT_EQ(FieldType("ws"), "list(wrapper(string))");
  EXPECT_EQ(FieldType("st"), "map(string, dyn)");
  EXPECT_EQ(FieldType("v"), "dyn");
  EXPECT_EQ(FieldType("lv"), "list(dyn)");
  EXPECT_EQ(FieldType("any"), "google.protobuf.Any");
  EXPECT_EQ(Type::FromFieldDescriptor(message_->FindFieldByName("any")).CheckedString(), "any");
}

TEST(TypeTest, DebugStrings) {
  EXPECT_EQ(Type().DebugString(), "dyn");
  EXPECT_EQ(Type::Null().DebugString(), "null_type");
  EXPECT_EQ(Type::List(Type::Int()).DebugString(), "list(int)");
  EXPECT_EQ(Type::Map(Type::String(), Type::Dyn()).DebugString(), "map(string, dyn)");
  EXPECT_EQ(Type::TypeOf(Type::Uint()).DebugString(), "type(uint)");
  EXPECT_EQ(Type::TypeType().DebugString(), "type");
  EXPECT_EQ(Type::Optional(Type::String()).DebugString(), "optional_type(string)");
  EXPECT_EQ(Type::TypeParam("A").DebugString(), "A");
  EXPECT_EQ(Type::Timestamp().DebugString(), "google.protobuf.Timestamp");
  EXPECT_EQ(Type::Timestamp().CheckedString(), "timestamp");
  EXPECT_EQ(Type::List(Type::Null()).CheckedString(), "list(null)");
  EXPECT_EQ(Type::Error().CheckedString(), "!error!");
}

TEST(TypeTest, EqualityIsStructural) {
  EXPECT_EQ(Type::List(Type::Int()), Type::List(Type::Int()));
  EXPECT_NE(Type::List(Type::Int()), Type::List(Type::Uint()));
  EXPECT_NE(Type::List(Type::Int()), Type::Int());
  EXPECT_EQ(Type::Map(Type::String(), Type::Int()), Type::Map(Type::String(), Type::Int()));
  EXPECT_NE(Type::Map(Type::String(), Type::Int()), Type::Map(Type::Int(), Type::Int()));
  EXPECT_EQ(Type::MessageNamed("a.B"), Type::MessageNamed("a.B"));
  EXPECT_NE(Type::MessageNamed("a.B"), Type::MessageNamed("a.C"));
  EXPECT_NE(Type::Wrapper(Type::Int()), Type::Int());
  EXPECT_NE(Type::TypeType(), Type::TypeOf(Type::Int()));
}

TEST(TypeTest, AccessorsOnOtherKindsAreDyn) {
  EXPECT_EQ(Type::Int().elem(), Type::Dyn());
  EXPECT_EQ(Type::List(Type::Int()).key(), Type::Dyn());
  EXPECT_EQ(Type::Map(Type::String(), Type::Bool()).value(), Type::Bool());
  EXPECT_TRUE(Type::Int().name().empty());
  EXPECT_TRUE(Type::Int().params().empty());
}

}  // namespace
}  // namespace hdsc::expr
