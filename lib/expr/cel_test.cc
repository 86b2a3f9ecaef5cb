#include "lib/expr/cel.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/type.pb.h"
#include "gtest/gtest.h"

namespace hdsc::expr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Compiles `expression` with `options` and evaluates it: the result as a CEL literal, or
// "error: ..." for an error value, or "compile: ..." for a compile failure.
std::string CompileAndEvaluate(std::string_view expression, const Activation& activation, EnvOptions options) {
  auto env = Env::Create(std::move(options));
  if (!env.ok()) return absl::StrCat("env: ", env.status().message());
  auto program = (*env)->Compile(expression);
  if (!program.ok()) return absl::StrCat("compile: ", program.status().message());
  absl::StatusOr<Value> result = (*program)->Evaluate(activation);
  if (!result.ok()) return absl::StrCat("engine: ", result.status().message());
  if (result->IsError()) return absl::StrCat("error: ", result->error_value().message());
  return FormatAsCelLiteral(*result);
}

// The same, unchecked, with the variables `x`, `y`, `field` and `fields` declared dyn.
std::string Eval(std::string_view expression, const Activation& activation = Activation(),
                 EnvOptions options = EnvOptions()) {
  options.check = false;
  for (const char* name : {"x", "y", "field", "fields"}) {
    options.variables.emplace_back(name, Type::Dyn());
  }
  return CompileAndEvaluate(expression, activation, std::move(options));
}

TEST(CelTest, Literals) {
  EXPECT_EQ(Eval("1"), "1");
  EXPECT_EQ(Eval("1u"), "1u");
  EXPECT_EQ(Eval("2.5"), "2.5");
  EXPECT_EQ(Eval("'a' + \"b\""), "\"ab\"");
  EXPECT_EQ(Eval("b'\\x00'"), "b\"\\x00\"");
  EXPECT_EQ(Eval("[1, 'two', null]"), "[1, \"two\", null]");
  EXPECT_EQ(Eval("{'a': 1}"), "{\"a\": 1}");
  EXPECT_THAT(Eval("{'a': 1, 'a': 2}"), HasSubstr("error: repeated key"));
}

