"""Writing the plan document and the results report: .docx from a Word template, .pdf through LibreOffice.

A thin shell: the content comes from `document.context` (the plan) or
`report_document.context` (the report), the look from the template
(templates/build_template.py builds both; docs/document.md).  Files are
written atomically and never over an existing file (`output.write_new`).
"""

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError

from kehoach_xl.core import document, report_document
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.model import Plan
from kehoach_xl.core.tables import DocumentTable
from kehoach_xl.core.text import ascii_fold
from kehoach_xl.io.docx_table import table_xml
from kehoach_xl.io.output import free_path, in_memory, write_new

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

TEMPLATE = Path(str(resources.files("kehoach_xl").joinpath("templates/ke_hoach.docx")))
REPORT_TEMPLATE = TEMPLATE.with_name("bao_cao.docx")
PDF_TIMEOUT = 180  # seconds; the first start of LibreOffice with a new profile is slow
SUFFIXES = (".docx", ".pdf")
UNIT_IN_NAME = 60
"""At most this many characters of the unit's name in a file name (a Windows path, folder and all, has 260)."""
NO_LIBREOFFICE = ("Chưa cài LibreOffice nên không tạo được tệp PDF. Hãy cài LibreOffice "
                  "(miễn phí, https://www.libreoffice.org/download/) rồi chạy lại, hoặc mở tệp .docx "
                  "bằng Word và chọn Tệp → Lưu thành → PDF.")
# Times New Roman, or a font with its metrics: another serif moves every line and page break.
METRIC_SERIFS = ("Times New Roman", "Liberation Serif", "Tinos")
NO_SERIF = ("Máy này không có phông Times New Roman hay phông cùng cỡ chữ với nó (Liberation Serif), nên "
            "LibreOffice sẽ dùng phông khác và PDF sẽ xuống dòng, sang trang khác văn bản Word. Hãy cài phông "
            "(Debian, Ubuntu: sudo apt-get install fonts-liberation2; Fedora: sudo dnf install "
            "liberation-serif-fonts) rồi chạy lại, hoặc mở tệp .docx bằng Word và chọn Tệp → Lưu thành → PDF.")


class ExportError(Exception):
    """The document could not be written; str() says why, in Vietnamese."""


class DocumentKind(NamedTuple):
    """A kind of document: its file name's first word, its template, and what fills it."""

    prefix: str
    template: Path
    context: Callable[[Plan, Catalog], dict]
    properties: Callable[[Plan, Catalog], dict[str, str]]


PLAN = DocumentKind("KeHoach", TEMPLATE, document.context, document.properties)
REPORT = DocumentKind("BaoCao", REPORT_TEMPLATE, report_document.context, report_document.properties)


def ascii_name(text: str) -> str:
    """ "xã Cẩm Lương" -> "xa_Cam_Luong": safe in every file system and mail client."""
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(text)).strip("_")


def file_stem(plan: Plan, prefix: str = PLAN.prefix) -> str:
    """ "KeHoach_xa_Cam_Luong_2023" ("BaoCao_…" for the report); a unit name over UNIT_IN_NAME characters is
    cut after a whole word."""
    unit = ascii_name(plan.info.unit)
    if len(unit) > UNIT_IN_NAME:
        unit = unit[:UNIT_IN_NAME + 1].rpartition("_")[0] or unit[:UNIT_IN_NAME]
    parts = [prefix, unit, str(plan.info.year or "")]
    return "_".join(part for part in parts if part)


def target_paths(plan: Plan, out: Path, pdf: bool, kind: DocumentKind = PLAN) -> list[Path]:
    """Where to write: `out` is a folder, or a file name ending .docx or .pdf.

    The .docx and .pdf share one name, numbered "(2)", "(3)", … until neither exists.
    """
    folder, stem = (out.parent, out.stem) if out.suffix.lower() in SUFFIXES else (out, file_stem(plan, kind.prefix))
    document = free_path(folder / (stem + SUFFIXES[0]), SUFFIXES[1:] if pdf else ())
    return [document, document.with_suffix(SUFFIXES[1])] if pdf else [document]


def render(plan: Plan, catalog: Catalog, template: Path = TEMPLATE, kind: DocumentKind = PLAN) -> "DocxTemplate":
    """The template filled with the plan, in memory, before any file or folder is made.

    Raises ExportError when the template is missing, is not a Word document
    (a .txt, a damaged .docx) or has a broken tag.
    """
    from docxtpl import DocxTemplate

    if not template.is_file():
        raise ExportError(f"Không tìm thấy mẫu văn bản {template}.")
    content = with_tables(kind.context(plan, catalog))
    environment = Environment(autoescape=True, undefined=StrictUndefined)
    try:
        rendered = DocxTemplate(template)
        rendered.render(content, jinja_env=environment, autoescape=True)
    except TemplateError as error:
        raise ExportError(f"Mẫu văn bản {template.name} có thẻ không hợp lệ ({_tag_reason(error)}). Hãy sửa thẻ "
                          f"{{{{ … }}}} hoặc {{% … %}} trong mẫu, hoặc dựng lại mẫu gốc.") from error
    except Exception as error:
        # python-docx and docxtpl refuse a file that is no Word document in a dozen ways
        # (BadZipFile, KeyError, ValueError, XMLSyntaxError, …): each is this one answer.
        raise ExportError(f"Mẫu văn bản {template.name} không phải văn bản Word (.docx) đọc được. Hãy chọn "
                          f"một tệp .docx đã lưu bằng Word, hoặc dùng mẫu kèm theo chương trình.") from error
    stamp(rendered.core_properties, kind.properties(plan, catalog))
    return rendered


