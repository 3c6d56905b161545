"""The upper level's inbox: every entry of a folder, and of the .zip files in it, read in memory.

Each entry is a workbook to read (`cells`), or says why it is not read: a lock
file, a subfolder, a .zip nested too deep, a file that is no workbook (what a
file is, by its content: `what_is`).  Nothing
is extracted to disk, nothing is changed.
"""

import io
import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from kehoach_xl.core.consolidation import NOT_A_WORKBOOK, SKIPPED, UNREADABLE
from kehoach_xl.core.reader import WorkbookData
from kehoach_xl.io.engines import ZIP_MAGIC, file_content, is_input_sheet, member_content, read_file, read_member
from kehoach_xl.io.guard import Unreadable
from kehoach_xl.io.guard.bounds import MAX_DEPTH
from kehoach_xl.io.guard.encryption import OLE_MAGIC, is_encrypted_package
from kehoach_xl.io.guard.names import part_key
from kehoach_xl.io.guard.reasons import ODF_SPREADSHEET, not_a_workbook
from kehoach_xl.io.os_reasons import os_reason
from kehoach_xl.io.output import TEMPORARY_PREFIX

_OLE_WORKBOOK = "Workbook".encode("utf-16-le")
_OLE_BOOK = "Book".encode("utf-16-le")


WORKBOOK, ARCHIVE, CANNOT_READ, NO_WORKBOOK = "workbook", "archive", "cannot read", "not a workbook"
WORKBOOK_NAMES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
"""Names that say a file is a workbook: it is read, and refused with the reason if it is not one."""


def what_is(name: str, content: bytes) -> tuple[str, str]:
    """What a file is, by its content, and why it is not read: WORKBOOK (read it, whatever its name:
    a mail filter renames them "….xlsm_"), ARCHIVE (a .zip to look into), CANNOT_READ (a plan may be in it, but
    not one we read: .ods, .xlsb, a broken .zip) or NO_WORKBOOK."""
    head = content[:len(OLE_MAGIC)]
    names = zip_names(content)
    if names is not None and ("xl/workbook.xml" in names or "[content_types].xml" in names and any(
            posixpath.basename(name) == "workbook.xml" for name in names)):
        return WORKBOOK, ""  # a workbook, its part wherever the package relationships place it: never split
    if name.lower().endswith(WORKBOOK_NAMES) or is_encrypted_package(content) or head == OLE_MAGIC and (
            _OLE_WORKBOOK in content or _OLE_BOOK in content):
        return WORKBOOK, ""
    if names is not None and "word/document.xml" in names:
        return NO_WORKBOOK, "Văn bản Word, không phải sổ làm việc: cấp trên cần sổ KeHoach.xlsm (hoặc .xlsx) để tổng hợp."
    if names is not None and ("[content_types].xml" in names or "mimetype" in names):
        mimetype = member_content(content, names["mimetype"], 100).decode("ascii", "replace") if "mimetype" in names\
            else ""
        readable = "xl/workbook.bin" in names or mimetype.startswith(ODF_SPREADSHEET)
        return (CANNOT_READ if readable else NO_WORKBOOK), str(not_a_workbook(set(names), mimetype))
    if names is not None:
        return ARCHIVE, ""
    if head.startswith(ZIP_MAGIC):
        return CANNOT_READ, "Tệp nén bị hỏng, không mở được (có thể tải về hoặc đính kèm chưa hết). Hãy xin gửi lại."
    if not head:
        return NO_WORKBOOK, "Tệp rỗng (0 byte)."
    if head.startswith(b"%PDF"):
        return NO_WORKBOOK, "Tệp PDF, không phải sổ làm việc: cấp trên cần sổ KeHoach.xlsm (hoặc .xlsx) để tổng hợp."
    return NO_WORKBOOK, "Không phải sổ làm việc Excel hay tệp nén .zip."


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


STATUS_OF_KIND = {CANNOT_READ: UNREADABLE, NO_WORKBOOK: NOT_A_WORKBOOK}
"""What the upper level is told of a file that is not read, by what it is."""
LOCK_FILE = "~$"


@dataclass(frozen=True)
class InboxEntry:
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


