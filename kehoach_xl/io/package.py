"""Checking a workbook's zip package before any engine parses it.

openpyxl and python-calamine trust the package they are given.  A file of a
few kilobytes can make them inflate gigabytes, count rows for minutes, or
allocate a grid of cells larger than memory (calamine then aborts the whole
process, which no `except` can catch).  Every member is held to the bounds on
count, names and sizes below; `inspect` then inflates once each part an engine
may read (the structure parts, the sheets to be read, the shared strings, the
styles and the document's properties; and the tables of those sheets, for
their Total Rows), within those bounds, and raises
`Unreadable` with a Vietnamese reason when a bound or a rule of the format is
broken.  The engines are given those bytes and nothing else (`stored`): what
an engine reads is what was checked, and it inflates nothing again.  Every
other part is inflated only up to its root element, to refuse a DTD there.

On the way it notes what the engines do not say alike or at all: the cells
holding an Excel error (#REF!, which python-calamine reads as blank), formulas
saved without their value (openpyxl gives None, calamine ""), the Total Row of
each table, and whether the package is Strict Open XML (which openpyxl does
not read).

The structure parts (a few elements with many attributes) are parsed with
expat.  A sheet is scanned with regular expressions over its bytes, not a
Python call per cell: the refs of every `<c>` and `<row>` give the grid.  Only
when a sheet is not shaped as Excel, LibreOffice and openpyxl write it (a cell
without a ref, a namespace prefix, UTF-16) is it parsed element by element with
expat too.
"""

import io
import operator
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path
from typing import BinaryIO
from xml.parsers.expat import ExpatError, ParserCreate, XMLParserType

from kehoach_xl.core.money import format_count
from kehoach_xl.core.values import Block, column_letter

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
"""The cells the engines lay out in memory, summed over the sheets (calamine about 45 bytes a cell):
python-calamine the rectangle from A1 to the farthest cell holding a value or a formula; openpyxl
a row for every row up to the last one the sheet has (a cell or row of any kind, a formatted empty
one too), each row as wide as its last cell.  The larger of the two counts.  A plan uses tens of
thousands; a stray value in row 1,048,576 of a six-column sheet still fits, and so does a block of
formatted empty rows down to row 1,048,576."""

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384

_FIRST_BYTES = 2**12
"""Enough for an XML part's prolog and its declared encoding."""
TRANSITIONAL, STRICT = "http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/"
STRICT_NAMESPACES = {
    "spreadsheetml/main": "spreadsheetml/2006/main",
    "officeDocument/relationships": "officeDocument/2006/relationships",
    "drawingml/main": "drawingml/2006/main",
    "drawingml/chart": "drawingml/2006/chart",
    "drawingml/spreadsheetDrawing": "drawingml/2006/spreadsheetDrawing",
    "officeDocument/extendedProperties": "officeDocument/2006/extended-properties",
    "officeDocument/customProperties": "officeDocument/2006/custom-properties",
    "officeDocument/docPropsVTypes": "officeDocument/2006/docPropsVTypes",
    "officeDocument/sharedTypes": "officeDocument/2006/sharedTypes",
    "officeDocument/math": "officeDocument/2006/math",
}
"""Strict Open XML (ISO/IEC 29500 Strict, Excel's "Strict Open XML Spreadsheet") -> the
transitional namespace of the same vocabulary, after the common prefixes above."""
_CONTENT_TYPES = "[Content_Types].xml"
_PACKAGE_RELS = "_rels/.rels"
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"
"""Where calamine looks for the shared strings, whatever the relationships say."""
_STYLES = "xl/styles.xml"
_READ_BY_NAME = (_STYLES, "docProps/core.xml", "docProps/custom.xml")
_READ_BY_TYPE = ("/styles", "/core-properties", "/custom-properties")
"""The other parts the engines read: by these names whatever the relationships say (calamine the
styles, openpyxl all three), and where a relationship of these types points.  The theme, the
drawings, the pictures and the macros are read by neither (openpyxl keeps the theme's bytes unparsed)."""
_WORKBOOK_TYPES = {f"application/vnd.{kind}.main+xml" for kind in (
    "openxmlformats-officedocument.spreadsheetml.sheet", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "ms-excel.template.macroEnabled")}
"""The content types openpyxl takes the workbook by."""
_ESCAPED_TARGET = re.compile(rb"""\sTarget\s*=\s*(?:"[^"]*&|'[^']*&)""")
"""A Target written with a reference (&#49;), which python-calamine reads as it is written."""
_ROW = re.compile(r"[0-9]{1,7}")

_ATTRIBUTES = rb"""(?:[^\s=<>/"']++\s*+=\s*+(?:"[^"]*+"|'[^']*+'))"""
_CELL_END = rb"(?:\s++(?!r\s*+=)" + _ATTRIBUTES + rb")*+\s*+(/?)>(</c>)?"
_CELL_REFS = (re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"' + _CELL_END),
              re.compile(rb"<c (?:" + _ATTRIBUTES + rb'\s++)*?r="([A-Z]{1,3})([0-9]{1,7})"' + _CELL_END))
_ROW_REFS = (re.compile(rb'<row r="([0-9]{1,7})"'), re.compile(rb'<row (?:[^<>]*?\s)?r="([0-9]{1,7})"'))
_OTHER_TAGS = (re.compile(rb"<(?:c|row)[\t\r\n/>]"), re.compile(rb":(?:c|row)[\s/>]"))
"""The refs of the cells and rows as spreadsheet programs write them (`<c r="B7"`, `<row r="7"`, the
ref first, or else anywhere in the tag); and any other way to write a cell or row tag (a prefix,
no attributes, a tab), which sends the part to expat.  A ref match starts where `<c ` or `<row `
does and cannot span another tag: with no other tag, as many refs as `<c ` and `<row ` mean every
cell and row has its ref.  A cell's tag is read attribute by attribute to its end, with no second r:
python-calamine places a cell by its last r, and a ref inside another attribute's value (`x=' r="A1"'`)
is none.  (A row's number places only the cells without a ref, which expat reads.)  The two groups
after the ref say whether the cell is empty (`<c r="A1" s="1"/>`, `<c r="A1"></c>`): formatted, with
no value nor formula."""
_FORMULA = re.compile(rb"<f[\s/>]")
_ERROR_TYPE = re.compile(rb'\st="e"')
_MAYBE_ERROR = re.compile(rb"""t\s*=\s*["']e["']""")
"""Where a cell may hold an error: every way to write its type, so that none goes unread."""
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ATTRIBUTE = re.compile(rb"""\s([\w:.-]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
"""An attribute: its name, and its value in double or in single quotes."""
_DECLARED_ENCODING = re.compile(rb'^\s*<\?xml[^>]*\sencoding=["\']([^"\']*)["\']')
_PLAIN_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
_STRING_COUNT = re.compile(rb"""uniqueCount\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^<>]*>(?:<f[^<>]*/>|<f(?:\s[^<>]*)?>[^<]*</f>)'
                           rb"(?:<v>([^<]*)</v>|<v\s*/>)?</c>")
