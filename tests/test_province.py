"""The 2026-2030 program as a province publishes it: its own list, three levels deep, through every path.

A blank workbook made with the province's list (`kehoach new --catalog`) carries
it on "Danh mục"; filled with the province's codes it validates, totals and
exports against that list without `--catalog`, by the command line and by the
buttons; five such plans of two depths consolidate to the same sums per level.
"""

import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from helpers import kehoach
from kehoach_xl.core import contract
from kehoach_xl.io.catalogs import load
from kehoach_xl.shells import buttons
from province import ITEMS, PHASE, PLAN_2, PLAN_3, blank, fill, province_list
from remote_engine import run

pytestmark = pytest.mark.slow  # a province's list through every command and button

PROGRAM = ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - "
           "xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026-2035")
SUBTOTALS_3 = {"HP1": 18_000_000, "HP1.1": 15_000_000, "HP1.1.1": 10_000_000, "HP1.1.2": 5_000_000,
               "HP1.3": 3_000_000, "HP1.3.2": 3_000_000, "HP2": 40_000_000, "HP2.1": 40_000_000,
               "HP2.1.1": 40_000_000}
SUBTOTALS_2 = {"HP1": 14_000_000, "HP1.1": 12_000_000, "HP1.3": 2_000_000, "HP2": 30_000_000,
               "HP2.1": 30_000_000}
HEADINGS_3 = [
    "1. Hợp phần 1: Xây dựng nông thôn mới và giảm nghèo bền vững",
    "1.1. Nội dung thành phần 1: Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế",
    "a) Nội dung 1.1: Hỗ trợ phát triển sản xuất theo chuỗi giá trị",
    "b) Nội dung 1.2: Hỗ trợ phát triển sản xuất cộng đồng",
    "1.2. Nội dung thành phần 3: Truyền thông và giảm nghèo về thông tin",
    "a) Nội dung 3.1: Giảm nghèo về thông tin",
    "b) Nội dung 3.2: Truyền thông về giảm nghèo đa chiều",
    "2. Hợp phần 2: Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
    "2.1. Nội dung thành phần 1: Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt",
    "a) Nội dung 1.1: Hỗ trợ nhà ở",
]
BUDGET_3 = [("1", "Hợp phần 1", "18.000.000"), ("1.1", "Nội dung thành phần 1", "15.000.000"),
            ("a", "Nội dung 1.1", "10.000.000"), ("b", "Nội dung 1.2", "5.000.000"),
            ("1.2", "Nội dung thành phần 3", "3.000.000"), ("a", "Nội dung 3.1", "Theo phân bổ"),
            ("b", "Nội dung 3.2", "3.000.000"), ("2", "Hợp phần 2", "40.000.000"),
            ("2.1", "Nội dung thành phần 1", "40.000.000"), ("a", "Nội dung 1.1", "40.000.000")]
OWN_SUMMARY = "Thực hiện Chương trình mục tiêu quốc gia năm 2027 trên địa bàn xã Cẩm Lương"


@pytest.fixture(scope="module")
def listed(tmp_path_factory) -> Path:
    return province_list(tmp_path_factory.mktemp("tinh") / "DanhMuc_Thanh_Hoa.xlsx")


@pytest.fixture(scope="module")
def empty(listed, tmp_path_factory) -> Path:
    return blank(tmp_path_factory.mktemp("trong"), listed)


@pytest.fixture(scope="module")
def deep(empty, tmp_path_factory) -> Path:
    """A 2027 plan filled at the third level, its summary typed by the official, its Căn cứ the province's
    own yearly plan: neither names the program."""
    path = fill(empty, tmp_path_factory.mktemp("sau") / "KeHoach_2027.xlsm", PLAN_3, summary=OWN_SUMMARY)
    book = openpyxl.load_workbook(path, keep_vba=True)
    bases = book[contract.BASES.sheet]
    bases.delete_rows(2, bases.max_row)
    bases.append(["Kế hoạch", "15/KH-UBND", "10/01/2027", "UBND tỉnh Thanh Hóa",
                  "về thực hiện các chương trình mục tiêu quốc gia năm 2027 trên địa bàn tỉnh"])
    book.save(path)
    return path


