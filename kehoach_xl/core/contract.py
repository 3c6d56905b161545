"""The workbook contract (version 1): sheet names, header labels and row labels.

Written once, here, as data: the reader, the validator, the builder and the
docs all take the workbook's shape from this module.  Adding columns or sheets
is fine; renaming or removing one needs a new contract version.
"""

from typing import NamedTuple

from kehoach_xl.core.findings import ERROR, WARNING

VERSION = 1


class Column(NamedTuple):
    """A column of an input table.

    `required`: every row must fill it.  `read`: the code reads it, so its
    header must be there; other columns (notes, hints, the project name a
    formula looks up) are for the official only.  `optional`: read where its
    header is, blank where it is not (a column added after workbooks were
    already made, which keep reading as before).
    """

    key: str
    label: str
    required: bool = True
    read: bool = True
    optional: bool = False


class Table(NamedTuple):
    sheet: str
    columns: tuple[Column, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(column.label for column in self.columns)


class Field(NamedTuple):
    """One row of a one-value-per-row sheet ("Thông tin", "Chỉ tiêu").

    `optional`: a row added to version 1 after workbooks were already sent;
    a workbook without it (every older one) reads as the field's default.
    """

    key: str
    label: str
    hint: str
    required: bool = True
    optional: bool = False


GUIDE = "Hướng dẫn"
CHECKS = "Kiểm tra"
SUMMARY = "Tổng hợp"

INFO = Table("Thông tin", (
    Column("label", "Thông tin"),
    Column("value", "Giá trị"),
    Column("hint", "Hướng dẫn", required=False, read=False),
))
BASES = Table("Căn cứ", (
    Column("kind", "Loại văn bản"),
    Column("number", "Số ký hiệu"),
    Column("date", "Ngày ban hành"),
    Column("issuer", "Cơ quan ban hành"),
    Column("summary", "Trích yếu"),
))
TEXTS = Table("Nội dung chung", (
    Column("part", "Phần"),
    Column("text", "Nội dung"),
))
TARGETS = Table("Chỉ tiêu", (
    Column("label", "Chỉ tiêu"),
    Column("value", "Giá trị"),
    Column("note", "Ghi chú", required=False, read=False),
))
PROJECTS = Table("Dự án", (
    Column("code", "Mã"),
    Column("name", "Tên dự án, tiểu dự án", required=False, read=False),
    Column("time", "Thời gian thực hiện", required=False),
    Column("amount", "Kinh phí (đồng)", required=False),
    Column("source", "Nguồn kinh phí", required=False),
    Column("assignment", "Phân công thực hiện", required=False),
))
ACTIVITIES = Table("Hoạt động", (
    Column("code", "Mã"),
    Column("text", "Nội dung hoạt động"),
))
RECIPIENTS = Table("Nơi nhận", (
    Column("name", "Nơi nhận"),
    Column("note", "Ghi chú", required=False, read=False),
))
ALLOCATED = Column("allocated", "Kinh phí được giao (đồng)", required=False, optional=True)
RESULTS = Table("Kết quả", (
    Column("code", "Mã"),
    Column("name", "Tên", required=False, read=False),
    Column("planned", "Kinh phí kế hoạch (đồng)", required=False, read=False),
    ALLOCATED,
    Column("text", "Kết quả thực hiện", required=False),
    Column("disbursed", "Kinh phí giải ngân (đồng)", required=False),
    Column("note", "Ghi chú", required=False, read=False),
))
"""The results of the year, one row per plan line with money or activities (the name and the planned money
are looked up by formulas, for the official; the core takes both from "Dự án").  "Kinh phí được giao": the
money allocated to the line for the year, the planned amount where left blank; a column since the 2027
workbooks' second version, blank in those made before."""
REPORT = Table("Báo cáo", (
    Column("label", "Nội dung"),
    Column("value", "Giá trị"),
    Column("hint", "Hướng dẫn", required=False, read=False),
))
TOTAL_LABELS = ("Tổng", "Tổng cộng", "Cộng", "Tổng số", "Tổng kinh phí", "Total")
"""What a line adding up the lines above says in its first cells (Excel's Total Row says "Total" or "Tổng")."""
CATALOG = Table("Danh mục", (
    Column("phase", "Giai đoạn"),
    Column("code", "Mã", required=False),
    Column("kind", "Loại"),
    Column("name", "Tên"),
    Column("parent", "Thuộc", required=False),
    Column("label", "Nhãn", required=False, read=False),
    Column("note", "Ghi chú", required=False, read=False),
))
"""The catalog of a phase (core/catalog.py); "Thuộc", "Nhãn" and "Ghi chú" since the 2026-2030 phase: the
plan reader never reads this sheet, so workbooks with the four first columns only stay readable."""
CATALOG_ORIGIN = "Nguồn danh mục"
"""The head of a block of label · value rows beside the table of "Danh mục" (from column I, after one blank
column): where an upper level's list comes from (since 2027). Outside the table, so readers before it, which
read the table's columns only, pass it by; a list or a workbook without it stays readable."""
ORIGIN_FIELDS = (
    Field("issuer", "Cơ quan ban hành", "Cơ quan ban hành danh mục, ví dụ: UBND tỉnh Thanh Hóa.", required=False),
    Field("document", "Văn bản", "Văn bản ban hành danh mục, ví dụ: Quyết định số 15/QĐ-UBND.", required=False),
    Field("date", "Ngày ban hành", "Ngày của văn bản (dd/mm/yyyy).", required=False),
    Field("file", "Tệp danh mục", "Tệp danh mục mà sổ được tạo từ đó (kehoach new --catalog ghi).",
          required=False),
    Field("fingerprint", "Mã kiểm tra", "Chương trình ghi khi tạo sổ từ danh mục cấp trên; danh mục sửa sau đó "
                                        "không còn khớp mã này. Không sửa tay.", required=False),
)
"""The rows of the origin block: who issued the list, in which document, on which date (the upper level fills
them in its list file), the file a workbook was made from and the list's fingerprint (the tool writes both
into a workbook it makes from the list)."""
ORIGIN_COLUMN = len(CATALOG.columns) + 2
"""The origin block's label column (I); its values are in the next one."""

INPUT_TABLES = (INFO, BASES, TEXTS, TARGETS, PROJECTS, ACTIVITIES, RECIPIENTS)
REPORT_TABLES = (RESULTS, REPORT)
"""The results report's sheets (since 2027): a workbook without them (a plan only, or made before) still reads."""
SHEETS = (GUIDE,) + tuple(t.sheet for t in INPUT_TABLES + REPORT_TABLES) + (CATALOG.sheet, CHECKS, SUMMARY)
OUTPUT_SHEETS = (CHECKS, SUMMARY)
FLAG_FILLS = {ERROR: "FFC7CE", WARNING: "FFEB9C"}
"""The fill (RRGGBB) the buttons give a cell with a finding, by severity; the guide shows them."""

YES, NO = "Có", "Không"
BUDGET_SUMMARY = Field("budget_summary", "Kèm bảng tổng hợp kinh phí",
                       f"{YES}: văn bản có mục Tổng hợp kinh phí (bảng và tổng số tiền); {NO}: bỏ mục này. "
                       f"Để trống là {YES}.", required=False, optional=True)
INFO_FIELDS = (
    Field("province", "Tỉnh", "Tên tỉnh, ví dụ: Thanh Hóa."),
    Field("upper_level", "Cấp trên trực tiếp",
          "Cơ quan nhận kế hoạch, ví dụ: UBND tỉnh Thanh Hóa (trước 2025: UBND huyện)."),
    Field("unit", "Tên đơn vị", "Viết thường chữ đầu, ví dụ: xã Cẩm Lương."),
    Field("year", "Năm kế hoạch", "Năm, ví dụ: 2023."),
    Field("phase", "Giai đoạn chương trình", "Ví dụ: 2021-2025 (phải có trong Danh mục)."),
    Field("number", "Số ký hiệu", "Ví dụ: 05/KH-UBND; để trống số cho văn thư: /KH-UBND."),
    Field("place", "Địa danh", "Địa danh ghi trước ngày tháng, ví dụ: Cẩm Lương."),
    Field("date", "Ngày ban hành",
          "Ngày (dd/mm/yyyy), hoặc chỉ tháng/năm (05/2023) để trống ngày cho lãnh đạo ký."),
    Field("summary", "Trích yếu", "Tên kế hoạch, viết sau chữ KẾ HOẠCH."),
    Field("authority", "Thẩm quyền ký", "Ví dụ: TM. ỦY BAN NHÂN DÂN."),
    Field("signer_title", "Chức vụ người ký", "Ví dụ: CHỦ TỊCH."),
    Field("signer", "Người ký", "Họ và tên người ký."),
    BUDGET_SUMMARY,
)

TARGET_FIELDS = (
    Field("households", "Tổng số hộ", "Tổng số hộ trên địa bàn đầu năm."),
    Field("poor", "Số hộ nghèo đầu năm", "Theo kết quả rà soát cuối năm trước."),
    Field("near_poor", "Số hộ cận nghèo đầu năm", "Theo kết quả rà soát cuối năm trước."),
    Field("poor_cut", "Chỉ tiêu giảm hộ nghèo", "Số hộ nghèo giảm trong năm (trở lên)."),
    Field("near_poor_cut", "Chỉ tiêu giảm hộ cận nghèo", "Số hộ cận nghèo giảm trong năm (trở lên)."),
    Field("assigned_poor_cut", "Cấp trên giao giảm hộ nghèo", "Chỉ tiêu cấp trên giao (nếu có).",
          required=False),
    Field("assigned_near_poor_cut", "Cấp trên giao giảm hộ cận nghèo", "Chỉ tiêu cấp trên giao (nếu có).",
          required=False),
)

PURPOSE = "Mục đích"
REQUIREMENTS = "Yêu cầu"
GENERAL_GOAL = "Mục tiêu chung"
ORGANISATION = "Tổ chức thực hiện"
TEXT_PARTS = (PURPOSE, REQUIREMENTS, GENERAL_GOAL, ORGANISATION)

CATALOG_PROJECT = "Dự án"
CATALOG_SUBPROJECT = "Tiểu dự án"
CATALOG_SOURCE = "Nguồn kinh phí"

HALF_YEAR, FULL_YEAR = "6 tháng", "cả năm"
PERIODS = (HALF_YEAR, FULL_YEAR)
REPORT_FIELDS = (
    Field("period", "Kỳ báo cáo", f"{HALF_YEAR} hoặc {FULL_YEAR} (chọn trong danh sách). Để trống khi chưa báo "
                                  f"cáo: các ô dưới chỉ được kiểm tra khi đã chọn kỳ.", required=False),
    Field("as_of", "Ngày số liệu", "Nhập ngày chốt số liệu (dd/mm/yyyy), trong năm kế hoạch, ví dụ 15/06/2027."),
    Field("number", "Số ký hiệu báo cáo", "Ví dụ 12/BC-UBND; để trống số cho văn thư: /BC-UBND.", required=False),
    Field("date", "Ngày báo cáo", "Ngày ký (dd/mm/yyyy), hoặc chỉ tháng/năm (06/2027) để trống ngày.",
          required=False),
    Field("poor_end", "Số hộ nghèo cuối kỳ", "Nhập số hộ nghèo tại ngày số liệu."),
    Field("near_poor_end", "Số hộ cận nghèo cuối kỳ", "Nhập số hộ cận nghèo tại ngày số liệu."),
    Field("escaped", "Số hộ thoát nghèo", "Nhập số hộ thoát nghèo từ đầu năm đến ngày số liệu (0 nếu không có)."),
    Field("fell_back", "Số hộ tái nghèo", "Nhập số hộ đã thoát nghèo nay nghèo lại, từ đầu năm (0 nếu không có)."),
    Field("new_poor", "Số hộ nghèo phát sinh mới", "Nhập số hộ nghèo mới, từ đầu năm (0 nếu không có)."),
    Field("moved_in", "Số hộ nghèo chuyển đến", "Số hộ nghèo từ xã khác chuyển đến, từ đầu năm (nếu có).", required=False),
    Field("moved_out", "Số hộ nghèo chuyển đi", "Số hộ nghèo chuyển đi xã khác, từ đầu năm (nếu có).", required=False),
    Field("households_end", "Tổng số hộ cuối kỳ",
          "Tổng số hộ trên địa bàn tại ngày số liệu: mẫu số của tỷ lệ cuối kỳ. Để trống thì tính trên tổng số hộ "
          "đầu năm.", required=False, optional=True),
    Field("escaped_to_near_poor", "Số hộ thoát nghèo lên cận nghèo",
          "Trong số hộ thoát nghèo, số hộ trở thành hộ cận nghèo (nếu có số liệu).", required=False, optional=True),
    Field("escaped_above", "Số hộ thoát nghèo vượt chuẩn cận nghèo",
          "Trong số hộ thoát nghèo, số hộ vượt qua chuẩn cận nghèo (nếu có số liệu).", required=False, optional=True),
    Field("near_poor_escaped", "Số hộ thoát cận nghèo",
          "Số hộ cận nghèo vượt chuẩn cận nghèo, từ đầu năm (nếu có số liệu).", required=False, optional=True),
    Field("near_poor_new", "Số hộ cận nghèo phát sinh mới",
          "Số hộ cận nghèo mới (không kể hộ nghèo lên cận nghèo), từ đầu năm (nếu có số liệu).", required=False,
          optional=True),
    Field("near_poor_to_poor", "Số hộ cận nghèo rơi xuống nghèo",
          "Số hộ cận nghèo trở thành hộ nghèo, từ đầu năm (nếu có).", required=False, optional=True),
    Field("near_poor_moved_in", "Số hộ cận nghèo chuyển đến", "Từ xã khác chuyển đến, từ đầu năm (nếu có).",
          required=False, optional=True),
    Field("near_poor_moved_out", "Số hộ cận nghèo chuyển đi", "Chuyển đi xã khác, từ đầu năm (nếu có).",
          required=False, optional=True),
    Field("estimate_poor_cut", "Ước số hộ nghèo giảm cả năm",
          "Báo cáo 6 tháng: số hộ nghèo ước giảm trong cả năm (nếu có).", required=False, optional=True),
    Field("estimate_near_poor_cut", "Ước số hộ cận nghèo giảm cả năm",
          "Báo cáo 6 tháng: số hộ cận nghèo ước giảm trong cả năm (nếu có).", required=False, optional=True),
    Field("estimate_disbursed", "Ước kinh phí giải ngân cả năm (đồng)",
          "Báo cáo 6 tháng: số tiền ước giải ngân đến hết năm (nếu có).", required=False, optional=True),
    Field("steering", "Công tác chỉ đạo, điều hành", "Ghi văn bản, hội nghị, kiểm tra đã làm trong kỳ."),
    Field("strengths", "Ưu điểm", "Ghi những việc đã làm tốt."),
    Field("weaknesses", "Tồn tại hạn chế", "Ghi những việc chưa làm được."),
    Field("causes", "Nguyên nhân", "Ghi nguyên nhân của tồn tại, hạn chế."),
    Field("directions", "Phương hướng nhiệm vụ", "Ghi việc sẽ làm trong kỳ tới."),
    Field("proposals", "Kiến nghị đề xuất", "Ghi đề nghị với cấp trên."),
)
"""The rows of "Báo cáo": the period and the date of its figures, the households at the end of it and how they
moved, and the texts of the report's sections.  The rows from "Tổng số hộ cuối kỳ" to the estimates were added
to version 1 later (optional: a workbook without them reads as blank)."""
REPORT_COUNTS = ("poor_end", "near_poor_end", "escaped", "fell_back", "new_poor", "moved_in", "moved_out",
                 "households_end", "escaped_to_near_poor", "escaped_above", "near_poor_escaped", "near_poor_new",
                 "near_poor_to_poor", "near_poor_moved_in", "near_poor_moved_out", "estimate_poor_cut",
                 "estimate_near_poor_cut")
"""The rows of "Báo cáo" that hold households (whole numbers, one range of rows)."""
REPORT_MONEY = ("estimate_disbursed",)
"""The rows of "Báo cáo" that hold money (đồng)."""
