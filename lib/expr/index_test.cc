#include "lib/expr/index.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/type.pb.h"
#include "gtest/gtest.h"
#include "lib/expr/cel.h"

namespace hdsc::expr {
namespace {

using ::testing::HasSubstr;

// An environment where `table` (a list) and `schema` (a google.protobuf.Type) are bound once, as a check binds
// `dossier`, and `probe` and `record` (a google.protobuf.Field) change between evaluations, as `record` does.
std::unique_ptr<Env> MakeEnv(int64_t max_iterations = 1'000'000) {
  EnvOptions options;
  options.max_iterations = max_iterations;
  options.container = "google.protobuf";
  options.variables = {{"table", Type::List(Type::Dyn())},
                       {"probe", Type::Dyn()},
                       {"schema", Type::Message(google::protobuf::Type::descriptor())},
                       {"record", Type::Message(google::protobuf::Field::descriptor())}};
  absl::StatusOr<std::unique_ptr<Env>> env = Env::Create(std::move(options));
  EXPECT_TRUE(env.ok()) << env.status();
  return *std::move(env);
}

// The value of a CEL literal.
Value Literal(const std::string& text) {
  absl::StatusOr<std::unique_ptr<Program>> program = MakeEnv()->Compile(text);
  EXPECT_TRUE(program.ok()) << program.status();
  absl::StatusOr<Value> value = (*program)->Evaluate(Activation());
  EXPECT_TRUE(value.ok() && !value->IsError()) << text;
  return *value;
}

// A result as text: the CEL literal, or `error("message")`.
std::string Text(const absl::StatusOr<Value>& value) {
  if (!value.ok()) return absl::StrCat("engine: ", value.status().message());
  return FormatAsCelLiteral(*value);
}

// Evaluates `expression` for each probe twice: scanning (no indexes) and with join indexes attached after `table`
// and `schema` are bound, as a check does. Expects the same results and returns them, with the steps each way.
struct Comparison {
  std::vector<std::string> results;
  int64_t scan_steps = 0;
  int64_t indexed_steps = 0;
  size_t indexed_lists = 0;
};

Comparison Compare(const std::string& expression, const Value& table, const std::vector<Value>& probes,
                   const google::protobuf::Type& schema = google::protobuf::Type(),
                   const google::protobuf::Field& record = google::protobuf::Field(),
                   int64_t max_iterations = 1'000'000) {
  Comparison comparison;
  std::unique_ptr<Env> env = MakeEnv(max_iterations);
  absl::StatusOr<std::unique_ptr<Program>> program = env->Compile(expression);
  EXPECT_TRUE(program.ok()) << program.status();
  if (!program.ok()) return comparison;

  EvaluationBudget scan_budget;
  Activation scanning;
  scanning.set_budget(&scan_budget);
  scanning.Bind("table", table);
  scanning.BindMessage("schema", schema);
  scanning.BindMessage("record", record);

  EvaluationBudget indexed_budget;
  JoinIndexes indexes;
  Activation indexed;
  indexed.set_budget(&indexed_budget);
  indexed.Bind("table", table);
  indexed.BindMessage("schema", schema);
  indexed.set_join_indexes(&indexes);
  indexed.BindMessage("record", record);

  for (const Value& probe : probes) {
    scanning.Bind("probe", probe);
    indexed.Bind("probe", probe);
    const std::string expected = Text((*program)->Evaluate(scanning));
    EXPECT_EQ(Text((*program)->Evaluate(indexed)), expected)
        << expression << " with probe = " << FormatAsCelLiteral(probe);
    comparison.results.push_back(expected);
  }
  comparison.scan_steps = scan_budget.steps;
  comparison.indexed_steps = indexed_budget.steps;
  comparison.indexed_lists = indexes.indexed_lists();
  return comparison;
}

// [{'id': 'k0', 'n': 0, 'ok': true}, ...]: `size` rows with distinct keys.
Value Rows(int size) {
  std::vector<Value> rows;
  for (int i = 0; i < size; ++i) {
    absl::StatusOr<Value> row = Value::Map({{Value::String("id"), Value::String(absl::StrCat("k", i))},
                                            {Value::String("n"), Value::Int(i)},
                                            {Value::String("ok"), Value::Bool(i % 2 == 0)}});
    rows.push_back(*row);
  }
  return Value::List(std::move(rows));
}

std::vector<Value> Strings(std::vector<std::string> texts) {
  std::vector<Value> values;
  for (std::string& text : texts) values.push_back(Value::String(std::move(text)));
  return values;
}

TEST(JoinIndexTest, FindsPositionsInOrderAndCountsAnElementOnce) {
  JoinIndex index;
  EXPECT_TRUE(index.CanFind(Value::Double(1.5)));  // empty: nothing equals anything
  ASSERT_TRUE(index.Add(Value::String("a"), 0));
  ASSERT_TRUE(index.Add(Value::String("b"), 1));
  ASSERT_TRUE(index.Add(Value::String("a"), 2));
  ASSERT_TRUE(index.Add(Value::String("a"), 2));  // element 2 lists "a" twice
  std::vector<uint32_t> positions;
  index.Find(Value::String("a"), &positions);
  EXPECT_EQ(positions, (std::vector<uint32_t>{0, 2}));
  EXPECT_TRUE(index.Contains(Value::String("b")));
  EXPECT_FALSE(index.Contains(Value::String("c")));
  EXPECT_FALSE(index.CanFind(Value::Int(1)));
  EXPECT_FALSE(index.Add(Value::Int(1), 3));  // keys of one kind only
}

TEST(JoinIndexTest, RefusesKeysOtherThanStringsAndInts) {
  for (const Value& key : {Value::Double(1), Value::Uint(1), Value::Bool(true), Value::Null(), Value::Bytes("a"),
                           Value::Error("boom")}) {
    JoinIndex index;
    EXPECT_FALSE(index.Add(key, 0)) << FormatAsCelLiteral(key);
  }
}

TEST(JoinIndexTest, KeepsComputedKeysAlive) {
  JoinIndex index;
  {
    Value key = Value::String(std::string(100, 'x'));  // owns its text
    ASSERT_TRUE(index.Add(key, 0));
  }
  EXPECT_TRUE(index.Contains(Value::String(std::string(100, 'x'))));
}

TEST(JoinTest, ExistsLooksUpInsteadOfScanning) {
  std::vector<Value> probes;
  for (int i = 0; i < 200; i += 3) probes.push_back(Value::String(absl::StrCat("k", i * 5)));
  probes.push_back(Value::String("absent"));
  const Comparison c = Compare("table.exists(x, x.id == probe && x.ok)", Rows(1000), probes);
  EXPECT_EQ(c.results.front(), "true");
  EXPECT_EQ(c.results.back(), "false");
  EXPECT_EQ(c.indexed_lists, 1u);
  // One step per row to build, then about one per probe; the scan walks half the table per probe or more.
  EXPECT_LE(c.indexed_steps, 1000 + 2 * static_cast<int64_t>(probes.size()));
  EXPECT_GT(c.scan_steps, 20 * c.indexed_steps);
}

TEST(JoinTest, ProbeOnEitherSideAndEveryMacro) {
  const Value table = Literal(
      "[{'id': 'a', 'n': 1}, {'id': 'b', 'n': 2}, {'id': 'a', 'n': 3}, {'id': 'c', 'n': 4}]");
  const std::vector<Value> probes = Strings({"a", "b", "c", "z"});
  EXPECT_EQ(Compare("table.exists(x, probe == x.id)", table, probes).results,
            (std::vector<std::string>{"true", "true", "true", "false"}));
  // Duplicate keys: both elements, in list order.
  EXPECT_EQ(Compare("table.filter(x, x.id == probe).map(x, x.n)", table, probes).results,
            (std::vector<std::string>{"[1, 3]", "[2]", "[4]", "[]"}));
  EXPECT_EQ(Compare("table.exists_one(x, x.id == probe)", table, probes).results,
            (std::vector<std::string>{"false", "true", "true", "false"}));
  EXPECT_EQ(Compare("table.map(x, x.id == probe && x.n > 1, x.n * 10)", table, probes).results,
            (std::vector<std::string>{"[30]", "[20]", "[40]", "[]"}));
  EXPECT_EQ(Compare("table.all(x, x.id != probe || x.n < 3)", table, probes).results,
            (std::vector<std::string>{"false", "true", "false", "true"}));
  EXPECT_EQ(Compare("table.all(x, !(x.id == probe) || x.n < 3)", table, probes).results,
            (std::vector<std::string>{"false", "true", "false", "true"}));
  for (const char* expression :
       {"table.exists(x, probe == x.id)", "table.filter(x, x.id == probe)", "table.exists_one(x, x.id == probe)",
        "table.map(x, x.id == probe && x.n > 1, x.n)", "table.all(x, x.id != probe || x.n < 3)"}) {
    EXPECT_EQ(Compare(expression, table, probes).indexed_lists, 1u) << expression;
  }
}

TEST(JoinTest, KeyInProbeListAndProbeInKeyList) {
  const Value table = Literal(
      "[{'id': 'a', 'tags': ['x', 'y', 'x']}, {'id': 'b', 'tags': []}, {'id': 'c', 'tags': ['y']}]");
  const std::vector<Value> lists = {Literal("['c', 'a', 'a']"), Literal("[]"), Literal("['z']"),
                                    Literal("['a', 1]")};
  // Candidates of several keys come in list order, each once.
  const Comparison in_probe = Compare("table.filter(x, x.id in probe).map(x, x.id)", table, lists);
  EXPECT_EQ(in_probe.results,
            (std::vector<std::string>{"[\"a\", \"c\"]", "[]", "[]", "[\"a\"]"}));
  EXPECT_EQ(in_probe.indexed_lists, 1u);
  const Comparison in_key = Compare("table.filter(x, probe in x.tags).map(x, x.id)", table, Strings({"x", "y", "q"}));
  EXPECT_EQ(in_key.results, (std::vector<std::string>{"[\"a\"]", "[\"a\", \"c\"]", "[]"}));
  EXPECT_EQ(in_key.indexed_lists, 1u);
  EXPECT_EQ(Compare("table.all(x, !(x.id in probe) || size(x.tags) > 0)", table, lists).results,
            (std::vector<std::string>{"true", "true", "true", "true"}));
}

// CEL equality across numeric kinds (1 == 1u == 1.0) is left to the scan: the index only answers for probes of its
// keys' kind.
TEST(JoinTest, HeterogeneousNumbersFallBackToTheScan) {
  const Value table = Literal("[{'id': 1, 'n': 10}, {'id': 2, 'n': 20}]");
  const std::vector<Value> probes = {Value::Int(2), Value::Uint(2), Value::Double(2.0), Value::Double(2.5),
                                     Value::String("2")};
  EXPECT_EQ(Compare("table.filter(x, x.id == probe).map(x, x.n)", table, probes).results,
            (std::vector<std::string>{"[20]", "[20]", "[20]", "[]", "[]"}));
  EXPECT_EQ(Compare("probe in [1, 2, 3, 4]", table, probes).results,
            (std::vector<std::string>{"true", "true", "true", "false", "false"}));
}

// A predicate error on an element the key rejects is absorbed by `&&` in the scan too; on a candidate it is the
// result, as in the scan.
TEST(JoinTest, ErrorsInThePredicateGiveTheScansResult) {
  const Value table = Literal("[{'id': 'a', 'd': 0}, {'id': 'b', 'd': 1}, {'id': 'b', 'd': 0}, {'id': 'c', 'd': 2}]");
  const Comparison exists = Compare("table.exists(x, x.id == probe && 10 / x.d > 1)", table, Strings({"a", "b", "c"}));
  EXPECT_THAT(exists.results[0], HasSubstr("divide by zero"));
  EXPECT_EQ(exists.results[1], "true");  // true on one candidate wins over the error on the other
  EXPECT_EQ(exists.results[2], "true");
  EXPECT_EQ(exists.indexed_lists, 1u);
  const Comparison all = Compare("table.all(x, x.id != probe || 10 / x.d > 20)", table, Strings({"a", "b", "c"}));
  EXPECT_THAT(all.results[0], HasSubstr("divide by zero"));
  EXPECT_EQ(all.results[1], "false");
  EXPECT_EQ(all.results[2], "false");
  const Comparison filter = Compare("table.filter(x, x.id == probe && 10 / x.d > 1)", table, Strings({"b", "z"}));
  EXPECT_THAT(filter.results[0], HasSubstr("divide by zero"));
  EXPECT_EQ(filter.results[1], "[]");
}

// A key that fails or is of an unusual kind makes the whole list unindexable: every evaluation scans it.
TEST(JoinTest, UnindexableKeysScan) {
  const std::vector<Value> probes = Strings({"a", "b"});
  const Comparison missing = Compare("table.exists(x, x.id == probe)", Literal("[{'id': 'a'}, {'name': 'b'}]"), probes);
  EXPECT_EQ(missing.results[0], "true");
  EXPECT_THAT(missing.results[1], HasSubstr("no such key"));
  EXPECT_EQ(missing.indexed_lists, 0u);
  const Comparison mixed = Compare("table.exists(x, x.id == probe)", Literal("[{'id': 'a'}, {'id': 2}]"), probes);
  EXPECT_EQ(mixed.results, (std::vector<std::string>{"true", "false"}));
  EXPECT_EQ(mixed.indexed_lists, 0u);
  const Comparison doubles = Compare("table.exists(x, x.id == probe)", Literal("[{'id': 1.5}]"), {Value::Double(1.5)});
  EXPECT_EQ(doubles.results, (std::vector<std::string>{"true"}));
  EXPECT_EQ(doubles.indexed_lists, 0u);
  const Comparison map_keys = Compare("table.exists(x, probe in x.tags)", Literal("[{'tags': {'a': 1}}]"), probes);
  EXPECT_EQ(map_keys.results, (std::vector<std::string>{"true", "false"}));
  EXPECT_EQ(map_keys.indexed_lists, 0u);
}

TEST(JoinTest, ProbeErrorsScan) {
  const Comparison c = Compare("table.exists(x, x.id == probe.missing)", Literal("[{'id': 'a'}]"),
                               {Literal("{'other': 1}")});
  EXPECT_THAT(c.results[0], HasSubstr("no such key"));
  const Comparison empty = Compare("table.exists(x, x.id == probe.missing)", Literal("[]"), {Literal("{}")});
  EXPECT_EQ(empty.results[0], "false");  // nothing to compare with, as in the scan
}

// Only lists read from variables bound before the indexes were attached are indexed: `record` changes.
TEST(JoinTest, ListsOfVaryingVariablesAreScanned) {
  google::protobuf::Field record;
  record.set_name("b");
  record.add_options()->set_name("a");
  record.add_options()->set_name("b");
  const Comparison c = Compare("record.options.exists(o, o.name == record.name)", Rows(1), {Value::Null()},
                               google::protobuf::Type(), record);
  EXPECT_EQ(c.results[0], "true");
  EXPECT_EQ(c.indexed_lists, 0u);
  // Inside an outer comprehension, a list reading the outer variable is no join either.
  EXPECT_EQ(Compare("table.exists(x, [x].exists(y, y.id == probe))", Rows(3), Strings({"k1", "k9"})).results,
            (std::vector<std::string>{"true", "false"}));
}

TEST(JoinTest, ProbesReadingAnOuterComprehensionVariable) {
  const Comparison c = Compare("probe.all(i, table.exists(x, x.id == i))", Rows(50),
                               {Literal("['k1', 'k20']"), Literal("['k1', 'nope']"), Literal("[]")});
  EXPECT_EQ(c.results, (std::vector<std::string>{"true", "false", "true"}));
  EXPECT_EQ(c.indexed_lists, 1u);
}

TEST(JoinTest, RepeatedMessageFields) {
  google::protobuf::Type schema;
  for (int i = 0; i < 100; ++i) {
    google::protobuf::Field* field = schema.add_fields();
    field->set_name(absl::StrCat("f", i % 50));  // every name twice
    field->set_number(i);
    field->set_kind(i % 3 == 0 ? google::protobuf::Field::TYPE_STRING : google::protobuf::Field::TYPE_INT64);
  }
  google::protobuf::Field record;
  record.set_name("f7");
  record.set_number(57);
  for (const char* expression :
       {"schema.fields.filter(f, f.name == record.name).map(f, f.number)",
        "schema.fields.exists(f, f.number == record.number && f.kind == Field.Kind.TYPE_INT64)",
        "schema.fields.exists(f, f.kind == Field.Kind.TYPE_STRING && f.name == record.name)"}) {
    const Comparison c = Compare(expression, Rows(0), {Value::Null()}, schema, record);
    EXPECT_EQ(c.indexed_lists, 1u) << expression;
    EXPECT_LT(c.indexed_steps, c.scan_steps + 100) << expression;
  }
  EXPECT_EQ(Compare("schema.fields.filter(f, f.name == record.name).map(f, f.number)", Rows(0), {Value::Null()},
                    schema, record)
                .results[0],
            "[7, 57]");
}

TEST(JoinTest, InLooksUpLargeFixedLists) {
  const Comparison c = Compare("probe in table.map(x, x.id)", Rows(500), Strings({"k3", "k499", "k500", "x"}));
  EXPECT_EQ(c.results, (std::vector<std::string>{"true", "true", "false", "false"}));
  EXPECT_EQ(c.indexed_lists, 1u);
  EXPECT_LT(c.indexed_steps, c.scan_steps);
}

// A list that fails for lack of iterations in one evaluation (its outer loop spent them) is evaluated again in the
// next, as the scan would.
TEST(JoinTest, AListThatRanOutOfIterationsIsEvaluatedAgain) {
  std::vector<Value> many;
  for (int i = 0; i < 100; ++i) many.push_back(Value::String("x"));
  const Comparison c = Compare("probe.all(i, i != '') && 'k1' in table.map(x, x.id)", Rows(100),
                               {Value::List(many), Value::List({})}, google::protobuf::Type(),
                               google::protobuf::Field(), /*max_iterations=*/150);
  EXPECT_THAT(c.results[0], HasSubstr("iteration budget"));
  EXPECT_EQ(c.results[1], "true");
}

TEST(JoinIndexesTest, RebindingAFixedVariableDropsTheIndexes) {
  std::unique_ptr<Env> env = MakeEnv();
  absl::StatusOr<std::unique_ptr<Program>> program = env->Compile("table.exists(x, x.id == probe)");
  ASSERT_TRUE(program.ok()) << program.status();
  JoinIndexes indexes;
  Activation activation;
  activation.Bind("table", Literal("[{'id': 'a'}]"));
  activation.set_join_indexes(&indexes);
  activation.Bind("probe", Value::String("b"));
  EXPECT_EQ(Text((*program)->Evaluate(activation)), "false");
  EXPECT_EQ(indexes.indexed_lists(), 1u);
  activation.Bind("table", Literal("[{'id': 'b'}]"));
  EXPECT_EQ(indexes.indexed_lists(), 0u);
  EXPECT_EQ(Text((*program)->Evaluate(activation)), "true");
  activation.Bind("probe", Value::String("a"));  // not fixed: the index stays
  EXPECT_EQ(indexes.indexed_lists(), 1u);
  EXPECT_EQ(Text((*program)->Evaluate(activation)), "false");
}

// Building an index spends one step per element of the run's budget; a budget too small for it leaves the scan to
// run out of steps as it always did.
TEST(JoinIndexesTest, BuildingIsChargedToTheRunsBudget) {
  std::unique_ptr<Env> env = MakeEnv();
  absl::StatusOr<std::unique_ptr<Program>> program = env->Compile("table.exists(x, x.id == probe)");
  ASSERT_TRUE(program.ok()) << program.status();
  for (int64_t max_steps : {int64_t{50}, int64_t{150}}) {
    EvaluationBudget budget;
    budget.max_steps = max_steps;
    JoinIndexes indexes;
    Activation activation;
    activation.set_budget(&budget);
    activation.Bind("table", Rows(100));
    activation.set_join_indexes(&indexes);
    activation.Bind("probe", Value::String("k99"));
    const std::string result = Text((*program)->Evaluate(activation));
    if (max_steps < 100) {
      EXPECT_THAT(result, HasSubstr("evaluation steps is spent"));
      EXPECT_EQ(indexes.indexed_lists(), 0u);
    } else {
      EXPECT_EQ(result, "true");
      EXPECT_EQ(budget.steps, 101);
    }
  }
}

TEST(JoinKeysOfTest, RecognisesTheMacrosOnly) {
  auto keys_of = [](const std::string& text) {
    absl::StatusOr<ParsedExpr> parsed = Parse(text);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    const auto* c = std::get_if<Comprehension>(&parsed->expr->kind);
    return c == nullptr ? size_t{0} : internal::JoinKeysOf(*c).size();
  };
  EXPECT_EQ(keys_of("l.exists(x, x.id == e)"), 2u);  // either side may be the key
  EXPECT_EQ(keys_of("l.exists(x, x.a == 1 && (x.id in e || x.b))"), 2u);  // `||` under exists decides nothing
  EXPECT_EQ(keys_of("l.all(x, x.id == e)"), 0u);  // under all, a rejecting `==` makes the predicate false
  EXPECT_EQ(keys_of("l.all(x, !(x.id in e) || x.ok)"), 2u);
  EXPECT_EQ(keys_of("l.exists(x, !(x.id != e))"), 2u);
  EXPECT_EQ(keys_of("l.map(x, x.id == e)"), 0u);
  EXPECT_EQ(keys_of("l.exists(i, v, v == e)"), 0u);  // two variables: the index variable would change
}

}  // namespace
}  // namespace hdsc::expr