def with_tables(content: dict) -> dict:
    """The context with each of its tables (core/tables.DocumentTable, at any depth of its dicts) as
    WordprocessingML for the template's `{{p … }}` tag."""
    return {key: table_xml(value) if isinstance(value, DocumentTable) else with_tables(value) if isinstance(value, dict)
            else value for key, value in content.items()}


_UNKNOWN_NAME = re.compile(r"'([^']{1,60})' is undefined|has no attribute '([^']{1,60})'")
"""What jinja2 says, in English, of a tag naming what the plan's data does not have."""


def _tag_reason(error: TemplateError) -> str:
    """Why a template's tag cannot be filled, in Vietnamese."""
    if isinstance(error, TemplateSyntaxError):
        return "viết sai: mỗi thẻ mở bằng {{ hay {% và đóng bằng }} hay %}"
    if found := _UNKNOWN_NAME.search(str(error)):
        return f"dữ liệu kế hoạch không có {found[1] or found[2]}"
    return "không điền được"


def stamp(core, properties: dict[str, str]) -> None:
    """The document's title, subject and author, made now; nothing of the template or the library."""
    made = {key: _property(value) for key, value in properties.items()}
    core.title, core.subject, core.author = made["title"], made["subject"], made["author"]
    core.last_modified_by = made["author"]
    core.comments = ""
    core.revision = 1
    core.created = core.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


PROPERTY_CHARACTERS = 255
"""The longest text a .docx core property holds (python-docx refuses more)."""


def _property(text: str) -> str:
    """A document property: a unit's name of 300 characters is cut, with "…", never an error."""
    return text if len(text) <= PROPERTY_CHARACTERS else text[:PROPERTY_CHARACTERS - 1] + "…"


def find_soffice() -> str | None:
    """LibreOffice's command: on PATH, or where its installer puts it on Windows and macOS."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    places = [Path(os.environ.get(variable, "")) / "LibreOffice" / "program" / "soffice.exe"
              for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)") if os.environ.get(variable)]
    places.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(place) for place in places if place.is_file()), None)


def has_metric_serif() -> bool:
    """Whether LibreOffice can set Times New Roman with its own metrics.

    On Linux it takes fonts from fontconfig; where there is no fc-list
    (Windows, macOS) Times New Roman comes with the system.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True).stdout
    return any(font in families for font in METRIC_SERIFS)


def pdf_unavailable() -> str | None:
    """Why no PDF can be made here, or None when LibreOffice and the font are there."""
    if find_soffice() is None:
        return NO_LIBREOFFICE
    return None if has_metric_serif() else NO_SERIF


def convert_to_pdf(docx: Path, pdf: Path, soffice: str) -> None:
    """Convert with LibreOffice in a private folder and profile (a running LibreOffice is left alone)."""
    with tempfile.TemporaryDirectory(prefix="kehoach-") as work:
        source = Path(work) / "KeHoach.docx"
        shutil.copyfile(docx, source)
        command = [soffice, f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir", work, str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise ExportError(f"LibreOffice không chuyển xong sang PDF sau {PDF_TIMEOUT} giây.") from error
        produced = source.with_suffix(".pdf")
        if not produced.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"mã {result.returncode}"]
            raise ExportError(f"LibreOffice không chuyển được sang PDF ({detail[0]}).")
        shutil.copyfile(produced, pdf)


def write_document(plan: Plan, catalog: Catalog, out: Path, pdf: bool = False,
                   template: Path | None = None, kind: DocumentKind = PLAN) -> list[Path]:
    """Write the plan document (or with `kind` REPORT the results report) into folder `out` (or as file
    `out`); with `pdf`, a .pdf too; `template`: a restyled copy of the kind's template.

    Returns the paths written.  Raises ExportError, with nothing written and
    no folder made, when a PDF cannot be made here (`pdf_unavailable`) or the
    template is not a Word document or is broken; when the conversion itself
    fails, the .docx already written stays.
    """
    if pdf and (reason := pdf_unavailable()):
        raise ExportError(reason)
    rendered = render(plan, catalog, template or kind.template, kind)
    soffice = find_soffice()
    paths = target_paths(plan, out, pdf, kind)
    written = [write_new(paths[0], in_memory(rendered.save))]
    if pdf:
        written.append(write_new(paths[1], lambda path: convert_to_pdf(written[0], path, soffice)))
    return written
