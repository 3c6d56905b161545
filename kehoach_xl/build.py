"""The workbook builder: writes KeHoach's sheets from the contract with openpyxl.

The blank workbook and the example are built from data files
(`data/blank.json`, `data/example-cam-luong-2023.json`), never edited by hand.
"""

import json
from datetime import date
from importlib import resources
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl import catalog, contract
from kehoach_xl.summary_sheet import add_chart

TABLE_NAMES = {
    contract.INFO.sheet: "ThongTin", contract.BASES.sheet: "CanCu",
    contract.TEXTS.sheet: "NoiDungChung", contract.TARGETS.sheet: "ChiTieu",
    contract.PROJECTS.sheet: "DuAn", contract.ACTIVITIES.sheet: "HoatDong",
    contract.RECIPIENTS.sheet: "NoiNhan", contract.CATALOG.sheet: "DanhMuc",
}
WIDTHS = {"Thông tin": 26, "Giá trị": 60, "Hướng dẫn": 60, "Loại văn bản": 14, "Số ký hiệu": 18,
          "Ngày ban hành": 14, "Cơ quan ban hành": 26, "Trích yếu": 70, "Phần": 18, "Nội dung": 110,
          "Chỉ tiêu": 32, "Ghi chú": 50, "Mã": 9, "Tên dự án, tiểu dự án": 40,
          "Thời gian thực hiện": 28, "Kinh phí (đồng)": 16, "Nguồn kinh phí": 36,
          "Phân công thực hiện": 60, "Nội dung hoạt động": 110, "Nơi nhận": 50,
          "Giai đoạn": 11, "Loại": 14, "Tên": 90}
EXAMPLE = "example-cam-luong-2023"
DATE_LABELS = {"Ngày ban hành"}


def load_source(name: str) -> dict:
    return json.loads(resources.files("kehoach_xl").joinpath(f"data/{name}.json").read_text("utf-8"))


def _cell_value(label: str, value: object) -> object:
    if label in DATE_LABELS and isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return date.fromisoformat(value)
    return value


def sheet_rows(source: dict) -> dict[str, list[list[object]]]:
    """The data rows of every input table, in header order, from a source file."""
    info = source[contract.INFO.sheet]
    rows: dict[str, list[list[object]]] = {contract.INFO.sheet: [
        [field.label, _cell_value(field.label, info.get(field.label)), field.hint]
        for field in contract.INFO_FIELDS]}
    targets = source[contract.TARGETS.sheet]
    rows[contract.TARGETS.sheet] = [[field.label, *targets[field.label]] for field in contract.TARGET_FIELDS]
    for table in (contract.BASES, contract.TEXTS, contract.PROJECTS, contract.ACTIVITIES, contract.RECIPIENTS):
        rows[table.sheet] = [[_cell_value(label, record.get(label)) for label in table.labels]
                             for record in source[table.sheet]]
    return rows


def _table(sheet: Worksheet, labels: tuple[str, ...], rows: list[list[object]]) -> None:
    sheet.append(list(labels))
    for row in rows or [[None] * len(labels)]:
        sheet.append(row)
    last = sheet.cell(row=sheet.max_row, column=len(labels)).coordinate
    table = Table(displayName=TABLE_NAMES[sheet.title], ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    for column, label in enumerate(labels, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = WIDTHS.get(label, 20)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"


def _name_formulas(sheet: Worksheet) -> None:
    """Column B of "Dự án": the name looked up from the code in "Danh mục"."""
    for r in range(2, sheet.max_row + 1):
        sheet.cell(row=r, column=2).value = (
            f"=IF(A{r}=\"\",\"\",IFERROR(INDEX('Danh mục'!$D:$D,MATCH(A{r},'Danh mục'!$B:$B,0)),"
            f"\"(mã không có trong Danh mục)\"))")


def build_workbook(source: dict) -> Workbook:
    book = Workbook()
    guide = book.active
    guide.title = contract.GUIDE
    guide["A1"] = "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững"
    guide["A1"].font = Font(bold=True, size=14)
    rows = sheet_rows(source)
    for table in contract.INPUT_TABLES:
        sheet = book.create_sheet(table.sheet)
        _table(sheet, table.labels, rows[table.sheet])
        if table is contract.PROJECTS:
            _name_formulas(sheet)
    catalog_sheet = book.create_sheet(contract.CATALOG.sheet)
    _table(catalog_sheet, contract.CATALOG.labels,
           [list(row) for phase in catalog.phases() for row in catalog.load(phase).rows()])
    for name in contract.OUTPUT_SHEETS:
        book.create_sheet(name)
    add_chart(book[contract.SUMMARY])
    return book


def build_all(root: Path) -> list[Path]:
    """workbook/KeHoach.xlsx (blank) and the example, under the repository root."""
    targets = {root / "workbook" / "KeHoach.xlsx": "blank",
               root / "examples" / "KeHoach_xa_Cam_Luong_2023.xlsx": EXAMPLE}
    for path, name in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_workbook(load_source(name)).save(path)
    return list(targets)
