#!/usr/bin/env bash
# docs/reports.md and `hdscheck check --help` describe the same formats, files, options and evidence rule ids as the
# code; the first-dossier guides use only options `check` has. Usage: docs_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
doc=docs/reports.md
help=$("$hdscheck" check --help)
failures=0
for file in report.txt report.json report.sarif report.junit.xml report.html report.oscal.json report.md; do
  grep -qF "\`$file\`" "$doc" || { echo "FAIL: $doc does not name $file" >&2; failures=$((failures + 1)); }
  grep -qF "$file" <<<"$help" || { echo "FAIL: check --help does not name $file" >&2; failures=$((failures + 1)); }
done
for option in --format --output-dir --baseline --sign --evidence-root; do
  grep -qF -- "$option" "$doc" || { echo "FAIL: $doc does not describe $option" >&2; failures=$((failures + 1)); }
  grep -qF -- "$option" <<<"$help" || { echo "FAIL: check --help does not describe $option" >&2; failures=$((failures + 1)); }
done
# The evidence rule ids the code defines are the ones documented.
for rule in $(grep -oE 'HDSC-EVIDENCE-[A-Z]+' lib/report/evidence.h | sort -u); do
  grep -qF "\`$rule\`" "$doc" || { echo "FAIL: $doc does not document $rule" >&2; failures=$((failures + 1)); }
done
for command in diff verify "evidence hash"; do
  grep -qF "hdscheck $command" "$doc" || { echo "FAIL: $doc does not show hdscheck $command" >&2; failures=$((failures + 1)); }
done
# The first-dossier guides (English and French) use only options `hdscheck check` has, and link to each other.
for guide in docs/first-dossier.md docs/premier-dossier.md; do
  for option in $(grep -A1 -E '^hdscheck check ' "$guide" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$option" <<<"$help" || { echo "FAIL: $guide uses hdscheck check $option, which check --help does not know" >&2; failures=$((failures + 1)); }
  done
done
grep -qF '(premier-dossier.md)' docs/first-dossier.md || { echo "FAIL: first-dossier.md does not link its French version" >&2; failures=$((failures + 1)); }
grep -qF '(first-dossier.md)' docs/premier-dossier.md || { echo "FAIL: premier-dossier.md does not link its English version" >&2; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || exit 1
echo "docs/reports.md and the first-dossier guides match the code"
