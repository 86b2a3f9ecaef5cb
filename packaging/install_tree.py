"""Builds the install tree of hdsc as a tar archive: what `tools/install.sh` extracts under a prefix and what the
Debian packages are cut from.

    install_tree.py --out TAR --libdir lib --pc-prefix relocatable --version-header capi/hdsc.h \
        --program PATH --library PATH --header PATH --pc-in F --cmake-in F --cmake-version-in F \
        [--group DEST STRIP FILE...]... [--file DEST=SRC]...

A `--group` installs each FILE under DEST, without the leading STRIP of its path ("-" strips nothing); `_test.textpb`
fixtures are left out. `--pc-prefix relocatable` writes an hdsc.pc and a CMake package that find the prefix from
their own place, so the tree works wherever it is extracted; an absolute prefix (`/usr`) writes it in.
"""

import argparse
import io
import os
import re
import subprocess
import tarfile
import tempfile



def version_of(header):
    """The release (HDSC_VERSION_STRING) and ABI version (HDSC_ABI_VERSION) of capi/hdsc.h."""
    text = open(header, encoding="utf-8").read()
    release = re.search(r'#define HDSC_VERSION_STRING "([0-9.]+)"', text).group(1)
    abi = re.search(r"#define HDSC_ABI_VERSION ([0-9]+)", text).group(1)
    return release, abi


def fill(template, values):
    text = open(template, encoding="utf-8").read()
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    leftover = re.search(r"@[a-z_]+@", text)
    if leftover:
        raise SystemExit(f"{template}: no value for {leftover.group(0)}")
    return text.encode("utf-8")


def stripped(path, *flags):
    """The bytes of the ELF file at `path` without its symbol table and debug information."""
    with tempfile.TemporaryDirectory() as work:
        copy = os.path.join(work, "object")
        subprocess.run(["strip", *flags, "-o", copy, path], check=True)
        return open(copy, "rb").read()


class Tree:
    """Entries of a deterministic tar archive: sorted, owned by root, dated 1980-01-01."""

    def __init__(self):
        self.entries = {}

    def add(self, dest, data, mode=0o644):
        self.entries[dest] = ("file", data, mode)

    def link(self, dest, target):
        self.entries[dest] = ("link", target, 0o777)

    def write(self, out):
        directories = set()
        for dest in self.entries:
            parent = os.path.dirname(dest)
            while parent:
                directories.add(parent)
                parent = os.path.dirname(parent)
        with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as archive:
            for name in sorted(directories | set(self.entries)):
                info = tarfile.TarInfo("./" + name)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 315532800  # 1980-01-01, as SOURCE_DATE_EPOCH in the packages
                if name in directories and name not in self.entries:
                    info.type = tarfile.DIRTYPE
                    info.mode = 0o755
                    archive.addfile(info)
                    continue
                kind, payload, mode = self.entries[name]
                info.mode = mode
                if kind == "link":
                    info.type = tarfile.SYMTYPE
                    info.linkname = payload
                    archive.addfile(info)
                else:
                    info.size = len(payload)
                    archive.addfile(info, io.BytesIO(payload))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--libdir", required=True, help="relative to the prefix: lib, or lib/x86_64-linux-gnu")
    parser.add_argument("--pc-prefix", required=True, help="'relocatable', or the absolute prefix")
    parser.add_argument("--version-header", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--header", required=True)
    parser.add_argument("--pc-in", required=True)
    parser.add_argument("--cmake-in", required=True)
    parser.add_argument("--cmake-version-in", required=True)
    parser.add_argument("--group", nargs="+", action="append", default=[], metavar="DEST STRIP FILE")
    parser.add_argument("--file", action="append", default=[], metavar="DEST=SRC")
    args = parser.parse_args()

    release, abi = version_of(args.version_header)
    libdir = args.libdir.strip("/")
    tree = Tree()

    tree.add("bin/hdscheck", stripped(args.program), 0o755)
    real_name = f"libhdsc.so.{release}"
    tree.add(f"{libdir}/{real_name}", stripped(args.library, "--strip-unneeded"), 0o644)
    tree.link(f"{libdir}/libhdsc.so.{abi}", real_name)
    tree.link(f"{libdir}/libhdsc.so", f"libhdsc.so.{abi}")
    tree.add("include/hdsc/hdsc.h", open(args.header, "rb").read())

    depth = libdir.count("/") + 1
    if args.pc_prefix == "relocatable":
        prefix = "${pcfiledir}/" + "/".join([".."] * (depth + 1))
        pc_libdir, pc_includedir = "${prefix}/" + libdir, "${prefix}/include"
    else:
        prefix = args.pc_prefix.rstrip("/") or "/"
        pc_libdir, pc_includedir = f"{prefix}/{libdir}", f"{prefix}/include"
    tree.add(f"{libdir}/pkgconfig/hdsc.pc", fill(args.pc_in, {
        "prefix": prefix, "libdir": pc_libdir, "includedir": pc_includedir, "version": release}))
    cmake_dir = f"{libdir}/cmake/hdsc"
    tree.add(f"{cmake_dir}/hdscConfig.cmake", fill(args.cmake_in, {
        "to_prefix": "/".join([".."] * (depth + 2)), "libdir": libdir, "abi": abi}))
    tree.add(f"{cmake_dir}/hdscConfigVersion.cmake", fill(args.cmake_version_in, {"version": release}))

    for group in args.group:
        if len(group) < 3:
            raise SystemExit("--group needs DEST STRIP and at least one FILE")
        dest, strip, files = group[0], group[1], group[2:]
        for path in files:
            if path.endswith("_test.textpb"):
                continue
            relative = path[len(strip):] if strip != "-" and path.startswith(strip) else path
            if strip != "-" and not path.startswith(strip):
                raise SystemExit(f"--group {dest}: {path} does not start with {strip}")
            tree.add(f"{dest}/{relative}", open(path, "rb").read())
    for entry in args.file:
        dest, _, src = entry.partition("=")
        tree.add(dest, open(src, "rb").read())
    tree.write(args.out)


if __name__ == "__main__":
    main()
