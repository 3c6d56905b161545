"""Behind `kehoach_xl.consolidate`: every commune's workbook in a folder, read and written as one.

The shell around core/consolidation.py: it lists every entry of the folder
(and of its .zip files, read in memory), reads and checks each workbook with
python-calamine, in several processes if asked, and writes the tables with
XlsxWriter.  An entry that cannot be read, or is no workbook, becomes a row that
says why; it never stops the run.
"""

import sys
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.totals import totals
from kehoach_xl.core.consolidation import (COUNT, DATETIME, MONEY, NOT_A_WORKBOOK, POINTS, RATE, SKIPPED, UNREADABLE,
                                           YEAR, Consolidation, FileResult, Table)
from kehoach_xl.io import engines
from kehoach_xl.io.engines import Unreadable, read_member, read_workbook
from kehoach_xl.io.cells import AT_RISK
from kehoach_xl.core.model import Plan
from kehoach_xl.io.output import TEMPORARY_PREFIX
from kehoach_xl.core.reader import label_key
from kehoach_xl.core.targets import check_targets
from kehoach_xl.core.text import storable
from kehoach_xl.core.checks import check_workbook

STATUS_OF_KIND = {engines.CANNOT_READ: UNREADABLE, engines.NOT_A_WORKBOOK: NOT_A_WORKBOOK}
"""What the upper level is told of a file that is not read, by what it is."""
LOCK_FILE = "~$"
SHEETS = {"files": "Danh sách", "money": "Kinh phí", "targets": "Chỉ tiêu", "findings": "Lỗi"}
TABLE_NAMES = {"files": "DanhSach", "money": "KinhPhi", "targets": "ChiTieu", "findings": "Loi"}
NUMBER_FORMATS = {YEAR: "0", COUNT: "#,##0", MONEY: "#,##0", RATE: "0.00%", POINTS: "0.00",
                  DATETIME: "dd/mm/yyyy hh:mm"}
WIDTHS = {"Tệp": 44, "Đơn vị": 24, "Trạng thái": 14, "Lý do không đọc được": 50, "Trùng lặp": 60,
          "Nội dung": 100, "Ô": 18, "Mã": 24, "Lưu ý": 60, "Dòng chưa ghi số tiền": 30, "Sửa lần cuối": 17}
WRAPPED = frozenset({"Lý do không đọc được", "Trùng lặp", "Nội dung", "Lưu ý", "Dòng chưa ghi số tiền"})
"""Columns of long text, wrapped; other cells keep Excel's default style, which is also faster to write."""
WORKER_DIED = ("Chương trình đọc tệp bị dừng đột ngột khi đọc tệp này (tệp hỏng, hoặc khai báo một vùng ô "
               "quá lớn). Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")
_PIXELS_PER_CM = 96 / 2.54
"""Excel's pixels at 100 %, in which XlsxWriter sizes a chart."""
Style = tuple[Format | None, Format | None, Format | None]
"""How a column's cells are written: its text, its text that starts like a formula (with Excel's quote
prefix, as typed with an apostrophe), its numbers and dates."""
_INPUT_SHEETS = frozenset(label_key(sheet) for sheet in (*(t.sheet for t in contract.INPUT_TABLES),
                                                           contract.CATALOG.sheet))


@dataclass(frozen=True)
class Source:
    """An entry of the inbox: the file at `path`, or the file reached through `chain`, the names
    inside nested .zip files.

    `reason` says why it is not read, with `status`, when that is known without reading it.
    """

    name: str
    modified: datetime
    path: Path
    chain: tuple[str, ...] = ()
    reason: str = ""
    status: str = ""


def is_input_sheet(name: str) -> bool:
    """The sheets the reader looks at: the input sheets and the workbook's own "Danh mục"; the guide and
    the output sheets are skipped."""
    return label_key(name) in _INPUT_SHEETS


def _member_name(raw: str, utf8: bool) -> str:
    """A name inside a .zip as the sender saw it.

    macOS and Info-ZIP write UTF-8 names without the flag that says so (and
    macOS in NFD): undo Python's cp437 reading, then compose the accents.
    """
    if not utf8:
        try:
            raw = raw.encode("cp437").decode("utf-8")
        except UnicodeError:
            pass
    return unicodedata.normalize("NFC", raw)


