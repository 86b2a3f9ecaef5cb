"""Builds the Debian packages of hdsc from the Debian install tree, with Debian's own tools (dpkg-shlibdeps computes
the library dependencies, dpkg-deb builds):

    libhdsc2      libhdsc.so.2 and the bundled rule packs (/usr/share/hdsc/controls)
    libhdsc-dev   hdsc.h, the libhdsc.so link, hdsc.pc and the CMake package
    hdscheck      the command, its manual pages and completion, the schema and the example dossiers
    python3-hdsc  the Python package over libhdsc2

    build_debs.py --tree hdsc-debian.tar --python bindings/python/hdsc --version V --revision R \
        --changelog packaging/changelog --copyright packaging/copyright --out-dir DIR

The runtime package is libhdsc2, not libhdsc1: Debian names a library package after its SONAME, libhdsc.so.2.
"""

import argparse
import fnmatch
import gzip
import os
import shutil
import subprocess
import tarfile
import tempfile

MAINTAINER = "hdsc maintainers <maintainers@users.noreply.r-seed-f7266dd2.example>"

# Package: (architecture, section, description, files and directories of the tree it takes, fixed dependencies).
PACKAGES = {
    "libhdsc2": ("amd64", "libs", "compliance checker for French health-data hosting and GDPR - library",
                 ["usr/lib/x86_64-linux-gnu/libhdsc.so.*", "usr/share/hdsc/controls"], []),
    "libhdsc-dev": ("amd64", "libdevel", "compliance checker for French health-data hosting and GDPR - development",
                    ["usr/include", "usr/lib/x86_64-linux-gnu/libhdsc.so", "usr/lib/x86_64-linux-gnu/pkgconfig",
                     "usr/lib/x86_64-linux-gnu/cmake"], ["libhdsc2 (= {full})"]),
    "hdscheck": ("amd64", "utils", "compliance checker for French health-data hosting and GDPR - command",
                 ["usr/bin", "usr/share/man", "usr/share/bash-completion", "usr/share/hdsc/schema",
                  "usr/share/hdsc/examples"], ["libhdsc2 (= {full})"]),
    "python3-hdsc": ("all", "python", "compliance checker for French health-data hosting and GDPR - Python",
                     ["usr/lib/python3"], ["python3:any", "libhdsc2 (>= {version})"]),
}

LONG_DESCRIPTION = {
    "libhdsc2": """\
hdsc checks a health organisation's compliance dossier against the French
HDS certification (built on ISO 27001:2022), the GDPR and French health law.
This package holds the C library libhdsc, with its stable C interface, and
the bundled rule packs, cited article by article.""",
    "libhdsc-dev": """\
hdsc checks a health organisation's compliance dossier against the French
HDS certification (built on ISO 27001:2022), the GDPR and French health law.
This package holds what programs build against libhdsc with: the header
<hdsc/hdsc.h>, the link library, the pkg-config file hdsc.pc and the CMake
package (find_package(hdsc CONFIG) and the target hdsc::hdsc).""",
    "hdscheck": """\
hdsc checks a health organisation's compliance dossier against the French
HDS certification (built on ISO 27001:2022), the GDPR and French health law.
hdscheck validates dossiers, checks them against the rule packs and writes
reports in text, JSON, SARIF, JUnit, HTML, OSCAL and Markdown, signs and
compares them. With the dossier schema and example dossiers.""",
    "python3-hdsc": """\
hdsc checks a health organisation's compliance dossier against the French
HDS certification (built on ISO 27001:2022), the GDPR and French health law.
This package holds the hdsc module for Python 3: check dossiers, read the
findings with their citations, render and sign reports.""",
}


def matches(path, patterns):
    return any(path == p or path.startswith(p + "/") or fnmatch.fnmatch(path, p) for p in patterns)


