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
from kehoach_xl.core.targets import format_household_rate, format_points, format_rate, shown_drop


def _poor_balance(plan: Plan, report: PeriodReport) -> list[Finding]:
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


def _escaped_split(report: PeriodReport) -> list[Finding]:
    """Those who escaped rose to near-poor or above the near-poor line: the two parts add up to the whole (one
    part alone is at most the whole)."""
    parts = (report.escaped_to_near_poor, report.escaped_above)
    if report.escaped is None or parts == (None, None):
        return []
    together = sum(n or 0 for n in parts)
    if together == report.escaped or (None in parts and together <= report.escaped):
        return []
    where = report.cells["escaped_to_near_poor" if parts[0] is not None else "escaped_above"]
    return [finding("escaped-split-unbalanced", where, to_near_poor=parts[0] or 0, above=parts[1] or 0,
                    together=together, escaped=report.escaped)]


def _from_poor(report: PeriodReport) -> int | None:
    """Poor households that rose to near-poor: the row, or none at all when no one escaped."""
    if report.escaped_to_near_poor is not None:
        return report.escaped_to_near_poor
    return 0 if report.escaped == 0 else None


def _near_poor_balance(plan: Plan, report: PeriodReport) -> list[Finding]:
    """The near-poor at the end are those at the start, plus the poor who rose to near-poor and the new ones,
    less those who rose above the line and those who fell into poverty, plus those who moved in, less those who
    moved out; checked once the end, those who rose above and the new ones are given."""
    start, from_poor = plan.targets.near_poor, _from_poor(report)
    needed = (start, from_poor, report.near_poor_new, report.near_poor_escaped, report.near_poor_end)
    if any(n is None for n in needed):
        return []
    to_poor = report.near_poor_to_poor or 0
    moved_in, moved_out = report.near_poor_moved_in or 0, report.near_poor_moved_out or 0
    computed = start + from_poor + report.near_poor_new - report.near_poor_escaped - to_poor + moved_in - moved_out
    if computed == report.near_poor_end:
        return []
    return [finding("near-poor-unbalanced", report.cells["near_poor_end"], start=start, from_poor=from_poor,
                    new=report.near_poor_new, escaped=report.near_poor_escaped, to_poor=to_poor, moved_in=moved_in,
                    moved_out=moved_out, computed=computed, end=report.near_poor_end)]


def flows_balance(plan: Plan, report: PeriodReport) -> list[Finding]:
    """The checks of the households' flows: the poor's, the split of those who escaped, the near-poor's."""
    return _poor_balance(plan, report) + _escaped_split(report) + _near_poor_balance(plan, report)


def _households(n: int) -> str:
    return f"{format_count(n)} hộ"


def _moves(moves: list[tuple[str, int | None]]) -> str:
    """ "; trong kỳ thoát nghèo 20 hộ, tái nghèo 1 hộ"; a "{n}" in a label is where the count goes."""
    shown = [label.format(n=_households(n)) if "{n}" in label else f"{label} {_households(n)}"
             for label, n in moves if n]
    return f"; trong kỳ {', '.join(shown)}" if shown else ""


def _rate(n: int, households: int | None) -> str:
    return f", tỷ lệ {format_household_rate(n * 100 / households)}" if households else ""


def _change(start: int, end: int, start_total: int | None, end_total: int | None, what: str) -> str:
    """ "; giảm 18 hộ, tỷ lệ hộ nghèo giảm 1,28 điểm phần trăm" (of the rates as printed)."""
    if start == end:
        return "; không thay đổi so với đầu năm"
    way, n = ("giảm", start - end) if end < start else ("tăng", end - start)
    out = f"; {way} {_households(n)}"
    if start_total and end_total:
        points = shown_drop(start * 100 / start_total, end * 100 / end_total)
        if points:
            out += f", tỷ lệ {what} {'giảm' if points > 0 else 'tăng'} {format_points(abs(points))}"
    return out


def _state(what: str, start: int, end: int, moves: list[tuple[str, int | None]], start_total: int | None,
           end_total: int | None) -> str:
    """ "Hộ nghèo: đầu năm 95 hộ, tỷ lệ 6,55%; trong kỳ …; cuối kỳ 77 hộ, tỷ lệ 5,27%; giảm 18 hộ, …"."""
    return (f"{what.capitalize()}: đầu năm {_households(start)}{_rate(start, start_total)}{_moves(moves)}; cuối kỳ "
            f"{_households(end)}{_rate(end, end_total)}{_change(start, end, start_total, end_total, what)}.")


def _verdict(reduced: int, target: int) -> str:
    return "vượt" if reduced > target else "đạt" if reduced == target else "chưa đạt"


