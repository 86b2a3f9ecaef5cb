#!/usr/bin/env bash
# Builds position-independent static archives of Abseil, Protobuf and RE2 for libhdsc.so.2, from Debian's own
# source packages at exactly the versions of the installed -dev packages (same patches, same headers, same inline
# namespace), into /usr/local/lib/hdsc-pic. Called by tools/setup.sh; idempotent (skipped when up to date).
#
# Why: Debian's libabsl_*.a, libprotobuf.a and libre2.a are compiled as PIE, not PIC. They link into executables
# but not into a shared object: the linker refuses their local-exec TLS (R_X86_64_TPOFF32, e.g. protobuf's
# ThreadSafeArena::thread_cache_) and their PC-relative references to libstdc++/libc data (R_X86_64_PC32 against
# typeinfo, vtables, stderr): "requires dynamic R_X86_64_PC32 reloc ... recompile with -fPIC".
set -euo pipefail

PREFIX="${HDSC_PIC_PREFIX:-/usr/local/lib/hdsc-pic}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

source_of() { dpkg-query -W -f='${source:Package}=${source:Version}' "$1"; }
wanted="$(source_of libabsl-dev) $(source_of libprotobuf-dev) $(source_of libre2-dev)"
if [ -f "$PREFIX/VERSIONS" ] && [ "$(cat "$PREFIX/VERSIONS")" = "$wanted" ]; then
  echo "setup: PIC archives up to date in $PREFIX ($wanted)"
  exit 0
fi

# apt-get source needs the deb-src lines of the same archive as the binary packages.
if ! apt-get source --print-uris "$(source_of libre2-dev)" >/dev/null 2>&1; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      $SUDO tee /etc/apt/sources.list.d/hdsc-deb-src.sources >/dev/null
  else
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $SUDO tee /etc/apt/sources.list.d/hdsc-deb-src.list >/dev/null
  fi
  $SUDO apt-get update
fi

# A build left by an interrupted run is reused (each library is built once); removed when all is installed.
work="${HDSC_PIC_WORK:-/var/tmp/hdsc-pic-build}"
mkdir -p "$work"
cd "$work"
if [ "$(cat sources 2>/dev/null)" != "$wanted" ]; then
  rm -rf ./*
  # shellcheck disable=SC2086
  apt-get source --download-only $wanted
  for dsc in *.dsc; do dpkg-source -q -x "$dsc" >/dev/null; done
  echo "$wanted" >sources
fi
jobs="$(nproc)"
out="$work/out"
mkdir -p "$out"

# Abseil: the same CMake configuration as debian/rules' static build (C++17), plus -fPIC.
cmake -S abseil-*/ -B absl-build -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O2" \
  -DCMAKE_CXX_STANDARD=17 -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
ninja -C absl-build -j "$jobs" >/dev/null
find absl-build -name 'libabsl_*.a' -exec cp {} "$out" \;

# Protobuf: the runtime library only (no protoc), without zlib (hdsc reads no gzip streams), -fPIC.
cmake -S protobuf-*/ -B protobuf-build -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O2" \
  -DCMAKE_CXX_STANDARD=17 -Dprotobuf_BUILD_TESTS=OFF -Dprotobuf_BUILD_PROTOC_BINARIES=OFF \
  -Dprotobuf_WITH_ZLIB=OFF -Dprotobuf_BUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON >/dev/null
ninja -C protobuf-build -j "$jobs" libprotobuf >/dev/null
cp protobuf-build/libprotobuf.a "$out"

# RE2: its Makefile's static archive, compiled with -fPIC; the Unicode tables that Debian's source package leaves
# out are generated from unicode-data, as debian/rules does.
make -C re2-*/ -j "$jobs" CXXFLAGS="-O2 -fPIC" REBUILD_TABLES=1 obj/libre2.a >/dev/null
cp re2-*/obj/libre2.a "$out"

$SUDO mkdir -p "$PREFIX"
$SUDO cp "$out"/*.a "$PREFIX"
echo "$wanted" | $SUDO tee "$PREFIX/VERSIONS" >/dev/null
cd /
rm -rf "$work"
echo "setup: PIC archives built in $PREFIX ($wanted)"
