"""Rates, the yearly drop and the target rules, with numbers worked out by hand."""

import pytest

from conftest import CATALOG, EXAMPLE
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.model import Place, Plan, Targets
from kehoach_xl.core.reader import read_plan
from kehoach_xl.core.targets import (check_targets, format_decimal, format_household_rate, format_points,
                                     format_rate)

CELLS = {key: Place("Chỉ tiêu", row, 2) for row, key in enumerate(
    ("households", "poor", "near_poor", "poor_cut", "near_poor_cut", "assigned_poor_cut", "assigned_near_poor_cut"),
    start=2)}
EXAMPLE_TARGETS = dict(households=1450, poor=95, near_poor=120, poor_cut=17, near_poor_cut=5,
                       assigned_poor_cut=17, assigned_near_poor_cut=5)


def report(**changes):
    return check_targets(Plan(targets=Targets(**{**EXAMPLE_TARGETS, **changes}, cells=CELLS)), CATALOG)


def found(**changes):
    return [(f.code, f.place) for f in report(**changes).findings]


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_example_rates(engine):
    plan, _ = read_plan(read_file(EXAMPLE, engine).data)
    result = check_targets(plan, CATALOG)
    # 95 / 1450 = 6,55 %; 78 / 1450 = 5,38 %; 17 / 1450 = 1,17 points;
    # 120 / 1450 = 8,28 %; 115 / 1450 = 7,93 %.
    assert result.poor_rate_start == pytest.approx(6.5517, abs=1e-4)
    assert result.poor_rate_end == pytest.approx(5.3793, abs=1e-4)
    assert result.poor_drop == pytest.approx(1.1724, abs=1e-4)
    assert result.near_poor_rate_start == pytest.approx(8.2759, abs=1e-4)
    assert result.near_poor_rate_end == pytest.approx(7.9310, abs=1e-4)
    assert [format_household_rate(result.poor_rate_start), format_household_rate(result.poor_rate_end),
            format_points(result.poor_drop), format_household_rate(result.near_poor_rate_start),
            format_household_rate(result.near_poor_rate_end)] == [
        "6,55%", "5,38%", "1,17 điểm phần trăm", "8,28%", "7,93%"]
    assert result.findings == []


@pytest.mark.parametrize("value, shown", [
    (6.5517, "6,6"), (1.25, "1,3"), (0.15, "0,2"), (0.05, "0,1"), (0.04999, "0,0"), (0.0, "0,0"),
    (12.04, "12,0"), (99.95, "100,0"), (100.0, "100,0"), (7.931, "7,9"),
])
def test_one_decimal_with_a_comma_and_halves_up(value, shown):
    assert format_decimal(value) == shown


@pytest.mark.parametrize("value, shown", [
    (7.015, "7,02"), (6.5517, "6,55"), (0.005, "0,01"), (0.00499, "0,00"), (99.995, "100,00"), (7.0, "7,00"),
])
def test_two_decimals_for_households_halves_up(value, shown):
    assert format_decimal(value, 2) == shown


def test_household_rates_have_two_decimals_and_money_rates_one():
    # 1.003 households, 70 poor: 6,979 % -> "6,98%"; the same ratio of money -> "7,0%".
    assert format_household_rate(report(households=1003, poor=70).poor_rate_start) == "6,98%"
    assert format_rate(70 * 100 / 1003) == "7,0%"


def test_rates_that_end_in_a_half_round_up():
    # 5 / 400 = 1,25 %: binary rounding would give "1,2".
    assert format_rate(report(households=400, poor=5, near_poor=3, poor_cut=0, assigned_poor_cut=None
                              ).poor_rate_start) == "1,3%"
    # 3 / 2000 = 0,15 %
    assert format_rate(report(households=2000, poor=3).poor_rate_start) == "0,2%"


def test_no_rates_without_households():
    for households in (None, 0):
        result = report(households=households)
        assert (result.poor_rate_start, result.poor_rate_end, result.poor_drop,
                result.near_poor_rate_start, result.near_poor_rate_end) == (None,) * 5


def test_target_below_assigned_poor():
    assert found(poor_cut=16) == [("target-below-assigned", "Chỉ tiêu!B5")]
    message = report(poor_cut=16).findings[0].message
    assert "16 hộ nghèo" in message and "(17)" in message and "ít nhất 17 hộ nghèo" in message


def test_target_below_assigned_near_poor():
    assert found(near_poor_cut=4) == [("target-below-assigned", "Chỉ tiêu!B6")]


def test_target_equal_to_or_above_assigned_or_nothing_assigned_is_fine():
    assert found(poor_cut=17, near_poor_cut=5) == []
    assert found(poor_cut=18, near_poor_cut=6) == []
    assert found(poor_cut=3, assigned_poor_cut=None, near_poor_cut=0, assigned_near_poor_cut=None) == [
        ("poverty-drop-low", "Chỉ tiêu!B5")]


def test_target_above_baseline_has_no_end_rate():
    result = report(near_poor_cut=121)
    assert [(f.code, f.place) for f in result.findings] == [("target-above-baseline", "Chỉ tiêu!B6")]
    assert result.near_poor_rate_end is None
    result = report(poor=16, near_poor=20)
    assert [(f.code, f.place) for f in result.findings] == [("target-above-baseline", "Chỉ tiêu!B5")]
    assert (result.poor_rate_end, result.poor_drop) == (None, None)


def test_target_equal_to_baseline_is_allowed():
    result = report(poor=17)
    assert result.poor_rate_end == 0
    assert [f.code for f in result.findings] == []


def test_poor_and_near_poor_above_households():
    assert found(poor=1000, near_poor=451) == [("poor-above-households", "Chỉ tiêu!B2")]
    assert "là 1.451, nhiều hơn tổng số hộ (1.450)" in report(poor=1000, near_poor=451).findings[0].message
    assert found(poor=1000, near_poor=450) == []


# 1000 households, 50 poor (5 %): each household is 0,1 point.
@pytest.mark.parametrize("cut, warned", [(4, "poverty-drop-low"), (5, None), (15, None), (30, None),
                                        (31, "poverty-drop-high")])
def test_drop_far_from_the_usual_one_to_one_and_a_half_points(cut, warned):
    codes = found(households=1000, poor=50, near_poor=50, poor_cut=cut, assigned_poor_cut=None)
    assert codes == ([(warned, "Chỉ tiêu!B5")] if warned else [])


def test_drop_warning_says_the_rates():
    message = report(households=1000, poor=50, poor_cut=4, assigned_poor_cut=None).findings[0].message
    assert "0,40 điểm phần trăm (5,00% còn 4,60%)" in message and "1-1,5 điểm" in message


def test_low_drop_is_not_warned_when_the_rate_is_already_below_one_point():
    # 9 / 1000 = 0,9 %: cutting 1 is 0,1 point, and 1 point is out of reach.
    assert found(households=1000, poor=9, near_poor=9, poor_cut=1, assigned_poor_cut=None) == []
    assert found(households=1000, poor=10, near_poor=9, poor_cut=1, assigned_poor_cut=None) == [
        ("poverty-drop-low", "Chỉ tiêu!B5")]
