"""Reading workbook files into WorkbookData (the only module that opens them).

Every reason a file cannot be read becomes `Unreadable` with a one-line
Vietnamese reason; nothing here writes to the file.  The zip package is
checked (`package.inspect`) before either engine parses it, whether it is a
file or a workbook read into memory out of a .zip, and the engine is given
the parts the check inflated, uncompressed, and nothing else.
"""

import errno
import io
import os
import posixpath
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import BinaryIO, NamedTuple

from kehoach_xl.core import contract
from kehoach_xl.core.reader import WorkbookData, plain_key
from kehoach_xl.core.values import UNCALCULATED, blank, is_blank
from kehoach_xl.io.encryption import OLE_MAGIC, is_encrypted_package, opened
from kehoach_xl.io.package import (MAX_FILE_BYTES, ODF_SPREADSHEET, Package, Unreadable, every_sheet, inspect,
                                   is_utf8_xml, named_as_openpyxl_looks, not_a_workbook, part_key, stored,
                                   transitional)

__all__ = ["ENGINES", "Book", "Unreadable", "every_sheet", "is_input_sheet", "os_reason", "read_book", "read_content",
           "read_member", "read_workbook"]

SheetFilter = Callable[[str], bool]
_INPUT_SHEETS = frozenset(plain_key(table.sheet) for table in (*contract.INPUT_TABLES, *contract.REPORT_TABLES,
                                                                contract.CATALOG))


def is_input_sheet(name: str) -> bool:
    """The sheets the reader looks at, also when named without their diacritics ("Du an": the reader
    then says so): the input sheets, the results report's and the workbook's own "Danh mục"; the guide
    and the output sheets are skipped.  Every command reads these and no other, so the bounds of the
    guard are those of the same sheets."""
    return plain_key(name) in _INPUT_SHEETS


ZIP_MAGIC = b"PK\x03\x04"
_OLE_WORKBOOK = "Workbook".encode("utf-16-le")
_OLE_BOOK = "Book".encode("utf-16-le")
_ESCAPE = re.compile(rb"_x([0-9A-Fa-f]{4})_")
_HEAD = 2**12
"""Enough of a part to tell its encoding."""
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]")
"""Characters XML cannot hold, which python-calamine reads as they are and openpyxl's parser refuses."""
_NOT_FINITE = re.compile(rb'(<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]+")?(?: t="n")?>)'
                         rb"<v>([+-]?)(?i:nan|inf|infinity)</v>")
"""A number cell holding NaN or an infinity, which python-calamine reads and openpyxl cannot (it takes
"NaN" for an integer)."""
_OS_REASONS = {
    errno.EACCES: "không có quyền", errno.EPERM: "không có quyền", errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "không có thư mục hoặc tệp này",
    errno.ENOTDIR: "một phần đường dẫn là tệp, không phải thư mục", errno.EEXIST: "đã có tệp cùng tên",
    errno.EISDIR: "đó là một thư mục",
}


def os_reason(error: OSError) -> str:
    """Why the system refused, in Vietnamese where the reason is a common one."""
    return _OS_REASONS.get(error.errno, f"hệ điều hành báo lỗi số {error.errno}" if error.errno else
                           "hệ điều hành báo lỗi")


@contextmanager
def _file_bytes(path: Path) -> Iterator[bytes]:
    """The whole file, read once within the bound of a workbook; the file stays open while the caller
    reads its bytes, so the system's list of open files shows which process is reading which file."""
    if not path.exists():
        raise Unreadable(f"Không tìm thấy tệp {path}." if not path.is_symlink() else
                         f"{path} là một liên kết (lối tắt) tới tệp không còn nữa.")
    if not path.is_file():
        raise Unreadable(f"{path} không phải là một tệp.")
    try:
        file = path.open("rb")
        with file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise Unreadable(f"Tệp nặng {size // 2**20} MB, quá giới hạn {MAX_FILE_BYTES // 2**20} MB của "
                                 f"một sổ làm việc kế hoạch; không đọc tệp này.")
            content = file.read(MAX_FILE_BYTES + 1)
            yield content
    except OSError as error:
        raise Unreadable(f"Không mở được tệp: {os_reason(error)}.") from error


