#include "lib/rules/pack.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// Pack files are checked against a root type; the pack schema itself is a convenient one in tests
// (`for_each: "framework.requirement"`).
const google::protobuf::Descriptor* Root() { return v1::Pack::descriptor(); }

constexpr char kFrameworks[] = R"pb(
framework {
  id: "GDPR"
  title { en: "GDPR" }
  requirement { id: "ART-33" citation: "Art. 33" rule_ids: "R-1" }
  requirement { id: "ART-35" citation: "Art. 35" }
}
param { name: "period" default_value { duration_value: "365d" } }
profile { id: "small" framework: "GDPR" exclude_rule: "R-2" param { name: "period" value { duration_value: "30d" } } }
)pb";

constexpr char kRules[] = R"pb(
rule {
  id: "R-1"
  severity: HIGH
  title { en: "One" fr: "Un" }
  for_each: "framework.requirement"
  require: "record.id != ''"
  reference { framework: "GDPR" citation: "Art. 33(1)" }
}
rule {
  id: "R-2"
  severity: LOW
  title { en: "Two" }
  require: "true"
  reference { framework: "GDPR" citation: "Art. 35" requirement: "ART-35" }
}
)pb";

std::string Join(const std::vector<io::Diagnostic>& diagnostics) {
  std::string out;
  for (const io::Diagnostic& diagnostic : diagnostics) out += diagnostic.ToString() + "\n";
  return out;
}

TEST(PackSetTest, LoadsAndLinksRulesFrameworksAndProfiles) {
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs =
      PackSet::Load({{"frameworks.textpb", kFrameworks}, {"rules.textpb", kRules}}, Root(), &diagnostics);
  ASSERT_TRUE(packs.ok()) << packs.status() << "\n" << Join(diagnostics);
  EXPECT_THAT(packs->rules(), SizeIs(2));
  const LoadedRule* rule = packs->FindRule("R-1");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->file, "rules.textpb");
  EXPECT_EQ(rule->location, (io::SourceLocation{2, 1}));
  ASSERT_TRUE(rule->for_each.has_value());
  EXPECT_EQ(rule->for_each->element_type(), v1::Requirement::descriptor());
  // `require: "record.id != ''"` is on line 7; its value starts after the quote at column 13.
  const io::Diagnostic at_value = rule->require.At(0, "first character");
  EXPECT_EQ(at_value.file, "rules.textpb");
  EXPECT_EQ(std::make_pair(at_value.line, at_value.column), std::make_pair(7, 13));
  // Past the value: the closing quote.
  const io::Diagnostic past_value = rule->require.At(100, "past the end");
  EXPECT_EQ(std::make_pair(past_value.line, past_value.column), std::make_pair(7, 28));
  const LoadedFramework* gdpr = packs->FindFramework("GDPR");
  ASSERT_NE(gdpr, nullptr);
  // ART-35 gets R-2 from the rule's reference; ART-33 lists R-1 itself.
  EXPECT_THAT(gdpr->requirement_rules, ElementsAre(ElementsAre("R-1"), ElementsAre("R-2")));
  ASSERT_THAT(packs->files(), SizeIs(2));
  EXPECT_EQ(packs->files()[0].sha256.size(), 64u);
}

