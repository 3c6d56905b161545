"""The plan document: its content (document.context) and the rendered .docx.

The rendered tests read the example workbook (the reference plan of xã Cẩm
Lương 2023) with the real reader and compare the .docx, opened with
python-docx, to the reference typed out in reference_plan.py.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from conftest import CATALOG, CATALOGS
from kehoach_xl.core import document, wrap
from kehoach_xl.io.export import TEMPLATE, render
from kehoach_xl.core.model import Activity, Basis, Info, IssueDate, Paragraph as Text, Plan, Project, Recipient, Targets
from kehoach_xl.core.catalog import of_plan
from plans import example_plan
from reference_plan import DEVIATIONS, REFERENCE, apply

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Document:
    plan = example_plan()
    path = tmp_path_factory.mktemp("document") / "KeHoach.docx"
    render(plan, of_plan(CATALOGS, plan)).save(path)
    return Document(str(path))


def body_paragraphs(doc: Document) -> list[Paragraph]:
    """Paragraphs of the body outside tables, in order, without the empty ones (the rules)."""
    paragraphs = (Paragraph(p, doc) for p in doc.element.body.iterchildren(qn("w:p")))
    return [p for p in paragraphs if p.text.strip()]


def cell_texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def chain(style, get):
    """A style's value, looked up through its base styles."""
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def look(paragraph: Paragraph) -> dict:
    style = paragraph.style
    return {
        "size": chain(style, lambda s: s.font.size),
        "bold": bool(chain(style, lambda s: s.font.bold)),
        "italic": bool(chain(style, lambda s: s.font.italic)),
        "align": chain(style, lambda s: s.paragraph_format.alignment),
    }


def plan_with(**changes) -> Plan:
    info = Info(unit="xã Cẩm Lương", year=2023, phase="2021-2025", number="/KH-UBND", place="Cẩm Lương",
                date=IssueDate(2023, 5), summary="Kế hoạch thử", authority="TM. ỦY BAN NHÂN DÂN",
                signer_title="CHỦ TỊCH", signer="Bùi Quốc Bảo")
    values = dict(info=info, targets=Targets(poor_cut=17, near_poor_cut=5),
                  projects=(Project("DA2", "", 5_000_000, "", "Giao công chức văn hóa."),),
                  activities=(Activity("DA2", "Hoạt động một"),),
                  recipients=(Recipient("Như trên"), Recipient("Lưu: VT")))
    values.update(changes)
    return Plan(**values)


# The content, pure.

@pytest.mark.parametrize("when, expected", [
    (IssueDate(2023, 5, 8), "Cẩm Lương, ngày 08 tháng 5 năm 2023"),
    (IssueDate(2023, 5), "Cẩm Lương, ngày      tháng 5 năm 2023"),
    (IssueDate(2024, 2, 15), "Cẩm Lương, ngày 15 tháng 02 năm 2024"),
    (IssueDate(2024, 1, 1), "Cẩm Lương, ngày 01 tháng 01 năm 2024"),
    (IssueDate(2024, 12, 31), "Cẩm Lương, ngày 31 tháng 12 năm 2024"),
    (None, "Cẩm Lương, ngày      tháng      năm      "),
])
def test_place_and_date_as_the_decree_writes_them(when, expected):
    assert document.issue_date("Cẩm Lương", when) == expected


@pytest.mark.parametrize("number, expected", [
    ("/KH-UBND", "Số:      /KH-UBND"), ("", "Số:      /KH-UBND"),
    ("5/KH-UBND", "Số: 05/KH-UBND"), ("125/KH-UBND", "Số: 125/KH-UBND"),
])
def test_number_line(number, expected):
    assert document.number_line(number) == expected


@pytest.mark.parametrize("unit, kind", [
    ("xã Cẩm Lương", "xã"), ("phường Ba Đình", "phường"), ("thị trấn Phong Sơn", "thị trấn"),
    ("Xã Cẩm Lương", "xã"),
])
def test_target_sentence_names_the_kind_of_unit(unit, kind):
    plan = plan_with(info=Info(unit=unit, year=2025), targets=Targets(poor_cut=3, near_poor_cut=12))
    assert document.specific_target(plan, CATALOG) == (
        f"Năm 2025, toàn {kind} giảm 03 hộ nghèo trở lên, giảm 12 hộ cận nghèo trở lên "
        f"theo chuẩn nghèo giai đoạn 2022 - 2025.")


