"""Reading a Plan out of a workbook's values.

`WorkbookData` maps each sheet name to its rows of values from A1, as every
engine gives them (openpyxl, python-calamine, xlwings).  Header rows are found
by their labels; blank rows are skipped; every value keeps its cell.  What
cannot be read is reported as a Finding, never raised.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from functools import lru_cache
from typing import NamedTuple

from kehoach_xl.core import contract
from kehoach_xl.core.findings import Finding, finding
from kehoach_xl.core.model import (Activity, Basis, Info, IssueDate, Paragraph, PeriodReport, Place, Plan, Project,
                                   Recipient, Result, Targets)
from kehoach_xl.core.money import MAX_AMOUNT
from kehoach_xl.core.text import (NO_LEGACY, Legacy, ascii_fold, invisible, is_nfc, is_plain, legacy_decoding,
                                  storable, tidy, without_format_characters)
from kehoach_xl.core.values import (UNCALCULATED, amount_in_text, as_date, as_month_year, as_text, as_whole, as_year,
                                    is_blank, is_not_finite, is_unknown)

WorkbookData = Mapping[str, Sequence[Sequence[object]]]

HEADER_SEARCH_ROWS = 30
MAX_HOUSEHOLDS = 10_000_000
"""More households than any province has (Việt Nam has about 27 million): a larger count is a slip."""
_SHOWN = 80
TYPED_YES, TYPED_NO = ("có", "co"), ("không", "khong")
"""How Có and Không may be typed (compared by label_key), with or without diacritics."""


_place = lru_cache(maxsize=4096)(Place)
"""Places shared, not made anew: they are immutable, and each workbook of the template has the same cells."""


class Row(NamedTuple):
    """One data row of a table: raw values and places by column key."""

    values: dict[str, object]
    cells: dict[str, Place]


@lru_cache(maxsize=4096)
def label_key(text: object) -> str:
    """How labels are compared: NFC; case, spacing and zero-width characters ignored.

    Cached: the same few sheet names and labels come back in every workbook.
    """
    return " ".join(without_format_characters(unicodedata.normalize("NFC", str(text))).casefold().split())


@lru_cache(maxsize=4096)
def plain_key(text: object) -> str:
    """A label without its diacritics ("Dự án" -> "du an"): what a name typed without them still matches."""
    return ascii_fold(label_key(text))


def find_sheet(data: WorkbookData, name: str) -> str | None:
    wanted = label_key(name)
    return next((sheet for sheet in data if label_key(sheet) == wanted), None)


def _missing_sheet(data: WorkbookData, name: str) -> Finding:
    """A sheet not found; a sheet of the same name but for its diacritics is named in the message."""
    near = next((sheet for sheet in data if plain_key(sheet) == plain_key(name)), None)
    if near is not None:
        return finding("sheet-misnamed", Place(name), sheet=name, found=near)
    return finding("missing-sheet", Place(name), sheet=name)


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


@lru_cache(maxsize=64)
def _columns(table: contract.Table) -> tuple[tuple[contract.Column, ...], tuple[tuple[str, str], ...]]:
    """The columns read, and (label_key of the label, key) of every column: the same for every workbook."""
    return (tuple(column for column in table.columns if column.read and not column.optional),
            tuple((label_key(column.label), column.key) for column in table.columns))


def table_rows(data: WorkbookData, table: contract.Table, out: list[Finding]) -> list[Row] | None:
    """The non-blank rows under the table's header row, or None if it cannot be found."""
    sheet = find_sheet(data, table.sheet)
    if sheet is None:
        out.append(_missing_sheet(data, table.sheet))
        return None
    rows = data[sheet]
    needed, wanted = _columns(table)
    best_row, best, best_count = 0, {}, 0
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        labels = {label_key(v): c for c, v in enumerate(row) if isinstance(v, str)}
        found = {key: labels[label] for label, key in wanted if label in labels}
        count = sum(col.key in found for col in needed)
        if count > best_count:
            best_row, best, best_count = r, found, count
            if count == len(needed):
                break
    missing = [col.label for col in needed if col.key not in best]
    if missing:
        where = Place(sheet, best_row + 1, 1)
        if best:
            out.append(finding("missing-column", where, row=best_row + 1,
                               labels=", ".join(f'"{label}"' for label in missing)))
        else:
            out.append(finding("missing-header", where, labels=" · ".join(table.labels)))
        return None
    result = []
    read = [best[col.key] for col in needed]
    columns = best.items()
    width = max(best.values()) + 1
    for number, row in enumerate(rows[best_row + 1:], best_row + 2):
        if len(row) < width:
            row = [*row, *[None] * (width - len(row))]  # the cells past the end of a short row are blank
        if all(is_blank(row[c]) for c in read):
            continue
        result.append(Row({key: row[c] for key, c in columns},
                          {key: _place(sheet, number, c + 1) for key, c in columns}))
    return result


