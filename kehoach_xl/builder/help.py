"""The "Hướng dẫn" sheet: its text as data, and the writer that lays it out.

Each entry is a "title", a "heading", an "item" (a term in column A, its
explanation in column B; with `fill`, column A shows the colour it explains)
or a "note" (column B only).
"""

import math
from typing import NamedTuple

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from kehoach_xl.core import contract
from kehoach_xl.core.findings import ERROR, WARNING
from kehoach_xl.builder import ribbon

HEADER_FILL = "4F81BD"  # accent 1 of openpyxl's theme: the header of TableStyleMedium2
REQUIRED_BLANK_FILL = "F4B084"
COMPUTED_FILL = "E7E6E6"


class Entry(NamedTuple):
    kind: str
    term: str
    text: str = ""
    fill: str | None = None


GUIDE = (
    Entry("title", "Hướng dẫn sử dụng sổ Kế hoạch giảm nghèo bền vững"),
    Entry("note", "", "Sổ này lưu kế hoạch năm thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững "
                      "của xã dưới dạng dữ liệu. Nhập dữ liệu vào các trang tính, rồi bấm các nút trên thẻ "
                      "\"Kế hoạch GNBV\" của thanh công cụ để kiểm tra dữ liệu, tổng hợp kinh phí, kiểm tra "
                      "chỉ tiêu và xuất văn bản kế hoạch."),
    Entry("note", "", "Cả năm trong một sổ: lập kế hoạch (các trang Thông tin đến Nơi nhận, nút Xuất kế "
                      "hoạch) → giữa năm ghi kết quả vào trang Kết quả và Báo cáo, chọn Kỳ báo cáo \"6 tháng\", "
                      "bấm Xuất báo cáo → cuối năm sửa các số, chọn \"cả năm\", bấm Xuất báo cáo → bấm Tạo kế "
                      "hoạch năm mới để sang năm sau (kinh phí, chỉ tiêu, kết quả được xóa trong sổ mới)."),

    Entry("heading", "1. Các trang tính"),
    Entry("item", contract.INFO.sheet,
          "Thông tin chung của kế hoạch, mỗi dòng một mục: tỉnh, cấp trên, tên đơn vị, năm, số ký hiệu, "
          "ngày ban hành, trích yếu, người ký, có kèm bảng tổng hợp kinh phí hay không. Nhập ở cột Giá trị; "
          "cột Hướng dẫn nói cách ghi từng mục."),
    Entry("item", contract.BASES.sheet,
          "Các văn bản mà kế hoạch thực hiện, mỗi dòng một văn bản. Chọn Loại văn bản trong danh sách "
          "hoặc gõ loại khác; ngày ban hành ghi dạng 20/04/2023."),
    Entry("item", contract.TEXTS.sheet,
          "Các đoạn văn của kế hoạch, theo thứ tự, mỗi dòng một đoạn. Chọn Phần trong danh sách: "
          + ", ".join(contract.TEXT_PARTS) + "."),
    Entry("item", contract.TARGETS.sheet,
          "Số hộ đầu năm và chỉ tiêu giảm hộ nghèo, hộ cận nghèo: nhập số nguyên. Các ô bên phải bảng "
          "tự tính tỷ lệ hộ nghèo, hộ cận nghèo đầu năm và cuối năm (nếu đạt chỉ tiêu)."),
    Entry("item", contract.PROJECTS.sheet,
          "Mỗi dòng một mục của Danh mục, ở bất kỳ cấp nào (dự án, tiểu dự án; hợp phần, nội dung thành "
          "phần, nội dung…). Chọn Mã trong danh sách (ví dụ DA2, DA3.1, HP1.3.2); tên tự hiện theo Danh mục. "
          "Mục có mục cấp dưới trong kế hoạch thì ghi kinh phí ở từng mục cấp dưới: kinh phí của mục cấp "
          "trên là tổng của chúng. Kinh phí nhập số đồng, "
          "không gõ dấu chấm (ví dụ 5000000); chưa có số tiền thì để trống và ghi Nguồn kinh phí. Một mục "
          "lấy tiền từ nhiều nguồn (ngân sách trung ương, ngân sách tỉnh, lồng ghép, huy động…) thì ghi "
          "mỗi nguồn một dòng cùng Mã, mỗi dòng một nguồn và số tiền của nguồn đó; các dòng sau dòng đầu "
          "để trống Thời gian và Phân công được. "
          "Ô Tổng kinh phí bên phải bảng tự cộng. Thời gian chưa chắc chắn thì ghi rõ trong ô, ví dụ "
          "\"Dự kiến tháng 6/2023\": văn bản ghi \"Thời gian thực hiện:\" rồi đúng chữ trong ô."),
    Entry("item", contract.ACTIVITIES.sheet,
          "Các hoạt động, theo thứ tự, mỗi dòng một hoạt động; cột Mã là mã của dòng Dự án có hoạt "
          "động đó."),
    Entry("item", contract.RECIPIENTS.sheet,
          "Các nơi nhận kế hoạch, theo thứ tự; dòng cuối là \"Lưu: VT, …\"."),
    Entry("item", contract.RESULTS.sheet,
          "Kết quả thực hiện, mỗi dòng của kế hoạch một dòng (mã; tên và kinh phí kế hoạch tự hiện): ghi việc "
          "đã làm và kinh phí đã giải ngân (số đồng) tính từ đầu năm đến ngày số liệu. Kinh phí được giao: "
          "số cấp trên đã giao cho dòng trong năm; để trống là bằng kinh phí kế hoạch; dòng kế hoạch ghi "
          "theo phân bổ thì phải ghi số được giao, nếu không tiền giải ngân của dòng không được tính vào tỷ "
          "lệ. Tỷ lệ giải ngân = giải ngân : được giao. Chỉ được kiểm tra khi đã chọn Kỳ báo cáo trên trang "
          "Báo cáo. Kế hoạch có thêm dòng, hay trang còn trống: bấm Chuẩn bị báo cáo để có bản sao của sổ có "
          "đủ mọi dòng (những gì đã ghi giữ nguyên)."),
    Entry("item", contract.REPORT.sheet,
          "Kỳ báo cáo (6 tháng hoặc cả năm), ngày số liệu, số hộ nghèo, cận nghèo cuối kỳ và số hộ thoát "
          "nghèo, tái nghèo, phát sinh mới, chuyển đến, chuyển đi; các đoạn đánh giá, phương hướng, kiến "
          "nghị (đã có câu mẫu, hãy sửa cho đúng xã). Số hộ nghèo đầu năm lấy ở trang Chỉ tiêu: đầu năm − "
          "thoát nghèo + tái nghèo + phát sinh mới + chuyển đến − chuyển đi phải bằng số cuối kỳ. Nếu có số "
          "liệu: tổng số hộ cuối kỳ (mẫu số của tỷ lệ cuối kỳ), số hộ thoát nghèo lên cận nghèo và vượt chuẩn "
          "cận nghèo (cộng lại bằng số thoát nghèo), biến động hộ cận nghèo (đầu năm + hộ nghèo lên cận nghèo + "
          "phát sinh mới − thoát cận nghèo − rơi xuống nghèo + chuyển đến − chuyển đi phải bằng số cuối kỳ); "
          "báo cáo 6 tháng: số ước thực hiện cả năm."),
    Entry("item", contract.CATALOG.sheet,
          "Danh mục của sổ: các mục (dự án, tiểu dự án; hợp phần, nội dung…, nhiều cấp) và nguồn kinh phí "
          "của giai đoạn chương trình. Các nút kiểm tra, tổng hợp và xuất văn bản theo danh mục này; các "
          "danh sách chọn lấy từ đây. Cột Thuộc ghi mã mục cha; Ghi chú \"Chưa xác nhận\": tên chưa đối "
          "chiếu được với văn bản chính thức. Danh mục của tỉnh: xin tỉnh sổ mẫu đã có danh mục. Trang được "
          "khóa (không mật khẩu) để tránh sửa nhầm."),
    Entry("item", contract.CHECKS,
          "Nút Kiểm tra dữ liệu ghi vào đây mỗi lỗi, cảnh báo một dòng, có liên kết tới ô cần sửa. "
          "Không nhập tay: mỗi lần bấm nút, trang được ghi lại từ đầu."),
    Entry("item", contract.SUMMARY,
          "Nút Tổng hợp kinh phí và Kiểm tra chỉ tiêu ghi vào đây kinh phí theo dự án, theo nguồn, "
          "tổng số bằng chữ và kết quả kiểm tra chỉ tiêu. Không nhập tay: mỗi lần bấm nút, trang được "
          "ghi lại từ đầu."),
    Entry("note", "", "Thêm dòng: gõ vào dòng ngay dưới bảng, bảng tự mở rộng, mang theo danh sách chọn "
                      "và công thức. Không đổi tên trang tính và tên cột: chương trình tìm dữ liệu theo "
                      "các tên này."),

    Entry("heading", f"2. Các nút trên thẻ {ribbon.TAB_LABEL}"),
    *(Entry("item", button.label, button.help) for button in ribbon.on_ribbon()),
    Entry("note", "", "Các nút cần bật macro (mục 4) và máy đã cài Python cùng gói kehoach-xl. Khi chưa "
                      "bật macro vẫn nhập được dữ liệu; danh sách chọn, công thức tự tính và tô màu ô "
                      "trống vẫn chạy."),

    Entry("heading", "3. Màu sắc"),
    Entry("item", "Tiêu đề", "Dòng tiêu đề của bảng. Không đổi tên các cột.", HEADER_FILL),
    Entry("item", "Ô bắt buộc trống", "Ô bắt buộc còn trống. Hãy nhập; màu tự mất khi ô đã có dữ liệu.",
          REQUIRED_BLANK_FILL),
    Entry("item", "Tự tính", "Ô công thức tự tính (tên dự án, tổng kinh phí, tỷ lệ hộ nghèo). Không cần "
                             "nhập, đừng xóa.", COMPUTED_FILL),
    Entry("item", "Lỗi", "Ô có lỗi, do nút Kiểm tra dữ liệu tô: phải sửa trước khi xuất kế hoạch; xem trang "
                         "Kiểm tra để biết cần sửa gì.", contract.FLAG_FILLS[ERROR]),
    Entry("item", "Cảnh báo", "Ô có cảnh báo, do nút Kiểm tra dữ liệu tô: nên xem lại.",
          contract.FLAG_FILLS[WARNING]),
    Entry("note", "", "Bấm lại nút Kiểm tra dữ liệu sau khi sửa: màu cũ được xóa, chỉ còn màu của các ô "
                      "vẫn có lỗi, cảnh báo."),

    Entry("heading", "4. Bật macro cho tệp nhận qua thư điện tử"),
    Entry("note", "", "Windows đánh dấu tệp tải từ thư điện tử hoặc Internet là \"đến từ Internet\" "
                      "(Mark of the Web); Excel chặn macro của tệp đó và hiện thanh đỏ \"RỦI RO BẢO MẬT\" "
                      "(SECURITY RISK), không có nút bật. Cách bỏ chặn:"),
    Entry("item", "Bước 1", "Đóng tệp trong Excel. Lưu tệp vào một thư mục trên máy, ví dụ "
                            "Tài liệu\\KeHoach."),
    Entry("item", "Bước 2", "Nhấp chuột phải vào tệp → Properties (Thuộc tính) → thẻ General (Chung) → "
                            "đánh dấu Unblock (Bỏ chặn) ở cuối thẻ → OK."),
    Entry("item", "Bước 3", "Mở lại tệp, bấm Enable Content (Bật Nội dung) trên thanh vàng."),
    Entry("item", "Cách khác", "Đặt tệp trong một thư mục tin cậy: File (Tệp) → Options (Tùy chọn) → "
                               "Trust Center (Trung tâm Tin cậy) → Trust Center Settings → Trusted Locations "
                               "(Vị trí Tin cậy) → Add new location, chọn thư mục chứa tệp."),
    Entry("note", "", "Chỉ bật macro cho tệp KeHoach lấy từ nguồn tin cậy (cán bộ phụ trách, văn phòng UBND)."),

    Entry("heading", "5. Máy nào có các nút; khi nút báo không tìm thấy Python"),
    Entry("item", "Máy có nút", "Windows 10 hoặc 11, bản 64-bit hoặc 32-bit: cài bằng CaiDat.cmd của bộ cài "
                                "kehoach-xl-…-windows-64bit.zip hoặc …-32bit.zip, một lần cho cả máy, ai cài thì "
                                "người đó (hoặc quản trị viên) nâng cấp. Windows 8.1: có nút, đọc sổ chậm hơn. "
                                "Windows 7 và 8: không có nút; sổ vẫn nhập và tự tính được, gửi sổ lên cấp trên "
                                "để kiểm tra và tổng hợp."),
    Entry("item", "Could not find Interpreter!", "Máy chưa cài Python của kehoach-xl tại "
                                                 "C:\\Users\\Public\\kehoach-xl\\python (nơi trang ẩn xlwings.conf "
                                                 "chỉ đến): chạy CaiDat.cmd của bộ cài, rồi đóng hẳn Excel và mở lại."),
    Entry("item", "Python was not found", "Hoặc \"'python' is not recognized\": sổ này làm trước khi có cách cài "
                                          "mới, trên máy có tên người dùng có dấu. Cán bộ kỹ thuật ghi "
                                          "%PUBLIC%\\kehoach-xl\\python\\pythonw.exe vào ô bên phải "
                                          "Interpreter_Win của trang ẩn xlwings.conf (nhấp chuột phải vào tên trang "
                                          "→ Unhide), hoặc tạo lại sổ bằng lệnh kehoach new --from: sổ mới đã ghi "
                                          "sẵn đường dẫn đó."),
    Entry("item", "Vẫn lỗi", "Chụp thông báo gửi cán bộ kỹ thuật; kèm cửa sổ CaiDat.cmd nếu chạy lại bộ cài "
                             "cũng báo [Lỗi]."),
)

WIDTHS = {"A": 22, "B": 76}
LINE_HEIGHT = 15
"""Points per line of 11-point text: rows get the height of their wrapped text,
since neither LibreOffice nor every Excel sizes rows of a file it did not write."""


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column `width` characters wide, with room for word breaks."""
    return sum(max(1, math.ceil(len(line) * 1.1 / width)) for line in text.split("\n"))
def write_guide(sheet: Worksheet) -> None:
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for entry in GUIDE:
        if entry.kind == "heading":
            sheet.append([])
        sheet.append([entry.term or None, entry.text or None])
        term, text = sheet[sheet.max_row]
        if entry.kind == "title":
            term.font = Font(bold=True, size=14)
        elif entry.kind == "heading":
            term.font = Font(bold=True, size=12)
        else:
            term.alignment = text.alignment = wrap
            term.font = Font(bold=True, color="FFFFFF" if entry.fill == HEADER_FILL else None)
            lines = max(wrapped_lines(entry.term, WIDTHS["A"]), wrapped_lines(entry.text, WIDTHS["B"]))
            sheet.row_dimensions[sheet.max_row].height = LINE_HEIGHT * lines
        if entry.fill:
            term.fill = PatternFill("solid", fgColor=entry.fill)
