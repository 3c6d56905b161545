"""The library API, for scripts and notebooks: `import kehoach_xl` (README, "Dùng trong Python").

The `kehoach` command is this API printed to a terminal.  Reading, checking,
totals and targets need neither Excel nor pandas; only `Consolidated.frames()`
imports pandas (the optional extra `analysis`).
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.consolidation import COUNT, DATETIME, MONEY, POINTS, RATE, YEAR, Consolidation, FileResult, Table
from kehoach_xl.core.findings import Finding, has_errors
from kehoach_xl.core.model import Plan
from kehoach_xl.core.targets import TargetReport
from kehoach_xl.core.totals import Totals
from kehoach_xl.io.engines import ENGINES, Unreadable

if TYPE_CHECKING:
    import pandas

__all__ = ["Consolidated", "Reading", "consolidate", "export", "read", "report", "targets", "totals"]

NO_PANDAS = ("frames() cần thư viện pandas, máy này chưa có. Hãy cài: python -m pip install pandas "
             '(hoặc, trong thư mục mã nguồn: python -m pip install -e ".[analysis]").')
_DTYPES = {YEAR: "Int64", COUNT: "Int64", MONEY: "Int64", RATE: "Float64", POINTS: "Float64",
           DATETIME: "datetime64[ns]"}
"""pandas types by column kind: whole numbers stay exact (no float), a blank is <NA>."""


@dataclass(frozen=True)
class Reading:
    """A workbook file, read and checked.

    `plan`: what the workbook holds; a value that could not be read is None
    there, and a finding says why.  `findings`: every Lỗi and Cảnh báo, each
    with `.code`, `.severity`, `.place` and `.message`.  `catalog`: the phase
    the plan was checked against: of the phase its year falls in, the
    workbook's own "Danh mục" where it has one, or the upper level's list
    when one was given (docs/catalog.md).
    `engine`: the engine that read the file.
    """

    path: Path
    plan: Plan
    findings: list[Finding]
    catalog: Catalog
    engine: str

    @property
    def has_errors(self) -> bool:
        """Whether a finding is a Lỗi: the command line then exits 1 and refuses to export."""
        return has_errors(self.findings)


@dataclass(frozen=True)
class Consolidated:
    """The upper level's consolidation of a folder.

    `files`: one result per workbook found, in name order (`.name`, `.plan`,
    `.findings`, `.totals`, `.targets`; `.reason` when it could not be read).
    `tables`: the four tables of the consolidated workbook.  `written`: the
    .xlsx written, or None when no output was asked for.
    """

    files: list[FileResult]
    tables: Consolidation
    written: Path | None = None

    def frames(self) -> dict[str, "pandas.DataFrame"]:
        """The tables "Danh sách", "Kinh phí", "Chỉ tiêu", "Lỗi" as pandas DataFrames, by sheet name.

        One row per file, unit or finding, as on the sheets, without the
        level's sums ("Toàn cấp, năm …": group by "Năm" to get them).  Counts,
        years and money are exact integers (Int64, <NA> for a blank); rates
        are fractions (0.0655 for 6,55%), drops are percentage points.
        """
        try:
            import pandas
        except ImportError as error:
            raise ImportError(NO_PANDAS) from error
        from kehoach_xl.shells.consolidate import SHEETS

        return {title: _frame(pandas, getattr(self.tables, key)) for key, title in SHEETS.items()}


def _frame(pandas, table: Table) -> "pandas.DataFrame":
    frame = pandas.DataFrame.from_records(table.rows, columns=list(table.headers))
    return frame.astype({c.header: _DTYPES[c.kind] for c in table.columns if c.kind in _DTYPES})


def _catalogs(catalog: str | Path | None) -> dict[str, Catalog]:
    from kehoach_xl.io.catalogs import load

    return load(None if catalog is None else Path(catalog))


def _of(what: "Plan | Reading", catalog: str | Path | None) -> tuple[Plan, Catalog]:
    """A plan and the catalog to use with it: a Reading's own (the workbook's list), unless the upper
    level's list is given; a bare Plan's from the shipped phases or that list."""
    from kehoach_xl.core.catalog import of_plan

    if isinstance(what, Reading) and catalog is None:
        return what.plan, what.catalog
    plan = what.plan if isinstance(what, Reading) else what
    return plan, of_plan(_catalogs(catalog), plan)


def read(path: str | Path, engine: str = "openpyxl", catalog: str | Path | None = None) -> Reading:
    """Read and check the workbook at `path` (.xlsx, .xlsm); the file is never changed.

    `engine`: "openpyxl" or "calamine" (python-calamine, faster), the engine tried first: when it cannot
    load or cannot read the file, the other one reads it (`Reading.engine` says which).  `catalog`:
    the upper level's list (.xlsx with a "Danh mục" sheet, docs/catalog.md)
    instead of the shipped one; CatalogError says why it cannot be used.
    Raises Unreadable, whose str() says why in Vietnamese, when the file is not
    a workbook that can be read (missing, empty, .xls, password, damaged, too large).
    """
    from kehoach_xl.core.checks import check_workbook
    from kehoach_xl.io.catalogs import legacy
    from kehoach_xl.io.engines import is_input_sheet, read_book

    if engine not in ENGINES:
        raise ValueError(f"engine phải là một trong {', '.join(ENGINES)}, không phải {engine!r}.")
    path = Path(path)
    book = read_book(path, engine, is_input_sheet)
    checked = check_workbook(book.data, _catalogs(catalog), upper=catalog is not None, legacy=legacy())
    return Reading(path, *checked, book.engine)


def totals(what: "Plan | Reading", catalog: str | Path | None = None) -> Totals:
    """The plan's money: by code, at every level of the catalog, by project, by funding source, the grand
    total, and the lines "theo phân bổ của cấp trên" (no amount), which are listed, never added as zero.

    Give the Reading, so that the workbook's own list says which line is under which; a bare Plan is
    placed in the shipped list (or the upper level's `catalog`, as for `read`)."""
    from kehoach_xl.core.totals import totals as money

    return money(*_of(what, catalog))


def targets(what: "Plan | Reading", catalog: str | Path | None = None) -> TargetReport:
    """Poverty and near-poverty rates at the start and end of the year (percent), the drop
    (percentage points), and the findings of the target checks (`what`, `catalog` as for `totals`)."""
    from kehoach_xl.core.targets import check_targets

    return check_targets(*_of(what, catalog))


def export(what: "Plan | Reading", folder: str | Path, pdf: bool = False, template: str | Path | None = None,
           catalog: str | Path | None = None) -> list[Path]:
    """Write the plan document into `folder` (or as the .docx file named), and a .pdf with `pdf`.

    Never over an existing file: "KeHoach_xa_Cam_Luong_2023 (2).docx".
    `template`: a restyled copy of the Word template (default: the one
    shipped).  Returns the paths written; raises ExportError with the reason.
    The document shows the plan as read, so check `Reading.has_errors`
    first, as the command line does.  `what`, `catalog` as for `totals`.
    """
    from kehoach_xl.io.export import TEMPLATE, write_document

    return write_document(*_of(what, catalog), Path(folder), pdf=pdf,
                          template=TEMPLATE if template is None else Path(template))


def report(what: "Plan | Reading", folder: str | Path, pdf: bool = False, template: str | Path | None = None,
           catalog: str | Path | None = None) -> list[Path]:
    """Write the results report of the period chosen on "Báo cáo" (BaoCao_<đơn vị>_<năm>.docx), as `export`
    writes the plan; check `Reading.has_errors` and that `plan.report` is not None first, as the command
    line does."""
    from kehoach_xl.io.export import REPORT, write_document

    return write_document(*_of(what, catalog), Path(folder), pdf=pdf,
                          template=None if template is None else Path(template), kind=REPORT)


def consolidate(folder: str | Path, output: str | Path | None = None, jobs: int = 1,
                catalog: str | Path | None = None) -> Consolidated:
    """Check every workbook in `folder` (and in its .zip files) and consolidate them.

    With `output`, the consolidated .xlsx is written there (or under a free
    name beside it).  `jobs`: processes reading in parallel.  Every entry of
    the folder is a row; one that cannot be read, or is no workbook, says
    why.  Raises Unreadable when there is no such folder or no workbook in it.
    `catalog` as for `read`.
    """
    from kehoach_xl.core.consolidation import NOT_A_WORKBOOK, SKIPPED
    from kehoach_xl.core.consolidation import consolidate as tables_of
    from kehoach_xl.io.output import in_memory, write_new
    from kehoach_xl.shells.consolidate import examine_all, sources, write_workbook

    folder = Path(folder)
    if folder.is_file():
        raise Unreadable(f"{folder} là một tệp, không phải thư mục: hãy chỉ ra thư mục chứa các sổ làm việc.")
    if not folder.is_dir():
        raise Unreadable(f"Không tìm thấy thư mục {folder}.")
    found = sources(folder)
    if all(source.status in (NOT_A_WORKBOOK, SKIPPED) for source in found):
        others = f" (chỉ có: {', '.join(source.name for source in found)})" if found else ""
        raise Unreadable(f"Thư mục {folder} không có sổ làm việc .xlsx, .xlsm hay tệp .zip nào{others}.")
    catalogs = _catalogs(catalog)
    files = examine_all(found, jobs, catalogs, upper=catalog is not None)
    tables = tables_of(files, catalogs)
    written = None if output is None else write_new(Path(output), in_memory(lambda buffer: write_workbook(tables, buffer)))
    return Consolidated(files, tables, written)