def _zip_time(member: zipfile.ZipInfo, archive_time: datetime) -> datetime:
    """When a member was last saved; the archive's own time if the zip holds no valid date."""
    try:
        return datetime(*member.date_time)
    except ValueError:
        return archive_time


def _listed(name: str, modified: datetime, path: Path, chain: tuple[str, ...], content: bytes) -> list[Source]:
    """What one file is, by its content: a workbook to read, the entries of a .zip, or a row that says why not."""
    kind, reason = engines.what_is(name, content)
    if kind == engines.WORKBOOK:
        return [Source(name, modified, path, chain)]
    if kind != engines.ARCHIVE:
        return [Source(name, modified, path, chain, reason, STATUS_OF_KIND[kind])]
    if len(chain) == engines.MAX_DEPTH:
        return [Source(name, modified, path, chain, f"Tệp nén lồng trong {engines.MAX_DEPTH} lớp tệp nén; không mở "
                                                    f"thêm. Hãy giải nén rồi gửi riêng từng sổ làm việc.", UNREADABLE)]
    members = engines.archive_members(content)
    if not members:
        return [Source(name, modified, path, chain, "Tệp nén rỗng, không có tệp nào.", NOT_A_WORKBOOK)]
    found = []
    for member in members:
        inner = f"{name}/{_member_name(member.filename, bool(member.flag_bits & 0x800))}"
        when = _zip_time(member, modified)
        if PurePosixPath(member.filename).name.startswith(LOCK_FILE):
            found.append(Source(inner, when, path, chain, _LOCKED, SKIPPED))
            continue
        try:
            found += _listed(inner, when, path, (*chain, member.filename),
                             engines.member_content(content, member.filename))
        except Unreadable as why:
            found.append(Source(inner, when, path, (*chain, member.filename), str(why), UNREADABLE))
    return found


_LOCKED = ("Tệp khóa Excel tạo khi một sổ đang mở (không phải sổ làm việc). Nếu sổ cùng tên đang mở trên "
           "máy này, hãy lưu và đóng nó rồi chạy lại, kẻo các sửa chưa lưu không được tính.")


def _entry(path: Path) -> list[Source]:
    """One entry of the inbox, whatever it is; a .zip gives one per file in it."""
    name = path.name
    if path.is_symlink() and not path.exists():
        return [Source(name, datetime.fromtimestamp(path.lstat().st_mtime), path,
                       reason="Liên kết (lối tắt) tới một tệp không còn nữa. Hãy chép chính tệp vào thư mục.",
                       status=UNREADABLE)]
    modified = datetime.fromtimestamp(path.stat().st_mtime)
    if name.startswith(LOCK_FILE):
        return [Source(name, modified, path, reason=_LOCKED, status=SKIPPED)]
    if name.startswith(TEMPORARY_PREFIX):
        return [Source(name, modified, path, reason="Tệp tạm của chương trình, còn lại từ một lần chạy bị ngắt; "
                                                    "lần ghi sau trong thư mục này sẽ xóa nó.", status=SKIPPED)]
    if path.is_dir():
        return [Source(name, modified, path, reason="Thư mục con: chương trình chỉ đọc các tệp ngay trong thư mục "
                                                    "đã chọn. Nếu trong đó có sổ của xã, hãy chép ra rồi chạy lại.",
                       status=NOT_A_WORKBOOK)]
    if not path.is_file():
        return [Source(name, modified, path, reason="Không phải một tệp thường.", status=NOT_A_WORKBOOK)]
    if name.lower().endswith(engines.WORKBOOK_NAMES):
        return [Source(name, modified, path)]
    return _listed(name, modified, path, (), engines.file_content(path))


