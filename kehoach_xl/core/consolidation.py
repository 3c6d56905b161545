"""Consolidating the communes' plans: from per-file results to the tables of each sheet.

Pure: the application layer (app/upper.py) reads and checks the files and
io/consolidated_book.py writes the workbook; here the results become rows.  Two files of the same unit and
year are duplicates: the newest is used, the others are listed and left out
of the money and the targets.  The level's sums are per plan year, since
plans of different years do not add up.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kehoach_xl.core.catalog import SHIPPED, Catalog
from kehoach_xl.core.totals import Totals
from kehoach_xl.core.findings import ERROR, WARNING, Finding, has_errors
from kehoach_xl.core.model import Plan, Targets
from kehoach_xl.core.reader import label_key
from kehoach_xl.core.results import Outcome
from kehoach_xl.core.targets import TargetReport, rates

VALID = "Hợp lệ"
INVALID = "Có lỗi"
UNREADABLE = "Không đọc được"
NOT_A_WORKBOOK = "Không phải sổ làm việc"
SKIPPED = "Bỏ qua"
"""Excel's lock files and our own temporary files: listed, but nothing a commune sent."""
STATUSES = (VALID, INVALID, UNREADABLE, NOT_A_WORKBOOK, SKIPPED)
UNKNOWN_CODE_NAME = "(mã không có trong Danh mục)"

# Column kinds: how the writer shows a value.
TEXT, DATETIME, YEAR, COUNT, MONEY = "text", "datetime", "year", "count", "money"
RATE, POINTS = "rate", "points"
"""A rate is a fraction shown as a percentage; points are percentage points."""


@dataclass(frozen=True)
class FileResult:
    """One entry of the inbox as read and checked: `plan` is None and `reason` says why when it is not
    read; `status` then says what it is (UNREADABLE unless told).

    Of the plan, only its info and targets are used; `catalog` is the list it was
    checked against (its own "Danh mục", the shipped phase or the upper level's).
    """

    name: str
    modified: datetime
    plan: Plan | None = None
    reason: str = ""
    findings: tuple[Finding, ...] = ()
    totals: Totals | None = None
    targets: TargetReport | None = None
    catalog: Catalog | None = None
    status: str = ""
    outcome: Outcome | None = None
    """The period's results (results.outcome) where "Báo cáo" has a period chosen."""

    @property
    def phase(self) -> str:
        """The phase it was checked against, "" when no catalog has its year or phase."""
        return self.catalog.phase if self.catalog else ""

    @property
    def list_used(self) -> str:
        """Which list the plan was checked against, as "Danh sách" says it."""
        if self.catalog is None or not self.catalog.items:
            return ""
        return f"{self.catalog.phase}: {self.catalog.source or SHIPPED}"


@dataclass(frozen=True)
class ConsolidatedColumn:
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class ConsolidatedTable:
    """Rows under one header row; `sums` are the level's rows written under the table."""

    columns: tuple[ConsolidatedColumn, ...]
    rows: list[tuple]
    sums: list[tuple]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


@dataclass(frozen=True)
class CodeColumn:
    """A money column, one for each item of every level: `header` is the code, or "DA2 (2021-2025)" when two
    phases have money on the same code; `level` 0 at the top; `parent` the code above it."""

    header: str
    phase: str
    code: str
    name: str
    level: int = 0
    parent: str = ""


@dataclass(frozen=True)
class Consolidation:
    files: ConsolidatedTable
    money: ConsolidatedTable
    targets: ConsolidatedTable
    results: ConsolidatedTable
    findings: ConsolidatedTable
    codes: tuple[CodeColumn, ...]
    """The money columns, each phase's codes of every level in its catalog's order, then codes its catalog
    lacks."""


def status(result: FileResult) -> str:
    if result.plan is None:
        return result.status or UNREADABLE
    return INVALID if has_errors(result.findings) else VALID


