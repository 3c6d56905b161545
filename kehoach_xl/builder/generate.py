"""Realistic commune workbooks for tests, benchmarks and demos, and the truth about them.

`generate(folder, count, seed)` writes `count` workbooks of different communes
(names, years, projects chosen from the catalog, amounts, activities,
targets), some with one defect each, and returns what a correct
consolidation must find in them.  The same seed gives the same files.
"""

import random
from dataclasses import dataclass
from pathlib import Path

from kehoach_xl.builder.build import build_workbook, load_source, xlsx_bytes
from kehoach_xl.builder.xlsm import with_fixed_times
from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog, for_year
from kehoach_xl.core.document import program_name
from kehoach_xl.core.new_plan import TWO_TIERS, blank_plan, to_province
from kehoach_xl.io.catalogs import shipped
from kehoach_xl.io.output import write_new

YEARS = (2023, 2024, 2025, 2026, 2027)
"""Plans of both phases: 2021-2025 (Dự án 1-7) and 2026-2030 (its components)."""
BIG = ("DA1", "DA5")
"""Infrastructure and housing: chosen less often, with larger amounts."""
FIRST = ("Tân", "Yên", "Phú", "Xuân", "Thạch", "Cẩm", "Hòa", "An", "Bình", "Đông", "Tây", "Nam",
         "Bắc", "Quảng", "Thanh", "Hợp", "Trung", "Vĩnh", "Minh", "Hưng", "Đức", "Kim", "Ngọc",
         "Hồng", "Lạc", "Long", "Phúc", "Thọ", "Thiệu", "Hoằng", "Nga", "Định", "Triệu", "Mường",
         "Sơn", "Lâm", "Văn", "Quang", "Thượng", "Cao")
SECOND = ("Lương", "Phong", "Lộc", "Thành", "Hòa", "Bình", "Sơn", "Lâm", "Tiến", "Thịnh", "Phú",
          "Quý", "Hưng", "Long", "Yên", "Châu", "Hải", "Giang", "Xuyên", "Đồng", "Trường", "Khê",
          "Thủy", "Vân", "Tâm", "Cát", "Tường", "An", "Lợi", "Nghĩa", "Thắng", "Hợp", "Mỹ", "Đạt",
          "Lĩnh", "Tân", "Thuận", "Trung", "Ninh", "Hà")
PROVINCES = {
    "Thanh Hóa": ("Cẩm Thủy", "Bá Thước", "Quan Hóa", "Lang Chánh", "Ngọc Lặc", "Thường Xuân"),
    "Nghệ An": ("Kỳ Sơn", "Tương Dương", "Quế Phong", "Con Cuông", "Anh Sơn"),
    "Sơn La": ("Mường La", "Bắc Yên", "Phù Yên", "Sông Mã", "Sốp Cộp"),
    "Lào Cai": ("Bắc Hà", "Si Ma Cai", "Mường Khương", "Bát Xát"),
    "Quảng Trị": ("Hướng Hóa", "Đakrông", "Gio Linh", "Vĩnh Linh"),
}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Bùi", "Đỗ", "Vũ", "Hà", "Lò", "Lương", "Đinh")
MIDDLE = ("Văn", "Thị", "Quốc", "Đình", "Minh", "Hữu", "Thanh", "Ngọc")
GIVEN = ("Bảo", "Hùng", "Hoa", "Phúc", "Nam", "Lan", "Tuấn", "Thắng", "Sơn", "Mai", "Dũng", "Hằng")
TIMES = ("", "Cả năm", "Quý II - Quý III", "Dự kiến tháng 6", "Từ tháng 7 đến hết tháng 9",
         "Thường xuyên hàng tháng, quý.")
