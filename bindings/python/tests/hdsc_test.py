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
            "Cancelled", "Checker", "Converted", "DataLoss", "DeadlineExceeded", "Diagnostic", "Error",
            "FailedPrecondition", "Finding", "Internal", "InvalidArgument", "NotFound", "OutOfRange", "PermissionDenied",
            "Progress", "Reference", "Report", "ResourceExhausted", "Severity", "Status", "Summary", "Unauthenticated",
            "convert", "diff", "eval", "hash_evidence", "init_dossier", "library_version", "sign", "validate", "verify",
        ])
        for name in hdsc.__all__:
            self.assertTrue(hasattr(hdsc, name), name)
        public = {name for name in vars(hdsc) if not name.startswith("_")}
        modules_and_typing = {"ctypes", "enum", "json", "os", "weakref", "dataclass", "Any", "Dict", "List",
                              "Optional", "Sequence", "Tuple", "Union", "Dossier", "Time", "Callable"}
        self.assertEqual(public - modules_and_typing - set(hdsc.__all__), set())

    def test_versions(self):
        self.assertEqual(hdsc.__version__, "0.2.0")
        self.assertEqual(hdsc.library_version(), hdsc.__version__)

    def test_error_hierarchy(self):
        self.assertTrue(issubclass(hdsc.InvalidArgument, ValueError))
        self.assertTrue(issubclass(hdsc.NotFound, FileNotFoundError))
        self.assertTrue(issubclass(hdsc.PermissionDenied, PermissionError))
        self.assertTrue(issubclass(hdsc.OutOfRange, IndexError))
        for cls in (hdsc.InvalidArgument, hdsc.NotFound, hdsc.PermissionDenied, hdsc.OutOfRange,
                    hdsc.ResourceExhausted, hdsc.FailedPrecondition, hdsc.Internal, hdsc.Cancelled, hdsc.DataLoss,
                    hdsc.Unauthenticated):
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
        for format in ("json", "text", "sarif", "junit", "html", "oscal", "md"):
            with self.subTest(format=format):
                self.assertIn("SEC-EOS-1", report.render(format))
        with self.assertRaises(ValueError):
            report.render("pdf")

    def test_invalid_dossier(self):
        with self.assertRaises(hdsc.InvalidArgument) as caught:
            self.checker.check('{\n  "organization": {"legal_name": 12}\n}\n', name="bad.json")
        self.assertEqual(caught.exception.code, 3)
        self.assertEqual(caught.exception.code_name, "INVALID_ARGUMENT")
        self.assertTrue(str(caught.exception).startswith("bad.json:2:"), str(caught.exception))
        self.assertEqual(len(caught.exception.diagnostics), 1)
        self.assertEqual(caught.exception.diagnostics[0].line, 2)
        self.assertEqual(caught.exception.diagnostics[0].field_path, "organization.legal_name")
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

    def test_close_waits_for_checks_in_flight(self):
        checker = hdsc.Checker(rules=RULES)
        started = concurrent.futures.ThreadPoolExecutor(max_workers=4)
        outcomes = []

        def check(_):
            try:
                return checker.check(EXAMPLE, now=NOW).summary.failed
            except hdsc.FailedPrecondition:
                return "closed"
        futures = [started.submit(check, i) for i in range(8)]
        checker.close()  # must neither crash nor free the checker under a running check
        outcomes = [future.result() for future in futures]
        started.shutdown()
        self.assertTrue(all(outcome == "closed" or outcome > 0 for outcome in outcomes), outcomes)
        with self.assertRaises(hdsc.FailedPrecondition):
            checker.check(EXAMPLE, now=NOW)

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
            self.assertTrue(caught.exception.diagnostics)
            self.assertTrue(all(d.file.endswith("broken.textpb") for d in caught.exception.diagnostics))

    def test_unknown_language(self):
        with self.assertRaises(ValueError):
            hdsc.Checker(rules=RULES, lang="de")


