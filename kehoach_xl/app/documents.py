"""The plan document and the results report: written, or refused with the reason.

A document shows the plan as read, so neither is written while a finding is
a Lỗi, and a report not before a period is chosen on "Báo cáo".  Files are
never written over (io/output.py).
"""

from collections.abc import Callable
from pathlib import Path

from kehoach_xl.app.errors import HasErrors, Refused
from kehoach_xl.app.reading import Reading, plan_and_catalog
from kehoach_xl.core.model import Plan
from kehoach_xl.io.export import REPORT, TEMPLATE, ExportError, pdf_unavailable, write_document

__all__ = ["NO_PERIOD", "NotWritten", "export", "pdf_unavailable", "report"]

NO_PERIOD = ("Chưa có kỳ báo cáo: hãy chọn Kỳ báo cáo (6 tháng hoặc cả năm) trên trang Báo cáo và ghi kết quả "
             "trên trang Kết quả. Trang Kết quả chưa có đủ mọi dòng của kế hoạch, hay sổ làm trước năm 2027 chưa "
             "có hai trang này: bấm Chuẩn bị báo cáo (trên dòng lệnh: kehoach report --prepare TỆP -o MỚI.xlsm).")


class NotWritten(Refused, ExportError):
    """The document could not be written (its template, LibreOffice); str() says which document and why."""


def _refuse(what: "Plan | Reading", document: str) -> None:
    if isinstance(what, Reading) and what.has_errors:
        raise HasErrors(f"Chưa xuất {document}: dữ liệu còn lỗi.")


def _written(document: str, write: Callable[[], list[Path]]) -> list[Path]:
    try:
        return write()
    except ExportError as reason:
        raise NotWritten(f"Không xuất được {document}: {reason}") from reason


def export(what: "Plan | Reading", folder: str | Path, pdf: bool = False, template: str | Path | None = None,
           catalog: str | Path | None = None) -> list[Path]:
    """Write the plan document into `folder` (or as the .docx file named), and a .pdf with `pdf`.

    Never over an existing file: "KeHoach_xa_Cam_Luong_2023 (2).docx".
    `template`: a restyled copy of the Word template (default: the one
    shipped).  Returns the paths written; raises HasErrors (a Refused) while a
    finding of the Reading is a Lỗi, NotWritten (a Refused, and an ExportError)
    when the document cannot be written.  `what`, `catalog` as for `totals`.
    """
    _refuse(what, "kế hoạch")
    return _written("kế hoạch", lambda: write_document(*plan_and_catalog(what, catalog), Path(folder), pdf=pdf,
                                                       template=TEMPLATE if template is None else Path(template)))


def report(what: "Plan | Reading", folder: str | Path, pdf: bool = False, template: str | Path | None = None,
           catalog: str | Path | None = None) -> list[Path]:
    """Write the results report of the period chosen on "Báo cáo" (BaoCao_<đơn vị>_<năm>.docx), as `export`
    writes the plan; refused (Refused) also before a period is chosen (NO_PERIOD)."""
    _refuse(what, "báo cáo")
    plan, used = plan_and_catalog(what, catalog)
    if plan.report is None:
        raise Refused(NO_PERIOD)
    return _written("báo cáo", lambda: write_document(plan, used, Path(folder), pdf=pdf, kind=REPORT,
                                                      template=None if template is None else Path(template)))
