// Parses every bundled example dossier with the strict protobuf JSON parser, so that a misspelt field or enum
// name in an example fails the build's tests.
#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/model/dossier.pb.h"

namespace hdsc {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

hdsc::v1::Dossier ParseExample(const std::string& name) {
  const std::string path = "controls/examples/" + name;
  const std::string json = ReadFile(path);
  EXPECT_FALSE(json.empty()) << path << " is missing or empty";
  hdsc::v1::Dossier dossier;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(json, &dossier, options);
  EXPECT_TRUE(status.ok()) << path << ": " << status.ToString();
  return dossier;
}

TEST(ExamplesTest, UniversityHospitalParses) {
  hdsc::v1::Dossier dossier = ParseExample("university-hospital.json");
  EXPECT_EQ(dossier.organization().kind(), hdsc::v1::ORGANIZATION_KIND_PUBLIC_HOSPITAL);
  EXPECT_EQ(dossier.isms().statement_of_applicability_size(), 93);
  EXPECT_GE(dossier.isms().assets_size(), 24);
}

TEST(ExamplesTest, PrivateClinicParses) {
  hdsc::v1::Dossier dossier = ParseExample("private-clinic.json");
  EXPECT_EQ(dossier.organization().kind(), hdsc::v1::ORGANIZATION_KIND_PRIVATE_CLINIC);
  EXPECT_GT(dossier.processing_activities_size(), 0);
}

TEST(ExamplesTest, HdsHostParses) {
  hdsc::v1::Dossier dossier = ParseExample("hds-host.json");
  EXPECT_EQ(dossier.organization().kind(), hdsc::v1::ORGANIZATION_KIND_HEALTH_DATA_HOST);
  EXPECT_EQ(dossier.isms().statement_of_applicability_size(), 93);
  ASSERT_GT(dossier.hds_certificates_size(), 0);
  EXPECT_EQ(dossier.hds_certificates(0).activities_size(), 6);
}

}  // namespace
}  // namespace hdsc