def text(value: object, where: Place, out: list[Finding]) -> str:
    """Cell text, NFC and tidied; a warning says what was fixed."""
    legacy = _LEGACY.get()
    if type(value) is str and value and value[0] != "#" and is_plain(value, legacy):
        return value  # most cells: not blank (stripped, not empty), no error (each begins with #); nothing to fix
    if is_blank(value):
        return ""
    if value is UNCALCULATED:
        out.append(finding("formula-uncalculated", where))
        return ""
    if is_not_finite(value):
        out.append(finding("number-not-finite", where))
        return ""
    if is_unknown(value):
        out.append(finding("excel-error", where, error=str(value).strip()))
        return ""
    raw = storable(as_text(value)).replace("\r\n", "\n")  # a line break pasted from Windows: _x000D_ then LF
    fixed = tidy(raw)
    if not is_nfc(raw):
        out.append(finding("text-not-nfc", where, fixed=_shorten(fixed)))
    elif fixed != raw:
        out.append(finding("text-spacing", where, fixed=_shorten(fixed)))
    if decoded := legacy_decoding(fixed, legacy):
        out.append(finding("text-legacy-encoding", where, encoding=decoded[0], typed=_shorten(fixed),
                           unicode=_shorten(decoded[1])))
    if hidden := invisible(fixed):
        out.append(finding("text-invisible", where, characters=", ".join(hidden)))
    return fixed


def _required(row: Row, table: contract.Table, out: list[Finding]) -> None:
    for column in table.columns:
        if column.required and is_blank(row.values.get(column.key)):
            out.append(finding("required-blank", row.cells[column.key], label=column.label,
                               what=column.label.lower()))


def _number_as_text(shown: str) -> bool:
    """Digits only: a number typed into a cell formatted as Text (or after an apostrophe)."""
    return shown.isascii() and shown.isdigit()


def money(value: object, where: Place, out: list[Finding]) -> int | None:
    if is_blank(value):
        return None
    if is_unknown(value):
        text(value, where, out)
        return None
    amount, why = as_whole(value)
    if why is None and amount <= MAX_AMOUNT:
        return amount  # most amounts: nothing to report, so nothing to show
    shown = as_text(value).strip()
    if why == "text" and _number_as_text(shown):
        out.append(finding("money-as-text", where, value=shown))
    elif why == "text":
        meant = amount_in_text(shown)
        example = f" (ví dụ {meant})" if meant is not None else ""
        out.append(finding("money-text", where, value=_shorten(shown), example=example))
    elif why == "fractional":
        out.append(finding("money-fractional", where, value=shown))
    elif why == "negative":
        out.append(finding("money-negative", where, value=shown))
    elif amount > MAX_AMOUNT:
        out.append(finding("money-too-large", where, value=shown, limit=MAX_AMOUNT))
        return None
    return amount


