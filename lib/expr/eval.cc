#include "lib/expr/eval.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/base/attributes.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/types/span.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/timestamp.pb.h"
#include "lib/base/regex.h"
#include "lib/base/strings.h"
#include "lib/expr/stdlib.h"
#include "re2/re2.h"

namespace hdsc::expr {

int VariableId(std::string_view name) {
  static std::mutex* const mutex = new std::mutex;
  static auto* const ids = new absl::flat_hash_map<std::string, int>;
  std::lock_guard<std::mutex> lock(*mutex);
  auto it = ids->find(base::AsAbsl(name));
  if (it != ids->end()) return it->second;
  if (ids->size() >= static_cast<size_t>(kMaxVariableIds)) return -1;
  const int id = static_cast<int>(ids->size());
  ids->emplace(std::string(name), id);
  return id;
}

void Activation::Bind(std::string_view name, Value value) {
  int position = FindBinding(name);
  if (position < 0) position = AddBinding(name);
  // The indexes may have been built from the value this one replaces.
  if (join_indexes_ != nullptr && bindings_[position].fixed) join_indexes_->Clear();
  Store(position, std::move(value), nullptr);
}

void Activation::BindMessage(std::string_view name, const google::protobuf::Message& message,
                             const ProtoContext* context) {
  RebindMessage(SlotOf(name), message, context);
}

Activation::Slot Activation::SlotOf(std::string_view name) {
  const int position = FindBinding(name);
  return Slot(position >= 0 ? position : AddBinding(name));
}

void Activation::RebindMessageSlow(Binding& binding, const google::protobuf::Message& message,
                                   const ProtoContext* context) {
  const int position = static_cast<int>(&binding - bindings_.data());
  if (join_indexes_ != nullptr && binding.fixed) join_indexes_->Clear();
  const google::protobuf::Descriptor* type;
  const google::protobuf::Reflection* reflection;
  message_types_.Resolve(message, &type, &reflection);
  // Only a generated class stands for one type and reflection: a `DynamicMessage`'s does not.
  // Well-known types convert (a Timestamp to a timestamp...): their messages are not stored as
  // they are.
  const std::type_info* message_class = nullptr;
  if (!binding.fixed &&
      type->well_known_type() == google::protobuf::Descriptor::WELLKNOWNTYPE_UNSPECIFIED &&
      reflection->GetMessageFactory() == google::protobuf::MessageFactory::generated_factory()) {
    message_class = &typeid(message);
  }
  Store(position, Value::FromMessage(&message, type, reflection, context, nullptr),
        message_class);
}

Activation& Activation::operator=(const Activation& other) {
  bindings_ = other.bindings_;
  message_types_ = other.message_types_;
  budget_ = other.budget_;
  join_indexes_ = other.join_indexes_;
  IndexValues();
  return *this;
}

int Activation::AddBinding(std::string_view name) {
  const int position = static_cast<int>(bindings_.size());
  Binding binding;
  binding.name = std::string(name);
  binding.id = VariableId(name);
  const Binding* before = bindings_.data();
  bindings_.push_back(std::move(binding));
  if (bindings_.data() != before) IndexValues();
  return position;
}

void Activation::IndexValues() {
  value_by_id_.clear();
  for (const Binding& binding : bindings_) IndexValue(binding);
}

void Activation::IndexValue(const Binding& binding) {
  if (!binding.bound || binding.id < 0) return;
  if (static_cast<size_t>(binding.id) >= value_by_id_.size()) value_by_id_.resize(binding.id + 1, nullptr);
  value_by_id_[binding.id] = &binding.value;
}

void Activation::Store(int position, Value value, const std::type_info* message_class) {
  Binding& binding = bindings_[position];
  binding.value = std::move(value);
  binding.message_class = message_class;
  if (!binding.bound) {
    binding.bound = true;
    IndexValue(binding);
  }
}

bool Activation::HoldsClassOfEach(Slot slot, const google::protobuf::Message* const* messages, size_t count,
                                  RecordClasses classes) const {
  const std::type_info* message_class = bindings_[static_cast<size_t>(slot.position_)].message_class;
  if (message_class == nullptr) return false;
  if (classes == RecordClasses::kAllAsFirst) {
    return typeid(*messages[0]) == *message_class && typeid(*messages[count - 1]) == *message_class;
  }
  for (size_t i = 0; i < count; ++i) {
    if (typeid(*messages[i]) != *message_class) return false;
  }
  return true;
}

int Activation::FindBinding(std::string_view name) const {
  for (size_t position = 0; position < bindings_.size(); ++position) {
    const std::string& bound = bindings_[position].name;
    if (bound.size() == name.size() && base::SameBytes(bound.data(), name.data(), name.size())) {
      return static_cast<int>(position);
    }
  }
  return -1;
}

void Activation::set_join_indexes(JoinIndexes* indexes) {
  join_indexes_ = indexes;
  for (Binding& binding : bindings_) {
    binding.fixed = indexes != nullptr && binding.bound;
    // A fixed binding's rebinding must clear the indexes: it takes the slow path.
    if (binding.fixed) binding.message_class = nullptr;
  }
  if (indexes == nullptr) return;
  indexes->Clear();
  indexes->fixed_.clear();
  for (const Binding& binding : bindings_) {
    if (binding.bound) indexes->fixed_.insert(binding.name);
  }
}

const Value* Activation::Find(std::string_view name) const {
  const int position = FindBinding(name);
  return position < 0 || !bindings_[position].bound ? nullptr : &bindings_[position].value;
}

namespace internal {

// Per-evaluation state: the activation, the comprehension variables, the iteration budget.
struct Frame {
  const Activation* activation;
  // Storage for the comprehension variables, and where each one's value is: its slot, or the
  // element of the list being iterated (borrowed, not copied).
  Value* slots;
  const Value** values;
  int64_t iterations;
  int64_t max_iterations;
  // How many `&&` and `||` are evaluating a batch of records around the node being evaluated.
  int batch_logic_depth = 0;
};

// The records of one `Plan::EvaluateBoolEach`, bound in turn to one variable.
struct Batch {
  // At most this many records go to a node at once: the nodes keep their per-record state on the stack.
  static constexpr size_t kMaxSize = 128;

  // Binds `record` to the variable, for a node that evaluates its records one at a time.
  void Bind(const google::protobuf::Message& record) const { activation->RebindMessage(slot, record); }

  Activation* activation;  // the frame's
  Activation::Slot slot;
  int variable;  // the `VariableId` the records are bound to
  // When the records are all messages of one generated class, stored by address when bound: their reflection
  // (a node reading one of their fields may read it from all of them at once). Null otherwise.
  const google::protobuf::Reflection* reflection;
};

class Node {
 public:
  // How `ValueOf` finds the value of a leaf that every operator reads (a constant, a comprehension
  // variable, a declared variable) without a virtual call; `kBorrows` for another node whose
  // `Borrow` may return a value, `kNone` for the nodes that must be evaluated.
  enum class Leaf : uint8_t { kNone, kConstant, kSlot, kVariable, kBorrows };

  Node() = default;
  virtual ~Node() = default;
  Leaf leaf() const { return leaf_; }
  int leaf_index() const { return leaf_index_; }                // the slot or variable number
  const Value* leaf_constant() const { return leaf_constant_; }  // the constant's value
  virtual Value Evaluate(Frame& frame) const = 0;
  // The node's value without a copy, when it already exists (a constant, a variable's binding, a
  // comprehension variable): valid until the frame's slots or the activation change. Null when
  // the node must be evaluated.
  virtual const Value* Borrow(Frame&) const { return nullptr; }
  // Evaluates a node expected to yield a bool without making a `Value` when it does: 1 for true,
  // 0 for false, or -1 with the value (an error, or a value of another kind) in `*other`.
  virtual int EvaluateBool(Frame& frame, Value* other) const;
  // `EvaluateBool` for each of `count` records (at most `Batch::kMaxSize`) bound in turn to `batch.variable`: 1, 0
  // or -1 in `results[i]` for `records[i]`, a -1 without its value. By default one record at a time; the nodes that
  // read the records' fields directly override it.
  virtual void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                                size_t count, int8_t* results) const;
  // `EvaluateBool` for one record of a batch, bound first, without its value when it is not a bool.
  int EvaluateBoolAlone(Frame& frame, const Batch& batch, const google::protobuf::Message& record) const;
  // True for a node that always yields the same value and needs no frame.
  virtual bool IsConstant() const { return false; }

 protected:
  void SetLeaf(Leaf leaf, int index = 0, const Value* constant = nullptr) {
    leaf_ = leaf;
    leaf_index_ = index;
    leaf_constant_ = constant;
  }

 private:
  Leaf leaf_ = Leaf::kNone;
  int leaf_index_ = 0;
  const Value* leaf_constant_ = nullptr;
};

// A node whose value is a bool but on its slow paths (an error, a value of another kind): its value
// is what `Derived::EvaluateBool` decides (comparisons, `&&` and `||`, `in`), called directly.
template <typename Derived>
class BoolNode : public Node {
 public:
  Value Evaluate(Frame& frame) const final {
    Value other;
    const int result = static_cast<const Derived*>(this)->Derived::EvaluateBool(frame, &other);
    return result >= 0 ? Value::Bool(result == 1) : other;
  }
};

namespace {

// `value` as `Node::EvaluateBool` gives it.
int BoolOf(const Value& value, Value* other) {
  if (value.kind() == ValueKind::kBool) return value.bool_value() ? 1 : 0;
  *other = value;
  return -1;
}

}  // namespace

int Node::EvaluateBool(Frame& frame, Value* other) const {
  Value value = Evaluate(frame);
  if (value.kind() == ValueKind::kBool) return value.bool_value() ? 1 : 0;
  *other = std::move(value);
  return -1;
}

void Node::EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                            size_t count, int8_t* results) const {
  for (size_t i = 0; i < count; ++i) results[i] = static_cast<int8_t>(EvaluateBoolAlone(frame, batch, *records[i]));
}

int Node::EvaluateBoolAlone(Frame& frame, const Batch& batch, const google::protobuf::Message& record) const {
  batch.Bind(record);
  frame.iterations = 0;  // the budget is each evaluation's
  Value other;
  return EvaluateBool(frame, &other);
}

namespace {

// Abseil here does not alias `std::string_view`; its string functions need their own type.
using base::AsAbsl;

using NodePtr = std::unique_ptr<Node>;

// The value of a constant node, or null for another node.
const Value* ConstantValue(const Node& node) {
  if (!node.IsConstant()) return nullptr;
  Frame none{nullptr, nullptr, nullptr, 0, 0};
  return node.Borrow(none);
}

// The value of `node` without a copy when it exists already (see `Node::Leaf`), else null.
// Inlined, as `ValueOf`.
//
// The value of `node`: borrowed when it exists already, otherwise evaluated into `scratch` (a
// null `Value`, which costs nothing to make or destroy while it stays null or plain).
// Inlined: it is on the path of every node that reads an operand.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const Value* BorrowedValue(const Node& node, Frame& frame) {
  switch (node.leaf()) {
    case Node::Leaf::kConstant:
      return node.leaf_constant();
    case Node::Leaf::kSlot:
      return frame.values[node.leaf_index()];
    case Node::Leaf::kVariable:
      return frame.activation->FindById(node.leaf_index());  // null when unbound
    case Node::Leaf::kBorrows:
      return node.Borrow(frame);
    case Node::Leaf::kNone:
      break;
  }
  return nullptr;
}

// The message `value` holds when it is a message whose reflection is `reflection`, that of the generated
// class whose accessors a node calls directly; null otherwise (or when `value` is).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline const google::protobuf::Message* GeneratedMessageOf(
    const Value* value, const google::protobuf::Reflection* reflection) {
  return value != nullptr && value->kind() == ValueKind::kMessage && value->message_reflection() == reflection
             ? value->message_value()
             : nullptr;
}

// Whether `operand` is the variable a batch's records are bound to, and the records are messages of the generated
// class of `reflection` (not null): then a field of theirs may be read from the records themselves.
bool ReadsRecordsOf(const Node& operand, const Batch& batch, const google::protobuf::Reflection* reflection) {
  return batch.reflection != nullptr && batch.reflection == reflection && operand.leaf() == Node::Leaf::kVariable &&
         operand.leaf_index() == batch.variable;
}

ABSL_ATTRIBUTE_ALWAYS_INLINE inline const Value& ValueOf(const Node& node, Frame& frame,
                                                         Value& scratch) {
  if (const Value* borrowed = BorrowedValue(node, frame)) return *borrowed;
  // Unbound variables and nodes that do not borrow: the evaluation gives the value or the error.
  scratch = node.Evaluate(frame);
  return scratch;
}

Value SelectField(const Value& operand, const std::string& field, bool test_only,
                  const ProtoContext* context);

// `operand.?field`: an optional of the field, none when `has(operand.field)` is false. An
// optional operand propagates: none stays none.
Value OptionalSelect(const Value& operand, const std::string& field, const ProtoContext* context) {
  if (operand.kind() == ValueKind::kOptional) {
    if (!operand.has_optional_value()) return operand;
    return OptionalSelect(operand.optional_value(), field, context);
  }
  if (operand.kind() == ValueKind::kMap || operand.kind() == ValueKind::kMessage) {
    Value present = SelectField(operand, field, true, context);
    if (present.IsError()) return present;
    if (!present.bool_value()) return Value::OptionalNone();
  }
  Value value = SelectField(operand, field, false, context);
  if (value.IsError()) return value;
  return Value::Optional(std::move(value));
}

// `operand.field`, or `has(operand.field)` when `test_only`.
Value SelectField(const Value& operand, const std::string& field, bool test_only,
                  const ProtoContext* context) {
  switch (operand.kind()) {
    case ValueKind::kError:
      return operand;
    case ValueKind::kOptional:
      // Selecting into an optional is optional selection: `optional.of(m).f` is `m.?f`.
      if (test_only) {
        if (!operand.has_optional_value()) return Value::Bool(false);
        return SelectField(operand.optional_value(), field, true, context);
      }
      return OptionalSelect(operand, field, context);
    case ValueKind::kMessage: {
      const google::protobuf::Message* message = operand.message_value();
      const google::protobuf::Descriptor* type = operand.message_type();
      const google::protobuf::FieldDescriptor* descriptor = type->FindFieldByName(field);
      if (descriptor == nullptr && field.find('.') != std::string::npos) {
        // A proto2 extension, selected by its full name: msg.`pkg.ext`.
        descriptor = type->file()->pool()->FindExtensionByName(field);
        if (descriptor != nullptr && descriptor->containing_type() != type) descriptor = nullptr;
      }
      if (descriptor == nullptr) {
        return Value::Error(absl::NotFoundError(
            absl::StrCat("no such field '", field, "' in '", type->full_name(), "'")));
      }
      const google::protobuf::Reflection* reflection = operand.message_reflection();
      if (test_only) {
        return Value::Bool(descriptor->is_repeated()
                               ? reflection->FieldSize(*message, descriptor) > 0
                               : reflection->HasField(*message, descriptor));
      }
      return Value::FromField(message, reflection, descriptor, context, operand.owner());
    }
    case ValueKind::kMap: {
      Value value;
      const bool found = operand.map_value().Find(Value::StringView(field), &value);
      if (test_only) return Value::Bool(found);
      if (!found) {
        return Value::Error(absl::NotFoundError(absl::StrCat("no such key: '", field, "'")));
      }
      return value;
    }
    default:
      return Value::Error(absl::StrCat(test_only ? "has() cannot test" : "cannot select from",
                                       " a value of type '", AsAbsl(operand.TypeName()), "' (field '",
                                       field, "')"));
  }
}

class ConstantNode final : public Node {
 public:
  explicit ConstantNode(Value value) : value_(std::move(value)) {
    SetLeaf(Leaf::kConstant, 0, &value_);
  }
  Value Evaluate(Frame&) const override { return value_; }
  const Value* Borrow(Frame&) const override { return &value_; }
  int EvaluateBool(Frame&, Value* other) const override { return BoolOf(value_, other); }
  bool IsConstant() const override { return true; }

 private:
  const Value value_;
};

class SlotNode final : public Node {
 public:
  explicit SlotNode(int slot) : slot_(slot) { SetLeaf(Leaf::kSlot, slot); }
  Value Evaluate(Frame& frame) const override { return *frame.values[slot_]; }
  const Value* Borrow(Frame& frame) const override { return frame.values[slot_]; }
  int EvaluateBool(Frame& frame, Value* other) const override {
    return BoolOf(*frame.values[slot_], other);
  }

