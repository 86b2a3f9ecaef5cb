#include "lib/io/json_reader.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/strings.h"
#include "google/protobuf/descriptor.h"
#include "lib/base/suggest.h"
#include "lib/io/time_text.h"

namespace hdsc::io {

using base::AsAbsl;
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;
using Kind = JsonValue::Kind;

// The key of the root object that names the document's JSON Schema, for editors; not a field.
constexpr char kSchemaKey[] = "$schema";

// Integers beyond this are not exact as doubles, so `1e20` is not accepted as an int64.
constexpr double kMaxExactDouble = 9007199254740992.0;  // 2^53

// Whether `text` is a complete JSON number (used for numbers given as strings).
bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  auto digits = [&]() {
    const size_t start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < n && text[i] == '-') ++i;
  if (i < n && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

// The integer written in a JSON number or numeric string, if it is an exact integer in [min, max].
template <typename T>
std::optional<T> ParseInteger(const JsonValue& value) {
  if (value.kind != Kind::kNumber && value.kind != Kind::kString) return std::nullopt;
  const std::string& text = value.text;
  if (value.kind == Kind::kString && !IsJsonNumber(text)) return std::nullopt;
  if (text.find_first_of(".eE") == std::string::npos) {
    T result;
    if (!absl::SimpleAtoi(text, &result)) return std::nullopt;
    if (std::is_unsigned<T>::value && !text.empty() && text[0] == '-' && result != 0) return std::nullopt;
    return result;
  }
  double d;
  if (!absl::SimpleAtod(text, &d) || !std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxExactDouble) {
    return std::nullopt;
  }
  if (d < static_cast<double>(std::numeric_limits<T>::min()) ||
      d > static_cast<double>(std::numeric_limits<T>::max())) {
    return std::nullopt;
  }
  return static_cast<T>(d);
}

// The double written in a JSON number or string ("NaN", "Infinity", "-Infinity" or a numeric string).
std::optional<double> ParseDouble(const JsonValue& value) {
  if (value.kind == Kind::kString) {
    if (value.text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (value.text == "Infinity") return std::numeric_limits<double>::infinity();
    if (value.text == "-Infinity") return -std::numeric_limits<double>::infinity();
    if (!IsJsonNumber(value.text)) return std::nullopt;
  } else if (value.kind != Kind::kNumber) {
    return std::nullopt;
  }
  double d;
  // A finite literal that overflows (1e400) is out of range, not infinity.
  if (!absl::SimpleAtod(value.text, &d) || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<float> ParseFloat(const JsonValue& value) {
  const std::optional<double> d = ParseDouble(value);
  if (!d) return std::nullopt;
  if (std::isfinite(*d) && (*d > FLT_MAX || *d < -FLT_MAX)) return std::nullopt;
  return static_cast<float>(*d);
}

// "string \"abc\"", "number 12", "true", "object", ... for error messages.
std::string Describe(const JsonValue& value) {
  constexpr size_t kMaxShown = 40;
  switch (value.kind) {
    case Kind::kString: {
      std::string shown = value.text.size() > kMaxShown ? value.text.substr(0, kMaxShown) : value.text;
      // Do not cut a UTF-8 sequence in half.
      while (!shown.empty() && shown.size() < value.text.size() &&
             (static_cast<unsigned char>(value.text[shown.size()]) & 0xC0) == 0x80) {
        shown.pop_back();
      }
      return absl::StrCat("string \"", absl::Utf8SafeCEscape(shown), shown.size() < value.text.size() ? "...\"" : "\"");
    }
    case Kind::kNumber:
      return absl::StrCat("number ", value.text.size() > kMaxShown ? value.text.substr(0, kMaxShown) + "..." : value.text);
    case Kind::kBool:
      return value.boolean ? "true" : "false";
    default:
      return std::string(JsonKindName(value.kind));
  }
}

std::string QuoteKey(std::string_view key) { return absl::StrCat("[\"", absl::Utf8SafeCEscape(AsAbsl(key)), "\"]"); }

std::string IndexPath(std::string_view path, int index) { return absl::StrCat(AsAbsl(path), "[", index, "]"); }

// "processorIds" -> "processor_ids" for FieldMask paths.
std::string CamelToSnake(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      out.push_back('_');
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The field named `key` by its proto name or, failing that, by its json_name.
const FieldDescriptor* FindField(const Descriptor* descriptor, const std::string& key) {
  if (const FieldDescriptor* field = descriptor->FindFieldByName(key)) return field;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (descriptor->field(i)->json_name() == key) return descriptor->field(i);
  }
  return nullptr;
}

bool IsWrapperType(std::string_view full_name) {
  return full_name == "google.protobuf.DoubleValue" || full_name == "google.protobuf.FloatValue" ||
         full_name == "google.protobuf.Int64Value" || full_name == "google.protobuf.UInt64Value" ||
         full_name == "google.protobuf.Int32Value" || full_name == "google.protobuf.UInt32Value" ||
         full_name == "google.protobuf.BoolValue" || full_name == "google.protobuf.StringValue" ||
         full_name == "google.protobuf.BytesValue";
}

bool IsValueType(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field->message_type()->full_name() == "google.protobuf.Value";
}

class Reader {
 public:
  Reader(std::string_view file, const JsonReadOptions& options, SourceMap* source_map,
         std::vector<Diagnostic>* diagnostics)
      : file_(file), options_(options), source_map_(source_map), diagnostics_(diagnostics) {}

  // Whether the diagnostic limit stopped reading.
  bool full() const { return full_; }

  void ReadMessage(const JsonValue& value, Message* message, const std::string& path) {
    const Descriptor* descriptor = message->GetDescriptor();
    if (ReadWellKnownType(value, message, path)) return;
    if (value.kind != Kind::kObject) {
      Error(value.location, path,
            absl::StrCat("expected an object (", descriptor->full_name(), "), got ", Describe(value)));
      return;
    }
    // Where each field was first given, to refuse the same field under its two names.
    std::map<const FieldDescriptor*, const JsonMember*> seen;
    std::map<const OneofDescriptor*, const JsonMember*> oneof_members;
    for (const JsonMember& member : value.members) {
      if (full_) return;
      if (path.empty() && member.key == kSchemaKey) {
        if (member.value.kind != Kind::kString) ExpectedError(member.value, kSchemaKey, "a string (a JSON Schema)");
        continue;
      }
      const FieldDescriptor* field = FindField(descriptor, member.key);
      if (field == nullptr || field->is_extension()) {
        if (!options_.allow_unknown_fields) ReportUnknownField(member, descriptor, path);
        continue;
      }
      const std::string field_path = JoinFieldPath(path, field->name());
      auto [previous, inserted] = seen.emplace(field, &member);
      if (!inserted) {
        Error(member.key_location, field_path,
              absl::StrCat("field given twice (as '", previous->second->key, "' at ",
                           previous->second->key_location.line, ":", previous->second->key_location.column,
                           " and as '", member.key, "')"));
        continue;
      }
      const bool is_null = member.value.kind == Kind::kNull && !IsValueType(field);
      if (const OneofDescriptor* oneof = field->real_containing_oneof(); oneof != nullptr && !is_null) {
        auto [other, first] = oneof_members.emplace(oneof, &member);
        if (!first) {
          Error(member.key_location, field_path,
                absl::StrCat("'", member.key, "' and '", other->second->key, "' are both in oneof '",
                             oneof->name(), "'; give only one"));
          continue;
        }
      }
      source_map_->Add(field_path, member.key_location);
      ReadField(field, member.value, message, field_path);
    }
  }

 private:
  void Error(SourceLocation location, const std::string& path, std::string message) {
    if (!AddDiagnostic(diagnostics_,
                       Diagnostic{std::string(file_), location.line, location.column, path, std::move(message)})) {
      full_ = true;
    }
  }

  // A "did you mean" costs a comparison with every candidate; past this many, problems get none, so that an
  // input full of unknown names stays fast.
  bool MaySuggest() { return suggestions_left_-- > 0; }

  void ExpectedError(const JsonValue& value, const std::string& path, std::string_view expected) {
    Error(value.location, path, absl::StrCat("expected ", AsAbsl(expected), ", got ", Describe(value)));
  }

  void ReportUnknownField(const JsonMember& member, const Descriptor* descriptor, const std::string& path) {
    std::vector<std::string> candidates;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      candidates.push_back(descriptor->field(i)->name());
      if (descriptor->field(i)->json_name() != descriptor->field(i)->name()) {
        candidates.push_back(descriptor->field(i)->json_name());
      }
    }
    std::string message = absl::StrCat("unknown field '", member.key, "' in ", descriptor->full_name());
    if (const std::optional<std::string> suggestion =
            MaySuggest() ? base::SuggestName(member.key, candidates) : std::nullopt) {
      absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
    }
    Error(member.key_location, JoinFieldPath(path, member.key), std::move(message));
  }

  void ReadField(const FieldDescriptor* field, const JsonValue& value, Message* message, const std::string& path) {
    if (value.kind == Kind::kNull && !IsValueType(field) &&
        !(field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM &&
          field->enum_type()->full_name() == "google.protobuf.NullValue")) {
      return;  // null means "not set"
    }
    if (field->is_map()) {
      ReadMap(field, value, message, path);
    } else if (field->is_repeated()) {
      if (value.kind != Kind::kArray) {
        ExpectedError(value, path, "an array");
        return;
      }
      for (size_t i = 0; i < value.elements.size() && !full_; ++i) {
        const JsonValue& element = value.elements[i];
        const std::string element_path = IndexPath(path, static_cast<int>(i));
        source_map_->Add(element_path, element.location);
        if (element.kind == Kind::kNull && !IsValueType(field)) {
          Error(element.location, element_path, "null is not allowed as an element of a repeated field");
          continue;
        }
        ReadSingleValue(field, element, message, element_path);
      }
    } else {
      ReadSingleValue(field, value, message, path);
    }
  }

  void ReadMap(const FieldDescriptor* field, const JsonValue& value, Message* message, const std::string& path) {
    if (value.kind != Kind::kObject) {
      ExpectedError(value, path, "an object (map)");
      return;
    }
    const FieldDescriptor* key_field = field->message_type()->map_key();
    const FieldDescriptor* value_field = field->message_type()->map_value();
    for (const JsonMember& member : value.members) {
      if (full_) return;
      const std::string entry_path = absl::StrCat(path, QuoteKey(member.key));
      source_map_->Add(entry_path, member.key_location);
      if (member.value.kind == Kind::kNull && !IsValueType(value_field)) {
        Error(member.value.location, entry_path, "null is not allowed as a map value");
        continue;
      }
      // Build the entry aside so that a bad key leaves nothing behind.
      std::unique_ptr<Message> entry(message->GetReflection()->GetMessageFactory()
                                         ->GetPrototype(field->message_type())
                                         ->New());
      const Reflection* entry_reflection = entry->GetReflection();
      JsonValue key_value;
      key_value.kind = Kind::kString;
      key_value.text = member.key;
      key_value.location = member.key_location;
      bool key_ok = true;
      switch (key_field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          entry_reflection->SetString(entry.get(), key_field, member.key);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          if (member.key == "true" || member.key == "false") {
            entry_reflection->SetBool(entry.get(), key_field, member.key == "true");
          } else {
            key_ok = false;
          }
          break;
        default:
          key_ok = SetScalar(key_field, key_value, entry.get(), /*repeated=*/false, entry_path);
          break;
      }
      if (!key_ok) {
        Error(member.key_location, entry_path,
              absl::StrCat("map key is not a valid ", FieldDescriptor::TypeName(key_field->type())));
        continue;
      }
      ReadSingleValue(value_field, member.value, entry.get(), entry_path);
      message->GetReflection()->AddAllocatedMessage(message, field, entry.release());
    }
  }

  // Reads one value of `field` (an element if the field is repeated).
  void ReadSingleValue(const FieldDescriptor* field, const JsonValue& value, Message* message,
                       const std::string& path) {
    const Reflection* reflection = message->GetReflection();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        ReadMessage(value, reflection->AddMessage(message, field), path);
        return;
      }
      const size_t before = diagnostics_->size();
      ReadMessage(value, reflection->MutableMessage(message, field), path);
      // A malformed timestamp or a value of the wrong type leaves the field unset rather than present and
      // empty, so that later checks do not compare against the epoch.
      if (diagnostics_->size() > before && value.kind != Kind::kObject) reflection->ClearField(message, field);
      return;
    }
    if (!SetScalar(field, value, message, field->is_repeated(), path)) {
      ExpectedError(value, path, ExpectedScalar(field));
    }
  }

  std::string ExpectedScalar(const FieldDescriptor* field) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return "a 32-bit integer";
      case FieldDescriptor::CPPTYPE_INT64:
        return "a 64-bit integer";
      case FieldDescriptor::CPPTYPE_UINT32:
        return "an unsigned 32-bit integer";
      case FieldDescriptor::CPPTYPE_UINT64:
        return "an unsigned 64-bit integer";
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return "a number";
      case FieldDescriptor::CPPTYPE_FLOAT:
        return "a number within the range of a float";
      case FieldDescriptor::CPPTYPE_BOOL:
        return "true or false";
      case FieldDescriptor::CPPTYPE_ENUM:
        return absl::StrCat("a ", field->enum_type()->full_name(), " value name");
      case FieldDescriptor::CPPTYPE_STRING:
        return field->type() == FieldDescriptor::TYPE_BYTES ? "a base64 string" : "a string";
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return "an object";
    }
    return "a value";
  }