def split_tree(root, stage_of):
    """Moves each file and link of `root` into the stage of the package that takes it."""
    for directory, _, files in os.walk(root):
        for name in files:
            full = os.path.join(directory, name)
            relative = os.path.relpath(full, root)
            owners = [package for package, spec in PACKAGES.items() if matches(relative, spec[3])]
            if len(owners) != 1:
                raise SystemExit(f"{relative}: taken by {owners or 'no package'}; each file needs one package")
            target = os.path.join(stage_of[owners[0]], relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.rename(full, target)


def compress_manual_pages(root):
    """Debian installs manual pages compressed (gzip -9n)."""
    for directory, _, files in os.walk(root):
        for name in files:
            path = os.path.join(directory, name)
            with open(path, "rb") as page, open(path + ".gz", "wb") as raw:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as compressed:
                    compressed.write(page.read())
            os.remove(path)


def elf_files(stage):
    found = []
    for directory, _, files in os.walk(stage):
        for name in files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                with open(path, "rb") as file:
                    if file.read(4) == b"\x7fELF":
                        found.append(path)
    return found


def shlib_depends(work, package, stage):
    """`shlibs:Depends` of the ELF files of `stage`, as dpkg-shlibdeps computes it ("" when there is none)."""
    files = elf_files(stage)
    if not files:
        return ""
    debian = os.path.join(work, "debian")
    os.makedirs(debian, exist_ok=True)
    with open(os.path.join(debian, "control"), "w", encoding="utf-8") as control:
        control.write(f"Source: hdsc\n\nPackage: {package}\nArchitecture: any\n")
    # The library being packaged, for the command's link to it (none today) to resolve.
    library_stage = os.path.join("debian", "libhdsc2", "usr", "lib", "x86_64-linux-gnu")
    relative = [os.path.relpath(f, work) for f in files]
    out = subprocess.run(["dpkg-shlibdeps", "-O", f"-l{library_stage}", *[f"-e{f}" for f in relative]], cwd=work,
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.split("=", 1)[1]
    return ""


def installed_size(stage):
    total = 0
    for directory, _, files in os.walk(stage):
        for name in files:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return (total + 1023) // 1024


def write_docs(stage, package, changelog, copyright_text, version, revision):
    doc = os.path.join(stage, "usr", "share", "doc", package)
    os.makedirs(doc, exist_ok=True)
    with open(os.path.join(doc, "copyright"), "w", encoding="utf-8") as file:
        file.write(copyright_text)
    text = open(changelog, encoding="utf-8").read().replace("@VERSION@", f"{version}-{revision}")
    with open(os.path.join(doc, "changelog.Debian.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as file:
            file.write(text.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", required=True)
    parser.add_argument("--python", required=True, help="the directory of the hdsc Python package")
    parser.add_argument("--version", required=True)
    parser.add_argument("--revision", required=True)
    parser.add_argument("--changelog", required=True)
    parser.add_argument("--copyright", required=True)
    parser.add_argument("--out-dir", required=True)
    args = parser.parse_args()
    full = f"{args.version}-{args.revision}"
    copyright_text = open(args.copyright, encoding="utf-8").read()

    with tempfile.TemporaryDirectory() as work:
        tree = os.path.join(work, "tree", "usr")
        os.makedirs(tree)
        with tarfile.open(args.tree) as archive:
            archive.extractall(tree)
        python = os.path.join(tree, "lib", "python3", "dist-packages", "hdsc")
        os.makedirs(python)
        for name in sorted(os.listdir(args.python)):
            if name.endswith(".py") or name == "py.typed":
                shutil.copyfile(os.path.join(args.python, name), os.path.join(python, name))
        compress_manual_pages(os.path.join(tree, "share", "man"))
        stage_of = {package: os.path.join(work, "debian", package) for package in PACKAGES}
        split_tree(os.path.join(work, "tree"), stage_of)
        for package, stage in stage_of.items():
            # These packages are not uploaded to Debian: there is no ITP bug for the first changelog entry to close.
            overrides = os.path.join(stage, "usr", "share", "lintian", "overrides", package)
            os.makedirs(os.path.dirname(overrides), exist_ok=True)
            with open(overrides, "w", encoding="utf-8") as file:
                file.write(f"# Built from the hdsc tree, not uploaded to Debian: no ITP bug to close.\n"
                           f"{package}: initial-upload-closes-no-bugs\n")

        for package, (architecture, section, summary, _, fixed) in PACKAGES.items():
            stage = stage_of[package]
            write_docs(stage, package, args.changelog, copyright_text, args.version, args.revision)
            control_dir = os.path.join(stage, "DEBIAN")  # also how dpkg-shlibdeps finds the package's root
            os.makedirs(control_dir)
            depends = [d for d in [shlib_depends(work, package, stage)] if d]
            depends += [d.format(full=full, version=args.version) for d in fixed]
            description = "\n".join(" " + (line or ".") for line in LONG_DESCRIPTION[package].splitlines())
            fields = [
                f"Package: {package}",
                "Source: hdsc",
                f"Version: {full}",
                f"Architecture: {architecture}",
                f"Maintainer: {MAINTAINER}",
                f"Installed-Size: {installed_size(stage)}",
                f"Depends: {', '.join(depends)}" if depends else None,
                f"Section: {section}",
                "Priority: optional",
                "Multi-Arch: same" if package.startswith("libhdsc") else None,
                f"Description: {summary}\n{description}",
            ]
            with open(os.path.join(control_dir, "control"), "w", encoding="utf-8") as control:
                control.write("\n".join(field for field in fields if field) + "\n")
            if package == "libhdsc2":
                with open(os.path.join(control_dir, "shlibs"), "w", encoding="utf-8") as shlibs:
                    shlibs.write(f"libhdsc 2 libhdsc2 (>= {args.version})\n")
                with open(os.path.join(control_dir, "triggers"), "w", encoding="utf-8") as triggers:
                    triggers.write("activate-noawait ldconfig\n")
            for directory, subdirectories, files in os.walk(stage):
                os.chmod(directory, 0o755)
            out = os.path.join(args.out_dir, f"{package}_{full}_{architecture}.deb")
            subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage, out], check=True,
                           stdout=subprocess.DEVNULL, env=dict(os.environ, SOURCE_DATE_EPOCH="315532800"))


if __name__ == "__main__":
    main()