 private:
  const int slot_;
};

// A declared variable, found in the activation by its number.
class VariableNode final : public Node {
 public:
  explicit VariableNode(std::string name) : name_(std::move(name)), id_(VariableId(name_)) {
    if (id_ >= 0) {
      SetLeaf(Leaf::kVariable, id_);
    } else {
      SetLeaf(Leaf::kBorrows);  // found by name
    }
  }
  Value Evaluate(Frame& frame) const override {
    if (const Value* value = Borrow(frame)) return *value;
    return Value::Error(absl::NotFoundError(absl::StrCat("no value bound for '", name_, "'")));
  }
  const Value* Borrow(Frame& frame) const override {
    return id_ >= 0 ? frame.activation->FindById(id_) : frame.activation->Find(name_);
  }

 private:
  const std::string name_;
  const int id_;
};

// An identifier (possibly qualified) that did not resolve when planning: tries each candidate
// variable name, longest first, against the activation and selects the remaining fields.
class DynamicIdentNode final : public Node {
 public:
  struct Candidate {
    std::string name;
    std::vector<std::string> fields;
  };
  DynamicIdentNode(std::string written, std::string container, std::vector<Candidate> candidates,
                   const ProtoContext* context)
      : written_(std::move(written)),
        container_(std::move(container)),
        candidates_(std::move(candidates)),
        context_(context) {}

  Value Evaluate(Frame& frame) const override {
    for (const Candidate& candidate : candidates_) {
      const Value* bound = frame.activation->Find(candidate.name);
      if (bound == nullptr) continue;
      Value value = *bound;
      for (const std::string& field : candidate.fields) {
        value = SelectField(value, field, false, context_);
      }
      return value;
    }
    return Value::Error(absl::NotFoundError(absl::StrCat("undeclared reference to '", written_,
                                                         "' (in container '", container_, "')")));
  }

 private:
  const std::string written_;
  const std::string container_;
  const std::vector<Candidate> candidates_;
  const ProtoContext* const context_;
};

class SelectNode final : public Node {
 public:
  SelectNode(NodePtr operand, std::string field, bool test_only, const ProtoContext* context)
      : operand_(std::move(operand)),
        field_(std::move(field)),
        test_only_(test_only),
        context_(context) {}

  Value Evaluate(Frame& frame) const override {
    return SelectField(operand_->Evaluate(frame), field_, test_only_, context_);
  }

 private:
  const NodePtr operand_;
  const std::string field_;
  const bool test_only_;
  const ProtoContext* const context_;
};

// `operand.field` where the checker proved `operand` a message of `field`'s containing type: the
// field and how to read it are resolved once, when planning.
class FieldSelectNode final : public Node {
 public:
  FieldSelectNode(NodePtr operand, const google::protobuf::FieldDescriptor* field, bool test_only,
                  const ProtoContext* context)
      : operand_(std::move(operand)),
        reader_(field, /*use_generated_accessors=*/true),
        test_only_(test_only),
        context_(context) {}

  Value Evaluate(Frame& frame) const override {
    Value scratch;
    return SelectFrom(EvaluateOperand(frame, scratch));
  }

  int EvaluateBool(Frame& frame, Value* other) const override {
    if (!test_only_) return Node::EvaluateBool(frame, other);
    // `has(x.f)`, most often on a variable: borrowed, without a scratch value to set up.
    if (const Value* operand = BorrowedValue(*operand_, frame)) {
      if (IsResolved(*operand)) {
        return reader_.Has(*operand->message_value(), *operand->message_reflection()) ? 1 : 0;
      }
      return BoolOf(SelectFrom(*operand), other);
    }
    return EvaluateHas(frame, other);
  }

  // `has(record.f)` over a batch: read from the records at once.
  void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                        size_t count, int8_t* results) const override {
    const auto has_each = reader_.generated_accessors().has_each;
    if (!test_only_ || has_each == nullptr || !ReadsRecordsOf(*operand_, batch, reader_.generated_reflection())) {
      return Node::EvaluateBoolEach(frame, batch, records, count, results);
    }
    bool values[Batch::kMaxSize];
    has_each(records, count, values);
    for (size_t i = 0; i < count; ++i) results[i] = values[i] ? 1 : 0;
  }

  // `has(x.f)` for an operand that is not borrowed: evaluated first.
  ABSL_ATTRIBUTE_NOINLINE int EvaluateHas(Frame& frame, Value* other) const {
    Value scratch;
    const Value& operand = EvaluateOperand(frame, scratch);
    if (IsResolved(operand)) {
      return reader_.Has(*operand.message_value(), *operand.message_reflection()) ? 1 : 0;
    }
    return BoolOf(SelectFrom(operand), other);
  }

  // The parts, for nodes that read the field in place (`FieldCompareNode`).
  const Value& EvaluateOperand(Frame& frame, Value& scratch) const {
    return ValueOf(*operand_, frame, scratch);
  }
  // Whether `operand` is a message of the field's containing type, read by `reader()`.
  bool IsResolved(const Value& operand) const {
    return operand.kind() == ValueKind::kMessage &&
           operand.message_type() == reader_.field()->containing_type();
  }
  const FieldReader& reader() const { return reader_; }
  bool test_only() const { return test_only_; }
  const Node& operand() const { return *operand_; }

  // The node's value for the evaluated `operand`.
  Value SelectFrom(const Value& operand) const {
    if (!IsResolved(operand)) {
      // A dyn value at run time, or a message from another pool: resolve by name.
      return SelectField(operand, reader_.field()->name(), test_only_, context_);
    }
    const google::protobuf::Message* message = operand.message_value();
    const google::protobuf::Reflection* reflection = operand.message_reflection();
    if (test_only_) return Value::Bool(reader_.Has(*message, *reflection));
    return reader_.Read(message, reflection, context_, operand.message_owner());
  }

 private:
  const NodePtr operand_;
  const FieldReader reader_;
  const bool test_only_;
  const ProtoContext* const context_;
};

// `size(x.f)` or `x.f.size()` where `f` is a repeated or map field: the number of elements read in place (through
// the generated class's `f_size()` for a generated message), without a list or map value. When `x` is not a
// message of the field's type at run time (a dyn value), `general`, the call of `size` on the selection, decides.
class FieldSizeNode final : public Node {
 public:
  // `field` belongs to `general`.
  FieldSizeNode(NodePtr general, const FieldSelectNode* field) : general_(std::move(general)), field_(field) {}

  Value Evaluate(Frame& frame) const override {
    Value scratch;
    const Value& operand = field_->EvaluateOperand(frame, scratch);
    if (field_->IsResolved(operand)) {
      return Value::Int(field_->reader().ReadSize(*operand.message_value(), *operand.message_reflection()));
    }
    // The operand is evaluated again: it is pure, and this path is for dyn values only.
    return general_->Evaluate(frame);
  }

 private:
  const NodePtr general_;
  const FieldSelectNode* const field_;
};

class OptionalSelectNode final : public Node {
 public:
  OptionalSelectNode(NodePtr operand, std::string field, const ProtoContext* context)
      : operand_(std::move(operand)), field_(std::move(field)), context_(context) {}

  Value Evaluate(Frame& frame) const override {
    Value operand = operand_->Evaluate(frame);
    if (operand.IsError()) return operand;
    return OptionalSelect(operand, field_, context_);
  }

 private:
  const NodePtr operand_;
  const std::string field_;
  const ProtoContext* const context_;
};

// Evaluates `nodes` into `values`; returns the first error, if any.
template <typename Vector>
const Value* EvaluateAll(const std::vector<NodePtr>& nodes, Frame& frame, Vector* values) {
  values->reserve(nodes.size());
  for (const NodePtr& node : nodes) {
    values->push_back(node->Evaluate(frame));
    if (values->back().IsError()) return &values->back();
  }
  return nullptr;
}

// A call of a builtin. The arguments are lent where they exist already (variables, constants),
// else evaluated into scratch values. Unary and binary calls (most operators) have their own
// nodes: a general one keeps scratch space for any count, which costs more to set up than the
// call itself.
class UnaryCallNode final : public Node {
 public:
  UnaryCallNode(Function function, NodePtr arg) : function_(function), arg_(std::move(arg)) {}

  Value Evaluate(Frame& frame) const override {
    Value scratch;
    const Value& arg = ValueOf(*arg_, frame, scratch);
    if (arg.IsError()) return arg;
    return function_(&arg, 1);
  }

 private:
  const Function function_;
  const NodePtr arg_;
};

// `function` of the values of `lhs` and `rhs`, or the first of them that is an error.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline Value CallBinary(Function function, const Node& lhs, const Node& rhs,
                                                     Frame& frame) {
  Value left_scratch;
  const Value& left = ValueOf(lhs, frame, left_scratch);
  if (left.IsError()) return left;
  Value right_scratch;
  const Value& right = ValueOf(rhs, frame, right_scratch);
  if (right.IsError()) return right;
  const Value* pair[2] = {&left, &right};
  return function(pair, 2);
}

class BinaryCallNode final : public Node {
 public:
  BinaryCallNode(Function function, NodePtr lhs, NodePtr rhs)
      : function_(function), lhs_(std::move(lhs)), rhs_(std::move(rhs)) {}

  Value Evaluate(Frame& frame) const override { return CallBinary(function_, *lhs_, *rhs_, frame); }

  Function function() const { return function_; }
  const Node& lhs() const { return *lhs_; }
  const Node& rhs() const { return *rhs_; }

 private:
  const Function function_;
  const NodePtr lhs_;
  const NodePtr rhs_;
};

class CallNode final : public Node {
 public:
  CallNode(Function function, std::vector<NodePtr> args)
      : function_(function), args_(std::move(args)) {}

  Value Evaluate(Frame& frame) const override {
    absl::InlinedVector<Value, 4> scratch(args_.size());
    absl::InlinedVector<const Value*, 4> values(args_.size());
    for (size_t i = 0; i < args_.size(); ++i) {
      values[i] = &ValueOf(*args_[i], frame, scratch[i]);
      if (values[i]->IsError()) return *values[i];
    }
    return function_(values.data(), values.size());
  }

 private:
  const Function function_;
  const std::vector<NodePtr> args_;
};

// `container[index]`: an element of a list or a value of a map that the container owns is lent,
// not copied (`xs[i] + 1` reads it in place); anything else is the standard `_[_]`.
class IndexNode final : public Node {
 public:
  IndexNode(Function function, NodePtr container, NodePtr index)
      : function_(function), container_(std::move(container)), index_(std::move(index)) {
    SetLeaf(Leaf::kBorrows);
  }

  Value Evaluate(Frame& frame) const override { return CallBinary(function_, *container_, *index_, frame); }

  const Value* Borrow(Frame& frame) const override {
    // Only an operand that is itself lent can lend its parts: a scratch value would not outlive
    // this call.
    const Value* container = BorrowedValue(*container_, frame);
    const Value* index = container == nullptr ? nullptr : BorrowedValue(*index_, frame);
    if (index == nullptr) return nullptr;
    if (container->kind() == ValueKind::kList && index->kind() == ValueKind::kInt) {
      const ListValue& list = container->list_value();
      const int64_t position = index->int_value();
      if (position < 0 || static_cast<uint64_t>(position) >= list.size()) return nullptr;
      return list.Borrow(static_cast<size_t>(position));
    }
    if (container->kind() == ValueKind::kMap) return container->map_value().Borrow(*index);
    return nullptr;
  }

 private:
  const Function function_;
  const NodePtr container_;
  const NodePtr index_;
};

// `a + b + c ...`, a chain of three operands or more of `_+_` (`add`), left to right. Strings (or
// bytes) are joined into one value made once, not one per `+`; operands of other kinds are added
// pairwise from the left, as the nested calls would be. Errors are those of the nested calls: an
// error operand, a missing overload, or a result too large, whichever comes first from the left
// (operands after it are not evaluated).
class ConcatNode final : public Node {
 public:
  ConcatNode(Function add, std::vector<NodePtr> operands)
      : add_(add), operands_(std::move(operands)) {}

  Value Evaluate(Frame& frame) const override {
    const size_t count = operands_.size();
    // Plain arrays for the commonest lengths: an `absl::InlinedVector` made here costs more than
    // the joining.
    constexpr size_t kInline = 4;
    Value inline_scratch[kInline];
    const Value* inline_values[kInline];
    std::unique_ptr<Value[]> heap_scratch;
    std::unique_ptr<const Value*[]> heap_values;
    Value* scratch = inline_scratch;
    const Value** values = inline_values;
    if (count > kInline) {
      heap_scratch.reset(new Value[count]);
      heap_values.reset(new const Value*[count]);
      scratch = heap_scratch.get();
      values = heap_values.get();
    }
    values[0] = &ValueOf(*operands_[0], frame, scratch[0]);
    if (values[0]->IsError()) return *values[0];
    const ValueKind kind = values[0]->kind();
    size_t k = 1;
    Value accumulated;
    if (kind == ValueKind::kString || kind == ValueKind::kBytes) {
      size_t size = values[0]->string_value().size();
      for (; k < count; ++k) {
        values[k] = &ValueOf(*operands_[k], frame, scratch[k]);
        if (values[k]->IsError()) return *values[k];
        if (values[k]->kind() != kind) break;
        size += values[k]->string_value().size();
        if (size > kMaxBuiltBytes) {
          return TooLarge(kind == ValueKind::kString ? "string" : "bytes", size, kMaxBuiltBytes);
        }
      }
      if (k == count) return Join(kind, values, k, size);
      // `values[k]` is of another kind: the standard `_+_` says what that gives.
      accumulated = Join(kind, values, k, size);
      const Value* pair[2] = {&accumulated, values[k]};
      accumulated = add_(pair, 2);
      if (accumulated.IsError()) return accumulated;
      ++k;
    } else {
      accumulated = *values[0];
    }
    for (; k < count; ++k) {
      const Value& operand = ValueOf(*operands_[k], frame, scratch[k]);
      if (operand.IsError()) return operand;
      const Value* pair[2] = {&accumulated, &operand};
      Value sum = add_(pair, 2);
      if (sum.IsError()) return sum;
      accumulated = std::move(sum);
    }
    return accumulated;
  }

 private:
  // The strings or bytes `parts[0, count)`, of `size` bytes in all, as one value.
  static Value Join(ValueKind kind, const Value* const* parts, size_t count, size_t size) {
    if (count == 1) return *parts[0];
    char* data;
    Value joined = Value::UninitializedString(kind, size, &data);
    for (size_t i = 0; i < count; ++i) {
      const std::string_view part = parts[i]->string_value();
      if (part.size() <= 8) {  // separators, punctuation: cheaper than calling `memcpy`
        for (size_t j = 0; j < part.size(); ++j) data[j] = part[j];
      } else {
        std::memcpy(data, part.data(), part.size());
      }
      data += part.size();
    }
    return joined;
  }

  const Function add_;
  const std::vector<NodePtr> operands_;
};

NodePtr NewCallNode(Function function, std::vector<NodePtr> args) {
  if (args.size() == 1) return NodePtr(new UnaryCallNode(function, std::move(args[0])));
  if (args.size() == 2) {
    return NodePtr(new BinaryCallNode(function, std::move(args[0]), std::move(args[1])));
  }
  return NodePtr(new CallNode(function, std::move(args)));
}

