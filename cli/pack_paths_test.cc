#include "cli/pack_paths.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace hdsc::cli {
namespace {

TEST(TakeFlagValueTest, SeparateAndJoinedValues) {
  const std::vector<std::string> args = {"--rules", "a", "--rules=b", "--rules", "--other"};
  std::ostringstream err;
  std::string value;
  bool missing = false;
  size_t i = 0;
  ASSERT_TRUE(TakeFlagValue(args, &i, "--rules", "check", &value, &missing, err));
  EXPECT_EQ(value, "a");
  EXPECT_EQ(i, 1u);
  i = 2;
  ASSERT_TRUE(TakeFlagValue(args, &i, "--rules", "check", &value, &missing, err));
  EXPECT_EQ(value, "b");
  i = 4;
  EXPECT_FALSE(TakeFlagValue(args, &i, "--rules", "check", &value, &missing, err));
  EXPECT_FALSE(missing);
  const std::vector<std::string> last = {"--rules"};
  i = 0;
  ASSERT_TRUE(TakeFlagValue(last, &i, "--rules", "check", &value, &missing, err));
  EXPECT_TRUE(missing);
  EXPECT_EQ(err.str(), "hdscheck check: --rules needs a value\n");
}

TEST(DefaultRulesDirTest, PrefersTheEnvironmentVariable) {
  setenv("HDSC_RULES_DIR", "/somewhere/packs", 1);
  EXPECT_EQ(DefaultRulesDir(), "/somewhere/packs");
  unsetenv("HDSC_RULES_DIR");
}

TEST(DefaultRulesDirTest, FindsControlsInTheWorkingDirectory) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "work";
  std::filesystem::create_directories(dir / "controls" / "gdpr");
  std::ofstream(dir / "controls" / "gdpr" / "rules.textpb") << "# rules\n";
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  unsetenv("HDSC_RULES_DIR");
  EXPECT_EQ(DefaultRulesDir(), "controls");
  std::filesystem::current_path(previous);
}

}  // namespace
}  // namespace hdsc::cli
