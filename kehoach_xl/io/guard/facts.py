"""What the guard finds in a package: the grid of each sheet part, what the structure parts say
(`Facts`), and what it hands on (`Package`)."""

from dataclasses import dataclass, field

from kehoach_xl.core.values import Block, column_letter
from kehoach_xl.io.guard.names import READ_BY_NAME, SHARED_STRINGS


@dataclass
class Grid:
    """Where the cells of one worksheet part reach (MAX_CELLS): the current cell; the farthest row and
    column of the cells holding a value or a formula, and the cells (column, row) where each was first
    reached; the last row of any kind (`walked`), and the cells of the rows up to it, each as wide as its
last cell of any kind (`row_cells`)."""

    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    lowest: tuple[int, int] = (0, 0)
    rightmost: tuple[int, int] = (0, 0)
    walked: int = 0
    row_cells: int = 0

    @property
    def cells(self) -> int:
        """What the hungrier engine lays out: calamine's rectangle of values, or openpyxl's rows."""
        return max(self.rows * self.columns, self.walked + self.row_cells)

    def far_cells(self) -> str:
        return " và ".join(sorted({f"{column_letter(column - 1)}{row}" for column, row in (self.lowest, self.rightmost)}))


Cell = tuple[int, int]
"""(row, column), both from 0."""
ErrorCells = dict[str, dict[Cell, str]]
"""Sheet name -> cell -> the error value ("#REF!")."""


@dataclass
class Package:
    """What `check` found that the engines do not report alike, by sheet name."""

    errors: ErrorCells = field(default_factory=dict)
    uncalculated: dict[str, set[Cell]] = field(default_factory=dict)
    """Formula cells saved without a value (a file written by a program and never opened in Excel)."""
    totals: dict[str, list[Block]] = field(default_factory=dict)
    """The Total Row(s) of each table: `totalsRowCount` rows at the bottom of its range."""
    strict: bool = False
    parts: dict[str, bytes] = field(default_factory=dict)
    """Every part an engine may read, inflated and checked: all it is given (`stored`); of the styles, only
    what a value depends on (`value_styles`)."""
    chart_sheets: set[str] = field(default_factory=set)
    """The parts the workbook calls chart sheets: openpyxl reads their drawings as it opens the workbook,
    and those are not handed on, so it is not given them (no cell is in a chart sheet)."""


@dataclass
class Facts:
    """What the package's structure parts say, and what the sheets hold (by part)."""

    sheets: list[tuple[str, str]] = field(default_factory=list)
    """The sheets of xl/workbook.xml, in order: (relationship id, name).  Two may share an id."""
    targets: dict[str, set[str]] = field(default_factory=dict)
    """Relationship id -> the part it points to, from xl/_rels/workbook.xml.rels (as each engine resolves it)."""
    typed_sheets: set[str] = field(default_factory=set)
    """Parts any relationship or content type calls a sheet."""
    chart_sheets: set[str] = field(default_factory=set)
    workbooks: dict[str, str] = field(default_factory=dict)
    """The part an engine reads as the workbook -> the structure part that says so: python-calamine
    takes workbook.xml in the folder of _rels/.rels' officeDocument, openpyxl the part
    [Content_Types].xml gives a workbook's content type.  Anything but xl/workbook.xml is refused."""
    string_parts: set[str] = field(default_factory=lambda: {SHARED_STRINGS})
    read_too: set[str] = field(default_factory=lambda: set(READ_BY_NAME))
    """The styles and the document properties, which the engines read besides the sheets and strings."""
    table_parts: dict[str, str] = field(default_factory=dict)
    """Table part -> the sheet part whose relationships point to it."""
    grids: dict[str, Grid] = field(default_factory=dict)
    errors: dict[str, dict[Cell, str]] = field(default_factory=dict)
    uncalculated: dict[str, set[Cell]] = field(default_factory=dict)
    totals: dict[str, list[Block]] = field(default_factory=dict)
    strict: bool = False

    def sheet_parts(self) -> dict[str, list[str]]:
        """Part -> the names of the sheets of xl/workbook.xml that point to it, each of which an engine
        reads on its own; parts only called sheets map to []."""
        named: dict[str, list[str]] = {part: [] for part in self.typed_sheets}
        for rid, name in self.sheets:
            for part in self.targets.get(rid, ()):
                named.setdefault(part, []).append(name)
        return named
