#include "lib/expr/checker.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "lib/expr/parser.h"

namespace hdsc::expr {
namespace {

using ::testing::HasSubstr;

// Messages for the tests: package t.v1, a message with scalar, repeated, enum, wrapper,
// timestamp, Struct and nested message fields.
constexpr char kTestFile[] = R"pb(
  name: "checker_test.proto"
  package: "t.v1"
  syntax: "proto3"
  dependency: "google/protobuf/struct.proto"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/wrappers.proto"
  enum_type {
    name: "Color"
    value { name: "RED" number: 0 }
    value { name: "GREEN" number: 1 }
    value { name: "BLUE" number: 2 }
  }
  message_type {
    name: "M"
    field { name: "name" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    field { name: "count" number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL }
    field { name: "tags" number: 3 type: TYPE_STRING label: LABEL_REPEATED }
    field { name: "color" number: 4 type: TYPE_ENUM type_name: ".t.v1.Color" label: LABEL_OPTIONAL }
    field { name: "wrapped" number: 5 type: TYPE_MESSAGE type_name: ".google.protobuf.Int64Value" label: LABEL_OPTIONAL }
    field { name: "created" number: 6 type: TYPE_MESSAGE type_name: ".google.protobuf.Timestamp" label: LABEL_OPTIONAL }
    field { name: "st" number: 7 type: TYPE_MESSAGE type_name: ".google.protobuf.Struct" label: LABEL_OPTIONAL }
    field { name: "child" number: 8 type: TYPE_MESSAGE type_name: ".t.v1.M" label: LABEL_OPTIONAL }
    field { name: "children" number: 9 type: TYPE_MESSAGE type_name: ".t.v1.M" label: LABEL_REPEATED }
    field { name: "ratio" number: 10 type: TYPE_FLOAT label: LABEL_OPTIONAL }
  }
)pb";

class CheckerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::Struct::descriptor();
    google::protobuf::Timestamp::descriptor();
    google::protobuf::Int64Value::descriptor();
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTestFile, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    const google::protobuf::Descriptor* message = pool_.FindMessageTypeByName("t.v1.M");
    ASSERT_NE(message, nullptr);
    env_.set_pool(&pool_);
    env_.set_container("t.v1");
    env_.AddVariable("msg", Type::Message(message));
    env_.AddVariable("x", Type::List(Type::Int()));
    env_.AddVariable("m", Type::Map(Type::String(), Type::Int()));
    env_.AddVariable("s", Type::String());
    env_.AddVariable("d", Type::Dyn());
    env_.AddVariable("a.b.c", Type::Bool());
    env_.AddVariable("t.v1.scoped", Type::Uint());
  }

  absl::StatusOr<CheckedExpr> CheckText(const std::string& text) {
    absl::StatusOr<ParsedExpr> parsed = Parse(text);
    if (!parsed.ok()) return parsed.status();
    parsed_ = std::move(*parsed);
    return Check(parsed_, env_);
  }

  // The result type, or the error message.
  std::string ResultOf(const std::string& text) {
    absl::StatusOr<CheckedExpr> checked = CheckText(text);
    if (!checked.ok()) return std::string(checked.status().message());
    return checked->result_type.CheckedString();
  }

  google::protobuf::DescriptorPool pool_{google::protobuf::DescriptorPool::generated_pool()};
  CheckerEnv env_;
  ParsedExpr parsed_;
};

struct TypeCase {
  const char* text;
  const char* type;  // the result type, or the whole error message
};

