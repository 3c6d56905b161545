"""Files nobody here made (issue 22): what other spreadsheet programs write is read, with one verdict.

Each case is built by code from the example, with the few bytes that make it:
the verdict (the findings, or the reason a file is not read) is the same from
`validate` with either engine tried first and from `consolidate`, and every
message is plain Vietnamese.
"""

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

import corpus
import kehoach_xl
from conftest import EXAMPLE
from kehoach_xl.io import engines
from kehoach_xl.io.engines import ENGINES, Unreadable, read_book
from kehoach_xl.io.package import MAX_CELLS, inspect
from kehoach_xl.shells.cli import main

ACTIVITIES = corpus.ACTIVITIES_PART
ENGLISH = re.compile(r"\b\w*(?:Error|Exception|Zip|File)\b|\b(?:days?|nan|inf|None|True|False)\b")
"""What an untranslated reason shows: a class name, a Python value."""


def vietnamese(text: str) -> str:
    assert not ENGLISH.search(text), text
    return text


def verdicts(path: Path, tmp_path: Path) -> list[object]:
    """What validate (each engine tried first) and consolidate say of one file: the findings (code and
    cell), or the reason it is not read."""
    said: list[object] = []
    for engine in ENGINES:
        try:
            said.append(sorted((f.code, str(f.place)) for f in kehoach_xl.read(path, engine).findings))
        except Unreadable as reason:
            said.append(vietnamese(str(reason)))
    inbox = tmp_path / f"hop-thu-{len(list(tmp_path.glob('hop-thu-*')))}"
    inbox.mkdir()
    os.link(path, inbox / path.name)
    (result,) = kehoach_xl.consolidate(inbox).files
    said.append(vietnamese(result.reason) if result.reason else sorted((f.code, str(f.place)) for f in result.findings))
    return said


def one_verdict(path: Path, tmp_path: Path) -> object:
    said = verdicts(path, tmp_path)
    assert said == [said[0]] * len(said), said
    return said[0]


def with_rows(path: Path, part: str, rows: bytes, members: dict[str, bytes] | None = None) -> Path:
    """The example with `rows` added at the end of a sheet part's data."""
    members = members or corpus._members(EXAMPLE)
    corpus._zip(path, members | {part: members[part].replace(b"</sheetData>", rows + b"</sheetData>")})
    return path


BOLD_EMPTY = b'<row r="1048575"><c r="A1048575" s="1"/></row><row r="1048576"><c r="XFD1048576" s="1"></c></row>'
"""Two formatted cells with no value, far down: what formatting whole blocks of rows leaves."""


@pytest.mark.slow
def test_formatted_empty_cells_far_down_are_no_data(tmp_path):
    """openpyxl walks the rows down to them, calamine lays out none: a few million cells, not 17 billion."""
    path = with_rows(tmp_path / "dinh-dang.xlsm", ACTIVITIES, BOLD_EMPTY)
    assert one_verdict(path, tmp_path) == []
    assert len(read_book(path, "openpyxl").data["Hoạt động"]) == 1_048_576


def test_a_notes_sheet_is_bounded_alike_by_validate_and_consolidate(tmp_path):
    """Both read the plan's sheets only: a notes sheet with a value at XFD1048576 stops neither."""
    path = with_rows(tmp_path / "ghi-chu.xlsm", "xl/worksheets/sheet1.xml",
                     b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert one_verdict(path, tmp_path) == []


def test_a_value_far_away_is_still_refused_by_every_command(tmp_path):
    path = with_rows(tmp_path / "xa.xlsm", ACTIVITIES, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    reason = one_verdict(path, tmp_path)
    assert 'Trang tính "Hoạt động" có ô dữ liệu ở tận XFD1048576' in reason
    assert "quá giới hạn 10.000.000 ô" in reason


def test_formatted_cells_far_right_in_many_rows_are_bounded_as_openpyxl_lays_them_out(tmp_path):
    """openpyxl makes each row as wide as its last cell, formatted or not: 700 rows to XFD are 11 million."""
    rows = b"".join(b'<row r="%d"><c r="XFD%d" s="1"/></row>' % (row, row) for row in range(100, 800))
    path = with_rows(tmp_path / "rong.xlsm", ACTIVITIES, rows)
    with pytest.raises(Unreadable, match="có ô đã định dạng \\(không có dữ liệu\\) trải tới dòng 799: vùng cần đọc là "
                                         "11.4"):
        inspect(path)
    assert 700 * 16_384 > MAX_CELLS
    vietnamese(one_verdict(path, tmp_path))


def _renamed(members: dict[str, bytes], rename) -> dict[str, bytes]:
    return {rename(name): data for name, data in members.items()}


def test_part_names_with_backslashes_are_read_as_office_reads_them(tmp_path):
    """Office and calamine read xl\\workbook.xml as xl/workbook.xml; renamed ….xlsm_, it is one workbook."""
    path = tmp_path / "gach-nguoc.xlsm_"
    corpus._zip(path, _renamed(corpus._members(EXAMPLE), lambda name: name.replace("/", "\\")))
    assert one_verdict(path, tmp_path) == []
    assert [result.name for result in kehoach_xl.consolidate(path.parent / "hop-thu-0").files] == [path.name]


@pytest.mark.parametrize("folder", ["wtf/", ""], ids=["another folder", "the root"])
def test_the_workbook_part_is_the_one_the_package_relationships_name(tmp_path, folder):
    """SheetJS's wtf_path.xlsx, calamine's minimal_package.xlsx."""
    members = _renamed(corpus._members(EXAMPLE), lambda name: folder + name[3:] if name.startswith("xl/") else name)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"xl/workbook.xml", f"{folder}workbook.xml".encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b'"/xl/', f'"/{folder}'.encode())
    path = tmp_path / "noi-khac.xlsm_"  # renamed by a mail filter: read by its content
    corpus._zip(path, members)
    assert one_verdict(path, tmp_path) == []


def test_a_workbook_part_at_the_root_beside_xl_is_read(tmp_path):
    """PhpSpreadsheet's rootZipFiles.xlsx: workbook.xml at the root, its sheets in xl/, named from the root."""
    members = corpus._members(EXAMPLE)
    members["workbook.xml"] = members.pop("xl/workbook.xml")
    members["_rels/workbook.xml.rels"] = members.pop("xl/_rels/workbook.xml.rels").replace(b'Target="/xl/',
                                                                                           b'Target="xl/')
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"xl/workbook.xml", b"workbook.xml")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b'"/xl/workbook.xml"', b'"/workbook.xml"')
    path = tmp_path / "goc.xlsm"
    corpus._zip(path, members)
    assert one_verdict(path, tmp_path) == []


