"""The year's other use cases: next year's plan, "Kết quả" prepared from the plan, the copy sent up.

Each reads a workbook that is never changed and writes a new file beside it
or where asked, never over one (io/output.py).
"""

from dataclasses import replace
from pathlib import Path

from kehoach_xl.app.errors import Refused
from kehoach_xl.app.reading import Reading, catalogs, next_catalogs, read
from kehoach_xl.app.sources import Source, SheetValues
from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.new_plan import Report

__all__ = ["CONFIG_SHEET", "has_report_sheets", "needs_preparing", "new_plan", "next_year", "prepare_report",
           "result_lines", "send_up"]

CONFIG_SHEET = "xlwings.conf"
"""The buttons' settings: never part of what is sent up."""


def new_plan(year: int, out: Path, last: Reading | None = None, unit: str = "", province: str = "",
             catalog: str | Path | None = None) -> tuple[Path, Catalog, Report]:
    """A plan workbook (.xlsm) for `year` at `out`: blank, for `unit` of `province`, or `last` year's plan
    rolled over, on its own list unless the upper level's `catalog` is given.  Returns the path written,
    the list the new workbook carries, and what was carried and what is left to fill; Refused when no phase
    covers the year."""
    from kehoach_xl.builder.build import load_source, new_xlsm
    from kehoach_xl.core.catalog import for_year
    from kehoach_xl.core.new_plan import blank_plan, roll_over
    from kehoach_xl.io.output import write_new

    lists = next_catalogs(last.cells, catalog) if last is not None else catalogs(catalog)
    catalog_of_year = for_year(lists, year)
    if catalog_of_year is None:
        raise Refused(f"Năm {year} không thuộc giai đoạn nào có danh mục ({', '.join(lists)}). Hãy kiểm tra lại "
                      f"năm, hoặc dùng danh mục của cấp trên cho giai đoạn đó (trên dòng lệnh: --catalog TỆP), "
                      f"hoặc cài phiên bản kehoach-xl mới hơn.")
    if last is not None:
        source, report = roll_over(last.plan, last.catalog, load_source("blank"), catalog_of_year, year)
    else:
        source, report = blank_plan(load_source("blank"), catalog_of_year, year, unit, province)
    written = write_new(out, lambda path: path.write_bytes(new_xlsm(source, lists)))
    return written, catalog_of_year, report


def next_year(last: Reading) -> tuple[Path, int, Catalog, Report]:
    """Next year's plan beside `last`, named as its documents are ("KeHoach_xa_…_2028.xlsm"); Refused when
    the plan has no year."""
    from kehoach_xl.io.export import file_stem

    if last.plan.info.year is None:
        raise Refused("Sổ này chưa có Năm kế hoạch (trang Thông tin): hãy ghi năm rồi làm lại.")
    year = last.plan.info.year + 1
    name = file_stem(replace(last.plan, info=replace(last.plan.info, year=year)))
    written, catalog, report = new_plan(year, last.path.parent / f"{name}.xlsm", last)
    return written, year, catalog, report


def has_report_sheets(reading: Reading) -> bool:
    """Whether the workbook has "Kết quả" and "Báo cáo" (those made before 2027 do not)."""
    from kehoach_xl.core.reader import find_sheet

    return all(find_sheet(reading.cells, table.sheet) for table in contract.REPORT_TABLES)


def result_lines(reading: Reading) -> list[str]:
    """The codes of the plan's lines that need a row on "Kết quả", in the plan's order."""
    from kehoach_xl.core.results import expected

    return expected(reading.plan, reading.catalog)


def needs_preparing(reading: Reading) -> bool:
    """Whether "Kết quả" lacks a line of the plan, or the workbook the report's two sheets."""
    return not has_report_sheets(reading) or bool(set(result_lines(reading)) -
                                                  {result.code for result in reading.plan.results})


def prepare_report(reading: Reading, out: Path | None = None) -> tuple[Path, list[str], list[str]]:
    """A copy of the workbook's saved file with a row of "Kết quả" for every plan line that needs a result
    (and the report's sheets where it lacks them), at `out` or beside it; what was typed stays.  Returns the
    path written, every line's code, and the codes added."""
    from kehoach_xl.builder.build import prepared_xlsm
    from kehoach_xl.io.export import file_stem
    from kehoach_xl.io.output import write_new

    codes = result_lines(reading)
    content, added = prepared_xlsm(reading.path, codes)
    target = out or reading.path.parent / f"{file_stem(reading.plan)}_BaoCao.xlsm"
    return write_new(target, lambda path: path.write_bytes(content)), codes, added


def send_up(source: Source) -> tuple[Path, Reading]:
    """The macro-free copy for the upper level, beside the workbook: every sheet's values but the buttons'
    settings; and the workbook read and checked."""
    from kehoach_xl.io.export import file_stem
    from kehoach_xl.io.xlsx_copy import write_values_copy

    every, engine = source.cells(lambda name: name != CONFIG_SHEET)
    reading = read(SheetValues(source.path, list(every), every.__getitem__, engine))
    return write_values_copy(every, source.path.parent / f"{file_stem(reading.plan)}.xlsx"), reading
