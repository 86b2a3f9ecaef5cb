#!/usr/bin/env bash
# Runs a Python 3 test script with the system python3 (standard library only). Bazel 4's py_test stub starts
# `python`, which Debian does not install, so the Python tests here are sh_tests over this script.
# Usage: run_python3.sh SCRIPT [ARGS...]
set -euo pipefail
exec python3 "$@"
