"""The plan's lines as a tree in catalog order: what section III, its budget table and "Tổng hợp" show.

Pure.  Which item is under which is the catalog's to say (Thuộc), at any
depth; the plan's rows give the lines, in any order.
"""

from string import ascii_lowercase
from typing import NamedTuple

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.model import Plan, Project


class Node(NamedTuple):
    """An item of the catalog that section III shows: `level` 0 at the top; `number` as its heading
    numbers it ("2", "2.1", "a"); `line` the plan's row of that code, if it has one."""

    code: str
    level: int
    number: str
    line: Project | None


def letter(index: int) -> str:
    """a, b, …, z, then aa, ab, …: the points of a Vietnamese document never run out."""
    return letter(index // 26 - 1) + ascii_lowercase[index % 26] if index >= 26 else ascii_lowercase[index]


def outline(plan: Plan, catalog: Catalog) -> list[Node]:
    """Every item with a line of the plan in or under it, in catalog order, each under its parent.

    Levels are numbered as administrative documents nest them: the top
    "1.", "2."; the catalog's last level "a)", "b)" (for two levels, "1. Dự án
    3" then "a) Tiểu dự án 1", as in 2023); the levels between "1.1.", "1.1.1.".
    A code the catalog lacks comes last, at the top.
    """
    lines: dict[str, Project] = {}
    for project in plan.projects:
        if project.code:
            lines.setdefault(project.code, project)
    shown = {code for line in lines for code in (*catalog.ancestors(line), line)}
    lettered = catalog.depth - 1 if catalog.depth > 1 else None
    nodes: list[Node] = []

    def walk(items: tuple, level: int, prefix: str) -> None:
        for index, item in enumerate(i for i in items if i.code in shown):
            number = (letter(index) if level == lettered else
                      f"{prefix}.{index + 1}" if prefix else str(index + 1))
            nodes.append(Node(item.code, level, number, lines.get(item.code)))
            walk(catalog.children(item.code), level + 1, number)

    walk(catalog.top, 0, "")
    tops = sum(node.level == 0 for node in nodes)
    unlisted = [code for code in lines if catalog.item(code) is None]
    nodes += [Node(code, 0, str(tops + n), lines[code]) for n, code in enumerate(unlisted, start=1)]
    return nodes
