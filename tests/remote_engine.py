"""Run xlwings button functions on Linux through xlwings' remote engine.

    payload(path)                       the request the VBA remote client would send
    apply_actions(src, book_json, dst)  apply book.json() to a copy of src, as Excel
    run(func, src, dst)                 both, around a RunPython entry point that
                                        calls xw.Book.caller()

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

``apply_actions`` loads src with openpyxl (``keep_vba`` for .xlsm), applies each
action the way Excel applies it through COM, and saves to dst, which must not exist.
The copy is an openpyxl round trip: formulas lose their cached values, and parts
openpyxl does not keep are gone. Supported actions (xlwings call -> args):

    setValues          rng.value = ...            values: 2-D list, "" for None
    rangeClearContents rng.clear_contents()       -
    sheetClearContents sheet.clear_contents()     -
    sheetClear         sheet.clear()              - (values, formats, links)
    setRangeColor      rng.color = ...            ["#rrggbb"] or [None] (no fill)
    setNumberFormat    rng.number_format = ...    [format]
    setFontProperty    rng.font.<attr> = ...      [bold|italic|size|name|color, value]
    addHyperlink       rng.add_hyperlink(...)     [address, text, screen_tip]
    addSheet           book.sheets.add(...)       [final 0-based position, name]
    setSheetName       sheet.name = ...           [name]
    sheetDelete        sheet.delete()             -
    activateSheet      sheet.activate()           [0-based index]
    alert              book.app.alert(...)        [prompt, title, buttons, mode,
                                                   callback]
    runMacro           book.macro(name)(*args)    ["'book.xlsm'!name", *args]

Range actions carry sheet_position, start_row, start_column (0-based), row_count and
column_count; sheet actions carry sheet_position. Alerts and macros cannot happen
here, so they are returned in ``Applied`` for the test to assert on. Any other
action raises NotImplementedError.

How Excel is followed: in a cell formatted "@" (Text) a string stays text as
written; elsewhere Excel parses it as if typed, and so does the harness: a
string starting with "=" becomes a formula, and so does one starting with "+",
"-" or "@" that is not a number ("@SUM(A1)" -> "=SUM(A1)"); a number becomes a
number ("00123" -> 123, " 1.5 " -> 1.5, "-7" -> -7); "d/m" and "d/m/yyyy"
become dates, read day first as Windows set to Vietnamese reads them ("1/5"
-> 1 May of the current year; "31/2" stays text); "" empties the cell;
"YYYY-MM-DD" (how xlwings sends a date) becomes a date and "YYYY-MM-DD
HH:MM:SS" (a datetime) a datetime; every other string stays text ("12/KH-UBND").
A hyperlink to "#'Sheet'!A1" is a link inside the
workbook; the cell gets the link text and the Hyperlink style's blue underline.
Sheet names are checked as Excel checks them (1-31 characters, none of []:*?/\\,
no leading or trailing apostrophe, unique ignoring case). A new sheet becomes the
active one; deleting the active sheet activates the next one. Formulas and names
that refer to a renamed or deleted sheet are not rewritten as Excel would.

The book's folder: COM gives ``book.fullname`` as the workbook's full path, and
buttons write their files next to it; the VBA client sends the name alone and
the remote engine answers ``fullname`` with it.  So ``payload`` adds the full
path under "fullname", and ``fullname`` is made to answer with it, as COM does
(``book.name`` stays the file name).

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
- Writes are queued: a cell written in a call reads its old value in that call.
- ``book.sheets.add(before=s)`` puts the new sheet one place too early unless s is
  the first sheet; ``after=`` and no argument are right.
"""

import datetime as dt
import json
import os
import re
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
from xlwings.pro import _xlremote  # noqa: E402
from openpyxl.cell.cell import MergedCell  # noqa: E402
from openpyxl.styles import Color, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter, range_boundaries  # noqa: E402
from openpyxl.worksheet.hyperlink import Hyperlink  # noqa: E402

