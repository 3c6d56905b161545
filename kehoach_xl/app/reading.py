"""Read and check a workbook; its money and targets; the one place that says which catalog applies.

Reading, checking, totals and targets need neither Excel nor pandas.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_xl.app.sources import File, Source
from kehoach_xl.core.catalog import Catalog, of_plan
from kehoach_xl.core.findings import Finding, has_errors
from kehoach_xl.core.model import Plan
from kehoach_xl.core.reader import WorkbookData
from kehoach_xl.core.targets import TargetReport
from kehoach_xl.core.totals import Totals
from kehoach_xl.io.engines import ENGINES

if TYPE_CHECKING:
    from kehoach_xl.core.checks import Checked

__all__ = ["ENGINES", "Reading", "catalogs", "check", "next_catalogs", "plan_and_catalog", "read", "targets", "totals"]


@dataclass(frozen=True)
class Reading:
    """A workbook, read and checked.

    `plan`: what the workbook holds; a value that could not be read is None
    there, and a finding says why.  `findings`: every Lỗi and Cảnh báo, each
    with `.code`, `.severity`, `.place` and `.message`.  `catalog`: the phase
    the plan was checked against: of the phase its year falls in, the
    workbook's own "Danh mục" where it has one, or the upper level's list
    when one was given (docs/catalog.md).  `engine`: what read the cells
    ("openpyxl", "calamine"; "excel" for the buttons).  `cells`: the values
    read, for a use case that goes on with them (next year's plan).
    """

    path: Path
    plan: Plan
    findings: list[Finding]
    catalog: Catalog
    engine: str
    cells: WorkbookData

    @property
    def has_errors(self) -> bool:
        """Whether a finding is a Lỗi: the command line then exits 1 and documents are refused."""
        return has_errors(self.findings)


def catalogs(upper: str | Path | None = None) -> dict[str, Catalog]:
    """Every phase the package ships, or the upper level's list (.xlsx with a "Danh mục" sheet) instead;
    CatalogError says why a list cannot be used."""
    from kehoach_xl.io.catalogs import load

    return load(None if upper is None else Path(upper))


def next_catalogs(cells: WorkbookData, upper: str | Path | None = None) -> dict[str, Catalog]:
    """The lists a workbook goes on with into a new year: the upper level's where given, else its own
    "Danh mục" where it has one, else the shipped ones."""
    from kehoach_xl.core.catalog_sheet import workbook_catalogs

    if upper is not None:
        return catalogs(upper)
    return workbook_catalogs(cells, catalogs())[0]


def check(cells: WorkbookData, lists: dict[str, Catalog], upper: bool = False) -> "Checked":
    """A workbook's values read and checked against its own "Danh mục" where it has one, or `lists` (with
    `upper`, the upper level's list, which wins); the legacy encodings loaded with the catalogs."""
    from kehoach_xl.core.checks import check_workbook
    from kehoach_xl.io.catalogs import legacy

    return check_workbook(cells, lists, upper=upper, legacy=legacy())


def read(what: str | Path | Source, engine: str = "openpyxl", catalog: str | Path | None = None) -> Reading:
    """Read and check the workbook at `what` (.xlsx, .xlsm; a path, or a Source); the file is never changed.

    `engine`: "openpyxl" or "calamine" (python-calamine, faster), the engine tried first: when it cannot
    load or cannot read the file, the other one reads it (`Reading.engine` says which).  `catalog`:
    the upper level's list (.xlsx with a "Danh mục" sheet, docs/catalog.md)
    instead of the shipped one; CatalogError says why it cannot be used.
    Raises Unreadable, whose str() says why in Vietnamese, when the file is not
    a workbook that can be read (missing, empty, .xls, password, damaged, too large).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine phải là một trong {', '.join(ENGINES)}, không phải {engine!r}.")
    source = what if hasattr(what, "cells") else File(Path(what), engine)
    cells, used = source.cells()
    checked = check(cells, catalogs(catalog), upper=catalog is not None)
    return Reading(source.path, *checked, used, cells)


def plan_and_catalog(what: "Plan | Reading", catalog: str | Path | None = None) -> tuple[Plan, Catalog]:
    """A plan and the catalog to use with it: a Reading's own (the workbook's list), unless the upper
    level's list is given; a bare Plan's from the shipped phases or that list."""
    if isinstance(what, Reading) and catalog is None:
        return what.plan, what.catalog
    plan = what.plan if isinstance(what, Reading) else what
    return plan, of_plan(catalogs(catalog), plan)


def totals(what: "Plan | Reading", catalog: str | Path | None = None) -> Totals:
    """The plan's money: by code, at every level of the catalog, by project, by funding source (and at every
    level by source), the grand total, and the lines "theo phân bổ của cấp trên" (no amount), which are
    listed, never added as zero.

    Give the Reading, so that the workbook's own list says which line is under which; a bare Plan is
    placed in the shipped list (or the upper level's `catalog`, as for `read`)."""
    from kehoach_xl.core.totals import totals as money

    return money(*plan_and_catalog(what, catalog))


def targets(what: "Plan | Reading", catalog: str | Path | None = None) -> TargetReport:
    """Poverty and near-poverty rates at the start and end of the year (percent), the drop
    (percentage points), and the findings of the target checks (`what`, `catalog` as for `totals`)."""
    from kehoach_xl.core.targets import check_targets

    return check_targets(*plan_and_catalog(what, catalog))