const TypeCase kTypeCases[] = {
    // Literals and operators.
    {"1 + 2", "int"},
    {"1u * 2u", "uint"},
    {"1.5 / 2.0", "double"},
    {"'a' + s", "string"},
    {"b'a' + b'b'", "bytes"},
    {"-1 % 3", "int"},
    {"!true || false && true", "bool"},
    {"null", "null"},
    {"1 < 2.0", "bool"},
    {"2u >= 1", "bool"},
    {"'a' < 'b'", "bool"},
    {"true ? 1 : 2", "int"},
    {"1 == 1", "bool"},
    {"msg != null", "bool"},
    // Aggregates.
    {"[1, 2]", "list(int)"},
    {"[1, 'a']", "list(dyn)"},
    {"[]", "list(dyn)"},
    {"[[1], []]", "list(list(int))"},
    {"{}", "map(dyn, dyn)"},
    {"{'a': 1, 'b': 2}", "map(string, int)"},
    {"{'a': 1, 2: 'b'}", "map(dyn, dyn)"},
    {"x + [3]", "list(int)"},
    {"x[0]", "int"},
    {"m['k']", "int"},
    {"'k' in m", "bool"},
    {"1 in x", "bool"},
    {"size(x) + x.size() + size('abc') + m.size()", "int"},
    // Variables, fields, enums and containers.
    {"msg.name", "string"},
    {"msg.count", "int"},
    {"msg.ratio", "double"},
    {"msg.tags", "list(string)"},
    {"msg.color", "int"},
    {"msg.wrapped", "wrapper(int)"},
    {"msg.wrapped + 1", "int"},
    {"msg.wrapped == null", "bool"},
    {"msg.created", "timestamp"},
    {"msg.st", "map(string, dyn)"},
    {"msg.st.anything", "dyn"},
    {"msg.child.children[0].name", "string"},
    {"has(msg.child)", "bool"},
    {"has(m.k)", "bool"},
    {"d.any.field", "dyn"},
    {"msg.color == Color.BLUE", "bool"},
    {"t.v1.Color.GREEN", "int"},
    {".t.v1.Color.GREEN", "int"},
    {"a.b.c", "bool"},
    {"scoped", "uint"},
    {"M{name: 'n', count: 2, tags: ['a'], wrapped: null, child: M{}}", "t.v1.M"},
    {"t.v1.M{color: Color.RED}.color", "int"},
    {"M{wrapped: 5}", "t.v1.M"},
    {"int", "type(int)"},
    {"t.v1.M", "type(t.v1.M)"},
    {"type(1) == int", "bool"},
    {"type(msg) == M", "bool"},
    // Conversions and library functions.
    {"int('1') + int(1u) + int(1.5) + int(msg.created)", "int"},
    {"uint(1) + uint('2')", "uint"},
    {"double(1) + double('2.5')", "double"},
    {"string(1) + string(b'a') + string(msg.created) + string(true)", "string"},
    {"bytes('a')", "bytes"},
    {"bool('true')", "bool"},
    {"dyn(1)", "dyn"},
    {"dyn(1) + 1", "int"},
    {"d + d", "dyn"},
    {"s.contains('a') && s.startsWith('a') && s.endsWith('b') && s.matches('a+')", "bool"},
    {"matches(s, 'a')", "bool"},
    {"timestamp('2024-01-01T00:00:00Z') - msg.created", "duration"},
    {"msg.created + duration('1h')", "timestamp"},
    {"duration('1h') + duration('1m') < duration('2h')", "bool"},
    {"msg.created.getFullYear() + msg.created.getMonth('Europe/Paris')", "int"},
    {"msg.created.getDayOfWeek() + msg.created.getDate() + msg.created.getDayOfYear()", "int"},
    {"duration('90m').getHours() + duration('1s').getMilliseconds()", "int"},
    // Macros.
    {"x.all(i, i > 0)", "bool"},
    {"x.exists(i, i > 0)", "bool"},
    {"x.exists_one(i, i > 0)", "bool"},
    {"x.map(i, i * 2)", "list(int)"},
    {"x.map(i, i > 1, string(i))", "list(string)"},
    {"x.filter(i, i > 1)", "list(int)"},
    {"m.map(k, k + '!')", "list(string)"},
    {"m.all(k, v, v > 0 && k != '')", "bool"},
    {"x.exists(i, v, i < v)", "bool"},
    {"msg.children.map(c, c.tags).exists(t, size(t) > 0)", "bool"},
    {"d.all(e, e)", "bool"},
    {"[x, x].map(l, l.map(i, i + 1))", "list(list(int))"},
    {"cel.bind(y, s + '!', y + y)", "string"},
    {"x.transformList(i, v, i + v)", "list(int)"},
    {"m.transformMap(k, v, v > 0, string(v))", "map(string, string)"},
    {"m.transformMapEntry(k, v, {v: k})", "map(int, string)"},
    // Optionals.
    {"msg.?name", "optional_type(string)"},
    {"m[?'k']", "optional_type(int)"},
    {"msg.?child.name", "optional_type(string)"},
    {"msg.?child.?child", "optional_type(t.v1.M)"},
    {"has(msg.?child.name)", "bool"},
    {"{'k': d}[?'k'].x", "optional_type(dyn)"},
};