def test_target_sentence_leaves_out_a_blank_target():
    plan = plan_with(targets=Targets(poor_cut=17))
    assert document.specific_target(plan, CATALOG) == (
        "Năm 2023, toàn xã giảm 17 hộ nghèo trở lên theo chuẩn nghèo giai đoạn 2022 - 2025.")
    assert document.specific_target(plan_with(targets=Targets()), CATALOG) == ""


@pytest.mark.parametrize("year, standard", [(2026, "2022 - 2025"), (2027, "2026 - 2030")])
def test_target_sentence_names_the_standard_of_the_plan_year(year, standard):
    plan = plan_with(info=Info(unit="xã Cẩm Lương", year=year), targets=Targets(poor_cut=4))
    assert document.specific_target(plan, of_plan(CATALOGS, plan)) == (
        f"Năm {year}, toàn xã giảm 04 hộ nghèo trở lên theo chuẩn nghèo giai đoạn {standard}.")


def test_a_year_without_a_standard_names_none():
    plan = plan_with(info=Info(unit="xã Cẩm Lương", year=2021), targets=Targets(poor_cut=4))
    assert document.specific_target(plan, CATALOG) == "Năm 2021, toàn xã giảm 04 hộ nghèo trở lên."


def test_the_targets_state_the_start_the_year_end_rate_the_drop_and_the_assignment():
    # 1.000 households: 70 poor (7,00%) cut by 12 to 58 (5,80%, 1,20 points), 46 assigned; 40 near-poor (4,00%)
    # cut by 5 to 35 (3,50%), 6 assigned.
    plan = plan_with(info=Info(unit="xã Hòa Bình", year=2027), targets=Targets(
        households=1000, poor=70, near_poor=40, poor_cut=12, near_poor_cut=5, assigned_poor_cut=10,
        assigned_near_poor_cut=6))
    assert document.specific_targets(plan, of_plan(CATALOGS, plan)) == [
        "Đầu năm 2027, toàn xã có 1.000 hộ; trong đó 70 hộ nghèo, tỷ lệ 7,00%; 40 hộ cận nghèo, tỷ lệ 4,00%.",
        "Năm 2027, toàn xã giảm 12 hộ nghèo trở lên, giảm 05 hộ cận nghèo trở lên theo chuẩn nghèo giai đoạn "
        "2026 - 2030.",
        "- Hộ nghèo: cuối năm còn 58 hộ, tỷ lệ hộ nghèo còn 5,80%, giảm 1,20 điểm phần trăm; cao hơn chỉ tiêu cấp "
        "trên giao (giảm 10 hộ).",
        "- Hộ cận nghèo: cuối năm còn 35 hộ, tỷ lệ hộ cận nghèo còn 3,50%, giảm 0,50 điểm phần trăm; thấp hơn chỉ "
        "tiêu cấp trên giao (giảm 06 hộ)."]


def test_the_drop_is_the_difference_of_the_rates_as_printed():
    # 5 of 1.450 is 0,3448 points, but 8,28% − 7,93% as printed is 0,35.
    plan = plan_with(targets=Targets(households=1450, near_poor=120, near_poor_cut=5))
    assert document.aims(plan) == ["- Hộ cận nghèo: cuối năm còn 115 hộ, tỷ lệ hộ cận nghèo còn 7,93%, giảm 0,35 "
                                   "điểm phần trăm."]


def test_the_targets_leave_out_what_chi_tieu_leaves_blank():
    plan = plan_with(targets=Targets(poor=95, poor_cut=17))
    assert document.specific_targets(plan, CATALOG) == [
        "Đầu năm 2023, toàn xã có 95 hộ nghèo.",
        "Năm 2023, toàn xã giảm 17 hộ nghèo trở lên theo chuẩn nghèo giai đoạn 2022 - 2025.",
        "- Hộ nghèo: cuối năm còn 78 hộ."]
    assert document.specific_targets(plan_with(targets=Targets()), CATALOG) == []


