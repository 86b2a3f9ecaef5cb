#include "bench/synthetic_dossier.h"

#include "gtest/gtest.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/io/load.h"

namespace hdsc::bench {
namespace {

TEST(SyntheticDossierTest, HasTheRequestedNumberOfRecordsOfEveryKind) {
  const v1::Dossier dossier = SyntheticDossier(1000);
  const int64_t records = dossier.processing_activities_size() + dossier.isms().assets_size() +
                          dossier.isms().backups_size() + dossier.processors_size() + dossier.breaches_size() +
                          dossier.data_subject_requests_size() + dossier.evidence_size() +
                          dossier.isms().network_zones_size() + dossier.isms().statement_of_applicability_size();
  EXPECT_EQ(records, 1000);
  EXPECT_GT(dossier.processing_activities_size(), 0);
  EXPECT_GT(dossier.isms().backups_size(), 0);
  EXPECT_GT(dossier.processors_size(), 0);
  EXPECT_GT(dossier.breaches_size(), 0);
  EXPECT_GT(dossier.evidence_size(), 0);
  EXPECT_GT(dossier.isms().network_zones_size(), 0);
  EXPECT_GT(dossier.isms().statement_of_applicability_size(), 0);
}

// The joins of the bundled rules need records that refer to each other; the loader checks that every id resolves.
TEST(SyntheticDossierTest, RecordsReferToEachOther) {
  const v1::Dossier dossier = SyntheticDossier(1000);
  int activities_with_processors = 0;
  for (const v1::ProcessingActivity& activity : dossier.processing_activities()) {
    if (activity.processor_ids_size() > 0) ++activities_with_processors;
  }
  EXPECT_EQ(activities_with_processors, dossier.processing_activities_size());
  for (const v1::Breach& breach : dossier.breaches()) EXPECT_GT(breach.processing_activity_ids_size(), 0);
  for (const v1::Backup& backup : dossier.isms().backups()) EXPECT_GT(backup.asset_ids_size(), 0);
  for (const v1::SoaEntry& entry : dossier.isms().statement_of_applicability()) {
    EXPECT_GT(entry.evidence_ids_size(), 0);
  }
}

TEST(SyntheticDossierTest, NamesEachAnnexAControlAtMostOnce) {
  const v1::Dossier dossier = SyntheticDossier(20'000);
  EXPECT_EQ(dossier.isms().statement_of_applicability_size(), 93);
}

TEST(SyntheticDossierTest, IsDeterministic) {
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(SyntheticDossier(500, 7), SyntheticDossier(500, 7)));
  EXPECT_FALSE(google::protobuf::util::MessageDifferencer::Equals(SyntheticDossier(500, 7), SyntheticDossier(500, 8)));
}

TEST(SyntheticDossierTest, IsAValidDossier) {
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(SyntheticDossier(2000), &json).ok());
  absl::StatusOr<io::LoadedDossier> loaded = io::LoadDossier(json, "synthetic.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (const io::Diagnostic& diagnostic : loaded->diagnostics) ADD_FAILURE() << diagnostic.ToString();
}

}  // namespace
}  // namespace hdsc::bench
