#!/usr/bin/env bash
# Runs `hdscheck test DIR`. Usage: run_fixtures.sh PATH_TO_HDSCHECK DIR
set -uo pipefail
exec "$1" test "$2"