class FeaturesTest(unittest.TestCase):
    """Everything ``hdscheck check`` can do, from Python."""

    PACK = """
framework { id: "HOUSE" title { en: "House rules" } version: "1" }
param { name: "max_review_age" default_value { duration_value: "365d" } }
rule {
  id: "HOUSE-1" severity: HIGH title { en: "Activities are named" }
  for_each: "processing_activities"
  require: "record.name != '' && params.max_review_age > duration('1h')"
  reference { framework: "HOUSE" citation: "§1" }
}
"""
    DOSSIER = {"processing_activities": [{"id": "pa-1", "name": ""}]}

    @classmethod
    def setUpClass(cls):
        cls.checker = hdsc.Checker(rules=RULES)

    def test_bundled_packs_by_default(self):
        with hdsc.Checker() as bundled:
            self.assertEqual(bundled.rule_count, self.checker.rule_count)
            self.assertEqual(bundled.packs_digest, self.checker.packs_digest)
            self.assertEqual(len(bundled.packs_digest), 64)

    def test_packs_params_and_waivers_in_memory(self):
        with hdsc.Checker(rule_texts={"house.textpb": self.PACK}, params={"max_review_age": "30d"}) as checker:
            self.assertEqual(checker.rule_count, 1)
            report = checker.check(self.DOSSIER, now=NOW)
            self.assertEqual(report.summary.failed, 1)
            self.assertEqual(report.failures[0].references, (hdsc.Reference("HOUSE", "§1", "", "HOUSE §1"),))
        waivers = {"waivers": [{"rule_id": "HOUSE-1", "subject": "processing_activities[0]", "reason": "renamed soon",
                                "approver": "DPO", "expires_at": "2030-01-01T00:00:00Z"}]}
        with hdsc.Checker(rule_texts=[("house.textpb", self.PACK)], waiver_texts={"w.json": waivers}) as checker:
            report = checker.check(self.DOSSIER, now=NOW)
            self.assertEqual((report.summary.failed, report.summary.waived), (0, 1))
            self.assertFalse(report.has_failure())
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.Checker(rule_texts={"house.textpb": self.PACK}, params={"max_review_age": "soon"})
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.Checker(rule_texts={"house.textpb": self.PACK}, params={"max_reveiw_age": "30d"})
        import datetime
        with hdsc.Checker(rule_texts={"house.textpb": self.PACK},
                          params={"max_review_age": datetime.timedelta(days=10)}) as checker:
            self.assertEqual(checker.rule_count, 1)

    def test_to_records(self):
        report = self.checker.check(EXAMPLE, now=NOW)
        records = report.to_records()
        self.assertEqual(len(records), len(report.findings))
        eos = [r for r in records if r["rule_id"] == "SEC-EOS-1" and r["status"] == "FAIL"]
        self.assertTrue(eos)
        self.assertEqual(sorted(eos[0]), ["citations", "in_baseline", "message", "remediation", "rule_id", "severity",
                                          "status", "subject", "subject_id", "title"])
        self.assertIn("ISO27001_2022", eos[0]["citations"])
        self.assertTrue(all(type(value) in (str, bool) for record in records for value in record.values()))
        self.assertEqual(json.loads(json.dumps(records)), records)  # plain data

    def test_citations(self):
        report = self.checker.check(EXAMPLE, now=NOW)
        for finding in report.failures:
            self.assertTrue(finding.references, finding.rule_id)
            self.assertTrue(all(r.framework and r.citation for r in finding.references))

    def test_baseline(self):
        first = self.checker.check(EXAMPLE, now=NOW)
        self.assertTrue(first.has_failure(hdsc.Severity.HIGH))
        for baseline in (first, first.to_json().encode()):
            second = self.checker.check(EXAMPLE, now=NOW, baseline=baseline)
            self.assertFalse(second.has_failure())
            self.assertEqual(second.summary.worst_new_failing_severity, None)
            self.assertGreaterEqual(second.summary.in_baseline, second.summary.failed)
            self.assertTrue(all(f.in_baseline for f in second.failures))
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory, "last.json")
            path.write_text(first.to_json())
            self.assertEqual(self.checker.check(EXAMPLE, now=NOW, baseline=path).to_dict()["baseline"]["path"],
                             str(path))

    def test_progress_and_cancel(self):
        seen = []
        self.checker.check(EXAMPLE, now=NOW, progress=seen.append)
        checking = [p for p in seen if p.stage == "checking"]
        self.assertEqual(seen[0].stage, "loading")
        self.assertEqual([p.done for p in checking], list(range(self.checker.rule_count)))
        self.assertTrue(all(p.rule_id for p in checking))
        with self.assertRaises(hdsc.Cancelled):
            self.checker.check(EXAMPLE, now=NOW, progress=lambda p: p.done < 3)

        class Stop(Exception):
            pass

        def stop(progress):
            raise Stop()
        with self.assertRaises(Stop):
            self.checker.check(EXAMPLE, now=NOW, progress=stop)

    def test_french_citations(self):
        report = self.checker.check(EXAMPLE, now=NOW, lang="fr")
        texts = {r.citation: r.text for f in report.findings for r in f.references if r.framework == "GDPR"}
        self.assertEqual(texts["Art. 33(1)"], "art. 33, paragraphe 1, du RGPD")
        self.assertIn("art. 33, paragraphe 1, du RGPD", {record["citations"] for record in report.to_records()})

    def test_compile_progress_and_cancel(self):
        seen = []
        with hdsc.Checker(RULES, profile="clinic", progress=seen.append) as checker:
            compiling = [p for p in seen if p.stage == "compiling"]
            self.assertEqual(seen[0].stage, "reading packs")
            self.assertEqual([p.done for p in compiling], list(range(len(compiling))))
            self.assertGreaterEqual(len(compiling), checker.rule_count)
            self.assertTrue(all(p.rule_id for p in compiling))
        with self.assertRaises(hdsc.Cancelled):
            hdsc.Checker(RULES, progress=lambda p: p.done < 3)

    def test_compile_threads(self):
        with hdsc.Checker(RULES, profile="clinic", compile_threads=1) as alone, \
                hdsc.Checker(RULES, profile="clinic", compile_threads=2) as two:
            self.assertEqual(alone.check(EXAMPLE, now=NOW).to_json(), two.check(EXAMPLE, now=NOW).to_json())
        for wrong in (-1, 1.5, True, "2"):
            with self.assertRaises(hdsc.InvalidArgument):
                hdsc.Checker(RULES, compile_threads=wrong)

    def test_evidence(self):
        with tempfile.TemporaryDirectory() as directory:
            pathlib.Path(directory, "policy.txt").write_text("security policy v3\n")
            hashed = hdsc.hash_evidence(directory)
            self.assertEqual([entry["location"] for entry in hashed], ["policy.txt"])
            self.assertEqual(len(hashed[0]["sha256"]), 64)
            report = self.checker.check(EXAMPLE, now=NOW, evidence_root=directory)
            self.assertTrue(any(f.rule_id.startswith("HDSC-EVIDENCE-") for f in report.findings))

    def test_sign_verify_diff(self):
        private = ("-----BEGIN PRIVATE KEY-----\n"
                   "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                   "-----END PRIVATE KEY-----\n")
        public = ("-----BEGIN PUBLIC KEY-----\n"
                  "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
                  "-----END PUBLIC KEY-----\n")
        report = self.checker.check(EXAMPLE, now=NOW)
        text = report.to_json()
        signature = hdsc.sign(text, private)
        hdsc.verify(text, signature, public)
        with self.assertRaises(hdsc.DataLoss):
            hdsc.verify(text + " ", signature, public)
        self.assertTrue(hdsc.diff(report, report).startswith("0 new, 0 fixed, "))
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.diff(report, b"not json")

    def test_every_bad_argument_is_an_hdsc_error(self):
        report = self.checker.check(EXAMPLE, now=NOW)
        calls = [
            lambda: hdsc.Checker(rules=123),
            lambda: hdsc.Checker(rules=[1, 2]),
            lambda: hdsc.Checker(params={"record_review_period": object()}),
            lambda: self.checker.check(123),
            lambda: self.checker.check(EXAMPLE, now=object()),
            lambda: self.checker.check(EXAMPLE, progress=5),
            lambda: self.checker.check(EXAMPLE, only_rules=7),
            lambda: report.render(5),
            lambda: report.has_failure("HIGH"),
            lambda: hdsc.eval(42),
            lambda: hdsc.diff(report, 3.5),
            lambda: hdsc.sign(5, "key"),
            lambda: hdsc.validate(None),
        ]
        for number, call in enumerate(calls):
            with self.subTest(case=number):
                with self.assertRaises(hdsc.Error):
                    call()

    def test_budgets(self):
        report = self.checker.check(EXAMPLE, now=NOW, max_steps=10)
        self.assertGreater(report.summary.errors, 0)
        self.assertTrue(any("evaluation steps is spent" in f.message for f in report.findings))
        with self.assertRaises(hdsc.DeadlineExceeded):
            self.checker.check(EXAMPLE, now=NOW, timeout=0.000001)
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=NOW, max_steps=0)
        with self.assertRaisesRegex(hdsc.ResourceExhausted, "limit of 1000 bytes"):
            self.checker.check(EXAMPLE, now=NOW, max_input_size=1000)
        with self.assertRaisesRegex(hdsc.ResourceExhausted, "limit of 1000 bytes"):
            hdsc.convert(EXAMPLE, "textproto", max_input_size=1000)
        with self.assertRaisesRegex(hdsc.ResourceExhausted, "limit of 1000 bytes"):
            hdsc.eval("1", dossier=EXAMPLE, max_input_size=1000)
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=NOW, max_input_size=0)

    def test_bad_arguments(self):
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=2**64 + 1700000000)
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=NOW, lang="fr\0xx")
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.Checker(rules="controls\0/etc")
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=NOW, only_rules=["NO-SUCH-RULE"])
        with self.assertRaises(hdsc.InvalidArgument):
            self.checker.check(EXAMPLE, now=NOW).has_failure(99)


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


