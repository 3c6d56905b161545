"""The upper level's use cases: every commune's workbook in an inbox, checked and consolidated as one; the
list of a phase written out for the upper level to issue (export_catalog).

The entries come from io/inbox.py (a folder, and the .zip files in it, read in
memory); each workbook is read and checked with python-calamine first, in
several processes if asked; core/consolidation.py makes the tables and
io/consolidated_book.py writes them.  An entry that cannot be read, or is no
workbook, becomes a row that says why; it never stops the run.
"""

import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kehoach_xl.app.errors import Refused, Unreadable
from kehoach_xl.app.reading import catalogs as catalogs_of
from kehoach_xl.app.reading import check
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.consolidation import (COUNT, DATETIME, MONEY, NOT_A_WORKBOOK, POINTS, RATE, SKIPPED, STATUSES,
                                           YEAR, ConsolidatedTable, Consolidation, FileResult, duplicates, status)
from kehoach_xl.core.model import Plan
from kehoach_xl.core.results import outcome
from kehoach_xl.core.targets import check_targets
from kehoach_xl.core.totals import totals
from kehoach_xl.io import inbox
from kehoach_xl.io.inbox import InboxEntry

if TYPE_CHECKING:
    import pandas

__all__ = ["Consolidated", "InboxCounts", "consolidate", "export_catalog"]

WORKER_DIED = ("Chương trình đọc tệp bị dừng đột ngột khi đọc tệp này (tệp hỏng, hoặc khai báo một vùng ô "
               "quá lớn). Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")
NO_PANDAS = ("frames() cần thư viện pandas, máy này chưa có. Hãy cài: python -m pip install pandas "
             '(hoặc, trong thư mục mã nguồn: python -m pip install -e ".[analysis]").')
_DTYPES = {YEAR: "Int64", COUNT: "Int64", MONEY: "Int64", RATE: "Float64", POINTS: "Float64",
           DATETIME: "datetime64[ns]"}
"""pandas types by column kind: whole numbers stay exact (no float), a blank is <NA>."""


class InboxCounts(NamedTuple):
    """How many files of an inbox are of each status, and how many were replaced by a newer copy."""

    valid: int
    invalid: int
    unreadable: int
    not_a_workbook: int
    skipped: int
    replaced: int

    @property
    def all_sound(self) -> bool:
        """Whether every file is valid or was rightly skipped: the command line then exits 0."""
        return self.invalid + self.unreadable + self.not_a_workbook == 0


@dataclass(frozen=True)
class Consolidated:
    """The upper level's consolidation of a folder.

    `files`: one result per workbook found, in name order (`.name`, `.plan`,
    `.findings`, `.totals`, `.targets`; `.reason` when it could not be read).
    `tables`: the five tables of the consolidated workbook.  `written`: the
    .xlsx written, or None when no output was asked for.
    """

    files: list[FileResult]
    tables: Consolidation
    written: Path | None = None

    @property
    def counts(self) -> InboxCounts:
        """How many files are of each status (core/consolidation.py's STATUSES, in that order), and how many
        were replaced by a newer copy."""
        found = [status(result) for result in self.files]
        return InboxCounts(*(found.count(s) for s in STATUSES), len(duplicates(self.files)))

    def frames(self) -> dict[str, "pandas.DataFrame"]:
        """The tables "Danh sách", "Kinh phí", "Chỉ tiêu", "Kết quả", "Lỗi" as pandas DataFrames, by sheet
        name.

        One row per file, unit or finding, as on the sheets, without the
        level's sums ("Toàn cấp, năm …": group by "Năm" to get them).  Counts,
        years and money are exact integers (Int64, <NA> for a blank); rates
        are fractions (0.066 for 6,6%), drops are percentage points.
        """
        try:
            import pandas
        except ImportError as error:
            raise ImportError(NO_PANDAS) from error
        from kehoach_xl.io.consolidated_book import SHEETS

        return {title: _frame(pandas, getattr(self.tables, key)) for key, title in SHEETS.items()}


def _frame(pandas, table: ConsolidatedTable) -> "pandas.DataFrame":
    frame = pandas.DataFrame.from_records(table.rows, columns=list(table.headers))
    return frame.astype({c.header: _DTYPES[c.kind] for c in table.columns if c.kind in _DTYPES})


