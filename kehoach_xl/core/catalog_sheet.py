"""An upper level's list as a "Danh mục" sheet: its rows into catalogs, every problem with its cell.

The sheet is contract.CATALOG, the same columns `Catalog.rows` writes: one row
per item (Giai đoạn · Mã · Loại · Tên · Thuộc, the parent's Mã or blank, and
optionally Nhãn, the heading label, and Ghi chú, "Chưa xác nhận" for a name
not confirmed), and rows of Loại "Nguồn kinh phí" whose Tên is a funding
source.  Each phase on the sheet replaces that phase's items, and its sources
if it lists any; the rest of a shipped phase (program, decisions, poverty
standards, usual drop) stays.  A phase the package does not ship ("2031-2035")
gets its years from its name and nothing else.  Codes nest to any depth
through Thuộc, and must be text: Excel turns a code typed as 1.10 into the
number 1.1.  A sheet with any problem is refused whole: a half-read list would
pass codes the upper level never issued.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import (ANY_CODE, UNCONFIRMED, Catalog, Item, default_label, fingerprint,
                                     structure_problems, upper_source)
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.model import Place
from kehoach_xl.core.reader import (HEADER_SEARCH_ROWS, WorkbookData, find_sheet, label_key, project_code,
                                    table_rows, text)
from kehoach_xl.core.values import is_blank

_PHASE = re.compile(r"(\d{4})-(\d{4})")


@dataclass
class _Phase:
    """What the sheet says of one phase, with the cells it came from."""

    first_cell: Place
    items: list[Item] = field(default_factory=list)
    cells: list[dict[str, Place]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _years(phase: str, lists: Mapping[str, Catalog]) -> tuple[int, int] | None:
    if phase in lists:
        return lists[phase].first_year, lists[phase].last_year
    match = _PHASE.fullmatch(phase)
    if match and int(match[1]) <= int(match[2]):
        return int(match[1]), int(match[2])
    return None


def _catalog(phase: str, found: _Phase, years: tuple[int, int], lists: Mapping[str, Catalog],
             source: str) -> Catalog:
    items = tuple(found.items)
    base = lists.get(phase) or Catalog(phase=phase, first_year=years[0], last_year=years[1], program="")
    codes = {item.code for item in items}
    sources = tuple(found.sources) or base.sources
    if items == base.items and sources == base.sources:
        return base  # the list as shipped (or as the upper level issued it), written out again
    return replace(base, items=items, sources=sources, code_pattern=ANY_CODE,
                   code_map={old: new for old, new in base.code_map.items() if new in codes}, source=source)


Problem = tuple[Place, str]
"""A cell of the sheet and what is wrong there, in Vietnamese."""


def _code(value: object, where: Place, what: str, problems: list[Problem]) -> str:
    """A code as the upper level wrote it; one typed as a number is refused, since Excel keeps 1.10 as 1.1."""
    code = project_code(value)
    if code and not isinstance(value, str):
        problems.append((where, f'{what} {code} được lưu dạng số, nên Excel có thể đã đổi nó (1.10 thành 1.1). '
                                f'Hãy định dạng cột là Văn bản (Text) rồi gõ lại mã như cấp trên ban hành.'))
    elif code and not re.fullmatch(ANY_CODE, code):
        problems.append((where, f'{what} "{code}" chỉ được có chữ và số, các phần nối bằng dấu chấm, ví dụ '
                                f"HP1, HP1.2 hoặc 1.3.2."))
    return code


def has_parents(data: WorkbookData) -> bool:
    """Whether a workbook's "Danh mục" has the column Thuộc: workbooks built before 2026 have four columns
    (Giai đoạn · Mã · Loại · Tên), and so no list of their own."""
    sheet = find_sheet(data, contract.CATALOG.sheet)
    wanted = label_key(contract.CATALOG.columns[4].label)
    return sheet is not None and any(isinstance(value, str) and label_key(value) == wanted
                                     for row in data[sheet][:HEADER_SEARCH_ROWS] for value in row)


def read_sheet(data: WorkbookData, lists: Mapping[str, Catalog], source: str) -> tuple[dict[str, Catalog],
                                                                                      list[Problem]]:
    """The catalogs a "Danh mục" sheet gives, by phase, and what is wrong with it, cell by cell.

    `lists`: the shipped phases, whose other facts a phase of the sheet keeps.
    `source`: where the sheet is, as messages name the list ("trang Danh mục của sổ").
    """
    findings: list[Finding] = []
    rows = table_rows(data, contract.CATALOG, findings)
    problems: list[Problem] = [(f.place, f.message) for f in findings]
    if rows is None:
        return {}, problems
    phases: dict[str, _Phase] = {}

    def problem(where: Place, reason: str) -> None:
        problems.append((where, reason))

    for row in rows:
        read: list[Finding] = []
        values = {key: text(value, row.cells[key], read) for key, value in row.values.items()}
        problems += [(f.place, f.message) for f in read if f.is_error]
        phase, kind, name = values["phase"], values["kind"], values["name"]
        if not phase:
            problem(row.cells["phase"], "Giai đoạn đang trống. Hãy ghi giai đoạn, ví dụ 2026-2030.")
            continue
        if _years(phase, lists) is None:
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
        before = len(problems)
        code = _code(row.values["code"], row.cells["code"], "Mã", problems)
        parent = _code(row.values.get("parent"), row.cells["parent"], "Mã mục cha", problems)
        if not code:
            problem(row.cells["code"], f'Mã của "{name}" đang trống. Hãy ghi mã, ví dụ HP1 hoặc HP1.2.')
        if len(problems) > before:
            continue
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
        catalogs[phase] = _catalog(phase, found, _years(phase, lists), lists, source)
    everything = {**lists, **catalogs}
    for phase, catalog in catalogs.items():
        for other in everything.values():
            if other.phase != phase and other.first_year <= catalog.last_year and catalog.first_year <= other.last_year:
                problem(phases[phase].first_cell, f"Giai đoạn {phase} trùng năm với giai đoạn {other.phase}. Hãy "
                                                  f"ghi đúng giai đoạn của Chương trình.")
                break
    return catalogs, problems


def read_origin(data: WorkbookData) -> dict[str, str]:
    """The origin block of "Danh mục" (contract.CATALOG_ORIGIN: label · value rows under its head, anywhere on
    the sheet's first rows), by the keys of contract.ORIGIN_FIELDS, blank ones left out; {} without it."""
    sheet = find_sheet(data, contract.CATALOG.sheet)
    rows = data[sheet] if sheet is not None else []
    head = label_key(contract.CATALOG_ORIGIN)
    found = next(((r, c) for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]) for c, value in enumerate(row)
                  if isinstance(value, str) and label_key(value) == head), None)
    if found is None:
        return {}
    keys = {label_key(f.label): f.key for f in contract.ORIGIN_FIELDS}
    origin: dict[str, str] = {}
    for row in rows[found[0] + 1:found[0] + 1 + len(contract.ORIGIN_FIELDS)]:
        label, value = (list(row[found[1]:found[1] + 2]) + [None, None])[:2]
        key = keys.get(label_key(label)) if isinstance(label, str) else None
        if key and not is_blank(value):
            origin[key] = text(value, Place(sheet), [])
    return origin


