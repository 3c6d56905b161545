"""The other half of the year: the results report (6 tháng, cả năm) from the same workbook.

The example plan of 2023 with its results typed into "Kết quả" and "Báo cáo"
(tests/results_data.py) validates, writes the BÁO CÁO through the command line
and the button, renders through LibreOffice; an older workbook is prepared
with both sheets, its input untouched; the consolidation reads the results.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import CATALOGS, EXAMPLE
from helpers import digest, kehoach, needs_pdf
from kehoach_xl.core import contract
from kehoach_xl.core.checks import check_workbook
from kehoach_xl.core.consolidation import NOT_REPORTED
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.results import outcome
from kehoach_xl.io.export import REPORT, write_document
from kehoach_xl.shells import buttons
from remote_engine import run
from results_data import DISBURSED, RESULTS, with_results

pytestmark = pytest.mark.slow  # the results through the buttons, LibreOffice and a consolidation


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> Path:
    return with_results(tmp_path_factory.mktemp("bc") / "KeHoach_2023.xlsm")


def texts(path: Path) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs], [[c.text for c in row.cells] for t in document.tables
                                                   for row in t.rows]


def test_the_example_with_its_results_validates(reported):
    report = json.loads(kehoach("validate", reported, "--json").stdout)
    assert report["findings"] == []


def test_the_report_document_has_the_money_the_rates_and_the_households(reported, tmp_path):
    result = kehoach("report", reported, "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    written = tmp_path / "BaoCao_xa_Cam_Luong_2023.docx"
    assert f"Đã ghi {written}" in result.stdout
    paragraphs, cells = texts(written)
    body = "\n".join(paragraphs)
    assert "BÁO CÁO" in paragraphs and "Số:      /BC-UBND" in [c for row in cells for c in row]
    assert ("Kết quả thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023 "
            "trên địa bàn xã\u00a0Cẩm\u00a0Lương") in paragraphs
    (opening,) = [p for p in paragraphs if p.startswith("Thực hiện Kế hoạch")]
    assert opening == (
        "Thực hiện Kế hoạch của UBND xã Cẩm Lương về triển khai thực hiện các dự án, tiểu dự án Chương trình mục "
        "tiêu quốc gia giảm nghèo bền vững năm 2022 và năm 2023 thuộc Chương trình MTQG giảm nghèo bền vững giai "
        "đoạn 2021-2025 (sau đây gọi tắt là Chương trình) trên địa bàn xã Cẩm Lương, UBND xã Cẩm Lương báo cáo "
        "kết quả thực hiện Chương trình năm 2023 như sau:")
    table = {row[1].lstrip("\u00a0"): row[2:] for row in cells if len(row) == 5}
    assert table["Tiểu dự án 2: Giám sát, đánh giá"] == ["12.000.000", "7.500.000", "62,5%"]
    assert table["Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình"] == [
        "21.000.000", "16.500.000", "78,6%"]
    assert table["Tổng cộng"] == ["26.000.000", "21.500.000", "82,7%"]
    assert table["Tiểu dự án 1: Giảm nghèo về thông tin"] == ["Theo phân bổ", "", ""]
    assert ("Tổng kinh phí được giao: 26.000.000 đồng (Hai mươi sáu triệu đồng); đã giải ngân: 21.500.000 đồng "
            "(Hai mươi mốt triệu năm trăm nghìn đồng), đạt 82,7% kinh phí được giao.") in paragraphs
    # 95 of 1.450 is 6,55%; 77 of 1.450 (no "Tổng số hộ cuối kỳ": the households at the start) 5,31%.
    assert ("Tổng số hộ trên địa bàn đầu năm: 1.450 hộ (tỷ lệ cuối kỳ tính trên số hộ này).") in paragraphs
    assert ("Hộ nghèo: đầu năm 95 hộ, tỷ lệ 6,55%; trong kỳ thoát nghèo 20 hộ, tái nghèo 1 hộ, phát sinh mới 2 hộ, "
            "chuyển đi 1 hộ; cuối kỳ 77 hộ, tỷ lệ 5,31%; giảm 18 hộ, tỷ lệ hộ nghèo giảm 1,24 điểm phần trăm."
            ) in paragraphs
    assert ("Cả năm giảm 18 hộ nghèo: vượt chỉ tiêu kế hoạch và chỉ tiêu cấp trên giao (17 hộ).") in paragraphs
    assert ("Hộ cận nghèo: đầu năm 120 hộ, tỷ lệ 8,28%; cuối kỳ 112 hộ, tỷ lệ 7,72%; giảm 8 hộ, tỷ lệ hộ cận nghèo "
            "giảm 0,56 điểm phần trăm.") in paragraphs
    for code, (done, _) in RESULTS.items():
        assert f"Kết quả thực hiện: {done}" in paragraphs, code
    assert "Kinh phí: được giao 9.000.000 đồng; đã giải ngân 9.000.000 đồng (100,0%)" in paragraphs
    assert body.index("II. ĐÁNH GIÁ") < body.index("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024") < body.index(
        "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    assert paragraphs[-1].endswith("./.") or any(p.endswith("./.") for p in paragraphs)
    assert sum(int(v.replace(".", "")) for k, (_, v, _) in table.items()
               if k.startswith("Tiểu dự án") and v) == DISBURSED


def test_a_six_month_report_gives_the_share_of_the_years_target_and_the_estimate_and_no_verdict(tmp_path):
    half = with_results(tmp_path / "half.xlsm", report={
        "Kỳ báo cáo": "6 tháng", "Ngày số liệu": "30/06/2023", "Số hộ thoát nghèo": 8, "Số hộ nghèo cuối kỳ": 89,
        "Ước số hộ nghèo giảm cả năm": 18, "Ước kinh phí giải ngân cả năm (đồng)": 24_000_000})
    result = kehoach("report", half, "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    paragraphs, _ = texts(tmp_path / "BaoCao_xa_Cam_Luong_2023.docx")
    assert any("6 tháng đầu năm 2023" in p for p in paragraphs)
    # 95 − 89 = 6 of the year's 17: 35,3%; the estimate 18 of 17: 105,9%; 24.000.000 of 26.000.000: 92,3%.
    assert ("Sáu tháng đầu năm giảm 6 hộ nghèo, bằng 35,3% kế hoạch năm (17 hộ); ước thực hiện cả năm giảm 18 hộ "
            "nghèo, bằng 105,9% kế hoạch năm.") in paragraphs
    assert ("Ước thực hiện cả năm: giải ngân 24.000.000 đồng (Hai mươi tư triệu đồng), bằng 92,3% kinh phí được "
            "giao."
            in paragraphs)
    households = paragraphs[paragraphs.index("4. Kết quả giảm nghèo"):paragraphs.index("II. ĐÁNH GIÁ")]
    assert not any("đạt" in p for p in households), households
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023" in paragraphs


FLOWS = {"Tổng số hộ cuối kỳ": 1462, "Số hộ thoát nghèo lên cận nghèo": 12,
         "Số hộ thoát nghèo vượt chuẩn cận nghèo": 8, "Số hộ thoát cận nghèo": 22, "Số hộ cận nghèo phát sinh mới": 3,
         "Số hộ cận nghèo rơi xuống nghèo": 1}
"""120 near-poor at the start + 12 from the poor + 3 new − 22 above the line − 1 into poverty = 112 at the end."""


def test_the_year_report_has_the_households_at_the_end_the_split_of_the_escaped_and_the_near_poor_flows(tmp_path):
    path = with_results(tmp_path / "x.xlsm", report=FLOWS)
    assert check_workbook(read_file(path).data, CATALOGS).findings == []
    result = kehoach("report", path, "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    paragraphs, _ = texts(tmp_path / "BaoCao_xa_Cam_Luong_2023.docx")
    # The end's rates are of the 1.462 households at the end: 77 is 5,27%, 112 is 7,66%.
    assert "Tổng số hộ trên địa bàn: đầu năm 1.450 hộ, cuối kỳ 1.462 hộ." in paragraphs
    assert ("Hộ nghèo: đầu năm 95 hộ, tỷ lệ 6,55%; trong kỳ thoát nghèo 20 hộ (thoát nghèo lên cận nghèo 12 hộ, "
            "thoát nghèo vượt chuẩn cận nghèo 8 hộ), tái nghèo 1 hộ, phát sinh mới 2 hộ, chuyển đi 1 hộ; cuối kỳ 77 "
            "hộ, tỷ lệ 5,27%; giảm 18 hộ, tỷ lệ hộ nghèo giảm 1,28 điểm phần trăm.") in paragraphs
    assert ("Hộ cận nghèo: đầu năm 120 hộ, tỷ lệ 8,28%; trong kỳ hộ nghèo lên cận nghèo 12 hộ, phát sinh mới 3 hộ, "
            "thoát cận nghèo 22 hộ, rơi xuống nghèo 1 hộ; cuối kỳ 112 hộ, tỷ lệ 7,66%; giảm 8 hộ, tỷ lệ hộ cận "
            "nghèo giảm 0,62 điểm phần trăm.") in paragraphs
    assert "Cả năm giảm 8 hộ cận nghèo: vượt chỉ tiêu kế hoạch và chỉ tiêu cấp trên giao (5 hộ)." in paragraphs


def test_a_report_sheet_without_the_rows_added_later_still_reads(tmp_path):
    path = with_results(tmp_path / "cu.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[contract.REPORT.sheet]
    added = {f.label for f in contract.REPORT_FIELDS if f.optional}
    for row in sorted((c.row for c in sheet["A"] if c.value in added), reverse=True):
        sheet.delete_rows(row)
    book.save(path)
    assert len(added) == 11
    assert check_workbook(read_file(path).data, CATALOGS).findings == []
    assert kehoach("report", path, "-o", tmp_path / "ra").returncode == 0


def test_the_report_is_refused_while_there_is_an_error_or_no_period(tmp_path):
    broken = with_results(tmp_path / "loi.xlsm", report={"Số hộ nghèo cuối kỳ": 78})
    result = kehoach("report", broken, "-o", tmp_path / "ra")
    assert result.returncode == 1 and "households-unbalanced" in result.stdout and not (tmp_path / "ra").exists()
    result = kehoach("report", EXAMPLE, "-o", tmp_path / "ra")
    assert result.returncode == 1 and "Chưa có kỳ báo cáo" in result.stderr and not (tmp_path / "ra").exists()


def test_a_second_report_never_overwrites_the_first(reported, tmp_path):
    assert kehoach("report", reported, "-o", tmp_path).returncode == 0
    first = digest(tmp_path / "BaoCao_xa_Cam_Luong_2023.docx")
    assert kehoach("report", reported, "-o", tmp_path).returncode == 0
    assert (tmp_path / "BaoCao_xa_Cam_Luong_2023 (2).docx").is_file()
    assert digest(tmp_path / "BaoCao_xa_Cam_Luong_2023.docx") == first


@needs_pdf
def test_the_report_renders_through_libreoffice_as_the_plan_does(reported, tmp_path):
    result = kehoach("report", reported, "-o", tmp_path, "--pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = tmp_path / "BaoCao_xa_Cam_Luong_2023.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                             text=True).stdout)[1])
    assert 2 <= pages <= 6
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert not first.startswith("1") and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "BÁO CÁO" in first
    for page in range(1, pages):
        last = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        assert not re.match(r"\s*(\d+\. |[IV]+\. )", last), f"page {page} ends with a heading: {last!r}"
        assert not last.rstrip().endswith(":"), f"page {page} ends with a label"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Times" in fonts or "LiberationSerif" in fonts
    assert "DejaVu" not in fonts


@pytest.mark.parametrize("edit, code, place", [
    ({"Số hộ nghèo cuối kỳ": 78}, "households-unbalanced", "Báo cáo!B6"),
    (FLOWS | {"Số hộ cận nghèo cuối kỳ": 113}, "near-poor-unbalanced", "Báo cáo!B7"),
    (FLOWS | {"Số hộ thoát nghèo vượt chuẩn cận nghèo": 9}, "escaped-split-unbalanced", "Báo cáo!B14"),
    ({"Số hộ thoát nghèo lên cận nghèo": 21}, "escaped-split-unbalanced", "Báo cáo!B14"),
    ({"Ngày số liệu": "15/12/2024"}, "report-date-outside-year", "Báo cáo!B3"),
    ({"Kỳ báo cáo": "quý III"}, "report-period-invalid", "Báo cáo!B2"),
])
def test_each_check_of_the_report_sheet_is_caught_at_its_cell(tmp_path, edit, code, place):
    path = with_results(tmp_path / "x.xlsm", report=edit)
    findings = check_workbook(read_file(path).data, CATALOGS).findings
    assert [(f.code, f.place) for f in findings if f.code == code] == [(code, place)]


def _result_cell(cell: str, value: object):
    def edit(book):
        book[contract.RESULTS.sheet][cell] = value
    return edit


@pytest.mark.parametrize("cell, value, code", [
    ("F9", 10_000_000, "disbursed-above-planned"),  # DA7.1: 9.000.000 planned
    ("E2", None, "line-without-result"),  # DA2
    ("F7", 3_000_000, "disbursed-without-allocation"),  # DA6.1: theo phân bổ
    ("A2", "DA5", "result-not-in-plan"),
])
def test_each_check_of_the_results_is_caught_at_its_cell(tmp_path, cell, value, code):
    path = with_results(tmp_path / "x.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    _result_cell(cell, value)(book)
    book.save(path)
    findings = check_workbook(read_file(path).data, CATALOGS).findings
    where = f"{contract.RESULTS.sheet}!{'A' + cell[1:] if code == 'line-without-result' else cell}"
    assert (code, where) in [(f.code, f.place) for f in findings], findings
    if code == "disbursed-above-planned":
        message = next(f.message for f in findings if f.code == code)
        assert "10.000.000 đồng" in message and "9.000.000 đồng" in message


def _plan_only(path: Path) -> Path:
    """The example as workbooks made before 2027 were: no "Kết quả", no "Báo cáo"."""
    book = openpyxl.load_workbook(EXAMPLE, keep_vba=True)
    for table in contract.REPORT_TABLES:
        del book[table.sheet]
    book.save(path)
    return path


def test_prepare_gives_a_copy_with_every_plan_line_and_leaves_the_input_alone(tmp_path):
    old = _plan_only(tmp_path / "cu.xlsm")
    before = digest(old)
    assert check_workbook(read_file(old).data, CATALOGS).findings == [], "a plan-only workbook still reads"
    result = kehoach("report", "--prepare", old, "-o", tmp_path / "moi.xlsm")
    assert result.returncode == 0, result.stderr
    assert digest(old) == before
    book = openpyxl.load_workbook(tmp_path / "moi.xlsm")
    names = book.sheetnames
    assert names.index("Nơi nhận") + 1 == names.index("Kết quả") and names.index("Báo cáo") == names.index(
        "Kết quả") + 1
    codes = [row[0] for row in book["Kết quả"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == list(RESULTS)
    assert book["Kết quả"]["B2"].value.startswith("=IF(A2") and "SUMIF" in book["Kết quả"]["C2"].value
    filled = with_results(tmp_path / "dien.xlsm", source=tmp_path / "moi.xlsm")
    assert check_workbook(read_file(filled).data, CATALOGS).findings == []
    again = kehoach("report", "--prepare", filled, "-o", tmp_path / "lan2.xlsm")
    assert again.returncode == 0 and "0 dòng mới" in again.stdout


def test_consolidating_communes_with_and_without_results(tmp_path):
    from kehoach_xl.builder.generate import generate

    inbox = tmp_path / "hop-thu"
    truths = {t.file: t for t in generate(inbox, 40, seed=7) if t.defect != "unreadable"}
    assert 0 < sum(t.reported for t in truths.values()) < len(truths)
    out = tmp_path / "TongHop.xlsx"
    kehoach("consolidate", inbox, "-o", out)
    sheet = openpyxl.load_workbook(out)["Kết quả"]
    rows = [dict(zip([c.value for c in sheet[1]], row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    for name, truth in truths.items():
        mine = [r for r in rows if r["Tệp"] == name]
        if not truth.reported:
            assert [r["Kỳ báo cáo"] for r in mine] == [NOT_REPORTED], name
            continue
        whole = next(r for r in mine if r["Tên"] == "Cả xã")
        assert whole["Kinh phí giải ngân (đồng)"] == truth.disbursed, name
        assert whole["Kinh phí kế hoạch (đồng)"] == truth.grand_total, name
        if truth.grand_total:
            assert whole["Tỷ lệ giải ngân"] == pytest.approx(truth.disbursed / truth.grand_total)
    for total in (r for r in rows if str(r["Đơn vị"]).startswith("Toàn cấp")):
        group = [t for t in truths.values() if t.year == total["Năm"] and t.reported]
        assert total["Kinh phí giải ngân (đồng)"] == sum(t.disbursed for t in group)
        assert total["Tệp"].startswith(f"{len(group)}/")


def test_the_buttons_prepare_and_export_the_report(reported, tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    book = Path(shutil.copy(reported, folder / "KeHoach_2023.xlsm"))
    applied = run(buttons.export_report, book, tmp_path / "out.xlsm")
    written = folder / "BaoCao_xa_Cam_Luong_2023.docx"
    assert written.is_file() and str(written) in applied.alerts[0].prompt
    assert "Tổng cộng" in [c for row in texts(written)[1] for c in row]
    plan_only = _plan_only(folder / "cu.xlsm")
    applied = run(buttons.export_report, plan_only, tmp_path / "out2.xlsm")
    assert "Chuẩn bị báo cáo" in applied.alerts[0].prompt
    applied = run(buttons.prepare_report, plan_only, tmp_path / "out3.xlsm")
    prepared = folder / "KeHoach_xa_Cam_Luong_2023_BaoCao.xlsm"
    assert prepared.is_file() and str(prepared) in applied.alerts[0].prompt
    assert "Kết quả" in openpyxl.load_workbook(prepared).sheetnames


def test_rates_are_disbursed_over_allocated_like_for_like(tmp_path):
    """DA6.1 goes "theo phân bổ": what it disburses with nothing allocated is named and left out of every
    rate; once its allocation is typed, it counts at its level, its project's and the total."""
    path = with_results(tmp_path / "x.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[contract.RESULTS.sheet]["F7"] = 3_000_000
    book.save(path)
    checked = check_workbook(read_file(path).data, CATALOGS)
    assert [(f.code, f.place) for f in checked.findings] == [("disbursed-without-allocation", "Kết quả!F7")]
    found = outcome(checked.plan, checked.catalog)
    by_code = {line.node.code: line for line in found.lines}
    assert (found.allocated, found.disbursed, found.unallocated) == (26_000_000, 21_500_000, 3_000_000)
    assert round(found.rate, 1) == 82.7
    assert (by_code["DA6"].allocated, by_code["DA6"].disbursed) == (5_000_000, 5_000_000)
    assert by_code["DA6.1"].rate is None and not by_code["DA6.1"].counted
    book[contract.RESULTS.sheet]["D7"] = 4_000_000
    book.save(path)
    checked = check_workbook(read_file(path).data, CATALOGS)
    assert checked.findings == []
    found = outcome(checked.plan, checked.catalog)
    by_code = {line.node.code: line for line in found.lines}
    assert (found.allocated, found.disbursed, found.unallocated) == (30_000_000, 24_500_000, 0)
    assert (by_code["DA6"].allocated, by_code["DA6"].disbursed, by_code["DA6.1"].rate) == (9_000_000, 8_000_000, 75.0)
    paragraphs, cells = texts(write_document(checked.plan, checked.catalog, tmp_path / "ra", kind=REPORT)[0])
    table = {row[1]: row[2:] for row in cells if len(row) == 5}
    assert table["Tổng cộng"] == ["30.000.000", "24.500.000", "81,7%"]
    assert table["Tiểu dự án 1: Giảm nghèo về thông tin"] == ["4.000.000", "3.000.000", "75,0%"]


TYPED = {"A2": "HP2.1.1", "E2": "Hỗ trợ làm mới 1 nhà ở.", "F2": 40_000_000, "G3": "Ghi chú của xã",
         "A5": "HP1.1.2", "E5": "Đã hỗ trợ tổ cộng đồng."}


def _typed_2027(tmp_path: Path) -> Path:
    """A 2027 workbook on the province's list (it has "Kết quả" and "Báo cáo" from the start) where the official
    typed results for two of its five lines, a note on a row without a code, and left a row empty between."""
    from province import PLAN_3, blank, fill, province_list

    listed = province_list(tmp_path / "DanhMuc_tinh.xlsx")
    path = fill(blank(tmp_path, listed), tmp_path / "KeHoach_2027.xlsm", PLAN_3)
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet = book[contract.RESULTS.sheet]
    for cell, value in TYPED.items():
        sheet[cell] = value
    book.save(path)
    return path


def test_prepare_on_a_2027_workbook_lists_every_plan_line_and_keeps_what_was_typed(tmp_path):
    typed = _typed_2027(tmp_path)
    before = digest(typed)
    result = kehoach("report", "--prepare", typed, "-o", tmp_path / "moi.xlsm")
    assert result.returncode == 0, result.stderr
    assert "5 dòng của kế hoạch (3 dòng mới: HP1.1.1, HP1.3.2, HP1.3.1)" in result.stdout
    assert digest(typed) == before
    sheet = openpyxl.load_workbook(tmp_path / "moi.xlsm")[contract.RESULTS.sheet]
    assert {cell: sheet[cell].value for cell in TYPED} == TYPED
    codes = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert codes == ["HP2.1.1", None, "HP1.1.1", "HP1.1.2", "HP1.3.2", "HP1.3.1"], "the empty row first, then below"
    assert sheet["B4"].value.startswith("=IF(A4") and sheet["B7"].value.startswith("=IF(A7")
    assert sheet.tables["KetQua"].ref == "A1:G7"
    again = kehoach("report", "--prepare", tmp_path / "moi.xlsm", "-o", tmp_path / "lan2.xlsm")
    assert again.returncode == 0 and "(0 dòng mới: không có)" in again.stdout


def test_the_button_prepares_a_2027_workbook_and_says_when_nothing_is_missing(tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    typed = _typed_2027(folder)
    applied = run(buttons.prepare_report, typed, tmp_path / "out.xlsm")
    prepared = folder / "KeHoach_xa_Cam_Luong_2027_BaoCao.xlsm"
    assert str(prepared) in applied.alerts[0].prompt and "thêm 3 dòng" in applied.alerts[0].prompt
    sheet = openpyxl.load_workbook(prepared)[contract.RESULTS.sheet]
    assert {cell: sheet[cell].value for cell in TYPED} == TYPED
    applied = run(buttons.prepare_report, prepared, tmp_path / "out2.xlsm")
    assert "đã có đủ 5 dòng" in applied.alerts[0].prompt
    assert sorted(p.name for p in folder.glob("*_BaoCao*.xlsm")) == [prepared.name], "no copy for nothing"
