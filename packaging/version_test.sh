#!/bin/sh
# packaging/version.bzl agrees with capi/hdsc.h (release, ABI) and the Python project.
#   version_test.sh VERSION ABI HEADER PYPROJECT
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q "^#define HDSC_VERSION_STRING \"$1\"$" "$3" || fail "capi/hdsc.h is not release $1"
grep -q "^#define HDSC_ABI_VERSION $2$" "$3" || fail "capi/hdsc.h is not ABI $2"
grep -q "^version = \"$1\"$" "$4" || fail "bindings/python/pyproject.toml is not version $1"
echo "OK: release $1, ABI $2 everywhere"
