"""Checking a workbook's zip package before any engine parses it.

openpyxl and python-calamine trust the package they are given.  A file of a
few kilobytes can make them inflate gigabytes, count rows for minutes, or
allocate a grid of cells larger than memory (calamine then aborts the whole
process, which no `except` can catch).  `inspect` reads the package as a
stream, within the bounds below, and raises `Unreadable` with a Vietnamese
reason when a bound or a rule of the format is broken.  On the way it notes
the cells holding an Excel error (#REF!, #DIV/0!, …), which python-calamine
reads as blank.
"""

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.parsers.expat import ExpatError, ParserCreate, XMLParserType

MAX_FILE_BYTES = 50 * 2**20
"""A plan workbook is about 0.1 MB; mail services cap attachments at 20-25 MB.
Twice that leaves room for pictures and refuses nothing that arrives by email."""

MAX_UNPACKED_BYTES = 50 * 2**20
"""Sum of the members' declared sizes.  10,000 activity rows unpack to about
3 MB.  A sheet of 95 MB took openpyxl 38 seconds and 750 MB of memory to read
(calamine 14 s), so 50 MB bounds a read at about 20 seconds and 400 MB."""

MAX_MEMBERS = 1_000
"""A workbook has a part per sheet, table, drawing and picture: KeHoach has
about 40.  A thousand leaves room for hundreds of sheets."""

MAX_RATIO = 100
RATIO_FREE_BYTES = 2**20
"""A member larger than 1 MB may be at most 100 times its compressed size (the
bound Apache POI uses).  Sheets written by Excel, LibreOffice and openpyxl
compress 4 to 30 times; deflate cannot exceed about 1,030."""

MAX_CELLS = 10_000_000
"""Cells from A1 to each sheet's last cell, summed over the sheets: what an
engine lays out in memory (calamine about 45 bytes a cell).  A plan uses tens
of thousands; a stray value in row 1,048,576 of a six-column sheet still fits."""

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384

_CHUNK = 2**16
_MAIN = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main"}
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OVERRIDE = "http://schemas.openxmlformats.org/package/2006/content-types}Override"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_GRID_PARTS = ("/worksheet", "/sharedStrings", "worksheet+xml", "sharedStrings+xml")
"""Relationship types and content types of the parts whose cells an engine lays out."""
_XML_NAMES = (".xml", ".rels")
_ROW = re.compile(r"[0-9]{1,7}")
_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


class Unreadable(Exception):
    """The file is not a workbook we can read; str() is the reason, in Vietnamese."""


def _count(number: int) -> str:
    """12345 -> "12.345", as Vietnamese writes numbers."""
    return f"{number:,}".replace(",", ".")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Grid:
    """Where the cells of one worksheet part reach."""

    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    last_row_cell: str = ""
    last_column_cell: str = ""
    error: bool = False

    @property
    def cells(self) -> int:
        return self.rows * self.columns


ErrorCells = dict[str, dict[tuple[int, int], str]]
"""Sheet name -> (row, column) from 0 -> the error value ("#REF!")."""


@dataclass
class _Facts:
    grids: dict[str, _Grid]
    sheet_ids: dict[str, str]
    targets: dict[str, str]
    errors: ErrorCells
    grid_parts: set[str]
    """Worksheet and shared-strings parts, found by relationship and content type, whatever their names."""

    def sheet_name(self, member: str) -> str:
        by_target = {target: rid for rid, target in self.targets.items()}
        return self.sheet_ids.get(by_target.get(member, ""), member)


def _corrupt(member: str, why: str) -> Unreadable:
    return Unreadable(f"Tệp Excel bị hỏng: phần {member} {why}. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"Tệp nén có {_count(len(members))} phần, quá {_count(MAX_MEMBERS)} phần một sổ "
                         f"làm việc có thể có; không đọc tệp này.")
    seen: set[str] = set()
    for member in members:
        if member.filename.lower() in seen:
            raise Unreadable(f"Tệp nén có hai phần cùng tên {member.filename}: không phải tệp Excel lưu "
                             f"bình thường; không đọc tệp này.")
        seen.add(member.filename.lower())
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(f"Tệp giải nén ra {_count(unpacked // 2**20)} MB, quá giới hạn "
                         f"{_count(MAX_UNPACKED_BYTES // 2**20)} MB (có thể là bom nén); không đọc tệp này.")
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise Unreadable(f"Phần {member.filename} nén nhỏ hơn {MAX_RATIO} lần so với khi giải nén "
                             f"(có thể là bom nén); không đọc tệp này.")


def _not_a_workbook(names: set[str]) -> Unreadable:
    if "word/document.xml" in names:
        return Unreadable("Đây là văn bản Word (.docx) được đổi tên, không phải sổ làm việc Excel. "
                          "Hãy gửi tệp KeHoach.xlsm (hoặc .xlsx).")
    return Unreadable("Tệp nén không chứa sổ làm việc Excel (thiếu xl/workbook.xml). Hãy gửi tệp "
                      "KeHoach.xlsm (hoặc .xlsx).")


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" or head[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00<")


def _keep_error(parser: XMLParserType, member: str, facts: _Facts, grid: _Grid) -> None:
    """Collect the text of the <v> element just opened: the error value of the current cell."""
    text: list[str] = []

    def end(_: str) -> None:
        parser.CharacterDataHandler = parser.EndElementHandler = None
        facts.errors.setdefault(member, {})[(grid.row - 1, grid.column - 1)] = "".join(text)

    parser.CharacterDataHandler = text.append
    parser.EndElementHandler = end


