"""The corpus of broken and hostile workbooks (issue 8), made by code.

`make(folder)` writes every file into `folder`.  UNREADABLE files are refused
the same way by every command: exit 2 and the reason (given here) on stderr.
READABLE ones say per command the exit code and part of the output.
"""

import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import openpyxl
from openpyxl.workbook import Workbook

from conftest import EXAMPLE
from helpers import SOFFICE
from kehoach_xl.builder import build
from kehoach_xl.core import contract

ACTIVITIES_PART = "xl/worksheets/sheet7.xml"
"""The "Hoạt động" sheet of the example (openpyxl numbers sheets in order)."""

INJECTIONS = ("=1+1", "@SUM(A1)", "<w:p>", "{{ x }}", "{% raw %}")
"""Cell text that would become a formula, markup or template code if it were not kept as data."""

LONG_TEXT = ("Nâng cao năng lực giảm nghèo. " * 3500)[:100_000]
"""Three times what an Excel cell holds (32,767 characters): openpyxl cuts it, so it is put in the XML."""
_LONG_TEXT_MARK = "LONG-TEXT-100000"
RTL = "Hỗ trợ \u202eحملة تدريب\u202c cho hộ nghèo"
ZERO_WIDTH = "Tuyên\u200b truyền\u200d về chính sách"
EMOJI = "Tập huấn 👩‍🌾 trồng trọt 🌾 cho hộ cận nghèo"
PASTED_CODE = "DA2\u200b"
MARKUP = "[/][bold red]:thumbs_up:"
"""Rich markup and an emoji code, in the funding source `kehoach totals` prints."""
TEXT_AS_DATA = "chu-la-du-lieu [bản cuối].xlsx"
"""Square brackets in the file name: Rich would read them as a style."""
MANY_ACTIVITIES = 10_000

LAUGHS = ("<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
          + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
          + "]>")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


def _deflate(data: bytes) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeezer.compress(data) + squeezer.flush()


class _Entry(NamedTuple):
    name: str
    deflated: bytes
    crc: int
    size: int


def _entry(name: str, data: bytes) -> _Entry:
    return _Entry(name, _deflate(data), zlib.crc32(data), len(data))


def _raw_zip(path: Path, entries: list[_Entry]) -> None:
    """A zip written field by field, so that it may say what a zip writer would refuse to."""
    body, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode()
        fields = (0x800, 8, 0, 0x21, entry.crc, len(entry.deflated), entry.size, len(name))
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, *fields, 0, 0, 0, 0, 0, len(body))
        directory += name
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, *fields, 0) + name + entry.deflated
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))


def _spaces_sheet(mebibytes: int) -> tuple[bytes, int, int]:
    """A sheet part of `mebibytes` MiB of spaces: deflated, its CRC and size.

    A full flush resets the compressor, so every MiB of spaces deflates to the
    same bytes: the part is built from one block instead of compressing it all.
    """
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    spaces = b" " * 2**20
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = squeezer.compress(head) + squeezer.flush(zlib.Z_FULL_FLUSH)
    block = squeezer.compress(spaces) + squeezer.flush(zlib.Z_FULL_FLUSH)
    end = squeezer.compress(tail) + squeezer.flush()
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(spaces, crc)
    return start + block * mebibytes + end, zlib.crc32(tail, crc), len(head) + len(tail) + mebibytes * 2**20


def _bomb(path: Path, mebibytes: int, declared: int | None = None) -> None:
    """The example with its "Hoạt động" sheet replaced by spaces; `declared` lies about the size."""
    deflated, crc, size = _spaces_sheet(mebibytes)
    entries = [_entry(name, data) for name, data in _members(EXAMPLE).items() if name != ACTIVITIES_PART]
    _raw_zip(path, entries + [_Entry(ACTIVITIES_PART, deflated, crc, declared or size)])


def _with_doctype(xml: bytes) -> bytes:
    return b'<?xml version="1.0"?>' + LAUGHS.encode() + xml


def _entity_bomb_in_sheet(path: Path) -> None:
    members = _members(EXAMPLE)
    sheet = members[ACTIVITIES_PART].replace(b"<is><t>", b"<is><t>&lol9;", 1)
    _zip(path, members | {ACTIVITIES_PART: _with_doctype(sheet)})