def count(value: object, where: Place, label: str, out: list[Finding]) -> int | None:
    if is_blank(value):
        return None
    if is_unknown(value):
        text(value, where, out)
        return None
    number, why = as_whole(value)
    if why == "text" and _number_as_text(as_text(value).strip()):
        out.append(finding("number-as-text", where, label=label, value=as_text(value).strip()))
    elif why:
        out.append(finding("number-invalid", where, label=label, value=_shorten(as_text(value))))
    elif number > MAX_HOUSEHOLDS:
        out.append(finding("number-too-large", where, label=label, value=_shorten(as_text(value))))
        return None
    return number


def _fields(data: WorkbookData, table: contract.Table, fields: tuple[contract.Field, ...],
            out: list[Finding]) -> dict[str, tuple[object, Place]]:
    """A one-value-per-row sheet: field key -> (raw value, place of the value)."""
    rows = table_rows(data, table, out)
    if rows is None:
        return {}
    by_label = {label_key(row.values["label"]): row for row in rows}
    found: dict[str, tuple[object, Place]] = {}
    for field in fields:
        row = by_label.get(label_key(field.label))
        if row is None:
            if not field.optional:
                out.append(finding("missing-row", Place(table.sheet), sheet=table.sheet, label=field.label))
            continue
        value, where = row.values["value"], row.cells["value"]
        if field.required and is_blank(value):
            out.append(finding("value-blank", where, label=field.label, hint=field.hint))
        found[field.key] = (value, where)
    return found


def _issue_date(value: object, where: Place, out: list[Finding]) -> IssueDate | None:
    if is_blank(value) or is_unknown(value):
        text(value, where, out)
        return None
    if day := as_date(value):
        return IssueDate(day.year, day.month, day.day)
    if month_year := as_month_year(value):
        return IssueDate(month_year[1], month_year[0])
    out.append(finding("date-invalid", where, value=_shorten(as_text(value)),
                       example="08/05/2023, hoặc 05/2023 để trống ngày"))
    return None


def _yes_no(value: object, where: Place, label: str, out: list[Finding]) -> bool:
    """ "Có" -> True, "Không" -> False (any case, or typed without diacritics); blank is Có, the default."""
    answer = text(value, where, out)
    if not answer or label_key(answer) in TYPED_YES:
        return True
    if label_key(answer) in TYPED_NO:
        return False
    out.append(finding("yes-no-invalid", where, label=label, value=_shorten(answer), yes=contract.YES,
                       no=contract.NO))
    return True


def _info(data: WorkbookData, out: list[Finding]) -> Info:
    found = _fields(data, contract.INFO, contract.INFO_FIELDS, out)
    values: dict[str, object] = {}
    for key, (value, where) in found.items():
        if key == "year":
            values[key] = as_year(value)
            if is_unknown(value):
                text(value, where, out)
            elif values[key] is None and not is_blank(value):
                out.append(finding("year-invalid", where, value=_shorten(as_text(value))))
        elif key == "date":
            values[key] = _issue_date(value, where, out)
        elif key == "budget_summary":
            values[key] = _yes_no(value, where, contract.BUDGET_SUMMARY.label, out)
        else:
            values[key] = text(value, where, out)
    return Info(**values, cells={key: where for key, (_, where) in found.items()})


def _targets(data: WorkbookData, out: list[Finding]) -> Targets:
    found = _fields(data, contract.TARGETS, contract.TARGET_FIELDS, out)
    labels = {field.key: field.label for field in contract.TARGET_FIELDS}
    values = {key: count(value, where, labels[key], out) for key, (value, where) in found.items()}
    return Targets(**values, cells={key: where for key, (_, where) in found.items()})