if not xw.__pro__:
    raise ImportError(
        "xlwings was imported before XLWINGS_LICENSE_KEY was set, so it has no "
        "remote engine: import remote_engine before xlwings"
    )


_xlremote.Book.fullname = property(lambda book: book.api["book"].get("fullname", book.name))


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
            "fullname": str(path.resolve()),
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


# --- actions ----------------------------------------------------------------


class Alert(NamedTuple):
    prompt: str
    title: str
    buttons: str
    mode: str
    callback: str


class Macro(NamedTuple):
    name: str
    args: list[Any]


@dataclass
class Applied:
    """What the actions asked of Excel beyond the workbook itself."""

    alerts: list[Alert] = field(default_factory=list)
    macros: list[Macro] = field(default_factory=list)


def apply_actions(
    src: str | os.PathLike, book_json: dict[str, Any], dst: str | os.PathLike
) -> Applied:
    """Apply ``book.json()`` to a copy of src, saved to dst (which must not exist)."""
    src, dst = Path(src), Path(dst)
    if dst.exists():
        raise FileExistsError(dst)
    actions = json.loads(json.dumps(book_json))["actions"]  # as sent over the wire
    wb = openpyxl.load_workbook(src, keep_vba=src.suffix.lower() == ".xlsm")
    applied = Applied()
    for action in actions:
        try:
            apply = _ACTIONS[action["func"]]
        except KeyError:
            raise NotImplementedError(
                f"remote_engine cannot apply {action['func']!r}; "
                f"it knows {', '.join(_ACTIONS)}"
            ) from None
        apply(wb, action, applied)
    wb.save(dst)
    return applied


def run(
    func: Callable[[], Any], src: str | os.PathLike, dst: str | os.PathLike
) -> Applied:
    """Call a RunPython entry point with src as ``xw.Book.caller()``, apply to dst."""
    book = xw.Book(json=payload(src))
    book.set_mock_caller()
    try:
        func()
        book_json = book.json()
    finally:
        del xw.Book._mock_caller  # set_mock_caller() has no public undo
        book.close()
    return apply_actions(src, book_json, dst)


def _cells(wb, action):
    row, column = action["start_row"] + 1, action["start_column"] + 1
    return wb.worksheets[action["sheet_position"]].iter_rows(
        min_row=row,
        min_col=column,
        max_row=row + action["row_count"] - 1,
        max_col=column + action["column_count"] - 1,
    )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")


def _excel_value(value):
    if value == "":
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        moment = dt.datetime.fromisoformat(value)
        return moment if len(value) > 10 else moment.date()
    return value


_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")
_DAY_MONTH = re.compile(r"\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\s*")


def _typed(value):
    """What Excel makes of text written into a General cell, as if typed: "=…" a
    formula, and "+…", "-…", "@…" too (unless a number): "@SUM(A1)" -> "=SUM(A1)";
    a number a number; "d/m" or "d/m/yyyy" a date, day first."""
    if not isinstance(value, str):
        return value
    if _NUMBER.fullmatch(value):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    if day_month := _DAY_MONTH.fullmatch(value):
        day, month, year = day_month.groups()
        try:
            return dt.datetime(int(year) if year else dt.date.today().year, int(month), int(day))
        except ValueError:
            return value
    if value[:1] in ("+", "-", "@") and len(value) >= 2:
        return "=" + (value[1:] if value[0] == "@" else value)
    return value


def _set_values(wb, action, applied):
    for cells, values in zip(_cells(wb, action), action["values"]):
        for cell, value in zip(cells, values):
            if cell.number_format == "@" and isinstance(value, str):
                cell.value = value or None
                cell.data_type = "s"
            else:
                cell.value = _typed(_excel_value(value))


def _clear_contents(cells):
    for row in cells:
        for cell in row:
            if not isinstance(cell, MergedCell):
                cell.value = None


def _range_clear_contents(wb, action, applied):
    _clear_contents(_cells(wb, action))


def _sheet_clear_contents(wb, action, applied):
    _clear_contents(wb.worksheets[action["sheet_position"]].iter_rows())


