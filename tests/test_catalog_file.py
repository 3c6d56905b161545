"""The upper level's list: `kehoach catalog export`, `--catalog FILE` on every command, bad files refused."""

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import CATALOGS, EXAMPLE
from helpers import digest, kehoach
from kehoach_xl.builder import build
from kehoach_xl.core import contract
from kehoach_xl.io.catalogs import CatalogError, load
from workbooks import set_cell, with_defect

MADE_UP = ["2021-2025", "DA8", "Dự án", "Dự án thí điểm sinh kế của tỉnh", None, None, None]


def exported(tmp_path: Path, phase: str) -> Path:
    result = kehoach("catalog", "export", phase, "-o", tmp_path / f"{phase}.xlsx")
    assert result.returncode == 0, result.stderr
    return tmp_path / f"{phase}.xlsx"


def with_rows(path: Path, *rows: list, edit=None) -> Path:
    book = openpyxl.load_workbook(path)
    for row in rows:
        book[contract.CATALOG.sheet].append(row)
    if edit:
        edit(book[contract.CATALOG.sheet])
    out = path.with_name(f"edited-{path.name}")
    book.save(out)
    return out


@pytest.fixture
def uses_da8(tmp_path: Path) -> Path:
    """The example with Dự án 2 renamed DA8, a code only the made-up list has, and 3.000.000 đồng on it."""
    def edit(book):
        book["Dự án"]["A2"] = "DA8"
        book["Dự án"]["D2"] = 3_000_000
        book["Hoạt động"]["A2"] = "DA8"
        book["Hoạt động"]["A3"] = "DA8"
    return with_defect(edit, tmp_path / "da8.xlsx")


@pytest.mark.parametrize("phase", CATALOGS)
def test_export_writes_the_format_that_load_reads(tmp_path, phase):
    path = exported(tmp_path, phase)
    sheet = openpyxl.load_workbook(path)[contract.CATALOG.sheet]
    rows = [list(row)[:7] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Giai đoạn", "Mã", "Loại", "Tên", "Thuộc", "Nhãn", "Ghi chú"]
    origin = [[c.value for c in row] for row in sheet["I1:J4"]]
    assert origin == [["Nguồn danh mục", None], ["Cơ quan ban hành", None], ["Văn bản", None],
                      ["Ngày ban hành", None]], "beside the list, for the upper level to say who issued it"
    shipped = CATALOGS[phase]
    assert [row[1] for row in rows[1:] if row[2] != "Nguồn kinh phí"] == [item.code for item in shipped.items]
    assert [row[6] for row in rows[1:len(shipped.items) + 1]] == [
        None if item.confirmed else "Chưa xác nhận" for item in shipped.items]
    read = load(path)[phase]
    assert (read.items, read.sources, read.program, read.standards) == (
        shipped.items, shipped.sources, shipped.program, shipped.standards)


def test_export_never_overwrites_and_refuses_a_phase_it_does_not_have(tmp_path):
    first = exported(tmp_path, "2026-2030")
    again = kehoach("catalog", "export", "2026-2030", "-o", first)
    assert again.returncode == 0 and (tmp_path / "2026-2030 (2).xlsx").is_file()
    missing = kehoach("catalog", "export", "2031-2035", "-o", tmp_path / "x.xlsx")
    assert missing.returncode == 2 and "2021-2025, 2026-2030" in missing.stderr


def test_a_made_up_item_is_valid_with_the_list_that_has_it_and_unknown_without(tmp_path, uses_da8):
    listed = with_rows(exported(tmp_path, "2021-2025"), MADE_UP)
    before = digest(uses_da8), digest(listed)
    without = kehoach("validate", uses_da8, "--json")
    assert without.returncode == 1 and '"code": "unknown-code"' in without.stdout
    with_list = kehoach("validate", uses_da8, "--catalog", listed)
    assert with_list.returncode == 0, with_list.stdout + with_list.stderr
    assert "0 lỗi, 1 cảnh báo" in with_list.stdout and "catalog-not-used" in with_list.stdout
    assert (digest(uses_da8), digest(listed)) == before


def test_every_command_takes_the_list(tmp_path, uses_da8):
    listed = with_rows(exported(tmp_path, "2021-2025"), MADE_UP)
    totals = kehoach("totals", uses_da8, "--catalog", listed)
    assert totals.returncode == 0 and "Dự án 8" in totals.stdout
    assert kehoach("targets", uses_da8, "--catalog", listed).returncode == 0
    out = tmp_path / "out"
    assert kehoach("export", uses_da8, "-o", out, "--catalog", listed).returncode == 0
    text = [p.text for p in docx.Document(next(out.glob("*.docx"))).paragraphs]
    assert "5. Dự án 8: Dự án thí điểm sinh kế của tỉnh" in text  # in the list's order, after Dự án 7
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / uses_da8.name).write_bytes(uses_da8.read_bytes())
    merged = kehoach("consolidate", inbox, "-o", tmp_path / "tong-hop.xlsx", "--catalog", listed)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    names = [row for row in openpyxl.load_workbook(tmp_path / "tong-hop.xlsx")["Kinh phí"].iter_rows(values_only=True)
             if row[0] == "DA8"]
    assert names == [("DA8", "Dự án thí điểm sinh kế của tỉnh", "2021-2025", 1) + (None,) * (len(names[0]) - 4)]


