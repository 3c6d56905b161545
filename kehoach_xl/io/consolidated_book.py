"""The consolidated workbook (core/consolidation.Consolidation) written with XlsxWriter.

Half the time of openpyxl's write-only mode.  Text is always written as text
(`write_string`: never a formula, a number or an error), quote-prefixed when it
starts like a formula (`io/cells.AT_RISK`).
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import BinaryIO

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kehoach_xl.core.consolidation import COUNT, DATETIME, MONEY, POINTS, RATE, YEAR, Consolidation, ConsolidatedTable
from kehoach_xl.core.text import storable
from kehoach_xl.io.cells import AT_RISK

SHEETS = {"files": "Danh sách", "money": "Kinh phí", "targets": "Chỉ tiêu", "results": "Kết quả", "findings": "Lỗi"}
TABLE_NAMES = {"files": "DanhSach", "money": "KinhPhi", "targets": "ChiTieu", "results": "KetQua",
               "findings": "Loi"}
NUMBER_FORMATS = {YEAR: "0", COUNT: "#,##0", MONEY: "#,##0", RATE: "0.00%", POINTS: "0.00",
                  DATETIME: "dd/mm/yyyy hh:mm"}
WIDTHS = {"Tệp": 44, "Đơn vị": 24, "Trạng thái": 14, "Lý do không đọc được": 50, "Trùng lặp": 60,
          "Nội dung": 100, "Ô": 18, "Mã": 24, "Lưu ý": 60, "Dòng chưa ghi số tiền": 30, "Sửa lần cuối": 17}
WRAPPED = frozenset({"Lý do không đọc được", "Trùng lặp", "Nội dung", "Lưu ý", "Dòng chưa ghi số tiền"})
"""Columns of long text, wrapped; other cells keep Excel's default style, which is also faster to write."""
_PIXELS_PER_CM = 96 / 2.54
"""Excel's pixels at 100 %, in which XlsxWriter sizes a chart."""
Style = tuple[Format | None, Format | None, Format | None]
"""How a column's cells are written: its text, its text that starts like a formula (with Excel's quote
prefix, as typed with an apostrophe), its numbers and dates."""


def _styles(book: Workbook) -> Callable[..., Style]:
    """A column's `Style` for a number format, bold or wrapped; each format is made once per workbook."""
    made: dict[tuple[tuple[str, object], ...], Format | None] = {}

    def format_of(*properties: tuple[str, object]) -> Format | None:
        kept = tuple(p for p in properties if p[1])
        if kept not in made:
            made[kept] = book.add_format(dict(kept)) if kept else None
        return made[kept]

    def style(number_format: str = "", bold: bool = False, wrap: bool = False) -> Style:
        text = (("bold", bold), ("text_wrap", wrap), ("valign", "top" if wrap else ""))
        return (format_of(*text), format_of(*text, ("quote_prefix", True)),
                format_of(("num_format", number_format), ("bold", bold)))
    return style


def _row(sheet: Worksheet, row: int, values: Sequence, styles: Sequence[Style]) -> None:
    """One row of cells, each in its column's style; text always as text (write_string: never a formula,
    a number or an error), with Excel's quote prefix when it starts like a formula."""
    for col, (value, (text, quoted, number)) in enumerate(zip(values, styles)):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            value = storable(value)
            sheet.write_string(row, col, value, quoted if value.startswith(AT_RISK) else text)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, col, value, number)
        else:
            sheet.write_number(row, col, value, number)


def _table(sheet: Worksheet, key: str, table: ConsolidatedTable, style: Callable[..., Style]) -> int:
    """Header, rows as a native Excel table, then the level's sums in bold; returns the first row under them."""
    for col, column in enumerate(table.columns):
        # Widths as Excel stores them (padding included): 7 pixels a character of Calibri 11.
        sheet.set_column_pixels(col, col, 7 * WIDTHS.get(column.header, 14))
    sheet.freeze_panes(1, 0)
    last = max(1, len(table.rows))
    sheet.add_table(0, 0, last, len(table.columns) - 1, {
        "name": TABLE_NAMES[key], "style": "TableStyleMedium2",
        "columns": [{"header": storable(header)} for header in table.headers]})
    formats = [NUMBER_FORMATS.get(column.kind, "") for column in table.columns]
    bold = [style(number_format, bold=True) for number_format in formats]
    _row(sheet, 0, table.headers, bold)
    plain = [style(number_format, wrap=column.header in WRAPPED)
             for number_format, column in zip(formats, table.columns)]
    for row, values in enumerate(table.rows, start=1):
        _row(sheet, row, values, plain)
    for row, values in enumerate(table.sums, start=last + 1):
        _row(sheet, row, values, bold)
    return last + 1 + len(table.sums)


def _money_extras(book: Workbook, sheet: Worksheet, result: Consolidation, below: int,
                  style: Callable[..., Style]) -> None:
    """Under the money table: the names of the codes of each phase, and a bar chart of each unit's money by code."""
    _row(sheet, below + 1, ("Mã", "Tên", "Giai đoạn", "Cấp", "Thuộc"), [style(bold=True)] * 5)
    for row, code in enumerate(result.codes, start=below + 2):
        _row(sheet, row, (code.header, code.name, code.phase, code.level + 1, code.parent), [style()] * 5)
    units = len(result.money.rows)
    tops = [result.money.headers.index(code.header) for code in result.codes if code.level == 0]
    if not units or not tops:
        return
    chart = book.add_chart({"type": "bar", "subtype": "stacked"})
    for col in tops:  # the top level only: a level below is already inside its parent's bar
        chart.add_series({"name": [sheet.name, 0, col], "categories": [sheet.name, 1, 0, units, 0],
                          "values": [sheet.name, 1, col, units, col]})
    chart.set_title({"name": "Kinh phí theo đơn vị và mục cấp trên cùng (đồng)"})
    # A bar chart's x axis is its horizontal one: the money; the y axis lists the units, the first at the top.
    chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": False}})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 25 * _PIXELS_PER_CM, "height": max(8, 3 + 0.6 * units) * _PIXELS_PER_CM})
    # Moves with the cells but keeps its size, as the one-cell anchor openpyxl wrote did.
    sheet.insert_chart(below + len(result.codes) + 3, 0, chart, {"object_position": 2})


def write_workbook(result: Consolidation, buffer: BinaryIO) -> None:
    """The five sheets (SHEETS), their tables, the money's names of codes and its chart."""
    book = Workbook(buffer, {"in_memory": True})
    style = _styles(book)
    for key, title in SHEETS.items():
        sheet = book.add_worksheet(title)
        below = _table(sheet, key, getattr(result, key), style)
        if key == "money":
            _money_extras(book, sheet, result, below, style)
    book.close()
