// Replays the seed corpus of the rule pack fuzz target (lib/check/fuzz_corpus) as an ordinary test, so every input
// that once broke pack loading keeps being checked by `bazel test`.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace hdsc::check {
namespace {

constexpr char kCorpusDir[] = "lib/check/fuzz_corpus";

int RunInput(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

TEST(PackFuzzerReplayTest, EveryCorpusInputRuns) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpusDir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  // The glob in BUILD.bazel and the runfiles both have to work for the replay to mean anything.
  ASSERT_GE(files.size(), 10u);
  for (const std::filesystem::path& file : files) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in);
    std::stringstream contents;
    contents << in.rdbuf();
    EXPECT_EQ(RunInput(contents.str()), 0);
  }
}

TEST(PackFuzzerReplayTest, HostileInputsRun) {
  const std::vector<std::string> inputs = {
      std::string(4000, '{'),
      "rule { id: \"X\" severity: LOW title { en: \"x\" } require: \"" + std::string(3000, '(') + "\" }",
      "rule { id: \"X\" severity: LOW title { en: \"x\" } message { en: \"${${${\" } require: \"true\" }",
      "rule { id: \"X\" severity: LOW title { en: \"x\" } for_each: \"....\" require: \"true\" }",
      "rule { id: \"X\" severity: LOW title { en: \"x\" } require: \"\\xff\\xfe\" }",
      "param { name: \"p\" default_value { duration_value: \"99999999999999999999d\" } }",
      "rule { require: 'a' 'b' \"c\" }",
      "framework { id: \"F\" title { en: \"F\" } requirement { id: \"R\" rule_ids: \"R\" rule_ids: \"R\" } }",
  };
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input.substr(0, 60));
    EXPECT_EQ(RunInput(input), 0);
  }
}

}  // namespace
}  // namespace hdsc::check
