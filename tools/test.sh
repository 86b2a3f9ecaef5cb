#!/usr/bin/env bash
# Runs the whole test suite with Bazel and ends with a line `N passed, N failed` counting the test
# targets Bazel ran. Extra arguments go to `bazel test` (e.g. `tools/test.sh --config=asan`).
set -uo pipefail

cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# A disk cache shared by every checkout on the machine, so a fresh clone reuses what was built before.
bazel test --disk_cache="${HDSC_BAZEL_DISK_CACHE:-$HOME/.cache/hdsc-bazel-disk}" --test_summary=short "$@" //... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|FLAKY|NO STATUS|INCOMPLETE)' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build itself failed, or Bazel stopped before running tests: count that as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
