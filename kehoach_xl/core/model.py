"""The plan as typed data, each value with the cell it came from.

`cells` maps a field name to its Place (str() gives "Dự án!D7"), so every
check can point the official at the cell to change.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from kehoach_xl.core.values import column_letter


class Place(NamedTuple):
    """A cell, 1-based as Excel counts; row and column None for a whole sheet."""

    sheet: str
    row: int | None = None
    column: int | None = None

    @property
    def cell(self) -> str:
        return f"{column_letter(self.column - 1)}{self.row}" if self.row and self.column else ""

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass(frozen=True)
class IssueDate:
    """The plan's date; the day is often left blank for the signer."""

    year: int
    month: int
    day: int | None = None


@dataclass(frozen=True)
class Info:
    province: str = ""
    upper_level: str = ""
    unit: str = ""
    year: int | None = None
    phase: str = ""
    number: str = ""
    place: str = ""
    date: IssueDate | None = None
    summary: str = ""
    authority: str = ""
    signer_title: str = ""
    signer: str = ""
    budget_summary: bool = True
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Basis:
    """A document the plan implements (one row of "Căn cứ")."""

    kind: str
    number: str
    date: date | None
    issuer: str
    summary: str
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    part: str
    text: str
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Targets:
    households: int | None = None
    poor: int | None = None
    near_poor: int | None = None
    poor_cut: int | None = None
    near_poor_cut: int | None = None
    assigned_poor_cut: int | None = None
    assigned_near_poor_cut: int | None = None
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """A row of "Dự án": an item of the catalog at any level ("DA2", "DA3.1", "HP1.3.2").

    `amount` is a whole number of đồng, or None when the source says where
    the money comes from.  Which item is above it is the catalog's to say
    (catalog.ancestors), never the code's spelling.
    """

    code: str
    time: str
    amount: int | None
    source: str
    assignment: str
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Activity:
    code: str
    text: str
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipient:
    name: str
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """A row of "Kết quả": what was done on a plan line, the money allocated to it for the year and the money
    disbursed (None: not given; money allocated not given is the planned amount)."""

    code: str
    text: str
    disbursed: int | None
    allocated: int | None = None
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class PeriodReport:
    """ "Báo cáo": the period reported (contract.PERIODS), the date of its figures, the households at its end
    and how they moved since the start of the year, and the texts of the report's sections."""

    period: str
    as_of: date | None = None
    number: str = ""
    date: IssueDate | None = None
    poor_end: int | None = None
    near_poor_end: int | None = None
    escaped: int | None = None
    fell_back: int | None = None
    new_poor: int | None = None
    moved_in: int | None = None
    moved_out: int | None = None
    households_end: int | None = None
    escaped_to_near_poor: int | None = None
    escaped_above: int | None = None
    near_poor_escaped: int | None = None
    near_poor_new: int | None = None
    near_poor_to_poor: int | None = None
    near_poor_moved_in: int | None = None
    near_poor_moved_out: int | None = None
    estimate_poor_cut: int | None = None
    estimate_near_poor_cut: int | None = None
    estimate_disbursed: int | None = None
    steering: str = ""
    strengths: str = ""
    weaknesses: str = ""
    causes: str = ""
    directions: str = ""
    proposals: str = ""
    cells: dict[str, Place] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    info: Info = Info()
    bases: tuple[Basis, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    targets: Targets = Targets()
    projects: tuple[Project, ...] = ()
    activities: tuple[Activity, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    results: tuple[Result, ...] = ()
    report: PeriodReport | None = None
    """None until a period is chosen on "Báo cáo" (a plan only, or a workbook made before 2027)."""

    def texts(self, part: str) -> list[str]:
        return [p.text for p in self.paragraphs if p.part == part]

    def activities_of(self, code: str) -> list[str]:
        return [a.text for a in self.activities if a.code == code]
