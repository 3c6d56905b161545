"""The "Tổng hợp" block: fixed positions, values from the reference plan, and the sheet openpyxl writes."""

import json
import os
import subprocess
import sys

import openpyxl
import pytest

from conftest import BLANK, CATALOG, CATALOGS, EXAMPLE, ROOT
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.model import Place, Plan, Project, Targets
from kehoach_xl.core.reader import read_plan
from kehoach_xl.core.ranges import text_ranges
from kehoach_xl.core.summary import SUBTOTAL, project_rows, summary_block


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(read_file(EXAMPLE).data)[0]


def cell(rows, ref):
    """Value of "C13" in a block of rows written from A1."""
    column, row = ord(ref[0]) - 65, int(ref[1:]) - 1
    return rows[row][column]


def row_starting(rows, label):
    return next(row for row in rows if row[0] == label)


def test_block_is_rectangular_for_one_call_write(plan):
    rows = summary_block(plan, CATALOG).rows
    assert {len(row) for row in rows} == {4}


def test_projects_sit_in_fixed_rows_with_the_reference_amounts(plan):
    rows = summary_block(plan, CATALOG).rows
    assert cell(rows, "A1") == "Tổng hợp kinh phí và chỉ tiêu năm 2023, xã Cẩm Lương"
    assert rows[4] == ["Dự án", "Tên dự án", "Kinh phí (đồng)", "Ghi chú"]
    assert [cell(rows, f"A{r}") for r in range(6, 13)] == [f"Dự án {n}" for n in range(1, 8)]
    assert cell(rows, "B11") == "Truyền thông và giảm nghèo về thông tin"
    assert [cell(rows, f"C{r}") for r in range(6, 14)] == [
        None, None, None, None, None, 5_000_000, 21_000_000, 26_000_000]
    assert cell(rows, "A13") == "Tổng cộng"
    assert cell(rows, "D6") == "Không có trong kế hoạch"
    assert cell(rows, "D9") == "Chưa có số tiền (theo phân bổ): DA4.1, DA4.3"
    assert cell(rows, "D12") is None


def test_the_fixed_rows_are_the_top_level_items_of_each_catalog():
    for known in CATALOGS.values():
        rows = summary_block(Plan(), known).rows
        fixed = project_rows(known)
        assert [rows[r - 1][0] for r in fixed] == [known.title(item.code) for item in known.top]
        assert rows[fixed[-1]][0] == "Tổng cộng"


def test_every_level_with_its_subtotal_sources_and_total_in_words(plan):
    rows = summary_block(plan, CATALOG).rows
    assert cell(rows, "A15") == "2. Kinh phí từng dự án, tiểu dự án"
    sub = "    Tiểu dự án"
    assert [row[0] for row in rows[16:29]] == [
        "Dự án 2", "Dự án 3", f"{sub} 1", f"{sub} 2", "Dự án 4", f"{sub} 1", f"{sub} 3", "Dự án 6", f"{sub} 1",
        f"{sub} 2", "Dự án 7", f"{sub} 1", f"{sub} 2"]
    assert [row[2] for row in rows[16:29]] == [None] * 7 + [5_000_000, None, 5_000_000, 21_000_000, 9_000_000,
                                                            12_000_000]
    assert [row[3] for row in rows[16:29]].count(SUBTOTAL) == 4
    assert cell(rows, "D19") == "Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác"
    assert row_starting(rows, 1) == [1, "Chưa ghi nguồn", 26_000_000, None]
    assert row_starting(rows, "Tổng kinh phí") == [
        "Tổng kinh phí", "26.000.000 đồng (Hai mươi sáu triệu đồng)", 26_000_000, None]
    assert row_starting(rows, "Theo phân bổ của cấp trên")[1] == (
        "6 dòng chưa có số tiền, không cộng vào tổng: DA2, DA3.1, DA3.2, DA4.1, DA4.3, DA6.1")


def test_target_check_rows(plan):
    rows = summary_block(plan, CATALOG).rows
    assert row_starting(rows, "Tổng số hộ")[1] == 1450
    assert row_starting(rows, "Số hộ cuối năm (dự kiến)")[1:3] == [78, 115]
    assert row_starting(rows, "Tỷ lệ đầu năm")[1:3] == ["6,55%", "8,28%"]
    assert row_starting(rows, "Tỷ lệ cuối năm (dự kiến)")[1:3] == ["5,38%", "7,93%"]
    assert row_starting(rows, "Mức giảm tỷ lệ hộ nghèo")[1] == "1,17 điểm phần trăm"
    assert row_starting(rows, "Đạt")[1] == "Chỉ tiêu không có lỗi hay cảnh báo nào."


