"""Every finding code, each triggered by the example workbook with one defect."""

import subprocess
import sys
import unicodedata
from datetime import date, datetime

import pytest

from conftest import CATALOGS, EXAMPLE, LEGACY, ROOT
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.findings import KINDS
from kehoach_xl.core.checks import check, check_workbook
from results_data import fill
from workbooks import set_cell, with_defect


def _delete_sheet(name):
    def edit(book):
        del book[name]
    return edit


def _rename_sheet(name, new):
    def edit(book):
        book[name].title = new
    return edit


def _results(report=None, cells=None):
    """The example's results of 2023 typed in (tests/results_data.py), then one value changed."""
    def edit(book):
        fill(book, report, cells)
    return edit


def _delete_rows(sheet, first, amount=1):
    def edit(book):
        book[sheet].delete_rows(first, amount)
    return edit


def _edits(*edits):
    def edit(book):
        for one in edits:
            one(book)
    return edit


# code -> (defect, place of the finding). Rows of "Dự án": 2 DA2, 3 DA3, 4 DA3.1,
# 5 DA3.2, 6 DA4, 7 DA4.1, 8 DA4.3, 9 DA6, 10 DA6.1, 11 DA6.2 (5.000.000),
# 12 DA7, 13 DA7.1, 14 DA7.2. Rows of "Chỉ tiêu": 2 Tổng số hộ (1450), 3 hộ nghèo (95),
# 4 cận nghèo (120), 5 giảm nghèo (17), 6 giảm cận nghèo (5), 7 giao giảm nghèo (17),
# 8 giao giảm cận nghèo (5).
DEFECTS = {
    "missing-sheet": (_delete_sheet("Hoạt động"), "Hoạt động"),
    "sheet-misnamed": (_rename_sheet("Hoạt động", "Hoat dong"), "Hoạt động"),
    "missing-header": (_delete_rows("Dự án", 1), "Dự án!A1"),
    "missing-column": (set_cell("Dự án", "D1", "Tiền"), "Dự án!A1"),
    "missing-row": (_delete_rows("Thông tin", 8), "Thông tin"),
    "value-blank": (set_cell("Thông tin", "B4", None), "Thông tin!B4"),
    "required-blank": (set_cell("Hoạt động", "B2", None), "Hoạt động!B2"),
    "assignment-blank": (set_cell("Dự án", "F2", None), "Dự án!F2"),
    "no-recipients": (_delete_rows("Nơi nhận", 2, 20), "Nơi nhận"),
    "unknown-part": (set_cell("Nội dung chung", "A2", "Mục đích khác"), "Nội dung chung!A2"),
    "missing-part": (_edits(set_cell("Nội dung chung", "A9", "Yêu cầu"),
                            set_cell("Nội dung chung", "A10", "Yêu cầu")), "Nội dung chung"),
    "unknown-phase": (set_cell("Thông tin", "B6", "2031-2035"), "Thông tin!B6"),
    "phase-not-year": (set_cell("Thông tin", "B5", 2027), "Thông tin!B6"),
    "phase-not-shipped": (set_cell("Thông tin", "B5", 2040), "Thông tin!B5"),
    "item-unconfirmed": (_edits(set_cell("Dự án", "A2", "DA1"), set_cell("Hoạt động", "A2", "DA1"),
                                set_cell("Hoạt động", "A3", "DA1.1"), set_cell("Dự án", "A9", "DA1.1")),
                         "Dự án!A9"),
    "unknown-code": (set_cell("Dự án", "A2", "DA9"), "Dự án!A2"),
    "duplicate-code": (set_cell("Dự án", "A5", "DA3.1"), "Dự án!A5"),
    "code-as-number": (set_cell("Hoạt động", "A2", 2), "Hoạt động!A2"),
    "catalog-of-workbook": (set_cell("Danh mục", "D2", "Tên do tỉnh ghi"), "Danh mục"),
    "catalog-not-used": (set_cell("Danh mục", "D2", "Tên do tỉnh ghi"), "Danh mục"),
    "catalog-sheet-invalid": (set_cell("Danh mục", "B3", "DA1"), "Danh mục!B3"),
    "report-period-invalid": (_results({"Kỳ báo cáo": "quý III"}), "Báo cáo!B2"),
    "report-period-blank": (_results({"Kỳ báo cáo": None}), "Kết quả!A2"),
    "households-unbalanced": (_results({"Số hộ nghèo cuối kỳ": 80}), "Báo cáo!B6"),
    "escaped-split-unbalanced": (_results({"Số hộ thoát nghèo lên cận nghèo": 12,
                                           "Số hộ thoát nghèo vượt chuẩn cận nghèo": 9}), "Báo cáo!B14"),
    "near-poor-unbalanced": (_results({"Số hộ thoát nghèo lên cận nghèo": 12, "Số hộ thoát cận nghèo": 20,
                                       "Số hộ cận nghèo phát sinh mới": 3}), "Báo cáo!B7"),
    "report-date-outside-year": (_results({"Ngày số liệu": datetime(2022, 12, 31)}), "Báo cáo!B3"),
    "result-not-in-plan": (_results(cells={"Kết quả!A3": "DA1"}), "Kết quả!A3"),
    "disbursed-on-parent": (_results(cells={"Kết quả!A11": "DA7", "Kết quả!F11": 1_000}), "Kết quả!F11"),
    "disbursed-above-planned": (_results(cells={"Kết quả!F8": 6_000_000}), "Kết quả!F8"),
    "disbursed-without-allocation": (_results(cells={"Kết quả!F7": 3_000_000}), "Kết quả!F7"),
    "line-without-result": (_results(cells={"Kết quả!E4": None}), "Kết quả!A4"),
    "subproject-without-project": (_delete_rows("Dự án", 3), "Dự án!A3"),
    "activity-without-project": (set_cell("Hoạt động", "A2", "DA5"), "Hoạt động!A2"),
    "project-without-activity": (_edits(set_cell("Hoạt động", "A2", "DA3.1"),
                                        set_cell("Hoạt động", "A3", "DA3.1")), "Dự án!A2"),
    "no-projects": (_delete_rows("Dự án", 2, 13), "Dự án"),
    "money-negative": (set_cell("Dự án", "D11", -5000000), "Dự án!D11"),
    "money-fractional": (set_cell("Dự án", "D11", 5000000.5), "Dự án!D11"),
    "money-text": (set_cell("Dự án", "D11", "5 triệu"), "Dự án!D11"),
    "money-too-large": (set_cell("Dự án", "D11", 10**15), "Dự án!D11"),
    "total-too-large": (_edits(set_cell("Dự án", "D11", 999_999_999_999_999),
                               set_cell("Dự án", "D13", 999_999_999_999_999)), "Dự án!D13"),
    "money-and-source-blank": (set_cell("Dự án", "D11", None), "Dự án!D11"),
    "money-on-parent": (set_cell("Dự án", "D3", 1000000), "Dự án!D3"),
    "excel-error": (set_cell("Dự án", "D11", "#REF!"), "Dự án!D11"),
    "money-as-text": (set_cell("Dự án", "D11", "5000000"), "Dự án!D11"),
    "number-as-text": (set_cell("Chỉ tiêu", "B3", "95"), "Chỉ tiêu!B3"),
    "formula-uncalculated": (set_cell("Dự án", "D11", "=100000000*7%"), "Dự án!D11"),
    "number-invalid": (set_cell("Chỉ tiêu", "B3", "95 hộ"), "Chỉ tiêu!B3"),
    "number-too-large": (set_cell("Chỉ tiêu", "B2", 10**25), "Chỉ tiêu!B2"),
    "year-invalid": (set_cell("Thông tin", "B5", "năm nay"), "Thông tin!B5"),
    "yes-no-invalid": (set_cell("Thông tin", "B14", "Có lẽ"), "Thông tin!B14"),
    "date-invalid": (set_cell("Thông tin", "B9", "cuối tháng"), "Thông tin!B9"),
    "date-outside-year": (set_cell("Thông tin", "B9", datetime(2022, 12, 30)), "Thông tin!B9"),
    "date-after-plan": (set_cell("Căn cứ", "C3", datetime(2023, 6, 1)), "Căn cứ!C3"),
    "target-above-baseline": (set_cell("Chỉ tiêu", "B5", 200), "Chỉ tiêu!B5"),
    "target-below-assigned": (set_cell("Chỉ tiêu", "B6", 4), "Chỉ tiêu!B6"),
    "poor-above-households": (set_cell("Chỉ tiêu", "B2", 200), "Chỉ tiêu!B2"),
    "poverty-drop-high": (set_cell("Chỉ tiêu", "B5", 60), "Chỉ tiêu!B5"),
    "poverty-drop-low": (_edits(set_cell("Chỉ tiêu", "B5", 3), set_cell("Chỉ tiêu", "B7", 3)), "Chỉ tiêu!B5"),
    "text-spacing": (set_cell("Thông tin", "B4", " xã  Cẩm Lương"), "Thông tin!B4"),
    "text-not-nfc": (set_cell("Thông tin", "B4", unicodedata.normalize("NFD", "xã Cẩm Lương")),
                     "Thông tin!B4"),
    "text-invisible": (set_cell("Thông tin", "B4", "xã Cẩm\u200b Lương"), "Thông tin!B4"),
    "text-legacy-encoding": (set_cell("Thông tin", "B4", "x· CÈm L\u00ad¬ng"), "Thông tin!B4"),
}
BUILT_BY_BYTES = {"number-not-finite"}
"""Defects openpyxl cannot save (it writes NaN as a blank): tests/test_real_files.py writes their bytes."""


