#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/report/render.h"
#include "lib/report/test_report.h"
#include "re2/re2.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;

const google::protobuf::Value& Field(const google::protobuf::Value& value, const std::string& name) {
  return value.struct_value().fields().at(name);
}

google::protobuf::Value Oscal(const v1::Report& report) {
  google::protobuf::Value value;
  const std::string json = *Render(report, Format::kOscal, RenderOptions());
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return value;
}

TEST(OscalTest, HasTheRequiredAssessmentResultsStructure) {
  const google::protobuf::Value root = Field(Oscal(testing::SampleReport()), "assessment-results");
  const google::protobuf::Value& metadata = Field(root, "metadata");
  EXPECT_EQ(Field(metadata, "oscal-version").string_value(), "1.1.2");
  EXPECT_EQ(Field(metadata, "last-modified").string_value(), "2026-11-28T00:00:00Z");
  EXPECT_FALSE(Field(metadata, "title").string_value().empty());
  EXPECT_FALSE(Field(Field(root, "import-ap"), "href").string_value().empty());
  const google::protobuf::Value& result = Field(root, "results").list_value().values(0);
  EXPECT_TRUE(Field(Field(result, "reviewed-controls"), "control-selections").has_list_value());
  EXPECT_EQ(Field(result, "observations").list_value().values_size(), 3);
  const auto& findings = Field(result, "findings").list_value();
  ASSERT_EQ(findings.values_size(), 2);  // ART-33 (FAIL) and ART-30 (PASS); ART-38 is MANUAL
  const google::protobuf::Value& target = Field(findings.values(0), "target");
  EXPECT_EQ(Field(target, "target-id").string_value(), "ART-33");
  EXPECT_EQ(Field(Field(target, "status"), "state").string_value(), "not-satisfied");
  EXPECT_EQ(Field(Field(Field(findings.values(1), "target"), "status"), "state").string_value(), "satisfied");
  // The failing requirement links the observation of its rule's failure.
  EXPECT_EQ(Field(findings.values(0), "related-observations").list_value().values_size(), 1);
  // The completeness of each framework is a property of the result.
  bool completeness = false;
  for (const google::protobuf::Value& prop : Field(result, "props").list_value().values()) {
    if (Field(prop, "name").string_value() != "completeness") continue;
    completeness = true;
    EXPECT_EQ(Field(prop, "class").string_value(), "GDPR");
    EXPECT_EQ(Field(prop, "value").string_value(), "100.0");
  }
  EXPECT_TRUE(completeness);
}

TEST(OscalTest, UuidsAreVersion5AndFollowTheContent) {
  const std::string first = *Render(testing::SampleReport(), Format::kOscal, RenderOptions());
  const RE2 uuid("\"uuid\": \"([0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\"");
  std::string first_uuid;
  ASSERT_TRUE(RE2::PartialMatch(first, uuid, &first_uuid));
  v1::Report changed = testing::SampleReport();
  changed.mutable_dossier()->set_sha256(std::string(64, 'c'));
  const std::string second = *Render(changed, Format::kOscal, RenderOptions());
  std::string second_uuid;
  ASSERT_TRUE(RE2::PartialMatch(second, uuid, &second_uuid));
  EXPECT_NE(first_uuid, second_uuid);
  EXPECT_EQ(first, *Render(testing::SampleReport(), Format::kOscal, RenderOptions()));
}

TEST(OscalTest, TargetIdsAreTokens) {
  v1::Report report = testing::SampleReport();
  report.mutable_frameworks(0)->mutable_requirements(0)->set_id("5.1 policies");
  const std::string json = *Render(report, Format::kOscal, RenderOptions());
  EXPECT_THAT(json, HasSubstr("\"target-id\": \"_5.1_policies\""));
}

}  // namespace
}  // namespace hdsc::report
