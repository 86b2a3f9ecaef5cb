#!/bin/sh
# The C blocks of docs/c-api.md, joined in order, are one program: compile it as an outside program would (C99,
# hdsc.h and the shared library only) and run it on an example dossier.
#   docs_example_test.sh DOC HEADER LIBRARY DOSSIER
set -eu
doc="$1"
header="$2"
library="$3"
dossier="$4"
work="${TEST_TMPDIR:-$(mktemp -d)}"
fail() { echo "FAIL: $*" >&2; exit 1; }

awk '/^```c$/ { inside = 1; next } /^```/ { inside = 0 } inside' "$doc" >"$work/doc.c"
[ -s "$work/doc.c" ] || fail "$doc has no C block"
case "$library" in /*) ;; *) library="$PWD/$library" ;; esac
mkdir -p "$work/include/hdsc"
cp "$header" "$work/include/hdsc/hdsc.h"  # included as an installed program does: <hdsc/hdsc.h>
cc -std=c99 -pedantic -Wall -Werror -I"$work/include" "$work/doc.c" "$library" \
  -Wl,-rpath,"$(dirname "$library")" -o "$work/doc" || fail "the program of $doc does not compile"
status=0
"$work/doc" "$dossier" >"$work/out" 2>"$work/err" || status=$?
cat "$work/out" "$work/err"
[ "$status" -le 1 ] || fail "the program of $doc exited $status"
grep -q 'bytes of SARIF' "$work/out" || fail "no SARIF rendered"
grep -q 'bytes of ODS, 0 warnings' "$work/out" || fail "no workbook written"
grep -q '"name": "Dossier patient"' "$work/out" || fail "the workbook did not convert back to JSON"
grep -q '^    HDS_V2 ' "$work/out" || fail "no citation printed"
grep -q '^checking: ' "$work/err" || fail "no progress reported"
echo "OK: the program of $doc compiles and runs"