def test_a_moved_workbook_part_is_checked_like_any_other(tmp_path):
    members = _renamed(corpus._members(EXAMPLE), lambda name: "wtf/" + name[3:] if name.startswith("xl/") else name)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"xl/workbook.xml", b"/wtf/workbook.xml")
    members["wtf/workbook.xml"] = corpus._with_doctype(members["wtf/workbook.xml"])
    path = tmp_path / "noi-khac.xlsm"
    corpus._zip(path, members)
    assert "Phần xl/workbook.xml có khai báo DTD" in one_verdict(path, tmp_path)


MACRO_SHEET = (b'<Relationship Id="rId90" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" '
               b'Target="macrosheets/sheet1.xml"/></Relationships>')


def test_a_file_one_engine_cannot_read_is_read_by_the_other(tmp_path):
    """An Excel 4.0 macro sheet whose part is missing: calamine gives up on the whole workbook, openpyxl
    reads the plan; every command then reads it with openpyxl."""
    members = corpus._members(EXAMPLE)
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="Macro1" sheetId="90" r:id="rId90" '
                      b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets>')
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>",
                                                                                          MACRO_SHEET)
    path = tmp_path / "macro.xlsm"
    corpus._zip(path, members)
    assert one_verdict(path, tmp_path) == []
    assert read_book(path, "calamine", engines.is_input_sheet).engine == "openpyxl"


