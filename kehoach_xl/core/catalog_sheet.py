"""An upper level's list as a "Danh mục" sheet: its rows into catalogs, every problem with its cell.

The sheet is contract.CATALOG, the same columns `Catalog.rows` writes: one row
per item (Giai đoạn · Mã · Loại · Tên · Thuộc, the parent's Mã or blank, and
optionally Nhãn, the heading label, and Ghi chú, "Chưa xác nhận" for a name
not confirmed), and rows of Loại "Nguồn kinh phí" whose Tên is a funding
source.  Each phase on the sheet replaces that phase's items, and its sources
if it lists any; the rest of a shipped phase (program, decisions, poverty
standards, usual drop) stays.  A phase the package does not ship ("2031-2035")
gets its years from its name and nothing else.  A sheet with any problem is
refused whole: a half-read list would pass codes the upper level never issued.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import ANY_CODE, UNCONFIRMED, Catalog, Item, default_label, structure_problems
from kehoach_xl.core.findings import ERROR, Finding
from kehoach_xl.core.model import Place
from kehoach_xl.core.reader import WorkbookData, label_key, project_code, table_rows, text

_PHASE = re.compile(r"(\d{4})-(\d{4})")


@dataclass
class _Phase:
    """What the sheet says of one phase, with the cells it came from."""

    first_cell: Place
    items: list[Item] = field(default_factory=list)
    cells: list[dict[str, Place]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _years(phase: str, known: Mapping[str, Catalog]) -> tuple[int, int] | None:
    if phase in known:
        return known[phase].first_year, known[phase].last_year
    match = _PHASE.fullmatch(phase)
    if match and int(match[1]) <= int(match[2]):
        return int(match[1]), int(match[2])
    return None


def _catalog(phase: str, found: _Phase, years: tuple[int, int], known: Mapping[str, Catalog]) -> Catalog:
    items = tuple(found.items)
    base = known.get(phase) or Catalog(phase=phase, first_year=years[0], last_year=years[1], program="")
    codes = {item.code for item in items}
    return replace(base, items=items, sources=tuple(found.sources) or base.sources, code_pattern=ANY_CODE,
                   code_map={old: new for old, new in base.code_map.items() if new in codes})


def read_sheet(data: WorkbookData, known: Mapping[str, Catalog]) -> tuple[dict[str, Catalog], list[str]]:
    """The catalogs a "Danh mục" sheet gives, by phase, and what is wrong with it ("Danh mục!B7: …").

    `known`: the shipped phases, whose other facts a phase of the sheet keeps.
    """
    findings: list[Finding] = []
    rows = table_rows(data, contract.CATALOG, findings)
    problems = [f"{f.place}: {f.message}" for f in findings]
    if rows is None:
        return {}, problems
    phases: dict[str, _Phase] = {}

    def problem(where: Place, reason: str) -> None:
        problems.append(f"{where}: {reason}")

    for row in rows:
        read: list[Finding] = []
        values = {key: text(value, row.cells[key], read) for key, value in row.values.items()}
        problems += [f"{f.place}: {f.message}" for f in read if f.severity == ERROR]
        phase, kind, name = values["phase"], values["kind"], values["name"]
        if not phase:
            problem(row.cells["phase"], "Giai đoạn đang trống. Hãy ghi giai đoạn, ví dụ 2026-2030.")
            continue
        if _years(phase, known) is None:
            problem(row.cells["phase"], f'Giai đoạn "{phase}" không phải dạng năm đầu-năm cuối, ví dụ 2026-2030.')
            continue
        found = phases.setdefault(phase, _Phase(row.cells["phase"]))
        if not kind:
            problem(row.cells["kind"], f'Loại đang trống. Hãy ghi loại mục (ví dụ "{contract.CATALOG_PROJECT}"), '
                                       f'hoặc "{contract.CATALOG_SOURCE}".')
            continue
        if not name:
            problem(row.cells["name"], "Tên đang trống. Hãy ghi tên mục hoặc tên nguồn kinh phí.")
            continue
        if label_key(kind) == label_key(contract.CATALOG_SOURCE):
            found.sources.append(name)
            continue
        code = project_code(row.values["code"])
        if not code:
            problem(row.cells["code"], f'Mã của "{name}" đang trống. Hãy ghi mã, ví dụ HP1 hoặc HP1.2.')
            continue
        if not re.fullmatch(ANY_CODE, code):
            problem(row.cells["code"], f'Mã "{code}" chỉ được có chữ, số và nhiều nhất một dấu chấm, '
                                       f"ví dụ HP1 hoặc HP1.2.")
            continue
        parent = project_code(row.values.get("parent"))
        note = values.get("note", "")
        found.items.append(Item(code, kind, name, parent, values.get("label") or default_label(kind, code),
                                confirmed=label_key(note) != label_key(UNCONFIRMED)))
        found.cells.append(row.cells)
    catalogs: dict[str, Catalog] = {}
    for phase, found in phases.items():
        for index, where, reason in structure_problems(tuple(found.items)):
            problem(found.cells[index][where], reason)
        if not found.items:
            problem(found.first_cell, f"Giai đoạn {phase} chưa có mục nào (dự án, hợp phần, …). Hãy ghi các mục "
                                      f"của giai đoạn, mỗi mục một dòng.")
            continue
        catalogs[phase] = _catalog(phase, found, _years(phase, known), known)
    everything = {**known, **catalogs}
    for phase, catalog in catalogs.items():
        for other in everything.values():
            if other.phase != phase and other.first_year <= catalog.last_year and catalog.first_year <= other.last_year:
                problem(phases[phase].first_cell, f"Giai đoạn {phase} trùng năm với giai đoạn {other.phase}. Hãy "
                                                  f"ghi đúng giai đoạn của Chương trình.")
                break
    return catalogs, problems
