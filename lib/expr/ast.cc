#include "lib/expr/ast.h"

#include <cstdint>
#include <utility>

namespace hdsc::expr {

// Counts code points (UTF-8 lead bytes) up to `offset`; a newline starts a new line.
std::pair<int, int> SourceInfo::LineColumn(int32_t offset) const {
  int line = 1;
  int column = 1;
  int32_t code_point = 0;
  for (size_t i = 0; i < text.size() && code_point < offset; ++i) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    ++code_point;
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace hdsc::expr
