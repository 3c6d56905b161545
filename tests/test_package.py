"""The package checks refuse what would hurt an engine, not what officials really send."""

import io
import zipfile

import pytest

import corpus
from conftest import CATALOGS, EXAMPLE

from kehoach_xl.io.engines import ENGINES, read_workbook
from kehoach_xl.io.package import Unreadable, inspect, stored
from kehoach_xl.io.engines import is_input_sheet
from kehoach_xl.core.checks import check
from workbooks import set_cell, with_defect


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stray_value_in_the_last_row_is_still_read(tmp_path, engine):
    path = with_defect(set_cell("Hoạt động", "F1048576", "ô lạc"), tmp_path / "stray.xlsx")
    data = read_workbook(path, engine)
    assert len(data["Hoạt động"]) == 1_048_576
    assert check(data, CATALOGS)[1] == []


def test_a_workbook_read_into_memory_is_checked_the_same_way(tmp_path):
    """A workbook taken out of a .zip in memory (the upper level's inbox) meets the same bounds."""
    path = with_defect(set_cell("Hoạt động", "XFD1048576", "ô lạc"), tmp_path / "far.xlsx")
    with pytest.raises(Unreadable, match='"Hoạt động" có ô dữ liệu ở tận XFD1048576'):
        inspect(io.BytesIO(path.read_bytes()))


