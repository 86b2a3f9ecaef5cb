#!/bin/sh
# The same dossier and options give byte-identical JSON, SARIF and HTML from hdscheck, from C and from Python; the
# same profile, language and format give byte-identical starter dossiers (hdscheck init), and the same dossier
# byte-identical conversions (JSON, textproto, binary, .xlsx, .ods).
#   parity_test.sh HDSCHECK RENDER_C LIBRARY RUN_PYTHON RENDER_PY DOSSIER CONVERT_C CONVERT_PY
set -eu
hdscheck="$1"
render_c="$2"
library="$3"
run_python="$4"
render_py="$5"
dossier="$6"
convert_c="$7"
convert_py="$8"
work="${TEST_TMPDIR:-$(mktemp -d)}"
fail() { echo "FAIL: $*" >&2; exit 1; }
# The same packs, named the same way, for the three (a report lists its packs' paths).
HDSC_RULES_DIR=controls
export HDSC_RULES_DIR

for lang in en fr; do
  for profile in hospital hds-host; do
    mkdir -p "$work/$lang-$profile/cli" "$work/$lang-$profile/c" "$work/$lang-$profile/python"
    status=0
    "$hdscheck" check --profile "$profile" --lang "$lang" --now 2026-11-28T00:00:00Z --format json,sarif,html \
      --output-dir "$work/$lang-$profile/cli" "$dossier" || status=$?
    [ "$status" -le 1 ] || fail "hdscheck exited $status"
    "$render_c" "$profile" "$lang" 1795824000 "$dossier" "$work/$lang-$profile/c" json sarif html
    "$run_python" "$library" "$render_py" "$profile" "$lang" 1795824000 "$dossier" "$work/$lang-$profile/python" \
      json sarif html
    for file in report.json report.sarif report.html; do
      [ -s "$work/$lang-$profile/cli/$file" ] || fail "hdscheck wrote no $file"
      cmp "$work/$lang-$profile/cli/$file" "$work/$lang-$profile/c/$file" ||
        fail "$lang $profile $file: C differs from hdscheck"
      cmp "$work/$lang-$profile/cli/$file" "$work/$lang-$profile/python/$file" ||
        fail "$lang $profile $file: Python differs from hdscheck"
    done
  done
done
for profile in hospital hds-host; do
  for lang in en fr; do
    for format in json textproto binary xlsx ods; do
      "$hdscheck" init --profile "$profile" --lang "$lang" --format "$format" -o - >"$work/init-cli"
      "$render_c" --init "$profile" "$lang" "$format" >"$work/init-c"
      "$run_python" "$library" "$render_py" --init "$profile" "$lang" "$format" >"$work/init-python"
      [ -s "$work/init-cli" ] || fail "hdscheck init wrote nothing"
      cmp "$work/init-cli" "$work/init-c" || fail "init $profile $lang $format: C differs from hdscheck"
      cmp "$work/init-cli" "$work/init-python" || fail "init $profile $lang $format: Python differs from hdscheck"
    done
  done
done
for format in json textproto binary xlsx ods; do
  for lang in en fr; do
    dir="$work/convert-$format-$lang"
    mkdir -p "$dir"
    "$hdscheck" convert "$dossier" --to "$format" --lang "$lang" -o "$dir/cli" || fail "hdscheck convert to $format"
    "$convert_c" "$dossier" "$dir/c" "$format" "$lang" || fail "C convert to $format"
    "$run_python" "$library" "$convert_py" "$dossier" "$dir/python" "$format" "$lang" || fail "Python convert"
    [ -s "$dir/cli" ] || fail "hdscheck wrote no $format"
    cmp "$dir/cli" "$dir/c" || fail "$format $lang: C differs from hdscheck"
    cmp "$dir/cli" "$dir/python" || fail "$format $lang: Python differs from hdscheck"
  done
done
echo "OK: hdscheck, C and Python give byte-identical JSON, SARIF and HTML, starter dossiers and conversions"
