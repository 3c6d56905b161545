"""What the shells show, made once: the tables, figures and sentences that the command line draws with rich
and the buttons write on sheets and in message boxes, in Vietnamese as officials write them.

The words the core already formats (a count "1.450", an amount with its
words, the tally of findings, the cells Excel must keep as text) are given
from here too, so that a shell needs no module of the core.
"""

from dataclasses import asdict
from typing import NamedTuple

from kehoach_xl.app.reading import Reading, targets, totals
from kehoach_xl.core.findings import Finding, error_count, tally
from kehoach_xl.core.money import format_amount, format_count, format_money
from kehoach_xl.core.ranges import TEXT_FORMAT, text_ranges
from kehoach_xl.core.summary import MONEY_FORMAT, SummaryBlock
from kehoach_xl.core.targets import TargetReport, format_household_rate

__all__ = ["MONEY_FORMAT", "TEXT_FORMAT", "Finding", "MoneyTables", "TargetTable", "error_count", "format_count",
           "format_money", "money_tables", "rates", "summary", "tally", "target_table", "targets_json", "text_ranges",
           "totals_json"]


class MoneyTables(NamedTuple):
    """The plan's money as `kehoach totals` prints it: by project, by line at every level, by source."""

    top_kind: str
    """What the catalog's top level is called ("Dự án")."""
    words: str
    """What its lines are called ("dự án, tiểu dự án")."""
    projects: list[tuple[str, str, str]]
    """A project's title, its money ("—" when none is known), its lines waiting for an allocation."""
    lines: list[tuple[str, str, str, str]]
    """A code indented by its level, its name, its money ("theo phân bổ"), its sources."""
    sources: list[tuple[str, str]]
    grand_total: str
    waiting: str
    """The sentence naming the lines "theo phân bổ", or "" when there is none."""


class TargetTable(NamedTuple):
    """The targets as `kehoach targets` prints them."""

    households: str
    rows: list[tuple[str, str, str]]
    """A figure's label, for the poor, for the near-poor."""
    drop: str
    """"Tỷ lệ hộ nghèo giảm: 1,17 điểm phần trăm (mức thường …)."""


def _amount(amount: int | None, blank: str) -> str:
    return blank if amount is None else format_amount(amount)


def _shown(value: object) -> str:
    """A figure as a table shows it: "—" when blank, a count with its thousands separated."""
    if value is None:
        return "—"
    return format_count(value) if isinstance(value, int) else str(value)


def money_tables(reading: Reading) -> MoneyTables:
    """The tables of `kehoach totals`: the projects of the plan in its order, every level, every source."""
    from kehoach_xl.core.summary import levels
    from kehoach_xl.core.totals import waiting

    plan, catalog = reading.plan, reading.catalog
    money = totals(reading)
    projects = [(catalog.title(code), _amount(money.by_project.get(code), "—"),
                 ", ".join(waiting(money, catalog, code)))
                for code in dict.fromkeys(catalog.top_of(p.code) for p in plan.projects if p.code)]
    lines = [("  " * level.depth + level.code, catalog.names.get(level.code, ""),
              _amount(level.amount, "theo phân bổ"), level.sources) for level in levels(plan, money, catalog)]
    allocated_later = (f"Theo phân bổ của cấp trên, không cộng vào tổng: {format_count(len(money.without_amount))} "
                       f"dòng ({', '.join(money.without_amount)})." if money.without_amount else "")
    return MoneyTables(catalog.top_kind, catalog.words, projects, lines,
                       [(source, format_amount(amount)) for source, amount in money.by_source.items()],
                       format_money(money.grand_total), allocated_later)


def target_table(reading: Reading) -> TargetTable:
    """The targets of `kehoach targets`: the households, the cuts, the drop against the program's usual."""
    from kehoach_xl.core.targets import target_rows, usual_band

    plan, catalog = reading.plan, reading.catalog
    report = targets(reading)
    usual = f" (mức thường của Chương trình: {usual_band(catalog.usual_rate_drop)})" if catalog.usual_rate_drop else ""
    return TargetTable(_shown(plan.targets.households),
                       [(label, _shown(poor), _shown(near_poor)) for label, poor, near_poor in
                        target_rows(plan.targets, report)],
                       f"Tỷ lệ hộ nghèo giảm: {report.drop_text or '—'}{usual}.")


def rates(report: TargetReport) -> str:
    """The poverty rate at the start and the end, and the drop, in one sentence (the button's)."""
    if report.drop_text is None:
        return "Chưa tính được tỷ lệ hộ nghèo (thiếu số hộ)."
    return (f"Tỷ lệ hộ nghèo {format_household_rate(report.poor_rate_start)} → "
            f"{format_household_rate(report.poor_rate_end)}, giảm {report.drop_text}.")


def totals_json(reading: Reading) -> dict[str, object]:
    """What `kehoach totals --json` adds to the findings."""
    return {"totals": asdict(totals(reading))}


def targets_json(reading: Reading) -> dict[str, object]:
    """What `kehoach targets --json` adds to the findings: the figures typed and the rates computed."""
    numbers = {key: value for key, value in asdict(reading.plan.targets).items() if key != "cells"}
    computed = {key: value for key, value in asdict(targets(reading)).items() if key != "findings"}
    return {"targets": {**numbers, **computed}}


def summary(reading: Reading) -> SummaryBlock:
    """The sheet "Tổng hợp": money at every level and by source, and the targets."""
    from kehoach_xl.core.summary import summary_block

    return summary_block(reading.plan, reading.catalog)