  // Sets (or adds, for a repeated field) the scalar `value`; false if it has the wrong type or range. An
  // unknown enum name or number is reported here (with a suggestion) and returns true, as it needs no
  // further message.
  bool SetScalar(const FieldDescriptor* field, const JsonValue& value, Message* message, bool repeated,
                 const std::string& path) {
    const Reflection* r = message->GetReflection();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        const auto v = ParseInteger<int32_t>(value);
        if (!v) return false;
        repeated ? r->AddInt32(message, field, *v) : r->SetInt32(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        const auto v = ParseInteger<int64_t>(value);
        if (!v) return false;
        repeated ? r->AddInt64(message, field, *v) : r->SetInt64(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        const auto v = ParseInteger<uint32_t>(value);
        if (!v) return false;
        repeated ? r->AddUInt32(message, field, *v) : r->SetUInt32(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        const auto v = ParseInteger<uint64_t>(value);
        if (!v) return false;
        repeated ? r->AddUInt64(message, field, *v) : r->SetUInt64(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        const auto v = ParseDouble(value);
        if (!v) return false;
        repeated ? r->AddDouble(message, field, *v) : r->SetDouble(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        const auto v = ParseFloat(value);
        if (!v) return false;
        repeated ? r->AddFloat(message, field, *v) : r->SetFloat(message, field, *v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        if (value.kind != Kind::kBool) return false;
        repeated ? r->AddBool(message, field, value.boolean) : r->SetBool(message, field, value.boolean);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (value.kind != Kind::kString) return false;
        std::string bytes = value.text;
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          if (!absl::Base64Unescape(value.text, &bytes) && !absl::WebSafeBase64Unescape(value.text, &bytes)) {
            return false;
          }
        }
        repeated ? r->AddString(message, field, std::move(bytes)) : r->SetString(message, field, std::move(bytes));
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const bool null_value = value.kind == Kind::kNull && field->enum_type()->full_name() == "google.protobuf.NullValue";
        if (value.kind != Kind::kString && value.kind != Kind::kNumber && !null_value) return false;
        const EnumValueDescriptor* enum_value = FindEnumValue(field, value, path);
        if (enum_value == nullptr) return true;
        repeated ? r->AddEnum(message, field, enum_value) : r->SetEnum(message, field, enum_value);
        return true;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return false;
    }
    return false;
  }

  // The enum value named or numbered by `value`; reports an unknown name or number itself and returns null.
  const EnumValueDescriptor* FindEnumValue(const FieldDescriptor* field, const JsonValue& value,
                                           const std::string& path) {
    const EnumDescriptor* type = field->enum_type();
    if (type->full_name() == "google.protobuf.NullValue" && value.kind == Kind::kNull) return type->value(0);
    if (value.kind == Kind::kString) {
      if (const EnumValueDescriptor* found = type->FindValueByName(value.text)) return found;
      std::vector<std::string> names;
      for (int i = 0; i < type->value_count(); ++i) names.push_back(type->value(i)->name());
      std::string message = absl::StrCat("unknown ", type->full_name(), " value \"",
                                         absl::Utf8SafeCEscape(value.text), "\"");
      if (const std::optional<std::string> suggestion =
              MaySuggest() ? base::SuggestEnumValueName(value.text, names) : std::nullopt) {
        absl::StrAppend(&message, "; did you mean \"", *suggestion, "\"?");
      }
      Error(value.location, path, std::move(message));
      return nullptr;
    }
    if (value.kind == Kind::kNumber) {
      const std::optional<int32_t> number = ParseInteger<int32_t>(value);
      if (number) {
        if (const EnumValueDescriptor* found = type->FindValueByNumber(*number)) return found;
      }
      Error(value.location, path,
            absl::StrCat(value.text, " is not a number of a ", type->full_name(), " value"));
    }
    return nullptr;
  }

  // Well-known types with a special JSON form. Returns false for any other message type.
  bool ReadWellKnownType(const JsonValue& value, Message* message, const std::string& path) {
    const Descriptor* descriptor = message->GetDescriptor();
    const std::string& name = descriptor->full_name();
    const Reflection* r = message->GetReflection();
    if (name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration") {
      const bool is_timestamp = name == "google.protobuf.Timestamp";
      std::optional<SecondsAndNanos> parsed;
      if (value.kind == Kind::kString) parsed = is_timestamp ? ParseTimestamp(value.text) : ParseDuration(value.text);
      if (!parsed) {
        ExpectedError(value, path,
                      is_timestamp ? "an RFC 3339 timestamp such as \"2024-05-16T09:30:00Z\""
                                   : "a duration in seconds such as \"259200s\" or \"1.5s\"");
        return true;
      }
      r->SetInt64(message, descriptor->FindFieldByName("seconds"), parsed->seconds);
      r->SetInt32(message, descriptor->FindFieldByName("nanos"), parsed->nanos);
      return true;
    }
    if (IsWrapperType(name)) {
      ReadSingleValue(descriptor->FindFieldByName("value"), value, message, path);
      return true;
    }
    if (name == "google.protobuf.FieldMask") {
      if (value.kind != Kind::kString) {
        ExpectedError(value, path, "a string of comma-separated field paths");
        return true;
      }
      const FieldDescriptor* paths = descriptor->FindFieldByName("paths");
      for (absl::string_view part : absl::StrSplit(value.text, ',', absl::SkipEmpty())) {
        r->AddString(message, paths, CamelToSnake(std::string_view(part.data(), part.size())));
      }
      return true;
    }
    if (name == "google.protobuf.Struct") {
      if (value.kind != Kind::kObject) {
        ExpectedError(value, path, "an object");
        return true;
      }
      ReadMap(descriptor->FindFieldByName("fields"), value, message, path);
      return true;
    }
    if (name == "google.protobuf.ListValue") {
      if (value.kind != Kind::kArray) {
        ExpectedError(value, path, "an array");
        return true;
      }
      const FieldDescriptor* values = descriptor->FindFieldByName("values");
      for (size_t i = 0; i < value.elements.size() && !full_; ++i) {
        ReadMessage(value.elements[i], r->AddMessage(message, values), IndexPath(path, static_cast<int>(i)));
      }
      return true;
    }
    if (name == "google.protobuf.Value") {
      ReadStructValue(value, message, path);
      return true;
    }
    if (name == "google.protobuf.Any") {
      Error(value.location, path, "google.protobuf.Any is not supported");
      return true;
    }
    return false;
  }

  void ReadStructValue(const JsonValue& value, Message* message, const std::string& path) {
    const Descriptor* descriptor = message->GetDescriptor();
    const Reflection* r = message->GetReflection();
    switch (value.kind) {
      case Kind::kNull:
        r->SetEnumValue(message, descriptor->FindFieldByName("null_value"), 0);
        return;
      case Kind::kBool:
        r->SetBool(message, descriptor->FindFieldByName("bool_value"), value.boolean);
        return;
      case Kind::kString:
        r->SetString(message, descriptor->FindFieldByName("string_value"), value.text);
        return;
      case Kind::kNumber: {
        const std::optional<double> number = ParseDouble(value);
        if (!number) {
          ExpectedError(value, path, "a number within the range of a double");
          return;
        }
        r->SetDouble(message, descriptor->FindFieldByName("number_value"), *number);
        return;
      }
      case Kind::kArray:
        ReadWellKnownType(value, r->MutableMessage(message, descriptor->FindFieldByName("list_value")), path);
        return;
      case Kind::kObject:
        ReadWellKnownType(value, r->MutableMessage(message, descriptor->FindFieldByName("struct_value")), path);
        return;
    }
  }

  std::string_view file_;
  const JsonReadOptions& options_;
  SourceMap* source_map_;
  std::vector<Diagnostic>* diagnostics_;
  bool full_ = false;
  int suggestions_left_ = 100;
};

}  // namespace

bool ReadJsonIntoMessage(const JsonValue& root, std::string_view file, const JsonReadOptions& options,
                         google::protobuf::Message* message, SourceMap* source_map,
                         std::vector<Diagnostic>* diagnostics) {
  message->Clear();
  source_map->Add("", root.location);
  Reader reader(file, options, source_map, diagnostics);
  reader.ReadMessage(root, message, "");
  return !reader.full();
}

}  // namespace hdsc::io
