#!/bin/bash
# `hdscheck validate` accepts every example dossier in controls/examples/, also under a name without extension.
# usage: examples_test.sh HDSCHECK EXAMPLE...
set -u
hdscheck="$1"
shift
if (($# == 0)); then
  echo "FAIL: no example dossiers given"
  exit 1
fi
output="$("$hdscheck" validate "$@" 2>&1)"
code=$?
echo "$output"
expected_summary="$# files, $# valid, 0 invalid (0 problems)"
if (($# == 1)); then expected_summary="1 file, 1 valid, 0 invalid (0 problems)"; fi
if [[ $code -ne 0 || "$output" != "$expected_summary" ]]; then
  echo "FAIL: expected exit 0 and only the summary '$expected_summary', got exit $code"
  exit 1
fi

# The same dossiers copied to names without an extension: their format is told from their content.
scratch="${TEST_TMPDIR:-$(mktemp -d)}"
copies=()
for example in "$@"; do
  copy="$scratch/$(basename "${example%.*}")"
  cp "$example" "$copy"
  copies+=("$copy")
done
output="$("$hdscheck" validate "${copies[@]}" 2>&1)"
code=$?
echo "$output"
if [[ $code -ne 0 || "$output" != "$expected_summary" ]]; then
  echo "FAIL: without extensions, expected exit 0 and only the summary '$expected_summary', got exit $code"
  exit 1
fi
