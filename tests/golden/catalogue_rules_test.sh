#!/usr/bin/env bash
# docs/catalogue.md lists exactly the rules, with the severities, that `hdscheck rules list` loads from controls/:
# a check of tools/gen_catalogue.py's own pack parser against the real loader.
# Usage: catalogue_rules_test.sh PATH_TO_HDSCHECK
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$1" rules list --rules controls >"$work/list" 2>"$work/stderr"; then
  echo "FAIL: hdscheck rules list --rules controls:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
awk '{print $1, $2}' "$work/list" | sort >"$work/loaded"
sed -n 's/^| \*\*\([A-Z0-9-]*\)\*\*<br>\([A-Z]*\) .*/\1 \2/p' docs/catalogue.md | sort >"$work/catalogue"
if [ ! -s "$work/loaded" ]; then
  echo "FAIL: hdscheck rules list printed no rule" >&2
  exit 1
fi
if ! diff -u "$work/loaded" "$work/catalogue"; then
  echo "FAIL: docs/catalogue.md (+) and hdscheck rules list (-) disagree on rules or severities" >&2
  exit 1
fi
echo "$(wc -l <"$work/loaded") rules agree"