def _with_shared_strings(members: dict[str, bytes], strings: bytes) -> dict[str, bytes]:
    """The example with cell A1 of "Hoạt động" taken from a shared-strings part."""
    types = members["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rels = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>'))
    sheet, replaced = re.subn(rb'<c r="A1" t="inlineStr"><is><t>[^<]*</t></is></c>', b'<c r="A1" t="s"><v>0</v></c>',
                              members[ACTIVITIES_PART])
    assert replaced == 1
    return members | {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels, ACTIVITIES_PART: sheet,
                      "xl/sharedStrings.xml": strings}


_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%s" uniqueCount="%s">'


def _entity_bomb_in_strings(path: Path) -> None:
    strings = _with_doctype(_SST % (b"1", b"1") + b"<si><t>&lol9;</t></si></sst>")
    _zip(path, _with_shared_strings(_members(EXAMPLE), strings))


def _strings_count(path: Path) -> None:
    strings = _SST % (b"4000000000", b"4000000000") + "<si><t>Mã</t></si></sst>".encode()
    _zip(path, _with_shared_strings(_members(EXAMPLE), strings))


def _truncated(path: Path) -> None:
    data = EXAMPLE.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _damaged(path: Path) -> None:
    """A member's compressed bytes overwritten: the zip's directory is intact, its data is not."""
    data = bytearray(EXAMPLE.read_bytes())
    with zipfile.ZipFile(EXAMPLE) as package:
        member = package.getinfo(ACTIVITIES_PART)
    name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
    start = member.header_offset + 30 + name_length + extra_length + member.compress_size // 3
    data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def _many_members(path: Path) -> None:
    _zip(path, _members(EXAMPLE) | {f"customXml/item{i}.xml": b"<a/>" for i in range(2_000)})


def _duplicate_member(path: Path) -> None:
    members = _members(EXAMPLE)
    entries = [_entry(name, data) for name, data in members.items()]
    _raw_zip(path, entries + [_entry(ACTIVITIES_PART.upper(), members[ACTIVITIES_PART])])


def _too_large(path: Path) -> None:
    with path.open("wb") as file:
        file.truncate(51 * 2**20)


def _pdf(path: Path) -> None:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def _word(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH triển khai thực hiện Chương trình MTQG giảm nghèo bền vững năm 2023")
    document.save(path)


def encrypted(path: Path, plain: bytes, password: str, spin_count: int = 100_000) -> Path:
    """`plain` encrypted as Excel encrypts a workbook (agile encryption, msoffcrypto-tool's writer)."""
    from msoffcrypto.method.ecma376_agile import ECMA376Agile

    path.write_bytes(ECMA376Agile.encrypt(password, io.BytesIO(plain), spin_count=spin_count))
    return path


def _encrypted(path: Path) -> None:
    encrypted(path, EXAMPLE.read_bytes(), "matkhau")


def _xls(path: Path) -> None:
    """The example saved by LibreOffice as Excel 97-2003."""
    work = path.parent / "xls-work"
    work.mkdir()
    source = work / f"{path.stem}.xlsx"
    shutil.copy(EXAMPLE, source)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                    "--convert-to", "xls", "--outdir", str(work), str(source)],
                   check=True, capture_output=True, timeout=180)
    (work / f"{path.stem}.xls").replace(path)
    shutil.rmtree(work)


def _far_cell(path: Path) -> None:
    book = openpyxl.load_workbook(EXAMPLE)
    book[contract.ACTIVITIES.sheet]["XFD1048576"] = "ô lạc"
    book.save(path)


def _far_cell_disguised(path: Path) -> None:
    """The far cell's sheet moved to a part named like a picture, behind GIF's signature.

    quick-xml (calamine) skips the bytes before the first tag and finds the cell.
    """
    _far_cell(path)
    members = _members(path)
    disguise = "xl/media/anh.gif"
    sheet = members.pop(ACTIVITIES_PART)
    members = {name: data.replace(f"/{ACTIVITIES_PART}".encode(), f"/{disguise}".encode())
               for name, data in members.items()}
    sheet_rels = f"xl/worksheets/_rels/{ACTIVITIES_PART.rsplit('/', 1)[1]}.rels"
    members["xl/media/_rels/anh.gif.rels"] = members.pop(sheet_rels).replace(b"../", b"../../xl/")
    _zip(path, members | {disguise: b"GIF89a" + sheet})