def test_headings_and_budget_use_the_words_of_the_2026_2030_catalog():
    new = CATALOGS["2026-2030"]
    plan = plan_with(info=Info(unit="xã Cẩm Lương", year=2027),
                     projects=(Project("HP1", "", None, "Theo phân bổ", "Giao A."),
                               Project("HP2", "", 3_000_000, "", "Giao B.")),
                     activities=(Activity("HP1", "Một"), Activity("HP2", "Hai")))
    context = document.context(plan, new)
    assert [s["heading"] for s in context["projects"]] == [
        "1. Hợp phần 1: Xây dựng nông thôn mới và giảm nghèo bền vững",
        "2. Hợp phần 2: Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi"]
    assert context["budget"]["header"] == "Hợp phần"
    assert context["budget"]["total_text"].endswith("chưa gồm kinh phí các hợp phần ghi “Theo phân bổ”.")


def test_opening_joins_two_bases_each_with_its_verb():
    plan = plan_with(bases=(
        Basis("Kế hoạch", "91/KH-UBND", date(2023, 4, 20), "UBND huyện Cẩm Thủy", "về A."),
        Basis("Công văn", "1040/UBND-LĐTĐ", date(2023, 5, 8), "UBND huyện Cẩm Thủy", "về B"),
    ))
    assert document.opening(plan, CATALOG) == [
        "Thực hiện Kế hoạch số 91/KH-UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy về A; "
        "Thực hiện Công văn số 1040/UBND-LĐTĐ ngày 08/05/2023 của UBND huyện Cẩm Thủy về B. "
        "UBND xã Cẩm Lương xây dựng kế hoạch năm 2023 thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền "
        "vững giai đoạn 2021-2025 (sau đây gọi tắt là Chương trình) với các nội dung chính sau:"]


PROGRAM_2026 = ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - "
                "xã hội vùng đồng bào dân tộc thiểu số và miền núi")


def test_legal_documents_open_with_can_cu_the_others_with_thuc_hien_each_its_own_paragraph():
    plan = plan_with(info=Info(unit="xã Hòa Bình", year=2027), bases=(
        Basis("Kế hoạch", "15/KH-UBND", date(2027, 1, 10), "UBND tỉnh Thanh Hóa",
              f"về thực hiện {PROGRAM_2026} giai đoạn 2026-2035 năm 2027"),
        Basis("Nghị quyết", "257/2025/QH15", date(2025, 12, 11), "Quốc hội",
              f"về phê duyệt chủ trương đầu tư {PROGRAM_2026} giai đoạn 2026 - 2035"),
        Basis("Nghị quyết", "05-NQ/ĐU", date(2027, 1, 2), "Đảng uỷ xã Hòa Bình", "về giảm nghèo"),
        Basis("Quyết định", "417/QĐ-BNNMT", date(2026, 1, 31), "Bộ trưởng Bộ Nông nghiệp và Môi trường",
              f"phê duyệt {PROGRAM_2026.replace('mục tiêu quốc gia', 'MTQG')} giai đoạn 2026–2035, giai đoạn I"),
    ))
    assert document.opening(plan, CATALOGS["2026-2030"]) == [
        f"Căn cứ Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội về phê duyệt chủ trương đầu tư "
        f"{PROGRAM_2026} giai đoạn 2026 - 2035 (sau đây gọi tắt là Chương trình);",
        "Căn cứ Quyết định số 417/QĐ-BNNMT ngày 31/01/2026 của Bộ trưởng Bộ Nông nghiệp và Môi trường phê duyệt "
        "Chương trình, giai đoạn I;",
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2027 của UBND tỉnh Thanh Hóa về thực hiện Chương trình năm "
        "2027;",
        "Thực hiện Nghị quyết số 05-NQ/ĐU ngày 02/01/2027 của Đảng uỷ xã Hòa Bình về giảm nghèo;",
        "UBND xã Hòa Bình xây dựng kế hoạch với các nội dung chính sau:"]


def test_two_bases_of_two_kinds_share_a_paragraph():
    plan = plan_with(bases=(
        Basis("Công văn", "10/UBND", date(2023, 4, 20), "UBND huyện Cẩm Thủy", "về A"),
        Basis("Quyết định", "90/QĐ-TTg", date(2022, 1, 18), "Thủ tướng Chính phủ",
              "phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025"),
    ))
    assert document.opening(plan, CATALOG) == [
        "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu "
        "quốc gia giảm nghèo bền vững giai đoạn 2021-2025 (sau đây gọi tắt là Chương trình); Thực hiện Công văn "
        "số 10/UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy về A. UBND xã Cẩm Lương xây dựng kế hoạch với các "
        "nội dung chính sau:"]


