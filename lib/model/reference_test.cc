#include "lib/model/reference.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/model/rules.pb.h"

namespace hdsc::model {
namespace {

TEST(AnnexAControlsTest, HasTheNinetyThreeControlsByTheme) {
  const std::vector<AnnexAControl>& controls = AnnexAControls();
  ASSERT_EQ(controls.size(), 93u);
  std::map<char, int> per_theme;
  std::set<std::string_view> ids;
  for (const AnnexAControl& control : controls) {
    ++per_theme[control.id[0]];
    EXPECT_TRUE(ids.insert(control.id).second) << "duplicate " << control.id;
    EXPECT_FALSE(control.title.empty()) << control.id;
    EXPECT_TRUE(IsAnnexAControl(control.id)) << control.id;
  }
  EXPECT_EQ(per_theme['5'], 37);
  EXPECT_EQ(per_theme['6'], 8);
  EXPECT_EQ(per_theme['7'], 14);
  EXPECT_EQ(per_theme['8'], 34);
}

TEST(AnnexAControlsTest, KnowsTitles) {
  const std::vector<AnnexAControl>& controls = AnnexAControls();
  EXPECT_EQ(controls.front().id, "5.1");
  EXPECT_EQ(controls.front().title, "Policies for information security");
  EXPECT_EQ(controls.back().id, "8.34");
  EXPECT_EQ(controls.back().title, "Protection of information systems during audit testing");
}

// The starter dossier's Statement of Applicability (lib/starter) and the ISO27001_2022 framework of the packs name
// the controls alike, in both languages.
TEST(AnnexAControlsTest, TitlesAreThoseOfTheFramework) {
  std::ifstream file("controls/iso27001/framework.textpb");
  ASSERT_TRUE(file) << "controls/iso27001/framework.textpb not in the runfiles";
  std::stringstream text;
  text << file.rdbuf();
  v1::Pack pack;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text.str(), &pack));
  ASSERT_EQ(pack.framework_size(), 1);
  std::map<std::string, const v1::Requirement*> requirements;
  for (const v1::Requirement& requirement : pack.framework(0).requirement()) requirements[requirement.id()] = &requirement;
  for (const AnnexAControl& control : AnnexAControls()) {
    auto it = requirements.find("A." + std::string(control.id));
    ASSERT_NE(it, requirements.end()) << control.id;
    EXPECT_EQ(it->second->title().en(), control.title) << control.id;
    EXPECT_EQ(it->second->title().fr(), control.title_fr) << control.id;
  }
}

TEST(IsAnnexAControlTest, RefusesOtherForms) {
  EXPECT_TRUE(IsAnnexAControl("8.13"));
  EXPECT_TRUE(IsAnnexAControl("5.37"));
  EXPECT_FALSE(IsAnnexAControl("5.38"));
  EXPECT_FALSE(IsAnnexAControl("8.35"));
  EXPECT_FALSE(IsAnnexAControl("6.9"));
  EXPECT_FALSE(IsAnnexAControl("A.8.13"));
  EXPECT_FALSE(IsAnnexAControl("8.13.1"));
  EXPECT_FALSE(IsAnnexAControl("12.3.1"));  // ISO 27001:2013
  EXPECT_FALSE(IsAnnexAControl("9.1"));
  EXPECT_FALSE(IsAnnexAControl(""));
}

TEST(IsIso3166Alpha2Test, AcceptsAssignedCodes) {
  for (const char* code : {"AD", "FR", "DE", "GB", "US", "CH", "RE", "GP", "ZW",
                           "AX", "SS", "BQ"}) {
    EXPECT_TRUE(IsIso3166Alpha2(code)) << code;
  }
}

TEST(IsIso3166Alpha2Test, RefusesUnassignedAndMalformedCodes) {
  for (const char* code : {"UK", "EL", "EU", "XK", "ZZ", "AA", "fr", "Fr", "FRA", "F", "", "F1"}) {
    EXPECT_FALSE(IsIso3166Alpha2(code)) << code;
  }
}

}  // namespace
}  // namespace hdsc::model
