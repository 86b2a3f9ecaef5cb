"""Tests of the hdsc package over libhdsc.

Run by Bazel (``bazel test //bindings/python:hdsc_test``), or by hand from the repository root, where the bundled
packs are ``controls/``: ``bindings/python/tests/run_python3.sh bazel-bin/capi/libhdsc.so.2
bindings/python/tests/hdsc_test.py``.
"""

import concurrent.futures
import dataclasses
import json
import pathlib
import tempfile
import unittest

import hdsc

RULES = "controls"
EXAMPLE = "controls/examples/university-hospital.json"
NOW = "2026-11-28T00:00:00Z"


class ModuleTest(unittest.TestCase):

    def test_exported_names(self):
        self.assertEqual(sorted(hdsc.__all__), [
            "Checker", "Diagnostic", "Error", "FailedPrecondition", "Finding", "Internal", "InvalidArgument",
            "NotFound", "OutOfRange", "PermissionDenied", "Report", "ResourceExhausted", "Severity", "Status",
            "Summary", "eval", "library_version", "validate",
        ])
        for name in hdsc.__all__:
            self.assertTrue(hasattr(hdsc, name), name)
        public = {name for name in vars(hdsc) if not name.startswith("_")}
        modules_and_typing = {"ctypes", "enum", "json", "os", "weakref", "dataclass", "Any", "Dict", "List",
                              "Optional", "Sequence", "Tuple", "Union", "Dossier", "Time"}
        self.assertEqual(public - modules_and_typing - set(hdsc.__all__), set())

    def test_versions(self):
        self.assertEqual(hdsc.__version__, "0.1.0")
        self.assertEqual(hdsc.library_version(), hdsc.__version__)

    def test_error_hierarchy(self):
        self.assertTrue(issubclass(hdsc.InvalidArgument, ValueError))
        self.assertTrue(issubclass(hdsc.NotFound, FileNotFoundError))
        self.assertTrue(issubclass(hdsc.PermissionDenied, PermissionError))
        self.assertTrue(issubclass(hdsc.OutOfRange, IndexError))
        for cls in (hdsc.InvalidArgument, hdsc.NotFound, hdsc.PermissionDenied, hdsc.OutOfRange,
                    hdsc.ResourceExhausted, hdsc.FailedPrecondition, hdsc.Internal):
            self.assertTrue(issubclass(cls, hdsc.Error), cls)


class CheckerTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.checker = hdsc.Checker(rules=RULES)

    @classmethod
    def tearDownClass(cls):
        cls.checker.close()

    def test_check_path(self):
        with self.checker.check(EXAMPLE, now=NOW) as report:
            summary = report.summary
            self.assertGreater(summary.failed, 0)
            self.assertGreater(summary.passed, 0)
            self.assertEqual(summary.failed, sum(summary.failed_by_severity.values()))
            self.assertGreaterEqual(summary.worst_failing_severity, hdsc.Severity.HIGH)
            failing = [f for f in report.findings if f.status == hdsc.Status.FAIL]
            self.assertEqual(len(failing), summary.failed)
            eos = [f for f in failing if f.rule_id == "SEC-EOS-1" and f.subject == "isms.assets[2]"]
            self.assertEqual(len(eos), 1, "planted gap H1 of controls/examples/README.md")
            self.assertEqual(eos[0].subject_id, "a-pacs")
            self.assertTrue(eos[0].message)
            self.assertTrue(eos[0].remediation)
            self.assertTrue(all(f.status in (hdsc.Status.FAIL, hdsc.Status.ERROR) for f in report.failures))

    def test_findings_are_frozen_dataclasses(self):
        finding = self.checker.check(EXAMPLE, now=NOW).findings[0]
        self.assertTrue(dataclasses.is_dataclass(finding))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            finding.rule_id = "X"

    def test_every_dossier_form_gives_the_same_report(self):
        data = pathlib.Path(EXAMPLE).read_bytes()
        expected = self.checker.check(EXAMPLE, now=NOW, name="d.json").to_dict()
        forms = [pathlib.Path(EXAMPLE), data, data.decode("utf-8"), json.loads(data)]
        for form in forms:
            with self.subTest(type=type(form).__name__):
                report = self.checker.check(form, now=NOW, name="d.json").to_dict()
                self.assertEqual(report["counts"], expected["counts"])
                self.assertEqual(report["findings"], expected["findings"])

    def test_now_forms(self):
        import datetime
        reference = self.checker.check(EXAMPLE, now=NOW).to_dict()["now"]
        self.assertEqual(reference, NOW)
        instant = datetime.datetime(2026, 11, 28, tzinfo=datetime.timezone.utc)
        for now in (instant, 1795824000, 1795824000.0, "2026-11-28T01:00:00+01:00"):
            with self.subTest(now=now):
                self.assertEqual(self.checker.check(EXAMPLE, now=now).to_dict()["now"], NOW)
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now="28/11/2026")

    def test_render(self):
        report = self.checker.check(EXAMPLE, now=NOW, lang="fr", keep_passing=False)
        text = report.render("text")
        self.assertIn("SEC-EOS-1", text)
        self.assertNotIn("\x1b[", text)
        self.assertIn("\x1b[", report.render("text", color=True))
        self.assertGreater(len(report.render("text", verbose=True)), len(text))
        self.assertEqual(json.loads(report.to_json())["language"], "fr")
        self.assertTrue(all(f.status not in (hdsc.Status.PASS, hdsc.Status.NOT_APPLICABLE)
                            for f in report.findings))
        with self.assertRaises(ValueError):
            report.render("sarif")

    def test_invalid_dossier(self):
        with self.assertRaises(hdsc.InvalidArgument) as caught:
            self.checker.check('{\n  "organization": {"legal_name": 12}\n}\n', name="bad.json")
        self.assertEqual(caught.exception.code, 3)
        self.assertEqual(caught.exception.code_name, "INVALID_ARGUMENT")
        self.assertTrue(str(caught.exception).startswith("bad.json:2:"), str(caught.exception))
        with self.assertRaises(ValueError):
            self.checker.check(b"\xff\x00garbage", format="json")

    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError) as caught:
            self.checker.check("no/such/dossier.json")
        self.assertIsInstance(caught.exception, hdsc.NotFound)
        self.assertEqual(caught.exception.code, 5)

    def test_closed(self):
        checker = hdsc.Checker(rules=RULES, profile="clinic")
        self.assertGreater(checker.rule_count, 0)
        report = checker.check(EXAMPLE, now=NOW)
        checker.close()
        checker.close()  # idempotent
        self.assertGreater(report.summary.failed, 0)  # a report outlives its checker
        with self.assertRaises(hdsc.FailedPrecondition):
            checker.check(EXAMPLE)
        report.close()
        with self.assertRaises(hdsc.Error):
            report.render()

    def test_threads_share_a_checker(self):
        expected = self.checker.check(EXAMPLE, now=NOW).to_json()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda _: self.checker.check(EXAMPLE, now=NOW).to_json(), range(8)))
        self.assertEqual(results, [expected] * 8)


