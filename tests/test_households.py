"""The households of a report, pure: the sentences and the checks, numbers worked out by hand."""

from dataclasses import replace

from kehoach_xl.core import contract
from kehoach_xl.core.households import flows_balance, household_sentences
from kehoach_xl.core.model import PeriodReport, Place, Plan, Targets

CELLS = {key: Place("Báo cáo", row, 2) for row, key in enumerate((f.key for f in contract.REPORT_FIELDS), start=2)}
TARGETS = Targets(households=1000, poor=70, near_poor=40, poor_cut=12, near_poor_cut=5, assigned_poor_cut=10)
YEAR = PeriodReport(contract.FULL_YEAR, poor_end=58, near_poor_end=35, escaped=14, fell_back=1, new_poor=1,
                    cells=CELLS)
"""70 − 14 + 1 + 1 = 58 poor at the end; 40 near-poor to 35."""


def plan(report: PeriodReport, targets: Targets = TARGETS) -> Plan:
    return Plan(targets=targets, report=report)


def test_a_year_judges_each_target_vuot_dat_chua_dat():
    sentences = household_sentences(plan(YEAR))
    assert "Cả năm giảm 12 hộ nghèo: đạt chỉ tiêu kế hoạch (12 hộ); vượt chỉ tiêu cấp trên giao (10 hộ)." in sentences
    assert "Cả năm giảm 5 hộ cận nghèo: đạt chỉ tiêu kế hoạch (5 hộ)." in sentences
    fewer = household_sentences(plan(replace(YEAR, poor_end=60, escaped=12)))
    assert "Cả năm giảm 10 hộ nghèo: chưa đạt chỉ tiêu kế hoạch (12 hộ); đạt chỉ tiêu cấp trên giao (10 hộ)." in fewer


def test_the_end_rate_is_of_the_households_at_the_end():
    # 58 of 1.000 is 5,80%; of 1.050 it is 5,52%, and the drop 7,00 − 5,52 = 1,48 points.
    (poor,) = [s for s in household_sentences(plan(replace(YEAR, households_end=1050))) if s.startswith("Hộ nghèo")]
    assert poor.endswith("cuối kỳ 58 hộ, tỷ lệ 5,52%; giảm 12 hộ, tỷ lệ hộ nghèo giảm 1,48 điểm phần trăm.")


def test_half_a_year_more_poor_and_no_target_gives_no_share_and_no_verdict():
    half = replace(YEAR, period=contract.HALF_YEAR, poor_end=72, escaped=0, new_poor=2, fell_back=0)
    sentences = household_sentences(plan(half, replace(TARGETS, poor_cut=None, assigned_poor_cut=None)))
    assert "Sáu tháng đầu năm tăng 2 hộ nghèo." in sentences
    assert not any("đạt" in s for s in sentences)


def test_the_near_poor_balance_runs_once_its_flows_are_given_and_nobody_escaped_counts_as_none_rising():
    flows = replace(YEAR, escaped=0, fell_back=0, new_poor=0, poor_end=70, near_poor_escaped=6, near_poor_new=1)
    assert flows_balance(plan(flows), flows) == []  # 40 + 0 + 1 − 6 = 35
    wrong = replace(flows, near_poor_end=36)
    assert [(f.code, str(f.place)) for f in flows_balance(plan(wrong), wrong)] == [
        ("near-poor-unbalanced", "Báo cáo!B7")]
    unknown = replace(YEAR, near_poor_escaped=6, near_poor_new=1, near_poor_end=99)  # 14 escaped, none split
    assert flows_balance(plan(unknown), unknown) == []
