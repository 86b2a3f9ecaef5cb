# What the end-to-end tests of hdscheck share. Source it after setting `hdscheck` (the program under test):
#   hdscheck="$1"
#   source tests/check/cli_testing.sh
# It gives $work (a temporary directory, removed at exit) and the functions below; a test ends with `finish`.

failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fail DESCRIPTION: records a failure and says what it is.
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# run ARGS...: runs hdscheck, leaving $status, $out and $err.
run() {
  "$hdscheck" "$@" >"$work/stdout" 2>"$work/stderr"
  status=$?
  out=$(cat "$work/stdout")
  err=$(cat "$work/stderr")
}

# expect_status STATUS DESCRIPTION: the last run exited with STATUS.
expect_status() {
  if [ "$status" -ne "$1" ]; then fail "$2: exit $status, expected $1; stderr: $err"; fi
}

# contains TEXT PATTERN DESCRIPTION: TEXT matches the grep -E pattern.
contains() {
  if ! grep -qE -- "$2" <<<"$1"; then fail "$3: no match for '$2'"; fi
}

# lacks TEXT PATTERN DESCRIPTION: TEXT does not match the grep -E pattern.
lacks() {
  if grep -qE -- "$2" <<<"$1"; then fail "$3: unexpected match for '$2'"; fi
}

# finish MESSAGE: exits 1 when a check failed, else prints MESSAGE and exits 0.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures failures" >&2
    exit 1
  fi
  echo "$1"
  exit 0
}