def _example_book() -> Workbook:
    return build.build_workbook(build.load_source(build.EXAMPLE))


def _as_text(cell: openpyxl.cell.Cell, value: str) -> None:
    """Text exactly as typed, even when it starts with "=" (what Excel keeps for '=1+1)."""
    cell.value = value
    cell.data_type = "s"


def _renamed(path: Path) -> None:
    """The two sheets the plan's lines are on, retyped without diacritics."""
    book = openpyxl.load_workbook(EXAMPLE)
    book[contract.PROJECTS.sheet].title = "Du an"
    book[contract.ACTIVITIES.sheet].title = "Hoat dong"
    book.save(path)


MESSY_PROJECT_HEADER = 3
"""On the messy "Dự án", the header is on row 3, under a merged title; data starts on row 4."""
MESSY_AMOUNTS = {"DA6.2": "5.000.000", "DA7.1": "9,000,000", "DA7.2": "12 triệu"}
MESSY_FORMULAS = {"DA3.1": ("SUM(#REF!)", "#REF!"), "DA3.2": ("F4/0", "#DIV/0!")}
MESSY_HIDDEN = "DA4.1"


def messy_project_row(code: str) -> int:
    """The row of `code` on the messy "Dự án" (the example's order, from row 4)."""
    codes = [record["Mã"] for record in build.load_source(build.EXAMPLE)[contract.PROJECTS.sheet]]
    return MESSY_PROJECT_HEADER + 1 + codes.index(code)


def _messy_projects(book: Workbook) -> None:
    """"Dự án" laid out by hand: title, extra columns, merged header cell, hidden row, no table."""
    index = book.sheetnames.index(contract.PROJECTS.sheet)
    del book[contract.PROJECTS.sheet]
    sheet = book.create_sheet(contract.PROJECTS.sheet, index)
    sheet["A1"] = "KẾ HOẠCH TRIỂN KHAI CÁC DỰ ÁN, TIỂU DỰ ÁN NĂM 2023"
    sheet.merge_cells("A1:I1")
    header = ["STT", "Ghi chú của xã", "Mã", "Tên dự án, tiểu dự án", "Thời gian thực hiện", "Kinh phí (đồng)",
              None, "Nguồn kinh phí", "Phân công thực hiện"]
    for column, label in enumerate(header, start=1):
        sheet.cell(row=MESSY_PROJECT_HEADER, column=column, value=label)
    sheet.merge_cells(f"F{MESSY_PROJECT_HEADER}:G{MESSY_PROJECT_HEADER}")
    for number, record in enumerate(build.load_source(build.EXAMPLE)[contract.PROJECTS.sheet], start=1):
        code = record["Mã"]
        row = messy_project_row(code)
        amount = MESSY_AMOUNTS.get(code, record["Kinh phí (đồng)"])
        if code in MESSY_FORMULAS:
            amount = "=" + MESSY_FORMULAS[code][0]
        values = [number, "đã rà soát", code, None, record["Thời gian thực hiện"], amount, None,
                  record["Nguồn kinh phí"], record["Phân công thực hiện"]]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    sheet.row_dimensions[messy_project_row(MESSY_HIDDEN)].hidden = True


def _cached_errors(path: Path, part: str) -> None:
    """Give the messy formulas the cached error Excel would have saved (openpyxl writes none)."""
    members = _members(path)
    sheet = members[part]
    for code, (formula, error) in MESSY_FORMULAS.items():
        cell = f'<c r="F{messy_project_row(code)}"'.encode()
        sheet, replaced = re.subn(cell + rb"><f>" + re.escape(formula.encode()) + rb"</f><v\s*/?>(</v>)?",
                                  cell + b' t="e"><f>' + formula.encode() + b"</f><v>" + error.encode() + b"</v>",
                                  sheet)
        assert replaced == 1, code
    _zip(path, members | {part: sheet})