def refuse_content(content: bytes) -> None:
    """Raise Unreadable unless `content` is a zip package (a workbook, or what the package check names)."""
    head = content[:len(OLE_MAGIC)]
    if not head:
        raise Unreadable("Tệp rỗng (0 byte), không có sổ làm việc nào.")
    if head == OLE_MAGIC:
        if is_encrypted_package(content):
            raise Unreadable("Tệp có đặt mật khẩu mở. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ "
                             "làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại.")
        raise Unreadable("Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở bằng Excel và lưu "
                         "lại dạng .xlsx hoặc .xlsm.")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        if head.startswith(ZIP_MAGIC):
            raise Unreadable("Tệp bị cắt cụt, thiếu phần cuối (có thể tải về hoặc đính kèm chưa hết). "
                             "Hãy xin gửi lại tệp.")
        raise Unreadable("Tệp không phải sổ làm việc Excel (.xlsx, .xlsm).")


Reader = Callable[[BinaryIO, SheetFilter], WorkbookData]


def _openpyxl() -> Reader:
    import openpyxl

    def read(source: BinaryIO, keep: SheetFilter) -> WorkbookData:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True, keep_links=False)
        try:
            data = {}
            for sheet in book.worksheets:
                if keep(sheet.title):
                    sheet.reset_dimensions()
                    data[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
            return data
        finally:
            book.close()
    return read


def _calamine() -> Reader:
    from python_calamine import load_workbook

    def read(source: BinaryIO, keep: SheetFilter) -> WorkbookData:
        with load_workbook(source) as book:
            return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                    for name in book.sheet_names if keep(name)}
    return read


ENGINES: dict[str, Callable[[], Reader]] = {"openpyxl": _openpyxl, "calamine": _calamine}
"""Each engine's reader, imported when first asked for (python-calamine does not load under wine, nor
on a Windows PC without its runtime DLL: the other engine then reads)."""


def _character(match: re.Match) -> bytes:
    code = int(match[1], 16)
    return b"&#x%X;" % (code if code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                        else 0xFFFD)


def _for_openpyxl(package: Package) -> dict[str, bytes]:
    """The parts as openpyxl must see them to read what calamine reads: Strict namespaces made
    transitional, and Excel's escapes of characters (_x000D_ for a carriage return) decoded,
    which openpyxl leaves as they are.  A character XML cannot hold (U+0001), escaped or written
    as it is, becomes U+FFFD, as the reader makes it of calamine's; NaN and the infinities are
    written as a number openpyxl reads as infinite (the reader reports either alike).  No chart
    sheet: openpyxl would read its drawing, which is not handed on, and skips a sheet it does not find."""
    parts = {}
    for name, xml in package.parts.items():
        if name in package.chart_sheets:
            continue
        fixed = transitional(xml) if package.strict else xml
        fixed = _ESCAPE.sub(_character, fixed) if b"_x" in fixed else fixed
        if is_utf8_xml(fixed[:_HEAD]):
            fixed = _CONTROL.sub("\ufffd".encode(), fixed) if _CONTROL.search(fixed) else fixed
            fixed = _NOT_FINITE.sub(rb"\1<v>\g<2>1e999</v>", fixed) if b"<v>" in fixed else fixed
        parts[name] = fixed
    return named_as_openpyxl_looks(parts)


def _with_facts(data: WorkbookData, package: Package) -> WorkbookData:
    """What the package says that an engine does not: python-calamine reads #REF! as "", neither engine
    tells a formula saved without its value from a blank cell, and a table's Total Row is no data."""
    for sheet, cells in package.errors.items():
        rows = data.get(sheet, [])
        for (row, column), error in cells.items():
            if row < len(rows) and column < len(rows[row]) and is_blank(rows[row][column]):
                rows[row][column] = error
    for sheet, uncalculated in package.uncalculated.items():
        rows = data.get(sheet, [])
        for row, column in uncalculated:
            if row < len(rows) and column < len(rows[row]) and is_blank(rows[row][column]):
                rows[row][column] = UNCALCULATED
    for sheet, blocks in package.totals.items():
        blank(data.get(sheet, []), blocks)
    return data


class Book(NamedTuple):
    """A workbook's values, and the engine that read them."""

    data: WorkbookData
    engine: str