class ConvertTest(unittest.TestCase):

    def test_round_trips_through_workbooks(self):
        canonical = hdsc.convert(EXAMPLE, "json")
        self.assertEqual(canonical.format, "json")
        self.assertEqual(canonical.warnings, ())
        self.assertTrue(canonical.data.startswith(b'{\n "schema_version"'))
        for to in ("xlsx", "ods"):
            for lang in ("en", "fr"):
                workbook = hdsc.convert(EXAMPLE, to, lang=lang)
                self.assertEqual(bytes(workbook)[:2], b"PK")
                self.assertEqual(hdsc.convert(workbook.data, "json").data, canonical.data, (to, lang))
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "dossier.ods"
            hdsc.convert(json.loads(pathlib.Path(EXAMPLE).read_bytes()), "ods").write(path)
            self.assertEqual(hdsc.convert(path, "json").data, canonical.data)
            self.assertEqual(hdsc.validate(path), [])

    def test_problems_are_located(self):
        with self.assertRaises(hdsc.InvalidArgument) as raised:
            hdsc.convert({"processing_activities": [{"legal_basis": "CONSENTMENT"}]}, "xlsx")
        self.assertEqual(raised.exception.diagnostics[0].field_path, "processing_activities[0].legal_basis")
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.convert(EXAMPLE, "yaml")
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.convert(EXAMPLE, "xlsx", lang="de")
        with self.assertRaises(hdsc.NotFound):
            hdsc.convert("no/such/dossier.json", "xlsx")