@pytest.mark.parametrize("kind, issuer, verb", [
    ("Luật", "Quốc hội", "Căn cứ"), ("Nghị định", "Chính phủ", "Căn cứ"), ("Thông tư", "Bộ Tài chính", "Căn cứ"),
    ("Nghị quyết", "HĐND tỉnh Thanh Hóa", "Căn cứ"), ("quyết định", "UBND tỉnh", "Căn cứ"),
    ("Nghị quyết", "Ban Chấp hành Đảng bộ tỉnh", "Thực hiện"), ("Nghị quyết", "Tỉnh ủy Thanh Hóa", "Thực hiện"),
    ("Kế hoạch", "UBND tỉnh", "Thực hiện"), ("Công văn", "Sở Nông nghiệp và Môi trường", "Thực hiện"),
    ("Chỉ thị", "Thủ tướng Chính phủ", "Thực hiện"), ("Hướng dẫn", "Sở Nội vụ", "Thực hiện"),
])
def test_the_verb_of_each_kind_of_basis(kind, issuer, verb):
    assert document.basis_verb(Basis(kind, "1/X", None, issuer, "")) == verb


@pytest.mark.parametrize("summary, cited", [
    ("Triển khai thực hiện Chương trình MTQG giảm nghèo bền vững giai đoạn 2021 - 2025 năm 2023", ""),
    ("Kế hoạch thử", "về thực hiện chương trình mục tiêu quốc gia Giảm nghèo bền vững giai đoạn 2021–2025"),
])
def test_the_opening_names_the_program_in_full_once(summary, cited):
    """Written out or as "MTQG", in any case, with any dash: a basis that names it names it for the opening; the
    Trích yếu is a title, not the opening."""
    plan = plan_with(info=replace(plan_with().info, summary=summary),
                     bases=(Basis("Kế hoạch", "91/KH-UBND", date(2023, 4, 20), "UBND huyện Cẩm Thủy", cited),))
    (opening,) = document.opening(plan, CATALOG)
    assert opening.count("(sau đây gọi tắt là Chương trình)") == 1
    assert opening.endswith("UBND xã Cẩm Lương xây dựng kế hoạch với các nội dung chính sau:") == bool(cited)


def test_the_unit_is_never_split_in_the_title():
    assert document.keep_unit("Thực hiện Chương trình năm 2027 trên địa bàn xã Hòa Bình", "xã Hòa Bình") == (
        "Thực hiện Chương trình năm 2027 trên địa bàn xã\u00a0Hòa\u00a0Bình")
    assert document.keep_unit("Kế hoạch của Hòa Bình", "xã Hòa Bình") == "Kế hoạch của Hòa\u00a0Bình"


def test_sections_group_subprojects_under_their_project_in_catalog_order():
    plan = plan_with(
        projects=(Project("DA3.2", "", None, "Theo phân bổ", "Giao A."),
                  Project("DA7.1", "", 9_000_000, "", "Giao B."),
                  Project("DA3.1", "", None, "Theo phân bổ", "Giao C.")),
        activities=(Activity("DA3.1", "Hoạt động C"),))
    sections = document.projects(plan, CATALOG)
    assert [s["heading"] for s in sections] == [
        "1. Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng",
        "2. Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình"]
    assert [p["heading"] for p in sections[0]["parts"]] == [
        "a) Tiểu dự án 1: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",
        "b) Tiểu dự án 2: Cải thiện dinh dưỡng"]
    assert not any(p["numbered"] for s in sections for p in s["parts"])
    assert sections[0]["parts"][0]["entries"][0] == {
        "label": "Nội dung hoạt động:", "text": "", "lines": ["- Hoạt động C"]}


def test_line_breaks_become_lines_and_bullets_are_not_doubled():
    plan = plan_with(
        projects=(Project("DA2", "Tháng 6\n\nTháng 9", None, "Theo phân bổ", "Giao A.\r\nGiao B."),),
        activities=(Activity("DA2", "- Một\n+ chi tiết\n– Hai\nBa"),))
    entries = document.projects(plan, CATALOG)[0]["parts"][0]["entries"]
    assert entries == [
        {"label": "Nội dung hoạt động:", "text": "", "lines": ["- Một", "+ chi tiết", "- Hai", "- Ba"]},
        {"label": "Thời gian thực hiện:", "text": "", "lines": ["- Tháng 6", "- Tháng 9"]},
        {"label": "Kinh phí thực hiện:", "text": "Theo phân bổ", "lines": []},
        {"label": "Phân công thực hiện:", "text": "", "lines": ["Giao A.", "Giao B."]},
    ]


