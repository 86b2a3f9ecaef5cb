// A check's inner loop: a record rebound by its slot (`Activation::SlotOf`, `RebindMessage`) and a
// condition evaluated to a bool (`Program::EvaluateBool`), on generated messages (read through
// the generated accessors) and on dynamic copies of them (read by reflection). Whatever the path,
// the results are those of `BindMessage` and `Evaluate`.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/timestamp.pb.h"
#include "gtest/gtest.h"
#include "lib/expr/cel.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::expr {
namespace {

using ::hdsc::v1::Breach;
using ::hdsc::v1::Dossier;
using ::testing::HasSubstr;

std::unique_ptr<Env> MakeEnv(bool check = true) {
  EnvOptions options;
  options.container = "hdsc.v1";
  options.check = check;
  options.variables = {{"record", check ? Type::Message(Breach::descriptor()) : Type::Dyn()},
                       {"dossier", Type::Message(Dossier::descriptor())}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  EXPECT_TRUE(env.ok()) << env.status();
  return *std::move(env);
}

std::unique_ptr<Program> MustCompile(const Env& env, const std::string& expression) {
  absl::StatusOr<std::unique_ptr<Program>> program = env.Compile(expression);
  EXPECT_TRUE(program.ok()) << expression << ": " << program.status();
  return program.ok() ? *std::move(program) : nullptr;
}

// `Evaluate`'s result as text, or the same from `EvaluateBool`.
std::string Evaluated(const Program& program, const Activation& activation) {
  absl::StatusOr<Value> result = program.Evaluate(activation);
  if (!result.ok()) return absl::StrCat("engine: ", result.status().message());
  if (result->IsError()) return absl::StrCat("error: ", result->error_value().message());
  return FormatAsCelLiteral(*result);
}
std::string EvaluatedBool(const Program& program, const Activation& activation) {
  Value other = Value::Int(12345);  // overwritten only for kOther
  switch (program.EvaluateBool(activation, &other)) {
    case BoolResult::kTrue:
      return "true";
    case BoolResult::kFalse:
      return "false";
    case BoolResult::kOther:
      break;
  }
  if (other.IsError()) return absl::StrCat("error: ", other.error_value().message());
  return FormatAsCelLiteral(other);
}

// Breaches that cover the cases of the typical rule: each risk level, notified or not, within 72
// hours or not, with nanoseconds on either side of the difference, unset timestamps.
std::vector<Breach> MakeBreaches() {
  std::vector<Breach> breaches;
  for (int i = 0; i < 24; ++i) {
    Breach breach;
    breach.set_id(absl::StrCat("b", i));
    breach.set_risk_level(static_cast<hdsc::v1::RiskLevel>(i % 4));
    if (i % 2 == 0) breach.set_people_affected(i * 700);
    // Repeated fields for `in`: empty, short, and (at 23) longer than a scan in place goes.
    for (int c = 0; c < (i == 23 ? 70 : i % 4); ++c) {
      breach.add_data_categories(static_cast<hdsc::v1::DataCategory>((i + c) % 5));
      breach.add_asset_ids(absl::StrCat("a", (i + c) % 7));
    }
    if (i % 5 != 4) {
      breach.mutable_aware_at()->set_seconds(1'700'000'000 + i);
      breach.mutable_aware_at()->set_nanos(i % 3 == 0 ? 0 : 500'000'000);
    }
    if (i % 3 != 0) {
      // 71h, 72h, 73h after, and exactly 72h give or take a nanosecond.
      const int64_t hours = 71 + i % 3;
      breach.mutable_cnil_notified_at()->set_seconds(1'700'000'000 + i + hours * 3600);
      breach.mutable_cnil_notified_at()->set_nanos(i % 4 == 1 ? 500'000'001 : 499'999'999);
    }
    breaches.push_back(std::move(breach));
  }
  // The extremes of a timestamp: the difference of two stays within a duration's range.
  Breach extreme;
  extreme.set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
  extreme.mutable_aware_at()->set_seconds(-62135596800);  // 0001-01-01
  extreme.mutable_cnil_notified_at()->set_seconds(253402300799);  // 9999-12-31T23:59:59
  extreme.mutable_cnil_notified_at()->set_nanos(999'999'999);
  breaches.push_back(extreme);
  std::swap(*extreme.mutable_aware_at(), *extreme.mutable_cnil_notified_at());
  breaches.push_back(extreme);
  return breaches;
}

const char* const kExpressions[] = {
    "record.risk_level == RiskLevel.RISK_LEVEL_HIGH",
    "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY && has(record.cnil_notified_at) && "
    "record.cnil_notified_at - record.aware_at <= duration('72h')",
    "record.cnil_notified_at - record.aware_at <= duration('72h')",
    "record.cnil_notified_at - record.aware_at < duration('72h')",
    "record.cnil_notified_at - record.aware_at > duration('72h')",
    "record.cnil_notified_at - record.aware_at >= duration('72h')",
    "record.cnil_notified_at - record.aware_at == duration('72h')",
    "record.cnil_notified_at - record.aware_at != duration('259199.000000002s')",
    "record.aware_at - record.cnil_notified_at <= duration('-1ns')",
    "has(record.cnil_notified_at)",
    "!has(record.cnil_notified_at) || record.people_affected > 1000",
    "has(record.people_affected) && has(record.aware_at)",
    "record.risk_level",
    "record.cnil_notified_at - record.aware_at",
    // Errors inside && and ||: a deciding operand absorbs them, whichever side it is on.
    "1 / (record.risk_level - 1) == 0 && record.risk_level == 1",
    "record.risk_level == 1 && 1 / (record.risk_level - 1) == 0",
    "record.risk_level != 1 || 1 / (record.risk_level - 1) == 0",
    "has(record.cnil_notified_at) && 1 / (record.risk_level - 1) == 0 && "
    "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY",
    "record.risk_level > 0 && record.id.size() > 1 && record.id == 'b9'",
    "record.people_affected / (record.risk_level - 2) > 0",
    // `in` a repeated enum or string field: in place, or (other kinds of element, errors) as `in` does.
    "DataCategory.DATA_CATEGORY_HEALTH in record.data_categories",
    "record.risk_level in record.data_categories",
    "dyn(2.0) in record.data_categories",
    "dyn(2u) in record.data_categories",
    "dyn('x') in record.data_categories",
    "1 / (record.risk_level - 1) in record.data_categories",
    "!(3 in record.data_categories) || record.risk_level == 1",
    "'a3' in record.asset_ids",
    "record.id in record.asset_ids",
    "dyn(3) in record.asset_ids",
};

TEST(RecordRuleTest, EvaluateBoolAgreesWithEvaluate) {
  std::unique_ptr<Env> env = MakeEnv();
  const std::vector<Breach> breaches = MakeBreaches();
  google::protobuf::DynamicMessageFactory factory;
  for (const char* expression : kExpressions) {
    std::unique_ptr<Program> program = MustCompile(*env, expression);
    ASSERT_NE(program, nullptr);
    Activation rebound;
    const Activation::Slot record = rebound.SlotOf("record");
    for (const Breach& breach : breaches) {
      std::unique_ptr<google::protobuf::Message> dynamic(
          factory.GetPrototype(Breach::descriptor())->New());
      ASSERT_TRUE(dynamic->ParseFromString(breach.SerializeAsString()));
      Activation fresh;
      fresh.BindMessage("record", breach);
      const std::string expected = Evaluated(*program, fresh);
      rebound.RebindMessage(record, breach);
      EXPECT_EQ(Evaluated(*program, rebound), expected) << expression << " on " << breach.id();
      EXPECT_EQ(EvaluatedBool(*program, rebound), expected) << expression << " on " << breach.id();
      // By reflection: the same.
      rebound.RebindMessage(record, *dynamic);
      EXPECT_EQ(EvaluatedBool(*program, rebound), expected)
          << expression << " on a dynamic " << breach.id();
    }
  }
}

// `EvaluateBoolEach` over batches of records gives what `EvaluateBool` gives record by record: on generated
// messages (read for the whole batch), dynamic ones (one at a time), a mix, and a record of another type.
TEST(RecordRuleTest, EvaluateBoolEachAgreesWithEvaluateBool) {
  std::unique_ptr<Env> env = MakeEnv();
  const std::vector<Breach> breaches = MakeBreaches();
  google::protobuf::DynamicMessageFactory factory;
  std::vector<std::unique_ptr<google::protobuf::Message>> dynamic;
  for (const Breach& breach : breaches) {
    dynamic.emplace_back(factory.GetPrototype(Breach::descriptor())->New());
    ASSERT_TRUE(dynamic.back()->ParseFromString(breach.SerializeAsString()));
  }
  const Dossier other_type;
  // Longer than one batch of the plan's, so that the records go to the nodes in several parts.
  std::vector<const google::protobuf::Message*> generated, dynamic_only, mixed;
  for (int copy = 0; copy < 12; ++copy) {
    for (size_t i = 0; i < breaches.size(); ++i) {
      generated.push_back(&breaches[i]);
      dynamic_only.push_back(dynamic[i].get());
      mixed.push_back((i + copy) % 5 == 0 ? static_cast<const google::protobuf::Message*>(dynamic[i].get())
                                          : &breaches[i]);
    }
  }
  mixed.insert(mixed.begin() + 200, &other_type);
  std::vector<std::string> expressions(std::begin(kExpressions), std::end(kExpressions));
  for (const char* more : {"record.risk_level < RiskLevel.RISK_LEVEL_HIGH", "record.people_affected >= 7000",
                           "record.people_affected <= 7000 && record.risk_level > 1",
                           "has(record.data_categories) || record.risk_level == 2 || record.people_affected > 5000",
                           "has(record.aware_at) && has(record.cnil_notified_at) && record.risk_level >= 2",
                           "record.data_categories.exists(c, c == 2) && record.risk_level == 3",
                           "record.risk_level == 3 ? has(record.aware_at) : record.people_affected > 1000"}) {
    expressions.push_back(more);
  }
  // `&&` and `||` nested deeper than the batch goes (it then evaluates record by record), each level leaving most
  // records undecided, and an error at the bottom.
  std::string nested = "record.people_affected > 7000 && 1 / (record.risk_level - 1) == 0";
  for (int level = 0; level < 12; ++level) {
    nested = level % 2 == 0 ? absl::StrCat("record.risk_level == ", 4 + level, " || (", nested, ")")
                            : absl::StrCat("record.people_affected >= ", level, " && (", nested, ")");
  }
  expressions.push_back(nested);
  for (const std::string& expression : expressions) {
    std::unique_ptr<Program> program = MustCompile(*env, expression);
    ASSERT_NE(program, nullptr);
    // Records of one class may say so; a mix may not.
    for (const auto& [records, classes] :
         {std::pair(&generated, RecordClasses::kCheckEach), std::pair(&generated, RecordClasses::kAllAsFirst),
          std::pair(&dynamic_only, RecordClasses::kCheckEach), std::pair(&dynamic_only, RecordClasses::kAllAsFirst),
          std::pair(&mixed, RecordClasses::kCheckEach)}) {
      Activation activation;
      const Activation::Slot record = activation.SlotOf("record");
      std::vector<BoolResult> results(records->size(), BoolResult::kOther);
      program->EvaluateBoolEach(activation, record, *records, results.data(), classes);
      EXPECT_EQ(activation.Find("record")->message_value(), records->back());
      for (size_t i = 0; i < records->size(); ++i) {
        Activation alone;
        alone.BindMessage("record", *(*records)[i]);
        const std::string expected = EvaluatedBool(*program, alone);
        const std::string got = results[i] == BoolResult::kTrue    ? "true"
                                : results[i] == BoolResult::kFalse ? "false"
                                                                   : "other";
        EXPECT_EQ(got, expected == "true" || expected == "false" ? expected : "other")
            << expression << " on record " << i << " of " << records->size();
      }
    }
  }
}

TEST(RecordRuleTest, TypicalRuleResults) {
  std::unique_ptr<Env> env = MakeEnv();
  std::unique_ptr<Program> program =
      MustCompile(*env, "record.cnil_notified_at - record.aware_at <= duration('72h')");
  Breach breach;
  breach.mutable_aware_at()->set_seconds(1000);
  breach.mutable_cnil_notified_at()->set_seconds(1000 + 72 * 3600);
  Activation activation;
  activation.BindMessage("record", breach);
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  breach.mutable_cnil_notified_at()->set_nanos(1);
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
  breach.mutable_aware_at()->set_nanos(1);
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  // Unset timestamps read as the epoch.
  breach.clear_cnil_notified_at();
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  breach.clear_aware_at();
  breach.mutable_cnil_notified_at()->set_seconds(72 * 3600 + 1);
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
}

TEST(RecordRuleTest, NonBoolResultsAndErrorsComeBackAsOther) {
  std::unique_ptr<Env> env = MakeEnv();
  Breach breach;
  breach.set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
  Activation activation;
  activation.BindMessage("record", breach);
  EXPECT_EQ(EvaluatedBool(*MustCompile(*env, "record.risk_level"), activation),
            Evaluated(*MustCompile(*env, "record.risk_level"), activation));
  EXPECT_THAT(EvaluatedBool(*MustCompile(*env, "1 / (record.risk_level - 3) == 1"), activation),
              HasSubstr("error: "));
  // The deciding operand wins over an error on either side.
  EXPECT_EQ(EvaluatedBool(*MustCompile(*env, "1 / (record.risk_level - 3) == 1 && false"),
                          activation),
            "false");
  EXPECT_EQ(EvaluatedBool(*MustCompile(*env, "true || 1 / (record.risk_level - 3) == 1"),
                          activation),
            "true");
  // A dyn operand of && that is not a bool.
  std::unique_ptr<Env> dyn = MakeEnv(/*check=*/false);
  EXPECT_THAT(EvaluatedBool(*MustCompile(*dyn, "record.risk_level && true"), activation),
              HasSubstr("no matching overload"));
  EXPECT_EQ(EvaluatedBool(*MustCompile(*dyn, "record.risk_level && false"), activation), "false");
}

TEST(RecordRuleTest, AnUnboundSlotIsAnUnboundVariable) {
  std::unique_ptr<Env> env = MakeEnv();
  std::unique_ptr<Program> program = MustCompile(*env, "record.risk_level == 3");
  Activation activation;
  const Activation::Slot record = activation.SlotOf("record");
  EXPECT_TRUE(record.valid());
  EXPECT_FALSE(Activation::Slot().valid());
  EXPECT_EQ(activation.Find("record"), nullptr);
  EXPECT_THAT(EvaluatedBool(*program, activation), HasSubstr("error: "));
  EXPECT_EQ(EvaluatedBool(*program, activation), Evaluated(*program, Activation()));
  // The same slot, whichever way the name is bound afterwards.
  Breach breach;
  breach.set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
  activation.BindMessage("record", breach);
  EXPECT_EQ(activation.SlotOf("record").valid(), true);
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  activation.Bind("record", Value::Int(3));
  EXPECT_EQ(Evaluated(*program, activation), Evaluated(*program, [] {
              Activation bound;
              bound.Bind("record", Value::Int(3));
              return bound;
            }()));
  breach.set_risk_level(hdsc::v1::RISK_LEVEL_UNLIKELY);
  activation.RebindMessage(record, breach);
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
}

// Plans read bindings through a table of the activation's own values: it must follow the values
// when the bindings grow, and a copy must read its own.
TEST(RecordRuleTest, CopiesAndGrowingActivationsReadTheirOwnBindings) {
  std::unique_ptr<Env> env = MakeEnv();
  std::unique_ptr<Program> program = MustCompile(*env, "record.risk_level == 3");
  Breach high;
  high.set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
  Breach unlikely;
  unlikely.set_risk_level(hdsc::v1::RISK_LEVEL_UNLIKELY);
  Activation activation;
  const Activation::Slot record = activation.SlotOf("record");
  activation.RebindMessage(record, high);
  // Enough further names to move the bindings in memory more than once.
  for (int i = 0; i < 100; ++i) activation.Bind(absl::StrCat("extra", i), Value::Int(i));
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  Activation copy = activation;
  activation.RebindMessage(record, unlikely);
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
  EXPECT_EQ(EvaluatedBool(*program, copy), "true");
  copy = activation;
  EXPECT_EQ(EvaluatedBool(*program, copy), "false");
  Activation moved = std::move(copy);
  EXPECT_EQ(EvaluatedBool(*program, moved), "false");
}

TEST(RecordRuleTest, RebindingMessagesOfAnotherClassOrType) {
  std::unique_ptr<Env> env = MakeEnv(/*check=*/false);
  std::unique_ptr<Program> type = MustCompile(*env, "type(record)");
  std::unique_ptr<Program> risk = MustCompile(*env, "record.risk_level");
  Activation activation;
  const Activation::Slot record = activation.SlotOf("record");
  Breach breach;
  breach.set_risk_level(hdsc::v1::RISK_LEVEL_HIGH);
  activation.RebindMessage(record, breach);
  EXPECT_EQ(Evaluated(*type, activation), "hdsc.v1.Breach");
  EXPECT_EQ(Evaluated(*risk, activation), "3");
  // Another generated class.
  Dossier dossier;
  activation.RebindMessage(record, dossier);
  EXPECT_EQ(Evaluated(*type, activation), "hdsc.v1.Dossier");
  EXPECT_THAT(Evaluated(*risk, activation), HasSubstr("no such field 'risk_level'"));
  // A dynamic message of the same type as the generated one before: read by reflection.
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(Breach::descriptor())->New());
  ASSERT_TRUE(dynamic->ParseFromString(breach.SerializeAsString()));
  activation.RebindMessage(record, breach);
  activation.RebindMessage(record, *dynamic);
  EXPECT_EQ(activation.Find("record")->message_reflection(), dynamic->GetReflection());
  EXPECT_EQ(Evaluated(*risk, activation), "3");
  // A well-known type converts, and a message after it is a message again.
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(60);
  activation.RebindMessage(record, timestamp);
  EXPECT_EQ(Evaluated(*type, activation), "google.protobuf.Timestamp");
  EXPECT_EQ(Evaluated(*MustCompile(*env, "record"), activation),
            "timestamp(\"1970-01-01T00:01:00Z\")");
  activation.RebindMessage(record, timestamp);
  EXPECT_EQ(Evaluated(*MustCompile(*env, "record"), activation),
            "timestamp(\"1970-01-01T00:01:00Z\")");
  breach.set_risk_level(hdsc::v1::RISK_LEVEL_UNLIKELY);
  activation.RebindMessage(record, breach);
  EXPECT_EQ(Evaluated(*risk, activation), "1");
  EXPECT_EQ(activation.Find("record")->message_value(), &breach);
}

TEST(RecordRuleTest, RebindingAVariableTheJoinIndexesWereBuiltFromDropsThem) {
  std::unique_ptr<Env> env = MakeEnv();
  std::unique_ptr<Program> program =
      MustCompile(*env, "dossier.breaches.exists(b, b.id == record.id)");
  Dossier first;
  first.add_breaches()->set_id("b1");
  Dossier second;
  second.add_breaches()->set_id("b2");
  Breach breach;
  breach.set_id("b1");
  Activation activation;
  activation.BindMessage("dossier", first);
  JoinIndexes indexes;
  activation.set_join_indexes(&indexes);
  const Activation::Slot record = activation.SlotOf("record");
  activation.RebindMessage(record, breach);
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  breach.set_id("b2");
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
  activation.RebindMessage(activation.SlotOf("dossier"), second);
  EXPECT_EQ(EvaluatedBool(*program, activation), "true");
  activation.BindMessage("dossier", first);
  EXPECT_EQ(EvaluatedBool(*program, activation), "false");
}

}  // namespace
}  // namespace hdsc::expr
