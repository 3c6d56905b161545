"""Help that Excel gives without macros: dropdowns, validation, live formulas, blank marks.

Formulas use only what Excel 2010 and LibreOffice both compute (INDEX/MATCH,
SUM, IF, IFERROR, COUNT, COUNTA): no XLOOKUP, no dynamic arrays, no
structured references.  The reader never uses their results; the core
computes the same values from the input cells.
"""

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl.core import contract
from kehoach_xl.builder.help import COMPUTED_FILL, HEADER_FILL, REQUIRED_BLANK_FILL
from kehoach_xl.core.money import MAX_AMOUNT
from kehoach_xl.io.cells import text_column
from kehoach_xl.core.values import column_letter

LAST_ROW = 500
"""Validation and blank marks reach this row, beyond any plan's tables, so rows added keep them."""

CODES, NAMES, SOURCES = "MaDuAn", "TenDuAn", "NguonKinhPhi"
DOCUMENT_KINDS = ("Luật", "Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Kế hoạch",
                  "Công văn", "Hướng dẫn", "Thông báo")
NOT_IN_CATALOG = "(mã không có trong Danh mục)"
BY_ALLOCATION = "Theo phân bổ"
TOTAL_LABEL = "Tổng kinh phí (đồng)"
RATES_HEADER = ("Tỷ lệ tự tính", "Kết quả")
MONEY_FORMAT = "#,##0"

_COMPUTED = PatternFill("solid", fgColor=COMPUTED_FILL)


def letter(table: contract.Table, key: str) -> str:
    """The column letter of a column of an input table, as the builder lays it out."""
    return column_letter([column.key for column in table.columns].index(key))


def field_row(fields: tuple[contract.Field, ...], key: str) -> int:
    """The row of a one-value-per-row field, as the builder lays it out."""
    return 2 + [field.key for field in fields].index(key)


def add_names(book: Workbook, catalog_rows: Sequence[Sequence[object]]) -> None:
    """Names over "Danh mục" for the dropdowns and lookups: codes, their names, funding sources.

    `catalog_rows` are the data rows of "Danh mục" from row 2, projects and
    sub-projects of every phase first, then the funding sources.
    """
    kinds = [row[2] for row in catalog_rows]
    sheet = f"'{contract.CATALOG.sheet}'"
    code, name = letter(contract.CATALOG, "code"), letter(contract.CATALOG, "name")
    items = sum(kind != contract.CATALOG_SOURCE for kind in kinds)
    projects = (2, 1 + max(1, items))
    sources = (2 + items, 1 + max(items + 1, len(kinds)))
    for defined, column, (first, last) in ((CODES, code, projects), (NAMES, name, projects),
                                           (SOURCES, name, sources)):
        book.defined_names[defined] = DefinedName(
            defined, attr_text=f"{sheet}!${column}${first}:${column}${last}")


CODE_COLUMNS = ((contract.PROJECTS, "code"), (contract.ACTIVITIES, "code"), (contract.RESULTS, "code"),
                (contract.CATALOG, "code"), (contract.CATALOG, "parent"))
"""The columns that hold codes: formatted as Text, so that Excel keeps a code typed 1.10 as 1.10."""


def text_codes(sheet: Worksheet, table: contract.Table) -> None:
    """The table's columns of codes as Text (CODE_COLUMNS)."""
    for coded, key in CODE_COLUMNS:
        if coded is table:
            text_column(sheet, letter(table, key))


def _validation(sheet: Worksheet, cells: str, validation: DataValidation) -> None:
    validation.add(cells)
    sheet.add_data_validation(validation)


def _column(table: contract.Table, key: str) -> str:
    column = letter(table, key)
    return f"{column}2:{column}{LAST_ROW}"


def _choice(formula: str, prompt: str, strict: bool) -> DataValidation:
    """A dropdown; `strict=False` lets the official type something not in the list."""
    return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict,
                          errorTitle="Không có trong danh sách", error="Hãy chọn một mục trong danh sách.",
                          promptTitle="Chọn trong danh sách", prompt=prompt, showInputMessage=True)


def _whole(low: int, high: int, what: str) -> DataValidation:
    return DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                          allow_blank=True, showErrorMessage=True, errorTitle="Không phải số hợp lệ",
                          error=f"{what} phải là số nguyên từ {low} đến {high}, không dấu chấm, không chữ.")


