"""The catalogs a command checks plans against, read once and passed in.

The shipped phases are `data/catalog-<phase>.json` (core/catalog.py says what
they hold); an upper level's list is the "Danh mục" sheet of an .xlsx
(core/catalog_sheet.py), checked like any workbook before it is parsed.
`write` makes that file from a phase, as `kehoach catalog export` does.
"""

import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import SHIPPED, Catalog, from_data, upper_source
from kehoach_xl.core.catalog_sheet import ISSUED, origin_rows, read_origin, read_sheet
from kehoach_xl.core.reader import label_key
from kehoach_xl.core.text import Legacy, legacy_encodings
from kehoach_xl.io.engines import Unreadable, read_file
from kehoach_xl.io.output import write_new

PREFIX, SUFFIX = "catalog-", ".json"
SHOWN_PROBLEMS = 20
COLUMN_WIDTHS = (12, 10, 14, 80, 10, 18, 16)
ORIGIN_WIDTHS = (18, 40, 60)
"""Of the origin block beside the list: label, value, hint (I, J, K)."""


class CatalogError(Exception):
    """The upper level's list cannot be used; str() says why, in Vietnamese, with sheet and cell."""


@cache
def _shipped() -> tuple[Catalog, ...]:
    folder = resources.files("kehoach_xl").joinpath("data")
    found = [from_data(json.loads(f.read_text("utf-8"))) for f in folder.iterdir()
             if f.name.startswith(PREFIX) and f.name.endswith(SUFFIX)]
    return tuple(sorted(found, key=lambda c: c.first_year))


@cache
def legacy() -> Legacy:
    """The legacy Vietnamese encodings (TCVN3, VNI) the reader recognises in cell text, from
    data/legacy-encodings.json: read once, handed to the core with the catalogs."""
    tables = json.loads(resources.files("kehoach_xl").joinpath("data/legacy-encodings.json").read_text("utf-8"))
    return legacy_encodings(tables)


def shipped() -> dict[str, Catalog]:
    """Every phase the package ships, oldest first, by phase."""
    return {c.phase: c for c in _shipped()}


def _is_catalog_sheet(name: str) -> bool:
    return label_key(name) == label_key(contract.CATALOG.sheet)


def load(path: Path | None = None) -> dict[str, Catalog]:
    """The shipped phases, with the phases of the upper level's list at `path` in their place.

    Raises CatalogError when the file cannot be read or its sheet has a problem.
    """
    lists = shipped()
    if path is None:
        return lists
    try:
        data = read_file(path, keep=_is_catalog_sheet).data
    except Unreadable as reason:
        raise CatalogError(f"Không đọc được danh mục {path}: {reason}") from reason
    origin = {key: value for key, value in read_origin(data).items() if key in ISSUED} | {"file": path.name}
    found, problems = read_sheet(data, lists, upper_source(origin))
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        lines = [f"{where}: {reason}" for where, reason in problems[:SHOWN_PROBLEMS]]
        lines += [f"… và {more} chỗ khác."] if more > 0 else []
        raise CatalogError(f"Danh mục {path} chưa dùng được; hãy sửa rồi chạy lại:\n"
                           + "\n".join(f"- {line}" for line in lines))
    issued = {phase: c if c.source == SHIPPED else replace(c, origin=origin) for phase, c in found.items()}
    return dict(sorted({**lists, **issued}.items(), key=lambda item: item[1].first_year))


def write(catalogs: Mapping[str, Catalog], path: Path) -> Path:
    """A new .xlsx (never over a file) with the "Danh mục" sheet of `catalogs`, the format `load` reads, and
    beside its table the origin block, blank, for the upper level to fill."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kehoach_xl.core.values import column_letter
    from kehoach_xl.io.cells import text_column

    book = Workbook()
    sheet = book.active
    sheet.title = contract.CATALOG.sheet
    sheet.append(list(contract.CATALOG.labels))
    for catalog in catalogs.values():
        for row in catalog.rows():
            sheet.append([value or None for value in row])
    for row, values in enumerate(origin_rows({}, ISSUED), start=1):
        for column, value in enumerate(values, start=contract.ORIGIN_COLUMN):
            sheet.cell(row, column, value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for key in ("code", "parent"):
        text_column(sheet, column_letter([c.key for c in contract.CATALOG.columns].index(key)))
    for cell in (c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)):
        cell.data_type = "s"
    for number, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + number)].width = width
    for number, width in enumerate(ORIGIN_WIDTHS, start=contract.ORIGIN_COLUMN):
        sheet.column_dimensions[column_letter(number - 1)].width = width
    sheet.freeze_panes = "A2"
    return write_new(path, book.save)
