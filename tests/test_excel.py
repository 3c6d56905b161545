"""The ribbon buttons, run through xlwings' remote engine on real workbooks."""

import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import CATALOG, EXAMPLE
from helpers import assert_macro_workbook_with_ribbon, info
from kehoach_xl.core import contract
from kehoach_xl.core.reader import read_plan
from kehoach_xl.core.summary import SUBTOTAL, summary_block
from kehoach_xl.io.engines import read_file
from kehoach_xl.io.export import pdf_unavailable
from kehoach_xl.shells import buttons
from kehoach_xl.builder.ribbon import BUTTONS
from remote_engine import run
from workbooks import set_cell, with_defect

pytestmark = pytest.mark.slow  # every button through xlwings' remote engine, each click a workbook read and written


def input_cells(path):
    """Every value of every input sheet, by sheet and cell."""
    book = openpyxl.load_workbook(path)
    return {(table.sheet, cell.coordinate): cell.value
            for table in contract.INPUT_TABLES for row in book[table.sheet].iter_rows() for cell in row}


def checks_rows(path):
    sheet = openpyxl.load_workbook(path)[contract.CHECKS]
    return [list(row) for row in sheet.iter_rows(min_row=contract_header_row() + 1, values_only=True)]


def contract_header_row():
    return buttons.CHECKS_HEADER_ROW


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The current directory, an empty folder that is not the workbook's: buttons must write nothing here."""
    folder = tmp_path / "thư mục hiện hành"
    folder.mkdir()
    monkeypatch.chdir(folder)
    yield folder
    assert list(folder.iterdir()) == []


@pytest.fixture
def book_folder(tmp_path):
    """The folder of the workbook a button runs on, as Excel would have opened it."""
    folder = tmp_path / "Sổ của xã"
    folder.mkdir()
    return folder


def example_in(folder):
    return Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name))


def test_validate_example_writes_no_findings(tmp_path):
    out = tmp_path / "out.xlsx"
    applied = run(buttons.validate, EXAMPLE, out)
    sheet = openpyxl.load_workbook(out)[contract.CHECKS]
    assert sheet["B2"].value is None
    assert sheet["A2"].value == "0 lỗi, 0 cảnh báo."
    assert [c.value for c in sheet[4]][:4] == ["Mức", "Mã", "Ô", "Nội dung"]
    assert checks_rows(out) == []
    assert "Dữ liệu hợp lệ" in applied.alerts[0].prompt
    assert openpyxl.load_workbook(out).active.title == contract.CHECKS


def test_validate_lists_links_and_colours_the_cells(tmp_path):
    bad = with_defect(set_cell("Dự án", "D11", "-5 triệu"), tmp_path / "bad.xlsx")
    out = tmp_path / "out.xlsx"
    applied = run(buttons.validate, bad, out)
    book = openpyxl.load_workbook(out)
    rows = checks_rows(out)
    assert rows[0][:3] == ["Lỗi", "money-text", "Dự án!D11"]
    assert '"-5 triệu"' in rows[0][3]
    link = book[contract.CHECKS]["C5"].hyperlink
    assert link.location == "'Dự án'!D11"
    assert book["Dự án"]["D11"].fill.fgColor.rgb == "FF" + contract.FLAG_FILLS["Lỗi"]
    assert book["Dự án"]["D10"].fill.fgColor.rgb != "FF" + contract.FLAG_FILLS["Lỗi"]
    assert applied.alerts[0].prompt.startswith("1 lỗi, 0 cảnh báo.")


def test_validate_again_clears_only_its_own_colours(tmp_path):
    bad = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "bad.xlsx")
    flagged = tmp_path / "flagged.xlsx"
    run(buttons.validate, bad, flagged)
    book = openpyxl.load_workbook(flagged)
    book["Dự án"]["D11"] = 5000000
    book.save(tmp_path / "fixed.xlsx")
    out = tmp_path / "out.xlsx"
    run(buttons.validate, tmp_path / "fixed.xlsx", out)
    book = openpyxl.load_workbook(out)
    assert book["Dự án"]["D11"].fill.fill_type is None
    assert checks_rows(out) == []


@pytest.mark.parametrize("source", ["example", "defect"])
@pytest.mark.parametrize("action", [button.action for button in BUTTONS])
def test_buttons_never_touch_input_cells(tmp_path, elsewhere, book_folder, source, action):
    src = example_in(book_folder) if source == "example" else with_defect(
        set_cell("Chỉ tiêu", "B5", "-17"), book_folder / "bad.xlsx")
    out = tmp_path / "out.xlsx"
    run(getattr(buttons, action), src, out)
    assert input_cells(out) == input_cells(src)