def add_validation(book: Workbook, phases: Sequence[str]) -> None:
    """Dropdowns and number checks on the input sheets; `phases`: the phases the tool knows."""
    projects = book[contract.PROJECTS.sheet]
    _validation(projects, _column(contract.PROJECTS, "code"),
                _choice(CODES, "Mã trong Danh mục (mọi cấp), ví dụ DA2, DA3.1, HP1.3.2.", strict=True))
    _validation(projects, _column(contract.PROJECTS, "source"),
                _choice(SOURCES, "Chọn nguồn, hoặc gõ câu ghi nguồn kinh phí.", strict=False))
    _validation(projects, _column(contract.PROJECTS, "amount"),
                _whole(0, MAX_AMOUNT, "Kinh phí (đồng)"))
    _validation(book[contract.ACTIVITIES.sheet], _column(contract.ACTIVITIES, "code"),
                _choice(CODES, "Mã (dự án, tiểu dự án, nội dung…) có hoạt động này.", strict=True))
    _validation(book[contract.TEXTS.sheet], _column(contract.TEXTS, "part"),
                _choice(_inline(contract.TEXT_PARTS), "Phần của kế hoạch mà đoạn văn thuộc về.", strict=True))
    _validation(book[contract.BASES.sheet], _column(contract.BASES, "kind"),
                _choice(_inline(DOCUMENT_KINDS), "Chọn loại văn bản, hoặc gõ loại khác.", strict=False))
    info, value = book[contract.INFO.sheet], letter(contract.INFO, "value")
    _validation(info, f"{value}{field_row(contract.INFO_FIELDS, 'phase')}",
                _choice(_inline(phases), "Giai đoạn của Chương trình.", strict=True))
    _validation(info, f"{value}{field_row(contract.INFO_FIELDS, 'year')}", _whole(1990, 2100, "Năm kế hoạch"))
    _validation(info, f"{value}{field_row(contract.INFO_FIELDS, contract.BUDGET_SUMMARY.key)}",
                _choice(_inline((contract.YES, contract.NO)), contract.BUDGET_SUMMARY.hint, strict=True))
    targets, value = book[contract.TARGETS.sheet], letter(contract.TARGETS, "value")
    _validation(targets, f"{value}2:{value}{1 + len(contract.TARGET_FIELDS)}", _whole(0, 10_000_000, "Số hộ"))
    add_report_validation(book, contract.REPORT_TABLES)


def add_report_validation(book: Workbook, tables: Sequence[contract.Table]) -> None:
    """Dropdowns and number checks on "Kết quả" and "Báo cáo", of those in `tables`."""
    if contract.RESULTS in tables:
        results = book[contract.RESULTS.sheet]
        _validation(results, _column(contract.RESULTS, "code"),
                    _choice(CODES, "Mã của một dòng trên trang Dự án.", strict=True))
        for key in ("allocated", "disbursed"):
            column = next(c for c in contract.RESULTS.columns if c.key == key)
            _validation(results, _column(contract.RESULTS, key), _whole(0, MAX_AMOUNT, column.label))
    if contract.REPORT not in tables:
        return
    report, value = book[contract.REPORT.sheet], letter(contract.REPORT, "value")
    _validation(report, f"{value}{field_row(contract.REPORT_FIELDS, 'period')}",
                _choice(_inline(contract.PERIODS), contract.REPORT_FIELDS[0].hint, strict=True))
    counts = [field_row(contract.REPORT_FIELDS, key) for key in contract.REPORT_COUNTS]
    _validation(report, f"{value}{min(counts)}:{value}{max(counts)}", _whole(0, 10_000_000, "Số hộ"))
    labels = {field.key: field.label for field in contract.REPORT_FIELDS}
    for key in contract.REPORT_MONEY:
        _validation(report, f"{value}{field_row(contract.REPORT_FIELDS, key)}", _whole(0, MAX_AMOUNT, labels[key]))


def _inline(items: Sequence[str]) -> str:
    return '"' + ",".join(items) + '"'


def _computed(cell, formula: str, number_format: str = "General") -> None:
    cell.value = formula
    cell.fill = _COMPUTED
    cell.number_format = number_format


def name_formula(row: int, table: contract.Table = contract.PROJECTS) -> str:
    """Column "Tên dự án, tiểu dự án" of "Dự án" (and "Tên" of "Kết quả"): the name of the code, looked up in
    "Danh mục"."""
    code = f"{letter(table, 'code')}{row}"
    return f'IF({code}="","",IFERROR(INDEX({NAMES},MATCH({code},{CODES},0)),"{NOT_IN_CATALOG}"))'


def planned_formula(row: int) -> str:
    """Column "Kinh phí kế hoạch (đồng)" of "Kết quả": the amount of the code on "Dự án", or "Theo phân bổ"."""
    code = f"{letter(contract.RESULTS, 'code')}{row}"
    projects = f"'{contract.PROJECTS.sheet}'"
    codes = f"{projects}!${letter(contract.PROJECTS, 'code')}:${letter(contract.PROJECTS, 'code')}"
    amounts = f"{projects}!${letter(contract.PROJECTS, 'amount')}:${letter(contract.PROJECTS, 'amount')}"
    return (f'IF({code}="","",IF(COUNTIFS({codes},{code},{amounts},"<>")=0,"{BY_ALLOCATION}",'
            f"SUMIF({codes},{code},{amounts})))")


FORMULAS = {contract.PROJECTS.sheet: {"name": name_formula(2)},
            contract.RESULTS.sheet: {"name": name_formula(2, contract.RESULTS), "planned": planned_formula(2)}}
"""The calculated columns of the input tables, by sheet: new rows get them."""


RESULT_LOOKUPS = ("name", "planned")
"""The columns of "Kết quả" that formulas fill from the code: nothing the official types."""


