"""The results of a period (6 tháng, cả năm): money planned and disbursed per plan line, the households' flows.

Pure.  The plan's lines and their planned money come from "Dự án" (totals.py,
at every level of the catalog); what was done and disbursed from "Kết quả";
the households from "Chỉ tiêu" (the start of the year) and "Báo cáo" (the end
of the period).  Money disbursed is carried, like planned money, by the lines
with no line of the plan below them, and added up the catalog's tree.

The checks (docs/findings.md): households that do not add up (start − escaped
+ fell back + new + moved in − moved out must be the end), a date of figures
outside the plan year, a result for a code the plan lacks, money disbursed
above money planned (a warning: an extra allocation can explain it), a plan
line with no result.  Rates against the target and the upper level's
assignment are "đạt / không đạt" in the report, never a finding; a 6-month
report is compared with the year's target and says so.
"""

from dataclasses import dataclass

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.households import flows_balance, household_sentences
from kehoach_xl.core.model import Plan, PeriodReport, Result
from kehoach_xl.core.money import format_money
from kehoach_xl.core.outline import Node, outline
from kehoach_xl.core.totals import leaves, parents, totals


@dataclass(frozen=True)
class Line:
    """A line of the plan as the report shows it: planned and disbursed money (None: by allocation, or none
    given), at its level of the outline, and what was done (its own row of "Kết quả")."""

    node: Node
    planned: int | None
    disbursed: int | None
    text: str

    @property
    def rate(self) -> float | None:
        """Disbursed in percent of planned; None without both, or with nothing planned."""
        return None if self.planned is None or self.disbursed is None or not self.planned else (
            self.disbursed * 100 / self.planned)


@dataclass(frozen=True)
class Outcome:
    """A period's results: `lines` in the order of the plan's outline; the totals; the households."""

    lines: list[Line]
    planned: int
    disbursed: int
    households: list[str]
    """Sentences on the poor and near-poor households: at the start, the flows, at the end, against targets."""

    @property
    def rate(self) -> float | None:
        return self.disbursed * 100 / self.planned if self.planned else None


def expected(plan: Plan, known: Catalog) -> list[str]:
    """The plan's codes that need a result: each line that carries money (or goes by allocation), and each
    line with activities of its own, in plan order."""
    with_activities = {a.code for a in plan.activities}
    funded = {p.code for p in leaves(plan, known)}
    return list(dict.fromkeys(p.code for p in plan.projects if p.code in funded or p.code in with_activities))


def _disbursed(plan: Plan, known: Catalog) -> dict[str, int]:
    """Money disbursed at every level: the leaves' amounts, added up the tree."""
    above = parents(plan, known)
    sums: dict[str, int] = {}
    for result in plan.results:
        if result.disbursed is None or result.code in above:
            continue
        for code in (*known.ancestors(result.code), result.code):
            sums[code] = sums.get(code, 0) + result.disbursed
    return sums


def _first_rows(plan: Plan) -> dict[str, Result]:
    found: dict[str, Result] = {}
    for result in plan.results:
        if result.code:
            found.setdefault(result.code, result)
    return found


def _line_findings(plan: Plan, known: Catalog, planned: dict[str, int]) -> list[Finding]:
    out = []
    codes = {p.code for p in plan.projects}
    above = parents(plan, known)
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
        if result.disbursed is None:
            continue
        if result.code in above:
            out.append(finding("disbursed-on-parent", result.cells["disbursed"], code=result.code))
        elif result.code in planned and result.disbursed > planned[result.code]:
            out.append(finding("disbursed-above-planned", result.cells["disbursed"], code=result.code,
                               disbursed=format_money(result.disbursed), planned=format_money(planned[result.code])))
    rows = _first_rows(plan)
    lines = {p.code: p for p in plan.projects}
    for code in expected(plan, known):
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


def check_results(plan: Plan, known: Catalog) -> list[Finding]:
    """The checks of a period's results; none before a period is chosen on "Báo cáo"."""
    if plan.report is None:
        if any(r.text or r.disbursed is not None for r in plan.results):
            where = next(r for r in plan.results if r.text or r.disbursed is not None).cells["code"]
            return [finding("report-period-blank", where, label=contract.REPORT_FIELDS[0].label,
                            sheet=contract.REPORT.sheet)]
        return []
    planned = totals(plan, known).by_item
    return flows_balance(plan, plan.report) + _date(plan, plan.report) + _line_findings(plan, known, planned)


def outcome(plan: Plan, known: Catalog) -> Outcome:
    """The period's results in the outline's order, the totals and the households (the checks are
    `check_results`, which every check of the workbook runs)."""
    money = totals(plan, known)
    disbursed = _disbursed(plan, known)
    rows = _first_rows(plan)
    nodes = outline(plan, known)
    lines = [Line(node, money.by_item.get(node.code), disbursed.get(node.code),
                  rows[node.code].text if node.code in rows else "") for node in nodes]
    return Outcome(lines, money.grand_total, sum(disbursed.get(node.code, 0) for node in nodes if node.level == 0),
                   household_sentences(plan))
