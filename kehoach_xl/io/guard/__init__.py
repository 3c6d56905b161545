"""The guard: a workbook's zip package checked before any engine parses it.

openpyxl and python-calamine trust the package they are given.  A file of a
few kilobytes can make them inflate gigabytes, count rows for minutes, or
allocate a grid of cells larger than memory (calamine then aborts the whole
process, which no `except` can catch).  Every member is held to the bounds on
count, names and sizes (`bounds`, `members`); `check` then inflates once each
part an engine may read (the structure parts, the sheets to be read, the shared
strings, the styles and the document's properties; and the tables of those
sheets, for their Total Rows), within those bounds (`inflate`), and raises
`Unreadable` with a Vietnamese reason when a bound or a rule of the format is
broken.  The engines are given those bytes and nothing else (`members.stored`):
what an engine reads is what was checked, and it inflates nothing again.  Every
other part is inflated only up to its root element, to refuse a DTD there.

On the way it notes what the engines do not say alike or at all: the cells
holding an Excel error (#REF!, which python-calamine reads as blank), formulas
saved without their value (openpyxl gives None, calamine ""), the Total Row of
each table (`sheets`), and whether the package is Strict Open XML (`strict`,
which openpyxl does not read).

The structure parts (a few elements with many attributes) are parsed with
expat (`parts`); the sheets are scanned by patterns over their bytes (`sheets`).
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from kehoach_xl.io.guard.bounds import FIRST_BYTES, REMEMBERED_BYTES
from kehoach_xl.io.guard.facts import Facts, Package
from kehoach_xl.io.guard.inflate import doctype_ahead, inflate, refuse_doctype_ahead
from kehoach_xl.io.guard.members import check_members
from kehoach_xl.io.guard.names import CONTENT_TYPES, PACKAGE_RELS, STYLES, WORKBOOK, WORKBOOK_RELS, part_key, rels_of
from kehoach_xl.io.guard.parts import scan_structure, workbook_moved
from kehoach_xl.io.guard.reasons import Unreadable, corrupt, doctype, not_a_workbook
from kehoach_xl.io.guard.sheets import check_cells, note_table, remembered_sheet, scan_sheet_slowly, sheet_facts
from kehoach_xl.io.guard.styles import value_styles
from kehoach_xl.io.guard.xml_parts import PROLOG, is_utf8_xml, looks_like_xml, root_attributes

__all__ = ["Package", "Unreadable", "check", "every_sheet"]

STRUCTURE, TABLE, PART = "structure", "table", "part"
"""What a part is to `check`: a structure part is also parsed for what it says, a table only read
for its Total Row; every other part (and every structure part) is scanned as a sheet would be."""


def _scan(content: bytes, package: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, kind: str, facts: Facts,
          parts: dict[str, bytes], moves: dict[str, Callable[[bytes], bytes]]) -> None:
    """Inflate one member an engine may read, which checks its CRC and its declared size, and look at it
    as the part `name` (what the structure parts call it) of its `kind`.

    It is refused unless it starts as XML, whatever its first bytes: quick-xml
    (calamine) reads a worksheet that starts with garbage.  Whatever the guard
    takes a part for, an engine may take it for another (a sheet at a name the
    guard resolved otherwise, the shared strings at their fixed name): every part
    handed on is held to the bounds of a sheet and of the shared strings.
    """
    xml = inflate(content, package, member)
    if (move := moves.get(part_key(member.filename))) is not None:
        xml = move(xml)
    if kind == TABLE:
        if PROLOG.match(xml)[1] or not is_utf8_xml(xml[:FIRST_BYTES]) and doctype_ahead(xml, zipfile.ZIP_STORED,
                                                                                        len(xml)):
            raise doctype(member.filename)
        # No engine reads a table part (neither is asked for tables): it is not handed on, and only
        # its Total Row matters, on its root element.
        if b"totalsRowCount" in xml:
            note_table(name, root_attributes(xml), facts)
        return
    parts[member.filename] = xml
    head = xml[:FIRST_BYTES]
    plain = is_utf8_xml(head)
    if not plain and not looks_like_xml(head):
        raise corrupt(member.filename, "không phải XML hợp lệ (dòng 1, cột 0)")
    if plain and PROLOG.match(xml)[1]:
        raise doctype(member.filename)
    if kind == STRUCTURE:
        scan_structure(name, xml, facts)
    if not plain:
        return scan_sheet_slowly(name, xml, facts)  # another encoding than UTF-8 (UTF-16): expat reads it
    grid, errors, uncalculated = (remembered_sheet if len(xml) <= REMEMBERED_BYTES else sheet_facts)(name, xml)
    facts.grids[name] = grid  # replaced, never changed, by what follows
    if errors:
        facts.errors[name] = dict(errors)
    if uncalculated:
        facts.uncalculated[name] = set(uncalculated)


def every_sheet(name: str) -> bool:
    return True


def check(source: bytes | Path | BinaryIO, keep: Callable[[str], bool] = every_sheet) -> Package:
    """Raise Unreadable unless the zip package (its bytes, a file, or one read into memory) is safe for
    an engine that reads the sheets `keep` accepts; else what it found, by sheet name, and the parts
    such an engine may read.

    Every member is held to the bounds on count, names and sizes; the parts an
    engine may read are inflated and scanned: the structure parts first (they
    say which parts are sheets, shared strings and tables, whatever those are
    called), then the sheets to read, their tables, the shared strings, the
    styles and the document properties.  A part matches a name whatever its
    case and its slashes, as calamine finds it.
    """
    facts, parts = Facts(), {}
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
            check_members(members)
            moves = workbook_moved(content, package, members)
            by_name = {part_key(member.filename): member for member in members}
            if part_key(WORKBOOK) not in by_name:
                raise not_a_workbook(set(by_name), inflate(content, package, by_name["mimetype"])[:100].decode(
                    "ascii", "replace") if "mimetype" in by_name else "")

            done: set[str] = set()

            def scan(wanted: Iterable[str], kind: str) -> None:
                for name in sorted(wanted):
                    member = by_name.get(part_key(name))
                    if member is not None and member.filename not in done:
                        done.add(member.filename)
                        _scan(content, package, member, name, kind, facts, parts, moves)

            structure = (CONTENT_TYPES, PACKAGE_RELS, WORKBOOK_RELS, WORKBOOK)
            scan(structure, STRUCTURE)
            if elsewhere := sorted(part for part in facts.workbooks if part_key(part) != part_key(WORKBOOK)):
                raise corrupt(facts.workbooks[elsewhere[0]], f"chỉ tới sổ làm việc {elsewhere[0][:60]}, không phải "
                                                             f"{WORKBOOK}")
            sheets = {part for part, titles in facts.sheet_parts().items() if not titles or any(map(keep, titles))}
            named = set(map(part_key, sheets))
            if clash := sorted(name for name in structure if part_key(name) in named):
                raise corrupt(clash[0], "vừa là phần cấu trúc vừa được khai báo là trang tính")
            scan(map(rels_of, sheets), STRUCTURE)
            scan(sheets, PART)
            scan(facts.table_parts.keys(), TABLE)
            scan(facts.string_parts | facts.read_too, PART)
            for member in members:
                if member.filename not in done:
                    refuse_doctype_ahead(content, member)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, struct.error) as error:
        raise Unreadable("Tệp Excel bị hỏng, không giải nén được. Hãy xin gửi lại tệp.") from error
    names = facts.sheet_parts()
    check_cells(facts, parts, keep, names)
    for name in parts:
        if part_key(name) == part_key(STYLES):
            parts[name] = value_styles(parts[name], (xml for other, xml in parts.items() if other != name))

    def by_sheet(found: dict[str, object]) -> dict:
        return {name: value for member, value in found.items() for name in names.get(member, ()) if name}

    return Package(by_sheet(facts.errors), by_sheet(facts.uncalculated), by_sheet(facts.totals), facts.strict, parts,
                   facts.chart_sheets)
