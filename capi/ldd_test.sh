#!/bin/sh
# libhdsc.so.2 depends on the C and C++ runtimes and OpenSSL's libcrypto, nothing else: Abseil, Protobuf, RE2, minizip,
# expat and zlib are linked in statically (see third_party/system/BUILD.bazel). Checks both the NEEDED entries (what
# the library asks for) and ldd (everything the loader brings in for it), and that the text needs no relocation.
# Sanitizer builds add their runtime.
#   ldd_test.sh LIBRARY
set -eu
library="$1"
allowed='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2|libcrypto\.so\.3|lib(a|t|ub)san\.so\.[0-9]+)$'
status=0

needed=$(readelf -d "$library" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
if [ -z "$needed" ]; then
  echo "FAIL: readelf shows no NEEDED entry in $library" >&2
  exit 1
fi
extra=$(printf '%s\n' "$needed" | grep -Ev "$allowed" || true)
if [ -n "$extra" ]; then
  echo "FAIL: $library has NEEDED entries beyond the C/C++ runtimes and libcrypto:" >&2
  printf '  %s\n' $extra >&2
  status=1
fi

loaded=$(ldd "$library" | awk '{ print $1 }' | sed 's|.*/||')
extra=$(printf '%s\n' "$loaded" | grep -Ev "$allowed" || true)
if [ -n "$extra" ]; then
  echo "FAIL: ldd $library loads libraries beyond the C/C++ runtimes and libcrypto:" >&2
  printf '  %s\n' $extra >&2
  status=1
fi
if ldd "$library" | grep -q 'not found'; then
  echo "FAIL: ldd $library: a dependency is not found" >&2
  status=1
fi

# The static archives inside (zlib, minizip and expat as Debian ships them) must not make the text relocatable.
if readelf -d "$library" | grep -q TEXTREL; then
  echo "FAIL: $library has text relocations (TEXTREL): a static archive linked into it is not position-independent" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "OK: $library needs only: $(printf '%s ' $needed)"
fi
exit "$status"
