// Round-trips a dossier through the protobuf JSON mapping, the form dossiers are written in.
#include <string>

#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "lib/model/dossier.pb.h"

namespace hdsc {
namespace {

using ::google::protobuf::util::JsonParseOptions;
using ::google::protobuf::util::JsonPrintOptions;
using ::google::protobuf::util::JsonStringToMessage;
using ::google::protobuf::util::MessageToJsonString;
using ::google::protobuf::util::MessageDifferencer;

constexpr char kDossierJson[] = R"json({
  "schema_version": "1",
  "as_of": "2026-11-01T00:00:00Z",
  "organization": {
    "legal_name": "Centre hospitalier d'exemple",
    "kind": "ORGANIZATION_KIND_PUBLIC_HOSPITAL",
    "public_body": true,
    "dpo": {"name": "A. Martin", "declared_to_cnil": false}
  },
  "isms": {
    "statement_of_applicability": [
      {"id": "8.13", "applicable": true, "implementation_status": "IMPLEMENTATION_STATUS_IMPLEMENTED",
       "evidence_ids": ["ev-backup"]}
    ],
    "assets": [
      {"id": "pacs", "kind": "ASSET_KIND_APPLICATION", "end_of_support": "2025-10-14T00:00:00Z",
       "mfa_admin": false, "encryption_in_transit": {"min_tls_version": "TLS_VERSION_1_0"}}
    ],
    "backups": [{"id": "bk-1", "asset_ids": ["pacs"], "frequency": "86400s"}]
  },
  "processing_activities": [
    {"id": "pa-1", "role": "GDPR_ROLE_CONTROLLER", "legal_basis": "LEGAL_BASIS_PUBLIC_TASK",
     "art9_condition": "ART9_CONDITION_HEALTH_OR_SOCIAL_CARE",
     "data_categories": ["DATA_CATEGORY_HEALTH", "DATA_CATEGORY_INS"],
     "transfers": [{"country": "US", "safeguard": "TRANSFER_SAFEGUARD_ART49_DEROGATION"}]}
  ],
  "breaches": [{"id": "br-1", "aware_at": "2026-02-02T08:00:00Z", "risk_level": "RISK_LEVEL_HIGH"}],
  "evidence": [{"id": "ev-backup", "sha256": "00ff"}]
})json";

hdsc::v1::Dossier ParseOrDie(const std::string& json) {
  hdsc::v1::Dossier dossier;
  JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = JsonStringToMessage(json, &dossier, options);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return dossier;
}

TEST(DossierTest, ParsesSnakeCaseJson) {
  hdsc::v1::Dossier dossier = ParseOrDie(kDossierJson);
  EXPECT_EQ(dossier.organization().kind(), hdsc::v1::ORGANIZATION_KIND_PUBLIC_HOSPITAL);
  ASSERT_EQ(dossier.isms().assets_size(), 1);
  const hdsc::v1::Asset& pacs = dossier.isms().assets(0);
  EXPECT_EQ(pacs.end_of_support().seconds(), 1760400000);
  EXPECT_EQ(pacs.encryption_in_transit().min_tls_version(), hdsc::v1::TLS_VERSION_1_0);
  EXPECT_EQ(dossier.isms().backups(0).frequency().seconds(), 86400);
  EXPECT_EQ(dossier.processing_activities(0).transfers(0).safeguard(),
            hdsc::v1::TRANSFER_SAFEGUARD_ART49_DEROGATION);
}

TEST(DossierTest, ExplicitFalseDiffersFromUnknown) {
  hdsc::v1::Dossier dossier = ParseOrDie(kDossierJson);
  const hdsc::v1::Asset& pacs = dossier.isms().assets(0);
  EXPECT_TRUE(pacs.has_mfa_admin());
  EXPECT_FALSE(pacs.mfa_admin());
  EXPECT_FALSE(pacs.has_mfa_remote_access());
  EXPECT_TRUE(dossier.organization().dpo().has_declared_to_cnil());
  EXPECT_FALSE(dossier.organization().dpo().has_contact_published());
}

TEST(DossierTest, RoundTripsThroughJson) {
  hdsc::v1::Dossier original = ParseOrDie(kDossierJson);
  JsonPrintOptions print;
  print.preserve_proto_field_names = true;
  std::string printed;
  ASSERT_TRUE(MessageToJsonString(original, &printed, print).ok());
  EXPECT_NE(printed.find("\"end_of_support\""), std::string::npos);
  EXPECT_NE(printed.find("\"TLS_VERSION_1_0\""), std::string::npos);
  hdsc::v1::Dossier reparsed = ParseOrDie(printed);
  EXPECT_TRUE(MessageDifferencer::Equals(original, reparsed)) << printed;
}

TEST(DossierTest, RejectsUnknownFieldsAndEnumNames) {
  hdsc::v1::Dossier dossier;
  EXPECT_FALSE(JsonStringToMessage(R"({"organisation": {}})", &dossier).ok());
  EXPECT_FALSE(
      JsonStringToMessage(R"({"organization": {"kind": "PUBLIC_HOSPITAL"}})", &dossier).ok());
}

}  // namespace
}  // namespace hdsc
