#!/usr/bin/env bash
# End-to-end tests of the report formats and options of `hdscheck check`, and of `hdscheck diff`, `verify` and
# `evidence`. Usage: report_cli_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
starter=tests/check/starter
hospital=controls/examples/university-hospital.json
now=2026-11-28T00:00:00Z
source tests/check/cli_testing.sh

check=(check "$hospital" --rules "$starter" --profile hospital --now "$now")

# --- all seven formats from one run ---
run "${check[@]}" --format text,json,sarif,junit,html,oscal,md --output-dir "$work/all"
expect_status 1 "failures in the hospital example"
for file in report.txt report.json report.sarif report.junit.xml report.html report.oscal.json report.md; do
  [ -s "$work/all/$file" ] || fail "--output-dir: $file missing or empty"
done
contains "$(cat "$work/all/report.sarif")" '"ruleId": "STARTER-HDS-CERT"' "SARIF result"
contains "$(cat "$work/all/report.sarif")" '"startLine": [0-9]+' "SARIF line from the source map"
contains "$(cat "$work/all/report.junit.xml")" '<testcase classname="STARTER-HDS-CERT" name="processors\[1\] \(p-telesoin\)"' "JUnit case"
contains "$(cat "$work/all/report.html")" 'STARTER-HDS-CERT' "HTML finding"
contains "$(cat "$work/all/report.oscal.json")" '"oscal-version": "1.1.2"' "OSCAL version"
contains "$(cat "$work/all/report.md")" '^# Centre hospitalier universitaire de Valmont$' "Markdown title: the organisation"
contains "$(cat "$work/all/report.html")" '<title>Centre hospitalier universitaire de Valmont — Compliance report</title>' \
  "HTML title: the organisation"

