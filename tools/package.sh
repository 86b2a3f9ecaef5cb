#!/usr/bin/env bash
# Builds hdsc optimised (-c opt) into dist/: the Debian packages libhdsc2, libhdsc-dev, hdscheck and python3-hdsc
# (dpkg-shlibdeps and dpkg-deb; checked with lintian), and the Python wheel hdsc-X.Y.Z-py3-none-linux_x86_64.whl
# that carries libhdsc and the rule packs.
# usage: tools/package.sh [BAZEL_BUILD_OPTION...]      then: sudo apt install ./dist/*.deb, or
#                                                          pip install --no-index dist/hdsc-*.whl
set -euo pipefail
cd "$(dirname "$0")/.."

disk_cache="${HDSC_BAZEL_DISK_CACHE:-$HOME/.cache/hdsc-bazel-disk}"
bazel build -c opt --disk_cache="$disk_cache" "$@" //packaging:debs //packaging:wheel
bin="$(bazel info -c opt bazel-bin)/packaging"
mkdir -p dist
rm -f dist/*.deb dist/hdsc-*.whl
cp "$bin"/*.deb "$bin"/hdsc-*.whl dist/
chmod 644 dist/*
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning dist/*.deb
fi
ls -l dist/