enum class Comparison { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

template <Comparison kOp, typename T>
int Decide(const T& a, const T& b) {
  switch (kOp) {
    case Comparison::kEqual:
      return a == b;
    case Comparison::kNotEqual:
      return !(a == b);
    case Comparison::kLess:
      return a < b;
    case Comparison::kLessEqual:
      return !(b < a);
    case Comparison::kGreater:
      return b < a;
    case Comparison::kGreaterEqual:
      return !(a < b);
  }
  return 0;
}

// `left op right` for two values that are not errors, as `Node::EvaluateBool` gives it: ints,
// uints, strings, bools, timestamps and durations compared in place, other kinds by the standard
// `function` (numbers across kinds, NaN, lists, maps, messages, errors for incomparable kinds),
// so the results are the function's.
template <Comparison kOp>
int CompareValues(Function function, const Value& left, const Value& right, Value* other) {
  if (left.kind() == right.kind()) {
    switch (left.kind()) {
      case ValueKind::kInt:
        return Decide<kOp>(left.int_value(), right.int_value());
      case ValueKind::kUint:
        return Decide<kOp>(left.uint_value(), right.uint_value());
      case ValueKind::kBool:
        return Decide<kOp>(left.bool_value(), right.bool_value());
      case ValueKind::kString:
        return Decide<kOp>(left.string_value().compare(right.string_value()), 0);
      case ValueKind::kTimestamp:
        return Decide<kOp>(left.timestamp_value(), right.timestamp_value());
      case ValueKind::kDuration:
        return Decide<kOp>(left.duration_value(), right.duration_value());
      default:
        break;
    }
  }
  const Value* args[] = {&left, &right};
  return BoolOf(function(args, 2), other);
}

// `a == b`, `a < b`, ...: both sides borrowed when they can be, compared as `CompareValues` does.
template <Comparison kOp>
class ComparisonNode final : public BoolNode<ComparisonNode<kOp>> {
 public:
  ComparisonNode(Function function, NodePtr lhs, NodePtr rhs)
      : function_(function),
        lhs_(std::move(lhs)),
        rhs_(std::move(rhs)),
        right_constant_(ConstantValue(*rhs_)) {}

  int EvaluateBool(Frame& frame, Value* other) const override {
    Value left_scratch;
    const Value& left = ValueOf(*lhs_, frame, left_scratch);
    if (left.IsError()) {
      *other = left;
      return -1;
    }
    Value right_scratch;
    const Value& right =
        right_constant_ != nullptr ? *right_constant_ : ValueOf(*rhs_, frame, right_scratch);
    if (right.IsError()) {
      *other = right;
      return -1;
    }
    return CompareValues<kOp>(function_, left, right, other);
  }

 private:
  const Function function_;
  const NodePtr lhs_;
  const NodePtr rhs_;
  const Value* const right_constant_;  // `rhs_`'s value when it is a constant
};

// `x.f op c` where the field `f` reads as an int (an int or enum field; `record.risk_level ==
// RiskLevel.HIGH`, the commonest test of a rule) and `c` is an int constant: the field is read
// in place, without making a `Value`. When `x` is not a message of the field's type at run time
// (a dyn value), the field is selected by name and compared as `ComparisonNode` would.
template <Comparison kOp>
class FieldCompareNode final : public BoolNode<FieldCompareNode<kOp>> {
 public:
  FieldCompareNode(Function function, std::unique_ptr<const FieldSelectNode> field,
                   NodePtr constant)
      : function_(function),
        field_(std::move(field)),
        constant_node_(std::move(constant)),
        constant_(*ConstantValue(*constant_node_)) {}

  int EvaluateBool(Frame& frame, Value* other) const override {
    // The operand is most often a variable (borrowed, without a scratch value to set up) holding a
    // message of the generated class, whose accessor is called directly: the commonest test of a
    // rule, kept to a few instructions.
    const Value* operand = BorrowedValue(operand_, frame);
    if (const google::protobuf::Message* message = GeneratedMessageOf(operand, int_reflection_)) {
      return Decide<kOp>(get_int_(*message), constant_int_);
    }
    return EvaluateOtherwise(frame, operand, other);
  }

  // Over a batch, the field is read from all the records at once.
  void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                        size_t count, int8_t* results) const override {
    if (get_int_each_ == nullptr || !ReadsRecordsOf(operand_, batch, int_reflection_)) {
      return Node::EvaluateBoolEach(frame, batch, records, count, results);
    }
    int64_t values[Batch::kMaxSize];
    get_int_each_(records, count, values);
    for (size_t i = 0; i < count; ++i) results[i] = static_cast<int8_t>(Decide<kOp>(values[i], constant_int_));
  }

 private:
  // A message read by reflection, a dyn value, or an operand that is not borrowed (then evaluated).
  ABSL_ATTRIBUTE_NOINLINE int EvaluateOtherwise(Frame& frame, const Value* borrowed,
                                                Value* other) const {
    Value scratch;
    const Value& operand = borrowed != nullptr ? *borrowed : field_->EvaluateOperand(frame, scratch);
    if (field_->IsResolved(operand)) {
      return Decide<kOp>(
          field_->reader().ReadInt(*operand.message_value(), *operand.message_reflection()),
          constant_int_);
    }
    // The field of a dyn value, selected by name and compared as `ComparisonNode` compares.
    const Value left = field_->SelectFrom(operand);
    if (left.IsError()) {
      *other = left;
      return -1;
    }
    return CompareValues<kOp>(function_, left, constant_, other);
  }

  const Function function_;
  const std::unique_ptr<const FieldSelectNode> field_;
  const NodePtr constant_node_;  // owns `constant_`
  const Value& constant_;
  // Copies of what the fast path reads, so that it reaches nothing through `field_`.
  const Node& operand_ = field_->operand();
  const int64_t constant_int_ = constant_.int_value();
  int64_t (*const get_int_)(const google::protobuf::Message&) =
      field_->reader().generated_accessors().get_int;
  void (*const get_int_each_)(const google::protobuf::Message* const*, size_t, int64_t*) =
      field_->reader().generated_accessors().get_int_each;
  // The reflection of the messages `get_int_` reads; null when there is no accessor.
  const google::protobuf::Reflection* const int_reflection_ =
      get_int_ != nullptr ? field_->reader().generated_reflection() : nullptr;
};

// `a.f - b.g op d` where `f` and `g` are Timestamp fields of messages bound to variables and `d`
// is a duration constant (`record.cnil_notified_at - record.aware_at <= duration('72h')`, how a
// rule bounds a delay): the two timestamps are read in place and their difference compared in
// nanoseconds, without making a `Value` for either or for the difference. When a field cannot be
// read that way (a dyn value, a message read by reflection, a timestamp outside CEL's range) or
// the difference is not certain to be in range, `general` (the same comparison, node by node)
// decides, with its errors: the operands are variables' fields, which cost nothing to read twice.
template <Comparison kOp>
class TimestampDifferenceCompareNode final : public BoolNode<TimestampDifferenceCompareNode<kOp>> {
 public:
  // `later` and `earlier` belong to `general`.
  TimestampDifferenceCompareNode(NodePtr general, const FieldSelectNode* later,
                                 const FieldSelectNode* earlier, int64_t bound_nanos)
      : general_(std::move(general)),
        later_(later),
        earlier_(earlier),
        bound_nanos_(bound_nanos),
        same_operand_(later->operand().leaf() == earlier->operand().leaf() &&
                      later->operand().leaf_index() == earlier->operand().leaf_index()) {}

  int EvaluateBool(Frame& frame, Value* other) const override {
    // Most often both fields are of one variable (`record`): found once.
    const Value* later_operand = BorrowedValue(later_->operand(), frame);
    const Value* earlier_operand =
        same_operand_ ? later_operand : BorrowedValue(earlier_->operand(), frame);
    const google::protobuf::Timestamp* later = Read(*later_, later_operand);
    const int result = Compare(later, later == nullptr ? nullptr : Read(*earlier_, earlier_operand));
    return result >= 0 ? result : general_->EvaluateBool(frame, other);
  }

  // Over a batch of records whose fields both are, the records are read directly.
  void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                        size_t count, int8_t* results) const override {
    const google::protobuf::Reflection* reflection = batch.reflection;
    if (!same_operand_ || !ReadsRecordsOf(later_->operand(), batch, later_->reader().generated_reflection()) ||
        reflection != earlier_->reader().generated_reflection()) {
      return Node::EvaluateBoolEach(frame, batch, records, count, results);
    }
    for (size_t i = 0; i < count; ++i) {
      const google::protobuf::Timestamp* later = ReadFrom(*later_, *records[i], *reflection);
      int result = Compare(later, later == nullptr ? nullptr : ReadFrom(*earlier_, *records[i], *reflection));
      if (result < 0) result = general_->EvaluateBoolAlone(frame, batch, *records[i]);
      results[i] = static_cast<int8_t>(result);
    }
  }

  // Whether `node` (a field selection) can be read by `Read`.
  static bool Applies(const FieldSelectNode& node) {
    const Node::Leaf leaf = node.operand().leaf();
    return !node.test_only() && node.reader().reads_timestamp() &&
           (leaf == Node::Leaf::kVariable || leaf == Node::Leaf::kSlot);
  }

 private:
  // Beyond this many seconds either way, a difference in nanoseconds may not fit 64 bits.
  static constexpr int64_t kMaxSeconds = 9'000'000'000;

  // `later - earlier` compared with the bound: 1 or 0, or -1 when either is null or the difference may not fit
  // (then `general_` decides).
  int Compare(const google::protobuf::Timestamp* later, const google::protobuf::Timestamp* earlier) const {
    if (earlier == nullptr) return -1;
    // Both in range, the seconds differ by less than 2^39; within `kMaxSeconds` the difference
    // in nanoseconds fits 64 bits, as `_-_` requires, and a duration's range.
    const int64_t seconds = later->seconds() - earlier->seconds();
    if (seconds >= kMaxSeconds || seconds <= -kMaxSeconds) return -1;
    const int64_t nanos =
        seconds * 1'000'000'000 + (static_cast<int64_t>(later->nanos()) - earlier->nanos());
    return Decide<kOp>(nanos, bound_nanos_);
  }

  // The timestamp `node` reads from `operand` (its operand's value, null when unbound), or null
  // when it must be read as a `Value`.
  ABSL_ATTRIBUTE_ALWAYS_INLINE static const google::protobuf::Timestamp* Read(
      const FieldSelectNode& node, const Value* operand) {
    if (operand == nullptr || !node.IsResolved(*operand)) return nullptr;
    return ReadFrom(node, *operand->message_value(), *operand->message_reflection());
  }
  // The same from a message of the field's containing type.
  ABSL_ATTRIBUTE_ALWAYS_INLINE static const google::protobuf::Timestamp* ReadFrom(
      const FieldSelectNode& node, const google::protobuf::Message& operand,
      const google::protobuf::Reflection& reflection) {
    const google::protobuf::Message* message = node.reader().GeneratedTimestamp(operand, reflection);
    if (message == nullptr) return nullptr;
    const auto* timestamp = static_cast<const google::protobuf::Timestamp*>(message);
    if (timestamp->seconds() < kMinTimestampSeconds ||
        timestamp->seconds() > kMaxTimestampSeconds || timestamp->nanos() < 0 ||
        timestamp->nanos() > 999'999'999) {
      return nullptr;
    }
    return timestamp;
  }

  const NodePtr general_;
  const FieldSelectNode* const later_;
  const FieldSelectNode* const earlier_;
  const int64_t bound_nanos_;
  // Whether both fields are of the same variable or comprehension variable.
  const bool same_operand_;
};

// A comparison node for `lhs op rhs` (`FieldCompareNode` or `TimestampDifferenceCompareNode` when
// one applies).
template <Comparison kOp>
NodePtr NewComparison(Function function, NodePtr* lhs, NodePtr* rhs) {
  if (const auto* difference = dynamic_cast<const BinaryCallNode*>(lhs->get());
      difference != nullptr && difference->function() == FindFunction("_-_")) {
    const auto* later = dynamic_cast<const FieldSelectNode*>(&difference->lhs());
    const auto* earlier = dynamic_cast<const FieldSelectNode*>(&difference->rhs());
    const Value* bound = ConstantValue(**rhs);
    if (later != nullptr && earlier != nullptr && bound != nullptr &&
        bound->kind() == ValueKind::kDuration &&
        TimestampDifferenceCompareNode<kOp>::Applies(*later) &&
        TimestampDifferenceCompareNode<kOp>::Applies(*earlier)) {
      // Only a whole number of nanoseconds compares as one: any CEL duration is.
      const int64_t bound_nanos = absl::ToInt64Nanoseconds(bound->duration_value());
      if (absl::Nanoseconds(bound_nanos) == bound->duration_value()) {
        NodePtr general(new ComparisonNode<kOp>(function, std::move(*lhs), std::move(*rhs)));
        return NodePtr(new TimestampDifferenceCompareNode<kOp>(std::move(general), later, earlier,
                                                               bound_nanos));
      }
    }
  }
  const auto* field = dynamic_cast<const FieldSelectNode*>(lhs->get());
  const Value* constant = ConstantValue(**rhs);
  if (field != nullptr && !field->test_only() && field->reader().reads_int() &&
      constant != nullptr && constant->kind() == ValueKind::kInt) {
    lhs->release();
    return NodePtr(new FieldCompareNode<kOp>(function, std::unique_ptr<const FieldSelectNode>(field),
                                             std::move(*rhs)));
  }
  return NodePtr(new ComparisonNode<kOp>(function, std::move(*lhs), std::move(*rhs)));
}

// A comparison node for the operator `name`, or null when `name` is not a comparison.
NodePtr NewComparisonNode(std::string_view name, Function function, NodePtr* lhs, NodePtr* rhs) {
  if (name == "_==_") return NewComparison<Comparison::kEqual>(function, lhs, rhs);
  if (name == "_!=_") return NewComparison<Comparison::kNotEqual>(function, lhs, rhs);
  if (name == "_<_") return NewComparison<Comparison::kLess>(function, lhs, rhs);
  if (name == "_<=_") return NewComparison<Comparison::kLessEqual>(function, lhs, rhs);
  if (name == "_>_") return NewComparison<Comparison::kGreater>(function, lhs, rhs);
  if (name == "_>=_") return NewComparison<Comparison::kGreaterEqual>(function, lhs, rhs);
  return nullptr;
}

class UnknownFunctionNode final : public Node {
 public:
  UnknownFunctionNode(std::string name, std::vector<NodePtr> args)
      : name_(std::move(name)), args_(std::move(args)) {}

  Value Evaluate(Frame& frame) const override {
    absl::InlinedVector<Value, 3> values;
    if (const Value* error = EvaluateAll(args_, frame, &values)) return *error;
    return Value::Error(absl::NotFoundError(absl::StrCat("unbound function '", name_, "'")));
  }

 private:
  const std::string name_;
  const std::vector<NodePtr> args_;
};

// `EvaluateBoolEach` of `operands` joined by `&&` (or `||`): each operand is evaluated for the records the operands
// before it left undecided, and the first deciding value (false for &&, true for ||) is a record's result. A record an
// operand gives no bool for is decided by `whole` (the node itself, or a tree of the same operands), for it alone.
template <bool kIsAnd>
void EvaluateLogicEach(absl::Span<const Node* const> operands, const Node& whole, Frame& frame, const Batch& batch,
                       const google::protobuf::Message* const* records, size_t count, int8_t* results) {
  // Each level keeps its records on the stack: `&&` and `||` nested deeper evaluate record by record.
  constexpr int kMaxBatchLogicDepth = 8;
  if (frame.batch_logic_depth == kMaxBatchLogicDepth) {
    return whole.Node::EvaluateBoolEach(frame, batch, records, count, results);
  }
  ++frame.batch_logic_depth;
  constexpr int kDecider = kIsAnd ? 0 : 1;
  // The records not decided yet, and the position of each in `records`.
  const google::protobuf::Message* undecided[Batch::kMaxSize];
  uint8_t position[Batch::kMaxSize];
  static_assert(Batch::kMaxSize <= 256, "positions are bytes");
  int8_t operand_results[Batch::kMaxSize];
  for (size_t i = 0; i < count; ++i) position[i] = static_cast<uint8_t>(i);
  const google::protobuf::Message* const* operand_records = records;
  for (const Node* operand : operands) {
    if (count == 0) break;
    operand->EvaluateBoolEach(frame, batch, operand_records, count, operand_results);
    size_t kept = 0;
    for (size_t j = 0; j < count; ++j) {
      const size_t i = position[j];
      if (operand_results[j] == kDecider) {
        results[i] = kDecider;
      } else if (operand_results[j] < 0) {
        results[i] = static_cast<int8_t>(whole.EvaluateBoolAlone(frame, batch, *records[i]));
      } else {
        position[kept] = static_cast<uint8_t>(i);
        undecided[kept++] = records[i];
      }
    }
    count = kept;
    operand_records = undecided;
  }
  for (size_t j = 0; j < count; ++j) results[position[j]] = 1 - kDecider;
  --frame.batch_logic_depth;
}

// `a && b` and `a || b`: the deciding value (false for &&, true for ||) wins over an error on
// either side, as the spec's commutative error absorption demands.
template <bool kIsAnd>
class LogicNode final : public BoolNode<LogicNode<kIsAnd>> {
 public:
  LogicNode(NodePtr lhs, NodePtr rhs) : lhs_(std::move(lhs)), rhs_(std::move(rhs)) {}