def test_target_findings_are_listed_with_their_cells():
    cells = {"poor_cut": Place("Chỉ tiêu", 5, 2), "households": Place("Chỉ tiêu", 2, 2)}
    plan = Plan(targets=Targets(households=1000, poor=50, near_poor=20, poor_cut=2, near_poor_cut=1,
                                cells=cells))
    rows = summary_block(plan, CATALOG).rows
    finding = row_starting(rows, "Cảnh báo")
    assert finding[3] == "Chỉ tiêu!B5" and "0,20 điểm phần trăm" in finding[1]
    assert not any(row[0] == "Đạt" for row in rows)


def test_an_empty_plan_still_fills_the_fixed_rows():
    rows = summary_block(Plan(), CATALOG).rows
    assert cell(rows, "A1") == "Tổng hợp kinh phí và chỉ tiêu"
    assert [cell(rows, f"A{r}") for r in range(6, 13)] == [f"Dự án {n}" for n in range(1, 8)]
    assert cell(rows, "C13") == 0
    assert row_starting(rows, None) == [None] * 4
    assert [None, "Chưa có dòng nào ghi số tiền.", None, None] in rows


def test_money_and_bold_ranges(plan):
    block = summary_block(plan, CATALOG)
    assert block.money == ("C6:C13", "C17:C29", "C33:C33", "C36:C36")
    assert ("A18:D18", "A21:D21", "A24:D24", "A27:D27") == block.bold[4:8], "the subtotals of Dự án 3, 4, 6, 7"
    assert block.bold[:3] == ("A1:D1", "A4:D5", "A13:D13")


def test_a_project_with_an_amount_and_an_unknown_code():
    plan = Plan(projects=(Project("DA5", "", 40_000_000, "Ngân sách tỉnh", ""),
                          Project("DA9", "", 1_000, "", "")))
    rows = summary_block(plan, CATALOG).rows
    assert cell(rows, "C10") == 40_000_000 and cell(rows, "D10") is None
    assert cell(rows, "C13") == 40_001_000
    assert row_starting(rows, "DA9")[1] == "(mã không có trong Danh mục)"


@pytest.mark.parametrize("path, last_row, title", [(EXAMPLE, 12, "Kinh phí theo dự án"),
                                                    (BLANK, 7, "Kinh phí theo hợp phần")])
def test_shipped_workbooks_carry_the_chart_of_their_phase(path, last_row, title):
    """The example is a 2021-2025 plan (Dự án 1-7); the blank workbook is of 2026-2030 (two components)."""
    [chart] = openpyxl.load_workbook(path)["Tổng hợp"]._charts
    assert chart.series[0].val.numRef.f == f"'Tổng hợp'!$C$6:$C${last_row}"
    assert chart.series[0].cat.numRef.f == f"'Tổng hợp'!$A$6:$A${last_row}"
    assert chart.title.tx.rich.p[0].r[0].t == title


REMOTE = """
import json, sys
from pathlib import Path
import xlwings as xw
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.reader import read_plan
from kehoach_xl.core.summary import summary_block
from kehoach_xl.io.catalogs import shipped
rows = summary_block(read_plan(read_file(Path(sys.argv[1])).data)[0], shipped()["2021-2025"]).rows
book = xw.Book(json={"client": "VBA", "version": xw.__version__,
                     "book": {"name": "KeHoach.xlsm", "active_sheet_index": 0, "selection": "A1"},
                     "names": [], "sheets": [{"name": "Tổng hợp", "values": [[None]], "pictures": [],
                                              "tables": []}]})
book.sheets["Tổng hợp"]["A1"].value = rows
print(json.dumps(book.json()["actions"], ensure_ascii=False))
"""


@pytest.mark.slow
def test_xlwings_remote_engine_writes_the_block_in_one_action():
    result = subprocess.run([sys.executable, "-c", REMOTE, str(EXAMPLE)], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8",
                            env={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert result.returncode == 0, result.stderr
    [action] = json.loads(result.stdout)
    assert action["func"] == "setValues" and (action["start_row"], action["start_column"]) == (0, 0)
    assert action["values"][12][:3] == ["Tổng cộng", "", 26_000_000]


def test_the_cells_that_hold_text_are_the_ones_formatted_as_text():
    plan = Plan(projects=(Project("DA2", "", 1_000_000, '=HYPERLINK("http://x","y")', ""),
                          Project("DA5", "", None, "00123", "")))
    rows = summary_block(plan, CATALOG).rows
    text = text_ranges(rows)
    assert "D16:D18" in text  # the header and both sources
    assert not any(ref.startswith("C17") for ref in text)
    formatted = {(ref[0], row) for ref in text for row in range(int(ref.split(":")[0][1:]),
                                                                   int(ref.split(":")[1][1:]) + 1)}
    assert formatted == {("ABCD"[c], r) for r, row in enumerate(rows, start=1) for c, value in enumerate(row)
                         if isinstance(value, str)}
