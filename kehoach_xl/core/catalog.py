"""A phase of the program as data: its items, funding sources and the facts a plan takes from it.

Pure: nothing here reads a file.  kehoach_xl/io/catalogs.py reads the shipped
phases (`data/catalog-<phase>.json`, through `from_data`) and an upper level's
"Danh mục" workbook (through catalog_sheet.py) once per command, and the
shells pass the catalogs in.  A new phase is a new data file, not new code.

Items nest to any depth: a top-level item (a project, "Dự án 2", or a
component, "Hợp phần 1") and the items under it, each naming its parent
(Thuộc on the sheet).  Codes are written as the upper level writes them
("DA3.1", "1.3.2", "HP1.ND3.2", "III.2"): the parent comes from the list, never
from the code's spelling.  A name the legal text could not confirm has
`confirmed=False` ("Chưa xác nhận" on the sheet).

The phase follows the plan year: `of_plan` takes the phase that covers the
year, never the newest one for want of another.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from kehoach_xl.core import contract
from kehoach_xl.core.model import Plan

SHIPPED = "danh mục kèm kehoach-xl"
"""The `source` of the phases the package ships."""
UNCONFIRMED = "Chưa xác nhận"
"""The note that marks an item whose name is not confirmed from the legal text."""
ANY_CODE = r"[^\W_]+(\.[^\W_]+)*"
"""The shape of a code when a phase gives none: letters and digits, parts joined by dots ("HP1.ND3.2")."""
_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True)
class Item:
    """A project, sub-project or component; `label` is what its heading shows ("Dự án 2", "Tiểu dự án 1")."""

    code: str
    kind: str
    name: str
    parent: str = ""
    label: str = ""
    confirmed: bool = True


@dataclass(frozen=True)
class Standard:
    """A poverty standard and the plan years that count households by it.

    `name` is the period a plan names ("theo chuẩn nghèo giai đoạn 2022 - 2025"); `rural`
    and `urban` are the income lines in đồng per person per month.
    """

    first_year: int
    last_year: int
    name: str
    decree: str
    rural: int
    urban: int

    def covers(self, year: int | None) -> bool:
        return year is not None and self.first_year <= year <= self.last_year


@dataclass(frozen=True)
class Decision:
    """A legal text of the phase, as a row of "Căn cứ" cites it; `confirmed=False` when the
    summary's exact wording could not be read in the text itself."""

    kind: str
    number: str
    date: date
    issuer: str
    summary: str
    confirmed: bool = True


