"""The "Tổng hợp" sheet as one block of values, for any shell to write in one call.

`summary_block(plan).rows` is rectangular (WIDTH columns) and starts at A1:
xlwings writes it with `sheet["A1"].value = rows`, openpyxl cell by cell.
Which cells take the money format and which rows are bold is data too
(`money`, `bold`: A1 ranges), so each shell formats them its own way.  The
writer keeps text as text (`kehoach_xl.core.ranges`), so a source typed as
"=1+1" on "Dự án" stays text here too.

Layout (columns A label, B text, C amount in đồng, D note):

    1   title: "Tổng hợp kinh phí và chỉ tiêu năm 2023, xã Cẩm Lương"
    2   what wrote the sheet
    4   "1. Kinh phí theo dự án" (the catalog's word for its top-level items)
    5   header: Dự án · Tên dự án · Kinh phí (đồng) · Ghi chú
    6-  the catalog's top-level items (2021-2025: Dự án 1 … Dự án 7, rows 6-12),
          always, in catalog order; C blank when the item has no amount (the
          chart the builder makes points at these rows: `project_rows`)
    then Tổng cộng, C the grand total (2021-2025: row 13)
    then, each after one blank row and a bold title with its header:
    "2. Kinh phí từng dự án, tiểu dự án": every level in catalog order, indented, each level above the
          lines that carry money with their subtotal (bold)
    "3. Kinh phí theo nguồn": each source with its sum
    "4. Tổng kinh phí": the total in figures and words; the lines by allocation
    "5. Kiểm tra chỉ tiêu": households, targets, rates, the drop, the findings
Rows down to Tổng cộng never move for a phase; the rest grows with the plan.
"""

from dataclasses import dataclass
from typing import NamedTuple

from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.totals import NO_SOURCE, Totals, leaves, totals, waiting
from kehoach_xl.core.model import Plan, Project
from kehoach_xl.core.money import format_amount, format_money
from kehoach_xl.core.outline import outline
from kehoach_xl.core.ranges import runs
from kehoach_xl.core.targets import TargetReport, check_targets, target_rows, usual_band
from kehoach_xl.core.values import column_letter

WIDTH = 4
LAST_COLUMN = column_letter(WIDTH - 1)
AMOUNT_COLUMN = "C"
MONEY_FORMAT = "#,##0"

INDENT = "    "
"""A level's indent in column A of section 2."""
SUBTOTAL = "Cộng các dòng cấp dưới"
"""The note of a level above lines that carry money: its amount is their subtotal."""

PROJECT_HEADER_ROW = 5
FIRST_PROJECT_ROW = 6


class SummaryLine(NamedTuple):
    values: tuple[object, ...]
    bold: bool = False
    money: bool = False


@dataclass(frozen=True)
class SummaryBlock:
    """`rows` to write from A1; `money`, `bold`: A1 ranges to format."""

    rows: list[list[object]]
    money: tuple[str, ...]
    bold: tuple[str, ...]


def _title(plan: Plan) -> str:
    where = ", ".join(part for part in (f"năm {plan.info.year}" if plan.info.year else "", plan.info.unit)
                      if part)
    return "Tổng hợp kinh phí và chỉ tiêu" + (f" {where}" if where else "")


def project_rows(catalog: Catalog) -> range:
    """The rows of the catalog's top-level items, the ones the chart shows."""
    return range(FIRST_PROJECT_ROW, FIRST_PROJECT_ROW + len(catalog.top))


def _projects(plan: Plan, money: Totals, catalog: Catalog) -> list[SummaryLine]:
    in_plan = {catalog.top_of(p.code) for p in plan.projects}
    kind = catalog.top_kind
    lines = [SummaryLine((f"1. Kinh phí theo {kind.lower()}",), bold=True),
             SummaryLine((kind, f"Tên {kind.lower()}", "Kinh phí (đồng)", "Ghi chú"), bold=True)]
    for code in [item.code for item in catalog.top]:
        allocated_later = waiting(money, catalog, code)
        if code not in in_plan:
            note = "Không có trong kế hoạch"
        elif allocated_later:
            note = f"Chưa có số tiền (theo phân bổ): {', '.join(allocated_later)}"
        else:
            note = None
        lines.append(SummaryLine((catalog.title(code), catalog.names[code], money.by_project.get(code), note),
                          money=True))
    count = len(money.without_amount)
    lines.append(SummaryLine(("Tổng cộng", None, money.grand_total,
                              f"Chưa tính {count} dòng theo phân bổ của cấp trên" if count else None),
                             bold=True, money=True))
    return lines


def line_sources(money: Totals, code: str, line: Project | None) -> str:
    """Where the money of a level comes from: a line's one source, or each source with its amount
    ("Ngân sách trung ương: 900.000.000; Vốn huy động hợp pháp khác: 34.930.000"); a level above the lines
    says it adds them up, and how much each source gives where there are several."""
    sources = money.by_item_source.get(code, {})
    several = "; ".join(f"{source}: {format_amount(amount)}" for source, amount in sources.items())
    if line is None:
        return f"{SUBTOTAL} ({several})" if len(sources) > 1 else SUBTOTAL
    if len(sources) < 2:
        return next(iter(sources), line.source or NO_SOURCE)
    return several


