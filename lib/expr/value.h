// Run-time values of CEL.
//
// A `Value` is small (a tag plus at most two pointers and a reference count) and cheap to copy.
// Values that come from protobuf messages refer into the message in place: a message value is a
// pointer to the message, a repeated or map field is a lazy view over the field, and a string
// field is a view of the message's string. Such borrowed values are valid while the message they
// came from is alive; values the engine builds (list and map literals, constructed messages,
// concatenated strings) own their storage through a shared, immutable representation.
//
// Errors are values too (`ValueKind::kError`, carrying an `absl::Status`): CEL evaluation turns a
// division by zero or a missing map key into an error value that `&&`, `||` and `?:` may absorb.
//
// Thread safety: a `Value` is immutable (but for `ReplaceMessage` and `ReplaceInt`, which the evaluator
// applies to its own loop variables); copies may be used from several threads at once.
#ifndef HDSC_LIB_EXPR_VALUE_H_
#define HDSC_LIB_EXPR_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/base/field_accessors.h"

namespace hdsc::expr {

enum class ValueKind {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kList,
  kMap,
  kMessage,
  kTimestamp,
  kDuration,
  kType,
  kError,
  kOptional,  // CEL's `optional_type`: a value or none
};

// The CEL name of a kind's type ("int", "list", "google.protobuf.Timestamp", ...).
std::string_view ValueKindName(ValueKind kind);

class Value;

// `list + elements`, reusing the storage of `list` when nothing else refers to it (the accumulator
// of a comprehension), so that `map` and `filter` run in linear time.
// Precondition: `list.kind() == ValueKind::kList`.
Value AppendToList(Value list, std::vector<Value>* elements);
// The same with `count` elements at `elements`, which are moved from.
Value AppendToList(Value list, Value* elements, size_t count);
// The same in place: `*list` becomes the longer list.
void AppendToList(Value* list, Value* elements, size_t count);

// Where messages come from: used to unpack `google.protobuf.Any` and to build messages.
struct ProtoContext {
  const google::protobuf::DescriptorPool* pool = nullptr;
  google::protobuf::MessageFactory* factory = nullptr;
};

// Keeps borrowed storage alive; null when the storage belongs to the caller (a bound message).
using Owner = std::shared_ptr<const void>;

// Remembers the descriptor and reflection of the last generated message class it saw. Asking a
// message for them is a virtual call through protobuf's once-flag each time; the elements of a
// repeated field, or the records a check binds one after another, are of one class, so a cache
// asks once. Only generated classes are remembered: a `DynamicMessage`'s class says nothing about
// its type. Not thread-safe: one per loop or per activation.
class MessageTypeCache {
 public:
  void Resolve(const google::protobuf::Message& message,
               const google::protobuf::Descriptor** type,
               const google::protobuf::Reflection** reflection);

 private:
  const std::type_info* class_ = nullptr;
  const google::protobuf::Descriptor* type_ = nullptr;
  const google::protobuf::Reflection* reflection_ = nullptr;
};

// A list: either elements the engine owns, or a view of a repeated field of a message.
class ListValue {
 public:
  size_t size() const;
  // Precondition: `index < size()`.
  Value Get(size_t index) const;
  // The same, with `cache` remembering the class of message elements between calls (for loops).
  Value Get(size_t index, MessageTypeCache* cache) const;
  // The element at `index` without a copy when the list owns its elements (valid while the list
  // is); null for a view of a repeated field. Precondition: `index < size()`.
  const Value* Borrow(size_t index) const {
    if (field_ != nullptr) return nullptr;
    return &(*static_cast<const std::vector<Value>*>(data_))[index];
  }
  // For a view of a repeated message field of a generated message, whose elements stay messages
  // (not well-known types): the elements, all of the field's generated class, so that a loop
  // reads them without reflection. Null for any other list.
  const google::protobuf::RepeatedPtrField<google::protobuf::Message>* GeneratedMessages() const;

