#!/usr/bin/env bash
# End-to-end tests of `hdscheck init`: for every profile, language and format, the starter dossier validates and
# fails `hdscheck check --profile PROFILE --fail-on HIGH`; the first check lists its placeholders.
# Usage: init_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
now=2026-11-28T00:00:00Z
source tests/check/cli_testing.sh

for profile in hospital clinic hds-host; do
  for lang in en fr; do
    for ext in json textproto pb; do
      file="$work/$profile-$lang.$ext"
      if ! "$hdscheck" init --profile "$profile" --lang "$lang" -o "$file" >"$work/out" 2>"$work/err"; then
        fail "init $profile $lang $ext: $(cat "$work/err")"
        continue
      fi
      if ! "$hdscheck" validate "$file" >"$work/out" 2>&1; then
        fail "validate $profile $lang $ext: $(cat "$work/out")"
      fi
      "$hdscheck" check "$file" --profile "$profile" --lang "$lang" --fail-on HIGH --now "$now" >"$work/out" 2>"$work/err"
      status=$?
      [ "$status" -eq 1 ] || fail "check $profile $lang $ext: exit $status, expected 1; $(cat "$work/err")"
      grep -qE "(FAIL +HIGH|NON CONFORME +ÉLEVÉE) +GDPR-DOSSIER-TODO " "$work/out" || fail "check $profile $lang $ext: placeholders not reported"
      # The starter lists the 93 controls: the Statement of Applicability is complete, its lines are to fill in.
      if grep -qE "FAIL +[A-Z]+ +ISO-SOA-1 " "$work/out"; then fail "check $profile $lang $ext: ISO-SOA-1 fails"; fi
    done
  done
done

# The same options give the same bytes; the text format carries notes in the chosen language.
"$hdscheck" init --profile clinic --lang fr -o - --format textproto >"$work/a"
"$hdscheck" init --profile clinic --lang fr -o - --format textproto >"$work/b"
cmp -s "$work/a" "$work/b" || fail "two starters differ"
grep -q "^# Dossier de départ pour une clinique privée" "$work/a" || fail "no French notes in the text format"
grep -q 'legal_name: "À compléter : raison sociale"' "$work/a" || fail "no French placeholder"

# An existing file is kept unless --force.
echo '{}' >"$work/mine.json"
"$hdscheck" init --profile hospital -o "$work/mine.json" >/dev/null 2>&1
status=$?
[ "$status" -eq 1 ] || fail "init over an existing file: exit $status, expected 1"
[ "$(cat "$work/mine.json")" = "{}" ] || fail "init overwrote an existing file"
"$hdscheck" init --profile hospital -o "$work/mine.json" --force >/dev/null || fail "init --force"

finish "OK"
