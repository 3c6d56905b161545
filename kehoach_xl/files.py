"""Reading workbook files into WorkbookData (the only module that opens them).

Every reason a file cannot be read becomes `Unreadable` with a one-line
Vietnamese reason; nothing here writes to the file.  The zip package is
checked (`package.inspect`) before either engine parses it.
"""

import errno
import warnings
import zipfile
from pathlib import Path

from kehoach_xl.package import MAX_FILE_BYTES, ErrorCells, Unreadable, inspect
from kehoach_xl.reader import WorkbookData
from kehoach_xl.values import is_blank

__all__ = ["ENGINES", "Unreadable", "os_reason", "read_workbook"]

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
    if size == 0:
        raise Unreadable("Tệp rỗng (0 byte), không có sổ làm việc nào.")
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"Tệp nặng {size // 2**20} MB, quá giới hạn {MAX_FILE_BYTES // 2**20} MB của một "
                         f"sổ làm việc kế hoạch; không đọc tệp này.")
    with path.open("rb") as file:
        head = file.read(len(OLE_MAGIC))
    if head == OLE_MAGIC:
        if _ENCRYPTION_INFO in path.read_bytes():
            raise Unreadable("Tệp có đặt mật khẩu mở. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ "
                             "làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại.")
        raise Unreadable("Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở bằng Excel và lưu "
                         "lại dạng .xlsx hoặc .xlsm.")
    if not zipfile.is_zipfile(path):
        if head.startswith(ZIP_MAGIC):
            raise Unreadable("Tệp bị cắt cụt, thiếu phần cuối (có thể tải về hoặc đính kèm chưa hết). "
                             "Hãy xin gửi lại tệp.")
        raise Unreadable("Tệp không phải sổ làm việc Excel (.xlsx, .xlsm).")


def _openpyxl(path: Path) -> WorkbookData:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        data = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            data[sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
        return data
    finally:
        book.close()


def _calamine(path: Path) -> WorkbookData:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in book.sheet_names}


ENGINES = {"openpyxl": _openpyxl, "calamine": _calamine}


def _with_errors(data: WorkbookData, errors: ErrorCells) -> WorkbookData:
    """Excel errors where an engine gives a blank: python-calamine reads #REF! as ""."""
    for sheet, cells in errors.items():
        rows = data.get(sheet, [])
        for (row, column), error in cells.items():
            if row < len(rows) and column < len(rows[row]) and is_blank(rows[row][column]):
                rows[row][column] = error
    return data


def read_workbook(path: Path, engine: str = "openpyxl") -> WorkbookData:
    """Every sheet's values from A1; raises Unreadable with the reason."""
    try:
        _refuse_early(path)
        errors = inspect(path)
    except OSError as error:
        raise Unreadable(f"Không mở được tệp: {os_reason(error)}.") from error
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about what it skips (data validation, dates out of range);
            # the findings say what matters, in Vietnamese.
            warnings.simplefilter("ignore")
            data = ENGINES[engine](path)
    except Exception as error:
        raise Unreadable(f"Tệp Excel bị hỏng, không đọc được ({type(error).__name__}).") from error
    return _with_errors(data, errors)