"""A formula cell as spreadsheet programs write it, and its cached value."""
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|(<!DOCTYPE))*", re.S | re.I)
"""What may come before the root element; a DTD is only ever there (after it, the XML is broken)."""
_ROOT = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*<(?:[^\s<>/!?:]++:)?([\w.-]++)([^<>]*+)>", re.S)
"""The prolog, then the root element's name and attributes."""
_RANGE = re.compile(r"([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})")


class Unreadable(Exception):
    """The file is not a workbook we can read; str() is the reason, in Vietnamese."""

    tried: tuple[str, ...] = ()
    """The engines given the file, in order, when none could read it (none when it was refused before)."""


@cache
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


@dataclass
class _Grid:
    """Where the cells of one worksheet part reach (MAX_CELLS): the current cell; the farthest row and
    column of the cells holding a value or a formula, and the cells (column, row) where each was first
    reached; the last row of any kind (`walked`), and the cells of the rows up to it, each as wide as its
last cell of any kind (`row_cells`)."""

    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    lowest: tuple[int, int] = (0, 0)
    rightmost: tuple[int, int] = (0, 0)
    walked: int = 0
    row_cells: int = 0

    @property
    def cells(self) -> int:
        """What the hungrier engine lays out: calamine's rectangle of values, or openpyxl's rows."""
        return max(self.rows * self.columns, self.walked + self.row_cells)

    def far_cells(self) -> str:
        return " và ".join(sorted({f"{column_letter(column - 1)}{row}" for column, row in (self.lowest, self.rightmost)}))


Cell = tuple[int, int]
"""(row, column), both from 0."""
ErrorCells = dict[str, dict[Cell, str]]
"""Sheet name -> cell -> the error value ("#REF!")."""


@dataclass
class Package:
    """What `inspect` found that the engines do not report alike, by sheet name."""

    errors: ErrorCells = field(default_factory=dict)
    uncalculated: dict[str, set[Cell]] = field(default_factory=dict)
    """Formula cells saved without a value (a file written by a program and never opened in Excel)."""
    totals: dict[str, list[Block]] = field(default_factory=dict)
    """The Total Row(s) of each table: `totalsRowCount` rows at the bottom of its range."""
    strict: bool = False
    parts: dict[str, bytes] = field(default_factory=dict)
    """Every part an engine may read, inflated and checked: all it is given (`stored`); of the styles, only
    what a value depends on (`value_styles`)."""
    chart_sheets: set[str] = field(default_factory=set)
    """The parts the workbook calls chart sheets: openpyxl reads their drawings as it opens the workbook,
    and those are not handed on, so it is not given them (no cell is in a chart sheet)."""


@dataclass
class _Facts:
    """What the package's structure parts say, and what the sheets hold (by part)."""

    sheets: list[tuple[str, str]] = field(default_factory=list)
    """The sheets of xl/workbook.xml, in order: (relationship id, name).  Two may share an id."""
    targets: dict[str, set[str]] = field(default_factory=dict)
    """Relationship id -> the part it points to, from xl/_rels/workbook.xml.rels (as each engine resolves it)."""
    typed_sheets: set[str] = field(default_factory=set)
    """Parts any relationship or content type calls a sheet."""
    chart_sheets: set[str] = field(default_factory=set)
    workbooks: dict[str, str] = field(default_factory=dict)
    """The part an engine reads as the workbook -> the structure part that says so: python-calamine
    takes workbook.xml in the folder of _rels/.rels' officeDocument, openpyxl the part
    [Content_Types].xml gives a workbook's content type.  Anything but xl/workbook.xml is refused."""
    string_parts: set[str] = field(default_factory=lambda: {_SHARED_STRINGS})
    read_too: set[str] = field(default_factory=lambda: set(_READ_BY_NAME))
    """The styles and the document properties, which the engines read besides the sheets and strings."""
    table_parts: dict[str, str] = field(default_factory=dict)
    """Table part -> the sheet part whose relationships point to it."""
    grids: dict[str, _Grid] = field(default_factory=dict)
    errors: dict[str, dict[Cell, str]] = field(default_factory=dict)
    uncalculated: dict[str, set[Cell]] = field(default_factory=dict)
    totals: dict[str, list[Block]] = field(default_factory=dict)
    strict: bool = False

    def sheet_parts(self) -> dict[str, list[str]]:
        """Part -> the names of the sheets of xl/workbook.xml that point to it, each of which an engine
        reads on its own; parts only called sheets map to []."""
        named: dict[str, list[str]] = {part: [] for part in self.typed_sheets}
        for rid, name in self.sheets:
            for part in self.targets.get(rid, ()):
                named.setdefault(part, []).append(name)
        return named


def _corrupt(member: str, why: str) -> Unreadable:
    return Unreadable(f"Tệp Excel bị hỏng: phần {member} {why}. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


@lru_cache(maxsize=4096)
def part_key(name: str) -> str:
    """A part's name as the format compares it, and python-calamine looks it up: without regard to
    (ASCII) case, a backslash read as a slash (ECMA-376 Part 2, 9.1.1.1).  Remembered: the workbooks of
    one inbox have the same parts."""
    name = name.replace("\\", "/")
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"Tệp nén có {format_count(len(members))} phần, quá {format_count(MAX_MEMBERS)} phần một sổ "
                         f"làm việc có thể có; không đọc tệp này.")
    seen: set[str] = set()
    for member in members:
        if (key := part_key(member.filename)) in seen:
            raise Unreadable(f"Tệp nén có hai phần cùng tên {member.filename}: không phải tệp Excel lưu "
                             f"bình thường; không đọc tệp này.")
        seen.add(key)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(f"Tệp giải nén ra {format_count(unpacked // 2**20)} MB, quá giới hạn "
                         f"{format_count(MAX_UNPACKED_BYTES // 2**20)} MB: quá lớn cho một sổ kế hoạch (chỉ vài MB). "
                         f"Hãy xóa các trang tính, hình ảnh không cần cho kế hoạch, hoặc chép các trang của kế hoạch "
                         f"sang một sổ mới, rồi lưu và gửi lại.")
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise Unreadable(f"Phần {member.filename} nén nhỏ hơn {MAX_RATIO} lần so với khi giải nén, điều "
                             f"một sổ làm việc bình thường không có; không đọc tệp này. Hãy mở tệp bằng Excel, "
                             f"xóa các dòng, cột thừa rồi lưu và gửi lại.")


