"""Checks of a plan that was read: codes, structure, money, dates; targets from targets.py."""

import calendar
from collections.abc import Mapping
from datetime import date

from kehoach_xl.core.catalog import Catalog, of_plan
from kehoach_xl.core.findings import ERROR, Finding
from kehoach_xl.core.model import Plan
from kehoach_xl.core.reader import WorkbookData, read_plan
from kehoach_xl.core.targets import check_targets


def _info(plan: Plan, catalogs: Mapping[str, Catalog]) -> list[Finding]:
    out = []
    info = plan.info
    if info.phase and info.phase not in catalogs:
        out.append(Finding("unknown-phase", info.cells["phase"],
                           f'Giai đoạn "{info.phase}" không có trong Danh mục. Hãy chọn một trong: '
                           f"{', '.join(catalogs)}."))
    if info.date and info.year and info.date.year != info.year:
        out.append(Finding("date-outside-year", info.cells["date"],
                           f"Ngày ban hành thuộc năm {info.date.year}, còn năm kế hoạch là {info.year}. "
                           f"Hãy kiểm tra lại ngày ban hành hoặc năm kế hoạch."))
    if info.date:
        day = info.date.day or calendar.monthrange(info.date.year, info.date.month)[1]
        issued = date(info.date.year, info.date.month, day)
        for basis in plan.bases:
            if basis.date and basis.date > issued:
                out.append(Finding("date-after-plan", basis.cells["date"],
                                   f"Văn bản {basis.number} ban hành ngày {basis.date:%d/%m/%Y}, sau "
                                   f"ngày ban hành kế hoạch. Hãy kiểm tra lại ngày."))
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
        if not known.fits(project.code) or project.code not in known.names:
            out.append(Finding("unknown-code", where,
                               f'Mã "{project.code}" không có trong Danh mục giai đoạn {known.phase}. '
                               f"Hãy chọn mã trong danh sách, ví dụ {known.examples}."))
            continue
        if project.code in seen:
            out.append(Finding("duplicate-code", where,
                               f'Mã "{project.code}" đã có ở dòng trên. Hãy gộp hai dòng làm một.'))
        seen.add(project.code)
        if project.is_subproject and project.parent not in codes:
            out.append(Finding("subproject-without-project", where,
                               f'Tiểu dự án "{project.code}" chưa có dòng dự án "{project.parent}". '
                               f"Hãy thêm dòng {project.parent} phía trên."))
        has_subprojects = any(p.is_subproject and p.parent == project.code for p in plan.projects)
        if has_subprojects:
            if project.amount is not None:
                out.append(Finding("money-on-parent", project.cells["amount"],
                                   f'"{project.code}" có tiểu dự án: kinh phí ghi ở từng tiểu dự án, số tiền '
                                   f"ở dòng này không được cộng vào tổng. Hãy chuyển số tiền xuống "
                                   f"các tiểu dự án."))
            continue
        if not project.assignment:
            out.append(Finding("required-blank", project.cells["assignment"],
                               f'"{project.code}" chưa ghi Phân công thực hiện. Hãy ghi ai chủ trì, '
                               f"phối hợp thực hiện."))
        if project.code not in with_activities:
            out.append(Finding("project-without-activity", where,
                               f'"{project.code}" chưa có hoạt động nào. Hãy thêm hoạt động mã '
                               f'"{project.code}" trên trang Hoạt động.'))
        if project.amount is None and not project.source and "amount" in project.cells:
            out.append(Finding("money-and-source-blank", project.cells["amount"],
                               f'"{project.code}" chưa có kinh phí và chưa ghi nguồn. Hãy nhập số '
                               f'tiền, hoặc ghi nguồn (ví dụ "Theo phân bổ của cấp trên").'))
    for activity in plan.activities:
        if activity.code and activity.code not in codes:
            out.append(Finding("activity-without-project", activity.cells["code"],
                               f'Hoạt động mang mã "{activity.code}" nhưng trang Dự án không có dòng '
                               f"mã này. Hãy sửa mã hoặc thêm dự án."))
    return out


def validate(plan: Plan, catalogs: Mapping[str, Catalog]) -> list[Finding]:
    """Checks beyond reading: how the values fit together, targets included, against the plan's catalog."""
    known = of_plan(catalogs, plan)
    return _info(plan, catalogs) + _structure(plan, known) + check_targets(plan, known).findings


def check(data: WorkbookData, catalogs: Mapping[str, Catalog]) -> tuple[Plan, list[Finding]]:
    """Read and validate: the plan and every finding (`catalogs`: every phase, io.catalogs.load).

    A cell that could not be read (a Lỗi from the reader) is not reported a
    second time for what its missing value implies.
    """
    plan, findings = read_plan(data)
    unread = {f.place for f in findings if f.severity == ERROR}
    return plan, findings + [f for f in validate(plan, catalogs) if f.place not in unread]
