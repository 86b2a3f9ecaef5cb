#!/usr/bin/env bash
# End-to-end tests of `hdscheck check`, `rules` and `test` on the starter pack (tests/check/starter) and the example
# dossiers. Usage: check_cli_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
starter=tests/check/starter
hospital=controls/examples/university-hospital.json
clinic=controls/examples/private-clinic.json
now=2026-11-28T00:00:00Z
source tests/check/cli_testing.sh

# --- check: findings, exit codes, --fail-on ---
run check "$hospital" --rules "$starter" --profile hospital --now "$now"
expect_status 1 "failures in the hospital example"
contains "$out" "FAIL +CRITICAL +STARTER-HDS-CERT +processors\[1\] p-telesoin" "missing HDS certificate"
contains "$out" "FAIL +HIGH +STARTER-SEC-EOS +isms.assets\[2\] a-pacs" "end-of-support PACS"
contains "$out" "MANUAL +ART-38" "requirement without rules is MANUAL"
contains "$out" "fix: " "remediation shown"

run check "$clinic" --rules "$starter" --profile clinic --now "$now" --fail-on CRITICAL
expect_status 0 "no critical failure in the clinic example"
run check "$clinic" --rules "$starter" --profile clinic --now "$now" --fail-on high
expect_status 1 "high failures in the clinic example"

# --- JSON: stable, deterministic, timing only on request ---
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --format json
expect_status 1 "json run"
cp "$work/stdout" "$work/first.json"
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --format json
if ! cmp -s "$work/first.json" "$work/stdout"; then fail "two JSON runs differ"; fi
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --format json --compile-threads 1
if ! cmp -s "$work/first.json" "$work/stdout"; then fail "the JSON report depends on --compile-threads"; fi
run check "$hospital" --rules "$starter" --now "$now" --compile-threads -2
expect_status 64 "--compile-threads -2 (usage)"
contains "$err" "--compile-threads: expected 0" "--compile-threads -2 is refused"
contains "$(cat "$work/first.json")" '"rule_id": "STARTER-HDS-CERT"' "proto field names in JSON"
contains "$(cat "$work/first.json")" '"now": "2026-11-28T00:00:00Z"' "now recorded"
contains "$(cat "$work/first.json")" '"sha256": "[0-9a-f]{64}"' "digests recorded"
if grep -q '"timing"' "$work/first.json"; then fail "timing present without --timing"; fi
run check "$hospital" --rules "$starter" --now "$now" --format json --timing
contains "$out" '"evaluation_micros"' "--timing records the evaluation time"
contains "$(sed -n '/"timing": {/,$p' <<<"$out")" '"rules": \[' "--timing records each rule's time and steps"

run check "$hospital" --rules "$starter" --now "$now" --format json --omit-passing
# Requirement summaries come before the findings; only the findings must lose their passes.
# (grep reads all of its input: with `-q` it would stop at a match, and under pipefail sed's broken pipe would hide it.)
if sed -n '/"findings": \[/,$p' <<<"$out" | grep -E '"status": "(PASS|NOT_APPLICABLE)"' >/dev/null; then
  fail "--omit-passing kept passing findings"
fi
contains "$(sed -n '/"findings": \[/,$p' <<<"$out")" '"status": "FAIL"' "--omit-passing keeps the failures"
contains "$out" '"pass": "[0-9]+"' "--omit-passing keeps the counts"

# --- French ---
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --lang fr
contains "$out" "Résumé" "French labels"
contains "$out" "héberge des données de santé sans certificat HDS valide" "French message"

# --- waivers from a file ---
cat >"$work/waivers.json" <<'JSON'
{"waivers": [
  {"id": "W-1", "rule_id": "STARTER-HDS-CERT", "subject": "p-telesoin", "reason": "certification audit booked",
   "approver": "CISO", "expires_at": "2027-01-31T00:00:00Z"},
  {"id": "W-2", "rule_id": "STARTER-SEC-TLS", "subject": "isms.assets[*]", "reason": "legacy HL7 interfaces",
   "approver": "CISO", "expires_at": "2026-01-31T00:00:00Z"},
  {"id": "W-3", "rule_id": "STARTER-GDPR-6", "reason": "nothing to waive", "approver": "DPO",
   "expires_at": "2027-01-31T00:00:00Z"}
]}
JSON
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --waivers "$work/waivers.json" --fail-on CRITICAL
expect_status 0 "the only critical failure is waived"
contains "$out" "WAIVED +CRITICAL +STARTER-HDS-CERT" "waived finding"
contains "$out" "waived by CISO: certification audit booked" "waiver shown"
contains "$out" "STARTER-SEC-TLS .*" "expired waiver leaves a FAIL"
contains "$out" "waiver expired on 31 January 2026" "expired waiver says so"
contains "$out" "W-3.*matched no failing finding" "unused waiver reported"
echo '{"title": "not only waivers", "waivers": []}' >"$work/bad-waivers.json"
run check "$hospital" --rules "$starter" --now "$now" --waivers "$work/bad-waivers.json"
expect_status 2 "a waivers file with other fields"

