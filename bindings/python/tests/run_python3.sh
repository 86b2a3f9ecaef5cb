#!/bin/sh
# Runs a Python test against a built libhdsc with the system python3:
#   run_python3.sh LIBRARY TEST.py [ARGS...]
# from the repository (or runfiles) root. Sets HDSC_LIBRARY, puts bindings/python and the examples on PYTHONPATH,
# and preloads the sanitizer runtime a --config=asan or --config=tsan build of the library needs (python3 itself is
# not instrumented; its own allocations are not the library's to answer for, so leak detection is left to the C
# tests). A shell runner because Bazel 4's py_test stub starts with `#!/usr/bin/env python`, which Debian does not
# provide without python-is-python3.
set -eu
library="$1"
test="$2"
shift 2
case "$library" in /*) ;; *) library="$PWD/$library" ;; esac
HDSC_LIBRARY="$library"
PYTHONPATH="$PWD/bindings/python:$PWD/bindings/python/examples${PYTHONPATH:+:$PYTHONPATH}"
export HDSC_LIBRARY PYTHONPATH
runtime=$(ldd "$library" | awk '$1 ~ /^lib(asan|tsan)\.so/ { print $3; exit }')
if [ -n "$runtime" ]; then
  LD_PRELOAD="$runtime${LD_PRELOAD:+:$LD_PRELOAD}"
  ASAN_OPTIONS="detect_leaks=0"
  export LD_PRELOAD ASAN_OPTIONS
fi
exec python3 "$test" "$@"