TEST(PackSetTest, ReportsEveryProblemWithItsLocation) {
  constexpr char kBroken[] = R"pb(
rule {
  id: "R-1"
  severity: HIGH
  title { en: "Duplicate" }
  require: "true"
  reference { framework: "GDPR" citation: "x" }
}
rule {
  id: "R-3"
  title { en: "Three" }
  for_each: "framework.requirements"
  require: "true"
  reference { framework: "GPDR" citation: "x" }
}
framework { id: "HDS" title { en: "HDS" } requirement { id: "1" rule_ids: "R-9" } }
profile { id: "p" framework: "NOPE" param { name: "unknown" value { bool_value: true } } }
)pb";
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs = PackSet::Load(
      {{"frameworks.textpb", kFrameworks}, {"rules.textpb", kRules}, {"broken.textpb", kBroken}}, Root(), &diagnostics);
  ASSERT_FALSE(packs.ok());
  EXPECT_EQ(packs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(packs.status().message(), HasSubstr("and 6 more problems"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("broken.textpb:2:1: duplicate rule id 'R-1' (first defined at rules.textpb:2:1)"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("broken.textpb:9:1: rule 'R-3' has no severity"));
  EXPECT_THAT(Join(diagnostics),
              HasSubstr("broken.textpb:12:3: rule 'R-3': for_each: hdsc.v1.Framework has no field 'requirements' "
                        "(did you mean 'requirement'?)"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("rule 'R-3': unknown framework 'GPDR' (did you mean 'GDPR'?)"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("broken.textpb:16:43: framework 'HDS' requirement '1': unknown rule 'R-9'"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("profile 'p': unknown framework 'NOPE'"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("profile 'p': unknown parameter 'unknown'"));
}

TEST(PackSetTest, ReportsSyntaxErrorsAtTheirPosition) {
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs =
      PackSet::Load({{"bad.textpb", "rule {\n  id: \"X\"\n  severity: SEVERE\n}\n"}}, Root(), &diagnostics);
  ASSERT_FALSE(packs.ok());
  ASSERT_THAT(diagnostics, SizeIs(1));
  EXPECT_EQ(diagnostics[0].file, "bad.textpb");
  EXPECT_EQ(diagnostics[0].line, 3);
  EXPECT_EQ(diagnostics[0].column, 13);
  EXPECT_THAT(diagnostics[0].message, HasSubstr("SEVERE"));
}

TEST(PackSetTest, RejectsBadParameterValues) {
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs = PackSet::Load(
      {{"p.textpb", R"pb(param { name: "period" default_value { duration_value: "a year" } }
                         param { name: "2x" default_value { int_value: 1 } }
                         param { name: "limit" default_value { int_value: 1 } }
                         profile { id: "p" param { name: "limit" value { string_value: "x" } } })pb"}},
      Root(), &diagnostics);
  ASSERT_FALSE(packs.ok());
  EXPECT_THAT(Join(diagnostics), HasSubstr("parameter 'period': invalid duration 'a year'"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("invalid parameter name '2x'"));
  EXPECT_THAT(Join(diagnostics), HasSubstr("parameter 'limit' must be set with the same kind of value as its default (int_value)"));
}

TEST(ParseDurationParamTest, AcceptsCelDurationsAndDays) {
  EXPECT_EQ(*ParseDurationParam("72h"), absl::Hours(72));
  EXPECT_EQ(*ParseDurationParam("1h30m"), absl::Minutes(90));
  EXPECT_EQ(*ParseDurationParam("365d"), absl::Hours(24 * 365));
  EXPECT_FALSE(ParseDurationParam("d").ok());
  EXPECT_FALSE(ParseDurationParam("12").ok());
  EXPECT_FALSE(ParseDurationParam("inf").ok());
}

TEST(ReadPackSourcesTest, ReadsDirectoriesRecursivelyWithoutFixtures) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "packs";
  std::filesystem::create_directories(dir / "gdpr");
  std::ofstream(dir / "gdpr" / "b.textpb") << "# b\n";
  std::ofstream(dir / "a.textpb") << "# a\n";
  std::ofstream(dir / "gdpr" / "b_test.textpb") << "# fixture\n";
  std::ofstream(dir / "README.md") << "not a pack\n";
  absl::StatusOr<std::vector<PackSource>> sources = ReadPackSources({dir.string()});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_THAT(*sources, SizeIs(2));
  EXPECT_EQ((*sources)[0].path, (dir / "a.textpb").string());
  EXPECT_EQ((*sources)[1].contents, "# b\n");
  absl::StatusOr<std::vector<std::string>> fixtures = FindFixtureFiles(dir.string());
  ASSERT_TRUE(fixtures.ok());
  EXPECT_THAT(*fixtures, ElementsAre((dir / "gdpr" / "b_test.textpb").string()));
  EXPECT_EQ(ReadPackSources({(dir / "missing").string()}).status().code(), absl::StatusCode::kNotFound);
  // A file named explicitly is taken as it is.
  EXPECT_THAT(*FindFixtureFiles((dir / "gdpr" / "b.textpb").string()), ElementsAre((dir / "gdpr" / "b.textpb").string()));
}

TEST(LocalizedTest, FallsBackToEnglish) {
  v1::LocalizedText text;
  text.set_en("Hello");
  EXPECT_EQ(Localized(text, "fr"), "Hello");
  text.set_fr("Bonjour");
  EXPECT_EQ(Localized(text, "fr"), "Bonjour");
  EXPECT_EQ(Localized(text, "en"), "Hello");
}

}  // namespace
}  // namespace hdsc::rules