def _against_year(what: str, reduced: int, target: int | None, assigned: int | None) -> str:
    """ "Cả năm giảm 18 hộ nghèo: vượt chỉ tiêu kế hoạch (17 hộ); đạt chỉ tiêu cấp trên giao (18 hộ)."; one clause
    where both are the same."""
    targets = [("chỉ tiêu kế hoạch", target), ("chỉ tiêu cấp trên giao", assigned)]
    if target is not None and target == assigned:
        targets = [("chỉ tiêu kế hoạch và chỉ tiêu cấp trên giao", target)]
    parts = [f"{_verdict(reduced, n)} {label} ({_households(n)})" for label, n in targets if n is not None]
    if not parts:
        return ""
    change = f"giảm {format_count(reduced)}" if reduced >= 0 else f"tăng {format_count(-reduced)}"
    return f"Cả năm {change} {what}: {'; '.join(parts)}."


def _share(n: int, of: int | None, label: str) -> str:
    """ ", bằng 35,3% kế hoạch năm (17 hộ)"; nothing without a target to share."""
    return f", bằng {format_rate(n * 100 / of)} {label} ({_households(of)})" if of and n > 0 else ""


def _against_half(what: str, reduced: int, target: int | None, assigned: int | None, estimate: int | None) -> str:
    """A 6-month report: the share of the year's target reached and the estimate for the year; no verdict, the
    year is not over. "Sáu tháng đầu năm giảm 8 hộ nghèo, bằng 47,1% kế hoạch năm (17 hộ); ước thực hiện cả năm
    giảm 18 hộ nghèo, bằng 105,9% kế hoạch năm."."""
    change = f"giảm {format_count(reduced)}" if reduced >= 0 else f"tăng {format_count(-reduced)}"
    shares = _share(reduced, target, "kế hoạch năm")
    if assigned is not None and assigned != target:
        shares += _share(reduced, assigned, "chỉ tiêu cấp trên giao")
    out = f"Sáu tháng đầu năm {change} {what}{shares}"
    if estimate is not None:
        out += f"; ước thực hiện cả năm giảm {format_count(estimate)} {what}"
        out += f", bằng {format_rate(estimate * 100 / target)} kế hoạch năm" if target else ""
    return out + "."


def household_sentences(plan: Plan) -> list[str]:
    """What the report says of the households: the households on the territory, then the poor and the near-poor,
    each with its flows, its end and rate, and its targets (a verdict at the year's end, the share of the year's
    target and the estimate for the year at mid-year).  Rates at the start are of the households at the start,
    at the end of those at the end ("Tổng số hộ cuối kỳ"; where it is blank, of those at the start, and the
    report says so)."""
    report, t = plan.report, plan.targets
    if report is None:
        return []
    half = report.period == contract.HALF_YEAR
    end_total = report.households_end or t.households
    out = []
    if t.households and report.households_end:
        out.append(f"Tổng số hộ trên địa bàn: đầu năm {_households(t.households)}, cuối kỳ "
                   f"{_households(report.households_end)}.")
    elif t.households:
        out.append(f"Tổng số hộ trên địa bàn đầu năm: {_households(t.households)} (tỷ lệ cuối kỳ tính trên số hộ "
                   f"này).")
    escaped = [("thoát nghèo lên cận nghèo", report.escaped_to_near_poor),
               ("thoát nghèo vượt chuẩn cận nghèo", report.escaped_above)]
    split = ", ".join(f"{label} {_households(n)}" for label, n in escaped if n is not None)
    kinds = (("hộ nghèo", t.poor, report.poor_end, t.poor_cut, t.assigned_poor_cut, report.estimate_poor_cut,
              [(f"thoát nghèo {{n}} ({split})" if split else "thoát nghèo", report.escaped),
               ("tái nghèo", report.fell_back), ("phát sinh mới", report.new_poor),
               ("chuyển đến", report.moved_in), ("chuyển đi", report.moved_out)]),
             ("hộ cận nghèo", t.near_poor, report.near_poor_end, t.near_poor_cut, t.assigned_near_poor_cut,
              report.estimate_near_poor_cut,
              [("hộ nghèo lên cận nghèo", report.escaped_to_near_poor), ("phát sinh mới", report.near_poor_new),
               ("thoát cận nghèo", report.near_poor_escaped), ("rơi xuống nghèo", report.near_poor_to_poor),
               ("chuyển đến", report.near_poor_moved_in), ("chuyển đi", report.near_poor_moved_out)]))
    for what, start, end, target, assigned, estimate, moves in kinds:
        if start is None or end is None:
            continue
        out.append(_state(what, start, end, moves, t.households, end_total))
        reduced = start - end
        out.append(_against_half(what, reduced, target, assigned, estimate) if half
                   else _against_year(what, reduced, target, assigned))
    return [sentence for sentence in out if sentence]
