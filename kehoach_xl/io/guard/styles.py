"""The styles part reduced to what a cell's value depends on, for the engines."""

import re
from collections.abc import Iterable

from kehoach_xl.io.guard.bounds import FIRST_BYTES
from kehoach_xl.io.guard.xml_parts import ROOT, is_utf8_xml


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
        if not is_utf8_xml(xml[:FIRST_BYTES]):
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
    root = ROOT.match(xml)
    if (root is None or root[1] != b"styleSheet" or not is_utf8_xml(xml[:FIRST_BYTES]) or b"<!--" in xml
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
