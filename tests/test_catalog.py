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
    """rules.md: Quyết định 880/QĐ-TTg was issued under Tiểu dự án 2 of Dự án 1; the names' exact wording
    could not be read in Quyết định 90/QĐ-TTg."""
    subs = CATALOG.children("DA1")
    assert [(item.code, item.label, item.confirmed) for item in subs] == [
        ("DA1.1", "Tiểu dự án 1", False), ("DA1.2", "Tiểu dự án 2", False)]
    assert "Đề án hỗ trợ một số huyện nghèo thoát khỏi tình trạng nghèo" in subs[1].name
    # rules.md quotes local reports' "7 dự án với 13 tiểu dự án"; the sub-projects rules.md lists are 11.
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
    ((Item("A1.1", "Dự án", "x"),), "ở cột Thuộc"),
    ((Item("A2.1", "Tiểu dự án", "x", "A2"),), 'Mục cha "A2" không có'),
    ((Item("A1", "Dự án", "x"), Item("A1.1", "Tiểu", "y", "A1"), Item("A1.1.1", "Nhỏ", "z", "A1.1")), "hai cấp"),
    ((Item("A1", "Dự án", "x"), Item("B1", "Tiểu", "y", "A1")), 'ví dụ "A1.1"'),
])
def test_an_inconsistent_list_of_items_is_explained(items, reason):
    [(_, _, found)] = structure_problems(items)
    assert reason in found
