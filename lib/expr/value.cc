#include "lib/expr/value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "lib/base/strings.h"

namespace hdsc::expr {
namespace {

// Abseil here does not alias `std::string_view`; its string functions need their own type.
using base::AsAbsl;

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Reflection;

// Normalised map key: ints and uints that fit in int64 share the `int64_t` form so that `1` and
// `1u` find the same entry. Hashed and compared inline: maps are mostly indexed by short strings.
struct MapKey {
  enum class Kind : uint8_t { kBool, kInt, kUint, kString };
  Kind kind = Kind::kBool;
  uint64_t bits = 0;  // the bool, int or uint
  std::string_view text;

  MapKey() = default;
  MapKey(bool value) : kind(Kind::kBool), bits(value) {}  // NOLINT(runtime/explicit)
  MapKey(int64_t value) : kind(Kind::kInt), bits(static_cast<uint64_t>(value)) {}  // NOLINT
  MapKey(uint64_t value) : kind(Kind::kUint), bits(value) {}  // NOLINT
  MapKey(std::string_view value) : kind(Kind::kString), text(value) {}  // NOLINT

  friend bool operator==(const MapKey& a, const MapKey& b) {
    return a.kind == b.kind && a.bits == b.bits && a.text.size() == b.text.size() &&
           base::SameBytes(a.text.data(), b.text.data(), a.text.size());
  }
  template <typename H>
  friend H AbslHashValue(H hash, const MapKey& key) {
    return H::combine(std::move(hash), key.kind, key.bits, AsAbsl(key.text));
  }
};

constexpr double kTwoTo63 = 9223372036854775808.0;
constexpr double kTwoTo64 = 18446744073709551616.0;

// The normalised form of `key`, or false when `key` cannot name an entry.
bool NormalizeKey(const Value& key, MapKey* out) {
  switch (key.kind()) {
    case ValueKind::kBool:
      *out = key.bool_value();
      return true;
    case ValueKind::kInt:
      *out = key.int_value();
      return true;
    case ValueKind::kUint:
      if (key.uint_value() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        *out = static_cast<int64_t>(key.uint_value());
      } else {
        *out = key.uint_value();
      }
      return true;
    case ValueKind::kDouble: {
      const double d = key.double_value();
      if (std::trunc(d) != d) return false;  // also NaN and infinities
      if (d >= -kTwoTo63 && d < kTwoTo63) {
        *out = static_cast<int64_t>(d);
        return true;
      }
      if (d >= kTwoTo63 && d < kTwoTo64) {
        *out = static_cast<uint64_t>(d);
        return true;
      }
      return false;
    }
    case ValueKind::kString:
      *out = key.string_value();
      return true;
    default:
      return false;
  }
}

google::protobuf::MessageFactory* FactoryFor(const ProtoContext* context, const Descriptor* type) {
  if (context != nullptr && context->factory != nullptr) return context->factory;
  if (type->file()->pool() == google::protobuf::DescriptorPool::generated_pool()) {
    return google::protobuf::MessageFactory::generated_factory();
  }
  return nullptr;
}

const google::protobuf::DescriptorPool* PoolFor(const ProtoContext* context,
                                                const Descriptor* type) {
  if (context != nullptr && context->pool != nullptr) return context->pool;
  return type->file()->pool();
}

bool IsWrapper(const Descriptor* type) {
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_DOUBLEVALUE:
    case Descriptor::WELLKNOWNTYPE_FLOATVALUE:
    case Descriptor::WELLKNOWNTYPE_INT64VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT64VALUE:
    case Descriptor::WELLKNOWNTYPE_INT32VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT32VALUE:
    case Descriptor::WELLKNOWNTYPE_STRINGVALUE:
    case Descriptor::WELLKNOWNTYPE_BYTESVALUE:
    case Descriptor::WELLKNOWNTYPE_BOOLVALUE:
      return true;
    default:
      return false;
  }
}

bool IsNullValueEnum(const FieldDescriptor* field) {
  if (field->cpp_type() != FieldDescriptor::CPPTYPE_ENUM) return false;
  // Read for every enum field: the length rules out other enums before the text is compared.
  constexpr std::string_view kNullValue = "google.protobuf.NullValue";
  const std::string& name = field->enum_type()->full_name();
  return name.size() == kNullValue.size() && name == kNullValue;
}

// A string field's value: borrowed when reflection hands out the message's own storage.
Value StringFieldValue(const std::string& ref, const std::string& scratch, bool bytes,
                       const Owner& owner) {
  if (&ref == &scratch) return bytes ? Value::Bytes(scratch) : Value::String(scratch);
  return bytes ? Value::BytesView(ref, owner) : Value::StringView(ref, owner);
}

Value RepeatedElement(const google::protobuf::Message* message, const Reflection* reflection,
                      const FieldDescriptor* field, int index, const ProtoContext* context,
                      const Owner& owner, MessageTypeCache* cache) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return Value::Int(reflection->GetRepeatedInt32(*message, field, index));
    case FieldDescriptor::CPPTYPE_INT64:
      return Value::Int(reflection->GetRepeatedInt64(*message, field, index));
    case FieldDescriptor::CPPTYPE_UINT32:
      return Value::Uint(reflection->GetRepeatedUInt32(*message, field, index));
    case FieldDescriptor::CPPTYPE_UINT64:
      return Value::Uint(reflection->GetRepeatedUInt64(*message, field, index));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Value::Double(reflection->GetRepeatedDouble(*message, field, index));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Value::Double(reflection->GetRepeatedFloat(*message, field, index));
    case FieldDescriptor::CPPTYPE_BOOL:
      return Value::Bool(reflection->GetRepeatedBool(*message, field, index));
    case FieldDescriptor::CPPTYPE_ENUM:
      if (IsNullValueEnum(field)) return Value::Null();
      return Value::Int(reflection->GetRepeatedEnumValue(*message, field, index));
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& ref =
          reflection->GetRepeatedStringReference(*message, field, index, &scratch);
      return StringFieldValue(ref, scratch, field->type() == FieldDescriptor::TYPE_BYTES, owner);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const google::protobuf::Message& element =
          reflection->GetRepeatedMessage(*message, field, index);
      const Descriptor* type;
      const Reflection* element_reflection;
      if (cache != nullptr) {
        cache->Resolve(element, &type, &element_reflection);
      } else {
        type = element.GetDescriptor();
        element_reflection = element.GetReflection();
      }
      return Value::FromMessage(&element, type, element_reflection, context, owner);
    }
  }
  return Value::Error("unsupported field type");
}

// Whether the messages `reflection` reads are of generated classes, whose message fields then
// hold generated classes too.
bool IsGenerated(const Reflection* reflection) {
  return reflection->GetMessageFactory() == google::protobuf::MessageFactory::generated_factory();
}

const Descriptor* TimestampDescriptor() {
  static const Descriptor* const type = google::protobuf::Timestamp::descriptor();
  return type;
}

const Descriptor* DurationDescriptor() {
  static const Descriptor* const type = google::protobuf::Duration::descriptor();
  return type;
}

// Field `index` of a well-known type, whose layout is fixed (Timestamp: seconds, nanos; a
// wrapper: value; Struct: fields; ListValue: values), or null for a malformed definition. An
// index is cheaper than a lookup by number on every read.
const FieldDescriptor* WellKnownField(const Descriptor* type, int index) {
  return index < type->field_count() ? type->field(index) : nullptr;
}

// An integer field of a Timestamp or Duration; 0 for a malformed definition.
int64_t ReadInt(const google::protobuf::Message& message, const Descriptor* type,
                const Reflection* reflection, int index) {
  const FieldDescriptor* field = WellKnownField(type, index);
  if (field == nullptr || field->is_repeated()) return 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
      return reflection->GetInt64(message, field);
    case FieldDescriptor::CPPTYPE_INT32:
      return reflection->GetInt32(message, field);
    default:
      return 0;
  }
}