def duplicates(results: Sequence[FileResult]) -> dict[int, int]:
    """Index of each superseded file -> index of the newer file used in its place.

    Files are the same plan when their unit (case and spacing ignored) and
    year are the same; the newest modified time wins, then the later name.
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for index, result in enumerate(results):
        info = result.plan.info if result.plan else None
        if info and info.unit and info.year:
            groups.setdefault((label_key(info.unit), info.year), []).append(index)
    replaced = {}
    for members in groups.values():
        newest = max(members, key=lambda i: (results[i].modified, results[i].name))
        replaced |= {i: newest for i in members if i != newest}
    return replaced


def _duplicate_notes(results: Sequence[FileResult], replaced: dict[int, int]) -> dict[int, str]:
    notes = {i: f"Không dùng: đã có tệp mới hơn {results[newest].name}." for i, newest in replaced.items()}
    for newest in set(replaced.values()):
        older = ", ".join(results[i].name for i, n in replaced.items() if n == newest)
        notes[newest] = f"Dùng tệp này (mới nhất); bản cũ cùng đơn vị, cùng năm: {older}."
    return notes


def _count(findings: Sequence[Finding], severity: str) -> int:
    return sum(f.severity == severity for f in findings)


def _files(results: Sequence[FileResult], replaced: dict[int, int]) -> ConsolidatedTable:
    notes = _duplicate_notes(results, replaced)
    columns = (ConsolidatedColumn("Tệp"), ConsolidatedColumn("Sửa lần cuối", DATETIME), ConsolidatedColumn("Đơn vị"), ConsolidatedColumn("Năm", YEAR),
               ConsolidatedColumn("Trạng thái"), ConsolidatedColumn("Số lỗi", COUNT), ConsolidatedColumn("Số cảnh báo", COUNT),
               ConsolidatedColumn("Tổng kinh phí (đồng)", MONEY), ConsolidatedColumn("Lý do không đọc được"), ConsolidatedColumn("Trùng lặp"),
               ConsolidatedColumn("Danh mục"))
    rows = []
    for index, r in enumerate(results):
        info = r.plan.info if r.plan else None
        counts = (_count(r.findings, ERROR), _count(r.findings, WARNING)) if info else (None, None)
        rows.append((r.name, r.modified, info.unit if info else "", info.year if info else None, status(r),
                     *counts, r.totals.grand_total if r.totals else None, r.reason, notes.get(index, ""),
                     r.list_used))
    return ConsolidatedTable(columns, rows, [])


_MONEY_LEFT = (ConsolidatedColumn("Đơn vị"), ConsolidatedColumn("Năm", YEAR), ConsolidatedColumn("Tệp"), ConsolidatedColumn("Trạng thái"))
_MONEY_RIGHT = (ConsolidatedColumn("Tổng cộng (đồng)", MONEY), ConsolidatedColumn("Dòng chưa ghi số tiền"))
_MONEY_HEADERS = {column.header.casefold() for column in _MONEY_LEFT + _MONEY_RIGHT}
"""A code typed as one of these ("năm") gets "NĂM (mã)": a table's headers must differ, case aside."""


def _code_columns(used: Sequence[FileResult], catalogs: Mapping[str, Catalog]) -> tuple[CodeColumn, ...]:
    """Every code with money in or under it in a used plan, at every level, phase by phase (each in its
    catalog's order, then the codes its catalog lacks as met); a code is named and placed by its phase's
    catalog, else by the list of the first plan that has it."""
    phases = list(catalogs) + sorted({r.phase for r in used} - set(catalogs))
    found: list[tuple[str, str, Catalog | None]] = []
    for phase in phases:
        catalog = catalogs.get(phase)
        group = [r for r in used if r.phase == phase]
        codes = list(dict.fromkeys(code for r in group for code in r.totals.by_item))
        listed = [item.code for item in catalog.items if item.code in codes] if catalog else []
        for code in listed + [code for code in codes if code not in listed]:
            own = next((r.catalog for r in group if r.catalog and r.catalog.item(code)), None)
            found.append((phase, code, catalog if code in listed else own))
    shared = {code for _, code, _ in found if sum(c == code for _, c, _ in found) > 1}
    return tuple(CodeColumn(f"{code} ({phase or 'chưa rõ giai đoạn'})" if code in shared else
                            f"{code} (mã)" if code.casefold() in _MONEY_HEADERS else code, phase, code,
                            catalog.names[code] if catalog else UNKNOWN_CODE_NAME,
                            len(catalog.ancestors(code)) if catalog else 0, catalog.item(code).parent if catalog else "")
                 for phase, code, catalog in found)


def _year_label(year: int | None) -> str:
    return f"Toàn cấp, năm {year}" if year else "Toàn cấp, chưa rõ năm"


