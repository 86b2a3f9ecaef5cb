#!/usr/bin/env bash
# Golden reports of the example dossiers: runs `hdscheck check` on each example with its profile at a fixed time
# and compares the JSON report and the English and French text reports with the committed files in tests/golden/.
#
#   golden_test.sh HDSCHECK              compare; print a unified diff for each report that changed
#   golden_test.sh HDSCHECK --update DIR write the reports into DIR instead (tools/update_goldens.sh does this)
#
# Run from the repository root (or the runfiles root under `bazel test`): it reads controls/ and tests/golden/.
set -uo pipefail

hdscheck="$1"
mode=compare
target=tests/golden
if [ "${2:-}" = "--update" ]; then
  mode=update
  target="$3"
fi
now=2026-11-28T00:00:00Z
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# example and profile, one pair per line.
examples="university-hospital hospital
private-clinic clinic
hds-host hds-host"

while read -r example profile; do
  dossier="controls/examples/$example.json"
  for report in json en.txt fr.txt; do
    case "$report" in
      json) options=(--format json) ;;
      en.txt) options=(--format text --no-color --lang en) ;;
      fr.txt) options=(--format text --no-color --lang fr) ;;
    esac
    "$hdscheck" check "$dossier" --rules controls --profile "$profile" --now "$now" "${options[@]}" \
      >"$work/$example.$report" 2>"$work/stderr"
    status=$?
    # 0: no failure, 1: failures found; anything else means the check could not run.
    if [ "$status" -gt 1 ]; then
      echo "FAIL: hdscheck check $dossier --profile $profile ${options[*]} exited $status:" >&2
      cat "$work/stderr" >&2
      failures=$((failures + 1))
      continue
    fi
    if [ "$mode" = update ]; then
      cp "$work/$example.$report" "$target/$example.$report"
      echo "wrote $target/$example.$report"
    elif ! diff -u "$target/$example.$report" "$work/$example.$report"; then
      echo "FAIL: $target/$example.$report differs from the report of today's packs and binary (diff above)." >&2
      failures=$((failures + 1))
    fi
  done
done <<<"$examples"

if [ "$mode" = compare ] && [ "$failures" -gt 0 ]; then
  echo "$failures golden report(s) out of date. If the change is intended, review the diff and run" \
    "tools/update_goldens.sh" >&2
fi
[ "$failures" -eq 0 ]
