#!/usr/bin/env python3
"""Convert text exports to legacy Excel 97-2003 workbooks (BIFF8, .xls).

No Rust crate writes BIFF8, so this small script does it with xlwt:

    pip install xlwt
    python3 sample-data/tools/make_xls.py

It reads sample-data/ssm_passager_202610.txt (Windows-1252) and writes
sample-data/variants/ssm_passager_202610.xls: the title rows, one header row, Datum as a
real date cell, Tid as text (as the old system prints it), Kortnummer and Anst.nr as text
(leading zeros kept), and the footer line. The repeated header of the text file is dropped:
an Excel export is a single page.

It also reads sample-data/variants/pmo_logg_elevatkomst_202610.csv (UTF-8, `;`) and writes
sample-data/variants/pmo_logg_elevatkomst_202610.xls, sheet "Logg elevåtkomst": the four title
rows, a blank row, the header with "Datum och tid" split into "Datum" (a real date cell) and
"Tid" (text HH:MM:SS), the data with Personnummer as text, and the "Antal rader" footer.
"""

import datetime
import pathlib

import xlwt

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent / "ssm_passager_202610.txt"
TARGET = HERE.parent / "variants" / "ssm_passager_202610.xls"
HEADER = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning"


def main():
    lines = SOURCE.read_bytes().decode("cp1252").split("\r\n")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Passager")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    bold = xlwt.easyxf("font: bold on")
    row = 0
    seen_header = False
    rows = 0
    for line in lines:
        if line == HEADER:
            if seen_header:
                continue
            seen_header = True
            for col, name in enumerate(line.split(";")):
                sheet.write(row, col, name, bold)
        elif seen_header and line and not line.startswith("Antal poster:"):
            fields = line.split(";")
            day = datetime.datetime.strptime(fields[0], "%Y-%m-%d")
            sheet.write(row, 0, day, date_style)
            for col, value in enumerate(fields[1:], start=1):
                if value:
                    sheet.write(row, col, value)
            rows += 1
        elif line == "" and seen_header:
            continue
        else:
            for col, value in enumerate(line.split(";")):
                if value:
                    sheet.write(row, col, value)
        row += 1
    for col, width in enumerate([11, 9, 8, 24, 22, 12, 24, 9, 24]):
        sheet.col(col).width = width * 256
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(TARGET))
    print(f"{rows:>6}  {TARGET.relative_to(HERE.parent)}")


PMO_SOURCE = HERE.parent / "variants" / "pmo_logg_elevatkomst_202610.csv"
PMO_TARGET = HERE.parent / "variants" / "pmo_logg_elevatkomst_202610.xls"


def pmo():
    text = PMO_SOURCE.read_bytes().decode("utf-8").lstrip("\ufeff")
    lines = text.split("\r\n")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Logg elevåtkomst")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    bold = xlwt.easyxf("font: bold on")
    row = 0
    rows = 0
    seen_header = False
    for line in lines:
        if not line and not seen_header:
            row += 1
            continue
        if not line:
            continue
        fields = line.split(";")
        if fields[0] == "Datum och tid":
            seen_header = True
            for col, name in enumerate(["Datum", "Tid"] + fields[1:]):
                sheet.write(row, col, name, bold)
        elif seen_header and not line.startswith("Antal rader:"):
            when = datetime.datetime.strptime(fields[0], "%Y-%m-%d %H:%M:%S")
            sheet.write(row, 0, datetime.datetime(when.year, when.month, when.day), date_style)
            sheet.write(row, 1, when.strftime("%H:%M:%S"))
            for col, value in enumerate(fields[1:], start=2):
                if value:
                    sheet.write(row, col, value)
            rows += 1
        else:
            sheet.write(row, 0, line)
        row += 1
    for col, width in enumerate([11, 9, 18, 11, 16, 22, 15, 18, 18, 6, 20, 24, 10]):
        sheet.col(col).width = width * 256
    book.save(str(PMO_TARGET))
    print(f"{rows:>6}  {PMO_TARGET.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
    pmo()