class Level(NamedTuple):
    """A level of the plan's money: a line that carries money, or a level above with its lines' subtotal."""

    depth: int
    code: str
    amount: int | None
    """None for a line "theo phân bổ" (no amount yet)."""
    sources: str
    is_line: bool


def levels(plan: Plan, money: Totals, catalog: Catalog) -> list[Level]:
    """Every level of the plan in catalog order, with its money and where it comes from (line_sources)."""
    funded = {line.code: line for line in leaves(plan, catalog)}
    return [Level(node.level, node.code, money.by_item.get(node.code),
                  line_sources(money, node.code, funded.get(node.code)), node.code in funded)
            for node in outline(plan, catalog)]


def _levels(plan: Plan, money: Totals, catalog: Catalog) -> list[SummaryLine]:
    """Each level indented under its parent: a line with its amount and source, a level above with the
    subtotal of its lines (bold)."""
    lines = [SummaryLine((f"2. Kinh phí từng {catalog.words}",), bold=True),
             SummaryLine((catalog.words.capitalize(), "Tên", "Kinh phí (đồng)", "Nguồn kinh phí"), bold=True)]
    lines += [SummaryLine((INDENT * level.depth + catalog.label(level.code),
                           catalog.names.get(level.code, "(mã không có trong Danh mục)"), level.amount, level.sources),
                          bold=not level.is_line, money=True)
              for level in levels(plan, money, catalog)]
    return lines


def _sources(money: Totals) -> list[SummaryLine]:
    lines = [SummaryLine(("3. Kinh phí theo nguồn",), bold=True),
             SummaryLine(("STT", "Nguồn kinh phí", "Kinh phí (đồng)"), bold=True)]
    lines += [SummaryLine((number, source, amount), money=True)
              for number, (source, amount) in enumerate(money.by_source.items(), start=1)]
    if not money.by_source:
        lines.append(SummaryLine((None, "Chưa có dòng nào ghi số tiền.")))
    return lines


def _grand_total(money: Totals) -> list[SummaryLine]:
    waiting = money.without_amount
    allocation = (f"{len(waiting)} dòng chưa có số tiền, không cộng vào tổng: {', '.join(waiting)}"
                  if waiting else "Mọi dòng đều có số tiền.")
    return [SummaryLine(("4. Tổng kinh phí",), bold=True),
            SummaryLine(("Tổng kinh phí", format_money(money.grand_total), money.grand_total), bold=True, money=True),
            SummaryLine(("Theo phân bổ của cấp trên", allocation))]


def _targets(plan: Plan, report: TargetReport, catalog: Catalog) -> list[SummaryLine]:
    lines = [SummaryLine(("5. Kiểm tra chỉ tiêu",), bold=True),
             SummaryLine(("Tổng số hộ", plan.targets.households)),
             SummaryLine(("Chỉ tiêu", "Hộ nghèo", "Hộ cận nghèo", "Ghi chú"), bold=True)]
    lines += [SummaryLine(row) for row in target_rows(plan.targets, report)]
    usual = catalog.usual_rate_drop
    lines += [SummaryLine(("Mức giảm tỷ lệ hộ nghèo", report.drop_text, None,
                    f"Mức thường của Chương trình: {usual_band(usual)}" if usual else None)),
              SummaryLine(("Kết quả kiểm tra chỉ tiêu", "Nội dung", None, "Ô"), bold=True)]
    lines += [SummaryLine((f.severity, f.message, None, f.place)) for f in report.findings]
    if not report.findings:
        lines.append(SummaryLine(("Đạt", "Chỉ tiêu không có lỗi hay cảnh báo nào.")))
    return lines


def summary_block(plan: Plan, catalog: Catalog) -> SummaryBlock:
    """The sheet for a plan and its catalog (catalog.of_plan)."""
    money = totals(plan, catalog)
    lines = [SummaryLine((_title(plan),), bold=True),
             SummaryLine(("Trang này do nút Tổng hợp ghi lại mỗi lần bấm, từ các trang Dự án và Chỉ tiêu; "
                   "đừng sửa tay.",)),
             SummaryLine(())]
    sections = [_projects(plan, money, catalog), _levels(plan, money, catalog), _sources(money),
                _grand_total(money), _targets(plan, check_targets(plan, catalog), catalog)]
    for number, section in enumerate(sections):
        lines += ([SummaryLine(())] if number else []) + section
    rows = [list(line.values) + [None] * (WIDTH - len(line.values)) for line in lines]
    money_rows = [r for r, line in enumerate(lines, start=1) if line.money]
    bold_rows = [r for r, line in enumerate(lines, start=1) if line.bold]
    return SummaryBlock(rows, runs(money_rows, AMOUNT_COLUMN, AMOUNT_COLUMN), runs(bold_rows, "A", LAST_COLUMN))
