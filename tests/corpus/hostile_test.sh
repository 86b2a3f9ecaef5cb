#!/usr/bin/env bash
# Hostile input against hdscheck, each case under a time limit (and a memory limit where the build allows one):
# the promise of docs/validate.md, that bad input never crashes or hangs hdscheck, tested rather than asserted.
# Each case gives its expected exit code and a fragment of the expected message.
#   hostile_test.sh HDSCHECK
set -uo pipefail
hdscheck="$1"
case "$hdscheck" in /*) ;; *) hdscheck="$PWD/$hdscheck" ;; esac
work="${TEST_TMPDIR:-$(mktemp -d)}/hostile"
rm -rf "$work"
mkdir -p "$work/packs"
failures=0

# A sanitizer build reserves far more address space than it uses: the memory limit applies to plain builds only.
memory_limit=""
# (`grep -q` would stop reading at the first match, and under pipefail `ldd`'s broken pipe would then read as no match.)
if ! ldd "$hdscheck" 2>/dev/null | grep -E 'lib(asan|tsan|ubsan)' >/dev/null; then memory_limit=2000000; fi  # KiB: 2 GB

# run NAME EXIT FRAGMENT SECONDS ARGS...: hdscheck ARGS must exit EXIT within SECONDS and say FRAGMENT.
run() {
  local name="$1" expected="$2" fragment="$3" seconds="$4"
  shift 4
  local status=0
  (
    [ -z "$memory_limit" ] || ulimit -v "$memory_limit"
    exec timeout "$seconds" "$hdscheck" "$@"
  ) >"$work/out" 2>&1 || status=$?
  if [ "$status" -eq 124 ]; then
    echo "FAIL: $name: still running after ${seconds}s"
    failures=$((failures + 1))
  elif [ "$status" -ne "$expected" ]; then
    echo "FAIL: $name: exit $status, expected $expected"; head -5 "$work/out"
    failures=$((failures + 1))
  elif ! grep -qF -- "$fragment" "$work/out"; then
    echo "FAIL: $name: no '$fragment' in:"; head -5 "$work/out"
    failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}

# A 300-byte expression that would build a 10 GB string.
bomb="'aaaaaaaaaa'"
for _ in 1 2 3 4 5 6 7 8 9; do bomb="($bomb).replace('a', 'aaaaaaaaaa')"; done
run "string bomb in eval" 3 "would exceed the limit" 30 eval "$bomb"

# The same bomb in a rule's require and in its message template.
cat >"$work/packs/bomb.textpb" <<PACK
framework { id: "HOSTILE" title { en: "Hostile" } version: "1" }
rule {
  id: "HOSTILE-1" severity: LOW title { en: "t" }
  message { en: "\${$(printf '%s' "$bomb" | sed 's/"/\\"/g')}" }
  require: "size($(printf '%s' "$bomb" | sed 's/"/\\"/g')) == 0 && false"
  reference { framework: "HOSTILE" citation: "1" }
}
PACK
echo '{}' >"$work/empty.json"
run "string bomb in a rule" 1 "HOSTILE-1" 60 check "$work/empty.json" --rules "$work/packs" --now 2026-01-01T00:00:00Z

# Invalid UTF-8 in a rule expression: a located compile error.
mkdir -p "$work/utf8"
printf 'framework { id: "H" title { en: "H" } version: "1" }\nrule { id: "H-1" severity: LOW title { en: "t" } reference { framework: "H" citation: "1" }\n  require: "'"'"'a\212\212'"'"'.trim() == '"''"'" }\n' \
  >"$work/utf8/bad.textpb"
run "invalid UTF-8 in a rule" 2 "invalid UTF-8" 30 check "$work/empty.json" --rules "$work/utf8"

# A comprehension nested over 400 records for each of them: 64 million steps, bounded by the run's budget.
mkdir -p "$work/pairs"
cat >"$work/pairs/pairs.textpb" <<'PACK'
framework { id: "H" title { en: "H" } version: "1" }
rule {
  id: "H-PAIRS" severity: LOW title { en: "pairs" } for_each: "processing_activities"
  require: "dossier.processing_activities.all(a, dossier.processing_activities.all(b, a.id != '' && b.id != ''))"
  reference { framework: "H" citation: "1" }
}
PACK
python3 -c "
import json
print(json.dumps({'processing_activities': [{'id': 'pa-%d' % i} for i in range(400)]}))" >"$work/pairs.json"
run "nested comprehension, step budget" 1 "evaluation steps is spent" 60 \
  check "$work/pairs.json" --rules "$work/pairs" --max-steps 1000000 --now 2026-01-01T00:00:00Z
run "nested comprehension, time limit" 2 "time limit" 60 \
  check "$work/pairs.json" --rules "$work/pairs" --timeout 0.5 --now 2026-01-01T00:00:00Z

# 200,000 processors and 100 dangling references: suggestions stay cheap.
python3 -c "
import json
print(json.dumps({'processors': [{'id': 'p-%06d' % i} for i in range(200000)],
                  'processing_activities': [{'id': 'pa-%d' % i, 'processor_ids': ['p-%06dx' % i]} for i in range(100)]}))" \
  >"$work/dangling.json"
run "200,000 ids, 100 dangling references" 1 "did you mean 'p-000042'" 60 validate "$work/dangling.json"

# Values no dossier can hold, in text format (JSON refuses them while parsing).
cat >"$work/impossible.textproto" <<'TEXT'
as_of { seconds: 1764547200 }
breaches { id: "br-1" risk_level: 99 aware_at { seconds: 4070908800 } people_affected: -1 }
isms { training_campaigns { id: "t-1" completion_percent: nan } policies { id: "p-1" review_interval { seconds: 315576000000 } } }
TEXT
run "impossible values in text format" 1 "99 is not a value of hdsc.v1.RiskLevel" 30 validate "$work/impossible.textproto"
for fragment in "is after the dossier's as_of" "is negative" "is not a number" "longer than 100 years"; do
  grep -qF -- "$fragment" "$work/out" || { echo "FAIL: impossible values: no '$fragment'"; failures=$((failures + 1)); }
done

# Workbooks (docs/spreadsheets.md): a zip bomb, entity expansion, a million rows, a huge cell, and a large sheet that
# is within the limits and must be read in time.
python3 - "$work" <<'PYTHON'
import io, sys, zipfile
work = sys.argv[1]
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

def xlsx(path, sheet_xml, workbook_xml=None, shared=None):
    parts = {
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="r1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": workbook_xml or f'<workbook {MAIN} xmlns:r="{REL}"><sheets>'
                                          f'<sheet name="Assets" sheetId="1" r:id="r1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                      f'<Relationship Id="r1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                                      f'<Relationship Id="r2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                                      f'</Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = f"<sst {MAIN}>{shared}</sst>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

def rows(body):
    return f"<worksheet {MAIN}><sheetData>{body}</sheetData></worksheet>"

header = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
xlsx(f"{work}/bomb.xlsx", rows(header + " " * (200 << 20)))
laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
xlsx(f"{work}/laughs.xlsx", rows(header), workbook_xml=laughs + f'<workbook {MAIN}>&c;</workbook>')
xlsx(f"{work}/million.xlsx", rows(header + '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'))
xlsx(f"{work}/huge-cell.xlsx", rows(header + '<row r="2"><c r="B2" t="s"><v>0</v></c></row>'), shared=f"<si><t>{'x' * 1000000}</t></si>")
body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>a-{r}</t></is></c>'
               f'<c r="B{r}" t="inlineStr"><is><t>Asset {r}</t></is></c></row>' for r in range(2, 90002))
xlsx(f"{work}/large.xlsx", rows(header + body))
PYTHON
run "workbook: zip bomb" 1 "a zip bomb?" 30 validate "$work/bomb.xlsx"
run "workbook: entity expansion" 1 "document type declarations are refused" 30 validate "$work/laughs.xlsx"
run "workbook: a million rows" 1 "Assets!A1000000: a value in row 1000000, beyond the limit of 100000 rows" 30 \
  validate "$work/million.xlsx"
run "workbook: a huge cell" 1 "is longer than the limit of 32767 characters" 30 \
  validate "$work/huge-cell.xlsx"
run "workbook: 90,000 assets within the limits" 0 "1 file, 1 valid" 60 validate "$work/large.xlsx"

[ "$failures" -eq 0 ] || { echo "$failures hostile case(s) failed"; exit 1; }
echo "OK: every hostile case is refused in time"
