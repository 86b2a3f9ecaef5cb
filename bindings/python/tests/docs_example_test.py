"""Runs every Python block of docs/python.md, in order, in one namespace, as a reader pasting them would.

Run from the repository (or runfiles) root, where the bundled packs are ``controls/``.
"""

import re
import sys
import textwrap

BLOCK = re.compile(r"^( *)```python\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def main(doc):
    with open(doc, encoding="utf-8") as file:
        text = file.read()
    blocks = [textwrap.dedent(match.group(2)) for match in BLOCK.finditer(text)]
    if not blocks:
        sys.exit(f"FAIL: {doc} has no Python block")
    namespace = {"__name__": "docs_example"}
    for number, block in enumerate(blocks, 1):
        try:
            exec(compile(block, f"{doc} block {number}", "exec"), namespace)
        except Exception:
            print(f"FAIL: block {number} of {doc}:\n{block}", file=sys.stderr)
            raise
    print(f"OK: the {len(blocks)} Python blocks of {doc} run")


if __name__ == "__main__":
    main(sys.argv[1])
