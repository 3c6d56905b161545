"""A province's own list of the 2026-2030 program, three levels deep, and 2027 plans made on it.

The list is what an upper level issues: two hợp phần, three nội dung thành
phần, six nội dung, codes with two dots, labels as the province's text writes
them ("Nội dung 3.2", not the code's last number), and a parent that the code's
spelling does not give away (HP1.3 is the second nội dung thành phần of HP1).
"""

from pathlib import Path

import openpyxl

from helpers import kehoach

PHASE = "2026-2030"
ITEMS = [  # code, kind, name, parent, label
    ("HP1", "Hợp phần", "Xây dựng nông thôn mới và giảm nghèo bền vững", "", "Hợp phần 1"),
    ("HP1.1", "Nội dung thành phần", "Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế", "HP1",
     "Nội dung thành phần 1"),
    ("HP1.1.1", "Nội dung", "Hỗ trợ phát triển sản xuất theo chuỗi giá trị", "HP1.1", "Nội dung 1.1"),
    ("HP1.1.2", "Nội dung", "Hỗ trợ phát triển sản xuất cộng đồng", "HP1.1", "Nội dung 1.2"),
    ("HP1.3", "Nội dung thành phần", "Truyền thông và giảm nghèo về thông tin", "HP1", "Nội dung thành phần 3"),
    ("HP1.3.1", "Nội dung", "Giảm nghèo về thông tin", "HP1.3", "Nội dung 3.1"),
    ("HP1.3.2", "Nội dung", "Truyền thông về giảm nghèo đa chiều", "HP1.3", "Nội dung 3.2"),
    ("HP2", "Hợp phần", "Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi", "",
     "Hợp phần 2"),
    ("HP2.1", "Nội dung thành phần", "Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt",
     "HP2", "Nội dung thành phần 1"),
    ("HP2.1.1", "Nội dung", "Hỗ trợ nhà ở", "HP2.1", "Nội dung 1.1"),
    ("HP2.1.2", "Nội dung", "Hỗ trợ nước sinh hoạt phân tán", "HP2.1", "Nội dung 1.2"),
]
SOURCES = ["Ngân sách trung ương", "Ngân sách tỉnh", "Theo phân bổ của cấp trên"]

PLAN_3 = [  # code, amount (None: by allocation), activity: filled at the third level
    ("HP1", None, None), ("HP1.1", None, None),
    ("HP1.1.1", 10_000_000, "Xây dựng dự án liên kết chuỗi giá trị chè."),
    ("HP1.1.2", 5_000_000, "Hỗ trợ tổ cộng đồng nuôi bò sinh sản."),
    ("HP1.3", None, None), ("HP1.3.2", 3_000_000, "Hội nghị truyền thông giảm nghèo đa chiều."),
    ("HP1.3.1", None, "Bồi dưỡng cán bộ thông tin cơ sở."),
    ("HP2", None, None), ("HP2.1", None, None), ("HP2.1.1", 40_000_000, "Hỗ trợ làm mới 1 nhà ở."),
]
"""Lines out of catalog order on purpose (HP1.3.2 before HP1.3.1): the document follows the catalog."""
PLAN_2 = [  # the same list, filled at the second level only
    ("HP1", None, None), ("HP1.1", 12_000_000, "Hỗ trợ phát triển sản xuất."),
    ("HP1.3", 2_000_000, "Truyền thông về giảm nghèo."),
    ("HP2", None, None), ("HP2.1", 30_000_000, "Hỗ trợ nhà ở, nước sinh hoạt."),
]


def province_list(path: Path) -> Path:
    """The province's "Danh mục" file, started as a province would, from `kehoach catalog export`."""
    exported = path.with_name("xuat-" + path.name)
    assert kehoach("catalog", "export", PHASE, "-o", exported).returncode == 0
    book = openpyxl.load_workbook(exported)
    sheet = book["Danh mục"]
    sheet.delete_rows(2, sheet.max_row)
    for code, kind, name, parent, label in ITEMS:
        sheet.append([PHASE, code, kind, name, parent or None, label, None])
    for source in SOURCES:
        sheet.append([PHASE, None, "Nguồn kinh phí", source])
    book.save(path)
    return path


def blank(folder: Path, listed: Path, unit: str = "xã Cẩm Lương") -> Path:
    out = folder / "KeHoach_2027_trong.xlsm"
    result = kehoach("new", "--year", 2027, "-o", out, "--unit", unit, "--province", "Thanh Hóa",
                     "--catalog", listed)
    assert result.returncode == 0, result.stderr
    return out


def fill(path: Path, out: Path, lines: list[tuple[str, int | None, str | None]], unit: str | None = None,
         summary: str | None = None) -> Path:
    """What the official types into the province's blank workbook: the month, signer, targets, the lines."""
    book = openpyxl.load_workbook(path, keep_vba=True)
    info = book["Thông tin"]
    info["B13"] = "Bùi Quốc Bảo"
    info["B9"] = "02/2027"
    if unit:
        info["B4"] = unit
    if summary:
        info["B10"] = summary
    for row, value in enumerate((1450, 95, 120, 17, 5), start=2):
        book["Chỉ tiêu"][f"B{row}"] = value
    projects, activities = book["Dự án"], book["Hoạt động"]
    for sheet in (projects, activities):  # the empty table row the builder leaves goes
        sheet.delete_rows(2)
    for code, amount, activity in lines:
        source = None if amount is not None or activity is None else "Theo phân bổ của cấp trên"
        assignment = "Giao công chức văn hóa - xã hội." if activity else None
        projects.append([code, None, "Cả năm" if activity else None, amount, source, assignment])
        if activity:
            activities.append([code, activity])
    for sheet in (projects, activities):
        for row in sheet.iter_rows(min_row=2, max_col=1):
            row[0].number_format = "@"
    book.save(out)
    return out