def read_book(path: Path, first: str = "openpyxl", keep: SheetFilter = every_sheet) -> Book:
    """The values from A1 of every sheet `keep` accepts, and the engine that read them (`first`, or the
    other one when `first` cannot load or cannot read the file); raises Unreadable with the reason.

    The file is read by its content, whatever its name says (a workbook renamed
    "….xlsm_" by a mail filter is read)."""
    with _file_bytes(path) as content:
        return read_content_book(content, first, keep)


def read_workbook(path: Path, engine: str = "openpyxl", keep: SheetFilter = every_sheet) -> WorkbookData:
    """The values of `read_book`."""
    return read_book(path, engine, keep).data


def read_content(content: bytes, engine: str = "openpyxl", keep: SheetFilter = every_sheet) -> WorkbookData:
    """A workbook's bytes (a file, or a member of a .zip read in memory), as `read_workbook`."""
    return read_content_book(content, engine, keep).data


class _EngineFailed(Exception):
    """An engine could not load (a missing library or DLL) or could not read the file."""

    def __init__(self, loaded: bool) -> None:
        super().__init__()
        self.loaded = loaded


def read_content_book(content: bytes, first: str = "openpyxl", keep: SheetFilter = every_sheet) -> Book:
    """A workbook's bytes, as `read_book`: one verdict, whichever engine is tried first.  A workbook
    encrypted with Excel's default password is decrypted in memory first."""
    content = opened(content)
    refuse_content(content)
    package = inspect(content, keep)
    failures = []
    tried = (first, *(other for other in ENGINES if other != first))
    for engine in tried:
        try:
            return Book(_with_facts(_engine_read(package, engine, keep), package), engine)
        except _EngineFailed as failure:
            failures.append(failure)
    refused = Unreadable("Tệp Excel bị hỏng, không đọc được. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại."
                         if any(failure.loaded for failure in failures) else
                         "Không nạp được thư viện đọc tệp Excel nào (openpyxl, python-calamine) trên máy này. "
                         "Hãy cài lại chương trình.")
    refused.tried = tried
    raise refused


def _engine_read(package: Package, engine: str, keep: SheetFilter) -> WorkbookData:
    """One engine's reading of the checked parts; what the engine prints or warns (in English: openpyxl's
    "0 is out of range", what it skips) never reaches our stdout and stderr."""
    source = stored(_for_openpyxl(package) if engine == "openpyxl" else package.parts)
    with warnings.catch_warnings(), redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            reader = ENGINES[engine]()
        except Exception as error:  # ImportError, or OSError from a DLL that does not load
            raise _EngineFailed(loaded=False) from error
        try:
            return reader(io.BytesIO(source), keep)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # python-calamine's panics are BaseException
            raise _EngineFailed(loaded=True) from error


MAX_MEMBER_BYTES = MAX_FILE_BYTES
"""The largest workbook read out of a .zip into memory: the bound of a workbook file."""
MAX_DEPTH = 3
"""A .zip in a .zip in a .zip: deeper is not how anyone sends a plan (and a zip may hold itself)."""

WORKBOOK, ARCHIVE, CANNOT_READ, NOT_A_WORKBOOK = "workbook", "archive", "cannot read", "not a workbook"
WORKBOOK_NAMES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
"""Names that say a file is a workbook: it is read, and refused with the reason if it is not one."""


