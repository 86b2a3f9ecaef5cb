// The generated field accessors (lib/base/field_accessors.h) are registered for the dossier schema
// and give what reflection gives: each expression is evaluated over generated messages (read
// through the accessors) and over dynamic copies of them (read by reflection).
#include "lib/base/field_accessors.h"

#include <memory>
#include <string>
#include <utility>

#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "lib/expr/cel.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::expr {
namespace {

using ::hdsc::v1::Breach;
using ::hdsc::v1::Dossier;

TEST(FieldAccessorsTest, RegisteredForTheDossierSchema) {
  const google::protobuf::Descriptor* breach = Breach::descriptor();
  const base::GeneratedFieldAccessors* risk =
      base::FindGeneratedFieldAccessors(breach->FindFieldByName("risk_level"));
  ASSERT_NE(risk, nullptr);
  EXPECT_NE(risk->get_int, nullptr);
  const base::GeneratedFieldAccessors* people =
      base::FindGeneratedFieldAccessors(breach->FindFieldByName("people_affected"));
  ASSERT_NE(people, nullptr);
  EXPECT_NE(people->get_int, nullptr);
  const base::GeneratedFieldAccessors* notified =
      base::FindGeneratedFieldAccessors(breach->FindFieldByName("cnil_notified_at"));
  ASSERT_NE(notified, nullptr);
  EXPECT_NE(notified->has, nullptr);
  EXPECT_NE(notified->get_message, nullptr);
  const base::GeneratedFieldAccessors* id = base::FindGeneratedFieldAccessors(breach->FindFieldByName("id"));
  ASSERT_NE(id, nullptr);
  EXPECT_NE(id->get_string, nullptr);
  EXPECT_EQ(id->get_int, nullptr);
  // Repeated fields: their size, whether they have an element, and the elements of enum and string fields.
  const base::GeneratedFieldAccessors* nature =
      base::FindGeneratedFieldAccessors(breach->FindFieldByName("nature"));
  ASSERT_NE(nature, nullptr);
  EXPECT_NE(nature->size, nullptr);
  EXPECT_NE(nature->has, nullptr);
  EXPECT_NE(nature->repeated_int32, nullptr);
  EXPECT_EQ(nature->get_int, nullptr);
  EXPECT_EQ(nature->repeated_string, nullptr);
  const base::GeneratedFieldAccessors* assets =
      base::FindGeneratedFieldAccessors(breach->FindFieldByName("asset_ids"));
  ASSERT_NE(assets, nullptr);
  EXPECT_NE(assets->repeated_string, nullptr);
  EXPECT_EQ(assets->repeated_int32, nullptr);
  Breach sample;
  sample.add_nature(hdsc::v1::BreachNature(2));
  sample.add_nature(hdsc::v1::BreachNature(3));
  sample.add_asset_ids("x");
  sample.add_asset_ids("y");
  ASSERT_EQ(nature->size(sample), 2);
  EXPECT_EQ(nature->repeated_int32(sample)[0], 2);
  EXPECT_EQ(nature->repeated_int32(sample)[1], 3);
  EXPECT_EQ(assets->repeated_string(sample, 1), "y");
}

Dossier MakeDossier() {
  Dossier dossier;
  dossier.mutable_organization()->set_legal_name("CHU");
  for (int i = 0; i < 6; ++i) {
    Breach* breach = dossier.add_breaches();
    breach->set_id("b" + std::to_string(i));
    if (i % 3 == 1) breach->set_ransomware(i % 2 == 0);
    breach->set_risk_level(static_cast<hdsc::v1::RiskLevel>(i % 4));
    if (i % 2 == 0) breach->set_people_affected(i * 700);
    breach->mutable_aware_at()->set_seconds(1'700'000'000 + i);
    if (i % 3 != 0) {
      breach->mutable_cnil_notified_at()->set_seconds(1'700'000'000 + i + i * 20 * 3600);
      breach->mutable_cnil_notified_at()->set_nanos(i);
    }
    // Repeated fields of 0, 1 and 2 elements.
    for (int n = 0; n < i % 3; ++n) {
      breach->add_asset_ids("a" + std::to_string(n));
      breach->add_nature(hdsc::v1::BREACH_NATURE_INTEGRITY);
    }
  }
  return dossier;
}

TEST(FieldAccessorsTest, AgreeWithReflection) {
  EnvOptions options;
  options.container = "hdsc.v1";
  options.variables = {{"record", Type::Message(Breach::descriptor())},
                       {"dossier", Type::Message(Dossier::descriptor())}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok()) << env.status();
  const Dossier generated = MakeDossier();
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> dynamic(
      factory.GetPrototype(Dossier::descriptor())->New());
  ASSERT_TRUE(dynamic->ParseFromString(generated.SerializeAsString()));
  ASSERT_NE(dynamic->GetReflection(), generated.GetReflection());

  const char* const kExpressions[] = {
      "record.risk_level == RiskLevel.RISK_LEVEL_HIGH",
      "record.risk_level != RiskLevel.RISK_LEVEL_UNLIKELY",
      "record.risk_level < 2",
      "record.risk_level",
      "record.people_affected > 1000",
      "record.people_affected",
      "has(record.people_affected)",
      "has(record.cnil_notified_at)",
      "record.cnil_notified_at",
      "record.cnil_notified_at - record.aware_at <= duration('72h')",
      "dossier.breaches.exists(b, b.risk_level == RiskLevel.RISK_LEVEL_HIGH)",
      "dossier.breaches.filter(b, b.people_affected > 1000).size()",
      "dossier.breaches.map(b, b.risk_level)",
      "dossier.breaches.filter(b, has(b.cnil_notified_at)).map(b, b.id)",
      "record.id",
      "record.id == 'b2'",
      "record.id + '/' + record.title",
      "record.ransomware",
      "has(record.ransomware)",
      "!record.ransomware && record.id.startsWith('b')",
      "dossier.organization",
      "dossier.organization.legal_name",
      "dossier.organization.dpo.name == ''",
      "size(record.nature)",
      "record.asset_ids.size()",
      "size(record.asset_ids) > 1",
      "has(record.asset_ids)",
      "dossier.breaches.size()",
      "size(dossier.breaches.filter(b, has(b.asset_ids)))",
      "dossier.breaches.map(b, size(b.nature))",
  };
  for (const char* expression : kExpressions) {
    absl::StatusOr<std::unique_ptr<Program>> program = (*env)->Compile(expression);
    ASSERT_TRUE(program.ok()) << expression << ": " << program.status();
    const google::protobuf::Reflection* reflection = dynamic->GetReflection();
    const google::protobuf::FieldDescriptor* breaches =
        Dossier::descriptor()->FindFieldByName("breaches");
    for (int i = 0; i < generated.breaches_size(); ++i) {
      Activation by_accessors;
      by_accessors.BindMessage("dossier", generated);
      by_accessors.BindMessage("record", generated.breaches(i));
      Activation by_reflection;
      by_reflection.BindMessage("dossier", *dynamic);
      by_reflection.BindMessage("record", reflection->GetRepeatedMessage(*dynamic, breaches, i));
      absl::StatusOr<Value> fast = (*program)->Evaluate(by_accessors);
      absl::StatusOr<Value> slow = (*program)->Evaluate(by_reflection);
      ASSERT_TRUE(fast.ok() && slow.ok()) << expression;
      EXPECT_EQ(FormatAsCelLiteral(*fast), FormatAsCelLiteral(*slow))
          << expression << " on breach " << i;
      EXPECT_FALSE(fast->IsError()) << expression << ": " << fast->error_value();
    }
  }
}

TEST(FieldAccessorsTest, SizesOfRepeatedFields) {
  EnvOptions options;
  options.container = "hdsc.v1";
  options.variables = {{"record", Type::Message(Breach::descriptor())}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok()) << env.status();
  const Dossier dossier = MakeDossier();
  for (const char* expression : {"size(record.nature)", "record.asset_ids.size()"}) {
    absl::StatusOr<std::unique_ptr<Program>> program = (*env)->Compile(expression);
    ASSERT_TRUE(program.ok()) << program.status();
    for (int i = 0; i < dossier.breaches_size(); ++i) {
      Activation activation;
      activation.BindMessage("record", dossier.breaches(i));
      absl::StatusOr<Value> size = (*program)->Evaluate(activation);
      ASSERT_TRUE(size.ok());
      EXPECT_EQ(FormatAsCelLiteral(*size), std::to_string(i % 3)) << expression << " on breach " << i;
    }
  }
}

}  // namespace
}  // namespace hdsc::expr
