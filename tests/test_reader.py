from datetime import date

import openpyxl
import pytest

from conftest import CATALOGS, EXAMPLE, LEGACY
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.model import IssueDate
from kehoach_xl.core.reader import read_plan
from workbooks import set_cell, with_defect


def test_openpyxl_and_calamine_give_the_same_plan():
    assert read_plan(read_file(EXAMPLE, "openpyxl").data) == read_plan(read_file(EXAMPLE, "calamine").data)


def test_example_plan_holds_the_reference():
    plan, _ = read_plan(read_file(EXAMPLE).data)
    assert plan.info.unit == "xã Cẩm Lương"
    assert plan.info.year == 2023
    assert plan.info.date == IssueDate(2023, 5, None)
    assert [b.number for b in plan.bases] == ["91/KH-UBND", "1040/UBND-LĐTĐ"]
    assert plan.bases[1].date == date(2023, 5, 8)
    assert [p.code for p in plan.projects] == ["DA2", "DA3", "DA3.1", "DA3.2", "DA4", "DA4.1", "DA4.3",
                                               "DA6", "DA6.1", "DA6.2", "DA7", "DA7.1", "DA7.2"]
    assert [p.amount for p in plan.projects if p.amount] == [5_000_000, 9_000_000, 12_000_000]
    assert len(plan.activities_of("DA4.3")) == 5
    assert plan.targets.poor_cut == 17 and plan.targets.near_poor_cut == 5
    assert plan.recipients[-1].name == "Lưu: VT, VHCS"
    assert str(plan.projects[9].cells["amount"]) == "Dự án!D11"


def test_headers_are_found_by_label_not_position(tmp_path):
    def move(book: openpyxl.Workbook) -> None:
        sheet = book["Dự án"]
        for table in list(sheet.tables):
            del sheet.tables[table]
        sheet.insert_rows(1, 3)
        sheet.insert_cols(1)
        sheet["B1"] = "Tổng kinh phí"
        sheet["H4"] = "Cột thêm của xã"
        sheet["H5"] = "ghi chú riêng"
        sheet.insert_rows(9)

    plan, findings = read_plan(read_file(with_defect(move, tmp_path / "moved.xlsx")).data)
    assert findings == []
    assert [p.amount for p in plan.projects if p.amount] == [5_000_000, 9_000_000, 12_000_000]
    assert str(plan.projects[9].cells["amount"]) == "Dự án!E15"


@pytest.mark.parametrize("value, shown", [("Có", True), ("Không", False), ("KHÔNG", False), ("khong", False),
                                          (" có ", True), (None, True)])
@pytest.mark.slow
def test_budget_summary_is_yes_or_no_and_blank_is_yes(value, shown, tmp_path):
    path = with_defect(set_cell("Thông tin", "B14", value), tmp_path / "co-khong.xlsx")
    plan, findings = read_plan(read_file(path).data)
    assert plan.info.budget_summary is shown
    assert [f.code for f in findings] == (["text-spacing"] if value == " có " else [])


def test_a_workbook_from_before_the_budget_row_reads_as_yes(tmp_path):
    """Version 1 workbooks sent before "Kèm bảng tổng hợp kinh phí" was added: no row, no finding."""
    def old(book: openpyxl.Workbook) -> None:
        book["Thông tin"].delete_rows(14)
        book["Thông tin"].tables["ThongTin"].ref = "A1:C13"

    plan, findings = read_plan(read_file(with_defect(old, tmp_path / "cu.xlsx")).data)
    assert findings == []
    assert plan.info.budget_summary is True


import corpus  # noqa: E402
from kehoach_xl.core.checks import check  # noqa: E402
from kehoach_xl.core.totals import totals  # noqa: E402


