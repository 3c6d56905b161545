"""The sheet scans: where the cells of each sheet part reach, by the engines' measures (MAX_CELLS), which
cells hold an error or a formula saved without its value, the tables' Total Rows.

A sheet is scanned with regular expressions over its bytes, not a Python call per cell: the refs of
every `<c>` and `<row>` give the grid.  Only when a sheet is not shaped as Excel, LibreOffice and
openpyxl write it (a cell without a ref, a namespace prefix, UTF-16) is it parsed element by element
with expat.
"""

import operator
import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from itertools import compress

from kehoach_xl.core.money import format_count
from kehoach_xl.core.values import Block
from kehoach_xl.io.guard.bounds import EXCEL_COLUMNS, EXCEL_ROWS, MAX_CELLS
from kehoach_xl.io.guard.facts import Cell, Facts, Grid
from kehoach_xl.io.guard.names import part_key
from kehoach_xl.io.guard.reasons import Unreadable, corrupt
from kehoach_xl.io.guard.xml_parts import ATTRIBUTE, expat_parser, parse_xml


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
_STRING_COUNT = re.compile(rb"""uniqueCount\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^<>]*>(?:<f[^<>]*/>|<f(?:\s[^<>]*)?>[^<]*</f>)'
                           rb"(?:<v>([^<]*)</v>|<v\s*/>)?</c>")
"""A formula cell as spreadsheet programs write it, and its cached value."""
_RANGE = re.compile(r"([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})")


@cache
def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _reach(grid: Grid, member: str, ref: str | None) -> None:
    """Grid bookkeeping for one cell (slow path), with the reason when its ref is not a cell of Excel."""
    if ref is None:
        grid.column += 1
    else:
        letters = ref.rstrip("0123456789")
        digits = ref[len(letters):]
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and 0 < len(digits) <= 7):
            raise corrupt(member, f'có ô mang địa chỉ "{ref[:20]}"')
        grid.column, grid.row = column_number(letters), int(digits)
    if grid.column > EXCEL_COLUMNS or not 1 <= grid.row <= EXCEL_ROWS:
        raise corrupt(member, f"có ô {ref}, ngoài giới hạn của Excel")


def _hold(grid: Grid) -> None:
    """Grid bookkeeping for the current cell (slow path), which holds a value or a formula."""
    if grid.row > grid.rows:
        grid.rows, grid.lowest = grid.row, (grid.column, grid.row)
    if grid.column > grid.columns:
        grid.columns, grid.rightmost = grid.column, (grid.column, grid.row)


def scan_sheet_slowly(member: str, xml: bytes, facts: Facts) -> None:
    """Element by element: where rows and cells reach, which hold an error, which a formula without value.

    Names are matched without namespaces, by what follows any prefix: a "c" of
    another namespace counts as a cell too, which can only overestimate.
    """
    grid = facts.grids[member] = Grid()
    parser = expat_parser(member)
    cell: dict[str, object] = {}
    widths: dict[int, int] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if "uniqueCount" in attributes:
            check_strings(member, (attributes["uniqueCount"],))
        if local == "c":
            _reach(grid, member, attributes.get("r"))
            widths[grid.row] = max(widths.get(grid.row, 0), grid.column)
            cell.clear()
            cell.update(error=attributes.get("t") == "e", formula=False, value=None, inline=False)
        elif local == "row":
            ref = attributes.get("r")
            if ref is not None and not _ROW.fullmatch(ref):
                raise corrupt(member, f'có dòng mang số "{ref[:20]}"')
            grid.row = int(ref) if ref is not None else grid.row + 1
            grid.column = 0
            if not 1 <= grid.row <= EXCEL_ROWS:
                raise corrupt(member, f"có dòng {format_count(grid.row)}, ngoài giới hạn của Excel")
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
    parse_xml(parser, member, xml)
    grid.walked = max(grid.walked, grid.row)
    grid.row_cells = sum(widths.values())


def _note_cell(member: str, where: Cell, error: bool, formula: bool, value: str | None, facts: Facts) -> None:
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
    attributes = {name: double or single for name, double, single in ATTRIBUTE.findall(xml, start + 2, head_end + 1)}
    return attributes, xml[head_end + 1:end]


def _where(ref: bytes) -> Cell:
    letters = ref.rstrip(b"0123456789")
    return int(ref[len(letters):]) - 1, column_number(letters.decode()) - 1


_EXACT_ROWS = MAX_CELLS // 10
"""Up to this many, openpyxl's rows are counted as wide as the sheet's last column; beyond, one by one."""


def _every_ref(xml: bytes, patterns: tuple[re.Pattern, ...], tag: bytes) -> list | None:
    """The refs of every `tag` of the part, or None if one has none the patterns find."""
    tags = xml.count(tag)
    for pattern in patterns:
        if len(refs := pattern.findall(xml)) == tags:
            return refs
    return None


def _scan_sheet(member: str, xml: bytes, facts: Facts) -> None:
    """The grid from the refs of every cell and row, by patterns; expat when the part is not shaped as
    spreadsheet programs write it, or breaks a bound (its messages name the cell)."""
    if b"<c" not in xml and b":c" not in xml and b"row" not in xml:
        facts.grids[member] = Grid()  # no cell nor row, by any name (the structure, the strings, the styles)
        return
    refs, rows = _every_ref(xml, _CELL_REFS, b"<c "), _every_ref(xml, _ROW_REFS, b"<row ")
    if refs is None or rows is None or any(tags.search(xml) for tags in _OTHER_TAGS):
        return scan_sheet_slowly(member, xml, facts)
    letters, digits, slashes, ends = zip(*refs) if refs else ((), (), (), ())
    cell_rows, row_numbers = [*map(int, digits)], [*map(int, rows)]
    numbers_of = {text: column_number(text.decode()) for text in set(letters)}
    columns = max(numbers_of.values(), default=0)
    numbers = cell_rows + row_numbers
    if numbers and (min(numbers) < 1 or max(numbers) > EXCEL_ROWS) or columns > EXCEL_COLUMNS:
        return scan_sheet_slowly(member, xml, facts)
    grid = facts.grids[member] = Grid(walked=max(numbers, default=0))
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


def check_strings(member: str, counts: Iterable[str]) -> None:
    """The numbers of shared strings a part declares: python-calamine reserves room for the uniqueCount of
    the first <sst> it meets, wherever it is and whichever of its uniqueCounts comes first."""
    for declared in counts:
        digits = declared.lstrip("0")
        if digits.isascii() and digits.isdigit() and (len(digits) > 9 or int(digits) > MAX_CELLS):
            raise corrupt(member, f"khai báo hơn {format_count(MAX_CELLS)} chuỗi chữ, nhiều hơn số ô đọc được")


def note_table(member: str, attributes: dict[str, str], facts: Facts) -> None:
    """The Total Row(s) of a table: the last `totalsRowCount` rows of its range."""
    extent = _RANGE.fullmatch(attributes.get("ref", ""))
    count = attributes.get("totalsRowCount", "0")
    if extent is None or not count.isdigit() or not int(count):
        return
    left, top, right, bottom = extent.groups()
    block = Block(max(int(top) - 1, int(bottom) - int(count)), int(bottom) - 1,
                  column_number(left) - 1, column_number(right) - 1)
    facts.totals.setdefault(facts.table_parts[member], []).append(block)


def sheet_facts(name: str, xml: bytes) -> tuple[Grid, dict[Cell, str], set[Cell]]:
    """What the patterns find in a UTF-8 part, on its own: its grid, its error cells, its formulas saved
    without a value; raises Unreadable as `_scan_sheet` and `check_strings` do."""
    facts = Facts()
    _scan_sheet(name, xml, facts)
    if b"uniqueCount" in xml:
        check_strings(name, [(double or single).decode("ascii", "replace")
                             for double, single in _STRING_COUNT.findall(xml)])
    return facts.grids[name], facts.errors.get(name, {}), facts.uncalculated.get(name, set())


remembered_sheet = lru_cache(maxsize=256)(sheet_facts)
"""The same, remembered by the part's name and exact bytes (what a refused part raises is not): the
workbooks of one inbox share the parts of their template (the catalog's sheet, the styles), byte for
byte.  Its grid is shared, and never changed; the cells are copied."""


def check_cells(facts: Facts, parts: dict[str, bytes], read: Callable[[str], bool],
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
        scan_sheet_slowly(member, xml, facts)  # the patterns did not note where the far cells are
        grid = facts.grids[member]
    sheet = next(filter(read, names.get(member, ())), member)
    where = (f"có ô dữ liệu ở tận {grid.far_cells()}" if values else
             f"có ô đã định dạng (không có dữ liệu) trải tới dòng {format_count(grid.walked)}")
    raise Unreadable(f'Trang tính "{sheet}" {where}: vùng cần đọc là {format_count(total)} ô, quá giới hạn '
                     f"{format_count(MAX_CELLS)} ô. Hãy xóa các dòng, cột thừa (Ctrl+End để tìm ô cuối) rồi lưu lại.")
