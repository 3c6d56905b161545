"""Files nobody here made (issue 22): what other spreadsheet programs write is read, with one verdict.

Each case is built by code from the example, with the few bytes that make it:
the verdict (the findings, or the reason a file is not read) is the same from
`validate` with either engine tried first and from `consolidate`, and every
message is plain Vietnamese.
"""

import json
import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import corpus
import kehoach_xl
from conftest import EXAMPLE, ROOT
from kehoach_xl.io import engines
from kehoach_xl.io.engines import ENGINES, Unreadable, read_file
from kehoach_xl.io.guard import check
from kehoach_xl.io.guard.bounds import MAX_CELLS
from kehoach_xl.shells.cli import main

ACTIVITIES = corpus.ACTIVITIES_PART
GUARD_DOC = ROOT / "docs" / "guard.md"
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
    assert len(read_file(path, "openpyxl").data["Hoạt động"]) == 1_048_576


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
        check(path)
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


def test_part_names_in_another_case_are_the_parts_the_structure_names(tmp_path):
    """The format compares part names without regard to case (ECMA-376 Part 2, 9.1.1.1): every part
    renamed in capitals while the content types and relationships name them in small letters is one
    workbook, read by the engine asked first (openpyxl given each part under the name it looks up)."""
    path = tmp_path / "chu-hoa.xlsm"
    corpus._zip(path, _renamed(corpus._members(EXAMPLE), str.upper))
    assert one_verdict(path, tmp_path) == []
    for engine in ENGINES:
        assert read_file(path, engine, engines.is_input_sheet).engine == engine


def test_a_workbook_with_parts_in_another_case_is_no_zip_of_files_in_the_inbox(tmp_path):
    """In a .zip, a workbook saved with no extension is known by its parts, whatever their case."""
    workbook = tmp_path / "KeHoach"
    corpus._zip(workbook, _renamed(corpus._members(EXAMPLE), str.upper))
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    corpus._zip(inbox / "gui.zip", {"KeHoach": workbook.read_bytes()})
    (result,) = kehoach_xl.consolidate(inbox).files
    assert (result.name, result.reason, result.findings) == ("gui.zip/KeHoach", "", ())


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
    assert read_file(path, "calamine", engines.is_input_sheet).engine == "openpyxl"


