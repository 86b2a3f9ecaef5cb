// UTF-8: encoding and validation.
#ifndef HDSC_LIB_BASE_UTF8_H_
#define HDSC_LIB_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hdsc::base {

// Appends `code_point` to `out` as UTF-8 (1 to 4 bytes).
// Precondition: `code_point` is at most U+10FFFF and not a surrogate.
void AppendUtf8(uint32_t code_point, std::string* out);

// The length (1 to 4) of the well-formed UTF-8 sequence at `text[at]` (as `FirstInvalidUtf8` judges it), with its
// code point in `*code_point`; 0 when none starts there.
size_t DecodeUtf8(std::string_view text, size_t at, uint32_t* code_point);

// The offset of the first byte of `text` that does not start a well-formed UTF-8 sequence (RFC 3629: no overlong
// form, no surrogate, nothing above U+10FFFF, no truncated sequence); `std::string_view::npos` when all of it is
// well formed.
size_t FirstInvalidUtf8(std::string_view text);

// Whether `c` is a UTF-8 continuation byte (10xxxxxx).
inline bool IsUtf8ContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_UTF8_H_
