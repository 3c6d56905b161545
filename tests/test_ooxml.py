"""Word and Excel open what the tool writes without a repair.

Word reads a part against the schemas of ISO/IEC 29500 (transitional); an
element out of its place in a sequence, or a required attribute missing, and
Word says the document has unreadable content and offers to repair it. The
orders below are the schema's sequences, written out for what our templates,
docxtpl and openpyxl put there: the properties of a table (w:tblPr), of a cell
(w:tcPr) and of a paragraph (w:pPr), the zoom of settings.xml (w:percent is
required), and the children of a worksheet and of workbook.xml. Namespaces a
part lists in mc:Ignorable (Word 2010's w14, …) are dropped first, as Word
does.
"""

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import BLANK, CATALOG, CATALOGS, EXAMPLE, LEGACY
from kehoach_xl.core.checks import check_workbook
from kehoach_xl.io.engines import read_file
from kehoach_xl.io.export import REPORT, REPORT_TEMPLATE, TEMPLATE, write_document
from plans import example_plan, hostile_plan
from results_data import with_results

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

TABLE_PROPERTIES = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                    "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                    "tblLook", "tblCaption", "tblDescription", "tblPrChange")
CELL_PROPERTIES = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
                   "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
                   "cellMerge", "tcPrChange")
PARAGRAPH_PROPERTIES = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
                        "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
                        "cnfStyle", "rPr", "sectPr", "pPrChange")
WORD_SEQUENCES = {"tblPr": TABLE_PROPERTIES, "tcPr": CELL_PROPERTIES, "pPr": PARAGRAPH_PROPERTIES}
WORKSHEET = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
             "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
             "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
             "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
             "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
             "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
             "extLst")
WORKBOOK = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
            "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
            "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
            "extLst")


def as_word_reads(data: bytes) -> etree._Element:
    """A part with the elements and attributes of the namespaces it lists in mc:Ignorable dropped."""
    root = etree.fromstring(data)
    ignorable = {root.nsmap.get(prefix) for prefix in root.get(f"{{{MC}}}Ignorable", "").split()}
    for element in [e for e in root.iter() if isinstance(e.tag, str)]:
        if etree.QName(element).namespace in ignorable:
            element.getparent().remove(element)
            continue
        for name in [n for n in element.attrib if etree.QName(n).namespace in ignorable]:
            del element.attrib[name]
    return root


def out_of_order(root: etree._Element, namespace: str, sequences: dict[str, tuple[str, ...]]) -> list[str]:
    """Each element of `sequences` whose children are not in the schema's order, or not of the sequence."""
    wrong = []
    for name, sequence in sequences.items():
        for element in root.iter(f"{{{namespace}}}{name}"):
            children = [etree.QName(child).localname for child in element if isinstance(child.tag, str)]
            places = [sequence.index(child) if child in sequence else -1 for child in children]
            if -1 in places or places != sorted(places):
                wrong.append(f"{root.getroottree().getpath(element)}: {' '.join(children)}")
    return wrong


def word_problems(path: Path) -> list[str]:
    """What Word would repair in a .docx: properties out of order in any part, w:zoom without w:percent."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = as_word_reads(archive.read(name))
                problems += [f"{name} {place}" for place in out_of_order(root, W, WORD_SEQUENCES)]
                problems += [f"{name} w:zoom" for zoom in root.iter(f"{{{W}}}zoom") if zoom.get(f"{{{W}}}percent")
                             is None]
    return problems


def excel_problems(path: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                sequence = {"worksheet": WORKSHEET}
            elif name == "xl/workbook.xml":
                sequence = {"workbook": WORKBOOK}
            else:
                continue
            problems += [f"{name} {place}" for place in out_of_order(as_word_reads(archive.read(name)), S, sequence)]
    return problems


@pytest.mark.parametrize("template", [TEMPLATE, REPORT_TEMPLATE], ids=["ke_hoach", "bao_cao"])
def test_the_templates_open_in_word_without_a_repair(template):
    assert word_problems(template) == []


@pytest.mark.slow
def test_the_plan_and_the_report_open_in_word_without_a_repair(tmp_path):
    written = write_document(example_plan(), CATALOG, tmp_path / "ke-hoach")
    written += write_document(hostile_plan(), CATALOG, tmp_path / "la")
    reported = with_results(tmp_path / "KeHoach_2023.xlsm")
    plan, findings, known = check_workbook(read_file(reported).data, CATALOGS, legacy=LEGACY)
    assert findings == []
    written += write_document(plan, known, tmp_path / "bao-cao", kind=REPORT)
    for path in written:
        assert word_problems(path) == [], path.name
        with zipfile.ZipFile(path) as archive:
            tables = as_word_reads(archive.read("word/document.xml")).iter(f"{{{W}}}tblCellMar")
            assert all(etree.QName(t.getnext()).localname == "tblLook" for t in tables), path.name


def test_a_property_out_of_place_is_caught():
    cell_margins_last = (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/>'
                         f'<w:tblCellMar/></w:tblPr></w:tbl>').encode()
    assert out_of_order(as_word_reads(cell_margins_last), W, WORD_SEQUENCES)
    validations_after_tables = f'<worksheet xmlns="{S}"><sheetData/><tableParts/><dataValidations/></worksheet>'
    assert out_of_order(as_word_reads(validations_after_tables.encode()), S, {"worksheet": WORKSHEET})


@pytest.mark.parametrize("workbook", [BLANK, EXAMPLE], ids=["blank", "example"])
def test_the_built_workbooks_keep_the_order_excel_reads(workbook):
    assert excel_problems(workbook) == []


@pytest.mark.slow
def test_every_workbook_the_tool_writes_keeps_the_order_excel_reads(tmp_path):
    """A province's list (catalog export), a workbook made from it (new --catalog, with the origin block beside
    the list), its copy with every plan line on "Kết quả" (report --prepare), the copy sent up (values only)
    and the consolidation."""
    import kehoach_xl
    from kehoach_xl.builder.build import prepared_xlsm
    from kehoach_xl.core.values import UNCALCULATED
    from kehoach_xl.io.xlsx_copy import write_values_copy
    from province import PLAN_3, blank, fill, province_list

    listed = province_list(tmp_path / "DanhMuc_tinh.xlsx")
    made = fill(blank(tmp_path, listed), tmp_path / "KeHoach_2027.xlsm", PLAN_3)
    prepared = tmp_path / "BaoCao.xlsm"
    prepared.write_bytes(prepared_xlsm(made, ["HP1.1.1", "HP2.1.1"])[0])
    values = {name: [[None if value is UNCALCULATED else value for value in row] for row in rows]
              for name, rows in read_file(made).data.items()}  # openpyxl keeps no computed values: Excel would
    sent = write_values_copy(values, tmp_path / "gui" / "KeHoach.xlsx")
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "xa.xlsm").write_bytes(made.read_bytes())
    consolidated = kehoach_xl.consolidate(inbox, tmp_path / "TongHop.xlsx").written
    for path in (listed, made, prepared, sent, consolidated):
        assert excel_problems(path) == [], path.name
