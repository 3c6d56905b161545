"""Reading workbook files into WorkbookData (the only module that opens them).

Every reason a file cannot be read becomes `Unreadable` with a one-line
Vietnamese reason; nothing here writes to the file.  The zip package is
checked (`package.inspect`) before either engine parses it, whether it is a
file or a workbook read into memory out of a .zip.
"""

import errno
import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from kehoach_xl.io.package import MAX_FILE_BYTES, ErrorCells, Unreadable, every_sheet, inspect
from kehoach_xl.core.reader import WorkbookData
from kehoach_xl.core.values import is_blank

__all__ = ["ENGINES", "Unreadable", "every_sheet", "os_reason", "read_member", "read_workbook",
           "workbook_members"]

SheetFilter = Callable[[str], bool]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_OS_REASONS = {
    errno.EACCES: "không có quyền", errno.EPERM: "không có quyền", errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "không có thư mục hoặc tệp này",
    errno.ENOTDIR: "một phần đường dẫn là tệp, không phải thư mục", errno.EEXIST: "đã có tệp cùng tên",
    errno.EISDIR: "đó là một thư mục",
}


def os_reason(error: OSError) -> str:
    """Why the system refused, in Vietnamese where the reason is a common one."""
    return _OS_REASONS.get(error.errno, error.strerror or type(error).__name__)


def _refuse_early(path: Path) -> None:
    if not path.exists():
        raise Unreadable(f"Không tìm thấy tệp {path}.")
    if not path.is_file():
        raise Unreadable(f"{path} không phải là một tệp.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"Tệp nặng {size // 2**20} MB, quá giới hạn {MAX_FILE_BYTES // 2**20} MB của một "
                         f"sổ làm việc kế hoạch; không đọc tệp này.")
    with path.open("rb") as file:
        _refuse_content(file)


def _refuse_content(file: BinaryIO) -> None:
    head = file.read(len(OLE_MAGIC))
    if not head:
        raise Unreadable("Tệp rỗng (0 byte), không có sổ làm việc nào.")
    if head == OLE_MAGIC:
        if _ENCRYPTION_INFO in head + file.read():
            raise Unreadable("Tệp có đặt mật khẩu mở. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ "
                             "làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại.")
        raise Unreadable("Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở bằng Excel và lưu "
                         "lại dạng .xlsx hoặc .xlsm.")
    if not zipfile.is_zipfile(file):
        if head.startswith(ZIP_MAGIC):
            raise Unreadable("Tệp bị cắt cụt, thiếu phần cuối (có thể tải về hoặc đính kèm chưa hết). "
                             "Hãy xin gửi lại tệp.")
        raise Unreadable("Tệp không phải sổ làm việc Excel (.xlsx, .xlsm).")


def _openpyxl(source: Path | BinaryIO, keep: SheetFilter) -> WorkbookData:
    import openpyxl

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


def _calamine(source: Path | BinaryIO, keep: SheetFilter) -> WorkbookData:
    from python_calamine import load_workbook

    with load_workbook(source) as book:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in book.sheet_names if keep(name)}


ENGINES = {"openpyxl": _openpyxl, "calamine": _calamine}


def _with_errors(data: WorkbookData, errors: ErrorCells) -> WorkbookData:
    """Excel errors where an engine gives a blank: python-calamine reads #REF! as ""."""
    for sheet, cells in errors.items():
        rows = data.get(sheet, [])
        for (row, column), error in cells.items():
            if row < len(rows) and column < len(rows[row]) and is_blank(rows[row][column]):
                rows[row][column] = error
    return data


def read_workbook(path: Path, engine: str = "openpyxl", keep: SheetFilter = every_sheet) -> WorkbookData:
    """The values from A1 of every sheet `keep` accepts; raises Unreadable with the reason."""
    try:
        _refuse_early(path)
    except OSError as error:
        raise Unreadable(f"Không mở được tệp: {os_reason(error)}.") from error
    return _read(path, engine, keep)


def _read(source: Path | io.BytesIO, engine: str, keep: SheetFilter) -> WorkbookData:
    try:
        errors = inspect(source, keep)
    except OSError as error:
        raise Unreadable(f"Không mở được tệp: {os_reason(error)}.") from error
    if isinstance(source, io.BytesIO):
        source.seek(0)
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about what it skips (data validation, dates out of range);
            # the findings say what matters, in Vietnamese.
            warnings.simplefilter("ignore")
            data = ENGINES[engine](source, keep)
    except Exception as error:
        raise Unreadable(f"Tệp Excel bị hỏng, không đọc được ({type(error).__name__}).") from error
    return _with_errors(data, errors)


MAX_MEMBER_BYTES = MAX_FILE_BYTES
"""The largest workbook read out of a .zip into memory: the bound of a workbook file."""


def workbook_members(archive: Path) -> list[zipfile.ZipInfo]:
    """The .xlsx, .xlsm (and .xls, to be refused by name) files inside a .zip, in order; raises Unreadable."""
    try:
        with zipfile.ZipFile(archive) as outer:
            return [info for info in outer.infolist() if not info.is_dir()
                    and info.filename.lower().endswith((".xlsx", ".xlsm", ".xls"))
                    and not PurePosixPath(info.filename).name.startswith("~$")
                    and not info.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Unreadable(f"Tệp nén .zip bị hỏng, không mở được ({type(error).__name__}).") from error


def read_member(archive: Path, member: str, engine: str = "calamine",
                keep: SheetFilter = every_sheet) -> WorkbookData:
    """A workbook inside a .zip, read in memory (never extracted to disk); raises Unreadable."""
    try:
        with zipfile.ZipFile(archive) as outer:
            info = outer.getinfo(member)
            if info.flag_bits & 0x1:
                raise Unreadable("Tệp trong tệp nén .zip có đặt mật khẩu. Hãy nén lại không đặt mật "
                                 "khẩu, hoặc gửi riêng sổ làm việc.")
            if info.file_size > MAX_MEMBER_BYTES:
                raise Unreadable(_too_large(info.file_size))
            with outer.open(info) as stream:
                content = stream.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as error:
        raise Unreadable(f"Tệp nén .zip bị hỏng, không đọc được ({type(error).__name__}).") from error
    if len(content) > MAX_MEMBER_BYTES:
        raise Unreadable(_too_large(len(content)))
    _refuse_content(io.BytesIO(content))
    return _read(io.BytesIO(content), engine, keep)


def _too_large(size: int) -> str:
    return (f"Sổ làm việc trong tệp nén lớn {size // (1024 * 1024)} MB, quá giới hạn "
            f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB của một kế hoạch.")
