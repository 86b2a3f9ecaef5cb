// Evaluating a field predicate must not allocate: values borrow the message's strings, the frame
// lives on the stack, and constants are shared. This test counts heap allocations made by the
// evaluating thread (global operator new is replaced in this test binary only).
#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "google/protobuf/type.pb.h"
#include "gtest/gtest.h"
#include "lib/expr/cel.h"

namespace {
thread_local bool counting = false;
thread_local long allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace hdsc::expr {
namespace {

long AllocationsPerEvaluation(const Program& program, const Activation& activation) {
  // Warm up (lazy initialisation in protobuf and time zone caches is not per evaluation).
  for (int i = 0; i < 3; ++i) (void)program.Evaluate(activation);
  counting = true;
  allocations = 0;
  constexpr int kRuns = 100;
  bool all_true = true;
  for (int i = 0; i < kRuns; ++i) {
    absl::StatusOr<Value> result = program.Evaluate(activation);
    const bool is_true = result.ok() && result->kind() == ValueKind::kBool && result->bool_value();
    if (!is_true && all_true) {
      counting = false;
      ADD_FAILURE() << (result.ok() ? FormatAsCelLiteral(*result) : result.status().ToString());
      counting = true;
    }
    all_true = all_true && is_true;
  }
  counting = false;
  EXPECT_TRUE(all_true);
  return allocations / kRuns;
}

class EvalAllocationTest : public ::testing::TestWithParam<bool> {};

TEST_P(EvalAllocationTest, FieldPredicateDoesNotAllocate) {
  EnvOptions options;
  options.check = GetParam();
  options.variables = {{"record", Type::Message(google::protobuf::Field::descriptor())},
                       {"limit", Type::Int()}};
  auto env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok()) << env.status();
  auto program = (*env)->Compile(
      "record.number > limit && record.name.startsWith('id') && has(record.options) && "
      "record.kind == google.protobuf.Field.Kind.TYPE_STRING && record.json_name != 'x' && "
      "record.name.matches('^id_[a-z_]+$') && record.options[0].name in ['a', 'deprecated']");
  ASSERT_TRUE(program.ok()) << program.status();

  google::protobuf::Field field;
  field.set_name("id_customer_with_a_long_name");
  field.set_number(7);
  field.set_kind(google::protobuf::Field::TYPE_STRING);
  field.add_options()->set_name("deprecated");
  Activation activation;
  activation.BindMessage("record", field);
  activation.Bind("limit", Value::Int(3));
  EXPECT_EQ(AllocationsPerEvaluation(**program, activation), 0);
}

INSTANTIATE_TEST_SUITE_P(CheckedAndUnchecked, EvalAllocationTest, ::testing::Bool());

}  // namespace
}  // namespace hdsc::expr
