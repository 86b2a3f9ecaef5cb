#include "lib/rules/common_text_format.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "lib/base/strings.h"
#include "lib/base/utf8.h"

namespace hdsc::rules {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Deeper nesting is left to TextFormat (which stops at 100).
constexpr int kMaxDepth = 50;

bool IsIdentifierStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || IsDigit(c); }

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool ReadTop(Message* message, TextLocations* locations) {
    return ReadFields(message, locations, 0) && at_ == text_.size();
  }

 private:
  // Fields until a '}' or the end of the text (left for the caller to check).
  bool ReadFields(Message* message, TextLocations* locations, int depth) {
    const Descriptor* type = message->GetDescriptor();
    const Reflection* reflection = message->GetReflection();
    while (true) {
      SkipSpace();
      if (at_ == text_.size() || text_[at_] == '}') return true;
      const size_t start = at_;
      std::string_view name;
      if (!ReadIdentifier(&name)) return false;
      const FieldDescriptor* field = type->FindFieldByName(std::string(name));
      if (field == nullptr) return false;
      // TextFormat refuses a singular field given twice and two members of one oneof.
      if (!field->is_repeated() && reflection->HasField(*message, field)) return false;
      if (field->containing_oneof() != nullptr && reflection->HasOneof(*message, field->containing_oneof())) {
        return false;
      }
      SkipSpace();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (Peek() == ':') {
          ++at_;
          SkipSpace();
        }
        if (Peek() != '{' || depth + 1 > kMaxDepth) return false;
        ++at_;
        Message* value = field->is_repeated() ? reflection->AddMessage(message, field)
                                              : reflection->MutableMessage(message, field);
        if (!ReadFields(value, locations->Record(field, start), depth + 1)) return false;
        if (Peek() != '}') return false;
        ++at_;
      } else {
        if (Peek() != ':') return false;
        ++at_;
        SkipSpace();
        if (field->is_repeated() && Peek() == '[') {
          if (!ReadScalarList(message, reflection, field)) return false;
        } else if (!ReadScalar(message, reflection, field)) {
          return false;
        }
        locations->Record(field, start);
      }
      SkipSpace();
      if (Peek() == ';' || Peek() == ',') ++at_;
    }
  }

  // `[a, b, ...]`, possibly empty: values of a repeated field.
  bool ReadScalarList(Message* message, const Reflection* reflection, const FieldDescriptor* field) {
    ++at_;
    SkipSpace();
    if (Peek() == ']') {
      ++at_;
      return true;
    }
    while (true) {
      if (!ReadScalar(message, reflection, field)) return false;
      SkipSpace();
      if (Peek() == ']') {
        ++at_;
        return true;
      }
      if (Peek() != ',') return false;
      ++at_;
      SkipSpace();
    }
  }

  bool ReadScalar(Message* message, const Reflection* reflection, const FieldDescriptor* field) {
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: {
        if (field->type() != FieldDescriptor::TYPE_STRING) return false;
        // Decoded into a buffer kept from string to string, then copied at its size: the message keeps the
        // string, and one grown by appends would keep its spare capacity too.
        string_.clear();
        if (!ReadStrings(&string_)) return false;
        // TextFormat does not check, but this reader only claims what it is sure of.
        if (base::FirstInvalidUtf8(string_) != std::string_view::npos) return false;
        repeated ? reflection->AddString(message, field, string_) : reflection->SetString(message, field, string_);
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        std::string_view name;
        if (!ReadIdentifier(&name)) return false;
        const EnumValueDescriptor* value = field->enum_type()->FindValueByName(std::string(name));
        if (value == nullptr) return false;
        repeated ? reflection->AddEnum(message, field, value) : reflection->SetEnum(message, field, value);
        return true;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        std::string_view name;
        if (!ReadIdentifier(&name) || (name != "true" && name != "false")) return false;
        repeated ? reflection->AddBool(message, field, name == "true")
                 : reflection->SetBool(message, field, name == "true");
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        return ReadInteger(message, reflection, field);
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        std::string_view number;
        if (!ReadNumber(/*decimals=*/true, &number)) return false;
        double value = 0;
        if (!absl::SimpleAtod(base::AsAbsl(number), &value)) return false;
        repeated ? reflection->AddDouble(message, field, value) : reflection->SetDouble(message, field, value);
        return true;
      }
      default:  // float: TextFormat narrows its own way
        return false;
    }
  }

  bool ReadInteger(Message* message, const Reflection* reflection, const FieldDescriptor* field) {
    std::string_view number;
    if (!ReadNumber(/*decimals=*/false, &number)) return false;
    const bool repeated = field->is_repeated();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int32_t value = 0;
        if (!absl::SimpleAtoi(base::AsAbsl(number), &value)) return false;
        repeated ? reflection->AddInt32(message, field, value) : reflection->SetInt32(message, field, value);
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t value = 0;
        if (!absl::SimpleAtoi(base::AsAbsl(number), &value)) return false;
        repeated ? reflection->AddInt64(message, field, value) : reflection->SetInt64(message, field, value);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint32_t value = 0;
        if (number[0] == '-' || !absl::SimpleAtoi(base::AsAbsl(number), &value)) return false;
        repeated ? reflection->AddUInt32(message, field, value) : reflection->SetUInt32(message, field, value);
        return true;
      }
      default: {
        uint64_t value = 0;
        if (number[0] == '-' || !absl::SimpleAtoi(base::AsAbsl(number), &value)) return false;
        repeated ? reflection->AddUInt64(message, field, value) : reflection->SetUInt64(message, field, value);
        return true;
      }
    }
  }

  // A decimal number: an optional '-' right before the digits, no leading zero (TextFormat reads octal), with
  // `decimals` a fraction after a '.', and then no character that would make it another token.
  bool ReadNumber(bool decimals, std::string_view* number) {
    const size_t start = at_;
    if (Peek() == '-') ++at_;
    const size_t digits = at_;
    while (IsDigit(Peek())) ++at_;
    const size_t count = at_ - digits;
    // Up to 18 digits: longer integers TextFormat may refuse as out of range, or read as a double its own way.
    if (count == 0 || count > 18 || (text_[digits] == '0' && count > 1)) return false;
    if (decimals && Peek() == '.') {
      ++at_;
      const size_t fraction = at_;
      while (IsDigit(Peek())) ++at_;
      if (at_ == fraction) return false;
    }
    if (IsIdentifierChar(Peek()) || Peek() == '.') return false;
    *number = text_.substr(start, at_ - start);
    return true;
  }

  bool ReadIdentifier(std::string_view* name) {
    if (!IsIdentifierStart(Peek())) return false;
    const size_t start = at_;
    while (IsIdentifierChar(Peek())) ++at_;
    *name = text_.substr(start, at_ - start);
    return true;
  }

  // One or more quoted strings, joined, as TextFormat joins adjacent literals.
  bool ReadStrings(std::string* value) {
    if (Peek() != '"' && Peek() != '\'') return false;
    while (Peek() == '"' || Peek() == '\'') {
      if (!ReadString(value)) return false;
      SkipSpace();
    }
    return true;
  }

  bool ReadString(std::string* value) {
    const char quote = text_[at_++];
    while (true) {
      // The text up to the quote, a backslash or a line break (which ends no string), found by memchr.
      const char* const start = text_.data() + at_;
      const char* stop = static_cast<const char*>(std::memchr(start, quote, text_.size() - at_));
      if (stop == nullptr) return false;
      for (const char c : {'\\', '\n'}) {
        if (const void* found = std::memchr(start, c, static_cast<size_t>(stop - start))) {
          stop = static_cast<const char*>(found);
        }
      }
      value->append(start, static_cast<size_t>(stop - start));
      at_ = static_cast<size_t>(stop - text_.data());
      if (text_[at_] == '\n') return false;
      if (text_[at_++] == quote) return true;
      // The one-letter escapes and the quotes and backslash; the numeric ones and '\?' are left to TextFormat.
      const char escaped = Peek();
      if (const char decoded = OneLetterEscape(escaped)) {
        value->push_back(decoded);
      } else if (escaped == '\\' || escaped == '\'' || escaped == '"') {
        value->push_back(escaped);
      } else {
        return false;
      }
      ++at_;
    }
  }

  // Whitespace and '#' comments, as TextFormat's tokenizer skips them.
  void SkipSpace() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
        ++at_;
      } else if (c == '#') {
        while (at_ < text_.size() && text_[at_] != '\n') ++at_;
      } else {
        return;
      }
    }
  }

  char Peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  std::string_view text_;
  size_t at_ = 0;
  std::string string_;  // the string value being read
};

}  // namespace