 private:
  friend class Value;
  friend class FieldReader;
  friend void AppendToList(Value* list, Value* elements, size_t count);
  const void* data_ = nullptr;  // std::vector<Value> or google::protobuf::Message
  const google::protobuf::FieldDescriptor* field_ = nullptr;  // set for a repeated-field view
  const google::protobuf::Reflection* reflection_ = nullptr;  // the viewed message's
  const ProtoContext* context_ = nullptr;                     // for a repeated-field view
  Owner owner_;
};

// A map: either entries the engine owns (with a hash index), or a view of a protobuf map field.
class MapValue {
 public:
  size_t size() const;
  // The entry at `index` in iteration order. Precondition: `index < size()`.
  std::pair<Value, Value> Entry(size_t index) const;
  Value Key(size_t index) const;
  // The value under `key`, using CEL equality for numeric keys (`1`, `1u` and `1.0` find the
  // same entry), stored in `*value`. Returns false when absent; keys of kinds that cannot be map
  // keys are never present.
  bool Find(const Value& key, Value* value) const;
  // The value under `key` without a copy when the map owns its entries (valid while the map is);
  // null when absent, and for a view of a map field.
  const Value* Borrow(const Value& key) const;

 private:
  friend class Value;
  struct Rep;
  const void* data_ = nullptr;                                // Rep or google::protobuf::Message
  const google::protobuf::FieldDescriptor* field_ = nullptr;  // set for a map-field view
  const ProtoContext* context_ = nullptr;
  Owner owner_;
};

// Reads one field of messages of its containing type as `Value::FromField` does, with what
// depends only on the field (its kind, NullValue enums, Timestamp and Duration messages) decided
// once, when the reader is made: a plan makes one per field selection and reads it at every
// evaluation. Immutable.
class FieldReader {
 public:
  // With `use_generated_accessors`, fields of generated classes are read through the accessors
  // registered for them (lib/base/field_accessors.h), if any: looked up once, for readers that
  // are kept (a plan's).
  explicit FieldReader(const google::protobuf::FieldDescriptor* field,
                       bool use_generated_accessors = false);

  const google::protobuf::FieldDescriptor* field() const { return field_; }
  // Whether the field reads as an int (an int32, int64, sint, sfixed or enum field other than
  // `google.protobuf.NullValue`, singular): then `ReadInt` gives what `Read` holds.
  bool reads_int() const;

  // `Value::FromField(message, reflection, field(), context, owner)`. Precondition: `message` is
  // of the field's containing type and `reflection` is its reflection.
  Value Read(const google::protobuf::Message* message,
             const google::protobuf::Reflection* reflection, const ProtoContext* context,
             const Owner& owner) const;
  // The field's int. Preconditions: those of `Read`, and `reads_int()`.
  int64_t ReadInt(const google::protobuf::Message& message,
                  const google::protobuf::Reflection& reflection) const {
    if (&reflection == generated_reflection_ && accessors_.get_int != nullptr) {
      return accessors_.get_int(message);
    }
    return ReadIntByReflection(message, reflection);
  }
  // Whether the field is a singular google.protobuf.Timestamp (`Read` gives a timestamp).
  bool reads_timestamp() const { return how_ == How::kTimestamp; }
  // For a field that `reads_timestamp()`, of a message read through the generated accessors: the
  // field's message (the default instance when unset), of the generated class
  // `google::protobuf::Timestamp`. Null when the message is read by reflection. Preconditions:
  // those of `Read`.
  const google::protobuf::Message* GeneratedTimestamp(
      const google::protobuf::Message& message,
      const google::protobuf::Reflection& reflection) const {
    if (&reflection != generated_reflection_ || accessors_.get_message == nullptr) return nullptr;
    return &accessors_.get_message(message);
  }
  // Whether the field is repeated or a map (`Read` gives a list or a map).
  bool reads_collection() const { return how_ == How::kList || how_ == How::kMap; }
  // The number of elements of a repeated or map field. Preconditions: those of `Read`, and
  // `reads_collection()`.
  int64_t ReadSize(const google::protobuf::Message& message,
                   const google::protobuf::Reflection& reflection) const {
    if (&reflection == generated_reflection_ && accessors_.size != nullptr) {
      return accessors_.size(message);
    }
    return reflection.FieldSize(message, field_);
  }
  // The generated accessors (all null when there are none), and the reflection of the messages
  // they read: a node that calls one directly first checks that a message has that reflection.
  const base::GeneratedFieldAccessors& generated_accessors() const { return accessors_; }
  const google::protobuf::Reflection* generated_reflection() const { return generated_reflection_; }
  // `has(message.field)`: whether a singular field is set, a repeated or map field not empty.
  bool Has(const google::protobuf::Message& message,
           const google::protobuf::Reflection& reflection) const {
    if (&reflection == generated_reflection_ && accessors_.has != nullptr) {
      return accessors_.has(message);
    }
    return HasByReflection(message, reflection);
  }

