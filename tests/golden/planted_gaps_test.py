"""Checks the golden JSON reports against the planted gaps listed in controls/examples/README.md.

For each row of the README's gap tables: every rule of the last column reports a FAIL (WAIVED where the row says
so) whose subject is one of the row's subjects, and every subject of the row is reported by one of its rules.
Conversely, every FAIL, WAIVED or ERROR finding of an example's report belongs to some row: nothing else is flagged.

Subjects match as dossier paths: a finding on `processors[0]` matches a row on `processors[0].sub_processors[1]`
(the rule reports the parent) and the other way round, and a finding with no subject (a rule over the whole
dossier) matches any row that names its rule. Where the README gives a subject's id in parentheses
("`isms.assets[2]` (a-pacs, ...)"), the finding on that path must carry that `subject_id`.

Usage: planted_gaps_test.py [README [GOLDEN_DIR]] (defaults: controls/examples/README.md, tests/golden).
"""

import json
import os
import re
import sys
import unittest

README = "controls/examples/README.md"
GOLDEN_DIR = "tests/golden"

# Rule ids and ranges in the last column: "SEC-BKP-1 to SEC-BKP-5", "SEC-EOS-2 (WAIVED)".
_RULE = re.compile(r"\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\b(?:\s+to\s+([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+))?"
                   r"(\s*\(WAIVED\))?")
_BACKTICKED = re.compile(r"`([^`]+)`(?:\s*\(([^)]*)\))?")
_SUBJECT_ID = re.compile(r"^(?:[a-z]+(?:-[a-z0-9]+)+|\d+\.\d+)$")
_CONTROL_ID = re.compile(r"(?<![\w.\[])(\d+\.\d+)(?![\w.\]])")


class Row(object):
    def __init__(self, example, number, subjects, rules, text):
        self.example = example
        self.number = number
        self.subjects = subjects  # [(path, subject_id or None)]
        self.rules = rules  # {rule_id: expected status}
        self.text = text

    def __repr__(self):
        return "%s row %s" % (self.example, self.number)


def expand_rules(cell):
    """{rule_id: "FAIL" or "WAIVED"} from the last column."""
    rules = {}
    for match in _RULE.finditer(cell):
        first, last, waived = match.group(1), match.group(2), match.group(3)
        status = "WAIVED" if waived else "FAIL"
        if last:
            prefix, start = re.match(r"(.*?)(\d+)$", first).groups()
            last_prefix, end = re.match(r"(.*?)(\d+)$", last).groups()
            if prefix != last_prefix or int(end) < int(start):
                raise ValueError("cannot expand the range %s to %s" % (first, last))
            for n in range(int(start), int(end) + 1):
                rules["%s%d" % (prefix, n)] = status
        else:
            rules[first] = status
    return rules


def parse_subjects(cell):
    """[(path, subject_id or None)] from the subject column.

    Handles "`isms.assets[2]`, `[20]`" (an index of the previous collection), "`processing_activities[0..2]`"
    (a range), and Statement of Applicability control ids given outside backticks ("`...applicability` 5.18",
    "`...applicability[73]` (8.15) and 8.16"), which name the entry by its subject id.
    """
    subjects = []
    collection = None
    for match in _BACKTICKED.finditer(cell):
        path, note = match.group(1).strip(), match.group(2)
        subject_id = None
        if note:
            first_word = re.split(r"[,\s]", note.strip())[0]
            if _SUBJECT_ID.match(first_word):
                subject_id = first_word
        index = re.fullmatch(r"\[(\d+)\]", path)
        if index:
            if collection is None:
                raise ValueError("index %s with no collection before it in %r" % (path, cell))
            path = "%s[%s]" % (collection, index.group(1))
        bounds = re.fullmatch(r"(.*)\[(\d+)\.\.(\d+)\]", path)
        if bounds:
            collection = bounds.group(1)
            for n in range(int(bounds.group(2)), int(bounds.group(3)) + 1):
                subjects.append(("%s[%d]" % (collection, n), None))
            continue
        indexed = re.fullmatch(r"(.*)\[\d+\]", path)
        collection = indexed.group(1) if indexed else path
        subjects.append((path, subject_id))
    # Control ids outside backticks and parentheses name Statement of Applicability entries.
    bare = re.sub(r"`[^`]*`|\([^)]*\)", " ", cell)
    soa = [s for s in subjects if s[0].startswith("isms.statement_of_applicability")]
    control_ids = _CONTROL_ID.findall(bare)
    if soa and control_ids:
        subjects = [s for s in subjects if s[0] != "isms.statement_of_applicability"]
        subjects.extend(("isms.statement_of_applicability", control_id) for control_id in control_ids)
    return subjects


