"""A document's table (core/tables.DocumentTable) as WordprocessingML, for a `{{p … }}` tag of the template.

The cells' text is data: lxml escapes it, and the result goes into the
template as markup only because it was built here, element by element.
Every element in the order wml.xsd gives it (tblPr: tblStyle, tblW, jc,
tblLayout, tblLook; trPr: cantSplit, tblHeader; pPr: pStyle, keepNext, ind,
jc; rPr: b, i, sz), so Word opens the document without a repair.  The
header repeats on every page; no row splits; the header stays with the first
row, a level's row with the row under it, and the last row with the total.
"""

from lxml import etree
from markupsafe import Markup

from kehoach_xl.core.tables import CENTER, GROUP, RIGHT, SOURCE, TOTAL, DocumentRow, DocumentTable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 1440 / 2.54
STYLES = {"header": "KHBangtieude", "number": "KHBangsothutu", "name": "KHBang", RIGHT: "KHBangsotien"}
"""The template's paragraph styles (templates/build_template.py) by role: their ids, as Word stores them."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _add(parent, tag: str, **attributes: str):
    element = etree.SubElement(parent, _w(tag))
    for name, value in attributes.items():
        element.set(_w(name), value)
    return element


def _twips(cm: float) -> str:
    return str(round(cm * TWIPS_PER_CM))


def _paragraph(cell, text: str, style: str, size: int, *, keep: bool, indent: float = 0.0, align: str = "",
               bold: bool = False, italic: bool = False) -> None:
    paragraph = _add(cell, "p")
    properties = _add(paragraph, "pPr")
    _add(properties, "pStyle", val=style)
    if keep:
        _add(properties, "keepNext")
    if indent:
        _add(properties, "ind", left=_twips(indent))
    if align:
        _add(properties, "jc", val=align)
    run = _add(paragraph, "r")
    run_properties = _add(run, "rPr")
    if bold:
        _add(run_properties, "b")
    if italic:
        _add(run_properties, "i")
    _add(run_properties, "sz", val=str(size * 2))
    _add(run_properties, "szCs", val=str(size * 2))
    _add(run, "t").text = text
    if text != text.strip():
        run[-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _row(table_element, widths: tuple[int, ...], header: bool = False):
    row = _add(table_element, "tr")
    properties = _add(row, "trPr")
    _add(properties, "cantSplit")
    if header:
        _add(properties, "tblHeader")
    cells = []
    for twips in widths:
        cell = _add(row, "tc")
        _add(_add(cell, "tcPr"), "tcW", w=str(twips), type="dxa")
        cells.append(cell)
    return cells


def _body_row(table_element, widths: tuple[int, ...], table: DocumentTable, row: DocumentRow, keep: bool) -> None:
    strong = row.kind in (GROUP, TOTAL)
    italic = row.kind == SOURCE
    for index, (cell, text) in enumerate(zip(_row(table_element, widths), row.cells)):
        column = table.columns[index]
        if index == 0:
            _paragraph(cell, text, STYLES["number"], table.size, keep=keep, bold=strong, italic=italic)
        elif index == 1:
            _paragraph(cell, text, STYLES["name"], table.size, keep=keep, indent=row.level * table.indent,
                       align="center" if row.kind == TOTAL else "", bold=strong, italic=italic)
        else:
            _paragraph(cell, text, STYLES[RIGHT] if column.align == RIGHT else STYLES["name"], table.size,
                       keep=keep, align="" if column.align == RIGHT else column.align, bold=strong, italic=italic)


def table_xml(table: DocumentTable) -> Markup:
    """The w:tbl of `table`."""
    element = etree.Element(_w("tbl"), nsmap={"w": W})
    properties = _add(element, "tblPr")
    _add(properties, "tblStyle", val="TableGrid")
    _add(properties, "tblW", w="0", type="auto")
    _add(properties, "jc", val="center")
    _add(properties, "tblLayout", type="fixed")
    _add(properties, "tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0",
         noHBand="0", noVBand="1")
    widths = tuple(int(_twips(cm)) for cm in table.widths)
    grid = _add(element, "tblGrid")
    for twips in widths:
        _add(grid, "gridCol", w=str(twips))
    for cell, column in zip(_row(element, widths, header=True), table.columns):
        _paragraph(cell, column.header, STYLES["header"], table.size, keep=True, align=CENTER, bold=True)
    last = len(table.rows) - 1
    for index, row in enumerate(table.rows):
        following = table.rows[index + 1] if index < last else None
        keep = (index == 0 or row.kind == GROUP or following is not None and following.kind in (TOTAL, SOURCE))
        _body_row(element, widths, table, row, keep)
    return Markup(etree.tostring(element, encoding="unicode"))
