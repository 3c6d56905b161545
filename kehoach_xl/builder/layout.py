"""How the sheets look and print: widths, wrap, frozen headers, A4 setup, protection."""

from datetime import date

from openpyxl.styles import Alignment
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl.builder.aids import RATES_HEADER, TOTAL_LABEL
from kehoach_xl.builder.help import LINE_HEIGHT, wrapped_lines
from kehoach_xl.core import contract

WIDTHS = {"Thông tin": 26, "Giá trị": 60, "Hướng dẫn": 60, "Loại văn bản": 14, "Số ký hiệu": 18,
          "Ngày ban hành": 14, "Cơ quan ban hành": 26, "Trích yếu": 70, "Phần": 18, "Nội dung": 110,
          "Chỉ tiêu": 32, "Ghi chú": 50, "Mã": 9, "Tên dự án, tiểu dự án": 62,
          "Thời gian thực hiện": 28, "Kinh phí (đồng)": 16, "Nguồn kinh phí": 36,
          "Phân công thực hiện": 60, "Nội dung hoạt động": 110, "Nơi nhận": 50,
          "Giai đoạn": 11, "Loại": 14, "Tên": 90, TOTAL_LABEL: 22,
          RATES_HEADER[0]: 46, RATES_HEADER[1]: 10, "Kinh phí kế hoạch (đồng)": 16, "Kết quả thực hiện": 80,
          "Kinh phí giải ngân (đồng)": 16}
SHEET_WIDTHS = {(contract.REPORT.sheet, "Nội dung"): 30, (contract.RESULTS.sheet, "Tên"): 50,
                (contract.REPORT.sheet, "Giá trị"): 90}
"""Where a label is shared by sheets of different needs: "Nội dung" is a paragraph on Nội dung chung, a
row's name on Báo cáo."""
PORTRAIT_WIDTH = 100
"""Sheets whose columns add up to more characters than this print landscape."""


def table_layout(sheet: Worksheet) -> None:
    """Widths by header label, wrapped top-aligned cells, dates as dd/mm/yyyy, header row frozen."""
    for cell in sheet[1]:
        if cell.value is not None:
            sheet.column_dimensions[cell.column_letter].width = SHEET_WIDTHS.get((sheet.title, cell.value),
                                                                                 WIDTHS.get(cell.value, 20))
    for table in sheet.tables.values():
        for row in sheet[table.ref][1:]:
            lines = 1
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, str) and not cell.value.startswith("="):
                    width = sheet.column_dimensions[cell.column_letter].width
                    lines = max(lines, wrapped_lines(cell.value, width))
            if lines > 1:
                sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
    sheet.freeze_panes = "A2"


def print_setup(sheet: Worksheet, title_rows: bool = True) -> None:
    """A4, fitted to the page width, landscape when wide, header row on every page, numbered pages."""
    width = sum(dimension.width for dimension in sheet.column_dimensions.values())
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = "&A"
    sheet.oddFooter.center.text = "Trang &P/&N"


def protect(sheet: Worksheet) -> None:
    """Locked against slips, with no password: Review → Unprotect Sheet opens it. Filters still work."""
    sheet.protection = SheetProtection(sheet=True, autoFilter=False)
