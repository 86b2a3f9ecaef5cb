#include "lib/base/wire.h"

#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(DeterministicBytesTest, SameMessageSameBytesWhateverTheInsertionOrder) {
  google::protobuf::Struct first;
  (*first.mutable_fields())["b"].set_number_value(2);
  (*first.mutable_fields())["a"].set_string_value("x");
  google::protobuf::Struct second;
  (*second.mutable_fields())["a"].set_string_value("x");
  (*second.mutable_fields())["b"].set_number_value(2);
  EXPECT_EQ(DeterministicBytes(first), DeterministicBytes(second));
  google::protobuf::Struct parsed;
  ASSERT_TRUE(parsed.ParseFromString(DeterministicBytes(first)));
  EXPECT_EQ(parsed.fields().at("a").string_value(), "x");
  EXPECT_EQ(DeterministicBytes(google::protobuf::Struct()), "");
}

}  // namespace
}  // namespace hdsc::base
