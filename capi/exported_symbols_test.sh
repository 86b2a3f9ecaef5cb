#!/bin/sh
# The shared library exports the C interface and nothing else: every defined dynamic symbol is an hdsc_* function.
set -eu
library="$1"
# Exported means global or weak (an upper-case nm type). gold also puts the few thread-local variables of the static
# Abseil/Protobuf/RE2 copies inside the library into .dynsym, but with LOCAL binding (lower-case 'b'/'d'): their TLS
# relocations need a symbol, yet nothing outside the library can see or interpose them.
symbols=$(nm -D --defined-only "$library" | awk '$(NF-1) ~ /^[A-Z]$/ { print $NF }')
if [ -z "$symbols" ]; then
  echo "FAIL: $library exports no symbol" >&2
  exit 1
fi
leaks=$(printf '%s\n' "$symbols" | grep -v '^hdsc_' || true)
if [ -n "$leaks" ]; then
  echo "FAIL: $library exports symbols outside hdsc_*:" >&2
  printf '%s\n' "$leaks" | head -20 >&2
  exit 1
fi
for required in hdsc_checker_new hdsc_checker_check hdsc_report_render hdsc_error_free hdsc_free hdsc_eval \
                hdsc_version_number; do
  if ! printf '%s\n' "$symbols" | grep -qx "$required"; then
    echo "FAIL: $library does not export $required" >&2
    exit 1
  fi
done
soname=$(objdump -p "$library" | awk '/SONAME/ { print $2 }')
if [ "$soname" != "libhdsc.so.2" ]; then
  echo "FAIL: SONAME is '$soname', expected libhdsc.so.2" >&2
  exit 1
fi
echo "OK: $(printf '%s\n' "$symbols" | wc -l) symbols, all hdsc_*; SONAME $soname"