@dataclass(frozen=True)
class Catalog:
    phase: str
    first_year: int
    last_year: int
    program: str
    decisions: tuple[Decision, ...] = ()
    items: tuple[Item, ...] = ()
    sources: tuple[str, ...] = ()
    usual_rate_drop: tuple[float, float] | None = None
    standards: tuple[Standard, ...] = ()
    code_pattern: str = ANY_CODE
    code_map: Mapping[str, str] = field(default_factory=dict)
    """Codes of the phase before -> codes of this one, where the legal text says so."""
    source: str = ""
    """Where the list comes from, as a message names it ("danh mục kèm kehoach-xl", "trang Danh mục của sổ")."""
    origin: Mapping[str, str] = field(default_factory=dict)
    """An upper level's list: who issued it, in which document, on which date, from which file (the keys of
    contract.ORIGIN_FIELDS, the blank ones left out); empty for the shipped list and a workbook's own."""

    @cached_property
    def names(self) -> dict[str, str]:
        return {item.code: item.name for item in self.items}

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    @cached_property
    def _children(self) -> dict[str, tuple[Item, ...]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.parent, []).append(item)
        return {parent: tuple(items) for parent, items in found.items()}

    def item(self, code: str) -> Item | None:
        return self._by_code.get(code)

    @property
    def top(self) -> tuple[Item, ...]:
        """The top-level items, in order: the fixed rows and the chart of "Tổng hợp"."""
        return self._children.get("", ())

    def children(self, code: str) -> tuple[Item, ...]:
        return self._children.get(code, ()) if code else ()

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes above `code`, the top-level one first; () for a top-level code or one not listed."""
        chain: list[str] = []
        item = self.item(code)
        while item is not None and item.parent and len(chain) < len(self.items):
            chain.append(item.parent)
            item = self.item(item.parent)
        return tuple(reversed(chain))

    def top_of(self, code: str) -> str:
        """The top-level item a code belongs to (itself at the top, or when not listed)."""
        above = self.ancestors(code)
        return above[0] if above else code

    @cached_property
    def depth(self) -> int:
        """How many levels the list has: 2 for "Dự án" and "Tiểu dự án"."""
        return max((len(self.ancestors(item.code)) + 1 for item in self.items), default=0)

    def covers(self, year: int | None) -> bool:
        return year is not None and self.first_year <= year <= self.last_year

    def standard(self, year: int | None) -> Standard | None:
        """The poverty standard a plan of `year` counts households by."""
        return next((s for s in self.standards if s.covers(year)), None)

    def title(self, code: str) -> str:
        """ "Dự án 2"; a sub-item with those above it: "Tiểu dự án 1, Dự án 3"; a code not in the catalog as
        it is."""
        if self.item(code) is None:
            return code
        return ", ".join(self.label(c) for c in (code, *reversed(self.ancestors(code))))

    def label(self, code: str) -> str:
        """What a heading shows: "Tiểu dự án 1" under its project; a code not in the catalog as it is."""
        item = self.item(code)
        return item.label if item else code

    @property
    def top_kind(self) -> str:
        """ "Dự án", or the word of the phase's top-level items ("Hợp phần")."""
        return self.top[0].kind if self.top else contract.CATALOG_PROJECT

    @property
    def words(self) -> str:
        """The kinds of items in lower case, as sentences name them: "dự án, tiểu dự án"."""
        kinds = dict.fromkeys(item.kind.lower() for item in self.items)
        return ", ".join(kinds) or f"{contract.CATALOG_PROJECT.lower()}, {contract.CATALOG_SUBPROJECT.lower()}"

    def fits(self, code: str) -> bool:
        """Whether `code` has the shape of this phase's codes (it may still not be in the list)."""
        return re.fullmatch(self.code_pattern, code) is not None

    @property
    def examples(self) -> str:
        """Codes to show in a message: "DA1" hoặc "DA1.1"."""
        top = next((item for item in self.top if self.children(item.code)), self.top[0] if self.top else None)
        if top is None:
            return ""
        sub = self.children(top.code)
        return f'"{top.code}"' + (f' hoặc "{sub[0].code}"' if sub else "")

    def rows(self) -> list[tuple[str, str, str, str, str, str, str]]:
        """The rows of a "Danh mục" sheet (contract.CATALOG): items, then the funding sources."""
        rows = [(self.phase, item.code, item.kind, item.name, item.parent, item.label,
                 "" if item.confirmed else UNCONFIRMED) for item in self.items]
        return rows + [(self.phase, "", contract.CATALOG_SOURCE, source, "", "", "") for source in self.sources]


def fingerprint(catalog: Catalog) -> str:
    """What tells a list as it was made from any edit of it: a digest of its rows (phase, items with every
    column, funding sources), 16 hex digits. A workbook made from an upper level's list records it; the list
    read back gives the same digest only if no row was changed, added or removed."""
    return hashlib.sha256(repr(catalog.rows()).encode("utf-8")).hexdigest()[:16]


UPPER = "danh mục cấp trên"


def upper_source(origin: Mapping[str, str]) -> str:
    """How messages and the consolidation name an upper level's list: "danh mục cấp trên: UBND tỉnh Thanh Hóa,
    Quyết định số 15/QĐ-UBND, ngày 10/01/2027", else by its file, "danh mục cấp trên (DanhMuc.xlsx)"."""
    said = [origin.get("issuer", ""), origin.get("document", ""),
            f"ngày {origin['date']}" if origin.get("date") else ""]
    if any(said):
        return f"{UPPER}: {', '.join(part for part in said if part)}"
    return f"{UPPER} ({origin['file']})" if origin.get("file") else UPPER


