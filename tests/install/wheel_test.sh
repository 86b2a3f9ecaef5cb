#!/bin/sh
# The wheel, as a Python user installs it: a fresh virtual environment without the system's packages, no network,
# no environment variable; `import hdsc` checks an example with the packs the wheel carries.
#   wheel_test.sh WHEEL DOSSIER
set -eu
wheel="$1"
dossier="$2"
work="${TEST_TMPDIR:-$(mktemp -d)}/wheel"
fail() { echo "FAIL: $*" >&2; exit 1; }
case "$dossier" in /*) ;; *) dossier="$PWD/$dossier" ;; esac

rm -rf "$work"
mkdir -p "$work/elsewhere"
/usr/bin/python3 -m venv "$work/venv" || fail "python3 -m venv failed"
cp "$wheel" "$work/"
env -i PATH=/usr/bin:/bin HOME="$work" "$work/venv/bin/pip" install --no-index --no-cache-dir \
  "$work/$(basename "$wheel")" || fail "pip install --no-index of the wheel failed"
cd "$work/elsewhere"
env -i PATH=/usr/bin:/bin HOME="$work" "$work/venv/bin/python" - "$dossier" <<'PY' || fail "the installed package does not work"
import sys, hdsc, pathlib
package = pathlib.Path(hdsc.__file__).parent
assert (package / "py.typed").exists(), "no py.typed"
assert (package / "libhdsc.so.2").exists(), "no libhdsc.so.2 in the package"
assert not list(package.glob("controls/**/*_test.textpb")), "fixtures in the wheel"
with hdsc.Checker(profile="hospital") as checker:
    rules = checker.rule_count
    report = checker.check(sys.argv[1], now="2026-11-28T00:00:00Z")
assert report.summary.failed > 0, report.summary
records = report.to_records()
assert records and records[0]["citations"], records[:1]
print(f"hdsc {hdsc.__version__} from the wheel: {rules} rules, {report.summary.failed} failing")
PY
echo "OK: the wheel installs and works in an isolated virtual environment"
