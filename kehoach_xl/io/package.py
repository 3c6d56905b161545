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

import collections
import itertools
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO
from xml.parsers.expat import ExpatError, ParserCreate, XMLParserType

from kehoach_xl.core.money import format_count
from kehoach_xl.core.values import column_letter

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
_FIRST_BYTES = 2**12
"""Enough for an XML part's prolog, or to see a picture is not XML."""
_MAIN = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main"}
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OVERRIDE = "http://schemas.openxmlformats.org/package/2006/content-types}Override"
_CONTENT_TYPES = "[Content_Types].xml"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
"""Where calamine looks for the shared strings, whatever the relationships say."""
_XML_NAMES = (".xml", ".rels")
_ROW = re.compile(r"[0-9]{1,7}")


class Unreadable(Exception):
    """The file is not a workbook we can read; str() is the reason, in Vietnamese."""


@cache
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class _Grid:
    """Where the cells of one worksheet part reach: the current cell, the farthest row and column,
    and the cells (column, row) where each was first reached."""

    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    lowest: tuple[int, int] = (0, 0)
    rightmost: tuple[int, int] = (0, 0)
    error: bool = False

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def far_cells(self) -> str:
        return " và ".join(sorted({f"{column_letter(column - 1)}{row}" for column, row in (self.lowest, self.rightmost)}))


ErrorCells = dict[str, dict[tuple[int, int], str]]
"""Sheet name -> (row, column) from 0 -> the error value ("#REF!")."""


@dataclass
class _Facts:
    """What the package's structure parts say, and what the sheets hold."""

    sheet_ids: dict[str, str] = field(default_factory=dict)
    """Relationship id -> sheet name, from xl/workbook.xml."""
    targets: dict[str, set[str]] = field(default_factory=dict)
    """Relationship id -> the part it points to, from xl/_rels/workbook.xml.rels (as each engine resolves it)."""
    typed_sheets: set[str] = field(default_factory=set)
    """Parts any relationship or content type calls a sheet."""
    string_parts: set[str] = field(default_factory=lambda: {_SHARED_STRINGS})
    grids: dict[str, _Grid] = field(default_factory=dict)
    errors: ErrorCells = field(default_factory=dict)

    def sheet_parts(self) -> dict[str, str]:
        """Part -> sheet name, for every sheet of xl/workbook.xml; parts only called sheets map to ""."""
        named = {part: name for rid, name in self.sheet_ids.items() for part in self.targets.get(rid, ())}
        return {part: "" for part in self.typed_sheets} | named


def _corrupt(member: str, why: str) -> Unreadable:
    return Unreadable(f"Tệp Excel bị hỏng: phần {member} {why}. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"Tệp nén có {format_count(len(members))} phần, quá {format_count(MAX_MEMBERS)} phần một sổ "
                         f"làm việc có thể có; không đọc tệp này.")
    seen: set[str] = set()
    for member in members:
        if member.filename.lower() in seen:
            raise Unreadable(f"Tệp nén có hai phần cùng tên {member.filename}: không phải tệp Excel lưu "
                             f"bình thường; không đọc tệp này.")
        seen.add(member.filename.lower())
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(f"Tệp giải nén ra {format_count(unpacked // 2**20)} MB, quá giới hạn "
                         f"{format_count(MAX_UNPACKED_BYTES // 2**20)} MB (có thể là bom nén); không đọc tệp này.")
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


def _is_structure(member: str) -> bool:
    """The parts that say where the others are: read first."""
    return member in (_CONTENT_TYPES, _WORKBOOK) or member.lower().endswith(".rels")


def _places(member: str, target: str) -> set[str]:
    """The part a relationship of `member` points to: openpyxl resolves from the source's folder,
    calamine prefixes "xl/"; a hostile file may make them differ, so both."""
    folder = posixpath.dirname(posixpath.dirname(member))
    return {target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)),
            target if target.startswith("xl/") else "xl/" + target}


