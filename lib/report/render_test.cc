#include "lib/report/render.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/report/test_report.h"

namespace hdsc::report {
namespace {

using ::testing::HasSubstr;

TEST(RenderTest, SampleReportParses) { EXPECT_EQ(testing::SampleReport().findings_size(), 5); }

TEST(RenderTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseFormat("sarif"), Format::kSarif);
  EXPECT_EQ(*ParseFormat("HTML"), Format::kHtml);
  EXPECT_EQ(*ParseFormat("markdown"), Format::kMarkdown);
  EXPECT_EQ(*ParseFormat("md"), Format::kMarkdown);
  absl::StatusOr<Format> unknown = ParseFormat("pdf");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("pdf"));
}

TEST(RenderTest, ParsesFormatLists) {
  absl::StatusOr<std::vector<Format>> formats = ParseFormatList("text,json,sarif,junit,html,oscal,md");
  ASSERT_TRUE(formats.ok()) << formats.status();
  EXPECT_EQ(*formats, AllFormats());
  EXPECT_FALSE(ParseFormatList("json,json").ok());
  EXPECT_FALSE(ParseFormatList("json,").ok());
}

TEST(RenderTest, EveryFormatHasItsOwnFile) {
  std::set<std::string_view> names;
  for (Format format : AllFormats()) names.insert(FormatFileName(format));
  EXPECT_EQ(names.size(), AllFormats().size());
  EXPECT_EQ(FormatFileName(Format::kSarif), "report.sarif");
}

TEST(RenderTest, JsonRoundTripsWithProtoFieldNames) {
  const v1::Report report = testing::SampleReport();
  absl::StatusOr<std::string> json = Render(report, Format::kJson, RenderOptions());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"rule_id\": \"GDPR-33-1\""));
  EXPECT_THAT(*json, HasSubstr("\"subject_id\": \"b-2026-01\""));
  v1::Report parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &parsed).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, report));
}

TEST(RenderTest, EveryFormatIsDeterministic) {
  const v1::Report report = testing::SampleReport();
  for (Format format : AllFormats()) {
    absl::StatusOr<std::string> first = Render(report, format, RenderOptions());
    absl::StatusOr<std::string> second = Render(report, format, RenderOptions());
    ASSERT_TRUE(first.ok() && second.ok()) << FormatName(format);
    EXPECT_EQ(*first, *second) << FormatName(format);
    EXPECT_FALSE(first->empty()) << FormatName(format);
  }
}

TEST(RenderTest, TextUsesTheCheckRenderer) {
  absl::StatusOr<std::string> text = Render(testing::SampleReport(), Format::kText, RenderOptions());
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("GDPR-33-1"));
}

}  // namespace
}  // namespace hdsc::report
