"""The chart of the "Tổng hợp" sheet, which the workbook builder adds.

The chart is made once, by the workbook builder, and points at the fixed
rows of the workbook's catalog's top-level items: xlwings 0.37.8's remote engine does emit an "addChart" action,
but neither of its clients (the VBA module Remote.bas, the Office.js
xlwings.ts) carries it out, so a button cannot create a chart; it only
rewrites the values the chart shows (`kehoach_xl.shells.buttons`).
"""

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.summary import AMOUNT_COLUMN, MONEY_FORMAT, PROJECT_HEADER_ROW, project_rows

CHART_ANCHOR = "F4"


def add_chart(sheet: Worksheet, catalog: Catalog) -> None:
    """A column chart of the amounts of the catalog's top-level items (the fixed rows of the block);
    none for a catalog without items."""
    rows = project_rows(catalog)
    if not rows:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = f"Kinh phí theo {catalog.top_kind.lower()}"
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
