#!/usr/bin/env bash
# Builds hdsc optimised (-c opt) and installs it under a prefix (default /usr/local):
#   bin/hdscheck, lib/libhdsc.so.X.Y.Z with its SONAME and development links, include/hdsc/hdsc.h,
#   lib/pkgconfig/hdsc.pc, lib/cmake/hdsc/ (find_package(hdsc CONFIG)), share/hdsc/{controls,schema,examples}
#   and the manual pages and completion that exist. The installed hdscheck and libhdsc find the rule packs in
#   share/hdsc/controls of their prefix.
# usage: tools/install.sh [--prefix DIR] [BAZEL_BUILD_OPTION...]     (run tools/setup.sh once before)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local
bazel_options=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --prefix) [ "$#" -ge 2 ] || { echo "install: --prefix needs a directory" >&2; exit 64; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) bazel_options+=("$1"); shift ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

disk_cache="${HDSC_BAZEL_DISK_CACHE:-$HOME/.cache/hdsc-bazel-disk}"
bazel build -c opt --disk_cache="$disk_cache" "${bazel_options[@]}" //packaging:install_tree
tree="$(bazel info -c opt bazel-bin)/packaging/hdsc-install.tar"

SUDO=""
if ! mkdir -p "$prefix" 2>/dev/null || [ ! -w "$prefix" ]; then SUDO="sudo"; $SUDO mkdir -p "$prefix"; fi
$SUDO tar -xf "$tree" -C "$prefix" --no-same-owner
# A system prefix: refresh the run-time linker's cache so that programs find libhdsc.so.N.
if [ "$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null && grep -qs "^$prefix/lib\$" /etc/ld.so.conf /etc/ld.so.conf.d/*; then
  ldconfig
fi
echo "installed hdsc under $prefix: $("$prefix/bin/hdscheck" --version | head -1)"
