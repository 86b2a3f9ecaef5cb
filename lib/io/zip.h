// Zip archives in memory, through zlib's minizip: reading the parts of a spreadsheet (.xlsx, .ods) within limits
// that refuse zip bombs, and writing them reproducibly.
#ifndef HDSC_LIB_IO_ZIP_H_
#define HDSC_LIB_IO_ZIP_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace hdsc::io {

struct ZipLimits {
  // Entries in the central directory: more is refused before any is read.
  int64_t max_entries = 10'000;
  // Bytes all the entries read from one archive may expand to, together.
  int64_t max_total_bytes = int64_t{128} << 20;
  // An entry larger than `ratio_floor_bytes` may not expand to more than `max_ratio` times its compressed size
  // (XML compresses 5 to 50 times; deflate's own limit is about 1030).
  int64_t max_ratio = 200;
  int64_t ratio_floor_bytes = int64_t{1} << 20;
};

// An archive opened for reading. Only stored and deflated entries, not encrypted, can be read; sizes are checked
// against the limits from the central directory before an entry is inflated, and again while it is (the inflated
// output never exceeds the size the directory declares, and its CRC-32 must match).
class ZipReader {
 public:
  // Opens the archive held in `bytes`, which must outlive the reader. Errors (INVALID_ARGUMENT: not a zip
  // archive, or a corrupt directory; RESOURCE_EXHAUSTED: too many entries) name no file: the caller adds it.
  static absl::StatusOr<std::unique_ptr<ZipReader>> Open(std::string_view bytes, const ZipLimits& limits = {});
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // The entry names, in the order of the central directory (the first of duplicate names only).
  const std::vector<std::string>& names() const { return names_; }
  bool Has(std::string_view name) const;

  // The contents of entry `name`: NOT_FOUND; RESOURCE_EXHAUSTED when it is over a limit (the message says which);
  // INVALID_ARGUMENT when it is encrypted, compressed with another method than deflate, or corrupt.
  absl::StatusOr<std::string> Read(std::string_view name);

  // Bytes read so far, over every entry, as counted against `max_total_bytes`.
  int64_t total_bytes_read() const { return total_bytes_read_; }

 private:
  struct Archive;
  ZipReader(std::unique_ptr<Archive> archive, const ZipLimits& limits);

  std::unique_ptr<Archive> archive_;
  ZipLimits limits_;
  std::vector<std::string> names_;
  int64_t total_bytes_read_ = 0;
};

// Builds an archive in memory. Every entry gets the same date (1980-01-01 00:00), so the same entries give the
// same bytes.
class ZipWriter {
 public:
  ZipWriter();
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Appends an entry, deflated unless `compress` is false (an OpenDocument `mimetype` is stored).
  absl::Status Add(std::string_view name, std::string_view data, bool compress = true);
  // The archive's bytes. The writer cannot be used afterwards.
  absl::StatusOr<std::string> Finish();

 private:
  struct Archive;
  std::unique_ptr<Archive> archive_;
};

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_ZIP_H_
