#!/usr/bin/env bash
# The SARIF logs of the example dossiers, in English and French, validate against the SARIF 2.1.0 schema.
# Usage: sarif_schema_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=()
for example in controls/examples/*.json; do
  name=$(basename "$example" .json)
  for lang in en fr; do
    "$hdscheck" check "$example" --rules controls --profile hospital --lang "$lang" --now 2026-11-28T00:00:00Z \
      --format sarif >"$work/$name-$lang.sarif"
    status=$?
    if [ "$status" -gt 1 ]; then echo "FAIL: check $example exited $status" >&2; exit 1; fi
    files+=("$work/$name-$lang.sarif")
  done
done
# A log with waived and baseline results too.
"$hdscheck" check controls/examples/university-hospital.json --rules controls --profile hospital \
  --now 2026-11-28T00:00:00Z --format json >"$work/base.json"
"$hdscheck" check controls/examples/university-hospital.json --rules controls --profile hospital \
  --now 2026-11-28T00:00:00Z --baseline "$work/base.json" --format sarif >"$work/baseline.sarif"
files+=("$work/baseline.sarif")
grep -q '"baselineState": "unchanged"' "$work/baseline.sarif" || { echo "FAIL: no baselineState" >&2; exit 1; }

# The validator can fail: a log without the required `version` is rejected.
sed 's/"version": "2.1.0",//' "$work/baseline.sarif" >"$work/broken.sarif"
if node tests/report/validate_sarif.js tools/sarif-schema/node_modules "$work/broken.sarif" 2>/dev/null; then
  echo "FAIL: the validator accepted a log without version" >&2
  exit 1
fi
exec node tests/report/validate_sarif.js tools/sarif-schema/node_modules "${files[@]}"