def what_is(name: str, content: bytes) -> tuple[str, str]:
    """What a file is, by its content, and why it is not read: WORKBOOK (read it, whatever its name:
    a mail filter renames them "….xlsm_"), ARCHIVE (a .zip to look into), CANNOT_READ (a plan may be in it, but
    not one we read: .ods, .xlsb, a broken .zip) or NOT_A_WORKBOOK."""
    head = content[:len(OLE_MAGIC)]
    names = zip_names(content)
    if names is not None and ("xl/workbook.xml" in names or "[content_types].xml" in names and any(
            posixpath.basename(name) == "workbook.xml" for name in names)):
        return WORKBOOK, ""  # a workbook, its part wherever the package relationships place it: never split
    if name.lower().endswith(WORKBOOK_NAMES) or is_encrypted_package(content) or head == OLE_MAGIC and (
            _OLE_WORKBOOK in content or _OLE_BOOK in content):
        return WORKBOOK, ""
    if names is not None and "word/document.xml" in names:
        return NOT_A_WORKBOOK, "Văn bản Word, không phải sổ làm việc: cấp trên cần sổ KeHoach.xlsm (hoặc .xlsx) để tổng hợp."
    if names is not None and ("[content_types].xml" in names or "mimetype" in names):
        mimetype = member_content(content, names["mimetype"], 100).decode("ascii", "replace") if "mimetype" in names \
            else ""
        readable = "xl/workbook.bin" in names or mimetype.startswith(ODF_SPREADSHEET)
        return (CANNOT_READ if readable else NOT_A_WORKBOOK), str(not_a_workbook(set(names), mimetype))
    if names is not None:
        return ARCHIVE, ""
    if head.startswith(ZIP_MAGIC):
        return CANNOT_READ, "Tệp nén bị hỏng, không mở được (có thể tải về hoặc đính kèm chưa hết). Hãy xin gửi lại."
    if not head:
        return NOT_A_WORKBOOK, "Tệp rỗng (0 byte)."
    if head.startswith(b"%PDF"):
        return NOT_A_WORKBOOK, "Tệp PDF, không phải sổ làm việc: cấp trên cần sổ KeHoach.xlsm (hoặc .xlsx) để tổng hợp."
    return NOT_A_WORKBOOK, "Không phải sổ làm việc Excel hay tệp nén .zip."


def zip_names(content: bytes) -> dict[str, str] | None:
    """The members of a zip by their names as the format compares them (`part_key`: a backslash read as a
    slash, as Office does, without regard to case), or None when `content` is not one that opens."""
    if not content.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {part_key(name): name for name in archive.namelist()}
    except (zipfile.BadZipFile, ValueError):
        return None


def archive_members(content: bytes) -> list[zipfile.ZipInfo]:
    """The files of a .zip, in order: not its folders, nor the resource forks macOS adds; raises Unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [info for info in archive.infolist() if not info.is_dir()
                    and not info.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, ValueError) as error:
        raise Unreadable("Tệp nén .zip bị hỏng, không mở được. Hãy xin gửi lại tệp.") from error


def member_content(content: bytes, member: str, head: int | None = None) -> bytes:
    """The bytes of a file inside a .zip (its first `head` bytes only, if given); raises Unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as outer:
            info = outer.getinfo(member)
            if info.flag_bits & 0x1:
                raise Unreadable("Tệp trong tệp nén .zip có đặt mật khẩu. Hãy nén lại không đặt mật "
                                 "khẩu, hoặc gửi riêng sổ làm việc.")
            if info.file_size > MAX_MEMBER_BYTES:
                raise Unreadable(_too_large(info.file_size))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # zipfile inflates bzip2 and LZMA a whole chunk at a time, whatever is asked for:
                # 4 KB of bzip2 make gigabytes.
                raise Unreadable("Tệp trong tệp nén .zip được nén kiểu BZip2 hoặc LZMA, chương trình không mở. "
                                 "Hãy nén lại kiểu thông thường (Deflate), hoặc gửi riêng sổ làm việc.")
            with outer.open(info) as stream:
                inner = stream.read(MAX_MEMBER_BYTES + 1 if head is None else head)
    except (zipfile.BadZipFile, ValueError, KeyError, EOFError, NotImplementedError, zlib.error) as error:
        raise Unreadable("Tệp nén .zip bị hỏng, không đọc được. Hãy xin gửi lại tệp.") from error
    if len(inner) > MAX_MEMBER_BYTES:
        raise Unreadable(_too_large(len(inner)))
    return inner


def file_content(path: Path) -> bytes:
    """The bytes of a file, within the bound of a workbook; raises Unreadable."""
    with _file_bytes(path) as content:
        return content


def read_member(path: Path, chain: tuple[str, ...], engine: str = "calamine",
                keep: SheetFilter = every_sheet) -> WorkbookData:
    """A workbook inside (nested) .zip files, read in memory (never extracted to disk); raises Unreadable."""
    with _file_bytes(path) as content:
        for member in chain:
            content = member_content(content, member)
        return read_content(content, engine, keep)


def _too_large(size: int) -> str:
    return (f"Sổ làm việc trong tệp nén lớn {size // (1024 * 1024)} MB, quá giới hạn "
            f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB của một kế hoạch.")
