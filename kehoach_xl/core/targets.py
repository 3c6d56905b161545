"""The household targets of "Chỉ tiêu": rates, the yearly drop, and their checks.

A rate is households of the kind / Tổng số hộ × 100, at the start of the year
and at its end once the target is met.  Rates of households are shown with two
decimals, a decimal comma and halves rounded up, as the yearly recognition
decisions of the household review and the reports write them: "6,55%", "1,17
điểm phần trăm"; rates of money keep one ("82,7%").

The program aims at a poverty rate falling 1-1,5 points a year (the phase's
`usual_rate_drop`).  A drop is "far" from it when it is less than half the
lower bound or more than twice the upper one (2021-2025: below 0,5 or above 3
points).  With 1.450 households one household is 0,07 points, so the band
spans 7 to 43 households: what falls outside is a slip of a digit, a wrong
total, or a target worth a second look, not the ordinary spread between
communes.  Communes of poor districts aim at 4-5 points; the warning says so
and does not block.  A commune whose poverty rate is already below the
usual lower bound cannot drop that much, so the low side is not checked there.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.model import Plan, Targets

FAR_FACTOR = 2
"""A drop below usual_low / FAR_FACTOR or above usual_high × FAR_FACTOR is far from usual."""

_KINDS = (("poor", "poor_cut", "assigned_poor_cut", "hộ nghèo"),
          ("near_poor", "near_poor_cut", "assigned_near_poor_cut", "hộ cận nghèo"))


def format_decimal(value: float, places: int = 1) -> str:
    """`places` decimals, halves rounded up, decimal comma: 1.25 -> "1,3"; 7.015, 2 -> "7,02"."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:.{places}f}".replace(".", ",")


def format_rate(value: float) -> str:
    """A rate of money, one decimal: 82.69 -> "82,7%"."""
    return f"{format_decimal(value)}%"


HOUSEHOLD_PLACES = 2
"""Decimals of a rate of households (and of its drop in points)."""


def format_household_rate(value: float) -> str:
    """A rate of households, two decimals: 6.5517 -> "6,55%"."""
    return f"{format_decimal(value, HOUSEHOLD_PLACES)}%"


def format_points(value: float) -> str:
    """A drop of a household rate: 1.1724 -> "1,17 điểm phần trăm"."""
    return f"{format_decimal(value, HOUSEHOLD_PLACES)} điểm phần trăm"


def shown_drop(start: float, end: float) -> float:
    """The drop between two rates as they are shown, so the three figures printed side by side agree: 8,28% to
    7,93% is 0,35 points (5 of 1.450 households is 0,3448)."""
    def shown(rate: float) -> Decimal:
        return Decimal(format_decimal(rate, HOUSEHOLD_PLACES).replace(",", "."))
    return float(shown(start) - shown(end))


def usual_band(usual: tuple[float, float]) -> str:
    """(1.0, 1.5) -> "1-1,5 điểm mỗi năm"."""
    low, high = usual
    return f"{low:g}-{high:g} điểm mỗi năm".replace(".", ",")


@dataclass(frozen=True)
class TargetReport:
    """Rates in percent and the drop in percentage points; None where a number is missing."""

    poor_rate_start: float | None = None
    poor_rate_end: float | None = None
    poor_drop: float | None = None
    near_poor_rate_start: float | None = None
    near_poor_rate_end: float | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def drop_text(self) -> str | None:
        """The drop of the poverty rate as printed, from the two rates as shown ("1,17 điểm phần trăm");
        None while a rate is missing."""
        if self.poor_rate_start is None or self.poor_rate_end is None:
            return None
        return format_points(shown_drop(self.poor_rate_start, self.poor_rate_end))


def _rate(count: int | None, households: int | None) -> float | None:
    """One division of whole numbers, so 0.15 stays 0.15 for rounding."""
    if count is None or not households:
        return None
    return count * 100 / households


