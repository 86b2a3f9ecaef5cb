#include "lib/rules/params.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace hdsc::rules {
namespace {

using ::testing::HasSubstr;

std::vector<v1::ParamDeclaration> Declarations(const std::string& text) {
  v1::Pack pack;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &pack));
  return {pack.param().begin(), pack.param().end()};
}

constexpr char kParams[] = R"pb(
  param { name: "period" default_value { duration_value: "365d" } }
  param { name: "threshold" default_value { double_value: 80 } }
  param { name: "limit" default_value { int_value: 3 } }
  param { name: "strict" default_value { bool_value: true } }
  param { name: "country" default_value { string_value: "FR" } }
  param { name: "countries" default_value { string_list_value { values: ["FR", "RE"] } } }
)pb";

TEST(ParamsTypeTest, OneFieldPerParameterOfTheTypeOfItsDefault) {
  absl::StatusOr<std::unique_ptr<ParamsType>> type = ParamsType::Create(Declarations(kParams));
  ASSERT_TRUE(type.ok()) << type.status();
  const google::protobuf::Descriptor* descriptor = (*type)->descriptor();
  ASSERT_EQ(descriptor->field_count(), 6);
  EXPECT_EQ(descriptor->FindFieldByName("period")->message_type()->full_name(), "google.protobuf.Duration");
  EXPECT_EQ(descriptor->FindFieldByName("threshold")->type(), google::protobuf::FieldDescriptor::TYPE_DOUBLE);
  EXPECT_EQ(descriptor->FindFieldByName("limit")->type(), google::protobuf::FieldDescriptor::TYPE_INT64);
  EXPECT_EQ(descriptor->FindFieldByName("strict")->type(), google::protobuf::FieldDescriptor::TYPE_BOOL);
  EXPECT_EQ(descriptor->FindFieldByName("country")->type(), google::protobuf::FieldDescriptor::TYPE_STRING);
  EXPECT_EQ(descriptor->FindFieldByName("countries")->type(), google::protobuf::FieldDescriptor::TYPE_STRING);
  EXPECT_TRUE(descriptor->FindFieldByName("countries")->is_repeated());
}

TEST(ParamsTypeTest, MessagesHoldTheValues) {
  std::unique_ptr<ParamsType> type = *ParamsType::Create(Declarations(kParams));
  std::map<std::string, v1::ParamValue> values;
  values["period"].set_duration_value("72h");
  values["limit"].set_int_value(7);
  values["countries"].mutable_string_list_value()->add_values("GP");
  values["countries"].mutable_string_list_value()->add_values("MQ");
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> message = type->NewMessage(values);
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ((*message)->ShortDebugString(), "period { seconds: 259200 } limit: 7 countries: \"GP\" countries: \"MQ\"");
}

TEST(ParamsTypeTest, RejectsUnknownNamesAndOtherKinds) {
  std::unique_ptr<ParamsType> type = *ParamsType::Create(Declarations(kParams));
  std::map<std::string, v1::ParamValue> values;
  values["perod"].set_duration_value("72h");
  EXPECT_THAT(type->NewMessage(values).status().message(), HasSubstr("unknown parameter 'perod'"));
  values.clear();
  values["period"].set_int_value(3);
  EXPECT_THAT(type->NewMessage(values).status().message(),
              HasSubstr("parameter 'period' must have the same kind of value as its default"));
  values["period"].set_duration_value("soon");
  EXPECT_THAT(type->NewMessage(values).status().message(), HasSubstr("parameter 'period': invalid duration 'soon'"));
}

TEST(ParamsTypeTest, NoParametersIsAnEmptyMessage) {
  absl::StatusOr<std::unique_ptr<ParamsType>> type = ParamsType::Create({});
  ASSERT_TRUE(type.ok()) << type.status();
  EXPECT_EQ((*type)->descriptor()->field_count(), 0);
}

}  // namespace
}  // namespace hdsc::rules
