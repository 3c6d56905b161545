"""The plan's money: totals by project, sub-project and funding source.

Only leaf lines carry money: a sub-project, or a project with no sub-project
rows in the plan.  An amount typed on a project that has sub-projects is not
added (validate reports it as money-on-parent), so it can never be counted
twice.  A leaf with no amount goes "theo phân bổ của cấp trên": it is listed in
`without_amount`, never added as zero.

Plain Python: a plan has a few dozen lines, and pandas would add about half a
second of import to every button click.
"""

from dataclasses import dataclass

from kehoach_xl.core.model import Plan, Project

NO_SOURCE = "Chưa ghi nguồn"
"""The key of `by_source` for amounts whose source cell is blank."""


@dataclass(frozen=True)
class Totals:
    """Every dict keeps the order of the plan's rows.

    `by_code`: each leaf code that has an amount (two rows with the same code
    are added together).  `by_project`: each project of the plan with at
    least one amount, its leaves added up.  `by_source`: source text -> sum.
    `grand_total`: the sum of `by_code`.  `without_amount`: leaf codes with
    no amount.
    """

    by_code: dict[str, int]
    by_project: dict[str, int]
    by_source: dict[str, int]
    grand_total: int
    without_amount: tuple[str, ...]


def leaves(plan: Plan) -> list[Project]:
    """The rows that carry money: sub-projects, and projects without sub-project rows."""
    parents = {p.parent for p in plan.projects if p.is_subproject}
    return [p for p in plan.projects if p.code and (p.is_subproject or p.code not in parents)]


def _add(sums: dict[str, int], key: str, amount: int) -> None:
    sums[key] = sums.get(key, 0) + amount


def totals(plan: Plan) -> Totals:
    by_code: dict[str, int] = {}
    by_project: dict[str, int] = {}
    by_source: dict[str, int] = {}
    without: list[str] = []
    for line in leaves(plan):
        if line.amount is None:
            if line.code not in without:
                without.append(line.code)
            continue
        _add(by_code, line.code, line.amount)
        _add(by_project, line.parent, line.amount)
        _add(by_source, line.source or NO_SOURCE, line.amount)
    return Totals(by_code, by_project, by_source, sum(by_code.values()), tuple(without))