def test_money_with_a_source_names_it():
    project = Project("DA2", "", 1_005_000, "Ngân sách tỉnh", "")
    assert document.money_text([project], CATALOG) == (
        "1.005.000 đồng (Một triệu không trăm linh năm nghìn đồng); nguồn: Ngân sách tỉnh")


def test_money_of_a_line_with_several_sources_gives_each():
    rows = [Project("DA2", "", 1_200_000_000, "ngân sách trung ương", ""),
            Project("DA2", "", 34_930_000, "Vốn huy động hợp pháp khác", "")]
    assert document.money_text(rows, CATALOG) == (
        "1.234.930.000 đồng (Một tỷ hai trăm ba mươi tư triệu chín trăm ba mươi nghìn đồng), trong đó: ngân "
        "sách trung ương 1.200.000.000 đồng; vốn huy động hợp pháp khác 34.930.000 đồng")


def test_budget_totals_the_amounts_and_says_what_is_left_to_allocation():
    plan = plan_with(projects=(
        Project("DA3", "", None, "", ""),
        Project("DA3.1", "", None, "Theo phân bổ", "Giao A."),
        Project("DA6.2", "", 5_000_000, "", "Giao B."),
        Project("DA7.2", "", 21_000_000, "", "Giao C.")))
    budget = document.budget(plan, CATALOG, 4)
    assert [r.cells for r in budget["table"].rows] == [
        ("1", "Tiểu dự án 1, Dự án 3: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp", "Theo phân bổ"),
        ("2", "Tiểu dự án 2, Dự án 6: Truyền thông về giảm nghèo đa chiều", "5.000.000"),
        ("3", "Tiểu dự án 2, Dự án 7: Giám sát, đánh giá", "21.000.000"),
        ("", "Tổng cộng", "26.000.000")]
    assert budget["heading"] == "4. Tổng hợp kinh phí"
    assert budget["total_text"] == ("Tổng kinh phí: 26.000.000 đồng (Hai mươi sáu triệu đồng), chưa gồm "
                                    "kinh phí các dự án, tiểu dự án ghi “Theo phân bổ”.")


def test_budget_agrees_with_totals_on_an_amount_typed_on_a_parent():
    plan = plan_with(projects=(Project("DA7", "", 1_000_000, "", ""),
                               Project("DA7.1", "", 9_000_000, "", "Giao A.")))
    budget = document.budget(plan, CATALOG, 2)
    assert [r.cells[1:] for r in budget["table"].rows] == [
        ("Tiểu dự án 1, Dự án 7: Nâng cao năng lực thực hiện Chương trình", "9.000.000"),
        ("Tổng cộng", "9.000.000")]


def test_budget_gives_the_money_of_each_source_where_a_line_has_several():
    plan = plan_with(projects=(
        Project("DA6.2", "", 1_500_000_000, "Ngân sách trung ương", "Giao B."),
        Project("DA6.2", "", 234_930_000, "Vốn huy động hợp pháp khác", ""),
        Project("DA7.2", "", 21_000_000, "Ngân sách trung ương", "Giao C.")))
    budget = document.budget(plan, CATALOG, 2)
    assert [(r.cells[1:], r.kind) for r in budget["table"].rows] == [
        (("Tiểu dự án 2, Dự án 6: Truyền thông về giảm nghèo đa chiều", "1.734.930.000"), "line"),
        (("- Ngân sách trung ương", "1.500.000.000"), "source"),
        (("- Vốn huy động hợp pháp khác", "234.930.000"), "source"),
        (("Tiểu dự án 2, Dự án 7: Giám sát, đánh giá", "21.000.000"), "line"),
        (("Tổng cộng", "1.755.930.000"), "total"),
        (("- Ngân sách trung ương", "1.521.000.000"), "source"),
        (("- Vốn huy động hợp pháp khác", "234.930.000"), "source")]
    assert budget["total_text"] == (
        "Tổng kinh phí: 1.755.930.000 đồng (Một tỷ bảy trăm năm mươi lăm triệu chín trăm ba mươi nghìn đồng), "
        "trong đó: ngân sách trung ương 1.521.000.000 đồng; vốn huy động hợp pháp khác 234.930.000 đồng.")
    money = budget["table"].columns[2]
    assert money.width * wrap.POINTS_PER_CM >= (wrap.width("1.755.930.000", budget["table"].size)
                                                + 0.38 * wrap.POINTS_PER_CM)