SOURCES_WITHOUT_AMOUNT = (
    "Theo phân bổ của cấp trên và từ nguồn vận động hợp pháp khác",
    "Do phân bổ cấp trên hoặc từ các nguồn vận động hợp pháp khác",
    "Vốn lồng ghép các chương trình, dự án khác",
)
SOURCES_WITH_AMOUNT = ("", "Ngân sách trung ương", "Ngân sách tỉnh", "Ngân sách xã")
ASSIGNMENTS = (
    "Giao công chức văn hóa - xã hội chủ trì, phối hợp với các ban, ngành, đoàn thể tổ chức thực hiện.",
    "Giao công chức địa chính - nông nghiệp phối hợp với các đơn vị có liên quan, căn cứ hướng dẫn "
    "của cấp trên để tổ chức thực hiện.",
    "Giao công chức văn phòng - thống kê chủ trì, phối hợp với trạm y tế và các thôn tổ chức thực hiện.",
    "Giao công chức lao động - thương binh và xã hội tham mưu, phối hợp với các đơn vị liên quan thực hiện.",
)
ACTIVITIES = {
    "DA1": ("Đầu tư xây dựng, cải tạo đường giao thông nông thôn phục vụ dân sinh, sản xuất.",
            "Sửa chữa, nâng cấp công trình thủy lợi nhỏ phục vụ sản xuất."),
    "DA2": ("Xây dựng dự án giảm nghèo phát triển sản xuất liên kết theo chuỗi giá trị.",
            "Xây dựng dự án giảm nghèo phát triển sản xuất cộng đồng."),
    "DA3.1": ("Tập huấn kỹ thuật, cung cấp giống cây trồng, vật nuôi cho hộ nghèo, hộ cận nghèo.",
              "Phát triển hệ thống lương thực, thực phẩm đảm bảo đủ dinh dưỡng."),
    "DA3.2": ("Can thiệp phòng chống suy dinh dưỡng cho bà mẹ, trẻ em dưới 5 tuổi thuộc hộ nghèo.",
              "Cải thiện chất lượng bữa ăn học đường và giáo dục chăm sóc dinh dưỡng."),
    "DA4.1": ("Tổ chức mở 01 lớp đào tạo nghề cho người lao động thuộc hộ nghèo, hộ cận nghèo.",
              "Tư vấn, hướng nghiệp cho học sinh, thanh niên thuộc hộ nghèo."),
    "DA4.2": ("Tuyên truyền, tư vấn cho người lao động đi làm việc ở nước ngoài theo hợp đồng.",),
    "DA4.3": ("Hỗ trợ giao dịch việc làm, kết nối việc làm thành công.",
              "Thu thập, phân tích, dự báo thị trường lao động."),
    "DA5": ("Hỗ trợ xây mới, sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo.",),
    "DA6.1": ("Bồi dưỡng kỹ năng cho cán bộ thông tin cơ sở và cộng tác viên ở các thôn.",
              "Nâng cấp cơ sở vật chất cho hoạt động thông tin cơ sở."),
    "DA6.2": ("Truyền thông trên hệ thống phát thanh của xã, các thôn về giảm nghèo bền vững.",
              "Tổ chức hội nghị truyền thông về giảm nghèo bền vững."),
    "DA7.1": ("Mở 01 lớp tập huấn nâng cao năng lực cán bộ làm công tác giảm nghèo ở xã, các thôn.",),
    "DA7.2": ("Giám sát, đánh giá kết quả thực hiện các chính sách giảm nghèo.",
              "Rà soát hộ nghèo, hộ cận nghèo hằng năm."),
    "HP1": ("Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế cho hộ nghèo, hộ cận nghèo.",
            "Truyền thông về giảm nghèo bền vững và xây dựng nông thôn mới.",
            "Rà soát hộ nghèo, hộ cận nghèo theo chuẩn nghèo giai đoạn 2026 - 2030."),
    "HP2": ("Hỗ trợ phát triển sản xuất cho hộ đồng bào dân tộc thiểu số.",
            "Đào tạo nghề, hỗ trợ việc làm cho lao động vùng đồng bào dân tộc thiểu số và miền núi."),
}
UNKNOWN_CODE = "DA9"
REPORTED = 0.6
"""The share of communes that have sent their results report with the plan."""
RESULT_TEXTS = ("Đã triển khai theo kế hoạch.", "Đã hoàn thành.", "Đang triển khai, dự kiến xong trong quý IV.",
                "Đã tổ chức 02 lớp, 60 lượt người tham gia.", "Chưa triển khai do chưa được phân bổ kinh phí.")
DEFECTS = ("money-text", "unknown-code", "excel-error", "missing-sheet", "unreadable")
"""One defect per defective workbook: the kind, and the finding a consolidation reports."""


@dataclass(frozen=True)
class Truth:
    """What a correct consolidation finds in one generated file.

    `by_code` and `grand_total` count only amounts the reader can take as
    numbers, on leaf lines; `without_amount` lists the other leaf lines;
    `defect` names one of DEFECTS and `defect_place` its cell; `phase` is the
    year's; `unconfirmed` lists the rows' codes whose names the catalog marks
    unconfirmed (each an item-unconfirmed warning, 2026-2030's components).
    """

    file: str
    unit: str
    year: int
    by_code: dict[str, int]
    by_project: dict[str, int]
    grand_total: int
    targets: dict[str, int | None]
    defect: str | None = None
    defect_place: str = ""
    without_amount: tuple[str, ...] = ()
    phase: str = ""
    unconfirmed: tuple[str, ...] = ()
    by_item: dict[str, int] | None = None
    reported: bool = False
    disbursed: int | None = None
    """The money disbursed in all, where the commune reported its results."""


