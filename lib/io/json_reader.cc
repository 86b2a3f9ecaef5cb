#include "lib/io/json_reader.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <climits>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
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


// A scalar value as read, or the kind and place of an array or object (without text).
struct JsonScalar {
  JsonKind kind = JsonKind::kNull;
  SourceLocation location;
  bool boolean = false;
  std::string_view text;
};

// The integer written in a JSON number or numeric string, if it is an exact integer in [min, max].
template <typename T>
std::optional<T> ParseInteger(const JsonScalar& value) {
  if (value.kind != JsonKind::kNumber && value.kind != JsonKind::kString) return std::nullopt;
  const std::string_view text = value.text;
  if (value.kind == JsonKind::kString && !IsJsonNumber(text)) return std::nullopt;
  if (text.find_first_of(".eE") == std::string_view::npos) {
    T result;
    if (!absl::SimpleAtoi(AsAbsl(text), &result)) return std::nullopt;
    if (std::is_unsigned<T>::value && !text.empty() && text[0] == '-' && result != 0) return std::nullopt;
    return result;
  }
  double d;
  if (!absl::SimpleAtod(AsAbsl(text), &d) || !std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxExactDouble) {
    return std::nullopt;
  }
  if (d < static_cast<double>(std::numeric_limits<T>::min()) ||
      d > static_cast<double>(std::numeric_limits<T>::max())) {
    return std::nullopt;
  }
  return static_cast<T>(d);
}