ODF_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
"""What the `mimetype` member of an .ods says (an .odt says "…opendocument.text")."""


def not_a_workbook(names: set[str], mimetype: str) -> Unreadable:
    """Why a zip package that lacks xl/workbook.xml is not read, by what it holds instead (`names`, as
    `part_key` gives them, and, for an OpenDocument file, what its `mimetype` member says)."""
    if "word/document.xml" in names:
        return Unreadable("Đây là văn bản Word (.docx) được đổi tên, không phải sổ làm việc Excel. "
                          "Hãy gửi tệp KeHoach.xlsm (hoặc .xlsx).")
    if "xl/workbook.bin" in names:
        return Unreadable("Đây là sổ làm việc nhị phân của Excel (.xlsb), chương trình không đọc được. Hãy mở "
                          "bằng Excel, chọn Tệp → Lưu thành, kiểu Sổ làm việc Excel (.xlsx) hoặc có macro (.xlsm).")
    if mimetype.startswith(ODF_SPREADSHEET):
        return Unreadable("Đây là bảng tính OpenDocument (.ods, của LibreOffice Calc), chương trình không đọc "
                          "được. Hãy mở bằng LibreOffice hoặc Excel và lưu lại dạng Excel 2007-365 (.xlsx).")
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        return Unreadable("Đây là tài liệu OpenDocument (văn bản .odt hay trình chiếu .odp, của LibreOffice), "
                          "không phải sổ làm việc. Hãy gửi tệp KeHoach.xlsm (hoặc .xlsx).")
    return Unreadable("Tệp nén không chứa sổ làm việc Excel (thiếu xl/workbook.xml). Hãy gửi tệp "
                      "KeHoach.xlsm (hoặc .xlsx).")


def _looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" or head[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00<")


def is_utf8_xml(head: bytes) -> bool:
    """UTF-8 (or ASCII) XML, as every spreadsheet program writes: the patterns can read its bytes."""
    if b"\x00" in head or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared[1].lower() in _PLAIN_ENCODINGS


def _places(member: str, target: str) -> set[str]:
    """The part a relationship of `member` points to: openpyxl resolves from the source's folder,
    calamine prefixes "xl/"; a hostile file may make them differ, so both."""
    folder = posixpath.dirname(posixpath.dirname(member))
    return {target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)),
            target if target.startswith("xl/") else "xl/" + target}


def _source_of(rels: str) -> str:
    """xl/worksheets/_rels/sheet1.xml.rels -> xl/worksheets/sheet1.xml"""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _note_structure(member: str, element: str, attributes: dict[str, str], facts: _Facts) -> None:
    """What one element of a structure part says: a relationship, a content type, a sheet of the workbook."""
    if element == "Relationship" and member.lower().endswith(".rels"):
        places = _places(member, attributes.get("Target", ""))
        if member == _WORKBOOK_RELS:
            facts.targets[attributes.get("Id", "")] = places
        kind = attributes.get("Type", "")
        if member == _PACKAGE_RELS and kind.endswith("/officeDocument"):
            target = attributes.get("Target", "")
            facts.workbooks[target[:target.rfind("/") + 1].removeprefix("/") + "workbook.xml"] = member
        if member in (_WORKBOOK_RELS, _PACKAGE_RELS) and kind.endswith(_READ_BY_TYPE):
            facts.read_too |= places
        if kind.endswith("sheet"):
            facts.typed_sheets |= places
            if member == _WORKBOOK_RELS and "chartsheet" in kind:
                facts.chart_sheets |= places
        elif kind.endswith("/sharedStrings"):
            facts.string_parts |= places
        elif kind.endswith("/table"):
            facts.table_parts |= dict.fromkeys(places, _source_of(member))
    elif element == "Override" and member == _CONTENT_TYPES:
        part, kind = attributes.get("PartName", "").lstrip("/"), attributes.get("ContentType", "")
        if kind.endswith("sheet+xml"):
            facts.typed_sheets.add(part)
        elif kind.endswith("sharedStrings+xml"):
            facts.string_parts.add(part)
        elif kind in _WORKBOOK_TYPES:
            facts.workbooks[attributes.get("PartName", "")[1:]] = member
    elif element == "sheet" and member == _WORKBOOK:
        # python-calamine takes the last attribute named id whatever its namespace, openpyxl r:id.
        ids = {value for key, value in attributes.items() if key == "id" or key.endswith(("}id", ":id"))}
        if len(ids) > 1:
            raise _corrupt(member, f'có trang tính "{attributes.get("name", "")[:40]}" mang hai mã quan hệ')
        facts.sheets.append((next(iter(ids), ""), attributes.get("name", "")))


def _scan_structure(member: str, xml: bytes, facts: _Facts) -> None:
    """Relationships, content types and the workbook's sheet list, element by element with expat,
    refusing a DTD.  The workbooks of one inbox come from one template, so most of these parts
    are the same bytes in every file: what one says is kept, by its name and exact bytes."""
    found = _structure_facts(member, xml) if len(xml) <= _REMEMBERED_BYTES else _structure_of(member, xml)
    facts.sheets += found.sheets
    facts.targets |= found.targets
    facts.typed_sheets |= found.typed_sheets
    facts.chart_sheets |= found.chart_sheets
    facts.workbooks |= found.workbooks
    facts.string_parts |= found.string_parts
    facts.table_parts |= found.table_parts
    facts.read_too |= found.read_too
    facts.strict |= found.strict


_REMEMBERED_BYTES = 2**16


def _structure_of(member: str, xml: bytes) -> _Facts:
    """What one structure part says, on its own.  A sheet is noted whatever its namespace, as
    python-calamine reads it."""
    facts = _Facts()
    if member == _WORKBOOK_RELS and b"&" in xml and _ESCAPED_TARGET.search(xml):
        raise _corrupt(member, "có đường dẫn viết bằng mã ký tự (&…;), điều Excel không bao giờ làm")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, element = name.rpartition("}")
        facts.strict |= element == "sheet" and namespace.startswith(STRICT)
        _note_structure(member, element, attributes, facts)

    parser = _parser(member, namespaces=True)
    parser.StartElementHandler = start
    _parse(parser, member, xml)
    return facts