Value UnpackAny(const google::protobuf::Message& any, const ProtoContext* context) {
  const Descriptor* descriptor = any.GetDescriptor();
  const Reflection* reflection = any.GetReflection();
  const FieldDescriptor* url_field = descriptor->FindFieldByNumber(1);
  const FieldDescriptor* value_field = descriptor->FindFieldByNumber(2);
  if (url_field == nullptr || value_field == nullptr) return Value::Error("malformed Any");
  const std::string url = reflection->GetString(any, url_field);
  const size_t slash = url.rfind('/');
  const std::string type_name = slash == std::string::npos ? url : url.substr(slash + 1);
  const Descriptor* type = PoolFor(context, descriptor)->FindMessageTypeByName(type_name);
  if (type == nullptr) {
    return Value::Error(absl::StrCat("cannot unpack Any: unknown type '", type_name, "'"));
  }
  google::protobuf::MessageFactory* factory = FactoryFor(context, type);
  const google::protobuf::Message* prototype =
      factory == nullptr ? nullptr : factory->GetPrototype(type);
  if (prototype == nullptr) {
    return Value::Error(absl::StrCat("cannot unpack Any: no factory for '", type_name, "'"));
  }
  std::shared_ptr<google::protobuf::Message> unpacked(prototype->New());
  if (!unpacked->ParseFromString(reflection->GetString(any, value_field))) {
    return Value::Error(absl::StrCat("cannot unpack Any: malformed '", type_name, "'"));
  }
  const google::protobuf::Message* raw = unpacked.get();
  return Value::FromMessage(raw, context, std::move(unpacked));
}

Ordering CompareInts(int64_t a, int64_t b) {
  return a < b ? Ordering::kLess : (a > b ? Ordering::kGreater : Ordering::kEqual);
}
Ordering CompareUints(uint64_t a, uint64_t b) {
  return a < b ? Ordering::kLess : (a > b ? Ordering::kGreater : Ordering::kEqual);
}
Ordering CompareDoubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return Ordering::kUnordered;
  return a < b ? Ordering::kLess : (a > b ? Ordering::kGreater : Ordering::kEqual);
}
Ordering CompareIntUint(int64_t a, uint64_t b) {
  if (a < 0) return Ordering::kLess;
  return CompareUints(static_cast<uint64_t>(a), b);
}
Ordering Reverse(Ordering o) {
  if (o == Ordering::kLess) return Ordering::kGreater;
  if (o == Ordering::kGreater) return Ordering::kLess;
  return o;
}
// An integer against a double compares as doubles (lossy for |a| > 2^53), as cel-go and cel-cpp
// do: `9223372036854775807 < 9223372036854775808.0` is false.
Ordering CompareIntDouble(int64_t a, double b) { return CompareDoubles(static_cast<double>(a), b); }
Ordering CompareUintDouble(uint64_t a, double b) {
  return CompareDoubles(static_cast<double>(a), b);
}

bool IsNumber(ValueKind kind) {
  return kind == ValueKind::kInt || kind == ValueKind::kUint || kind == ValueKind::kDouble;
}

Ordering CompareNumbers(const Value& a, const Value& b) {
  switch (a.kind()) {
    case ValueKind::kInt:
      if (b.kind() == ValueKind::kInt) return CompareInts(a.int_value(), b.int_value());
      if (b.kind() == ValueKind::kUint) return CompareIntUint(a.int_value(), b.uint_value());
      return CompareIntDouble(a.int_value(), b.double_value());
    case ValueKind::kUint:
      if (b.kind() == ValueKind::kUint) return CompareUints(a.uint_value(), b.uint_value());
      if (b.kind() == ValueKind::kInt)
        return Reverse(CompareIntUint(b.int_value(), a.uint_value()));
      return CompareUintDouble(a.uint_value(), b.double_value());
    default:
      if (b.kind() == ValueKind::kDouble) return CompareDoubles(a.double_value(), b.double_value());
      if (b.kind() == ValueKind::kInt)
        return Reverse(CompareIntDouble(b.int_value(), a.double_value()));
      return Reverse(CompareUintDouble(b.uint_value(), a.double_value()));
  }
}

template <typename T>
Ordering CompareOrdered(const T& a, const T& b) {
  return a < b ? Ordering::kLess : (b < a ? Ordering::kGreater : Ordering::kEqual);
}

void AppendQuoted(std::string_view text, bool bytes, std::string* out) {
  out->append(bytes ? "b\"" : "\"");
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        // Bytes print non-ASCII octets escaped; strings keep their UTF-8 as is.
        if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
          absl::StrAppendFormat(out, "\\x%02x", c);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

void AppendLiteral(const Value& value, std::string* out);

void AppendMessageLiteral(const google::protobuf::Message& message, std::string* out) {
  out->append(message.GetDescriptor()->full_name());
  out->push_back('{');
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  bool first = true;
  for (const FieldDescriptor* field : fields) {
    if (field->is_extension()) continue;
    if (!first) out->append(", ");
    first = false;
    out->append(field->name());
    out->append(": ");
    // Unset wrappers are not listed, so a null here only comes from a NullValue enum.
    AppendLiteral(Value::FromField(&message, field, nullptr, nullptr), out);
  }
  out->push_back('}');
}

void AppendLiteral(const Value& value, std::string* out) {
  switch (value.kind()) {
    case ValueKind::kNull:
      out->append("null");
      return;
    case ValueKind::kBool:
      out->append(value.bool_value() ? "true" : "false");
      return;
    case ValueKind::kInt:
      absl::StrAppend(out, value.int_value());
      return;
    case ValueKind::kUint:
      absl::StrAppend(out, value.uint_value(), "u");
      return;
    case ValueKind::kDouble: {
      const double d = value.double_value();
      if (std::isnan(d)) {
        out->append("double(\"NaN\")");
      } else if (std::isinf(d)) {
        out->append(d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")");
      } else {
        std::string text = DoubleToString(d);
        if (text.find_first_of(".e") == std::string::npos) text.append(".0");
        out->append(text);
      }
      return;
    }
    case ValueKind::kString:
      AppendQuoted(value.string_value(), false, out);
      return;
    case ValueKind::kBytes:
      AppendQuoted(value.string_value(), true, out);
      return;
    case ValueKind::kList: {
      const ListValue& list = value.list_value();
      out->push_back('[');
      for (size_t i = 0; i < list.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendLiteral(list.Get(i), out);
      }
      out->push_back(']');
      return;
    }
    case ValueKind::kMap: {
      const MapValue& map = value.map_value();
      out->push_back('{');
      for (size_t i = 0; i < map.size(); ++i) {
        if (i > 0) out->append(", ");
        auto [key, entry] = map.Entry(i);
        AppendLiteral(key, out);
        out->append(": ");
        AppendLiteral(entry, out);
      }
      out->push_back('}');
      return;
    }
    case ValueKind::kMessage:
      AppendMessageLiteral(*value.message_value(), out);
      return;
    case ValueKind::kTimestamp:
      absl::StrAppend(out, "timestamp(\"", TimestampToString(value.timestamp_value()), "\")");
      return;
    case ValueKind::kDuration:
      absl::StrAppend(out, "duration(\"", DurationToString(value.duration_value()), "\")");
      return;
    case ValueKind::kType:
      out->append(value.type_value());
      return;
    case ValueKind::kOptional:
      if (!value.has_optional_value()) {
        out->append("optional.none()");
        return;
      }
      out->append("optional.of(");
      AppendLiteral(value.optional_value(), out);
      out->push_back(')');
      return;
    case ValueKind::kError:
      out->append("error(");
      const absl::string_view message = value.error_value().message();
      AppendQuoted(std::string_view(message.data(), message.size()), false, out);
      out->push_back(')');
      return;
  }
}

}  // namespace

struct MapValue::Rep {
  std::vector<std::pair<Value, Value>> entries;
  absl::flat_hash_map<MapKey, size_t> index;
};

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null_type";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kUint:
      return "uint";
    case ValueKind::kDouble:
      return "double";
    case ValueKind::kString:
      return "string";
    case ValueKind::kBytes:
      return "bytes";
    case ValueKind::kList:
      return "list";
    case ValueKind::kMap:
      return "map";
    case ValueKind::kMessage:
      return "message";
    case ValueKind::kTimestamp:
      return "google.protobuf.Timestamp";
    case ValueKind::kDuration:
      return "google.protobuf.Duration";
    case ValueKind::kType:
      return "type";
    case ValueKind::kError:
      return "error";
    case ValueKind::kOptional:
      return "optional_type";
  }
  return "unknown";
}