def _sheet_clear(wb, action, applied):
    """sheet.clear(): values, formats and hyperlinks go; the cells become new."""
    ws = wb.worksheets[action["sheet_position"]]
    for row in list(ws.iter_rows()):
        for cell in row:
            if not isinstance(cell, MergedCell):
                ws._cells.pop((cell.row, cell.column), None)
    ws._hyperlinks = []


def _argb(hex_color):
    return "FF" + hex_color.lstrip("#").upper()


def _set_range_color(wb, action, applied):
    (color,) = action["args"]
    fill = PatternFill("solid", fgColor=_argb(color)) if color else PatternFill()
    for row in _cells(wb, action):
        for cell in row:
            cell.fill = fill


def _set_number_format(wb, action, applied):
    (number_format,) = action["args"]
    for row in _cells(wb, action):
        for cell in row:
            cell.number_format = number_format


def _set_font_property(wb, action, applied):
    attribute, value = action["args"]
    if attribute not in ("bold", "italic", "size", "name", "color"):
        raise NotImplementedError(f"remote_engine cannot set font {attribute!r}")
    if attribute == "color":
        value = Color(_argb(value))
    for row in _cells(wb, action):
        for cell in row:
            font = copy(cell.font)
            setattr(font, attribute, value)
            cell.font = font


def _add_hyperlink(wb, action, applied):
    address, text, screen_tip = action["args"]
    for row in _cells(wb, action):
        for cell in row:
            link = Hyperlink(cell.coordinate, tooltip=screen_tip, display=text)
            if address.startswith("#"):
                link.location = address[1:]
            else:
                link.target = address
            cell.hyperlink = link
            cell.value = text
            font = copy(cell.font)  # the Hyperlink cell style sets only the font
            font.underline, font.color = "single", Color(theme=10)
            cell.font = font


def _check_sheet_name(wb, name, old=None):
    others = [title.casefold() for title in wb.sheetnames if title != old]
    if (
        not 1 <= len(name) <= 31
        or set(name) & set("[]:*?/\\")
        or name.startswith("'")
        or name.endswith("'")
        or name.casefold() in others
    ):
        raise ValueError(f"Excel refuses the sheet name {name!r}")


def _activate(wb, ws):
    wb.active = ws
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws


def _add_sheet(wb, action, applied):
    position, name = action["args"]
    _check_sheet_name(wb, name)
    _activate(wb, wb.create_sheet(name, position))


def _set_sheet_name(wb, action, applied):
    (name,) = action["args"]
    ws = wb.worksheets[action["sheet_position"]]
    _check_sheet_name(wb, name, old=ws.title)
    ws.title = name


def _sheet_delete(wb, action, applied):
    position = action["sheet_position"]
    if len(wb.worksheets) == 1:
        raise ValueError("Excel cannot delete a workbook's only sheet")
    active, ws = wb.active, wb.worksheets[position]
    wb.remove(ws)
    if active is ws:
        active = wb.worksheets[min(position, len(wb.worksheets) - 1)]
    _activate(wb, active)


def _activate_sheet(wb, action, applied):
    (index,) = action["args"]
    _activate(wb, wb.worksheets[index])


def _alert(wb, action, applied):
    applied.alerts.append(Alert(*action["args"]))


def _run_macro(wb, action, applied):
    name, *args = action["args"]
    applied.macros.append(Macro(name, args))


_ACTIONS = {
    "setValues": _set_values,
    "rangeClearContents": _range_clear_contents,
    "sheetClearContents": _sheet_clear_contents,
    "sheetClear": _sheet_clear,
    "setRangeColor": _set_range_color,
    "setNumberFormat": _set_number_format,
    "setFontProperty": _set_font_property,
    "addHyperlink": _add_hyperlink,
    "addSheet": _add_sheet,
    "setSheetName": _set_sheet_name,
    "sheetDelete": _sheet_delete,
    "activateSheet": _activate_sheet,
    "alert": _alert,
    "runMacro": _run_macro,
}
