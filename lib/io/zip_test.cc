#include "lib/io/zip.h"

#include <string>

#include "gtest/gtest.h"

namespace hdsc::io {
namespace {

std::string Archive(const std::vector<std::pair<std::string, std::string>>& entries, bool compress = true) {
  ZipWriter writer;
  for (const auto& [name, data] : entries) EXPECT_TRUE(writer.Add(name, data, compress).ok());
  absl::StatusOr<std::string> bytes = writer.Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return *bytes;
}

// The offset of the first occurrence of a 4-byte signature ("PK\1\2": a central directory record).
size_t Find(const std::string& bytes, const char* signature) { return bytes.find(std::string(signature, 4)); }

TEST(ZipTest, RoundTripsStoredAndDeflatedEntries) {
  const std::string big(100000, 'x');
  for (bool compress : {false, true}) {
    const std::string bytes = Archive({{"mimetype", "text/plain"}, {"dir/big.txt", big}, {"empty", ""}}, compress);
    absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
    ASSERT_TRUE(reader.ok()) << reader.status();
    EXPECT_EQ((*reader)->names(), (std::vector<std::string>{"mimetype", "dir/big.txt", "empty"}));
    EXPECT_TRUE((*reader)->Has("dir/big.txt"));
    EXPECT_FALSE((*reader)->Has("dir"));
    EXPECT_EQ(*(*reader)->Read("mimetype"), "text/plain");
    EXPECT_EQ(*(*reader)->Read("dir/big.txt"), big);
    EXPECT_EQ(*(*reader)->Read("empty"), "");
    EXPECT_EQ((*reader)->total_bytes_read(), 10 + 100000);
    EXPECT_EQ((*reader)->Read("missing").status().code(), absl::StatusCode::kNotFound);
  }
}

TEST(ZipTest, SameEntriesGiveSameBytes) {
  EXPECT_EQ(Archive({{"a", "1"}, {"b", "2"}}), Archive({{"a", "1"}, {"b", "2"}}));
}

TEST(ZipTest, RefusesWhatIsNotAnArchive) {
  for (const std::string& bytes : {std::string(), std::string("PK\3\4 not really"), std::string(1000, 'z')}) {
    absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  }
  // Cut in the middle: the central directory is gone.
  const std::string bytes = Archive({{"a", std::string(1000, 'a')}});
  EXPECT_FALSE(ZipReader::Open(bytes.substr(0, bytes.size() / 2)).ok());
}

TEST(ZipTest, RefusesTooManyEntries) {
  ZipLimits limits;
  limits.max_entries = 3;
  const std::string bytes = Archive({{"a", ""}, {"b", ""}, {"c", ""}, {"d", ""}});
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes, limits);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(reader.status().message().find("4 entries"), std::string::npos) << reader.status();
}

TEST(ZipTest, RefusesAZipBombByRatio) {
  // 8 MiB of zeros deflate to about 8 KiB: a ratio of about 1000.
  const std::string bytes = Archive({{"bomb.xml", std::string(8 << 20, '\0')}});
  ASSERT_LT(bytes.size(), 64u << 10);
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<std::string> read = (*reader)->Read("bomb.xml");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(read.status().message().find("more than 200 times"), std::string::npos) << read.status();
  EXPECT_EQ((*reader)->total_bytes_read(), 0);
}

TEST(ZipTest, RefusesMoreThanTheTotalUncompressedSize) {
  ZipLimits limits;
  limits.max_total_bytes = 150'000;
  const std::string bytes = Archive({{"a", std::string(100'000, 'a')}, {"b", std::string(100'000, 'b')}}, false);
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes, limits);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE((*reader)->Read("a").ok());
  absl::StatusOr<std::string> second = (*reader)->Read("b");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kResourceExhausted);
  // Reading the same entry again counts again: an archive whose records all point at one entry gains nothing.
  EXPECT_FALSE((*reader)->Read("a").ok());
}

TEST(ZipTest, RefusesEncryptedEntries) {
  std::string bytes = Archive({{"secret", "data"}}, false);
  bytes[Find(bytes, "PK\3\4") + 6] |= 1;
  bytes[Find(bytes, "PK\1\2") + 8] |= 1;
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<std::string> read = (*reader)->Read("secret");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("encrypted"), std::string::npos) << read.status();
}

TEST(ZipTest, RefusesOtherCompressionMethods) {
  std::string bytes = Archive({{"x", "data"}}, false);
  bytes[Find(bytes, "PK\3\4") + 8] = 12;  // bzip2
  bytes[Find(bytes, "PK\1\2") + 10] = 12;
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<std::string> read = (*reader)->Read("x");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("method 12"), std::string::npos) << read.status();
}

TEST(ZipTest, RefusesDamagedData) {
  std::string bytes = Archive({{"x", "some data to damage"}}, false);
  const size_t data = bytes.find("some data");
  bytes[data] = 'S';
  absl::StatusOr<std::unique_ptr<ZipReader>> reader = ZipReader::Open(bytes);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<std::string> read = (*reader)->Read("x");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(read.status().message().find("CRC"), std::string::npos) << read.status();
}

}  // namespace
}  // namespace hdsc::io
