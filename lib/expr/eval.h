// Planning and evaluation: a parsed expression becomes an immutable tree of evaluation nodes
// (identifiers resolved, functions looked up, constant regular expressions compiled, message
// types and fields resolved); evaluating it walks the tree with a per-call frame.
//
// `Activation` is public (see lib/expr/cel.h); `internal::Plan` is what `Program` wraps.
#ifndef HDSC_LIB_EXPR_EVAL_H_
#define HDSC_LIB_EXPR_EVAL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "lib/expr/ast.h"
#include "lib/expr/checker.h"
#include "lib/expr/index.h"
#include "lib/expr/value.h"

namespace hdsc::expr {

// How `Program::EvaluateBoolEach` knows that its records are all of one class.
enum class RecordClasses {
  // Each record's class is read (one more memory access a record).
  kCheckEach,
  // The caller knows: every record is of the first one's class. The elements of the repeated fields of a generated
  // message are (protobuf makes each of its field type's generated class), as are those of a `std::vector<Breach>`.
  kAllAsFirst,
};

namespace internal {
class Plan;
}  // namespace internal

// What a whole run of evaluations may spend, shared by the evaluations that use one Activation (a check binds one
// for all its rules and subjects): comprehension steps in all, and wall time. One run, one thread.
struct EvaluationBudget {
  int64_t max_steps = std::numeric_limits<int64_t>::max();
  absl::Time deadline = absl::InfiniteFuture();
  // Spent so far, and whether the deadline has been seen to pass (every later step then fails at once).
  int64_t steps = 0;
  bool out_of_time = false;
};

// The number plans find a variable's binding by, the same in every activation: numbers are given
// to names as plans and activations first use them. -1 once `kMaxVariableIds` names have numbers
// (bindings of further names are then found by name).
int VariableId(std::string_view name);
inline constexpr int kMaxVariableIds = 1 << 16;

// The values of variables for one evaluation. Messages are borrowed, never copied: a bound
// message must outlive every evaluation (and every result value) that uses it. Plans find
// bindings by number (`VariableId`), not by name.
//
// A check binds one record after another under one name: `SlotOf` finds the name's binding once,
// and `RebindMessage` then replaces the message in it, which, for a message of the same generated
// class as the one it replaces, only stores its address.
//
//   Activation::Slot record = activation.SlotOf("record");
//   for (const Breach& breach : dossier.breaches()) {
//     activation.RebindMessage(record, breach);
//     ... program->EvaluateBool(activation, &other) ...
//   }
class Activation {
 public:
  // A variable's binding in one activation, as `SlotOf` gives it. Valid for the activation that
  // gave it, as long as that lives (bindings are never removed).
  class Slot {
   public:
    Slot() = default;
    // False for a default-constructed slot, which no activation gave.
    bool valid() const { return position_ >= 0; }

   private:
    friend class Activation;
    explicit Slot(int position) : position_(position) {}
    int position_ = -1;
  };

  // Shares `budget` (which must outlive the evaluations) among the evaluations with this activation; null for
  // none beyond each evaluation's own iteration budget.
  void set_budget(EvaluationBudget* budget) { budget_ = budget; }
  EvaluationBudget* budget() const { return budget_; }

  // Shares `indexes` (which must outlive the evaluations) among the evaluations with this activation, so that joins
  // over lists reached from the variables bound so far are indexed once (see lib/expr/index.h); null for none.
  // Attaching drops what `indexes` held.
  void set_join_indexes(JoinIndexes* indexes);
  JoinIndexes* join_indexes() const { return join_indexes_; }

  // Binds `name` (possibly qualified, "a.b") to `value`, replacing an earlier binding.
  void Bind(std::string_view name, Value value);
  // Binds `name` to `message` converted as `Value::FromMessage` (a Timestamp becomes a
  // timestamp, a wrapper its primitive, ...). `context` unpacks `Any`; it may be null for
  // messages of the generated pool.
  void BindMessage(std::string_view name, const google::protobuf::Message& message,
                   const ProtoContext* context = nullptr);

  // The slot of `name`'s binding. When `name` has none yet, one is made that stays unbound (an
  // evaluation finds no value for `name`) until `Bind`, `BindMessage` or `RebindMessage` fills it.
  Slot SlotOf(std::string_view name);
  // Binds the variable of `slot` as `BindMessage` binds its name. When the binding holds a message
  // (not a well-known type) of the same generated class as `message`, only the address is
  // stored. Precondition: `slot` was given by this activation.
  void RebindMessage(Slot slot, const google::protobuf::Message& message,
                     const ProtoContext* context = nullptr) {
    Binding& binding = bindings_[static_cast<size_t>(slot.position_)];
    if (binding.message_class == &typeid(message)) {
      binding.value.ReplaceMessage(&message);
      return;
    }
    RebindMessageSlow(binding, message, context);
  }

