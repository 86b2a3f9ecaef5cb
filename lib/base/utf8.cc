#include "lib/base/utf8.h"

#include <cstdint>
#include <cstring>

namespace hdsc::base {

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

size_t DecodeUtf8(std::string_view text, size_t at, uint32_t* code_point) {
  if (at >= text.size()) return 0;
  const unsigned char c = static_cast<unsigned char>(text[at]);
  if (c < 0x80) {
    *code_point = c;
    return 1;
  }
  size_t length = 0;
  unsigned char low = 0x80;  // the range of the second byte, which rules out overlong forms and surrogates
  unsigned char high = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  const unsigned char second = static_cast<unsigned char>(text[at + 1]);
  if (second < low || second > high) return 0;
  uint32_t value = c & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if (!IsUtf8ContinuationByte(text[at + k])) return 0;
    value = (value << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  }
  *code_point = value;
  return length;
}

size_t FirstInvalidUtf8(std::string_view text) {
  size_t i = 0;
  uint32_t code_point;
  while (i < text.size()) {
    // Eight ASCII bytes at a time: most of a pack or an expression is.
    while (i + 8 <= text.size()) {
      uint64_t eight;
      std::memcpy(&eight, text.data() + i, 8);
      if ((eight & 0x8080808080808080u) != 0) break;
      i += 8;
    }
    if (i == text.size()) break;
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t length = DecodeUtf8(text, i, &code_point);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace hdsc::base
