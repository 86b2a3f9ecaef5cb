"""Runs the worked example of docs/python.md (examples/check_folder.py) on the example dossiers.

Run with tests/run_python3.sh, which puts the package and the examples on the path.
"""

import contextlib
import io
import unittest

import check_folder


class CheckFolderTest(unittest.TestCase):

    def test_examples(self):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = check_folder.main(["controls/examples", "--rules", "controls", "--profile", "hospital",
                                        "--now", "2026-11-28T00:00:00Z"])
        text = output.getvalue()
        self.assertEqual(status, 1, text)
        for dossier in ("hds-host.json", "private-clinic.json", "university-hospital.json"):
            self.assertRegex(text, dossier + r": [1-9]\d* failing, 0 errors, [1-9]\d* passing")
        self.assertIn("SEVERITY  DOSSIER", text)
        self.assertRegex(text, r"\nCRITICAL  university-hospital\.json +HDS-PROC-1 +1  Provider p-telesoin")
        # The sample output of docs/python.md is this output.
        with open("docs/python.md", encoding="utf-8") as doc:
            documented = doc.read()
        for line in text.splitlines()[:3]:
            self.assertIn("\n" + line + "\n", documented, "docs/python.md shows other counts")
        severities = [line.split()[0] for line in text.split("SEVERITY  DOSSIER")[1].splitlines()[1:]]
        order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]
        self.assertEqual(severities, sorted(severities, key=order.index), "worst first")


if __name__ == "__main__":
    unittest.main()