def _messy(path: Path) -> None:
    """Layout and values as officials really leave them; every defect is named in the tests."""
    book = _example_book()
    info = book[contract.INFO.sheet]
    info.title = "THÔNG TIN "
    info["B9"] = "08/05/2023"
    bases = book[contract.BASES.sheet]
    bases["F1"] = "Ghi chú"
    bases["C2"] = "20/04/2023"
    bases["C3"] = "ngày 8 tháng 5 năm 2023"
    book[contract.TARGETS.sheet]["B2"] = "1.450"
    _messy_projects(book)
    book.save(path)
    _cached_errors(path, f"xl/worksheets/sheet{book.sheetnames.index(contract.PROJECTS.sheet) + 1}.xml")


def _text_as_data(path: Path) -> None:
    """A valid plan whose cells hold what must stay plain text, at sizes officials never reach."""
    book = _example_book()
    texts = book[contract.TEXTS.sheet]
    texts.append([contract.GENERAL_GOAL, _LONG_TEXT_MARK])
    activities = book[contract.ACTIVITIES.sheet]
    for text in INJECTIONS + (RTL, ZERO_WIDTH, EMOJI):
        activities.append(["DA2", None])
        _as_text(activities.cell(row=activities.max_row, column=2), text)
    activities.append([PASTED_CODE, "Hoạt động có mã dán từ trang web."])
    for number in range(1, MANY_ACTIVITIES + 1):
        activities.append(["DA7.1", f"Hoạt động bổ sung số {number}: thăm hỏi, tư vấn hộ nghèo."])
    projects = book[contract.PROJECTS.sheet]
    source = next(row[4] for row in projects.iter_rows(min_row=2) if row[0].value == "DA6.2")
    source.value = MARKUP
    recipients = book[contract.RECIPIENTS.sheet]
    _as_text(recipients["A2"], "=HYPERLINK(\"http://example.invalid\",\"Phòng LĐTBXH\")")
    book.save(path)
    part = f"xl/worksheets/sheet{book.sheetnames.index(contract.TEXTS.sheet) + 1}.xml"
    members = _members(path)
    assert members[part].count(_LONG_TEXT_MARK.encode()) == 1
    _zip(path, members | {part: members[part].replace(_LONG_TEXT_MARK.encode(), LONG_TEXT.encode())})


FORMULA_NAMED = "=1+1.xlsx"
FORMULA_UNIT = "@SUM(A1)"


def _formula_like(path: Path) -> None:
    """A valid plan whose unit and file name look like formulas: both reach the consolidated workbook."""
    book = _example_book()
    info = book[contract.INFO.sheet]
    unit = next(row[1] for row in info.iter_rows(min_row=2) if row[0].value == "Tên đơn vị")
    _as_text(unit, FORMULA_UNIT)
    book.save(path)


PROJECTS_PART, PROJECTS_TABLE = "xl/worksheets/sheet6.xml", "xl/tables/table5.xml"
""""Dự án" of the example and its table (A1:F14: the header, then 13 lines)."""
_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def excel_style(members: dict[str, bytes], extra: tuple[str, ...] = ()) -> dict[str, bytes]:
    """The package as Excel saves it: every text in one shared-strings part (openpyxl writes inline
    strings), `extra` strings appended to it (raw XML text, escapes such as _x000D_ kept)."""
    strings: list[bytes] = []

    def shared(match: re.Match) -> bytes:
        strings.append(match[3])
        return b'<c %st="s"%s><v>%d</v></c>' % (match[1], match[2], len(strings) - 1)

    sheets = {name: _INLINE.sub(shared, data) for name, data in members.items()
              if name.startswith("xl/worksheets/sheet")}
    strings += [text.encode() for text in extra]
    table = (_SST % (b"%d" % len(strings), b"%d" % len(strings))
             + b"".join(b"<si><t xml:space=\"preserve\">%s</t></si>" % text for text in strings) + b"</sst>")
    with_strings = _with_shared_strings(members, table)
    return with_strings | sheets


