"""The workbook builder: KeHoach.xlsm and the example, every byte from sources in the repository.

The sources: the contract, the data files (`data/blank.json`,
`data/example-cam-luong-2023.json`, the catalog), the VBA modules
(`workbook/vba/*.bas`) and the ribbon's table of buttons
(`kehoach_xl/builder/ribbon.py`, which makes the "Ribbon" module and
customUI14.xml).  Nothing
is edited by hand in Excel, and a rebuild gives the same parts, so the
committed workbooks can be reviewed and rebuilt on Linux.
"""

import io
import json
from datetime import date, datetime
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from kehoach_xl.builder import aids, layout
from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog, choose
from kehoach_xl.core.catalog_sheet import workbook_origin
from kehoach_xl.core.ranges import TEXT_FORMAT
from kehoach_xl.core.text import storable
from kehoach_xl.core.values import column_letter
from kehoach_xl.core.reader import label_key, project_code
from kehoach_xl.builder.help import write_guide
from kehoach_xl.builder.chart import add_chart
from kehoach_xl.builder.ovba import read_modules
from kehoach_xl.builder.xlsm import assign_code_names, make_xlsm
from kehoach_xl.builder import ribbon
from kehoach_xl.io.catalogs import ORIGIN_WIDTHS, shipped
from kehoach_xl.io.cells import AT_RISK
from kehoach_xl.io.engines import read_file

TABLE_NAMES = {
    contract.INFO.sheet: "ThongTin", contract.BASES.sheet: "CanCu",
    contract.TEXTS.sheet: "NoiDungChung", contract.TARGETS.sheet: "ChiTieu",
    contract.PROJECTS.sheet: "DuAn", contract.ACTIVITIES.sheet: "HoatDong",
    contract.RECIPIENTS.sheet: "NoiNhan", contract.CATALOG.sheet: "DanhMuc",
    contract.RESULTS.sheet: "KetQua", contract.REPORT.sheet: "BaoCao",
}
EXAMPLE = "example-cam-luong-2023"
DATE_LABELS = {"Ngày ban hành", "Ngày số liệu", "Ngày báo cáo"}
WORKBOOKS = {Path("workbook") / "KeHoach.xlsm": "blank",
             Path("examples") / "KeHoach_xa_Cam_Luong_2023.xlsm": EXAMPLE}
BUILT = datetime(2025, 1, 1)
"""Created and modified date of every built workbook: a rebuild must equal the committed file."""

XLWINGS_CONF = "xlwings.conf"
INTERPRETER_WIN = r"%PUBLIC%\kehoach-xl\python\pythonw.exe"
r"""Where CaiDat.cmd installs Python on every PC (windows/install.py). xlwings.bas reads this sheet before any
file and expands its values with WScript.ExpandEnvironmentStrings, a Unicode call: %PUBLIC% (C:\Users\Public)
stays ASCII whatever the user's name, so the ANSI GetAttr that checks the interpreter finds it."""
TEMP_DIR = r"%SystemRoot%\Temp"
r"""Where ExecuteWindows writes each click's error log and reads it back with the ANSI Open: its default,
Environ("Temp"), is under the profile, whose path may have no ANSI spelling. Every user may create files
in C:\Windows\Temp and read only their own (the log names the official's files)."""
XLWINGS_SETTINGS = (
    ("Interpreter_Win", INTERPRETER_WIN),
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("UDF Modules", None),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
    # The package is installed; the workbook's folder (a mail client's temporary
    # folder, a OneDrive URL) has nothing Python needs.
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
    ("TEMP DIR", TEMP_DIR),
)
ROOT = Path(__file__).resolve().parents[2]
"""The repository the package runs from, if it runs from one: its workbook/vba holds the VBA modules."""
VBA = Path("workbook") / "vba"
OUTPUT_NOTES = {contract.CHECKS: "Trang này do nút Kiểm tra dữ liệu ghi. Không nhập tay.",
                contract.SUMMARY: "Trang này do nút Tổng hợp kinh phí và Kiểm tra chỉ tiêu ghi. Không nhập tay."}


