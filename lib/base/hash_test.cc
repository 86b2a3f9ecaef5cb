#include "lib/base/hash.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace hdsc::base {
namespace {

TEST(Sha256HexTest, MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256HexOfFileTest, HashesTheContent) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/abc.txt";
  std::ofstream(path, std::ios::binary) << "abc";
  absl::StatusOr<std::string> digest = Sha256HexOfFile(path);
  ASSERT_TRUE(digest.ok()) << digest.status();
  EXPECT_EQ(*digest, Sha256Hex("abc"));
}

TEST(Sha256HexOfFileTest, MissingFileIsNotFound) {
  EXPECT_EQ(Sha256HexOfFile("/nonexistent/file").status().code(), absl::StatusCode::kNotFound);
}

TEST(LowerHexTest, TwoDigitsAByte) {
  EXPECT_EQ(LowerHex(std::string("\x00\x0f\xab", 3)), "000fab");
}

}  // namespace
}  // namespace hdsc::base
