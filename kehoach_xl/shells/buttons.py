"""The ribbon buttons, one function each, entered from VBA by RunPython.

Each is a row of `kehoach_xl.builder.ribbon.BUTTONS` (label, tip, icon, group),
from which the workbook gets its callback and its place on the ribbon.

Each button reads the input sheets once (one call per sheet), asks the
application layer (kehoach_xl/app/), and only then writes, in blocks, to its
output sheets and to the colours of cells it flags. Nothing the official typed
is ever written. Modules a button does not need are imported inside the button
that needs them, since each click starts a new Python process.
"""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import xlwings as xw

from kehoach_xl.app import views
from kehoach_xl.app.errors import HasErrors, Refused
from kehoach_xl.app.sources import SheetValues, without_total_rows
from kehoach_xl.core import contract

if TYPE_CHECKING:
    from kehoach_xl.app.reading import Reading
    from kehoach_xl.app.views import Finding

CHECKS_HEADER_ROW = 4


def button(title: str) -> Callable[[Callable[[xw.Book], None]], Callable[[], None]]:
    """Run an action on the calling workbook; any failure becomes a message box."""
    def wrap(action: Callable[[xw.Book], None]) -> Callable[[], None]:
        @functools.wraps(action)
        def run() -> None:
            book = xw.Book.caller()
            try:
                action(book)
            except Exception as error:
                book.app.alert(f"Không thực hiện được: {error}", title=title)
        return run
    return wrap


def sheet_values(sheet: xw.Sheet) -> list[list[object]]:
    """A sheet's values from A1 to its last used cell, in one read; a table's Total Row (Table Design →
    Total Row) left out, as the file readers leave it out, since it is never data."""
    last = sheet.used_range.last_cell
    rows = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    totals = [table.totals_row_range for table in sheet.tables if table.show_totals]
    return without_total_rows(rows, [(cells.row, cells.last_cell.row, cells.column, cells.last_cell.column)
                                     for cells in totals if cells is not None])


def source(book: xw.Book) -> SheetValues:
    """The open workbook as the application layer reads it: the sheets it picks, one read each."""
    return SheetValues(Path(book.fullname).resolve(), [sheet.name for sheet in book.sheets],
                       lambda name: sheet_values(book.sheets[name]))


def checked(book: xw.Book) -> "Reading":
    """The plan read and checked against the workbook's own list (the shipped one for older workbooks)."""
    from kehoach_xl.app.reading import read

    return read(source(book))


def output_sheet(book: xw.Book, name: str) -> xw.Sheet:
    """The output sheet `name`, added at the end if an old workbook lacks it."""
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def write_block(sheet: xw.Sheet, rows: list[list[object]]) -> None:
    """Clear the sheet and write rows from A1 in one call.  The cells that get text
    are formatted as text first (`views.text_ranges`), so "=1+1", "-x",
    "00123" or "1/5" stay as written.  Charts on the sheet stay."""
    width = max(len(row) for row in rows)
    block = [row + [None] * (width - len(row)) for row in rows]
    sheet.clear()
    for ref in views.text_ranges(block):
        sheet.range(ref).number_format = views.TEXT_FORMAT
    sheet.range((1, 1)).value = block


def _link(finding: "Finding") -> str:
    return f"#'{finding.sheet.replace(chr(39), chr(39) * 2)}'!{finding.cell or 'A1'}"


def _previous_cells(sheet: xw.Sheet) -> list[tuple[str, str]]:
    """The (sheet, cell) pairs the last run listed in the "Ô" column, as it wrote them."""
    values = sheet.used_range.options(ndim=2).value
    places = [row[2] for row in values[CHECKS_HEADER_ROW:] if len(row) > 2 and row[2]]
    return [tuple(p.partition("!")[::2]) for p in places if isinstance(p, str) and "!" in p]


def show_findings(book: xw.Book, findings: list["Finding"]) -> xw.Sheet:
    """Write the findings on "Kiểm tra", with links, and colour the cells."""
    sheet = output_sheet(book, contract.CHECKS)
    names = {s.name for s in book.sheets}
    for name, cell in _previous_cells(sheet):
        if name in names:
            book.sheets[name].range(cell).color = None
    rows: list[list[object]] = [["KẾT QUẢ KIỂM TRA DỮ LIỆU"], [views.tally(findings)], [],
                                ["Mức", "Mã", "Ô", "Nội dung"]]
    rows += [[f.severity, f.code, f.place, f.message] for f in findings]
    write_block(sheet, rows)
    sheet.range("A1").font.bold = True
    sheet.range((CHECKS_HEADER_ROW, 1), (CHECKS_HEADER_ROW, 4)).font.bold = True
    for row, finding in enumerate(findings, start=CHECKS_HEADER_ROW + 1):
        sheet.range((row, 3)).add_hyperlink(_link(finding), finding.place, "Đi tới ô cần sửa")
        if finding.cell and finding.sheet in names:
            book.sheets[finding.sheet].range(finding.cell).color = "#" + contract.FLAG_FILLS[finding.severity]
    return sheet


@button("Kiểm tra dữ liệu")
def validate(book: xw.Book) -> None:
    reading = checked(book)
    sheet = show_findings(book, reading.findings)
    sheet.activate()
    verdict = ("Hãy sửa các ô tô đỏ (bấm vào địa chỉ ô để đi tới) rồi kiểm tra lại." if reading.has_errors
               else "Dữ liệu hợp lệ, có thể xuất kế hoạch.")
    book.app.alert(f"{views.tally(reading.findings)} {verdict}", title="Kiểm tra dữ liệu")


