#!/usr/bin/env bash
# The bash completion script completes commands, options, report formats (also in a comma-separated list),
# severities, subcommands and the profiles of the rule packs, which it asks of `hdscheck rules profiles`.
# Usage: completion_test.sh PATH_TO_HDSCHECK hdscheck.bash-completion
set -uo pipefail

hdscheck="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# shellcheck source=/dev/null
source "$2"
export HDSC_RULES_DIR="$PWD/controls"
failures=0

# expect "WORDS..." -- EXPECTED: completes the last of WORDS (after `hdscheck`) and compares COMPREPLY, sorted.
expect() {
  local -a words=()
  while [ "$1" != "--" ]; do words+=("$1"); shift; done
  shift
  COMP_WORDS=("$hdscheck" "${words[@]}")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _hdscheck
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
  if [ "$got" == "$*" ]; then
    echo "ok: hdscheck ${words[*]}<TAB> -> $got"
  else
    echo "FAIL: hdscheck ${words[*]}<TAB>: expected '$*', got '$got'" >&2
    failures=$((failures + 1))
  fi
}

complete -p hdscheck | grep -q -- '-F _hdscheck' || { echo "FAIL: no completion for hdscheck" >&2; exit 1; }
expect ch -- check
expect "" -- --help --version check convert diff eval evidence help init rules test validate verify
expect check --for -- --format
expect check --pro -- --profile --progress
expect check --format "" -- html json junit md oscal sarif text
expect check --format j -- json junit
expect check --format text,s -- text,sarif
expect check --format = j -- json junit
expect check --profile "" -- clinic hds-host hospital
expect check --profile ho -- hospital
# With --rules, the profiles of those packs.
packs=$(mktemp -d)
trap 'rm -rf "$packs"' EXIT
cat >"$packs/mine.textpb" <<'PACK'
framework { id: "MINE" title { en: "House rules" } version: "1" }
profile { id: "small-office" title { en: "Small office" } framework: "MINE" }
PACK
expect check --rules "$packs" --profile "" -- small-office
expect check --rules = "$packs" --profile "" -- small-office
expect check --rules="$packs" --profile "" -- small-office
expect check --rules "$packs/missing" --profile "" --
expect check --fail-on "" -- CRITICAL HIGH INFO LOW MEDIUM
expect check --lang "" -- en fr
expect check --now "" --
expect validate --format "" -- auto binary json ods textproto xlsx
expect convert --to "" -- binary json ods textproto xlsx
expect convert --lang "" -- en fr
expect rules "" -- list profiles show
expect rules --lang fr "" -- list profiles show
expect evidence "" -- hash
expect help "" -- check convert diff eval evidence help init rules test validate verify
expect help --completion "" -- bash
expect verify --pub -- --pubkey
expect init --profile "" -- clinic hds-host hospital
expect init --format "" -- binary json ods textproto xlsx
expect init --f -- --force --format
# Unset, the profiles still come from the bundled packs, found through hdscheck's runfiles.
unset HDSC_RULES_DIR
expect check --profile "" -- clinic hds-host hospital

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures completion(s) wrong" >&2
  exit 1
fi
echo "PASS"
