#!/usr/bin/env bash
# The generated JSON Schemas accept what hdsc reads and refuse what it refuses: every example dossier (also with
# a `$schema` key) and a test message with a value of every protobuf type, in both field spellings, are valid;
# a misspelt field, an unknown enum value, a malformed timestamp or duration and a field given under both of
# its names are not.
# Usage: dossier_schema_test.sh DOSSIER_SCHEMA TEST_MESSAGE_SCHEMA
set -uo pipefail

dossier_schema="$1"
test_message_schema="$2"
modules=tools/json-schema/node_modules
validate() { node tools/json-schema/validate.js "$modules" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# Validates FILE against SCHEMA and counts a failure unless the validator finds it invalid (exit 1).
expect_invalid() {
  validate "$1" "$2" >"$work/out" 2>&1
  local status=$?
  if [ "$status" -eq 1 ]; then
    echo "$(basename "$2"): rejected, as expected: $(grep -m1 . "$work/out")"
  else
    echo "FAIL: $(basename "$2"): the validator exited $status, not 1 (invalid):" >&2
    cat "$work/out" >&2
    failures=$((failures + 1))
  fi
}

validate "$dossier_schema" controls/examples/*.json || failures=$((failures + 1))
validate "$test_message_schema" lib/io/fuzz_corpus/seed-all-types.json || failures=$((failures + 1))
sed '1s|^{|{"$schema": "dossier.schema.json",|' controls/examples/private-clinic.json >"$work/with-schema.json"
validate "$dossier_schema" "$work/with-schema.json" || failures=$((failures + 1))

# Each edit of a valid example must make it invalid: "NAME|SED EXPRESSION".
invalid=(
  'misspelt-root-field|s/"processing_activities":/"processing_activites":/'
  'misspelt-nested-field|0,/"legal_name":/s//"legal_nmae":/'
  'unknown-enum-value|0,/"kind": "[A-Z_]*"/s//"kind": "ORGANIZATION_KIND_BAKERY"/'
  'malformed-timestamp|s/"as_of": "2026-11-15T00:00:00Z"/"as_of": "15 November 2026"/'
  'field-under-both-names|s/"schema_version": "1",/"schema_version": "1", "schemaVersion": "1",/'
  'schema-key-not-a-string|1s/^{/{"$schema": 1,/'
)
for case in "${invalid[@]}"; do
  name=${case%%|*}
  sed -e "${case#*|}" controls/examples/university-hospital.json >"$work/$name.json"
  if cmp -s controls/examples/university-hospital.json "$work/$name.json"; then
    echo "FAIL: $name: the edit changed nothing" >&2
    failures=$((failures + 1))
  else
    expect_invalid "$dossier_schema" "$work/$name.json"
  fi
done
echo '{"delay": "3 days"}' >"$work/malformed-duration.json"
expect_invalid "$test_message_schema" "$work/malformed-duration.json"
echo '{"email": "a@b.c", "phone": "+33 1 23 45 67 89"}' >"$work/two-members-of-a-oneof.json"
expect_invalid "$test_message_schema" "$work/two-members-of-a-oneof.json"

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures check(s) failed" >&2
  exit 1
fi
echo "PASS"