def json_of(*args: object) -> dict:
    result = kehoach(*args, "--json")
    return json.loads(result.stdout)


def document_text(path: Path) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(path)
    return [p.text for p in document.paragraphs], [[c.text for c in row.cells] for t in document.tables
                                                   for row in t.rows]


def test_the_province_list_reaches_the_new_workbook_with_its_codes_as_text(empty):
    book = openpyxl.load_workbook(empty)
    sheet = book[contract.CATALOG.sheet]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert [(r[1], r[2], r[3], r[4] or "", r[5]) for r in rows] == ITEMS
    for name, letters in ((contract.CATALOG.sheet, "BE"), (contract.PROJECTS.sheet, "A"),
                          (contract.ACTIVITIES.sheet, "A")):
        for letter in letters:
            assert book[name].column_dimensions[letter].number_format == "@", (name, letter)
    assert all(book[contract.CATALOG.sheet][f"B{row}"].number_format == "@" for row in range(2, 13))


def test_filled_at_the_third_level_it_validates_against_its_own_list_without_catalog(deep):
    assert json_of("validate", deep)["findings"] == []
    assert kehoach("validate", deep).stdout.strip().endswith("KeHoach_2027.xlsm: 0 lỗi, 0 cảnh báo.")


def test_the_list_edited_after_the_workbook_was_made_gets_its_warning(deep, tmp_path):
    """The province's list, unchanged since `new --catalog` wrote it, is no warning (above); a name, a row or
    the fingerprint changed since is, as any list of the workbook's own."""
    for cell, value in (("D3", "Tên do xã sửa"), ("A13", PHASE), ("J6", "0000000000000000"), ("J6", None)):
        book = openpyxl.load_workbook(deep, keep_vba=True)
        book[contract.CATALOG.sheet][cell] = value
        if cell == "A13":  # a row added: an item of the commune's own
            book[contract.CATALOG.sheet].append([PHASE, "HP3", "Hợp phần", "Của xã", None, None, None])
        edited = tmp_path / f"sua-{cell}-{value is None}.xlsm"
        book.save(edited)
        own = [f for f in json_of("validate", edited)["findings"] if f["code"] == "catalog-of-workbook"]
        assert len(own) == 1 and own[0]["sheet"] == "Danh mục", (cell, value)
        assert "danh mục kèm kehoach-xl" in own[0]["message"]


def test_the_workbook_says_where_its_list_came_from(listed, tmp_path):
    """The province says who issued its list, in which document, on which date, beside the list; the
    workbook made from it carries that, the file's name and the list's fingerprint, and the consolidation
    names the list each commune used by it."""
    said = tmp_path / "DanhMuc_tinh.xlsx"
    book = openpyxl.load_workbook(listed)
    sheet = book[contract.CATALOG.sheet]
    for row, value in enumerate(("Nguồn danh mục", "Cơ quan ban hành", "Văn bản", "Ngày ban hành"), start=1):
        sheet.cell(row, 9, value)
    sheet["J2"], sheet["J3"], sheet["J4"] = "=UBND tỉnh Thanh Hóa", "Quyết định số 15/QĐ-UBND", "10/01/2027"
    sheet["J2"].data_type = "s"  # text that looks like a formula, kept as text all the way
    book.save(said)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    made = fill(blank(tmp_path, said), inbox / "xa.xlsm", PLAN_3)
    again = kehoach("new", "--year", 2027, "-o", tmp_path / "lai.xlsm", "--catalog", said)
    assert ("Danh mục của sổ: danh mục cấp trên: =UBND tỉnh Thanh Hóa, Quyết định số 15/QĐ-UBND, ngày "
            "10/01/2027;") in again.stdout
    block = [[c.value for c in row] for row in openpyxl.load_workbook(made)[contract.CATALOG.sheet]["I1:J6"]]
    assert block[:5] == [["Nguồn danh mục", None], ["Cơ quan ban hành", "=UBND tỉnh Thanh Hóa"],
                         ["Văn bản", "Quyết định số 15/QĐ-UBND"], ["Ngày ban hành", "10/01/2027"],
                         ["Tệp danh mục", "DanhMuc_tinh.xlsx"]]
    assert block[5][0] == "Mã kiểm tra" and len(block[5][1]) == 16
    assert json_of("validate", made)["findings"] == []
    out = tmp_path / "TongHop.xlsx"
    assert kehoach("consolidate", inbox, "-o", out).returncode == 0
    listing = list(openpyxl.load_workbook(out)["Danh sách"].iter_rows(values_only=True))
    assert listing[1][listing[0].index("Danh mục")] == (
        "2026-2030: danh mục cấp trên: =UBND tỉnh Thanh Hóa, Quyết định số 15/QĐ-UBND, ngày 10/01/2027")


