"""Workbooks written by hdscheck open in other readers (openpyxl, odfpy: Debian's python3-openpyxl and python3-odf),
and workbooks those write, or edit, read back in hdscheck.

    usage: interop_test.py HDSCHECK DOSSIER.json
"""

import datetime
import json
import pathlib
import subprocess
import sys
import tempfile
import unittest

import openpyxl
from odf import table as odf_table
from odf.namespaces import TABLENS
from odf.opendocument import OpenDocumentSpreadsheet, load as odf_load
from odf.text import P

HDSCHECK, DOSSIER = sys.argv[1:3]
WORK = pathlib.Path(tempfile.mkdtemp())


def convert(source, target, *options):
    result = subprocess.run([HDSCHECK, "convert", str(source), "-o", str(target), *options], capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise AssertionError(f"hdscheck convert {source} -o {target}: {result.returncode}\n{result.stderr}")
    return result.stderr


def to_json(source):
    target = WORK / (pathlib.Path(source).stem + ".back.json")
    convert(source, target)
    return json.loads(target.read_text())


class XlsxTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.path = WORK / "dossier.xlsx"
        convert(DOSSIER, cls.path)
        cls.canonical = to_json(DOSSIER)

    def test_opens_in_openpyxl(self):
        book = openpyxl.load_workbook(self.path)
        self.assertEqual(book.sheetnames[:3], ["Dossier", "Organisation", "Processing activities"])
        self.assertEqual(book["Lists"].sheet_state, "hidden")
        assets = book["Assets"]
        header = [cell.value for cell in assets[1]]
        self.assertEqual(header[:3], ["id", "name", "kind"])
        kind = header.index("kind") + 1
        validations = {str(v.sqref): v.formula1 for v in assets.data_validations.dataValidation}
        self.assertTrue(validations[f"{openpyxl.utils.get_column_letter(kind)}2:"
                                   f"{openpyxl.utils.get_column_letter(kind)}1048576"].startswith("Lists!$"))
        end_of_support = header.index("end_of_support") + 1
        dates = [row[end_of_support - 1] for row in assets.iter_rows(min_row=2, values_only=True)
                 if row[end_of_support - 1] is not None]
        self.assertTrue(dates and all(isinstance(d, datetime.datetime) for d in dates))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate} is a formula")

    def test_an_edit_in_openpyxl_reads_back(self):
        book = openpyxl.load_workbook(self.path)
        book["Assets"]["B2"] = "Renamed by hand"
        book["Assets"]["C2"] = "workstation"  # a value typed in lower case
        edited = WORK / "edited.xlsx"
        book.save(edited)
        expected = json.loads(json.dumps(self.canonical))
        expected["isms"]["assets"][0]["name"] = "Renamed by hand"
        expected["isms"]["assets"][0]["kind"] = "ASSET_KIND_WORKSTATION"
        self.assertEqual(to_json(edited), expected)

    def test_a_workbook_made_by_openpyxl_reads(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Traitements"
        sheet.append(["Identifiant", "Nom", "Base légale", "Finalités", "Grande échelle", "Nombre de personnes concernées",
                      "Dernière revue"])
        sheet.append(["dpi", "Dossier patient", "public_task", "Soins; Facturation", True, 120000,
                      datetime.datetime(2026, 3, 10, 9, 30)])
        made = WORK / "made.xlsx"
        book.save(made)
        self.assertEqual(to_json(made), {"processing_activities": [{
            "id": "dpi", "name": "Dossier patient", "purposes": ["Soins", "Facturation"],
            "legal_basis": "LEGAL_BASIS_PUBLIC_TASK", "large_scale": True, "data_subjects_count": "120000",
            "last_reviewed_at": "2026-03-10T09:30:00Z"}]})


class OdsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.path = WORK / "dossier.ods"
        convert(DOSSIER, cls.path, "--lang", "fr")

    def test_opens_in_odfpy(self):
        document = odf_load(str(self.path))
        tables = document.spreadsheet.getElementsByType(odf_table.Table)
        names = [t.getAttribute("name") for t in tables]
        self.assertEqual(names[:3], ["Dossier", "Organisme", "Traitements"])
        self.assertIn("Listes", names)
        self.assertTrue(document.spreadsheet.getElementsByType(odf_table.ContentValidation))
        for cell in document.spreadsheet.getElementsByType(odf_table.TableCell):
            self.assertIsNone(cell.attributes.get((TABLENS, "formula")))

    def test_a_spreadsheet_made_by_odfpy_reads(self):
        document = OpenDocumentSpreadsheet()
        sheet = odf_table.Table(name="Actifs")
        for values in (["Identifiant", "Type", "Critique", "Fin de support"],
                       ["srv-1", "SERVER"]):
            row = odf_table.TableRow()
            for value in values:
                cell = odf_table.TableCell(valuetype="string") if value else odf_table.TableCell()
                if value:
                    cell.addElement(P(text=value))
                row.addElement(cell)
            if values[0] == "srv-1":
                row.addElement(odf_table.TableCell(valuetype="boolean", booleanvalue="true"))
                row.addElement(odf_table.TableCell(valuetype="date", datevalue="2027-06-30"))
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
        made = WORK / "made.ods"
        document.save(str(made))
        self.assertEqual(to_json(made), {"isms": {"assets": [{
            "id": "srv-1", "kind": "ASSET_KIND_SERVER", "critical": True, "end_of_support": "2027-06-30T00:00:00Z"}]}})


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
