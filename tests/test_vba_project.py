"""vbaProject.bin written from source reads back, with independent readers, as what Excel needs."""

import io
import struct
import warnings
import zipfile
from pathlib import Path

import olefile
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():  # oletools still uses pyparsing's deprecated camelCase names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

from kehoach_xl.builder.build import vba_modules
from kehoach_xl.builder.cfb import write_cfb
from kehoach_xl.builder.ovba import build_vba_project, compress

ROOT = Path(__file__).resolve().parents[1]
VBA_DIR = ROOT / "workbook" / "vba"
XLWINGS_DIR = Path(xlwings.__file__).parent
SHEETS = ["Sheet1", "Sheet2", "Sheet3"]


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def module_sources(vba_bin: bytes) -> dict[str, str]:
    """Module name -> source text, as oletools' olevba reads them, with CRLF line ends."""
    parser = VBA_Parser("vbaProject.bin", data=vba_bin)
    return {stream.split("/")[-1]: crlf(code) for _, stream, _, code in parser.extract_macros()}


def dir_records(vba_bin: bytes) -> list[tuple[int, bytes]]:
    """(id, data) of each record of the decompressed dir stream."""
    data = bytes(decompress_stream(bytearray(olefile.OleFileIO(vba_bin).openstream("VBA/dir").read())))
    records, pos = [], 0
    while pos < len(data):
        record_id, size = struct.unpack_from("<HI", data, pos)
        if record_id == 0x0009:  # PROJECTVERSION: its size field is fixed at 4 but 6 bytes follow
            size = 6
        records.append((record_id, data[pos + 6 : pos + 6 + size]))
        pos += 6 + size
    return records


