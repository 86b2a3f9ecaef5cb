// Replays the seed corpus of the CEL fuzz target (lib/expr/fuzz_corpus) as an ordinary test, so
// every input that once crashed the engine keeps being checked by `bazel test`.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace hdsc::expr {
namespace {

constexpr char kCorpusDir[] = "lib/expr/fuzz_corpus";

std::vector<std::filesystem::path> CorpusFiles() {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpusDir, error)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CelFuzzerReplayTest, CorpusIsPresent) {
  // The glob in BUILD.bazel and the runfiles both have to work for the replay to mean anything.
  EXPECT_GE(CorpusFiles().size(), 100u);
}

TEST(CelFuzzerReplayTest, EveryCorpusInputRuns) {
  for (const std::filesystem::path& file : CorpusFiles()) {
    SCOPED_TRACE(file.string());
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << file;
    std::stringstream contents;
    contents << in.rdbuf();
    const std::string input = contents.str();
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size()),
              0);
  }
}

TEST(CelFuzzerReplayTest, HostileInputsRun) {
  // Deep nesting must come back as an error, not a stack overflow (within the fuzz target's
  // 4096-byte input limit).
  const std::vector<std::string> inputs = {
      std::string(4000, '('), std::string(2000, '[') + std::string(2000, ']'),
      std::string(4000, '!') + "true", std::string(2000, '-') + "1",
      "a" + std::string(2000, '.') + "b", "[1,2,3].map(a, [1,2,3].map(b, [1,2,3].map(c, l)))",
      "\"\\u00", "b'\\xff", "1.0e99999", "-9223372036854775808 - 1"};
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input.substr(0, 40));
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size()),
              0);
  }
}

}  // namespace
}  // namespace hdsc::expr
