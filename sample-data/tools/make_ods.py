#!/usr/bin/env python3
"""Convert the SSM text export to an OpenDocument spreadsheet (.ods), as LibreOffice
users save it.

No Rust crate writes ODS, so this small script does it with odfpy:

    pip install odfpy
    python3 sample-data/tools/make_ods.py

It reads sample-data/ssm_passager_202610.txt (Windows-1252) and writes
sample-data/variants/ssm_passager_202610.ods: the title rows, one header row, Datum as a
real date cell, Tid as a real time cell, Kortnummer and Anst.nr as text (leading zeros
kept), and the footer line. The repeated header of the text file is dropped.
"""

import pathlib

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent / "ssm_passager_202610.txt"
TARGET = HERE.parent / "variants" / "ssm_passager_202610.ods"
HEADER = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning"


def text_cell(value):
    cell = TableCell(valuetype="string")
    cell.addElement(P(text=value))
    return cell


def main():
    lines = SOURCE.read_bytes().decode("cp1252").split("\r\n")
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Passager")
    seen_header = False
    in_data = False
    rows = 0
    for line in lines:
        if line == HEADER:
            if seen_header:
                continue
            seen_header = True
            in_data = True
        if not line:
            table.addElement(TableRow())
            continue
        fields = line.split(";")
        tr = TableRow()
        is_data = in_data and line != HEADER and not line.startswith("Antal poster")
        for i, value in enumerate(fields):
            if is_data and i == 0:
                cell = TableCell(valuetype="date", datevalue=value)
                cell.addElement(P(text=value))
            elif is_data and i == 1:
                parts = (value.split(":") + ["00"])[:3]
                cell = TableCell(valuetype="time", timevalue="PT{}H{}M{}S".format(*parts))
                cell.addElement(P(text=value))
            else:
                cell = text_cell(value)
            tr.addElement(cell)
        table.addElement(tr)
        rows += is_data
    doc.spreadsheet.addElement(table)
    doc.save(str(TARGET))
    print(f"{TARGET.name}: {rows} data rows")


if __name__ == "__main__":
    main()