  int EvaluateBool(Frame& frame, Value* other) const override {
    constexpr int kDecider = kIsAnd ? 0 : 1;
    Value left_other;
    const int left = lhs_->EvaluateBool(frame, &left_other);
    if (left == kDecider) return left;
    Value right_other;
    const int right = rhs_->EvaluateBool(frame, &right_other);
    if (right >= 0) {
      if (right == kDecider) return right;
      if (left >= 0) return right;  // both are the neutral value
    }
    if (left < 0 && left_other.IsError()) {
      *other = std::move(left_other);
      return -1;
    }
    if (right < 0 && right_other.IsError()) {
      *other = std::move(right_other);
      return -1;
    }
    const Value args[] = {left >= 0 ? Value::Bool(left == 1) : left_other,
                          right >= 0 ? Value::Bool(right == 1) : right_other};
    *other = NoMatchingOverload(kIsAnd ? "_&&_" : "_||_", args, 2);
    return -1;
  }

  void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                        size_t count, int8_t* results) const override {
    const Node* const operands[] = {lhs_.get(), rhs_.get()};
    EvaluateLogicEach<kIsAnd>(operands, *this, frame, batch, records, count, results);
  }

 private:
  const NodePtr lhs_;
  const NodePtr rhs_;
};

// A chain `a && b && c ...` (or `||`) of three operands or more, as one node: the operands are
// tested in order, and the first deciding value (false for &&, true for ||) is the result. When
// an operand yields an error or a value that is not a bool, the chain's binary tree is evaluated
// instead, whose rules say which error wins (the operands are pure: evaluating them again changes
// nothing but time, and only on that path).
template <bool kIsAnd>
class LogicChainNode final : public BoolNode<LogicChainNode<kIsAnd>> {
 public:
  // `operands` belong to `tree`.
  LogicChainNode(NodePtr tree, std::vector<const Node*> operands)
      : tree_(std::move(tree)), operands_(std::move(operands)) {}

  int EvaluateBool(Frame& frame, Value* other) const override {
    constexpr int kDecider = kIsAnd ? 0 : 1;
    for (const Node* operand : operands_) {
      const int result = operand->EvaluateBool(frame, other);
      if (result == kDecider) return result;
      if (result < 0) return tree_->EvaluateBool(frame, other);
    }
    return 1 - kDecider;
  }

  void EvaluateBoolEach(Frame& frame, const Batch& batch, const google::protobuf::Message* const* records,
                        size_t count, int8_t* results) const override {
    EvaluateLogicEach<kIsAnd>(operands_, *tree_, frame, batch, records, count, results);
  }

 private:
  const NodePtr tree_;
  const std::vector<const Node*> operands_;
};

class ConditionalNode final : public Node {
 public:
  ConditionalNode(NodePtr condition, NodePtr then, NodePtr otherwise)
      : condition_(std::move(condition)),
        then_(std::move(then)),
        otherwise_(std::move(otherwise)) {}

  Value Evaluate(Frame& frame) const override {
    Value condition;
    const int test = condition_->EvaluateBool(frame, &condition);
    if (test >= 0) return test == 1 ? then_->Evaluate(frame) : otherwise_->Evaluate(frame);
    if (condition.IsError()) return condition;
    return NoMatchingOverload("_?_:_", &condition, 1);
  }

 private:
  const NodePtr condition_;
  const NodePtr then_;
  const NodePtr otherwise_;
};

// `@not_strictly_false(x)`: true unless `x` is false (errors count as true), for the loop
// conditions of `all` and `exists`.
class NotStrictlyFalseNode final : public Node {
 public:
  explicit NotStrictlyFalseNode(NodePtr operand) : operand_(std::move(operand)) {}

  Value Evaluate(Frame& frame) const override {
    Value ignored;
    return Value::Bool(EvaluateBool(frame, &ignored) == 1);
  }
  int EvaluateBool(Frame& frame, Value* other) const override {
    return operand_->EvaluateBool(frame, other) == 0 ? 0 : 1;
  }

 private:
  const NodePtr operand_;
};

// `text.matches("constant")`: the pattern compiled when planning (once for all the plans that write it).
class MatchesConstantNode final : public Node {
 public:
  MatchesConstantNode(NodePtr text, std::shared_ptr<const RE2> pattern)
      : text_(std::move(text)), pattern_(std::move(pattern)) {}

  Value Evaluate(Frame& frame) const override {
    Value text = text_->Evaluate(frame);
    if (text.kind() != ValueKind::kString) {
      if (text.IsError()) return text;
      const Value args[] = {text, Value::StringView(pattern_->pattern())};
      return NoMatchingOverload("matches", args, 2);
    }
    const std::string_view view = text.string_value();
    return Value::Bool(RE2::PartialMatch(re2::StringPiece(view.data(), view.size()), *pattern_));
  }

 private:
  const NodePtr text_;
  const std::shared_ptr<const RE2> pattern_;
};

enum class StringTest { kContains, kStartsWith, kEndsWith };

// `text.contains(c)`, `text.startsWith(c)`, `text.endsWith(c)` with a constant string `c`: the
// text is borrowed where it exists (a variable, a field of a bound message) and the answer is a
// bool, made into a `Value` only when one is asked for. A text that is not a string goes to the
// standard `function`, which gives the error.
template <StringTest kTest>
class StringTestNode final : public Node {
 public:
  StringTestNode(Function function, NodePtr text, NodePtr needle)
      : function_(function),
        text_(std::move(text)),
        needle_node_(std::move(needle)),
        needle_value_(*ConstantValue(*needle_node_)),
        needle_(needle_value_.string_value()) {}

  Value Evaluate(Frame& frame) const override {
    Value scratch;
    const Value& text = ValueOf(*text_, frame, scratch);
    if (text.kind() == ValueKind::kString) return Value::Bool(Test(text.string_value()));
    if (text.IsError()) return text;
    const Value* args[] = {&text, &needle_value_};
    return function_(args, 2);
  }

  int EvaluateBool(Frame& frame, Value* other) const override {
    Value scratch;
    const Value& text = ValueOf(*text_, frame, scratch);
    if (text.kind() == ValueKind::kString) return Test(text.string_value()) ? 1 : 0;
    if (text.IsError()) {
      *other = text;
      return -1;
    }
    const Value* args[] = {&text, &needle_value_};
    return BoolOf(function_(args, 2), other);
  }

 private:
  bool Test(std::string_view text) const {
    const size_t size = needle_.size();
    if (size > text.size()) return false;
    switch (kTest) {
      case StringTest::kStartsWith:
        return base::SameBytes(text.data(), needle_.data(), size);
      case StringTest::kEndsWith:
        return base::SameBytes(text.data() + text.size() - size, needle_.data(), size);
      case StringTest::kContains:
        return size == 0 || FindBytes(text, needle_, 0) != std::string_view::npos;
    }
    return false;
  }

  const Function function_;
  const NodePtr text_;
  const NodePtr needle_node_;  // a constant: owns `needle_value_`
  const Value& needle_value_;
  const std::string_view needle_;
};

// `size(text.split(separator))` and `size(text.split(separator, limit))`: the parts are counted,
// not made. Arguments of other kinds go to the standard `split` and `size`, which give the error.
class SplitSizeNode final : public Node {
 public:
  SplitSizeNode(Function split, Function size, std::vector<NodePtr> args)
      : split_(split), size_(size), args_(std::move(args)) {}

  Value Evaluate(Frame& frame) const override {
    Value scratch[3];
    const Value* values[3];
    for (size_t i = 0; i < args_.size(); ++i) {
      values[i] = &ValueOf(*args_[i], frame, scratch[i]);
      if (values[i]->IsError()) return *values[i];
    }
    if (values[0]->kind() == ValueKind::kString && values[1]->kind() == ValueKind::kString &&
        (args_.size() == 2 || values[2]->kind() == ValueKind::kInt)) {
      const int64_t limit = args_.size() == 3 ? values[2]->int_value() : -1;
      return Value::Int(SplitCount(values[0]->string_value(), values[1]->string_value(), limit));
    }
    const Value list = split_(values, args_.size());
    if (list.IsError()) return list;
    return size_(&list, 1);
  }

 private:
  const Function split_;
  const Function size_;
  const std::vector<NodePtr> args_;  // the text, the separator, the limit if any
};

// `{k1: v1, k2: v2, ...}[k]` where the keys and `k` are constants, the keys distinct and `k` one
// of them, and no entry is optional: the values are evaluated in order, as the map literal would
// evaluate them, and the first error among them is the result; otherwise the result is the value
// under `k`. No map is made.
class MapLiteralIndexNode final : public Node {
 public:
  MapLiteralIndexNode(std::vector<NodePtr> keys, std::vector<NodePtr> values, size_t chosen)
      : keys_(std::move(keys)), values_(std::move(values)), chosen_(chosen) {}

  Value Evaluate(Frame& frame) const override {
    Value result;
    for (size_t i = 0; i < values_.size(); ++i) {
      if (i == chosen_) {
        result = values_[i]->Evaluate(frame);
        if (result.IsError()) return result;
        continue;
      }
      // Another entry's value counts only if it is an error: borrowed when it exists already.
      if (const Value* borrowed = BorrowedValue(*values_[i], frame)) {
        if (borrowed->IsError()) return *borrowed;
        continue;
      }
      Value value = values_[i]->Evaluate(frame);
      if (value.IsError()) return value;
    }
    return result;
  }

 private:
  const std::vector<NodePtr> keys_;  // constants, kept for what they own
  const std::vector<NodePtr> values_;
  const size_t chosen_;
};

// `pkg.Enum(x)`: an int in the int32 range, or the number of the value named `x`.
class EnumConversionNode final : public Node {
 public:
  EnumConversionNode(const google::protobuf::EnumDescriptor* type, NodePtr operand)
      : type_(type), operand_(std::move(operand)) {}

  Value Evaluate(Frame& frame) const override {
    Value value = operand_->Evaluate(frame);
    if (value.kind() == ValueKind::kInt) {
      if (value.int_value() < INT32_MIN || value.int_value() > INT32_MAX) {
        return Value::Error(absl::OutOfRangeError(
            absl::StrCat("value ", value.int_value(), " out of range for ", type_->full_name())));
      }
      return value;
    }
    if (value.kind() == ValueKind::kString) {
      const auto* named = type_->FindValueByName(std::string(value.string_value()));
      if (named == nullptr) {
        return Value::Error(absl::InvalidArgumentError(absl::StrCat(
            "no value named '", AsAbsl(value.string_value()), "' in ", type_->full_name())));
      }
      return Value::Int(named->number());
    }
    if (value.IsError()) return value;
    return NoMatchingOverload(type_->full_name(), &value, 1);
  }

 private:
  const google::protobuf::EnumDescriptor* const type_;
  const NodePtr operand_;
};

// Unwraps the value of an optional element or entry (`[?e]`, `{?k: v}`, `Msg{?f: v}`): false
// when it is none (the element is left out); an error when it is not an optional.
bool UnwrapOptional(Value* value) {
  if (value->kind() != ValueKind::kOptional) {
    *value = Value::Error(
        absl::StrCat("expected an optional value, found '", AsAbsl(value->TypeName()), "'"));
    return true;
  }
  if (!value->has_optional_value()) return false;
  Value inner = value->optional_value();
  *value = std::move(inner);
  return true;
}

class ListNode final : public Node {
 public:
  // `optional[i]` marks the elements written `?e`.
  ListNode(std::vector<NodePtr> elements, std::vector<bool> optional)
      : elements_(std::move(elements)), optional_(std::move(optional)) {}

  Value Evaluate(Frame& frame) const override {
    std::vector<Value> values;
    values.reserve(elements_.size());
    for (size_t i = 0; i < elements_.size(); ++i) {
      Value value = elements_[i]->Evaluate(frame);
      if (value.IsError()) return value;
      if (optional_[i] && !UnwrapOptional(&value)) continue;
      if (value.IsError()) return value;
      values.push_back(std::move(value));
    }
    return Value::List(std::move(values));
  }

 private:
  const std::vector<NodePtr> elements_;
  const std::vector<bool> optional_;
};

class MapNode final : public Node {
 public:
  // `optional[i]` marks the entries written `?k: v`.
  MapNode(std::vector<NodePtr> keys, std::vector<NodePtr> values, std::vector<bool> optional)
      : keys_(std::move(keys)), values_(std::move(values)), optional_(std::move(optional)) {}

  Value Evaluate(Frame& frame) const override {
    std::vector<std::pair<Value, Value>> entries;
    entries.reserve(keys_.size());
    for (size_t i = 0; i < keys_.size(); ++i) {
      Value key = keys_[i]->Evaluate(frame);
      if (key.IsError()) return key;
      Value value = values_[i]->Evaluate(frame);
      if (value.IsError()) return value;
      if (optional_[i] && !UnwrapOptional(&value)) continue;
      if (value.IsError()) return value;
      entries.emplace_back(std::move(key), std::move(value));
    }
    absl::StatusOr<Value> map = Value::Map(std::move(entries));
    if (!map.ok()) return Value::Error(map.status());
    return *std::move(map);
  }

 private:
  const std::vector<NodePtr> keys_;
  const std::vector<NodePtr> values_;
  const std::vector<bool> optional_;
};

class MessageNode final : public Node {
 public:
  struct Field {
    const google::protobuf::FieldDescriptor* descriptor;
    NodePtr value;
    bool optional;  // written `?f: v`
  };
  MessageNode(const google::protobuf::Message* prototype, std::vector<Field> fields,
              const ProtoContext* context)
      : prototype_(prototype), fields_(std::move(fields)), context_(context) {}

  Value Evaluate(Frame& frame) const override {
    std::shared_ptr<google::protobuf::Message> message(prototype_->New());
    for (const auto& [field, node, optional] : fields_) {
      Value value = node->Evaluate(frame);
      if (value.IsError()) return value;
      if (optional && !UnwrapOptional(&value)) continue;
      if (value.IsError()) return value;
      absl::Status status = SetField(message.get(), field, value, *context_);
      if (!status.ok()) return Value::Error(std::move(status));
    }
    const google::protobuf::Message* raw = message.get();
    return Value::FromMessage(raw, context_, std::move(message));
  }

 private:
  const google::protobuf::Message* const prototype_;
  const std::vector<Field> fields_;
  const ProtoContext* const context_;
};

// `@result + [elements]` in a comprehension step: appends in place to the accumulator.
class AccumulatorAppendNode final : public Node {
 public:
  AccumulatorAppendNode(int accu_slot, std::vector<NodePtr> elements)
      : accu_slot_(accu_slot), elements_(std::move(elements)) {}

  Value Evaluate(Frame& frame) const override {
    Append(frame);
    return frame.slots[accu_slot_];
  }

  // The step itself: appends the elements to the accumulator in its slot, with no copy of the
  // list while the loop alone holds it, or leaves an error there.
  void Append(Frame& frame) const {
    Value& accumulator = frame.slots[accu_slot_];
    if (elements_.size() == 1) {  // `map` and `filter`
      Value value = elements_[0]->Evaluate(frame);
      if (value.IsError()) {
        accumulator = std::move(value);
      } else if (accumulator.kind() != ValueKind::kList) {
        NotAList(&accumulator, &value, 1);
      } else {
        AppendToList(&accumulator, &value, 1);
      }
      return;
    }
    absl::InlinedVector<Value, 2> values;
    if (const Value* error = EvaluateAll(elements_, frame, &values)) {
      accumulator = *error;
    } else if (accumulator.kind() != ValueKind::kList) {
      NotAList(&accumulator, values.data(), values.size());
    } else {
      AppendToList(&accumulator, values.data(), values.size());
    }
  }

 private:
  // Replaces an accumulator that is not a list by the error of `_+_`, unless it is an error.
  static void NotAList(Value* accumulator, const Value* elements, size_t count) {
    if (accumulator->IsError()) return;
    const Value args[] = {*accumulator, Value::List(std::vector<Value>(elements, elements + count))};
    *accumulator = NoMatchingOverload("_+_", args, 2);
  }

  const int accu_slot_;
  const std::vector<NodePtr> elements_;
};

