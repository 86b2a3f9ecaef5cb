#include "lib/rules/citation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "google/protobuf/text_format.h"
#include "lib/rules/pack.h"

namespace hdsc::rules {
namespace {

using base::Language;
using ::testing::HasSubstr;

v1::Framework Gdpr() {
  v1::Framework framework;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(
    id: "GDPR"
    title { en: "General Data Protection Regulation" }
    citation_style {
      name { fr: "RGPD" }
      form { pattern: "Art\\. (\\d+)" text { fr: "art. \\1 du RGPD" } }
      form { pattern: "Art\\. (\\d+)\\((\\d+)\\)" text { fr: "art. \\1, paragraphe \\2, du RGPD" } }
      form {
        pattern: "Art\\. (\\d+)\\((\\d+)\\)\\(([a-z])\\)"
        text { fr: "art. \\1, paragraphe \\2, point \\3), du RGPD" }
      }
    }
  )pb", &framework));
  return framework;
}

TEST(CitationWriterTest, WritesMatchingCitationsByTheirForm) {
  const v1::Framework gdpr = Gdpr();
  const CitationWriter writer({&gdpr});
  EXPECT_EQ(writer.Write("GDPR", "Art. 33(1)", Language::kFr), "art. 33, paragraphe 1, du RGPD");
  EXPECT_EQ(writer.Write("GDPR", "Art. 33", Language::kFr), "art. 33 du RGPD");
  EXPECT_EQ(writer.Write("GDPR", "Art. 28(3)(g)", Language::kFr), "art. 28, paragraphe 3, point g), du RGPD");
}

TEST(CitationWriterTest, LeavesOtherCitationsAsWrittenAfterTheName) {
  const v1::Framework gdpr = Gdpr();
  const CitationWriter writer({&gdpr});
  // A form matches a whole citation, never a part of it.
  EXPECT_EQ(writer.Write("GDPR", "Art. 9(2)(h), 9(3)", Language::kFr), "RGPD Art. 9(2)(h), 9(3)");
  EXPECT_EQ(writer.Write("GDPR", "See Art. 33", Language::kFr), "RGPD See Art. 33");
  // English has no text of its own here: the framework id and the citation.
  EXPECT_EQ(writer.Write("GDPR", "Art. 33(1)", Language::kEn), "GDPR Art. 33(1)");
  EXPECT_EQ(writer.Write("ISO27001_2022", "A.8.13", Language::kFr), "ISO27001_2022 A.8.13");
}

TEST(CitationWriterTest, RequirementsOfAFrameworkGoWithoutItsName) {
  const v1::Framework gdpr = Gdpr();
  const CitationWriter writer({&gdpr});
  using Name = CitationWriter::Name;
  EXPECT_EQ(writer.Write("GDPR", "Art. 33", Language::kFr, Name::kWithout), "art. 33 du RGPD");
  EXPECT_EQ(writer.Write("GDPR", "Art. 33", Language::kEn, Name::kWithout), "Art. 33");
  EXPECT_EQ(writer.Write("GDPR", "Art. 9(2)(h), 9(3)", Language::kFr, Name::kWithout), "Art. 9(2)(h), 9(3)");
}

TEST(CheckCitationFormTest, RefusesBadPatternsAndTexts) {
  v1::CitationForm form;
  form.set_pattern("Art\\. (\\d+");
  form.mutable_text()->set_fr("art. \\1");
  EXPECT_THAT(std::string(CheckCitationForm(form).message()), HasSubstr("does not compile"));
  form.set_pattern("Art\\. (\\d+)");
  form.mutable_text()->set_fr("art. \\2");
  EXPECT_THAT(std::string(CheckCitationForm(form).message()), HasSubstr("art. \\2"));
  form.mutable_text()->set_fr("art. \\1");
  EXPECT_TRUE(CheckCitationForm(form).ok());
  form.clear_text();
  EXPECT_THAT(std::string(CheckCitationForm(form).message()), HasSubstr("no text"));
}

TEST(CheckCitationFormTest, PackLoadingReportsBadFormsWhereTheyAre) {
  constexpr char kPack[] = R"pb(
framework {
  id: "GDPR"
  title { en: "GDPR" }
  citation_style {
    form { pattern: "Art\\. (\\d+)" text { fr: "art. \\1" } }
    form { pattern: "Art\\. ((\\d+)" text { fr: "art. \\1" } }
  }
}
)pb";
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs = PackSet::Load({{"gdpr.textpb", kPack}}, v1::Pack::descriptor(), &diagnostics);
  ASSERT_FALSE(packs.ok());
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].line, 7);
  EXPECT_THAT(diagnostics[0].message, HasSubstr("framework 'GDPR': citation form pattern 'Art\\. ((\\d+)'"));
}

TEST(CheckCitationFormTest, PacksMayNotWriteReferenceTexts) {
  constexpr char kPack[] = R"pb(
framework { id: "GDPR" title { en: "GDPR" } }
rule {
  id: "R-1"
  severity: LOW
  title { en: "One" }
  require: "true"
  reference { framework: "GDPR" citation: "Art. 5" text: "art. 5" }
}
)pb";
  std::vector<io::Diagnostic> diagnostics;
  absl::StatusOr<PackSet> packs = PackSet::Load({{"p.textpb", kPack}}, v1::Pack::descriptor(), &diagnostics);
  ASSERT_FALSE(packs.ok());
  EXPECT_THAT(packs.status().message(), HasSubstr("sets `text`"));
}

}  // namespace
}  // namespace hdsc::rules
