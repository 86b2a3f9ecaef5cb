// A small JSON document builder for the writers that emit JSON other than the Report's own mapping (SARIF,
// OSCAL). Objects keep their keys in insertion order, so output is deterministic and reads in a sensible order.
#ifndef HDSC_LIB_REPORT_JSON_WRITER_H_
#define HDSC_LIB_REPORT_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hdsc::report::internal {

// A JSON value: null, boolean, integer, string, array or object.
class Json {
 public:
  enum class Kind { kNull, kBool, kInt, kString, kArray, kObject };

  Json() = default;
  static Json Bool(bool value);
  static Json Int(int64_t value);
  static Json String(std::string_view value);
  static Json Array();
  static Json Object();

  // Precondition: `kind() == kArray`. Appends and returns the new element.
  Json& Push(Json value);
  // Precondition: `kind() == kObject`. Sets `key` (replacing an earlier value) and returns the value.
  Json& Set(std::string_view key, Json value);
  // Shorthands for `Set(key, String(value))` and `Set(key, Int(value))`.
  Json& Set(std::string_view key, std::string_view value) { return Set(key, String(value)); }
  Json& Set(std::string_view key, const char* value) { return Set(key, String(value)); }
  Json& SetInt(std::string_view key, int64_t value) { return Set(key, Int(value)); }

  Kind kind() const { return kind_; }
  bool empty() const { return items_.empty(); }

  // The document with two-space indentation and a final newline at the top level.
  std::string Serialize() const;

 private:
  void AppendTo(std::string* out, int indent) const;

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  std::string string_;
  // Array elements (empty keys) or object members.
  std::vector<std::pair<std::string, Json>> items_;
};

// `text` as a JSON string literal, quotes included; control characters and invalid UTF-8 bytes are escaped
// (invalid bytes as U+FFFD).
std::string JsonQuote(std::string_view text);

}  // namespace hdsc::report::internal

#endif  // HDSC_LIB_REPORT_JSON_WRITER_H_