class CheckerErrorsTest(unittest.TestCase):

    def test_missing_rules(self):
        with self.assertRaises(hdsc.NotFound) as caught:
            hdsc.Checker(rules="no/such/rules")
        self.assertIn("no/such/rules", str(caught.exception))
        self.assertIsInstance(caught.exception, FileNotFoundError)

    def test_unknown_profile(self):
        with self.assertRaises(hdsc.NotFound) as caught:
            hdsc.Checker(rules=RULES, profile="no-such-profile")
        self.assertIn("no-such-profile", str(caught.exception))

    def test_broken_pack(self):
        with tempfile.TemporaryDirectory() as directory:
            pack = pathlib.Path(directory, "broken.textpb")
            pack.write_text('rule {\n  id: "X-1"\n  severity: LOW\n  require: "dossier.no_such_field"\n}\n')
            with self.assertRaises(hdsc.InvalidArgument) as caught:
                hdsc.Checker(rules=[pack])
            self.assertIn("broken.textpb:", str(caught.exception))

    def test_unknown_language(self):
        with self.assertRaises(ValueError):
            hdsc.Checker(rules=RULES, lang="de")


class ValidateTest(unittest.TestCase):

    def test_valid_example(self):
        self.assertEqual(hdsc.validate(EXAMPLE), [])

    def test_problems(self):
        problems = hdsc.validate('{\n  "organization": {"legal_name": 12},\n  "no_such_field": 1\n}\n',
                                 name="d.json")
        self.assertGreaterEqual(len(problems), 2)
        self.assertEqual(problems[0].line, 2)
        self.assertEqual(problems[0].field_path, "organization.legal_name")
        self.assertTrue(str(problems[0]).startswith("d.json:2:"))
        self.assertTrue(any("no_such_field" in str(p) for p in problems))

    def test_textproto(self):
        self.assertEqual(hdsc.validate(b'organization { legal_name: "Clinique" }\n'), [])
        self.assertEqual(hdsc.validate('organization { legal_name: "Clinique" }', format="textproto"), [])
        with self.assertRaises(ValueError):
            hdsc.validate(b"", format="yaml")


class EvalTest(unittest.TestCase):

    def test_literals(self):
        self.assertEqual(hdsc.eval("[1, 2, 3].map(x, x * 2)"), "[2, 4, 6]")
        self.assertEqual(hdsc.eval("'é' + 'a'"), '"éa"')
        self.assertEqual(hdsc.eval("now", now=NOW), 'timestamp("2026-11-28T00:00:00Z")')

    def test_dossier(self):
        self.assertEqual(hdsc.eval("dossier.organization.headcount > 1000", dossier=EXAMPLE), "true")
        self.assertEqual(hdsc.eval("dossier.organization.legal_name",
                                   dossier={"organization": {"legal_name": "Clinique"}}), '"Clinique"')

    def test_errors(self):
        with self.assertRaises(hdsc.InvalidArgument) as caught:
            hdsc.eval("1 +")
        self.assertTrue(str(caught.exception).startswith("<expr>:1:"))
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.eval("dossier.organisation", dossier={})
        with self.assertRaises(hdsc.NotFound) as caught:
            hdsc.eval("{'a': 1}['b']")
        self.assertTrue(str(caught.exception).startswith("evaluation error: "))


if __name__ == "__main__":
    unittest.main()
