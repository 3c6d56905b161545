"""Run xlwings button functions on Linux through xlwings' remote engine.

    payload(path)   the request the VBA remote client would send, for xw.Book(json=...)

``payload`` copies what xlwings' VBA client (``addin/Remote.bas``, RunServerPython)
sends, read with openpyxl instead of Excel:
- values from A1 to the end of the used range, ``[[]]`` for an empty sheet, empty
  cells ``None``;
- a formula cell sends its cached result, ``None`` when the file has none (a file
  written by openpyxl): Excel would send the computed value, openpyxl cannot compute;
- dates and times as ``"yyyy-mm-ddTHH:MM:SS.000Z"`` (time-only cells on 1899-12-30),
  numbers as VBA's ``CStr`` writes them: 15 significant digits, whole numbers below
  1e15 as JSON integers;
- names that refer to one range; openpyxl drops the reserved ones (Print_Area,
  _FilterDatabase) that Excel would list too;
- tables with the nine keys the VBA client sends, addresses absolute ("$A$1:$D$5");
- no pictures.

Facts about xlwings 0.37.8 with this payload, asserted in test_remote_engine.py:
- XLWINGS_LICENSE_KEY must be set before ``import xlwings``, which registers the
  remote engine; it is set below.
- ``xw.Book(json=...)`` raises XlwingsError unless payload["version"] is
  ``xw.__version__``.
- Reading: JSON integers stay int, whole numbers come back as int, dates in the
  client's format as datetime.datetime; a date-only string "2023-05-08" stays str.
- Reading these raises NotImplementedError: Range.color, formula, number_format,
  hyperlink, font.*, column_width, wrap_text, merge_cells, current_region,
  Table.columns (the VBA client sends no column names), App.status_bar (reading
  and setting). Sheet.visible raises KeyError: the VBA client sends no visibility.
"""

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
from openpyxl.utils import get_column_letter, range_boundaries  # noqa: E402

if not xw.__pro__:
    raise ImportError(
        "xlwings was imported before XLWINGS_LICENSE_KEY was set, so it has no "
        "remote engine: import remote_engine before xlwings"
    )


# --- payload ----------------------------------------------------------------


def payload(path: str | os.PathLike) -> dict[str, Any]:
    """The request xlwings' VBA client would send for the workbook at path."""
    path = Path(path)
    wb = openpyxl.load_workbook(path, data_only=True)
    return {
        "client": "VBA",
        "version": xw.__version__,
        "book": {
            "name": path.name,
            "active_sheet_index": wb.worksheets.index(wb.active),
            "selection": _selection(wb.active),
        },
        "names": _names(wb),
        "sheets": [
            {
                "name": ws.title,
                "values": _values(ws),
                "pictures": [],
                "tables": [_table(table) for table in ws.tables.values()],
            }
            for ws in wb.worksheets
        ],
    }


def _selection(ws) -> str:
    selections = ws.sheet_view.selection
    sqref = selections[0].sqref if selections else None
    return (sqref or "A1").replace(" ", ",")


def _names(wb) -> list[dict[str, Any]]:
    sheet_index = {ws.title: ix for ix, ws in enumerate(wb.worksheets)}
    scopes = [(None, wb.defined_names)]
    scopes += [(ws, ws.defined_names) for ws in wb.worksheets]
    names = []
    for scope, defined in scopes:
        for name, definition in defined.items():
            destinations = list(definition.destinations)  # empty unless a reference
            if len(destinations) != 1 or destinations[0][0] not in sheet_index:
                continue  # Excel's RefersToRange fails: the VBA client skips it
            sheet, cells = destinations[0]
            entry = {
                "name": name,
                "sheet_index": sheet_index[sheet],
                "address": cells.replace("$", ""),
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
            }
            if scope is not None:  # Excel's Name.Name is "Sheet!name" here
                entry["name"] = f"{_quoted(scope.title)}!{name}"
                entry["book_scope"] = False
                entry["scope_sheet_name"] = scope.title
                entry["scope_sheet_index"] = sheet_index[scope.title]
            names.append(entry)
    return names


def _quoted(sheet: str) -> str:
    if re.fullmatch(r"[^\W\d][\w.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _values(ws) -> list[list[Any]]:
    if (
        ws.min_row == ws.max_row
        and ws.min_column == ws.max_column
        and ws.cell(ws.max_row, ws.max_column).value is None
    ):
        return [[]]  # VBA: IsEmpty(UsedRange.Value)
    rows = ws.iter_rows(
        min_row=1,
        min_col=1,
        max_row=ws.max_row,
        max_col=ws.max_column,
        values_only=True,
    )
    return [[_json_value(value) for value in row] for row in rows]


def _json_value(value):
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (int, float)):
        number = float(f"{value:.15g}")
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 30), value)
    if isinstance(value, dt.date):
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    raise TypeError(f"no VBA client value for {value!r}")


def _table(table) -> dict[str, Any]:
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    header = 0 if table.headerRowCount == 0 else 1
    totals = table.totalsRowCount or 0

    def address(first_row, last_row):
        if first_row > last_row:
            return None
        first = f"${get_column_letter(min_col)}${first_row}"
        last = f"${get_column_letter(max_col)}${last_row}"
        return first if first == last else f"{first}:{last}"

    style = table.tableStyleInfo
    return {
        "name": table.displayName,
        "range_address": address(min_row, max_row),
        "header_row_range_address": address(min_row, min_row) if header else None,
        "data_body_range_address": address(min_row + header, max_row - totals),
        "total_row_range_address": address(max_row, max_row) if totals else None,
        "show_headers": bool(header),
        "show_totals": bool(totals),
        "table_style": (style.name if style else None) or "",
        "show_autofilter": table.autoFilter is not None,
    }
