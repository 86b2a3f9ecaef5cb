#!/usr/bin/env bash
# End-to-end tests of completeness with the bundled packs: under a profile, what the kind of organisation must
# describe and the dossier leaves out fails at HIGH or CRITICAL, so an empty or half-filled dossier cannot pass a
# `--fail-on HIGH` gate; every report shows, per framework, how much of it the data let the rules evaluate.
# Usage: completeness_test.sh PATH_TO_HDSCHECK
set -uo pipefail

hdscheck="$1"
now=2026-11-28T00:00:00Z
source tests/check/cli_testing.sh

# --- an empty dossier fails every profile at HIGH ---
echo '{}' >"$work/empty.json"
for profile in hospital clinic hds-host; do
  run check "$work/empty.json" --profile "$profile" --fail-on HIGH --now "$now"
  expect_status 1 "empty dossier, profile $profile, --fail-on HIGH"
  contains "$out" "FAIL +HIGH +GDPR-DOSSIER-ORG +\(dossier\)" "$profile: the organisation is not identified"
  contains "$out" "FAIL +HIGH +GDPR-30-5 " "$profile: no register of health data"
  contains "$out" "FAIL +HIGH +GDPR-37-1C " "$profile: no DPO"
  contains "$out" "FAIL +HIGH +ISO-SOA-1 " "$profile: no Statement of Applicability"
  for rule in ISO-DOSSIER-ASSETS ISO-DOSSIER-BACKUPS ISO-DOSSIER-TRAINING ISO-DOSSIER-IR ISO-DOSSIER-EXERCISES; do
    contains "$out" "FAIL +HIGH +$rule " "$profile: $rule"
  done
  contains "$out" "completeness: [0-9]+/[0-9]+ \([0-9]+\.[0-9] %\) requirements evaluated" "$profile: completeness shown"
done
run check "$work/empty.json" --profile hds-host --now "$now"
contains "$out" "FAIL +CRITICAL +HDS-HOST-1 " "hds-host: no HDS certificate"
contains "$out" "FAIL +HIGH +HDS-HOST-3 " "hds-host: no hosting activity"
contains "$out" "FAIL +HIGH +HDS-DOSSIER-CONTRACTS " "hds-host: no client contract"
run check "$work/empty.json" --profile hospital --now "$now"
lacks "$out" "FAIL +[A-Z]+ +(HDS-HOST-1|HDS-DOSSIER-CONTRACTS) " "a hospital is not asked for HDS certificates"

# Without a profile an empty dossier says nothing of the organisation: the completeness rules do not apply.
run check "$work/empty.json" --fail-on HIGH --now "$now"
expect_status 0 "empty dossier without a profile, --fail-on HIGH"

# --- a half-filled dossier: identity, DPO and register, but no ISMS ---
cat >"$work/half.json" <<'JSON'
{
  "organization": {
    "legal_name": "Clinique du Parc SAS",
    "siren": "412345678",
    "kind": "ORGANIZATION_KIND_PRIVATE_CLINIC",
    "address": "1 rue du Parc, 99100 Saint-Aubin",
    "country": "FR",
    "contact_email": "rgpd@clinique-du-parc.example",
    "dpo": {"name": "Cabinet Lex Data", "email": "dpo@lexdata.example", "declared_to_cnil": true}
  },
  "processing_activities": [
    {"id": "pa-epr", "name": "Electronic patient record", "role": "GDPR_ROLE_CONTROLLER",
     "purposes": ["Patient care"], "data_categories": ["DATA_CATEGORY_HEALTH"], "large_scale": true}
  ]
}
JSON
run check "$work/half.json" --profile clinic --fail-on HIGH --now "$now"
expect_status 1 "half-filled dossier, --fail-on HIGH"
for rule in GDPR-DOSSIER-ORG GDPR-30-5 GDPR-37-1C; do
  lacks "$out" "FAIL +[A-Z]+ +$rule " "half-filled dossier: $rule is described"
done
contains "$out" "FAIL +HIGH +ISO-SOA-1 " "half-filled dossier: no Statement of Applicability"
contains "$out" "FAIL +HIGH +ISO-DOSSIER-ASSETS " "half-filled dossier: no asset inventory"
run check "$work/half.json" --profile clinic --format json --now "$now"
contains "$out" '"completeness_percent": [0-9.]+' "completeness in the JSON report"
contains "$out" '"checkable_requirements": "[0-9]+"' "checkable requirements in the JSON report"

# --- the examples describe everything their profile needs: no completeness rule fails on them (ISO-SOA-1 fails on
# the clinic's partial Statement of Applicability, a planted gap of controls/examples/README.md) ---
for pair in university-hospital:hospital private-clinic:clinic hds-host:hds-host; do
  run check "controls/examples/${pair%%:*}.json" --profile "${pair##*:}" --now "$now"
  lacks "$out" "FAIL +[A-Z]+ +(GDPR-DOSSIER-|ISO-DOSSIER-|HDS-DOSSIER-|HDS-HOST-3 |GDPR-30-5 |GDPR-37-1C )" \
    "${pair%%:*}: a completeness rule fails"
  contains "$out" "completeness: ([0-9]+)/\1 \(100\.0 %\)" "${pair%%:*}: fully evaluated"
done

finish "OK"
