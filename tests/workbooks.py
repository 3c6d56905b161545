"""Making test workbooks: the example with one defect, saved with openpyxl."""

from collections.abc import Callable
from pathlib import Path

import openpyxl

from conftest import EXAMPLE


def with_defect(edit: Callable[[openpyxl.Workbook], None], path: Path) -> Path:
    book = openpyxl.load_workbook(EXAMPLE, keep_vba=EXAMPLE.suffix == ".xlsm")
    edit(book)
    book.save(path)
    return path


def set_cell(sheet: str, cell: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def edit(book: openpyxl.Workbook) -> None:
        book[sheet][cell] = value
    return edit
