// Rule messages with interpolated CEL expressions: "Breach ${record.id} was notified after ${hours} h".
#ifndef HDSC_LIB_CHECK_MESSAGE_TEMPLATE_H_
#define HDSC_LIB_CHECK_MESSAGE_TEMPLATE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace hdsc::check {

// One piece of a message template: literal text, or the source of an expression to evaluate.
struct TemplatePart {
  bool is_expression = false;
  // The literal text (with `$$` unescaped), or the expression between `${` and its matching `}`.
  std::string text;
  // Byte offset of `text`'s first character in the template (for an expression: just after `${`).
  size_t offset = 0;
};

// Why a template is malformed, and where.
struct TemplateError {
  // Byte offset into the template of the offending `${`.
  size_t offset = 0;
  std::string message;
};

// Splits `text` into literal and `${expr}` parts. `$$` is a literal `$`. The closing brace of an expression is the
// first `}` outside CEL string literals that balances the braces opened inside it. INVALID_ARGUMENT
// "OFFSET: message" (a byte offset into `text`) for an unterminated or empty `${`; the same is stored in `*error`
// when `error` is not null.
absl::StatusOr<std::vector<TemplatePart>> ParseMessageTemplate(std::string_view text,
                                                               TemplateError* error = nullptr);

}  // namespace hdsc::check

#endif  // HDSC_LIB_CHECK_MESSAGE_TEMPLATE_H_
