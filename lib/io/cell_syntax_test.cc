#include "lib/io/cell_syntax.h"

#include "gtest/gtest.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {
namespace {

TEST(ListTest, JoinsAndSplitsExactly) {
  const std::vector<std::vector<std::string>> lists = {
      {},
      {"a"},
      {"a", "b", "c"},
      {"", " lead", "trail ", "semi;colon", "\"quoted\"", "in \"the\" middle", "line\nbreak", "\t"},
  };
  for (const std::vector<std::string>& items : lists) {
    const std::string joined = JoinList(items);
    absl::StatusOr<std::vector<std::string>> split = SplitList(joined);
    ASSERT_TRUE(split.ok()) << joined;
    EXPECT_EQ(*split, items) << joined;
  }
  EXPECT_EQ(JoinList({"a", "b; c", ""}), "a; \"b; c\"; \"\"");
  EXPECT_EQ(JoinList({"say \"hi\""}), "say \"hi\"");
  EXPECT_EQ(JoinList({"\"hi\""}), "\"\"\"hi\"\"\"");
}

TEST(ListTest, IsLenientWithSpacesAndSeparators) {
  EXPECT_EQ(*SplitList("  a ;b;; c ;"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*SplitList("a\nb"), (std::vector<std::string>{"a\nb"}));
  EXPECT_EQ(*SplitList(" \"x\" ; y"), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(SplitList("").value().empty());
}

TEST(ListTest, RefusesBrokenQuotes) {
  EXPECT_EQ(SplitList("a; \"b").status().message(), "item 2 opens a quote that is never closed");
  EXPECT_EQ(SplitList("\"a\" b; c").status().message(),
            "item 1 has text after its closing quote (separate items with ';')");
}

TEST(DurationTest, WritesTheLargestUnit) {
  EXPECT_EQ(FormatDurationText({0, 0}), "0s");
  EXPECT_EQ(FormatDurationText({259200, 0}), "3d");
  EXPECT_EQ(FormatDurationText({315576000, 0}), "87660h");
  EXPECT_EQ(FormatDurationText({5400, 0}), "90m");
  EXPECT_EQ(FormatDurationText({45, 0}), "45s");
  EXPECT_EQ(FormatDurationText({-172800, 0}), "-2d");
  EXPECT_EQ(FormatDurationText({1, 500000000}), "1.5s");
  EXPECT_EQ(FormatDurationText({-1, -5}), "-1.000000005s");
  EXPECT_EQ(FormatDurationText({0, -250000000}), "-0.25s");
}

TEST(DurationTest, ReadsUnitsAndTheJsonForm) {
  auto seconds = [](const char* text) { return ParseDurationText(text)->seconds; };
  EXPECT_EQ(seconds("30d"), 2592000);
  EXPECT_EQ(seconds("30j"), 2592000);
  EXPECT_EQ(seconds("72h"), 259200);
  EXPECT_EQ(seconds("259200s"), 259200);
  EXPECT_EQ(seconds("1d 12h"), 129600);
  EXPECT_EQ(seconds("1.5d"), 129600);
  EXPECT_EQ(seconds(" -90m "), -5400);
  EXPECT_EQ(ParseDurationText("1.5s")->nanos, 500000000);
  EXPECT_EQ(ParseDurationText("-0.25s")->nanos, -250000000);
  for (const char* text : {"", "30", "d", "30 days", "1.s", "3y", "999999999999d", "1.0000000001s", "--1s"}) {
    EXPECT_FALSE(ParseDurationText(text).has_value()) << text;
  }
  for (const SecondsAndNanos& value : std::vector<SecondsAndNanos>{{0, 0}, {86400, 0}, {-7, -1}, {315576000000, 0}}) {
    const std::optional<SecondsAndNanos> back = ParseDurationText(FormatDurationText(value));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->seconds, value.seconds);
    EXPECT_EQ(back->nanos, value.nanos);
  }
}

TEST(BoolTest, ReadsEnglishAndFrench) {
  for (const char* yes : {"true", "TRUE", "Oui", "vrai", "yes", "1", " true "}) EXPECT_EQ(ParseBoolText(yes), true);
  for (const char* no : {"false", "Non", "FAUX", "no", "0"}) EXPECT_EQ(ParseBoolText(no), false);
  EXPECT_FALSE(ParseBoolText("peut-être").has_value());
}

TEST(EnumTest, ShortNamesDropTheTypePrefix) {
  const google::protobuf::EnumDescriptor* risk = hdsc::v1::RiskLevel_descriptor();
  EXPECT_EQ(ShortEnumName(risk->FindValueByName("RISK_LEVEL_HIGH")), "HIGH");
  EXPECT_EQ(ShortEnumName(hdsc::v1::TlsVersion_descriptor()->FindValueByName("TLS_VERSION_1_2")), "1_2");
  EXPECT_EQ(ShortEnumName(hdsc::v1::Art34Exemption_descriptor()->FindValueByNumber(1)), "DATA_UNINTELLIGIBLE");
  EXPECT_EQ(FindEnumValue(risk, "HIGH")->name(), "RISK_LEVEL_HIGH");
  EXPECT_EQ(FindEnumValue(risk, "high")->name(), "RISK_LEVEL_HIGH");
  EXPECT_EQ(FindEnumValue(risk, "risk_level_high")->name(), "RISK_LEVEL_HIGH");
  EXPECT_EQ(FindEnumValue(risk, "3")->name(), "RISK_LEVEL_HIGH");
  EXPECT_EQ(FindEnumValue(risk, "hgih"), nullptr);
  EXPECT_EQ(FindEnumValue(risk, "42"), nullptr);
}

}  // namespace
}  // namespace hdsc::io