TEST(CelTest, IntegerArithmeticErrors) {
  EXPECT_EQ(Eval("7 / 2"), "3");
  EXPECT_EQ(Eval("-7 % 3"), "-1");
  EXPECT_THAT(Eval("9223372036854775807 + 1"), HasSubstr("overflow"));
  EXPECT_THAT(Eval("-9223372036854775808 / -1"), HasSubstr("overflow"));
  EXPECT_THAT(Eval("-(-9223372036854775808)"), HasSubstr("overflow"));
  EXPECT_THAT(Eval("0u - 1u"), HasSubstr("overflow"));
  EXPECT_THAT(Eval("1 / 0"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("1 % 0"), HasSubstr("modulus by zero"));
  EXPECT_THAT(Eval("1 + 1u"), HasSubstr("no matching overload"));
  EXPECT_EQ(Eval("1.0 / 0.0"), "double(\"Infinity\")");
}

TEST(CelTest, HeterogeneousComparisons) {
  EXPECT_EQ(Eval("1 == 1u && 1u == 1.0 && 1 == 1.0"), "true");
  EXPECT_EQ(Eval("-1 < 1u"), "true");
  EXPECT_EQ(Eval("2u > 1.5"), "true");
  EXPECT_EQ(Eval("1 == 'a'"), "false");
  EXPECT_EQ(Eval("double('NaN') == double('NaN')"), "false");
  EXPECT_EQ(Eval("[1, 2] == [1.0, 2u]"), "true");
  EXPECT_EQ(Eval("{1: 'a'} == {1u: 'a'}"), "true");
  EXPECT_THAT(Eval("[1] < [2]"), HasSubstr("no matching overload"));
}

TEST(CelTest, LogicAbsorbsErrorsCommutatively) {
  EXPECT_EQ(Eval("false && 1/0 == 1"), "false");
  EXPECT_EQ(Eval("1/0 == 1 && false"), "false");
  EXPECT_EQ(Eval("true || 1/0 == 1"), "true");
  EXPECT_EQ(Eval("1/0 == 1 || true"), "true");
  EXPECT_THAT(Eval("1/0 == 1 && true"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("false || 1/0 == 1"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("'a' && true"), HasSubstr("no matching overload"));
  EXPECT_EQ(Eval("true ? 1 : 1/0"), "1");
  EXPECT_THAT(Eval("1/0 == 0 ? 1 : 2"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("'x' ? 1 : 2"), HasSubstr("no matching overload"));
}

// Chains of three operands or more are one node that falls back to the binary operators when an
// operand is not a bool: the results are those of the nested binary calls.
TEST(CelTest, LogicChainsDecideAsNestedOperators) {
  EXPECT_EQ(Eval("true && true && true"), "true");
  EXPECT_EQ(Eval("true && true && false && true"), "false");
  EXPECT_EQ(Eval("false || false || false"), "false");
  EXPECT_EQ(Eval("false || false || true || false"), "true");
  EXPECT_EQ(Eval("(1 / 0 == 1) && true && false"), "false");
  EXPECT_EQ(Eval("(1 / 0 == 1) || false || true"), "true");
  EXPECT_THAT(Eval("(1 / 0 == 1) && (1 % 0 == 1) && true"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("true && (1 % 0 == 1) && (1 / 0 == 1)"), HasSubstr("modulus by zero"));
  EXPECT_EQ(Eval("true && 1 && true"), Eval("(true && 1) && true"));
  EXPECT_EQ(Eval("1 || 'a' || false"), Eval("(1 || 'a') || false"));
  EXPECT_THAT(Eval("true && 1 && true"), HasSubstr("no matching overload"));
}

TEST(CelTest, ContainersAndIndexing) {
  EXPECT_EQ(Eval("[1, 2, 3][1]"), "2");
  EXPECT_EQ(Eval("[1, 2, 3][2u]"), "3");
  EXPECT_THAT(Eval("[1, 2, 3][3]"), HasSubstr("index out of range"));
  EXPECT_EQ(Eval("{'a': 1}['a']"), "1");
  EXPECT_EQ(Eval("{1: 'x'}[1.0]"), "\"x\"");
  EXPECT_THAT(Eval("{'a': 1}['b']"), HasSubstr("no such key"));
  EXPECT_EQ(Eval("{'a': {'b': 2}}.a.b"), "2");
  EXPECT_EQ(Eval("has({'a': 1}.a) && !has({'a': 1}.b)"), "true");
  EXPECT_EQ(Eval("2 in [1, 2] && 'a' in {'a': 1} && !(3 in [1, 2])"), "true");
  EXPECT_EQ(Eval("[1] + [2, 3]"), "[1, 2, 3]");
  EXPECT_EQ(Eval("size([1, 2]) + size({'a': 1}) + size('héllo') + size(b'\\xff')"), "9");
}

// Indexing a bound list or map lends the element in place when it can (IndexNode), and gives the
// standard function's results otherwise.
TEST(CelTest, IndexingBoundContainers) {
  Activation activation;
  activation.Bind("x", Value::List({Value::Int(10), Value::String("b"), Value::Int(30)}));
  std::vector<std::pair<Value, Value>> entries;
  entries.emplace_back(Value::String("a"), Value::Int(1));
  entries.emplace_back(Value::Int(2), Value::List({Value::Int(7)}));
  activation.Bind("y", *Value::Map(std::move(entries)));
  EXPECT_EQ(Eval("x[0] + x[2]", activation), "40");
  EXPECT_EQ(Eval("x[1]", activation), "\"b\"");
  EXPECT_EQ(Eval("x[1u] + x[1.0]", activation), "\"bb\"");
  EXPECT_THAT(Eval("x[3]", activation), HasSubstr("index out of range"));
  EXPECT_THAT(Eval("x[-1]", activation), HasSubstr("index out of range"));
  EXPECT_THAT(Eval("x['a']", activation), HasSubstr("no matching overload"));
  EXPECT_EQ(Eval("y['a'] + y[2][0] + y[2u][0] + y[2.0][0]", activation), "22");
  EXPECT_THAT(Eval("y['b']", activation), HasSubstr("no such key"));
  EXPECT_THAT(Eval("y[2][1]", activation), HasSubstr("index out of range"));
  EXPECT_THAT(Eval("field[0]", activation), HasSubstr("no value bound"));
}

TEST(CelTest, Macros) {
  EXPECT_EQ(Eval("[1, 2, 3].all(v, v > 0)"), "true");
  EXPECT_EQ(Eval("[1, 2, 3].exists(v, v > 2)"), "true");
  EXPECT_EQ(Eval("[1, 2, 3].exists_one(v, v > 1)"), "false");
  EXPECT_EQ(Eval("[1, 2, 3].map(v, v * 2)"), "[2, 4, 6]");
  EXPECT_EQ(Eval("[1, 2, 3].map(v, v > 1, v * 10)"), "[20, 30]");
  EXPECT_EQ(Eval("[1, 2, 3, 4].filter(v, v % 2 == 0)"), "[2, 4]");
  EXPECT_EQ(Eval("{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])"), "true");
  EXPECT_EQ(Eval("[[1, 2], [3]].map(l, l.map(v, v + 1))"), "[[2, 3], [4]]");
  // An error in one element is absorbed when another decides.
  EXPECT_EQ(Eval("[0, 1].exists(v, 1 / v == 1)"), "true");
  EXPECT_THAT(Eval("[0, 1].all(v, 1 / v == 1)"), HasSubstr("divide by zero"));
  EXPECT_EQ(Eval("[0, 1].all(v, 1 / v == 2)"), "false");
}

TEST(CelTest, SizeOfFilterCounts) {
  // Planned as a count of the elements that pass; the same results as the list's size.
  EXPECT_EQ(Eval("[1, 2, 3, 4].filter(v, v % 2 == 0).size()"), "2");
  EXPECT_EQ(Eval("size([1, 2, 3, 4].filter(v, v > 1))"), "3");
  EXPECT_EQ(Eval("[].filter(v, v > 1).size()"), "0");
  EXPECT_EQ(Eval("{'a': 1, 'b': 2}.filter(k, k != 'a').size()"), "1");
  EXPECT_EQ(Eval("[[1, 2], [3]].filter(l, l.filter(v, v > 1).size() > 0).size()"), "2");
  EXPECT_THAT(Eval("[0, 1].filter(v, 1 / v == 1).size()"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("[1, 0, 2].filter(v, 1 / v > 0).size() == 2"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("[1, 2].filter(v, v).size()"), HasSubstr("no matching overload"));
  // Other shapes keep their meaning: a map's size, a filter's list.
  EXPECT_EQ(Eval("[1, 2, 3].map(v, v > 1, v).size()"), "2");
  EXPECT_EQ(Eval("[1, 2, 3].filter(v, v > 1).map(v, v * 2).size()"), "2");
  EXPECT_EQ(Eval("[1, 2, 3].filter(v, v > 1)[1]"), "3");
}

TEST(CelTest, MapAndFilterAreLinear) {
  // 100,000 appends would take minutes if each copied the accumulator.
  EXPECT_EQ(Eval("size([0].map(z, [1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10]"
                 ".map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10]"
                 ".filter(d, d > 0))))))"),
            "1");
}

TEST(CelTest, IterationBudget) {
  EnvOptions options;
  options.max_iterations = 10;
  EXPECT_EQ(Eval("[1, 2, 3].all(v, v > 0)", Activation(), options), "true");
  EXPECT_THAT(Eval("[1,2,3,4,5,6].all(a, [1,2,3].all(b, true))", Activation(), options),
              HasSubstr("iteration budget of 10"));
  // Nested comprehensions draw from the same budget: 1,000 x 1,000 steps fail fast.
  options.max_iterations = 100000;
  Activation activation;
  std::vector<Value> many;
  for (int i = 0; i < 1000; ++i) many.push_back(Value::Int(i));
  activation.Bind("x", Value::List(std::move(many)));
  EXPECT_THAT(Eval("x.all(a, x.all(b, a >= 0))", activation, options),
              HasSubstr("iteration budget"));
}

TEST(CelTest, Strings) {
  EXPECT_EQ(Eval("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')"),
            "true");
  EXPECT_EQ(Eval("'abc123'.matches('^[a-z]+[0-9]+$')"), "true");
  EXPECT_EQ(Eval("matches('abc', 'b')"), "true");
  Activation activation;
  activation.Bind("x", Value::String("[unclosed"));
  EXPECT_THAT(Eval("'a'.matches(x)", activation), HasSubstr("invalid regular expression"));
  EXPECT_EQ(Eval("string(b'\\xc3\\xbf')"), "\"ÿ\"");
  EXPECT_THAT(Eval("string(b'\\xff')"), HasSubstr("invalid UTF-8"));
}

// The same with the type checker: `x` is a string, `n` an int.
std::string EvalChecked(std::string_view expression, const Activation& activation) {
  EnvOptions options;
  options.variables = {{"x", Type::String()}, {"n", Type::Int()}};
  return CompileAndEvaluate(expression, activation, std::move(options));
}

// `a + b + c` is one join (ConcatNode) when it adds strings; the results and errors are those of
// the nested `+`, left to right.
TEST(CelTest, ConcatenationChains) {
  Activation activation;
  activation.Bind("x", Value::String("héllo"));
  activation.Bind("y", Value::String(""));
  EXPECT_EQ(Eval("'a' + 'b' + 'c'"), "\"abc\"");
  EXPECT_EQ(Eval("x + '!' + x", activation), "\"héllo!héllo\"");
  EXPECT_EQ(Eval("y + y + y + y + y + y", activation), "\"\"");
  EXPECT_EQ(Eval("x + y + 'the quick brown fox jumps' + y + x", activation),
            "\"héllothe quick brown fox jumpshéllo\"");
  EXPECT_EQ(Eval("b'a' + b'\\xff' + b''"), "b\"a\\xff\"");
  EXPECT_EQ(Eval("[1] + [2] + [3]"), "[1, 2, 3]");
  EXPECT_EQ(Eval("1 + 2 + 3 + 4 + 5"), "15");
  EXPECT_EQ(Eval("x + 'a' + 'b' == 'hélloab'", activation), "true");
  // The first failing `+` from the left decides, and what follows it is not evaluated.
  EXPECT_THAT(Eval("x + 'a' + 1", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("x + 1 + (1 / 0 == 1 ? 'a' : 'b')", activation),
              HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("x + (1 / 0 == 1 ? 'a' : 'b') + 1", activation), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("x + b'a' + 'b'", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("1 + 2 + 'a'"), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("[1] + [2] + 'a'"), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("9223372036854775807 + x + 1", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("9223372036854775800 + 7 + 1"), HasSubstr("overflow"));
  // 3 x 6 MiB is over the limit of 16 MiB: the third `+` fails before the last operand.
  Activation big;
  big.Bind("x", Value::String(std::string(6 << 20, 'a')));
  EXPECT_THAT(Eval("x + x + x + (1 / 0 == 1 ? 'a' : 'b')", big), HasSubstr("would exceed the limit"));
  EXPECT_EQ(Eval("size(x + x + 'b')", big), "12582913");
  // Checked: strings join; ints add as before.
  Activation checked;
  checked.Bind("x", Value::String("ab"));
  checked.Bind("n", Value::Int(2));
  EXPECT_EQ(EvalChecked("x + '-' + x + string(n)", checked), "\"ab-ab2\"");
  EXPECT_EQ(EvalChecked("n + n + n", checked), "6");
  // A comprehension's accumulator is still appended to in place.
  EXPECT_EQ(Eval("[1, 2].map(v, string(v) + '-' + string(v))"), "[\"1-1\", \"2-2\"]");
  EXPECT_EQ(Eval("[1, 2].filter(v, v > 1).map(v, [v] + [v] + [v])"), "[[2, 2, 2]]");
}

// `contains`, `startsWith` and `endsWith` with a constant argument test the text in place
// (StringTestNode), with the standard function's results.
TEST(CelTest, StringTestsWithConstantArguments) {
  Activation activation;
  activation.Bind("x", Value::String("héllo wörld"));
  activation.Bind("y", Value::Int(1));
  EXPECT_EQ(Eval("x.contains('wö') && x.contains('') && x.contains('d') && x.contains('héllo wörld')",
                 activation),
            "true");
  EXPECT_EQ(Eval("x.contains('wx') || x.contains('héllo wörld!') || x.contains('ld ')", activation),
            "false");
  EXPECT_EQ(Eval("x.contains('the quick brown fox jumps over')", activation), "false");
  EXPECT_EQ(Eval("x.startsWith('hé') && x.startsWith('') && x.endsWith('rld') && x.endsWith('')",
                 activation),
            "true");
  EXPECT_EQ(Eval("x.startsWith('é') || x.endsWith('l') || x.startsWith('héllo wörld!!')",
                 activation),
            "false");
  EXPECT_EQ(Eval("contains(x, 'llo') && startsWith(x, 'h') && endsWith(x, 'd')", activation),
            "true");
  Activation empty;
  empty.Bind("x", Value::String(""));
  EXPECT_EQ(Eval("x.contains('') && x.startsWith('') && x.endsWith('')", empty), "true");
  EXPECT_EQ(Eval("x.contains('a') || x.startsWith('a') || x.endsWith('a')", empty), "false");
  EXPECT_THAT(Eval("y.contains('a')", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("y.startsWith('a')", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("(1 / 0 == 1 ? 'a' : 'b').endsWith('a')"), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("field.contains('a')"), HasSubstr("no value bound"));
  EXPECT_EQ(Eval("y.contains('a') || true", activation), "true");
}

// `size(t.split(s))` counts the parts without making them (SplitSizeNode): the same counts as
// `size` of the list, for every separator and limit.
TEST(CelTest, SplitSizeCountsAsSplit) {
  Activation activation;
  activation.Bind("x", Value::String("a,b,,c"));
  activation.Bind("y", Value::String(""));
  for (const std::string text : {"a,b,,c", "", ",", "ab", "héllo, wörld, ", "a,,,,,,,,,,,,,,,,,,,b,"}) {
    Activation bound;
    bound.Bind("x", Value::String(text));
    for (const std::string separator : {",", ",,", "", "é", "xyz", "a,b,,c"}) {
      for (const std::string limit : {"", ", -1", ", 0", ", 1", ", 2", ", 3", ", 100"}) {
        const std::string split = absl::StrCat("x.split('", separator, "'", limit, ")");
        const std::string expected = Eval(absl::StrCat("cel.bind(parts, ", split, ", size(parts))"), bound);
        EXPECT_EQ(Eval(absl::StrCat(split, ".size()"), bound), expected) << text << " " << split;
        EXPECT_EQ(Eval(absl::StrCat("size(", split, ")"), bound), expected) << text << " " << split;
      }
    }
  }
  EXPECT_EQ(Eval("x.split(',').size()", activation), "4");
  EXPECT_EQ(Eval("y.split(',').size() + y.split('').size()", activation), "1");
  EXPECT_EQ(Eval("'a b c'.split(' ').size()"), "3");
  EXPECT_THAT(Eval("x.split(1).size()", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("x.split(',', 'a').size()", activation), HasSubstr("no matching overload"));
  EXPECT_THAT(Eval("field.split(',').size()"), HasSubstr("no value bound"));
  EXPECT_THAT(Eval("x.split(',', 1 / 0).size()", activation), HasSubstr("divide by zero"));
}

// `{k: v, ...}[c]` with constant keys evaluates the values without making the map
// (MapLiteralIndexNode); the errors of the map literal stay.
TEST(CelTest, MapLiteralIndexedByAConstant) {
  Activation activation;
  activation.Bind("x", Value::Int(42));
  EXPECT_EQ(Eval("{'a': x, 'b': x + 1}['b']", activation), "43");
  EXPECT_EQ(Eval("{'a': x, 'b': x + 1}['a']", activation), "42");
  EXPECT_EQ(Eval("{1: x, 2u: x + 1, true: 'yes'}[2]", activation), "43");
  EXPECT_EQ(Eval("{1: x, 2: x + 1}[1.0]", activation), "42");
  EXPECT_EQ(Eval("{1: x, 2: x + 1}[2u]", activation), "43");
  EXPECT_THAT(Eval("{'a': x, 'b': x + 1}['c']", activation), HasSubstr("no such key"));
  EXPECT_THAT(Eval("{'a': x, 'a': x + 1}['a']", activation), HasSubstr("repeated key"));
  EXPECT_THAT(Eval("{1: x, 1u: x + 1}[1]", activation), HasSubstr("repeated key"));
  EXPECT_THAT(Eval("{1.5: x}[1.5]", activation), HasSubstr("unsupported key type"));
  // An error in any value is the result, the first from the left.
  EXPECT_THAT(Eval("{'a': x / 0, 'b': x + 1}['b']", activation), HasSubstr("divide by zero"));
  EXPECT_THAT(Eval("{'a': x, 'b': x + 1, 'c': field}['a']", activation), HasSubstr("no value bound"));
  EXPECT_THAT(Eval("{'a': field, 'b': x / 0}['b']", activation), HasSubstr("no value bound"));
  EXPECT_THAT(Eval("{'a': x, 'b': 9223372036854775807 + x}['a']", activation), HasSubstr("overflow"));
  EXPECT_EQ(Eval("{'a': [x], 'b': {'c': x}}['b']['c']", activation), "42");
  EXPECT_EQ(Eval("{?'a': optional.of(x), 'b': x}['a']", activation), "42");
  EXPECT_THAT(Eval("{?'a': optional.none(), 'b': x}['a']", activation), HasSubstr("no such key"));
}

// `in` on a list compares elements in place, with CEL equality across numeric kinds.
TEST(CelTest, InListUsesCelEquality) {
  Activation activation;
  activation.Bind("x", Value::Int(42));
  EXPECT_EQ(Eval("x in [1, 2, 3, 42, 99]", activation), "true");
  EXPECT_EQ(Eval("x in [1, 2, 3, 43, 99]", activation), "false");
  EXPECT_EQ(Eval("x in [1u, 42u] && x in [42.0] && x in ['a', 42] && !(x in [])", activation),
            "true");
  EXPECT_EQ(Eval("42u in [1, x] && 42.0 in [x] && !(42.5 in [x])", activation), "true");
  EXPECT_EQ(Eval("double('NaN') in [double('NaN')]"), "false");
  EXPECT_EQ(Eval("[x] in [[1], [42]] && 'b' in ['a', 'b']", activation), "true");
}

TEST(CelTest, Conversions) {
  EXPECT_EQ(Eval("int(-2.9)"), "-2");
  EXPECT_THAT(Eval("int(1e19)"), HasSubstr("out of range"));
  EXPECT_THAT(Eval("uint(-1)"), HasSubstr("out of range"));
  EXPECT_EQ(Eval("int('-42') + int(7u)"), "-35");
  EXPECT_THAT(Eval("int('4x')"), HasSubstr("cannot convert"));
  EXPECT_EQ(Eval("double('1.5e3')"), "1500.0");
  EXPECT_EQ(Eval("string(123.456) + string(1u) + string(true)"), "\"123.4561true\"");
  EXPECT_EQ(Eval("bool('TRUE') && !bool('0')"), "true");
  EXPECT_EQ(Eval("bytes('ÿ')"), "b\"\\xc3\\xbf\"");
  EXPECT_EQ(Eval("type(1) == int && type('a') == string && type(type(1)) == type"), "true");
  EXPECT_EQ(Eval("type(null)"), "null_type");
  EXPECT_EQ(Eval("dyn(1) + 1"), "2");
}

TEST(CelTest, TimestampsAndDurations) {
  EXPECT_EQ(Eval("timestamp('2024-01-01T00:00:00Z') + duration('1h30m')"),
            "timestamp(\"2024-01-01T01:30:00Z\")");
  EXPECT_EQ(Eval("timestamp('2024-01-02T00:00:00Z') - timestamp('2024-01-01T00:00:00Z')"),
            "duration(\"86400s\")");
  EXPECT_EQ(Eval("duration('1.5s') + duration('-500ms')"), "duration(\"1s\")");
  EXPECT_EQ(Eval("timestamp('2024-01-01T10:00:00+02:00') == timestamp('2024-01-01T08:00:00Z')"),
            "true");
  EXPECT_EQ(Eval("timestamp('2009-02-13T23:31:30Z').getHours('Europe/Paris')"), "0");
  EXPECT_EQ(Eval("timestamp('2009-02-13T23:31:30Z').getMinutes('+05:30')"), "1");
  EXPECT_EQ(Eval("timestamp('2009-02-13T23:31:30Z').getDayOfWeek()"), "5");
  EXPECT_EQ(Eval("duration('3730s').getMinutes()"), "62");
  EXPECT_THAT(Eval("timestamp('9999-12-31T23:59:59Z') + duration('1s')"), HasSubstr("range"));
  EXPECT_THAT(Eval("duration('320000000000s')"), HasSubstr("range"));
  EXPECT_THAT(Eval("timestamp('2024-13-01T00:00:00Z')"), HasSubstr("invalid timestamp"));
  EXPECT_THAT(Eval("timestamp('2024-01-01T00:00:00Z').getHours('Mars/Olympus')"),
              HasSubstr("unknown time zone"));
  EXPECT_EQ(Eval("duration('1h') < duration('61m')"), "true");
}

TEST(CelTest, MessageFieldsAreReadInPlace) {
  google::protobuf::Field field;
  field.set_name("id");
  field.set_number(3);
  field.add_options()->set_name("deprecated");
  Activation activation;
  activation.BindMessage("field", field);
  EXPECT_EQ(Eval("field.name + ':' + string(field.number)", activation), "\"id:3\"");
  EXPECT_EQ(Eval("has(field.name) && !has(field.json_name) && has(field.options)", activation),
            "true");
  EXPECT_EQ(Eval("field.json_name == '' && field.packed == false", activation), "true");
  EXPECT_EQ(Eval("field.options.exists(o, o.name == 'deprecated')", activation), "true");
  EXPECT_EQ(Eval("field.kind == google.protobuf.Field.Kind.TYPE_UNKNOWN", activation), "true");
  EXPECT_THAT(Eval("field.nope", activation), HasSubstr("no such field 'nope'"));
  EXPECT_EQ(Eval("type(field)", activation), "google.protobuf.Field");
}

TEST(CelTest, MessageConstruction) {
  EXPECT_EQ(Eval("google.protobuf.Field{name: 'x', number: 3}"),
            "google.protobuf.Field{number: 3, name: \"x\"}");
  EnvOptions options;
  options.container = "google.protobuf";
  EXPECT_EQ(Eval("Field{name: 'x'}.name", Activation(), options), "\"x\"");
  EXPECT_THAT(Eval("google.protobuf.Field{number: 4000000000}"), HasSubstr("out of range"));
  EXPECT_THAT(Eval("google.protobuf.Field{name: 1}"), HasSubstr("cannot hold"));
  EXPECT_THAT(Eval("google.protobuf.Field{nope: 1}"), HasSubstr("compile: <input>:1:"));
  EXPECT_THAT(Eval("no.such.Message{}"), HasSubstr("unknown message type"));
  EXPECT_EQ(Eval("google.protobuf.Int64Value{value: 5}"), "5");
  EXPECT_EQ(Eval("google.protobuf.Timestamp{seconds: 60}"), "timestamp(\"1970-01-01T00:01:00Z\")");
  EXPECT_EQ(Eval("google.protobuf.Field{name: 'x'} == google.protobuf.Field{name: 'x'}"), "true");
}

TEST(CelTest, IdentifiersResolveAtRunTimeWhenUndeclared) {
  Activation activation;
  activation.Bind("a.b", Value::Int(4));
  EXPECT_EQ(Eval("a.b + 1", activation), "5");
  EXPECT_THAT(Eval("nothing"), HasSubstr("undeclared reference to 'nothing'"));
  EXPECT_THAT(Eval("nothing(1)"), HasSubstr("unbound function 'nothing'"));
  activation.Bind("x", Value::Int(1));
  EXPECT_EQ(Eval("[2].map(x, x * 10)[0] + x", activation), "21");
}

TEST(CelTest, CompileIssuesCarryLineColumnAndMessage) {
  EnvOptions options;
  options.variables = {{"n", Type::Int()}};
  std::unique_ptr<Env> env = *Env::Create(std::move(options));
  std::vector<CompileIssue> issues;
  // Type errors, all of them.
  EXPECT_FALSE(env->Compile("n + 'a' == 1 &&\n  m > 0", "f", &issues).ok());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].line, 1);
  EXPECT_EQ(issues[0].column, 3);
  EXPECT_THAT(issues[0].message, HasSubstr("found no matching overload for '_+_' applied to '(int, string)'"));
  EXPECT_EQ(issues[1].line, 2);
  EXPECT_EQ(issues[1].column, 3);
  EXPECT_THAT(issues[1].message, HasSubstr("undeclared reference to 'm'"));
  // A syntax error.
  issues.clear();
  EXPECT_FALSE(env->Compile("n +", "f", &issues).ok());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 1);
  EXPECT_EQ(issues[0].column, 4);
  EXPECT_THAT(issues[0].message, HasSubstr("Syntax error"));
  EXPECT_EQ(issues[0].message.find("f:"), std::string::npos);
}

TEST(CelTest, InvalidUtf8IsACompileError) {
  std::unique_ptr<Env> env = *Env::Create(EnvOptions());
  std::vector<CompileIssue> issues;
  // The fuzzer's reproducer: a literal of stray continuation bytes, trimmed.
  const std::string text = "'a" + std::string(40, '\x8A') + "'.trim() == ''";
  EXPECT_FALSE(env->Compile(text, "f", &issues).ok());
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line, 1);
  EXPECT_EQ(issues[0].column, 3);
  EXPECT_THAT(issues[0].message, HasSubstr("invalid UTF-8: byte 0x8a"));
  issues.clear();
  EXPECT_FALSE(env->Compile("'\xC0\xAF' == ''", "f", &issues).ok());  // an overlong '/'
  EXPECT_FALSE(env->Compile("'\xED\xA0\x80' == ''", "f", &issues).ok());  // a surrogate
  EXPECT_TRUE(env->Compile("'é \u00e9'.trim() == 'é é'", "f", &issues).ok());
}

TEST(CelTest, ValuesAnExpressionBuildsAreBounded) {
  // 10^9 characters if nothing stopped it: an error value instead, long before.
  std::string bomb = "'aaaaaaaaaa'";
  for (int i = 0; i < 9; ++i) bomb = "(" + bomb + ").replace('a', 'aaaaaaaaaa')";
  EXPECT_THAT(Eval(bomb), HasSubstr("would exceed the limit"));
  EXPECT_THAT(Eval("[1, 2, 3].map(x, 'abcdefghij').join('') + 'x'"), Not(HasSubstr("limit")));
  // Doubling a string 25 times (32 MiB).
  std::string doubling = "cel.bind(s, 'x', ";
  for (int i = 0; i < 25; ++i) doubling += "cel.bind(s, s + s, ";
  doubling += "size(s)" + std::string(26, ')');
  EXPECT_THAT(Eval(doubling), HasSubstr("would exceed the limit"));
}

TEST(CelTest, OptionalValues) {
  EXPECT_EQ(Eval("optional.of(1)"), "optional.of(1)");
  EXPECT_EQ(Eval("optional.none().orValue(42)"), "42");
  EXPECT_EQ(Eval("optional.ofNonZeroValue('').hasValue()"), "false");
  EXPECT_THAT(Eval("optional.none().value()"), HasSubstr("optional.none() dereference"));
  EXPECT_EQ(Eval("{'a': {'b': 1}}.?a.b.value()"), "1");
  EXPECT_EQ(Eval("{'a': {}}.?a.b.hasValue()"), "false");
  EXPECT_EQ(Eval("{'a': 1}[?'z'].or(optional.of(2)).value()"), "2");
  EXPECT_EQ(Eval("[1, 2][?5].hasValue()"), "false");
  EXPECT_EQ(Eval("[?optional.none(), ?optional.of(3), 4]"), "[3, 4]");
  EXPECT_EQ(Eval("{?'a': optional.none(), 'b': 2}"), "{\"b\": 2}");
  EXPECT_THAT(Eval("[?1]"), HasSubstr("expected an optional value"));
  EXPECT_EQ(Eval("google.protobuf.Field{?name: optional.of('n'), ?number: optional.none()}"),
            "google.protobuf.Field{name: \"n\"}");
  EXPECT_EQ(Eval("type(optional.none()) == optional_type"), "true");
  EXPECT_EQ(Eval("optional.of(1) == optional.of(1.0) && optional.none() != optional.of(1)"),
            "true");
}

TEST(CelTest, LiteralsEvaluateBack) {
  const char* expressions[] = {
      "1",
      "-1",
      "1u",
      "1.5",
      "-0.25",
      "1e100",
      "'a\\\"b\\\\c\\n'",
      "b'\\x00\\xffz'",
      "null",
      "true",
      "[1, 'a', [2.0]]",
      "{'a': {1: 2u}}",
      "timestamp('2024-01-01T00:00:00.5Z')",
      "duration('-1.25s')",
      "google.protobuf.Field{name: 'x', options: [google.protobuf.Option{name: 'o'}]}",
      "int",
      "google.protobuf.Timestamp",
      "1.0/0.0",
      "-1.0/0.0",
      "optional.of([1])",
      "optional.none()"};
  EnvOptions options;
  options.check = false;
  auto env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok());
  for (const char* expression : expressions) {
    SCOPED_TRACE(expression);
    auto program = (*env)->Compile(expression);
    ASSERT_TRUE(program.ok()) << program.status();
    absl::StatusOr<Value> value = (*program)->Evaluate(Activation());
    ASSERT_TRUE(value.ok() && !value->IsError());
    const std::string literal = FormatAsCelLiteral(*value);
    auto again = (*env)->Compile(literal);
    ASSERT_TRUE(again.ok()) << literal << ": " << again.status();
    absl::StatusOr<Value> round_trip = (*again)->Evaluate(Activation());
    ASSERT_TRUE(round_trip.ok() && !round_trip->IsError()) << literal;
    EXPECT_TRUE(Equal(*value, *round_trip)) << literal;
  }
}

TEST(CelTest, EnvRejectsBadOptions) {
  EnvOptions twice;
  twice.variables = {{"a", Type::Int()}, {"a", Type::Int()}};
  EXPECT_FALSE(Env::Create(std::move(twice)).ok());
  EnvOptions negative;
  negative.max_iterations = -1;
  EXPECT_FALSE(Env::Create(std::move(negative)).ok());
}

TEST(CelTest, ParseErrorsCarryTheLocation) {
  auto env = Env::Create(EnvOptions{});
  ASSERT_TRUE(env.ok());
  auto program = (*env)->Compile("1 +", "rules.textproto:12");
  ASSERT_FALSE(program.ok());
  EXPECT_THAT(std::string(program.status().message()), HasSubstr("rules.textproto:12:1:"));
}

TEST(CelTest, ProgramIsSharedAcrossThreads) {
  EnvOptions options;
  options.check = false;
  options.variables = {{"field", Type::Dyn()}, {"n", Type::Int()}};
  auto env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok());
  auto program = (*env)->Compile(
      "field.name.startsWith('f') && [1, 2, 3].map(v, v * n).filter(v, v > n).size() == 2 && "
      "field.name.matches('^f[0-9]+$')");
  ASSERT_TRUE(program.ok()) << program.status();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      google::protobuf::Field field;
      field.set_name(absl::StrCat("f", t));
      Activation activation;
      activation.BindMessage("field", field);
      activation.Bind("n", Value::Int(t + 1));
      for (int i = 0; i < 500; ++i) {
        absl::StatusOr<Value> result = (*program)->Evaluate(activation);
        if (!result.ok() || result->kind() != ValueKind::kBool || !result->bool_value()) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

// An environment is immutable to its users, but its checker remembers names and calls as it
// compiles: threads compiling on one environment at once fill those caches together.
TEST(CelTest, EnvCompilesOnSeveralThreadsAtOnce) {
  EnvOptions options;
  options.container = "google.protobuf";
  options.variables = {{"field", Type::Message(google::protobuf::Field::descriptor())}, {"n", Type::Int()}};
  auto env = Env::Create(std::move(options));
  ASSERT_TRUE(env.ok()) << env.status();
  const std::vector<std::string> expressions = {
      "field.name.startsWith('f') && size(field.options) == 0 && n + 1 > 1",
      "field.number * 2 == n * 2 && field.kind == Field.Kind.TYPE_STRING",
      "[1, 2].map(v, v * n).filter(v, v > n).size() == 1 && field.json_name + 'x' == 'x'",
      "has(field.default_value) || field.cardinality != Field.Cardinality.CARDINALITY_REPEATED",
  };
  google::protobuf::Field field;
  field.set_name("f1");
  field.set_number(2);
  field.set_kind(google::protobuf::Field::TYPE_STRING);
  Activation activation;
  activation.BindMessage("field", field);
  activation.Bind("n", Value::Int(2));
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        for (const std::string& expression : expressions) {
          absl::StatusOr<std::unique_ptr<Program>> program = (*env)->Compile(expression);
          if (!program.ok() || (*program)->result_type() != Type::Bool()) {
            ++wrong;
            continue;
          }
          absl::StatusOr<Value> result = (*program)->Evaluate(activation);
          if (!result.ok() || result->kind() != ValueKind::kBool || !result->bool_value()) ++wrong;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace hdsc::expr
