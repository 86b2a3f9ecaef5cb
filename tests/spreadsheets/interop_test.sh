#!/bin/sh
# Runs interop_test.py with the system python3, which has Debian's python3-openpyxl and python3-odf.
#   interop_test.sh HDSCHECK TEST.py DOSSIER
set -eu
hdscheck="$1"
case "$hdscheck" in /*) ;; *) hdscheck="$PWD/$hdscheck" ;; esac
exec python3 "$2" "$hdscheck" "$3"
