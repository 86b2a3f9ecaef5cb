#!/bin/sh
# The Debian packages, installed as an administrator would (`apt-get install ./*.deb`), then used: hdscheck from
# PATH, a C program built against libhdsc-dev with pkg-config, `import hdsc` with Debian's python3. The packages are
# removed at the end. Needs root (CI runs as root); elsewhere it says so and checks only the packages' metadata.
#   debian_packages_test.sh CONSUMER_C DEB...
set -eu
consumer_c="$1"
case "$consumer_c" in /*) ;; *) consumer_c="$PWD/$consumer_c" ;; esac
shift
work="${TEST_TMPDIR:-$(mktemp -d)}/debs"
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
debs=""
for deb in "$@"; do
  case "$deb" in /*) ;; *) deb="$PWD/$deb" ;; esac
  cp "$deb" "$work/"
  debs="$debs $work/$(basename "$deb")"
done
for deb in $debs; do
  dpkg-deb --field "$deb" Package Version Depends >/dev/null || fail "$deb is not a Debian package"
done
if command -v lintian >/dev/null; then
  # shellcheck disable=SC2086
  lintian --fail-on error,warning $debs || fail "lintian"
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: the packages were built and checked, not installed"
  exit 0
fi

packages="hdscheck libhdsc-dev python3-hdsc libhdsc2"
remove() { DEBIAN_FRONTEND=noninteractive apt-get remove -y $packages >/dev/null 2>&1 || true; }
trap remove EXIT
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $debs || fail "apt-get install failed"

cd "$work"
example=/usr/share/hdsc/examples/university-hospital.json
env -i PATH=/usr/bin:/bin hdscheck --version | grep -q '^rule packs: /usr/share/hdsc/controls ' ||
  fail "hdscheck from PATH does not find the packaged packs"
status=0
env -i PATH=/usr/bin:/bin hdscheck check "$example" --profile hospital --now 2026-11-28T00:00:00Z >/dev/null || status=$?
[ "$status" -eq 1 ] || fail "hdscheck check of the example exited $status, expected 1"
cp "$consumer_c" consumer.c
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Werror consumer.c $(pkg-config --cflags --libs hdsc) -o consumer ||
  fail "the C consumer does not build against libhdsc-dev"
status=0
./consumer "$example" || status=$?
[ "$status" -eq 1 ] || fail "the C consumer exited $status, expected 1"
env -i PATH=/usr/bin:/bin /usr/bin/python3 -c "
import hdsc
report = hdsc.Checker(profile='hospital').check('$example', now='2026-11-28T00:00:00Z')
assert report.summary.failed > 0
print('python3-hdsc', hdsc.__version__, report.summary.failed, 'failing')
" || fail "import hdsc with Debian's python3"
echo "OK: the Debian packages install, work and remove"