// --- ListValue ---

size_t ListValue::size() const {
  if (field_ != nullptr) {
    const auto* message = static_cast<const google::protobuf::Message*>(data_);
    return reflection_->FieldSize(*message, field_);
  }
  return static_cast<const std::vector<Value>*>(data_)->size();
}

Value ListValue::Get(size_t index) const { return Get(index, nullptr); }

Value ListValue::Get(size_t index, MessageTypeCache* cache) const {
  if (field_ != nullptr) {
    return RepeatedElement(static_cast<const google::protobuf::Message*>(data_), reflection_,
                           field_, static_cast<int>(index), context_, owner_, cache);
  }
  return (*static_cast<const std::vector<Value>*>(data_))[index];
}

const google::protobuf::RepeatedPtrField<google::protobuf::Message>* ListValue::GeneratedMessages()
    const {
  if (field_ == nullptr || field_->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
      field_->options().weak() ||
      field_->message_type()->well_known_type() != Descriptor::WELLKNOWNTYPE_UNSPECIFIED ||
      !IsGenerated(reflection_)) {
    return nullptr;
  }
  // Deprecated in favour of `GetRepeatedFieldRef`, whose element access is a virtual call each;
  // still public and supported for `Message`.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return &reflection_->GetRepeatedPtrField<google::protobuf::Message>(
      *static_cast<const google::protobuf::Message*>(data_), field_);
#pragma GCC diagnostic pop
}

void MessageTypeCache::Resolve(const google::protobuf::Message& message, const Descriptor** type,
                               const Reflection** reflection) {
  const std::type_info& message_class = typeid(message);
  if (class_ == &message_class) {
    *type = type_;
    *reflection = reflection_;
    return;
  }
  *type = message.GetDescriptor();
  *reflection = message.GetReflection();
  if (IsGenerated(*reflection)) {
    class_ = &message_class;
    type_ = *type;
    reflection_ = *reflection;
  }
}

// --- MapValue ---

size_t MapValue::size() const {
  if (field_ != nullptr) {
    const auto* message = static_cast<const google::protobuf::Message*>(data_);
    return message->GetReflection()->FieldSize(*message, field_);
  }
  return static_cast<const Rep*>(data_)->entries.size();
}

std::pair<Value, Value> MapValue::Entry(size_t index) const {
  if (field_ != nullptr) {
    const auto* message = static_cast<const google::protobuf::Message*>(data_);
    const google::protobuf::Message& entry =
        message->GetReflection()->GetRepeatedMessage(*message, field_, static_cast<int>(index));
    const Descriptor* type = field_->message_type();  // a map entry: key, then value
    return {Value::FromField(&entry, type->field(0), context_, owner_),
            Value::FromField(&entry, type->field(1), context_, owner_)};
  }
  return static_cast<const Rep*>(data_)->entries[index];
}

Value MapValue::Key(size_t index) const {
  if (field_ != nullptr) {
    const auto* message = static_cast<const google::protobuf::Message*>(data_);
    const google::protobuf::Message& entry =
        message->GetReflection()->GetRepeatedMessage(*message, field_, static_cast<int>(index));
    return Value::FromField(&entry, field_->message_type()->field(0), context_, owner_);
  }
  return static_cast<const Rep*>(data_)->entries[index].first;
}

const Value* MapValue::Borrow(const Value& key) const {
  MapKey wanted;
  if (field_ != nullptr || !NormalizeKey(key, &wanted)) return nullptr;
  const Rep* rep = static_cast<const Rep*>(data_);
  auto it = rep->index.find(wanted);
  return it == rep->index.end() ? nullptr : &rep->entries[it->second].second;
}

bool MapValue::Find(const Value& key, Value* value) const {
  if (field_ == nullptr) {
    const Value* found = Borrow(key);
    if (found == nullptr) return false;
    *value = *found;
    return true;
  }
  MapKey wanted;
  if (!NormalizeKey(key, &wanted)) return false;
  const auto* message = static_cast<const google::protobuf::Message*>(data_);
  const Reflection* reflection = message->GetReflection();
  const int size = reflection->FieldSize(*message, field_);
  for (int i = 0; i < size; ++i) {
    const google::protobuf::Message& entry = reflection->GetRepeatedMessage(*message, field_, i);
    const Descriptor* type = field_->message_type();
    MapKey candidate;
    if (NormalizeKey(Value::FromField(&entry, type->field(0), context_, owner_), &candidate) &&
        candidate == wanted) {
      *value = Value::FromField(&entry, type->field(1), context_, owner_);
      return true;
    }
  }
  return false;
}

// --- Value ---

Value Value::String(std::string value) {
  auto owned = std::make_shared<const std::string>(std::move(value));
  return Value(ValueKind::kString, StringRep{*owned, std::move(owned)});
}

Value Value::Bytes(std::string value) {
  auto owned = std::make_shared<const std::string>(std::move(value));
  return Value(ValueKind::kBytes, StringRep{*owned, std::move(owned)});
}

namespace {

// Freed blocks of strings the engine built, kept by each thread for its next strings, by size
// class (up to 64, 128 and 256 bytes): evaluations that build strings free them soon after, on
// the same thread, and taking a block back costs less than `operator new`. At most
// `kMaxCachedBlocks` per class; the rest go back to the heap, and so does all of it when the
// thread ends. Off under AddressSanitizer, which should see every free.
#if defined(__SANITIZE_ADDRESS__)
#define HDSC_STRING_BLOCK_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HDSC_STRING_BLOCK_CACHE 0
#endif
#endif
#ifndef HDSC_STRING_BLOCK_CACHE
#define HDSC_STRING_BLOCK_CACHE 1
#endif

constexpr size_t kStringBlockClasses = 3;
constexpr size_t kMaxCachedBlocks = 32;

// The size class of a block of `bytes`, or kStringBlockClasses for one too large to keep.
inline size_t StringBlockClass(size_t bytes) {
  return bytes <= 64 ? 0 : bytes <= 128 ? 1 : bytes <= 256 ? 2 : kStringBlockClasses;
}

#if HDSC_STRING_BLOCK_CACHE
struct StringBlockCache {
  struct Free {
    Free* next;
  };
  ~StringBlockCache() {
    for (size_t i = 0; i < kStringBlockClasses; ++i) {
      while (heads[i] != nullptr) {
        Free* next = heads[i]->next;
        ::operator delete(heads[i]);
        heads[i] = next;
      }
      counts[i] = kMaxCachedBlocks;  // a string freed later in the thread's exit goes to the heap
    }
  }
  Free* heads[kStringBlockClasses] = {};
  size_t counts[kStringBlockClasses] = {};
};
thread_local StringBlockCache string_block_cache;
#endif

void* AllocateStringBlock(size_t bytes) {
  const size_t size_class = StringBlockClass(bytes);
  if (size_class == kStringBlockClasses) return ::operator new(bytes);
#if HDSC_STRING_BLOCK_CACHE
  StringBlockCache& cache = string_block_cache;
  if (StringBlockCache::Free* block = cache.heads[size_class]) {
    cache.heads[size_class] = block->next;
    --cache.counts[size_class];
    return block;
  }
#endif
  return ::operator new(size_t{64} << size_class);
}

void FreeStringBlock(void* block, size_t bytes) {
  const size_t size_class = StringBlockClass(bytes);
#if HDSC_STRING_BLOCK_CACHE
  if (size_class < kStringBlockClasses) {
    StringBlockCache& cache = string_block_cache;
    if (cache.counts[size_class] < kMaxCachedBlocks) {
      auto* free = static_cast<StringBlockCache::Free*>(block);
      free->next = cache.heads[size_class];
      cache.heads[size_class] = free;
      ++cache.counts[size_class];
      return;
    }
  }
#endif
  (void)size_class;
  ::operator delete(block);
}

// An allocator for `std::allocate_shared` that puts `extra` bytes after the object it allocates
// (the control block with the shared object in it) and says where they start: a string's bytes
// then share one allocation with its reference count.
template <typename T>
struct TrailingBytesAllocator {
  using value_type = T;