def test_help_activates_the_guide(tmp_path):
    out = tmp_path / "out.xlsx"
    run(buttons.show_help, EXAMPLE, out)
    assert openpyxl.load_workbook(out).active.title == contract.GUIDE


def test_budget_writes_the_summary_with_the_reference_totals(tmp_path):
    out = tmp_path / "out.xlsx"
    applied = run(buttons.budget, EXAMPLE, out)
    sheet = openpyxl.load_workbook(out)[contract.SUMMARY]
    assert sheet["A11"].value == "Dự án 6" and sheet["C11"].value == 5_000_000
    assert sheet["A12"].value == "Dự án 7" and sheet["C12"].value == 21_000_000
    assert sheet["C13"].value == 26_000_000 and sheet["C13"].number_format == "#,##0"
    assert sheet["C6"].value is None
    assert applied.alerts[0].prompt.startswith(
        "Tổng kinh phí: 26.000.000 đồng (Hai mươi sáu triệu đồng); 6 dòng theo phân bổ")
    assert openpyxl.load_workbook(out).active.title == contract.SUMMARY


def test_budget_formats_the_summary_and_its_chart_points_at_the_project_rows(tmp_path):
    out = tmp_path / "out.xlsx"
    run(buttons.budget, EXAMPLE, out)
    sheet = openpyxl.load_workbook(out)[contract.SUMMARY]
    assert sheet["A1"].value == "Tổng hợp kinh phí và chỉ tiêu năm 2023, xã Cẩm Lương"
    assert sheet["C13"].number_format == "#,##0" and sheet["C29"].number_format == "#,##0"
    assert sheet["A5"].font.b and sheet["D13"].font.b and not sheet["A6"].font.b
    assert (sheet["A27"].value, sheet["C27"].value, sheet["D27"].value) == ("Dự án 7", 21_000_000, SUBTOTAL)
    assert sheet["A27"].font.b and (sheet["A28"].value, sheet["C28"].value) == ("    Tiểu dự án 1", 9_000_000)
    assert sheet["B36"].value == "26.000.000 đồng (Hai mươi sáu triệu đồng)"
    [chart] = sheet._charts
    assert chart.title.tx.rich.p[0].r[0].t == "Kinh phí theo dự án"
    [series] = chart.series
    assert series.val.numRef.f == "'Tổng hợp'!$C$6:$C$12"
    assert series.cat.numRef.f == "'Tổng hợp'!$A$6:$A$12"
    assert series.tx.strRef.f == "'Tổng hợp'!C5"


def test_budget_again_replaces_the_whole_summary_and_keeps_the_chart(tmp_path):
    first = tmp_path / "first.xlsx"
    run(buttons.budget, EXAMPLE, first)
    book = openpyxl.load_workbook(first)
    for row in book[contract.PROJECTS.sheet].iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    book.save(tmp_path / "emptied.xlsx")
    out = tmp_path / "out.xlsx"
    run(buttons.budget, tmp_path / "emptied.xlsx", out)
    sheet = openpyxl.load_workbook(out)[contract.SUMMARY]
    plan, _ = read_plan(read_file(tmp_path / "emptied.xlsx").data)
    assert sheet.max_row == len(summary_block(plan, CATALOG).rows) < openpyxl.load_workbook(first)[contract.SUMMARY].max_row
    assert sheet["C13"].value == 0 and sheet["C11"].value is None
    assert len(sheet._charts) == 1


TEXTS = ("=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+84 912 345 678", "-x", "00123", "1/5")


@pytest.mark.parametrize("text", TEXTS)
def test_summary_keeps_cell_text_as_text(tmp_path, text):
    """Each of these, typed into a General cell, Excel takes for a formula, a number or a date."""
    bad = with_defect(set_cell("Dự án", "E14", text), tmp_path / "bad.xlsx")
    book = openpyxl.load_workbook(bad)
    book["Dự án"]["E14"].data_type = "s"
    book.save(bad)
    out = tmp_path / "out.xlsx"
    run(buttons.budget, bad, out)
    sheet = openpyxl.load_workbook(out)[contract.SUMMARY]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
    assert cells and all(c.data_type == "s" and c.number_format == "@" for c in cells)
    assert sheet["C13"].value == 26_000_000 and sheet["C13"].number_format == "#,##0"


def test_targets_reports_rates_and_verdict(tmp_path):
    out = tmp_path / "out.xlsx"
    applied = run(buttons.targets, EXAMPLE, out)
    assert applied.alerts[0].prompt == ("Tỷ lệ hộ nghèo 6,55% → 5,38%, giảm 1,17 điểm phần trăm.\n"
                                        "Chỉ tiêu đạt yêu cầu.")