def _by_year(used: Sequence[FileResult]) -> dict[int | None, list[FileResult]]:
    groups: dict[int | None, list[FileResult]] = {}
    for r in used:
        groups.setdefault(r.plan.info.year, []).append(r)
    return dict(sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def _amount(result: FileResult, column: CodeColumn) -> int | None:
    return result.totals.by_item.get(column.code) if result.phase == column.phase else None


SOURCE_PREFIX = "Nguồn: "
"""The header of a source's money column: "Nguồn: Ngân sách trung ương"."""


def _money(used: Sequence[FileResult], codes: tuple[CodeColumn, ...]) -> ConsolidatedTable:
    """A column per code of every level, then a column per source (the sources of a commune add up to its
    total), the total and the lines with no amount."""
    sources = list(dict.fromkeys(source for r in used for source in r.totals.by_source))
    columns = (*_MONEY_LEFT, *(ConsolidatedColumn(code.header, MONEY) for code in codes),
               *(ConsolidatedColumn(SOURCE_PREFIX + source, MONEY) for source in sources), *_MONEY_RIGHT)
    rows, sums = [], []
    for year, group in _by_year(used).items():
        for r in group:
            rows.append((r.plan.info.unit, year, r.name, status(r),
                         *(_amount(r, code) for code in codes), *(r.totals.by_source.get(s) for s in sources),
                         r.totals.grand_total, ", ".join(r.totals.without_amount)))
        sums.append((_year_label(year), year, f"{len(group)} tệp", "",
                     *(sum(_amount(r, code) or 0 for r in group) for code in codes),
                     *(sum(r.totals.by_source.get(s, 0) for r in group) for s in sources),
                     sum(r.totals.grand_total for r in group), ""))
    return ConsolidatedTable(columns, rows, sums)


_TARGET_NUMBERS = ("households", "poor", "poor_cut", "assigned_poor_cut",
                   "near_poor", "near_poor_cut", "assigned_near_poor_cut")


def _shown_rates(report: TargetReport) -> tuple[float | None, ...]:
    """Rates as fractions for a percent format; the drop stays in percentage points."""
    def fraction(percent: float | None) -> float | None:
        return percent / 100 if percent is not None else None

    return (fraction(report.poor_rate_start), fraction(report.poor_rate_end), report.poor_drop,
            fraction(report.near_poor_rate_start), fraction(report.near_poor_rate_end))


def _targets(used: Sequence[FileResult]) -> ConsolidatedTable:
    columns = (ConsolidatedColumn("Đơn vị"), ConsolidatedColumn("Năm", YEAR), ConsolidatedColumn("Tệp"),
               ConsolidatedColumn("Tổng số hộ", COUNT), ConsolidatedColumn("Hộ nghèo đầu năm", COUNT),
               ConsolidatedColumn("Chỉ tiêu giảm hộ nghèo", COUNT), ConsolidatedColumn("Cấp trên giao giảm hộ nghèo", COUNT),
               ConsolidatedColumn("Hộ cận nghèo đầu năm", COUNT), ConsolidatedColumn("Chỉ tiêu giảm hộ cận nghèo", COUNT),
               ConsolidatedColumn("Cấp trên giao giảm hộ cận nghèo", COUNT),
               ConsolidatedColumn("Tỷ lệ hộ nghèo đầu năm", RATE), ConsolidatedColumn("Tỷ lệ hộ nghèo cuối năm", RATE),
               ConsolidatedColumn("Tỷ lệ hộ nghèo giảm (điểm %)", POINTS),
               ConsolidatedColumn("Tỷ lệ hộ cận nghèo đầu năm", RATE), ConsolidatedColumn("Tỷ lệ hộ cận nghèo cuối năm", RATE),
               ConsolidatedColumn("Lưu ý"))
    rows, sums = [], []
    for year, group in _by_year(used).items():
        for r in group:
            t, report = r.plan.targets, r.targets
            flags = "; ".join(dict.fromkeys(f.kind.about for f in report.findings))
            rows.append((r.plan.info.unit, year, r.name, *(getattr(t, key) for key in _TARGET_NUMBERS),
                         *_shown_rates(report), flags))
        sums_of = {key: sum(getattr(r.plan.targets, key) or 0 for r in group) for key in _TARGET_NUMBERS}
        sums.append((_year_label(year), year, f"{len(group)} tệp", *sums_of.values(),
                     *_shown_rates(rates(Targets(**sums_of))), ""))
    return ConsolidatedTable(columns, rows, sums)


NOT_REPORTED = "Chưa báo cáo"
"""The period of a commune whose workbook has no results report (no period chosen on "Báo cáo")."""
_FLOWS = ("poor", "escaped", "fell_back", "new_poor", "moved_in", "moved_out", "poor_end", "near_poor_end")


def _flows(r: FileResult) -> tuple[int | None, ...]:
    report = r.plan.report
    return (r.plan.targets.poor, *(getattr(report, key) for key in _FLOWS[1:]))


def _rate(allocated: int | None, disbursed: int | None) -> float | None:
    """Disbursed as a fraction of allocated, for a percent format."""
    return disbursed / allocated if allocated and disbursed is not None else None


def _results(used: Sequence[FileResult]) -> ConsolidatedTable:
    """Per commune, a row "Cả xã" with the totals and the households' flows, then a row per item of its
    plan with the money planned, allocated and disbursed, the rate over the same lines (results.outcome); a
    commune without a report, one row that says so."""
    columns = (ConsolidatedColumn("Đơn vị"), ConsolidatedColumn("Năm", YEAR), ConsolidatedColumn("Tệp"), ConsolidatedColumn("Kỳ báo cáo"),
               ConsolidatedColumn("Ngày số liệu", DATETIME), ConsolidatedColumn("Mã"), ConsolidatedColumn("Tên"),
               ConsolidatedColumn("Kinh phí kế hoạch (đồng)", MONEY), ConsolidatedColumn("Kinh phí được giao (đồng)", MONEY),
               ConsolidatedColumn("Kinh phí giải ngân (đồng)", MONEY), ConsolidatedColumn("Tỷ lệ giải ngân", RATE), ConsolidatedColumn("Hộ nghèo đầu năm", COUNT), ConsolidatedColumn("Thoát nghèo", COUNT),
               ConsolidatedColumn("Tái nghèo", COUNT), ConsolidatedColumn("Phát sinh mới", COUNT), ConsolidatedColumn("Chuyển đến", COUNT),
               ConsolidatedColumn("Chuyển đi", COUNT), ConsolidatedColumn("Hộ nghèo cuối kỳ", COUNT), ConsolidatedColumn("Hộ cận nghèo cuối kỳ", COUNT))
    rows, sums = [], []
    blank_flows = (None,) * len(_FLOWS)
    for year, group in _by_year(used).items():
        reported = [r for r in group if r.outcome is not None]
        for r in group:
            head = (r.plan.info.unit, year, r.name)
            if r.outcome is None:
                rows.append((*head, NOT_REPORTED, None, "", "", None, None, None, None, *blank_flows))
                continue
            report, result = r.plan.report, r.outcome
            when = (*head, report.period, report.as_of and datetime(*report.as_of.timetuple()[:3]))
            rows.append((*when, "", "Cả xã", result.planned, result.allocated, result.disbursed,
                         _rate(result.allocated, result.disbursed), *_flows(r)))
            names = r.catalog.names if r.catalog else {}
            rows += [(*when, line.node.code, names.get(line.node.code, UNKNOWN_CODE_NAME), line.planned,
                      line.allocated, line.disbursed, line.rate / 100 if line.rate is not None else None,
                      *blank_flows) for line in result.lines]
        planned = sum(r.outcome.planned for r in reported)
        allocated = sum(r.outcome.allocated for r in reported)
        disbursed = sum(r.outcome.disbursed for r in reported)
        flows = [sum(value or 0 for value in column) for column in zip(*(_flows(r) for r in reported))]\
            or list(blank_flows)
        sums.append((_year_label(year), year, f"{len(reported)}/{len(group)} xã đã báo cáo", "", None, "", "",
                     planned, allocated, disbursed, _rate(allocated, disbursed), *flows))
    return ConsolidatedTable(columns, rows, sums)


def _findings(results: Sequence[FileResult]) -> ConsolidatedTable:
    columns = (ConsolidatedColumn("Tệp"), ConsolidatedColumn("Đơn vị"), ConsolidatedColumn("Năm", YEAR), ConsolidatedColumn("Mức"), ConsolidatedColumn("Mã"),
               ConsolidatedColumn("Ô"), ConsolidatedColumn("Nội dung"))
    rows = []
    for r in results:
        if r.plan is None and status(r) != SKIPPED:
            rows.append((r.name, "", None, ERROR, "", "", f"{status(r)}: {r.reason}"))
        for f in r.findings:
            rows.append((r.name, r.plan.info.unit, r.plan.info.year, f.severity, f.code, f.place, f.message))
    return ConsolidatedTable(columns, rows, [])


def consolidate(results: Sequence[FileResult], catalogs: Mapping[str, Catalog]) -> Consolidation:
    """The tables of the consolidated workbook; `catalogs` name each phase's codes.

    Rows follow the order of `results`; on "Kinh phí" and "Chỉ tiêu" they are
    grouped by plan year, each year followed by its sums.
    """
    replaced = duplicates(results)
    used = [r for i, r in enumerate(results) if r.plan is not None and i not in replaced]
    codes = _code_columns(used, catalogs)
    return Consolidation(_files(results, replaced), _money(used, codes), _targets(used), _results(used),
                         _findings(results), codes)
