"""Checks every dossier in a folder and prints a table of the rules that fail, worst first.

    python3 check_folder.py DOSSIER_DIR [--rules DIR] [--profile ID] [--now TIME] [--lang fr]

Exit status: 0 when nothing fails, 1 when some rule fails, 2 when a dossier could not be checked.
"""

import argparse
import collections
import os
import pathlib
import sys

import hdsc

DOSSIER_SUFFIXES = {".json", ".textproto", ".txtpb", ".pbtxt", ".textpb", ".pb", ".binpb"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--rules", default=os.environ.get("HDSC_RULES_DIR", "controls"))
    parser.add_argument("--profile", default=None)
    parser.add_argument("--now", default=None, help="RFC 3339 time rules see as now (default: the current time)")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)

    rows = []  # (severity, dossier, rule id, subjects that fail, first message)
    status = 0
    with hdsc.Checker(rules=args.rules, profile=args.profile, lang=args.lang) as checker:
        for path in sorted(p for p in args.folder.iterdir() if p.suffix in DOSSIER_SUFFIXES):
            try:
                report = checker.check(path, now=args.now, keep_passing=False)
            except hdsc.InvalidArgument as error:  # an invalid dossier: say where, go on with the others
                print(f"{path.name}: not checked: {error}", file=sys.stderr)
                status = 2
                continue
            by_rule = collections.defaultdict(list)
            for finding in report.failures:
                by_rule[finding.rule_id].append(finding)
            for rule_id, findings in by_rule.items():
                rows.append((findings[0].severity, path.name, rule_id, len(findings), findings[0].message))
            summary = report.summary
            print(f"{path.name}: {summary.failed} failing, {summary.errors} errors, {summary.passed} passing, "
                  f"{summary.waived} waived, {summary.manual} manual")

    rows.sort(key=lambda row: (-row[0], row[1], row[2]))
    if rows:
        status = max(status, 1)
        print()
        print(f"{'SEVERITY':<9} {'DOSSIER':<26} {'RULE':<12} {'N':>3}  FIRST MESSAGE")
        for severity, dossier, rule_id, count, message in rows:
            if len(message) > 70:
                message = message[:69] + "…"
            print(f"{severity.name:<9} {dossier:<26} {rule_id:<12} {count:>3}  {message}")
    return status


if __name__ == "__main__":
    sys.exit(main())
