"""The macro-free copy sent up: every sheet's values in a plain .xlsx.

No VBA, no xlwings.conf, no formulas: what the upper level opens raises no
macro warning, and text stays text (`kehoach_xl.io.cells`: "=1+1" typed by a
commune is not a formula; a control character, which XML cannot carry, shows
as "\ufffd").
"""

from collections.abc import Mapping, Sequence
from datetime import date, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kehoach_xl.io.cells import cell
from kehoach_xl.io.output import write_new
from kehoach_xl.core.values import as_date

DATE_FORMAT = "dd/mm/yyyy"


def _value(value: object) -> object:
    """A value as the copy stores it: dates that xlwings may hand over as ISO text become dates."""
    if isinstance(value, str) and (day := as_date(value)) and value[4:5] == "-":
        return day
    return value


def write_values_copy(sheets: Mapping[str, Sequence[Sequence[object]]], path: Path) -> Path:
    """Write the sheets' values, in order, to a new .xlsx at a free name near `path`."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            values = [_value(raw) for raw in row]
            sheet.append([cell(sheet, value, DATE_FORMAT if isinstance(value, (date, time)) else "")
                          for value in values])
        for header in next(sheet.iter_rows(max_row=1), ()):
            header.font = Font(bold=True)
    return write_new(path, book.save)