class ComprehensionNode final : public Node {
 public:
  struct Parts {
    int iter_slot = -1;
    int iter2_slot = -1;  // two-variable form; -1 otherwise
    int accu_slot = -1;
    NodePtr range;
    NodePtr init;
    NodePtr condition;  // null when it is the constant `true` (`map`, `filter`, `exists_one`)
    // The step, or when `step_if` is set, what the step yields when `step_if` is true (the step
    // is `step_if ? step : accumulator`, the shape of `filter`, `map` with a filter and
    // `exists_one`): the accumulator is then left in place when `step_if` is false.
    NodePtr step;
    NodePtr step_if;
    NodePtr result;
    // `exists` and `all` (with `decider` true and false): no accumulator, the loop stops at the
    // first predicate equal to `decider`; otherwise the first error is the result, else
    // `!decider`. `condition`, `step` and `result` are then unused.
    NodePtr predicate;
    bool decider = false;
    // `step` when it appends to the accumulator in place (`map`, `filter`), else null.
    const AccumulatorAppendNode* append = nullptr;
    // `size(l.filter(x, p))`: the accumulator is the number of elements that pass (an int, from 0),
    // not their list; `step` is unused.
    bool count = false;
  };
  explicit ComprehensionNode(Parts parts) : p_(std::move(parts)) {}

  Value Evaluate(Frame& frame) const override {
    Value range = p_.range->Evaluate(frame);
    if (range.IsError()) return range;
    Value outcome;  // set when the loop ends early: the result, or an error
    if (p_.predicate != nullptr) {
      if (Value init = p_.init->Evaluate(frame); init.IsError()) return init;
    } else {
      frame.slots[p_.accu_slot] = p_.init->Evaluate(frame);
    }
    if (range.kind() == ValueKind::kList) {
      const ListValue& list = range.list_value();
      const size_t size = list.size();
      MessageTypeCache element_types;
      if (p_.append != nullptr) ReserveAccumulator(frame, size);
      // The element's variable: the one-variable form's, or the second of the two-variable form.
      const int element_slot = p_.iter2_slot >= 0 ? p_.iter2_slot : p_.iter_slot;
      const google::protobuf::RepeatedPtrField<google::protobuf::Message>* messages =
          list.GeneratedMessages();
      if (messages != nullptr && size > 0) {
        // The elements of a repeated message field, all of one generated class: each is made a
        // message value directly, with the type resolved once.
        const google::protobuf::Message& first = messages->Get(0);
        Value& element = frame.slots[element_slot];
        element = Value::Message(&first, first.GetDescriptor(), first.GetReflection(),
                                 range.owner());
        for (size_t i = 0; i < size; ++i) {
          if (p_.iter2_slot >= 0) frame.slots[p_.iter_slot] = Value::Int(static_cast<int64_t>(i));
          // The step may have replaced the variable (the accumulator's slot is another).
          if (element.kind() != ValueKind::kMessage) {
            element = Value::Message(&first, first.GetDescriptor(), first.GetReflection(),
                                     range.owner());
          }
          element.ReplaceMessage(&messages->Get(static_cast<int>(i)));
          if (!Iterate(frame, &outcome)) break;
        }
      } else {
        for (size_t i = 0; i < size; ++i) {
          if (p_.iter2_slot >= 0) frame.slots[p_.iter_slot] = Value::Int(static_cast<int64_t>(i));
          // `range` keeps the list alive: the variable refers to an element the list owns.
          const Value* element = list.Borrow(i);
          if (element == nullptr) {
            frame.slots[element_slot] = list.Get(i, &element_types);
            element = &frame.slots[element_slot];
          }
          frame.values[element_slot] = element;
          if (!Iterate(frame, &outcome)) break;
        }
        frame.values[element_slot] = &frame.slots[element_slot];
      }
    } else if (range.kind() == ValueKind::kMap) {
      const MapValue& map = range.map_value();
      const size_t size = map.size();
      for (size_t i = 0; i < size; ++i) {
        if (p_.iter2_slot >= 0) {
          auto [key, value] = map.Entry(i);
          frame.slots[p_.iter_slot] = std::move(key);
          frame.slots[p_.iter2_slot] = std::move(value);
        } else {
          frame.slots[p_.iter_slot] = map.Key(i);
        }
        if (!Iterate(frame, &outcome)) break;
      }
    } else {
      return Value::Error(
          absl::StrCat("cannot iterate over a value of type '", AsAbsl(range.TypeName()), "'"));
    }
    Value result;
    if (p_.predicate != nullptr) {
      result = outcome.IsNull() ? Value::Bool(!p_.decider) : std::move(outcome);
    } else if (outcome.IsError()) {
      result = std::move(outcome);
    } else {
      result = p_.result->Evaluate(frame);
    }
    // Release what the loop held (the accumulator may be a large list).
    if (p_.accu_slot >= 0) frame.slots[p_.accu_slot] = Value();
    frame.slots[p_.iter_slot] = Value();
    if (p_.iter2_slot >= 0) frame.slots[p_.iter2_slot] = Value();
    return result;
  }

 private:
  // One iteration; false to stop. For `exists` and `all`, `*outcome` keeps the first error and
  // takes the decider when found; otherwise it takes an error that ends the loop.
  bool Iterate(Frame& frame, Value* outcome) const {
    if (!SpendStep(frame, outcome)) return false;
    Value other;  // what a test yields when it is not a bool
    if (p_.predicate != nullptr) {
      const int value = p_.predicate->EvaluateBool(frame, &other);
      if (value >= 0) {
        if ((value == 1) != p_.decider) return true;
        *outcome = Value::Bool(p_.decider);
        return false;
      }
      // As `accumulator || predicate` (`&&` for all) would: the first error is kept.
      if (outcome->IsNull()) *outcome = NotABool(std::move(other), p_.decider ? "_||_" : "_&&_", !p_.decider);
      return true;
    }
    if (p_.condition != nullptr) {
      const int condition = p_.condition->EvaluateBool(frame, &other);
      if (condition < 0) {
        *outcome = NotABool(std::move(other), "loop condition");
        return false;
      }
      if (condition == 0) return false;
    }
    if (p_.step_if != nullptr) {
      const int test = p_.step_if->EvaluateBool(frame, &other);
      if (test == 1) {
        Step(frame);
      } else if (test < 0) {
        frame.slots[p_.accu_slot] = NotABool(std::move(other), "_?_:_");
      }
      return true;
    }
    Step(frame);
    return true;
  }

  // What a test that yielded `other` (an error, or a value that is not a bool) as an operand of
  // `function` gives: the error, or no matching overload (with `left`, when given, as the bool
  // before it). Out of line: the loop's own code stays small.
  ABSL_ATTRIBUTE_NOINLINE static Value NotABool(Value other, const char* function,
                                                std::optional<bool> left = std::nullopt) {
    if (other.IsError()) return other;
    if (!left.has_value()) return NoMatchingOverload(function, &other, 1);
    const Value args[] = {Value::Bool(*left), std::move(other)};
    return NoMatchingOverload(function, args, 2);
  }

  void Step(Frame& frame) const {
    if (p_.count) {
      Value& accumulator = frame.slots[p_.accu_slot];
      if (accumulator.kind() == ValueKind::kInt) accumulator.ReplaceInt(accumulator.int_value() + 1);
      return;  // an error stays
    }
    if (p_.append != nullptr) {
      p_.append->Append(frame);
    } else {
      frame.slots[p_.accu_slot] = p_.step->Evaluate(frame);
    }
  }

  // Gives an empty list accumulator room for the elements a loop over `size` may append, so that it
  // is not regrown (and its elements moved) as it fills; a large loop still grows it past the cap.
  void ReserveAccumulator(Frame& frame, size_t size) const {
    constexpr size_t kMaxReserved = size_t{1} << 16;
    const Value& accumulator = frame.slots[p_.accu_slot];
    if (accumulator.kind() != ValueKind::kList || accumulator.list_value().size() != 0) return;
    std::vector<Value> elements;
    elements.reserve(std::min(size, kMaxReserved));
    frame.slots[p_.accu_slot] = Value::List(std::move(elements));
  }

  // Counts one step against the evaluation's and the run's budgets; false, with the error in
  // `*error`, when one is spent.
  static bool SpendStep(Frame& frame, Value* error) {
    if (++frame.iterations > frame.max_iterations) return BudgetSpent(frame, error);
    if (EvaluationBudget* budget = frame.activation->budget()) {
      // The clock is read now and then: it costs more than a step.
      if (++budget->steps > budget->max_steps || budget->out_of_time ||
          (budget->steps % 4096 == 0 && absl::Now() > budget->deadline)) {
        return BudgetSpent(frame, error);
      }
    }
    return true;
  }

  // False, with the error of the budget that is spent in `*error`. Out of line, as `NotABool`.
  ABSL_ATTRIBUTE_NOINLINE static bool BudgetSpent(Frame& frame, Value* error) {
    EvaluationBudget* budget = frame.activation->budget();
    if (frame.iterations > frame.max_iterations) {
      *error = Value::Error(absl::ResourceExhaustedError(absl::StrCat(
          "iteration budget of ", frame.max_iterations, " comprehension steps exceeded")));
    } else if (budget->steps > budget->max_steps) {
      *error = Value::Error(absl::ResourceExhaustedError(
          absl::StrCat("the run's budget of ", budget->max_steps, " evaluation steps is spent")));
    } else {
      budget->out_of_time = true;
      *error = Value::Error(absl::DeadlineExceededError("the run's time budget is spent"));
    }
    return false;
  }

  const Parts p_;
};

// --- Joins (lib/expr/index.h): comprehensions over the elements an index finds, and `in` by lookup. ---

using internal::KeyTest;
using JoinState = JoinIndexes::Entry::State;

// Charges the `count` steps of building an index to the run's budget (never to the evaluation's own iteration
// budget: the index serves the whole run). False when the budget cannot pay them: the scan then runs instead, and
// runs out of steps, or not, as it always did.
bool ChargeIndexBuild(const Frame& frame, size_t count) {
  EvaluationBudget* budget = frame.activation->budget();
  if (budget == nullptr) return true;
  if (budget->steps > budget->max_steps - static_cast<int64_t>(count)) return false;
  budget->steps += static_cast<int64_t>(count);
  return true;
}

// Evaluates a joined list once into `entry`, when every variable it reads (`roots`) is fixed, and charges the
// building of its index to the run's budget. Returns the list to index, or null when it stays unindexed: it reads a
// varying variable, its evaluation failed (perhaps on this evaluation's own budget: it is tried again next time), it
// is not a list (`entry` then scans it), or it is too long or the budget cannot pay.
const ListValue* ListToIndex(Frame& frame, const JoinIndexes& indexes, const Node& list_node,
                             const std::vector<std::string>& roots, JoinIndexes::Entry* entry) {
  if (!indexes.AllFixed(roots)) return nullptr;
  Value value = list_node.Evaluate(frame);
  if (value.IsError()) return nullptr;
  entry->list = std::move(value);
  entry->state = JoinState::kScan;
  if (entry->list.kind() != ValueKind::kList) return nullptr;
  const ListValue& list = entry->list.list_value();
  if (list.size() >= UINT32_MAX || !ChargeIndexBuild(frame, list.size())) return nullptr;
  return &list;
}

// Reads the elements of a list value one at a time. Those of a repeated field of generated messages are read as the
// comprehension's loop reads them, without reflection (`Reflection::GetRepeatedMessage` is some 300 instructions):
// joins read a candidate or two per record.
class ListReader {
 public:
  // `list` must stay alive and unchanged while the reader is used. Precondition: `list` is a list.
  explicit ListReader(const Value& list)
      : list_(list), messages_(list.list_value().GeneratedMessages()) {}

  // Precondition: `index < size of the list`.
  Value Get(size_t index) {
    if (messages_ == nullptr) return list_.list_value().Get(index, &types_);
    const google::protobuf::Message& element = messages_->Get(static_cast<int>(index));
    const google::protobuf::Descriptor* type;
    const google::protobuf::Reflection* reflection;
    types_.Resolve(element, &type, &reflection);
    return Value::Message(&element, type, reflection, list_.owner());
  }

 private:
  const Value& list_;
  const google::protobuf::RepeatedPtrField<google::protobuf::Message>* const messages_;
  MessageTypeCache types_;  // the elements' class, asked once
};

// The range of a comprehension whose predicate has a key test (`internal::JoinKeysOf`) over a list that reads only
// variables: with join indexes attached, the elements whose key the probe matches, in list order; otherwise, or
// when anything is unusual, the whole list.
class JoinRangeNode final : public Node {
 public:
  JoinRangeNode(NodePtr list, NodePtr key, NodePtr probe, KeyTest test, int iter_slot,
                std::vector<std::string> roots)
      : id_(internal::NewJoinId()),
        list_(std::move(list)),
        key_(std::move(key)),
        probe_(std::move(probe)),
        test_(test),
        iter_slot_(iter_slot),
        roots_(std::move(roots)) {}

  Value Evaluate(Frame& frame) const override {
    JoinIndexes* indexes = frame.activation->join_indexes();
    if (indexes == nullptr) return list_->Evaluate(frame);
    JoinIndexes::Entry* entry = indexes->Find(id_);
    if (entry == nullptr) entry = &Build(frame, *indexes);
    if (entry->state == JoinState::kVarying) return list_->Evaluate(frame);
    std::vector<uint32_t> positions;
    if (entry->state == JoinState::kScan || !FindCandidates(frame, entry->index, &positions)) return entry->list;
    std::vector<Value> candidates;
    if (positions.empty()) return Value::List(std::move(candidates));
    candidates.reserve(positions.size());
    ListReader elements(entry->list);
    for (uint32_t position : positions) candidates.push_back(elements.Get(position));
    return Value::List(std::move(candidates));
  }

 private:
  JoinIndexes::Entry& Build(Frame& frame, JoinIndexes& indexes) const {
    JoinIndexes::Entry& entry = indexes.Add(id_);
    const ListValue* list_to_index = ListToIndex(frame, indexes, *list_, roots_, &entry);
    if (list_to_index == nullptr) return entry;
    const ListValue& list = *list_to_index;
    const size_t size = list.size();
    JoinIndex index;
    index.Reserve(size);
    bool indexable = true;
    ListReader elements(entry.list);
    for (size_t i = 0; i < size && indexable; ++i) {
      frame.slots[iter_slot_] = elements.Get(i);
      const Value key = key_->Evaluate(frame);
      const auto position = static_cast<uint32_t>(i);
      if (test_ != KeyTest::kProbeInKey) {
        indexable = index.Add(key, position);
      } else if (key.kind() != ValueKind::kList) {
        indexable = false;  // `e in map` tests keys: leave it to the scan
      } else {
        const ListValue& keys = key.list_value();
        const size_t key_count = keys.size();
        for (size_t k = 0; k < key_count && indexable; ++k) indexable = index.Add(keys.Get(k), position);
      }
    }
    frame.slots[iter_slot_] = Value();
    if (indexable) {
      entry.index = std::move(index);
      entry.state = JoinState::kIndexed;
    }
    return entry;
  }

  // The positions of the elements the key test accepts, or false to scan the whole list.
  bool FindCandidates(Frame& frame, const JoinIndex& index, std::vector<uint32_t>* positions) const {
    const Value probe = probe_->Evaluate(frame);
    if (test_ != KeyTest::kKeyInProbe) {
      if (probe.IsError() || !index.CanFind(probe)) return false;
      index.Find(probe, positions);
      return true;
    }
    if (probe.kind() != ValueKind::kList) return false;
    const ListValue& keys = probe.list_value();
    const size_t key_count = keys.size();
    for (size_t k = 0; k < key_count; ++k) {
      const Value key = keys.Get(k);
      if (!index.CanFind(key)) return false;
      index.Find(key, positions);
    }
    if (key_count > 1) {
      std::sort(positions->begin(), positions->end());
      positions->erase(std::unique(positions->begin(), positions->end()), positions->end());
    }
    return true;
  }

  const uint64_t id_;
  const NodePtr list_;
  const NodePtr key_;
  const NodePtr probe_;
  const KeyTest test_;
  const int iter_slot_;
  const std::vector<std::string> roots_;  // the variables the list (and the key) read
};

// `element in list` where `list` reads only variables: with join indexes attached, a lookup in an index of the
// list's elements; otherwise, or when anything is unusual, the standard `@in`.
class InListNode final : public Node {
 public:
  InListNode(NodePtr element, NodePtr list, Function in, std::vector<std::string> roots)
      : id_(internal::NewJoinId()),
        element_(std::move(element)),
        list_(std::move(list)),
        in_(in),
        roots_(std::move(roots)) {}

