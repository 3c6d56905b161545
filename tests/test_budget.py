"""Totals of the money lines, checked against numbers typed from the reference plan."""

import pytest

from conftest import CATALOGS, EXAMPLE
from kehoach_xl.core.totals import Totals, totals
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.model import Plan, Project
from kehoach_xl.core.reader import read_plan


OLD = CATALOGS["2021-2025"]


def _line(code: str, amount: int | None, source: str = "") -> Project:
    return Project(code=code, time="", amount=amount, source=source, assignment="")


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_example_totals_are_the_reference_plan(engine):
    plan, _ = read_plan(read_file(EXAMPLE, engine).data)
    # Kế hoạch Cẩm Lương 2023: Tiểu dự án 2 Dự án 6 5.000.000 đ, Tiểu dự án 1
    # Dự án 7 9.000.000 đ, Tiểu dự án 2 Dự án 7 12.000.000 đ; the rest "theo phân bổ".
    assert totals(plan, OLD) == Totals(
        by_code={"DA6.2": 5_000_000, "DA7.1": 9_000_000, "DA7.2": 12_000_000},
        by_item={"DA6": 5_000_000, "DA6.2": 5_000_000, "DA7": 21_000_000, "DA7.1": 9_000_000,
                 "DA7.2": 12_000_000},
        by_project={"DA6": 5_000_000, "DA7": 21_000_000},
        by_source={"Chưa ghi nguồn": 26_000_000},
        by_item_source={code: {"Chưa ghi nguồn": amount} for code, amount in (
            ("DA6", 5_000_000), ("DA6.2", 5_000_000), ("DA7", 21_000_000), ("DA7.1", 9_000_000),
            ("DA7.2", 12_000_000))},
        grand_total=26_000_000,
        without_amount=("DA2", "DA3.1", "DA3.2", "DA4.1", "DA4.3", "DA6.1"),
    )


def test_amounts_are_whole_ints_whatever_the_engine():
    plan, _ = read_plan(read_file(EXAMPLE, "calamine").data)
    assert all(type(v) is int for v in totals(plan, OLD).by_code.values())
    assert type(totals(plan, OLD).grand_total) is int


def test_a_project_without_sub_project_rows_is_a_leaf():
    plan = Plan(projects=(_line("DA2", 3_000_000, "Ngân sách xã"), _line("DA5", None, "Theo phân bổ")))
    result = totals(plan, OLD)
    assert result.by_code == {"DA2": 3_000_000}
    assert result.by_project == {"DA2": 3_000_000}
    assert result.without_amount == ("DA5",)
    assert result.grand_total == 3_000_000


def test_money_on_a_parent_is_not_counted_twice():
    plan = Plan(projects=(_line("DA7", 21_000_000), _line("DA7.1", 9_000_000), _line("DA7.2", 12_000_000)))
    result = totals(plan, OLD)
    assert result.by_code == {"DA7.1": 9_000_000, "DA7.2": 12_000_000}
    assert result.grand_total == 21_000_000


def test_a_parent_with_sub_projects_is_never_listed_as_without_amount():
    plan = Plan(projects=(_line("DA3", None), _line("DA3.1", None, "Theo phân bổ"), _line("DA3.2", 700_000)))
    result = totals(plan, OLD)
    assert result.without_amount == ("DA3.1",)
    assert result.by_project == {"DA3": 700_000}


def test_sources_are_summed_by_their_text():
    plan = Plan(projects=(
        _line("DA2", 1_000_000, "Ngân sách tỉnh"),
        _line("DA6", None),
        _line("DA6.1", 2_500_000, "Ngân sách xã"),
        _line("DA6.2", 4_000_000, "Ngân sách tỉnh"),
        _line("DA7", None),
        _line("DA7.1", 250_000),
    ))
    result = totals(plan, OLD)
    assert result.by_source == {"Ngân sách tỉnh": 5_000_000, "Ngân sách xã": 2_500_000,
                                "Chưa ghi nguồn": 250_000}
    assert result.by_project == {"DA2": 1_000_000, "DA6": 6_500_000, "DA7": 250_000}
    assert result.grand_total == 7_750_000


def test_a_plan_with_no_amount_totals_zero_and_lists_every_leaf():
    plan = Plan(projects=(_line("DA2", None, "Theo phân bổ"), _line("DA4", None),
                          _line("DA4.3", None, "Theo phân bổ")))
    result = totals(plan, OLD)
    assert (result.grand_total, result.by_code, result.by_project) == (0, {}, {})
    assert result.without_amount == ("DA2", "DA4.3")


def test_a_line_takes_money_from_several_sources_one_row_each():
    plan = Plan(projects=(_line("DA7", None), _line("DA7.1", 900_000_000, "Ngân sách trung ương"),
                          _line("DA7.1", 300_000_000, "ngân sách  TỈNH"),
                          _line("DA7.1", 34_930_000, "Vốn huy động hợp pháp khác"),
                          _line("DA7.2", 12_000_000, "Ngân sách trung ương")))
    result = totals(plan, OLD)
    assert result.by_code == {"DA7.1": 1_234_930_000, "DA7.2": 12_000_000}
    assert result.by_item_source["DA7.1"] == {"Ngân sách trung ương": 900_000_000, "Ngân sách tỉnh": 300_000_000,
                                              "Vốn huy động hợp pháp khác": 34_930_000}
    assert result.by_item_source["DA7"] == {"Ngân sách trung ương": 912_000_000, "Ngân sách tỉnh": 300_000_000,
                                            "Vốn huy động hợp pháp khác": 34_930_000}
    assert result.by_source == result.by_item_source["DA7"]
    for code, amount in result.by_item.items():
        assert sum(result.by_item_source[code].values()) == amount
    assert sum(result.by_source.values()) == result.grand_total == 1_246_930_000