  TrailingBytesAllocator(size_t extra_bytes, char** trailing_bytes)
      : extra(extra_bytes), trailing(trailing_bytes) {}
  template <typename U>
  TrailingBytesAllocator(const TrailingBytesAllocator<U>& other)  // NOLINT(runtime/explicit)
      : extra(other.extra), trailing(other.trailing) {}

  T* allocate(size_t n) {
    char* block = static_cast<char*>(AllocateStringBlock(sizeof(T) * n + extra));
    *trailing = block + sizeof(T) * n;
    return reinterpret_cast<T*>(block);
  }
  void deallocate(T* block, size_t n) { FreeStringBlock(block, sizeof(T) * n + extra); }

  template <typename U>
  bool operator==(const TrailingBytesAllocator<U>& other) const {
    return extra == other.extra;
  }
  template <typename U>
  bool operator!=(const TrailingBytesAllocator<U>& other) const {
    return !(*this == other);
  }

  size_t extra;
  char** trailing;
};

// What an owned string's reference count is attached to: the bytes follow the control block.
struct StringBlock {};

}  // namespace

Value Value::UninitializedString(ValueKind kind, size_t size, char** data) {
  char* bytes = nullptr;
  Owner owner = std::allocate_shared<const StringBlock>(
      TrailingBytesAllocator<StringBlock>(size == 0 ? 1 : size, &bytes));
  *data = bytes;
  return Value(kind, StringRep{std::string_view(bytes, size), std::move(owner)});
}

Value Value::StringCopy(std::string_view value) {
  char* data;
  Value result = UninitializedString(ValueKind::kString, value.size(), &data);
  if (!value.empty()) std::memcpy(data, value.data(), value.size());
  return result;
}

Value Value::StringView(std::string_view value, Owner owner) {
  return Value(ValueKind::kString, StringRep{value, std::move(owner)});
}

Value Value::BytesView(std::string_view value, Owner owner) {
  return Value(ValueKind::kBytes, StringRep{value, std::move(owner)});
}

Value Value::List(std::vector<Value> elements) {
  // Not const: `AppendToList` may grow a vector it solely owns.
  auto owned = std::make_shared<std::vector<Value>>(std::move(elements));
  ListValue list;
  list.data_ = owned.get();
  list.owner_ = std::move(owned);
  return Value(std::move(list));
}

Value Value::RepeatedField(const google::protobuf::Message* message, const Reflection* reflection,
                           const FieldDescriptor* field, const ProtoContext* context, Owner owner) {
  ListValue list;
  list.data_ = message;
  list.field_ = field;
  list.reflection_ = reflection;
  list.context_ = context;
  list.owner_ = std::move(owner);
  return Value(std::move(list));
}

absl::StatusOr<Value> Value::Map(std::vector<std::pair<Value, Value>> entries) {
  auto rep = std::make_shared<MapValue::Rep>();
  rep->entries = std::move(entries);
  rep->index.reserve(rep->entries.size());
  for (size_t i = 0; i < rep->entries.size(); ++i) {
    const Value& key = rep->entries[i].first;
    MapKey normalized;
    if (key.kind() == ValueKind::kDouble || !NormalizeKey(key, &normalized)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unsupported key type '", AsAbsl(key.TypeName()), "'"));
    }
    if (!rep->index.emplace(normalized, i).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("repeated key ", FormatAsCelLiteral(key), " in map"));
    }
  }
  MapValue map;
  map.data_ = rep.get();
  map.owner_ = std::move(rep);
  return Value(std::move(map));
}

Value Value::MapField(const google::protobuf::Message* message, const FieldDescriptor* field,
                      const ProtoContext* context, Owner owner) {
  MapValue map;
  map.data_ = message;
  map.field_ = field;
  map.context_ = context;
  map.owner_ = std::move(owner);
  return Value(std::move(map));
}

Value Value::Message(const google::protobuf::Message* message, Owner owner) {
  return Message(message, message->GetDescriptor(), message->GetReflection(), std::move(owner));
}

Value Value::Message(const google::protobuf::Message* message, const Descriptor* type,
                     const Reflection* reflection, Owner owner) {
  return Value(MessageRef{message, type, reflection, std::move(owner)});
}

Value Value::Message(std::shared_ptr<const google::protobuf::Message> message) {
  const google::protobuf::Message* raw = message.get();
  return Message(raw, std::move(message));
}

Value Value::Timestamp(absl::Time value) {
  Value v;
  v.kind_ = ValueKind::kTimestamp;
  v.time_ = value;
  return v;
}

Value Value::Duration(absl::Duration value) {
  Value v;
  v.kind_ = ValueKind::kDuration;
  v.duration_ = value;
  return v;
}

void Value::CopyFrom(const Value& other) {
  switch (kind_) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      new (&string_) StringRep(other.string_);
      return;
    case ValueKind::kList:
      new (&list_) ListValue(other.list_);
      return;
    case ValueKind::kMap:
      new (&map_) MapValue(other.map_);
      return;
    case ValueKind::kMessage:
      new (&message_) MessageRef(other.message_);
      return;
    case ValueKind::kError:
      new (&status_) absl::Status(other.status_);
      return;
    case ValueKind::kOptional:
      new (&optional_) std::shared_ptr<const Value>(other.optional_);
      return;
    default:
      CopyPlain(other);
      return;
  }
}

void Value::MoveFrom(Value&& other) noexcept {
  switch (kind_) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      new (&string_) StringRep(std::move(other.string_));
      return;
    case ValueKind::kList:
      new (&list_) ListValue(std::move(other.list_));
      return;
    case ValueKind::kMap:
      new (&map_) MapValue(std::move(other.map_));
      return;
    case ValueKind::kMessage:
      new (&message_) MessageRef(std::move(other.message_));
      return;
    case ValueKind::kError:
      // A moved-from status is left in a valid state that its destructor handles.
      new (&status_) absl::Status(std::move(other.status_));
      return;
    case ValueKind::kOptional:
      new (&optional_) std::shared_ptr<const Value>(std::move(other.optional_));
      return;
    default:
      CopyPlain(other);
      return;
  }
}

void Value::MoveAssign(Value&& other) noexcept {
  if (this == &other) return;
  if (kind_ == other.kind_) {
    // Member by member, each representation's owner last: what `other` borrows from this value
    // is taken before this value lets go of it.
    switch (kind_) {
      case ValueKind::kString:
      case ValueKind::kBytes:
        string_ = std::move(other.string_);
        return;
      case ValueKind::kList:
        list_ = std::move(other.list_);
        return;
      case ValueKind::kMap:
        map_ = std::move(other.map_);
        return;
      case ValueKind::kMessage:
        message_ = std::move(other.message_);
        return;
      case ValueKind::kError:
        status_ = std::move(other.status_);
        return;
      case ValueKind::kOptional:
        optional_ = std::move(other.optional_);
        return;
      default:
        CopyPlain(other);
        return;
    }
  }
  // `other` may belong to this value (an element of its list): take it before letting go.
  Value taken(std::move(other));
  if (!IsPlain(kind_)) Destroy();
  kind_ = taken.kind_;
  if (IsPlain(kind_)) {
    CopyPlain(taken);
  } else {
    MoveFrom(std::move(taken));
  }
}

void Value::Destroy() noexcept {
  switch (kind_) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      string_.~StringRep();
      break;
    case ValueKind::kList:
      list_.~ListValue();
      break;
    case ValueKind::kMap:
      map_.~MapValue();
      break;
    case ValueKind::kMessage:
      message_.~MessageRef();
      break;
    case ValueKind::kError:
      status_.~Status();
      break;
    case ValueKind::kOptional:
      optional_.~shared_ptr();
      break;
    default:
      break;
  }
  kind_ = ValueKind::kNull;
}

Value Value::Type(std::string_view name) {
  Value v;
  v.kind_ = ValueKind::kType;
  v.type_ = name;
  return v;
}