def shared_index(members: dict[str, bytes], text: str) -> int:
    return re.findall(rb"<si><t[^>]*>(.*?)</t></si>", members["xl/sharedStrings.xml"], re.S).index(text.encode())


def _projects_row(members: dict[str, bytes], row: bytes) -> dict[str, bytes]:
    sheet = members[PROJECTS_PART].replace(b"</sheetData>", row + b"</sheetData>")
    return members | {PROJECTS_PART: sheet.replace(b'<dimension ref="A1:H14"/>', b'<dimension ref="A1:H15"/>')}


TOTAL_ROW_LABEL = "Tổng"


def _total_row(path: Path, labelled: bool = True) -> None:
    """Table Design → Total Row, as Excel saves it: "Tổng" under Mã (or its label cleared), SUBTOTAL
    with its cached value, the table's range grown by one row and `totalsRowCount`."""
    members = excel_style(_members(EXAMPLE), (TOTAL_ROW_LABEL,))
    label = b'<c r="A15" t="s"><v>%d</v></c>' % shared_index(members, TOTAL_ROW_LABEL) if labelled else b""
    members = _projects_row(members, b'<row r="15">%s<c r="D15" s="17">'
                                     b"<f>SUBTOTAL(109,DuAn[Kinh ph&#237; (&#273;&#7891;ng)])</f>"
                                     b"<v>26000000</v></c></row>" % label)
    table = members[PROJECTS_TABLE].replace(b'ref="A1:F14" headerRowCount="1"',
                                            b'ref="A1:F15" headerRowCount="1" totalsRowCount="1"')
    table = table.replace('<tableColumn id="1" name="Mã"/>'.encode(),
                          f'<tableColumn id="1" name="Mã" totalsRowLabel="{TOTAL_ROW_LABEL}"/>'.encode())
    table = table.replace('<tableColumn id="4" name="Kinh phí (đồng)"/>'.encode(),
                          '<tableColumn id="4" name="Kinh phí (đồng)" totalsRowFunction="sum"/>'.encode())
    assert table.count(b"totals") == 3, table
    _zip(path, members | {PROJECTS_TABLE: table})


TYPED_TOTAL = "Tổng cộng"


def _typed_total(path: Path) -> None:
    """A line typed under the table: "Tổng cộng" in the name column, Mã blank, =SUM above it."""
    members = excel_style(_members(EXAMPLE), (TYPED_TOTAL,))
    label = shared_index(members, TYPED_TOTAL)
    _zip(path, _projects_row(members, b'<row r="15"><c r="B15" t="s"><v>%d</v></c><c r="D15" s="17">'
                                      b"<f>SUM(D2:D14)</f><v>26000000</v></c></row>" % label))


LINE_BREAK_ACTIVITY = ("Tuyên truyền_x000D_\nvề chính sách", "Tuyên truyền\nvề chính sách")
"""An activity with a line break, as Excel writes it in shared strings, and as it reads."""
LITERAL_ESCAPE = ("Mã _x005F_x000D_ là chữ", "Mã _x000D_ là chữ")
"""Text that is itself "_x000D_", escaped by Excel as _x005F_x000D_."""


def _line_break(path: Path) -> None:
    """Two activities ("Hoạt động"!B2 and B3) whose shared strings hold Excel's escapes."""
    members = excel_style(_members(EXAMPLE), (LINE_BREAK_ACTIVITY[0], LITERAL_ESCAPE[0]))
    sheet = members[ACTIVITIES_PART]
    for cell, text in (("B2", LINE_BREAK_ACTIVITY[0]), ("B3", LITERAL_ESCAPE[0])):
        sheet, replaced = re.subn(rb'(<c r="%s"[^>]*t="s"><v>)\d+(</v>)' % cell.encode(),
                                  rb"\g<1>%d\g<2>" % shared_index(members, text), sheet)
        assert replaced == 1
    _zip(path, members | {ACTIVITIES_PART: sheet})


def _money_cell(path: Path, cell: bytes) -> None:
    """"Dự án"!D11 (DA6.2, 5.000.000) replaced by `cell`'s content."""
    members = excel_style(_members(EXAMPLE))
    sheet, replaced = re.subn(rb'<c r="D11" s="17" t="n"><v>5000000</v></c>', b'<c r="D11" s="17"%s</c>' % cell,
                              members[PROJECTS_PART])
    assert replaced == 1
    _zip(path, members | {PROJECTS_PART: sheet})


