"""CSV that a spreadsheet opens as data (grades.csv, `worksheet --csv`): no cell begins a formula.

OWASP's rule against CSV injection: a cell beginning with =, +, -, @, a tab or a carriage return
is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` as a student's name), so it
is written with a leading apostrophe, which they show as text.  A number (−0.5, 1,5e-3 in a
decimal-comma locale, −1/3) or numbers separated by spaces, which symbp writes itself, stay as they are.
"""

from __future__ import annotations

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# a CSV file (not the text an API returns) begins with a UTF-8 byte order mark: without it, Excel on Windows
# reads the file in the system's code page and garbles 王小明, Zoë or a German header's "Größe" (Moodle's CSV
# downloads and readr's write_excel_csv write one too); LibreOffice, pandas, readr and csv with
# encoding="utf-8-sig" skip it
EXCEL_BOM = "\ufeff"
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?(?:/\d+)?"  # 1/3: an exact value
_NUMBERS = re.compile(rf"{_NUMBER}(?: {_NUMBER})*\Z")


def cell(value):
    """`value` as a CSV cell that no spreadsheet evaluates."""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_START) and not _NUMBERS.match(text):
        return "'" + text
    return value


class Writer:
    """csv.writer's writerow, every cell through `cell`."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([cell(value) for value in row])