def add_result_formulas(sheet: Worksheet, first: int = 2, last: int | None = None) -> None:
    """The names and planned money of "Kết quả", looked up from its codes, on every row from `first` (to
    `last`)."""
    keys = [column.key for column in contract.RESULTS.columns]
    name, planned = (1 + keys.index(key) for key in RESULT_LOOKUPS)
    disbursed, allocated = letter(contract.RESULTS, "disbursed"), letter(contract.RESULTS, "allocated")
    for row in range(first, (last or sheet.max_row) + 1):
        _computed(sheet.cell(row=row, column=name), "=" + name_formula(row, contract.RESULTS))
        _computed(sheet.cell(row=row, column=planned), "=" + planned_formula(row), MONEY_FORMAT)
        sheet[f"{disbursed}{row}"].number_format = MONEY_FORMAT
        sheet[f"{allocated}{row}"].number_format = MONEY_FORMAT


def add_project_formulas(sheet: Worksheet) -> str:
    """The names looked up from the codes, and the live total beside the table; returns the total's cell."""
    name = 1 + [column.key for column in contract.PROJECTS.columns].index("name")
    for row in range(2, sheet.max_row + 1):
        _computed(sheet.cell(row=row, column=name), "=" + name_formula(row))
    amount = letter(contract.PROJECTS, "amount")
    for row in range(2, sheet.max_row + 1):
        sheet[f"{amount}{row}"].number_format = MONEY_FORMAT
    column = column_letter(len(contract.PROJECTS.columns) + 1)
    _header(sheet[f"{column}1"], TOTAL_LABEL)
    _computed(sheet[f"{column}2"], f"=SUM({amount}:{amount})", MONEY_FORMAT)
    sheet[f"{column}2"].font = Font(bold=True)
    return f"{column}2"


def rate_formulas() -> tuple[tuple[str, str, str], ...]:
    """(label, formula, number format) of the rates beside "Chỉ tiêu": blank until their inputs are."""
    value = letter(contract.TARGETS, "value")
    households = f"{value}{field_row(contract.TARGET_FIELDS, 'households')}"

    def when(*keys: str) -> str:
        cells = ",".join(f"{value}{field_row(contract.TARGET_FIELDS, key)}" for key in keys)
        return f"AND(N({households})>0,COUNT({cells})={len(keys)})"

    rows = []
    for what, count, cut in (("hộ nghèo", "poor", "poor_cut"), ("hộ cận nghèo", "near_poor", "near_poor_cut")):
        start = f"{value}{field_row(contract.TARGET_FIELDS, count)}"
        drop = f"{value}{field_row(contract.TARGET_FIELDS, cut)}"
        rows += [
            (f"Tỷ lệ {what} đầu năm", f'=IF({when(count)},{start}/{households},"")', "0.0%"),
            (f"Tỷ lệ {what} cuối năm (nếu đạt chỉ tiêu)",
             f'=IF({when(count, cut)},({start}-{drop})/{households},"")', "0.0%"),
            (f"Mức giảm tỷ lệ {what} (điểm %)", f'=IF({when(cut)},{drop}/{households}*100,"")', "0.0"),
        ]
    return tuple(rows)


def add_target_formulas(sheet: Worksheet) -> dict[str, str]:
    """The poverty rates, in cells beside the "Chỉ tiêu" table; returns label -> cell."""
    first = len(contract.TARGETS.columns) + 2
    label, result = column_letter(first - 1), column_letter(first)
    _header(sheet[f"{label}1"], RATES_HEADER[0])
    _header(sheet[f"{result}1"], RATES_HEADER[1])
    cells = {}
    for row, (text, formula, number_format) in enumerate(rate_formulas(), start=2):
        sheet[f"{label}{row}"] = text
        _computed(sheet[f"{result}{row}"], formula, number_format)
        cells[text] = f"{result}{row}"
    return cells


def _header(cell, text: str) -> None:
    cell.value = text
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def _blank_rule(formula: str) -> FormulaRule:
    return FormulaRule(formula=[formula], fill=PatternFill("solid", bgColor=REQUIRED_BLANK_FILL))


def mark_required_blanks(book: Workbook) -> None:
    """Conditional formatting: a required cell left blank in a row in use, or a required field."""
    for table in (contract.BASES, contract.TEXTS, contract.PROJECTS, contract.ACTIVITIES,
                  contract.RECIPIENTS):
        in_use = ",".join(f"${letter(table, column.key)}2" for column in table.columns if column.read)
        for column in table.columns:
            if column.required:
                first = f"{letter(table, column.key)}2"
                book[table.sheet].conditional_formatting.add(
                    _column(table, column.key), _blank_rule(f"AND(COUNTA({in_use})>0,LEN(TRIM({first}))=0)"))
    for table, fields in ((contract.INFO, contract.INFO_FIELDS), (contract.TARGETS, contract.TARGET_FIELDS)):
        value = letter(table, "value")
        for field in fields:
            if field.required:
                cell = f"{value}{field_row(fields, field.key)}"
                book[table.sheet].conditional_formatting.add(cell, _blank_rule(f"LEN(TRIM({cell}))=0"))