def consolidate(folder: str | Path, output: str | Path | None = None, jobs: int = 1,
                catalog: str | Path | None = None) -> Consolidated:
    """Check every workbook in `folder` (and in its .zip files) and consolidate them.

    With `output`, the consolidated .xlsx is written there (or under a free
    name beside it).  `jobs`: processes reading in parallel.  Every entry of
    the folder is a row; one that cannot be read, or is no workbook, says
    why.  Raises Unreadable when there is no such folder or no workbook in it.
    `catalog` as for `read`.
    """
    from kehoach_xl.core.consolidation import consolidate as tables_of
    from kehoach_xl.io.consolidated_book import write_workbook
    from kehoach_xl.io.output import in_memory, write_new

    folder = Path(folder)
    if folder.is_file():
        raise Unreadable(f"{folder} là một tệp, không phải thư mục: hãy chỉ ra thư mục chứa các sổ làm việc.")
    if not folder.is_dir():
        raise Unreadable(f"Không tìm thấy thư mục {folder}.")
    found = inbox.entries(folder)
    if all(entry.status in (NOT_A_WORKBOOK, SKIPPED) for entry in found):
        others = f" (chỉ có: {', '.join(entry.name for entry in found)})" if found else ""
        raise Unreadable(f"Thư mục {folder} không có sổ làm việc .xlsx, .xlsm hay tệp .zip nào{others}.")
    lists = catalogs_of(catalog)
    files = examine_all(found, jobs, lists, upper=catalog is not None)
    tables = tables_of(files, lists)
    written = (None if output is None else
               write_new(Path(output), in_memory(lambda buffer: write_workbook(tables, buffer))))
    return Consolidated(files, tables, written)


def export_catalog(phase: str, out: str | Path | None = None) -> Path:
    """The shipped list of `phase` as an .xlsx with a "Danh mục" sheet (at `out`, or DanhMuc_<phase>.xlsx),
    the form `--catalog` reads, with its origin rows left for the upper level that issues it; Refused when no
    such phase is shipped, or `out` is no .xlsx."""
    from kehoach_xl.io.catalogs import shipped, write

    catalogs = shipped()
    if phase not in catalogs:
        raise Refused(f'Không có giai đoạn "{phase}". Hãy chọn một trong: {", ".join(catalogs)}.')
    target = Path(out or f"DanhMuc_{phase}.xlsx")
    if target.suffix.lower() != ".xlsx":
        raise Refused(f"Tệp danh mục phải có đuôi .xlsx: {target}.")
    return write({phase: catalogs[phase]}, target)


def _info_and_targets(plan: Plan) -> Plan:
    """What the consolidation reads of a plan: a result from a worker process is pickled, and the
    whole plan (paragraphs, activities, every cell's place) is eight times as much to send."""
    return replace(plan, bases=(), paragraphs=(), projects=(), activities=(), recipients=(), results=())


def examine(entry: InboxEntry, catalogs: Mapping[str, Catalog], upper: bool = False) -> FileResult:
    """Read and check one workbook with python-calamine first; whatever goes wrong becomes the result's
    reason."""
    if entry.reason:
        return FileResult(entry.name, entry.modified, reason=entry.reason, status=entry.status)
    try:
        plan, findings, catalog = check(inbox.cells(entry), catalogs, upper)
        return FileResult(entry.name, entry.modified, _info_and_targets(plan), "", tuple(findings),
                          totals(plan, catalog), check_targets(plan, catalog), catalog,
                          outcome=outcome(plan, catalog) if plan.report else None)
    except Unreadable as reason:
        return FileResult(entry.name, entry.modified, reason=str(reason))
    except Exception:
        return FileResult(entry.name, entry.modified,
                          reason="Lỗi không lường trước khi kiểm tra tệp này. Hãy gửi tệp này cho người phát "
                                 "triển.")


def _progress(total: int):
    """A rich progress bar on a terminal's stderr; None when stderr is not a terminal."""
    if not sys.stderr.isatty() or total < 2:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("Đang kiểm tra"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


def _alone(entry: InboxEntry, one: Callable[[InboxEntry], FileResult]) -> FileResult:
    """Examine one entry in a process of its own, so that if the process dies only this file fails."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(one, entry).result()
        except BrokenProcessPool:
            return FileResult(entry.name, entry.modified, reason=WORKER_DIED)


def examine_all(found: list[InboxEntry], jobs: int, catalogs: Mapping[str, Catalog],
                upper: bool = False) -> list[FileResult]:
    """Every entry examined, in order, in `jobs` processes, with a progress bar on a terminal; `upper`: the
    catalogs hold the upper level's list, which wins over a workbook's own (examine).

    A worker that dies (python-calamine aborts the process on some broken
    files) breaks the pool: the files not done yet are then examined one
    process each, so only the file that kills its process fails.
    """
    results: list[FileResult] = []
    one = partial(examine, catalogs=catalogs, upper=upper)
    with ExitStack() as stack:
        if jobs > 1 and len(found) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
            # map() submits every task now: the workers are forked before the progress bar's thread starts.
            examined = pool.map(one, found, chunksize=max(1, len(found) // (jobs * 8)))
        else:
            examined = map(one, found)
        progress = _progress(len(found))
        if progress is not None:
            stack.enter_context(progress)
            task = progress.add_task("", total=len(found))

        def keep(result: FileResult) -> None:
            results.append(result)
            if progress is not None:
                progress.advance(task)

        try:
            for result in examined:
                keep(result)
        except BrokenProcessPool:
            for entry in found[len(results):]:
                keep(_alone(entry, one))
    return results
