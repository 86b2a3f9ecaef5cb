#!/bin/bash
# docs/validate.md and `hdscheck validate --help` give the same exit codes.
# usage: docs_test.sh HDSCHECK DOCS_VALIDATE_MD
set -u
help="$("$1" validate --help)"
docs="$(cat "$2")"
failures=0
for code in 0 1 2 64; do
  # --help: "  CODE  text" (text may wrap); docs: "| CODE | text |" on one line.
  help_text="$(printf '%s\n' "$help" | sed -n "/^exit codes:/,\$p" | awk -v code="$code" '
    $1 == code { $1 = ""; text = substr($0, 2); getline_ok = 1; next }
    getline_ok && /^      / { sub(/^ +/, ""); text = text " " $0; next }
    { getline_ok = 0 }
    END { print text }')"
  if ! grep -qF "| $code | $help_text |" <<<"$docs"; then
    echo "FAIL: exit code $code: --help says '$help_text', docs/validate.md does not"
    failures=$((failures + 1))
  fi
done
((failures == 0))