def remaining(baseline: int | None, cut: int | None) -> int | None:
    """Households left at the end of the year; None when a number is missing or the cut is too big."""
    if baseline is None or cut is None or cut > baseline:
        return None
    return baseline - cut


def _against_baseline_and_assigned(t: Targets) -> list[Finding]:
    out = []
    for base, cut, assigned, what in _KINDS:
        baseline, target, given = getattr(t, base), getattr(t, cut), getattr(t, assigned)
        if target is not None and baseline is not None and target > baseline:
            out.append(finding("target-above-baseline", t.cells[cut], target=target, what=what, baseline=baseline))
        if target is not None and given is not None and target < given:
            out.append(finding("target-below-assigned", t.cells[cut], target=target, what=what, assigned=given))
    return out


def _against_households(t: Targets) -> list[Finding]:
    if t.households is None or t.poor is None or t.near_poor is None:
        return []
    if t.poor + t.near_poor <= t.households:
        return []
    return [finding("poor-above-households", t.cells["households"], poor=t.poor, near_poor=t.near_poor,
                    together=t.poor + t.near_poor, households=t.households)]


def _drop_far_from_usual(t: Targets, start: float, end: float, drop: float,
                         usual: tuple[float, float]) -> list[Finding]:
    low, high = usual
    if drop < low / FAR_FACTOR and start >= low:
        code = "poverty-drop-low"
    elif drop > high * FAR_FACTOR:
        code = "poverty-drop-high"
    else:
        return []
    return [finding(code, t.cells["poor_cut"], cut=t.poor_cut,
                    drop=f"{format_points(shown_drop(start, end))} ({format_household_rate(start)} còn "
                         f"{format_household_rate(end)})",
                    band=f"{usual_band(usual)} của Chương trình")]


def rates(t: Targets) -> TargetReport:
    """The rates of `t`, no findings: the consolidation computes a level's rates from its sums with it."""
    poor_end = _rate(remaining(t.poor, t.poor_cut), t.households)
    return TargetReport(
        poor_rate_start=_rate(t.poor, t.households),
        poor_rate_end=poor_end,
        poor_drop=_rate(t.poor_cut, t.households) if poor_end is not None else None,
        near_poor_rate_start=_rate(t.near_poor, t.households),
        near_poor_rate_end=_rate(remaining(t.near_poor, t.near_poor_cut), t.households),
    )


def check_targets(plan: Plan, catalog: Catalog) -> TargetReport:
    """Rates and findings; the usual drop is the plan's catalog's (catalog.of_plan)."""
    t = plan.targets
    report = rates(t)
    findings = _against_households(t) + _against_baseline_and_assigned(t)
    start, end, drop = report.poor_rate_start, report.poor_rate_end, report.poor_drop
    usual = catalog.usual_rate_drop
    if start is not None and end is not None and drop is not None and usual:
        findings += _drop_far_from_usual(t, start, end, drop, usual)
    return replace(report, findings=findings)


def _shown_rate(value: float | None) -> str | None:
    return None if value is None else format_household_rate(value)


def target_rows(t: Targets, report: TargetReport) -> list[tuple[str, int | str | None, int | str | None]]:
    """Label, poor, near-poor: the table the summary sheet and the CLI show."""
    return [
        ("Số hộ đầu năm", t.poor, t.near_poor),
        ("Chỉ tiêu giảm", t.poor_cut, t.near_poor_cut),
        ("Cấp trên giao giảm", t.assigned_poor_cut, t.assigned_near_poor_cut),
        ("Số hộ cuối năm (dự kiến)", remaining(t.poor, t.poor_cut), remaining(t.near_poor, t.near_poor_cut)),
        ("Tỷ lệ đầu năm", _shown_rate(report.poor_rate_start), _shown_rate(report.near_poor_rate_start)),
        ("Tỷ lệ cuối năm (dự kiến)", _shown_rate(report.poor_rate_end), _shown_rate(report.near_poor_rate_end)),
    ]