def _bases(data: WorkbookData, out: list[Finding]) -> tuple[Basis, ...]:
    bases = []
    for row in table_rows(data, contract.BASES, out) or []:
        _required(row, contract.BASES, out)
        raw_date, where = row.values["date"], row.cells["date"]
        day = as_date(raw_date)
        if day is None and not is_blank(raw_date):
            if is_unknown(raw_date):
                text(raw_date, where, out)
            else:
                out.append(finding("date-invalid", where, value=_shorten(as_text(raw_date)), example="20/04/2023"))
        bases.append(Basis(
            kind=text(row.values["kind"], row.cells["kind"], out),
            number=text(row.values["number"], row.cells["number"], out),
            date=day,
            issuer=text(row.values["issuer"], row.cells["issuer"], out),
            summary=text(row.values["summary"], row.cells["summary"], out),
            cells=row.cells,
        ))
    return tuple(bases)


def _paragraphs(data: WorkbookData, out: list[Finding]) -> tuple[Paragraph, ...]:
    parts = {label_key(part): part for part in contract.TEXT_PARTS}
    paragraphs = []
    rows = table_rows(data, contract.TEXTS, out)
    for row in rows or []:
        _required(row, contract.TEXTS, out)
        part_text = text(row.values["part"], row.cells["part"], out)
        part = parts.get(label_key(part_text))
        if part is None:
            if part_text:
                out.append(finding("unknown-part", row.cells["part"], part=_shorten(part_text),
                                   parts=", ".join(contract.TEXT_PARTS)))
            continue
        paragraph = text(row.values["text"], row.cells["text"], out)
        if paragraph:
            paragraphs.append(Paragraph(part, paragraph, row.cells))
    present = {p.part for p in paragraphs}
    for part in contract.TEXT_PARTS if rows is not None else ():
        if part not in present:
            out.append(finding("missing-part", Place(contract.TEXTS.sheet), part=part))
    return tuple(paragraphs)


def project_code(value: object) -> str:
    """ "da 3.1 " -> "DA3.1"; zero-width characters pasted with it are dropped."""
    return "".join(without_format_characters(as_text(value)).split()).upper() if not is_blank(value) else ""


def _code(value: object, where: Place, out: list[Finding]) -> str:
    """A code as typed; one that reached the cell as a number (or a date) is reported, since Excel keeps
    1.10 as 1.1."""
    if is_unknown(value):
        text(value, where, out)
        return ""
    code = project_code(value)
    if code and not isinstance(value, str):
        out.append(finding("code-as-number", where, code=code))
    return code


def is_total_line(row: Row) -> bool:
    """A line someone typed to add up the lines above ("Tổng cộng" in Mã, or in the name with Mã blank):
    never a project, so never added a second time."""
    code, name = row.values.get("code"), row.values.get("name")
    return _is_total_label(code) or is_blank(code) and _is_total_label(name)


def _is_total_label(value: object) -> bool:
    return isinstance(value, str) and label_key(value).rstrip(" :") in _TOTAL_LABELS


_TOTAL_LABELS = frozenset(label_key(label) for label in contract.TOTAL_LABELS)


def _projects(data: WorkbookData, out: list[Finding]) -> tuple[Project, ...]:
    projects = []
    rows = table_rows(data, contract.PROJECTS, out)
    if rows == []:
        out.append(finding("no-projects", Place(contract.PROJECTS.sheet)))
    total = 0
    for row in rows or []:
        if is_total_line(row):
            continue
        _required(row, contract.PROJECTS, out)
        v, c = row.values, row.cells
        amount = money(v["amount"], c["amount"], out)
        if amount is not None and total + amount > MAX_AMOUNT:
            out.append(finding("total-too-large", c["amount"], limit=MAX_AMOUNT))
            amount = None
        total += amount or 0
        projects.append(Project(
            code=_code(v["code"], c["code"], out),
            time=text(v["time"], c["time"], out),
            amount=amount,
            source=text(v["source"], c["source"], out),
            assignment=text(v["assignment"], c["assignment"], out),
            cells=c,
        ))
    return tuple(projects)


def _activities(data: WorkbookData, out: list[Finding]) -> tuple[Activity, ...]:
    activities = []
    for row in table_rows(data, contract.ACTIVITIES, out) or []:
        _required(row, contract.ACTIVITIES, out)
        activities.append(Activity(_code(row.values["code"], row.cells["code"], out),
                                   text(row.values["text"], row.cells["text"], out), row.cells))
    return tuple(activities)