def _strict(path: Path) -> None:
    """Excel's "Strict Open XML Spreadsheet": the same parts in the ISO/IEC 29500 Strict namespaces."""
    strict = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
              b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
                  b"http://purl.oclc.org/ooxml/officeDocument/relationships",
              b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
              b"http://schemas.openxmlformats.org/drawingml/2006/chart": b"http://purl.oclc.org/ooxml/drawingml/chart",
              b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":
                  b"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing"}
    members = excel_style(_members(EXAMPLE))
    for name, data in members.items():
        if name.endswith((".xml", ".rels")):
            for transitional, iso in strict.items():
                data = data.replace(transitional, iso)
            members[name] = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    _zip(path, members)


def _cell_text(sheet: str, cell: str, value: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        book = openpyxl.load_workbook(EXAMPLE)
        book[sheet][cell] = value
        book[sheet][cell].number_format = "@"
        book.save(path)
    return write


TCVN3_UNIT, VNI_ACTIVITY = ("x· CÈm L\u00ad¬ng", "xã Cẩm Lương"), ("Tuyeân truyeàn veà giaûm ngheøo",
                                                                     "Tuyên truyền về giảm nghèo")
"""The unit typed in TCVN3 (ABC, font .VnTime), an activity in VNI (VNI-Times), and what they say."""


UNREADABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "rong.xlsx": (lambda path: path.write_bytes(b""), "Tệp rỗng"),
    "van-ban.xlsx": (lambda path: path.write_bytes("Kế hoạch năm 2023\n".encode()), "không phải sổ làm việc Excel"),
    "pdf.xlsx": (_pdf, "không phải sổ làm việc Excel"),
    "word.xlsx": (_word, "văn bản Word (.docx)"),
    "excel-97.xls": (_xls, "Excel 97-2003 (.xls)"),
    "mat-khau.xlsx": (_encrypted, "mật khẩu"),
    "cat-cut.xlsx": (_truncated, "bị cắt cụt"),
    "hong.xlsx": (_damaged, "bị hỏng"),
    "qua-lon.xlsx": (_too_large, "Tệp nặng 51 MB"),
    "bom-nen.xlsx": (lambda path: _bomb(path, 1024), "giải nén ra 1.024 MB"),
    "bom-ti-le.xlsx": (lambda path: _bomb(path, 32), "nén nhỏ hơn 100 lần"),
    "bom-noi-doi.xlsx": (lambda path: _bomb(path, 1024, declared=20_000), "bị hỏng"),
    "nhieu-phan.xlsx": (_many_members, "phần, quá 1.000 phần"),
    "trung-ten.xlsx": (_duplicate_member, "hai phần cùng tên"),
    "bom-thuc-the-trang.xlsx": (_entity_bomb_in_sheet, f"{ACTIVITIES_PART} có khai báo DTD"),
    "bom-thuc-the-chuoi.xlsx": (_entity_bomb_in_strings, "xl/sharedStrings.xml có khai báo DTD"),
    "dem-chuoi.xlsx": (_strings_count, "hơn 10.000.000 chuỗi"),
    "o-xa.xlsx": (_far_cell, 'Trang tính "Hoạt động" có ô dữ liệu ở tận XFD1048576'),
    "o-xa-nguy-trang.xlsx": (_far_cell_disguised, "phần xl/media/anh.gif không phải XML hợp lệ"),
}

NOT_EXPORTED = (1, "Chưa xuất kế hoạch: dữ liệu còn lỗi. Hãy sửa")
WITH_ERRORS = (1, "1 có lỗi")
VALID = {"totals": (0, "Tổng kinh phí: 26.000.000 đồng"), "targets": (0, "Tỷ lệ hộ nghèo giảm"),
         "export": (0, "Đã ghi"), "consolidate": (0, "1 hợp lệ")}
