"""Inflating a member within its declared size, and the DTD check on the parts no engine reads: each
inflated only up to its root element."""

import zipfile
import zlib
from collections.abc import Iterator
from functools import lru_cache
from xml.parsers.expat import ExpatError, ParserCreate

from kehoach_xl.io.guard.bounds import FIRST_BYTES, REMEMBERED_BYTES
from kehoach_xl.io.guard.members import packed
from kehoach_xl.io.guard.reasons import doctype
from kehoach_xl.io.guard.xml_parts import PROLOG


def inflate(content: bytes, package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes, straight from the package in memory, with the checks zipfile makes: the
    declared size and the CRC.

    Only stored and deflated members, as every spreadsheet program writes: zipfile inflates a
    bzip2 or LZMA member in one call whatever its declared size (1 KB of bzip2 makes a gigabyte).
    """
    if member.flag_bits & 0x1:
        raise RuntimeError("encrypted member")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotImplementedError(f"compression method {member.compress_type}")
    raw = packed(content, member)
    small = len(raw) <= REMEMBERED_BYTES and member.file_size <= REMEMBERED_BYTES
    return (_remembered_inflated if small else _inflated)(raw, member.compress_type, member.file_size, member.CRC)


def _inflated(raw: bytes, method: int, size: int, crc: int) -> bytes:
    data = raw if method == zipfile.ZIP_STORED else zlib.decompressobj(-15).decompress(raw, size + 1)
    if len(data) != size or zlib.crc32(data) != crc:
        raise zipfile.BadZipFile("bad size or CRC")
    return data


_remembered_inflated = lru_cache(maxsize=512)(_inflated)
"""The same, remembered by the exact bytes as packed: the workbooks of one inbox share the parts of their
template, packed alike.  Only parts of at most 64 KB, packed and unpacked: 64 MB at most."""


class _Reached(Exception):
    """The root element of a part, or a DTD before it: nothing further to read."""


def doctype_ahead(raw: bytes, method: int, size: int) -> bool:
    """Whether a DTD comes before the root element of the XML a member packs (`raw`, stored or deflated, as
    `packed` gives it), read only up to that element, in whatever encoding the part declares; a part that is
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
            head += chunk[:FIRST_BYTES] if len(head) < FIRST_BYTES else b""
            parser.Parse(chunk, False)
    except _Reached:
        return bool(dtd)
    except ExpatError:
        return PROLOG.match(head)[1] is not None  # an encoding expat does not know, written as ASCII
    return False


_remembered_doctype_ahead = lru_cache(maxsize=512)(doctype_ahead)


def _chunks(raw: bytes, method: int, size: int) -> Iterator[bytes]:
    """A stored or deflated member's bytes, a few KB at a time, inflated only as far as they are asked for;
    they end where the stream breaks (no engine reads such a part, nor could Excel)."""
    if method == zipfile.ZIP_STORED:
        yield from (raw[at:at + FIRST_BYTES] for at in range(0, min(len(raw), size), FIRST_BYTES))
        return
    inflater = zlib.decompressobj(-15)
    try:
        while size > 0 and (chunk := inflater.decompress(raw, min(size, FIRST_BYTES))):
            size -= len(chunk)
            raw = inflater.unconsumed_tail
            yield chunk
    except zlib.error:
        return


def refuse_doctype_ahead(content: bytes, member: zipfile.ZipInfo) -> None:
    """A part no engine reads, held to the rule of a DTD: nothing of a member written otherwise than stored
    or deflated (no spreadsheet program does), nor of one whose local header is broken."""
    if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return
    try:
        raw = packed(content, member)
    except zipfile.BadZipFile:
        return
    ahead = _remembered_doctype_ahead if len(raw) <= REMEMBERED_BYTES else doctype_ahead
    if ahead(raw, member.compress_type, member.file_size):
        raise doctype(member.filename)