Value Value::Error(absl::Status status) {
  Value v;
  v.kind_ = ValueKind::kError;
  new (&v.status_) absl::Status(std::move(status));
  return v;
}

Value Value::Optional(Value value) {
  Value v;
  v.kind_ = ValueKind::kOptional;
  new (&v.optional_) std::shared_ptr<const Value>(std::make_shared<const Value>(std::move(value)));
  return v;
}

Value Value::OptionalNone() {
  Value v;
  v.kind_ = ValueKind::kOptional;
  new (&v.optional_) std::shared_ptr<const Value>();
  return v;
}

Value Value::Error(std::string_view message) {
  return Error(absl::InvalidArgumentError(AsAbsl(message)));
}

const Owner& Value::owner() const {
  static const Owner* const kNone = new Owner();
  switch (kind()) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      return string_.owner;
    case ValueKind::kList:
      return list_.owner_;
    case ValueKind::kMap:
      return map_.owner_;
    case ValueKind::kMessage:
      return message_.owner;
    default:
      return *kNone;
  }
}

std::string_view Value::TypeName() const {
  if (kind() == ValueKind::kMessage) return message_type()->full_name();
  return ValueKindName(kind());
}

Value Value::FromMessage(const google::protobuf::Message* message, const ProtoContext* context,
                         Owner owner) {
  return FromMessage(message, message->GetDescriptor(), message->GetReflection(), context,
                     std::move(owner));
}

Value Value::FromMessage(const google::protobuf::Message* message, const Descriptor* type,
                         const Reflection* reflection, const ProtoContext* context, Owner owner) {
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
      return Timestamp(absl::FromUnixSeconds(ReadInt(*message, type, reflection, 0)) +
                       absl::Nanoseconds(ReadInt(*message, type, reflection, 1)));
    case Descriptor::WELLKNOWNTYPE_DURATION:
      return Duration(absl::Seconds(ReadInt(*message, type, reflection, 0)) +
                      absl::Nanoseconds(ReadInt(*message, type, reflection, 1)));
    case Descriptor::WELLKNOWNTYPE_DOUBLEVALUE:
    case Descriptor::WELLKNOWNTYPE_FLOATVALUE:
    case Descriptor::WELLKNOWNTYPE_INT64VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT64VALUE:
    case Descriptor::WELLKNOWNTYPE_INT32VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT32VALUE:
    case Descriptor::WELLKNOWNTYPE_STRINGVALUE:
    case Descriptor::WELLKNOWNTYPE_BYTESVALUE:
    case Descriptor::WELLKNOWNTYPE_BOOLVALUE: {
      const FieldDescriptor* value = WellKnownField(type, 0);
      if (value == nullptr || value->is_repeated()) return Error("malformed wrapper type");
      return FromField(message, reflection, value, context, owner);
    }
    case Descriptor::WELLKNOWNTYPE_STRUCT: {
      const FieldDescriptor* fields = WellKnownField(type, 0);
      if (fields == nullptr || !fields->is_map()) return Error("malformed google.protobuf.Struct");
      return MapField(message, fields, context, std::move(owner));
    }
    case Descriptor::WELLKNOWNTYPE_LISTVALUE: {
      const FieldDescriptor* values = WellKnownField(type, 0);
      if (values == nullptr || !values->is_repeated() || values->is_map()) {
        return Error("malformed google.protobuf.ListValue");
      }
      return RepeatedField(message, reflection, values, context, std::move(owner));
    }
    case Descriptor::WELLKNOWNTYPE_VALUE: {
      const google::protobuf::OneofDescriptor* kind = type->FindOneofByName("kind");
      const FieldDescriptor* set =
          kind == nullptr ? nullptr : reflection->GetOneofFieldDescriptor(*message, kind);
      if (set == nullptr || IsNullValueEnum(set)) return Null();
      return FromField(message, reflection, set, context, owner);
    }
    case Descriptor::WELLKNOWNTYPE_ANY:
      return UnpackAny(*message, context);
    default:
      return Message(message, type, reflection, std::move(owner));
  }
}

Value Value::FromField(const google::protobuf::Message* message, const FieldDescriptor* field,
                       const ProtoContext* context, const Owner& owner) {
  return FromField(message, message->GetReflection(), field, context, owner);
}

Value Value::FromField(const google::protobuf::Message* message, const Reflection* reflection,
                       const FieldDescriptor* field, const ProtoContext* context,
                       const Owner& owner) {
  return FieldReader(field).Read(message, reflection, context, owner);
}

// --- FieldReader ---

FieldReader::FieldReader(const FieldDescriptor* field, bool use_generated_accessors)
    : field_(field), how_(HowToRead(field)) {
  if (!use_generated_accessors) return;
  const base::GeneratedFieldAccessors* accessors =
      base::FindGeneratedFieldAccessors(field, &generated_reflection_);
  if (accessors == nullptr) return;
  accessors_ = *accessors;
  if (accessors_.get_message != nullptr && (how_ == How::kMessage || how_ == How::kNullable)) {
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(field->message_type());
    if (prototype != nullptr) {
      generated_child_type_ = field->message_type();
      generated_child_reflection_ = prototype->GetReflection();
      generated_child_is_plain_ = generated_child_type_->well_known_type() == Descriptor::WELLKNOWNTYPE_UNSPECIFIED;
    }
  }
}

Value FieldReader::MessageValue(const google::protobuf::Message& message, const Reflection& reflection,
                                const ProtoContext* context, const Owner& owner) const {
  const google::protobuf::Message& child = GetMessage(message, reflection);
  // A generated message's child is of the field's generated class (`GetMessage` read it through the accessor).
  if (&reflection == generated_reflection_ && generated_child_reflection_ != nullptr) {
    if (generated_child_is_plain_) {
      return Value::Message(&child, generated_child_type_, generated_child_reflection_, owner);
    }
    return Value::FromMessage(&child, generated_child_type_, generated_child_reflection_, context, owner);
  }
  return Value::FromMessage(&child, context, owner);
}

FieldReader::How FieldReader::HowToRead(const FieldDescriptor* field) {
  if (field->is_map()) return How::kMap;
  if (field->is_repeated()) return How::kList;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return How::kInt32;
    case FieldDescriptor::CPPTYPE_INT64:
      return How::kInt64;
    case FieldDescriptor::CPPTYPE_UINT32:
      return How::kUint32;
    case FieldDescriptor::CPPTYPE_UINT64:
      return How::kUint64;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return How::kDouble;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return How::kFloat;
    case FieldDescriptor::CPPTYPE_BOOL:
      return How::kBool;
    case FieldDescriptor::CPPTYPE_ENUM:
      return IsNullValueEnum(field) ? How::kNull : How::kEnum;
    case FieldDescriptor::CPPTYPE_STRING:
      return field->type() == FieldDescriptor::TYPE_BYTES ? How::kBytes : How::kString;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Descriptor* type = field->message_type();
      if (IsWrapper(type) || type->well_known_type() == Descriptor::WELLKNOWNTYPE_VALUE ||
          type->well_known_type() == Descriptor::WELLKNOWNTYPE_ANY) {
        return How::kNullable;
      }
      // A weak field may hold a placeholder, not the generated class: read it by reflection.
      if (!field->options().weak()) {
        if (type == TimestampDescriptor()) return How::kTimestamp;
        if (type == DurationDescriptor()) return How::kDuration;
      }
      return How::kMessage;
    }
  }
  return How::kMessage;
}

bool FieldReader::reads_int() const {
  return how_ == How::kInt32 || how_ == How::kInt64 || how_ == How::kEnum;
}

int64_t FieldReader::ReadIntByReflection(const google::protobuf::Message& message,
                                         const Reflection& reflection) const {
  switch (how_) {
    case How::kInt32:
      return reflection.GetInt32(message, field_);
    case How::kInt64:
      return reflection.GetInt64(message, field_);
    default:
      return reflection.GetEnumValue(message, field_);
  }
}

bool FieldReader::HasByReflection(const google::protobuf::Message& message,
                                  const Reflection& reflection) const {
  return how_ == How::kList || how_ == How::kMap ? reflection.FieldSize(message, field_) > 0
                                                 : reflection.HasField(message, field_);
}

