#!/usr/bin/env bash
# Installs everything hdsc needs to build and test on Debian 12, offline from anything but Debian's
# archive and the npm registry. Idempotent: safe to run again. Run as root (or with sudo available).
set -euo pipefail

cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  bazel-bootstrap          # the build: Bazel 4.2.3, offline with third_party/
  g++ clang                # compilers (clang for the fuzz targets)
  libabsl-dev              # Abseil
  libprotobuf-dev protobuf-compiler
  libre2-dev               # regular expressions (CEL `matches`)
  libminizip-dev zlib1g-dev libexpat1-dev  # spreadsheets (.xlsx, .ods): zip archives and XML; linked into libhdsc.so.2
  python3-openpyxl python3-odf  # other programs' readers and writers of .xlsx and .ods, for //tests/spreadsheets
  cmake ninja-build dpkg-dev unicode-data python3-six  # tools/build_pic_deps.sh: PIC copies of the three above
  libssl-dev               # SHA-256, signatures
  libgtest-dev libgmock-dev
  libbenchmark-dev
  abigail-tools            # ABI baseline checks of libhdsc.so
  tzdata                   # time zones for CEL timestamp accessors
  python3 python3-pip python3-setuptools python3-wheel python3-venv  # the `hdsc` package, installable with pip offline
  pkg-config lintian fakeroot  # packaging/: the Debian packages, and the tests that build against them
  chromium fonts-dejavu-core  # renders the HTML report in a test, as a reader would see it
  man-db groff-base        # renders the manual pages hdscheck.1 and hdscheck.fr.1 in a test
)
# Node.js exports the CEL conformance suite from the npm package @bufbuild/cel-spec. Machines that already
# have a Node.js with npm (e.g. from NodeSource, whose nodejs conflicts with Debian's npm) keep theirs.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "setup: Debian packages ready"

# libhdsc.so.2 carries Abseil, Protobuf and RE2 inside it; Debian's .a files are not PIC, so they are rebuilt with
# -fPIC from Debian's source packages (see third_party/system/BUILD.bazel). Skipped when already up to date.
tools/build_pic_deps.sh

# Test data from the npm registry, each pinned by a committed package-lock.json and reinstalled only when the
# lock file changes: the CEL conformance suite (@bufbuild/cel-spec), the SARIF 2.1.0 schema and its validator,
# the JSON Schema draft 2020-12 validator the dossier schema is tested with, and the JavaScript CEL engine
# bench/cel_vs_js.sh compares with (@bufbuild/cel).
for dir in tools/cel-spec tools/sarif-schema tools/json-schema bench/js; do
  installed_lock="$dir/node_modules/.installed-package-lock.json"
  if ! cmp -s "$dir/package-lock.json" "$installed_lock"; then
    npm ci --prefix "$dir" --no-audit --no-fund
    cp "$dir/package-lock.json" "$installed_lock"
  fi
done
echo "setup: npm test data ready"

# The conformance suite is exported to tests/conformance/testdata for Bazel to read.
node tools/cel_spec_export.js tests/conformance/testdata
echo "setup: CEL conformance suite exported"
