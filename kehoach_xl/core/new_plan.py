"""The plan of a new year as a workbook source: blank for a year, or last year's plan rolled over.

A source has the shape of data/blank.json (sheet -> {label: value} or a list
of records by the contract's header labels); the builder makes the workbook
of it.  Pure: the shell reads the files and writes the workbook.

Rolled over as officials do it by hand: the unit, its general content, its
recipients, and the projects and activities whose codes the new phase has
(directly, or through its `code_map`) are carried; money, dates, the document
number, targets and Căn cứ are not (Căn cứ gets the new phase's texts, as a
blank plan does).  The report says what was carried and what the official must
fill, check or re-map, naming the cells of the new workbook.
"""

import copy
import re
from dataclasses import dataclass
from datetime import date

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.document import UNIT_KINDS, program_name, unit_kind
from kehoach_xl.core.model import Place, Plan
from kehoach_xl.core.values import column_letter

TWO_TIERS = date(2025, 7, 1)
"""Districts abolished (docs/domain.md, "Local government since 1 July 2025"): a plan issued since goes to the province, never to a "huyện"."""
PROVINCE_OFFICE = "Sở Nông nghiệp và Môi trường"
"""Through whom a commune's plan reaches the province since 2025 (docs/domain.md)."""
UPPER_RECIPIENT = "Cấp trên trực tiếp (B/c)"
"""The blank's first recipient, standing for the upper level until it is known."""
PROVINCE_KINDS = ("thành phố", "tỉnh")
ABOLISHED = ("huyện", "lđtbxh", "lao động - thương binh và xã hội", "lao động, thương binh và xã hội")
"""Words of an upper level or recipient that no longer exists after 1 July 2025."""
NUMBER_LEFT = "/KH-UBND"


@dataclass(frozen=True)
class Report:
    """Vietnamese lines: what was carried over, and what the official must fill, check or re-map."""

    carried: tuple[str, ...]
    to_fill: tuple[str, ...]


def goes_to_province(year: int) -> bool:
    """Whether a plan of `year`, not yet issued, goes to the province: it is issued in its year or
    the one before, so from 2026 surely after the districts went."""
    return year > TWO_TIERS.year


def province_names(province: str) -> tuple[str, str]:
    """ "Thanh Hóa" -> ("Thanh Hóa", "UBND tỉnh Thanh Hóa"); "thành phố Hà Nội" -> ("Hà Nội", "UBND thành phố Hà Nội")."""
    province = " ".join(province.split())
    kind = next((k for k in PROVINCE_KINDS if province.casefold().startswith(k + " ")), "")
    name = province[len(kind):].strip() if kind else province
    return name, f"UBND {kind or 'tỉnh'} {name}" if name else ""


def place_name(unit: str) -> str:
    """ "xã Cẩm Lương" -> "Cẩm Lương", the place before the date."""
    kind = unit_kind(unit)
    return unit[len(kind):].strip() if kind in UNIT_KINDS else unit


def summary(catalog: Catalog, year: int, unit: str) -> str:
    """ "Thực hiện Chương trình … năm 2027 trên địa bàn xã Cẩm Lương", read after KẾ HOẠCH: the program
    without its phase ("giai đoạn 2026-2035 năm 2027" is not Vietnamese), then the year."""
    where = f" trên địa bàn {unit}" if unit else ""
    return f"Thực hiện {program_name(catalog)} năm {year}{where}"


def _bases(catalog: Catalog) -> list[dict]:
    return [{"Loại văn bản": d.kind, "Số ký hiệu": d.number, "Ngày ban hành": d.date.isoformat(),
             "Cơ quan ban hành": d.issuer, "Trích yếu": d.summary} for d in catalog.decisions]


def _place(table: contract.Table, key: str, index: int) -> Place:
    """The cell of record `index` (0-based) under the header row, as the builder lays the table out."""
    column = [c.key for c in table.columns].index(key)
    return Place(table.sheet, index + 2, column + 1)


def _info_cell(key: str) -> str:
    row = 2 + [f.key for f in contract.INFO_FIELDS].index(key)
    return f"{contract.INFO.sheet}!{column_letter(1)}{row}"


def _fill_info(source: dict) -> list[str]:
    info = source[contract.INFO.sheet]
    lines = [f"{_info_cell(key)} {label}: chưa có, hãy ghi." for key, label in (
        ("unit", "Tên đơn vị"), ("province", "Tỉnh"), ("upper_level", "Cấp trên trực tiếp"), ("signer", "Người ký"))
        if not info.get(label)]
    return lines + [f"{_info_cell('number')} Số ký hiệu, {_info_cell('date')} Ngày ban hành: để trống, ghi khi "
                    f"ban hành."]