const google::protobuf::Message& FieldReader::GetMessage(const google::protobuf::Message& message,
                                                         const Reflection& reflection) const {
  if (&reflection == generated_reflection_ && accessors_.get_message != nullptr) {
    return accessors_.get_message(message);
  }
  return reflection.GetMessage(message, field_);
}

Value FieldReader::Read(const google::protobuf::Message* message, const Reflection* reflection,
                        const ProtoContext* context, const Owner& owner) const {
  switch (how_) {
    case How::kInt32:
    case How::kInt64:
    case How::kEnum:
      return Value::Int(ReadInt(*message, *reflection));
    case How::kUint32:
      return Value::Uint(reflection->GetUInt32(*message, field_));
    case How::kUint64:
      return Value::Uint(reflection->GetUInt64(*message, field_));
    case How::kDouble:
      return Value::Double(reflection->GetDouble(*message, field_));
    case How::kFloat:
      return Value::Double(reflection->GetFloat(*message, field_));
    case How::kBool:
      if (reflection == generated_reflection_ && accessors_.get_bool != nullptr) {
        return Value::Bool(accessors_.get_bool(*message));
      }
      return Value::Bool(reflection->GetBool(*message, field_));
    case How::kNull:
      return Value::Null();
    case How::kString:
    case How::kBytes: {
      std::string scratch;
      const std::string& ref = reflection == generated_reflection_ && accessors_.get_string != nullptr
                                   ? accessors_.get_string(*message)
                                   : reflection->GetStringReference(*message, field_, &scratch);
      return StringFieldValue(ref, scratch, how_ == How::kBytes, owner);
    }
    case How::kTimestamp:
    case How::kDuration: {
      const google::protobuf::Message& child = GetMessage(*message, *reflection);
      // A generated message holds generated messages of its fields' types: the Timestamp or
      // Duration is then read without reflection.
      if (reflection != generated_reflection_ && !IsGenerated(reflection)) {
        return Value::FromMessage(&child, context, owner);
      }
      if (how_ == How::kTimestamp) {
        const auto& timestamp = static_cast<const google::protobuf::Timestamp&>(child);
        return Value::Timestamp(absl::FromUnixSeconds(timestamp.seconds()) +
                                absl::Nanoseconds(timestamp.nanos()));
      }
      const auto& duration = static_cast<const google::protobuf::Duration&>(child);
      return Value::Duration(absl::Seconds(duration.seconds()) +
                             absl::Nanoseconds(duration.nanos()));
    }
    case How::kNullable:
      if (!Has(*message, *reflection)) return Value::Null();
      return MessageValue(*message, *reflection, context, owner);
    case How::kMessage:
      return MessageValue(*message, *reflection, context, owner);
    case How::kList:
      return Value::RepeatedField(message, reflection, field_, context, owner);
    case How::kMap:
      return Value::MapField(message, field_, context, owner);
  }
  return Value::Error("unsupported field type");
}

Value AppendToList(Value list, std::vector<Value>* elements) {
  return AppendToList(std::move(list), elements->data(), elements->size());
}

Value AppendToList(Value list, Value* elements, size_t count) {
  AppendToList(&list, elements, count);
  return list;
}

void AppendToList(Value* list, Value* elements, size_t count) {
  ListValue& rep = list->list_;
  if (rep.field_ == nullptr && rep.owner_.use_count() == 1) {
    // Sole owner: the vector was created by this evaluation and nothing else can observe it.
    auto* vector =
        const_cast<std::vector<Value>*>(static_cast<const std::vector<Value>*>(rep.data_));
    for (size_t i = 0; i < count; ++i) vector->push_back(std::move(elements[i]));
    return;
  }
  std::vector<Value> combined;
  combined.reserve(rep.size() + count);
  for (size_t i = 0; i < rep.size(); ++i) combined.push_back(rep.Get(i));
  for (size_t i = 0; i < count; ++i) combined.push_back(std::move(elements[i]));
  *list = Value::List(std::move(combined));
}

// --- Equality and ordering ---

bool Equal(const Value& a, const Value& b) {
  if (IsNumber(a.kind()) && IsNumber(b.kind())) return CompareNumbers(a, b) == Ordering::kEqual;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kNull:
      return true;
    case ValueKind::kBool:
      return a.bool_value() == b.bool_value();
    case ValueKind::kString:
    case ValueKind::kBytes:
      return a.string_value() == b.string_value();
    case ValueKind::kList: {
      const ListValue& x = a.list_value();
      const ListValue& y = b.list_value();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equal(x.Get(i), y.Get(i))) return false;
      }
      return true;
    }
    case ValueKind::kMap: {
      const MapValue& x = a.map_value();
      const MapValue& y = b.map_value();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        auto [key, value] = x.Entry(i);
        Value other;
        if (!y.Find(key, &other) || !Equal(value, other)) return false;
      }
      return true;
    }
    case ValueKind::kMessage: {
      const google::protobuf::Message* x = a.message_value();
      const google::protobuf::Message* y = b.message_value();
      if (a.message_type()->full_name() != b.message_type()->full_name()) return false;
      if (a.message_type() != b.message_type()) {
        return x->SerializeAsString() == y->SerializeAsString();
      }
      return google::protobuf::util::MessageDifferencer::Equals(*x, *y);
    }
    case ValueKind::kTimestamp:
      return a.timestamp_value() == b.timestamp_value();
    case ValueKind::kDuration:
      return a.duration_value() == b.duration_value();
    case ValueKind::kType:
      return a.type_value() == b.type_value();
    case ValueKind::kOptional:
      if (!a.has_optional_value() || !b.has_optional_value()) {
        return a.has_optional_value() == b.has_optional_value();
      }
      return Equal(a.optional_value(), b.optional_value());
    default:
      return false;
  }
}

Ordering Compare(const Value& a, const Value& b) {
  if (IsNumber(a.kind()) && IsNumber(b.kind())) return CompareNumbers(a, b);
  if (a.kind() != b.kind()) return Ordering::kIncomparable;
  switch (a.kind()) {
    case ValueKind::kBool:
      return CompareOrdered(a.bool_value(), b.bool_value());
    case ValueKind::kString:
    case ValueKind::kBytes:
      return CompareOrdered(a.string_value(), b.string_value());
    case ValueKind::kTimestamp:
      return CompareOrdered(a.timestamp_value(), b.timestamp_value());
    case ValueKind::kDuration:
      return CompareOrdered(a.duration_value(), b.duration_value());
    default:
      return Ordering::kIncomparable;
  }
}

// --- Formatting ---

std::string FormatAsCelLiteral(const Value& value) {
  std::string out;
  AppendLiteral(value, &out);
  return out;
}

std::string DoubleToString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  // Shortest scientific digits that read back to `value`.
  std::string scientific;
  for (int precision = 0; precision <= 16; ++precision) {
    scientific = absl::StrFormat("%.*e", precision, value);
    if (std::strtod(scientific.c_str(), nullptr) == value) break;
  }
  const bool negative = scientific[0] == '-';
  const size_t e = scientific.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e; ++i) {
    if (scientific[i] != '.') digits.push_back(scientific[i]);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  std::string out = negative ? "-" : "";
  // Go's strconv 'g' with the shortest precision switches to %e outside [1e-4, 1e21).
  if (exponent < -4 || exponent >= 21) {
    out.push_back(digits[0]);
    if (digits.size() > 1) absl::StrAppend(&out, ".", digits.substr(1));
    absl::StrAppendFormat(&out, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out;
  }
  if (exponent < 0) {
    absl::StrAppend(&out, "0.", std::string(-exponent - 1, '0'), digits);
  } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
    absl::StrAppend(&out, digits, std::string(exponent + 1 - digits.size(), '0'));
  } else {
    absl::StrAppend(&out, digits.substr(0, exponent + 1), ".", digits.substr(exponent + 1));
  }
  return out;
}

std::string TimestampToString(absl::Time value) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", value, absl::UTCTimeZone());
}

