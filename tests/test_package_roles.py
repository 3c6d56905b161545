"""A part the guard checked for one role must not reach an engine that reads it in another.

The engines are given only the parts the guard inflated, but they find those
parts their own way: python-calamine takes the workbook's folder from
_rels/.rels, the shared strings and styles at fixed names (case and
backslashes ignored), a relationship's Target without unescaping it;
openpyxl takes the workbook from [Content_Types].xml.  Each file here makes
an engine lay out a grid, or reserve strings, that the guard did not count:
calamine aborts the process, openpyxl fills the memory.  The guard must
refuse them all.
"""

import io
import zipfile

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

import corpus
from conftest import EXAMPLE
from kehoach_xl.io.engines import ENGINES, read_file
from kehoach_xl.io.guard import Unreadable, check
from kehoach_xl.io.engines import is_input_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET = RELATIONSHIPS + "/worksheet"
SHARED_STRINGS = RELATIONSHIPS + "/sharedStrings"
ACTIVITIES = "xl/worksheets/sheet7.xml"
"""The example's "Hoạt động", an input sheet."""
FAR = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
       '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>').encode()
"""A1 and XFD1048576: a grid of 17 billion cells."""


def _package(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in members.items():
            package.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compression)
    return buffer.getvalue()


def _example() -> dict[str, bytes]:
    return corpus._members(EXAMPLE)


def _add(members: dict[str, bytes], part: str, before: bytes, added: str) -> None:
    members[part] = members[part].replace(before, added.encode() + before)


def _rels(members: dict[str, bytes], added: str) -> None:
    _add(members, "xl/_rels/workbook.xml.rels", b"</Relationships>", added)


def _sheet(members: dict[str, bytes], name: str, rid: str, target: str) -> None:
    _rels(members, f'<Relationship Id="{rid}" Type="{WORKSHEET}" Target="{target}"/>')
    _add(members, "xl/workbook.xml", b"</sheets>", f'<sheet xmlns:r="{RELATIONSHIPS}" name="{name}" sheetId="99" '
                                                  f'r:id="{rid}"/>')


def _strings(members: dict[str, bytes], *targets: str) -> None:
    """Parts the guard hands on as shared strings, which it checks for a DTD and their counts only."""
    _rels(members, "".join(f'<Relationship Id="rIdS{n}" Type="{SHARED_STRINGS}" Target="{target}"/>'
                           for n, target in enumerate(targets)))


def _other_workbook(members: dict[str, bytes]) -> None:
    """e/workbook.xml, its relationships and its one sheet, the far cell: handed on as shared strings."""
    _strings(members, "../e/workbook.xml", "../e/_rels/workbook.xml.rels", "../e/sheet.xml")
    members["e/workbook.xml"] = (f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
                                 '<sheet name="Hoạt động" sheetId="1" r:id="rId1"/></sheets></workbook>').encode()
    members["e/_rels/workbook.xml.rels"] = (f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
                                            f'Type="{WORKSHEET}" Target="sheet.xml"/></Relationships>').encode()
    members["e/sheet.xml"] = FAR


def sheet_is_another_sheets_relationships(members: dict[str, bytes]) -> None:
    """Read first as "Hoạt động"'s relationships (a structure part), never as a sheet."""
    _sheet(members, "Dự án&#x200B;", "rId90", "worksheets/_rels/sheet7.xml.rels")
    members["xl/worksheets/_rels/sheet7.xml.rels"] = FAR


def workbook_elsewhere_for_calamine(members: dict[str, bytes]) -> None:
    """calamine reads {folder of _rels/.rels' officeDocument}workbook.xml."""
    _other_workbook(members)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="e/workbook.xml"')


def workbook_elsewhere_for_openpyxl(members: dict[str, bytes]) -> None:
    """openpyxl reads the part [Content_Types].xml calls the workbook."""
    _other_workbook(members)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b'PartName="/xl/workbook.xml"',
                                                                            b'PartName="/e/workbook.xml"')