 private:
  enum class How {
    kInt32,
    kInt64,
    kEnum,
    kUint32,
    kUint64,
    kDouble,
    kFloat,
    kBool,
    kNull,       // a `google.protobuf.NullValue` enum
    kString,
    kBytes,
    kTimestamp,  // a google.protobuf.Timestamp message
    kDuration,   // a google.protobuf.Duration message
    kNullable,   // a wrapper, Value or Any message: null when unset
    kMessage,    // another message
    kList,       // a repeated field
    kMap,
  };
  static How HowToRead(const google::protobuf::FieldDescriptor* field);
  int64_t ReadIntByReflection(const google::protobuf::Message& message,
                              const google::protobuf::Reflection& reflection) const;
  bool HasByReflection(const google::protobuf::Message& message,
                       const google::protobuf::Reflection& reflection) const;
  // A singular message field's message.
  const google::protobuf::Message& GetMessage(const google::protobuf::Message& message,
                                              const google::protobuf::Reflection& reflection) const;
  // A singular message field's value, as `Value::FromMessage` makes it; of a generated message, with the type
  // and reflection of the field's generated class found once, when the reader was made.
  Value MessageValue(const google::protobuf::Message& message, const google::protobuf::Reflection& reflection,
                     const ProtoContext* context, const Owner& owner) const;

  const google::protobuf::FieldDescriptor* field_;
  How how_;
  // The generated accessors (all null when there are none), for messages whose reflection is
  // `generated_reflection_`: those of the generated class.
  base::GeneratedFieldAccessors accessors_;
  const google::protobuf::Reflection* generated_reflection_ = nullptr;
  // For a message field with generated accessors: the type and reflection of the field's generated class, and
  // whether its messages are plain message values (not a well-known type converted on reading).
  const google::protobuf::Descriptor* generated_child_type_ = nullptr;
  const google::protobuf::Reflection* generated_child_reflection_ = nullptr;
  bool generated_child_is_plain_ = false;
};

class Value {
 public:
  // `null`.
  Value() noexcept {}