def test_its_totals_are_the_sums_of_the_children_at_every_level(deep):
    totals = json_of("totals", deep)["totals"]
    assert totals["by_item"] == SUBTOTALS_3
    assert totals["by_project"] == {"HP1": 18_000_000, "HP2": 40_000_000}
    assert totals["grand_total"] == 58_000_000 and totals["without_amount"] == ["HP1.3.1"]
    for parent in ("HP1", "HP1.1", "HP1.3", "HP2", "HP2.1"):
        children = [code for code, _, _, above, _ in ITEMS if above == parent]
        assert totals["by_item"][parent] == sum(totals["by_item"].get(c, 0) for c in children)


def test_the_document_heads_every_level_in_catalog_order_and_names_the_program(deep, tmp_path):
    result = kehoach("export", deep, "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    paragraphs, cells = document_text(next(tmp_path.glob("*.docx")))
    headings = [p for p in paragraphs if p.split(" ")[0] in {"1.", "1.1.", "1.2.", "2.", "2.1.", "a)", "b)"}
                and ": " in p]
    assert headings == HEADINGS_3
    opening = next(p for p in paragraphs if p.startswith("Thực hiện Kế hoạch số 15/KH-UBND"))
    assert opening.endswith(f"UBND xã Cẩm Lương xây dựng kế hoạch năm 2027 thực hiện {PROGRAM} (sau đây gọi tắt là "
                            f"Chương trình) với các nội dung chính sau:")
    table = [row for row in cells if len(row) == 3 and row[0] in {"1", "1.1", "1.2", "2", "2.1", "a", "b"}]
    assert [(row[0], row[1].lstrip("\u00a0").split(":")[0], row[2]) for row in table] == BUDGET_3
    rows = [row for row in docx.Document(next(tmp_path.glob("*.docx"))).tables[-2].rows
            if row.cells[0].text in {"1", "1.1", "1.2", "2", "2.1", "a", "b"}]
    indents = [round((row.cells[1].paragraphs[0].paragraph_format.left_indent or 0) / 360000, 1) for row in rows]
    assert indents == [0, 0.4, 0.8, 0.8, 0.4, 0.8, 0.8, 0, 0.4, 0.8], "cm: 0,4 a level, by paragraph indentation"
    bold = [row.cells[1].paragraphs[0].runs[0].bold for row in rows]
    assert bold == [True, True, None, None, True, None, None, True, True, None], "the levels above the lines"
    assert "Tổng kinh phí: 58.000.000 đồng (Năm mươi tám triệu đồng)" in "\n".join(paragraphs)


def test_the_buttons_check_total_and_export_against_the_workbooks_list(deep, tmp_path):
    out = tmp_path / "checked.xlsm"
    applied = run(buttons.validate, deep, out)
    assert "Dữ liệu hợp lệ" in applied.alerts[0].prompt
    assert "0 lỗi, 0 cảnh báo." == openpyxl.load_workbook(out)[contract.CHECKS]["A2"].value
    applied = run(buttons.budget, deep, tmp_path / "budget.xlsm")
    assert "58.000.000 đồng" in applied.alerts[0].prompt
    summary = [row for row in openpyxl.load_workbook(tmp_path / "budget.xlsm")[contract.SUMMARY].iter_rows(
        values_only=True)]
    top = {row[0]: row[2] for row in summary[5:7]}
    assert top == {"Hợp phần 1": 18_000_000, "Hợp phần 2": 40_000_000}
    start = next(i for i, row in enumerate(summary) if str(row[0]).startswith("2. Kinh phí từng"))
    levels = [(row[0].lstrip(" "), row[2]) for row in summary[start + 2:start + 12]]
    assert levels == [(label, None if amount == "Theo phân bổ" else int(amount.replace(".", "")))
                      for _, label, amount in BUDGET_3]
    assert [len(row[0]) - len(row[0].lstrip(" ")) for row in summary[start + 2:start + 12]] == [
        0, 4, 8, 8, 4, 8, 8, 0, 4, 8]
    book_folder = tmp_path / "xa"
    book_folder.mkdir()
    book = Path(shutil.copy(deep, book_folder / deep.name))
    applied = run(buttons.export, book, tmp_path / "export.xlsm")
    written = next(book_folder.glob("*.docx"))
    paragraphs, _ = document_text(written)
    assert [p for p in paragraphs if p in HEADINGS_3] == HEADINGS_3


def test_a_code_typed_as_a_number_is_a_finding(empty, tmp_path):
    path = fill(empty, tmp_path / "so.xlsm", PLAN_3)
    book = openpyxl.load_workbook(path, keep_vba=True)
    book[contract.PROJECTS.sheet]["A2"] = 1.1
    book.save(path)
    findings = json_of("validate", path)["findings"]
    assert {(f["code"], f["cell"]) for f in findings if f["code"] == "code-as-number"} == {("code-as-number", "A2")}
    assert any(f["code"] == "code-as-number" and "1.10 thành 1.1" in f["message"] for f in findings)


def test_a_list_with_a_code_stored_as_a_number_is_refused(listed, tmp_path):
    book = openpyxl.load_workbook(listed)
    book["Danh mục"]["B3"] = 1.1
    book.save(tmp_path / "so.xlsx")
    result = kehoach("new", "--year", 2027, "-o", tmp_path / "x.xlsm", "--catalog", tmp_path / "so.xlsx")
    assert result.returncode == 2 and "Danh mục!B3: Mã 1.1 được lưu dạng số" in result.stderr


def test_a_list_of_four_levels_and_codes_as_the_province_writes_them(tmp_path):
    rows = [("I", "Hợp phần", "Một", ""), ("I.2", "Nội dung thành phần", "Hai", "I"),
            ("1.3.2", "Nội dung", "Ba", "I.2"), ("1.3.2.10", "Hoạt động", "Bốn", "1.3.2")]
    path = province_list(tmp_path / "dm.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Danh mục"]
    sheet.delete_rows(2, sheet.max_row)
    for code, kind, name, parent in rows:
        sheet.append([PHASE, code, kind, name, parent or None])
    book.save(path)
    known = load(path)[PHASE]
    assert known.depth == 4 and known.ancestors("1.3.2.10") == ("I", "I.2", "1.3.2")
    assert known.label("1.3.2.10") == "Hoạt động 10"


def test_five_plans_of_two_depths_consolidate_to_the_same_sums_per_level(empty, listed, tmp_path):
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for n in range(5):
        lines = PLAN_3 if n < 3 else PLAN_2
        fill(empty, inbox / f"xa{n}.xlsm", lines, unit=f"xã Số {n + 1}")
    expected = {code: 3 * SUBTOTALS_3.get(code, 0) + 2 * SUBTOTALS_2.get(code, 0)
                for code in {*SUBTOTALS_3, *SUBTOTALS_2}}
    for extra in ((), ("--catalog", listed)):
        out = tmp_path / f"TongHop{len(extra)}.xlsx"
        result = kehoach("consolidate", inbox, "-o", out, *extra)
        assert result.returncode == 0, result.stdout + result.stderr
        book = openpyxl.load_workbook(out)
        money = [row for row in book["Kinh phí"].iter_rows(values_only=True)]
        header = money[0]
        sums = next(row for row in money if row[0] == "Toàn cấp, năm 2027")
        assert {code: sums[header.index(code)] for code in expected} == expected
        for row in money[1:6]:
            per_commune = dict(zip(header, row))
            assert per_commune["HP1"] == (per_commune["HP1.1"] or 0) + (per_commune["HP1.3"] or 0)
            assert per_commune["Tổng cộng (đồng)"] == per_commune["HP1"] + per_commune["HP2"]
        listing = [row for row in book["Danh sách"].iter_rows(values_only=True)]
        used = {row[listing[0].index("Danh mục")] for row in listing[1:6]}
        assert used == {"2026-2030: danh mục cấp trên (DanhMuc_Thanh_Hoa.xlsx)"}


def test_rolled_into_2028_the_plan_keeps_its_province_list(deep, tmp_path):
    out = tmp_path / "KeHoach_2028.xlsm"
    result = kehoach("new", "--from", deep, "--year", 2028, "-o", out)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    codes = [row[1] for row in book[contract.CATALOG.sheet].iter_rows(min_row=2, values_only=True) if row[1]]
    assert codes == [item[0] for item in ITEMS]
    carried = [row[0] for row in book[contract.PROJECTS.sheet].iter_rows(min_row=2, values_only=True) if row[0]]
    assert carried == [code for code, _, _ in PLAN_3]
    assert book[contract.CATALOG.sheet]["J5"].value == "DanhMuc_Thanh_Hoa.xlsx"
    codes = {f["code"] for f in json_of("validate", out)["findings"]}
    assert "catalog-of-workbook" not in codes and "money-and-source-blank" in codes
    edited = tmp_path / "KeHoach_2027_sua.xlsm"
    book = openpyxl.load_workbook(deep, keep_vba=True)
    book[contract.CATALOG.sheet]["D3"] = "Tên do xã sửa"
    book.save(edited)
    assert kehoach("new", "--from", edited, "--year", 2028, "-o", tmp_path / "tu-sua.xlsm").returncode == 0
    assert openpyxl.load_workbook(tmp_path / "tu-sua.xlsm")[contract.CATALOG.sheet]["J6"].value is None
    codes = {f["code"] for f in json_of("validate", tmp_path / "tu-sua.xlsm")["findings"]}
    assert "catalog-of-workbook" in codes, "an edited list is not passed on as the province's"


def test_an_upper_level_checking_with_its_own_list_is_told_of_a_workbook_list_that_differs(deep, tmp_path):
    other = province_list(tmp_path / "khac.xlsx")
    book = openpyxl.load_workbook(other)
    book["Danh mục"]["D3"] = "Tên khác"
    book.save(other)
    findings = json_of("validate", deep, "--catalog", other)["findings"]
    assert [f["code"] for f in findings if f["code"].startswith("catalog-")] == ["catalog-not-used"]


def test_the_new_year_button_and_new_from_with_catalog_carry_the_lists_origin(deep, listed, tmp_path):
    folder = tmp_path / "xa"
    folder.mkdir()
    book = Path(shutil.copy(deep, folder / deep.name))
    run(buttons.new_year, book, tmp_path / "out.xlsm")
    by_button = folder / "KeHoach_xa_Cam_Luong_2028.xlsm"
    rolled = tmp_path / "KeHoach_2028.xlsm"
    assert kehoach("new", "--from", deep, "--year", 2028, "-o", rolled, "--catalog", listed).returncode == 0
    for made in (by_button, rolled):
        sheet = openpyxl.load_workbook(made)[contract.CATALOG.sheet]
        assert (sheet["I5"].value, sheet["J5"].value) == ("Tệp danh mục", "DanhMuc_Thanh_Hoa.xlsx"), made.name
        assert sheet["J6"].value == openpyxl.load_workbook(deep)[contract.CATALOG.sheet]["J6"].value
        assert "catalog-of-workbook" not in {f["code"] for f in json_of("validate", made)["findings"]}, made.name
