#include "lib/expr/ast.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hdsc::expr {

void ExprDeleter::operator()(Expr* expr) const { expr->~Expr(); }

ExprArena::~ExprArena() {
  for (const Block& block : blocks_) ::operator delete(block.memory);
}

ExprPtr ExprArena::New() {
  if (blocks_.empty() || used_ == blocks_.back().capacity) {
    // Most expressions fit in the first block; a long one takes blocks twice as large each time.
    const size_t capacity = blocks_.empty() ? 32 : 2 * blocks_.back().capacity;
    blocks_.push_back({::operator new(capacity * sizeof(Expr)), capacity});
    used_ = 0;
  }
  Expr* expr = static_cast<Expr*>(blocks_.back().memory) + used_++;
  return ExprPtr(new (expr) Expr());
}

absl::Status IssuesStatus(std::string_view location, const std::vector<CompileIssue>& issues) {
  std::string text;
  for (const CompileIssue& issue : issues) {
    if (!text.empty()) text += '\n';
    absl::StrAppend(&text, absl::string_view(location.data(), location.size()), ":", issue.line, ":", issue.column,
                    ": ", issue.message);
  }
  return absl::InvalidArgumentError(text);
}

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

namespace {

// Escapes one code point below 0x80 or a byte, as cel-go's debug printer does.
std::string EscapeByte(unsigned char byte) {
  switch (byte) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x09:
      return "\\t";
    case 0x0A:
      return "\\n";
    case 0x0B:
      return "\\v";
    case 0x0C:
      return "\\f";
    case 0x0D:
      return "\\r";
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    default:
      return absl::StrFormat("\\x%02x", byte);
  }
}

bool NeedsEscape(unsigned char byte) {
  return byte < 0x20 || byte == 0x7F || byte == '"' || byte == '\\';
}

// Length of the valid UTF-8 sequence at `i` (a printable, non-ASCII code point), or 0.
size_t PrintableUtf8Length(std::string_view text, size_t i) {
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  uint32_t code_point = 0;
  if (lead >= 0xC2 && lead < 0xE0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead < 0xF0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead < 0xF5) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  const uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (code_point < minimum || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point < 0xE000) return 0;
  if (code_point < 0xA0 || code_point == 0xFFFD) return 0;  // C1 controls, replacement char
  return length;
}

std::string QuoteString(std::string_view text, bool bytes) {
  std::string out = bytes ? "b\"" : "\"";
  for (size_t i = 0; i < text.size();) {
    const unsigned char byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (NeedsEscape(byte)) {
        out += EscapeByte(byte);
      } else {
        out.push_back(static_cast<char>(byte));
      }
      ++i;
      continue;
    }
    const size_t length = PrintableUtf8Length(text, i);
    if (length > 0) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += EscapeByte(byte);
      ++i;
    }
  }
  out.push_back('"');
  return out;
}

