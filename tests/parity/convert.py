"""Converts one dossier file through the Python package, for the front-end parity test.

    usage: convert.py IN OUT FORMAT LANG
"""

import sys

import hdsc


def main(source, target, to, lang):
    hdsc.convert(source, to, lang=lang).write(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