std::string DurationToString(absl::Duration value) {
  std::string out;
  if (value < absl::ZeroDuration()) {
    out.push_back('-');
    value = -value;
  }
  const int64_t seconds = absl::IDivDuration(value, absl::Seconds(1), &value);
  const int64_t nanos = absl::ToInt64Nanoseconds(value);
  absl::StrAppend(&out, seconds);
  if (nanos != 0) {
    std::string fraction = absl::StrFormat("%09d", nanos);
    while (fraction.back() == '0') fraction.pop_back();
    absl::StrAppend(&out, ".", fraction);
  }
  out.push_back('s');
  return out;
}

// --- Message construction ---

namespace {

absl::Status TypeMismatch(const FieldDescriptor* field, const Value& value) {
  return absl::InvalidArgumentError(absl::StrCat(
      "field '", field->full_name(), "' cannot hold a value of type '", AsAbsl(value.TypeName()), "'"));
}

absl::Status OutOfRange(const FieldDescriptor* field) {
  return absl::OutOfRangeError(
      absl::StrCat("value out of range for field '", field->full_name(), "'"));
}

absl::Status FillMessage(google::protobuf::Message* out, const Value& value,
                         const ProtoContext& context);

// Sets (or, with `add`, appends to) the non-map field `field` of `message`.
absl::Status SetOne(google::protobuf::Message* message, const FieldDescriptor* field,
                    const Value& value, bool add, const ProtoContext& context) {
  const Reflection* reflection = message->GetReflection();
  const ValueKind kind = value.kind();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      if (kind != ValueKind::kInt) return TypeMismatch(field, value);
      const int64_t v = value.int_value();
      if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
        return OutOfRange(field);
      }
      add ? reflection->AddInt32(message, field, static_cast<int32_t>(v))
          : reflection->SetInt32(message, field, static_cast<int32_t>(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64:
      if (kind != ValueKind::kInt) return TypeMismatch(field, value);
      add ? reflection->AddInt64(message, field, value.int_value())
          : reflection->SetInt64(message, field, value.int_value());
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_UINT32: {
      if (kind != ValueKind::kUint) return TypeMismatch(field, value);
      if (value.uint_value() > std::numeric_limits<uint32_t>::max()) return OutOfRange(field);
      const auto v = static_cast<uint32_t>(value.uint_value());
      add ? reflection->AddUInt32(message, field, v) : reflection->SetUInt32(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64:
      if (kind != ValueKind::kUint) return TypeMismatch(field, value);
      add ? reflection->AddUInt64(message, field, value.uint_value())
          : reflection->SetUInt64(message, field, value.uint_value());
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_DOUBLE:
      if (kind != ValueKind::kDouble) return TypeMismatch(field, value);
      add ? reflection->AddDouble(message, field, value.double_value())
          : reflection->SetDouble(message, field, value.double_value());
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_FLOAT: {
      if (kind != ValueKind::kDouble) return TypeMismatch(field, value);
      const auto v = static_cast<float>(value.double_value());
      add ? reflection->AddFloat(message, field, v) : reflection->SetFloat(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (kind != ValueKind::kBool) return TypeMismatch(field, value);
      add ? reflection->AddBool(message, field, value.bool_value())
          : reflection->SetBool(message, field, value.bool_value());
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_STRING: {
      const bool bytes = field->type() == FieldDescriptor::TYPE_BYTES;
      if (kind != (bytes ? ValueKind::kBytes : ValueKind::kString)) {
        return TypeMismatch(field, value);
      }
      std::string v(value.string_value());
      add ? reflection->AddString(message, field, std::move(v))
          : reflection->SetString(message, field, std::move(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      int64_t v;
      if (IsNullValueEnum(field) && kind == ValueKind::kNull) {
        v = 0;
      } else if (kind == ValueKind::kInt) {
        v = value.int_value();
      } else {
        return TypeMismatch(field, value);
      }
      if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
        return OutOfRange(field);
      }
      add ? reflection->AddEnumValue(message, field, static_cast<int>(v))
          : reflection->SetEnumValue(message, field, static_cast<int>(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Descriptor* type = field->message_type();
      if (kind == ValueKind::kNull && type->well_known_type() != Descriptor::WELLKNOWNTYPE_VALUE) {
        // `null` leaves a message field unset (a wrapper or Any reads back as null); a list or
        // struct cannot be null.
        if (add || type->well_known_type() == Descriptor::WELLKNOWNTYPE_LISTVALUE ||
            type->well_known_type() == Descriptor::WELLKNOWNTYPE_STRUCT) {
          return TypeMismatch(field, value);
        }
        reflection->ClearField(message, field);
        return absl::OkStatus();
      }
      google::protobuf::Message* sub =
          add ? reflection->AddMessage(message, field) : reflection->MutableMessage(message, field);
      absl::Status status = FillMessage(sub, value, context);
      if (!status.ok() && !absl::StrContains(status.message(), field->full_name())) {
        return absl::Status(status.code(),
                            absl::StrCat("field '", field->full_name(), "': ", status.message()));
      }
      return status;
    }
  }
  return TypeMismatch(field, value);
}

std::unique_ptr<google::protobuf::Message> NewMessage(std::string_view type_name,
                                                      const ProtoContext& context) {
  const google::protobuf::DescriptorPool* pool =
      context.pool != nullptr ? context.pool : google::protobuf::DescriptorPool::generated_pool();
  const Descriptor* type = pool->FindMessageTypeByName(std::string(type_name));
  if (type == nullptr) return nullptr;
  google::protobuf::MessageFactory* factory = FactoryFor(&context, type);
  if (factory == nullptr) return nullptr;
  const google::protobuf::Message* prototype = factory->GetPrototype(type);
  if (prototype == nullptr) return nullptr;
  return std::unique_ptr<google::protobuf::Message>(prototype->New());
}

// The well-known type that carries `value` inside an `Any` or a JSON `Value`.
std::string_view CarrierType(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kBool:
      return "google.protobuf.BoolValue";
    case ValueKind::kInt:
      return "google.protobuf.Int64Value";
    case ValueKind::kUint:
      return "google.protobuf.UInt64Value";
    case ValueKind::kDouble:
      return "google.protobuf.DoubleValue";
    case ValueKind::kString:
      return "google.protobuf.StringValue";
    case ValueKind::kBytes:
      return "google.protobuf.BytesValue";
    case ValueKind::kList:
      return "google.protobuf.ListValue";
    case ValueKind::kMap:
      return "google.protobuf.Struct";
    case ValueKind::kTimestamp:
      return "google.protobuf.Timestamp";
    case ValueKind::kDuration:
      return "google.protobuf.Duration";
    case ValueKind::kNull:
      return "google.protobuf.Value";
    default:
      return "";
  }
}

absl::Status FillJson(google::protobuf::Message* out, const Value& value,
                      const ProtoContext& context) {
  const Descriptor* type = out->GetDescriptor();
  const Reflection* reflection = out->GetReflection();
  auto field = [type](const char* name) { return type->FindFieldByName(name); };
  constexpr double kMaxSafeInteger = 9007199254740991.0;
  switch (value.kind()) {
    case ValueKind::kNull:
      reflection->SetEnumValue(out, field("null_value"), 0);
      return absl::OkStatus();
    case ValueKind::kBool:
      reflection->SetBool(out, field("bool_value"), value.bool_value());
      return absl::OkStatus();
    case ValueKind::kInt:
      // Integers JSON numbers cannot hold exactly travel as strings, as in cel-go.
      if (std::abs(static_cast<double>(value.int_value())) > kMaxSafeInteger) {
        reflection->SetString(out, field("string_value"), absl::StrCat(value.int_value()));
      } else {
        reflection->SetDouble(out, field("number_value"), static_cast<double>(value.int_value()));
      }
      return absl::OkStatus();
    case ValueKind::kUint:
      if (static_cast<double>(value.uint_value()) > kMaxSafeInteger) {
        reflection->SetString(out, field("string_value"), absl::StrCat(value.uint_value()));
      } else {
        reflection->SetDouble(out, field("number_value"), static_cast<double>(value.uint_value()));
      }
      return absl::OkStatus();
    case ValueKind::kDouble:
      reflection->SetDouble(out, field("number_value"), value.double_value());
      return absl::OkStatus();
    case ValueKind::kString:
      reflection->SetString(out, field("string_value"), std::string(value.string_value()));
      return absl::OkStatus();
    case ValueKind::kBytes:
      reflection->SetString(out, field("string_value"),
                            absl::Base64Escape(AsAbsl(value.string_value())));
      return absl::OkStatus();
    case ValueKind::kTimestamp:
      reflection->SetString(out, field("string_value"), TimestampToString(value.timestamp_value()));
      return absl::OkStatus();
    case ValueKind::kDuration:
      reflection->SetString(out, field("string_value"), DurationToString(value.duration_value()));
      return absl::OkStatus();
    case ValueKind::kList:
      return FillMessage(reflection->MutableMessage(out, field("list_value")), value, context);
    case ValueKind::kMap:
      return FillMessage(reflection->MutableMessage(out, field("struct_value")), value, context);
    case ValueKind::kMessage: {
      // Other messages take their protobuf JSON form (FieldMask -> "a,b", Empty -> {}).
      std::string json;
      google::protobuf::util::JsonPrintOptions print_options;
      if (!google::protobuf::util::MessageToJsonString(*value.message_value(), &json, print_options)
               .ok() ||
          !google::protobuf::util::JsonStringToMessage(json, out).ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("a value of type '", AsAbsl(value.TypeName()), "' has no JSON form"));
      }
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("a value of type '", AsAbsl(value.TypeName()), "' has no JSON form"));
  }
}

// Writes `value` into `out`, a message of a well-known type or of the value's own type.
absl::Status FillMessage(google::protobuf::Message* out, const Value& value,
                         const ProtoContext& context) {
  const Descriptor* type = out->GetDescriptor();
  const Reflection* reflection = out->GetReflection();
  auto mismatch = [&]() {
    return absl::InvalidArgumentError(absl::StrCat("a value of type '", AsAbsl(value.TypeName()),
                                                   "' cannot become a '", type->full_name(), "'"));
  };
  switch (type->well_known_type()) {
    case Descriptor::WELLKNOWNTYPE_TIMESTAMP:
    case Descriptor::WELLKNOWNTYPE_DURATION: {
      const bool timestamp = type->well_known_type() == Descriptor::WELLKNOWNTYPE_TIMESTAMP;
      if (value.kind() != (timestamp ? ValueKind::kTimestamp : ValueKind::kDuration)) {
        return mismatch();
      }
      absl::Duration since_epoch =
          timestamp ? value.timestamp_value() - absl::UnixEpoch() : value.duration_value();
      absl::Duration remainder;
      const int64_t seconds = absl::IDivDuration(since_epoch, absl::Seconds(1), &remainder);
      int64_t nanos = absl::ToInt64Nanoseconds(remainder);
      int64_t whole = seconds;
      if (timestamp && nanos < 0) {  // Timestamp nanos are never negative
        nanos += 1000000000;
        whole -= 1;
      }
      reflection->SetInt64(out, type->FindFieldByNumber(1), whole);
      reflection->SetInt32(out, type->FindFieldByNumber(2), static_cast<int32_t>(nanos));
      return absl::OkStatus();
    }
    case Descriptor::WELLKNOWNTYPE_DOUBLEVALUE:
    case Descriptor::WELLKNOWNTYPE_FLOATVALUE:
    case Descriptor::WELLKNOWNTYPE_INT64VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT64VALUE:
    case Descriptor::WELLKNOWNTYPE_INT32VALUE:
    case Descriptor::WELLKNOWNTYPE_UINT32VALUE:
    case Descriptor::WELLKNOWNTYPE_STRINGVALUE:
    case Descriptor::WELLKNOWNTYPE_BYTESVALUE:
    case Descriptor::WELLKNOWNTYPE_BOOLVALUE:
      return SetOne(out, type->FindFieldByNumber(1), value, false, context);
    case Descriptor::WELLKNOWNTYPE_VALUE:
      return FillJson(out, value, context);
    case Descriptor::WELLKNOWNTYPE_LISTVALUE: {
      if (value.kind() != ValueKind::kList) return mismatch();
      const FieldDescriptor* values = type->FindFieldByNumber(1);
      const ListValue& list = value.list_value();
      for (size_t i = 0; i < list.size(); ++i) {
        absl::Status status = FillJson(reflection->AddMessage(out, values), list.Get(i), context);
        if (!status.ok()) return status;
      }
      return absl::OkStatus();
    }
    case Descriptor::WELLKNOWNTYPE_STRUCT: {
      if (value.kind() != ValueKind::kMap) return mismatch();
      const FieldDescriptor* fields = type->FindFieldByNumber(1);
      const MapValue& map = value.map_value();
      for (size_t i = 0; i < map.size(); ++i) {
        auto [key, entry_value] = map.Entry(i);
        if (key.kind() != ValueKind::kString) {
          return absl::InvalidArgumentError("a google.protobuf.Struct needs string keys");
        }
        google::protobuf::Message* entry = reflection->AddMessage(out, fields);
        const Descriptor* entry_type = entry->GetDescriptor();
        entry->GetReflection()->SetString(entry, entry_type->FindFieldByNumber(1),
                                          std::string(key.string_value()));
        absl::Status status = FillJson(
            entry->GetReflection()->MutableMessage(entry, entry_type->FindFieldByNumber(2)),
            entry_value, context);
        if (!status.ok()) return status;
      }
      return absl::OkStatus();
    }
    case Descriptor::WELLKNOWNTYPE_ANY: {
      std::string type_name;
      std::string payload;
      if (value.kind() == ValueKind::kMessage) {
        type_name = value.message_value()->GetDescriptor()->full_name();
        payload = value.message_value()->SerializeAsString();
      } else {
        const std::string_view carrier = CarrierType(value);
        std::unique_ptr<google::protobuf::Message> wrapped =
            carrier.empty() ? nullptr : NewMessage(carrier, context);
        if (wrapped == nullptr) return mismatch();
        absl::Status status = FillMessage(wrapped.get(), value, context);
        if (!status.ok()) return status;
        type_name = std::string(carrier);
        payload = wrapped->SerializeAsString();
      }
      reflection->SetString(out, type->FindFieldByNumber(1),
                            absl::StrCat("type.googleapis.com/", type_name));
      reflection->SetString(out, type->FindFieldByNumber(2), std::move(payload));
      return absl::OkStatus();
    }
    default: {
      if (value.kind() != ValueKind::kMessage ||
          value.message_value()->GetDescriptor()->full_name() != type->full_name()) {
        return mismatch();
      }
      const google::protobuf::Message* source = value.message_value();
      if (source->GetDescriptor() == type) {
        out->CopyFrom(*source);
      } else if (!out->ParseFromString(source->SerializeAsString())) {
        return absl::InternalError(absl::StrCat("cannot copy a '", type->full_name(), "'"));
      }
      return absl::OkStatus();
    }
  }
}

}  // namespace

absl::Status SetField(google::protobuf::Message* message, const FieldDescriptor* field,
                      const Value& value, const ProtoContext& context) {
  const Reflection* reflection = message->GetReflection();
  if (field->is_map()) {
    if (value.kind() != ValueKind::kMap) return TypeMismatch(field, value);
    const MapValue& map = value.map_value();
    const Descriptor* entry_type = field->message_type();
    for (size_t i = 0; i < map.size(); ++i) {
      auto [key, entry_value] = map.Entry(i);
      google::protobuf::Message* entry = reflection->AddMessage(message, field);
      absl::Status status = SetOne(entry, entry_type->FindFieldByNumber(1), key, false, context);
      if (status.ok()) {
        status = SetOne(entry, entry_type->FindFieldByNumber(2), entry_value, false, context);
      }
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }
  if (field->is_repeated()) {
    if (value.kind() != ValueKind::kList) return TypeMismatch(field, value);
    const ListValue& list = value.list_value();
    for (size_t i = 0; i < list.size(); ++i) {
      absl::Status status = SetOne(message, field, list.Get(i), true, context);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }
  return SetOne(message, field, value, false, context);
}

}  // namespace hdsc::expr
