"""Builds the Word templates: the plan's, kehoach_xl/templates/ke_hoach.docx, and the results report's,
bao_cao.docx, which shares its styles, header and signature.

    python templates/build_template.py [FOLDER]

The template is a docxtpl template (Jinja2 inside a .docx): `{{ name }}` runs,
`{%p for … %}` paragraph loops and `{%tr for … %}` table-row loops over the
context of kehoach_xl/core/document.py.  Its look lives in named styles ("KH …"),
so an official can restyle it in Word; see docs/document.md.  Layout follows
Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/20 mm, Times New
Roman, the two-column header, page numbers in the header from page 2.

Running it twice gives the same bytes (fixed dates, fixed zip timestamps).
"""

import datetime
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from kehoach_xl.core.document import ISSUER_COLUMN, ISSUER_SIZE, SIGNER_COLUMN, SIGNER_SIZE
from kehoach_xl.core.text import ascii_fold

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kehoach_xl" / "templates" / "ke_hoach.docx"
REPORT_OUT = OUT.with_name("bao_cao.docx")
FONT = "Times New Roman"
TEXT_WIDTH = 16.0  # cm: A4 210 mm - left 30 mm - right 20 mm
FIXED_TIME = datetime.datetime(2023, 1, 1)

CENTER, JUSTIFY, LEFT, RIGHT = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY,
                                WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT)

# name: base, size pt, bold, italic, alignment, first-line indent cm, space before/after pt, keep with next
PARAGRAPH_STYLES = {
    "KH Nội dung": ("Normal", 14, False, False, JUSTIFY, 1.27, 0, 6, False),
    "KH Mục I": ("KH Nội dung", 14, True, False, JUSTIFY, 1.27, 6, 6, True),
    "KH Mục 1": ("KH Nội dung", 14, True, False, JUSTIFY, 1.27, 0, 6, True),
    "KH Mục a": ("KH Nội dung", 14, True, True, JUSTIFY, 1.27, 0, 6, True),
    "KH Dòng nhãn": ("KH Nội dung", 14, False, False, JUSTIFY, 1.27, 0, 6, True),
    "KH Nhãn kèm nội dung": ("KH Nội dung", 14, False, False, JUSTIFY, 1.27, 0, 6, False),
    "KH Đoạn cuối": ("KH Nội dung", 14, False, False, JUSTIFY, 1.27, 0, 6, True),
    "KH Cơ quan": ("Normal", ISSUER_SIZE, True, False, CENTER, 0, 0, 0, True),
    "KH Quốc hiệu": ("Normal", 12, True, False, CENTER, 0, 0, 0, True),
    "KH Tiêu ngữ": ("Normal", 13, True, False, CENTER, 0, 0, 0, True),
    "KH Số": ("Normal", 13, False, False, CENTER, 0, 6, 0, False),
    "KH Địa danh": ("Normal", 14, False, True, CENTER, 0, 6, 0, False),
    "KH Tên loại": ("Normal", 14, True, False, CENTER, 0, 24, 0, True),
    "KH Trích yếu": ("Normal", 14, True, False, CENTER, 0, 0, 0, True),
    "KH Đường kẻ": ("Normal", 2, False, False, CENTER, 0, 0, 10, False),
    "KH Bảng": ("Normal", 13, False, False, LEFT, 0, 3, 3, False),
    "KH Bảng tiêu đề": ("KH Bảng", 13, True, False, CENTER, 0, 3, 3, False),
    "KH Bảng số thứ tự": ("KH Bảng", 13, False, False, CENTER, 0, 3, 3, False),
    "KH Bảng số tiền": ("KH Bảng", 13, False, False, RIGHT, 0, 3, 3, False),
    "KH Thẩm quyền ký": ("Normal", 14, True, False, CENTER, 0, 12, 0, True),
    "KH Chức vụ người ký": ("Normal", 14, True, False, CENTER, 0, 0, 84, True),
    "KH Người ký": ("Normal", SIGNER_SIZE, True, False, CENTER, 0, 0, 0, False),
    "KH Nơi nhận": ("Normal", 12, True, True, LEFT, 0, 12, 0, True),
    "KH Danh sách nơi nhận": ("Normal", 11, False, False, LEFT, 0, 0, 0, False),
}
LABEL_STYLE = "KH Nhãn"  # character style of "Nội dung hoạt động:" and the like


