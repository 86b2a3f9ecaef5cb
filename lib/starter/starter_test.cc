#include "lib/starter/starter.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/io/load.h"
#include "lib/io/sheet_mapping.h"
#include "lib/model/reference.h"
#include "lib/starter/testing.h"

namespace hdsc::starter {
namespace {

using base::Language;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(StarterTest, EveryProfileLanguageAndFormatLoadsWithoutProblems) {
  const std::vector<std::pair<io::Format, std::string>> formats = {
      {io::Format::kJson, "starter.json"}, {io::Format::kTextproto, "starter.textproto"},
      {io::Format::kBinary, "starter.pb"},  {io::Format::kXlsx, "starter.xlsx"},
      {io::Format::kOds, "starter.ods"}};
  for (const std::string& profile : ProfileNames()) {
    for (Language language : {Language::kEn, Language::kFr}) {
      const v1::Dossier starter = *StarterDossier(profile, language);
      for (const auto& [format, name] : formats) {
        SCOPED_TRACE(profile + " " + name);
        // A workbook keeps no empty section (the starter has `administration_access {}`: its rows are in the ISMS
        // sheet, to fill in).
        v1::Dossier expected = starter;
        if (io::IsSpreadsheet(format)) io::DropEmptyNestedMessages(&expected);
        absl::StatusOr<std::string> bytes = WriteStarter(profile, language, format);
        ASSERT_TRUE(bytes.ok()) << bytes.status();
        absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossier(*bytes, name);
        ASSERT_TRUE(loaded.ok()) << loaded.status();
        for (const io::Diagnostic& problem : loaded->diagnostics) ADD_FAILURE() << problem.ToString();
        EXPECT_EQ(loaded->dossier.SerializeAsString(), expected.SerializeAsString());
        EXPECT_EQ(*WriteStarter(profile, language, format), *bytes) << "not deterministic";
      }
    }
  }
}

TEST(StarterTest, ListsEveryAnnexAControlInTheLanguage) {
  const v1::Dossier french = *StarterDossier("clinic", Language::kFr);
  ASSERT_EQ(french.isms().statement_of_applicability_size(), 93);
  EXPECT_EQ(french.isms().statement_of_applicability(0).id(), "5.1");
  EXPECT_EQ(french.isms().statement_of_applicability(0).title(), "Politiques de sécurité de l'information");
  EXPECT_EQ(french.isms().statement_of_applicability(92).id(), "8.34");
  for (const v1::SoaEntry& entry : french.isms().statement_of_applicability()) {
    EXPECT_TRUE(model::IsAnnexAControl(entry.id())) << entry.id();
    EXPECT_FALSE(entry.has_applicable()) << "the organisation decides: " << entry.id();
  }
  EXPECT_EQ(StarterDossier("clinic", Language::kEn)->isms().statement_of_applicability(0).title(),
            "Policies for information security");
}

TEST(StarterTest, PlaceholdersAreInTheLanguageAndTheFactsRulesJudgeAreLeftUnset) {
  for (const std::string& profile : ProfileNames()) {
    SCOPED_TRACE(profile);
    v1::Dossier english = *StarterDossier(profile, Language::kEn);
    const size_t todo = testing::Placeholders(english, "To fill in: ").size();
    EXPECT_GE(todo, 10u);
    EXPECT_TRUE(testing::Placeholders(english, "À compléter").empty());
    v1::Dossier french = *StarterDossier(profile, Language::kFr);
    EXPECT_EQ(testing::Placeholders(french, "À compléter : ").size(), todo);

    EXPECT_EQ(english.organization().country(), "FR");
    EXPECT_TRUE(english.organization().has_dpo());
    for (const v1::Asset& asset : english.isms().assets()) EXPECT_FALSE(asset.has_holds_health_data());
    for (const v1::Backup& backup : english.isms().backups()) EXPECT_FALSE(backup.has_frequency());
    for (const v1::TrainingCampaign& campaign : english.isms().training_campaigns()) {
      EXPECT_FALSE(campaign.has_completed_at());
    }
    EXPECT_FALSE(english.isms().incident_response_plan().has_approved_at());
    ASSERT_EQ(english.processing_activities_size(), 1);
    EXPECT_EQ(english.processing_activities(0).data_categories().size() > 0, true);
  }
}

TEST(StarterTest, EachKindHasItsSections) {
  const v1::Dossier hospital = *StarterDossier("hospital", Language::kEn);
  EXPECT_EQ(hospital.organization().kind(), v1::ORGANIZATION_KIND_UNSPECIFIED);  // public or private: to say
  EXPECT_EQ(hospital.hds_certificates_size(), 0);
  EXPECT_EQ(hospital.processing_activities(0).role(), v1::GDPR_ROLE_CONTROLLER);
  EXPECT_EQ(StarterDossier("clinic", Language::kEn)->organization().kind(), v1::ORGANIZATION_KIND_PRIVATE_CLINIC);
  const v1::Dossier host = *StarterDossier("hds-host", Language::kEn);
  EXPECT_EQ(host.organization().kind(), v1::ORGANIZATION_KIND_HEALTH_DATA_HOST);
  EXPECT_TRUE(host.organization().hosts_health_data_for_others());
  ASSERT_EQ(host.hds_certificates_size(), 1);
  EXPECT_EQ(host.hds_certificates(0).referential_version(), v1::HDS_REFERENTIAL_VERSION_V2);
  EXPECT_FALSE(host.hds_certificates(0).has_issued_at());
  EXPECT_EQ(host.processing_activities(0).role(), v1::GDPR_ROLE_PROCESSOR);
  EXPECT_TRUE(host.isms().has_administration_access());
}

TEST(StarterTest, TheTextFormatCarriesNotesInTheLanguage) {
  const std::string english = *WriteStarter("hds-host", Language::kEn, io::Format::kTextproto);
  EXPECT_THAT(english, StartsWith("# Starter dossier for a health-data host (hdscheck init --profile hds-host)."));
  EXPECT_THAT(english, HasSubstr("# The register of processing activities (GDPR Art. 30)"));
  EXPECT_THAT(english, HasSubstr("  # hds_activities_performed: HDS_ACTIVITY_VIRTUAL_INFRASTRUCTURE\n"));
  EXPECT_THAT(english, HasSubstr("# processors { id: \"p-1\""));
  EXPECT_THAT(english, HasSubstr("legal_name: \"To fill in: registered legal name\"\n"));
  // The fields of a Statement of Applicability line are shown once, in its first line.
  EXPECT_THAT(english, HasSubstr("  statement_of_applicability {\n    id: \"5.1\"\n    title: \"Policies for information "
                                 "security\"\n    # applicable: true\n"));
  EXPECT_THAT(english, HasSubstr("  statement_of_applicability {\n    id: \"5.2\"\n    title: \"Information security "
                                 "roles and responsibilities\"\n  }\n"));
  for (size_t start = 0, end; start < english.size(); start = end + 1) {
    end = english.find('\n', start);
    EXPECT_LE(end - start, 118u) << english.substr(start, end - start);
  }

  const std::string french = *WriteStarter("hospital", Language::kFr, io::Format::kTextproto);
  EXPECT_THAT(french, StartsWith("# Dossier de départ pour un établissement de santé"));
  EXPECT_THAT(french, HasSubstr("legal_name: \"À compléter : raison sociale\"\n"));
  EXPECT_THAT(french, HasSubstr("# kind: ORGANIZATION_KIND_PUBLIC_HOSPITAL\n"));
  EXPECT_THAT(french, HasSubstr("# public_body: true\n"));
  EXPECT_THAT(french, Not(HasSubstr("hds_activities_performed")));
  EXPECT_THAT(french, HasSubstr("title: \"Politiques de sécurité de l'information\""));
}

TEST(StarterTest, JsonIsIndentedByTwoSpaces) {
  const std::string json = *WriteStarter("clinic", Language::kEn, io::Format::kJson);
  EXPECT_THAT(json, StartsWith("{\n  \"schema_version\": \"1\",\n  \"title\": \"To fill in: "));
  EXPECT_THAT(json, HasSubstr("\n  \"organization\": {\n    \"legal_name\": \"To fill in: registered legal name\""));
  EXPECT_EQ(*WriteStarter("clinic", Language::kEn, io::Format::kAuto), json);
}

TEST(StarterTest, RefusesAnUnknownProfile) {
  absl::StatusOr<std::string> bytes = WriteStarter("pharmacy", Language::kEn, io::Format::kJson);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bytes.status().message(),
            "no starter dossier for profile 'pharmacy' (expected hospital, clinic, hds-host)");
}

}  // namespace
}  // namespace hdsc::starter