def decrypt(hex_text: str, project_id: str) -> bytes:
    """[MS-OVBA] 2.4.3.3 decryption, checking the version and project key on the way."""
    encrypted = bytes.fromhex(hex_text)
    seed, version_enc, key_enc = encrypted[:3]
    assert seed ^ version_enc == 2
    assert seed ^ key_enc == sum(project_id.encode("ascii")) & 0xFF
    unencrypted_1, encrypted_1, encrypted_2 = seed ^ key_enc, key_enc, version_enc
    plain = bytearray()
    for byte_enc in encrypted[3:]:
        byte = byte_enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    rest = plain[(seed & 6) // 2 :]
    length = struct.unpack_from("<I", rest)[0]
    assert len(rest) == 4 + length
    return bytes(rest[4:])


def project_properties(vba_bin: bytes) -> dict[str, str]:
    text = olefile.OleFileIO(vba_bin).openstream("PROJECT").read().decode("cp1252")
    return dict(line.split("=", 1) for line in text.split("\r\n\r\n")[0].split("\r\n"))


@pytest.fixture(scope="module")
def modules() -> dict[str, str]:
    return vba_modules(ROOT)


@pytest.fixture(scope="module")
def vba_bin(modules) -> bytes:
    return build_vba_project(modules, "ThisWorkbook", SHEETS)


def test_every_module_reads_back_as_its_source(modules, vba_bin):
    sources = module_sources(vba_bin)
    assert set(sources) == {"ThisWorkbook", *SHEETS, *modules}
    for name, text in modules.items():
        assert sources[name] == crlf(text)
    assert 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in sources["ThisWorkbook"]
    for sheet in SHEETS:
        assert sources[sheet].startswith(f'Attribute VB_Name = "{sheet}"\r\n')
        assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in sources[sheet]


def test_vba_project_stream_asks_office_to_compile_from_source(vba_bin):
    stream = olefile.OleFileIO(vba_bin).openstream("VBA/_VBA_PROJECT").read()
    assert stream == struct.pack("<HHBH", 0x61CC, 0xFFFF, 0, 1)  # version 0xFFFF, no performance cache


def test_dir_stream_describes_project_references_and_modules(modules, vba_bin):
    records = dir_records(vba_bin)
    values = {record_id: data for record_id, data in records}
    assert values[0x0001] == struct.pack("<I", 1)  # PROJECTSYSKIND
    assert values[0x0003] == struct.pack("<H", 1252)  # PROJECTCODEPAGE
    assert values[0x0004] == b"VBAProject"
    assert [data for record_id, data in records if record_id == 0x0016] == [b"stdole", b"Office"]
    libids = [data for record_id, data in records if record_id == 0x000D]
    assert b"{00020430-0000-0000-C000-000000000046}" in libids[0]
    assert b"{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}" in libids[1]  # Office: IRibbonControl
    names = [data.decode() for record_id, data in records if record_id == 0x0019]
    assert names == ["ThisWorkbook", *SHEETS, *modules]
    assert values[0x000F] == struct.pack("<H", len(names))
    types = [record_id for record_id, _ in records if record_id in (0x0021, 0x0022)]
    assert types == [0x0022] * (1 + len(SHEETS)) + [0x0021] * len(modules)
    offsets = [data for record_id, data in records if record_id == 0x0031]
    assert offsets == [bytes(4)] * len(names)  # no performance cache before the source
    assert records[-1] == (0x0010, b"")


def test_project_stream_lists_modules_and_is_unprotected_and_visible(modules, vba_bin):
    properties = project_properties(vba_bin)
    text = olefile.OleFileIO(vba_bin).openstream("PROJECT").read().decode("cp1252")
    assert "Document=ThisWorkbook/&H00000000\r\n" in text
    for sheet in SHEETS:
        assert f"Document={sheet}/&H00000000\r\n" in text
    for name in modules:
        assert f"Module={name}\r\n" in text
    project_id = properties["ID"].strip('"')
    assert decrypt(properties["CMG"].strip('"'), project_id) == bytes(4)
    assert decrypt(properties["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt(properties["GC"].strip('"'), project_id) == b"\xff"


def test_decrypt_agrees_with_a_project_excel_saved():
    with zipfile.ZipFile(XLWINGS_DIR / "quickstart_standalone.xlsm") as xlsm:
        properties = project_properties(xlsm.read("xl/vbaProject.bin"))
    project_id = properties["ID"].strip('"')
    assert decrypt(properties["CMG"].strip('"'), project_id) == bytes(4)
    assert decrypt(properties["DPB"].strip('"'), project_id) == b"\x00"
    assert decrypt(properties["GC"].strip('"'), project_id) == b"\xff"


def test_same_sources_give_the_same_bytes(modules, vba_bin):
    assert build_vba_project(modules, "ThisWorkbook", SHEETS) == vba_bin


def test_xlwings_module_is_the_standalone_module_of_the_installed_xlwings(modules):
    with zipfile.ZipFile(XLWINGS_DIR / "quickstart_standalone.xlsm") as xlsm:
        quickstart = module_sources(xlsm.read("xl/vbaProject.bin"))
    assert crlf(modules["xlwings"]) == quickstart["xlwings"]
    assert (VBA_DIR / "xlwings.bas").read_bytes() == (XLWINGS_DIR / "xlwings.bas").read_bytes()
    assert f"'Version: {xlwings.__version__}" in modules["xlwings"].splitlines()


def test_vba_sources_are_ascii(modules):
    assert set(modules) == {"Ribbon", "xlwings"}
    for name, text in modules.items():
        assert text.isascii(), name


@pytest.mark.parametrize(
    ("modules", "sheets", "message"),
    [
        ({"M": 'Attribute VB_Name = "M"\n\' Kế hoạch\n'}, [], "ASCII"),
        ({"M": 'Attribute VB_Name = "Other"\n'}, [], "first line"),
        ({"M": "Sub A()\nEnd Sub\n"}, [], "first line"),
        ({}, ["Sheet1", "SHEET1"], "collide"),
        ({"Sheet1": 'Attribute VB_Name = "Sheet1"\n'}, ["Sheet1"], "collide"),
        ({}, ["Trang tính"], "module name"),
        ({}, ["1Sheet"], "module name"),
    ],
)
def test_sources_excel_would_not_load_are_refused(modules, sheets, message):
    with pytest.raises(ValueError, match=message):
        build_vba_project(modules, "ThisWorkbook", sheets)


def chunks(container: bytes) -> list[tuple[bool, int]]:
    """(compressed flag, size) of each chunk of a compressed container."""
    assert container[0] == 1
    found, pos = [], 1
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        assert header >> 12 & 0b111 == 0b011
        size = (header & 0x0FFF) + 3
        found.append((bool(header & 0x8000), size))
        pos += size
    assert pos == len(container)
    return found


def test_vba_source_compresses_into_compressed_chunks_only(modules):
    source = crlf(modules["xlwings"]).encode("cp1252")
    container = compress(source)
    assert bytes(decompress_stream(bytearray(container))) == source
    assert len(chunks(container)) == -(-len(source) // 4096)
    assert all(flag for flag, _ in chunks(container))
    assert len(container) < len(source) / 2


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=9000) | st.text("ab \r\n", max_size=9000).map(str.encode))
def test_compress_round_trips(data):
    container = compress(data)
    found = chunks(container)
    assert all(size <= 4098 for _, size in found)
    expected = data
    if found and not found[-1][0]:  # a raw last chunk is padded to 4096 bytes ([MS-OVBA] 2.4.1.3.10)
        expected = data.ljust(len(found) * 4096, b"\0")
    assert bytes(decompress_stream(bytearray(container))) == expected


def test_compound_file_reads_back_with_valid_sorted_red_black_trees():
    streams = {f"S/{'x' * (n % 7 + 1)}{n}": bytes([n]) * (n * 97) for n in range(60)}
    streams |= {"big": bytes(range(256)) * 300, "top": b"t"}
    ole = olefile.OleFileIO(io.BytesIO(write_cfb(streams)))
    for path, data in streams.items():
        assert ole.openstream(path).read() == data
    for entry in ole.direntries:
        if entry is not None and entry.sid_child != olefile.NOSTREAM:
            names = []
            black_height(ole, entry.sid_child, names, parent_red=False)
            assert names == sorted(names, key=lambda name: (len(name), name.upper()))


def black_height(ole: olefile.OleFileIO, sid: int, names: list[str], parent_red: bool) -> int:
    """In-order names of a sibling tree, checking the red-black rules; returns its black height."""
    if sid == olefile.NOSTREAM:
        return 1
    entry = ole.direntries[sid]
    red = entry.color == 0
    assert not (red and parent_red)
    left = black_height(ole, entry.sid_left, names, red)
    names.append(entry.name)
    right = black_height(ole, entry.sid_right, names, red)
    assert left == right
    return left + (0 if red else 1)
