"""Reading a Plan out of a workbook's values.

`WorkbookData` maps each sheet name to its rows of values from A1, as every
engine gives them (openpyxl, python-calamine, xlwings).  Header rows are found
by their labels; blank rows are skipped; every value keeps its cell.  What
cannot be read is reported as a Finding, never raised.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from kehoach_xl.core import contract
from kehoach_xl.core.findings import Finding
from kehoach_xl.core.model import Activity, Basis, Info, IssueDate, Paragraph, Plan, Project, Recipient, Targets
from kehoach_xl.core.money import MAX_AMOUNT, format_amount
from kehoach_xl.core.text import invisible, is_nfc, legacy_decoding, storable, tidy, without_format_characters
from kehoach_xl.core.values import (UNCALCULATED, amount_in_text, as_date, as_month_year, as_text, as_whole, as_year,
                                    is_blank, is_unknown, place)

WorkbookData = Mapping[str, Sequence[Sequence[object]]]

HEADER_SEARCH_ROWS = 30
MAX_HOUSEHOLDS = 10_000_000
"""More households than any province has (Việt Nam has about 27 million): a larger count is a slip."""
_SHOWN = 80


class Row(NamedTuple):
    """One data row of a table: raw values and places by column key."""

    values: dict[str, object]
    cells: dict[str, str]


@lru_cache(maxsize=4096)
def label_key(text: object) -> str:
    """How labels are compared: NFC; case, spacing and zero-width characters ignored.

    Cached: the same few sheet names and labels come back in every workbook.
    """
    return " ".join(without_format_characters(unicodedata.normalize("NFC", str(text))).casefold().split())


@lru_cache(maxsize=4096)
def plain_key(text: object) -> str:
    """A label without its diacritics ("Dự án" -> "du an"): what a name typed without them still matches."""
    decomposed = unicodedata.normalize("NFD", label_key(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def find_sheet(data: WorkbookData, name: str) -> str | None:
    wanted = label_key(name)
    return next((sheet for sheet in data if label_key(sheet) == wanted), None)


def _missing_sheet(data: WorkbookData, name: str) -> Finding:
    """A sheet not found; a sheet of the same name but for its diacritics is named in the message."""
    near = next((sheet for sheet in data if plain_key(sheet) == plain_key(name)), None)
    fix = (f'Có trang "{near}": hãy đổi tên lại thành "{name}" (nhấp đúp vào tên trang).' if near is not None
           else "Hãy thêm lại trang này, đúng tên, theo mẫu KeHoach.xlsm.")
    return Finding("missing-sheet", name, f'Không có trang tính "{name}". {fix}')


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def table_rows(data: WorkbookData, table: contract.Table, out: list[Finding]) -> list[Row] | None:
    """The non-blank rows under the table's header row, or None if it cannot be found."""
    sheet = find_sheet(data, table.sheet)
    if sheet is None:
        out.append(_missing_sheet(data, table.sheet))
        return None
    rows = data[sheet]
    needed = [column for column in table.columns if column.read]
    wanted = {label_key(col.label): col.key for col in table.columns}
    best_row, best = 0, {}
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        labels = {label_key(v): c for c, v in enumerate(row) if isinstance(v, str)}
        found = {key: labels[label] for label, key in wanted.items() if label in labels}
        if sum(col.key in found for col in needed) > sum(col.key in best for col in needed):
            best_row, best = r, found
            if all(col.key in best for col in needed):
                break
    missing = [col.label for col in needed if col.key not in best]
    if missing:
        where = place(sheet, best_row, 0)
        labels = ", ".join(f'"{label}"' for label in missing)
        what = (f"Dòng tiêu đề (dòng {best_row + 1}) thiếu cột {labels}" if best
                else f'Không tìm thấy dòng tiêu đề ({" · ".join(table.labels)})')
        out.append(Finding("missing-header", where,
                           f"{what}. Hãy ghi lại đúng tên cột như mẫu KeHoach.xlsm."))
        return None
    result = []
    for r in range(best_row + 1, len(rows)):
        row = rows[r]
        values = {key: row[c] if c < len(row) else None for key, c in best.items()}
        if all(is_blank(values[col.key]) for col in needed):
            continue
        result.append(Row(values, {key: place(sheet, r, c) for key, c in best.items()}))
    return result


