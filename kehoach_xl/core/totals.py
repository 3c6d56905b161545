"""The plan's money: totals at every level of the catalog, by funding source, and the grand total.

A plan line may sit at any level of the catalog.  Only leaf lines carry money:
a line with no line of the plan below it (catalog.ancestors says what is
below what).  An amount typed on a line that has lines below it is not added
(validate reports it as money-on-parent), so it can never be counted twice.
A leaf with no amount goes "theo phân bổ của cấp trên": it is listed in
`without_amount`, never added as zero.

A line may take money from several sources: several rows of "Dự án" with
the same code, one source and its amount each.  Every level's money is
also kept by source (`by_item_source`), and the sums across the sources of a
level are its total.  A source typed as the catalog writes one of its
"Nguồn kinh phí" (case, spacing and diacritics' composition aside) is named
as the catalog names it; any other text is kept as typed.

Plain Python: a plan has a few dozen lines, and pandas would add about half a
second of import to every button click.
"""

from dataclasses import dataclass

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.model import Plan, Project
from kehoach_xl.core.reader import label_key

NO_SOURCE = "Chưa ghi nguồn"
"""The key of `by_source` for amounts whose source cell is blank."""


@dataclass(frozen=True)
class Totals:
    """Every dict keeps the order of the plan's rows.

    `by_code`: each leaf code that has an amount (two rows with the same code
    are added together).  `by_item`: each code of every level with an amount
    in or under it, its leaves added up (a subtotal at each level).
    `by_project`: the same for the top-level items only.  `by_source`: source
    name (`source_name`) -> sum.  `by_item_source`: each code of `by_item` ->
    source name -> sum, the sources of each level adding up to its
    `by_item`.  `grand_total`: the sum of `by_code`.  `without_amount`: leaf
    codes with a row that has no amount.
    """

    by_code: dict[str, int]
    by_item: dict[str, int]
    by_project: dict[str, int]
    by_source: dict[str, int]
    by_item_source: dict[str, dict[str, int]]
    grand_total: int
    without_amount: tuple[str, ...]


def waiting(money: Totals, catalog: Catalog, top: str) -> list[str]:
    """The lines under the top-level item `top` that wait for the upper level's allocation (no amount)."""
    return [code for code in money.without_amount if catalog.top_of(code) == top]


def parents(plan: Plan, catalog: Catalog) -> set[str]:
    """The codes of the plan that have a line of the plan below them, at any depth."""
    return {code for p in plan.projects if p.code for code in catalog.ancestors(p.code)}


def leaves(plan: Plan, catalog: Catalog) -> list[Project]:
    """The rows that carry money: those with no line of the plan below them."""
    above = parents(plan, catalog)
    return [p for p in plan.projects if p.code and p.code not in above]


def source_name(typed: str, catalog: Catalog) -> str:
    """The source a row names: the catalog's own words where the text is one of its sources, the text as
    typed otherwise, `NO_SOURCE` when blank."""
    typed = " ".join(typed.split())
    if not typed:
        return NO_SOURCE
    key = label_key(typed)
    return next((source for source in catalog.sources if label_key(source) == key), typed)


def line_rows(plan: Plan, code: str) -> list[Project]:
    """Every row of "Dự án" of a code: one line of the plan, one source each."""
    return [p for p in plan.projects if p.code == code]


def _add(sums: dict[str, int], key: str, amount: int) -> None:
    sums[key] = sums.get(key, 0) + amount


def totals(plan: Plan, catalog: Catalog) -> Totals:
    by_code: dict[str, int] = {}
    by_item: dict[str, int] = {}
    by_source: dict[str, int] = {}
    by_item_source: dict[str, dict[str, int]] = {}
    without: list[str] = []
    for line in leaves(plan, catalog):
        if line.amount is None:
            if line.code not in without:
                without.append(line.code)
            continue
        source = source_name(line.source, catalog)
        _add(by_code, line.code, line.amount)
        for code in (*catalog.ancestors(line.code), line.code):
            _add(by_item, code, line.amount)
            _add(by_item_source.setdefault(code, {}), source, line.amount)
        _add(by_source, source, line.amount)
    by_project = {code: amount for code, amount in by_item.items() if not catalog.ancestors(code)}
    return Totals(by_code, by_item, by_project, by_source, by_item_source, sum(by_code.values()),
                  tuple(without))