def split_row(line):
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())]
    return cells[1:-1]


def parse_readme(text):
    """Rows of the planted-gap tables, one table per `### \\`EXAMPLE.json\\`` section."""
    rows = []
    example = None
    for line in text.splitlines():
        heading = re.match(r"^###\s+`([^`]+)\.json`", line)
        if heading:
            example = heading.group(1)
            continue
        if line.startswith("#"):
            example = None
            continue
        if example is None or not line.startswith("|"):
            continue
        cells = split_row(line)
        if len(cells) < 3 or cells[0] in ("#", "") or set(cells[0]) <= set("-: "):
            continue
        rows.append(Row(example, cells[0], parse_subjects(cells[1]), expand_rules(cells[-1]), line))
    return rows


def path_related(finding_subject, row_path):
    """True if one path is the other or lies inside it ('' is the dossier root)."""
    if not finding_subject or finding_subject == row_path:
        return True
    for outer, inner in ((finding_subject, row_path), (row_path, finding_subject)):
        if inner.startswith(outer) and inner[len(outer)] in ".[":
            return True
    return False


def subject_matches(finding, spec):
    path, subject_id = spec
    subject = finding.get("subject", "")
    if not path_related(subject, path):
        return False
    if subject_id is None:
        return True
    if subject == path:
        return finding.get("subject_id") == subject_id
    # A collection named with an id ("`isms.statement_of_applicability` 5.18"): the element with that id.
    if subject.startswith(path + "[") and "." not in subject[len(path):]:
        return finding.get("subject_id") == subject_id
    return not subject  # a dossier-level finding


def flagged(report):
    return [f for f in report["findings"] if f["status"] in ("FAIL", "WAIVED", "ERROR")]


def describe(finding):
    return "%s %s %s (%s): %s" % (finding["status"], finding["rule_id"], finding.get("subject", "") or "<dossier>",
                                  finding.get("subject_id", ""), finding.get("message", ""))


