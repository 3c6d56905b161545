"""The catalogs as data: what each shipped phase holds, and how a plan finds its phase."""

import re

import pytest

from conftest import CATALOG, CATALOGS
from kehoach_xl.core.catalog import Catalog, Item, of_plan, structure_problems
from kehoach_xl.core.model import Info, Plan


@pytest.mark.parametrize("phase", CATALOGS)
def test_each_shipped_catalog_is_consistent(phase):
    known = CATALOGS[phase]
    assert structure_problems(known.items) == []
    assert all(re.fullmatch(known.code_pattern, item.code) for item in known.items)
    assert known.top and known.sources and known.program and known.decisions
    assert f"{known.first_year}-{known.last_year}" == phase
    assert all(known.covers(s.first_year) and known.covers(s.last_year) for s in known.standards)
    assert all(target in known.names for target in known.code_map.values())


def test_phases_do_not_overlap():
    years = [year for known in CATALOGS.values() for year in range(known.first_year, known.last_year + 1)]
    assert len(years) == len(set(years))


def test_project_1_of_2021_2025_has_its_two_subprojects_with_unconfirmed_wording():
    """docs/domain.md: Quyết định 880/QĐ-TTg was issued under Tiểu dự án 2 of Dự án 1; the names' exact wording
    could not be read in Quyết định 90/QĐ-TTg."""
    subs = CATALOG.children("DA1")
    assert [(item.code, item.label, item.confirmed) for item in subs] == [
        ("DA1.1", "Tiểu dự án 1", False), ("DA1.2", "Tiểu dự án 2", False)]
    assert "Đề án hỗ trợ một số huyện nghèo thoát khỏi tình trạng nghèo" in subs[1].name
    # Local reports say "7 dự án với 13 tiểu dự án"; the sub-projects docs/domain.md lists are 11.
    assert len(CATALOG.top) == 7 and len(CATALOG.items) - 7 == 11
    assert all(item.confirmed for item in CATALOG.items if item.code not in ("DA1.1", "DA1.2"))


def test_titles_labels_and_words_come_from_the_items():
    assert CATALOG.title("DA2") == "Dự án 2"
    assert CATALOG.title("DA3.1") == "Tiểu dự án 1, Dự án 3"
    assert CATALOG.label("DA3.1") == "Tiểu dự án 1"
    assert CATALOG.title("DA9") == "DA9" and CATALOG.label("DA9.1") == "DA9.1"
    assert CATALOG.words == "dự án, tiểu dự án" and CATALOG.top_kind == "Dự án"
    made_up = Catalog("2026-2030", 2026, 2030, "Chương trình", items=(
        Item("HP1", "Hợp phần", "Một", label="Hợp phần I"), Item("HP1.2", "Nội dung", "Hai", "HP1", "Nội dung 2")))
    assert made_up.title("HP1.2") == "Nội dung 2, Hợp phần I"
    assert made_up.words == "hợp phần, nội dung" and made_up.top_kind == "Hợp phần"


def test_the_poverty_standard_follows_the_plan_year():
    assert CATALOG.standard(2023).name == "2022 - 2025"
    assert (CATALOG.standard(2023).rural, CATALOG.standard(2023).urban) == (1_500_000, 2_000_000)
    assert CATALOG.standard(2021) is None and CATALOG.standard(None) is None


def _plan(year, phase):
    return Plan(info=Info(year=year, phase=phase))


def test_the_plan_year_picks_the_phase_never_the_newest():
    older = Catalog("2016-2020", 2016, 2020, "Chương trình cũ", items=(Item("DA1", "Dự án", "Cũ", label="Dự án 1"),))
    catalogs = {"2016-2020": older, **CATALOGS}
    assert of_plan(catalogs, _plan(2018, "2021-2025")) is older
    assert of_plan(catalogs, _plan(2023, "2016-2020")) is CATALOG
    assert of_plan(catalogs, _plan(None, "2016-2020")) is older
    nowhere = of_plan(catalogs, _plan(2099, "2091-2095"))
    assert (nowhere.phase, nowhere.items, nowhere.usual_rate_drop) == ("2091-2095", (), None)