def _relationship(member: str, attributes: dict[str, str], facts: _Facts) -> None:
    """Note where a relationship points: the workbook's give sheet names, some give grid parts."""
    target = attributes.get("Target", "")
    folder = posixpath.dirname(posixpath.dirname(member))
    # openpyxl resolves the target from the source part's folder; calamine prefixes "xl/".
    places = {target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)),
              target if target.startswith("xl/") else "xl/" + target}
    if member == _WORKBOOK_RELS:
        facts.targets[attributes.get("Id", "")] = min(places, key=len)
    if attributes.get("Type", "").endswith(_GRID_PARTS):
        facts.grid_parts |= places


def _start_element(parser: XMLParserType, member: str, facts: _Facts, grid: _Grid):
    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition("}")
        if name == _RELATIONSHIP:
            _relationship(member, attributes, facts)
        elif name == _OVERRIDE and attributes.get("ContentType", "").endswith(_GRID_PARTS):
            facts.grid_parts.add(attributes.get("PartName", "").lstrip("/"))
        if namespace not in _MAIN:
            return
        if local == "sheet" and member == _WORKBOOK:
            facts.sheet_ids[attributes.get(_RELATIONSHIP_ID, "")] = attributes.get("name", "")
        elif local == "row":
            ref = attributes.get("r")
            if ref is not None and not _ROW.fullmatch(ref):
                raise _corrupt(member, f'có dòng mang số "{ref[:20]}"')
            grid.row = int(ref) if ref is not None else grid.row + 1
            grid.column = 0
            if not 1 <= grid.row <= EXCEL_ROWS:
                raise _corrupt(member, f"có dòng {_count(grid.row)}, ngoài giới hạn của Excel")
        elif local == "c":
            ref = attributes.get("r")
            if ref is None:
                grid.column += 1
            elif match := _CELL.fullmatch(ref):
                grid.column, grid.row = _column_number(match[1]), int(match[2])
            else:
                raise _corrupt(member, f'có ô mang địa chỉ "{ref[:20]}"')
            if grid.column > EXCEL_COLUMNS or not 1 <= grid.row <= EXCEL_ROWS:
                raise _corrupt(member, f"có ô {ref}, ngoài giới hạn của Excel")
            facts.grids.setdefault(member, grid)
            here = f"{_column_letters(grid.column)}{grid.row}"
            if grid.row > grid.rows:
                grid.rows, grid.last_row_cell = grid.row, here
            if grid.column > grid.columns:
                grid.columns, grid.last_column_cell = grid.column, here
            grid.error = attributes.get("t") == "e"
        elif local == "v" and grid.error:
            _keep_error(parser, member, facts, grid)
        elif local == "sst":
            for key in ("count", "uniqueCount"):
                declared = attributes.get(key, "")
                if re.fullmatch("[0-9]+", declared) and (len(declared) > 9 or int(declared) > MAX_CELLS):
                    raise _corrupt(member, f"khai báo hơn {_count(MAX_CELLS)} chuỗi chữ, nhiều hơn số ô đọc được")
    return start


def _must_be_xml(member: str, facts: _Facts) -> bool:
    return member.lower().endswith(_XML_NAMES) or member in facts.grid_parts


def _scan(package: zipfile.ZipFile, member: zipfile.ZipInfo, facts: _Facts) -> None:
    """Parse one member as a stream if it is XML: refuse a DTD, note where cells reach.

    A member that must be XML is parsed whatever its first bytes: quick-xml
    (calamine) reads a worksheet that starts with garbage.
    """
    parser = ParserCreate(namespace_separator="}")

    def doctype(*_: object) -> None:
        # ISO/IEC 29500-2 (OPC), M1.18: a consumer shall treat a DTD declaration as an error.
        raise Unreadable(f"Phần {member.filename} có khai báo DTD (có thể là bom thực thể XML); tệp Excel "
                         f"thật không bao giờ có, nên không đọc tệp này.")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = _start_element(parser, member.filename, facts, _Grid())
    with package.open(member) as stream:
        chunk = stream.read(_CHUNK)
        if not _must_be_xml(member.filename, facts) and not _looks_like_xml(chunk):
            return
        try:
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(_CHUNK)
            parser.Parse(b"", True)
        except ExpatError as error:
            raise _corrupt(member.filename, f"không phải XML hợp lệ (dòng {error.lineno}, cột {error.offset})")


def _check_cells(facts: _Facts) -> None:
    total = sum(grid.cells for grid in facts.grids.values())
    if total <= MAX_CELLS:
        return
    member, grid = max(facts.grids.items(), key=lambda item: item[1].cells)
    cells = sorted({grid.last_row_cell, grid.last_column_cell})
    raise Unreadable(f'Trang tính "{facts.sheet_name(member)}" có ô dữ liệu ở tận {" và ".join(cells)}: '
                     f"vùng cần đọc là {_count(total)} ô, quá giới hạn {_count(MAX_CELLS)} ô. Hãy xóa các "
                     f"dòng, cột thừa (Ctrl+End để tìm ô cuối) rồi lưu lại.")


def inspect(source: Path | BinaryIO) -> ErrorCells:
    """Raise Unreadable unless the zip package (a file, or one read into memory) is safe for an engine.

    Returns the cells that hold an Excel error.
    """
    facts = _Facts({}, {}, {}, {}, set())
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
            _check_members(members)
            if _WORKBOOK not in {member.filename for member in members}:
                raise _not_a_workbook({member.filename for member in members})
            # XML parts by name first: their relationships and content types name the grid parts.
            for member in sorted(members, key=lambda member: not _must_be_xml(member.filename, facts)):
                _scan(package, member, facts)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise Unreadable(f"Tệp Excel bị hỏng, không giải nén được ({type(error).__name__}). Hãy xin gửi "
                         f"lại tệp.") from error
    _check_cells(facts)
    return {facts.sheet_name(member): cells for member, cells in facts.errors.items()}