def set_fonts(rpr) -> None:
    """Times New Roman for every script, replacing the theme's fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)


def set_defaults(document) -> None:
    """Document defaults and Normal: Times New Roman 14, Vietnamese, single spacing, no gaps."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    rpr.find(qn("w:lang")).attrib.clear()
    rpr.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    header = document.styles["Header"]
    header.font.size = Pt(14)
    header.paragraph_format.alignment = CENTER


def ascii_id(name: str) -> str:
    """ "KH Cơ quan" -> "KHCoquan": the style's id in the XML; Word shows the name."""
    return "".join(ch for ch in ascii_fold(name) if ch.isascii() and ch.isalnum())


def add_styles(document) -> None:
    styles = document.styles
    for name, (base, size, bold, italic, align, indent, before, after, keep) in PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = ascii_id(name)
        style.base_style = styles[base]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        form = style.paragraph_format
        form.alignment = align
        form.first_line_indent = Cm(indent)
        form.space_before = Pt(before)
        form.space_after = Pt(after)
        form.keep_with_next = keep
    body = styles["KH Nội dung"].paragraph_format
    body.line_spacing = 1.15
    body.widow_control = True
    rule = styles["KH Đường kẻ"]
    rule.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.paragraph_format.line_spacing = Pt(6)
    border(rule.element.get_or_add_pPr())
    label = styles.add_style(LABEL_STYLE, WD_STYLE_TYPE.CHARACTER)
    label.style_id = ascii_id(LABEL_STYLE)
    label.base_style = styles["Default Paragraph Font"]
    label.font.italic = True


def border(ppr) -> None:
    """A solid bottom border: the rules under the issuing body, the motto and the summary."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing",
                              "w:ind", "w:jc", "w:rPr")


def paragraph(container, text: str, style: str = "KH Nội dung"):
    return container.add_paragraph(text, style=style)


def rule(container, length: float, width: float) -> None:
    """A centred solid line `length` cm long in a column `width` cm wide."""
    line = paragraph(container, "", "KH Đường kẻ")
    side = Cm((width - length) / 2)
    line.paragraph_format.left_indent = side
    line.paragraph_format.right_indent = side


def loop(container, start: str, body: list[tuple[str, str]], end: str = "{%p endfor %}") -> None:
    """`{%p … %}` paragraphs around body paragraphs of (text, style)."""
    paragraph(container, start)
    for text, style in body:
        paragraph(container, text, style)
    paragraph(container, end)


def fixed_table(document, widths: list[float], rows: int, style: str | None = None):
    table = document.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    return table


def no_cell_margins(table) -> None:
    """No left and right cell margins; w:tblCellMar goes before w:tblLook, where the schema (CT_TblPr) wants it:
    after it, Word says the document has unreadable content."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")


def cell_text(cell, text: str, style: str) -> None:
    """Write into a new cell's first (empty) paragraph."""
    first = cell.paragraphs[0]
    first.style = cell.part.document.styles[style]
    first.add_run(text)


