"""Checks of a plan that was read: codes, structure, money, dates; targets from targets.py."""

import calendar
import re
from datetime import date

from kehoach_xl.core import catalog
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.findings import ERROR, Finding, finding
from kehoach_xl.core.model import Plan
from kehoach_xl.core.reader import WorkbookData, read_plan
from kehoach_xl.core.targets import check_targets

_CODE = re.compile(r"DA\d+(\.\d+)?")


def _info(plan: Plan) -> list[Finding]:
    out = []
    info = plan.info
    if info.phase and info.phase not in catalog.phases():
        out.append(finding("unknown-phase", info.cells["phase"], phase=info.phase,
                           phases=", ".join(catalog.phases())))
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


def _structure(plan: Plan, known: Catalog) -> list[Finding]:
    out = []
    seen: set[str] = set()
    codes = {p.code for p in plan.projects}
    with_activities = {a.code for a in plan.activities}
    for project in plan.projects:
        where = project.cells["code"]
        if not project.code:
            continue
        if not _CODE.fullmatch(project.code) or project.code not in known.names:
            out.append(finding("unknown-code", where, code=project.code, phase=known.phase))
            continue
        if project.code in seen:
            out.append(finding("duplicate-code", where, code=project.code))
        seen.add(project.code)
        if project.is_subproject and project.parent not in codes:
            out.append(finding("subproject-without-project", where, code=project.code, parent=project.parent))
        has_subprojects = any(p.is_subproject and p.parent == project.code for p in plan.projects)
        if has_subprojects:
            if project.amount is not None:
                out.append(finding("money-on-parent", project.cells["amount"], code=project.code))
            continue
        if not project.assignment:
            out.append(finding("assignment-blank", project.cells["assignment"], code=project.code))
        if project.code not in with_activities:
            out.append(finding("project-without-activity", where, code=project.code))
        if project.amount is None and not project.source and "amount" in project.cells:
            out.append(finding("money-and-source-blank", project.cells["amount"], code=project.code))
    for activity in plan.activities:
        if activity.code and activity.code not in codes:
            out.append(finding("activity-without-project", activity.cells["code"], code=activity.code))
    return out


def validate(plan: Plan) -> list[Finding]:
    """Checks beyond reading: how the values fit together, targets included."""
    return _info(plan) + _structure(plan, catalog.for_phase(plan.info.phase)) + check_targets(plan).findings


def check(data: WorkbookData) -> tuple[Plan, list[Finding]]:
    """Read and validate: the plan and every finding.

    A cell that could not be read (a Lỗi from the reader) is not reported a
    second time for what its missing value implies.
    """
    plan, findings = read_plan(data)
    unread = {f.place for f in findings if f.severity == ERROR}
    return plan, findings + [f for f in validate(plan) if f.place not in unread]
