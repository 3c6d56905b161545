"""The "Tổng hợp" sheet written with openpyxl: the summary block and its chart.

The chart is made once, by the workbook builder, and points at the fixed
rows of the workbook's catalog's top-level items: xlwings 0.37.8's remote engine does emit an "addChart" action,
but neither of its clients (the VBA module Remote.bas, the Office.js
xlwings.ts) carries it out, so a button cannot create a chart; it only
rewrites the values the chart shows.
"""

from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.model import Plan
from kehoach_xl.core.summary import (AMOUNT_COLUMN, COLUMN_WIDTHS, MONEY_FORMAT, PROJECT_HEADER_ROW, TEXT_FORMAT,
                                     project_rows, summary_block)

CHART_TITLE = "Kinh phí theo dự án"
CHART_ANCHOR = "F4"


def _cells(sheet: Worksheet, ref: str) -> list[Cell]:
    return [cell for row in sheet[ref] for cell in row]


def write_summary(sheet: Worksheet, plan: Plan, known: Catalog) -> None:
    """Replace the sheet's cells with the summary block, formatted; charts stay.

    Strings are stored as strings: openpyxl would store "=1+1" as a formula."""
    block = summary_block(plan, known)
    sheet.delete_rows(1, sheet.max_row)
    for r, row in enumerate(block.rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    for ref in block.text:
        for cell in _cells(sheet, ref):
            cell.number_format = TEXT_FORMAT
    for ref in block.money:
        for cell in _cells(sheet, ref):
            cell.number_format = MONEY_FORMAT
    for ref in block.bold:
        for cell in _cells(sheet, ref):
            cell.font = Font(bold=True)
    for letter, width in COLUMN_WIDTHS.items():
        sheet.column_dimensions[letter].width = width


def add_chart(sheet: Worksheet, known: Catalog) -> None:
    """A column chart of the amounts of the catalog's top-level items (the fixed rows of the block);
    none for a catalog without items."""
    rows = project_rows(known)
    if not rows:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = CHART_TITLE
    chart.legend = None
    chart.y_axis.numFmt = MONEY_FORMAT
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    amounts = column_index_from_string(AMOUNT_COLUMN)
    chart.add_data(Reference(sheet, min_col=amounts, min_row=PROJECT_HEADER_ROW, max_row=rows[-1]),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=rows[0], max_row=rows[-1]))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, CHART_ANCHOR)