ISSUED = ("issuer", "document", "date")
"""What the upper level says of its list in the origin block of its file."""


def origin_rows(values: Mapping[str, str], keys: tuple[str, ...]) -> list[list[object]]:
    """The origin block (read_origin reads it back): its head, then a row label · value · hint for each field of
    `keys`, in contract order."""
    return [[contract.CATALOG_ORIGIN, None, None]] + [[f.label, values.get(f.key) or None, f.hint]
                                                      for f in contract.ORIGIN_FIELDS if f.key in keys]


def workbook_origin(catalog: Catalog) -> list[list[object]]:
    """The origin block a workbook made from an upper level's list carries: what the list said of itself, its
    file and its fingerprint; [] for a list with no origin (the shipped one, a workbook's own)."""
    if not catalog.origin:
        return []
    return origin_rows(catalog.origin | {"fingerprint": fingerprint(catalog)},
                       tuple(f.key for f in contract.ORIGIN_FIELDS))


OWN = "trang Danh mục của sổ"
"""The `source` of a list read from the plan workbook itself."""


def _as_known(data: WorkbookData, lists: Mapping[str, Catalog]) -> bool:
    """Whether "Danh mục" holds, cell for cell, the rows a known phase writes (the builder's layout): most
    workbooks of an inbox carry the list they were made with, and need not be read item by item."""
    rows = data[find_sheet(data, contract.CATALOG.sheet)]
    width = len(contract.CATALOG.columns)
    if not rows or tuple(rows[0][:width]) != contract.CATALOG.labels:
        return False
    body = [tuple("" if value is None else value for value in row[:width]) for row in rows[1:]]
    while body and not any(body[-1]):
        body.pop()
    return any(body == catalog.rows() for catalog in lists.values())


def workbook_catalogs(data: WorkbookData, lists: Mapping[str, Catalog],
                      upper: bool = False) -> tuple[dict[str, Catalog], list[Finding]]:
    """The catalogs a plan workbook is checked against, by phase, and what to tell the official of them.

    The workbook's own "Danh mục" is its catalog: each phase on it takes the
    place of the phase of that name in `lists` (the shipped phases, or with
    `upper` the upper level's list), and a list that differs from that phase
    is a warning naming both, unless it is an upper level's list unchanged
    since the workbook was made from it: its origin block records the list's
    fingerprint, and the list read back still has it (the catalog then names
    the upper level as its source, and keeps the origin for a new year's
    workbook).  Workbooks without a list of their own (four
    columns, no Thuộc: built before 2026) are checked against `lists`.  With
    `upper`, the upper level checks with its own list: the workbook's is only
    compared with it.
    """
    catalogs = dict(lists)
    if not has_parents(data) or _as_known(data, lists):
        return catalogs, []
    own, problems = read_sheet(data, lists, OWN)
    where = Place(find_sheet(data, contract.CATALOG.sheet))
    differing = [catalog for catalog in own.values() if catalog.source == OWN]

    def used(phase: str) -> str:
        return lists[phase].source if phase in lists else "mọi danh mục kèm kehoach-xl"

    if upper:
        return catalogs, [finding("catalog-not-used", where, phase=c.phase, used=used(c.phase)) for c in differing]
    if problems:
        phases = ", ".join(sorted({c.phase for c in lists.values()}))
        return catalogs, [finding("catalog-sheet-invalid", place, reason=reason, used=f"danh mục kèm kehoach-xl "
                                  f"({phases})") for place, reason in problems]
    origin = read_origin(data)
    recorded = origin.pop("fingerprint", "")
    issued = {c.phase: replace(c, source=upper_source(origin), origin=origin) for c in differing
              if recorded and fingerprint(c) == recorded}
    notes = [finding("catalog-of-workbook", where, phase=c.phase, count=len(c.items), base=used(c.phase))
             for c in differing if c.phase not in issued]
    catalogs |= own | issued
    return dict(sorted(catalogs.items(), key=lambda item: item[1].first_year)), notes
