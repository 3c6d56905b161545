"""Cells written with openpyxl, so that text stays text.

openpyxl stores a string that starts with "=" as a formula and "#REF!" as an
error, and Excel, when the official later edits such a cell, takes "+…",
"-…" and "@…" for formulas too.  So text is stored as a string cell, with
Excel's quote prefix (the apostrophe typed before text) when it starts with
one of those characters; control characters, which XML cannot hold (Excel
keeps them as _x0001_, calamine and xlwings give them back), become "\ufffd".
Writers through xlwings format the cells as Text instead (`core.ranges`); the
consolidated workbook, written with XlsxWriter, keeps the same rule with its
write_string and `AT_RISK` (`io/consolidated_book.py`).
"""

from typing import TYPE_CHECKING

from kehoach_xl.core.ranges import TEXT_FORMAT
from kehoach_xl.core.text import storable

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

AT_RISK = ("=", "+", "-", "@", "#")
"""Text Excel would take for a formula ("=", "+", "-", "@") or an error value ("#REF!")."""


def cell(sheet: "Worksheet", value: object, number_format: str = "") -> object:
    """What to append to a row of `sheet` for `value`, in write-only mode or not.

    The value itself where openpyxl stores it as it is (most cells: faster to
    write), else a cell of its own; `number_format` is for numbers and dates.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = storable(value)
        if not value.startswith(AT_RISK):
            return value
    elif not number_format:
        return value
    # Imported here: the consolidation takes AT_RISK alone, and openpyxl costs it 0,2 s to import.
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        made.data_type = "s"
        made.quotePrefix = True
    else:
        made.number_format = number_format
    return made


def text_column(sheet: "Worksheet", column: str) -> None:
    """A column formatted as Text, under its header: the column's own format, which Excel gives every cell
    typed there later (so that a code typed 1.10 stays 1.10, not the number 1.1), and each cell written."""
    sheet.column_dimensions[column].number_format = TEXT_FORMAT
    for row in range(2, sheet.max_row + 1):
        sheet[f"{column}{row}"].number_format = TEXT_FORMAT
