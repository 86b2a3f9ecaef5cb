// The public API of hdsc's CEL engine: compile an expression once, evaluate it many times.
//
//   EnvOptions options;
//   options.pool = dossier_pool;            // messages the expressions may name
//   options.container = "hdsc.v1";           // names resolve relative to this package
//   options.variables = {{"record", Type::Message(breach_descriptor)}, {"now", Type::Timestamp()}};
//   HDSC_ASSIGN_OR_RETURN(std::unique_ptr<Env> env, Env::Create(std::move(options)));
//   HDSC_ASSIGN_OR_RETURN(std::unique_ptr<Program> program,
//                         env->Compile("record.risk_level != RiskLevel.UNLIKELY",
//                         "pack.textproto:12"));
//   Activation activation;
//   activation.BindMessage("record", breach);     // borrowed: `breach` must outlive the evaluation
//   activation.Bind("now", Value::Timestamp(absl::Now()));
//   absl::StatusOr<Value> result = program->Evaluate(activation);
//   // result.ok() && result->IsError(): the expression failed (CEL error value, e.g. no such key).
//   // !result.ok(): the engine itself failed (never for ordinary data).
//
// A condition evaluated over many records: find the binding once, rebind it per record (only the
// address is stored while the records are of one generated class), and take the bool as it is:
//
//   Activation::Slot record = activation.SlotOf("record");
//   for (const Breach& breach : breaches) {
//     activation.RebindMessage(record, breach);
//     Value other;
//     switch (program->EvaluateBool(activation, &other)) { ... }  // kTrue, kFalse, kOther
//   }
//
// Or, cheaper, over a batch of records at once (a result `kOther` is evaluated again alone for its value):
//
//   std::vector<const google::protobuf::Message*> batch = ...;  // the records
//   std::vector<BoolResult> results(batch.size());
//   program->EvaluateBoolEach(activation, record, batch, results.data());
//
// The language is CEL as cel-spec defines it (doc/langdef.md), with cel-go's extensions enabled:
// strings (`charAt`, `indexOf`, `lastIndexOf`, `lowerAscii`, `upperAscii`, `replace`, `split`,
// `substring`, `trim`, `join`, `format`, `strings.quote`), math (`math.greatest`, `math.least`,
// `math.ceil`, `math.abs`, `math.bitAnd`, ...), encoders (`base64.encode`, `base64.decode`) and
// optional values (`optional.of`, `x.?field`, `m[?key]`, `[?e]`, `orValue`, ...). Enums follow
// the legacy semantics: enum constants and enum fields are ints.
//
// Lifetimes: an `Env` must outlive the programs it compiles, and the descriptor pool and message
// factory must outlive the `Env`. A result `Value` may borrow from the activation's messages and
// from the descriptor pool (type names); it must not outlive them.
//
// Thread safety: `Env` and `Program` are immutable after creation; `Compile` and `Evaluate` may run
// concurrently from any number of threads. An `Activation` belongs to one evaluation at a time
// (it may be shared by concurrent evaluations as long as nobody binds into it meanwhile, and it has
// no `EvaluationBudget` or `JoinIndexes` attached: evaluations update those).
#ifndef HDSC_LIB_EXPR_CEL_H_
#define HDSC_LIB_EXPR_CEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "lib/expr/ast.h"
#include "lib/expr/checker.h"
#include "lib/expr/eval.h"
#include "lib/expr/parser.h"
#include "lib/expr/type.h"
#include "lib/expr/value.h"