def load_source(name: str) -> dict:
    return json.loads(resources.files("kehoach_xl").joinpath(f"data/{name}.json").read_text("utf-8"))


def _cell_value(label: str, value: object) -> object:
    if value == "":
        return None
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
    rows[contract.TARGETS.sheet] = [[field.label, *(_cell_value(field.label, v) for v in targets[field.label])]
                                    for field in contract.TARGET_FIELDS]
    report = source[contract.REPORT.sheet]
    rows[contract.REPORT.sheet] = [[field.label, _cell_value(field.label, report.get(field.label)), field.hint]
                                   for field in contract.REPORT_FIELDS]
    for table in (contract.BASES, contract.TEXTS, contract.PROJECTS, contract.ACTIVITIES, contract.RECIPIENTS,
                  contract.RESULTS):
        rows[table.sheet] = [[_cell_value(label, record.get(label)) for label in table.labels]
                             for record in source[table.sheet]]
    return rows


def source_catalog(source: dict, catalogs: dict[str, Catalog]) -> Catalog:
    """The catalog of a plan source, chosen as a plan's is (catalog.choose): by its year, else its phase."""
    info = source[contract.INFO.sheet]
    year = info.get("Năm kế hoạch")
    return choose(catalogs, year if type(year) is int else None, str(info.get("Giai đoạn chương trình") or ""))


def catalog_rows(catalog: Catalog) -> list[list[object]]:
    """The rows of "Danh mục", as `kehoach catalog export` writes them: the workbook's phase, its items,
    then the funding sources."""
    return [[value or None for value in row] for row in catalog.rows()]


def _table(sheet: Worksheet, table: contract.Table, rows: list[list[object]],
           formulas: dict[str, str] | None = None) -> None:
    """An Excel Table of `rows` under the header row; `formulas`: calculated columns by key."""
    sheet.append(list(table.labels))
    for row in rows or [[None] * len(table.labels)]:
        sheet.append(row)
    ref = f"A1:{sheet.cell(row=sheet.max_row, column=len(table.labels)).coordinate}"
    formulas = formulas or {}
    columns = [TableColumn(id=number, name=column.label,
                           calculatedColumnFormula=TableFormula(attr_text=formulas[column.key])
                           if column.key in formulas else None)
               for number, column in enumerate(table.columns, start=1)]
    excel_table = Table(displayName=TABLE_NAMES[sheet.title], ref=ref, autoFilter=AutoFilter(ref=ref),
                        tableColumns=columns)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(excel_table)


def _xlwings_conf(book: Workbook) -> None:
    """The settings sheet of standalone xlwings (as `xlwings quickstart --standalone` makes it), hidden."""
    sheet = book.create_sheet(XLWINGS_CONF)
    for setting in XLWINGS_SETTINGS:
        sheet.append(setting)
    sheet.column_dimensions["A"].width = 30
    sheet.sheet_state = "hidden"


def _input_sheet(book: Workbook, table: contract.Table, rows: list[list[object]], index: int | None = None) -> None:
    sheet = book.create_sheet(table.sheet, index)
    _table(sheet, table, rows, aids.FORMULAS.get(table.sheet))
    aids.text_codes(sheet, table)
    if table is contract.PROJECTS:
        aids.add_project_formulas(sheet)
    if table is contract.RESULTS:
        aids.add_result_formulas(sheet)
    if table is contract.TARGETS:
        aids.add_target_formulas(sheet)
    layout.table_layout(sheet)
    layout.print_setup(sheet)


def _input_sheets(book: Workbook, source: dict, phases: list[str]) -> None:
    rows = sheet_rows(source)
    for table in contract.INPUT_TABLES + contract.REPORT_TABLES:
        _input_sheet(book, table, rows[table.sheet])
    aids.add_validation(book, phases)
    aids.mark_required_blanks(book)


def result_records(codes: list[str]) -> list[dict]:
    """The rows of "Kết quả" for plan lines: the code; the name and planned money are formulas."""
    return [{"Mã": code} for code in codes]