// The double written in a JSON number or string ("NaN", "Infinity", "-Infinity" or a numeric string).
std::optional<double> ParseDouble(const JsonScalar& value) {
  if (value.kind == JsonKind::kString) {
    if (value.text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (value.text == "Infinity") return std::numeric_limits<double>::infinity();
    if (value.text == "-Infinity") return -std::numeric_limits<double>::infinity();
    if (!IsJsonNumber(value.text)) return std::nullopt;
  } else if (value.kind != JsonKind::kNumber) {
    return std::nullopt;
  }
  double d;
  // A finite literal that overflows (1e400) is out of range, not infinity.
  if (!absl::SimpleAtod(AsAbsl(value.text), &d) || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<float> ParseFloat(const JsonScalar& value) {
  const std::optional<double> d = ParseDouble(value);
  if (!d) return std::nullopt;
  if (std::isfinite(*d) && (*d > FLT_MAX || *d < -FLT_MAX)) return std::nullopt;
  return static_cast<float>(*d);
}

// "string \"abc\"", "number 12", "true", "object", ... for error messages.
std::string Describe(const JsonScalar& value) {
  constexpr size_t kMaxShown = 40;
  switch (value.kind) {
    case JsonKind::kString: {
      std::string_view shown = value.text.size() > kMaxShown ? value.text.substr(0, kMaxShown) : value.text;
      // Do not cut a UTF-8 sequence in half.
      while (!shown.empty() && shown.size() < value.text.size() &&
             (static_cast<unsigned char>(value.text[shown.size()]) & 0xC0) == 0x80) {
        shown.remove_suffix(1);
      }
      return absl::StrCat("string \"", absl::Utf8SafeCEscape(AsAbsl(shown)),
                          shown.size() < value.text.size() ? "...\"" : "\"");
    }
    case JsonKind::kNumber:
      return absl::StrCat("number ", AsAbsl(value.text.size() > kMaxShown ? value.text.substr(0, kMaxShown) : value.text),
                          value.text.size() > kMaxShown ? "..." : "");
    case JsonKind::kBool:
      return value.boolean ? "true" : "false";
    default:
      return std::string(JsonKindName(value.kind));
  }
}

std::string QuoteKey(std::string_view key) { return absl::StrCat("[\"", absl::Utf8SafeCEscape(AsAbsl(key)), "\"]"); }

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

// A field found by a member name, and whether the name was its json_name (for messages that quote the name).
struct NamedField {
  const FieldDescriptor* field = nullptr;
  bool by_json_name = false;
};

// Finds fields by proto name or, failing that, json_name, with one hash lookup (the names of each message type
// are indexed the first time it is met).
class FieldFinder {
 public:
  NamedField Find(const Descriptor* descriptor, std::string_view key) {
    auto [it, inserted] = indexes_.try_emplace(descriptor);
    if (inserted) {
      for (int i = 0; i < descriptor->field_count(); ++i) {
        it->second.emplace(descriptor->field(i)->name(), NamedField{descriptor->field(i), false});
      }
      for (int i = 0; i < descriptor->field_count(); ++i) {
        it->second.emplace(descriptor->field(i)->json_name(), NamedField{descriptor->field(i), true});
      }
    }
    auto found = it->second.find(AsAbsl(key));
    return found == it->second.end() ? NamedField() : found->second;
  }

 private:
  absl::flat_hash_map<const Descriptor*, absl::flat_hash_map<std::string, NamedField>> indexes_;
};

// The current field path, grown and shrunk as reading goes in and out of values, so that a path string is
// built only for a diagnostic or a recorded location.
class PathBuilder {
 public:
  const std::string& path() const { return path_; }
  // Appends `.name` (or `name` at the root) and returns the length to restore with `Pop`.
  size_t PushField(std::string_view name) {
    const size_t mark = path_.size();
    if (!path_.empty()) path_.push_back('.');
    path_.append(name.data(), name.size());
    return mark;
  }
  size_t PushIndex(size_t index) {
    const size_t mark = path_.size();
    absl::StrAppend(&path_, "[", index, "]");
    return mark;
  }
  size_t PushKey(std::string_view key) {
    const size_t mark = path_.size();
    path_ += QuoteKey(key);
    return mark;
  }
  void Pop(size_t mark) { path_.resize(mark); }

 private:
  std::string path_;
};

bool IsRecordType(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field->message_type()->file()->package() != "google.protobuf";
}

class Reader {
 public:
  Reader(JsonScanner* in, std::string_view file, const JsonReadOptions& options, SourceMap* source_map,
         std::vector<Diagnostic>* diagnostics)
      : in_(*in), file_(file), options_(options), source_map_(source_map), diagnostics_(diagnostics) {}

  // Whether the diagnostic limit stopped reading.
  bool full() const { return full_; }

  // Reads the value at the cursor into `message`.
  void ReadMessage(Message* message) {
    const Descriptor* descriptor = message->GetDescriptor();
    JsonKind kind;
    SourceLocation location;
    if (!in_.Peek(&kind, &location)) return;
    if (full_) {
      in_.SkipValue();
      return;
    }
    if (ReadWellKnownType(kind, location, message)) return;
    if (kind != JsonKind::kObject) {
      RejectValue(kind, location, absl::StrCat("an object (", descriptor->full_name(), ")"));
      return;
    }
    const bool at_root = path_.path().empty();
    // Where each field was first given, to refuse the same field under its two names; few per object.
    struct Given {
      NamedField named;
      SourceLocation key_location;
    };
    absl::InlinedVector<Given, 16> given;
    absl::InlinedVector<std::pair<const OneofDescriptor*, Given>, 2> oneof_members;
    if (!in_.EnterObject()) return;
    bool more;
    std::string_view key;
    SourceLocation key_location;
    while (in_.NextMember(&more, &key, &key_location) && more) {
      if (full_) {
        in_.SkipValue();
        continue;
      }
      if (at_root && key == kSchemaKey) {
        JsonKind value_kind;
        SourceLocation value_location;
        if (!in_.Peek(&value_kind, &value_location)) return;
        if (value_kind != JsonKind::kString) {
          const size_t mark = path_.PushField(kSchemaKey);
          RejectValue(value_kind, value_location, "a string (a JSON Schema)");
          path_.Pop(mark);
        } else {
          in_.SkipValue();
        }
        continue;
      }
      const NamedField named = fields_.Find(descriptor, key);
      const FieldDescriptor* field = named.field;
      if (field == nullptr) {
        if (!options_.allow_unknown_fields) ReportUnknownField(key, key_location, descriptor);
        in_.SkipValue();
        continue;
      }
      const size_t mark = path_.PushField(field->name());
      const Given* previous = nullptr;
      for (const Given& g : given) {
        if (g.named.field == field) previous = &g;
      }
      if (previous != nullptr) {
        Error(key_location, absl::StrCat("field given twice (as '", NameOf(previous->named), "' at ",
                                         previous->key_location.line, ":", previous->key_location.column,
                                         " and as '", AsAbsl(key), "')"));
        path_.Pop(mark);
        in_.SkipValue();
        continue;
      }
      given.push_back(Given{named, key_location});
      JsonKind value_kind;
      SourceLocation value_location;
      if (!in_.Peek(&value_kind, &value_location)) return;
      const bool is_null = value_kind == JsonKind::kNull && !IsValueType(field);
      if (const OneofDescriptor* oneof = field->real_containing_oneof(); oneof != nullptr && !is_null) {
        const Given* other = nullptr;
        for (const auto& [o, g] : oneof_members) {
          if (o == oneof) other = &g;
        }
        if (other != nullptr) {
          Error(key_location, absl::StrCat("'", AsAbsl(key), "' and '", NameOf(other->named),
                                           "' are both in oneof '", oneof->name(), "'; give only one"));
          path_.Pop(mark);
          in_.SkipValue();
          continue;
        }
        oneof_members.emplace_back(oneof, Given{named, key_location});
      }
      ReadField(field, message);
      path_.Pop(mark);
    }
  }

 private:
  static const std::string& NameOf(const NamedField& named) {
    return named.by_json_name ? named.field->json_name() : named.field->name();
  }

  void Error(SourceLocation location, std::string message) {
    if (!AddDiagnostic(diagnostics_, Diagnostic{std::string(file_), location.line, location.column, path_.path(),
                                                std::move(message)})) {
      full_ = true;
    }
  }

  // A "did you mean" costs a comparison with every candidate; past this many, problems get none, so that an
  // input full of unknown names stays fast.
  bool MaySuggest() { return suggestions_left_-- > 0; }

  void ExpectedError(const JsonScalar& value, std::string_view expected) {
    Error(value.location, absl::StrCat("expected ", AsAbsl(expected), ", got ", Describe(value)));
  }

  // Reports that the value at the cursor is not `expected`, and consumes it.
  void RejectValue(JsonKind kind, SourceLocation location, std::string_view expected) {
    JsonScalar value;
    value.kind = kind;
    value.location = location;
    if (kind == JsonKind::kArray || kind == JsonKind::kObject) {
      if (!in_.SkipValue()) return;
    } else if (!ReadScalar(&value)) {
      return;
    }
    ExpectedError(value, expected);
  }

  // Reads the scalar at the cursor (peeked already) with its location.
  bool ReadScalar(JsonScalar* out) {
    JsonScanner::Scalar scalar;
    if (!in_.Peek(&out->kind, &out->location) || !in_.ReadScalar(&scalar)) return false;
    out->kind = scalar.kind;
    out->boolean = scalar.boolean;
    out->text = scalar.text;
    return true;
  }

  void ReportUnknownField(std::string_view key, SourceLocation key_location, const Descriptor* descriptor) {
    std::vector<std::string> candidates;
    for (int i = 0; i < descriptor->field_count(); ++i) {
      candidates.push_back(descriptor->field(i)->name());
      if (descriptor->field(i)->json_name() != descriptor->field(i)->name()) {
        candidates.push_back(descriptor->field(i)->json_name());
      }
    }
    std::string message = absl::StrCat("unknown field '", AsAbsl(key), "' in ", descriptor->full_name());
    if (const std::optional<std::string> suggestion =
            MaySuggest() ? base::SuggestName(std::string(key), candidates) : std::nullopt) {
      absl::StrAppend(&message, "; did you mean '", *suggestion, "'?");
    }
    const size_t mark = path_.PushField(key);
    Error(key_location, std::move(message));
    path_.Pop(mark);
  }

  // Reads the value at the cursor as the value of `field` (a whole list if it is repeated).
  void ReadField(const FieldDescriptor* field, Message* message) {
    JsonKind kind;
    SourceLocation location;
    if (!in_.Peek(&kind, &location)) return;
    if (kind == JsonKind::kNull && !IsValueType(field) &&
        !(field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM &&
          field->enum_type()->full_name() == "google.protobuf.NullValue")) {
      in_.SkipValue();  // null means "not set"
      return;
    }
    if (field->is_map()) {
      ReadMap(field, kind, location, message);
      return;
    }
    if (!field->is_repeated()) {
      ReadSingleValue(field, message);
      return;
    }
    if (kind != JsonKind::kArray) {
      RejectValue(kind, location, "an array");
      return;
    }
    const bool records = IsRecordType(field);
    if (!in_.EnterArray()) return;
    bool more;
    for (size_t i = 0; in_.NextElement(&more) && more; ++i) {
      if (full_) {
        in_.SkipValue();
        continue;
      }
      JsonKind element_kind;
      SourceLocation element_location;
      if (!in_.Peek(&element_kind, &element_location)) return;
      const size_t mark = path_.PushIndex(i);
      if (records) source_map_->Add(path_.path(), element_location);
      if (element_kind == JsonKind::kNull && !IsValueType(field)) {
        Error(element_location, "null is not allowed as an element of a repeated field");
        in_.SkipValue();
      } else {
        ReadSingleValue(field, message);
      }
      path_.Pop(mark);
    }
  }

  // Reads the object at the cursor (of `kind`, at `location`) as the entries of the map `field`.
  void ReadMap(const FieldDescriptor* field, JsonKind kind, SourceLocation location, Message* message) {
    if (kind != JsonKind::kObject) {
      RejectValue(kind, location, "an object (map)");
      return;
    }
    const FieldDescriptor* key_field = field->message_type()->map_key();
    const FieldDescriptor* value_field = field->message_type()->map_value();
    const bool records = IsRecordType(value_field);
    if (!in_.EnterObject()) return;
    bool more;
    std::string_view key;
    SourceLocation key_location;
    while (in_.NextMember(&more, &key, &key_location) && more) {
      if (full_) {
        in_.SkipValue();
        continue;
      }
      const size_t mark = path_.PushKey(key);
      ReadMapEntry(field, key_field, value_field, key, key_location, records, message);
      path_.Pop(mark);
    }
  }

  void ReadMapEntry(const FieldDescriptor* field, const FieldDescriptor* key_field,
                    const FieldDescriptor* value_field, std::string_view key, SourceLocation key_location,
                    bool records, Message* message) {
    if (records) source_map_->Add(path_.path(), key_location);
    JsonKind value_kind;
    SourceLocation value_location;
    if (!in_.Peek(&value_kind, &value_location)) return;
    if (value_kind == JsonKind::kNull && !IsValueType(value_field)) {
      Error(value_location, "null is not allowed as a map value");
      in_.SkipValue();
      return;
    }
    // Build the entry aside so that a bad key leaves nothing behind.
    std::unique_ptr<Message> entry(
        message->GetReflection()->GetMessageFactory()->GetPrototype(field->message_type())->New());
    const Reflection* entry_reflection = entry->GetReflection();
    bool key_ok = true;
    switch (key_field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        entry_reflection->SetString(entry.get(), key_field, std::string(key));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        if (key == "true" || key == "false") {
          entry_reflection->SetBool(entry.get(), key_field, key == "true");
        } else {
          key_ok = false;
        }
        break;
      default: {
        JsonScalar key_value;
        key_value.kind = JsonKind::kString;
        key_value.text = key;
        key_value.location = key_location;
        key_ok = SetScalar(key_field, key_value, entry.get(), /*repeated=*/false);
        break;
      }
    }
    if (!key_ok) {
      Error(key_location, absl::StrCat("map key is not a valid ", FieldDescriptor::TypeName(key_field->type())));
      in_.SkipValue();
      return;
    }
    ReadSingleValue(value_field, entry.get());
    message->GetReflection()->AddAllocatedMessage(message, field, entry.release());
  }

  // Reads the value at the cursor as one value of `field` (an element if the field is repeated).
  void ReadSingleValue(const FieldDescriptor* field, Message* message) {
    JsonKind kind;
    SourceLocation location;
    if (!in_.Peek(&kind, &location)) return;
    const Reflection* reflection = message->GetReflection();
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        ReadMessage(reflection->AddMessage(message, field));
        return;
      }
      const size_t before = diagnostics_->size();
      ReadMessage(reflection->MutableMessage(message, field));
      // A malformed timestamp or a value of the wrong type leaves the field unset rather than present and
      // empty, so that later checks do not compare against the epoch.
      if (diagnostics_->size() > before && kind != JsonKind::kObject) reflection->ClearField(message, field);
      return;
    }
    if (kind == JsonKind::kArray || kind == JsonKind::kObject) {
      RejectValue(kind, location, ExpectedScalar(field));
      return;
    }
    JsonScalar value;
    if (!ReadScalar(&value)) return;
    if (!SetScalar(field, value, message, field->is_repeated())) ExpectedError(value, ExpectedScalar(field));
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
  bool SetScalar(const FieldDescriptor* field, const JsonScalar& value, Message* message, bool repeated) {
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
        if (value.kind != JsonKind::kBool) return false;
        repeated ? r->AddBool(message, field, value.boolean) : r->SetBool(message, field, value.boolean);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (value.kind != JsonKind::kString) return false;
        std::string bytes(value.text);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          if (!absl::Base64Unescape(AsAbsl(value.text), &bytes) &&
              !absl::WebSafeBase64Unescape(AsAbsl(value.text), &bytes)) {
            return false;
          }
        }
        repeated ? r->AddString(message, field, std::move(bytes)) : r->SetString(message, field, std::move(bytes));
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        const bool null_value =
            value.kind == JsonKind::kNull && field->enum_type()->full_name() == "google.protobuf.NullValue";
        if (value.kind != JsonKind::kString && value.kind != JsonKind::kNumber && !null_value) return false;
        const EnumValueDescriptor* enum_value = FindEnumValue(field, value);
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
  const EnumValueDescriptor* FindEnumValue(const FieldDescriptor* field, const JsonScalar& value) {
    const EnumDescriptor* type = field->enum_type();
    if (type->full_name() == "google.protobuf.NullValue" && value.kind == JsonKind::kNull) return type->value(0);
    if (value.kind == JsonKind::kString) {
      const std::string name(value.text);
      if (const EnumValueDescriptor* found = type->FindValueByName(name)) return found;
      std::vector<std::string> names;
      for (int i = 0; i < type->value_count(); ++i) names.push_back(type->value(i)->name());
      std::string message =
          absl::StrCat("unknown ", type->full_name(), " value \"", absl::Utf8SafeCEscape(name), "\"");
      if (const std::optional<std::string> suggestion =
              MaySuggest() ? base::SuggestEnumValueName(name, names) : std::nullopt) {
        absl::StrAppend(&message, "; did you mean \"", *suggestion, "\"?");
      }
      Error(value.location, std::move(message));
      return nullptr;
    }
    if (value.kind == JsonKind::kNumber) {
      const std::optional<int32_t> number = ParseInteger<int32_t>(value);
      if (number) {
        if (const EnumValueDescriptor* found = type->FindValueByNumber(*number)) return found;
      }
      Error(value.location, absl::StrCat(AsAbsl(value.text), " is not a number of a ", type->full_name(), " value"));
    }
    return nullptr;
  }

  // Well-known types with a special JSON form: reads the value at the cursor (of `kind`, at `location`) into
  // `message`. Returns false, consuming nothing, for any other message type.
  bool ReadWellKnownType(JsonKind kind, SourceLocation location, Message* message) {
    const Descriptor* descriptor = message->GetDescriptor();
    if (descriptor->file()->package() != "google.protobuf") return false;
    const std::string& name = descriptor->full_name();
    const Reflection* r = message->GetReflection();
    if (name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration") {
      const bool is_timestamp = name == "google.protobuf.Timestamp";
      const std::string_view expected = is_timestamp ? "an RFC 3339 timestamp such as \"2024-05-16T09:30:00Z\""
                                                     : "a duration in seconds such as \"259200s\" or \"1.5s\"";
      if (kind != JsonKind::kString) {
        RejectValue(kind, location, expected);
        return true;
      }
      JsonScalar value;
      if (!ReadScalar(&value)) return true;
      const std::string text(value.text);
      const std::optional<SecondsAndNanos> parsed = is_timestamp ? ParseTimestamp(text) : ParseDuration(text);
      if (!parsed) {
        ExpectedError(value, expected);
        return true;
      }
      r->SetInt64(message, descriptor->FindFieldByName("seconds"), parsed->seconds);
      r->SetInt32(message, descriptor->FindFieldByName("nanos"), parsed->nanos);
      return true;
    }
    if (IsWrapperType(name)) {
      ReadSingleValue(descriptor->FindFieldByName("value"), message);
      return true;
    }
    if (name == "google.protobuf.FieldMask") {
      if (kind != JsonKind::kString) {
        RejectValue(kind, location, "a string of comma-separated field paths");
        return true;
      }
      JsonScalar value;
      if (!ReadScalar(&value)) return true;
      const FieldDescriptor* paths = descriptor->FindFieldByName("paths");
      for (absl::string_view part : absl::StrSplit(AsAbsl(value.text), ',', absl::SkipEmpty())) {
        r->AddString(message, paths, CamelToSnake(std::string_view(part.data(), part.size())));
      }
      return true;
    }
    if (name == "google.protobuf.Struct") {
      if (kind != JsonKind::kObject) {
        RejectValue(kind, location, "an object");
        return true;
      }
      ReadMap(descriptor->FindFieldByName("fields"), kind, location, message);
      return true;
    }
    if (name == "google.protobuf.ListValue") {
      if (kind != JsonKind::kArray) {
        RejectValue(kind, location, "an array");
        return true;
      }
      const FieldDescriptor* values = descriptor->FindFieldByName("values");
      if (!in_.EnterArray()) return true;
      bool more;
      for (size_t i = 0; in_.NextElement(&more) && more; ++i) {
        if (full_) {
          in_.SkipValue();
          continue;
        }
        const size_t mark = path_.PushIndex(i);
        ReadMessage(r->AddMessage(message, values));
        path_.Pop(mark);
      }
      return true;
    }
    if (name == "google.protobuf.Value") {
      ReadStructValue(kind, location, message);
      return true;
    }
    if (name == "google.protobuf.Any") {
      Error(location, "google.protobuf.Any is not supported");
      in_.SkipValue();
      return true;
    }
    return false;
  }

  void ReadStructValue(JsonKind kind, SourceLocation location, Message* message) {
    const Descriptor* descriptor = message->GetDescriptor();
    const Reflection* r = message->GetReflection();
    JsonScalar value;
    switch (kind) {
      case JsonKind::kNull:
        if (ReadScalar(&value)) r->SetEnumValue(message, descriptor->FindFieldByName("null_value"), 0);
        return;
      case JsonKind::kBool:
        if (ReadScalar(&value)) r->SetBool(message, descriptor->FindFieldByName("bool_value"), value.boolean);
        return;
      case JsonKind::kString:
        if (ReadScalar(&value)) {
          r->SetString(message, descriptor->FindFieldByName("string_value"), std::string(value.text));
        }
        return;
      case JsonKind::kNumber: {
        if (!ReadScalar(&value)) return;
        const std::optional<double> number = ParseDouble(value);
        if (!number) {
          ExpectedError(value, "a number within the range of a double");
          return;
        }
        r->SetDouble(message, descriptor->FindFieldByName("number_value"), *number);
        return;
      }
      case JsonKind::kArray:
        ReadWellKnownType(kind, location, r->MutableMessage(message, descriptor->FindFieldByName("list_value")));
        return;
      case JsonKind::kObject:
        ReadWellKnownType(kind, location, r->MutableMessage(message, descriptor->FindFieldByName("struct_value")));
        return;
    }
  }

  JsonScanner& in_;
  std::string_view file_;
  const JsonReadOptions& options_;
  SourceMap* source_map_;
  std::vector<Diagnostic>* diagnostics_;
  FieldFinder fields_;
  PathBuilder path_;
  bool full_ = false;
  int suggestions_left_ = 100;
};

// Walks a document that reads without syntax errors, recording where the wanted paths and their ancestors
// start (see `LocateJsonPaths`).
class PathLocator {
 public:
  PathLocator(JsonScanner* in, const std::vector<std::string>& paths) : in_(*in) {
    for (const std::string& path : paths) {
      std::optional<std::string_view> current = path;
      while (current && wanted_.insert(std::string(*current)).second) current = ParentFieldPath(*current);
    }
  }

  SourceMap Run(const Descriptor* type) {
    JsonKind kind;
    SourceLocation location;
    if (in_.Peek(&kind, &location)) {
      found_.Add("", location);
      Visit(type);
    }
    return std::move(found_);
  }

 private:
  // Whether the current path leads to a wanted one; records its location if so.
  bool Wanted(SourceLocation location) {
    if (wanted_.count(path_.path()) == 0) return false;
    found_.Add(path_.path(), location);
    return true;
  }

  // The value at the cursor is of message type `type` (null: not a message, or a well-known type).
  void Visit(const Descriptor* type) {
    JsonKind kind;
    SourceLocation location;
    if (!in_.Peek(&kind, &location)) return;
    if (type == nullptr || kind != JsonKind::kObject || type->file()->package() == "google.protobuf") {
      in_.SkipValue();
      return;
    }
    in_.EnterObject();
    bool more;
    std::string_view key;
    SourceLocation key_location;
    while (in_.NextMember(&more, &key, &key_location) && more) {
      const FieldDescriptor* field = fields_.Find(type, key).field;
      const size_t mark = path_.PushField(field != nullptr ? std::string_view(field->name()) : key);
      if (field == nullptr || !Wanted(key_location)) {
        in_.SkipValue();
      } else {
        VisitField(field);
      }
      path_.Pop(mark);
    }
  }

  void VisitField(const FieldDescriptor* field) {
    JsonKind kind;
    SourceLocation location;
    if (!in_.Peek(&kind, &location)) return;
    const Descriptor* element_type =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? field->message_type() : nullptr;
    if (field->is_map() && kind == JsonKind::kObject) {
      const Descriptor* value_type = field->message_type()->map_value()->message_type();
      in_.EnterObject();
      bool more;
      std::string_view key;
      SourceLocation key_location;
      while (in_.NextMember(&more, &key, &key_location) && more) {
        const size_t mark = path_.PushKey(key);
        if (Wanted(key_location)) {
          Visit(value_type);
        } else {
          in_.SkipValue();
        }
        path_.Pop(mark);
      }
      return;
    }
    if (field->is_repeated() && !field->is_map() && kind == JsonKind::kArray) {
      in_.EnterArray();
      bool more;
      for (size_t i = 0; in_.NextElement(&more) && more; ++i) {
        JsonKind element_kind;
        SourceLocation element_location;
        if (!in_.Peek(&element_kind, &element_location)) return;
        const size_t mark = path_.PushIndex(i);
        if (Wanted(element_location)) {
          Visit(element_type);
        } else {
          in_.SkipValue();
        }
        path_.Pop(mark);
      }
      return;
    }
    Visit(field->is_repeated() ? nullptr : element_type);
  }

  JsonScanner& in_;
  absl::flat_hash_set<std::string> wanted_;
  SourceMap found_;
  FieldFinder fields_;
  PathBuilder path_;
};

}  // namespace

bool ReadJson(std::string_view text, std::string_view file, const JsonReadOptions& options, Message* message,
              SourceMap* source_map, std::vector<Diagnostic>* diagnostics) {
  message->Clear();
  // Syntax errors and repeated keys go straight to `diagnostics`; conversion problems wait aside, as they are
  // dropped if a syntax error comes later (the message is then a fragment).
  const size_t first_new = diagnostics->size();
  std::vector<Diagnostic> conversion;
  SourceMap locations;
  JsonScanner in(text, file, options.max_depth, options.max_values, diagnostics);
  if (options.release_text) in.ReleaseTextAsRead(options.release_text);
  bool full = false;
  if (in.Start()) {
    JsonKind kind;
    SourceLocation location;
    if (in.Peek(&kind, &location)) locations.Add("", location);
    Reader reader(&in, file, options, &locations, &conversion);
    reader.ReadMessage(message);
    full = reader.full();
  }
  if (!in.Finish()) {
    message->Clear();
    if (diagnostics->size() == first_new) {
      // Unreachable unless the reader misuses the scanner: say so rather than fail silently.
      diagnostics->push_back(Diagnostic{std::string(file), 0, 0, "", "could not read the JSON document"});
    }
    return false;
  }
  for (Diagnostic& problem : conversion) {
    if (!AddDiagnostic(diagnostics, std::move(problem))) {
      full = true;
      break;
    }
  }
  *source_map = std::move(locations);
  return !full;
}

SourceMap LocateJsonPaths(std::string_view text, const Descriptor* type, const std::vector<std::string>& paths) {
  std::vector<Diagnostic> unused;  // the text read without a syntax error before
  // No depth limit: `ReadJson` held the text to one already.
  JsonScanner in(text, "", INT_MAX, INT64_MAX, &unused);
  if (paths.empty() || !in.Start()) return SourceMap();
  return PathLocator(&in, paths).Run(type);
}

}  // namespace hdsc::io