@pytest.mark.parametrize("items, reason", [
    ((Item("A1", "Dự án", "x"), Item("A1", "Dự án", "y")), 'Mã "A1" đã có ở dòng trên'),
    ((Item("A2.1", "Tiểu dự án", "x", "A2"),), 'Mục cha "A2" không có'),
    ((Item("A1", "Dự án", "x", "B1"), Item("B1", "Tiểu", "y", "A1")), "nằm dưới chính nó"),
])
def test_an_inconsistent_list_of_items_is_explained(items, reason):
    assert reason in structure_problems(items)[0][2]


def test_a_list_nests_to_any_depth_and_its_codes_say_nothing_of_their_parent():
    """A top-level code with a dot, a child whose code does not start with its parent's, four levels."""
    items = (Item("1.1", "Hợp phần", "a", label="Hợp phần 1"), Item("B", "Nội dung", "b", "1.1"),
             Item("III.2", "Nội dung", "c", "B"), Item("X", "Hoạt động", "d", "III.2"))
    assert structure_problems(items) == []
    known = Catalog("2026-2030", 2026, 2030, "", items=items)
    assert (known.depth, known.ancestors("X"), known.top_of("X"), known.ancestors("1.1")) == (
        4, ("1.1", "B", "III.2"), "1.1", ())
    assert [item.code for item in known.children("B")] == ["III.2"]


NEW = CATALOGS["2026-2030"]


def test_2026_2030_ships_what_is_certain():
    """docs/domain.md, "The program, by phase": the merged program, its phase I, the new poverty standard from 2027."""
    assert NEW.program == ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát "
                           "triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2026-2035")
    assert [(d.kind, d.number, d.date.isoformat(), d.issuer, d.confirmed) for d in NEW.decisions] == [
        ("Nghị quyết", "257/2025/QH15", "2025-12-11", "Quốc hội", True),
        ("Nghị quyết", "424/NQ-CP", "2025-12-30", "Chính phủ", False),
        ("Nghị định", "358/2025/NĐ-CP", "2025-12-31", "Chính phủ", False),
        ("Quyết định", "417/QĐ-BNNMT", "2026-01-31", "Bộ trưởng Bộ Nông nghiệp và Môi trường", True)]
    resolution, *_, decision = NEW.decisions
    assert resolution.summary.startswith("về phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia")
    assert decision.summary.startswith("phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới")
    assert decision.summary.endswith("giai đoạn 2026-2035, giai đoạn I: từ năm 2026 đến năm 2030")
    assert (NEW.first_year, NEW.last_year, NEW.usual_rate_drop) == (2026, 2030, (1.0, 1.5))
    assert "Ngân sách trung ương" in NEW.sources and not any("huyện" in s for s in NEW.sources)


@pytest.mark.parametrize("year, name, decree, rural, urban", [
    (2026, "2022 - 2025", "07/2021/NĐ-CP", 1_500_000, 2_000_000),
    (2027, "2026 - 2030", "351/2025/NĐ-CP", 2_200_000, 2_800_000),
    (2030, "2026 - 2030", "351/2025/NĐ-CP", 2_200_000, 2_800_000),
])
def test_plans_of_2026_still_count_by_the_old_standard(year, name, decree, rural, urban):
    standard = NEW.standard(year)
    assert (standard.name, standard.rural, standard.urban) == (name, rural, urban)
    assert decree in standard.decree


def test_the_components_of_2026_2030_are_marked_unconfirmed():
    """The final component list was not found in a public text: the late-2025 drafts' two components."""
    assert [(item.code, item.kind, item.label, item.confirmed) for item in NEW.items] == [
        ("HP1", "Hợp phần", "Hợp phần 1", False), ("HP2", "Hợp phần", "Hợp phần 2", False)]
    assert NEW.words == "hợp phần" and NEW.examples == '"HP1"'