def unit_names(rng: random.Random, count: int) -> list[str]:
    """`count` different commune names: "xã Tân Phong", "phường Yên Lạc", …"""
    pairs = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(pairs)
    names = []
    for i in range(count):
        name = pairs[i % len(pairs)] + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "")
        names.append(("phường " if rng.random() < 0.1 else "xã ") + name)
    return names


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _leaves(rng: random.Random, catalog: Catalog) -> list[tuple[str, list[str]]]:
    """Items chosen from the catalog, each with the confirmed sub-items chosen (or none)."""
    tops = [item.code for item in catalog.top]
    projects = [code for code in tops if code not in BIG or rng.random() < 0.3]
    chosen = sorted(rng.sample(projects, rng.randint(min(3, len(projects)), len(projects))), key=tops.index)
    result = []
    for code in chosen:
        subs = [item.code for item in catalog.children(code) if item.confirmed]
        result.append((code, sorted(rng.sample(subs, rng.randint(1, len(subs)))) if subs else []))
    return result


def _amount(rng: random.Random, code: str) -> int | None:
    if rng.random() < 0.25:
        return None
    if code in BIG:
        return rng.randrange(100, 3000) * 1_000_000
    return rng.randrange(4, 400) * 500_000


def commune_source(rng: random.Random, unit: str, year: int, province: str) -> dict:
    """A plan of one commune, shaped like data/example-cam-luong-2023.json, with no mistake.

    Its phase is the year's; from 2025 it goes to the province (issued after the
    districts went, 1 July 2025), before to a district of the province.
    """
    catalog = for_year(shipped(), year)
    source, _ = blank_plan(load_source("blank"), catalog, year, unit, province)
    two_tiers = year >= TWO_TIERS.year
    district = rng.choice(PROVINCES[province])
    upper = f"UBND tỉnh {province}" if two_tiers else f"UBND huyện {district}"
    area = f"tỉnh {province}" if two_tiers else f"huyện {district}"
    month = rng.randint(TWO_TIERS.month + 1, 11) if year == TWO_TIERS.year else rng.randint(2, 6)
    day = rng.choice([None, rng.randint(1, 28)])
    issued = f"{year}-{month:02d}-{day:02d}" if day else f"{month:02d}/{year}"
    source[contract.INFO.sheet] |= {
        "Cấp trên trực tiếp": upper, "Ngày ban hành": issued, "Người ký": _person(rng),
        "Số ký hiệu": rng.choice(["/KH-UBND", f"{rng.randint(1, 60):02d}/KH-UBND"]),
    }
    if two_tiers:
        source[contract.RECIPIENTS.sheet] = to_province(load_source("blank")[contract.RECIPIENTS.sheet], upper)
    source[contract.BASES.sheet].append(
        {"Loại văn bản": "Kế hoạch", "Số ký hiệu": f"{rng.randint(10, 200)}/KH-UBND",
         "Ngày ban hành": f"{year}-{month - 1:02d}-{rng.randint(1, 28):02d}", "Cơ quan ban hành": upper,
         "Trích yếu": f"về thực hiện {program_name(catalog)} năm {year} trên địa bàn {area}"})
    households = rng.randint(600, 6000)
    poor = round(households * rng.uniform(0.03, 0.25))
    near_poor = round(households * rng.uniform(0.03, 0.15))
    poor_cut = round(households * rng.uniform(0.008, 0.02))
    near_poor_cut = round(near_poor * rng.uniform(0.0, 0.2))
    assigned = rng.choice([None, poor_cut, poor_cut - rng.randint(1, 3)])
    assigned_near = rng.choice([None, near_poor_cut])
    values = (households, poor, near_poor, poor_cut, near_poor_cut, assigned, assigned_near)
    source[contract.TARGETS.sheet] = {f.label: [v, ""] for f, v in zip(contract.TARGET_FIELDS, values)}
    projects, activities = [], []
    for code, subs in _leaves(rng, catalog):
        for leaf in subs or [code]:
            amount = _amount(rng, leaf)
            projects.append({
                "Mã": leaf, "Thời gian thực hiện": rng.choice(TIMES), "Kinh phí (đồng)": amount,
                "Nguồn kinh phí": rng.choice(SOURCES_WITH_AMOUNT if amount else SOURCES_WITHOUT_AMOUNT),
                "Phân công thực hiện": rng.choice(ASSIGNMENTS)})
            texts = ACTIVITIES[leaf]
            activities += [{"Mã": leaf, "Nội dung hoạt động": t}
                           for t in rng.sample(texts, rng.randint(1, len(texts)))]
        if subs:
            projects.insert(len(projects) - len(subs), {"Mã": code, "Kinh phí (đồng)": None})
    source[contract.PROJECTS.sheet] = projects
    source[contract.ACTIVITIES.sheet] = activities
    if rng.random() < REPORTED:
        _add_results(rng, source, year)
    return source