  Value Evaluate(Frame& frame) const override {
    Value element = element_->Evaluate(frame);
    if (element.IsError()) return element;
    JoinIndexes* indexes = frame.activation->join_indexes();
    JoinIndexes::Entry* entry = indexes == nullptr ? nullptr : indexes->Find(id_);
    if (indexes != nullptr && entry == nullptr) entry = &Build(frame, *indexes);
    if (entry == nullptr || entry->state == JoinState::kVarying) return In(element, list_->Evaluate(frame));
    if (entry->state == JoinState::kIndexed && entry->index.CanFind(element)) {
      return Value::Bool(entry->index.Contains(element));
    }
    return In(element, entry->list);
  }

 private:
  JoinIndexes::Entry& Build(Frame& frame, JoinIndexes& indexes) const {
    JoinIndexes::Entry& entry = indexes.Add(id_);
    const ListValue* list_to_index = ListToIndex(frame, indexes, *list_, roots_, &entry);
    if (list_to_index == nullptr) return entry;
    const ListValue& list = *list_to_index;
    const size_t size = list.size();
    JoinIndex index;
    index.Reserve(size);
    for (size_t i = 0; i < size; ++i) {
      if (!index.Add(list.Get(i), static_cast<uint32_t>(i))) return entry;
    }
    entry.index = std::move(index);
    entry.state = JoinState::kIndexed;
    return entry;
  }

  Value In(const Value& element, const Value& list) const {
    if (list.IsError()) return list;
    const Value* args[] = {&element, &list};
    return in_(args, 2);
  }

  const uint64_t id_;
  const NodePtr element_;
  const NodePtr list_;
  const Function in_;
  const std::vector<std::string> roots_;  // the variables the list reads
};

// `e in x.f` where `f` is a repeated int32, enum or string field with generated accessors
// (`NoticeItem.NOTICE_ITEM_RIGHTS in record.information_notice.items_present`, `p.id in
// record.processing_activity_ids`): the elements are compared in place, without a list value.
// `general`, the node `@in` is planned to otherwise, decides for a message read by reflection, an
// element of another kind (`1.0 in ints` is true in CEL) or an error, and for a list longer than
// `kScanLimit`, which it may find through a join index.
class InRepeatedFieldNode final : public BoolNode<InRepeatedFieldNode> {
 public:
  // `element` and `field` belong to `general`.
  InRepeatedFieldNode(NodePtr general, const Node* element, const FieldSelectNode* field)
      : general_(std::move(general)), element_(element), field_(field) {}

  // Whether `field` can be read so.
  static bool Applies(const FieldSelectNode& field) {
    const base::GeneratedFieldAccessors& accessors = field.reader().generated_accessors();
    return !field.test_only() && accessors.size != nullptr &&
           (accessors.repeated_int32 != nullptr || accessors.repeated_string != nullptr);
  }

  int EvaluateBool(Frame& frame, Value* other) const override {
    if (const google::protobuf::Message* message =
            GeneratedMessageOf(BorrowedValue(field_->operand(), frame), reflection_)) {
      Value scratch;
      const int found = Scan(*message, ValueOf(*element_, frame, scratch));
      if (found >= 0) return found;
    }
    return general_->EvaluateBool(frame, other);
  }

 private:
  static constexpr int kScanLimit = 64;

  // 1 when `element` is in the field of `message`, 0 when not, -1 when `general_` must decide.
  int Scan(const google::protobuf::Message& message, const Value& element) const {
    const int size = accessors_.size(message);
    if (size > kScanLimit) return -1;
    if (accessors_.repeated_string != nullptr) {
      if (element.kind() != ValueKind::kString) return -1;
      const std::string_view wanted = element.string_value();
      for (int i = 0; i < size; ++i) {
        if (accessors_.repeated_string(message, i) == wanted) return 1;
      }
      return 0;
    }
    if (element.kind() != ValueKind::kInt) return -1;
    const int64_t wanted = element.int_value();
    const int32_t* elements = accessors_.repeated_int32(message);
    return std::find(elements, elements + size, wanted) != elements + size ? 1 : 0;
  }

  const NodePtr general_;
  const Node* const element_;
  const FieldSelectNode* const field_;
  const base::GeneratedFieldAccessors& accessors_ = field_->reader().generated_accessors();
  // The reflection of the messages the accessors read.
  const google::protobuf::Reflection* const reflection_ = field_->reader().generated_reflection();
};

// The names of `name` in `container` to try, innermost scope first ("a.b" + "x" gives
// "a.b.x", "a.x", "x"). A leading dot makes the name absolute.
std::vector<std::string> ContainerCandidates(std::string_view name, std::string_view container) {
  if (!name.empty() && name[0] == '.') return {std::string(name.substr(1))};
  std::vector<std::string> out;
  std::string_view scope = container;
  while (!scope.empty()) {
    out.push_back(absl::StrCat(AsAbsl(scope), ".", AsAbsl(name)));
    const size_t dot = scope.rfind('.');
    scope = dot == std::string_view::npos ? std::string_view() : scope.substr(0, dot);
  }
  out.emplace_back(name);
  return out;
}

std::optional<std::string_view> BuiltinTypeName(std::string_view name) {
  static constexpr std::string_view kNames[] = {"int",       "uint",  "double",       "bool",
                                                "string",    "bytes", "list",         "map",
                                                "null_type", "type",  "optional_type"};
  for (std::string_view builtin : kNames) {
    if (builtin == name) return builtin;
  }
  return std::nullopt;
}

// Plans each expression of `exprs` into `out`, returning on the first error.
#define HDSC_PLAN_ALL(exprs, out)                     \
  (out).reserve((out).size() + (exprs).size());       \
  for (const ExprPtr& element : (exprs)) {            \
    absl::StatusOr<NodePtr> planned = Plan(*element); \
    if (!planned.ok()) return planned.status();       \
    (out).push_back(*std::move(planned));             \
  }

class Planner {
 public:
  Planner(const ParsedExpr& parsed, const PlanOptions& options)
      : parsed_(parsed), options_(options) {}

  absl::StatusOr<NodePtr> Plan(const Expr& expr) {
    if (const auto* constant = std::get_if<Constant>(&expr.kind)) return PlanConstant(*constant);
    if (std::optional<NodePtr> resolved = PlanReference(expr)) return *std::move(resolved);
    if (const auto* ident = std::get_if<Ident>(&expr.kind)) {
      if (int slot = LocalSlot(ident->name); slot >= 0) return NodePtr(new SlotNode(slot));
      return ResolveQualified({ident->name}, expr);
    }
    if (const auto* select = std::get_if<Select>(&expr.kind)) return PlanSelect(*select, expr);
    if (const auto* call = std::get_if<Call>(&expr.kind)) return PlanCall(*call, expr);
    if (const auto* list = std::get_if<CreateList>(&expr.kind)) {
      std::vector<NodePtr> elements;
      HDSC_PLAN_ALL(list->elements, elements);
      std::vector<bool> optional(elements.size(), false);
      for (int32_t index : list->optional_indices) {
        if (index < 0 || static_cast<size_t>(index) >= optional.size()) {
          return Error(expr, "optional element index out of range");
        }
        optional[index] = true;
      }
      const bool constant = AllConstant(elements);
      return FoldIfConstant(NodePtr(new ListNode(std::move(elements), std::move(optional))),
                            constant);
    }
    if (const auto* create = std::get_if<CreateStruct>(&expr.kind)) {
      return PlanStruct(*create, expr);
    }
    if (const auto* comprehension = std::get_if<Comprehension>(&expr.kind)) {
      return PlanComprehension(*comprehension, expr);
    }
    return Error(expr, "unsupported expression");
  }

  int slot_count() const { return slot_count_; }

 private:
  // A list or map literal, or a call of a standard function, made of constants is evaluated
  // once, when planning, so that evaluating `x in ['a', 'b']` allocates nothing and
  // `duration('72h')` parses once. What fails (a repeated key, `1 / 0`) stays as it is and
  // fails at run time.
  static NodePtr FoldIfConstant(NodePtr node, bool constant) {
    if (!constant) return node;
    Frame frame{nullptr, nullptr, nullptr, 0, 0};
    Value value = node->Evaluate(frame);
    if (value.IsError()) return node;
    return NodePtr(new ConstantNode(std::move(value)));
  }

  static bool AllConstant(const std::vector<NodePtr>& nodes) {
    for (const NodePtr& node : nodes) {
      if (!node->IsConstant()) return false;
    }
    return true;
  }

  absl::Status Error(const Expr& expr, std::string_view message) const {
    auto it = parsed_.source_info.positions.find(expr.id);
    auto [line, column] = it == parsed_.source_info.positions.end()
                              ? std::pair<int, int>(1, 1)
                              : parsed_.source_info.LineColumn(it->second);
    std::vector<CompileIssue> issue = {{line, column, std::string(message)}};
    if (options_.issues != nullptr) options_.issues->push_back(issue.front());
    return IssuesStatus(parsed_.source_info.location, issue);
  }

  int LocalSlot(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return -1;
  }

  absl::StatusOr<NodePtr> PlanConstant(const Constant& constant) {
    struct Visitor {
      Value operator()(std::monostate) const { return Value::Null(); }
      Value operator()(bool v) const { return Value::Bool(v); }
      Value operator()(int64_t v) const { return Value::Int(v); }
      Value operator()(uint64_t v) const { return Value::Uint(v); }
      Value operator()(double v) const { return Value::Double(v); }
      Value operator()(const std::string& v) const { return Value::String(v); }
      Value operator()(const Bytes& v) const { return Value::Bytes(v.value); }
    };
    return NodePtr(new ConstantNode(std::visit(Visitor{}, constant)));
  }

