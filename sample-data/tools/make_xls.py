#!/usr/bin/env python3
"""Convert the SSM text export to a legacy Excel 97-2003 workbook (BIFF8, .xls).

No Rust crate writes BIFF8, so this small script does it with xlwt:

    pip install xlwt
    python3 sample-data/tools/make_xls.py

It reads sample-data/ssm_passager_202610.txt (Windows-1252) and writes
sample-data/variants/ssm_passager_202610.xls: the title rows, one header row, Datum as a
real date cell, Tid as text (as the old system prints it), Kortnummer and Anst.nr as text
(leading zeros kept), and the footer line. The repeated header of the text file is dropped:
an Excel export is a single page.
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


if __name__ == "__main__":
    main()