def header_block(document) -> None:
    """Issuing body | national title and motto; number | place and date."""
    left, right = ISSUER_COLUMN, TEXT_WIDTH - ISSUER_COLUMN
    table = fixed_table(document, [left, right], rows=2)
    no_cell_margins(table)
    body, motto = table.rows[0].cells
    cell_text(body, "ỦY BAN NHÂN DÂN", "KH Cơ quan")
    loop(body, "{%p for line in unit_lines %}", [("{{ line }}", "KH Cơ quan")])
    rule(body, 1.8, left)
    cell_text(motto, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KH Quốc hiệu")
    paragraph(motto, "Độc lập - Tự do - Hạnh phúc", "KH Tiêu ngữ")
    rule(motto, 5.6, right)
    number, date = table.rows[1].cells
    cell_text(number, "{{ number }}", "KH Số")
    cell_text(date, "{{ place_date }}", "KH Địa danh")


def title_block(document, kind: str) -> None:
    paragraph(document, kind, "KH Tên loại")
    paragraph(document, "{{ summary }}", "KH Trích yếu")
    rule(document, 5.0, TEXT_WIDTH)
    loop(document, "{%p for text in opening %}", [("{{ text }}", "KH Nội dung")])


def goals(document) -> None:
    paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU", "KH Mục I")
    paragraph(document, "1. Mục đích", "KH Mục 1")
    loop(document, "{%p for text in purpose %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "2. Yêu cầu", "KH Mục 1")
    loop(document, "{%p for text in requirements %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "II. MỤC TIÊU", "KH Mục I")
    paragraph(document, "1. Mục tiêu chung", "KH Mục 1")
    loop(document, "{%p for text in general_goal %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "2. Mục tiêu cụ thể", "KH Mục 1")
    loop(document, "{%p for text in specific_targets %}", [("{{ text }}", "KH Nội dung")])


def project_entries(document) -> None:
    """Each entry of a project: "Kinh phí thực hiện: …" on one line, or a label kept with the lines under it."""
    paragraph(document, "{%p for entry in part.entries %}")
    paragraph(document, "{%p if entry.text %}")
    inline = paragraph(document, "", "KH Nhãn kèm nội dung")
    inline.add_run("{{ entry.label }}", style=LABEL_STYLE)
    inline.add_run(" {{ entry.text }}")
    paragraph(document, "{%p else %}")
    paragraph(document, "", "KH Dòng nhãn").add_run("{{ entry.label }}", style=LABEL_STYLE)
    paragraph(document, "{%p endif %}")
    loop(document, "{%p for line in entry.lines %}", [("{{ line }}", "KH Nội dung")])
    paragraph(document, "{%p endfor %}")


def headed_entries(document, bold: str) -> None:
    """A part's heading, in "KH Mục 1" where the tag `bold` holds and in "KH Mục a" otherwise (none when
    blank), then its entries."""
    paragraph(document, f"{{%p if {bold} %}}")
    paragraph(document, "{{ part.heading }}", "KH Mục 1")
    paragraph(document, "{%p elif part.heading %}")
    paragraph(document, "{{ part.heading }}", "KH Mục a")
    paragraph(document, "{%p endif %}")
    project_entries(document)


def contents(document) -> None:
    paragraph(document, "III. NỘI DUNG", "KH Mục I")
    paragraph(document, "{%p for project in projects %}")
    paragraph(document, "{{ project.heading }}", "KH Mục 1")
    paragraph(document, "{%p for part in project.parts %}")
    headed_entries(document, "part.numbered")  # "1.1." between the top and the last level
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endfor %}")


def budget_table(document) -> None:
    """The budget section, shown when the workbook says so ("Kèm bảng tổng hợp kinh phí"); its table is made
    at export (io/docx_table.py), its widths from its figures."""
    paragraph(document, "{%p if budget.shown %}")
    paragraph(document, "{{ budget.heading }}", "KH Mục 1")
    paragraph(document, "{{p budget.table }}", "KH Bảng")
    total = paragraph(document, "{{ budget.total_text }}")
    total.paragraph_format.space_before = Pt(6)
    paragraph(document, "{%p endif %}")


def organisation(document) -> None:
    """Section IV; its last paragraph keeps its last lines with the signature block."""
    paragraph(document, "IV. TỔ CHỨC THỰC HIỆN", "KH Mục I")
    loop(document, "{%p for text in organisation[:-1] %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "{{ organisation[-1] }}", "KH Đoạn cuối")


def signature_block(document) -> None:
    """Recipients left, the signer right, side by side, never split over two pages."""
    table = fixed_table(document, [TEXT_WIDTH - SIGNER_COLUMN, SIGNER_COLUMN], rows=1)
    no_cell_margins(table)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signer = table.rows[0].cells
    cell_text(recipients, "Nơi nhận:", "KH Nơi nhận")
    loop(recipients, "{%p for name in recipients %}", [("{{ name }}", "KH Danh sách nơi nhận")])
    cell_text(signer, "{{ authority }}", "KH Thẩm quyền ký")
    paragraph(signer, "{{ signer_title }}", "KH Chức vụ người ký")
    loop(signer, "{%p for line in signer_lines %}", [("{{ line }}", "KH Người ký")])


def page_number(section) -> None:
    """PAGE centred in the header, from page 2 on (the first page has its own, empty, header)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    for kind in ("begin", "instruction", "separate", "shown", "end"):
        run = header.add_run()
        if kind == "instruction":
            run._r.append(OxmlElement("w:instrText"))
            run._r[-1].set(qn("xml:space"), "preserve")
            run._r[-1].text = " PAGE "
        elif kind == "shown":
            run.text = "2"
        else:
            run._r.append(OxmlElement("w:fldChar"))
            run._r[-1].set(qn("w:fldCharType"), kind)


def page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def zoom_with_percent(document) -> None:
    """python-docx's settings.xml has <w:zoom w:val="bestFit"/>; the schema (CT_Zoom) requires w:percent."""
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None:
        zoom.set(qn("w:percent"), "100")


def fixed_properties(document, title: str) -> None:
    """Same metadata on every build, and no thumbnail of python-docx's blank page."""
    properties = document.core_properties
    properties.author = properties.last_modified_by = "kehoach-xl"
    properties.title = title
    properties.comments = ""
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    package_rels = document.part.package.rels
    for key, relation in list(package_rels.items()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[key]


EXTENDED_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Template>Normal.dotm</Template><TotalTime>0</TotalTime></Properties>")
"""docProps/app.xml without python-docx's "Microsoft Macintosh Word" and its stale page and word
counts (Word writes its own on save)."""


def fixed_zip(path: Path) -> None:
    """Rewrite the archive with fixed timestamps so equal content gives equal bytes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, EXTENDED_PROPERTIES if info.filename == "docProps/app.xml" else archive.read(info))
                   for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def report_results(document) -> None:
    """Section I of the report: the steering work, each line's results, the money table, the households."""
    paragraph(document, "I. KẾT QUẢ THỰC HIỆN", "KH Mục I")
    paragraph(document, "1. Công tác chỉ đạo, điều hành", "KH Mục 1")
    loop(document, "{%p for text in steering %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "2. Kết quả thực hiện các {{ words }}", "KH Mục 1")
    paragraph(document, "{%p for part in sections %}")
    headed_entries(document, "part.top or part.numbered")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "3. Kinh phí thực hiện", "KH Mục 1")
    paragraph(document, "{{p table }}", "KH Bảng")
    total = paragraph(document, "{{ money_text }}")
    total.paragraph_format.space_before = Pt(6)
    loop(document, "{%p if money_estimate %}", [("{{ money_estimate }}", "KH Nội dung")], "{%p endif %}")
    paragraph(document, "4. Kết quả giảm nghèo", "KH Mục 1")
    loop(document, "{%p for text in households %}", [("{{ text }}", "KH Nội dung")])


def report_assessment(document) -> None:
    """Sections II to IV; the last paragraph keeps its last lines with the signature block."""
    paragraph(document, "II. ĐÁNH GIÁ", "KH Mục I")
    for number, (title, key) in enumerate((("Ưu điểm", "strengths"), ("Tồn tại, hạn chế", "weaknesses"),
                                            ("Nguyên nhân", "causes")), start=1):
        paragraph(document, f"{number}. {title}", "KH Mục 1")
        loop(document, f"{{%p for text in {key} %}}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ next_period | upper }}", "KH Mục I")
    loop(document, "{%p for text in directions %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "IV. KIẾN NGHỊ, ĐỀ XUẤT", "KH Mục I")
    loop(document, "{%p for text in proposals[:-1] %}", [("{{ text }}", "KH Nội dung")])
    paragraph(document, "{{ proposals[-1] }}", "KH Đoạn cuối")


def _start(kind: str):
    document = Document()
    set_defaults(document)
    add_styles(document)
    section = document.sections[0]
    page_setup(section)
    page_number(section)
    header_block(document)
    title_block(document, kind)
    return document


def _save(document, path: Path, title: str) -> Path:
    signature_block(document)
    zoom_with_percent(document)
    fixed_properties(document, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    fixed_zip(path)
    return path


def build(path: Path = OUT) -> Path:
    document = _start("KẾ HOẠCH")
    goals(document)
    contents(document)
    budget_table(document)
    organisation(document)
    return _save(document, path, "Kế hoạch")


def build_report(path: Path = REPORT_OUT) -> Path:
    document = _start("BÁO CÁO")
    report_results(document)
    report_assessment(document)
    return _save(document, path, "Báo cáo")


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT.parent
    print(f"Đã ghi {build(folder / OUT.name)}")
    print(f"Đã ghi {build_report(folder / REPORT_OUT.name)}")
