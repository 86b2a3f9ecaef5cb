"""Builds the Python wheel hdsc-VERSION-py3-none-linux_x86_64.whl: the package of bindings/python with libhdsc and
the bundled rule packs inside it, so that `pip install` of the wheel is all a user needs.

    build_wheel.py --out WHEEL --library libhdsc.so.N --project bindings/python [--packs FILE...]

Packs are taken from their paths below `controls/`; `_test.textpb` fixtures are left out.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--library", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--packs", nargs="+", default=[])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        project = os.path.join(work, "project")
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("tests", "examples", "BUILD.bazel",
                                                                             "__pycache__"))
        package = os.path.join(project, "hdsc")
        library = os.path.join(package, os.path.basename(args.library))
        subprocess.run(["strip", "--strip-unneeded", "-o", library, args.library], check=True)
        os.chmod(library, 0o644)
        for path in args.packs:
            if path.endswith("_test.textpb"):
                continue
            relative = path[path.index("controls/"):]
            os.makedirs(os.path.dirname(os.path.join(package, relative)), exist_ok=True)
            shutil.copyfile(path, os.path.join(package, relative))
        # A wheel for this platform: it carries a native library.
        with open(os.path.join(project, "setup.cfg"), "w", encoding="utf-8") as config:
            config.write("[bdist_wheel]\npython_tag = py3\nplat_name = linux_x86_64\n")
        dist = os.path.join(work, "dist")
        build = ("import sys; from setuptools import build_meta; "
                 "print(build_meta.build_wheel(sys.argv[1]))")
        env = dict(os.environ, HOME=work, SOURCE_DATE_EPOCH="315532800")
        name = subprocess.run([sys.executable, "-c", build, dist], cwd=project, env=env, check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
        if not name.endswith("-py3-none-linux_x86_64.whl"):
            raise SystemExit(f"unexpected wheel name {name}")
        shutil.copyfile(os.path.join(dist, name), args.out)


if __name__ == "__main__":
    main()