def test_every_code_has_a_defect():
    assert set(DEFECTS) | BUILT_BY_BYTES == set(KINDS)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_example_has_no_findings(engine):
    _, findings = check(read_file(EXAMPLE, engine).data, CATALOGS)
    assert findings == []


@pytest.mark.parametrize("code", sorted(DEFECTS))
@pytest.mark.slow
def test_defect_is_found_at_its_cell(code, tmp_path):
    """Through check_workbook, as every command and button checks, so that the workbook's own list counts;
    the upper level checks with its list (here the shipped one) for catalog-not-used."""
    edit, where = DEFECTS[code]
    path = with_defect(edit, tmp_path / "defect.xlsx")
    _, findings, _ = check_workbook(read_file(path).data, CATALOGS, upper=code == "catalog-not-used", legacy=LEGACY)
    found = [(f.code, f.place) for f in findings]
    assert (code, where) in found, found
    message = next(f.message for f in findings if f.code == code)
    first_letter = next(ch for ch in message if ch.isalpha())
    assert first_letter.isupper() and message.endswith(".")


def test_fixed_text_is_in_the_warning_and_in_the_plan(tmp_path):
    path = with_defect(set_cell("Thông tin", "B4", " xã  Cẩm Lương"), tmp_path / "d.xlsx")
    plan, findings = check(read_file(path).data, CATALOGS)
    assert plan.info.unit == "xã Cẩm Lương"
    assert '"xã Cẩm Lương"' in findings[0].message