def _fill_bases_and_targets(catalog: Catalog, year: int) -> list[str]:
    texts = ", ".join(d.number for d in catalog.decisions)
    unchecked = [d.number for d in catalog.decisions if not d.confirmed]
    return [f"{contract.BASES.sheet}: đã ghi sẵn văn bản của Chương trình ({texts})"
            + (f", trích yếu của {', '.join(unchecked)} chưa đối chiếu với bản gốc" if unchecked else "")
            + f"; hãy thêm kế hoạch, hướng dẫn năm {year} của cấp trên.",
            f"{contract.TARGETS.sheet}: nhập số hộ đầu năm {year} và các chỉ tiêu giảm hộ nghèo, cận nghèo."]


def _fill_projects(catalog: Catalog) -> list[str]:
    unconfirmed = [item.code for item in catalog.items if not item.confirmed]
    return [f"{contract.PROJECTS.sheet}, {contract.ACTIVITIES.sheet}: chọn mã trong Danh mục giai đoạn "
            f"{catalog.phase}" + (f" (tên của {', '.join(unconfirmed)} chưa được xác nhận từ văn bản chính thức: "
                                  f"hãy đối chiếu với hướng dẫn của cấp trên)" if unconfirmed else "")
            + ", ghi kinh phí, phân công thực hiện."]


def blank_plan(blank: dict, catalog: Catalog, year: int, unit: str = "", province: str = "") -> tuple[dict, Report]:
    """A blank plan of `year` in `catalog`'s phase: the unit, the province as the upper level (for a plan
    that goes to it), the phase's texts as Căn cứ, the recipients without a district."""
    source = copy.deepcopy(blank)
    name, upper = province_names(province)
    upper = upper if goes_to_province(year) else ""
    source[contract.INFO.sheet] |= {
        "Tỉnh": name, "Cấp trên trực tiếp": upper, "Tên đơn vị": unit, "Năm kế hoạch": year,
        "Giai đoạn chương trình": catalog.phase, "Số ký hiệu": NUMBER_LEFT, "Địa danh": place_name(unit),
        "Ngày ban hành": "", "Trích yếu": summary(catalog, year, unit)}
    source[contract.BASES.sheet] = _bases(catalog)
    if upper:
        source[contract.RECIPIENTS.sheet] = to_province(source[contract.RECIPIENTS.sheet], upper)
    return source, Report((), tuple(_fill_info(source) + _fill_bases_and_targets(catalog, year)
                                    + _fill_projects(catalog)))


def to_province(recipients: list[dict], upper: str) -> list[dict]:
    """The blank's recipients with the province ("UBND tỉnh …") and its Sở Nông nghiệp và Môi trường in
    place of the upper level's placeholder."""
    out = []
    for record in recipients:
        if record["Nơi nhận"] == UPPER_RECIPIENT:
            out += [{"Nơi nhận": f"{upper} (B/c)"}, {"Nơi nhận": f"{PROVINCE_OFFICE} {upper.removeprefix('UBND ')} (B/c)"}]
        else:
            out.append(record)
    return out


def _mentions(text: str, year: int) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def _abolished(text: str) -> bool:
    folded = text.casefold()
    return any(word in folded for word in ABOLISHED)


def _projects(last: Plan, catalog: Catalog) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """The project and activity records carried into `catalog`'s phase; what was carried; what to re-map."""
    mapped: dict[str, str] = {}
    for project in last.projects:
        if project.code and project.code not in mapped:
            new = project.code if catalog.item(project.code) else catalog.code_map.get(project.code, "")
            if new:
                mapped[project.code] = new
    records: dict[str, dict] = {}
    sources: dict[str, list[dict]] = {}  # a line's next sources: one more row each, its money cleared
    origin: dict[str, str] = {}
    carried, to_map, left = [], [], []
    for project in last.projects:
        new = mapped.get(project.code)
        if not project.code:
            continue
        if new is None:
            count = len(last.activities_of(project.code))
            left.append(project.code + (f" ({count} hoạt động)" if count else ""))
            continue
        if new in records and origin[new] == project.code:
            sources.setdefault(new, []).append({"Mã": new, "Kinh phí (đồng)": None, "Nguồn kinh phí": project.source})
            continue
        if new in records:
            to_map.append(f"{contract.PROJECTS.sheet}: {project.code} ứng với {new}, đã có dòng {new}: chỉ chuyển "
                          f"hoạt động, hãy gộp phân công thực hiện nếu cần.")
            continue
        records[new] = {"Mã": new, "Thời gian thực hiện": project.time, "Kinh phí (đồng)": None,
                        "Nguồn kinh phí": project.source, "Phân công thực hiện": project.assignment}
        origin[new] = project.code
        carried.append(new if new == project.code else f"{project.code} → {new}")
    for code in list(records):
        missing = [parent for parent in catalog.ancestors(code) if parent not in records]
        if missing:  # a carried line gets the rows of the levels above it, as the plan needs them
            ordered = list(records.items())
            at = next(i for i, (c, _) in enumerate(ordered) if c == code)
            ordered[at:at] = [(parent, {"Mã": parent, "Kinh phí (đồng)": None}) for parent in missing]
            records = dict(ordered)
    activities = [{"Mã": mapped[a.code], "Nội dung hoạt động": a.text} for a in last.activities if a.code in mapped]
    if left:
        to_map.insert(0, f"{contract.PROJECTS.sheet}: {', '.join(dict.fromkeys(left))} không có trong Danh mục giai đoạn "
                         f"{catalog.phase}, chưa chuyển sang: hãy chọn mã mới trong danh mục, rồi ghi lại các dòng "
                         f"và hoạt động đó theo kế hoạch năm {last.info.year or 'trước'}.")
    rows = [row for code, record in records.items() for row in (record, *sources.get(code, ()))]
    return rows, activities, carried, to_map


