"""The results of a period (6 tháng, cả năm): money planned, allocated and disbursed per plan line.

Pure.  The plan's lines and their planned money come from "Dự án" (totals.py,
at every level of the catalog); what was done, the money allocated for the
year and the money disbursed from "Kết quả"; the households' sentences from
households.py.  Money allocated is the planned amount where "Kinh phí được
giao" is blank.  Both are carried, like planned money, by the lines with no
line of the plan below them, and added up the catalog's tree over the same
lines: a line with money disbursed and none allocated is left out of every
level and every rate.

The checks (docs/findings.md): the households' balances (households.py), a
date of figures outside the plan year, a result for a code the plan lacks,
money disbursed above money allocated (a warning: an extra allocation can
explain it), money disbursed with none allocated (a warning: never counted
into a rate), a plan line with no result.
"""

from dataclasses import dataclass
from typing import NamedTuple

from kehoach_xl.core import contract
from kehoach_xl.core.contract import ALLOCATED
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.households import flows_balance, household_sentences
from kehoach_xl.core.model import Plan, PeriodReport, Result
from kehoach_xl.core.money import format_money
from kehoach_xl.core.outline import Node, outline
from kehoach_xl.core.totals import leaves, parents, totals


@dataclass(frozen=True)
class ResultLine:
    """A line of the plan as the report shows it, at its level of the outline: money planned (None: by
    allocation, or none given), allocated for the year and disbursed (None: none), and what was done (its
    own row of "Kết quả").  At a level above the lines, `allocated` and `disbursed` add up the lines under it
    that have money allocated; a line with money disbursed but none allocated shows it, `counted` False,
    and is added into no level and no rate."""

    node: Node
    planned: int | None
    allocated: int | None
    disbursed: int | None
    text: str
    counted: bool = True

    @property
    def rate(self) -> float | None:
        """Disbursed in percent of allocated, over the same lines; None without money allocated."""
        if not self.counted or not self.allocated or self.disbursed is None:
            return None
        return self.disbursed * 100 / self.allocated


@dataclass(frozen=True)
class Outcome:
    """A period's results: `lines` in the order of the plan's outline; the totals (`allocated` and
    `disbursed` over the same lines, `unallocated` the money disbursed on lines with none allocated, out of
    every total and rate); the households."""

    lines: list[ResultLine]
    planned: int
    allocated: int
    disbursed: int
    unallocated: int
    households: list[str]
    by_source: dict[str, dict[str, int]]
    """The money allocated by source at every level (`Money.by_source`)."""
    sources: dict[str, int]
    """The money allocated by source in all."""

    @property
    def rate(self) -> float | None:
        return self.disbursed * 100 / self.allocated if self.allocated else None


def expected(plan: Plan, catalog: Catalog) -> list[str]:
    """The plan's codes that need a result: each line that carries money (or goes by allocation), and each
    line with activities of its own, in plan order."""
    with_activities = {a.code for a in plan.activities}
    funded = {p.code for p in leaves(plan, catalog)}
    return list(dict.fromkeys(p.code for p in plan.projects if p.code in funded or p.code in with_activities))


UNSPLIT = "Chưa tách theo nguồn"
"""The source of money allocated, typed on "Kết quả", to a line that the plan funds from several sources."""


class Money(NamedTuple):
    """Each leaf line's money allocated (the amount typed on "Kết quả", or the planned amount) and disbursed;
    at every level, both added up over the leaves that have money allocated, and the allocated money by
    source: the plan's sources where the allocation is the planned amount, the line's one source where it
    has one, UNSPLIT otherwise."""

    allocated: dict[str, int]
    disbursed: dict[str, int]
    leaf_allocated: dict[str, int | None]
    leaf_disbursed: dict[str, int]
    by_source: dict[str, dict[str, int]]


def money(plan: Plan, catalog: Catalog) -> Money:
    planned = totals(plan, catalog)
    rows = _first_rows(plan)
    allocated: dict[str, int] = {}
    disbursed: dict[str, int] = {}
    leaf_allocated: dict[str, int | None] = {}
    leaf_disbursed: dict[str, int] = {}
    by_source: dict[str, dict[str, int]] = {}
    for code in dict.fromkeys(p.code for p in leaves(plan, catalog)):
        row = rows.get(code)
        typed = row.allocated if row is not None else None
        given = typed if typed is not None else planned.by_code.get(code)
        spent = row.disbursed if row is not None else None
        leaf_allocated[code] = given
        if spent is not None:
            leaf_disbursed[code] = spent
        if given is None:
            continue
        sources = planned.by_item_source.get(code, {})
        if typed is not None:
            sources = {next(iter(sources)) if len(sources) == 1 else UNSPLIT: typed}
        for level in (*catalog.ancestors(code), code):
            allocated[level] = allocated.get(level, 0) + given
            disbursed[level] = disbursed.get(level, 0) + (spent or 0)
            for source, amount in sources.items():
                into = by_source.setdefault(level, {})
                into[source] = into.get(source, 0) + amount
    return Money(allocated, disbursed, leaf_allocated, leaf_disbursed, by_source)