def test_budget_with_every_amount_known_has_no_allocation_clause():
    budget = document.budget(plan_with(), CATALOG, 2)
    assert budget["total_text"] == "Tổng kinh phí: 5.000.000 đồng (Năm triệu đồng)."


def test_organisation_is_numbered_and_the_body_ends_with_the_decree_mark():
    plan = plan_with(paragraphs=(Text("Tổ chức thực hiện", "1. Các ban ngành thực hiện."),
                                 Text("Tổ chức thực hiện", "Đề nghị Mặt trận giám sát\nthường xuyên.")))
    assert document.context(plan, CATALOG)["organisation"] == [
        "1. Các ban ngành thực hiện.", "2. Đề nghị Mặt trận giám sát", "thường xuyên./."]


def test_recipients_end_with_semicolons_and_the_last_with_a_full_stop():
    plan = plan_with(recipients=(Recipient("Như trên;"), Recipient("UBND huyện (B/c)"), Recipient("Lưu: VT.")))
    assert document.recipients(plan) == ["- Như trên;", "- UBND huyện (B/c);", "- Lưu: VT."]


@pytest.mark.parametrize("unit, lines", [
    ("xã Cẩm Lương", ["XÃ CẨM LƯƠNG"]),
    ("thị trấn Phong Sơn Cẩm Thủy Mới", ["THỊ TRẤN PHONG", "SƠN CẨM THỦY MỚI"]),
    ("xã Tân Phước Hưng Long Thạnh Mới Phát Triển Bền Vững Vùng Cũ",
     ["XÃ TÂN PHƯỚC", "HƯNG LONG THẠNH", "MỚI PHÁT TRIỂN", "BỀN VỮNG VÙNG CŨ"]),
    ("", []),
])
def test_the_issuing_body_is_split_into_even_lines_that_fit_its_column(unit, lines):
    shown = document.context(plan_with(info=Info(unit=unit)), CATALOG)
    assert shown["unit_lines"] == lines
    room = (document.ISSUER_COLUMN - document.ROUNDING) * 72 / 2.54
    assert all(wrap.width(line, document.ISSUER_SIZE) <= room for line in lines)


def test_balanced_lines_never_cut_a_word():
    assert wrap.balanced("Nguyễn Thị Hoàng Phương Thảo Nguyên Khánh Linh", 7.8, 14) == [
        "Nguyễn Thị Hoàng Phương", "Thảo Nguyên Khánh Linh"]
    assert wrap.balanced("A " + "W" * 40 + " B C", 6, 13) == ["A", "W" * 40, "B C"]
    many = wrap.balanced(" ".join(["từ"] * 5000), 6, 13)
    assert " ".join(many) == " ".join(["từ"] * 5000) and len(many) > wrap.MAX_BALANCED


def test_control_characters_never_reach_the_document():
    assert document.lines("a\x01b\x0bc\td\x00") == ["ab", "c d"]


# The rendered reference plan.

def test_body_is_the_reference_plan_with_only_the_listed_deviations(rendered):
    expected, unused = apply(REFERENCE, DEVIATIONS)
    assert unused == [], "a deviation no longer happens: remove it from reference_plan.py"
    assert [p.text for p in body_paragraphs(rendered)] == expected


def test_header_block(rendered):
    header = rendered.tables[0]
    assert [cell_texts(c) for c in header.rows[0].cells] == [
        ["ỦY BAN NHÂN DÂN", "XÃ CẨM LƯƠNG"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]]
    # The reference: "Số: /KH-UBND" and "Cẩm Lương, ngày tháng 05 năm 2023" (spaces lost in the
    # text file); the decree writes May without a leading zero.
    assert [cell_texts(c) for c in header.rows[1].cells] == [
        ["Số:      /KH-UBND"], ["Cẩm Lương, ngày      tháng 5 năm 2023"]]