def test_an_engine_that_cannot_load_leaves_the_other(monkeypatch, tmp_path, capsys):
    """python-calamine does not load under wine: --engine calamine reads with openpyxl, and says so."""

    def not_loaded():
        raise ImportError("DLL load failed while importing _python_calamine")

    monkeypatch.setitem(ENGINES, "calamine", not_loaded)
    assert main(["validate", str(EXAMPLE), "--engine", "calamine", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"] == "openpyxl"


def test_nothing_an_engine_prints_reaches_the_json(tmp_path, capsys):
    """A cell style pointing to no style (SheetJS's xlsx-stream-d-date-cell.xlsx): openpyxl prints
    "0 is out of range" on stdout, then fails; calamine reads the file."""
    members = corpus._members(EXAMPLE)
    members["xl/styles.xml"] = re.sub(rb"<cellStyleXfs.*?</cellStyleXfs>", b'<cellStyleXfs count="0"/>',
                                      members["xl/styles.xml"])
    path = tmp_path / "in-ra.xlsm"
    corpus._zip(path, members)
    for engine in ENGINES:
        assert main(["validate", str(path), "--engine", engine, "--json"]) == 0
        out = capsys.readouterr()
        assert (json.loads(out.out)["engine"], out.err) == ("calamine", "")
    assert one_verdict(path, tmp_path) == []


PROJECTS = "xl/worksheets/sheet6.xml"
"""The "Dự án" sheet of the example; D11 holds 5.000.000 đồng."""


def _project_amount(path: Path, value: bytes, members: dict[str, bytes] | None = None) -> Path:
    members = members or corpus._members(EXAMPLE)
    sheet, replaced = re.subn(rb'(<c r="D11" s="[0-9]+" t="n">)<v>5000000</v>', rb"\1<v>%s</v>" % value,
                              members[PROJECTS])
    assert replaced == 1
    corpus._zip(path, members | {PROJECTS: sheet})
    return path


@pytest.mark.parametrize("stored", [b"NaN", b"-inf", b"Infinity"])
def test_a_number_that_is_not_finite_is_a_finding_at_its_cell(tmp_path, stored):
    path = _project_amount(tmp_path / "nan.xlsm", stored)
    assert ("number-not-finite", "Dự án!D11") in one_verdict(path, tmp_path)
    (found,) = [f for f in kehoach_xl.read(path).findings if f.code == "number-not-finite"]
    assert "Hãy nhập lại giá trị của ô" in vietnamese(found.message)


def test_a_money_cell_formatted_as_a_duration_is_its_number(tmp_path):
    """[HH] makes the engines give a timedelta: 12,3 days is shown as 12.3, not "12 days, 7:12:00"."""
    members = corpus._members(EXAMPLE)
    styles = members["xl/styles.xml"]
    count = int(re.search(rb'<cellXfs count="([0-9]+)"', styles)[1])
    styles = re.sub(rb'<cellXfs count="[0-9]+">(.*?)</cellXfs>',
                    lambda found: b'<cellXfs count="%d">%s<xf numFmtId="46" applyNumberFormat="1"/></cellXfs>'
                    % (count + 1, found[1]), styles, flags=re.S)
    members = members | {"xl/styles.xml": styles,
                         PROJECTS: members[PROJECTS].replace(b'<c r="D11" s="15"', b'<c r="D11" s="%d"' % count)}
    path = _project_amount(tmp_path / "gio.xlsm", b"12.3", members)
    assert ("money-fractional", "Dự án!D11") in one_verdict(path, tmp_path)
    for engine in ENGINES:
        (found,) = [f for f in kehoach_xl.read(path, engine).findings if f.code == "money-fractional"]
        assert vietnamese(found.message).startswith("Kinh phí 12.3 có phần lẻ")


def test_control_characters_in_a_shared_string_do_not_break_the_file(tmp_path):
    """Written as they are (not as _x0001_), which XML forbids: calamine reads them, openpyxl now too."""
    members = corpus._with_shared_strings(corpus._members(EXAMPLE), corpus._SST % (b"1", b"1")
                                          + "<si><t>Mã\x01\x02</t></si></sst>".encode())
    path = tmp_path / "dieu-khien.xlsm"
    corpus._zip(path, members)
    verdict = one_verdict(path, tmp_path)
    assert not isinstance(verdict, str), verdict
    assert {read_book(path, engine).engine for engine in ENGINES} == set(ENGINES)


def test_a_unit_name_longer_than_a_document_property_is_exported(tmp_path):
    from docx import Document

    from workbooks import set_cell, with_defect

    unit = "xã Cẩm Lương " * 25
    path = with_defect(set_cell("Thông tin", "B4", unit.strip()), tmp_path / "dai.xlsm")
    assert main(["export", str(path), "-o", str(tmp_path / "ra")]) == 0
    (written,) = (tmp_path / "ra").iterdir()
    properties = Document(written).core_properties
    assert len(properties.author) == 255 and properties.author.endswith("…")


@pytest.mark.parametrize(("make", "said"), [
    (lambda path: path.write_bytes(EXAMPLE.read_bytes()[:-30]), "Tệp bị cắt cụt"),
    (lambda path: corpus._raw_zip(path, [corpus._entry(name, data)._replace(crc=0) if name == PROJECTS
                                         else corpus._entry(name, data)
                                         for name, data in corpus._members(EXAMPLE).items()]),
     "Tệp Excel bị hỏng, không giải nén được. Hãy xin gửi lại tệp."),
])
def test_a_broken_file_is_said_so_in_plain_vietnamese(tmp_path, make, said):
    path = tmp_path / "hong.xlsx"
    make(path)
    assert said in one_verdict(path, tmp_path)


@pytest.mark.slow
def test_a_sound_file_too_large_for_a_plan_is_said_so_without_calling_it_a_bomb(tmp_path):
    """A part a plan does not need, 60 MB unpacked, packed to half of it (a sound file, no bomb)."""
    members = corpus._members(EXAMPLE)
    path = tmp_path / "lon.xlsm"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
        package.writestr("xl/media/data.bin", os.urandom(30 * 2**20).hex())
    reason = one_verdict(path, tmp_path)
    assert "quá lớn cho một sổ kế hoạch" in reason and "bom" not in reason


FILE_MODULES = {"builtins", "importlib", "io", "json", "os", "pathlib", "shutil", "tempfile", "zipfile", "openpyxl",
                "python_calamine", "xlwings"}


def test_the_core_reads_no_file_not_even_package_data():
    """The legacy encodings are read in io/ with the catalogs and handed in, as the catalogs are."""
    import ast

    core = Path(kehoach_xl.__file__).parent / "core"
    for module in core.glob("*.py"):
        tree = ast.parse(module.read_text("utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Name)}
        assert not imported & FILE_MODULES and "open" not in called, module.name
