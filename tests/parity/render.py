"""Renders one dossier's report in the given formats through the Python package, into DIR/report.<ext>, for the
front-end parity test (json, sarif and html: the names hdscheck writes too), or writes a starter dossier to
standard output.

    usage: render.py PROFILE LANG NOW_SECONDS DOSSIER DIR FORMAT...
           render.py --init PROFILE LANG FORMAT          (FORMAT: json, textproto, binary, xlsx or ods)
"""

import pathlib
import sys

import hdsc

def main(profile, lang, now, dossier, directory, *formats):
    with hdsc.Checker(profile=profile, lang=lang) as checker:
        report = checker.check(dossier, now=int(now))
        for format in formats:
            pathlib.Path(directory, f"report.{format}").write_bytes(report.render(format).encode("utf-8"))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--init"]:
        sys.stdout.buffer.write(hdsc.init_dossier(sys.argv[2], lang=sys.argv[3], format=sys.argv[4]))
    else:
        main(*sys.argv[1:])