def _recipients(data: WorkbookData, out: list[Finding]) -> tuple[Recipient, ...]:
    rows = table_rows(data, contract.RECIPIENTS, out)
    if rows == []:
        out.append(finding("no-recipients", Place(contract.RECIPIENTS.sheet)))
    return tuple(Recipient(text(row.values["name"], row.cells["name"], out), row.cells)
                 for row in rows or [])


def _results(data: WorkbookData, out: list[Finding]) -> tuple[Result, ...]:
    """The rows of "Kết quả"; none in a workbook without the sheet (a plan only, or made before 2027)."""
    if find_sheet(data, contract.RESULTS.sheet) is None:
        return ()
    results = []
    for row in table_rows(data, contract.RESULTS, out) or []:
        if is_total_line(row):
            continue
        _required(row, contract.RESULTS, out)
        v, c = row.values, row.cells
        allocated = money(v["allocated"], c["allocated"], out) if "allocated" in v else None
        results.append(Result(_code(v["code"], c["code"], out), text(v["text"], c["text"], out),
                              money(v["disbursed"], c["disbursed"], out), allocated, c))
    return tuple(results)


_PERIODS = {plain_key(period): period for period in contract.PERIODS}


def _period_report(data: WorkbookData, out: list[Finding]) -> PeriodReport | None:
    """ "Báo cáo", once a period is chosen; None before (its rows then are not checked) or without the sheet."""
    if find_sheet(data, contract.REPORT.sheet) is None:
        return None
    read: list[Finding] = []
    found = _fields(data, contract.REPORT, contract.REPORT_FIELDS, read)
    if "period" not in found or is_blank(found["period"][0]):
        out += [f for f in read if f.code in ("missing-header", "missing-column")]
        return None
    out += read
    labels = {field.key: field.label for field in contract.REPORT_FIELDS}
    values: dict[str, object] = {}
    for key, (value, where) in found.items():
        if key == "period":
            typed = text(value, where, out)
            values[key] = _PERIODS.get(plain_key(typed), "")
            if not values[key]:
                out.append(finding("report-period-invalid", where, value=_shorten(typed),
                                   periods=" hoặc ".join(contract.PERIODS)))
        elif key == "as_of":
            values[key] = as_date(value)
            if is_unknown(value):
                text(value, where, out)
            elif values[key] is None and not is_blank(value):
                out.append(finding("date-invalid", where, value=_shorten(as_text(value)), example="15/06/2027"))
        elif key == "date":
            values[key] = None if is_blank(value) else _issue_date(value, where, out)
        elif key in contract.REPORT_COUNTS:
            values[key] = count(value, where, labels[key], out)
        elif key in contract.REPORT_MONEY:
            values[key] = money(value, where, out)
        else:
            values[key] = text(value, where, out)
    return PeriodReport(**values, cells={key: where for key, (_, where) in found.items()})


_LEGACY: ContextVar[Legacy] = ContextVar("legacy", default=NO_LEGACY)
"""The legacy encodings `read_plan` was handed, for every cell's text it reads."""


def read_plan(data: WorkbookData, legacy: Legacy = NO_LEGACY) -> tuple[Plan, list[Finding]]:
    """The plan in the workbook's values, and what could not be read; text typed in a legacy
    encoding of `legacy` (io.catalogs.legacy(), loaded with the catalogs) is reported."""
    out: list[Finding] = []
    handed_in = _LEGACY.set(legacy)
    try:
        plan = Plan(
            info=_info(data, out),
            bases=_bases(data, out),
            paragraphs=_paragraphs(data, out),
            targets=_targets(data, out),
            projects=_projects(data, out),
            activities=_activities(data, out),
            recipients=_recipients(data, out),
            results=_results(data, out),
            report=_period_report(data, out),
        )
    finally:
        _LEGACY.reset(handed_in)
    return plan, out
