"""The French reports of the example dossiers speak French: no English severity, status, framework or label word
in what a reader sees.

For each example (with its profile) hdscheck writes the French text, Markdown, HTML, JUnit and SARIF reports; the
readable text of each is scanned for English words that a French report must translate:
  - text and Markdown: all of it;
  - HTML: the text of the page (not tags, attributes or the style sheet, whose class names and data attributes
    keep the enum names: data-severity="HIGH");
  - JUnit: the failure and skipped messages and bodies (not the `type` attribute, which is data);
  - SARIF: message, description and help texts (not `properties`, which are data).
Text quoted from the dossier (the English names of its assets and processing activities, a waiver's reason) is
taken out before the scan: a report quotes what the organisation wrote.

Usage: french_words_test.py HDSCHECK (from the repository root, or the runfiles root under bazel test).
"""

import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

HDSCHECK = sys.argv[1] if len(sys.argv) > 1 else "bazel-bin/cli/hdscheck"
NOW = "2026-11-28T00:00:00Z"
EXAMPLES = [("university-hospital", "hospital"), ("private-clinic", "clinic"), ("hds-host", "hds-host")]

# Whole words, case-sensitive: severities and statuses as the English reports write them, and the English words of
# framework sources, citations, dates and labels.
ENGLISH = [
    "CRITICAL", "HIGH", "MEDIUM", "LOW", "PASS", "FAIL", "WAIVED", "MANUAL", "NOT_APPLICABLE", "ERROR",
    "Critical", "High", "Medium", "Low", "Pass", "Fail", "Waived", "Manual", "Not applicable",
    "requirements", "Regulation", "of 26 April", "Annex", "subparagraph", "UNCERTAIN", "sovereignty",
    "referential", "certification process", "secondary source", "to 9°", "to 13°",
    "January", "February", "March", "April", "June", "July", "August", "September", "October", "November",
    "December", "days", "hours",
    "Summary", "Findings", "Remediation", "References", "Evaluated", "evaluated on", "pack files", "waived by",
    "attested by", "Executive summary", "Worst risks", "Prepared by", "Reviewed by", "Sign-off", "Scope",
]
PATTERN = re.compile(r"(?<![\w/-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")


class _Text(html.parser.HTMLParser):
    """The text of an HTML page outside <style> and <script>."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(page):
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def junit_text(xml):
    parts = []
    for element in ElementTree.fromstring(xml).iter():
        if element.tag in ("failure", "error", "skipped"):
            parts.append(element.get("message", ""))
            parts.append(element.text or "")
    return "\n".join(parts)


def sarif_text(log):
    parts = []

    def texts(node, readable):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties":
                    continue
                texts(value, readable or key in ("message", "shortDescription", "fullDescription", "help"))
        elif isinstance(node, list):
            for value in node:
                texts(value, readable)
        elif isinstance(node, str) and readable:
            parts.append(node)

    texts(json.loads(log), False)
    return "\n".join(parts)


def markdown_text(text):
    """Markdown with its escapes undone, so that quoted dossier text reads as written."""
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def dossier_strings(path):
    """Every string of the dossier, longest first."""
    strings = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) >= 3:
            strings.add(node)

    with open(path, encoding="utf-8") as dossier:
        walk(json.load(dossier))
    return sorted(strings, key=len, reverse=True)


def without(text, quoted):
    for string in quoted:
        text = text.replace(string, " ")
    return text


READABLE = {"report.txt": lambda text: text, "report.md": markdown_text, "report.html": html_text,
            "report.junit.xml": junit_text, "report.sarif": sarif_text}


class FrenchReportsTest(unittest.TestCase):
    def test_no_english_words(self):
        for example, profile in EXAMPLES:
            dossier = os.path.join("controls/examples", example + ".json")
            quoted = dossier_strings(dossier)
            with tempfile.TemporaryDirectory() as out:
                result = subprocess.run(
                    [HDSCHECK, "check", dossier, "--rules", "controls",
                     "--profile", profile, "--now", NOW, "--lang", "fr", "--format", "text,md,html,junit,sarif",
                     "--output-dir", out], capture_output=True, text=True)
                self.assertIn(result.returncode, (0, 1), result.stderr)
                for name, readable in READABLE.items():
                    with open(os.path.join(out, name), encoding="utf-8") as report:
                        text = without(readable(report.read()), quoted)
                    self.assertTrue(text.strip(), f"{example} {name}: no readable text")
                    found = sorted({match.group(1) for match in PATTERN.finditer(text)})
                    lines = [line for line in text.splitlines() if PATTERN.search(line)][:5]
                    with self.subTest(example=example, report=name):
                        self.assertEqual(found, [], f"English words in the French {name} of {example}:\n"
                                         + "\n".join(lines))

    def test_the_scan_finds_english(self):
        # The same scan on the English reports finds the words: the list and the extraction are live.
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([HDSCHECK, "check", "controls/examples/university-hospital.json", "--rules", "controls",
                            "--profile", "hospital", "--now", NOW, "--format", "text,html", "--output-dir", out],
                           capture_output=True)
            for name in ("report.txt", "report.html"):
                with open(os.path.join(out, name), encoding="utf-8") as report:
                    found = {match.group(1) for match in PATTERN.finditer(READABLE[name](report.read()))}
                self.assertTrue({"CRITICAL", "Critical"} & found, name)
                self.assertTrue({"Regulation", "November"} <= found, name)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
