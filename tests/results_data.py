"""The example plan of 2023 with its results of the year typed into "Kết quả" and "Báo cáo"."""

from datetime import datetime
from pathlib import Path

import openpyxl

from conftest import EXAMPLE
from kehoach_xl.core import contract

RESULTS = {  # code: (what was done, money disbursed)
    "DA2": ("Đã khảo sát, đề xuất 01 mô hình chăn nuôi bò sinh sản.", None),
    "DA3.1": ("Hỗ trợ giống cây trồng cho 12 hộ nghèo.", None),
    "DA3.2": ("Tổ chức 02 buổi truyền thông về dinh dưỡng.", None),
    "DA4.1": ("Mở 01 lớp nghề may công nghiệp, 30 học viên.", None),
    "DA4.3": ("Kết nối việc làm cho 15 lao động.", None),
    "DA6.1": ("Bồi dưỡng 08 cộng tác viên thông tin cơ sở.", None),
    "DA6.2": ("Phát 24 tin bài; tổ chức 01 hội nghị truyền thông.", 5_000_000),
    "DA7.1": ("Mở 01 lớp tập huấn cán bộ làm công tác giảm nghèo.", 9_000_000),
    "DA7.2": ("Giám sát 02 đợt; rà soát hộ nghèo, cận nghèo cuối năm.", 7_500_000),
}
DISBURSED = 21_500_000
REPORT = {"Kỳ báo cáo": "cả năm", "Ngày số liệu": datetime(2023, 12, 15), "Ngày báo cáo": "12/2023",
          "Số hộ nghèo cuối kỳ": 77, "Số hộ cận nghèo cuối kỳ": 112, "Số hộ thoát nghèo": 20,
          "Số hộ tái nghèo": 1, "Số hộ nghèo phát sinh mới": 2, "Số hộ nghèo chuyển đến": 0,
          "Số hộ nghèo chuyển đi": 1}
"""95 poor at the start − 20 + 1 + 2 + 0 − 1 = 77 at the end: 18 fewer, the target 17."""


def row_of(sheet, label: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == label)


def with_results(path: Path, source: Path = EXAMPLE, report: dict | None = None) -> Path:
    """`source` with RESULTS on "Kết quả" and REPORT, changed by `report`, on "Báo cáo"."""
    book = openpyxl.load_workbook(source, keep_vba=source.suffix == ".xlsm")
    fill(book, report)
    book.save(path)
    return path


def fill(book: openpyxl.Workbook, report: dict | None = None, cells: dict | None = None) -> None:
    """RESULTS and REPORT (changed by `report`) typed into a workbook; then `cells` ("Kết quả!E9": value)."""
    results = book[contract.RESULTS.sheet]
    columns = {cell.value: cell.column for cell in results[1]}
    done, spent = columns["Kết quả thực hiện"], columns["Kinh phí giải ngân (đồng)"]
    for row in range(2, results.max_row + 1):
        code = results.cell(row, 1).value
        if code in RESULTS:
            results.cell(row, done).value, results.cell(row, spent).value = RESULTS[code]
    sheet = book[contract.REPORT.sheet]
    for label, value in (REPORT | (report or {})).items():
        sheet.cell(row_of(sheet, label), 2).value = value
    for place, value in (cells or {}).items():
        name, _, cell = place.partition("!")
        book[name][cell] = value