def text(value: object, where: str, out: list[Finding]) -> str:
    """Cell text, NFC and tidied; a warning says what was fixed."""
    if is_blank(value):
        return ""
    if value is UNCALCULATED:
        out.append(Finding("formula-uncalculated", where,
                           "Ô có công thức nhưng tệp không lưu kết quả của nó (tệp do một chương trình tạo ra, "
                           "chưa mở bằng Excel), nên không biết ô hiện số nào. Hãy mở tệp bằng Excel (hoặc "
                           "LibreOffice), lưu lại rồi gửi lại; hoặc gõ thẳng giá trị vào ô."))
        return ""
    if is_unknown(value):
        out.append(Finding("excel-error", where,
                           f"Ô chứa lỗi {str(value).strip()} của Excel. Hãy sửa công thức "
                           f"hoặc nhập lại giá trị."))
        return ""
    raw = storable(as_text(value)).replace("\r\n", "\n")  # a line break pasted from Windows: _x000D_ then LF
    fixed = tidy(raw)
    if not is_nfc(raw):
        out.append(Finding("text-not-nfc", where,
                           f'Chữ gõ dạng tổ hợp (dấu tách khỏi chữ). Hãy gõ lại bằng bảng mã '
                           f'Unicode dựng sẵn: "{_shorten(fixed)}".'))
    elif fixed != raw:
        out.append(Finding("text-spacing", where,
                           f'Có khoảng trắng thừa. Nên sửa thành: "{_shorten(fixed)}".'))
    if decoded := legacy_decoding(fixed):
        encoding, unicode_text = decoded
        out.append(Finding("text-legacy-encoding", where,
                           f'Chữ gõ bằng bảng mã cũ {encoding}, sẽ hiện sai trong văn bản: "{_shorten(fixed)}" '
                           f'đọc là "{_shorten(unicode_text)}". Hãy chuyển mã sang Unicode (Unikey: Công cụ '
                           f"chuyển mã, từ {encoding} sang Unicode) hoặc gõ lại bằng bảng mã Unicode."))
    if hidden := invisible(fixed):
        out.append(Finding("text-invisible", where,
                           f"Ô có ký tự vô hình ({', '.join(hidden)}): không thấy trên màn hình nhưng vẫn "
                           f"vào văn bản, có thể làm chữ đảo chiều. Hãy xóa chúng hoặc gõ lại nội dung ô."))
    return fixed


def _required(row: Row, table: contract.Table, out: list[Finding]) -> None:
    for column in table.columns:
        if column.required and is_blank(row.values.get(column.key)):
            out.append(Finding("required-blank", row.cells[column.key],
                               f'Ô "{column.label}" đang trống. Hãy nhập {column.label.lower()}.'))


_AS_TEXT = ("ô đang định dạng Văn bản (Text) nên Excel lưu số thành chữ. Hãy chọn ô, bấm chuột phải → "
            "Định dạng ô (Format Cells) → Số (Number) → OK, rồi gõ lại số (bỏ dấu nháy ' ở đầu nếu có)")


def _number_as_text(shown: str) -> bool:
    """Digits only: a number typed into a cell formatted as Text (or after an apostrophe)."""
    return shown.isascii() and shown.isdigit()


def money(value: object, where: str, out: list[Finding]) -> int | None:
    if is_blank(value):
        return None
    if is_unknown(value):
        text(value, where, out)
        return None
    amount, why = as_whole(value)
    shown = as_text(value).strip()
    if why == "text" and _number_as_text(shown):
        out.append(Finding("money-text", where, f'Kinh phí "{shown}" là chữ, không phải số: {_AS_TEXT}.'))
    elif why == "text":
        meant = amount_in_text(shown)
        hint = f" (ví dụ {meant})" if meant is not None else ""
        out.append(Finding("money-text", where,
                           f'Kinh phí "{_shorten(shown)}" là chữ, không phải số. Hãy nhập số đồng, '
                           f"không dấu chấm, không chữ{hint}; nếu chưa có số tiền, để trống và ghi "
                           f"Nguồn kinh phí."))
    elif why == "fractional":
        out.append(Finding("money-fractional", where,
                           f"Kinh phí {shown} có phần lẻ dưới một đồng. Hãy làm tròn đến đồng."))
    elif why == "negative":
        out.append(Finding("money-negative", where,
                           f"Kinh phí {shown} là số âm. Hãy nhập số đồng không âm."))
    elif amount > MAX_AMOUNT:
        out.append(Finding("money-too-large", where,
                           f"Kinh phí {shown} lớn hơn {format_amount(MAX_AMOUNT)} đồng, "
                           f"số lớn nhất Excel lưu chính xác. Hãy kiểm tra lại số tiền."))
        return None
    return amount


def count(value: object, where: str, label: str, out: list[Finding]) -> int | None:
    if is_blank(value):
        return None
    if is_unknown(value):
        text(value, where, out)
        return None
    number, why = as_whole(value)
    if why == "text" and _number_as_text(as_text(value).strip()):
        out.append(Finding("number-invalid", where,
                           f'"{label}" là chữ "{as_text(value).strip()}", không phải số: {_AS_TEXT}.'))
    elif why:
        out.append(Finding("number-invalid", where,
                           f'"{label}" phải là số nguyên không âm, đang là "{_shorten(as_text(value))}". '
                           f"Hãy nhập số hộ, ví dụ 17."))
    elif number > MAX_HOUSEHOLDS:
        out.append(Finding("number-too-large", where,
                           f'"{label}" là {_shorten(as_text(value))} hộ, nhiều hơn số hộ của bất kỳ tỉnh nào. '
                           f"Hãy kiểm tra lại số hộ."))
        return None
    return number


