"""Checks of a plan that was read: codes, structure, money, dates; targets from targets.py."""

import calendar
from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog, for_year, of_plan
from kehoach_xl.core.catalog_sheet import workbook_catalogs
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.model import Plan
from kehoach_xl.core.reader import WorkbookData, label_key, read_plan
from kehoach_xl.core.results import check_results
from kehoach_xl.core.targets import check_targets
from kehoach_xl.core.totals import parents, source_name
from kehoach_xl.core.text import NO_LEGACY, Legacy

TABLE_NOT_FOUND = ("missing-sheet", "sheet-misnamed", "missing-header", "missing-column")

def _phase(plan: Plan, catalogs: Mapping[str, Catalog]) -> list[Finding]:
    """The phase named, and the phase of the year: the year picks the catalog (catalog.of_plan)."""
    info = plan.info
    of_year = for_year(catalogs, info.year)
    out = []
    if info.year is not None and of_year is None:
        out.append(finding("phase-not-shipped", info.cells["year"], year=info.year, phases=", ".join(catalogs)))
    if info.phase and info.phase not in catalogs:
        out.append(finding("unknown-phase", info.cells["phase"], phase=info.phase, phases=", ".join(catalogs)))
    elif info.phase and of_year is not None and of_year.phase != info.phase:
        out.append(finding("phase-not-year", info.cells["phase"], phase=info.phase, year=info.year,
                           year_phase=of_year.phase))
    return out


def _info(plan: Plan, catalogs: Mapping[str, Catalog]) -> list[Finding]:
    out = _phase(plan, catalogs)
    info = plan.info
    if info.date and info.year and info.date.year != info.year:
        out.append(finding("date-outside-year", info.cells["date"], date_year=info.date.year, year=info.year))
    if info.date:
        day = info.date.day or calendar.monthrange(info.date.year, info.date.month)[1]
        issued = date(info.date.year, info.date.month, day)
        for basis in plan.bases:
            if basis.date and basis.date > issued:
                out.append(finding("date-after-plan", basis.cells["date"], number=basis.number,
                                   date=f"{basis.date:%d/%m/%Y}"))
    return out


def _structure(plan: Plan, catalog: Catalog, unread: frozenset[str]) -> list[Finding]:
    """How projects and activities fit together; a sheet whose table could not be found is not blamed
    a second time for every line of the other (one Lỗi at the cause, not twenty)."""
    out = []
    projects_read = label_key(contract.PROJECTS.sheet) not in unread
    activities_read = label_key(contract.ACTIVITIES.sheet) not in unread
    seen: set[tuple[str, str]] = set()  # (code, source): one row each
    lines: set[str] = set()
    codes = {p.code for p in plan.projects}
    with_activities = {a.code for a in plan.activities}
    above = parents(plan, catalog)
    for project in plan.projects:
        where = project.cells["code"]
        if not project.code:
            continue
        item = catalog.item(project.code) if catalog.fits(project.code) else None
        if item is None:
            if catalog.items:
                out.append(finding("unknown-code", where, code=project.code, phase=catalog.phase,
                                   examples=catalog.examples))
            continue
        if not item.confirmed:
            out.append(finding("item-unconfirmed", where, code=item.code, name=item.name, phase=catalog.phase))
        first = project.code not in lines
        lines.add(project.code)
        source = label_key(source_name(project.source, catalog))
        if (project.code, source) in seen:
            out.append(finding("duplicate-code", where, code=project.code))
        seen.add((project.code, source))
        if first and item.parent and item.parent not in codes:
            out.append(finding("subproject-without-project", where, code=project.code, parent=item.parent))
        if project.code in above:  # it has lines below it
            if project.amount is not None:
                out.append(finding("money-on-parent", project.cells["amount"], code=project.code))
            continue
        if first:  # a line's next sources may leave its time and assignment blank: the first row has them
            if not project.assignment:
                out.append(finding("assignment-blank", project.cells["assignment"], code=project.code))
            if project.code not in with_activities and activities_read:
                out.append(finding("project-without-activity", where, code=project.code))
        if project.amount is None and not project.source and "amount" in project.cells:
            out.append(finding("money-and-source-blank", project.cells["amount"], code=project.code))
    for activity in plan.activities:
        if activity.code and activity.code not in codes and projects_read:
            out.append(finding("activity-without-project", activity.cells["code"], code=activity.code))
    return out


def validate(plan: Plan, catalogs: Mapping[str, Catalog], unread: frozenset[str] = frozenset()) -> list[Finding]:
    """Checks beyond reading: how the values fit together, targets included, against the plan's catalog.
    `unread`: the input sheets (as `label_key` gives their names) whose table could not be found."""
    catalog = of_plan(catalogs, plan)
    return (_info(plan, catalogs) + _structure(plan, catalog, unread) + check_targets(plan, catalog).findings
            + check_results(plan, catalog))


def check(data: WorkbookData, catalogs: Mapping[str, Catalog],
          legacy: Legacy = NO_LEGACY) -> tuple[Plan, list[Finding]]:
    """Read and validate: the plan and every finding (`catalogs`: every phase, io.catalogs.load; `legacy`:
    the legacy encodings, io.catalogs.legacy).

    A cell that could not be read (a Lỗi from the reader) is not reported a
    second time for what its missing value implies.
    """
    plan, findings = read_plan(data, legacy)
    unread = {f.place for f in findings if f.is_error}
    tables = frozenset(label_key(f.sheet) for f in findings if f.code in TABLE_NOT_FOUND)
    return plan, findings + [f for f in validate(plan, catalogs, tables) if f.place not in unread]


class Checked(NamedTuple):
    """A plan workbook read and checked: the plan, every finding, and the catalog it was checked against."""

    plan: Plan
    findings: list[Finding]
    catalog: Catalog


def check_workbook(data: WorkbookData, lists: Mapping[str, Catalog], upper: bool = False,
                   legacy: Legacy = NO_LEGACY) -> Checked:
    """`check` against the workbook's own "Danh mục" where it has one (catalog_sheet.workbook_catalogs);
    `lists`: the shipped phases, or with `upper` the upper level's list, which then wins; `legacy` as for
    `check`."""
    catalogs, notes = workbook_catalogs(data, lists, upper)
    plan, findings = check(data, catalogs, legacy)
    return Checked(plan, notes + findings, of_plan(catalogs, plan))
