#!/bin/sh
# Runs the example program on an example dossier with its planted gaps: it must print them and exit 1.
set -u
program="$1"
dossier="$2"
output=$("$program" controls "$dossier" 1795824000)
status=$?
printf '%s\n' "$output"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$status" -eq 1 ] || fail "exit status $status, expected 1 (failing findings)"
printf '%s\n' "$output" | grep -q '^FAIL  SEC-EOS-1 *isms.assets\[2\]: ' || fail "the PACS past end of support is not reported"
printf '%s\n' "$output" | grep -q '^FAIL  HDS-PROC-1 *processors\[1\]: ' || fail "the uncertified host is not reported"
printf '%s\n' "$output" | grep -q '^      cites HDS' || fail "no citation printed"
printf '%s\n' "$output" | grep -Eq '^[1-9][0-9]* failing, [0-9]+ errors, [1-9][0-9]* passing, [1-9][0-9]* waived$' ||
  fail "no summary line"
# The sample output of docs/c-api.md is this output.
summary=$(printf '%s\n' "$output" | tail -1)
grep -qxF "$summary" docs/c-api.md || fail "docs/c-api.md does not show the summary line: $summary"
"$program" controls no-such-dossier.json >/dev/null 2>&1
[ $? -eq 2 ] || fail "a missing dossier must exit 2"
"$program" no-such-rules "$dossier" 2>&1 | grep -q 'NOT_FOUND' || fail "missing rules must say NOT_FOUND"
echo OK
