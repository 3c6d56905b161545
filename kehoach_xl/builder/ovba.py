"""Write a VBA project (the xl/vbaProject.bin part of an .xlsm) from VBA source text.

The part is an [MS-CFB] compound file (cfb.py) holding the streams of
[MS-OVBA]: PROJECT, PROJECTwm, VBA/_VBA_PROJECT, VBA/dir and one compressed
source stream per module. _VBA_PROJECT has version 0xFFFF and no performance
cache, so Office compiles the project from source when it opens it.

Everything is fixed (project id, obfuscation seed, no timestamps): the same
sources give the same bytes.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

from kehoach_xl.builder.cfb import write_cfb

CODE_PAGE = 1252
ENCODING = "cp1252"
PROJECT_ID = "{6E2A3C1D-8F4B-4C5A-9D7E-2B1F0A3C4D5E}"
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
REFERENCES = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0"
        r"#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",  # IRibbonControl, the type of every ribbon callback's parameter
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0"
        r"#C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL"
        r"#Microsoft Office 16.0 Object Library",
    ),
)
_SEED = 0x5C
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")


def read_modules(directory: Path) -> dict[str, str]:
    """The standard modules in *directory*: file stem -> text of each .bas file, sorted."""
    return {
        path.stem: path.read_text(encoding="utf-8")
        for path in sorted(directory.glob("*.bas"))
    }


def build_vba_project(
    modules: Mapping[str, str],
    workbook: str = "ThisWorkbook",
    sheets: Sequence[str] = (),
) -> bytes:
    """The bytes of a vbaProject.bin.

    *modules* maps each standard module's name to its source as the VBA editor
    exports it (a .bas file: first line ``Attribute VB_Name = "<name>"``).
    *workbook* and *sheets* are the code names of the workbook and of its
    worksheets, in order; each gets an empty document module, as Excel
    expects one for every code name in the workbook.
    """
    _check_names([workbook, *sheets, *modules])
    documents = {workbook: _document_source(workbook, WORKBOOK_BASE)}
    documents |= {name: _document_source(name, WORKSHEET_BASE) for name in sheets}
    standard = {name: _standard_source(name, text) for name, text in modules.items()}
    names = [*documents, *standard]
    streams = {
        "PROJECT": _project_stream(documents, standard),
        "PROJECTwm": _projectwm_stream(names),
        "VBA/_VBA_PROJECT": struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001),
        "VBA/dir": compress(_dir_stream(documents, standard)),
    }
    for name, source in (documents | standard).items():
        streams[f"VBA/{name}"] = compress(source.encode(ENCODING))
    return write_cfb(streams)


def _check_names(names: Sequence[str]) -> None:
    for name in names:
        if not _NAME.fullmatch(name):
            raise ValueError(f"not a VBA module name (ASCII identifier, 31 characters at most): {name!r}")
    folded = [name.casefold() for name in names]
    if len(set(folded)) != len(folded):
        raise ValueError(f"module names collide (VBA ignores case): {names}")


def _crlf(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return "".join(line + "\r\n" for line in lines)


def _standard_source(name: str, text: str) -> str:
    if not text.isascii():
        raise ValueError(
            f"module {name}: VBA source must be ASCII (Vietnamese text belongs in the ribbon XML or in Python)"
        )
    source = _crlf(text)
    first_line = source.split("\r\n", 1)[0]
    if first_line != f'Attribute VB_Name = "{name}"':
        raise ValueError(
            f'module {name}: the first line must be Attribute VB_Name = "{name}", not {first_line!r}'
        )
    return source


def _document_source(name: str, base: str) -> str:
    return _crlf(
        f'Attribute VB_Name = "{name}"\n'
        f'Attribute VB_Base = "{base}"\n'
        "Attribute VB_GlobalNameSpace = False\n"
        "Attribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\n"
        "Attribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\n"
        "Attribute VB_Customizable = True\n"
    )


def _project_stream(documents: Mapping[str, str], standard: Mapping[str, str]) -> bytes:
    """The PROJECT stream ([MS-OVBA] 2.3.1): the project's properties as text."""
    lines = [f'ID="{PROJECT_ID}"']
    lines += [f"Document={name}/&H00000000" for name in documents]
    lines += [f"Module={name}" for name in standard]
    lines += [
        'Name="VBAProject"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{_encrypt(bytes(4))}"',  # protection state: none
        f'DPB="{_encrypt(bytes(1))}"',  # password: none
        f'GC="{_encrypt(bytes([0xFF]))}"',  # visibility: visible
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{name}=0, 0, 0, 0, C" for name in [*documents, *standard]]
    return "".join(line + "\r\n" for line in lines).encode(ENCODING)


def _projectwm_stream(names: Sequence[str]) -> bytes:
    """The PROJECTwm stream ([MS-OVBA] 2.3.3): each module name in MBCS and UTF-16."""
    body = b"".join(name.encode(ENCODING) + b"\0" + name.encode("utf-16-le") + b"\0\0" for name in names)
    return body + b"\0\0"


def _encrypt(data: bytes) -> str:
    """[MS-OVBA] 2.4.3.2 data encryption (obfuscation) with a fixed seed, as upper-case hex."""
    seed, version_enc = _SEED, _SEED ^ 2
    project_key = sum(PROJECT_ID.encode("ascii")) & 0xFF
    out = [seed, version_enc, seed ^ project_key]
    unencrypted_1, encrypted_1, encrypted_2 = project_key, out[2], version_enc
    plain = bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data
    for byte in plain:
        byte_enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(byte_enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    return bytes(out).hex().upper()


def _record(record_id: int, data: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(data)) + data


def _text_records(record_id: int, unicode_id: int, text: str) -> bytes:
    return _record(record_id, text.encode(ENCODING)) + _record(unicode_id, text.encode("utf-16-le"))


def _dir_stream(documents: Mapping[str, str], standard: Mapping[str, str]) -> bytes:
    """The dir stream ([MS-OVBA] 2.3.4.2), before compression."""
    out = [
        _record(0x0001, struct.pack("<I", 1)),  # PROJECTSYSKIND: 32-bit Windows
        _record(0x0002, struct.pack("<I", 0x0409)),  # PROJECTLCID
        _record(0x0014, struct.pack("<I", 0x0409)),  # PROJECTLCIDINVOKE
        _record(0x0003, struct.pack("<H", CODE_PAGE)),  # PROJECTCODEPAGE
        _record(0x0004, b"VBAProject"),  # PROJECTNAME
        _text_records(0x0005, 0x0040, ""),  # PROJECTDOCSTRING
        _text_records(0x0006, 0x003D, ""),  # PROJECTHELPFILEPATH
        _record(0x0007, struct.pack("<I", 0)),  # PROJECTHELPCONTEXT
        _record(0x0008, struct.pack("<I", 0)),  # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),  # PROJECTVERSION 1.0
        _text_records(0x000C, 0x003C, ""),  # PROJECTCONSTANTS
    ]
    for name, libid in REFERENCES:
        libid_bytes = libid.encode(ENCODING)
        out.append(_text_records(0x0016, 0x003E, name))  # REFERENCENAME
        out.append(_record(0x000D, struct.pack("<I", len(libid_bytes)) + libid_bytes + bytes(6)))
    modules = [(name, 0x0022) for name in documents] + [(name, 0x0021) for name in standard]
    out.append(_record(0x000F, struct.pack("<H", len(modules))))  # PROJECTMODULES
    out.append(_record(0x0013, struct.pack("<H", 0xFFFF)))  # PROJECTCOOKIE
    for name, module_type in modules:
        out += [
            _text_records(0x0019, 0x0047, name),  # MODULENAME, MODULENAMEUNICODE
            _text_records(0x001A, 0x0032, name),  # MODULESTREAMNAME
            _text_records(0x001C, 0x0048, ""),  # MODULEDOCSTRING
            _record(0x0031, struct.pack("<I", 0)),  # MODULEOFFSET: source starts the stream
            _record(0x001E, struct.pack("<I", 0)),  # MODULEHELPCONTEXT
            _record(0x002C, struct.pack("<H", 0xFFFF)),  # MODULECOOKIE
            _record(module_type, b""),  # MODULETYPE: 0x21 standard, 0x22 document
            _record(0x002B, b""),  # module terminator
        ]
    out.append(_record(0x0010, b""))  # dir terminator
    return b"".join(out)


def compress(data: bytes) -> bytes:
    """[MS-OVBA] 2.4.1 compression: a compressed container of 4096-byte chunks."""
    return b"\x01" + b"".join(_compress_chunk(data[i : i + 4096]) for i in range(0, len(data), 4096))


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    seen: dict[bytes, list[int]] = {}  # 3-byte prefix -> its earlier positions in the chunk
    pos = 0
    while pos < len(chunk):
        flag_at = len(body)
        body.append(0)
        for bit in range(8):
            if pos >= len(chunk):
                break
            length, offset, bit_count = _longest_match(chunk, pos, seen)
            if length:
                body += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                body[flag_at] |= 1 << bit
            else:
                body.append(chunk[pos])
                length = 1
            for p in range(pos, pos + length):
                seen.setdefault(chunk[p : p + 3], []).append(p)
            pos += length
    if len(body) > 4096:  # does not fit: a raw chunk, padded as [MS-OVBA] 2.4.1.3.10 says
        return struct.pack("<H", 0x3FFF) + chunk.ljust(4096, b"\0")
    return struct.pack("<H", 0xB000 | (len(body) - 1)) + body


def _longest_match(chunk: bytes, pos: int, seen: Mapping[bytes, list[int]]) -> tuple[int, int, int]:
    """(length, offset, bit count) of the longest earlier copy at *pos*, nearest first; length 0 if none."""
    bit_count = max((pos - 1).bit_length(), 4)
    maximum = min((0xFFFF >> bit_count) + 3, len(chunk) - pos)
    best_length, best_start = 0, 0
    for start in reversed(seen.get(chunk[pos : pos + 3], ())):
        length = 0
        while length < maximum and chunk[start + length] == chunk[pos + length]:
            length += 1
        if length > best_length:
            best_length, best_start = length, start
            if length == maximum:
                break
    if best_length < 3:
        return 0, 0, bit_count
    return best_length, pos - best_start, bit_count