// Shortest decimal digits that round-trip, as `%.*e` would print them.
std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  int precision = 1;
  std::string scientific;
  for (; precision <= 17; ++precision) {
    scientific = absl::StrFormat("%.*e", precision - 1, value);
    if (std::strtod(scientific.c_str(), nullptr) == value) break;
  }
  // `scientific` is "[-]d.ddde[+-]xx": split into digits and exponent.
  const bool negative = scientific[0] == '-';
  const size_t e = scientific.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e; ++i) {
    if (scientific[i] != '.') digits.push_back(scientific[i]);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  std::string out = negative ? "-" : "";
  const bool small = std::abs(value) < 1e6;
  if (small && exponent >= -7 + 1 && exponent < 21) {
    // Fixed notation.
    if (exponent < 0) {
      out += "0." + std::string(-exponent - 1, '0') + digits;
    } else if (static_cast<int>(digits.size()) <= exponent + 1) {
      out += digits + std::string(exponent + 1 - digits.size(), '0');
    } else {
      out += digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = std::abs(exponent);
  if (!small && magnitude < 10) out += "0";
  out += std::to_string(magnitude);
  return out;
}

class DebugWriter {
 public:
  explicit DebugWriter(const DebugAdorner* adorner) : adorner_(adorner) {}

  void Buffer(const Expr* expr) {
    if (expr == nullptr) return;
    std::visit([this](const auto& kind) { Append(kind); }, expr->kind);
    if (adorner_ != nullptr) Write(adorner_->Adorn(*expr));
  }

  std::string Take() { return std::move(content_); }

 private:
  void Append(const Constant& constant) { Write(FormatConstant(constant)); }
  void Append(const Ident& ident) { Write(ident.name); }
  void Append(const Select& select) {
    Buffer(select.operand.get());
    Write(".");
    Write(select.field);
    if (select.test_only) Write("~test-only~");
  }
  void Append(const Call& call) {
    if (call.target != nullptr) {
      Buffer(call.target.get());
      Write(".");
    }
    Write(call.function);
    Write("(");
    if (!call.args.empty()) {
      ++indent_;
      NewLine();
      for (size_t i = 0; i < call.args.size(); ++i) {
        if (i > 0) {
          Write(",");
          NewLine();
        }
        Buffer(call.args[i].get());
      }
      --indent_;
      NewLine();
    }
    Write(")");
  }
  void Append(const CreateList& list) {
    Write("[");
    if (!list.elements.empty()) {
      NewLine();
      ++indent_;
      for (size_t i = 0; i < list.elements.size(); ++i) {
        if (i > 0) {
          Write(",");
          NewLine();
        }
        Buffer(list.elements[i].get());
      }
      --indent_;
      NewLine();
    }
    Write("]");
  }
  void Append(const CreateStruct& create) {
    Write(create.message_name);
    Write("{");
    if (!create.entries.empty()) {
      NewLine();
      ++indent_;
      for (size_t i = 0; i < create.entries.size(); ++i) {
        const CreateStruct::Entry& entry = create.entries[i];
        if (i > 0) {
          Write(",");
          NewLine();
        }
        if (entry.optional) Write("?");
        if (entry.key == nullptr) {
          Write(entry.field);
        } else {
          Buffer(entry.key.get());
        }
        Write(":");
        Buffer(entry.value.get());
        if (adorner_ != nullptr) Write(adorner_->AdornEntry(entry));
      }
      --indent_;
      NewLine();
    }
    Write("}");
  }
  void Append(const Comprehension& comprehension) {
    Write("__comprehension__(");
    ++indent_;
    NewLine();
    Write("// Variable");
    NewLine();
    Write(comprehension.iter_var);
    Write(",");
    NewLine();
    if (!comprehension.iter_var2.empty()) {
      Write("// Variable2");
      NewLine();
      Write(comprehension.iter_var2);
      Write(",");
      NewLine();
    }
    Write("// Target");
    NewLine();
    Buffer(comprehension.iter_range.get());
    Write(",");
    NewLine();
    Write("// Accumulator");
    NewLine();
    Write(comprehension.accu_var);
    Write(",");
    NewLine();
    Write("// Init");
    NewLine();
    Buffer(comprehension.accu_init.get());
    Write(",");
    NewLine();
    Write("// LoopCondition");
    NewLine();
    Buffer(comprehension.loop_condition.get());
    Write(",");
    NewLine();
    Write("// LoopStep");
    NewLine();
    Buffer(comprehension.loop_step.get());
    Write(",");
    NewLine();
    Write("// Result");
    NewLine();
    Buffer(comprehension.result.get());
    Write(")");
    --indent_;
  }

  void Write(std::string_view text) {
    if (line_start_) {
      line_start_ = false;
      content_.append(2 * indent_, ' ');
    }
    content_.append(text);
  }
  void NewLine() {
    content_ += "\n";
    line_start_ = true;
  }

  const DebugAdorner* adorner_;
  std::string content_;
  int indent_ = 0;
  bool line_start_ = true;
};

}  // namespace

std::string FormatConstant(const Constant& constant) {
  struct Formatter {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool value) const { return value ? "true" : "false"; }
    std::string operator()(int64_t value) const { return std::to_string(value); }
    std::string operator()(uint64_t value) const { return std::to_string(value) + "u"; }
    std::string operator()(double value) const { return FormatDouble(value); }
    std::string operator()(const std::string& value) const { return QuoteString(value, false); }
    std::string operator()(const Bytes& value) const { return QuoteString(value.value, true); }
  };
  return std::visit(Formatter(), constant);
}

std::string DebugString(const Expr& expr, const DebugAdorner* adorner) {
  DebugWriter writer(adorner);
  writer.Buffer(&expr);
  return writer.Take();
}

}  // namespace hdsc::expr
