#!/usr/bin/env bash
# End-to-end tests of `hdscheck eval`. Usage: eval_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
failures=0
stdout_file=$(mktemp)
stderr_file=$(mktemp)
trap 'rm -f "$stdout_file" "$stderr_file"' EXIT

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run ARGS...: runs hdscheck eval, leaving $status, $out and $err.
run() {
  "$hdscheck" eval "$@" >"$stdout_file" 2>"$stderr_file"
  status=$?
  out=$(cat "$stdout_file")
  err=$(cat "$stderr_file")
}

# expect_value EXPECTED_OUTPUT ARGS...: exit 0, EXPECTED_OUTPUT on stdout, and the output,
# evaluated again, prints itself (the literal round-trips).
expect_value() {
  local expected="$1"
  shift
  run "$@"
  if [ "$status" -ne 0 ] || [ "$out" != "$expected" ]; then
    fail "eval $* -> status $status, stdout '$out', stderr '$err'; expected '$expected'"
    return
  fi
  run -- "$expected"
  if [ "$status" -ne 0 ] || [ "$out" != "$expected" ]; then
    fail "round trip of '$expected' -> status $status, '$out' $err"
  fi
}

# expect_failure STATUS STDERR_PATTERN ARGS...: exit STATUS, stderr matches the grep -E pattern.
expect_failure() {
  local expected_status="$1" pattern="$2"
  shift 2
  run "$@"
  if [ "$status" -ne "$expected_status" ]; then
    fail "eval $* -> status $status (expected $expected_status); stderr '$err'"
  elif ! grep -qE -- "$pattern" <<<"$err"; then
    fail "eval $* -> stderr '$err' does not match '$pattern'"
  elif [ -n "$out" ]; then
    fail "eval $* -> printed '$out' on stdout despite failing"
  fi
}

# Literals of every kind print as literals that evaluate back (the forms of `hdscheck eval --help`).
expect_value '1' '1'
expect_value '-7' -- '-7'
expect_value '1u' '1u'
expect_value '1.0' '1.0'
expect_value '2.5' '5.0 / 2.0'
expect_value '"s"' "'s'"
expect_value '"tab\there"' '"tab\there"'
expect_value 'b"\x00"' "b'\\x00'"
expect_value '[1, 2]' '[1, 2]'
expect_value '{"a": 1}' '{"a": 1}'
expect_value 'null' 'null'
expect_value 'true' '1 < 2'
expect_value 'timestamp("2024-01-01T00:00:00Z")' "timestamp('2024-01-01T00:00:00Z')"
expect_value 'duration("3600s")' "duration('1h')"
expect_value '3' 'RiskLevel.RISK_LEVEL_HIGH'
expect_value 'hdsc.v1.Breach{id: "B-1", risk_level: 2}' 'hdsc.v1.Breach{id: "B-1", risk_level: RiskLevel.RISK_LEVEL_RISK}'
expect_value '[2, 4, 6]' '[1, 2, 3].map(x, x * 2)'

# Edge cases of the printer: each must still read back as the same value.
expect_value '0.3333333333333333' '1.0 / 3.0'
expect_value '-0.0' -- '-0.0'
expect_value 'double("NaN")' "double('NaN')"
expect_value 'double("-Infinity")' "double('-Inf')"
expect_value '-9223372036854775808' -- '-9223372036854775808'
expect_value '18446744073709551615u' '18446744073709551615u'
expect_value '"é\n\""' "'\u00e9\n\"'"
expect_value 'b"\xff\x00abc"' "b'\xff\x00abc'"
expect_value '{1: "a", true: 2, 3u: [null]}' '{1: "a", true: 2, 3u: [null]}'
expect_value 'timestamp("2024-01-01T00:00:00.123456789Z")' "timestamp('2024-01-01T00:00:00.123456789Z')"
expect_value 'duration("-1.5s")' "duration('-1.5s')"
expect_value 'int' 'type(1)'
expect_value '{"a": 1.0}' 'google.protobuf.Struct{fields: {"a": 1.0}}'
expect_value 'hdsc.v1.Breach{nature: [1, 2]}' 'hdsc.v1.Breach{nature: [BreachNature.BREACH_NATURE_CONFIDENTIALITY, 2]}'

