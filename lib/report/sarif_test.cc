#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/io/diagnostic.h"
#include "lib/report/render.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

google::protobuf::Value Parse(const std::string& json) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return value;
}

const google::protobuf::Value& Field(const google::protobuf::Value& value, const std::string& name) {
  return value.struct_value().fields().at(name);
}

TEST(SarifTest, OneResultPerFindingThatNeedsAttention) {
  const std::string sarif = *Render(testing::SampleReport(), Format::kSarif, RenderOptions());
  const google::protobuf::Value log = Parse(sarif);
  EXPECT_EQ(Field(log, "version").string_value(), "2.1.0");
  const google::protobuf::Value& run = Field(log, "runs").list_value().values(0);
  const auto& results = Field(run, "results").list_value();
  ASSERT_EQ(results.values_size(), 3);  // FAIL, ERROR, WAIVED; not PASS or N/A
  EXPECT_EQ(Field(results.values(0), "ruleId").string_value(), "GDPR-33-1");
  EXPECT_EQ(Field(results.values(0), "level").string_value(), "error");     // HIGH
  EXPECT_EQ(Field(results.values(1), "level").string_value(), "warning");   // MEDIUM
  EXPECT_EQ(Field(results.values(2), "level").string_value(), "note");      // LOW
  EXPECT_TRUE(Field(results.values(2), "suppressions").has_list_value());   // the waiver
  EXPECT_EQ(Field(results.values(0), "message").struct_value().fields().at("text").string_value(),
            "Breach <b>b-2026-01</b> & \"co\" was not notified");
}

TEST(SarifTest, RulesCarryTitlesHelpAndSeverity) {
  const google::protobuf::Value log = Parse(*Render(testing::SampleReport(), Format::kSarif, RenderOptions()));
  const google::protobuf::Value& driver =
      Field(Field(Field(log, "runs").list_value().values(0), "tool"), "driver");
  const auto& rules = Field(driver, "rules").list_value();
  ASSERT_EQ(rules.values_size(), 3);
  const google::protobuf::Value& rule = rules.values(0);
  EXPECT_EQ(Field(rule, "id").string_value(), "GDPR-33-1");
  EXPECT_EQ(Field(Field(rule, "shortDescription"), "text").string_value(),
            "Breaches are notified to the CNIL within 72 hours");
  EXPECT_EQ(Field(Field(rule, "help"), "text").string_value(), "Notify the CNIL & record the delay reason");
  EXPECT_EQ(Field(Field(rule, "defaultConfiguration"), "level").string_value(), "error");
  EXPECT_EQ(Field(Field(rule, "properties"), "severity").string_value(), "HIGH");
}

TEST(SarifTest, LocationsUseTheSourceMapLine) {
  io::SourceMap map;
  map.Add("breaches", {40, 3});
  map.Add("breaches[0]", {41, 5});
  map.Add("isms", {10, 3});
  RenderOptions options;
  options.source_map = &map;
  const std::string sarif = *Render(testing::SampleReport(), Format::kSarif, options);
  const google::protobuf::Value log = Parse(sarif);
  const auto& results = Field(Field(log, "runs").list_value().values(0), "results").list_value();
  const google::protobuf::Value& physical =
      Field(Field(results.values(0), "locations").list_value().values(0), "physicalLocation");
  EXPECT_EQ(Field(Field(physical, "artifactLocation"), "uri").string_value(), "examples/hospital.json");
  EXPECT_EQ(Field(Field(physical, "region"), "startLine").number_value(), 41);
  // isms.assets[2] is not in the map: its nearest ancestor `isms` gives the line.
  const google::protobuf::Value& second =
      Field(Field(results.values(1), "locations").list_value().values(0), "physicalLocation");
  EXPECT_EQ(Field(Field(second, "region"), "startLine").number_value(), 10);
}

TEST(SarifTest, WithoutASourceMapThereIsNoRegion) {
  const std::string sarif = *Render(testing::SampleReport(), Format::kSarif, RenderOptions());
  EXPECT_THAT(sarif, Not(HasSubstr("startLine")));
}

TEST(SarifTest, BaselineFindingsAreUnchanged) {
  v1::Report report = testing::SampleReport();
  report.mutable_findings(0)->set_in_baseline(true);
  EXPECT_THAT(*Render(report, Format::kSarif, RenderOptions()), HasSubstr("\"baselineState\": \"unchanged\""));
}

}  // namespace
}  // namespace hdsc::report
