"""The ribbon tab "Kế hoạch GNBV": one row per button, and what the workbook carries of it.

A button is a row of BUTTONS and a function of `kehoach_xl.shells.buttons`
named by its `action`.  From the rows the builder makes the VBA module
"Ribbon" (one callback Sub per button, calling the action through xlwings'
RunPython), the ribbon XML (customUI/customUI14.xml) and the button list of
the "Hướng dẫn" sheet.  On the ribbon, buttons stand in
groups, the groups in the order of their first button.

VBA source must be ASCII (docs/vba.md): `id` names the callback
Sub; every Vietnamese word (label, tip, help, group) goes in the XML, which
is UTF-8, or in the workbook.
"""

from typing import NamedTuple
from xml.sax.saxutils import escape

from kehoach_xl.core.text import ascii_fold

TAB_ID = "tabKeHoach"
TAB_LABEL = "Kế hoạch GNBV"
MODULE = "Ribbon"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2009/07/customui"


class Button(NamedTuple):
    id: str
    """The callback Sub in VBA (ASCII); "btn" + id in the XML."""
    label: str
    tip: str
    """What Excel shows when the pointer rests on the button."""
    help: str
    """What the "Hướng dẫn" sheet says of the button."""
    icon: str
    """An Office icon (imageMso)."""
    action: str
    """The function of kehoach_xl.shells.buttons the button calls."""
    group: str
    """The label of the ribbon group the button stands in."""


BUTTONS = (
    Button("KiemTraDuLieu", "Kiểm tra dữ liệu",
           "Kiểm tra các sheet đã nhập: thiếu thông tin, sai mã dự án, kinh phí không phải số. Kết quả ghi ở "
           "sheet Kiểm tra, có liên kết tới ô cần sửa.",
           "Kiểm tra toàn bộ dữ liệu đã nhập; ghi các lỗi (phải sửa) và cảnh báo (nên xem lại) vào trang "
           "Kiểm tra và tô màu các ô đó.",
           "DataValidation", "validate", "Kiểm tra"),
    Button("TongHopKinhPhi", "Tổng hợp kinh phí",
           "Cộng kinh phí theo dự án, tiểu dự án và nguồn kinh phí; ghi kết quả ở sheet Tổng hợp, kèm số tiền "
           "bằng chữ.",
           "Cộng kinh phí theo dự án, tiểu dự án và theo nguồn; ghi tổng số bằng số và bằng chữ vào "
           "trang Tổng hợp.",
           "AutoSum", "budget", "Tổng hợp"),
    Button("KiemTraChiTieu", "Kiểm tra chỉ tiêu",
           "So sánh chỉ tiêu giảm hộ nghèo, hộ cận nghèo của xã với chỉ tiêu cấp trên giao và với số hộ đầu "
           "năm.",
           "So chỉ tiêu giảm hộ nghèo, hộ cận nghèo với chỉ tiêu cấp trên giao và với số hộ đầu năm; "
           "tính tỷ lệ hộ nghèo đầu năm, cuối năm; ghi kết quả vào trang Tổng hợp.",
           "GoalSeek", "targets", "Kiểm tra"),
    Button("XuatKeHoach", "Xuất kế hoạch (Word)",
           "Tạo văn bản kế hoạch (.docx) đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu trong sổ. Dữ liệu "
           "còn lỗi thì chưa xuất được.",
           "Tạo văn bản kế hoạch (.docx, và .pdf nếu máy chuyển được) đúng thể thức Nghị định "
           "30/2020/NĐ-CP, lưu cạnh tệp Excel này, không ghi đè tệp cũ. Dữ liệu còn lỗi thì chưa xuất "
           "và chuyển sang trang Kiểm tra.",
           "ExportWord", "export", "Văn bản"),
    Button("TaoBanGuiCapTren", "Tạo bản gửi cấp trên",
           "Lưu một bản sao không có macro (.xlsx) của sổ này để gửi cấp trên tổng hợp.",
           "Lưu một bản sao .xlsx không có macro để gửi cấp trên qua thư điện tử; cấp trên mở không bị "
           "cảnh báo macro.",
           "FileSendAsAttachment", "send_up", "Văn bản"),
    Button("TaoKeHoachNamMoi", "Tạo kế hoạch năm mới",
           "Tạo sổ kế hoạch năm sau cạnh sổ này: chuyển đơn vị, nội dung chung, nơi nhận, dự án và hoạt động còn "
           "có trong danh mục; xóa kinh phí, ngày, số ký hiệu, chỉ tiêu. Sổ này không bị sửa.",
           "Tạo sổ kế hoạch năm sau, lưu cạnh tệp này (không ghi đè): chuyển đơn vị, nội dung chung, nơi nhận, "
           "các dự án và hoạt động còn có trong danh mục của năm mới; xóa kinh phí, ngày, số ký hiệu, chỉ tiêu, "
           "căn cứ. Thông báo cho biết những gì cần điền, kiểm tra. Sổ này không bị sửa.",
           "FileNew", "new_year", "Văn bản"),
    Button("ChuanBiBaoCao", "Chuẩn bị báo cáo",
           "Tạo bản sao của sổ này có đủ mọi dòng của kế hoạch trên trang Kết quả (thêm dòng còn thiếu, giữ "
           "nguyên những gì đã ghi), để ghi kết quả 6 tháng, cả năm. Sổ này không bị sửa.",
           "Ghi bản sao của sổ (lưu cạnh tệp này, không ghi đè) có trên trang Kết quả mỗi dòng của kế hoạch một "
           "dòng, mã có sẵn, tên và kinh phí kế hoạch tự hiện: các dòng kế hoạch chưa có được thêm vào dòng "
           "trống của bảng rồi bên dưới; những gì đã ghi trên trang Kết quả giữ nguyên. Sổ làm trước năm 2027 "
           "được thêm cả trang Kết quả và Báo cáo. Khi trang Kết quả đã có đủ mọi dòng, nút chỉ báo vậy. Sổ "
           "này không bị sửa; bản sao lấy nội dung đã lưu của sổ (hãy lưu sổ trước khi bấm).",
           "TableInsert", "prepare_report", "Báo cáo"),
    Button("XuatBaoCao", "Xuất báo cáo (Word)",
           "Tạo văn bản báo cáo kết quả (6 tháng, cả năm) từ các trang Kết quả và Báo cáo. Dữ liệu còn lỗi thì "
           "chưa xuất được.",
           "Tạo văn bản báo cáo kết quả thực hiện (.docx, và .pdf nếu máy chuyển được) theo kỳ đã chọn trên "
           "trang Báo cáo: kết quả từng dự án, nội dung, kinh phí kế hoạch và giải ngân, hộ nghèo, đánh giá; "
           "lưu cạnh tệp Excel này, không ghi đè tệp cũ.",
           "ExportWord", "export_report", "Báo cáo"),
    Button("HuongDan", "Hướng dẫn",
           "Mở sheet Hướng dẫn: cách nhập dữ liệu và dùng các nút trên thẻ này.",
           "Mở trang này.",
           "Help", "show_help", "Trợ giúp"),
)