TEST_F(CheckerTest, Types) {
  for (const TypeCase& test : kTypeCases) {
    EXPECT_EQ(ResultOf(test.text), test.type) << test.text;
  }
}

const TypeCase kErrorCases[] = {
    {"nope", "<input>:1:1: undeclared reference to 'nope' (in container 't.v1')"},
    {"1 + 2u", "<input>:1:3: found no matching overload for '_+_' applied to '(int, uint)'"},
    {"4--4.1", "<input>:1:2: found no matching overload for '_-_' applied to '(int, double)'"},
    {"msg.nmae", "<input>:1:4: undefined field 'nmae' (did you mean 'name'?)"},
    {"has(msg.nmae)", "<input>:1:8: undefined field 'nmae' (did you mean 'name'?)"},
    {"msg.child.nmae == ''", "<input>:1:10: undefined field 'nmae' (did you mean 'name'?)"},
    {"msg.xyz", "<input>:1:4: undefined field 'xyz'"},
    {"msg.childern", "<input>:1:4: undefined field 'childern' (did you mean 'children'?)"},
    {"Color.BLEU", "<input>:1:6: undefined enum value 'BLEU' in 't.v1.Color' (did you mean 'BLUE'?)"},
    {"t.v1.Color.PURPLE", "<input>:1:11: undefined enum value 'PURPLE' in 't.v1.Color'"},
    {"s.field", "<input>:1:2: type 'string' does not support field selection"},
    {"msg.?child.nmae", "<input>:1:11: undefined field 'nmae' (did you mean 'name'?)"},
    {"m[?'k'].x", "<input>:1:8: type 'int' does not support field selection"},
    {"true ? 1 : 'a'",
     "<input>:1:6: found no matching overload for '_?_:_' applied to '(bool, int, string)'"},
    {"s.contains(1)", "<input>:1:11: found no matching overload for 'contains' applied to "
                      "'string.(int)'"},
    {"nofn(1)", "<input>:1:5: undeclared reference to 'nofn' (in container 't.v1')"},
    {"M{nmae: 'x'}", "<input>:1:7: undefined field 'nmae' (did you mean 'name'?)"},
    {"M{name: 1}",
     "<input>:1:7: expected type of field 'name' is 'string' but provided type is 'int'"},
    {"Nope{}", "<input>:1:5: undeclared reference to 'Nope' (in container 't.v1')"},
    {"x.all(i, i)",
     "<input>:1:6: found no matching overload for '_&&_' applied to '(bool, int)'"},
    {"1.all(i, true)",
     "<input>:1:1: expression of type 'int' cannot be range of a comprehension (must be list, "
     "map, or dynamic)"},
    {"x.map(i, i) + ['a']",
     "<input>:1:13: found no matching overload for '_+_' applied to '(list(int), list(string))'"},
    {"a + b",
     "<input>:1:1: undeclared reference to 'a' (in container 't.v1')\n"
     "<input>:1:5: undeclared reference to 'b' (in container 't.v1')"},
};

TEST_F(CheckerTest, Errors) {
  for (const TypeCase& test : kErrorCases) {
    absl::StatusOr<CheckedExpr> checked = CheckText(test.text);
    ASSERT_FALSE(checked.ok()) << test.text << " checked as "
                               << checked->result_type.CheckedString();
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(std::string(checked.status().message()), test.type) << test.text;
  }
}