const TextLocations::Entry* TextLocations::Find(const FieldDescriptor* field, int index) const {
  for (const Entry& entry : entries_) {
    if (entry.field == field && entry.index == index) return &entry;
  }
  return nullptr;
}

size_t TextLocations::Offset(const FieldDescriptor* field, int index) const {
  const Entry* entry = Find(field, index);
  return entry == nullptr ? kNotWritten : entry->offset;
}

const TextLocations* TextLocations::Nested(const FieldDescriptor* field, int index) const {
  const Entry* entry = Find(field, index);
  return entry == nullptr ? nullptr : entry->nested.get();
}

TextLocations* TextLocations::Record(const FieldDescriptor* field, size_t offset) {
  int index = -1;
  if (field->is_repeated()) {
    index = 0;
    for (const Entry& entry : entries_) index += entry.field == field;
  }
  std::unique_ptr<TextLocations> nested;
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) nested = std::make_unique<TextLocations>();
  entries_.push_back({field, index, offset, std::move(nested)});
  return entries_.back().nested.get();
}

TextLocations TextLocations::FromParseInfoTree(const google::protobuf::TextFormat::ParseInfoTree& tree,
                                               const Message& message, const io::SourceText& source) {
  TextLocations locations;
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const int index = field->is_repeated() ? i : -1;
      const google::protobuf::TextFormat::ParseLocation location = tree.GetLocation(field, index);
      if (location.line < 0) continue;
      TextLocations* nested = locations.Record(field, source.OffsetOfTokenizerPosition(location.line, location.column));
      const google::protobuf::TextFormat::ParseInfoTree* nested_tree = tree.GetTreeForNested(field, index);
      if (nested != nullptr && nested_tree != nullptr) {
        const Message& value = field->is_repeated() ? reflection->GetRepeatedMessage(message, field, i)
                                                    : reflection->GetMessage(message, field);
        *nested = FromParseInfoTree(*nested_tree, value, source);
      }
    }
  }
  return locations;
}

bool ReadCommonTextFormat(std::string_view text, Message* message, TextLocations* locations) {
  // TextFormat's tokenizer refuses a NUL byte anywhere, in a comment or a string too.
  if (text.find('\0') != std::string_view::npos) return false;
  return Reader(text).ReadTop(message, locations);
}

}  // namespace hdsc::rules