def _add_results(rng: random.Random, source: dict, year: int) -> None:
    """A results report with no mistake: a result for every line with activities, money disbursed up to
    the amount planned, households whose flows add up."""
    codes = {row["Mã"] for row in source[contract.ACTIVITIES.sheet]}
    results = []
    for row in source[contract.PROJECTS.sheet]:
        if row["Mã"] not in codes:
            continue
        amount = row["Kinh phí (đồng)"]
        disbursed = amount * rng.choice((10, 10, 8, 5, 0)) // 10 if isinstance(amount, int) else None
        results.append({"Mã": row["Mã"], "Kết quả thực hiện": rng.choice(RESULT_TEXTS),
                        "Kinh phí giải ngân (đồng)": disbursed})
    source[contract.RESULTS.sheet] = results
    targets = source[contract.TARGETS.sheet]
    poor, near_poor = targets["Số hộ nghèo đầu năm"][0], targets["Số hộ cận nghèo đầu năm"][0]
    escaped = rng.randint(0, min(poor, targets["Chỉ tiêu giảm hộ nghèo"][0] + 5))
    flows = {"Số hộ thoát nghèo": escaped, "Số hộ tái nghèo": rng.randint(0, 2),
             "Số hộ nghèo phát sinh mới": rng.randint(0, 3), "Số hộ nghèo chuyển đến": rng.randint(0, 1),
             "Số hộ nghèo chuyển đi": rng.randint(0, 1) if poor > escaped else 0}
    end = (poor - escaped + flows["Số hộ tái nghèo"] + flows["Số hộ nghèo phát sinh mới"]
           + flows["Số hộ nghèo chuyển đến"] - flows["Số hộ nghèo chuyển đi"])
    half = rng.random() < 0.5
    source[contract.REPORT.sheet] |= {
        "Kỳ báo cáo": contract.HALF_YEAR if half else contract.FULL_YEAR,
        "Ngày số liệu": f"{year}-06-30" if half else f"{year}-12-15", "Số hộ nghèo cuối kỳ": end, **flows,
        "Số hộ cận nghèo cuối kỳ": max(0, near_poor - rng.randint(0, 6))}


def truth_of(source: dict, file: str, defect: str | None = None, defect_place: str = "") -> Truth:
    """The totals and targets a consolidation must show for a source."""
    info = source[contract.INFO.sheet]
    rows = source[contract.PROJECTS.sheet]
    catalog = for_year(shipped(), info["Năm kế hoạch"])
    parents = {above for row in rows for above in catalog.ancestors(row["Mã"])}
    by_code: dict[str, int] = {}
    by_item: dict[str, int] = {}
    without: list[str] = []
    for row in rows:
        if row["Mã"] in parents:
            continue
        amount = row.get("Kinh phí (đồng)")
        if isinstance(amount, int):
            by_code[row["Mã"]] = by_code.get(row["Mã"], 0) + amount
            for code in (*catalog.ancestors(row["Mã"]), row["Mã"]):
                by_item[code] = by_item.get(code, 0) + amount
        else:
            without.append(row["Mã"])
    by_project = {code: amount for code, amount in by_item.items() if not catalog.ancestors(code)}
    targets = {f.key: source[contract.TARGETS.sheet][f.label][0] for f in contract.TARGET_FIELDS}\
        if defect != "missing-sheet" else {f.key: None for f in contract.TARGET_FIELDS}
    unconfirmed = tuple(row["Mã"] for row in rows if (item := catalog.item(row["Mã"])) and not item.confirmed)
    reported = bool(source[contract.REPORT.sheet].get("Kỳ báo cáo"))
    disbursed = sum(row.get("Kinh phí giải ngân (đồng)") or 0 for row in source[contract.RESULTS.sheet]
                    if row["Mã"] not in parents)
    return Truth(file, info["Tên đơn vị"], info["Năm kế hoạch"], by_code, by_project,
                 sum(by_code.values()), targets, defect, defect_place, tuple(without), catalog.phase, unconfirmed,
                 by_item, reported, disbursed if reported else None)


