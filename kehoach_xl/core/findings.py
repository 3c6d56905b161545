"""Findings: what is wrong in a workbook, where, and what to change.

Every kind of finding has a stable code listed once in CODES; docs/findings.md
is generated from it (`python -m kehoach_xl.core.findings`).
"""

from typing import NamedTuple

from kehoach_xl.core.money import format_count

ERROR = "Lỗi"
WARNING = "Cảnh báo"


class Kind(NamedTuple):
    severity: str
    about: str


CODES: dict[str, Kind] = {
    "missing-sheet": Kind(ERROR, "Thiếu một trang tính của mẫu kế hoạch."),
    "missing-header": Kind(ERROR, "Không tìm thấy dòng tiêu đề hoặc thiếu một cột tiêu đề."),
    "missing-row": Kind(ERROR, "Thiếu một dòng bắt buộc trên trang Thông tin hoặc Chỉ tiêu."),
    "required-blank": Kind(ERROR, "Ô bắt buộc để trống."),
    "unknown-part": Kind(ERROR, "Phần không có trong mẫu trên trang Nội dung chung."),
    "missing-part": Kind(ERROR, "Một phần của Nội dung chung chưa có đoạn văn nào."),
    "unknown-phase": Kind(ERROR, "Giai đoạn chương trình không có trong Danh mục."),
    "unknown-code": Kind(ERROR, "Mã dự án, tiểu dự án không có trong Danh mục."),
    "duplicate-code": Kind(ERROR, "Một dự án, tiểu dự án được ghi hai lần."),
    "subproject-without-project": Kind(ERROR, "Tiểu dự án không có dòng dự án của nó."),
    "activity-without-project": Kind(ERROR, "Hoạt động mang mã không có trên trang Dự án."),
    "project-without-activity": Kind(ERROR, "Dự án, tiểu dự án chưa có hoạt động nào."),
    "no-projects": Kind(ERROR, "Kế hoạch chưa có dự án nào."),
    "money-negative": Kind(ERROR, "Kinh phí âm."),
    "money-fractional": Kind(ERROR, "Kinh phí có phần lẻ dưới một đồng."),
    "money-text": Kind(ERROR, "Kinh phí là chữ, không phải số."),
    "money-too-large": Kind(ERROR, "Kinh phí, hay tổng kinh phí cộng đến ô đó, vượt quá số Excel lưu chính xác."),
    "money-and-source-blank": Kind(ERROR, "Không có kinh phí và cũng không ghi nguồn kinh phí."),
    "money-on-parent": Kind(WARNING, "Dự án có tiểu dự án nhưng lại ghi kinh phí ở dòng dự án."),
    "excel-error": Kind(ERROR, "Ô chứa lỗi của Excel (#REF!, #VALUE!, …)."),
    "number-invalid": Kind(ERROR, "Số hộ không phải số nguyên không âm."),
    "number-too-large": Kind(ERROR, "Số hộ nhiều hơn số hộ của bất kỳ tỉnh nào."),
    "year-invalid": Kind(ERROR, "Năm kế hoạch không phải một năm."),
    "date-invalid": Kind(ERROR, "Ngày không đọc được."),
    "date-outside-year": Kind(WARNING, "Ngày ban hành không thuộc năm kế hoạch."),
    "date-after-plan": Kind(WARNING, "Văn bản căn cứ ban hành sau kế hoạch."),
    "target-above-baseline": Kind(ERROR, "Chỉ tiêu giảm lớn hơn số hộ đầu năm."),
    "target-below-assigned": Kind(ERROR, "Chỉ tiêu giảm hộ nghèo, cận nghèo thấp hơn chỉ tiêu cấp trên giao."),
    "poor-above-households": Kind(ERROR, "Số hộ nghèo cộng số hộ cận nghèo nhiều hơn tổng số hộ."),
    "poverty-drop-unusual": Kind(WARNING, "Tỷ lệ hộ nghèo giảm dưới 0,5 hoặc trên 3 điểm phần trăm, "
                                          "xa mức 1-1,5 điểm mỗi năm của Chương trình."),
    "text-spacing": Kind(WARNING, "Chữ có khoảng trắng thừa."),
    "text-not-nfc": Kind(WARNING, "Chữ tiếng Việt gõ dạng tổ hợp (dấu tách rời)."),
    "text-invisible": Kind(WARNING, "Chữ có ký tự vô hình (khoảng trắng độ rộng 0, ký tự đổi chiều chữ)."),
}


class Finding(NamedTuple):
    code: str
    place: str
    message: str

    @property
    def severity(self) -> str:
        return CODES[self.code].severity


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def error_count(findings: list[Finding]) -> int:
    return sum(f.severity == ERROR for f in findings)


def tally(findings: list[Finding]) -> str:
    """ "2 lỗi, 1 cảnh báo." """
    errors = error_count(findings)
    return f"{format_count(errors)} lỗi, {format_count(len(findings) - errors)} cảnh báo."


def codes_markdown() -> str:
    lines = ["# Mã kiểm tra (finding codes)", "",
             "Sinh từ `kehoach_xl/core/findings.py` bằng `python -m kehoach_xl.core.findings`; đừng sửa tay.", "",
             "| Mã | Mức | Ý nghĩa |", "|---|---|---|"]
    lines += [f"| `{code}` | {kind.severity} | {kind.about} |" for code, kind in CODES.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(codes_markdown(), end="")
