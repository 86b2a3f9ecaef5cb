#!/usr/bin/env python3
"""Writes the seed corpus of the spreadsheet fuzz target (lib/io/workbook_fuzzer.cc) into lib/io/workbook_fuzz_corpus:
workbooks hdscheck writes, workbooks third-party writers make (openpyxl, odfpy: Debian's python3-openpyxl and
python3-odf), the CNIL register layout, and hostile files the readers must refuse (a document type declaration, a zip
bomb, a million repeated rows, a huge cell). Run from the repository after `bazel build //cli:hdscheck`:

    /usr/bin/python3 tools/workbook_fuzz_seeds.py
"""

import datetime
import io
import json
import pathlib
import subprocess
import tempfile
import zipfile

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

OUT = pathlib.Path("lib/io/workbook_fuzz_corpus")
HDSCHECK = "bazel-bin/cli/hdscheck"

SMALL = {
    "title": "Seed",
    "as_of": "2026-03-10T09:00:00Z",
    "organization": {"legal_name": "Clinique", "kind": "ORGANIZATION_KIND_PRIVATE_CLINIC", "headcount": 12,
                     "dpo": {"name": "DPO"}},
    "isms": {"assets": [{"id": "srv-1", "kind": "ASSET_KIND_SERVER", "critical": True,
                         "end_of_support": "2027-01-01T00:00:00Z", "evidence_ids": ["e1", "x; y"]}],
             "backups": [{"id": "b1", "asset_ids": ["srv-1"], "retention": "2592000s"}]},
    "processors": [{"id": "p1", "sub_processors": [{"id": "s1", "data_locations": [{"country": "FR"}]}]}],
    "processing_activities": [{"id": "a1", "name": "=formula?", "processor_ids": ["p1"],
                               "transfers": [{"country": "US", "safeguard": "TRANSFER_SAFEGUARD_ADEQUACY"}]}],
    "evidence": [{"id": "e1", "title": "Policy"}, {"id": "x; y", "title": "  spaced  "}],
}


def hdscheck_seeds(directory):
    source = pathlib.Path(directory) / "seed.json"
    source.write_text(json.dumps(SMALL))
    for name, lang in (("hdscheck-en.xlsx", "en"), ("hdscheck-fr.ods", "fr"), ("hdscheck-fr.xlsx", "fr"),
                       ("hdscheck-en.ods", "en")):
        subprocess.run([HDSCHECK, "convert", str(source), "-o", str(OUT / name), "--lang", lang], check=True)
    subprocess.run([HDSCHECK, "convert", "controls/examples/private-clinic.json", "-o",
                    str(OUT / "private-clinic.ods")], check=True)


def openpyxl_seed():
    """An .xlsx as Excel makes them: shared strings, styles, real dates and booleans, a formula."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Assets"
    sheet.append(["id", "name", "kind", "critical", "end_of_support", "evidence_ids"])
    sheet.append(["srv-1", "Server", "server", True, datetime.datetime(2027, 1, 1), "e1; e2"])
    sheet.append(["srv-2", "=\"Ser\"&\"ver\"", "SERVR", "oui", "2027-02-30", "\"open"])
    organisation = book.create_sheet("Organisme")
    organisation.append(["Champ", "Valeur"])
    organisation.append(["Raison sociale", "Clinique"])
    organisation.append(["Effectif", 42])
    book.create_sheet("Notes").append(["free text"])
    buffer = io.BytesIO()
    book.save(buffer)
    (OUT / "openpyxl.xlsx").write_bytes(buffer.getvalue())


def odf_sheet(document, name, rows):
    table = Table(name=name)
    for cells in rows:
        row = TableRow()
        for value in cells:
            cell = TableCell(valuetype="string") if value else TableCell()
            if value:
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)


def cnil_seed():
    """The CNIL register model's layout, as odfpy writes it."""
    document = OpenDocumentSpreadsheet()
    odf_sheet(document, "Registre", [
        ["Coordonnées du responsable de l'organisme"], ["Nom :", "Clinique"], ["Adresse :", "1 rue"], ["CP", "75001"],
        ["Ville", "Paris"], [], ["N° / Réf", "Nom du traitement", "Date de création"], ["T1", "Paie", "01/01/2020"]])
    odf_sheet(document, "Fiche 1", [
        ["Nom du traitement", "Paie"], ["Finalité(s)", "Paie\nDéclarations sociales"],
        ["Catégories de données", "État civil\nVie professionnelle"], ["Durée de conservation", "5 ans"],
        ["Transferts hors UE", "Non"], ["Autre chose", "?"]])
    buffer = io.BytesIO()
    document.write(buffer)
    (OUT / "cnil-register.ods").write_bytes(buffer.getvalue())


def zip_of(entries, stored=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


ODS_HEAD = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>')
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"
MIMETYPE = ("mimetype", "application/vnd.oasis.opendocument.spreadsheet")


def hostile_seeds():
    (OUT / "doctype.xlsx").write_bytes(zip_of([
        ("xl/workbook.xml", '<!DOCTYPE w [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook>&b;</workbook>')]))
    (OUT / "bomb.ods").write_bytes(zip_of([MIMETYPE, ("content.xml", ODS_HEAD + " " * (8 << 20) + ODS_TAIL)],
                                          stored=("mimetype",)))
    (OUT / "million-rows.ods").write_bytes(zip_of([MIMETYPE, ("content.xml", ODS_HEAD + (
        '<table:table table:name="Assets"><table:table-row><table:table-cell office:value-type="string"><text:p>id'
        '</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        '</table:table>') + ODS_TAIL)], stored=("mimetype",)))
    (OUT / "huge-cell.ods").write_bytes(zip_of([MIMETYPE, ("content.xml", ODS_HEAD + (
        '<table:table table:name="Dossier"><table:table-row><table:table-cell><text:p>title</text:p></table:table-cell>'
        '<table:table-cell><text:p>' + "x" * 40000 + '<text:s text:c="99999999"/></text:p></table:table-cell>'
        '</table:table-row></table:table>') + ODS_TAIL)], stored=("mimetype",)))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        hdscheck_seeds(directory)
    openpyxl_seed()
    cnil_seed()
    hostile_seeds()


if __name__ == "__main__":
    main()
