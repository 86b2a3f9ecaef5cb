#include "lib/check/message_template.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace hdsc::check {
namespace {

// The offset of the `}` that closes an expression starting at `start`, or npos. Skips CEL string literals
// ('...', "...", and their triple-quoted forms) so that a brace inside a string does not count.
size_t FindClosingBrace(std::string_view text, size_t start) {
  int depth = 0;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const bool triple = text.substr(i, 3) == std::string(3, c);
      const std::string quote = triple ? std::string(3, c) : std::string(1, c);
      size_t j = i + quote.size();
      while (j < text.size() && text.substr(j, quote.size()) != quote) j += text[j] == '\\' ? 2 : 1;
      if (j >= text.size()) return std::string_view::npos;
      i = j + quote.size() - 1;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

absl::StatusOr<std::vector<TemplatePart>> ParseMessageTemplate(std::string_view text, TemplateError* error) {
  auto fail = [error](size_t offset, std::string message) {
    absl::Status status = absl::InvalidArgumentError(absl::StrCat(offset, ": ", message));
    if (error != nullptr) *error = TemplateError{offset, std::move(message)};
    return status;
  };
  std::vector<TemplatePart> parts;
  TemplatePart literal;
  auto flush_literal = [&]() {
    if (!literal.text.empty()) parts.push_back(std::move(literal));
    literal = TemplatePart();
  };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      if (literal.text.empty()) literal.offset = i;
      literal.text.push_back('$');
      i += 2;
      continue;
    }
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const size_t start = i + 2;
      const size_t end = FindClosingBrace(text, start);
      if (end == std::string_view::npos) {
        return fail(i, "'${' without a matching '}'");
      }
      if (text.substr(start, end - start).find_first_not_of(" \t\n") == std::string_view::npos) {
        return fail(i, "empty '${}'");
      }
      flush_literal();
      parts.push_back({true, std::string(text.substr(start, end - start)), start});
      i = end + 1;
      continue;
    }
    if (literal.text.empty()) literal.offset = i;
    literal.text.push_back(text[i]);
    ++i;
  }
  flush_literal();
  return parts;
}

}  // namespace hdsc::check