def test_signature_block_and_recipients(rendered):
    recipients, signer = rendered.tables[-1].rows[0].cells
    assert cell_texts(recipients) == [
        "Nơi nhận:", "- Phòng LĐTBXH (B/c);", "- TTr ĐU, HĐND (B/c);", "- Chủ tịch, Phó Chủ tịch UBND xã;",
        "- Các ban, ngành, đoàn thể, công chức liên quan;", "- các thôn;", "- Lưu: VT, VHCS."]
    # Deviation: the reference shows only "CHỦ TỊCH"; a chairman signing for the committee
    # writes "TM. ỦY BAN NHÂN DÂN" above it (Nghị định 30).
    assert cell_texts(signer) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Bùi Quốc Bảo"]


def test_budget_table(rendered):
    rows = [[c.text for c in row.cells] for row in rendered.tables[1].rows]
    assert rows[0] == ["TT", "Dự án, tiểu dự án", "Kinh phí (đồng)"]
    assert rows[1] == ["1", "Dự án 2: Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo", "Theo phân bổ"]
    assert [r[2] for r in rows[1:-1]] == ["Theo phân bổ"] * 6 + ["5.000.000", "9.000.000", "12.000.000"]
    assert rows[-1] == ["", "Tổng cộng", "26.000.000"]
    trs = [row._tr for row in rendered.tables[1].rows]
    assert trs[0].trPr.find(qn("w:tblHeader")) is not None, "the header row repeats on a new page"
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)


def render_plan(plan: Plan, path: Path, template: Path = TEMPLATE) -> Document:
    render(plan, CATALOG, template).save(path)
    return Document(str(path))


def test_the_budget_section_is_left_out_when_the_workbook_says_khong(tmp_path):
    plan = example_plan()
    plan = replace(plan, info=replace(plan.info, budget_summary=False))
    doc = render_plan(plan, tmp_path / "khong.docx")
    expected, _ = apply(REFERENCE, DEVIATIONS)
    budget = expected.index("6. Tổng hợp kinh phí")
    assert [p.text for p in body_paragraphs(doc)] == expected[:budget] + expected[budget + 2:]
    assert len(doc.tables) == 2, "the header and the signature block, no budget table"


def test_an_official_can_remove_the_budget_condition_in_word(tmp_path):
    """Deleting the two condition paragraphs in Word shows the section whatever the workbook says."""
    template = Document(str(TEMPLATE))
    paragraphs = template.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "{%p if budget.shown %}")
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.text == "{%p endif %}")
    assert paragraphs[end - 1].text == "{{ budget.total_text }}"
    for paragraph in (paragraphs[start], paragraphs[end]):
        paragraph._element.getparent().remove(paragraph._element)
    template.save(tmp_path / "mau.docx")
    plan = example_plan()
    plan = replace(plan, info=replace(plan.info, budget_summary=False))
    doc = render_plan(plan, tmp_path / "luon-co.docx", tmp_path / "mau.docx")
    assert [p.text for p in body_paragraphs(doc)] == apply(REFERENCE, DEVIATIONS)[0]
    assert len(doc.tables) == 3


# The layout of Nghị định 30/2020, Phụ lục I.

def test_page_is_a4_portrait_with_the_decree_margins(rendered):
    section = rendered.sections[0]
    for value, mm in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 20),
                      (section.bottom_margin, 20), (section.left_margin, 30), (section.right_margin, 20)):
        assert abs(value - Mm(mm)) < Mm(0.5)


