#include "lib/expr/parser.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hdsc::expr {
namespace {

using ::testing::HasSubstr;

struct ParseCase {
  const char* text;
  const char* debug_string;
};

// Expressions and the trees cel-go builds for them (cel-spec's parsing tests), printed by
// `DebugString` without adornments.
const ParseCase kCelSpecCases[] = {
    {R"cel("A")cel",
     R"cel("A")cel"},
    {R"cel(true)cel",
     R"cel(true)cel"},
    {R"cel(false)cel",
     R"cel(false)cel"},
    {R"cel(0)cel",
     R"cel(0)cel"},
    {R"cel(42)cel",
     R"cel(42)cel"},
    {R"cel(0xF)cel",
     R"cel(15)cel"},
    {R"cel(0u)cel",
     R"cel(0u)cel"},
    {R"cel(23u)cel",
     R"cel(23u)cel"},
    {R"cel(24u)cel",
     R"cel(24u)cel"},
    {R"cel(0xFu)cel",
     R"cel(15u)cel"},
    {R"cel(-1)cel",
     R"cel(-1)cel"},
    {R"cel(4--4)cel",
     R"cel(_-_(
  4,
  -4
))cel"},
    {R"cel(4--4.1)cel",
     R"cel(_-_(
  4,
  -4.1
))cel"},
    {R"cel(b"abc")cel",
     R"cel(b"abc")cel"},
    {R"cel(23.39)cel",
     R"cel(23.39)cel"},
    {R"cel(!a)cel",
     R"cel(!_(
  a
))cel"},
    {R"cel(null)cel",
     R"cel(null)cel"},
    {R"cel(a)cel",
     R"cel(a)cel"},
    {R"cel(a?b:c)cel",
     R"cel(_?_:_(
  a,
  b,
  c
))cel"},
    {R"cel(a || b)cel",
     R"cel(_||_(
  a,
  b
))cel"},
    {R"cel(a || b || c || d || e || f )cel",
     R"cel(_||_(
  _||_(
    _||_(
      a,
      b
    ),
    c
  ),
  _||_(
    _||_(
      d,
      e
    ),
    f
  )
))cel"},
    {R"cel(a && b)cel",
     R"cel(_&&_(
  a,
  b
))cel"},
    {R"cel(a && b && c && d && e && f && g)cel",
     R"cel(_&&_(
  _&&_(
    _&&_(
      a,
      b
    ),
    _&&_(
      c,
      d
    )
  ),
  _&&_(
    _&&_(
      e,
      f
    ),
    g
  )
))cel"},
    {R"cel(a && b && c && d || e && f && g && h)cel",
     R"cel(_||_(
  _&&_(
    _&&_(
      a,
      b
    ),
    _&&_(
      c,
      d
    )
  ),
  _&&_(
    _&&_(
      e,
      f
    ),
    _&&_(
      g,
      h
    )
  )
))cel"},
    {R"cel(a + b)cel",
     R"cel(_+_(
  a,
  b
))cel"},
    {R"cel(a - b)cel",
     R"cel(_-_(
  a,
  b
))cel"},
    {R"cel(a * b)cel",
     R"cel(_*_(
  a,
  b
))cel"},
    {R"cel(a / b)cel",
     R"cel(_/_(
  a,
  b
))cel"},
    {R"cel(a % b)cel",
     R"cel(_%_(
  a,
  b
))cel"},
    {R"cel(a in b)cel",
     R"cel(@in(
  a,
  b
))cel"},
    {R"cel(a == b)cel",
     R"cel(_==_(
  a,
  b
))cel"},
    {R"cel(a != b)cel",
     R"cel(_!=_(
  a,
  b
))cel"},
    {R"cel(a > b)cel",
     R"cel(_>_(
  a,
  b
))cel"},
    {R"cel(a >= b)cel",
     R"cel(_>=_(
  a,
  b
))cel"},
    {R"cel(a < b)cel",
     R"cel(_<_(
  a,
  b
))cel"},
    {R"cel(a <= b)cel",
     R"cel(_<=_(
  a,
  b
))cel"},
    {R"cel(a.b)cel",
     R"cel(a.b)cel"},
    {R"cel(a.b.c)cel",
     R"cel(a.b.c)cel"},
    {R"cel(a[b])cel",
     R"cel(_[_](
  a,
  b
))cel"},
    {R"cel(foo{ })cel",
     R"cel(foo{})cel"},
    {R"cel(foo{ a:b })cel",
     R"cel(foo{
  a:b
})cel"},
    {R"cel(foo{ a:b, c:d })cel",
     R"cel(foo{
  a:b,
  c:d
})cel"},
    {R"cel({})cel",
     R"cel({})cel"},
    {R"cel({a:b, c:d})cel",
     R"cel({
  a:b,
  c:d
})cel"},
    {R"cel([])cel",
     R"cel([])cel"},
    {R"cel([a])cel",
     R"cel([
  a
])cel"},
    {R"cel([a, b, c])cel",
     R"cel([
  a,
  b,
  c
])cel"},
    {R"cel((a))cel",
     R"cel(a)cel"},
    {R"cel(((a)))cel",
     R"cel(a)cel"},
    {R"cel(a())cel",
     R"cel(a())cel"},
    {R"cel(a(b))cel",
     R"cel(a(
  b
))cel"},
    {R"cel(a(b, c))cel",
     R"cel(a(
  b,
  c
))cel"},
    {R"cel(a.b())cel",
     R"cel(a.b())cel"},
    {R"cel(a.b(c))cel",
     R"cel(a.b(
  c
))cel"},
    {R"cel(has(m.f))cel",
     R"cel(m.f~test-only~)cel"},
    {R"cel(m.exists(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  false,
  // LoopCondition
  @not_strictly_false(
    !_(
      @result
    )
  ),
  // LoopStep
  _||_(
    @result,
    f
  ),
  // Result
  @result))cel"},
    {R"cel(m.all(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  true,
  // LoopCondition
  @not_strictly_false(
    @result
  ),
  // LoopStep
  _&&_(
    @result,
    f
  ),
  // Result
  @result))cel"},
    {R"cel(m.existsOne(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  0,
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    f,
    _+_(
      @result,
      1
    ),
    @result
  ),
  // Result
  _==_(
    @result,
    1
  )))cel"},
    {R"cel(m.map(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _+_(
    @result,
    [
      f
    ]
  ),
  // Result
  @result))cel"},
    {R"cel(m.map(v, p, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    p,
    _+_(
      @result,
      [
        f
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel(m.filter(v, p))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    p,
    _+_(
      @result,
      [
        v
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel(x * 2)cel",
     R"cel(_*_(
  x,
  2
))cel"},
    {R"cel(x * 2u)cel",
     R"cel(_*_(
  x,
  2u
))cel"},
    {R"cel(x * 2.0)cel",
     R"cel(_*_(
  x,
  2
))cel"},
    {R"cel("\u2764")cel",
     R"cel("❤")cel"},
    {R"cel("❤")cel",
     R"cel("❤")cel"},
    {R"cel(! false)cel",
     R"cel(!_(
  false
))cel"},
    {R"cel(-a)cel",
     R"cel(-_(
  a
))cel"},
    {R"cel(a.b(5))cel",
     R"cel(a.b(
  5
))cel"},
    {R"cel(a[3])cel",
     R"cel(_[_](
  a,
  3
))cel"},
    {R"cel(SomeMessage{foo: 5, bar: "xyz"})cel",
     R"cel(SomeMessage{
  foo:5,
  bar:"xyz"
})cel"},
    {R"cel([3, 4, 5])cel",
     R"cel([
  3,
  4,
  5
])cel"},
    {R"cel([3, 4, 5,])cel",
     R"cel([
  3,
  4,
  5
])cel"},
    {R"cel({foo: 5, bar: "xyz"})cel",
     R"cel({
  foo:5,
  bar:"xyz"
})cel"},
    {R"cel({foo: 5, bar: "xyz", })cel",
     R"cel({
  foo:5,
  bar:"xyz"
})cel"},
    {R"cel(a > 5 && a < 10)cel",
     R"cel(_&&_(
  _>_(
    a,
    5
  ),
  _<_(
    a,
    10
  )
))cel"},
    {R"cel(a < 5 || a > 10)cel",
     R"cel(_||_(
  _<_(
    a,
    5
  ),
  _>_(
    a,
    10
  )
))cel"},
    {R"cel([] + [1,2,3,] + [4])cel",
     R"cel(_+_(
  _+_(
    [],
    [
      1,
      2,
      3
    ]
  ),
  [
    4
  ]
))cel"},
    {R"cel({1:2u, 2:3u})cel",
     R"cel({
  1:2u,
  2:3u
})cel"},
    {R"cel(TestAllTypes{single_int32: 1, single_int64: 2})cel",
     R"cel(TestAllTypes{
  single_int32:1,
  single_int64:2
})cel"},
    {R"cel(size(x) == x.size())cel",
     R"cel(_==_(
  size(
    x
  ),
  x.size()
))cel"},
    {R"cel("\"")cel",
     R"cel("\"")cel"},
    {R"cel([1,3,4][0])cel",
     R"cel(_[_](
  [
    1,
    3,
    4
  ],
  0
))cel"},
    {R"cel(x["a"].single_int32 == 23)cel",
     R"cel(_==_(
  _[_](
    x,
    "a"
  ).single_int32,
  23
))cel"},
    {R"cel(x.single_nested_message != null)cel",
     R"cel(_!=_(
  x.single_nested_message,
  null
))cel"},
    {R"cel(false && !true || false ? 2 : 3)cel",
     R"cel(_?_:_(
  _||_(
    _&&_(
      false,
      !_(
        true
      )
    ),
    false
  ),
  2,
  3
))cel"},
    {R"cel(b"abc" + B"def")cel",
     R"cel(_+_(
  b"abc",
  b"def"
))cel"},
    {R"cel(1 + 2 * 3 - 1 / 2 == 6 % 1)cel",
     R"cel(_==_(
  _-_(
    _+_(
      1,
      _*_(
        2,
        3
      )
    ),
    _/_(
      1,
      2
    )
  ),
  _%_(
    6,
    1
  )
))cel"},
    {R"cel("abc" + "def")cel",
     R"cel(_+_(
  "abc",
  "def"
))cel"},
    {R"cel("\xC3\XBF")cel",
     R"cel("Ã¿")cel"},
    {R"cel("\303\277")cel",
     R"cel("Ã¿")cel"},
    {R"cel("hi\u263A \u263Athere")cel",
     R"cel("hi☺ ☺there")cel"},
    {R"cel("\U000003A8\?")cel",
     R"cel("Ψ?")cel"},
    {R"cel("\a\b\f\n\r\t\v'\"\\\? Legal escapes")cel",
     R"cel("\a\b\f\n\r\t\v'\"\\? Legal escapes")cel"},
    {R"cel("😁" in ["😁", "😑", "😦"])cel",
     R"cel(@in(
  "😁",
  [
    "😁",
    "😑",
    "😦"
  ]
))cel"},
    {R"cel(has(a.b).filter(c, c))cel",
     R"cel(__comprehension__(
  // Variable
  c,
  // Target
  a.b~test-only~,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    c,
    _+_(
      @result,
      [
        c
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel((has(a.b) || has(c.d)).string())cel",
     R"cel(_||_(
  a.b~test-only~,
  c.d~test-only~
).string())cel"},
    {R"cel(has(a.b).asList().exists(c, c))cel",
     R"cel(__comprehension__(
  // Variable
  c,
  // Target
  a.b~test-only~.asList(),
  // Accumulator
  @result,
  // Init
  false,
  // LoopCondition
  @not_strictly_false(
    !_(
      @result
    )
  ),
  // LoopStep
  _||_(
    @result,
    c
  ),
  // Result
  @result))cel"},
    {R"cel([has(a.b), has(c.d)].exists(e, e))cel",
     R"cel(__comprehension__(
  // Variable
  e,
  // Target
  [
    a.b~test-only~,
    c.d~test-only~
  ],
  // Accumulator
  @result,
  // Init
  false,
  // LoopCondition
  @not_strictly_false(
    !_(
      @result
    )
  ),
  // LoopStep
  _||_(
    @result,
    e
  ),
  // Result
  @result))cel"},
    {R"cel(noop_macro(123))cel",
     R"cel(noop_macro(
  123
))cel"},
    {R"cel(m.exists(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  false,
  // LoopCondition
  @not_strictly_false(
    !_(
      @result
    )
  ),
  // LoopStep
  _||_(
    @result,
    f
  ),
  // Result
  @result))cel"},
    {R"cel(m.all(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  true,
  // LoopCondition
  @not_strictly_false(
    @result
  ),
  // LoopStep
  _&&_(
    @result,
    f
  ),
  // Result
  @result))cel"},
    {R"cel(m.existsOne(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  0,
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    f,
    _+_(
      @result,
      1
    ),
    @result
  ),
  // Result
  _==_(
    @result,
    1
  )))cel"},
    {R"cel(m.map(v, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _+_(
    @result,
    [
      f
    ]
  ),
  // Result
  @result))cel"},
    {R"cel(m.map(v, p, f))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    p,
    _+_(
      @result,
      [
        f
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel(m.filter(v, p))cel",
     R"cel(__comprehension__(
  // Variable
  v,
  // Target
  m,
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    p,
    _+_(
      @result,
      [
        v
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
};

// Expressions of cel-spec's conformance suite and the trees cel-go builds for them.
const ParseCase kConformanceCases[] = {
    {R"cel(0u)cel",
     R"cel(0u)cel"},
    {R"cel(0e+0)cel",
     R"cel(0)cel"},
    {R"cel(r"")cel",
     R"cel("")cel"},
    {R"cel(b"")cel",
     R"cel(b"")cel"},
    {R"cel([])cel",
     R"cel([])cel"},
    {R"cel({})cel",
     R"cel({})cel"},
    {R"cel(r"""""")cel",
     R"cel("")cel"},
    {R"cel(r'''''')cel",
     R"cel("")cel"},
    {R"cel(123456789u)cel",
     R"cel(123456789u)cel"},
    {R"cel(-9223372036854775808)cel",
     R"cel(-9223372036854775808)cel"},
    {R"cel(-2.3e+1)cel",
     R"cel(-23)cel"},
    {R"cel(b'ÿ')cel",
     R"cel(b"ÿ")cel"},
    {R"cel(b'\000\xff')cel",
     R"cel(b"\x00\xff")cel"},
    {R"cel(0x55555555)cel",
     R"cel(1431655765)cel"},
    {R"cel(-0x55555555)cel",
     R"cel(-1431655765)cel"},
    {R"cel("\u270c")cel",
     R"cel("✌")cel"},
    {R"cel(cel.block([msg.single_int64, cel.index(0) > 0, cel.index(1) ? cel.index(0) : 0], cel.index(2)))cel",
     R"cel(cel.block(
  [
    msg.single_int64,
    _>_(
      cel.index(
        0
      ),
      0
    ),
    _?_:_(
      cel.index(
        1
      ),
      cel.index(
        0
      ),
      0
    )
  ],
  cel.index(
    2
  )
))cel"},
    {R"cel(cel.block([{true: false}, {"a": 1, 2: cel.index(0), 3: cel.index(0)}], 2 in cel.index(1)))cel",
     R"cel(cel.block(
  [
    {
      true:false
    },
    {
      "a":1,
      2:cel.index(
        0
      ),
      3:cel.index(
        0
      )
    }
  ],
  @in(
    2,
    cel.index(
      1
    )
  )
))cel"},
    {R"cel(cel.block([{"a": true}, has(cel.index(0).a), cel.index(0)["a"]], cel.index(1) && cel.index(2)))cel",
     R"cel(cel.block(
  [
    {
      "a":true
    },
    cel.index(
      0
    ).a~test-only~,
    _[_](
      cel.index(
        0
      ),
      "a"
    )
  ],
  _&&_(
    cel.index(
      1
    ),
    cel.index(
      2
    )
  )
))cel"},
    {R"cel(cel.block([{"a": true}, has(cel.index(0).a)], cel.index(1) && cel.index(1)))cel",
     R"cel(cel.block(
  [
    {
      "a":true
    },
    cel.index(
      0
    ).a~test-only~
  ],
  _&&_(
    cel.index(
      1
    ),
    cel.index(
      1
    )
  )
))cel"},
    {R"cel('abc' == r'abc')cel",
     R"cel(_==_(
  "abc",
  "abc"
))cel"},
    {R"cel('Am\u00E9lie' == 'Ame\u0301lie')cel",
     R"cel(_==_(
  "Amélie",
  "Amélie"
))cel"},
    {R"cel(b'ÿ' == b'\303\277')cel",
     R"cel(_==_(
  b"ÿ",
  b"ÿ"
))cel"},
    {R"cel([] == [])cel",
     R"cel(_==_(
  [],
  []
))cel"},
    {R"cel({} == {})cel",
     R"cel(_==_(
  {},
  {}
))cel"},
    {R"cel(google.protobuf.BoolValue{value: true} == true)cel",
     R"cel(_==_(
  google.protobuf.BoolValue{
    value:true
  },
  true
))cel"},
    {R"cel(b'\x00\xFF' != b'ÿ')cel",
     R"cel(_!=_(
  b"\x00\xff",
  b"ÿ"
))cel"},
    {R"cel(dyn(-9223372036854775808) < -9223372036854775809.0)cel",
     R"cel(_<_(
  dyn(
    -9223372036854775808
  ),
  -9.223372036854776e+18
))cel"},
    {R"cel(.99 > 9.9e-1)cel",
     R"cel(_>_(
  0.99,
  0.99
))cel"},
    {R"cel('empty' in [])cel",
     R"cel(@in(
  "empty",
  []
))cel"},
    {R"cel('elem' in ['elem', 'elemA', 'elemB'])cel",
     R"cel(@in(
  "elem",
  [
    "elem",
    "elemA",
    "elemB"
  ]
))cel"},
    {R"cel(string(b'\000\xff'))cel",
     R"cel(string(
  b"\x00\xff"
))cel"},
    {R"cel(true ? 1 : 2)cel",
     R"cel(_?_:_(
  true,
  1,
  2
))cel"},
    {R"cel([1, 2, 3].all(e, e > 0))cel",
     R"cel(__comprehension__(
  // Variable
  e,
  // Target
  [
    1,
    2,
    3
  ],
  // Accumulator
  @result,
  // Init
  true,
  // LoopCondition
  @not_strictly_false(
    @result
  ),
  // LoopStep
  _&&_(
    @result,
    _>_(
      e,
      0
    )
  ),
  // Result
  @result))cel"},
    {R"cel([1, 2, 3].all(e, e == 2))cel",
     R"cel(__comprehension__(
  // Variable
  e,
  // Target
  [
    1,
    2,
    3
  ],
  // Accumulator
  @result,
  // Init
  true,
  // LoopCondition
  @not_strictly_false(
    @result
  ),
  // LoopStep
  _&&_(
    @result,
    _==_(
      e,
      2
    )
  ),
  // Result
  @result))cel"},
    {R"cel([].exists_one(a, a == 7))cel",
     R"cel(__comprehension__(
  // Variable
  a,
  // Target
  [],
  // Accumulator
  @result,
  // Init
  0,
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    _==_(
      a,
      7
    ),
    _+_(
      @result,
      1
    ),
    @result
  ),
  // Result
  _==_(
    @result,
    1
  )))cel"},
    {R"cel([7].exists_one(a, a == 7))cel",
     R"cel(__comprehension__(
  // Variable
  a,
  // Target
  [
    7
  ],
  // Accumulator
  @result,
  // Init
  0,
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    _==_(
      a,
      7
    ),
    _+_(
      @result,
      1
    ),
    @result
  ),
  // Result
  _==_(
    @result,
    1
  )))cel"},
    {R"cel([].filter(n, n % 2 == 0))cel",
     R"cel(__comprehension__(
  // Variable
  n,
  // Target
  [],
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    _==_(
      _%_(
        n,
        2
      ),
      0
    ),
    _+_(
      @result,
      [
        n
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel([2].filter(n, n == 2))cel",
     R"cel(__comprehension__(
  // Variable
  n,
  // Target
  [
    2
  ],
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _?_:_(
    _==_(
      n,
      2
    ),
    _+_(
      @result,
      [
        n
      ]
    ),
    @result
  ),
  // Result
  @result))cel"},
    {R"cel(!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!true)cel",
     R"cel(true)cel"},
    {R"cel('''hello''')cel",
     R"cel("hello")cel"},
    {R"cel("""hello""")cel",
     R"cel("hello")cel"},
    {R"cel('hello wello'.indexOf('elbo room!!') == -1)cel",
     R"cel(_==_(
  "hello wello".indexOf(
    "elbo room!!"
  ),
  -1
))cel"},
    {R"cel(msg.repeated_nested_message.map(x, x).map(y, y.bb))cel",
     R"cel(__comprehension__(
  // Variable
  y,
  // Target
  __comprehension__(
    // Variable
    x,
    // Target
    msg.repeated_nested_message,
    // Accumulator
    @result,
    // Init
    [],
    // LoopCondition
    true,
    // LoopStep
    _+_(
      @result,
      [
        x
      ]
    ),
    // Result
    @result),
  // Accumulator
  @result,
  // Init
  [],
  // LoopCondition
  true,
  // LoopStep
  _+_(
    @result,
    [
      y.bb
    ]
  ),
  // Result
  @result))cel"},
};

TEST(ParserTest, MatchesCelSpecParsingCases) {
  for (const ParseCase& test : kCelSpecCases) {
    absl::StatusOr<ParsedExpr> parsed = Parse(test.text);
    ASSERT_TRUE(parsed.ok()) << test.text << ": " << parsed.status();
    EXPECT_EQ(DebugString(*parsed->expr), test.debug_string) << test.text;
  }
}

TEST(ParserTest, MatchesCelSpecConformanceCases) {
  for (const ParseCase& test : kConformanceCases) {
    absl::StatusOr<ParsedExpr> parsed = Parse(test.text);
    ASSERT_TRUE(parsed.ok()) << test.text << ": " << parsed.status();
    EXPECT_EQ(DebugString(*parsed->expr), test.debug_string) << test.text;
  }
}

// Literals and their exact values.
const ParseCase kLiteralCases[] = {
    {"9223372036854775807", "9223372036854775807"},
    {"-9223372036854775808", "-9223372036854775808"},
    {"18446744073709551615u", "18446744073709551615u"},
    {"0xFFFFFFFFFFFFFFFFu", "18446744073709551615u"},
    {"0x7fffffffffffffff", "9223372036854775807"},
    {"-0x8000000000000000", "-9223372036854775808"},
    {"1e3", "1000"},
    {"1.5e-3", "0.0015"},
    {".5", "0.5"},
    {"-.5", "-0.5"},
    {"2.0", "2"},
    {"1e10", "1e+10"},
    {"1u", "1u"},
    {"0U", "0u"},
    {R"('a\tb')", R"("a\tb")"},
    {R"("\a\b\f\n\r\t\v\\\'\"\`\?")", R"("\a\b\f\n\r\t\v\\'\"`?")"},
    {R"("\x41\101\u0041\U00000041")", R"("AAAA")"},
    {R"("\xe9")", "\"\xC3\xA9\""},              // a code point in strings
    {R"(b"\xe9")", R"(b"\xe9")"},               // a byte in bytes
    {R"(b"\351")", R"(b"\xe9")"},
    {R"(b"\u00e9")", "b\"\xC3\xA9\""},          // UTF-8 of the code point
    {R"(r"\n")", R"("\\n")"},
    {R"(R'\x41')", R"("\\x41")"},
    {R"(br"\x00")", R"(b"\\x00")"},
    {"'''a\nb'''", R"("a\nb")"},
    {R"("""x"y""")", R"("x\"y")"},
    {R"(b'')", R"(b"")"},
    {"null", "null"},
    {"\"\xF0\x9F\x98\x81\"", "\"\xF0\x9F\x98\x81\""},
};

TEST(ParserTest, Literals) {
  for (const ParseCase& test : kLiteralCases) {
    absl::StatusOr<ParsedExpr> parsed = Parse(test.text);
    ASSERT_TRUE(parsed.ok()) << test.text << ": " << parsed.status();
    EXPECT_EQ(DebugString(*parsed->expr), test.debug_string) << test.text;
  }
}

// Operators, precedence, macros and syntax not covered above.
const ParseCase kSyntaxCases[] = {
    {"a ? b : c ? d : e", "_?_:_(\n  a,\n  b,\n  _?_:_(\n    c,\n    d,\n    e\n  )\n)"},
    {"a || b && c", "_||_(\n  a,\n  _&&_(\n    b,\n    c\n  )\n)"},
    {"a == b in c", "@in(\n  _==_(\n    a,\n    b\n  ),\n  c\n)"},
    {"1 + 2 * 3 - 4 % 5", "_-_(\n  _+_(\n    1,\n    _*_(\n      2,\n      3\n    )\n  ),\n"
                          "  _%_(\n    4,\n    5\n  )\n)"},
    {"!!a", "a"},
    {"!!!a", "!_(\n  a\n)"},
    {"--a", "a"},
    {"-(1)", "-_(\n  1\n)"},
    {"-x.y", "-_(\n  x.y\n)"},
    {".a.b", ".a.b"},
    {".f(x)", ".f(\n  x\n)"},
    {"a.b.C{x: 1}", "a.b.C{\n  x:1\n}"},
    {".a.C{}", ".a.C{}"},
    {"[1, 2,]", "[\n  1,\n  2\n]"},
    {"{1: 2,}", "{\n  1:2\n}"},
    {"C{f: 1,}.f", "C{\n  f:1\n}.f"},
    {"a.?b", "_?._(\n  a,\n  \"b\"\n)"},
    {"a[?0]", "_[?_](\n  a,\n  0\n)"},
    {"[?a, b]", "[\n  a,\n  b\n]"},
    {"{?1: a}", "{\n  ?1:a\n}"},
    {"C{?f: a}", "C{\n  ?f:a\n}"},
    {"a.`b-c`", "a.b-c"},
    {"a // comment\n + b", "_+_(\n  a,\n  b\n)"},
    {"has(a.b.c)", "a.b.c~test-only~"},
    {"x.map(i, i > 0, i * 2)",
     "__comprehension__(\n  // Variable\n  i,\n  // Target\n  x,\n  // Accumulator\n  @result,\n"
     "  // Init\n  [],\n  // LoopCondition\n  true,\n  // LoopStep\n  _?_:_(\n    _>_(\n"
     "      i,\n      0\n    ),\n    _+_(\n      @result,\n      [\n        _*_(\n          i,\n"
     "          2\n        )\n      ]\n    ),\n    @result\n  ),\n  // Result\n  @result)"},
    {"x.exists_one(i, i)",
     "__comprehension__(\n  // Variable\n  i,\n  // Target\n  x,\n  // Accumulator\n  @result,\n"
     "  // Init\n  0,\n  // LoopCondition\n  true,\n  // LoopStep\n  _?_:_(\n    i,\n    _+_(\n"
     "      @result,\n      1\n    ),\n    @result\n  ),\n  // Result\n  _==_(\n    @result,\n"
     "    1\n  ))"},
    {"m.all(k, v, v > k)",
     "__comprehension__(\n  // Variable\n  k,\n  // Variable2\n  v,\n  // Target\n  m,\n"
     "  // Accumulator\n  @result,\n  // Init\n  true,\n  // LoopCondition\n"
     "  @not_strictly_false(\n    @result\n  ),\n  // LoopStep\n  _&&_(\n    @result,\n"
     "    _>_(\n      v,\n      k\n    )\n  ),\n  // Result\n  @result)"},
    {"x.all(a, b)", "__comprehension__(\n  // Variable\n  a,\n  // Target\n  x,\n"
                    "  // Accumulator\n  @result,\n  // Init\n  true,\n  // LoopCondition\n"
                    "  @not_strictly_false(\n    @result\n  ),\n  // LoopStep\n  _&&_(\n"
                    "    @result,\n    b\n  ),\n  // Result\n  @result)"},
    {"x.all(a)", "x.all(\n  a\n)"},  // not a macro: wrong number of arguments
    {"cel.bind(y, 1, y + y)",
     "__comprehension__(\n  // Variable\n  #unused,\n  // Target\n  [],\n  // Accumulator\n  y,\n"
     "  // Init\n  1,\n  // LoopCondition\n  false,\n  // LoopStep\n  y,\n  // Result\n"
     "  _+_(\n    y,\n    y\n  ))"},
    {"x.bind(y, 1, y)", "x.bind(\n  y,\n  1,\n  y\n)"},  // only `cel.bind` is the macro
    {"o.optMap(v, v + 1)",
     "_?_:_(\n  o.hasValue(),\n  optional.of(\n    __comprehension__(\n      // Variable\n"
     "      #unused,\n      // Target\n      [],\n      // Accumulator\n      v,\n"
     "      // Init\n      o.value(),\n      // LoopCondition\n      false,\n"
     "      // LoopStep\n      v,\n      // Result\n      _+_(\n        v,\n        1\n"
     "      ))\n  ),\n  optional.none()\n)"},
    {"o.optFlatMap(v, v)",
     "_?_:_(\n  o.hasValue(),\n  __comprehension__(\n    // Variable\n    #unused,\n"
     "    // Target\n    [],\n    // Accumulator\n    v,\n    // Init\n    o.value(),\n"
     "    // LoopCondition\n    false,\n    // LoopStep\n    v,\n    // Result\n    v),\n"
     "  optional.none()\n)"},
    {"m.transformMap(k, v, v > 0, v * 2)",
     "__comprehension__(\n  // Variable\n  k,\n  // Variable2\n  v,\n  // Target\n  m,\n"
     "  // Accumulator\n  @result,\n  // Init\n  {},\n  // LoopCondition\n  true,\n"
     "  // LoopStep\n  _?_:_(\n    _>_(\n      v,\n      0\n    ),\n"
     "    cel.@mapInsert(\n      @result,\n      k,\n      _*_(\n        v,\n        2\n"
     "      )\n    ),\n    @result\n  ),\n  // Result\n  @result)"},
    {"m.transformMapEntry(k, v, {v: k})",
     "__comprehension__(\n  // Variable\n  k,\n  // Variable2\n  v,\n  // Target\n  m,\n"
     "  // Accumulator\n  @result,\n  // Init\n  {},\n  // LoopCondition\n  true,\n"
     "  // LoopStep\n  cel.@mapInsert(\n    @result,\n    {\n      v:k\n    }\n  ),\n"
     "  // Result\n  @result)"},
};

TEST(ParserTest, Syntax) {
  for (const ParseCase& test : kSyntaxCases) {
    absl::StatusOr<ParsedExpr> parsed = Parse(test.text);
    ASSERT_TRUE(parsed.ok()) << test.text << ": " << parsed.status();
    EXPECT_EQ(DebugString(*parsed->expr), test.debug_string) << test.text;
  }
}

TEST(ParserTest, MacrosCanBeDisabled) {
  ParseOptions options;
  options.enable_macros = false;
  absl::StatusOr<ParsedExpr> parsed = Parse("has(a.b) && x.all(y, y)", "<input>", options);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(DebugString(*parsed->expr),
            "_&&_(\n  has(\n    a.b\n  ),\n  x.all(\n    y,\n    y\n  )\n)");
}

struct ErrorCase {
  const char* text;
  const char* error;  // the full message, "LOCATION:LINE:COLUMN: ..."
};

const ErrorCase kErrorCases[] = {
    {"0xFFFFFFFFFFFFFFFFF", "<input>:1:1: invalid int literal"},
    {"9223372036854775808", "<input>:1:1: invalid int literal"},
    {"0xFFFFFFFFFFFFFFFFFu", "<input>:1:1: invalid uint literal"},
    {"18446744073709551616u", "<input>:1:1: invalid uint literal"},
    {"1.99e90000009", "<input>:1:1: invalid double literal"},
    {"1 + $", "<input>:1:5: Syntax error: token recognition error at: '$'"},
    {"a | b", "<input>:1:3: Syntax error: token recognition error at: '|'"},
    {"has(m)", "<input>:1:5: invalid argument to has() macro"},
    {"m.filter(a.b, false)", "<input>:1:11: argument must be a simple name"},
    {"1.all(2, 3)", "<input>:1:7: argument must be a simple name"},
    {"m.all(x, x, x > 0)", "<input>:1:10: duplicate variable name: x"},
    {"{", "<input>:1:2: Syntax error: mismatched input <EOF> expecting an expression"},
    {"TestAllTypes(){}", "<input>:1:15: Syntax error: mismatched input '{' expecting <EOF>"},
    {"TestAllTypes{}()", "<input>:1:15: Syntax error: mismatched input '(' expecting <EOF>"},
    {"1 + 2\n3 +", "<input>:2:1: Syntax error: mismatched input '3' expecting <EOF>"},
    {"1 + +", "<input>:1:5: Syntax error: mismatched input '+' expecting an expression"},
    {"{\"a\": 1}.\"a\"",
     "<input>:1:10: Syntax error: mismatched input '\"a\"' expecting IDENTIFIER"},
    {"\"\\xFh\"", "<input>:1:1: Syntax error: token recognition error at: '\"\\xFh'"},
    {"\"\\>\"", "<input>:1:1: Syntax error: token recognition error at: '\"\\>'"},
    {"'\\udead'", "<input>:1:1: invalid unicode code point"},
    {"'\\U00110000'", "<input>:1:1: invalid unicode code point"},
    {"'abc", "<input>:1:1: Syntax error: token recognition error at: ''abc'"},
    {"'a\nb'", "<input>:1:1: Syntax error: token recognition error at: ''a'"},
    {"as", "<input>:1:1: reserved identifier: as"},
    {"while(x)", "<input>:1:1: reserved identifier: while"},
    {"in", "<input>:1:1: Syntax error: mismatched input 'in' expecting an expression"},
    {"self.true == 1", "<input>:1:6: Syntax error: mismatched input 'true' expecting IDENTIFIER"},
    {"[1, 2", "<input>:1:6: Syntax error: mismatched input <EOF> expecting {']', ','}"},
    {"{a}", "<input>:1:3: Syntax error: mismatched input '}' expecting ':'"},
    {"msg{:a}",
     "<input>:1:5: Syntax error: mismatched input ':' expecting {'}', ',', '?', IDENTIFIER}"},
    {"--", "<input>:1:3: Syntax error: mismatched input <EOF> expecting an expression"},
    {"a ? b ((?))", "<input>:1:9: Syntax error: mismatched input '?' expecting an expression"},
    {"'\xC3\xA9' + $", "<input>:1:7: Syntax error: token recognition error at: '$'"},
    {"a.`$b`", "<input>:1:3: Syntax error: token recognition error at: '`$'"},
    {"`b`", "<input>:1:1: Syntax error: mismatched input '`b`' expecting an expression"},
    {"has(a)(b)", "<input>:1:5: invalid argument to has() macro"},
};

TEST(ParserTest, Errors) {
  for (const ErrorCase& test : kErrorCases) {
    absl::StatusOr<ParsedExpr> parsed = Parse(test.text);
    ASSERT_FALSE(parsed.ok()) << test.text << " parsed as " << DebugString(*parsed->expr);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(std::string(parsed.status().message()), test.error) << test.text;
  }
}

TEST(ParserTest, OptionalSyntaxCanBeDisabled) {
  ParseOptions options;
  options.enable_optional_syntax = false;
  EXPECT_THAT(Parse("a.?b", "<input>", options).status().message(),
              HasSubstr("1:2: unsupported syntax '.?'"));
  EXPECT_THAT(Parse("a[?b]", "<input>", options).status().message(),
              HasSubstr("1:2: unsupported syntax '[?'"));
  EXPECT_THAT(Parse("[?a]", "<input>", options).status().message(),
              HasSubstr("1:2: unsupported syntax '?'"));
}

TEST(ParserTest, ErrorNamesTheLocation) {
  absl::StatusOr<ParsedExpr> parsed = Parse("a +", "rules.textproto:12");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("rules.textproto:12:1:4: "));
}

// Every node has a unique id and a position.
void CollectIds(const Expr& expr, std::vector<int64_t>* ids);

void CollectChild(const ExprPtr& child, std::vector<int64_t>* ids) {
  if (child != nullptr) CollectIds(*child, ids);
}

void CollectIds(const Expr& expr, std::vector<int64_t>* ids) {
  ids->push_back(expr.id);
  if (const auto* select = std::get_if<Select>(&expr.kind)) CollectChild(select->operand, ids);
  if (const auto* call = std::get_if<Call>(&expr.kind)) {
    CollectChild(call->target, ids);
    for (const ExprPtr& arg : call->args) CollectChild(arg, ids);
  }
  if (const auto* list = std::get_if<CreateList>(&expr.kind)) {
    for (const ExprPtr& element : list->elements) CollectChild(element, ids);
  }
  if (const auto* create = std::get_if<CreateStruct>(&expr.kind)) {
    for (const auto& entry : create->entries) {
      ids->push_back(entry.id);
      CollectChild(entry.key, ids);
      CollectChild(entry.value, ids);
    }
  }
  if (const auto* loop = std::get_if<Comprehension>(&expr.kind)) {
    CollectChild(loop->iter_range, ids);
    CollectChild(loop->accu_init, ids);
    CollectChild(loop->loop_condition, ids);
    CollectChild(loop->loop_step, ids);
    CollectChild(loop->result, ids);
  }
}

TEST(ParserTest, EveryNodeHasAUniqueIdAndAPosition) {
  for (const char* text : {"x.map(i, {i: [i, a.b(c)[0]]}).all(j, has(j.k)) ? M{f: 1} : -y",
                           "a.b[?0].optMap(v, {v: M{f: [v]}}).optFlatMap(w, w)",
                           "m.transformMap(k, v, k, v) == cel.bind(z, 1, z)"}) {
    absl::StatusOr<ParsedExpr> parsed = Parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    std::vector<int64_t> ids;
    CollectIds(*parsed->expr, &ids);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << "duplicate id: " << text;
    for (int64_t id : ids) {
      EXPECT_TRUE(parsed->source_info.positions.contains(id)) << "no position for id " << id;
    }
  }
}

TEST(ParserTest, PositionsFollowCelGo) {
  // "a.b(c) + d[e]" : select at '.', call at '(', operator at '+', index at '['.
  absl::StatusOr<ParsedExpr> parsed = Parse("a.b(c) +\n d[e]");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  const SourceInfo& info = parsed->source_info;
  const Expr& plus = *parsed->expr;
  EXPECT_EQ(info.LineColumn(info.positions.at(plus.id)), std::make_pair(1, 8));
  const Call& sum = std::get<Call>(plus.kind);
  EXPECT_EQ(info.LineColumn(info.positions.at(sum.args[0]->id)), std::make_pair(1, 4));
  const Call& method = std::get<Call>(sum.args[0]->kind);
  EXPECT_EQ(info.LineColumn(info.positions.at(method.target->id)), std::make_pair(1, 1));
  EXPECT_EQ(info.LineColumn(info.positions.at(sum.args[1]->id)), std::make_pair(2, 3));
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  const std::string parens = std::string(100000, '(') + "1" + std::string(100000, ')');
  absl::StatusOr<ParsedExpr> parsed = Parse(parens, "<input>", ParseOptions{1 << 20, 250});
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("nesting exceeds the limit of 250"));

  const std::string lists = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_FALSE(Parse(lists, "<input>", ParseOptions{1 << 20, 250}).ok());

  const std::string unary = std::string(100000, '-') + "x";
  EXPECT_TRUE(Parse(unary, "<input>", ParseOptions{1 << 20, 250}).ok());
}

TEST(ParserTest, LongOperatorChainsAreBoundedByTreeHeight) {
  std::string sum = "1";
  for (int i = 0; i < 300; ++i) sum += " + 1";
  absl::StatusOr<ParsedExpr> parsed = Parse(sum);
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("nesting exceeds the limit"));

  // `||` chains are balanced, so a long one stays shallow.
  std::string disjunction = "a";
  for (int i = 0; i < 1000; ++i) disjunction += " || a";
  EXPECT_TRUE(Parse(disjunction).ok());
}

TEST(ParserTest, ExpressionSizeLimit) {
  const std::string big(1 << 20, ' ');
  absl::StatusOr<ParsedExpr> parsed = Parse(big + "1");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("more than the limit of 102400"));
  // The same text within a larger limit parses.
  ParseOptions options;
  options.max_expression_bytes = 2 << 20;
  EXPECT_TRUE(Parse(big + "1", "<input>", options).ok());
}

}  // namespace
}  // namespace hdsc::expr
