// SHA-256 digests of the inputs of a check, recorded in reports so a reader knows exactly what was checked.
#ifndef HDSC_LIB_RULES_DIGEST_H_
#define HDSC_LIB_RULES_DIGEST_H_

#include <string>
#include <string_view>

namespace hdsc::rules {

// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace hdsc::rules

#endif  // HDSC_LIB_RULES_DIGEST_H_