_structure_facts = lru_cache(maxsize=256)(_structure_of)
"""The same, remembered: a part of at most 64 KB, 256 of them (a few MB at most)."""


def _parser(member: str, namespaces: bool = False) -> XMLParserType:
    """An expat parser that refuses a DTD."""
    parser = ParserCreate(namespace_separator="}") if namespaces else ParserCreate()

    def doctype(*_: object) -> None:
        raise _doctype(member)

    parser.StartDoctypeDeclHandler = doctype
    return parser


def _doctype(member: str) -> Unreadable:
    # ISO/IEC 29500-2 (OPC), M1.18: a consumer shall treat a DTD declaration as an error.
    return Unreadable(f"Phần {member} có khai báo DTD (có thể là bom thực thể XML); tệp Excel "
                      f"thật không bao giờ có, nên không đọc tệp này.")


def _parse(parser: XMLParserType, member: str, xml: bytes) -> None:
    try:
        parser.Parse(xml, True)
    except ExpatError as error:
        raise _corrupt(member, f"không phải XML hợp lệ (dòng {error.lineno}, cột {error.offset})")


def _reach(grid: _Grid, member: str, ref: str | None) -> None:
    """Grid bookkeeping for one cell (slow path), with the reason when its ref is not a cell of Excel."""
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


def _hold(grid: _Grid) -> None:
    """Grid bookkeeping for the current cell (slow path), which holds a value or a formula."""
    if grid.row > grid.rows:
        grid.rows, grid.lowest = grid.row, (grid.column, grid.row)
    if grid.column > grid.columns:
        grid.columns, grid.rightmost = grid.column, (grid.column, grid.row)


def _scan_sheet_slowly(member: str, xml: bytes, facts: _Facts) -> None:
    """Element by element: where rows and cells reach, which hold an error, which a formula without value.

    Names are matched without namespaces, by what follows any prefix: a "c" of
    another namespace counts as a cell too, which can only overestimate.
    """
    grid = facts.grids[member] = _Grid()
    parser = _parser(member)
    cell: dict[str, object] = {}
    widths: dict[int, int] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if "uniqueCount" in attributes:
            _check_strings(member, (attributes["uniqueCount"],))
        if local == "c":
            _reach(grid, member, attributes.get("r"))
            widths[grid.row] = max(widths.get(grid.row, 0), grid.column)
            cell.clear()
            cell.update(error=attributes.get("t") == "e", formula=False, value=None, inline=False)
        elif local == "row":
            ref = attributes.get("r")
            if ref is not None and not _ROW.fullmatch(ref):
                raise _corrupt(member, f'có dòng mang số "{ref[:20]}"')
            grid.row = int(ref) if ref is not None else grid.row + 1
            grid.column = 0
            if not 1 <= grid.row <= EXCEL_ROWS:
                raise _corrupt(member, f"có dòng {format_count(grid.row)}, ngoài giới hạn của Excel")
            grid.walked = max(grid.walked, grid.row)
        elif local == "is" and cell:
            cell["inline"] = True
        elif local == "f" and cell:
            cell["formula"] = True
        elif local == "v" and cell:
            cell["value"] = []
            parser.CharacterDataHandler = cell["value"].append

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "v":
            parser.CharacterDataHandler = None
        elif local == "c" and cell:
            _note_cell(member, (grid.row - 1, grid.column - 1), bool(cell["error"]), bool(cell["formula"]),
                       None if cell["value"] is None else "".join(cell["value"]), facts)
            if cell["formula"] or cell["inline"] or cell["value"] is not None:
                _hold(grid)
            cell.clear()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _parse(parser, member, xml)
    grid.walked = max(grid.walked, grid.row)
    grid.row_cells = sum(widths.values())


def _note_cell(member: str, where: Cell, error: bool, formula: bool, value: str | None, facts: _Facts) -> None:
    if error and value:
        facts.errors.setdefault(member, {})[where] = value
    elif formula and not (value or "").strip():
        facts.uncalculated.setdefault(member, set()).add(where)


def _cell_at(xml: bytes, position: int) -> tuple[dict[bytes, bytes], bytes] | None:
    """The attributes and the content of the cell around `position`, if a cell holds it."""
    start = xml.rfind(b"<c ", 0, position + 1)
    head_end = xml.find(b">", start)
    empty = xml[head_end - 1:head_end] == b"/"
    end = head_end if empty else xml.find(b"</c>", head_end)
    if start < 0 or end < position:
        return None
    attributes = {name: double or single for name, double, single in _ATTRIBUTE.findall(xml, start + 2, head_end + 1)}
    return attributes, xml[head_end + 1:end]


def _where(ref: bytes) -> Cell:
    letters = ref.rstrip(b"0123456789")
    return int(ref[len(letters):]) - 1, _column_number(letters.decode()) - 1


_EXACT_ROWS = MAX_CELLS // 10
"""Up to this many, openpyxl's rows are counted as wide as the sheet's last column; beyond, one by one."""


def _every_ref(xml: bytes, patterns: tuple[re.Pattern, ...], tag: bytes) -> list | None:
    """The refs of every `tag` of the part, or None if one has none the patterns find."""
    tags = xml.count(tag)
    for pattern in patterns:
        if len(refs := pattern.findall(xml)) == tags:
            return refs
    return None


