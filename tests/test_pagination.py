"""The plan document, and the results report, as pages: where LibreOffice breaks them, measured in the PDF.

Plans: the example (the reference plan of xã Cẩm Lương 2023) and the same plan
with 5, 15 and 40 activities on every project and sub-project, built in code;
and the report of that year's results (tests/results_data.py), which keeps the
same rules.
Each is rendered once through write_document(pdf=True) and read back with
poppler (tests/pages.py); page size and margins come from the .docx.

The page-foot rule: no page but the last ends more than 2,5 cm above the
bottom margin, unless the next page opens with a block the template must keep
together and that block did not fit in the space left.  Those blocks are what
an official would not split: headings and labels with the first lines of what
follows them (two lines, or a whole paragraph of three, as widow and orphan
control sets a paragraph), the budget table's header with its first two rows,
and the last lines of the body with the signature block.
"""

import dataclasses

import pytest
from docx import Document

import kehoach_xl

from kehoach_xl.core.catalog import of_plan
from conftest import CATALOGS
from helpers import needs_pdf
from kehoach_xl.core.model import Activity, Plan
from kehoach_xl.io import export
from kehoach_xl.io.export import write_document
from pages import CM, Line, read_pages
from plans import example_plan
from results_data import with_results

pytestmark = [pytest.mark.slow, needs_pdf]

FOOT = 2.5 * CM
"""The most a page but the last may end above the bottom margin."""
INDENT = 1.27 * CM
"""First-line indent of body paragraphs and headings: a line starting there starts a paragraph."""
SPACE = 8
"""Points between a page's last line and a block that would follow it: 6 pt after the paragraph, and rounding."""
SIZES = (0, 5, 15, 40)
REPORT = "report"


def with_activities(plan: Plan, count: int) -> Plan:
    """The plan with `count` activities on each of its projects and sub-projects, from the example's texts."""
    texts = [a.text for a in plan.activities]
    codes = [p.code for p in plan.projects if plan.activities_of(p.code)]
    activities = tuple(Activity(code, texts[(i * 7 + k) % len(texts)])
                       for i, code in enumerate(codes) for k in range(count))
    return dataclasses.replace(plan, activities=activities)


@dataclasses.dataclass
class Rendered:
    name: str
    pages: list[list[Line]]
    """The body's lines of every page (the page number in the header left out)."""
    bottom: float
    """The y of the bottom margin, in points from the top of the page."""
    left: float


@pytest.fixture(scope="module", params=(*SIZES, REPORT),
                ids=lambda n: n if n == REPORT else f"{n}-activities" if n else "example")
def rendered(request, tmp_path_factory) -> Rendered:
    folder = tmp_path_factory.mktemp("pages")
    if request.param == REPORT:
        reading = kehoach_xl.read(with_results(folder / "KeHoach.xlsm"))
        docx, pdf = write_document(reading.plan, reading.catalog, folder, pdf=True, kind=export.REPORT)
    else:
        plan = example_plan()
        if request.param:
            plan = with_activities(plan, request.param)
        docx, pdf = write_document(plan, of_plan(CATALOGS, plan), folder, pdf=True)
    section = Document(str(docx)).sections[0]
    top, bottom = section.top_margin.pt, section.page_height.pt - section.bottom_margin.pt
    pages = [[line for line in page.lines if line.bottom > top] for page in read_pages(pdf)]
    return Rendered(pdf.name, pages, bottom, section.left_margin.pt)


def kept(line: Line) -> bool:
    """A heading (bold) or a label alone on its line, which the template keeps with what follows."""
    return line.bold or (line.italic and line.text.endswith(":"))


def starts_paragraph(line: Line, left: float) -> bool:
    return abs(line.left - (left + INDENT)) < 2 or kept(line)


def is_row(line: Line, left: float) -> bool:
    """The first line of a budget row: its number alone in the TT column."""
    return len(line.parts) > 1 and line.parts[0].strip().isdigit() and line.left < left + INDENT


def total_row(line: Line) -> bool:
    return line.text.startswith("Tổng cộng")


def signature(line: Line) -> bool:
    return line.text.startswith("Nơi nhận:")


def opening_block(lines: list[Line], left: float, last_page: bool) -> float | None:
    """The height of the block the page opens with, if the template keeps it together; else None."""
    heads = next((i for i, line in enumerate(lines) if not kept(line)), len(lines))
    if heads == 0:
        body_lines = next((i for i, line in enumerate(lines) if signature(line)), None)
        if last_page and body_lines is not None and body_lines <= 3:
            return lines[-1].bottom - lines[0].top
        return None
    if heads == len(lines):
        return lines[-1].bottom - lines[0].top
    if is_row(lines[heads], left):
        rows = [i for i in range(heads, len(lines)) if is_row(lines[i], left)]
        total = next(i for i in range(heads, len(lines)) if total_row(lines[i]))
        end = rows[2] - 1 if len(rows) > 2 else total
    else:
        paragraph = heads + 1
        while paragraph < len(lines) and not starts_paragraph(lines[paragraph], left):
            paragraph += 1
        end = paragraph - 1 if paragraph - heads <= 3 else heads + 1
    if end + 1 < len(lines) and signature(lines[end + 1]):
        end = len(lines) - 1
    return lines[end].bottom - lines[0].top


def test_every_page_but_the_last_ends_near_the_bottom_margin(rendered):
    early = []
    for number, (lines, following) in enumerate(zip(rendered.pages, rendered.pages[1:]), start=1):
        foot = rendered.bottom - lines[-1].bottom
        if foot <= FOOT:
            continue
        block = opening_block(following, rendered.left, number + 1 == len(rendered.pages))
        if block is None or foot >= block + SPACE:
            early.append(f"page {number} ends {foot / CM:.2f} cm above the margin, before "
                         f"{following[0].text[:40]!r} ({'no kept block' if block is None else f'{block / CM:.2f} cm'})")
    assert early == []


def test_no_page_ends_with_a_heading_or_a_label(rendered):
    for number, lines in enumerate(rendered.pages[:-1], start=1):
        assert not kept(lines[-1]), f"page {number} ends with {lines[-1].text!r}"


def test_the_budget_table_never_breaks_after_its_first_row(rendered):
    if rendered.name.startswith("BaoCao"):
        pytest.skip("the plan's budget table; the report's is built by the same io/docx_table")
    rows = {int(line.parts[0]): number for number, lines in enumerate(rendered.pages)
            for line in lines if is_row(line, rendered.left)}
    assert sorted(rows) == list(range(1, 10)), "the example's nine rows"
    assert rows[1] == rows[2], "rows 1 and 2 on one page"
    total = next(number for number, lines in enumerate(rendered.pages) for line in lines if total_row(line))
    assert total == rows[9], "the last row stays with the total"
    for number in set(rows.values()) - {rows[1]}:
        assert rendered.pages[number][0].text.startswith("TT Dự án, tiểu dự án"), "the header repeats"


def test_the_signature_block_keeps_the_last_lines_of_the_body(rendered):
    last = rendered.pages[-1]
    before = next(i for i, line in enumerate(last) if signature(line))
    assert before >= 2, "at least two lines of the body above the signature block"
    assert last[before - 1].text.endswith("./.")
    assert last[-1].text == "Bùi Quốc Bảo"