def _listed(name: str, modified: datetime, path: Path, chain: tuple[str, ...], content: bytes) -> list[InboxEntry]:
    """What one file is, by its content: a workbook to read, the entries of a .zip, or a row that says why not."""
    kind, reason = what_is(name, content)
    if kind == WORKBOOK:
        return [InboxEntry(name, modified, path, chain)]
    if kind != ARCHIVE:
        return [InboxEntry(name, modified, path, chain, reason, STATUS_OF_KIND[kind])]
    if len(chain) == MAX_DEPTH:
        return [InboxEntry(name, modified, path, chain, f"Tệp nén lồng trong {MAX_DEPTH} lớp tệp nén; không mở "
                                                    f"thêm. Hãy giải nén rồi gửi riêng từng sổ làm việc.", UNREADABLE)]
    members = archive_members(content)
    if not members:
        return [InboxEntry(name, modified, path, chain, "Tệp nén rỗng, không có tệp nào.", NOT_A_WORKBOOK)]
    found = []
    for member in members:
        inner = f"{name}/{_member_name(member.filename, bool(member.flag_bits & 0x800))}"
        when = _zip_time(member, modified)
        if PurePosixPath(member.filename).name.startswith(LOCK_FILE):
            found.append(InboxEntry(inner, when, path, chain, _LOCKED, SKIPPED))
            continue
        try:
            found += _listed(inner, when, path, (*chain, member.filename),
                             member_content(content, member.filename))
        except Unreadable as why:
            found.append(InboxEntry(inner, when, path, (*chain, member.filename), str(why), UNREADABLE))
    return found


_LOCKED = ("Tệp khóa Excel tạo khi một sổ đang mở (không phải sổ làm việc). Nếu sổ cùng tên đang mở trên "
           "máy này, hãy lưu và đóng nó rồi chạy lại, kẻo các sửa chưa lưu không được tính.")


def _entry(path: Path) -> list[InboxEntry]:
    """One entry of the inbox, whatever it is; a .zip gives one per file in it."""
    name = path.name
    if path.is_symlink() and not path.exists():
        return [InboxEntry(name, datetime.fromtimestamp(path.lstat().st_mtime), path,
                       reason="Liên kết (lối tắt) tới một tệp không còn nữa. Hãy chép chính tệp vào thư mục.",
                       status=UNREADABLE)]
    modified = datetime.fromtimestamp(path.stat().st_mtime)
    if name.startswith(LOCK_FILE):
        return [InboxEntry(name, modified, path, reason=_LOCKED, status=SKIPPED)]
    if name.startswith(TEMPORARY_PREFIX):
        return [InboxEntry(name, modified, path, reason="Tệp tạm của chương trình, còn lại từ một lần chạy bị ngắt; "
                                                    "lần ghi sau trong thư mục này sẽ xóa nó.", status=SKIPPED)]
    if path.is_dir():
        return [InboxEntry(name, modified, path, reason="Thư mục con: chương trình chỉ đọc các tệp ngay trong thư mục "
                                                    "đã chọn. Nếu trong đó có sổ của xã, hãy chép ra rồi chạy lại.",
                       status=NOT_A_WORKBOOK)]
    if not path.is_file():
        return [InboxEntry(name, modified, path, reason="Không phải một tệp thường.", status=NOT_A_WORKBOOK)]
    if name.lower().endswith(WORKBOOK_NAMES):
        return [InboxEntry(name, modified, path)]
    return _listed(name, modified, path, (), file_content(path))


def entries(folder: Path) -> list[InboxEntry]:
    """Every entry of `folder` (not what its subfolders hold), by name; a .zip gives the files in it,
    read in memory.  Each entry is a workbook to read, or says why it is not read."""
    try:
        paths = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except OSError as error:
        raise Unreadable(f"Không đọc được thư mục {folder}: {os_reason(error)}.") from error
    found = []
    for path in paths:
        try:
            found += _entry(path)
        except Unreadable as reason:
            found.append(InboxEntry(path.name, datetime.fromtimestamp(path.lstat().st_mtime), path,
                                reason=str(reason), status=UNREADABLE))
        except OSError as error:
            found.append(InboxEntry(path.name, datetime.now(), path, reason=f"Không mở được: {os_reason(error)}.",
                                status=UNREADABLE))
    return found


def cells(entry: InboxEntry, engine: str = "calamine") -> WorkbookData:
    """The values of an entry's input sheets (engines.is_input_sheet), the file's or a .zip member's, read in
    memory; raises Unreadable."""
    if entry.chain:
        return read_member(entry.path, entry.chain, engine, is_input_sheet).data
    return read_file(entry.path, engine, is_input_sheet).data