def test_times_new_roman_for_every_script_and_no_theme_font(rendered):
    styles = rendered.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {key.split("}")[1]: value for key, value in defaults.attrib.items()} == {
        "ascii": FONT, "hAnsi": FONT, "cs": FONT, "eastAsia": FONT}
    paragraphs = rendered.paragraphs + rendered.sections[0].header.paragraphs + [
        p for t in rendered.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    runs = [r for p in paragraphs for r in p.runs if r.style is not None]
    for name in {p.style.name for p in paragraphs} | {r.style.name for r in runs}:
        style = rendered.styles[name]
        while style is not None:
            for fonts in style.element.iter(qn("w:rFonts")):
                assert set(fonts.attrib.values()) == {FONT}, style.name
            style = style.base_style
    assert not list(rendered.element.body.iter(qn("w:rFonts")))
    assert all(style.style_id.isascii() for style in rendered.styles if style.name.startswith("KH "))


def test_body_text_is_14pt_justified_with_first_line_indent(rendered):
    body = [p for p in body_paragraphs(rendered)
            if p.style.name in ("KH Nội dung", "KH Dòng nhãn", "KH Nhãn kèm nội dung", "KH Đoạn cuối")]
    assert len(body) > 40
    form = rendered.styles["KH Nội dung"].paragraph_format
    assert look(body[0]) == {"size": Pt(14), "bold": False, "italic": False, "align": JUSTIFY}
    assert abs(form.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert form.space_after >= Pt(6)
    assert 1.0 <= form.line_spacing <= 1.5
    assert body[-1].text.endswith("./.")


def test_headings(rendered):
    by_text = {p.text: p for p in body_paragraphs(rendered)}
    assert look(by_text["KẾ HOẠCH"]) == {"size": Pt(14), "bold": True, "italic": False, "align": CENTER}
    assert look(by_text["KẾ HOẠCH"]) == look(body_paragraphs(rendered)[1])  # the summary
    assert look(by_text["I. MỤC ĐÍCH, YÊU CẦU"])["bold"]
    assert look(by_text["1. Mục đích"])["bold"]
    sub = look(by_text["a) Tiểu dự án 1: Giảm nghèo về thông tin"])
    assert sub["bold"] and sub["italic"]
    label = by_text["Kinh phí thực hiện: 5.000.000 đồng (Năm triệu đồng)"]
    assert label.runs[0].text == "Kinh phí thực hiện:" and label.runs[0].style.font.italic
    assert not any(run.font.italic for run in label.runs[1:])
    assert not label.style.paragraph_format.keep_with_next, "a label with its text is no chain"
    alone = by_text["Phân công thực hiện:"]
    assert alone.style.paragraph_format.keep_with_next, "a label never ends a page alone"


def test_header_table_sizes_and_rules(rendered):
    header = rendered.tables[0]
    assert header.style is None or header.style.name == "Normal Table"
    assert not list(header._tbl.iter(qn("w:tblBorders")))
    body, motto = header.rows[0].cells
    number, when = header.rows[1].cells
    looks = [look(p) for p in body.paragraphs[:2] + motto.paragraphs[:2] + number.paragraphs + when.paragraphs]
    assert looks == [
        {"size": Pt(13), "bold": True, "italic": False, "align": CENTER},
        {"size": Pt(13), "bold": True, "italic": False, "align": CENTER},
        {"size": Pt(12), "bold": True, "italic": False, "align": CENTER},
        {"size": Pt(13), "bold": True, "italic": False, "align": CENTER},
        {"size": Pt(13), "bold": False, "italic": False, "align": CENTER},
        {"size": Pt(14), "bold": False, "italic": True, "align": CENTER},
    ]

    def rule_length(cell) -> float:
        rule = cell.paragraphs[2]
        assert rule.text == "" and list(rule.style.element.iter(qn("w:bottom")))
        form = rule.paragraph_format
        return (cell.width - form.left_indent - form.right_indent) / Cm(1)

    # Issuing body: 1/3 to 1/2 of "ỦY BAN NHÂN DÂN" (4.32 cm at 13 pt bold) and of "XÃ CẨM LƯƠNG" (3.70 cm).
    assert 4.32 / 3 <= rule_length(body) <= 3.70 / 2
    # Motto: as long as "Độc lập - Tự do - Hạnh phúc" (5.61 cm at 13 pt bold).
    assert abs(rule_length(motto) - 5.61) < 0.1


def test_signature_and_recipient_sizes(rendered):
    recipients, signer = rendered.tables[-1].rows[0].cells
    assert look(recipients.paragraphs[0]) == {"size": Pt(12), "bold": True, "italic": True, "align": LEFT}
    assert {look(p)["size"] for p in recipients.paragraphs[1:]} == {Pt(11)}
    assert [look(p) for p in signer.paragraphs] == [
        {"size": Pt(14), "bold": True, "italic": False, "align": CENTER}] * 3
    # Room for the signature and the seal, after the title so that a name of two lines is one block.
    assert signer.paragraphs[1].style.paragraph_format.space_after >= Pt(60)


def test_page_number_in_the_header_from_page_two(rendered):
    section = rendered.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    instructions = [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert look(section.header.paragraphs[0])["align"] == CENTER
    assert look(section.header.paragraphs[0])["size"] == Pt(14)
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
