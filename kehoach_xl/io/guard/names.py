"""The parts by name: the workbook, its relationships, the content types, the strings and styles, and how
a part's name is compared (without regard to case) and resolved from a relationship."""

import posixpath
from functools import lru_cache


CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
"""Where calamine looks for the shared strings, whatever the relationships say."""
STYLES = "xl/styles.xml"
READ_BY_NAME = (STYLES, "docProps/core.xml", "docProps/custom.xml")
READ_BY_TYPE = ("/styles", "/core-properties", "/custom-properties")
"""The other parts the engines read: by these names whatever the relationships say (calamine the
styles, openpyxl all three), and where a relationship of these types points.  The theme, the
drawings, the pictures and the macros are read by neither (openpyxl keeps the theme's bytes unparsed)."""
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


@lru_cache(maxsize=4096)
def part_key(name: str) -> str:
    """A part's name as the format compares it, and python-calamine looks it up: without regard to
    (ASCII) case, a backslash read as a slash (ECMA-376 Part 2, 9.1.1.1).  Remembered: the workbooks of
    one inbox have the same parts."""
    name = name.replace("\\", "/")
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


@lru_cache(maxsize=4096)
def rels_of(part: str) -> str:
    """xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels"""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def places(member: str, target: str) -> set[str]:
    """The part a relationship of `member` points to: openpyxl resolves from the source's folder,
    calamine prefixes "xl/"; a hostile file may make them differ, so both."""
    folder = posixpath.dirname(posixpath.dirname(member))
    return {target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target)),
            target if target.startswith("xl/") else "xl/" + target}


def source_of(rels: str) -> str:
    """xl/worksheets/_rels/sheet1.xml.rels -> xl/worksheets/sheet1.xml"""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))