def _fields(data: WorkbookData, table: contract.Table, fields: tuple[contract.Field, ...],
            out: list[Finding]) -> dict[str, tuple[object, str]]:
    """A one-value-per-row sheet: field key -> (raw value, place of the value)."""
    rows = table_rows(data, table, out)
    if rows is None:
        return {}
    by_label = {label_key(row.values["label"]): row for row in rows}
    found: dict[str, tuple[object, str]] = {}
    for field in fields:
        row = by_label.get(label_key(field.label))
        if row is None:
            out.append(Finding("missing-row", table.sheet,
                               f'Trang "{table.sheet}" thiếu dòng "{field.label}". Hãy thêm dòng này '
                               f"theo mẫu KeHoach.xlsm."))
            continue
        value, where = row.values["value"], row.cells["value"]
        if field.required and is_blank(value):
            out.append(Finding("required-blank", where,
                               f'"{field.label}" đang trống. {field.hint}'))
        found[field.key] = (value, where)
    return found


def _issue_date(value: object, where: str, out: list[Finding]) -> IssueDate | None:
    if is_blank(value) or is_unknown(value):
        text(value, where, out)
        return None
    if day := as_date(value):
        return IssueDate(day.year, day.month, day.day)
    if month_year := as_month_year(value):
        return IssueDate(month_year[1], month_year[0])
    out.append(Finding("date-invalid", where,
                       f'Ngày ban hành "{_shorten(as_text(value))}" không đọc được. Hãy nhập ngày '
                       f"dạng 08/05/2023, hoặc 05/2023 để trống ngày."))
    return None


def _info(data: WorkbookData, out: list[Finding]) -> Info:
    found = _fields(data, contract.INFO, contract.INFO_FIELDS, out)
    values: dict[str, object] = {}
    for key, (value, where) in found.items():
        if key == "year":
            values[key] = as_year(value)
            if is_unknown(value):
                text(value, where, out)
            elif values[key] is None and not is_blank(value):
                out.append(Finding("year-invalid", where,
                                   f'Năm kế hoạch "{_shorten(as_text(value))}" không phải một năm. '
                                   f"Hãy nhập năm bốn chữ số, ví dụ 2023."))
        elif key == "date":
            values[key] = _issue_date(value, where, out)
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
                out.append(Finding("date-invalid", where,
                                   f'Ngày ban hành "{_shorten(as_text(raw_date))}" không đọc được. '
                                   f"Hãy nhập ngày dạng 20/04/2023."))
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
                out.append(Finding("unknown-part", row.cells["part"],
                                   f'Phần "{_shorten(part_text)}" không có trong mẫu. Hãy chọn một '
                                   f"trong: {', '.join(contract.TEXT_PARTS)}."))
            continue
        paragraph = text(row.values["text"], row.cells["text"], out)
        if paragraph:
            paragraphs.append(Paragraph(part, paragraph, row.cells))
    present = {p.part for p in paragraphs}
    for part in contract.TEXT_PARTS if rows is not None else ():
        if part not in present:
            out.append(Finding("missing-part", contract.TEXTS.sheet,
                               f'Phần "{part}" chưa có đoạn văn nào. Hãy thêm ít nhất một dòng '
                               f'có Phần là "{part}".'))
    return tuple(paragraphs)


def project_code(value: object) -> str:
    """ "da 3.1 " -> "DA3.1"; zero-width characters pasted with it are dropped."""
    return "".join(without_format_characters(as_text(value)).split()).upper() if not is_blank(value) else ""


def _code(value: object, where: str, out: list[Finding]) -> str:
    if is_unknown(value):
        text(value, where, out)
        return ""
    return project_code(value)


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
        out.append(Finding("no-projects", contract.PROJECTS.sheet,
                           "Trang Dự án chưa có dòng nào. Hãy ghi các dự án, tiểu dự án của kế hoạch."))
    total = 0
    for row in rows or []:
        if is_total_line(row):
            continue
        _required(row, contract.PROJECTS, out)
        v, c = row.values, row.cells
        amount = money(v["amount"], c["amount"], out)
        if amount is not None and total + amount > MAX_AMOUNT:
            out.append(Finding("money-too-large", c["amount"],
                               f"Cộng đến ô này, kinh phí vượt quá {format_amount(MAX_AMOUNT)} đồng, số lớn nhất "
                               f"Excel cộng chính xác. Hãy kiểm tra lại các số tiền."))
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
        out.append(Finding("required-blank", contract.RECIPIENTS.sheet,
                           'Chưa có nơi nhận nào. Hãy ghi các nơi nhận, dòng cuối là "Lưu: VT, …".'))
    return tuple(Recipient(text(row.values["name"], row.cells["name"], out), row.cells)
                 for row in rows or [])


def read_plan(data: WorkbookData) -> tuple[Plan, list[Finding]]:
    """The plan in the workbook's values, and what could not be read."""
    out: list[Finding] = []
    plan = Plan(
        info=_info(data, out),
        bases=_bases(data, out),
        paragraphs=_paragraphs(data, out),
        targets=_targets(data, out),
        projects=_projects(data, out),
        activities=_activities(data, out),
        recipients=_recipients(data, out),
    )
    return plan, out
