"""The release and C ABI version in the names of the packages and the wheel. //packaging:version_test checks that
they are those of capi/hdsc.h and lib/base/version.h."""

HDSC_VERSION = "0.2.0"
HDSC_ABI_VERSION = "2"
# The Debian revision of the packages built from this tree.
DEBIAN_REVISION = "1"