# --- parameters: --param overrides the profile's value; a wrong name or value cannot run ---
run check "$hospital" --rules "$starter" --profile hospital --now "$now"
contains "$out" "FAIL +MEDIUM +STARTER-SEC-BKP-RESTORE +isms.backups\[1\] bk-pacs" "restore test older than the profile's period"
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --param restore_test_period=10000d
expect_status 1 "other failures remain"
if grep -qE "FAIL +MEDIUM +STARTER-SEC-BKP-RESTORE" <<<"$out"; then fail "--param restore_test_period=10000d left the restore-test failure"; fi
run check "$hospital" --rules "$starter" --profile hospital --now "$now" --param restore_test_period=1d --format json
contains "$out" '"message": "Backup bk-epr has no successful restore test within 24 hours"' "--param value used in messages"
run check "$hospital" --rules "$starter" --now "$now" --param restore_test_period=often
expect_status 2 "a parameter value of the wrong type"
contains "$err" "^hdscheck check: parameter restore_test_period: expected a duration such as 72h or 365d, got 'often'$" "wrong value named"
run check "$hospital" --rules "$starter" --now "$now" --param=no_such_param=1
expect_status 2 "an undeclared parameter"
contains "$err" "^hdscheck check: no parameter 'no_such_param' is declared by the packs$" "unknown parameter named"
run check "$hospital" --rules "$starter" --now "$now" --param restore_test_period
expect_status 64 "--param without ="
run check "$hospital" --rules "$starter" --now "$now" --param training_threshold=1 --param training_threshold=2
expect_status 64 "--param given twice"

# --- progress on standard error (not a terminal here: nothing unless asked, then one final line; see
# progress_test.sh for a terminal) ---
run check "$hospital" --rules "$starter" --now "$now" --progress
expect_status 1 "--progress run"
contains "$err" "^checking: ([0-9]+)/\1 rules$" "final progress line"
run check "$hospital" --rules "$starter" --now "$now"
expect_status 1 "run without --progress"
if [ -n "$err" ]; then fail "progress shown when standard error is not a terminal: $err"; fi
run check "$hospital" --rules "$starter" --now "$now" --progress --quiet
expect_status 64 "--progress with --quiet"

# --- could not run, bad command lines ---
mkdir -p "$work/broken"
cp "$starter"/frameworks.textpb "$work/broken/"
cat >"$work/broken/rules.textpb" <<'PACK'
rule {
  id: "BROKEN"
  severity: HIGH
  title { en: "Broken" }
  for_each: "isms.asets"
  require: "true"
  reference { framework: "GDRP" citation: "x" }
}
PACK
run check "$hospital" --rules "$work/broken" --now "$now"
expect_status 2 "broken pack"
contains "$err" "broken/rules.textpb:5:3: rule 'BROKEN': for_each: hdsc.v1.Isms has no field 'asets' \(did you mean 'assets'\?\)" "located for_each error"
contains "$err" "broken/rules.textpb:1:1: rule 'BROKEN': unknown framework 'GDRP' \(did you mean 'GDPR'\?\)" "unknown framework"
run check "$hospital" --rules "$starter" --profile nope
expect_status 2 "unknown profile"
contains "$err" "unknown profile 'nope'" "unknown profile message"
run check "$work/missing.json" --rules "$starter"
expect_status 2 "missing dossier"
run check "$hospital" --rules "$starter" --now yesterday
expect_status 64 "bad --now"
run check "$hospital" --rules "$starter" --fail-on SEVERE
expect_status 64 "bad --fail-on"
run check --rules "$starter"
expect_status 64 "no dossier"
run check --help
expect_status 0 "help"
contains "$out" "exit codes:" "help documents exit codes"

# --- rules list / show ---
run rules list --rules "$starter" --framework HDS_V2
expect_status 0 "rules list"
if [ "$(wc -l <<<"$out")" -ne 2 ]; then fail "HDS_V2 has 2 starter rules, listed: $out"; fi
run rules show STARTER-GDPR-33-1 --rules "$starter" --lang fr
expect_status 0 "rules show"
contains "$out" "titre +: Les violations sont notifiées à la CNIL sous 72 heures" "French title"
contains "$out" "exigences +: GDPR ART-33, ISO27001_2022 A.5.24" "requirements evidenced"
contains "$out" "tests/check/starter/rules.textpb:[0-9]+:1" "where it is defined"
run rules show NOPE --rules "$starter"
expect_status 1 "unknown rule"

# --- test: fixtures pass, a wrong expectation is located ---
run test "$starter"
expect_status 0 "starter fixtures"
contains "$out" "all passed" "fixture summary"
mkdir -p "$work/fixtures"
cp "$starter"/*.textpb "$work/fixtures/"
cat >"$work/fixtures/wrong_test.textpb" <<'FIXTURE'
fixture {
  name: "wrong"
  now: "2026-03-01T00:00:00Z"
  dossier { breaches { id: "B" risk_level: RISK_LEVEL_RISK aware_at { seconds: 1771000000 } } }
  expect { rule_id: "STARTER-GDPR-33-1" subject: "breaches[0]" status: PASS }
}
FIXTURE
run test "$work/fixtures"
expect_status 1 "wrong fixture"
contains "$out" "wrong_test.textpb:5:3: fixture 'wrong': STARTER-GDPR-33-1 breaches\[0\]: expected PASS, got FAIL" "located fixture failure"

finish "all passed"