def test_a_phase_the_package_does_not_ship_takes_its_years_from_its_name(tmp_path):
    listed = with_rows(exported(tmp_path, "2021-2025"), ["2031-2035", "CT1", "Chương trình", "Thử", None, None, None])
    catalogs = load(listed)
    assert list(catalogs) == ["2021-2025", "2026-2030", "2031-2035"]
    later = catalogs["2031-2035"]
    assert (later.first_year, later.last_year, later.title("CT1"), later.standards) == (2031, 2035, "Chương trình 1", ())

    source = build.load_source(build.EXAMPLE)
    source[contract.INFO.sheet] |= {"Năm kế hoạch": 2033, "Giai đoạn chương trình": "2031-2035",
                                    "Ngày ban hành": "05/2033"}
    source[contract.PROJECTS.sheet] = [{"Mã": "CT1", "Kinh phí (đồng)": 1_000_000, "Phân công thực hiện": "Giao A."}]
    source[contract.ACTIVITIES.sheet] = [{"Mã": "CT1", "Nội dung hoạt động": "Hoạt động một"}]
    plan = tmp_path / "2033.xlsx"
    build.build_workbook(source, catalogs).save(plan)
    assert kehoach("validate", plan, "--catalog", listed).returncode == 0
    own = kehoach("validate", plan, "--json")  # the workbook carries the list, and its origin, on "Danh mục"
    assert own.returncode == 0 and json.loads(own.stdout)["findings"] == []


def _delete_column(letter):
    def edit(sheet):
        sheet.delete_cols(openpyxl.utils.column_index_from_string(letter))
    return edit


def _set(cell, value):
    def edit(sheet):
        sheet[cell] = value
    return edit


@pytest.mark.parametrize("rows, edit, where, reason", [
    ((), _delete_column("E"), "Danh mục!A1", 'thiếu cột "Thuộc"'),
    ((["2021-2025", None, "Dự án", "Không mã", None, None, None],), None, "Danh mục!B27", "Mã của"),
    ((["2021-2025", "DA9.1", "Tiểu dự án", "Con", "DA9", None, None],), None, "Danh mục!E27", 'Mục cha "DA9"'),
    ((["2021-2025", 2.1, "Tiểu dự án", "Con", "DA2", None, None],), None, "Danh mục!B27", "lưu dạng số"),
    ((["2021-2025", "DA9", "Dự án", "Vòng", "DA9", None, None],), None, "Danh mục!E27", "nằm dưới chính nó"),
    ((["2021-2025", "DA2", "Dự án", "Hai lần", None, None, None],), None, "Danh mục!B27", "đã có ở dòng trên"),
    ((["giai đoạn mới", "DA9", "Dự án", "Chín", None, None, None],), None, "Danh mục!A27", "năm đầu-năm cuối"),
    ((["2025-2027", "Y1", "Dự án", "Trùng", None, None, None],), None, "Danh mục!A27", "trùng năm"),
    ((["2021-2025", "DA9", None, "Không loại", None, None, None],), None, "Danh mục!C27", "Loại đang trống"),
    ((["2021-2025", "DA9", "Dự án", "#REF!", None, None, None],), None, "Danh mục!D27", "#REF!"),
    ((), _set("D3", None), "Danh mục!D3", "Tên đang trống"),
])
def test_a_bad_list_is_refused_with_the_cell_and_the_reason(tmp_path, rows, edit, where, reason):
    bad = with_rows(exported(tmp_path, "2021-2025"), *rows, edit=edit)
    before = digest(bad)
    with pytest.raises(CatalogError) as refused:
        load(bad)
    assert f"{where}: " in str(refused.value) and reason in str(refused.value), str(refused.value)
    result = kehoach("validate", EXAMPLE, "--catalog", bad)
    assert result.returncode == 2 and where in result.stderr and "Traceback" not in result.stderr
    assert digest(bad) == before