def _structure_handler(member: str, facts: _Facts) -> Callable[[str, dict[str, str]], None]:
    """Relationships, content types and the workbook's sheet list (namespaces resolved)."""
    def start(name: str, attributes: dict[str, str]) -> None:
        if name == _RELATIONSHIP:
            places = _places(member, attributes.get("Target", ""))
            if member == _WORKBOOK_RELS:
                facts.targets[attributes.get("Id", "")] = places
            kind = attributes.get("Type", "")
            if kind.endswith("sheet"):
                facts.typed_sheets |= places
            elif kind.endswith("/sharedStrings"):
                facts.string_parts |= places
        elif name == _OVERRIDE:
            part, kind = attributes.get("PartName", "").lstrip("/"), attributes.get("ContentType", "")
            if kind.endswith("sheet+xml"):
                facts.typed_sheets.add(part)
            elif kind.endswith("sharedStrings+xml"):
                facts.string_parts.add(part)
        elif name.endswith("}sheet") and name.rpartition("}")[0] in _MAIN and member == _WORKBOOK:
            facts.sheet_ids[attributes.get(_RELATIONSHIP_ID, "")] = attributes.get("name", "")
    return start


def _keep_error(parser: XMLParserType, member: str, facts: _Facts, grid: _Grid) -> None:
    """Collect the text of the <v> element just opened: the error value of the current cell."""
    text: list[str] = []

    def end(_: str) -> None:
        parser.CharacterDataHandler = parser.EndElementHandler = None
        facts.errors.setdefault(member, {})[(grid.row - 1, grid.column - 1)] = "".join(text)

    parser.CharacterDataHandler = text.append
    parser.EndElementHandler = end


def _sheet_handler(parser: XMLParserType, member: str, facts: _Facts,
                   grid: _Grid) -> Callable[[str, dict[str, str]], None]:
    """Where rows and cells reach, and which cells hold an error.

    Names are matched without namespaces, by what follows any prefix: a "c" of
    another namespace counts as a cell too, which can only overestimate.
    """

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            ref = attributes.get("r")
            if ref is None:
                grid.column += 1
            else:
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters):]
                if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and 0 < len(digits) <= 7):
                    raise _corrupt(member, f'có ô mang địa chỉ "{ref[:20]}"')
                grid.column, grid.row = _column_number(letters), int(digits)
            if grid.column > EXCEL_COLUMNS or not 1 <= grid.row <= EXCEL_ROWS:
                raise _corrupt(member, f"có ô {ref}, ngoài giới hạn của Excel")
            if grid.row > grid.rows:
                grid.rows, grid.lowest = grid.row, (grid.column, grid.row)
            if grid.column > grid.columns:
                grid.columns, grid.rightmost = grid.column, (grid.column, grid.row)
            grid.error = attributes.get("t") == "e"
        elif local == "row":
            ref = attributes.get("r")
            if ref is not None and not _ROW.fullmatch(ref):
                raise _corrupt(member, f'có dòng mang số "{ref[:20]}"')
            grid.row = int(ref) if ref is not None else grid.row + 1
            grid.column = 0
            if not 1 <= grid.row <= EXCEL_ROWS:
                raise _corrupt(member, f"có dòng {format_count(grid.row)}, ngoài giới hạn của Excel")
        elif local == "v" and grid.error:
            _keep_error(parser, member, facts, grid)
    return start


class _RootReached(Exception):
    """The prolog is over: no DTD can follow."""


def _stop_at_root(*_: object) -> None:
    raise _RootReached


def _strings_handler(member: str) -> Callable[[str, dict[str, str]], None]:
    """The counts the shared-strings table declares, on its root element; then nothing more."""
    def start(_: str, attributes: dict[str, str]) -> None:
        for key in ("count", "uniqueCount"):
            declared = attributes.get(key, "")
            if re.fullmatch("[0-9]+", declared) and (len(declared) > 9 or int(declared) > MAX_CELLS):
                raise _corrupt(member, f"khai báo hơn {format_count(MAX_CELLS)} chuỗi chữ, nhiều hơn số ô đọc được")
        raise _RootReached
    return start


def _parser(member: str, namespaces: bool = False) -> XMLParserType:
    """An expat parser that refuses a DTD."""
    parser = ParserCreate(namespace_separator="}") if namespaces else ParserCreate()

    def doctype(*_: object) -> None:
        # ISO/IEC 29500-2 (OPC), M1.18: a consumer shall treat a DTD declaration as an error.
        raise Unreadable(f"Phần {member} có khai báo DTD (có thể là bom thực thể XML); tệp Excel "
                         f"thật không bao giờ có, nên không đọc tệp này.")

    parser.StartDoctypeDeclHandler = doctype
    return parser