def default_label(kind: str, code: str) -> str:
    """ "Dự án", "DA2" -> "Dự án 2"; "Tiểu dự án", "DA3.1" -> "Tiểu dự án 1"."""
    last = code.rpartition(".")[2]
    number = _NUMBER.search(last)
    return f"{kind} {number.group(1) if number else last}"


def structure_problems(items: tuple[Item, ...]) -> list[tuple[int, str, str]]:
    """What makes a list of items unusable, as (index of the item, field, reason in Vietnamese).

    Codes unique within the phase; a parent listed in the same phase; no item
    above itself.  Any depth; the codes' spelling says nothing of the parent.
    """
    problems = []
    parents = {item.code: item.parent for item in items}
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.code in seen:
            problems.append((index, "code", f'Mã "{item.code}" đã có ở dòng trên. Mỗi mã chỉ ghi một lần.'))
        seen.add(item.code)
        if not item.parent:
            continue
        if item.parent not in parents:
            problems.append((index, "parent", f'Mục cha "{item.parent}" không có trong danh mục của giai đoạn '
                                              f"này. Hãy thêm dòng mục cha, hoặc sửa cột Thuộc."))
            continue
        above, code = [], item.code
        while parents.get(code) and code not in above:
            above.append(code)
            code = parents[code]
        if code in above:
            problems.append((index, "parent", f'"{item.code}" nằm dưới chính nó (cột Thuộc đi vòng qua '
                                              f'{" → ".join(above)}). Hãy sửa cột Thuộc.'))
    return problems


def from_data(data: Mapping) -> Catalog:
    """A catalog from its data (the shape of data/catalog-<phase>.json); raises ValueError if it is inconsistent."""
    items = tuple(Item(code=i["code"], kind=i["kind"], name=i["name"], parent=i.get("parent", ""),
                       label=i.get("label") or default_label(i["kind"], i["code"]),
                       confirmed=i.get("confirmed", True)) for i in data["items"])
    if problems := structure_problems(items):
        raise ValueError("; ".join(f"{items[index].code}: {reason}" for index, _, reason in problems))
    first, last = data["years"]
    return Catalog(
        phase=data["phase"], first_year=first, last_year=last, program=data["program"],
        decisions=tuple(Decision(d["kind"], d["number"], date.fromisoformat(d["date"]), d["issuer"], d["summary"],
                                 d.get("confirmed", True)) for d in data["decisions"]),
        items=items, sources=tuple(data["sources"]),
        usual_rate_drop=tuple(data["usual_yearly_rate_drop"]),
        standards=tuple(Standard(s["years"][0], s["years"][1], s["name"], s["decree"], s["rural"], s["urban"])
                        for s in data["poverty_standards"]),
        code_pattern=data["code_pattern"], code_map=dict(data.get("code_map", {})), source=SHIPPED,
    )


def for_year(catalogs: Mapping[str, Catalog], year: int | None) -> Catalog | None:
    """The phase that covers a plan year, or None."""
    return next((c for c in catalogs.values() if c.covers(year)), None)


def choose(catalogs: Mapping[str, Catalog], year: int | None, phase: str) -> Catalog:
    """The phase covering `year`; else the phase named; else an empty catalog of that name."""
    return for_year(catalogs, year) or catalogs.get(phase) or Catalog(phase=phase, first_year=0, last_year=-1,
                                                                      program="")


def of_plan(catalogs: Mapping[str, Catalog], plan: Plan) -> Catalog:
    """The catalog a plan is checked against (`choose`); checks.py reports a phase that is not the year's."""
    return choose(catalogs, plan.info.year, plan.info.phase)
