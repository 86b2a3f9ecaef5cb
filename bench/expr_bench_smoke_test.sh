#!/usr/bin/env bash
# Runs every benchmark of the given binary for a moment; fails if one reports an error (the
# expression and its hand-written version disagree, or the expression does not compile).
set -euo pipefail
bench="$1"
output=$("$bench" --benchmark_min_time=0.001 --benchmark_filter='/(1|100)$|^BM_[A-Za-z]+_(Cel|Hand)$|^BM_Compile' 2>&1) || {
  echo "$output"
  exit 1
}
echo "$output"
if grep -q "ERROR OCCURRED" <<<"$output"; then
  echo "expr_bench_smoke_test: a benchmark reported an error" >&2
  exit 1
fi