TEST_F(CheckerTest, ReferencesOfNamesAndCalls) {
  absl::StatusOr<CheckedExpr> checked = CheckText("msg.color == Color.BLUE && scoped > 1u");
  ASSERT_TRUE(checked.ok()) << checked.status();
  // _&&_( _==_(msg.color, Color.BLUE), _>_(scoped, 1u) )
  const Call& conjunction = std::get<Call>(parsed_.expr->kind);
  const Call& equality = std::get<Call>(conjunction.args[0]->kind);
  const Reference& equals = checked->reference_map.at(conjunction.args[0]->id);
  EXPECT_EQ(equals.kind, Reference::Kind::kFunction);
  EXPECT_EQ(equals.overload_ids, std::vector<std::string>{"equals"});

  const Reference& blue = checked->reference_map.at(equality.args[1]->id);
  EXPECT_EQ(blue.kind, Reference::Kind::kEnumConstant);
  EXPECT_EQ(blue.name, "t.v1.Color.BLUE");
  EXPECT_EQ(blue.enum_value, 2);

  const Select& color = std::get<Select>(equality.args[0]->kind);
  const Reference& msg = checked->reference_map.at(color.operand->id);
  EXPECT_EQ(msg.kind, Reference::Kind::kVariable);
  EXPECT_EQ(msg.name, "msg");
  EXPECT_FALSE(checked->reference_map.contains(equality.args[0]->id));  // a field, not a name
  EXPECT_EQ(checked->type_map.at(equality.args[0]->id), Type::Int());

  const Call& greater = std::get<Call>(conjunction.args[1]->kind);
  EXPECT_EQ(checked->reference_map.at(greater.args[0]->id).name, "t.v1.scoped");
  EXPECT_EQ(checked->reference_map.at(conjunction.args[1]->id).overload_ids,
            std::vector<std::string>{"greater_uint64"});
}

TEST_F(CheckerTest, QualifiedVariableResolvesOnTheOutermostSelect) {
  absl::StatusOr<CheckedExpr> checked = CheckText("a.b.c");
  ASSERT_TRUE(checked.ok()) << checked.status();
  const Reference& reference = checked->reference_map.at(parsed_.expr->id);
  EXPECT_EQ(reference.name, "a.b.c");
  const Select& select = std::get<Select>(parsed_.expr->kind);
  EXPECT_FALSE(checked->type_map.contains(select.operand->id));
}

TEST_F(CheckerTest, DynArgumentsKeepEveryMatchingOverload) {
  absl::StatusOr<CheckedExpr> checked = CheckText("d + 1");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->reference_map.at(parsed_.expr->id).overload_ids,
              ::testing::ElementsAre("add_int64"));

  checked = CheckText("size(d)");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->reference_map.at(parsed_.expr->id).overload_ids,
              ::testing::ElementsAre("size_string", "size_bytes", "size_list", "size_map"));
}

TEST_F(CheckerTest, DynArgumentsSelectOnlySameTypeNumericComparisons) {
  // As cel-go: `dyn < int` is `less_int64`, not also `less_uint64_int64`, `less_double_int64`.
  absl::StatusOr<CheckedExpr> checked = CheckText("d < 1");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->reference_map.at(parsed_.expr->id).overload_ids,
              ::testing::ElementsAre("less_int64"));
  checked = CheckText("1 < 2u");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_THAT(checked->reference_map.at(parsed_.expr->id).overload_ids,
              ::testing::ElementsAre("less_int64_uint64"));
}

TEST_F(CheckerTest, ListLiteralsTakeTheMostGeneralElementType) {
  EXPECT_EQ(ResultOf("[1, dyn(2)]"), "list(dyn)");
  EXPECT_EQ(ResultOf("[dyn(2), 1]"), "list(dyn)");
  EXPECT_EQ(ResultOf("[msg.wrapped, 1]"), "list(wrapper(int))");
  EXPECT_EQ(ResultOf("[1, msg.wrapped]"), "list(wrapper(int))");
  EXPECT_EQ(ResultOf("[[1], [dyn(1)]]"), "list(list(dyn))");
  // A nullable type is more general than `null`, in either order.
  EXPECT_EQ(ResultOf("[msg, null]"), "list(t.v1.M)");
  EXPECT_EQ(ResultOf("[null, msg.created]"), "list(timestamp)");
}

TEST_F(CheckerTest, MessageConstructionReference) {
  absl::StatusOr<CheckedExpr> checked = CheckText("M{name: 'a'}");
  ASSERT_TRUE(checked.ok()) << checked.status();
  const Reference& reference = checked->reference_map.at(parsed_.expr->id);
  EXPECT_EQ(reference.kind, Reference::Kind::kMessage);
  EXPECT_EQ(reference.name, "t.v1.M");
}