class PlantedGapsTest(unittest.TestCase):
    readme = README
    golden_dir = GOLDEN_DIR

    @classmethod
    def setUpClass(cls):
        with open(cls.readme, encoding="utf-8") as f:
            cls.rows = parse_readme(f.read())
        cls.reports = {}
        for example in sorted({row.example for row in cls.rows}):
            with open(os.path.join(cls.golden_dir, example + ".json"), encoding="utf-8") as f:
                cls.reports[example] = json.load(f)

    def test_readme_lists_the_three_examples(self):
        self.assertEqual(sorted(self.reports), ["hds-host", "private-clinic", "university-hospital"])
        for example in self.reports:
            self.assertGreater(len([r for r in self.rows if r.example == example]), 10, example)

    def test_every_planted_gap_is_reported(self):
        problems = []
        for row in self.rows:
            findings = self.reports[row.example]["findings"]
            if not row.subjects or not row.rules:
                problems.append("%r: no subject or no rule parsed from: %s" % (row, row.text))
                continue
            for rule_id, status in sorted(row.rules.items()):
                of_rule = [f for f in findings if f["rule_id"] == rule_id]
                if not of_rule:
                    problems.append("%r: rule %s has no finding at all (renamed, or not in the profile?)"
                                    % (row, rule_id))
                    continue
                if not any(f["status"] == status and any(subject_matches(f, s) for s in row.subjects)
                           for f in of_rule):
                    seen = ["%s %s(%s)" % (f["status"], f.get("subject", ""), f.get("subject_id", ""))
                            for f in of_rule if any(path_related(f.get("subject", ""), s[0]) for s in row.subjects)]
                    problems.append("%r: no %s of %s on %s; on those subjects it gives: %s"
                                    % (row, status, rule_id, row.subjects, ", ".join(seen) or "nothing"))
            for spec in row.subjects:
                if not any(f["rule_id"] in row.rules and f["status"] == row.rules[f["rule_id"]]
                           and subject_matches(f, spec) for f in findings):
                    problems.append("%r: subject %s is reported by none of %s" % (row, spec, sorted(row.rules)))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_nothing_else_is_flagged(self):
        problems = []
        for example, report in sorted(self.reports.items()):
            rows = [r for r in self.rows if r.example == example]
            for finding in flagged(report):
                if not any(row.rules.get(finding["rule_id"]) == finding["status"]
                           and any(subject_matches(finding, s) for s in row.subjects) for row in rows):
                    problems.append("%s: not a planted gap: %s" % (example, describe(finding)))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_reports_are_for_the_fixed_time_and_profile(self):
        profiles = {"university-hospital": "hospital", "private-clinic": "clinic", "hds-host": "hds-host"}
        for example, report in self.reports.items():
            self.assertEqual(report["now"], "2026-11-28T00:00:00Z", example)
            self.assertEqual(report.get("profile"), profiles[example], example)


class NotationTest(unittest.TestCase):
    """The README notations this test understands."""

    def test_rule_ranges_and_waivers(self):
        self.assertEqual(expand_rules("SEC-BKP-1 to SEC-BKP-3"),
                         {"SEC-BKP-1": "FAIL", "SEC-BKP-2": "FAIL", "SEC-BKP-3": "FAIL"})
        self.assertEqual(expand_rules("SEC-EOS-2 (WAIVED), GDPR-12-3-1"),
                         {"SEC-EOS-2": "WAIVED", "GDPR-12-3-1": "FAIL"})

    def test_subject_lists(self):
        self.assertEqual(parse_subjects("`isms.assets[2]` (a-pacs, PACS 6.2), `[20]`, `[30]`"),
                         [("isms.assets[2]", "a-pacs"), ("isms.assets[20]", None), ("isms.assets[30]", None)])
        self.assertEqual(parse_subjects("`processing_activities[0..2]` (client records)"),
                         [("processing_activities[%d]" % n, None) for n in range(3)])
        self.assertEqual(parse_subjects("`isms.statement_of_applicability[73]` (8.15) and 8.16"),
                         [("isms.statement_of_applicability[73]", "8.15"),
                          ("isms.statement_of_applicability", "8.16")])
        self.assertEqual(parse_subjects("`processors[1]` (TeleSoin)"), [("processors[1]", None)])

    def test_paths(self):
        self.assertTrue(path_related("processors[0]", "processors[0].sub_processors[1]"))
        self.assertTrue(path_related("", "organization.dpo"))
        self.assertFalse(path_related("processors[1]", "processors[10]"))
        self.assertFalse(path_related("isms.assets[3]", "isms.assets[31]"))
        finding = {"subject": "isms.statement_of_applicability[17]", "subject_id": "5.18"}
        self.assertTrue(subject_matches(finding, ("isms.statement_of_applicability", "5.18")))
        self.assertFalse(subject_matches(finding, ("isms.statement_of_applicability", "5.19")))


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        PlantedGapsTest.readme = sys.argv.pop(1)
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        PlantedGapsTest.golden_dir = sys.argv.pop(1)
    unittest.main()