def test_targets_below_assigned_is_reported(tmp_path):
    bad = with_defect(set_cell("Chỉ tiêu", "B5", 10), tmp_path / "bad.xlsx")
    applied = run(buttons.targets, bad, tmp_path / "out.xlsx")
    assert "Chỉ tiêu giảm 10 hộ nghèo thấp hơn chỉ tiêu cấp trên giao (17)." in applied.alerts[0].prompt
    assert "Dữ liệu còn" in applied.alerts[0].prompt


def test_export_writes_the_document_next_to_the_workbook(tmp_path, elsewhere, book_folder):
    import docx

    book = example_in(book_folder)
    applied = run(buttons.export, book, tmp_path / "out.xlsx")
    written = sorted(p.name for p in book_folder.glob("KeHoach_xa_Cam_Luong_2023.*") if p != book)
    no_pdf = pdf_unavailable()
    assert written == ["KeHoach_xa_Cam_Luong_2023.docx"] + ([] if no_pdf else ["KeHoach_xa_Cam_Luong_2023.pdf"])
    if no_pdf:
        assert f"Chưa có bản PDF: {no_pdf}" in applied.alerts[0].prompt
    text = "\n".join(p.text for p in docx.Document(book_folder / written[0]).paragraphs)
    assert "12.000.000 đồng (Mười hai triệu đồng)" in text
    assert str(book_folder / written[0]) in applied.alerts[0].prompt
    run(buttons.export, book, tmp_path / "again.xlsx")
    assert (book_folder / "KeHoach_xa_Cam_Luong_2023 (2).docx").is_file()
    assert (book_folder / written[0]).read_bytes() != b""


def test_export_with_errors_goes_to_checks_and_writes_nothing(tmp_path, elsewhere, book_folder):
    bad = with_defect(set_cell("Dự án", "D11", "5 triệu"), book_folder / "bad.xlsx")
    out = tmp_path / "out.xlsx"
    applied = run(buttons.export, bad, out)
    assert list(book_folder.iterdir()) == [bad]
    assert openpyxl.load_workbook(out).active.title == contract.CHECKS
    assert checks_rows(out)[0][:3] == ["Lỗi", "money-text", "Dự án!D11"]
    assert applied.alerts[0].prompt.startswith("Chưa xuất kế hoạch")


def test_send_up_writes_a_macro_free_copy_with_values(tmp_path, elsewhere, book_folder):
    bad = with_defect(set_cell("Dự án", "E14", "=1+1"), book_folder / "src.xlsx")
    book = openpyxl.load_workbook(bad)
    book["Dự án"]["E14"].data_type = "s"
    book.create_sheet("xlwings.conf")["A1"] = "Interpreter_Win"
    book.save(bad)
    applied = run(buttons.send_up, bad, tmp_path / "out.xlsx")
    copy = book_folder / "KeHoach_xa_Cam_Luong_2023.xlsx"
    assert str(copy) in applied.alerts[0].prompt
    sent = openpyxl.load_workbook(copy)
    assert "xlwings.conf" not in sent.sheetnames
    assert contract.CHECKS in sent.sheetnames and contract.SUMMARY in sent.sheetnames
    assert sent["Dự án"]["E14"].value == "=1+1" and sent["Dự án"]["E14"].data_type == "s"
    assert sent["Dự án"]["D13"].value == 9_000_000
    assert sent["Dự án"]["B2"].value is None
    assert sent["Căn cứ"]["C2"].value.date().isoformat() == "2023-04-20"
    from kehoach_xl.io.engines import read_file
    from kehoach_xl.core.reader import read_plan
    assert read_plan(read_file(copy).data)[0].projects == read_plan(read_file(bad).data)[0].projects
    import zipfile
    assert not any("vba" in n.lower() for n in zipfile.ZipFile(copy).namelist())


def test_new_year_writes_next_years_workbook_next_to_this_one(tmp_path, elsewhere, book_folder):
    book = example_in(book_folder)
    before = book.read_bytes()
    out = tmp_path / "out.xlsm"
    applied = run(buttons.new_year, book, out)
    written = book_folder / "KeHoach_xa_Cam_Luong_2024.xlsm"
    [alert] = applied.alerts
    assert alert.prompt.startswith(f"Đã ghi sổ kế hoạch năm 2024 (giai đoạn 2021-2025): {written}")
    assert "Nội dung chung!B3: còn ghi năm 2023" in alert.prompt and alert.title == "Tạo kế hoạch năm mới"
    assert_macro_workbook_with_ribbon(written)
    assert (info(written)["Năm kế hoạch"], info(written)["Tên đơn vị"]) == (2024, "xã Cẩm Lương")
    assert input_cells(out) == input_cells(book) and book.read_bytes() == before
    run(buttons.new_year, book, tmp_path / "again.xlsm")
    assert (book_folder / "KeHoach_xa_Cam_Luong_2024 (2).xlsm").is_file(), "never over the first one"


