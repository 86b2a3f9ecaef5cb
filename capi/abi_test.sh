#!/bin/sh
# Compares the ABI of the built library with the committed baseline (capi/abi/libhdsc.abi): a removed or changed
# function, or a changed public struct or enumerator, fails; an added function or enumerator passes.
# After an intended change, refresh the baseline with tools/update_abi_baseline.sh.
#   abi_test.sh BASELINE ABI_LIBRARY LIBRARY
# ABI_LIBRARY is hdsc.cc's object linked alone with the same version script and SONAME, because the linked LIBRARY
# carries no debug information in the default build mode; the test also checks that both export the same symbols.
set -u
baseline="$1"
abi_library="$2"
library="$3"
suppressions="$(dirname "$baseline")/suppressions.txt"

# Global and weak symbols only: the linked LIBRARY's .dynsym also holds a few LOCAL thread-local symbols of its
# static dependencies (see exported_symbols_test.sh), which are not exported.
exports() { nm -D --defined-only "$1" | awk '$(NF-1) ~ /^[A-Z]$/ { print $NF }' | sort; }
if [ "$(exports "$abi_library")" != "$(exports "$library")" ]; then
  echo "FAIL: $abi_library and $library export different symbols" >&2
  exit 1
fi

status=0
abidiff --exported-interfaces-only --no-added-syms --suppressions "$suppressions" \
  "$baseline" "$abi_library" || status=$?
if [ "$status" -ne 0 ]; then
  echo "FAIL: abidiff exit status $status: the ABI of $library differs from $baseline (see above)." >&2
  echo "If the change is intended (and HDSC_ABI_VERSION was bumped for an incompatible one), run" >&2
  echo "tools/update_abi_baseline.sh and commit capi/abi/libhdsc.abi." >&2
  exit 1
fi
echo "OK: the ABI of $library matches $baseline"
