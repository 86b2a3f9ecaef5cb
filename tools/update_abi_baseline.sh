#!/bin/sh
# Refreshes the ABI baseline of libhdsc (capi/abi/libhdsc.abi), after an intended change of capi/hdsc.h, from a fresh
# build. An incompatible change (a removed function, a changed struct layout) must also bump HDSC_ABI_VERSION and the
# SONAME (capi/BUILD.bazel, capi/hdsc.lds users). Run from anywhere in the repository:
#   tools/update_abi_baseline.sh [BAZEL_STARTUP_OPTION...]      e.g. --output_base=$HOME/.cache/bazel-mine
# then review `git diff --stat capi/abi` and commit. `bazel test //capi:abi_test` checks against it.
set -eu
cd "$(dirname "$0")/.."
bazel "$@" build //capi:libhdsc_abi
bin=$(bazel "$@" info bazel-bin)
abidw --exported-interfaces-only --suppressions capi/abi/suppressions.txt \
  --no-corpus-path --no-show-locs --out-file capi/abi/libhdsc.abi "$bin/capi/abi/libhdsc.so.2"
echo "wrote capi/abi/libhdsc.abi"
