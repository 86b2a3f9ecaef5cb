#!/usr/bin/env bash
# Progress of `hdscheck check` on a terminal: `script` gives the command a pseudo-terminal as standard error.
#   - a run longer than a second shows `checking: N/M rules`, rewritten in place, and erases it at the end;
#   - --progress shows every stage from the start (reading the packs, compiling, checking) and keeps a final line;
#   - --quiet shows nothing.
# Usage: progress_test.sh PATH_TO_HDSCHECK PATH_TO_GEN_DOSSIER
set -uo pipefail

hdscheck="$1"
gen_dossier="$2"
case "$hdscheck" in /*) ;; *) hdscheck="$PWD/$hdscheck" ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
command -v script >/dev/null || { echo "FAIL: script (util-linux) is not installed" >&2; exit 1; }

# A dossier large enough for the bundled packs to take several seconds (a few in an unoptimised build: the rules are
# linear, so it must grow with their speed).
"$gen_dossier" 60000 >"$work/large.json" || { echo "FAIL: gen_dossier" >&2; exit 1; }

# on_terminal OUTPUT ARGS...: runs hdscheck check ARGS... with a terminal as standard error (standard output to a
# file), and writes what the terminal received to OUTPUT.
on_terminal() {
  local output="$1"
  shift
  local command="'$hdscheck' check"
  for arg in "$@"; do command="$command '$arg'"; done
  script -qec "$command >'$work/stdout'" /dev/null >"$output" </dev/null
}

common=("$work/large.json" --rules controls --profile hospital --now 2026-11-28T00:00:00Z --format json --omit-passing)

on_terminal "$work/auto" "${common[@]}"
grep -q 'checking: [0-9]*/[0-9]* rules' "$work/auto" || fail "a long run on a terminal shows no progress: $(cat -v "$work/auto")"
# Rewritten in place (carriage return, erase to the end of the line) and erased at the end.
grep -q $'\r\033\\[Kchecking: ' "$work/auto" || fail "the progress line is not rewritten in place"
[ "$(tail -c 4 "$work/auto" | od -An -c | tr -d ' ')" = '\r033[K' ] || fail "the progress line is not erased at the end"
grep -q '"findings"' "$work/stdout" || fail "no report on standard output"

on_terminal "$work/always" "${common[@]}" --progress
grep -qE 'reading the rule packs|compiling: [0-9]+/[0-9]+ rules' "$work/always" ||
  fail "--progress does not show the stages before checking: $(cat -v "$work/always")"
grep -qE $'checking: ([0-9]+)/\\1 rules\r?$' "$work/always" || fail "--progress leaves no final line"

on_terminal "$work/quiet" "${common[@]}" --quiet
[ ! -s "$work/quiet" ] || fail "--quiet shows something: $(cat -v "$work/quiet")"

[ "$failures" -eq 0 ] && echo "progress on a terminal: OK"
[ "$failures" -eq 0 ]
