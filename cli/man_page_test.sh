#!/usr/bin/env bash
# The manual pages render with man-db and groff without a warning, and the rendered text names every command of
# `hdscheck --help` and every option of each command's help, in English and in French.
# Usage: man_page_test.sh PATH_TO_HDSCHECK hdscheck.1 hdscheck.fr.1
set -uo pipefail

hdscheck="$1"
export LC_ALL=C.UTF-8
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Checks page $1, whose help texts in language $2 are printed by `hdscheck help --lang $2 [COMMAND]`.
check_page() {
  local page=$1 language=$2
  if ! MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$work/man.txt" 2>"$work/man.err"; then
    fail "$page: man -l failed: $(cat "$work/man.err")"
  elif [ -s "$work/man.err" ]; then
    fail "$page: man -l warns: $(cat "$work/man.err")"
  fi
  if ! groff -man -Tutf8 -ww -z "$page" 2>"$work/groff.err" || [ -s "$work/groff.err" ]; then
    fail "$page: groff warns: $(cat "$work/groff.err")"
  fi
  # Wide lines, no adjustment or hyphenation: every option stays whole on one line.
  groff -man -Tutf8 -P-cbou -rLL=400n "$page" 2>/dev/null >"$work/text"

  "$hdscheck" help --lang "$language" >"$work/usage"
  local commands
  commands=$(sed -n '/^comman[a-z]* \{0,1\}:$/,/^$/s/^  \([a-z]\{1,\}\) .*/\1/p' "$work/usage")
  [ "$(wc -w <<<"$commands")" -ge 9 ] || fail "found only '$commands' in hdscheck help --lang $language"
  for command in $commands; do
    grep -q "^   hdscheck $command\$" "$work/text" || fail "$page: no section for hdscheck $command"
    "$hdscheck" help --lang "$language" "$command" >"$work/help"
    for option in $(grep -oE -- '(^|[ [,(`])--?[a-z][a-z-]*' "$work/help" | sed 's/^[ [,(`]//' | sort -u); do
      grep -qF -- "$option" "$work/text" || fail "$page: hdscheck $command: no $option"
    done
  done
  echo "$page: $(wc -w <<<"$commands") commands checked"
}

check_page "$2" en
check_page "$3" fr

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures problem(s)" >&2
  exit 1
fi
echo "PASS"
