from datetime import date

import openpyxl
import pytest

from conftest import EXAMPLE
from kehoach_xl.io.engines import read_workbook
from kehoach_xl.core.model import IssueDate
from kehoach_xl.core.reader import read_plan
from workbooks import set_cell, with_defect


def test_openpyxl_and_calamine_give_the_same_plan():
    assert read_plan(read_workbook(EXAMPLE, "openpyxl")) == read_plan(read_workbook(EXAMPLE, "calamine"))


def test_example_plan_holds_the_reference():
    plan, _ = read_plan(read_workbook(EXAMPLE))
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

    plan, findings = read_plan(read_workbook(with_defect(move, tmp_path / "moved.xlsx")))
    assert findings == []
    assert [p.amount for p in plan.projects if p.amount] == [5_000_000, 9_000_000, 12_000_000]
    assert str(plan.projects[9].cells["amount"]) == "Dự án!E15"


@pytest.mark.parametrize("value, shown", [("Có", True), ("Không", False), ("KHÔNG", False), ("khong", False),
                                          (" có ", True), (None, True)])
def test_budget_summary_is_yes_or_no_and_blank_is_yes(value, shown, tmp_path):
    path = with_defect(set_cell("Thông tin", "B14", value), tmp_path / "co-khong.xlsx")
    plan, findings = read_plan(read_workbook(path))
    assert plan.info.budget_summary is shown
    assert [f.code for f in findings] == (["text-spacing"] if value == " có " else [])


def test_a_workbook_from_before_the_budget_row_reads_as_yes(tmp_path):
    """Version 1 workbooks sent before "Kèm bảng tổng hợp kinh phí" was added: no row, no finding."""
    def old(book: openpyxl.Workbook) -> None:
        book["Thông tin"].delete_rows(14)
        book["Thông tin"].tables["ThongTin"].ref = "A1:C13"

    plan, findings = read_plan(read_workbook(with_defect(old, tmp_path / "cu.xlsx")))
    assert findings == []
    assert plan.info.budget_summary is True