  // The message or enum type, or the enum constant, named `name` (already qualified by the container), if any.
  std::optional<Value> ResolveTypeOrEnum(const std::string& name) const {
    const google::protobuf::DescriptorPool* pool = options_.context->pool;
    if (const auto* message = pool->FindMessageTypeByName(name)) {
      return Value::Type(message->full_name());
    }
    if (const auto* enum_type = pool->FindEnumTypeByName(name)) {
      return Value::Type(enum_type->full_name());
    }
    const size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
      if (const auto* enum_type = pool->FindEnumTypeByName(name.substr(0, dot))) {
        if (const auto* value = enum_type->FindValueByName(name.substr(dot + 1))) {
          return Value::Int(value->number());
        }
      }
    }
    return std::nullopt;
  }

  // Resolves the qualified name `parts[0].parts[1]...` (the root is not a comprehension
  // variable) to a declared variable plus field selections, a type, or an enum constant; what
  // does not resolve is looked up in the activation at run time.
  absl::StatusOr<NodePtr> ResolveQualified(const std::vector<std::string>& parts,
                                           const Expr& expr) {
    std::vector<DynamicIdentNode::Candidate> candidates;
    for (size_t n = parts.size(); n >= 1; --n) {
      const std::string prefix =
          absl::StrJoin(parts.begin(), parts.begin() + static_cast<ptrdiff_t>(n), ".");
      for (const std::string& candidate : ContainerCandidates(prefix, options_.container)) {
        if (options_.variables.contains(candidate)) {
          NodePtr node(new VariableNode(candidate));
          for (size_t i = n; i < parts.size(); ++i) {
            node.reset(new SelectNode(std::move(node), parts[i], false, options_.context));
          }
          return node;
        }
        if (n == parts.size()) {
          if (candidate == prefix) {
            if (std::optional<std::string_view> builtin = BuiltinTypeName(candidate)) {
              return NodePtr(new ConstantNode(Value::Type(*builtin)));
            }
          }
          if (std::optional<Value> resolved = ResolveTypeOrEnum(candidate)) {
            return NodePtr(new ConstantNode(*std::move(resolved)));
          }
        }
        std::string name = candidate;
        if (!name.empty() && name[0] == '.') name.erase(0, 1);
        candidates.push_back(
            {std::move(name),
             std::vector<std::string>(parts.begin() + static_cast<ptrdiff_t>(n), parts.end())});
      }
    }
    return NodePtr(new DynamicIdentNode(absl::StrJoin(parts, "."), options_.container,
                                        std::move(candidates), options_.context));
  }

  // A name the checker resolved to a variable, a type or an enum constant.
  std::optional<NodePtr> PlanReference(const Expr& expr) const {
    if (options_.checked == nullptr) return std::nullopt;
    if (!std::holds_alternative<Ident>(expr.kind) && !std::holds_alternative<Select>(expr.kind)) {
      return std::nullopt;
    }
    auto it = options_.checked->reference_map.find(expr.id);
    if (it == options_.checked->reference_map.end()) return std::nullopt;
    const Reference& reference = it->second;
    switch (reference.kind) {
      case Reference::Kind::kVariable:
        return NodePtr(new VariableNode(reference.name));
      case Reference::Kind::kEnumConstant:
        if (!reference.enum_value.has_value()) return std::nullopt;
        return NodePtr(new ConstantNode(Value::Int(*reference.enum_value)));
      case Reference::Kind::kType: {
        if (std::optional<std::string_view> builtin = BuiltinTypeName(reference.name)) {
          return NodePtr(new ConstantNode(Value::Type(*builtin)));
        }
        if (std::optional<Value> resolved = ResolveTypeOrEnum(reference.name)) {
          return NodePtr(new ConstantNode(*std::move(resolved)));
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  // The message type the checker inferred for `expr`, if it did.
  const google::protobuf::Descriptor* CheckedMessageType(const Expr& expr) const {
    if (options_.checked == nullptr) return nullptr;
    auto it = options_.checked->type_map.find(expr.id);
    if (it == options_.checked->type_map.end() || it->second.kind() != TypeKind::kMessage) {
      return nullptr;
    }
    return it->second.message();
  }

  absl::StatusOr<NodePtr> PlanSelect(const Select& select, const Expr& expr) {
    if (const google::protobuf::Descriptor* type = CheckedMessageType(*select.operand)) {
      if (const auto* field = type->FindFieldByName(select.field)) {
        absl::StatusOr<NodePtr> operand = Plan(*select.operand);
        if (!operand.ok()) return operand.status();
        return NodePtr(
            new FieldSelectNode(*std::move(operand), field, select.test_only, options_.context));
      }
    }
    if (!select.test_only && options_.checked == nullptr) {
      // A chain of selections rooted at an identifier may be a qualified name.
      std::vector<std::string> parts = {select.field};
      const Expr* operand = select.operand.get();
      while (true) {
        if (const auto* inner = std::get_if<Select>(&operand->kind); inner && !inner->test_only) {
          parts.push_back(inner->field);
          operand = inner->operand.get();
          continue;
        }
        break;
      }
      if (const auto* root = std::get_if<Ident>(&operand->kind);
          root != nullptr && LocalSlot(root->name) < 0) {
        parts.push_back(root->name);
        std::reverse(parts.begin(), parts.end());
        return ResolveQualified(parts, expr);
      }
    }
    absl::StatusOr<NodePtr> operand = Plan(*select.operand);
    if (!operand.ok()) return operand.status();
    return NodePtr(
        new SelectNode(*std::move(operand), select.field, select.test_only, options_.context));
  }

  absl::StatusOr<NodePtr> PlanCall(const Call& call, const Expr& expr) {
    // A view: the many comparisons below with literals test the length first, inline.
    const std::string_view name = call.function;
    if (call.target == nullptr) {
      if ((name == "_&&_" || name == "_||_") && call.args.size() == 2) {
        std::vector<const Node*> operands;
        absl::StatusOr<NodePtr> tree = PlanLogicTree(expr, name, &operands);
        if (!tree.ok() || operands.size() < 3) return tree;
        if (name == "_&&_") return NodePtr(new LogicChainNode<true>(*std::move(tree), operands));
        return NodePtr(new LogicChainNode<false>(*std::move(tree), operands));
      }
      if (name == "_?_:_" && call.args.size() == 3) {
        std::vector<NodePtr> parts;
        HDSC_PLAN_ALL(call.args, parts);
        return NodePtr(
            new ConditionalNode(std::move(parts[0]), std::move(parts[1]), std::move(parts[2])));
      }
      if (name == "_?._" && call.args.size() == 2) {
        const auto* constant = std::get_if<Constant>(&call.args[1]->kind);
        const std::string* field =
            constant == nullptr ? nullptr : std::get_if<std::string>(constant);
        if (field == nullptr) return Error(expr, "'_?._' needs a field name");
        absl::StatusOr<NodePtr> operand = Plan(*call.args[0]);
        if (!operand.ok()) return operand.status();
        return NodePtr(new OptionalSelectNode(*std::move(operand), *field, options_.context));
      }
      if (name == "@in" && call.args.size() == 2) {
        std::vector<std::string> roots;
        if (ReadsOnlyVariables(*call.args[1], "", &roots)) {
          std::vector<NodePtr> args;
          HDSC_PLAN_ALL(call.args, args);
          // Constant operands fold below, and a constant list needs no index (the call below
          // borrows it); a list of one declared type that is a map is no join.
          if (!AllConstant(args) && !args[1]->IsConstant() && !IsCheckedMap(*call.args[1])) {
            const Node* element = args[0].get();
            const auto* field = dynamic_cast<const FieldSelectNode*>(args[1].get());
            NodePtr in(new InListNode(std::move(args[0]), std::move(args[1]), FindFunction("@in"),
                                      std::move(roots)));
            if (field != nullptr && InRepeatedFieldNode::Applies(*field)) {
              return NodePtr(new InRepeatedFieldNode(std::move(in), element, field));
            }
            return in;
          }
        }
      }
      if (name == "@not_strictly_false" && call.args.size() == 1) {
        absl::StatusOr<NodePtr> operand = Plan(*call.args[0]);
        if (!operand.ok()) return operand.status();
        return NodePtr(new NotStrictlyFalseNode(*std::move(operand)));
      }
      if (name == "_[_]" && call.args.size() == 2) {
        absl::StatusOr<NodePtr> chosen = PlanMapLiteralIndex(*call.args[0], *call.args[1]);
        if (!chosen.ok() || *chosen != nullptr) return chosen;
      }
      if (name == "_+_" && call.args.size() == 2) {
        absl::StatusOr<NodePtr> chain = PlanConcatChain(expr);
        if (!chain.ok() || *chain != nullptr) return chain;
      }
      if (name == "_+_" && call.args.size() == 2 && step_accu_slot_ >= 0) {
        const auto* accu = std::get_if<Ident>(&call.args[0]->kind);
        const auto* list = std::get_if<CreateList>(&call.args[1]->kind);
        if (accu != nullptr && list != nullptr && list->optional_indices.empty() &&
            LocalSlot(accu->name) == step_accu_slot_) {
          std::vector<NodePtr> elements;
          HDSC_PLAN_ALL(list->elements, elements);
          return NodePtr(new AccumulatorAppendNode(step_accu_slot_, std::move(elements)));
        }
      }
    }
    if (call.target != nullptr) {
      // `math.greatest(x)`: a namespaced function, not a receiver call on `math`.
      if (std::optional<std::string> space = NamespaceOf(*call.target)) {
        if (Function function = FindFunction(absl::StrCat(*space, ".", call.function))) {
          std::vector<NodePtr> args;
          HDSC_PLAN_ALL(call.args, args);
          return NewCallNode(function, std::move(args));
        }
      }
    }
    if (const Expr* operand = name == "size" ? SizeOperand(call) : nullptr) {
      absl::StatusOr<NodePtr> counted = PlanSplitSize(*operand);
      if (!counted.ok() || *counted != nullptr) return counted;
      counted = PlanFilterSize(*operand);
      if (!counted.ok() || *counted != nullptr) return counted;
    }
    if (call.args.size() == 1 && FindFunction(name) == nullptr) {
      if (const auto* enum_type = ResolveEnumFunction(call)) {
        absl::StatusOr<NodePtr> operand = Plan(*call.args[0]);
        if (!operand.ok()) return operand.status();
        return NodePtr(new EnumConversionNode(enum_type, *std::move(operand)));
      }
    }
    std::vector<NodePtr> args;
    args.reserve(call.args.size() + 1);
    if (call.target != nullptr) {
      absl::StatusOr<NodePtr> target = Plan(*call.target);
      if (!target.ok()) return target.status();
      args.push_back(*std::move(target));
    }
    HDSC_PLAN_ALL(call.args, args);
    if ((name == "contains" || name == "startsWith" || name == "endsWith") && args.size() == 2 &&
        !args[0]->IsConstant()) {
      const Value* needle = ConstantValue(*args[1]);
      Function function = FindFunction(name);
      if (needle != nullptr && needle->kind() == ValueKind::kString && function != nullptr) {
        if (name == "contains") {
          return NodePtr(new StringTestNode<StringTest::kContains>(function, std::move(args[0]),
                                                                   std::move(args[1])));
        }
        if (name == "startsWith") {
          return NodePtr(new StringTestNode<StringTest::kStartsWith>(function, std::move(args[0]),
                                                                     std::move(args[1])));
        }
        return NodePtr(new StringTestNode<StringTest::kEndsWith>(function, std::move(args[0]),
                                                                 std::move(args[1])));
      }
    }
    if (name == "matches" && args.size() == 2) {
      const Expr& pattern_expr = call.target != nullptr ? *call.args[0] : *call.args[1];
      const auto* constant = std::get_if<Constant>(&pattern_expr.kind);
      const std::string* pattern =
          constant == nullptr ? nullptr : std::get_if<std::string>(constant);
      if (pattern != nullptr) {
        std::shared_ptr<const RE2> re = base::SharedRegex(*pattern);
        // An invalid constant pattern falls through to the run-time function, which reports it.
        if (re->ok()) return NodePtr(new MatchesConstantNode(std::move(args[0]), std::move(re)));
      }
    }
    if (Function function = FindFunction(name)) {
      // The standard functions are pure: `duration('72h')` is parsed once, when planning.
      const bool constant = AllConstant(args);
      if (!constant && name == "size" && args.size() == 1) {
        // `size(x.f)` of a repeated or map field: counted in place.
        const auto* field = dynamic_cast<const FieldSelectNode*>(args[0].get());
        if (field != nullptr && !field->test_only() && field->reader().reads_collection()) {
          return NodePtr(new FieldSizeNode(NewCallNode(function, std::move(args)), field));
        }
      }
      if (!constant && args.size() == 2 && call.target == nullptr) {
        if (NodePtr comparison = NewComparisonNode(name, function, &args[0], &args[1])) {
          return comparison;
        }
        if (name == "_[_]") {
          return NodePtr(new IndexNode(function, std::move(args[0]), std::move(args[1])));
        }
      }
      return FoldIfConstant(NewCallNode(function, std::move(args)), constant);
    }
    return NodePtr(new UnknownFunctionNode(call.function, std::move(args)));
  }

  // The operand of `size(x)` or `x.size()`, or null for another call.
  const Expr* SizeOperand(const Call& call) const {
    if (call.target != nullptr && call.args.empty()) {
      if (NamespaceOf(*call.target).has_value()) return nullptr;  // `ns.size()`
      return call.target.get();
    }
    if (call.target == nullptr && call.args.size() == 1) return call.args[0].get();
    return nullptr;
  }

  // `size(l.filter(x, p))` (`operand` of a call of `size`) as a comprehension that counts the elements passing `p`
  // instead of collecting them; null when `operand` is not a `filter`.
  absl::StatusOr<NodePtr> PlanFilterSize(const Expr& operand) {
    const auto* c = std::get_if<Comprehension>(&operand.kind);
    if (c == nullptr || !IsFilter(*c) || FindFunction("size") == nullptr) return nullptr;
    return PlanComprehension(*c, operand, /*count=*/true);
  }

  // Whether `c` is the expansion of `l.filter(x, p)`: from `[]`, while `true`, the step
  // `p ? accu + [x] : accu`, the result `accu`.
  static bool IsFilter(const Comprehension& c) {
    const auto is_ident = [](const ExprPtr& expr, const std::string& name) {
      const auto* ident = std::get_if<Ident>(&expr->kind);
      return ident != nullptr && ident->name == name;
    };
    const auto* init = std::get_if<CreateList>(&c.accu_init->kind);
    const auto* condition = std::get_if<Constant>(&c.loop_condition->kind);
    const auto* step = std::get_if<Call>(&c.loop_step->kind);
    const bool* always = condition == nullptr ? nullptr : std::get_if<bool>(condition);
    if (!c.iter_var2.empty() || init == nullptr || !init->elements.empty() || always == nullptr ||
        !*always || step == nullptr || step->target != nullptr ||
        step->function != "_?_:_" || step->args.size() != 3 || !is_ident(step->args[2], c.accu_var) ||
        !is_ident(c.result, c.accu_var)) {
      return false;
    }
    const auto* append = std::get_if<Call>(&step->args[1]->kind);
    if (append == nullptr || append->target != nullptr || append->function != "_+_" ||
        append->args.size() != 2 || !is_ident(append->args[0], c.accu_var)) {
      return false;
    }
    const auto* element = std::get_if<CreateList>(&append->args[1]->kind);
    return element != nullptr && element->elements.size() == 1 && element->optional_indices.empty() &&
           is_ident(element->elements[0], c.iter_var);
  }

  // `size(t.split(s))`, `t.split(s).size()` and the same with a limit (`operand` of a call of `size`) as a
  // `SplitSizeNode`; null when `operand` is not a `split`.
  absl::StatusOr<NodePtr> PlanSplitSize(const Expr& operand) {
    const auto* split = std::get_if<Call>(&operand.kind);
    if (split == nullptr || split->function != "split") return nullptr;
    const size_t count = split->args.size() + (split->target != nullptr ? 1 : 0);
    if (count != 2 && count != 3) return nullptr;
    if (split->target != nullptr && NamespaceOf(*split->target).has_value()) return nullptr;
    Function split_function = FindFunction("split");
    Function size_function = FindFunction("size");
    if (split_function == nullptr || size_function == nullptr) return nullptr;
    std::vector<NodePtr> args;
    if (split->target != nullptr) {
      absl::StatusOr<NodePtr> target = Plan(*split->target);
      if (!target.ok()) return target.status();
      args.push_back(*std::move(target));
    }
    HDSC_PLAN_ALL(split->args, args);
    const bool constant = AllConstant(args);
    return FoldIfConstant(NodePtr(new SplitSizeNode(split_function, size_function, std::move(args))),
                          constant);
  }

  // `{k1: v1, ...}[k]` (`map` indexed by `index`) as a `MapLiteralIndexNode` when the keys and `k`
  // are constants, the keys make a map (distinct, of key kinds), `k` finds one of them, no entry
  // is optional and some value is not a constant; null otherwise.
  absl::StatusOr<NodePtr> PlanMapLiteralIndex(const Expr& map, const Expr& index) {
    const auto* literal = std::get_if<CreateStruct>(&map.kind);
    if (literal == nullptr || !literal->message_name.empty() || literal->entries.empty() ||
        !std::holds_alternative<Constant>(index.kind)) {
      return nullptr;
    }
    for (const CreateStruct::Entry& entry : literal->entries) {
      if (entry.optional || !std::holds_alternative<Constant>(entry.key->kind)) return nullptr;
    }
    std::vector<NodePtr> keys;
    std::vector<NodePtr> values;
    std::vector<std::pair<Value, Value>> positions;  // each key with its entry's position
    for (const CreateStruct::Entry& entry : literal->entries) {
      absl::StatusOr<NodePtr> key = Plan(*entry.key);
      if (!key.ok()) return key.status();
      absl::StatusOr<NodePtr> value = Plan(*entry.value);
      if (!value.ok()) return value.status();
      const Value* key_value = ConstantValue(**key);
      if (key_value == nullptr) return nullptr;
      positions.emplace_back(*key_value, Value::Int(static_cast<int64_t>(keys.size())));
      keys.push_back(*std::move(key));
      values.push_back(*std::move(value));
    }
    if (AllConstant(values)) return nullptr;  // the literal folds to a constant map
    absl::StatusOr<Value> position_map = Value::Map(std::move(positions));
    if (!position_map.ok()) return nullptr;  // a repeated or invalid key: the error at run time
    absl::StatusOr<NodePtr> index_node = Plan(index);
    if (!index_node.ok()) return index_node.status();
    const Value* key = ConstantValue(**index_node);
    Function index_function = FindFunction("_[_]");
    if (key == nullptr || index_function == nullptr) return nullptr;
    const Value* args[] = {&*position_map, key};
    const Value chosen = index_function(args, 2);  // as `_[_]` finds it in the literal's map
    if (chosen.kind() != ValueKind::kInt) return nullptr;
    return NodePtr(new MapLiteralIndexNode(std::move(keys), std::move(values),
                                           static_cast<size_t>(chosen.int_value())));
  }

  // `a + b + c ...` (`expr`, a call of `_+_` with two arguments) as one `ConcatNode` when it adds
  // three operands or more and may add strings or bytes (the checker says so, or did not run);
  // null otherwise (also for a chain that starts at a comprehension's accumulator, which the
  // planner appends to in place).
  absl::StatusOr<NodePtr> PlanConcatChain(const Expr& expr) {
    if (options_.checked != nullptr) {
      auto it = options_.checked->type_map.find(expr.id);
      if (it != options_.checked->type_map.end() && it->second.kind() != TypeKind::kString &&
          it->second.kind() != TypeKind::kBytes && !it->second.IsDyn()) {
        return nullptr;
      }
    }
    std::vector<const Expr*> operands;
    const Expr* current = &expr;
    while (true) {
      const auto* call = std::get_if<Call>(&current->kind);
      if (call == nullptr || call->target != nullptr || call->function != "_+_" ||
          call->args.size() != 2) {
        break;
      }
      operands.push_back(call->args[1].get());
      current = call->args[0].get();
    }
    operands.push_back(current);
    if (operands.size() < 3) return nullptr;
    if (const auto* first = std::get_if<Ident>(&current->kind);
        first != nullptr && step_accu_slot_ >= 0 && LocalSlot(first->name) == step_accu_slot_) {
      return nullptr;
    }
    std::reverse(operands.begin(), operands.end());
    std::vector<NodePtr> nodes;
    for (const Expr* operand : operands) {
      absl::StatusOr<NodePtr> planned = Plan(*operand);
      if (!planned.ok()) return planned.status();
      nodes.push_back(*std::move(planned));
    }
    const bool constant = AllConstant(nodes);
    return FoldIfConstant(NodePtr(new ConcatNode(FindFunction("_+_"), std::move(nodes))),
                          constant);
  }

  // `a && b && ...` (or `||`, as `name` says): the tree of binary nodes the expression spells,
  // with its operands (what is not itself a `name` call), in order, in `operands`.
  absl::StatusOr<NodePtr> PlanLogicTree(const Expr& expr, std::string_view name,
                                        std::vector<const Node*>* operands) {
    const auto* call = std::get_if<Call>(&expr.kind);
    if (call == nullptr || call->target != nullptr || call->function != name ||
        call->args.size() != 2) {
      absl::StatusOr<NodePtr> operand = Plan(expr);
      if (operand.ok()) operands->push_back(operand->get());
      return operand;
    }
    absl::StatusOr<NodePtr> lhs = PlanLogicTree(*call->args[0], name, operands);
    if (!lhs.ok()) return lhs.status();
    absl::StatusOr<NodePtr> rhs = PlanLogicTree(*call->args[1], name, operands);
    if (!rhs.ok()) return rhs.status();
    if (name == "_&&_") return NodePtr(new LogicNode<true>(*std::move(lhs), *std::move(rhs)));
    return NodePtr(new LogicNode<false>(*std::move(lhs), *std::move(rhs)));
  }

  // The dotted name `expr` spells when it is a chain of selections on an identifier that names
  // neither a comprehension variable nor a declared variable.
  std::optional<std::string> NamespaceOf(const Expr& expr) const {
    std::vector<std::string> parts;
    const Expr* current = &expr;
    while (true) {
      if (const auto* select = std::get_if<Select>(&current->kind); select && !select->test_only) {
        parts.push_back(select->field);
        current = select->operand.get();
        continue;
      }
      const auto* ident = std::get_if<Ident>(&current->kind);
      if (ident == nullptr || LocalSlot(ident->name) >= 0) return std::nullopt;
      parts.push_back(ident->name);
      break;
    }
    std::reverse(parts.begin(), parts.end());
    std::string prefix;
    for (const std::string& part : parts) {
      prefix = prefix.empty() ? part : absl::StrCat(prefix, ".", part);
      for (const std::string& candidate : ContainerCandidates(prefix, options_.container)) {
        if (options_.variables.contains(candidate)) return std::nullopt;
      }
    }
    return prefix;
  }

  // The enum type a call such as `pkg.Enum(x)` or `Enum(x)` names, if any.
  const google::protobuf::EnumDescriptor* ResolveEnumFunction(const Call& call) const {
    std::vector<std::string> parts = {call.function};
    const Expr* target = call.target.get();
    while (target != nullptr) {
      if (const auto* select = std::get_if<Select>(&target->kind); select && !select->test_only) {
        parts.push_back(select->field);
        target = select->operand.get();
      } else if (const auto* ident = std::get_if<Ident>(&target->kind)) {
        if (LocalSlot(ident->name) >= 0) return nullptr;
        parts.push_back(ident->name);
        break;
      } else {
        return nullptr;
      }
    }
    std::reverse(parts.begin(), parts.end());
    const std::string name = absl::StrJoin(parts, ".");
    for (const std::string& candidate : ContainerCandidates(name, options_.container)) {
      if (options_.variables.contains(candidate)) return nullptr;
      if (const auto* type = options_.context->pool->FindEnumTypeByName(candidate)) return type;
    }
    return nullptr;
  }

  absl::StatusOr<NodePtr> PlanStruct(const CreateStruct& create, const Expr& expr) {
    if (create.message_name.empty()) {
      std::vector<NodePtr> keys;
      std::vector<NodePtr> values;
      std::vector<bool> optional;
      for (const CreateStruct::Entry& entry : create.entries) {
        absl::StatusOr<NodePtr> key = Plan(*entry.key);
        if (!key.ok()) return key.status();
        absl::StatusOr<NodePtr> value = Plan(*entry.value);
        if (!value.ok()) return value.status();
        keys.push_back(*std::move(key));
        values.push_back(*std::move(value));
        optional.push_back(entry.optional);
      }
      const bool constant = AllConstant(keys) && AllConstant(values);
      return FoldIfConstant(
          NodePtr(new MapNode(std::move(keys), std::move(values), std::move(optional))), constant);
    }
    const google::protobuf::Descriptor* type = nullptr;
    for (const std::string& candidate :
         ContainerCandidates(create.message_name, options_.container)) {
      type = options_.context->pool->FindMessageTypeByName(candidate);
      if (type != nullptr) break;
    }
    if (type == nullptr) {
      return Error(expr, absl::StrCat("unknown message type '", create.message_name, "'"));
    }
    const google::protobuf::Message* prototype =
        options_.context->factory == nullptr ? nullptr
                                             : options_.context->factory->GetPrototype(type);
    if (prototype == nullptr) {
      return Error(expr, absl::StrCat("cannot build messages of type '", type->full_name(), "'"));
    }
    std::vector<MessageNode::Field> fields;
    for (const CreateStruct::Entry& entry : create.entries) {
      const google::protobuf::FieldDescriptor* field = type->FindFieldByName(entry.field);
      if (field == nullptr) {
        return Error(
            expr, absl::StrCat("no such field '", entry.field, "' in '", type->full_name(), "'"));
      }
      absl::StatusOr<NodePtr> value = Plan(*entry.value);
      if (!value.ok()) return value.status();
      fields.push_back({field, *std::move(value), entry.optional});
    }
    return NodePtr(new MessageNode(prototype, std::move(fields), options_.context));
  }

  // With `count`, `c` is a `filter` (`IsFilter`) whose elements that pass are counted.
  absl::StatusOr<NodePtr> PlanComprehension(const Comprehension& c, const Expr& expr,
                                            bool count = false) {
    ComprehensionNode::Parts parts;
    absl::StatusOr<NodePtr> range = Plan(*c.iter_range);
    if (!range.ok()) return range.status();
    parts.range = *std::move(range);
    absl::StatusOr<NodePtr> init =
        count ? NodePtr(new ConstantNode(Value::Int(0))) : Plan(*c.accu_init);
    if (!init.ok()) return init.status();
    parts.init = *std::move(init);
    parts.count = count;

    const size_t scope_depth = scopes_.size();
    const int saved_step_accu = step_accu_slot_;
    parts.accu_slot = slot_count_++;
    scopes_.emplace_back(c.accu_var, parts.accu_slot);
    parts.iter_slot = slot_count_++;
    scopes_.emplace_back(c.iter_var, parts.iter_slot);
    if (!c.iter_var2.empty()) {
      parts.iter2_slot = slot_count_++;
      scopes_.emplace_back(c.iter_var2, parts.iter2_slot);
    }
    absl::Status body = PlanLoopBody(c, &parts);
    if (body.ok()) parts.range = PlanJoinRange(c, parts.iter_slot, std::move(parts.range));
    // The result sees the accumulator but not the iteration variables.
    scopes_.resize(scope_depth);
    scopes_.emplace_back(c.accu_var, parts.accu_slot);
    if (body.ok() && parts.predicate == nullptr) {
      absl::StatusOr<NodePtr> result = Plan(*c.result);
      if (result.ok()) {
        parts.result = *std::move(result);
      } else {
        body = result.status();
      }
    }
    scopes_.resize(scope_depth);
    step_accu_slot_ = saved_step_accu;
    if (!body.ok()) return body;
    return NodePtr(new ComprehensionNode(std::move(parts)));
  }

  // --- Joins (lib/expr/index.h) ---

  // Whether `expr` reads no comprehension variable but `element` (when not empty), and otherwise only declared
  // variables (appended to `roots`), enum constants and types, as the checker resolved them.
  bool ReadsOnlyVariables(const Expr& expr, const std::string& element, std::vector<std::string>* roots) const {
    if (options_.checked == nullptr) return false;
    const auto& references = options_.checked->reference_map;
    bool only_variables = true;
    internal::VisitFreeReferences(expr, [&](const Expr& reference) {
      auto it = references.find(reference.id);
      const auto* ident = std::get_if<Ident>(&reference.kind);
      if (ident != nullptr && (ident->name == element || LocalSlot(ident->name) >= 0)) {
        if (ident->name != element) only_variables = false;
        return false;
      }
      if (it == references.end()) {
        if (ident != nullptr) only_variables = false;  // resolved at run time
        return true;
      }
      switch (it->second.kind) {
        case Reference::Kind::kVariable:
          roots->push_back(it->second.name);
          return false;
        case Reference::Kind::kEnumConstant:
        case Reference::Kind::kType:
          return false;
        default:
          return true;
      }
    });
    return only_variables;
  }

  // Whether `expr` reads the variable `name` (not one an inner comprehension binds under the same name).
  static bool Reads(const Expr& expr, const std::string& name) {
    bool reads = false;
    internal::VisitFreeReferences(expr, [&](const Expr& reference) {
      const auto* ident = std::get_if<Ident>(&reference.kind);
      if (ident != nullptr && ident->name == name) reads = true;
      return true;
    });
    return reads;
  }

  bool IsCheckedMap(const Expr& expr) const {
    if (options_.checked == nullptr) return false;
    auto it = options_.checked->type_map.find(expr.id);
    return it != options_.checked->type_map.end() && it->second.kind() == TypeKind::kMap;
  }

  // How well the checked type of a key suits an index: 0 for strings, 1 for ints, enums and dyn, -1 for types that
  // cannot be keys. A list of keys for `probe in key`.
  int KeyRank(const internal::JoinKey& key) const {
    auto it = options_.checked->type_map.find(key.key->id);
    Type type = it == options_.checked->type_map.end() ? Type::Dyn() : it->second;
    if (key.test == KeyTest::kProbeInKey) {
      if (type.kind() != TypeKind::kList && !type.IsDyn()) return -1;
      type = type.elem();
    }
    switch (type.kind()) {
      case TypeKind::kString:
        return 0;
      case TypeKind::kInt:
      case TypeKind::kEnum:
      case TypeKind::kDyn:
        return 1;
      default:
        return -1;
    }
  }

  // `range` wrapped in a `JoinRangeNode` when `c` has a usable key test and its range reads only variables; `range`
  // itself otherwise. Called with `c`'s variables in scope.
  NodePtr PlanJoinRange(const Comprehension& c, int iter_slot, NodePtr range) {
    std::vector<internal::JoinKey> keys = internal::JoinKeysOf(c);
    std::vector<std::string> roots;
    if (keys.empty() || !ReadsOnlyVariables(*c.iter_range, "", &roots)) return range;
    for (int rank = 0; rank <= 1; ++rank) {
      for (const internal::JoinKey& key : keys) {
        std::vector<std::string> key_roots = roots;
        if (KeyRank(key) != rank || !Reads(*key.key, c.iter_var) ||
            !ReadsOnlyVariables(*key.key, c.iter_var, &key_roots) || Reads(*key.probe, c.iter_var) ||
            Reads(*key.probe, c.accu_var)) {
          continue;
        }
        absl::StatusOr<NodePtr> key_node = Plan(*key.key);
        absl::StatusOr<NodePtr> probe_node = key_node.ok() ? Plan(*key.probe) : key_node.status();
        if (!probe_node.ok()) return range;
        return NodePtr(new JoinRangeNode(std::move(range), *std::move(key_node), *std::move(probe_node), key.test,
                                         iter_slot, std::move(key_roots)));
      }
    }
    return range;
  }

  // Plans the loop condition and step of `c` into `parts`, recognising the shapes the macros
  // expand to: `exists` and `all` become a bare predicate, and a step `test ? value : accumulator`
  // (`filter`, `exists_one`) leaves the accumulator in place when `test` is false.
  absl::Status PlanLoopBody(const Comprehension& c, ComprehensionNode::Parts* parts) {
    const auto is_accumulator = [&c](const Expr& expr) {
      const auto* ident = std::get_if<Ident>(&expr.kind);
      return ident != nullptr && ident->name == c.accu_var;
    };
    const auto* step_call = std::get_if<Call>(&c.loop_step->kind);
    if (step_call != nullptr && step_call->target != nullptr) step_call = nullptr;
    // `exists`: init false, condition `@not_strictly_false(!accu)`, step `accu || p`, result
    // `accu`; `all`: init true, condition `@not_strictly_false(accu)`, step `accu && p`.
    const auto* init = std::get_if<Constant>(&c.accu_init->kind);
    const bool* init_bool = init == nullptr ? nullptr : std::get_if<bool>(init);
    if (init_bool != nullptr && step_call != nullptr && step_call->args.size() == 2 &&
        is_accumulator(*step_call->args[0]) && is_accumulator(*c.result) &&
        step_call->function == (*init_bool ? "_&&_" : "_||_")) {
      const auto* condition = std::get_if<Call>(&c.loop_condition->kind);
      if (condition != nullptr && condition->target == nullptr &&
          condition->function == "@not_strictly_false" && condition->args.size() == 1) {
        const Expr* tested = condition->args[0].get();
        bool negated = false;
        if (const auto* inner = std::get_if<Call>(&tested->kind);
            inner != nullptr && inner->target == nullptr && inner->function == "!_" &&
            inner->args.size() == 1) {
          tested = inner->args[0].get();
          negated = true;
        }
        if (is_accumulator(*tested) && negated == !*init_bool) {
          step_accu_slot_ = -1;
          absl::StatusOr<NodePtr> predicate = Plan(*step_call->args[1]);
          if (!predicate.ok()) return predicate.status();
          parts->predicate = *std::move(predicate);
          parts->decider = !*init_bool;
          return absl::OkStatus();
        }
      }
    }
    step_accu_slot_ = -1;
    absl::StatusOr<NodePtr> condition = Plan(*c.loop_condition);
    if (!condition.ok()) return condition.status();
    const Value* constant_condition = ConstantValue(**condition);
    const bool always = constant_condition != nullptr && constant_condition->kind() == ValueKind::kBool &&
                        constant_condition->bool_value();
    if (!always) parts->condition = *std::move(condition);
    const Expr* step = c.loop_step.get();
    if (step_call != nullptr && step_call->function == "_?_:_" && step_call->args.size() == 3 &&
        is_accumulator(*step_call->args[2])) {
      absl::StatusOr<NodePtr> test = Plan(*step_call->args[0]);
      if (!test.ok()) return test.status();
      parts->step_if = *std::move(test);
      step = step_call->args[1].get();
    }
    if (parts->count) return absl::OkStatus();
    step_accu_slot_ = parts->accu_slot;
    absl::StatusOr<NodePtr> planned = Plan(*step);
    step_accu_slot_ = -1;
    if (!planned.ok()) return planned.status();
    parts->step = *std::move(planned);
    parts->append = dynamic_cast<const AccumulatorAppendNode*>(parts->step.get());
    return absl::OkStatus();
  }

#undef HDSC_PLAN_ALL

  const ParsedExpr& parsed_;
  const PlanOptions& options_;
  std::vector<std::pair<std::string, int>> scopes_;
  int slot_count_ = 0;
  int step_accu_slot_ = -1;  // the accumulator while planning a loop step; -1 elsewhere
};

}  // namespace

Plan::~Plan() = default;

absl::StatusOr<std::unique_ptr<Plan>> Plan::Create(const ParsedExpr& parsed,
                                                   const PlanOptions& options) {
  if (parsed.expr == nullptr) return absl::InvalidArgumentError("empty expression");
  if (options.context == nullptr || options.context->pool == nullptr) {
    return absl::InvalidArgumentError("planning needs a descriptor pool");
  }
  Planner planner(parsed, options);
  absl::StatusOr<NodePtr> root = planner.Plan(*parsed.expr);
  if (!root.ok()) return root.status();
  std::unique_ptr<Plan> plan(new Plan());
  plan->root_ = *std::move(root);
  plan->slot_count_ = planner.slot_count();
  plan->max_iterations_ = options.max_iterations;
  return plan;
}

Value Plan::Evaluate(const Activation& activation) const {
  if (slot_count_ != 0) return EvaluateWithSlots(activation);
  Frame frame{&activation, nullptr, nullptr, 0, max_iterations_};
  return root_->Evaluate(frame);
}

int Plan::EvaluateBool(const Activation& activation, Value* other) const {
  // Most conditions have no comprehension: their frame needs no storage, and this path stays a
  // few instructions (a check makes one call per rule and record).
  if (slot_count_ != 0) return EvaluateBoolWithSlots(activation, other);
  Frame frame{&activation, nullptr, nullptr, 0, max_iterations_};
  return root_->EvaluateBool(frame, other);
}

void Plan::EvaluateBoolEach(Activation& activation, Activation::Slot slot,
                            const google::protobuf::Message* const* messages, size_t count, RecordClasses classes,
                            int8_t* results) const {
  if (count == 0) return;
  if (slot_count_ != 0) {
    // Comprehensions: each evaluation has storage of its own for their variables.
    Value other;
    for (size_t i = 0; i < count; ++i) {
      activation.RebindMessage(slot, *messages[i]);
      results[i] = static_cast<int8_t>(EvaluateBoolWithSlots(activation, &other));
    }
    return;
  }
  // The binding then holds the class of the first record, which the others' are compared with.
  activation.RebindMessage(slot, *messages[0]);
  const Batch batch{&activation, slot, activation.VariableIdOf(slot),
                    activation.HoldsClassOfEach(slot, messages, count, classes) ? messages[0]->GetReflection() : nullptr};
  Frame frame{&activation, nullptr, nullptr, 0, max_iterations_};
  for (size_t start = 0; start < count; start += Batch::kMaxSize) {
    root_->EvaluateBoolEach(frame, batch, messages + start, std::min(Batch::kMaxSize, count - start),
                            results + start);
  }
  activation.RebindMessage(slot, *messages[count - 1]);
}

// Storage for the comprehension variables of one evaluation.
struct Plan::Slots {
  explicit Slots(int count) : values(static_cast<size_t>(count)), where(static_cast<size_t>(count)) {
    for (int i = 0; i < count; ++i) where[i] = &values[i];
  }
  Frame FrameFor(const Activation& activation, int64_t max_iterations) {
    return Frame{&activation, values.data(), where.data(), 0, max_iterations};
  }
  absl::InlinedVector<Value, 8> values;
  absl::InlinedVector<const Value*, 8> where;
};

Value Plan::EvaluateWithSlots(const Activation& activation) const {
  Slots slots(slot_count_);
  Frame frame = slots.FrameFor(activation, max_iterations_);
  return root_->Evaluate(frame);
}

int Plan::EvaluateBoolWithSlots(const Activation& activation, Value* other) const {
  Slots slots(slot_count_);
  Frame frame = slots.FrameFor(activation, max_iterations_);
  return root_->EvaluateBool(frame, other);
}

}  // namespace internal
}  // namespace hdsc::expr
