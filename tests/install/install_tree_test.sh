#!/bin/sh
# The install tree, used as a consumer would after `tools/install.sh --prefix PREFIX`: the installed hdscheck
# (its version, a check with no --rules), a C program built with pkg-config and a C++ program built with CMake's
# find_package(hdsc CONFIG), each run on an example dossier.
#   install_tree_test.sh TREE CONSUMER_C CONSUMER_CC CMAKELISTS
set -eu
tree="$1"
consumer_c="$2"
consumer_cc="$3"
cmakelists="$4"
work="${TEST_TMPDIR:-$(mktemp -d)}/install"
prefix="$work/prefix"
fail() { echo "FAIL: $*" >&2; exit 1; }
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
tree=$(absolute "$tree")
consumer_c=$(absolute "$consumer_c")
consumer_cc=$(absolute "$consumer_cc")
cmakelists=$(absolute "$cmakelists")
# Exit status of a command expected to find the example's gaps: 1.
expect_failures() { status=0; "$@" || status=$?; [ "$status" -eq 1 ] || fail "$* exited $status, expected 1"; }

rm -rf "$work"
mkdir -p "$prefix" "$work/elsewhere"
tar -xf "$tree" -C "$prefix"
example="$prefix/share/hdsc/examples/university-hospital.json"
cd "$work/elsewhere"  # no controls/ here: the packs must come from the prefix
unset HDSC_RULES_DIR

version=$("$prefix/bin/hdscheck" --version)
printf '%s\n' "$version"
printf '%s\n' "$version" | grep -q '^hdscheck [0-9]*\.[0-9]*\.[0-9]*$' || fail "no release in --version"
printf '%s\n' "$version" | grep -q '^libhdsc ABI 2$' || fail "no ABI in --version"
printf '%s\n' "$version" | grep -q "^rule packs: $prefix/share/hdsc/controls (220 rules, sha256 [0-9a-f]\{64\})$" ||
  fail "--version does not name the installed packs"
expect_failures "$prefix/bin/hdscheck" check "$example" --profile hospital --now 2026-11-28T00:00:00Z --format json \
  >"$work/report.json"
grep -q '"rule_id": "SEC-EOS-1"' "$work/report.json" || fail "the installed hdscheck did not check the example"
[ ! -e "$prefix/share/hdsc/controls/profiles/profiles_test.textpb" ] || fail "fixtures are installed"
[ "$(readlink "$prefix/lib/libhdsc.so")" = libhdsc.so.2 ] || fail "lib/libhdsc.so is not a link to libhdsc.so.2"
readlink "$prefix/lib/libhdsc.so.2" | grep -q '^libhdsc\.so\.[0-9]*\.[0-9]*\.[0-9]*$' ||
  fail "lib/libhdsc.so.2 is not a link to libhdsc.so.X.Y.Z"

for file in share/man/man1/hdscheck.1 share/man/fr/man1/hdscheck.1 share/bash-completion/completions/hdscheck \
            share/hdsc/schema/dossier.schema.json share/hdsc/schema/lib/model/dossier.proto; do
  [ -s "$prefix/$file" ] || fail "$file is not installed"
done
man -l "$prefix/share/man/man1/hdscheck.1" 2>/dev/null | grep -q 'hdscheck' || fail "the manual page does not render"

# C, with pkg-config.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists 'hdsc >= 0.2' || fail "pkg-config does not find hdsc >= 0.2"
cp "$consumer_c" "$work/consumer.c"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Werror "$work/consumer.c" $(pkg-config --cflags --libs hdsc) -Wl,-rpath,"$prefix/lib" \
  -o "$work/consumer" || fail "the C consumer does not build with pkg-config"
expect_failures "$work/consumer" "$example"

# C++, with CMake.
mkdir -p "$work/cmake"
cp "$consumer_cc" "$cmakelists" "$work/cmake/"
cmake -S "$work/cmake" -B "$work/cmake/build" -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake.log" 2>&1 ||
  { cat "$work/cmake.log"; fail "find_package(hdsc CONFIG REQUIRED) failed"; }
cmake --build "$work/cmake/build" >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "the C++ consumer does not build"; }
expect_failures "$work/cmake/build/consumer_cxx" "$example"
echo "OK: the install tree works from pkg-config, CMake and its own hdscheck"
