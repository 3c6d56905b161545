"""Why a file is refused, the reasons the guard's checks share: `Unreadable` carries one, in Vietnamese."""


class Unreadable(Exception):
    """The file is not a workbook we can read; str() is the reason, in Vietnamese."""

    tried: tuple[str, ...] = ()
    """The engines given the file, in order, when none could read it (none when it was refused before)."""


def corrupt(member: str, why: str) -> Unreadable:
    return Unreadable(f"Tệp Excel bị hỏng: phần {member} {why}. Hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")


def doctype(member: str) -> Unreadable:
    # ISO/IEC 29500-2 (OPC), M1.18: a consumer shall treat a DTD declaration as an error.
    return Unreadable(f"Phần {member} có khai báo DTD (có thể là bom thực thể XML); tệp Excel "
                      f"thật không bao giờ có, nên không đọc tệp này.")


ODF_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"
"""What the `mimetype` member of an .ods says (an .odt says "…opendocument.text")."""


def not_a_workbook(names: set[str], mimetype: str) -> Unreadable:
    """Why a zip package that lacks xl/workbook.xml is not read, by what it holds instead (`names`, as
    `part_key` gives them, and, for an OpenDocument file, what its `mimetype` member says)."""
    if "word/document.xml" in names:
        return Unreadable("Đây là văn bản Word (.docx) được đổi tên, không phải sổ làm việc Excel. "
                          "Hãy gửi tệp KeHoach.xlsm (hoặc .xlsx).")
    if "xl/workbook.bin" in names:
        return Unreadable("Đây là sổ làm việc nhị phân của Excel (.xlsb), chương trình không đọc được. Hãy mở "
                          "bằng Excel, chọn Tệp → Lưu thành, kiểu Sổ làm việc Excel (.xlsx) hoặc có macro (.xlsm).")
    if mimetype.startswith(ODF_SPREADSHEET):
        return Unreadable("Đây là bảng tính OpenDocument (.ods, của LibreOffice Calc), chương trình không đọc "
                          "được. Hãy mở bằng LibreOffice hoặc Excel và lưu lại dạng Excel 2007-365 (.xlsx).")
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        return Unreadable("Đây là tài liệu OpenDocument (văn bản .odt hay trình chiếu .odp, của LibreOffice), "
                          "không phải sổ làm việc. Hãy gửi tệp KeHoach.xlsm (hoặc .xlsx).")
    return Unreadable("Tệp nén không chứa sổ làm việc Excel (thiếu xl/workbook.xml). Hãy gửi tệp "
                      "KeHoach.xlsm (hoặc .xlsx).")