def test_an_engine_that_cannot_load_leaves_the_other(monkeypatch, tmp_path, capsys):
    """python-calamine does not load under wine: --engine calamine reads with openpyxl, and says so."""

    def not_loaded():
        raise ImportError("DLL load failed while importing _python_calamine")

    monkeypatch.setitem(ENGINES, "calamine", not_loaded)
    assert main(["validate", str(EXAMPLE), "--engine", "calamine", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["engine"] == "openpyxl"


def test_the_json_of_a_file_no_engine_reads_says_which_were_tried(tmp_path, capsys):
    """A sheet whose relationship is missing: each engine gives up, in the order asked."""
    members = corpus._members(EXAMPLE)
    members["xl/workbook.xml"] = re.sub(rb'r:id="rId[0-9]+"', b'r:id="rId999"', members["xl/workbook.xml"], count=1)
    path = tmp_path / "khong-doc-duoc.xlsm"
    corpus._zip(path, members)
    for first, then in (ENGINES, reversed(ENGINES)):
        assert main(["validate", str(path), "--engine", first, "--json"]) == 2
        report = json.loads(capsys.readouterr().out)
        assert (report["engine"], report["tried"]) == (None, [first, then])
        assert report["error"].startswith("Tệp Excel bị hỏng, không đọc được.")


def test_nothing_an_engine_prints_reaches_the_json(monkeypatch, tmp_path, capsys):
    """A named style pointing to no style (SheetJS's xlsx-stream-d-date-cell.xlsx) made openpyxl print "0 is
    out of range" on stdout, then fail: it is no longer given the named styles (`value_styles`) and reads the
    file.  An engine that prints and fails (openpyxl on it, given the whole styles part) prints nothing
    through ours, and the other one reads."""
    from kehoach_xl.io import guard

    members = corpus._members(EXAMPLE)
    members["xl/styles.xml"] = re.sub(rb"<cellStyleXfs.*?</cellStyleXfs>", b'<cellStyleXfs count="0"/>',
                                      members["xl/styles.xml"])
    path = tmp_path / "in-ra.xlsm"
    corpus._zip(path, members)
    for engine in ENGINES:
        assert main(["validate", str(path), "--engine", engine, "--json"]) == 0
        out = capsys.readouterr()
        assert (json.loads(out.out)["engine"], out.err) == (engine, "")
    assert one_verdict(path, tmp_path) == []
    monkeypatch.setattr(guard, "value_styles", lambda xml, others: xml)
    for engine in ENGINES:
        assert main(["validate", str(path), "--engine", engine, "--json"]) == 0
        out = capsys.readouterr()
        assert (json.loads(out.out)["engine"], out.err) == ("calamine", "")


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
    assert {read_file(path, engine).engine for engine in ENGINES} == set(ENGINES)


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


def test_a_workbook_encrypted_with_excels_default_password_is_read_as_excel_opens_it(tmp_path):
    """Excel encrypts with "VelvetSweatshop" when nobody gave a password to open, and opens the file without
    asking: so does every command, decrypting in memory, with no clear copy beside the file."""
    path = corpus.encrypted(tmp_path / "mac-dinh.xlsm", EXAMPLE.read_bytes(), "VelvetSweatshop")
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert one_verdict(path, tmp_path) == []
    for engine in ENGINES:
        assert read_file(path, engine, engines.is_input_sheet).engine == engine
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [path.name]


def test_the_decrypted_workbook_is_held_to_every_bound(tmp_path):
    plain = tmp_path / "dtd.xlsx"
    corpus._entity_bomb_in_sheet(plain)
    path = corpus.encrypted(tmp_path / "mac-dinh-dtd.xlsx", plain.read_bytes(), "VelvetSweatshop")
    assert f"Phần {ACTIVITIES} có khai báo DTD" in one_verdict(path, tmp_path)


def test_without_the_decryption_library_an_encrypted_file_is_not_called_a_password_nobody_set(monkeypatch,
                                                                                              tmp_path):
    """cryptography does not load under wine 8.0 (tests/test_windows.py): the reason says so."""
    path = corpus.encrypted(tmp_path / "mac-dinh.xlsm", EXAMPLE.read_bytes(), "VelvetSweatshop")
    monkeypatch.setitem(sys.modules, "msoffcrypto.format.ooxml", None)
    with pytest.raises(Unreadable, match="không nạp được thư viện giải mã"):
        read_file(path)


@pytest.mark.parametrize(("password", "spin_count"), [("matkhau", 100_000), ("VelvetSweatshop", 1_000_001)],
                         ids=["a password", "too many hashing rounds"])
def test_any_other_password_is_still_refused(tmp_path, password, spin_count):
    path = corpus.encrypted(tmp_path / "mat-khau.xlsm", EXAMPLE.read_bytes(), password, spin_count)
    assert one_verdict(path, tmp_path).startswith("Tệp có đặt mật khẩu mở. Hãy gỡ mật khẩu")


def _with_doctype_in(part: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        members = corpus._members(EXAMPLE)
        xml = corpus._with_doctype(members[part])
        if encoding != "utf-8":
            xml = xml.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>', 1)
            xml = xml.replace(b'encoding="UTF-8" ', b"", 1).decode().encode(encoding)
        corpus._zip(path, members | {part: xml})
    return write


def _beyond_excel(rows: bytes) -> Callable[[Path], None]:
    return lambda path: with_rows(path, ACTIVITIES, rows)


DOCTYPE = "có khai báo DTD (có thể là bom thực thể XML)"
REFUSED: dict[str, list[tuple[str, Callable[[Path], None], str]]] = {
    "a file over 50 MB": [("file", corpus._too_large, "Tệp nặng 51 MB")],
    "members unpacking to over 50 MB in total": [("unpacked", lambda path: corpus._bomb(path, 1024),
                                                  "giải nén ra 1.024 MB")],
    "a member over 1 MB that unpacks more than 100 times its packed size": [
        ("ratio", lambda path: corpus._bomb(path, 32), "nén nhỏ hơn 100 lần")],
    "more than 1,000 members, or two with the same name": [
        ("members", corpus._many_members, "phần, quá 1.000 phần"),
        ("names differing only in case", corpus._duplicate_member, "hai phần cùng tên")],
    "the cells the engines lay out over 10 million in total": [
        ("cells", corpus._far_cell, 'Trang tính "Hoạt động" có ô dữ liệu ở tận XFD1048576')],
    "a shared-strings table declaring more strings than that": [
        ("strings", corpus._strings_count, "hơn 10.000.000 chuỗi")],
    "rows or columns beyond Excel's (1,048,576 × XFD)": [
        ("row", _beyond_excel(b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>'), "ngoài giới hạn của Excel"),
        ("column", _beyond_excel(b'<row r="900"><c r="XFE900"><v>1</v></c></row>'), "ngoài giới hạn của Excel")],
    "any DTD (`<!DOCTYPE`) in any XML part": [
        ("a sheet read", _with_doctype_in(ACTIVITIES), f"Phần {ACTIVITIES} {DOCTYPE}"),
        ("the guide's sheet", _with_doctype_in("xl/worksheets/sheet1.xml"), f"Phần xl/worksheets/sheet1.xml {DOCTYPE}"),
        ("a table", _with_doctype_in("xl/tables/table1.xml"), f"Phần xl/tables/table1.xml {DOCTYPE}"),
        ("the properties", _with_doctype_in("docProps/app.xml"), f"Phần docProps/app.xml {DOCTYPE}"),
        ("the theme", _with_doctype_in("xl/theme/theme1.xml"), f"Phần xl/theme/theme1.xml {DOCTYPE}"),
        ("the ribbon", _with_doctype_in("customUI/customUI14.xml"), f"Phần customUI/customUI14.xml {DOCTYPE}"),
        ("a drawing's relationships", _with_doctype_in("xl/drawings/_rels/drawing1.xml.rels"),
         f"Phần xl/drawings/_rels/drawing1.xml.rels {DOCTYPE}"),
        ("UTF-16, unread", _with_doctype_in("docProps/app.xml", "utf-16"), f"Phần docProps/app.xml {DOCTYPE}")],
}
"""Each row of the table of refusals in docs/guard.md, by its first cell: files that break its bound, and the reason."""


def test_every_row_of_the_guards_table_of_refusals_has_its_cases():
    table = GUARD_DOC.read_text(encoding="utf-8").split("| refused | bound | why |\n|---|---|---|\n")[1].split("\n\n")[0]
    rows = [line.split(" | ")[0].removeprefix("| ") for line in table.splitlines()]
    assert len(rows) == len(REFUSED) and all(map(str.startswith, rows, REFUSED)), rows


@pytest.mark.parametrize(("make", "said"), [case[1:] for cases in REFUSED.values() for case in cases],
                         ids=[case[0] for cases in REFUSED.values() for case in cases])
def test_each_refusal_of_the_guard_doc_is_one_verdict_with_its_reason(tmp_path, make, said):
    path = tmp_path / "tu-choi.xlsm"
    make(path)
    assert said in vietnamese(one_verdict(path, tmp_path))
    assert main(["validate", str(path)]) == 2


def test_a_part_no_command_reads_is_read_only_up_to_its_root_element(tmp_path):
    """After the root element, "<!DOCTYPE" is text, not a DTD, and a broken stream is not inflated."""
    members = corpus._members(EXAMPLE)
    app = members["docProps/app.xml"].replace(b"</Properties>", b"<![CDATA[<!DOCTYPE x>]]></Properties>")
    entries = [corpus._entry(name, app if name == "docProps/app.xml" else data) for name, data in members.items()]
    theme = next(entry for entry in entries if entry.name == "xl/theme/theme1.xml")
    entries[entries.index(theme)] = theme._replace(deflated=theme.deflated[:200] + b"\xff" * len(theme.deflated))
    corpus._raw_zip(tmp_path / "sau-goc.xlsm", entries)
    assert one_verdict(tmp_path / "sau-goc.xlsm", tmp_path) == []


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
