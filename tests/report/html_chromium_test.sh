#!/usr/bin/env bash
# Renders the HTML report of the example hospital in headless Chromium, as a reader would open it: the page loads
# with no network, its script runs without error (the filter form is marked ready), and the findings are in the
# rendered DOM. Keeps a screenshot in the test's undeclared outputs.
# Usage: html_chromium_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "FAIL: chromium is not installed (apt-get install chromium; see tools/setup.sh)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work"

for lang in en fr; do
  "$hdscheck" check controls/examples/university-hospital.json --rules controls --profile hospital --lang "$lang" \
    --now 2026-11-28T00:00:00Z --format html --output-dir "$work/$lang"
  status=$?
  if [ "$status" -gt 1 ]; then echo "FAIL: check exited $status" >&2; exit 1; fi

  flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
         --disable-sync --no-first-run --user-data-dir="$work/profile-$lang" --enable-logging=stderr --v=0)
  timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$work/$lang/report.html" >"$work/dom-$lang.html" \
    2>"$work/chromium-$lang.log"
  dom=$(cat "$work/dom-$lang.html")
  if grep -qE "Uncaught|SyntaxError|TypeError|ReferenceError" "$work/chromium-$lang.log"; then
    echo "FAIL: script error in the $lang page:" >&2
    grep -E "Uncaught|Error" "$work/chromium-$lang.log" >&2
    exit 1
  fi
  grep -q 'id="filters" class="filters" data-ready="true"' <<<"$dom" || { echo "FAIL: $lang: filter script did not run" >&2; exit 1; }
  grep -q 'class="finding"' <<<"$dom" || { echo "FAIL: $lang: no finding in the rendered page" >&2; exit 1; }
  grep -q 'HDS-PROC-1' <<<"$dom" || { echo "FAIL: $lang: the HDS-PROC-1 finding is missing" >&2; exit 1; }
  grep -q 'class="tile s-FAIL"' <<<"$dom" || { echo "FAIL: $lang: no framework chart" >&2; exit 1; }
  if [ "$lang" = fr ]; then
    grep -q 'Constats à traiter' <<<"$dom" || { echo "FAIL: fr: French headings missing" >&2; exit 1; }
  fi

  shot="${TEST_UNDECLARED_OUTPUTS_DIR:-$work}/report-html-$lang.png"
  timeout 120 "$chromium" "${flags[@]}" --screenshot="$shot" --window-size=1280,2000 \
    "file://$work/$lang/report.html" >/dev/null 2>&1
  [ -s "$shot" ] || { echo "FAIL: $lang: no screenshot" >&2; exit 1; }
done
echo "HTML report rendered in Chromium (en, fr)"
