"""The households of a period's report: how the poor and near-poor households moved, and what the report says.

Pure.  The start of the year is "Chỉ tiêu" (the households, the poor and the
near-poor recognised at the last review, the targets, the upper level's
assignment); the end of the period and the flows are "Báo cáo".  The check:
the households at the end are those at the start, less those who left, plus
those who came (docs/findings.md, households-unbalanced).
"""

from kehoach_xl.core import contract
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.model import Plan, PeriodReport
from kehoach_xl.core.money import format_count
from kehoach_xl.core.targets import format_points, format_household_rate


def flows_balance(plan: Plan, report: PeriodReport) -> list[Finding]:
    """The poor at the end of the period are those at the start, less those who escaped, plus those who fell
    back and the new ones, plus those who moved in, less those who moved out."""
    start = plan.targets.poor
    needed = (start, report.escaped, report.fell_back, report.new_poor, report.poor_end)
    if any(n is None for n in needed):
        return []
    moved_in, moved_out = report.moved_in or 0, report.moved_out or 0
    computed = start - report.escaped + report.fell_back + report.new_poor + moved_in - moved_out
    if computed == report.poor_end:
        return []
    return [finding("households-unbalanced", report.cells["poor_end"], start=start, escaped=report.escaped,
                    fell_back=report.fell_back, new_poor=report.new_poor, moved_in=moved_in, moved_out=moved_out,
                    computed=computed, end=report.poor_end)]



def _households(n: int) -> str:
    return f"{format_count(n)} hộ"


def _rate_of(n: int | None, households: int | None) -> str:
    return f" ({format_household_rate(n * 100 / households)})" if n is not None and households else ""


def _against(what: str, reduced: int, target: int | None, assigned: int | None, half: bool) -> str:
    """ "Giảm 18 hộ nghèo: đạt chỉ tiêu giảm 17 hộ; đạt mức cấp trên giao 15 hộ." """
    parts = []
    if target is not None:
        parts.append(f"{'đạt' if reduced >= target else 'không đạt'} chỉ tiêu cả năm giảm {_households(target)}")
    if assigned is not None:
        parts.append(f"{'đạt' if reduced >= assigned else 'không đạt'} mức cấp trên giao giảm "
                     f"{_households(assigned)}")
    if not parts:
        return ""
    when = "Sáu tháng đầu năm" if half else "Cả năm"
    note = " (báo cáo 6 tháng so với chỉ tiêu của cả năm)" if half else ""
    change = f"giảm {format_count(reduced)}" if reduced >= 0 else f"tăng {format_count(-reduced)}"
    return f"{when} {change} {what}: {'; '.join(parts)}{note}."


def household_sentences(plan: Plan) -> list[str]:
    """What the report says of the households: the poor's flows, the near-poor, each against its targets."""
    report, t = plan.report, plan.targets
    if report is None:
        return []
    half = report.period == contract.HALF_YEAR
    total = t.households
    out = []
    if t.poor is not None and report.poor_end is not None:
        moves = [f"{label} {_households(n)}" for label, n in (
            ("thoát nghèo", report.escaped), ("tái nghèo", report.fell_back), ("phát sinh mới", report.new_poor),
            ("chuyển đến", report.moved_in), ("chuyển đi", report.moved_out)) if n]
        drop = ""
        if total:
            drop = f", tỷ lệ giảm {format_points((t.poor - report.poor_end) * 100 / total)}"
        out.append(f"Hộ nghèo: đầu năm {_households(t.poor)}{_rate_of(t.poor, total)}"
                   + (f"; trong kỳ {', '.join(moves)}" if moves else "")
                   + f"; cuối kỳ {_households(report.poor_end)}{_rate_of(report.poor_end, total)}{drop}.")
        out.append(_against("hộ nghèo", t.poor - report.poor_end, t.poor_cut, t.assigned_poor_cut, half))
    if t.near_poor is not None and report.near_poor_end is not None:
        out.append(f"Hộ cận nghèo: đầu năm {_households(t.near_poor)}{_rate_of(t.near_poor, total)}; cuối kỳ "
                   f"{_households(report.near_poor_end)}{_rate_of(report.near_poor_end, total)}.")
        out.append(_against("hộ cận nghèo", t.near_poor - report.near_poor_end, t.near_poor_cut,
                            t.assigned_near_poor_cut, half))
    return [sentence for sentence in out if sentence]
