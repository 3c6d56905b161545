"""Writing the plan document: PDF through LibreOffice, escaping, names, the template itself."""

import importlib.util
import os
import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from lxml import etree

from conftest import CATALOG, ROOT
from helpers import kehoach, needs_soffice
from kehoach_xl.core import document
from kehoach_xl.io import export
from kehoach_xl.io.export import ExportError, ascii_name, file_stem, write_document
from kehoach_xl.core.model import Info, Plan
from kehoach_xl.core.wrap import width
from pages import CM, read_pages
from plans import HOSTILE, example_plan, hostile_plan
from workbooks import set_cell, with_defect

def pdf_text(pdf: Path, *pages: int) -> str:
    """The PDF's text with white space folded (lines wrap anywhere)."""
    command = ["pdftotext", "-layout"] + (["-f", str(pages[0]), "-l", str(pages[-1])] if pages else [])
    return " ".join(subprocess.run(command + [str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(pdf: Path) -> list[str]:
    """The fonts the PDF embeds, without their subset prefix ("ABCDEF+LiberationSerif")."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].partition("+")[2] or line.split()[0] for line in listing.splitlines()[2:]]


# PDF through LibreOffice.

@needs_soffice
@pytest.mark.slow
def test_pdf_of_the_reference_plan(tmp_path):
    docx, pdf = write_document(example_plan(), CATALOG, tmp_path, pdf=True)
    assert (docx.name, pdf.name) == ("KeHoach_xa_Cam_Luong_2023.docx", "KeHoach_xa_Cam_Luong_2023.pdf")
    assert 4 <= pdf_pages(pdf) <= 9
    text = pdf_text(pdf)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
                     "XÃ CẨM LƯƠNG", "Cẩm Lương, ngày tháng 5 năm 2023", "KẾ HOẠCH",
                     "b) Tiểu dự án 2: Giám sát, đánh giá", "12.000.000 đồng (Mười hai triệu đồng)",
                     "26.000.000 đồng (Hai mươi sáu triệu đồng)", "Kế hoạch này./.",
                     "TM. ỦY BAN NHÂN DÂN", "Bùi Quốc Bảo", "- Lưu: VT, VHCS."):
        assert expected in text
    first, second = pdf_text(pdf, 1), pdf_text(pdf, 2)
    assert not first.startswith("1 ") and second.startswith("2 "), "page numbers start on page 2"
    for page in range(1, pdf_pages(pdf)):
        last = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        assert not re.match(r"\s*(\d+\. Dự án|[a-z]\) Tiểu dự án|[IV]+\. )", last), f"page {page} ends with a heading"
        assert not last.rstrip().endswith(":"), f"page {page} ends with a label"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Triển khai thực hiện các dự án, tiểu dự án" in info
    assert "Author:          UBND xã Cẩm Lương" in info and "python-docx" not in info
    assert set(pdf_fonts(pdf)) <= {"TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT", "TimesNewRomanPS-ItalicMT",
                                   "TimesNewRomanPS-BoldItalicMT", "LiberationSerif", "LiberationSerif-Bold",
                                   "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}


def test_missing_libreoffice_is_said_in_vietnamese_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(export, "find_soffice", lambda: None)
    with pytest.raises(ExportError, match="Chưa cài LibreOffice"):
        write_document(example_plan(), CATALOG, tmp_path, pdf=True)
    assert list(tmp_path.iterdir()) == []


# Cell text is data.

def all_text(doc: Document) -> list[str]:
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text for p in doc.paragraphs] + cells


def test_cell_text_appears_as_typed_and_never_as_markup_or_template(tmp_path):
    [path] = write_document(hostile_plan(), CATALOG, tmp_path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))  # strict parser: well-formed or raises
    texts = all_text(Document(str(path)))
    joined = "\n".join(texts)
    for text in HOSTILE:
        assert f"- {text}" in texts
    assert "chèn" not in [t for t in texts]  # the <w:p> in a cell made no paragraph of its own
    assert "XÃ A & B <C>" in texts and "Số: {{ số }}/KH-UBND" in texts
    assert "{% raw %}, ngày 08 tháng 5 năm 2023" in texts
    assert ["TM. <UBND>", "{{ CHỨC VỤ }}", "Nguyễn \"Văn\" A"] == [t for t in texts if t in (
        "TM. <UBND>", "{{ CHỨC VỤ }}", "Nguyễn \"Văn\" A")]
    assert "Mục đích: " + " | ".join(HOSTILE) in texts and "Dòng hai {{ y }}" in texts
    assert "Giao & phối hợp" in texts and "{% endfor %}" in texts
    assert ["- dòng 1", "- dòng 2", "- 3"] == [t for t in texts if t in ("- dòng 1", "- dòng 2", "- 3")]
    assert "- Nơi <a>;" in texts and "- Lưu: VT & {{ z }}." in texts
    assert "\x0b" not in joined


@needs_soffice
@pytest.mark.slow
def test_hostile_document_opens_in_libreoffice(tmp_path):
    _, pdf = write_document(hostile_plan(), CATALOG, tmp_path, pdf=True)
    text = pdf_text(pdf)
    assert "A & B < C > D" in text and "{{ x }}" in text and "<w:p><w:r><w:t>chèn</w:t></w:r></w:p>" in text


# The document's properties.

def test_properties_are_the_plans_and_of_the_time_of_export(tmp_path):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    [path] = write_document(example_plan(), CATALOG, tmp_path)
    after = datetime.now(timezone.utc)
    core = Document(str(path)).core_properties
    assert core.title == example_plan().info.summary
    assert core.subject == ("Kế hoạch năm 2023 thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững "
                            "giai đoạn 2021-2025")
    assert core.author == core.last_modified_by == "UBND xã Cẩm Lương"
    assert before <= core.created == core.modified <= after
    assert core.comments == "" and core.revision == 1
    for name, data in parts(path).items():
        if name.startswith("docProps/"):
            assert b"python-docx" not in data and b"kehoach-xl" not in data, name
    extended = parts(path)["docProps/app.xml"]
    assert b"<Application>" not in extended and b"<Pages>" not in extended, "no program it was not made with"


# Names: never overwrite.

def test_second_export_gets_a_numbered_name_and_the_first_is_untouched(tmp_path):
    plan = example_plan()
    [first] = write_document(plan, CATALOG, tmp_path)
    before = first.read_bytes()
    [second] = write_document(plan, CATALOG, tmp_path)
    [third] = write_document(plan, CATALOG, tmp_path)
    assert first.name == "KeHoach_xa_Cam_Luong_2023.docx"
    assert second.name == "KeHoach_xa_Cam_Luong_2023 (2).docx"
    assert third.name == "KeHoach_xa_Cam_Luong_2023 (3).docx"
    assert first.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name, third.name])


def test_docx_and_pdf_share_the_first_name_free_for_both(tmp_path, monkeypatch):
    (tmp_path / "KeHoach_xa_Cam_Luong_2023.pdf").write_text("cũ")
    plan = example_plan()
    assert [p.name for p in export.target_paths(plan, tmp_path, pdf=True)] == [
        "KeHoach_xa_Cam_Luong_2023 (2).docx", "KeHoach_xa_Cam_Luong_2023 (2).pdf"]
    assert [p.name for p in export.target_paths(plan, tmp_path, pdf=False)] == [
        "KeHoach_xa_Cam_Luong_2023.docx"]


def test_an_explicit_file_name_is_used_and_numbered_too(tmp_path):
    out = tmp_path / "Ke hoach gui huyen.docx"
    out.write_text("bản của người dùng")
    [path] = write_document(example_plan(), CATALOG, out)
    assert path.name == "Ke hoach gui huyen (2).docx"
    assert out.read_text() == "bản của người dùng"


def test_a_new_folder_is_created(tmp_path):
    [path] = write_document(example_plan(), CATALOG, tmp_path / "xuat" / "2023")
    assert path == tmp_path / "xuat" / "2023" / "KeHoach_xa_Cam_Luong_2023.docx"


@pytest.mark.parametrize("unit, year, stem", [
    ("xã Cẩm Lương", 2023, "KeHoach_xa_Cam_Luong_2023"),
    ("phường Đống Đa", 2025, "KeHoach_phuong_Dong_Da_2025"),
    ("thị trấn  Phong Sơn / Cẩm Thủy: <mới>", 2024, "KeHoach_thi_tran_Phong_Son_Cam_Thuy_moi_2024"),
    ("", None, "KeHoach"),
    ("xã Phước Long Hưng Thịnh Mới Phát Triển Bền Vững Thượng Nguồn", 2023,
     "KeHoach_xa_Phuoc_Long_Hung_Thinh_Moi_Phat_Trien_Ben_Vung_Thuong_2023"),
    ("xã " + "Đ" * 70, 2023, "KeHoach_xa_2023"),
    ("Đ" * 70, 2023, "KeHoach_" + "D" * 60 + "_2023"),
])
def test_file_names_are_ascii_and_windows_safe(unit, year, stem):
    assert file_stem(Plan(info=Info(unit=unit, year=year))) == stem
    assert ascii_name("Ấp Điền Hải") == "Ap_Dien_Hai"


LONG_UNIT = "xã Phước Long Hưng Thịnh Mới Phát Triển Bền Vững Thượng Ngàn"
"""Filled line by line in the 6 cm column, as Word and LibreOffice do, it ends with "NGÀN" alone."""
LONG_SIGNER = "Nguyễn Thị Hoàng Phương Thảo Nguyên Khánh Linh"


@needs_soffice
@pytest.mark.slow
def test_long_names_wrap_in_balanced_lines_at_word_boundaries(tmp_path):
    assert len(LONG_UNIT) == 60
    plan = example_plan()
    plan = replace(plan, info=replace(plan.info, unit=LONG_UNIT, signer=LONG_SIGNER))
    shown = document.context(plan, CATALOG)
    docx, pdf = write_document(plan, CATALOG, tmp_path, pdf=True)
    assert docx.stem == "KeHoach_xa_Phuoc_Long_Hung_Thinh_Moi_Phat_Trien_Ben_Vung_Thuong_Ngan_2023"
    pages = read_pages(pdf)
    left = Document(str(docx)).sections[0].left_margin.pt
    header = []
    for line in pages[0].lines:
        if line.text.startswith("Số:"):
            break
        if line.left < left + document.ISSUER_COLUMN * CM:
            header.append(line.parts[0].strip())
    assert header == ["ỦY BAN NHÂN DÂN", *shown["unit_lines"]], "LibreOffice sets the lines as split, no more"
    assert shown["unit_lines"] == ["XÃ PHƯỚC LONG", "HƯNG THỊNH MỚI", "PHÁT TRIỂN BỀN", "VỮNG THƯỢNG NGÀN"]
    signer = [line.text for line in pages[-1].lines[-len(shown["signer_lines"]):]]
    assert signer == shown["signer_lines"] == ["Nguyễn Thị Hoàng Phương", "Thảo Nguyên Khánh Linh"]
    for lines, size in ((shown["unit_lines"], document.ISSUER_SIZE), (signer, document.SIGNER_SIZE)):
        assert len(lines) > 1 and len(lines[-1].split()) > 1, "no word alone on the last line"
        widths = [width(line, size) for line in lines]
        assert min(widths) > 0.6 * max(widths), f"balanced: {lines}"


# The template.

def load_builder():
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "templates" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_template_builds_reproducibly_and_the_shipped_one_is_up_to_date(tmp_path):
    builder = load_builder()
    first, second = builder.build(tmp_path / "a.docx"), builder.build(tmp_path / "b.docx")
    assert first.read_bytes() == second.read_bytes()
    assert parts(first) == parts(export.TEMPLATE), "run: python templates/build_template.py"


def test_template_tags_stay_readable_in_word(tmp_path):
    """Each tag sits whole in one run, so an official sees and can move it in Word."""
    texts = [run.text for p in Document(str(export.TEMPLATE)).paragraphs for run in p.runs]
    tags = [t for t in texts if "{" in t]
    assert "{%p for project in projects %}" in tags and "{%p for text in opening %}" in tags
    assert all(t.count("{") == t.count("}") for t in tags)


@pytest.mark.parametrize(("tag", "said"), [("{{ ten_sai }}", "(dữ liệu kế hoạch không có ten_sai)"),
                                           ("{{ don_vi ", "(viết sai: mỗi thẻ mở bằng {{ hay {% và đóng bằng }}")])
def test_a_broken_template_tag_is_an_export_error_and_nothing_is_written(tmp_path, tag, said):
    broken = tmp_path / "mau.docx"
    document = Document(str(export.TEMPLATE))
    document.paragraphs[0].add_run(tag)
    document.save(broken)
    out = tmp_path / "ra"
    with pytest.raises(ExportError) as refused:
        write_document(example_plan(), CATALOG, out, template=broken)
    assert f"thẻ không hợp lệ {said}" in str(refused.value)
    assert not out.exists()


# The command line.


def test_cli_export_writes_beside_the_workbook_and_leaves_it_alone(example):
    before = example.read_bytes()
    result = kehoach("export", example)
    assert result.returncode == 0, result.stdout + result.stderr
    written = example.parent / "KeHoach_xa_Cam_Luong_2023.docx"
    assert f"Đã ghi {written}" in result.stdout
    assert Document(str(written)).tables[0].rows[0].cells[0].paragraphs[1].text == "XÃ CẨM LƯƠNG"
    assert example.read_bytes() == before


def test_cli_export_refuses_while_there_is_an_error(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "bad.xlsx")
    result = kehoach("export", path, "-o", tmp_path / "ra")
    assert result.returncode == 1
    assert "money-text" in result.stdout and "Chưa xuất kế hoạch: dữ liệu còn lỗi. Hãy sửa các lỗi trên" in result.stderr
    assert not (tmp_path / "ra").exists()


def test_cli_export_without_libreoffice_says_so(example, tmp_path):
    result = kehoach("export", example, "--pdf", env={"PATH": str(tmp_path)})
    assert result.returncode == 1
    assert "Chưa cài LibreOffice" in result.stderr and "Traceback" not in result.stderr
    assert list(example.parent.iterdir()) == [example]


@needs_soffice
def test_cli_export_pdf_without_a_times_compatible_font_says_so(example, tmp_path_factory):
    """fontconfig with no font folder: LibreOffice would set the PDF in a fallback font."""
    config = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>')
    result = kehoach("export", example, "--pdf", env={**os.environ, "FONTCONFIG_FILE": str(config)})
    assert result.returncode == 1
    assert "không có phông Times New Roman" in result.stderr and "fonts-liberation2" in result.stderr
    assert "Traceback" not in result.stderr and list(example.parent.iterdir()) == [example]


def test_cli_export_with_a_restyled_template(example, tmp_path):
    restyled = tmp_path / "mau.docx"
    template = Document(str(export.TEMPLATE))
    template.styles["KH Nội dung"].font.size = Pt(13)
    template.save(restyled)
    result = kehoach("export", example, "-o", tmp_path / "ra", "--template", restyled)
    assert result.returncode == 0, result.stderr
    written = Document(str(tmp_path / "ra" / "KeHoach_xa_Cam_Luong_2023.docx"))
    assert written.styles["KH Nội dung"].font.size == Pt(13)