def two_sheets_share_a_relationship(members: dict[str, bytes]) -> None:
    """"Hoạt động" and "Danh mục" (after it) both say rId9: the guard names the part after the catalog,
    which consolidate skips, and the part is xl/styles.xml, handed on as the styles."""
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'r:id="rId7"', b'r:id="rId9"')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b'Target="/xl/worksheets/sheet9.xml"', b'Target="/xl/styles.xml"')
    members["xl/styles.xml"] = (f'<styleSheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                                '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></styleSheet>').encode()


def backslashes_in_a_name(members: dict[str, bytes]) -> None:
    """calamine finds xl\\worksheets\\sheet7.xml at xl/worksheets/sheet7.xml, the last such name winning."""
    _add(members, "[Content_Types].xml", b"</Types>", '<Override PartName="/xl\\worksheets\\sheet7.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    members["xl\\worksheets\\sheet7.xml"] = FAR


def escaped_target(members: dict[str, bytes]) -> None:
    """calamine does not unescape a Target: it reads the part named xl/worksheets/sheet&#55;.xml."""
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b'Target="/xl/worksheets/sheet7.xml"', b'Target="worksheets/sheet&#55;.xml"')
    _strings(members, "worksheets/sheet&amp;#55;.xml")
    members["xl/worksheets/sheet&#55;.xml"] = FAR


def _far_row(cell: str) -> bytes:
    return (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
            f'<row r="1048576">{cell}</row></sheetData></worksheet>').encode()


def ref_inside_another_attribute(members: dict[str, bytes]) -> None:
    members[ACTIVITIES] = _far_row("<c x=' r=\"A1\"' r=\"XFD1048576\"><v>1</v></c>")


def ref_only_inside_other_attributes(members: dict[str, bytes]) -> None:
    """The cells have no r of their own: calamine places them one after another along the last row."""
    members[ACTIVITIES] = _far_row("<c x=' r=\"A1\"'><v>1</v></c>" * 16_384)


def ref_twice(members: dict[str, bytes]) -> None:
    """Not well-formed XML, which quick-xml reads: calamine takes the last r."""
    members[ACTIVITIES] = _far_row('<c r="A1" r="XFD1048576"><v>1</v></c>')


def shared_strings_also_a_sheet(members: dict[str, bytes]) -> None:
    """Scanned as a sheet only (no cell in it), so its count goes unchecked; calamine reserves it."""
    _sheet(members, "Dự án&#x200B;", "rId90", "sharedStrings.xml")
    members["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}" uniqueCount="9999999999"/>'.encode()


def shared_strings_count_below_the_root(members: dict[str, bytes]) -> None:
    members["xl/sharedStrings.xml"] = f'<x xmlns="{MAIN}"><sst uniqueCount="9999999999"/></x>'.encode()


def shared_strings_count_twice(members: dict[str, bytes]) -> None:
    """The guard's pattern keeps the last, calamine the first."""
    members["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}" uniqueCount="9999999999" uniqueCount="1"/>'.encode()


def one_part_for_two_sheets(members: dict[str, bytes]) -> None:
    """Nine million cells, laid out once per sheet that names the part: 18 million."""
    members[ACTIVITIES] = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                           '<row r="1000000"><c r="I1000000"><v>1</v></c></row></sheetData></worksheet>').encode()
    _add(members, "xl/workbook.xml", b"</sheets>", f'<sheet xmlns:r="{RELATIONSHIPS}" name="Hoạt động&#x200B;" '
                                                  'sheetId="99" r:id="rId7"/>')


def sheet_with_two_ids(members: dict[str, bytes]) -> None:
    """A second "Hoạt động" whose r:id is the guide's and whose id (calamine takes the last) its own."""
    one_part_for_two_sheets(members)
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b'sheetId="99" r:id="rId7"',
                                                                    b'sheetId="99" r:id="rId1" id="rId7"')


HOSTILE = [sheet_is_another_sheets_relationships, workbook_elsewhere_for_calamine, workbook_elsewhere_for_openpyxl,
           two_sheets_share_a_relationship, backslashes_in_a_name, escaped_target, ref_inside_another_attribute,
           ref_only_inside_other_attributes, ref_twice, shared_strings_also_a_sheet,
           shared_strings_count_below_the_root, shared_strings_count_twice, one_part_for_two_sheets,
           sheet_with_two_ids]


@pytest.mark.parametrize("keep", [is_input_sheet, None], ids=["consolidate", "every sheet"])
@pytest.mark.parametrize("make", HOSTILE, ids=lambda make: make.__name__)
def test_a_part_an_engine_reads_in_another_role_is_refused(make, keep):
    members = _example()
    make(members)
    with pytest.raises(Unreadable):
        check(_package(members), keep or (lambda name: True))


def test_a_part_compressed_otherwise_than_excel_does_is_refused():
    """zipfile inflates a bzip2 or LZMA member in one call whatever its declared size: 1 KB of bzip2
    makes a gigabyte.  Excel, LibreOffice and every library write deflate."""
    with pytest.raises(Unreadable, match="không giải nén được"):
        check(_package(_example(), zipfile.ZIP_BZIP2))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_workbook_with_a_chart_sheet_is_read(tmp_path, engine):
    """Excel's "Move Chart → New sheet": openpyxl reads a chart sheet's drawing as it opens the book."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Hoạt động"
    for row in range(1, 6):
        sheet.append([f"hoạt động {row}", row * 10])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=5))
    book.create_chartsheet("Biểu đồ").add_chart(chart)
    book.save(tmp_path / "bieu-do.xlsx")
    assert read_file(tmp_path / "bieu-do.xlsx", engine).data["Hoạt động"][4] == ["hoạt động 5", 50]
