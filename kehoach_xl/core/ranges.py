"""A1 ranges over a block of rows written from A1: runs of rows, and the cells that hold text.

A writer through xlwings (the buttons) formats `text_ranges(rows)` as Text
(TEXT_FORMAT) before it writes the values: Excel parses a string written
into a General cell as if typed, so "=1+1", "@SUM(A1)" or "-x" would become
formulas, "00123" a number and "1/5" a date.  Files written with openpyxl
keep text as text through `kehoach_xl.io.cells`.
"""

from collections.abc import Sequence

from kehoach_xl.core.values import column_letter

TEXT_FORMAT = "@"


def runs(rows: Sequence[int], first: str, last: str) -> tuple[str, ...]:
    """Row numbers -> ranges of consecutive rows: [6, 7, 8, 13], "C", "C" -> ("C6:C8", "C13:C13")."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return tuple(f"{first}{start}:{last}{end}" for start, end in spans)


def text_ranges(rows: Sequence[Sequence[object]]) -> tuple[str, ...]:
    """The cells of `rows` (written from A1) that hold a string, column by column, as ranges."""
    width = max((len(row) for row in rows), default=0)
    return tuple(ref for c in range(width) for ref in runs(
        [r for r, row in enumerate(rows, start=1) if c < len(row) and isinstance(row[c], str)],
        column_letter(c), column_letter(c)))
