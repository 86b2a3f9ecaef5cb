// SHA-256 digests as hex: of the inputs of a check (recorded in reports so a reader knows exactly what was
// checked), of reports (signatures) and of evidence files.
#ifndef HDSC_LIB_BASE_HASH_H_
#define HDSC_LIB_BASE_HASH_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace hdsc::base {

// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

// The SHA-256 of the file at `path` as 64 lower-case hex digits, read in blocks; NOT_FOUND or DATA_LOSS
// naming the path.
absl::StatusOr<std::string> Sha256HexOfFile(const std::string& path);

// `bytes` as lower-case hex digits, two a byte.
std::string LowerHex(std::string_view bytes);

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_HASH_H_