def test_a_file_without_the_sheet_or_not_a_workbook_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Trang 1"
    book.save(tmp_path / "khac.xlsx")
    with pytest.raises(CatalogError, match='Không có trang tính "Danh mục"'):
        load(tmp_path / "khac.xlsx")
    (tmp_path / "rong.xlsx").write_bytes(b"")
    result = kehoach("validate", EXAMPLE, "--catalog", tmp_path / "rong.xlsx")
    assert result.returncode == 2 and "Không đọc được danh mục" in result.stderr and "Tệp rỗng" in result.stderr


def test_a_workbook_is_a_list_too_and_one_with_the_old_four_columns_still_validates(tmp_path):
    assert load(EXAMPLE)["2021-2025"].items == CATALOGS["2021-2025"].items

    def old_catalog(book):
        sheet = book[contract.CATALOG.sheet]
        del sheet.tables["DanhMuc"]
        sheet.delete_cols(5, 3)
    old = with_defect(old_catalog, tmp_path / "cu.xlsx")
    assert [c.value for c in openpyxl.load_workbook(old)[contract.CATALOG.sheet][1]] == [
        "Giai đoạn", "Mã", "Loại", "Tên"]
    assert kehoach("validate", old).returncode == 0
    with pytest.raises(CatalogError, match='thiếu cột "Thuộc"'):
        load(old)


def test_the_workbooks_catalog_sheet_holds_the_rows_export_writes(tmp_path):
    sheet = openpyxl.load_workbook(EXAMPLE)[contract.CATALOG.sheet]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [list(r)[:7] for r in openpyxl.load_workbook(exported(tmp_path, "2021-2025"))[
        contract.CATALOG.sheet].iter_rows(values_only=True)], "the table; the export adds the blank origin beside it"


def test_an_edit_to_the_example_with_a_list_of_another_phase_is_told_the_phase(tmp_path):
    plan = with_defect(set_cell("Thông tin", "B5", 2027), tmp_path / "d.xlsx")
    result = kehoach("validate", plan, "--json", "--catalog", exported(tmp_path, "2026-2030"))
    assert result.returncode == 1 and '"code": "phase-not-year"' in result.stdout


def test_the_library_takes_the_list_too(tmp_path, uses_da8):
    import kehoach_xl

    listed = with_rows(exported(tmp_path, "2021-2025"), MADE_UP)
    reading = kehoach_xl.read(uses_da8, catalog=listed)
    assert not reading.has_errors and reading.catalog.names["DA8"] == MADE_UP[3]
    assert kehoach_xl.read(uses_da8).has_errors
    assert kehoach_xl.targets(reading.plan, catalog=listed).findings == []
    assert kehoach_xl.totals(reading).by_item == {"DA8": 3_000_000, "DA6": 5_000_000, "DA6.2": 5_000_000,
                                                  "DA7": 21_000_000, "DA7.1": 9_000_000, "DA7.2": 12_000_000}
    [written] = kehoach_xl.export(reading.plan, tmp_path / "ra", catalog=listed)
    assert "5. Dự án 8: Dự án thí điểm sinh kế của tỉnh" in [p.text for p in docx.Document(written).paragraphs]
    [again] = kehoach_xl.export(reading, tmp_path / "ra")
    assert "5. Dự án 8: Dự án thí điểm sinh kế của tỉnh" in [p.text for p in docx.Document(again).paragraphs]
    with pytest.raises(kehoach_xl.CatalogError, match="Danh mục!"):
        kehoach_xl.read(uses_da8, catalog=with_rows(listed, ["2021-2025", None, "Dự án", "Không mã"]))
