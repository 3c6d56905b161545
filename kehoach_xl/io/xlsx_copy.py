"""The macro-free copy sent up: every sheet's values in a plain .xlsx.

No VBA, no xlwings.conf, no formulas: what the upper level opens raises no
macro warning, and text stays text ("=1+1" typed by a commune is not a formula;
a control character, which XML cannot carry, shows as "\ufffd").
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kehoach_xl.io.output import in_memory, write_new
from kehoach_xl.core.text import storable
from kehoach_xl.core.values import as_date

DATE_FORMAT = "dd/mm/yyyy"


def _cell(value: object) -> object:
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
        for r, row in enumerate(rows, start=1):
            for c, raw in enumerate(row, start=1):
                value = _cell(raw)
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    value = storable(value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, datetime) or hasattr(value, "isoformat"):
                    cell.number_format = DATE_FORMAT
        for cell in next(sheet.iter_rows(max_row=1), ()):
            cell.font = Font(bold=True)
    return write_new(path, in_memory(book.save))