TEST_F(CheckerTest, ComprehensionVariablesShadowAndHaveNoReference) {
  env_.AddVariable("i", Type::String());
  absl::StatusOr<CheckedExpr> checked = CheckText("x.map(i, i + 1)");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->result_type.CheckedString(), "list(int)");
  for (const auto& [id, reference] : checked->reference_map) {
    EXPECT_NE(reference.name, "i");
  }
}

TEST_F(CheckerTest, ExtensionFunctions) {
  ASSERT_TRUE(env_
                  .AddFunction({"greet",
                                {{"greet_string", {Type::String()}, Type::String(), false}}})
                  .ok());
  ASSERT_TRUE(env_
                  .AddFunction({"t.v1.util.twice",
                                {{"twice_int", {Type::Int()}, Type::Int(), false}}})
                  .ok());
  EXPECT_EQ(ResultOf("greet('x') + '!'"), "string");
  EXPECT_EQ(ResultOf("util.twice(2) + 1"), "int");
  // A function of the container is called by its last name.
  EXPECT_THAT(ResultOf("thrice(2)"), HasSubstr("undeclared reference to 'thrice'"));
  ASSERT_TRUE(env_.AddFunction({"t.v1.thrice", {{"thrice_int", {Type::Int()}, Type::Int(), false}}}).ok());
  EXPECT_EQ(ResultOf("thrice(2)"), "int");
  EXPECT_THAT(ResultOf("greet(1)"), HasSubstr("no matching overload for 'greet'"));

  // Redeclaring the same overload is harmless; a conflicting one is refused.
  EXPECT_TRUE(env_
                  .AddFunction({"greet",
                                {{"greet_string", {Type::String()}, Type::String(), false}}})
                  .ok());
  EXPECT_EQ(env_
                .AddFunction({"greet", {{"greet_string", {Type::Int()}, Type::String(), false}}})
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(env_.AddFunction({"f", {{"", {}, Type::Int(), false}}}).code(),
            absl::StatusCode::kInvalidArgument);
}

// The environment remembers calls by their argument types: a second check of the same calls
// resolves them alike, and a function declared later is seen.
TEST_F(CheckerTest, RememberedCallsResolveAsTheFirstTime) {
  const std::string text = "msg.tags[0] + 'x' == msg.name && size(msg.children) > 1";
  absl::StatusOr<CheckedExpr> first = CheckText(text);
  ASSERT_TRUE(first.ok()) << first.status();
  const absl::flat_hash_map<int64_t, Type> types = first->type_map;
  const absl::flat_hash_map<int64_t, Reference> references = first->reference_map;
  absl::StatusOr<CheckedExpr> second = CheckText(text);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->type_map, types);
  ASSERT_EQ(second->reference_map.size(), references.size());
  for (const auto& [id, reference] : references) {
    EXPECT_EQ(second->reference_map.at(id).overload_ids, reference.overload_ids) << reference.name;
  }

  // `d` is dyn: one overload gives its type, two that differ give dyn.
  ASSERT_TRUE(env_.AddFunction({"twice", {{"twice_int", {Type::Int()}, Type::Int(), false}}}).ok());
  EXPECT_EQ(ResultOf("twice(d)"), "int");
  EXPECT_EQ(ResultOf("twice(d)"), "int");
  ASSERT_TRUE(env_.AddFunction({"twice", {{"twice_string", {Type::String()}, Type::String(), false}}}).ok());
  EXPECT_EQ(ResultOf("twice(d)"), "dyn");
}

TEST_F(CheckerTest, EveryParsedNodeOfAMacroIsTyped) {
  absl::StatusOr<CheckedExpr> checked = CheckText("x.filter(i, i > 1)");
  ASSERT_TRUE(checked.ok()) << checked.status();
  for (const auto& [id, offset] : parsed_.source_info.positions) {
    EXPECT_TRUE(checked->type_map.contains(id)) << "node " << id << " has no type";
  }
}

TEST(StandardFunctionsTest, OverloadIdsAreUnique) {
  std::vector<std::string> ids;
  for (const FunctionDecl& function : StandardFunctions()) {
    for (const OverloadDecl& overload : function.overloads) ids.push_back(overload.id);
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_GT(ids.size(), 150u);
}

}  // namespace
}  // namespace hdsc::expr
