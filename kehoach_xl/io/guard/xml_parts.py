"""What every XML part is held to: a prolog without a DTD, and expat parsers that refuse one."""

import re
from xml.parsers.expat import ExpatError, ParserCreate, XMLParserType

from kehoach_xl.io.guard.reasons import corrupt, doctype


ATTRIBUTE = re.compile(rb"""\s([\w:.-]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)')""")
"""An attribute: its name, and its value in double or in single quotes."""
_DECLARED_ENCODING = re.compile(rb'^\s*<\?xml[^>]*\sencoding=["\']([^"\']*)["\']')
_PLAIN_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|(<!DOCTYPE))*", re.S | re.I)
"""What may come before the root element; a DTD is only ever there (after it, the XML is broken)."""
ROOT = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*<(?:[^\s<>/!?:]++:)?([\w.-]++)([^<>]*+)>", re.S)
"""The prolog, then the root element's name and attributes."""


def looks_like_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" or head[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x00<")


def is_utf8_xml(head: bytes) -> bool:
    """UTF-8 (or ASCII) XML, as every spreadsheet program writes: the patterns can read its bytes."""
    if b"\x00" in head or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared[1].lower() in _PLAIN_ENCODINGS


def expat_parser(member: str, namespaces: bool = False) -> XMLParserType:
    """An expat parser that refuses a DTD."""
    parser = ParserCreate(namespace_separator="}") if namespaces else ParserCreate()

    def refuse(*_: object) -> None:
        raise doctype(member)

    parser.StartDoctypeDeclHandler = refuse
    return parser


def parse_xml(parser: XMLParserType, member: str, xml: bytes) -> None:
    try:
        parser.Parse(xml, True)
    except ExpatError as error:
        raise corrupt(member, f"không phải XML hợp lệ (dòng {error.lineno}, cột {error.offset})")


def root_attributes(xml: bytes) -> dict[str, str]:
    found = ROOT.match(xml)
    return {key.decode(): (double or single).decode("utf-8", "replace")
            for key, double, single in ATTRIBUTE.findall(b" " + found[2])} if found else {}
