"""Reading workbook files into WorkbookData (the only module that opens them).

Every reason a file cannot be read becomes `Unreadable` with a one-line
Vietnamese reason; nothing here writes to the file.
"""

import zipfile
from pathlib import Path

from kehoach_xl.reader import WorkbookData

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


class Unreadable(Exception):
    """The file is not a workbook we can read; str() is the reason, in Vietnamese."""


def _refuse_early(path: Path) -> None:
    if not path.exists():
        raise Unreadable(f"Không tìm thấy tệp {path}.")
    if not path.is_file():
        raise Unreadable(f"{path} không phải là một tệp.")
    with path.open("rb") as file:
        head = file.read(len(OLE_MAGIC))
    if not head:
        raise Unreadable("Tệp rỗng (0 byte), không có sổ làm việc nào.")
    if head == OLE_MAGIC:
        if _ENCRYPTION_INFO in path.read_bytes():
            raise Unreadable("Tệp có đặt mật khẩu mở. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ "
                             "làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại.")
        raise Unreadable("Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở bằng Excel và lưu "
                         "lại dạng .xlsx hoặc .xlsm.")
    if not zipfile.is_zipfile(path):
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


def read_workbook(path: Path, engine: str = "openpyxl") -> WorkbookData:
    """Every sheet's values from A1; raises Unreadable with the reason."""
    _refuse_early(path)
    try:
        return ENGINES[engine](path)
    except Exception as error:
        raise Unreadable(f"Tệp Excel bị hỏng, không đọc được ({type(error).__name__}).") from error
