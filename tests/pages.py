"""The lines of a rendered PDF, page by page, with their place and weight (poppler's pdftohtml -xml).

Coordinates are points from the top of the page.  A line is the text
fragments that share a baseline; it is bold or italic when all of its
fragments are.
"""

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CM = 72 / 2.54


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    left: float
    right: float
    parts: tuple[str, ...]
    bold: bool
    italic: bool

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@dataclass(frozen=True)
class Page:
    number: int
    height: float
    lines: tuple[Line, ...]


def read_pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", str(pdf)],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    pages = []
    for page in root.iter("page"):
        rows: dict[float, list] = {}
        for text in page.iter("text"):
            top = float(text.get("top"))
            key = next((k for k in rows if abs(k - top) <= 2), top)
            rows.setdefault(key, []).append(text)
        lines = []
        for top, texts in sorted(rows.items()):
            texts.sort(key=lambda t: float(t.get("left")))
            parts = tuple("".join(t.itertext()) for t in texts)
            if not "".join(parts).strip():
                continue
            lines.append(Line(
                top=top, bottom=max(float(t.get("top")) + float(t.get("height")) for t in texts),
                left=float(texts[0].get("left")),
                right=max(float(t.get("left")) + float(t.get("width")) for t in texts),
                parts=parts, bold=all(t.find(".//b") is not None for t in texts),
                italic=all(t.find(".//i") is not None for t in texts)))
        pages.append(Page(int(page.get("number")), float(page.get("height")), tuple(lines)))
    return pages