def group_id(label: str) -> str:
    """ "Kiểm tra" -> "grpKiemTra"."""
    return "grp" + "".join(word.capitalize() for word in ascii_fold(label).split())


def on_ribbon() -> list[Button]:
    """The buttons in the order the ribbon shows them: by group, groups in order of their first button."""
    groups = dict.fromkeys(button.group for button in BUTTONS)
    return [button for group in groups for button in BUTTONS if button.group == group]


def vba_module() -> str:
    """The VBA module "Ribbon": one callback per button, in table order."""
    lines = [f'Attribute VB_Name = "{MODULE}"', "Option Explicit", "",
             "' Callbacks of the ribbon tab (customUI/customUI14.xml): each button runs one",
             "' action of kehoach_xl.shells.buttons in Python through xlwings."]
    for button in BUTTONS:
        lines += ["", f"Sub {button.id}(control As IRibbonControl)",
                  f'    RunPython "from kehoach_xl.shells.buttons import {button.action}; {button.action}()"',
                  "End Sub"]
    return "\n".join(lines) + "\n"


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def custom_ui() -> bytes:
    """customUI/customUI14.xml: the tab, its groups and buttons, each calling its callback."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             f'<customUI xmlns="{CUSTOM_UI_NS}">', "  <ribbon>", "    <tabs>",
             f'      <tab id="{TAB_ID}" label="{_attribute(TAB_LABEL)}">']
    group = None
    for button in on_ribbon():
        if button.group != group:
            if group is not None:
                lines.append("        </group>")
            group = button.group
            lines.append(f'        <group id="{group_id(group)}" label="{_attribute(group)}">')
        indent = " " * len("          <button ")
        lines += [f'          <button id="btn{button.id}" label="{_attribute(button.label)}" size="large" '
                  f'imageMso="{button.icon}"',
                  f'{indent}screentip="{_attribute(button.label)}"',
                  f'{indent}supertip="{_attribute(button.tip)}"',
                  f'{indent}onAction="{MODULE}.{button.id}"/>']
    lines += ["        </group>", "      </tab>", "    </tabs>", "  </ribbon>", "</customUI>"]
    return ("\n".join(lines) + "\n").encode("utf-8")
