"""What the structure parts say (the package's and the workbook's relationships, the content types, the
workbook's sheet list), a workbook part placed elsewhere moved to xl/workbook.xml, and the parts named as
openpyxl looks them up."""

import posixpath
import re
import zipfile
from collections.abc import Callable
from functools import lru_cache

from kehoach_xl.io.guard.bounds import REMEMBERED_BYTES
from kehoach_xl.io.guard.facts import Facts
from kehoach_xl.io.guard.inflate import inflate
from kehoach_xl.io.guard.names import (CONTENT_TYPES, PACKAGE_RELS, READ_BY_TYPE, STYLES, WORKBOOK, WORKBOOK_RELS,
                                       part_key, places, rels_of, source_of)
from kehoach_xl.io.guard.reasons import corrupt
from kehoach_xl.io.guard.strict import STRICT
from kehoach_xl.io.guard.xml_parts import expat_parser, parse_xml


_WORKBOOK_TYPES = {f"application/vnd.{kind}.main+xml" for kind in (
    "openxmlformats-officedocument.spreadsheetml.sheet", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "ms-excel.template.macroEnabled")}
"""The content types openpyxl takes the workbook by."""
_ESCAPED_TARGET = re.compile(rb"""\sTarget\s*=\s*(?:"[^"]*&|'[^']*&)""")
"""A Target written with a reference (&#49;), which python-calamine reads as it is written."""


def _note_structure(member: str, element: str, attributes: dict[str, str], facts: Facts) -> None:
    """What one element of a structure part says: a relationship, a content type, a sheet of the workbook."""
    if element == "Relationship" and member.lower().endswith(".rels"):
        pointed = places(member, attributes.get("Target", ""))
        if member == WORKBOOK_RELS:
            facts.targets[attributes.get("Id", "")] = pointed
        kind = attributes.get("Type", "")
        if member == PACKAGE_RELS and kind.endswith("/officeDocument"):
            target = attributes.get("Target", "")
            facts.workbooks[target[:target.rfind("/") + 1].removeprefix("/") + "workbook.xml"] = member
        if member in (WORKBOOK_RELS, PACKAGE_RELS) and kind.endswith(READ_BY_TYPE):
            facts.read_too |= pointed
        if kind.endswith("sheet"):
            facts.typed_sheets |= pointed
            if member == WORKBOOK_RELS and "chartsheet" in kind:
                facts.chart_sheets |= pointed
        elif kind.endswith("/sharedStrings"):
            facts.string_parts |= pointed
        elif kind.endswith("/table"):
            facts.table_parts |= dict.fromkeys(pointed, source_of(member))
    elif element == "Override" and member == CONTENT_TYPES:
        part, kind = attributes.get("PartName", "").lstrip("/"), attributes.get("ContentType", "")
        if kind.endswith("sheet+xml"):
            facts.typed_sheets.add(part)
        elif kind.endswith("sharedStrings+xml"):
            facts.string_parts.add(part)
        elif kind in _WORKBOOK_TYPES:
            facts.workbooks[attributes.get("PartName", "")[1:]] = member
    elif element == "sheet" and member == WORKBOOK:
        # python-calamine takes the last attribute named id whatever its namespace, openpyxl r:id.
        ids = {value for key, value in attributes.items() if key == "id" or key.endswith(("}id", ":id"))}
        if len(ids) > 1:
            raise corrupt(member, f'có trang tính "{attributes.get("name", "")[:40]}" mang hai mã quan hệ')
        facts.sheets.append((next(iter(ids), ""), attributes.get("name", "")))


def scan_structure(member: str, xml: bytes, facts: Facts) -> None:
    """Relationships, content types and the workbook's sheet list, element by element with expat,
    refusing a DTD.  The workbooks of one inbox come from one template, so most of these parts
    are the same bytes in every file: what one says is kept, by its name and exact bytes."""
    found = _structure_facts(member, xml) if len(xml) <= REMEMBERED_BYTES else structure_of(member, xml)
    facts.sheets += found.sheets
    facts.targets |= found.targets
    facts.typed_sheets |= found.typed_sheets
    facts.chart_sheets |= found.chart_sheets
    facts.workbooks |= found.workbooks
    facts.string_parts |= found.string_parts
    facts.table_parts |= found.table_parts
    facts.read_too |= found.read_too
    facts.strict |= found.strict


