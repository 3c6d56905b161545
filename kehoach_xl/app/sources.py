"""Where a workbook's cells come from: a file, or live Excel through the buttons.

Both give the same sheets to the reader (`wanted`: the input sheets, the
results report's two and the workbook's own "Danh mục", also when typed
without their diacritics, so the reader can say "rename it back"), so the
same findings come out whichever shell asks.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kehoach_xl.core.reader import WorkbookData
from kehoach_xl.core.values import Block, blank
from kehoach_xl.io.engines import is_input_sheet, read_file

__all__ = ["File", "Source", "SheetValues", "wanted", "without_total_rows"]

wanted = is_input_sheet
"""Which sheets a command reads: the one rule, for files and for live Excel."""


class Source(Protocol):
    path: Path
    """The workbook's file: its name in messages, its folder for what is written beside it."""

    def cells(self, keep: Callable[[str], bool] = wanted) -> tuple[WorkbookData, str]:
        """The values of the sheets `keep` accepts, and what read them ("openpyxl", "calamine", "excel")."""


@dataclass(frozen=True)
class File:
    """A workbook file, read by its content through the zip guard; `engine` is tried first."""

    path: Path
    engine: str = "openpyxl"

    def cells(self, keep: Callable[[str], bool] = wanted) -> tuple[WorkbookData, str]:
        values = read_file(self.path, self.engine, keep)
        return values.data, values.engine


@dataclass(frozen=True)
class SheetValues:
    """Sheets read one at a time by `read`, by name: the open workbook as the buttons see it, or values
    already read, which a use case checks without reading them again."""

    path: Path
    names: Sequence[str]
    read: Callable[[str], list[list[object]]]
    engine: str = "excel"

    def cells(self, keep: Callable[[str], bool] = wanted) -> tuple[WorkbookData, str]:
        return {name: self.read(name) for name in self.names if keep(name)}, self.engine


def without_total_rows(rows: list[list[object]],
                       total_rows: Iterable[tuple[int, int, int, int]]) -> list[list[object]]:
    """A sheet's values read from A1 with its tables' Total Rows (Table Design → Total Row) blanked, as the
    file readers blank them, since they are never data; each given as Excel numbers it, from 1: (first row,
    last row, first column, last column)."""
    blank(rows, [Block(top - 1, bottom - 1, left - 1, right - 1) for top, bottom, left, right in total_rows])
    return rows