def test_decomposed_text_is_normalised(tmp_path):
    path = with_defect(set_cell("Thông tin", "B4", unicodedata.normalize("NFD", "xã Cẩm Lương")),
                       tmp_path / "d.xlsx")
    plan, _ = check(read_file(path).data, CATALOGS)
    assert plan.info.unit == unicodedata.normalize("NFC", "xã Cẩm Lương")


def test_money_text_suggests_the_number(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5.000.000"), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    assert "ví dụ 5000000" in next(f.message for f in findings if f.code == "money-text")


def test_dates_typed_as_text_are_read(tmp_path):
    path = with_defect(set_cell("Căn cứ", "C2", "20/04/2023"), tmp_path / "d.xlsx")
    plan, findings = check(read_file(path).data, CATALOGS)
    assert plan.bases[0].date == date(2023, 4, 20)
    assert findings == []


def test_money_in_words_has_one_finding_and_the_right_hint(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    at_cell = [f for f in findings if f.place == "Dự án!D11"]
    assert [f.code for f in at_cell] == ["money-text"]
    assert "ví dụ 5000000" in at_cell[0].message


def test_a_year_in_superscript_digits_is_a_finding_not_a_crash(tmp_path):
    path = with_defect(set_cell("Thông tin", "B5", "²⁰²³"), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    assert [(f.code, f.place) for f in findings] == [("year-invalid", "Thông tin!B5")]


def test_zero_width_characters_in_codes_and_labels_are_ignored(tmp_path):
    def paste(book):
        book["Hoạt động"]["A2"] = "DA2\u200b"
        book["Dự án"]["D1"] = "\u200eKinh phí (đồng)"

    plan, findings = check(read_file(with_defect(paste, tmp_path / "d.xlsx")).data, CATALOGS)
    assert findings == []
    assert plan.activities[0].code == "DA2"


def test_checking_imports_neither_pandas_nor_excel_libraries():
    """The Kiểm tra button runs check() in a fresh process on every click."""
    code = ("import sys, kehoach_xl.core.checks, kehoach_xl.core.totals, kehoach_xl.core.summary; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'xlwings', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_amounts_that_add_up_past_what_excel_holds_stop_at_the_cell_that_does_it(tmp_path):
    def huge(book):
        book["Dự án"]["D11"] = 999_999_999_999_999
        book["Dự án"]["D13"] = 999_999_999_999_999

    plan, findings = check(read_file(with_defect(huge, tmp_path / "d.xlsx")).data, CATALOGS)
    assert [(f.code, f.place) for f in findings] == [("total-too-large", "Dự án!D13"),
                                                     ("total-too-large", "Dự án!D14")]
    assert [p.amount for p in plan.projects if p.amount] == [999_999_999_999_999]


def test_a_month_of_year_zero_is_a_finding_not_a_crash(tmp_path):
    path = with_defect(set_cell("Thông tin", "B9", "05/0000"), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    assert [(f.code, f.place) for f in findings] == [("date-invalid", "Thông tin!B9")]


def test_the_example_typed_as_2027_is_checked_against_2026_2030_and_told_so(tmp_path):
    path = with_defect(set_cell("Thông tin", "B5", 2027), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    phase = next(f for f in findings if f.code == "phase-not-year")
    assert phase.place == "Thông tin!B6"
    assert "năm 2027 thuộc giai đoạn 2026-2030" in phase.message and "kehoach new --year 2027" in phase.message
    unknown = next(f for f in findings if f.place == "Dự án!A2")
    assert unknown.code == "unknown-code" and 'giai đoạn 2026-2030' in unknown.message and '"HP1"' in unknown.message


def test_a_year_no_phase_covers_is_a_finding_not_the_newest_phase(tmp_path):
    path = with_defect(set_cell("Thông tin", "B5", 2040), tmp_path / "d.xlsx")
    _, findings = check(read_file(path).data, CATALOGS)
    assert ("phase-not-shipped", "Thông tin!B5") in [(f.code, f.place) for f in findings]
    assert not any(f.code == "unknown-code" for f in findings), "still the phase it names: 2021-2025"


UNTIDY = [  # a Nơi nhận cell each, from row 8: what it holds, what check() says of it
    ("Phòng LĐTBXH", []),
    ("#1 Phòng LĐTBXH", []),
    ("Phòng  LĐTBXH", ["text-spacing"]),
    ("Phòng LĐTBXH ", ["text-spacing"]),
    ("Phòng\tLĐTBXH", ["text-spacing"]),
    ("Phòng\u00a0LĐTBXH", ["text-spacing"]),
    ("Phòng\u2028LĐTBXH", ["text-spacing"]),
    ("Phòng LĐTBXH\u200b", ["text-invisible"]),
    (unicodedata.normalize("NFD", "Phòng LĐTBXH"), ["text-not-nfc"]),
    ("x· CÈm L\u00ad¬ng", ["text-legacy-encoding"]),
    ("#N/A", ["excel-error"]),
]


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_plain_text_passes_and_each_untidy_text_is_found(engine, tmp_path):
    """text() returns plain cells early: each thing it fixes or reports must still be seen."""
    def fill(book):
        for row, (value, _) in enumerate(UNTIDY, start=8):
            book["Nơi nhận"].cell(row, 1, value)

    _, findings = check(read_file(with_defect(fill, tmp_path / "d.xlsx"), engine).data, CATALOGS, LEGACY)
    found = [[f.code for f in findings if f.place == f"Nơi nhận!A{row}"] for row in range(8, 8 + len(UNTIDY))]
    assert found == [codes for _, codes in UNTIDY]