@button("Hướng dẫn")
def show_help(book: xw.Book) -> None:
    book.sheets[contract.GUIDE].activate()


def _write_summary(book: xw.Book, reading: "Reading") -> xw.Sheet:
    block = views.summary(reading)
    sheet = output_sheet(book, contract.SUMMARY)
    write_block(sheet, block.rows)
    for ref in block.money:
        sheet.range(ref).number_format = views.MONEY_FORMAT
    for ref in block.bold:
        sheet.range(ref).font.bold = True
    sheet.activate()
    return sheet


def _errors_note(findings: list["Finding"]) -> str:
    errors = views.error_count(findings)
    return f"\nDữ liệu còn {errors} lỗi: bấm Kiểm tra dữ liệu để xem." if errors else ""


@button("Tổng hợp kinh phí")
def budget(book: xw.Book) -> None:
    from kehoach_xl.app.reading import totals

    reading = checked(book)
    money = totals(reading)
    _write_summary(book, reading)
    book.app.alert(f"Tổng kinh phí: {views.format_money(money.grand_total)}; "
                   f"{len(money.without_amount)} dòng theo phân bổ của cấp trên.{_errors_note(reading.findings)}",
                   title="Tổng hợp kinh phí")


@button("Kiểm tra chỉ tiêu")
def targets(book: xw.Book) -> None:
    from kehoach_xl.app.reading import targets as target_report

    reading = checked(book)
    report = target_report(reading)
    _write_summary(book, reading)
    verdict = "; ".join(f.message for f in report.findings) or "Chỉ tiêu đạt yêu cầu."
    book.app.alert(f"{views.rates(report)}\n{verdict}{_errors_note(reading.findings)}", title="Kiểm tra chỉ tiêu")


def _write(book: xw.Book, report: bool) -> None:
    """The plan document, or the results report, beside the workbook; refused while there is a Lỗi."""
    from kehoach_xl.app import documents

    title = "Xuất báo cáo" if report else "Xuất kế hoạch"
    reading = checked(book)
    no_pdf = documents.pdf_unavailable()
    write = documents.report if report else documents.export
    try:
        paths = write(reading, reading.path.parent, pdf=no_pdf is None)
    except HasErrors as reason:
        show_findings(book, reading.findings).activate()
        book.app.alert(f"{reason} Hãy sửa các ô tô đỏ theo danh sách trên trang Kiểm tra rồi bấm lại.",
                       title=title)
        return
    except Refused as reason:
        book.app.alert(str(reason), title=title)
        return
    note = f"\n(Chưa có bản PDF: {no_pdf})" if no_pdf else ""
    book.app.alert("Đã ghi:\n" + "\n".join(str(p) for p in paths) + note, title=title)


@button("Xuất kế hoạch")
def export(book: xw.Book) -> None:
    _write(book, report=False)


@button("Xuất báo cáo")
def export_report(book: xw.Book) -> None:
    _write(book, report=True)


@button("Chuẩn bị báo cáo")
def prepare_report(book: xw.Book) -> None:
    from kehoach_xl.app import yearly

    title = "Chuẩn bị báo cáo"
    reading = checked(book)
    if not yearly.needs_preparing(reading):
        book.app.alert(f"Trang Kết quả đã có đủ {len(yearly.result_lines(reading))} dòng của kế "
                       f"hoạch: không cần bản sao.", title=title)
        return
    had_sheets = yearly.has_report_sheets(reading)
    path, _, added = yearly.prepare_report(reading)
    made = "" if had_sheets else " Bản sao có thêm trang Kết quả và Báo cáo."
    book.app.alert(f"Đã ghi bản sao của sổ: {path}\nTrang Kết quả của bản sao có thêm {len(added)} dòng của kế "
                   f"hoạch ({', '.join(added) or 'không có'}); những gì đã ghi trên trang Kết quả giữ nguyên.{made}\n"
                   f"Sổ này không bị sửa: bản sao lấy nội dung đã lưu của sổ. Hãy mở bản sao, chọn Kỳ báo cáo "
                   f"trên trang Báo cáo (nếu chưa chọn) rồi ghi kết quả.", title=title)


@button("Tạo bản gửi cấp trên")
def send_up(book: xw.Book) -> None:
    from kehoach_xl.app.yearly import send_up as copy_for_upper_level

    path, reading = copy_for_upper_level(source(book))
    book.app.alert(f"Đã ghi bản gửi cấp trên (không có macro): {path}{_errors_note(reading.findings)}",
                   title="Tạo bản gửi cấp trên")


@button("Tạo kế hoạch năm mới")
def new_year(book: xw.Book) -> None:
    from kehoach_xl.app.yearly import next_year

    title = "Tạo kế hoạch năm mới"
    try:
        path, year, catalog, report = next_year(checked(book))
    except Refused as reason:
        book.app.alert(str(reason), title=title)
        return
    lines = "\n".join(f"- {line}" for line in report.to_fill)
    book.app.alert(f"Đã ghi sổ kế hoạch năm {year} (giai đoạn {catalog.phase}): {path}\nSổ này không bị sửa.\n"
                   f"Cần điền, kiểm tra hoặc chọn lại trong sổ mới:\n{lines}", title=title)
