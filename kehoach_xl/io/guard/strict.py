"""Strict Open XML (which openpyxl does not read) rewritten to the transitional namespaces."""

TRANSITIONAL, STRICT = "http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/"
STRICT_NAMESPACES = {
    "spreadsheetml/main": "spreadsheetml/2006/main",
    "officeDocument/relationships": "officeDocument/2006/relationships",
    "drawingml/main": "drawingml/2006/main",
    "drawingml/chart": "drawingml/2006/chart",
    "drawingml/spreadsheetDrawing": "drawingml/2006/spreadsheetDrawing",
    "officeDocument/extendedProperties": "officeDocument/2006/extended-properties",
    "officeDocument/customProperties": "officeDocument/2006/custom-properties",
    "officeDocument/docPropsVTypes": "officeDocument/2006/docPropsVTypes",
    "officeDocument/sharedTypes": "officeDocument/2006/sharedTypes",
    "officeDocument/math": "officeDocument/2006/math",
}
"""Strict Open XML (ISO/IEC 29500 Strict, Excel's "Strict Open XML Spreadsheet") -> the
transitional namespace of the same vocabulary, after the common prefixes above."""


def transitional(xml: bytes) -> bytes:
    """A Strict Open XML part with the transitional namespaces openpyxl knows."""
    for strict, known in STRICT_NAMESPACES.items():
        xml = xml.replace((STRICT + strict).encode(), (TRANSITIONAL + known).encode())
    return xml