# Variables: --var (later ones see earlier ones), --now, --container.
expect_value '42' --var x=40 --var y='x + 1' 'y + 1'
expect_value 'timestamp("2024-01-01T00:00:00Z")' --now 2024-01-01T00:00:00Z 'now'
expect_value 'duration("86400s")' --now 2024-01-02T00:00:00Z "now - timestamp('2024-01-01T00:00:00Z')"
expect_value '1' --container google.protobuf 'NullValue.NULL_VALUE + 1'

# The dossier, compared with what the JSON file says.
for dossier in controls/examples/*.json; do
  title=$(python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["title"], ensure_ascii=False))' "$dossier")
  expect_value "$title" --dossier "$dossier" 'dossier.title'
  breaches=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1])).get("breaches", [])))' "$dossier")
  expect_value "$breaches" --dossier "$dossier" 'size(dossier.breaches)'
  # A whole message round-trips: its literal evaluates back to the same literal.
  run --dossier "$dossier" 'dossier.organization'
  organization="$out"
  if [ "$status" -ne 0 ] || [[ "$organization" != hdsc.v1.Organization\{* ]]; then
    fail "eval dossier.organization of $dossier -> status $status, '$organization' $err"
  else
    expect_value "$organization" "$organization"
  fi
done

# Errors: compile errors exit 2 with <expr>:LINE:COLUMN, evaluation errors exit 3 with `error:`.
expect_failure 2 '^<expr>:1:4: ' '1 +'
expect_failure 2 '^<expr>:2:3: ' $'1 +\n  )'
expect_failure 2 '^--var x:1:4: ' --var 'x=1 +' 'x'
expect_failure 2 "^<expr>:1:3: .*no matching overload" '1 + "a"'
expect_failure 2 "^<expr>:1:1: undeclared reference to 'x'" 'x.y'
expect_failure 2 "^<expr>:1:20: undefined field 'no_such_field'" \
  --dossier controls/examples/hds-host.json 'dossier.breaches[0].no_such_field'
expect_failure 3 '^error: .*divi' '1 / 0'
expect_failure 3 '^error: ' "{'a': 1}['b']"
expect_failure 3 '^error: ' --var 'x=1 / 0' 'x'
expect_failure 4 'no_such_file' --dossier no_such_file.json 'dossier'
# An invalid dossier is refused, every problem located, and nothing is evaluated.
invalid_dossier=$(mktemp)
printf '{\n  "processors": [{"id": "p", "country": "UK"}],\n  "titel": "x"\n}\n' >"$invalid_dossier"
expect_failure 4 "^$invalid_dossier:2:30: processors\[0\]\.country: 'UK' is not an ISO 3166-1" \
  --dossier "$invalid_dossier" 'dossier.title'
if ! grep -q "^$invalid_dossier:3:3: titel: unknown field" <<<"$err" ||
  ! grep -q "^hdscheck eval: $invalid_dossier is not a valid dossier (2 problems); nothing was evaluated$" <<<"$err"; then
  fail "eval of an invalid dossier -> stderr '$err'"
fi
rm -f "$invalid_dossier"
expect_failure 64 'missing EXPR' --now 2024-01-01T00:00:00Z
expect_failure 64 "unknown option '--bogus'" --bogus '1'
expect_failure 64 'not an RFC 3339 time' --now yesterday 'now'
expect_failure 64 'not NAME=CEL' --var x '1'
expect_failure 64 "cannot redefine 'now'" --var now=1 'now'

run --help
if [ "$status" -ne 0 ] || ! grep -q 'Exit codes' <<<"$out"; then
  fail "eval --help -> status $status, no exit codes in '$out'"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all eval tests passed"