def test_new_year_without_a_year_says_so_and_writes_nothing(tmp_path, elsewhere, book_folder):
    bad = with_defect(set_cell("Thông tin", "B5", None), book_folder / "bad.xlsx")
    applied = run(buttons.new_year, bad, tmp_path / "out.xlsx")
    assert applied.alerts[0].prompt.startswith("Sổ này chưa có Năm kế hoạch")
    assert list(book_folder.iterdir()) == [bad]


HEAVY = frozenset({"docxtpl", "docx", "jinja2", "openpyxl", "python_calamine", "xlsxwriter"})
CLICK = """
import json, sys
import xlwings as xw
book = xw.Book(json=json.loads(sys.argv[1]))
book.set_mock_caller()
heavy = set(sys.argv[3].split())
for name in [name for name in sys.modules if name.split(".")[0] in heavy]:
    del sys.modules[name]  # the remote engine loads jinja2 for its reports; COM does not
before = set(sys.modules)
from kehoach_xl.shells import buttons
getattr(buttons, sys.argv[2])()
print(json.dumps(sorted({m.split(".")[0] for m in set(sys.modules) - before})))
"""


@pytest.mark.parametrize("action", ["validate", "budget", "targets", "show_help"])
def test_a_click_imports_only_what_its_button_needs(action):
    """A click is a new Python process (RunPython): what it imports is the button's latency.

    A fresh interpreter, as RunPython starts one: the snapshot of its modules
    is taken after xlwings and before anything of kehoach_xl is imported.
    """
    import json
    import subprocess
    import sys

    from conftest import ROOT
    from remote_engine import payload

    result = subprocess.run([sys.executable, "-c", CLICK, json.dumps(payload(EXAMPLE)), action, " ".join(HEAVY)],
                            capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                 "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "kehoach_xl" in loaded
    assert not loaded & HEAVY, loaded & HEAVY


def test_send_up_survives_control_characters(tmp_path, elsewhere, book_folder):
    """Excel hands over a control character typed in a cell; openpyxl cannot write it."""
    import xlwings as xw

    from remote_engine import apply_actions, payload

    source = example_in(book_folder)
    request = payload(source)
    recipients = next(s for s in request["sheets"] if s["name"] == "Nơi nhận")
    recipients["values"][1][0] = "Phòng\x01 LĐTBXH"
    book = xw.Book(json=request)
    book.set_mock_caller()
    try:
        buttons.send_up()
        actions = book.json()
    finally:
        del xw.Book._mock_caller
        book.close()
    applied = apply_actions(source, actions, tmp_path / "out.xlsm")
    assert "Đã ghi bản gửi cấp trên" in applied.alerts[0].prompt
    sent = openpyxl.load_workbook(book_folder / "KeHoach_xa_Cam_Luong_2023.xlsx")
    assert sent["Nơi nhận"]["A2"].value == "Phòng\ufffd LĐTBXH"


def test_a_total_row_in_excel_is_not_added(tmp_path):
    """Table Design → Total Row, its label cleared: only the table says the row is the total."""
    import corpus

    corpus._total_row(tmp_path / "tong.xlsx", labelled=False)
    applied = run(buttons.budget, tmp_path / "tong.xlsx", tmp_path / "out.xlsx")
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")[contract.SUMMARY]["C13"].value == 26_000_000
    assert applied.alerts[0].prompt.startswith("Tổng kinh phí: 26.000.000 đồng")
    assert "lỗi" not in applied.alerts[0].prompt


FIRST_VERSION_RIBBON = (
    # The RunPython calls of the first version's Ribbon.bas (the workbooks of 2026 and before), as written.
    "from kehoach_xl.excel import validate; validate()",
    "from kehoach_xl.excel import budget; budget()",
    "from kehoach_xl.excel import targets; targets()",
    "from kehoach_xl.excel import export; export()",
    "from kehoach_xl.excel import send_up; send_up()",
    "from kehoach_xl.excel import show_help; show_help()",
)


def test_the_first_versions_workbooks_find_their_buttons(tmp_path):
    import kehoach_xl.excel

    for command in FIRST_VERSION_RIBBON:
        name = command.split()[3].rstrip(";")
        assert getattr(kehoach_xl.excel, name) is getattr(buttons, name)
    out = tmp_path / "out.xlsx"
    run(lambda: exec(FIRST_VERSION_RIBBON[0], {}), EXAMPLE, out)
    assert openpyxl.load_workbook(out)[contract.CHECKS]["A2"].value == "0 lỗi, 0 cảnh báo."