  static Value Null() { return Value(); }
  static Value Bool(bool value) { return Value(value); }
  static Value Int(int64_t value) { return Value(value); }
  static Value Uint(uint64_t value) { return Value(value); }
  static Value Double(double value) { return Value(value); }
  // An owned string or bytes.
  static Value String(std::string value);
  static Value Bytes(std::string value);
  // A string or bytes borrowed from storage that `owner` keeps alive (or that outlives the
  // value when `owner` is null).
  static Value StringView(std::string_view value, Owner owner = nullptr);
  static Value BytesView(std::string_view value, Owner owner = nullptr);
  // An owned string (`kind` kString) or bytes (kBytes) of `size` bytes, kept with its reference
  // count in one allocation; `*data` is set to its bytes, which the caller writes before the
  // value is read or copied.
  static Value UninitializedString(ValueKind kind, size_t size, char** data);
  // An owned copy of `value` in one allocation.
  static Value StringCopy(std::string_view value);
  static Value List(std::vector<Value> elements);
  // A view of the repeated (non-map) field `field` of `message`, whose reflection is
  // `reflection`; elements are converted as in `FromField`. `context` must outlive the value.
  static Value RepeatedField(const google::protobuf::Message* message,
                             const google::protobuf::Reflection* reflection,
                             const google::protobuf::FieldDescriptor* field,
                             const ProtoContext* context, Owner owner = nullptr);
  // A map built from entries. Keys must be bool, int, uint or string; a key that occurs twice
  // (under CEL equality) or of another kind is an error.
  static absl::StatusOr<Value> Map(std::vector<std::pair<Value, Value>> entries);
  // A view of the map field `field` of `message`. `context` must outlive the value.
  static Value MapField(const google::protobuf::Message* message,
                        const google::protobuf::FieldDescriptor* field, const ProtoContext* context,
                        Owner owner = nullptr);
  // A message, borrowed (kept alive by `owner`, or by the caller when `owner` is null) or owned.
  // No conversion of well-known types happens here: see `FromMessage`.
  static Value Message(const google::protobuf::Message* message, Owner owner = nullptr);
  // The same when the message's descriptor and reflection are already known.
  // Precondition: they are `message->GetDescriptor()` and `message->GetReflection()`.
  static Value Message(const google::protobuf::Message* message,
                       const google::protobuf::Descriptor* type,
                       const google::protobuf::Reflection* reflection, Owner owner);
  static Value Message(std::shared_ptr<const google::protobuf::Message> message);
  static Value Timestamp(absl::Time value);
  static Value Duration(absl::Duration value);
  // A type value named `name` ("int", "hdsc.v1.Dossier"). `name` must have static storage or
  // belong to a descriptor pool that outlives the value.
  static Value Type(std::string_view name);
  // An error value. `status` must not be OK.
  static Value Error(absl::Status status);
  static Value Error(std::string_view message);
  // `optional.of(value)` and `optional.none()`.
  static Value Optional(Value value);
  static Value OptionalNone();

  // The CEL value of `message`: well-known types become their CEL forms (Timestamp and Duration,
  // wrappers -> primitives, Struct -> map, ListValue -> list, Value -> its JSON value, Any ->
  // the unpacked message, converted again), other messages stay messages, borrowed.
  static Value FromMessage(const google::protobuf::Message* message, const ProtoContext* context,
                           Owner owner = nullptr);
  // The same when the message's descriptor and reflection are already known.
  // Precondition: they are `message->GetDescriptor()` and `message->GetReflection()`.
  static Value FromMessage(const google::protobuf::Message* message,
                           const google::protobuf::Descriptor* type,
                           const google::protobuf::Reflection* reflection,
                           const ProtoContext* context, Owner owner);
  // The CEL value of field `field` of `message` (proto3 defaults when unset; an unset wrapper
  // field is null; enums are ints; repeated and map fields are views).
  static Value FromField(const google::protobuf::Message* message,
                         const google::protobuf::FieldDescriptor* field,
                         const ProtoContext* context, const Owner& owner);
  // The same with the message's reflection. Precondition: `reflection` is
  // `message->GetReflection()`.
  static Value FromField(const google::protobuf::Message* message,
                         const google::protobuf::Reflection* reflection,
                         const google::protobuf::FieldDescriptor* field,
                         const ProtoContext* context, const Owner& owner);

  Value(const Value& other) : kind_(other.kind_) {
    if (IsPlain(kind_)) {
      CopyPlain(other);
    } else {
      CopyFrom(other);
    }
  }
  Value(Value&& other) noexcept : kind_(other.kind_) {
    if (IsPlain(kind_)) {
      CopyPlain(other);
    } else if (IsStringKind(kind_)) {  // what evaluations return most, after plain kinds
      new (&string_) StringRep(std::move(other.string_));
    } else {
      MoveFrom(std::move(other));
    }
  }
  Value& operator=(const Value& other) {
    if (IsPlain(kind_) && IsPlain(other.kind_)) {
      kind_ = other.kind_;
      CopyPlain(other);
    } else {
      Value copy(other);  // `other` may belong to this value (an element of its list)
      *this = std::move(copy);
    }
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    if (IsPlain(kind_) && IsPlain(other.kind_)) {
      kind_ = other.kind_;
      CopyPlain(other);
    } else if (kind_ == other.kind_ && IsStringKind(kind_)) {
      // The view first, then the owner: what `other` borrows from this value is taken before
      // this value lets go of it.
      string_ = std::move(other.string_);
    } else {
      MoveAssign(std::move(other));
    }
    return *this;
  }
  ~Value() {
    if (!IsPlain(kind_)) Destroy();
  }