def _scan_sheet(member: str, xml: bytes, facts: _Facts) -> None:
    """The grid from the refs of every cell and row, by patterns; expat when the part is not shaped as
    spreadsheet programs write it, or breaks a bound (its messages name the cell)."""
    if b"<c" not in xml and b":c" not in xml and b"row" not in xml:
        facts.grids[member] = _Grid()  # no cell nor row, by any name (the structure, the strings, the styles)
        return
    refs, rows = _every_ref(xml, _CELL_REFS, b"<c "), _every_ref(xml, _ROW_REFS, b"<row ")
    if refs is None or rows is None or any(tags.search(xml) for tags in _OTHER_TAGS):
        return _scan_sheet_slowly(member, xml, facts)
    letters, digits, slashes, ends = zip(*refs) if refs else ((), (), (), ())
    cell_rows, row_numbers = [*map(int, digits)], [*map(int, rows)]
    numbers_of = {text: _column_number(text.decode()) for text in set(letters)}
    columns = max(numbers_of.values(), default=0)
    numbers = cell_rows + row_numbers
    if numbers and (min(numbers) < 1 or max(numbers) > EXCEL_ROWS) or columns > EXCEL_COLUMNS:
        return _scan_sheet_slowly(member, xml, facts)
    grid = facts.grids[member] = _Grid(walked=max(numbers, default=0))
    if b"/" in slashes or b"</c>" in ends:
        held = [*map(operator.not_, map(operator.add, slashes, ends))]  # neither `/>` nor `></c>`
        grid.rows = max(compress(cell_rows, held), default=0)
        grid.columns = max(map(numbers_of.__getitem__, compress(letters, held)), default=0)
    elif refs:
        grid.rows, grid.columns = max(cell_rows), columns
    grid.row_cells = len(set(cell_rows)) * columns
    if grid.row_cells > _EXACT_ROWS:
        widths: dict[int, int] = {}
        for text, row in zip(letters, cell_rows):
            widths[row] = max(widths.get(row, 0), numbers_of[text])
        grid.row_cells = sum(widths.values())
    formulas = _FORMULA.findall(xml)
    cells = _FORMULA_CELL.findall(xml) if formulas else []
    may_err = (b'"e"' in xml or b"'e'" in xml) and _MAYBE_ERROR.search(xml)  # the search is slow, the finds not
    if len(cells) == len(formulas) and not may_err:
        facts.uncalculated[member] = {_where(ref) for ref, value in cells if not value.strip()}
        return
    for finds in (_ERROR_TYPE, _FORMULA):
        for found in finds.finditer(xml):
            if (cell := _cell_at(xml, found.start())) is None:
                continue
            attributes, content = cell
            value = _VALUE.search(content)
            _note_cell(member, _where(attributes.get(b"r", b"A1")), attributes.get(b"t") == b"e",
                       _FORMULA.search(content) is not None,
                       None if value is None else value[1].decode("utf-8", "replace"), facts)


def _root_attributes(xml: bytes) -> dict[str, str]:
    found = _ROOT.match(xml)
    return {key.decode(): (double or single).decode("utf-8", "replace")
            for key, double, single in _ATTRIBUTE.findall(b" " + found[2])} if found else {}


def _check_strings(member: str, counts: Iterable[str]) -> None:
    """The numbers of shared strings a part declares: python-calamine reserves room for the uniqueCount of
    the first <sst> it meets, wherever it is and whichever of its uniqueCounts comes first."""
    for declared in counts:
        digits = declared.lstrip("0")
        if digits.isascii() and digits.isdigit() and (len(digits) > 9 or int(digits) > MAX_CELLS):
            raise _corrupt(member, f"khai báo hơn {format_count(MAX_CELLS)} chuỗi chữ, nhiều hơn số ô đọc được")


def _note_table(member: str, attributes: dict[str, str], facts: _Facts) -> None:
    """The Total Row(s) of a table: the last `totalsRowCount` rows of its range."""
    extent = _RANGE.fullmatch(attributes.get("ref", ""))
    count = attributes.get("totalsRowCount", "0")
    if extent is None or not count.isdigit() or not int(count):
        return
    left, top, right, bottom = extent.groups()
    block = Block(max(int(top) - 1, int(bottom) - int(count)), int(bottom) - 1,
                  _column_number(left) - 1, _column_number(right) - 1)
    facts.totals.setdefault(facts.table_parts[member], []).append(block)


_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50