def _row_of(source: dict, code: str) -> int:
    """The sheet row (1-based, header on row 1) of a project code on "Dự án"."""
    return 2 + [row["Mã"] for row in source[contract.PROJECTS.sheet]].index(code)


def _with_amount(source: dict) -> list[str]:
    return [row["Mã"] for row in source[contract.PROJECTS.sheet] if isinstance(row["Kinh phí (đồng)"], int)]


def spoil(source: dict, defect: str, rng: random.Random) -> str:
    """Put one defect into a source and return its place; `write_commune` does the workbook-level ones."""
    projects = source[contract.PROJECTS.sheet]
    with_amount = _with_amount(source) or [next(r["Mã"] for r in projects if r.get("Phân công thực hiện"))]
    if defect == "money-text":
        code = rng.choice(with_amount)
        row = projects[_row_of(source, code) - 2]
        row["Kinh phí (đồng)"] = f"{(row['Kinh phí (đồng)'] or 5_000_000) // 1_000_000} triệu"
        return f"{contract.PROJECTS.sheet}!D{_row_of(source, code)}"
    if defect == "excel-error":
        code = rng.choice(with_amount)
        projects[_row_of(source, code) - 2] |= {"Kinh phí (đồng)": "#REF!", "Nguồn kinh phí": ""}
        return f"{contract.PROJECTS.sheet}!D{_row_of(source, code)}"
    if defect == "unknown-code":
        projects.append({"Mã": UNKNOWN_CODE, "Thời gian thực hiện": "", "Kinh phí (đồng)": None,
                         "Nguồn kinh phí": SOURCES_WITHOUT_AMOUNT[0], "Phân công thực hiện": ASSIGNMENTS[0]})
        source[contract.ACTIVITIES.sheet].append({"Mã": UNKNOWN_CODE,
                                                  "Nội dung hoạt động": ACTIVITIES["DA2"][0]})
        return f"{contract.PROJECTS.sheet}!A{len(projects) + 1}"
    if defect == "missing-sheet":
        return contract.TARGETS.sheet
    return ""


def write_commune(path: Path, source: dict, defect: str | None = None) -> Path:
    """Build the workbook of a source into a new file at `path` (never overwriting)."""
    book = build_workbook(source)
    if defect == "missing-sheet":
        del book[contract.TARGETS.sheet]

    def save(target: Path) -> None:
        content = with_fixed_times(xlsx_bytes(book))
        target.write_bytes(content[:3000] if defect == "unreadable" else content)

    return write_new(path, save)


def file_name(rng: random.Random, unit: str, year: int) -> str:
    """Names as they arrive by email: some with diacritics, some without."""
    if rng.random() < 0.5:
        return f"Kế hoạch giảm nghèo {unit} {year}.xlsx"
    ascii_name = unit.translate(_ASCII).replace(" ", "_")
    return f"KeHoach_{ascii_name[0].upper()}{ascii_name[1:]}_{year}.xlsx"


_ASCII = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
    "AAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD")


def defective_count(count: int) -> int:
    """One in eight workbooks has a defect, and every kind of defect appears once there are enough."""
    return min(count, max(len(DEFECTS), -(-count // 8)))


def generate(folder: Path, count: int, seed: int = 0) -> list[Truth]:
    """Write `count` commune workbooks into `folder`; the truth about each, in file order."""
    rng = random.Random(seed)
    province = rng.choice(sorted(PROVINCES))
    units = unit_names(rng, count)
    defective = rng.sample(range(count), defective_count(count))
    defects = {index: DEFECTS[i % len(DEFECTS)] for i, index in enumerate(defective)}
    truths = []
    for index, unit in enumerate(units):
        year = rng.choice(YEARS)
        source = commune_source(rng, unit, year, province)
        defect = defects.get(index)
        place = spoil(source, defect, rng) if defect else ""
        path = write_commune(folder / file_name(rng, unit, year), source, defect)
        truths.append(truth_of(source, path.name, defect, place))
    return truths