  ValueKind kind() const { return kind_; }
  bool IsError() const { return kind() == ValueKind::kError; }
  bool IsNull() const { return kind() == ValueKind::kNull; }

  // Accessors. Precondition: `kind()` is the matching kind.
  bool bool_value() const { return int_ != 0; }
  int64_t int_value() const { return int_; }
  uint64_t uint_value() const { return uint_; }
  double double_value() const { return double_; }
  // The text of a string, or the octets of bytes.
  std::string_view string_value() const { return string_.view; }
  const ListValue& list_value() const { return list_; }
  const MapValue& map_value() const { return map_; }
  const google::protobuf::Message* message_value() const { return message_.message; }
  // A message's descriptor and reflection, known without asking the message.
  const google::protobuf::Descriptor* message_type() const { return message_.type; }
  const google::protobuf::Reflection* message_reflection() const { return message_.reflection; }
  // `owner()` of a message value, without looking at the kind. Precondition: `kind() == ValueKind::kMessage`.
  const Owner& message_owner() const { return message_.owner; }
  absl::Time timestamp_value() const { return time_; }
  absl::Duration duration_value() const { return duration_; }
  std::string_view type_value() const { return type_; }
  const absl::Status& error_value() const { return status_; }
  // For an optional: whether it holds a value, and the value (precondition: it holds one).
  bool has_optional_value() const { return optional_ != nullptr; }
  const Value& optional_value() const { return *optional_; }

  // What keeps a borrowed string, message or view alive (null when the caller does).
  const Owner& owner() const;

  // Makes this message value refer to `message`, for a loop that walks the messages of one
  // repeated field: cheaper than making a value per message. Precondition: this is a message value
  // and `message` has its type and reflection and is kept alive by its owner.
  void ReplaceMessage(const google::protobuf::Message* message) { message_.message = message; }
  // Makes this int value `value`, for a loop's counter. Precondition: this is an int value.
  void ReplaceInt(int64_t value) { int_ = value; }

  // The name of this value's CEL type, as `type(v)` gives it.
  std::string_view TypeName() const;

 private:
  struct StringRep {  // a string or bytes
    std::string_view view;
    Owner owner;
  };
  struct MessageRef {
    const google::protobuf::Message* message;
    const google::protobuf::Descriptor* type;        // message->GetDescriptor()
    const google::protobuf::Reflection* reflection;  // message->GetReflection()
    Owner owner;
  };

  friend class FieldReader;
  friend void AppendToList(Value* list, Value* elements, size_t count);

  explicit Value(bool v) : kind_(ValueKind::kBool), int_(v ? 1 : 0) {}
  explicit Value(int64_t v) : kind_(ValueKind::kInt), int_(v) {}
  explicit Value(uint64_t v) : kind_(ValueKind::kUint), uint_(v) {}
  explicit Value(double v) : kind_(ValueKind::kDouble), double_(v) {}
  // `kind` is kString or kBytes.
  Value(ValueKind kind, StringRep string) : kind_(kind), string_(std::move(string)) {}
  explicit Value(ListValue list) : kind_(ValueKind::kList), list_(std::move(list)) {}
  explicit Value(MapValue map) : kind_(ValueKind::kMap), map_(std::move(map)) {}
  explicit Value(MessageRef message) : kind_(ValueKind::kMessage), message_(std::move(message)) {}