def _raw(content: bytes, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes as they are in the package (compressed), after its local header."""
    signature, *_, name_length, extra_length = _LOCAL_HEADER.unpack_from(content, member.header_offset)
    if signature != _LOCAL_SIGNATURE:
        raise zipfile.BadZipFile("bad local header")
    start = member.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    return content[start:start + member.compress_size]


def _inflate(content: bytes, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes, straight from the package in memory, with the checks zipfile makes: the
    declared size and the CRC.

    Only stored and deflated members, as every spreadsheet program writes: zipfile inflates a
    bzip2 or LZMA member in one call whatever its declared size (1 KB of bzip2 makes a gigabyte).
    """
    if member.flag_bits & 0x1:
        raise RuntimeError("encrypted member")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(f"compression method {member.compress_type}")
    raw = _raw(content, member)
    small = len(raw) <= _REMEMBERED_BYTES and member.file_size <= _REMEMBERED_BYTES
    return (_remembered_inflated if small else _inflated)(raw, member.compress_type, member.file_size, member.CRC)


def _inflated(raw: bytes, method: int, size: int, crc: int) -> bytes:
    data = raw if method == zipfile.ZIP_STORED else zlib.decompressobj(-15).decompress(raw, size + 1)
    if len(data) != size or zlib.crc32(data) != crc:
        raise zipfile.BadZipFile("bad size or CRC")
    return data


_remembered_inflated = lru_cache(maxsize=512)(_inflated)
"""The same, remembered by the exact bytes as packed: the workbooks of one inbox share the parts of their
template, packed alike.  Only parts of at most 64 KB, packed and unpacked: 64 MB at most."""


STRUCTURE, TABLE, PART = "structure", "table", "part"
"""What a part is to `inspect`: a structure part is also parsed for what it says, a table only read
for its Total Row; every other part (and every structure part) is scanned as a sheet would be."""


def _scan(content: bytes, package: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, kind: str, facts: _Facts,
          parts: dict[str, bytes], moves: dict[str, Callable[[bytes], bytes]]) -> None:
    """Inflate one member an engine may read, which checks its CRC and its declared size, and look at it
    as the part `name` (what the structure parts call it) of its `kind`.

    It is refused unless it starts as XML, whatever its first bytes: quick-xml
    (calamine) reads a worksheet that starts with garbage.  Whatever the guard
    takes a part for, an engine may take it for another (a sheet at a name the
    guard resolved otherwise, the shared strings at their fixed name): every part
    handed on is held to the bounds of a sheet and of the shared strings.
    """
    xml = _inflate(content, package, member)
    if (move := moves.get(part_key(member.filename))) is not None:
        xml = move(xml)
    if kind == TABLE:
        if _PROLOG.match(xml)[1] or not is_utf8_xml(xml[:_FIRST_BYTES]) and _doctype_ahead(xml, zipfile.ZIP_STORED,
                                                                                          len(xml)):
            raise _doctype(member.filename)
        # No engine reads a table part (neither is asked for tables): it is not handed on, and only
        # its Total Row matters, on its root element.
        if b"totalsRowCount" in xml:
            _note_table(name, _root_attributes(xml), facts)
        return
    parts[member.filename] = xml
    head = xml[:_FIRST_BYTES]
    plain = is_utf8_xml(head)
    if not plain and not _looks_like_xml(head):
        raise _corrupt(member.filename, "không phải XML hợp lệ (dòng 1, cột 0)")
    if plain and _PROLOG.match(xml)[1]:
        raise _doctype(member.filename)
    if kind == STRUCTURE:
        _scan_structure(name, xml, facts)
    if not plain:
        return _scan_sheet_slowly(name, xml, facts)  # another encoding than UTF-8 (UTF-16): expat reads it
    grid, errors, uncalculated = (_remembered_sheet if len(xml) <= _REMEMBERED_BYTES else _sheet_facts)(name, xml)
    facts.grids[name] = grid  # replaced, never changed, by what follows
    if errors:
        facts.errors[name] = dict(errors)
    if uncalculated:
        facts.uncalculated[name] = set(uncalculated)


def _sheet_facts(name: str, xml: bytes) -> tuple[_Grid, dict[Cell, str], set[Cell]]:
    """What the patterns find in a UTF-8 part, on its own: its grid, its error cells, its formulas saved
    without a value; raises Unreadable as `_scan_sheet` and `_check_strings` do."""
    facts = _Facts()
    _scan_sheet(name, xml, facts)
    if b"uniqueCount" in xml:
        _check_strings(name, [(double or single).decode("ascii", "replace")
                              for double, single in _STRING_COUNT.findall(xml)])
    return facts.grids[name], facts.errors.get(name, {}), facts.uncalculated.get(name, set())


_remembered_sheet = lru_cache(maxsize=256)(_sheet_facts)
"""The same, remembered by the part's name and exact bytes (what a refused part raises is not): the
workbooks of one inbox share the parts of their template (the catalog's sheet, the styles), byte for
byte.  Its grid is shared, and never changed; the cells are copied."""


class _Reached(Exception):
    """The root element of a part, or a DTD before it: nothing further to read."""


def _doctype_ahead(raw: bytes, method: int, size: int) -> bool:
    """Whether a DTD comes before the root element of the XML a member packs (`raw`, stored or deflated, as
    `_raw` gives it), read only up to that element, in whatever encoding the part declares; a part that is
    no XML (a picture, the macros) has none."""
    parser, dtd, head = ParserCreate(), [], b""

    def doctype(*_: object) -> None:
        dtd.append(True)
        raise _Reached

    def root(*_: object) -> None:
        raise _Reached

    parser.StartDoctypeDeclHandler, parser.StartElementHandler = doctype, root
    try:
        for chunk in _chunks(raw, method, size):
            head += chunk[:_FIRST_BYTES] if len(head) < _FIRST_BYTES else b""
            parser.Parse(chunk, False)
    except _Reached:
        return bool(dtd)
    except ExpatError:
        return _PROLOG.match(head)[1] is not None  # an encoding expat does not know, written as ASCII
    return False


_remembered_doctype_ahead = lru_cache(maxsize=512)(_doctype_ahead)


def _chunks(raw: bytes, method: int, size: int) -> Iterator[bytes]:
    """A stored or deflated member's bytes, a few KB at a time, inflated only as far as they are asked for;
    they end where the stream breaks (no engine reads such a part, nor could Excel)."""
    if method == zipfile.ZIP_STORED:
        yield from (raw[at:at + _FIRST_BYTES] for at in range(0, min(len(raw), size), _FIRST_BYTES))
        return
    inflater = zlib.decompressobj(-15)
    try:
        while size > 0 and (chunk := inflater.decompress(raw, min(size, _FIRST_BYTES))):
            size -= len(chunk)
            raw = inflater.unconsumed_tail
            yield chunk
    except zlib.error:
        return


def _refuse_doctype_ahead(content: bytes, member: zipfile.ZipInfo) -> None:
    """A part no engine reads, held to the rule of a DTD: nothing of a member written otherwise than stored
    or deflated (no spreadsheet program does), nor of one whose local header is broken."""
    if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return
    try:
        raw = _raw(content, member)
    except zipfile.BadZipFile:
        return
    ahead = _remembered_doctype_ahead if len(raw) <= _REMEMBERED_BYTES else _doctype_ahead
    if ahead(raw, member.compress_type, member.file_size):
        raise _doctype(member.filename)


def _check_cells(facts: _Facts, parts: dict[str, bytes], read: Callable[[str], bool],
                 names: dict[str, list[str]]) -> None:
    """The cells the engines lay out: each part's grid once for every sheet read from it (once if none);
    `names` is `facts.sheet_parts()`."""

    def cells(part: str) -> int:
        return facts.grids[part].cells * max(1, sum(map(read, names.get(part, ()))))

    total = sum(map(cells, facts.grids))
    if total <= MAX_CELLS:
        return
    member = max(facts.grids, key=cells)
    grid = facts.grids[member]
    values = grid.rows * grid.columns >= grid.walked + grid.row_cells
    if values and not grid.lowest[1]:
        xml = next(xml for name, xml in parts.items() if part_key(name) == part_key(member))
        _scan_sheet_slowly(member, xml, facts)  # the patterns did not note where the far cells are
        grid = facts.grids[member]
    sheet = next(filter(read, names.get(member, ())), member)
    where = (f"có ô dữ liệu ở tận {grid.far_cells()}" if values else
             f"có ô đã định dạng (không có dữ liệu) trải tới dòng {format_count(grid.walked)}")
    raise Unreadable(f'Trang tính "{sheet}" {where}: vùng cần đọc là {format_count(total)} ô, quá giới hạn '
                     f"{format_count(MAX_CELLS)} ô. Hãy xóa các dòng, cột thừa (Ctrl+End để tìm ô cuối) rồi lưu lại.")


def _workbook_moved(content: bytes, package: zipfile.ZipFile,
                    members: list[zipfile.ZipInfo]) -> dict[str, Callable[[bytes], bytes]]:
    """A workbook part the package relationships place elsewhere than xl/workbook.xml (wtf/workbook.xml,
    or workbook.xml at the root), moved there, as both engines look for it (python-calamine looks for
    the shared strings and the styles in xl/ too): with its folder when nothing is in xl/ yet, else
    with its relationships alone, which then point to every part where it is, by its full name.  How
    the parts that say something else are rewritten, by part: the package relationships and the
    content types name the new place (by `part_key`).  The moved parts are checked as any other."""
    names = {part_key(member.filename): member for member in members}
    if part_key(_WORKBOOK) in names or part_key(_PACKAGE_RELS) not in names:
        return {}
    package_rels = names[part_key(_PACKAGE_RELS)]
    placed = sorted(_structure_of(_PACKAGE_RELS, _inflate(content, package, package_rels)).workbooks)
    if not placed or part_key(placed[0]) not in names or part_key(_WORKBOOK_RELS) in names:
        return {}
    workbook, rels = placed[0], _rels_of(placed[0])
    folder = posixpath.dirname(workbook)
    prefix = folder + "/" if folder else ""
    if not any(name.startswith("xl/") for name in names):
        for member in members:
            if part_key(member.filename).startswith(part_key(prefix)) and member is not package_rels and \
                    part_key(member.filename) != part_key(_CONTENT_TYPES):
                member.filename = "xl/" + member.filename[len(prefix):]
        return {part_key(_PACKAGE_RELS): lambda xml: xml.replace(workbook.encode(), _WORKBOOK.encode()),
                part_key(_CONTENT_TYPES): lambda xml: xml.replace(f'PartName="/{prefix}'.encode(), b'PartName="/xl/')}
    names[part_key(workbook)].filename = _WORKBOOK
    if part_key(rels) in names:
        names[part_key(rels)].filename = _WORKBOOK_RELS

    def absolute(found: re.Match) -> bytes:
        target = found[2].decode("utf-8", "replace")
        if target.startswith("/") or ":" in target:
            return found[0]
        return found[1] + ("/" + posixpath.normpath(posixpath.join(folder, target))).encode() + found[3]

    return {part_key(_PACKAGE_RELS): lambda xml: xml.replace(workbook.encode(), _WORKBOOK.encode()),
            part_key(_CONTENT_TYPES): lambda xml: xml.replace(f'PartName="/{workbook}"'.encode(),
                                                              f'PartName="/{_WORKBOOK}"'.encode()),
            part_key(_WORKBOOK_RELS): lambda xml: _TARGET.sub(absolute, xml)}


_TARGET = re.compile(rb"""(\sTarget\s*=\s*["'])([^"']*)(["'])""")


def every_sheet(name: str) -> bool:
    return True


@lru_cache(maxsize=4096)
def _rels_of(part: str) -> str:
    """xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def inspect(source: bytes | Path | BinaryIO, read: Callable[[str], bool] = every_sheet) -> Package:
    """Raise Unreadable unless the zip package (its bytes, a file, or one read into memory) is safe for
    an engine that reads the sheets `read` accepts; else what it found, by sheet name, and the parts
    such an engine may read.

    Every member is held to the bounds on count, names and sizes; the parts an
    engine may read are inflated and scanned: the structure parts first (they
    say which parts are sheets, shared strings and tables, whatever those are
    called), then the sheets to read, their tables, the shared strings, the
    styles and the document properties.  A part matches a name whatever its
    case and its slashes, as calamine finds it.
    """
    facts, parts = _Facts(), {}
    if isinstance(source, Path):
        content = source.read_bytes()
    elif isinstance(source, bytes):
        content = source
    else:
        source.seek(0)
        content = source.read()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            members = package.infolist()
            for member in members:
                member.filename = member.filename.replace("\\", "/")  # as Office reads a part name
            _check_members(members)
            moves = _workbook_moved(content, package, members)
            by_name = {part_key(member.filename): member for member in members}
            if part_key(_WORKBOOK) not in by_name:
                raise not_a_workbook(set(by_name), _inflate(content, package, by_name["mimetype"])[:100].decode(
                    "ascii", "replace") if "mimetype" in by_name else "")

            done: set[str] = set()

            def scan(wanted: Iterable[str], kind: str) -> None:
                for name in sorted(wanted):
                    member = by_name.get(part_key(name))
                    if member is not None and member.filename not in done:
                        done.add(member.filename)
                        _scan(content, package, member, name, kind, facts, parts, moves)

            structure = (_CONTENT_TYPES, _PACKAGE_RELS, _WORKBOOK_RELS, _WORKBOOK)
            scan(structure, STRUCTURE)
            if elsewhere := sorted(part for part in facts.workbooks if part_key(part) != part_key(_WORKBOOK)):
                raise _corrupt(facts.workbooks[elsewhere[0]], f"chỉ tới sổ làm việc {elsewhere[0][:60]}, không phải "
                                                              f"{_WORKBOOK}")
            sheets = {part for part, titles in facts.sheet_parts().items() if not titles or any(map(read, titles))}
            named = set(map(part_key, sheets))
            if clash := sorted(name for name in structure if part_key(name) in named):
                raise _corrupt(clash[0], "vừa là phần cấu trúc vừa được khai báo là trang tính")
            scan(map(_rels_of, sheets), STRUCTURE)
            scan(sheets, PART)
            scan(facts.table_parts.keys(), TABLE)
            scan(facts.string_parts | facts.read_too, PART)
            for member in members:
                if member.filename not in done:
                    _refuse_doctype_ahead(content, member)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, struct.error) as error:
        raise Unreadable("Tệp Excel bị hỏng, không giải nén được. Hãy xin gửi lại tệp.") from error
    names = facts.sheet_parts()
    _check_cells(facts, parts, read, names)
    for name in parts:
        if part_key(name) == part_key(_STYLES):
            parts[name] = value_styles(parts[name], (xml for other, xml in parts.items() if other != name))

    def by_sheet(found: dict[str, object]) -> dict:
        return {name: value for member, value in found.items() for name in names.get(member, ()) if name}

    return Package(by_sheet(facts.errors), by_sheet(facts.uncalculated), by_sheet(facts.totals), facts.strict, parts,
                   facts.chart_sheets)




def _section(xml: bytes, name: bytes, start: int) -> bytes | None:
    """The element `name` of a part, where it is written once, whole (b"" if it is not there; None if it
    is not written plainly)."""
    begin = xml.find(b"<" + name, start)
    if begin < 0:
        return b""
    head = xml.find(b">", begin)
    if xml[begin + len(name) + 1:begin + len(name) + 2] not in (b" ", b"\t", b"\r", b"\n", b"/", b">") or head < 0:
        return None
    if xml[head - 1:head] == b"/":
        return xml[begin:head + 1]
    end = xml.find(b"</" + name + b">", head)
    return None if end < 0 else xml[begin:end + len(name) + 3]
_NUMBER_FORMAT_ID = re.compile(rb"""\snumFmtId\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')""")


_FEW_FORMATS = 1_000
_STYLE_INDEX = re.compile(rb"""[\s:]s\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
"""A cell's (or row's) format, by its place in the cell formats; with any prefix, so as to count too many."""


def _highest_format(parts: Iterable[bytes]) -> int | None:
    """The highest place of a cell format any of `parts` names, or None unless every one is written in
    digits in UTF-8."""
    highest = 0
    for xml in parts:
        if not is_utf8_xml(xml[:_FIRST_BYTES]):
            return None
        for double, single in _STYLE_INDEX.findall(xml):
            if not (double or single).isdigit():
                return None
            highest = max(highest, int(double or single))
    return highest


def value_styles(xml: bytes, others: Iterable[bytes] = ()) -> bytes:
    """The styles part with only what a cell's value depends on, for the engines: the number formats
    (`numFmts`) and, for each cell format (`cellXfs`, in order: a cell names its format by its place),
    its number format, which tell a date or a duration from a number.  Fonts, fills, borders, named
    styles, alignments and the rest go: years of copying sheets between workbooks leave megabytes of
    them, and openpyxl builds objects for each (15 seconds for 13 MB).  A part not written as spreadsheet
    programs write it (a prefix, a comment, another encoding, a cell format not read alike) is left whole.
    Of more than a thousand cell formats, those after the last that the `others` parts name go too."""
    root = _ROOT.match(xml)
    if (root is None or root[1] != b"styleSheet" or not is_utf8_xml(xml[:_FIRST_BYTES]) or b"<!--" in xml
            or b"<![CDATA[" in xml or xml.count(b"<cellXfs") != 1 or xml.count(b"<numFmts") > 1
            or b":styleSheet" in xml[:root.end()] or root[2].endswith(b"/")):
        return xml
    sections = [_section(xml, name, root.end()) for name in (b"numFmts", b"cellXfs")]
    if None in sections or not sections[-1].endswith(b"</cellXfs>"):
        return xml
    opening, *formats = sections[-1][:-len(b"</cellXfs>")].split(b"<xf")
    if len(formats) > _FEW_FORMATS and (highest := _highest_format(others)) is not None:
        formats = formats[:highest + 1]
    kept = []
    for written in formats:
        tag = written[:written.find(b">")]
        if written[:1] not in b" \t\r\n/>" or tag.count(b'"') % 2 or tag.count(b"'") % 2 or b"<" in tag:
            return xml
        found = _NUMBER_FORMAT_ID.search(tag)
        kept.append(b'<xf numFmtId="%s"/>' % (found[1] or found[2]) if found else b"<xf/>")
    return xml[:root.end()] + b"".join(sections[:-1]) + opening + b"".join(kept) + b"</cellXfs></styleSheet>"


def transitional(xml: bytes) -> bytes:
    """A Strict Open XML part with the transitional namespaces openpyxl knows."""
    for strict, known in STRICT_NAMESPACES.items():
        xml = xml.replace((STRICT + strict).encode(), (TRANSITIONAL + known).encode())
    return xml


_OPENPYXL_NAMES = (_CONTENT_TYPES, _WORKBOOK, _WORKBOOK_RELS, _STYLES, "docProps/core.xml", "docProps/custom.xml")
"""The parts openpyxl opens by these very names (the workbook's relationships by the name of the workbook)."""
_PART_NAME = re.compile(rb"""(\sPartName\s*=\s*["'])/([^"']*)(["'])""")


def named_as_openpyxl_looks(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts under the names openpyxl looks up, letter for letter: the parts it opens by a fixed name
    are given that name, and the content types' part names and the workbook's relationships spell a
    part as it is named (the format compares names without regard to case; openpyxl, with zipfile,
    does not).  Python-calamine looks a part up without regard to case."""
    fixed = {part_key(name): name for name in _OPENPYXL_NAMES}
    named = {fixed.get(part_key(name), name): xml for name, xml in parts.items()}
    spelled = {part_key(name): name for name in named}

    def part_name(found: re.Match) -> bytes:
        name = found[2].decode("utf-8", "replace")
        same = spelled.get(part_key(name), name)
        return found[0] if same == name else found[1] + b"/" + same.encode() + found[3]

    def target(found: re.Match) -> bytes:
        written = found[2].decode("utf-8", "replace")
        resolved = written[1:] if written.startswith("/") else posixpath.normpath(posixpath.join("xl", written))
        same = spelled.get(part_key(resolved), resolved)
        return found[0] if same == resolved else found[1] + b"/" + same.encode() + found[3]

    if _CONTENT_TYPES in named:
        named[_CONTENT_TYPES] = _PART_NAME.sub(part_name, named[_CONTENT_TYPES])
    if _WORKBOOK_RELS in named:
        named[_WORKBOOK_RELS] = _TARGET.sub(target, named[_WORKBOOK_RELS])
    return named


_CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
_END_OF_DIRECTORY = struct.Struct("<IHHHHIIH")
_UTF8_NAMES = 0x800
_DOS_DATE = 0x21
"""1980-01-01: no time is kept, so one package gives one zip."""


def stored(parts: dict[str, bytes]) -> bytes:
    """A zip of `parts` as they are (uncompressed), for an engine to read without inflating anything.

    Written field by field: zipfile's writer takes ten times as long, and these
    parts are already bounded (at most MAX_UNPACKED_BYTES, below zip64's sizes).
    """
    local, central, offset = [], [], 0
    for name, data in parts.items():
        encoded, crc, size = name.encode(), zlib.crc32(data), len(data)
        header = _LOCAL_HEADER.pack(_LOCAL_SIGNATURE, 20, _UTF8_NAMES, zipfile.ZIP_STORED, 0, _DOS_DATE, crc, size,
                                     size, len(encoded), 0)
        local += (header, encoded, data)
        central += (_CENTRAL_HEADER.pack(0x02014B50, 20, 20, _UTF8_NAMES, zipfile.ZIP_STORED, 0, _DOS_DATE, crc, size,
                                         size, len(encoded), 0, 0, 0, 0, 0, offset), encoded)
        offset += len(header) + len(encoded) + size
    directory = b"".join(central)
    return b"".join(local) + directory + _END_OF_DIRECTORY.pack(0x06054B50, 0, 0, len(parts), len(parts),
                                                                  len(directory), offset, 0)

