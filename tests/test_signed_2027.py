"""A 2027 plan on a province's three-level list and its year-end report, as the official signs them.

Made through the command line as the README says: amounts above one tỷ, a line
with three sources, a line "Theo phân bổ" that disburses money.  The figures are
recomputed here from what was typed; the PDFs are read back word by word.
"""

import json
import re
import subprocess

import docx
import openpyxl
import pytest

from helpers import kehoach, needs_pdf
from province import PLAN_3, blank, fill, province_list

pytestmark = pytest.mark.slow  # a province's plan through PDF and the remote engine

SOURCES = {  # code: [(source, amount)], the first row the one province.fill typed
    "HP1.1.1": [("Ngân sách trung ương", 1_200_000_000), ("Ngân sách tỉnh", 450_000_000),
                ("Vốn huy động hợp pháp khác", 84_930_000)],
    "HP1.1.2": [("Ngân sách tỉnh", 5_000_000)],
    "HP1.3.2": [("Ngân sách trung ương", 3_000_000)],
    "HP2.1.1": [("Ngân sách trung ương", 40_000_000)],
}
RESULTS = {  # code: (allocated typed, disbursed)
    "HP1.1.1": (None, 1_500_000_000),
    "HP1.1.2": (None, 5_000_000),
    "HP1.3.1": (None, 2_000_000),  # theo phân bổ, nothing allocated: named, out of every rate
    "HP1.3.2": (None, 3_000_000),
    "HP2.1.1": (60_000_000, 45_000_000),  # allocated more than planned
}


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ky")
    listed = province_list(folder / "danh-muc-tinh.xlsx")
    plan = fill(blank(folder, listed, "xã Hòa Bình"), folder / "KeHoach_2027.xlsm", PLAN_3)
    book = openpyxl.load_workbook(plan, keep_vba=True)
    projects = book["Dự án"]
    for row in projects.iter_rows(min_row=2):
        if row[0].value in SOURCES:
            (source, amount), *more = SOURCES[row[0].value]
            row[3].value, row[4].value = amount, source
    for code, rows in SOURCES.items():
        for source, amount in rows[1:]:
            projects.append([code, None, None, amount, source, None])
            projects.cell(projects.max_row, 1).number_format = "@"
    results = book["Kết quả"]
    results.delete_rows(2, results.max_row)
    header = {cell.value: cell.column for cell in results[1]}
    for code, (allocated, disbursed) in RESULTS.items():
        row = results.max_row + 1
        results.cell(row, 1, code).number_format = "@"
        results.cell(row, header["Kinh phí được giao (đồng)"], allocated)
        results.cell(row, header["Kết quả thực hiện"], f"Đã thực hiện {code}.")
        results.cell(row, header["Kinh phí giải ngân (đồng)"], disbursed)
    report = book["Báo cáo"]
    values = {"Kỳ báo cáo": "cả năm", "Ngày số liệu": "15/12/2027", "Số hộ nghèo cuối kỳ": 77,
              "Số hộ cận nghèo cuối kỳ": 112, "Số hộ thoát nghèo": 20, "Số hộ tái nghèo": 1,
              "Số hộ nghèo phát sinh mới": 2, "Số hộ nghèo chuyển đến": 0, "Số hộ nghèo chuyển đi": 1}
    for row in report.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    book.save(plan)
    return folder, plan


def test_totals_give_every_levels_money_by_source(signed):
    _, plan = signed
    result = kehoach("totals", plan, "--json")
    totals = json.loads(result.stdout)["totals"]
    assert totals["by_item_source"]["HP1.1.1"] == {"Ngân sách trung ương": 1_200_000_000,
                                                   "Ngân sách tỉnh": 450_000_000,
                                                   "Vốn huy động hợp pháp khác": 84_930_000}
    assert totals["by_item_source"]["HP1"] == {"Ngân sách trung ương": 1_203_000_000, "Ngân sách tỉnh": 455_000_000,
                                               "Vốn huy động hợp pháp khác": 84_930_000}
    for code, amount in totals["by_item"].items():
        assert sum(totals["by_item_source"][code].values()) == amount, code
    assert sum(totals["by_source"].values()) == totals["grand_total"] == 1_782_930_000


def test_the_line_disbursed_without_allocation_is_named_and_left_out_of_the_rates(signed):
    _, plan = signed
    found = json.loads(kehoach("validate", plan, "--json").stdout)["findings"]
    assert [(f["code"], f["fields"].get("code")) for f in found] == [
        ("disbursed-without-allocation", "HP1.3.1")]


def _words(pdf):
    """Each word of the PDF as LibreOffice set it."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    return [line.split(">", 1)[1].rsplit("<", 1)[0] for line in out.splitlines() if line.strip().startswith("<word")]


@needs_pdf
def test_both_documents_keep_every_amount_on_one_line(signed, tmp_path):
    _, plan = signed
    assert kehoach("export", plan, "-o", tmp_path, "--pdf").returncode == 0
    assert kehoach("report", plan, "-o", tmp_path, "--pdf").returncode == 0
    plan_words = _words(tmp_path / "KeHoach_xa_Hoa_Binh_2027.pdf")
    for amount in ("1.734.930.000", "1.200.000.000", "1.782.930.000", "1.203.000.000", "84.930.000"):
        assert amount in plan_words, amount
    report_text = " ".join(p.text for p in docx.Document(tmp_path / "BaoCao_xa_Hoa_Binh_2027.docx").paragraphs)
    assert ("đạt 86,1% kinh phí được giao. Tổng kinh phí kế hoạch: 1.782.930.000 đồng" in report_text
            and "Ngoài ra, đã giải ngân 2.000.000 đồng (Hai triệu đồng) ở Nội dung 3.1: Giảm nghèo về thông tin, "
                "chưa có kinh phí được giao, không tính vào tỷ lệ trên." in report_text)
    report_words = _words(tmp_path / "BaoCao_xa_Hoa_Binh_2027.pdf")
    # allocated like for like: 1.734.930.000 + 5.000.000 + 3.000.000 + 60.000.000; HP1.3.1 left out
    for amount in ("1.734.930.000", "1.802.930.000", "1.553.000.000", "86,1%", "86,5%"):
        assert amount in report_words, amount
    for words in (plan_words, report_words):  # a figure broken across lines leaves "1.734.930.00" and "0"
        figures = [w for w in words if re.fullmatch(r"\d+(\.\d+)+", w) and re.search(r"\d{3}", w)]
        assert figures and all(re.fullmatch(r"\d{1,3}(\.\d{3})+", w) for w in figures), figures


def test_next_years_plan_keeps_a_lines_sources_with_their_money_cleared(signed):
    folder, plan = signed
    out = folder / "KeHoach_2028.xlsm"
    result = kehoach("new", "--from", plan, "--year", 2028, "-o", out)
    assert result.returncode == 0, result.stderr
    rows = [(r[0], r[3], r[4]) for r in openpyxl.load_workbook(out)["Dự án"].iter_rows(min_row=2, max_col=5,
                                                                                       values_only=True)]
    assert [r for r in rows if r[0] == "HP1.1.1"] == [("HP1.1.1", None, source) for source, _ in SOURCES["HP1.1.1"]]
    assert "đã xóa kinh phí năm 2027 của HP1.1.1, HP1.1.2, HP1.3.2, HP2.1.1;" in result.stdout