def _first_rows(plan: Plan) -> dict[str, Result]:
    found: dict[str, Result] = {}
    for result in plan.results:
        if result.code:
            found.setdefault(result.code, result)
    return found


def _line_findings(plan: Plan, catalog: Catalog) -> list[Finding]:
    out = []
    codes = {p.code for p in plan.projects}
    above = parents(plan, catalog)
    given = money(plan, catalog).leaf_allocated
    seen: set[str] = set()
    for result in plan.results:
        if not result.code:
            continue
        where = result.cells["code"]
        if result.code not in codes:
            out.append(finding("result-not-in-plan", where, code=result.code))
            continue
        if result.code in seen:
            out.append(finding("duplicate-code", where, code=result.code))
        seen.add(result.code)
        if result.code in above:
            for key in ("allocated", "disbursed"):
                if getattr(result, key) is not None:
                    out.append(finding("disbursed-on-parent", result.cells[key], code=result.code))
            continue
        if result.disbursed is None:
            continue
        allocated = given.get(result.code)
        if allocated is None:
            out.append(finding("disbursed-without-allocation", result.cells["disbursed"], code=result.code,
                               disbursed=format_money(result.disbursed), column=ALLOCATED.label))
        elif result.disbursed > allocated:
            out.append(finding("disbursed-above-planned", result.cells["disbursed"], code=result.code,
                               disbursed=format_money(result.disbursed), planned=format_money(allocated)))
    rows = _first_rows(plan)
    lines = {p.code: p for p in plan.projects}
    for code in expected(plan, catalog):
        row = rows.get(code)
        if row is None or (not row.text and row.disbursed is None):
            where = row.cells["code"] if row else lines[code].cells["code"]
            out.append(finding("line-without-result", where, code=code, sheet=contract.RESULTS.sheet))
    return out


def _date(plan: Plan, report: PeriodReport) -> list[Finding]:
    year = plan.info.year
    if report.as_of is None or year is None or report.as_of.year == year:
        return []
    return [finding("report-date-outside-year", report.cells["as_of"], date=f"{report.as_of:%d/%m/%Y}", year=year)]


def check_results(plan: Plan, catalog: Catalog) -> list[Finding]:
    """The checks of a period's results; none before a period is chosen on "Báo cáo"."""
    if plan.report is None:
        if any(r.text or r.disbursed is not None for r in plan.results):
            where = next(r for r in plan.results if r.text or r.disbursed is not None).cells["code"]
            return [finding("report-period-blank", where, label=contract.REPORT_FIELDS[0].label,
                            sheet=contract.REPORT.sheet)]
        return []
    return flows_balance(plan, plan.report) + _date(plan, plan.report) + _line_findings(plan, catalog)


def outcome(plan: Plan, catalog: Catalog) -> Outcome:
    """The period's results in the outline's order, the totals and the households (the checks are
    `check_results`, which every check of the workbook runs)."""
    planned = totals(plan, catalog)
    found = money(plan, catalog)
    rows = _first_rows(plan)
    lines = []
    for node in outline(plan, catalog):
        code = node.code
        text = rows[code].text if code in rows else ""
        if code in found.leaf_allocated:
            given, spent = found.leaf_allocated[code], found.leaf_disbursed.get(code)
            lines.append(ResultLine(node, planned.by_item.get(code), given, spent, text,
                              counted=given is not None or spent is None))
        else:
            lines.append(ResultLine(node, planned.by_item.get(code), found.allocated.get(code),
                              found.disbursed.get(code), text))
    tops = [code for code in found.allocated if not catalog.ancestors(code)]
    whole: dict[str, int] = {}
    for code in tops:
        for source, amount in found.by_source[code].items():
            whole[source] = whole.get(source, 0) + amount
    return Outcome(lines, planned.grand_total, sum(found.allocated[code] for code in tops),
                   sum(found.disbursed[code] for code in tops), sum(
                       amount for code, amount in found.leaf_disbursed.items() if found.leaf_allocated[code] is None),
                   household_sentences(plan), found.by_source, whole)