class InitTest(unittest.TestCase):

    def test_every_profile_language_and_format(self):
        for profile in ("hospital", "clinic", "hds-host"):
            with hdsc.Checker(rules=RULES, profile=profile) as checker:
                for lang in ("en", "fr"):
                    for format in ("json", "textproto", "binary"):
                        with self.subTest(profile=profile, lang=lang, format=format):
                            starter = hdsc.init_dossier(profile, lang=lang, format=format)
                            self.assertIsInstance(starter, bytes)
                            self.assertEqual(hdsc.validate(starter, format=format), [])
                            report = checker.check(starter, now=NOW, format=format)
                            self.assertTrue(report.has_failure(hdsc.Severity.HIGH))
                            self.assertIn("GDPR-DOSSIER-TODO", {f.rule_id for f in report.failures})

    def test_contents(self):
        starter = json.loads(hdsc.init_dossier("clinic", lang="fr"))
        self.assertEqual(starter["organization"]["kind"], "ORGANIZATION_KIND_PRIVATE_CLINIC")
        self.assertTrue(starter["organization"]["legal_name"].startswith("À compléter : "))
        self.assertEqual(len(starter["isms"]["statement_of_applicability"]), 93)
        self.assertEqual(hdsc.init_dossier("clinic", lang="fr"), hdsc.init_dossier("clinic", "fr", "json"))
        text = hdsc.init_dossier("hds-host", format="textproto").decode()
        self.assertTrue(text.startswith("# Starter dossier for a health-data host"))

    def test_bad_arguments(self):
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.init_dossier("pharmacy")
        with self.assertRaises(hdsc.InvalidArgument):
            hdsc.init_dossier("clinic", lang="de")
        with self.assertRaises(ValueError):
            hdsc.init_dossier("clinic", format="yaml")


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
