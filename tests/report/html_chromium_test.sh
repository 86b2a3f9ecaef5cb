#!/usr/bin/env bash
# Renders the HTML report of the example hospital in headless Chromium, as a reader would open it: the page loads
# with no network, its script runs without error (the filter form is marked ready), the organisation's name is the
# title and comes first with the executive summary, the findings are in the rendered DOM, and the sign-off block
# is there to fill in. Then prints the page to PDF (A4, from the print stylesheet) and checks the PDF: made,
# several pages, not trivially small. Keeps a screenshot and the PDF in the test's undeclared outputs.
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
  grep -q '<title>Centre hospitalier universitaire de Valmont — ' <<<"$dom" ||
    { echo "FAIL: $lang: the title is not the organisation's name" >&2; exit 1; }
  # The organisation, then the executive summary, before the findings.
  organisation=$(grep -b -o '<h1>Centre hospitalier universitaire de Valmont</h1>' <<<"$dom" | head -1 | cut -d: -f1)
  summary=$(grep -b -o 'id="executive-summary"' <<<"$dom" | head -1 | cut -d: -f1)
  findings=$(grep -b -o 'class="finding"' <<<"$dom" | head -1 | cut -d: -f1)
  if [ -z "$organisation" ] || [ -z "$summary" ] || [ "$organisation" -gt "$summary" ] || [ "$summary" -gt "$findings" ]; then
    echo "FAIL: $lang: the organisation and the executive summary do not come first" >&2
    exit 1
  fi
  grep -q 'id="sign-off"' <<<"$dom" || { echo "FAIL: $lang: no sign-off block" >&2; exit 1; }
  if [ "$lang" = fr ]; then
    for words in 'Constats à traiter' 'Synthèse pour la direction' 'Préparé par' 'Revu par' 'Évalué le</dt><dd>28 novembre 2026'; do
      grep -q "$words" <<<"$dom" || { echo "FAIL: fr: '$words' missing" >&2; exit 1; }
    done
  else
    for words in 'Executive summary' 'Prepared by' 'Reviewed by' 'Evaluated on</dt><dd>28 November 2026'; do
      grep -q "$words" <<<"$dom" || { echo "FAIL: en: '$words' missing" >&2; exit 1; }
    done
  fi

  shot="${TEST_UNDECLARED_OUTPUTS_DIR:-$work}/report-html-$lang.png"
  timeout 120 "$chromium" "${flags[@]}" --screenshot="$shot" --window-size=1280,2000 \
    "file://$work/$lang/report.html" >/dev/null 2>&1
  [ -s "$shot" ] || { echo "FAIL: $lang: no screenshot" >&2; exit 1; }

  # Printed as a director would: A4 from the print stylesheet, no header or footer added by the browser.
  pdf="${TEST_UNDECLARED_OUTPUTS_DIR:-$work}/report-$lang.pdf"
  timeout 120 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" \
    "file://$work/$lang/report.html" >/dev/null 2>&1
  [ -s "$pdf" ] || { echo "FAIL: $lang: no PDF printed" >&2; exit 1; }
  [ "$(head -c 5 "$pdf")" = "%PDF-" ] || { echo "FAIL: $lang: the printed file is not a PDF" >&2; exit 1; }
  size=$(stat -c %s "$pdf")
  [ "$size" -gt 50000 ] || { echo "FAIL: $lang: the PDF is only $size bytes" >&2; exit 1; }
  # Page objects ("/Type /Page", not "/Pages"): the report runs over several A4 pages.
  pages=$(grep -a -c -E '/Type ?/Page([^s]|$)' "$pdf")
  [ "$pages" -ge 3 ] || { echo "FAIL: $lang: the PDF has $pages pages" >&2; exit 1; }
  # A4 is 595 x 842 points, give or take a rounding.
  grep -a -o -E '/MediaBox \[0 0 [0-9.]+ [0-9.]+\]' "$pdf" | tr -d '[]' |
    awk '{ if ($4 < 590 || $4 > 600 || $5 < 837 || $5 > 847) bad = 1; n++ } END { exit (n == 0 || bad) }' ||
    { echo "FAIL: $lang: the PDF pages are not A4" >&2; exit 1; }
done
echo "HTML report rendered and printed in Chromium (en, fr)"