RENAMED = 'Có trang "Du an": hãy đổi tên lại thành "Dự án"'
UNCALCULATED = "Hãy mở tệp bằng Excel (hoặc LibreOffice), lưu lại rồi gửi lại"
AS_TEXT = "ô đang định dạng Văn bản (Text)"
SEVEN_PERCENT = {"totals": (0, "Tổng kinh phí: 28.000.000 đồng"), "targets": (0, "Tỷ lệ hộ nghèo giảm"),
                 "export": (0, "Đã ghi"), "consolidate": (0, "1 hợp lệ")}
READABLE: dict[str, tuple[Callable[[Path], None], dict[str, tuple[int, str]]]] = {
    "doi-ten-trang.xlsx": (_renamed, {"validate": (1, "2 lỗi, 0 cảnh báo"), "totals": (1, RENAMED),
                                      "targets": (1, RENAMED), "export": NOT_EXPORTED, "consolidate": WITH_ERRORS}),
    "dong-tong-excel.xlsx": (_total_row, {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "dong-tong-go-tay.xlsx": (_typed_total, {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "xuong-dong.xlsx": (_line_break, {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "bay-phan-tram.xlsx": (lambda path: _money_cell(path, b"><f>100000000*7%</f><v>7000000.000000001</v>"),
                           {"validate": (0, "0 lỗi, 0 cảnh báo")} | SEVEN_PERCENT),
    "cong-thuc-chua-tinh.xlsx": (lambda path: _money_cell(path, b"><f>100000000*7%</f><v></v>"),
                                 {"validate": (1, UNCALCULATED), "totals": (1, UNCALCULATED),
                                  "targets": (1, UNCALCULATED), "export": NOT_EXPORTED, "consolidate": WITH_ERRORS}),
    "strict.xlsx": (_strict, {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "KeHoach.xlsm_": (lambda path: shutil.copy(EXAMPLE, path), {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "KeHoach khong duoi": (lambda path: shutil.copy(EXAMPLE, path), {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
    "so-dang-chu.xlsx": (_cell_text(contract.PROJECTS.sheet, "D11", "5000000"),
                         {"validate": (1, AS_TEXT), "totals": (1, AS_TEXT), "targets": (1, AS_TEXT),
                          "export": NOT_EXPORTED, "consolidate": WITH_ERRORS}),
    "tcvn3.xlsx": (_cell_text(contract.INFO.sheet, "B4", TCVN3_UNIT[0]),
                   {"validate": (0, f'đọc là "{TCVN3_UNIT[1]}"'), "totals": (0, "0 lỗi, 1 cảnh báo"),
                    "targets": (0, "0 lỗi, 1 cảnh báo"), "export": (0, "Đã ghi"), "consolidate": (0, "1 hợp lệ")}),
    "vni.xlsx": (_cell_text(contract.ACTIVITIES.sheet, "B2", VNI_ACTIVITY[0]),
                 {"validate": (0, f'đọc là "{VNI_ACTIVITY[1]}"'), "totals": (0, "0 lỗi, 1 cảnh báo"),
                  "targets": (0, "0 lỗi, 1 cảnh báo"), "export": (0, "Đã ghi"), "consolidate": (0, "1 hợp lệ")}),
    "lon-xon.xlsx": (_messy, {"validate": (1, "7 lỗi, 0 cảnh báo"), "totals": (1, "7 lỗi, 0 cảnh báo"),
                              "targets": (1, "7 lỗi, 0 cảnh báo"), "export": NOT_EXPORTED,
                              "consolidate": WITH_ERRORS}),
    TEXT_AS_DATA: (_text_as_data, {"validate": (0, "0 lỗi, 2 cảnh báo")} | VALID),
    FORMULA_NAMED: (_formula_like, {"validate": (0, "0 lỗi, 0 cảnh báo")} | VALID),
}


MISSING_TOOLS = {} if SOFFICE else {"excel-97.xls": "LibreOffice (soffice) makes the .xls"}


def make(folder: Path) -> dict[str, Path]:
    """Write every corpus file the installed tools can make into `folder`; name -> path."""
    paths = {}
    for name, (write, _) in (UNREADABLE | READABLE).items():
        if name not in MISSING_TOOLS:
            paths[name] = folder / name
            write(paths[name])
    return paths