def sources(folder: Path) -> list[Source]:
    """Every entry of `folder` (not what its subfolders hold), by name; a .zip gives the files in it,
    read in memory.  Each entry is a workbook to read, or says why it is not read."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except OSError as error:
        raise Unreadable(f"Không đọc được thư mục {folder}: {engines.os_reason(error)}.") from error
    found = []
    for path in entries:
        try:
            found += _entry(path)
        except Unreadable as reason:
            found.append(Source(path.name, datetime.fromtimestamp(path.lstat().st_mtime), path,
                                reason=str(reason), status=UNREADABLE))
        except OSError as error:
            found.append(Source(path.name, datetime.now(), path, reason=f"Không mở được: {engines.os_reason(error)}.",
                                status=UNREADABLE))
    return found


def _info_and_targets(plan: Plan) -> Plan:
    """What the consolidation reads of a plan: a result from a worker process is pickled, and the
    whole plan (paragraphs, activities, every cell's place) is eight times as much to send."""
    return replace(plan, bases=(), paragraphs=(), projects=(), activities=(), recipients=())


def examine(source: Source, catalogs: Mapping[str, Catalog], upper: bool = False) -> FileResult:
    """Read and check one workbook; whatever goes wrong becomes the result's reason."""
    if source.reason:
        return FileResult(source.name, source.modified, reason=source.reason, status=source.status)
    try:
        data = (read_member(source.path, source.chain, "calamine", is_input_sheet) if source.chain
                else read_workbook(source.path, "calamine", is_input_sheet))
        plan, findings, known = check_workbook(data, catalogs, upper)
        return FileResult(source.name, source.modified, _info_and_targets(plan), "", tuple(findings),
                          totals(plan, known), check_targets(plan, known), known)
    except Unreadable as reason:
        return FileResult(source.name, source.modified, reason=str(reason))
    except Exception as error:
        return FileResult(source.name, source.modified,
                          reason=f"Lỗi không lường trước khi kiểm tra ({type(error).__name__}). Hãy gửi "
                                 f"tệp này cho người phát triển.")


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


def _table(sheet: Worksheet, key: str, table: Table, style: Callable[..., Style]) -> int:
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
    """The four sheets, with XlsxWriter: half the time of openpyxl's write-only mode."""
    book = Workbook(buffer, {"in_memory": True})
    style = _styles(book)
    for key, title in SHEETS.items():
        sheet = book.add_worksheet(title)
        below = _table(sheet, key, getattr(result, key), style)
        if key == "money":
            _money_extras(book, sheet, result, below, style)
    book.close()


def _progress(total: int):
    """A rich progress bar on a terminal's stderr; None when stderr is not a terminal."""
    if not sys.stderr.isatty() or total < 2:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("Đang kiểm tra"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def _alone(source: Source, one: Callable[[Source], FileResult]) -> FileResult:
    """Examine one source in a process of its own, so that if the process dies only this file fails."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(one, source).result()
        except BrokenProcessPool:
            return FileResult(source.name, source.modified, reason=WORKER_DIED)


def examine_all(found: list[Source], jobs: int, catalogs: Mapping[str, Catalog],
                upper: bool = False) -> list[FileResult]:
    """Every source examined, in order, in `jobs` processes, with a progress bar on a terminal; `upper`: the
    catalogs hold the upper level's list, which wins over a workbook's own (examine).

    A worker that dies (python-calamine aborts the process on some broken
    files) breaks the pool: the files not done yet are then examined one
    process each, so only the file that kills its process fails.
    """
    results: list[FileResult] = []
    one = partial(examine, catalogs=catalogs, upper=upper)
    with ExitStack() as stack:
        if jobs > 1 and len(found) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            # map() submits every task now: the workers are forked before the progress bar's thread starts.
            examined = pool.map(one, found, chunksize=max(1, len(found) // (jobs * 8)))
        else:
            examined = map(one, found)
        progress = _progress(len(found))
        if progress is not None:
            stack.enter_context(progress)
            task = progress.add_task("", total=len(found))

        def keep(result: FileResult) -> None:
            results.append(result)
            if progress is not None:
                progress.advance(task)

        try:
            for result in examined:
                keep(result)
        except BrokenProcessPool:
            for source in found[len(results):]:
                keep(_alone(source, one))
    return results