@pytest.fixture(scope="module")
def excel_files(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("excel")
    names = ("dong-tong-excel.xlsx", "dong-tong-go-tay.xlsx", "xuong-dong.xlsx", "bay-phan-tram.xlsx",
             "cong-thuc-chua-tinh.xlsx", "strict.xlsx", "KeHoach.xlsm_", "KeHoach khong duoi", "so-dang-chu.xlsx",
             "tcvn3.xlsx", "vni.xlsx", "doi-ten-trang.xlsx")
    for name in names:
        corpus.READABLE[name][0](folder / name)
    return {name: folder / name for name in names}


def both(path):
    """The plan and findings as each engine reads them, after asserting they are the same."""
    openpyxl_read, calamine_read = (check(read_file(path, engine).data, CATALOGS, LEGACY)
                                    for engine in ("openpyxl", "calamine"))
    assert openpyxl_read == calamine_read
    return openpyxl_read


@pytest.mark.parametrize("name", ["dong-tong-excel.xlsx", "dong-tong-go-tay.xlsx"])
@pytest.mark.slow
def test_a_total_row_is_never_added(excel_files, name):
    plan, findings = both(excel_files[name])
    assert findings == [] and totals(plan, CATALOGS["2021-2025"]).grand_total == 26_000_000
    assert len(plan.projects) == 13


def test_the_table_definition_says_which_row_is_the_total(excel_files, tmp_path):
    """A Total Row whose label was cleared: only the table's `totalsRowCount` tells it from a project line."""
    corpus._total_row(tmp_path / "nhan-xoa.xlsx", labelled=False)
    assert b'totalsRowCount="1"' in corpus._members(tmp_path / "nhan-xoa.xlsx")[corpus.PROJECTS_TABLE]
    plan, findings = both(tmp_path / "nhan-xoa.xlsx")
    assert findings == [] and totals(plan, CATALOGS["2021-2025"]).grand_total == 26_000_000
    assert read_file(tmp_path / "nhan-xoa.xlsx", "calamine").data["Dự án"][14][:6] == [None] * 6


def test_excel_escapes_read_the_same_with_both_engines(excel_files):
    plan, findings = both(excel_files["xuong-dong.xlsx"])
    assert findings == []
    assert [a.text for a in plan.activities[:2]] == [corpus.LINE_BREAK_ACTIVITY[1], corpus.LITERAL_ESCAPE[1]]


def test_a_cached_float_that_excel_shows_as_a_whole_number_is_that_number(excel_files):
    plan, findings = both(excel_files["bay-phan-tram.xlsx"])
    assert findings == [] and next(p.amount for p in plan.projects if p.code == "DA6.2") == 7_000_000
    assert totals(plan, CATALOGS["2021-2025"]).grand_total == 28_000_000


def test_a_formula_without_its_value_is_a_lỗi_not_a_blank(excel_files):
    plan, findings = both(excel_files["cong-thuc-chua-tinh.xlsx"])
    assert [(f.code, f.severity, f.place) for f in findings] == [("formula-uncalculated", "Lỗi", "Dự án!D11")]
    assert corpus.UNCALCULATED in findings[0].message


@pytest.mark.parametrize("name", ["strict.xlsx", "KeHoach.xlsm_", "KeHoach khong duoi"])
def test_a_sound_workbook_is_read_whatever_its_name_or_conformance(excel_files, name):
    plan, findings = both(excel_files[name])
    assert findings == [] and totals(plan, CATALOGS["2021-2025"]).grand_total == 26_000_000
    assert plan == read_plan(read_file(EXAMPLE).data)[0]


def test_a_number_in_a_text_cell_says_how_to_change_the_format(excel_files):
    _, findings = both(excel_files["so-dang-chu.xlsx"])
    assert [(f.code, f.place) for f in findings] == [("money-as-text", "Dự án!D11")]
    assert "Định dạng ô (Format Cells) → Số (Number)" in findings[0].message
    assert "ví dụ" not in findings[0].message


def test_a_renamed_sheet_is_one_lỗi_that_names_it(excel_files):
    _, findings = both(excel_files["doi-ten-trang.xlsx"])
    assert [(f.code, f.place) for f in findings] == [("sheet-misnamed", "Dự án"), ("sheet-misnamed", "Hoạt động")]
    assert 'Có trang "Du an": hãy đổi tên lại thành "Dự án"' in findings[0].message
    assert 'Có trang "Hoat dong": hãy đổi tên lại thành "Hoạt động"' in findings[1].message


@pytest.mark.parametrize("name, cell, typed, encoding", [
    ("tcvn3.xlsx", "Thông tin!B4", corpus.TCVN3_UNIT, "TCVN3"),
    ("vni.xlsx", "Hoạt động!B2", corpus.VNI_ACTIVITY, "VNI"),
])
def test_legacy_encodings_are_a_warning_showing_the_unicode_text(excel_files, name, cell, typed, encoding):
    plan, findings = both(excel_files[name])
    assert [(f.code, f.severity, f.place) for f in findings] == [("text-legacy-encoding", "Cảnh báo", cell)]
    assert f'"{typed[0]}" đọc là "{typed[1]}"' in findings[0].message and encoding in findings[0].message
    assert typed[0] in (plan.info.unit, plan.activities[0].text)