  // Kinds whose representation is trivially copyable and at most `kPlainBytes` long (null, bool,
  // numbers, timestamps, durations, type names): copied as bytes, never destroyed. The rest hold
  // shared ownership (strings, lists, maps, messages, errors, optionals).
  static constexpr bool IsPlain(ValueKind kind) {
    constexpr unsigned kPlain =
        1u << static_cast<int>(ValueKind::kNull) | 1u << static_cast<int>(ValueKind::kBool) |
        1u << static_cast<int>(ValueKind::kInt) | 1u << static_cast<int>(ValueKind::kUint) |
        1u << static_cast<int>(ValueKind::kDouble) |
        1u << static_cast<int>(ValueKind::kTimestamp) |
        1u << static_cast<int>(ValueKind::kDuration) | 1u << static_cast<int>(ValueKind::kType);
    return (kPlain >> static_cast<int>(kind)) & 1u;
  }
  static constexpr bool IsStringKind(ValueKind kind) {
    return kind == ValueKind::kString || kind == ValueKind::kBytes;
  }
  // Copies the word or two a plain kind holds in loads as wide as the stores that wrote them, so
  // that the processor forwards a value just made (one wide load across two narrower stores
  // waits for them to reach the cache).
  void CopyPlain(const Value& other) {
    words_[0] = other.words_[0];
    if (kind_ >= ValueKind::kTimestamp) words_[1] = other.words_[1];
  }
  // For the other kinds; `kind_` is already set to the other's.
  void CopyFrom(const Value& other);
  void MoveFrom(Value&& other) noexcept;
  void MoveAssign(Value&& other) noexcept;
  void Destroy() noexcept;

  // The representation of each kind, in the member named after it. `int_` is the start of the
  // storage: `CopyPlain` copies from there.
  ValueKind kind_ = ValueKind::kNull;
  union {
    int64_t int_ = 0;  // also a bool, as 0 or 1
    uint64_t uint_;
    double double_;
    StringRep string_;
    ListValue list_;
    MapValue map_;
    MessageRef message_;
    absl::Time time_;
    absl::Duration duration_;
    std::string_view type_;  // static storage, or the descriptor pool's
    absl::Status status_;
    std::shared_ptr<const Value> optional_;  // null for none
    uint64_t words_[2];                      // the storage of the plain kinds
  };
};

static_assert(sizeof(absl::Time) <= 16 && sizeof(absl::Duration) <= 16 &&
                  sizeof(std::string_view) <= 16,
              "plain kinds are copied as two words");
static_assert(ValueKind::kTimestamp < ValueKind::kDuration && ValueKind::kDuration < ValueKind::kType &&
                  ValueKind::kDouble < ValueKind::kTimestamp,
              "the plain kinds of two words come after those of one");

// CEL equality (`==`): numbers compare by value across int, uint and double (NaN is unequal to
// everything), lists and maps element-wise, messages as protobuf messages; values of different
// kinds are unequal. Precondition: neither value is an error.
bool Equal(const Value& a, const Value& b);

// The outcome of ordering two values.
enum class Ordering { kLess, kEqual, kGreater, kUnordered /* NaN */, kIncomparable };
// CEL ordering (`<` and friends): numbers across int, uint and double; strings and bytes by
// octets; bools; timestamps; durations. Other pairs are `kIncomparable` (no such overload).
Ordering Compare(const Value& a, const Value& b);

// Prints `value` as a CEL literal that evaluates back to an equal value: `1`, `1u`, `1.0`,
// `"s"`, `b"\x00"`, `[1, 2]`, `{"a": 1}`, `null`, `timestamp("2024-01-01T00:00:00Z")`,
// `duration("3600s")`, `hdsc.v1.Type{field: value}`, type names, `optional.of(1)`,
// `optional.none()`. An error prints as
// `error("message")`, which does not evaluate back.
std::string FormatAsCelLiteral(const Value& value);

// Formats a double as cel-go's `string(double)` does (Go's strconv 'g' with the shortest
// representation: "1", "0.5", "1e+06", "+Inf", "NaN").
std::string DoubleToString(double value);
// RFC 3339 in UTC with the fraction trimmed ("2024-01-01T00:00:00.5Z").
std::string TimestampToString(absl::Time value);
// Seconds with the fraction trimmed ("3600s", "1.5s", "-0.000000001s").
std::string DurationToString(absl::Duration value);

// Writes `value` into field `field` of `message`, converting as CEL message construction does
// (int -> int32 with range checks, a list into a repeated field, a map into a map field, CEL
// values into google.protobuf.Value/Struct/Any/wrappers). Returns INVALID_ARGUMENT on a type
// mismatch and OUT_OF_RANGE on an overflow.
absl::Status SetField(google::protobuf::Message* message,
                      const google::protobuf::FieldDescriptor* field, const Value& value,
                      const ProtoContext& context);

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_VALUE_H_