def _parse(parser: XMLParserType, member: str, chunks: Iterable[bytes]) -> None:
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ExpatError as error:
        raise _corrupt(member, f"không phải XML hợp lệ (dòng {error.lineno}, cột {error.offset})")


def _scan(package: zipfile.ZipFile, member: zipfile.ZipInfo, facts: _Facts, sheets: dict[str, str],
          read: Callable[[str], bool]) -> None:
    """Parse one member if it is XML.

    Every XML part is parsed up to its root element, which is where a DTD
    would be, and unpacked to its end.  The structure parts and the sheets to
    be read are followed element by element, the shared strings to their root
    (the declared counts).  A member that must
    be XML (by name, or because it is a sheet or the shared strings) is parsed
    whatever its first bytes: quick-xml (calamine) reads a worksheet that
    starts with garbage.
    """
    name = member.filename
    must = name.lower().endswith(_XML_NAMES) or name in sheets or name in facts.string_parts
    parser = _parser(name, namespaces=_is_structure(name))
    if _is_structure(name):
        parser.StartElementHandler = _structure_handler(name, facts)
    elif name in sheets and (not sheets[name] or read(sheets[name])):
        parser.StartElementHandler = _sheet_handler(parser, name, facts, facts.grids.setdefault(name, _Grid()))
    elif name in facts.string_parts:
        parser.StartElementHandler = _strings_handler(name)
    else:
        parser.StartElementHandler = _stop_at_root
    with package.open(member) as stream:
        first = stream.read(_FIRST_BYTES)
        if not must and not _looks_like_xml(first):
            return
        rest = iter(lambda: stream.read(_CHUNK), b"")
        try:
            _parse(parser, name, itertools.chain([first], rest))
        except _RootReached:
            # Read on to the declared size, which checks the CRC: an engine that reads the part
            # whole (openpyxl's styles, calamine's shared strings) must not meet a size that lies.
            collections.deque(rest, maxlen=0)


def _check_cells(facts: _Facts) -> None:
    total = sum(grid.cells for grid in facts.grids.values())
    if total <= MAX_CELLS:
        return
    member, grid = max(facts.grids.items(), key=lambda item: item[1].cells)
    raise Unreadable(f'Trang tính "{facts.sheet_parts().get(member) or member}" có ô dữ liệu ở tận {grid.far_cells()}: '
                     f"vùng cần đọc là {format_count(total)} ô, quá giới hạn {format_count(MAX_CELLS)} ô. Hãy xóa các "
                     f"dòng, cột thừa (Ctrl+End để tìm ô cuối) rồi lưu lại.")


def every_sheet(name: str) -> bool:
    return True


def inspect(source: Path | BinaryIO, read: Callable[[str], bool] = every_sheet) -> ErrorCells:
    """Raise Unreadable unless the zip package (a file, or one read into memory) is safe for an engine
    that reads the sheets `read` accepts.

    Returns the cells that hold an Excel error, by sheet name.
    """
    facts = _Facts()
    try:
        with zipfile.ZipFile(source) as package:
            members = package.infolist()
            _check_members(members)
            if _WORKBOOK not in {member.filename for member in members}:
                raise _not_a_workbook({member.filename for member in members})
            # Relationships and content types first, then the workbook's sheet list: they say
            # which parts are sheets and shared strings, whatever those are called.
            structure = sorted((member for member in members if _is_structure(member.filename)),
                               key=lambda member: member.filename == _WORKBOOK)
            for member in structure:
                _scan(package, member, facts, {}, read)
            sheets = facts.sheet_parts()
            if clash := sorted(sheets.keys() & {member.filename for member in structure}):
                raise _corrupt(clash[0], "vừa là phần cấu trúc vừa được khai báo là trang tính")
            for member in members:
                if not _is_structure(member.filename):
                    _scan(package, member, facts, sheets, read)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise Unreadable(f"Tệp Excel bị hỏng, không giải nén được ({type(error).__name__}). Hãy xin gửi "
                         f"lại tệp.") from error
    _check_cells(facts)
    names = facts.sheet_parts()
    return {names[member]: cells for member, cells in facts.errors.items() if names.get(member)}