def _blank_result_rows(sheet: Worksheet) -> list[int]:
    """The rows of "Kết quả" with nothing typed in them (the builder leaves one in a new workbook's table): every
    cell blank but those the lookups fill."""
    lookups = {label_key(c.label) for c in contract.RESULTS.columns if c.key in aids.RESULT_LOOKUPS}
    header = [label_key(value) if isinstance(value, str) else "" for value in next(sheet.iter_rows(
        max_row=1, values_only=True), ())]
    typed = [number for number, label in enumerate(header) if label not in lookups]
    return [row[0].row for row in sheet.iter_rows(min_row=2, max_col=len(header))
            if all(row[number].value is None for number in typed)]


def add_report_sheets(book: Workbook, codes: list[str]) -> list[str]:
    """A workbook made before 2027 gets "Kết quả" and "Báo cáo" after "Nơi nhận", as the template has them;
    "Kết quả" gets a row for each of `codes` it lacks, in a row with nothing typed in it first (the empty row of
    a new workbook's table), then below; what is typed there stays.  Returns the codes added."""
    names = {label_key(name): name for name in book.sheetnames}
    results = names.get(label_key(contract.RESULTS.sheet))
    added = list(codes)
    if results is not None:
        sheet = book[results]
        present = {project_code(row[0]) for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)}
        added = [code for code in codes if code not in present]
        free = _blank_result_rows(sheet)
        for code in added:
            row = free.pop(0) if free else sheet.max_row + 1
            written = sheet.cell(row, 1, code)
            written.data_type, written.number_format = "s", TEXT_FORMAT
            aids.add_result_formulas(sheet, row, row)
        for table in sheet.tables.values():  # the Excel table takes in the rows added
            low, high = table.ref.split(":")
            table.ref = f"{low}:{high.rstrip('0123456789')}{sheet.max_row}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
    rows = sheet_rows(load_source("blank") | {contract.RESULTS.sheet: result_records(added)})
    after = next((i for i, name in enumerate(book.sheetnames)
                  if label_key(name) == label_key(contract.RECIPIENTS.sheet)), len(book.sheetnames) - 1)
    made = [table for table in contract.REPORT_TABLES if label_key(table.sheet) not in names]
    for offset, table in enumerate(made, start=1):
        _input_sheet(book, table, rows[table.sheet], after + offset)
    aids.add_report_validation(book, made)
    return added


def _origin_block(sheet: Worksheet, catalog: Catalog) -> None:
    """Beside the table, an upper level's list's origin and fingerprint (workbook_origin), text kept as text: what
    the upper level typed in its list file may start with "="."""
    for row, values in enumerate(workbook_origin(catalog), start=1):
        for column, value in ((c, v) for c, v in enumerate(values, start=contract.ORIGIN_COLUMN) if v):
            written = sheet.cell(row, column, storable(value))
            written.data_type, written.quotePrefix = "s", value.startswith(AT_RISK)
            written.font = Font(bold=row == 1)
    if catalog.origin:
        for offset, width in enumerate(ORIGIN_WIDTHS[1:], start=1):
            sheet.column_dimensions[column_letter(contract.ORIGIN_COLUMN - 1 + offset)].width = width


def _catalog_sheet(book: Workbook, catalog: Catalog) -> None:
    sheet = book.create_sheet(contract.CATALOG.sheet)
    rows = catalog_rows(catalog)
    _table(sheet, contract.CATALOG, rows)
    aids.text_codes(sheet, contract.CATALOG)
    aids.add_names(book, rows)
    _origin_block(sheet, catalog)
    layout.table_layout(sheet)
    layout.print_setup(sheet)
    layout.protect(sheet)


def _output_sheets(book: Workbook, catalog: Catalog) -> None:
    for name in contract.OUTPUT_SHEETS:
        sheet = book.create_sheet(name)
        sheet["A1"] = OUTPUT_NOTES[name]
        sheet["A1"].font = Font(italic=True)
        layout.print_setup(sheet, title_rows=False)
    add_chart(book[contract.SUMMARY], catalog)


