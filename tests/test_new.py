"""`kehoach new`: a blank plan for a year, and last year's plan rolled over, as real .xlsm files."""

from datetime import datetime, time
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import CATALOG, CATALOGS, EXAMPLE, ROOT
from helpers import assert_macro_workbook_with_ribbon, digest, info, kehoach, values
from kehoach_xl.builder import build
from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Item
from kehoach_xl.core.new_plan import roll_over
from kehoach_xl.core.reader import read_plan
from kehoach_xl.io.engines import read_file

pytestmark = pytest.mark.slow  # new workbooks built as .xlsm, each seconds

NEW = CATALOGS["2026-2030"]
PROGRAM = NEW.program


@pytest.fixture(scope="module")
def blank_2027(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("new") / "KeHoach_2027.xlsm"
    result = kehoach("new", "--year", 2027, "-o", out, "--unit", "xã Cẩm Lương", "--province", "Thanh Hóa")
    assert result.returncode == 0, result.stderr
    return out, result


def test_a_blank_2027_plan_has_its_phase_its_list_and_the_province(blank_2027):
    path, result = blank_2027
    assert_macro_workbook_with_ribbon(path)
    fields = info(path)
    assert (fields["Năm kế hoạch"], fields["Giai đoạn chương trình"], fields["Tên đơn vị"]) == (
        2027, "2026-2030", "xã Cẩm Lương")
    assert (fields["Tỉnh"], fields["Cấp trên trực tiếp"], fields["Địa danh"]) == (
        "Thanh Hóa", "UBND tỉnh Thanh Hóa", "Cẩm Lương")
    assert fields["Trích yếu"] == (f"Thực hiện {PROGRAM.removesuffix(' giai đoạn 2026-2035')} năm 2027 trên địa bàn "
                                   f"xã Cẩm Lương")
    assert [row[:4] for row in values(path, contract.BASES.sheet)] == [
        [d.kind, d.number, datetime.combine(d.date, time()), d.issuer] for d in NEW.decisions] and NEW.decisions
    recipients = [row[0] for row in values(path, contract.RECIPIENTS.sheet)]
    assert recipients[:2] == ["UBND tỉnh Thanh Hóa (B/c)", "Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa (B/c)"]
    assert not any("huyện" in r or "LĐTBXH" in r for r in recipients)
    assert values(path, contract.CATALOG.sheet) == [[v or None for v in row] for row in NEW.rows()]
    plan, _ = read_plan(read_file(path).data)
    assert (plan.projects, plan.activities, plan.targets.households) == ((), (), None)
    assert "Cần điền" in result.stdout and "Chỉ tiêu: nhập số hộ đầu năm 2027" in result.stdout


def _fill(path: Path, out: Path) -> Path:
    """What the official types: the month, the signer, the targets, both components with their activities."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    book["Thông tin"]["B13"] = "Bùi Quốc Bảo"
    book["Thông tin"]["B9"] = "02/2027"
    for row, value in enumerate((1450, 95, 120, 17, 5), start=2):
        book["Chỉ tiêu"][f"B{row}"] = value
    projects, activities = book["Dự án"], book["Hoạt động"]
    projects.append(["HP1", None, "Cả năm", 12_000_000, "Ngân sách trung ương", "Giao công chức văn hóa - xã hội."])
    projects.append(["HP2", None, "Quý III", None, "Theo phân bổ của cấp trên", "Giao công chức địa chính."])
    activities.append(["HP1", "Truyền thông về giảm nghèo bền vững."])
    activities.append(["HP2", "Hỗ trợ phát triển sản xuất cho hộ đồng bào dân tộc thiểu số."])
    for sheet in (projects, activities):  # the empty table row the builder leaves goes
        sheet.delete_rows(2)
    book.save(out)
    return out


def test_filled_with_items_of_its_list_it_validates_and_exports_the_new_program(blank_2027, tmp_path):
    filled = _fill(blank_2027[0], tmp_path / "KeHoach_2027.xlsm")
    checked = kehoach("validate", filled, "--json")
    assert checked.returncode == 0, checked.stdout
    assert '"severity": "Lỗi"' not in checked.stdout and '"code": "item-unconfirmed"' in checked.stdout
    exported = kehoach("export", filled, "-o", tmp_path / "out")
    assert exported.returncode == 0, exported.stdout + exported.stderr
    document = docx.Document(next((tmp_path / "out").glob("*.docx")))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for row in t.rows for c in row.cells])
    short = PROGRAM.removesuffix(" giai đoạn 2026-2035")
    assert f"Thực hiện {short} năm 2027 trên địa bàn xã\u00a0Cẩm\u00a0Lương" in text  # the Trích yếu
    assert (f"Căn cứ Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội về phê duyệt chủ trương đầu tư {short} "
            f"giai đoạn 2026 - 2035 (sau đây gọi tắt là Chương trình);") in text.split("\n")
    assert "Căn cứ Quyết định số 417/QĐ-BNNMT ngày 31/01/2026 của Bộ trưởng Bộ Nông nghiệp và Môi trường phê duyệt " \
           "Chương trình, giai đoạn I: từ năm 2026 đến năm 2030;" in text.split("\n")
    assert text.count(short) == 2 and text.count("(sau đây gọi tắt là Chương trình)") == 1
    assert "Năm 2027, toàn xã giảm 17 hộ nghèo trở lên, giảm 05 hộ cận nghèo trở lên theo chuẩn nghèo giai đoạn " \
           "2026 - 2030." in text
    assert "UBND tỉnh Thanh Hóa (B/c);" in text and "Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội" in text
    assert "1. Hợp phần 1: Xây dựng nông thôn mới và giảm nghèo bền vững" in text
    assert "huyện" not in text and "LĐTBXH" not in text


@pytest.mark.parametrize("args, reason", [
    (("--year", 2040, "-o", "x.xlsm"), "không thuộc giai đoạn nào"),
    (("--year", 2027, "-o", "x.xlsx"), "đuôi .xlsm"),
    (("--year", 2027, "-o", "x.xlsm", "--from", EXAMPLE, "--unit", "xã A"), "chỉ dùng khi tạo sổ trống"),
])
def test_what_new_refuses(tmp_path, args, reason):
    result = kehoach("new", *[tmp_path / a if str(a).startswith("x.") else a for a in args])
    assert result.returncode == 2 and reason in result.stderr and not list(tmp_path.iterdir())


def test_a_year_before_the_reform_leaves_the_upper_level_to_the_official(tmp_path):
    out = tmp_path / "2024.xlsm"
    assert kehoach("new", "--year", 2024, "-o", out, "--province", "Thanh Hóa").returncode == 0
    fields = info(out)
    assert (fields["Giai đoạn chương trình"], fields["Tỉnh"], fields["Cấp trên trực tiếp"]) == (
        "2021-2025", "Thanh Hóa", None)
    assert values(out, contract.RECIPIENTS.sheet)[0][0] == "Cấp trên trực tiếp (B/c)"


def test_new_takes_the_upper_levels_list(tmp_path):
    listed = tmp_path / "dm.xlsx"
    assert kehoach("catalog", "export", "2021-2025", "-o", listed).returncode == 0
    book = openpyxl.load_workbook(listed)
    book["Danh mục"].append(["2021-2025", "DA8", "Dự án", "Dự án thí điểm của tỉnh"])
    book.save(listed)
    out = tmp_path / "2025.xlsm"
    assert kehoach("new", "--year", 2025, "-o", out, "--catalog", listed).returncode == 0
    assert ["2021-2025", "DA8", "Dự án", "Dự án thí điểm của tỉnh", None, "Dự án 8", None] in [
        row[:7] for row in values(out, contract.CATALOG.sheet)]


# Roll-over.

def test_rolled_over_from_2023_to_2024_carries_the_plan_and_clears_the_year(tmp_path, example):
    before = digest(example)
    out = tmp_path / "2024.xlsm"
    result = kehoach("new", "--from", example, "--year", 2024, "-o", out)
    assert result.returncode == 0, result.stderr
    assert digest(example) == before
    assert_macro_workbook_with_ribbon(out)
    old, new = info(example), info(out)
    for label in ("Tỉnh", "Cấp trên trực tiếp", "Tên đơn vị", "Địa danh", "Thẩm quyền ký", "Chức vụ người ký",
                  "Người ký"):
        assert new[label] == old[label], label
    assert (new["Năm kế hoạch"], new["Giai đoạn chương trình"]) == (2024, "2021-2025")
    assert (new["Số ký hiệu"], new["Ngày ban hành"]) == ("/KH-UBND", None)
    assert new["Trích yếu"] == ("Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 trên địa bàn "
                                "xã Cẩm Lương")
    assert values(out, contract.TEXTS.sheet) == values(example, contract.TEXTS.sheet)
    assert values(out, contract.RECIPIENTS.sheet) == values(example, contract.RECIPIENTS.sheet)
    assert values(out, contract.ACTIVITIES.sheet) == values(example, contract.ACTIVITIES.sheet)
    old_projects, new_projects = values(example, contract.PROJECTS.sheet), values(out, contract.PROJECTS.sheet)
    assert [row[0] for row in new_projects] == [row[0] for row in old_projects]
    assert [row[2:] for row in new_projects] == [row[2:3] + [None] + row[4:] for row in old_projects]
    assert all(row[1] is None for row in values(out, contract.TARGETS.sheet))
    assert [row[1] for row in values(out, contract.BASES.sheet)] == ["90/QĐ-TTg"]
    for line in ("Nội dung chung: 9 đoạn.", "Dự án: 13 dòng", "Nội dung chung!B3: còn ghi năm 2023",
                 "Dự án!C13: còn ghi năm 2023", "đã xóa kinh phí năm 2023 của DA6.2, DA7.1, DA7.2"):
        assert line in result.stdout, line
    plan, findings = read_plan(read_file(out).data)
    assert [p.amount for p in plan.projects] == [None] * 13


@pytest.fixture
def plan_2025(tmp_path) -> Path:
    """The example as a plan of 2025, still to the district."""
    source = build.load_source(build.EXAMPLE)
    source[contract.INFO.sheet] |= {"Năm kế hoạch": 2025, "Ngày ban hành": "05/2025"}
    path = tmp_path / "KeHoach_2025.xlsm"
    path.write_bytes(build.build_xlsm(source, ROOT))
    return path


def test_rolled_over_from_2025_to_2026_changes_phase_and_upper_level_and_lists_what_to_re_map(tmp_path, plan_2025):
    before = digest(plan_2025)
    out = tmp_path / "2026.xlsm"
    result = kehoach("new", "--from", plan_2025, "--year", 2026, "-o", out)
    assert result.returncode == 0, result.stderr
    assert digest(plan_2025) == before
    fields = info(out)
    assert (fields["Giai đoạn chương trình"], fields["Cấp trên trực tiếp"]) == ("2026-2030", "UBND tỉnh Thanh Hóa")
    assert values(out, contract.CATALOG.sheet) == [[v or None for v in row] for row in NEW.rows()]
    plan, _ = read_plan(read_file(out).data)
    assert (plan.projects, plan.activities) == ((), ())
    assert values(out, contract.TEXTS.sheet) == values(plan_2025, contract.TEXTS.sheet)
    assert [row[1] for row in values(out, contract.BASES.sheet)] == [d.number for d in NEW.decisions]
    assert 'Thông tin!B3 Cấp trên trực tiếp: "UBND huyện Cẩm Thủy" không còn từ 01/07/2025' in result.stdout
    assert "DA2 (2 hoạt động), DA3, DA3.1 (3 hoạt động)" in result.stdout
    assert "không có trong Danh mục giai đoạn 2026-2030, chưa chuyển sang" in result.stdout
    assert 'Nơi nhận!A2 "Phòng LĐTBXH (B/c)"' in result.stdout
    assert "Giai đoạn: 2021-2025 → 2026-2030." in result.stdout


def test_a_code_map_carries_projects_into_the_new_phase_under_their_new_codes():
    mapped = replace(NEW, items=NEW.items + (Item("HP1.1", "Nội dung", "Sinh kế", "HP1", "Nội dung 1"),),
                     code_map={"DA2": "HP1.1", "DA3.1": "HP1.1", "DA7.2": "HP2"})
    last, _ = read_plan(read_file(EXAMPLE).data)
    source, report = roll_over(last, CATALOG, build.load_source("blank"), mapped, 2027)
    assert [(r["Mã"], r.get("Phân công thực hiện")) for r in source[contract.PROJECTS.sheet]] == [
        ("HP1", None), ("HP1.1", last.projects[0].assignment), ("HP2", last.projects[-1].assignment)]
    assert [a["Mã"] for a in source[contract.ACTIVITIES.sheet]] == ["HP1.1"] * 5 + ["HP2"] * 2
    assert "Dự án: 3 dòng (DA2 → HP1.1, DA7.2 → HP2)" in " ".join(report.carried)
    assert any("DA3.1 ứng với HP1.1, đã có dòng HP1.1" in line for line in report.to_fill)
    assert any(line.startswith("Dự án: DA3, DA3.2 (1 hoạt động)") for line in report.to_fill)


def test_an_install_without_the_source_tree_makes_the_same_workbook(monkeypatch, tmp_path):
    """A wheel has no workbook/vba: xlwings.bas then comes from the installed xlwings, the same file."""
    source, _ = roll_over(read_plan(read_file(EXAMPLE).data)[0], CATALOG, build.load_source("blank"), CATALOG, 2024)
    from_tree = build.new_xlsm(source, CATALOGS)
    monkeypatch.setattr(build, "ROOT", tmp_path)
    assert not (tmp_path / "workbook").exists()
    assert build.new_xlsm(source, CATALOGS) == from_tree == build.build_xlsm(source, ROOT, CATALOGS)