def _zip_bytes(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer


def test_only_the_sheets_to_be_read_are_followed_cell_by_cell(tmp_path):
    """consolidate reads the input sheets only: a far cell in "Danh mục" does not stop it."""
    path = with_defect(set_cell("Danh mục", "XFD1048576", "ô lạc"), tmp_path / "far.xlsx")
    assert inspect(io.BytesIO(path.read_bytes()), lambda name: name != "Danh mục").errors == {}
    with pytest.raises(Unreadable, match='"Danh mục" có ô dữ liệu ở tận XFD1048576'):
        inspect(io.BytesIO(path.read_bytes()))


def test_a_part_that_lies_about_its_size_is_refused_even_if_no_cell_is_in_it(tmp_path):
    """openpyxl reads styles.xml whole, inflating all of it before the CRC check fails."""
    members = corpus._members(EXAMPLE)
    entries = [corpus._entry(name, data) for name, data in members.items() if name != "xl/styles.xml"]
    styles = corpus._entry("xl/styles.xml", members["xl/styles.xml"] + b" " * 2**20)
    corpus._raw_zip(tmp_path / "liar.xlsx", entries + [styles._replace(size=len(members["xl/styles.xml"]))])
    with pytest.raises(Unreadable, match="không giải nén được"):
        inspect(tmp_path / "liar.xlsx")


def test_a_structure_part_declared_as_a_sheet_is_refused():
    members = corpus._members(EXAMPLE)
    rels = members["xl/_rels/workbook.xml.rels"].replace(b'Target="/xl/worksheets/sheet7.xml"',
                                                           b'Target="/xl/workbook.xml"')
    with pytest.raises(Unreadable, match="xl/workbook.xml vừa là phần cấu trúc"):
        inspect(_zip_bytes(members | {"xl/_rels/workbook.xml.rels": rels}))


READ_BY_CONSOLIDATE = {
    "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml",
    "docProps/core.xml",
    *(f"xl/worksheets/sheet{n}.xml" for n in range(2, 12)),
    *(f"xl/worksheets/_rels/sheet{n}.xml.rels" for n in range(2, 12)),
}
"""The example's parts for the input sheets: structure, the seven input sheets, the report's two and "Danh mục"
(the workbook's own list) with their relationships,
the styles and the document's properties (no shared strings: openpyxl writes text inline; the tables are
read for their Total Rows, but no engine reads them)."""


def test_the_engines_get_the_checked_parts_and_nothing_else():
    package = inspect(EXAMPLE.read_bytes(), is_input_sheet)
    assert set(package.parts) == READ_BY_CONSOLIDATE
    with zipfile.ZipFile(io.BytesIO(stored(package.parts))) as handed_on:
        assert handed_on.testzip() is None
        assert {info.filename: handed_on.read(info) for info in handed_on.infolist()} == package.parts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_broken_part_no_engine_reads_does_not_stop_the_read(tmp_path, engine):
    """The theme lies about its size (a bomb, were it read) and the guide's sheet is cut short: the input
    sheets read as from the example, since neither part reaches an engine."""
    members = corpus._members(EXAMPLE)
    broken = {"xl/theme/theme1.xml": members["xl/theme/theme1.xml"] + b" " * 2**20,
              "xl/worksheets/sheet1.xml": members["xl/worksheets/sheet1.xml"][:100]}
    entries = [corpus._entry(name, broken.get(name, data)) for name, data in members.items()]
    entries = [entry._replace(size=len(members[entry.name])) if entry.name in broken else entry for entry in entries]
    corpus._raw_zip(tmp_path / "broken.xlsm", entries)
    assert (read_workbook(tmp_path / "broken.xlsm", engine, is_input_sheet)
            == read_workbook(EXAMPLE, engine, is_input_sheet))
    with pytest.raises(Unreadable):
        read_workbook(tmp_path / "broken.xlsm", engine)


def test_what_a_structure_part_says_is_remembered_by_its_exact_bytes():
    """The workbooks of an inbox share their structure parts; one byte changed is read anew."""
    members = corpus._members(EXAMPLE)
    renamed = members["xl/workbook.xml"].replace("\"Dự án\"".encode(), "\"Dự án 2\"".encode())
    doctype = corpus._with_doctype(members["xl/_rels/workbook.xml.rels"])
    for _ in range(2):
        seen: list[str] = []
        inspect(_zip_bytes(members).getvalue(), lambda name: seen.append(name) or True)
        assert "Dự án" in seen
        seen.clear()
        inspect(_zip_bytes(members | {"xl/workbook.xml": renamed}).getvalue(), lambda name: seen.append(name) or True)
        assert "Dự án 2" in seen and "Dự án" not in seen
        with pytest.raises(Unreadable, match="DTD"):
            inspect(_zip_bytes(members | {"xl/_rels/workbook.xml.rels": doctype}).getvalue())


@pytest.mark.parametrize(("mimetype", "said"), [("application/vnd.oasis.opendocument.spreadsheet", "bảng tính OpenDocument"),
                                                ("application/vnd.oasis.opendocument.text", "văn bản .odt")])
def test_an_opendocument_file_renamed_xlsx_is_named_by_its_mimetype(tmp_path, mimetype, said):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(_zip_bytes({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"}).getvalue())
    for engine in ENGINES:
        with pytest.raises(Unreadable, match=said):
            read_workbook(path, engine)


def _piled_up_styles(styles: bytes, count: int) -> bytes:
    """What years of copying sheets between workbooks leave: named styles with fonts of their own, and cell
    formats with alignments, some of them dates (165, dd/mm/yyyy) and durations (46, [h]:mm:ss)."""
    fonts = b"".join(b'<font><sz val="%d"/><name val="Times New Roman"/></font>' % (8 + i % 9) for i in range(count))
    named = b"".join(b'<xf numFmtId="0" fontId="%d" fillId="0" borderId="0"/>' % (6 + i) for i in range(count))
    names = b"".join('<cellStyle name="Kiểu {}" xfId="{}"/>'.format(i, 1 + i).encode() for i in range(count))
    formats = b"".join(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
                       b'<alignment wrapText="1"/></xf>' % (0, 165, 46, 3)[i % 4] for i in range(count))
    return (styles.replace(b"</fonts>", fonts + b"</fonts>").replace(b"</cellStyleXfs>", named + b"</cellStyleXfs>")
            .replace(b"</cellXfs>", formats + b'</cellXfs><cellStyles><cellStyle name="Normal" xfId="0" '
                                              b'builtinId="0"/>' + names + b"</cellStyles>"))


@pytest.mark.parametrize("engine", ENGINES)
def test_the_engines_get_the_styles_a_value_depends_on_and_read_the_same_values(tmp_path, monkeypatch, engine):
    """Of the styles, the engines get the number formats and each cell format's number format, in order, up
    to the last a cell names: the same values, dates and durations as from the whole part, in a fraction of
    its bytes."""
    from kehoach_xl.io import package as guard

    members = corpus._members(EXAMPLE)
    members["xl/styles.xml"] = _piled_up_styles(members["xl/styles.xml"], 3_000)
    sheet = "xl/worksheets/sheet7.xml"
    members[sheet] = members[sheet].replace(b"</sheetData>", b'<row r="400"><c r="A400" s="%d"><v>45000.5</v></c>'
                                            b'<c r="B400" s="%d"><v>1.25</v></c><c r="C400" s="21"><v>7</v></c>'
                                            b"</row></sheetData>" % (21 + 3_000 - 3, 21 + 3_000 - 2))
    path = tmp_path / "kieu.xlsm"
    corpus._zip(path, members)
    styles = inspect(path.read_bytes(), is_input_sheet).parts["xl/styles.xml"]
    # Of more than a thousand cell formats, the last one no cell names goes too.
    assert len(styles) * 5 < len(members["xl/styles.xml"]) and styles.count(b"<xf ") == 21 + 3_000 - 1
    reduced = read_workbook(path, engine, is_input_sheet)
    monkeypatch.setattr(guard, "value_styles", lambda xml, others: xml)
    assert reduced == read_workbook(path, engine, is_input_sheet)
    row = reduced["Hoạt động"][399]
    assert (type(row[0]).__name__, type(row[1]).__name__, row[2]) == ("datetime", "timedelta", 7)