def build_workbook(source: dict, catalogs: dict[str, Catalog] | None = None) -> Workbook:
    """The workbook of a plan source, sheets in contract order, then the hidden xlwings.conf.

    "Danh mục" holds the catalog of the source's phase, out of `catalogs`
    (the shipped ones unless given); the phase dropdown lists them all.
    """
    catalogs = shipped() if catalogs is None else catalogs
    catalog = source_catalog(source, catalogs)
    book = Workbook()
    guide = book.active
    guide.title = contract.GUIDE
    write_guide(guide)
    layout.print_setup(guide, title_rows=False)
    _input_sheets(book, source, list(catalogs))
    _catalog_sheet(book, catalog)
    _output_sheets(book, catalog)
    _xlwings_conf(book)
    book.properties.creator = "kehoach-xl"
    book.properties.title = "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững"
    book.properties.created = book.properties.modified = BUILT
    return book


def xlsx_bytes(book: Workbook) -> bytes:
    """The workbook as openpyxl writes it, keeping our dates (its save() stamps the clock's)."""
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    return buffer.getvalue()


def vba_modules(root: Path) -> dict[str, str]:
    """The standard modules of the workbooks, by name: workbook/vba/*.bas and the ribbon's callbacks."""
    modules = read_modules(root / VBA) | {ribbon.MODULE: ribbon.vba_module()}
    return dict(sorted(modules.items()))


def installed_modules() -> dict[str, str]:
    """The standard modules for a workbook an installed kehoach-xl makes (kehoach new, the button).

    Those of the source tree when the package runs from it; else the same
    modules without it: workbook/vba holds only xlwings.bas, a copy of the
    installed xlwings' own (tests/test_vba_project.py checks they are one file),
    found without importing xlwings.
    """
    if (ROOT / VBA).is_dir():
        return vba_modules(ROOT)
    folder = Path(find_spec("xlwings").submodule_search_locations[0])
    modules = {"xlwings": (folder / "xlwings.bas").read_text("utf-8"), ribbon.MODULE: ribbon.vba_module()}
    return dict(sorted(modules.items()))


def _xlsm(source: dict, modules: dict[str, str], catalogs: dict[str, Catalog] | None) -> bytes:
    book = build_workbook(source, catalogs)
    assign_code_names(book)
    return make_xlsm(xlsx_bytes(book), modules, ribbon.custom_ui())


def build_xlsm(source: dict, root: Path, catalogs: dict[str, Catalog] | None = None) -> bytes:
    """The .xlsm bytes of a plan source: the workbook, its VBA modules and its ribbon."""
    return _xlsm(source, vba_modules(root), catalogs)


def prepared_xlsm(path: Path, codes: list[str]) -> tuple[bytes, list[str]]:
    """A copy of the workbook at `path` (read, never changed) with "Kết quả" and "Báo cáo" and a row of
    "Kết quả" for each of `codes` (add_report_sheets), as an .xlsm with the ribbon and VBA of today.

    The zip guard checks the file before openpyxl opens it whole (Unreadable says
    why not); openpyxl keeps the sheets, tables, styles, validations, names and
    the chart of "Tổng hợp".  Returns the bytes and the codes added.
    """
    from openpyxl import load_workbook

    read_file(path)
    book = load_workbook(path, keep_links=False)
    added = add_report_sheets(book, codes)
    assign_code_names(book)
    return make_xlsm(xlsx_bytes(book), installed_modules(), ribbon.custom_ui()), added


def new_xlsm(source: dict, catalogs: dict[str, Catalog]) -> bytes:
    """The .xlsm of a new plan (new_plan.py), from an install with or without the source tree."""
    return _xlsm(source, installed_modules(), catalogs)


def build_all(root: Path) -> list[Path]:
    """workbook/KeHoach.xlsm (blank) and the example, under the repository root."""
    written = []
    for target, name in WORKBOOKS.items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build_xlsm(load_source(name), root))
        written.append(path)
    return written
