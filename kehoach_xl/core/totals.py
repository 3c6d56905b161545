"""The plan's money: totals at every level of the catalog, by funding source, and the grand total.

A plan line may sit at any level of the catalog.  Only leaf lines carry money:
a line with no line of the plan below it (catalog.ancestors says what is
below what).  An amount typed on a line that has lines below it is not added
(validate reports it as money-on-parent), so it can never be counted twice.
A leaf with no amount goes "theo phân bổ của cấp trên": it is listed in
`without_amount`, never added as zero.

Plain Python: a plan has a few dozen lines, and pandas would add about half a
second of import to every button click.
"""

from dataclasses import dataclass

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.model import Plan, Project

NO_SOURCE = "Chưa ghi nguồn"
"""The key of `by_source` for amounts whose source cell is blank."""


@dataclass(frozen=True)
class Totals:
    """Every dict keeps the order of the plan's rows.

    `by_code`: each leaf code that has an amount (two rows with the same code
    are added together).  `by_item`: each code of every level with an amount
    in or under it, its leaves added up (a subtotal at each level).
    `by_project`: the same for the top-level items only.  `by_source`: source
    text -> sum.  `grand_total`: the sum of `by_code`.  `without_amount`: leaf
    codes with no amount.
    """

    by_code: dict[str, int]
    by_item: dict[str, int]
    by_project: dict[str, int]
    by_source: dict[str, int]
    grand_total: int
    without_amount: tuple[str, ...]


def parents(plan: Plan, known: Catalog) -> set[str]:
    """The codes of the plan that have a line of the plan below them, at any depth."""
    return {code for p in plan.projects if p.code for code in known.ancestors(p.code)}


def leaves(plan: Plan, known: Catalog) -> list[Project]:
    """The rows that carry money: those with no line of the plan below them."""
    above = parents(plan, known)
    return [p for p in plan.projects if p.code and p.code not in above]


def _add(sums: dict[str, int], key: str, amount: int) -> None:
    sums[key] = sums.get(key, 0) + amount


def totals(plan: Plan, known: Catalog) -> Totals:
    by_code: dict[str, int] = {}
    by_item: dict[str, int] = {}
    by_source: dict[str, int] = {}
    without: list[str] = []
    for line in leaves(plan, known):
        if line.amount is None:
            if line.code not in without:
                without.append(line.code)
            continue
        _add(by_code, line.code, line.amount)
        for code in (*known.ancestors(line.code), line.code):
            _add(by_item, code, line.amount)
        _add(by_source, line.source or NO_SOURCE, line.amount)
    by_project = {code: amount for code, amount in by_item.items() if not known.ancestors(code)}
    return Totals(by_code, by_item, by_project, by_source, sum(by_code.values()), tuple(without))