def structure_of(member: str, xml: bytes) -> Facts:
    """What one structure part says, on its own.  A sheet is noted whatever its namespace, as
    python-calamine reads it."""
    facts = Facts()
    if member == WORKBOOK_RELS and b"&" in xml and _ESCAPED_TARGET.search(xml):
        raise corrupt(member, "có đường dẫn viết bằng mã ký tự (&…;), điều Excel không bao giờ làm")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, element = name.rpartition("}")
        facts.strict |= element == "sheet" and namespace.startswith(STRICT)
        _note_structure(member, element, attributes, facts)

    parser = expat_parser(member, namespaces=True)
    parser.StartElementHandler = start
    parse_xml(parser, member, xml)
    return facts


_structure_facts = lru_cache(maxsize=256)(structure_of)
"""The same, remembered: a part of at most 64 KB, 256 of them (a few MB at most)."""


def workbook_moved(content: bytes, package: zipfile.ZipFile,
                   members: list[zipfile.ZipInfo]) -> dict[str, Callable[[bytes], bytes]]:
    """A workbook part the package relationships place elsewhere than xl/workbook.xml (wtf/workbook.xml,
    or workbook.xml at the root), moved there, as both engines look for it (python-calamine looks for
    the shared strings and the styles in xl/ too): with its folder when nothing is in xl/ yet, else
    with its relationships alone, which then point to every part where it is, by its full name.  How
    the parts that say something else are rewritten, by part: the package relationships and the
    content types name the new place (by `part_key`).  The moved parts are checked as any other."""
    names = {part_key(member.filename): member for member in members}
    if part_key(WORKBOOK) in names or part_key(PACKAGE_RELS) not in names:
        return {}
    package_rels = names[part_key(PACKAGE_RELS)]
    placed = sorted(structure_of(PACKAGE_RELS, inflate(content, package, package_rels)).workbooks)
    if not placed or part_key(placed[0]) not in names or part_key(WORKBOOK_RELS) in names:
        return {}
    workbook, rels = placed[0], rels_of(placed[0])
    folder = posixpath.dirname(workbook)
    prefix = folder + "/" if folder else ""
    if not any(name.startswith("xl/") for name in names):
        for member in members:
            if part_key(member.filename).startswith(part_key(prefix)) and member is not package_rels and \
                    part_key(member.filename) != part_key(CONTENT_TYPES):
                member.filename = "xl/" + member.filename[len(prefix):]
        return {part_key(PACKAGE_RELS): lambda xml: xml.replace(workbook.encode(), WORKBOOK.encode()),
                part_key(CONTENT_TYPES): lambda xml: xml.replace(f'PartName="/{prefix}'.encode(), b'PartName="/xl/')}
    names[part_key(workbook)].filename = WORKBOOK
    if part_key(rels) in names:
        names[part_key(rels)].filename = WORKBOOK_RELS

    def absolute(found: re.Match) -> bytes:
        target = found[2].decode("utf-8", "replace")
        if target.startswith("/") or ":" in target:
            return found[0]
        return found[1] + ("/" + posixpath.normpath(posixpath.join(folder, target))).encode() + found[3]

    return {part_key(PACKAGE_RELS): lambda xml: xml.replace(workbook.encode(), WORKBOOK.encode()),
            part_key(CONTENT_TYPES): lambda xml: xml.replace(f'PartName="/{workbook}"'.encode(),
                                                             f'PartName="/{WORKBOOK}"'.encode()),
            part_key(WORKBOOK_RELS): lambda xml: TARGET.sub(absolute, xml)}


TARGET = re.compile(rb"""(\sTarget\s*=\s*["'])([^"']*)(["'])""")
_OPENPYXL_NAMES = (CONTENT_TYPES, WORKBOOK, WORKBOOK_RELS, STYLES, "docProps/core.xml", "docProps/custom.xml")
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

    if CONTENT_TYPES in named:
        named[CONTENT_TYPES] = _PART_NAME.sub(part_name, named[CONTENT_TYPES])
    if WORKBOOK_RELS in named:
        named[WORKBOOK_RELS] = TARGET.sub(target, named[WORKBOOK_RELS])
    return named