# The same inputs give the same bytes; one format without --output-dir goes to stdout, identical to the file.
run "${check[@]}" --format text,json,sarif,junit,html,oscal,md --output-dir "$work/again"
for file in "$work"/all/*; do
  cmp -s "$file" "$work/again/$(basename "$file")" || fail "not deterministic: $(basename "$file")"
done
run "${check[@]}" --format sarif
cmp -s "$work/stdout" "$work/all/report.sarif" || fail "--format sarif on stdout differs from report.sarif"
run "${check[@]}" --format json,sarif
expect_status 64 "several formats without --output-dir"
run "${check[@]}" --format pdf
expect_status 64 "unknown format"
contains "$err" "unknown format \"pdf\"" "unknown format message"

# --- diff and --baseline ---
cp "$work/all/report.json" "$work/old.json"
run diff "$work/old.json" "$work/old.json"
expect_status 0 "diff of a report with itself"
contains "$out" "^0 new, 0 fixed, [1-9][0-9]* unchanged failures" "diff counts"

# A new dossier with the PACS end-of-support fixed and a new failure: telesoin loses its DPA clause.
python3 - "$hospital" "$work/new-dossier.json" <<'PY'
import json, sys
dossier = json.load(open(sys.argv[1]))
for asset in dossier["isms"]["assets"]:
    if asset.get("id") == "a-pacs":
        asset.pop("end_of_support", None)
        asset.pop("end_of_support_at", None)
json.dump(dossier, open(sys.argv[2], "w"), indent=2)
PY
run check "$work/new-dossier.json" --rules "$starter" --profile hospital --now "$now" --format json
cp "$work/stdout" "$work/new.json"
run diff "$work/old.json" "$work/new.json"
contains "$out" "FIXED +FAIL +HIGH +STARTER-SEC-EOS +isms.assets\[2\]" "diff: end of support fixed"
expect_status 0 "diff without new failures"
run diff "$work/new.json" "$work/old.json"
expect_status 1 "diff with a new failure"
contains "$out" "^1 new, 0 fixed" "diff counts the new failure"
contains "$out" "NEW +FAIL +HIGH +STARTER-SEC-EOS +isms.assets\[2\]" "diff: new failure listed"
run diff "$work/old.json" "$work/missing.json"
expect_status 2 "diff of a missing file"
run diff "$work/old.json"
expect_status 64 "diff with one report"

# --baseline: the same failures do not count; a new one does; all stay listed and marked.
run "${check[@]}" --baseline "$work/old.json" --format json
expect_status 0 "baseline with nothing new"
contains "$out" '"in_baseline": true' "baseline findings are marked"
contains "$out" '"baseline": \{' "baseline digest recorded"
run "${check[@]}" --baseline "$work/new.json" --format text
expect_status 1 "baseline without the new failure"
contains "$out" "STARTER-SEC-EOS" "report still lists every failure"
run "${check[@]}" --baseline "$work/new.json" --format md
contains "$out" "^Since the baseline .*new\.json: 1 new failure, 0 fixed, [1-9][0-9]* unchanged\.$" \
  "Markdown: what changed since the baseline"
run "${check[@]}" --baseline "$work/new.json" --format html --lang fr
contains "$out" "Depuis la référence .*new\.json : 1 nouvelle non-conformité, 0 corrigée, [1-9][0-9]* inchangées\." \
  "HTML: what changed since the baseline, in French"
run "${check[@]}" --baseline "$work/missing.json"
expect_status 2 "missing baseline"

# --- signing and verifying ---
openssl genpkey -algorithm ed25519 -out "$work/ed.pem" 2>/dev/null
openssl pkey -in "$work/ed.pem" -pubout -out "$work/ed.pub" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/ec.pem" 2>/dev/null
openssl pkey -in "$work/ec.pem" -pubout -out "$work/ec.pub" 2>/dev/null
openssl genpkey -algorithm ed25519 -out "$work/other.pem" 2>/dev/null
openssl pkey -in "$work/other.pem" -pubout -out "$work/other.pub" 2>/dev/null

run "${check[@]}" --format html --output-dir "$work/signed" --sign "$work/ed.pem"
expect_status 1 "signed run"
[ -s "$work/signed/report.json" ] && [ -s "$work/signed/report.json.sig" ] || fail "--sign: report.json(.sig) missing"
contains "$(cat "$work/signed/report.json.sig")" "^Algorithm: Ed25519$" "signature algorithm"
run verify "$work/signed/report.json" "$work/signed/report.json.sig" --pubkey "$work/ed.pub"
expect_status 0 "verify a signed report"
contains "$out" "verified" "verify says verified"
sed 's/"FAIL"/"PASS"/' "$work/signed/report.json" >"$work/tampered.json"
run verify "$work/tampered.json" "$work/signed/report.json.sig" --pubkey "$work/ed.pub"
expect_status 1 "a tampered report"
contains "$err" "report modified" "tampering is named"
run verify "$work/signed/report.json" "$work/signed/report.json.sig" --pubkey "$work/other.pub"
expect_status 1 "another key"
contains "$err" "signed with another key" "another key is named"
run verify "$work/signed/report.json" "$work/signed/report.json.sig" --pubkey "$work/ec.pub"
expect_status 1 "wrong key type"
contains "$err" "wrong key type" "key type is named"
run verify "$work/signed/report.json" "$work/nope.sig" --pubkey "$work/ed.pub"
expect_status 2 "unreadable signature"
contains "$err" "unreadable file" "unreadable file is named"

run "${check[@]}" --format json --output-dir "$work/signed-ec" --sign "$work/ec.pem"
run verify "$work/signed-ec/report.json" "$work/signed-ec/report.json.sig" --pubkey "$work/ec.pub"
expect_status 0 "verify an ECDSA P-256 signature"
run "${check[@]}" --format json --sign "$work/ed.pem"
expect_status 64 "--sign without --output-dir"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.pem" 2>/dev/null
run "${check[@]}" --format json --output-dir "$work/signed-rsa" --sign "$work/rsa.pem"
expect_status 2 "RSA keys are refused"
contains "$err" "RSA keys are not supported" "RSA refusal message"

# --- evidence ---
evidence="$work/evidence"
python3 - "$hospital" "$evidence" "$work/evidence-dossier.json" <<'PY'
import hashlib, json, os, sys
dossier = json.load(open(sys.argv[1]))
root = sys.argv[2]
for record in dossier["evidence"]:
    location = record.get("location", "")
    if "://" in location or not location:
        continue
    path = os.path.join(root, location)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    content = ("evidence " + record["id"] + "\n").encode()
    open(path, "wb").write(content)
    record["sha256"] = hashlib.sha256(content).hexdigest()
json.dump(dossier, open(sys.argv[3], "w"), indent=2)
PY
evidence_check=(check "$work/evidence-dossier.json" --rules "$starter" --profile hospital --now "$now" --format text)
run "${evidence_check[@]}" --evidence-root "$evidence"
lacks "$out" "HDSC-EVIDENCE" "intact evidence gives no evidence finding"
echo "restore test FAILED" >"$evidence/docs/backup/restore-test-epr-2026-04.pdf"
rm "$evidence/docs/policies/pssi-v4.2.pdf"
run "${evidence_check[@]}" --evidence-root "$evidence"
expect_status 1 "evidence problems fail"
contains "$out" "HDSC-EVIDENCE-DIGEST" "a modified evidence file is reported"
contains "$out" "ev-restore-epr" "the modified evidence is named"
contains "$out" "HDSC-EVIDENCE-MISSING" "a missing evidence file is reported"
run "${evidence_check[@]}" --evidence-root "$evidence" --now 2027-02-01T00:00:00Z
contains "$out" "HDSC-EVIDENCE-EXPIRED" "expired evidence is reported"
# In French, with the bundled packs: the date in words, the citations as the ISO framework writes them.
run check "$work/evidence-dossier.json" --rules controls --profile hospital --now 2027-02-01T00:00:00Z --format text \
  --lang fr --evidence-root "$evidence"
contains "$out" "Preuve [a-z0-9-]+ : expirée le [0-9]+(er)? [a-zéû]+ 20[0-9][0-9]" "French date of expired evidence"
contains "$out" "ISO/IEC 27001:2022 7\.5\.3" "evidence citations written as the framework writes them"
lacks "$out" "ISO27001_2022 7\.5\.3" "no evidence citation left unwritten"
run "${evidence_check[@]}" --evidence-root "$work/no-such-dir"
expect_status 2 "missing evidence root"

run evidence hash "$evidence"
expect_status 0 "evidence hash"
contains "$out" "^$(sha256sum "$evidence/docs/backup/restore-test-epr-2026-04.pdf" | cut -c1-64)  docs/backup/restore-test-epr-2026-04.pdf$" "evidence hash line"
run evidence hash --json "$evidence"
contains "$out" '"location": "docs/backup/restore-test-epr-2026-04.pdf"' "evidence hash --json"
run evidence hash "$work/no-such-dir"
expect_status 2 "evidence hash of a missing directory"

# --- the text and JSON formats keep their behaviour ---
run "${check[@]}"
contains "$out" "FAIL +CRITICAL +STARTER-HDS-CERT +processors\[1\] p-telesoin" "default text output"

finish "all report CLI tests passed"