def roll_over(last: Plan, last_catalog: Catalog, blank: dict, catalog: Catalog, year: int) -> tuple[dict, Report]:
    """Last year's plan carried into a plan of `year` in `catalog`'s phase (`last_catalog`: its own phase's)."""
    info = last.info
    source, _ = blank_plan(blank, catalog, year, info.unit, info.province)
    fields = source[contract.INFO.sheet]
    fields |= {"Địa danh": info.place or fields["Địa danh"], "Thẩm quyền ký": info.authority,
               "Chức vụ người ký": info.signer_title, "Người ký": info.signer}
    carried = ["Thông tin: tỉnh, tên đơn vị, địa danh, thẩm quyền ký, chức vụ và tên người ký."]
    to_fill = []
    old_upper = info.upper_level
    if goes_to_province(year) and _abolished(old_upper):
        upper = fields["Cấp trên trực tiếp"]
        to_fill.append(f"{_info_cell('upper_level')} Cấp trên trực tiếp: \"{old_upper}\" không còn từ "
                       f"{TWO_TIERS:%d/%m/%Y}; " + (f'đã ghi "{upper}", hãy kiểm tra.' if upper else
                                                    "hãy ghi UBND tỉnh."))
    else:
        fields["Cấp trên trực tiếp"] = old_upper
        carried.append("Thông tin: cấp trên trực tiếp.")
    to_fill.append(f"{_info_cell('summary')} Trích yếu: ghi mới cho năm {year}; hãy xem lại.")
    source[contract.TEXTS.sheet] = [{"Phần": p.part, "Nội dung": p.text} for p in last.paragraphs]
    carried.append(f"{contract.TEXTS.sheet}: {len(last.paragraphs)} đoạn.")
    projects, activities, codes, to_map = _projects(last, catalog)
    source[contract.PROJECTS.sheet], source[contract.ACTIVITIES.sheet] = projects, activities
    if projects:
        carried.append(f"{contract.PROJECTS.sheet}: {len(projects)} dòng ({', '.join(codes)}); "
                       f"{contract.ACTIVITIES.sheet}: {len(activities)} dòng.")
    recipients = [{"Nơi nhận": r.name} for r in last.recipients if r.name]
    source[contract.RECIPIENTS.sheet] = recipients
    carried.append(f"{contract.RECIPIENTS.sheet}: {len(recipients)} dòng.")
    to_fill += _fill_info(source) + _fill_bases_and_targets(catalog, year)
    with_money = list(dict.fromkeys(p.code for p in last.projects
                                    if p.amount is not None and p.code in {r["Mã"] for r in projects}))
    if with_money:
        to_fill.append(f"{contract.PROJECTS.sheet}: đã xóa kinh phí năm {info.year} của {', '.join(with_money)}; "
                       f"hãy nhập số tiền năm {year}, hoặc ghi nguồn kinh phí.")
    to_fill += to_map
    old = info.year
    if old:
        to_fill += [f"{_place(contract.TEXTS, 'text', i)}: còn ghi năm {old}; hãy sửa." for i, record in
                    enumerate(source[contract.TEXTS.sheet]) if _mentions(record["Nội dung"], old)]
        to_fill += [f"{_place(contract.PROJECTS, 'time', i)}: còn ghi năm {old}; hãy sửa." for i, record in
                    enumerate(projects) if _mentions(record.get("Thời gian thực hiện") or "", old)]
        to_fill += [f"{_place(contract.ACTIVITIES, 'text', i)}: còn ghi năm {old}; hãy sửa." for i, record in
                    enumerate(activities) if _mentions(record["Nội dung hoạt động"], old)]
    if goes_to_province(year):
        to_fill += [f"{_place(contract.RECIPIENTS, 'name', i)} \"{record['Nơi nhận']}\": từ {TWO_TIERS:%d/%m/%Y} "
                    f"không còn cấp huyện, Phòng, Sở LĐTBXH; hãy sửa." for i, record in enumerate(recipients)
                    if _abolished(record["Nơi nhận"])]
    if last_catalog.phase != catalog.phase:
        carried.append(f"Giai đoạn: {last_catalog.phase or '(chưa rõ)'} → {catalog.phase}.")
    return source, Report(tuple(carried), tuple(to_fill))

