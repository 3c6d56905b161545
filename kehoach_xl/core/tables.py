"""The tables of the documents (the plan's budget, the report's money) as data: columns, widths, rows.

Pure: io/docx_table.py turns a Table into WordprocessingML.  Widths come
from what the cells hold, measured as Times New Roman sets them
(wrap.width): each column of figures as wide as its widest figure or header
word, so an amount never breaks across lines; the name column takes the rest
of the page.  Where the figures leave the names too little room, the whole
table steps down a point (13 → 11 pt), as officials shrink a wide table.  A
row's `level` indents its name (paragraph indentation, so a long name wraps
under its own indent); `kind` says how it stands out.
"""

from dataclasses import dataclass

from kehoach_xl.core.wrap import POINTS_PER_CM, width

TEXT_WIDTH = 16.0
"""cm: A4 210 mm less the margins of Nghị định 30/2020 (left 30 mm, right 20 mm)."""
CELL_MARGINS = 0.38
"""cm: the left and right margins of a cell (0,19 cm each, Word's default)."""
ROOM = 0.15
"""cm kept free in every column of figures, so no rounding in Word or LibreOffice wraps a figure."""
SIZES = (13, 12, 11)
"""pt: the table's font size, the first at which the names keep NAME_MIN cm."""
NAME_MIN = 5.5
INDENT = 0.4
"""cm a level moves a name in."""

GROUP, LINE, SOURCE, TOTAL = "group", "line", "source", "total"
"""A row's kind: a level with lines under it (bold), a line of the plan, one source of the row above
(italic), the total (bold)."""
LEFT, CENTER, RIGHT = "left", "center", "right"


@dataclass(frozen=True)
class DocumentColumn:
    header: str
    align: str
    width: float = 0.0
    """cm; 0 for the names, which take what the others leave."""


@dataclass(frozen=True)
class DocumentRow:
    cells: tuple[str, ...]
    kind: str = LINE
    level: int = 0


@dataclass(frozen=True)
class DocumentTable:
    columns: tuple[DocumentColumn, ...]
    rows: tuple[DocumentRow, ...]
    size: int
    """pt, every cell."""
    indent: float = INDENT

    @property
    def widths(self) -> tuple[float, ...]:
        """cm of every column, the names' column taking the rest of the page."""
        fixed = sum(column.width for column in self.columns)
        return tuple(column.width or round(TEXT_WIDTH - fixed, 2) for column in self.columns)


def _needed(texts: list[str], size: int) -> float:
    """cm a column needs to hold each of `texts` on one line."""
    widest = max((width(text, size) for text in texts), default=0)
    return round(widest / POINTS_PER_CM + CELL_MARGINS + ROOM, 2)


def _columns(headers: tuple[tuple[str, str], ...], rows: list[DocumentRow], size: int) -> tuple[DocumentColumn, ...]:
    columns = []
    for index, (header, align) in enumerate(headers):
        texts = [row.cells[index] for row in rows if index < len(row.cells)] + header.split()
        columns.append(DocumentColumn(header, align, 0.0 if index == 1 else _needed(texts, size)))
    return tuple(columns)


def table(headers: tuple[tuple[str, str], ...], rows: list[DocumentRow]) -> DocumentTable:
    """A table whose first column is a number, the second the names, the others figures (`headers`:
    (header, alignment) of each column); widths and size as the module says."""
    for size in SIZES:
        columns = _columns(headers, rows, size)
        if TEXT_WIDTH - sum(column.width for column in columns) >= NAME_MIN:
            break
    return DocumentTable(columns, tuple(rows), size)
