#!/bin/bash
# End-to-end test of `hdscheck validate` on bad input: every file in invalid/ is validated on its own and
# the output (stdout, then stderr lines prefixed "stderr: ", then "exit: N") must equal expected/FILE.out.
# One more case, oversized.json, is a sparse 5 GiB file made at test time (never committed).
#
# usage: validate_corpus_test.sh HDSCHECK [--update]
#   --update (with `bazel run`) rewrites expected/*.out in the source tree from the current output;
#   review the diff before committing.
set -u

hdscheck="$(pwd)/$1"
update="${2:-}"
corpus="$(pwd)/tests/corpus"
scratch="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
cases=0

# Prints what the golden file of a case holds: stdout, prefixed stderr, exit code.
run_case() {
  local dir="$1" name="$2"
  (
    cd "$dir" || exit 1
    # Under `bazel run`, hdscheck would resolve paths from BUILD_WORKING_DIRECTORY instead of here.
    env -u BUILD_WORKING_DIRECTORY "$hdscheck" validate "$name" >"$scratch/out" 2>"$scratch/err"
    echo "$?" >"$scratch/code"
  )
  cat "$scratch/out"
  sed 's/^/stderr: /' "$scratch/err"
  echo "exit: $(cat "$scratch/code")"
}

check_case() {
  local dir="$1" name="$2"
  local expected="$corpus/expected/$name.out"
  cases=$((cases + 1))
  run_case "$dir" "$name" >"$scratch/actual"
  if [[ "$update" == "--update" ]]; then
    cp "$scratch/actual" "${BUILD_WORKSPACE_DIRECTORY:?--update needs bazel run}/tests/corpus/expected/$name.out"
    return
  fi
  if [[ ! -f "$expected" ]]; then
    echo "FAIL $name: no golden file expected/$name.out"
    failures=$((failures + 1))
  elif ! diff -u "$expected" "$scratch/actual"; then
    echo "FAIL $name: output differs from expected/$name.out (diff above)"
    failures=$((failures + 1))
  fi
}

for input in "$corpus"/invalid/*; do
  check_case "$corpus/invalid" "$(basename "$input")"
done

# A file over the 4 GiB default limit must be refused from its size alone, without being read.
truncate -s 5G "$scratch/oversized.json"
start=$(date +%s)
check_case "$scratch" oversized.json
if (($(date +%s) - start > 5)); then
  echo "FAIL oversized.json: took more than 5 s; the size limit must be checked before reading"
  failures=$((failures + 1))
fi
rm -f "$scratch/oversized.json"

# Every golden file belongs to a case.
for golden in "$corpus"/expected/*.out; do
  name="$(basename "$golden" .out)"
  if [[ ! -e "$corpus/invalid/$name" && "$name" != oversized.json ]]; then
    echo "FAIL expected/$name.out has no input invalid/$name"
    failures=$((failures + 1))
  fi
done

echo "$cases cases, $failures failed"
((failures == 0))