  // The value bound to `name`, or null.
  const Value* Find(std::string_view name) const;
  // The value bound to the name numbered `id` by `VariableId`, or null.
  const Value* FindById(int id) const {
    // One unsigned comparison also rejects a negative id.
    return static_cast<size_t>(id) < value_by_id_.size() ? value_by_id_[id] : nullptr;
  }

  Activation() = default;
  Activation(const Activation& other) { *this = other; }
  Activation& operator=(const Activation& other);
  // Moving keeps the bindings where they are: `value_by_id_` stays true.
  Activation(Activation&&) = default;
  Activation& operator=(Activation&&) = default;

 private:
  struct Binding {
    std::string name;
    int id = -1;         // `VariableId(name)`
    bool bound = false;  // false for a slot not bound yet
    // Bound before the join indexes were attached: the indexes may have been built from its value.
    bool fixed = false;
    // When `value` is a message of a generated class (not a well-known type, without an owner)
    // and the binding is not `fixed`: that class, whose messages `RebindMessage` stores as they
    // are. Otherwise null.
    const std::type_info* message_class = nullptr;
    Value value;
  };
  // The position of `name`'s binding in `bindings_` (bound or not), or -1.
  int FindBinding(std::string_view name) const;
  // Adds an unbound binding of `name` (which has none); returns its position.
  int AddBinding(std::string_view name);
  // Stores `value` in the binding at `position`.
  void Store(int position, Value value, const std::type_info* message_class);
  // Points `value_by_id_` at the bound values, after `bindings_` moved.
  void IndexValues();
  // Points `value_by_id_` at `binding`'s value, if bound.
  void IndexValue(const Binding& binding);
  void RebindMessageSlow(Binding& binding, const google::protobuf::Message& message,
                         const ProtoContext* context);

  friend class internal::Plan;
  // The `VariableId` of `slot`'s name.
  int VariableIdOf(Slot slot) const { return bindings_[static_cast<size_t>(slot.position_)].id; }
  // Whether `slot` holds a message stored by its address alone (see `RebindMessage`), of the class of each of the
  // `count` messages at `messages`, or with `RecordClasses::kAllAsFirst`, of the first's and the last's.
  bool HoldsClassOfEach(Slot slot, const google::protobuf::Message* const* messages, size_t count,
                        RecordClasses classes) const;

  // Bindings are few: rebinding finds its name by a linear scan, cheaper than hashing it.
  std::vector<Binding> bindings_;
  // The bound values in `bindings_` by `VariableId`, null where unbound: what plans read most.
  std::vector<const Value*> value_by_id_;
  // The class of the messages bound last: a check binds one record after another.
  MessageTypeCache message_types_;
  EvaluationBudget* budget_ = nullptr;
  JoinIndexes* join_indexes_ = nullptr;
};

namespace internal {

class Node;

struct PlanOptions {
  const ProtoContext* context = nullptr;  // must outlive the plan
  std::string container;
  // Declared variable names (possibly qualified).
  absl::flat_hash_set<std::string> variables;
  int64_t max_iterations = 1'000'000;
  // What the type checker resolved (names, field types), or null for dynamic resolution. Must
  // outlive `Plan::Create`.
  const CheckedExpr* checked = nullptr;
  // Where a failed `Plan::Create` appends its problem, when not null.
  std::vector<CompileIssue>* issues = nullptr;
};

// An evaluation tree. Immutable; `Evaluate` may run concurrently from several threads.
class Plan {
 public:
  // Fails with INVALID_ARGUMENT ("location:line:column: message") when a message type or field
  // named in a construction does not exist.
  static absl::StatusOr<std::unique_ptr<Plan>> Create(const ParsedExpr& parsed,
                                                      const PlanOptions& options);
  ~Plan();

  // Evaluates; the result may be an error value, never a crash.
  Value Evaluate(const Activation& activation) const;
  // Evaluates without making a `Value` for a bool result: 1 for true, 0 for false, or -1 with the
  // result (an error, or a value of another kind) in `*other`.
  int EvaluateBool(const Activation& activation, Value* other) const;
  // `EvaluateBool` for each of `count` messages bound in turn to `slot`, into `results[i]` for `messages[i]`; a -1
  // keeps no value. See `Program::EvaluateBoolEach`.
  void EvaluateBoolEach(Activation& activation, Activation::Slot slot,
                        const google::protobuf::Message* const* messages, size_t count, RecordClasses classes,
                        int8_t* results) const;

 private:
  struct Slots;
  Plan() = default;
  // For plans with comprehension variables, which need storage for them.
  ABSL_ATTRIBUTE_NOINLINE Value EvaluateWithSlots(const Activation& activation) const;
  ABSL_ATTRIBUTE_NOINLINE int EvaluateBoolWithSlots(const Activation& activation, Value* other) const;

  std::unique_ptr<Node> root_;
  int slot_count_ = 0;
  int64_t max_iterations_ = 0;
};

}  // namespace internal
}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_EVAL_H_