namespace hdsc::expr {

struct EnvOptions {
  // Message and enum types expressions may name. Must outlive the `Env`.
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  // Builds messages of `pool` (construction, `Any` unpacking). Null: the generated factory for the
  // generated pool, otherwise a `DynamicMessageFactory` owned by the `Env`. Must outlive the `Env`.
  google::protobuf::MessageFactory* factory = nullptr;
  // The package names resolve in, as in protobuf: with container "a.b", `X` is tried as `a.b.X`,
  // then `a.X`, then `X`.
  std::string container;
  // The variables expressions may use, with their types (`Type::Dyn()` when unknown). Names may
  // be qualified ("a.b").
  std::vector<std::pair<std::string, Type>> variables;
  // Type-check expressions at compile time (unknown fields and type mismatches become compile
  // errors). When false, everything resolves at run time.
  bool check = true;
  ParseOptions parse;
  // Comprehension iterations (macro steps) allowed per evaluation; beyond it the evaluation
  // yields an error value.
  int64_t max_iterations = 1'000'000;
};

// What `Program::EvaluateBool` found.
enum class BoolResult : int8_t {
  kFalse = 0,
  kTrue = 1,
  // An error value, or a value of another kind than bool.
  kOther = -1,
};

// A compiled expression. Immutable; `Evaluate` may be called concurrently.
class Program {
 public:
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // Evaluates the expression against `activation`. An OK status carrying an error `Value` is an
  // evaluation error of the expression (division by zero, no such key, budget exhausted...); a
  // non-OK status is a failure of the engine itself.
  // Inline: a rule that evaluates in nanoseconds feels a call more.
  absl::StatusOr<Value> Evaluate(const Activation& activation) const {
    return plan_->Evaluate(activation);
  }

  // Evaluates an expression expected to yield a bool (a rule's condition) as `Evaluate` does,
  // without making a `Value` of the bool: `kTrue` or `kFalse`, or `kOther` with the result in
  // `*other` (an error value, as `Evaluate` would give it, or a value of another kind). Unlike
  // `Evaluate`, it cannot fail as the engine. Precondition: `other` is not null.
  BoolResult EvaluateBool(const Activation& activation, Value* other) const {
    return static_cast<BoolResult>(plan_->EvaluateBool(activation, other));
  }

  // `EvaluateBool` for each of `records` bound in turn to `slot` (as `Activation::RebindMessage` binds it): `results[i]`
  // for `records[i]`, `records.size()` of them. A `kOther` keeps no value: `EvaluateBool` on that record alone gives
  // it. Cheaper than a call a record, as a check evaluates a rule over a dossier's records: where the condition reads
  // fields of records of one generated class, each field is read for the whole batch at once. Afterwards `slot`
  // holds the last record. Precondition: `slot` was given by `activation`; with `RecordClasses::kAllAsFirst`, every
  // record is of the first one's class.
  void EvaluateBoolEach(Activation& activation, Activation::Slot slot,
                        absl::Span<const google::protobuf::Message* const> records, BoolResult* results,
                        RecordClasses classes = RecordClasses::kCheckEach) const {
    // `BoolResult`'s values are the plan's.
    plan_->EvaluateBoolEach(activation, slot, records.data(), records.size(), classes,
                            reinterpret_cast<int8_t*>(results));
  }

  // The type the checker inferred (`dyn` when compiled without checking).
  const Type& result_type() const { return result_type_; }
  // The source the program was compiled from.
  const std::string& expression() const { return expression_; }

 private:
  friend class Env;
  Program() = default;

  std::string expression_;
  Type result_type_;
  std::unique_ptr<internal::Plan> plan_;
};

// A compilation environment: types, variables and options. Immutable once created.
class Env {
 public:
  // Fails with INVALID_ARGUMENT if an option is inconsistent (a variable declared twice, a
  // negative iteration budget).
  static absl::StatusOr<std::unique_ptr<Env>> Create(EnvOptions options);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  // Parses, checks (when `check` is on) and plans `expression`. Errors are INVALID_ARGUMENT with
  // one line per problem, each starting with `location:line:column: `; when `issues` is not null,
  // the same problems are appended there as data (line, column and message, without `location`),
  // for callers that place them in a larger source.
  absl::StatusOr<std::unique_ptr<Program>> Compile(std::string_view expression,
                                                   std::string_view location = "<input>",
                                                   std::vector<CompileIssue>* issues = nullptr) const;

  // The message pool and factory, for `Value::FromMessage` (e.g. to bind an `Any`).
  const ProtoContext& proto_context() const { return context_; }
  const EnvOptions& options() const { return options_; }

 private:
  explicit Env(EnvOptions options);

  EnvOptions options_;
  std::unique_ptr<google::protobuf::MessageFactory> owned_factory_;
  ProtoContext context_;
  CheckerEnv checker_env_;
};

}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_CEL_H_
