#!/usr/bin/env bash
# Rewrites the golden reports in tests/golden/ from today's packs and hdscheck, after an intended change:
#   tools/update_goldens.sh
# Review `git diff tests/golden/` before committing. Set BAZEL_OUTPUT_BASE to build in your own output base.
set -euo pipefail
cd "$(dirname "$0")/.."
bazel=(bazel ${BAZEL_OUTPUT_BASE:+--output_base="$BAZEL_OUTPUT_BASE"})
"${bazel[@]}" build //cli:hdscheck
hdscheck="$("${bazel[@]}" info bazel-bin)/cli/hdscheck"
tests/golden/golden_test.sh "$hdscheck" --update tests/golden
