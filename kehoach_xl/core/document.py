"""The plan document's content: Plan + Catalog -> the template's context.

Pure: no files, no docx.  Every string here is plain text; the template
renders it with autoescape on, so cell text is data, never markup or template
source.  Text that holds line breaks is split into lists (one paragraph per
line) here, never turned into XML.  docs/document.md shows the shape.
"""

import re
import unicodedata

from kehoach_xl.core import contract
from kehoach_xl.core.totals import Totals, leaves, line_rows, source_name, totals
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.outline import Node, outline
from kehoach_xl.core.model import Basis, IssueDate, Plan, Project
from kehoach_xl.core.money import format_amount, format_count, format_money
from kehoach_xl.core.tables import CENTER, GROUP, LEFT, LINE, RIGHT, SOURCE, TOTAL, DocumentRow, table
from kehoach_xl.core.targets import format_household_rate, format_points, remaining, shown_drop
from kehoach_xl.core.wrap import balanced

BLANK = " " * 6
"""What stands for a number or day left for the clerk or the signer to write by hand."""

UNIT_KINDS = ("thị trấn", "phường", "xã")
BULLETS = "-–—•*"
ACTIVITIES = "Nội dung hoạt động:"
TIME = "Thời gian thực hiện:"
MONEY = "Kinh phí thực hiện:"
ASSIGNMENT = "Phân công thực hiện:"
BY_ALLOCATION = "Theo phân bổ"
ISSUER_COLUMN, ISSUER_SIZE = 6.0, 13
"""The header's left column (cm) and the issuing body's size (pt, bold), as the template sets them."""
SIGNER_COLUMN, SIGNER_SIZE = 8.0, 14
"""The signature block's right column (cm) and the signer's size (pt, bold)."""
ROUNDING = 0.1
"""cm kept free on every balanced line, so no rounding in Word or LibreOffice wraps it again."""


def lines(text: str) -> list[str]:
    """The non-blank lines of a cell, NFC, without control characters (invalid in XML)."""
    text = unicodedata.normalize("NFC", text).replace("\t", " ")
    result = []
    for line in text.splitlines():
        line = "".join(ch for ch in line if unicodedata.category(ch) != "Cc").strip()
        if line:
            result.append(line)
    return result


def one_line(text: str) -> str:
    return " ".join(lines(text))


NO_BREAK = "\u00a0"


def keep_unit(text: str, unit: str) -> str:
    """`text` with the unit's name ("xã Hòa Bình", or "Hòa Bình" alone) never split across lines: no-break
    spaces between its words, as in a centred title Word and LibreOffice would otherwise break anywhere."""
    unit = one_line(unit)
    kind = unit_kind(unit)
    words = unit.split()
    for name in (words, words[len(kind.split()):] if kind in UNIT_KINDS else []):
        if len(name) > 1:
            pattern = re.compile(r"\s+".join(map(re.escape, name)), re.IGNORECASE)
            text = pattern.sub(lambda m: NO_BREAK.join(m.group().split()), text)
    return text


def bullet(line: str) -> str:
    """ "- " before an item; an item typed with its own dash keeps one dash, "+" stays."""
    if line.startswith("+"):
        return line
    return "- " + line.lstrip(BULLETS).lstrip() if line[0] in BULLETS else "- " + line


def two_digits(n: int) -> str:
    """Numbers below 10 with a leading 0, as official documents write counts: 05, 17."""
    return f"{n:02d}"


def issue_date(place: str, when: IssueDate | None) -> str:
    """ "Cẩm Lương, ngày 08 tháng 5 năm 2023"; months 1 and 2 take a 0, others do not."""
    if when is None:
        text = f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
    else:
        day = f" {two_digits(when.day)} " if when.day else BLANK
        month = two_digits(when.month) if when.month <= 2 else str(when.month)
        text = f"ngày{day}tháng {month} năm {when.year}"
    return f"{place}, {text}" if place else text


def number_line(number: str) -> str:
    """ "Số: 05/KH-UBND"; a blank number keeps room for the clerk: "Số:      /KH-UBND"."""
    number = one_line(number) or "/KH-UBND"
    head, slash, tail = number.partition("/")
    if not head.strip():
        return f"Số:{BLANK}/{tail}"
    if head.isdigit():
        head = two_digits(int(head))
    return f"Số: {head}{slash}{tail}"


def unit_kind(unit: str) -> str:
    """ "xã Cẩm Lương" -> "xã"; "phường", "thị trấn" likewise."""
    lowered = unit.casefold()
    return next((kind for kind in UNIT_KINDS if lowered.startswith(kind)), "đơn vị")


def basis_text(basis: Basis) -> str:
    """ "Kế hoạch số 91/KH-UBND ngày 20/04/2023 của UBND huyện Cẩm Thủy về …"."""
    words = [one_line(basis.kind)]
    if basis.number:
        words.append(f"số {one_line(basis.number)}")
    if basis.date:
        words.append(f"ngày {basis.date:%d/%m/%Y}")
    if basis.issuer:
        words.append(f"của {one_line(basis.issuer)}")
    if basis.summary:
        words.append(one_line(basis.summary).rstrip(" .;"))
    return " ".join(w for w in words if w)


def issuer(plan: Plan) -> str:
    """ "UBND xã Cẩm Lương": the committee that issues the plan."""
    return f"UBND {one_line(plan.info.unit)}"


LEGAL_KINDS = ("luật", "bộ luật", "pháp lệnh", "nghị quyết", "nghị định", "quyết định", "thông tư")
"""Kinds of document a basis opens with "Căn cứ"; the upper level's plans, letters, directives with "Thực hiện"."""
PARTY = ("đảng", "tỉnh ủy", "thành ủy", "huyện ủy", "bộ chính trị", "ban bí thư", "ban chấp hành", "ban thường vụ")
"""Issuers whose resolutions (Nghị quyết) are the Party's: "Thực hiện", as a directive."""
GROUNDED, CARRIED_OUT = "Căn cứ", "Thực hiện"
HEREAFTER = " (sau đây gọi tắt là Chương trình)"
SHORT_NAME = "Chương trình"
ONE_PARAGRAPH = 2
"""Up to this many bases share one paragraph; more stand one a paragraph, each ending ";"."""


def basis_verb(basis: Basis) -> str:
    """ "Căn cứ" before a legal document (Luật, Nghị quyết of the Quốc hội, Chính phủ or a council, Nghị định,
    Quyết định, Thông tư), "Thực hiện" before a plan, a letter, a directive or a Party resolution."""
    kind = one_line(basis.kind).casefold()
    issuer = one_line(basis.issuer).casefold().replace("uỷ", "ủy")
    legal = any(kind == k or kind.startswith(k + " ") for k in LEGAL_KINDS)
    if legal and kind.startswith("nghị quyết") and any(word in issuer for word in PARTY):
        legal = False
    return GROUNDED if legal else CARRIED_OUT


def program_name(catalog: Catalog) -> str:
    """The program's name without its phase, as a title says it before a year: "Chương trình mục tiêu quốc
    gia giảm nghèo bền vững" (năm 2023)."""
    return re.sub(r"\s+giai đoạn\s+\d{4}\s*[-–—]\s*\d{4}$", "", catalog.program.strip())


def _pattern(name: str) -> str:
    """A name as a pattern: any spacing, any dash, "MTQG" for "mục tiêu quốc gia" (matched ignoring case)."""
    words = [re.escape(word) for word in re.sub(r"\s*[-–—]\s*", " - ", name).split()]
    text = r"\s+".join(r"[-–—]" if word == re.escape("-") else word for word in words)
    text = text.replace(r"[-–—]\s+", r"[-–—]\s*").replace(r"\s+[-–—]", r"\s*[-–—]")
    return text.replace(r"mục\s+tiêu\s+quốc\s+gia", r"(?:mục\s+tiêu\s+quốc\s+gia|MTQG)")


def name_once(texts: list[str], catalog: Catalog) -> tuple[list[str], bool]:
    """`texts` with the program named once in full: "(sau đây gọi tắt là Chương trình)" after its first full name
    (with the phase; or, where none has it, after its first name), each full name after it shortened to
    "Chương trình"; names of a year's part ("… giảm nghèo bền vững năm 2023") before it stay as typed.  Whether
    the texts name it (a catalog without a program has nothing to name)."""
    if not catalog.program:
        return texts, True
    short = program_name(catalog)
    phase = catalog.program.strip()[len(short):].strip()
    pattern = re.compile(_pattern(short) + (rf"(?P<phase>\s+{_pattern(phase)})?" if phase else ""),
                         re.IGNORECASE)
    found = [(i, m) for i, text in enumerate(texts) for m in pattern.finditer(text)]
    if not found:
        return texts, False
    full = [(i, m) for i, m in found if not phase or m.group("phase")]
    defining = (full or found)[0]
    after = found[found.index(defining) + 1:]
    out = []
    for i, text in enumerate(texts):
        pieces, at = [], 0
        for j, m in [(j, m) for j, m in found if j == i]:
            if (j, m) == defining:
                rest = text[m.end():].lstrip()
                pieces.append(text[at:m.end()] + ("" if rest.startswith("(sau đây") else HEREAFTER))
            elif (j, m) in after and (not phase or m.group("phase")):
                pieces.append(text[at:m.start()] + SHORT_NAME)
            else:
                pieces.append(text[at:m.end()])
            at = m.end()
        out.append("".join(pieces) + text[at:])
    return out, True


def opening(plan: Plan, catalog: Catalog) -> list[str]:
    """The bases, "Căn cứ" before the legal documents and then "Thực hiện" before the others (`basis_verb`),
    the program named once (`name_once`); then "UBND xã … xây dựng kế hoạch với các nội dung chính sau:",
    which names the program where no basis does.  Each basis has its verb; up to two share the closing's
    paragraph ("Thực hiện A; Thực hiện B. UBND xã …"), more stand one a paragraph."""
    bases = sorted(plan.bases, key=lambda b: basis_verb(b) != GROUNDED)
    verbs = [basis_verb(b) for b in bases]
    cited, named = name_once([basis_text(b) for b in bases], catalog)
    what = ""
    if not named:
        year = f" năm {plan.info.year}" if plan.info.year else ""
        what = f"{year} thực hiện {catalog.program}{HEREAFTER}"
    closing = f"{issuer(plan)} xây dựng kế hoạch{what} với các nội dung chính sau:"
    if len(cited) > ONE_PARAGRAPH:
        return [f"{verb} {text};" for verb, text in zip(verbs, cited)] + [closing]
    if not cited:
        return [closing]
    return [f"{'; '.join(f'{verb} {text}' for verb, text in zip(verbs, cited))}. {closing}"]


def specific_target(plan: Plan, catalog: Catalog) -> str:
    """ "Năm 2023, toàn xã giảm 17 hộ nghèo trở lên, giảm 05 hộ cận nghèo trở lên theo …", the poverty
    standard the plan year counts by (a 2026 plan still counts by the 2022-2025 one)."""
    targets = plan.targets
    cuts = [f"giảm {two_digits(n)} {what} trở lên"
            for n, what in ((targets.poor_cut, "hộ nghèo"), (targets.near_poor_cut, "hộ cận nghèo"))
            if n is not None]
    if not cuts:
        return ""
    year = f"Năm {plan.info.year}" if plan.info.year else "Trong năm"
    standard = catalog.standard(plan.info.year)
    by = f" theo chuẩn nghèo giai đoạn {standard.name}" if standard else ""
    return f"{year}, toàn {unit_kind(plan.info.unit)} {', '.join(cuts)}{by}."


def _compared(cut: int, assigned: int | None) -> str:
    """ "bằng chỉ tiêu cấp trên giao (giảm 17 hộ)", "cao hơn …", "thấp hơn …"; nothing without an assignment."""
    if assigned is None:
        return ""
    how = "bằng" if cut == assigned else "cao hơn" if cut > assigned else "thấp hơn"
    return f"; {how} chỉ tiêu cấp trên giao (giảm {two_digits(assigned)} hộ)"


def starting_point(plan: Plan) -> str:
    """ "Đầu năm 2023, toàn xã có 1.450 hộ; trong đó 95 hộ nghèo, tỷ lệ 6,55%; 120 hộ cận nghèo, tỷ lệ 8,28%."
    from "Chỉ tiêu"; what is blank there is left out."""
    t = plan.targets
    kinds = [f"{format_count(n)} {what}" + (f", tỷ lệ {format_household_rate(n * 100 / t.households)}"
                                            if t.households else "")
             for n, what in ((t.poor, "hộ nghèo"), (t.near_poor, "hộ cận nghèo")) if n is not None]
    if t.households is None and not kinds:
        return ""
    when = f"Đầu năm {plan.info.year}" if plan.info.year else "Đầu năm"
    where = f"{when}, toàn {unit_kind(plan.info.unit)} có "
    if t.households is None:
        return f"{where}{', '.join(kinds)}."
    return f"{where}{format_count(t.households)} hộ" + (f"; trong đó {'; '.join(kinds)}." if kinds else ".")


def aims(plan: Plan) -> list[str]:
    """Per kind, the households left at the end of the year, the year-end rate and the drop in points (of the
    rates as printed, `shown_drop`), and the target against the upper level's: "- Hộ nghèo: cuối năm còn 78
    hộ, tỷ lệ hộ nghèo còn 5,38%, giảm 1,17 điểm phần trăm; bằng chỉ tiêu cấp trên giao (giảm 17 hộ)."."""
    t, out = plan.targets, []
    for start, cut, assigned, what in ((t.poor, t.poor_cut, t.assigned_poor_cut, "Hộ nghèo"),
                                       (t.near_poor, t.near_poor_cut, t.assigned_near_poor_cut, "Hộ cận nghèo")):
        left = remaining(start, cut)
        if left is None:
            continue
        rate = ""
        if t.households:
            start_rate, end_rate = start * 100 / t.households, left * 100 / t.households
            rate = (f", tỷ lệ {what.lower()} còn {format_household_rate(end_rate)}, giảm "
                    f"{format_points(shown_drop(start_rate, end_rate))}")
        out.append(f"- {what}: cuối năm còn {format_count(left)} hộ{rate}{_compared(cut, assigned)}.")
    return out


def specific_targets(plan: Plan, catalog: Catalog) -> list[str]:
    """Mục tiêu cụ thể: the situation at the start of the year, the cuts (`specific_target`), then the aims
    in numbers (`aims`)."""
    return [text for text in (starting_point(plan), specific_target(plan, catalog), *aims(plan)) if text]


def entry(label: str, text_lines: list[str], inline: bool) -> dict:
    """A labelled entry of a project: the label, text after it, and lines under it.

    `inline` puts a single line after the label ("Kinh phí thực hiện: …").
    """
    if inline and len(text_lines) == 1:
        return {"label": label, "text": text_lines[0], "lines": []}
    return {"label": label, "text": "", "lines": text_lines}


def money_text(rows: list[Project], catalog: Catalog) -> str:
    """ "5.000.000 đồng (Năm triệu đồng); nguồn: Ngân sách xã", or for a line with several sources "1.734.930.000
    đồng (…), trong đó: ngân sách trung ương 1.200.000.000 đồng; …"; a line with no amount says its source."""
    amounts = [row for row in rows if row.amount is not None]
    words = "; ".join(one_line(row.source) for row in rows if row.amount is None and row.source)
    if not amounts:
        return words
    sources: dict[str, int] = {}
    for row in amounts:
        name = source_name(row.source, catalog)
        sources[name] = sources.get(name, 0) + row.amount
    text = format_money(sum(sources.values()))
    if len(sources) > 1:
        text += by_source(sources)
    elif one_line(amounts[0].source):
        text += f"; nguồn: {one_line(amounts[0].source)}"
    return text + (f"; {words[0].lower()}{words[1:]}" if words else "")


def project_entries(plan: Plan, project: Project, catalog: Catalog) -> list[dict]:
    """A line's entries; its time and assignment from its first row with them (a line of several sources
    has several rows), its money from all."""
    rows = line_rows(plan, project.code)
    activities = [bullet(line) for text in plan.activities_of(project.code) for line in lines(text)]
    time = lines(next((row.time for row in rows if row.time), ""))
    assignment = next((row.assignment for row in rows if row.assignment), "")
    money = money_text(rows, catalog)
    entries = [
        entry(ACTIVITIES, activities, inline=False) if activities else None,
        entry(TIME, time if len(time) == 1 else [bullet(t) for t in time], inline=True) if time else None,
        entry(MONEY, [money], inline=True) if money else None,
        entry(ASSIGNMENT, lines(assignment), inline=False) if assignment else None,
    ]
    return [e for e in entries if e]


def heading(code: str, catalog: Catalog, label: str) -> str:
    name = catalog.names.get(code, "")
    return f"{label}: {name}" if name else label


def numbered_heading(node: Node, catalog: Catalog) -> str:
    """ "1. Dự án 2: …", "1.1. Nội dung thành phần 3: …", "a) Tiểu dự án 1: …"."""
    if node.level == 0:
        return heading(node.code, catalog, f"{node.number}. {catalog.title(node.code)}")
    mark = f"{node.number})" if node.number.isalpha() else f"{node.number}."
    return heading(node.code, catalog, f"{mark} {catalog.label(node.code)}")


def projects(plan: Plan, catalog: Catalog) -> list[dict]:
    """Section III: "1. Dự án 2: …" and its entries, then each level under it ("a) Tiểu dự án 1: …",
    or "1.1. Nội dung thành phần 3: …" where the catalog has more levels) and theirs; labels from the
    catalog.  A part's `numbered` says whether its heading is numbered ("1.1.") or lettered ("a)")."""
    sections: list[dict] = []
    for node in outline(plan, catalog):
        entries = project_entries(plan, node.line, catalog) if node.line else []
        if node.level == 0:
            sections.append({"heading": numbered_heading(node, catalog), "parts": []})
            part = {"heading": "", "entries": entries, "numbered": False}
        else:
            part = {"heading": numbered_heading(node, catalog), "entries": entries,
                    "numbered": not node.number.isalpha()}
        if part["heading"] or part["entries"]:
            sections[-1]["parts"].append(part)
    return sections


def source_rows(sources: dict[str, int], level: int) -> list[DocumentRow]:
    """The sources of a row's money, one row each, under it; none where the money has one source."""
    if len(sources) < 2:
        return []
    return [DocumentRow(("", f"- {source}", format_amount(amount)), SOURCE, level + 1) for source, amount in sources.items()]


def budget_rows(plan: Plan, catalog: Catalog, money: Totals) -> list[DocumentRow]:
    """The budget table's rows.  A catalog of two levels (2021-2025) lists each line that carries money,
    named with its project ("Tiểu dự án 1, Dự án 3: …"), as since 2023; a deeper one lists every level of
    section III with its subtotal, each level indented further, the levels above the lines in bold.  Under a
    row whose money comes from several sources, each source; `money` as `totals` gives it."""
    funded = {p.code for p in leaves(plan, catalog)}
    rows: list[DocumentRow] = []
    if catalog.depth <= 2:
        nodes = [node for node in outline(plan, catalog) if node.code in funded]
        for number, node in enumerate(nodes, start=1):
            rows.append(DocumentRow((str(number), heading(node.code, catalog, catalog.title(node.code)),
                             _amount(money.by_item.get(node.code)))))
            rows += source_rows(money.by_item_source.get(node.code, {}), 0)
        return rows
    under = {code for leaf in funded for code in (*catalog.ancestors(leaf), leaf)}
    for node in outline(plan, catalog):
        if node.code not in under:
            continue
        kind = LINE if node.code in funded else GROUP
        rows.append(DocumentRow((node.number, heading(node.code, catalog, catalog.label(node.code)),
                         _amount(money.by_item.get(node.code))), kind, node.level))
        rows += source_rows(money.by_item_source.get(node.code, {}), node.level)
    return rows


def _amount(amount: int | None) -> str:
    return BY_ALLOCATION if amount is None else format_amount(amount)


def by_source(sources: dict[str, int]) -> str:
    """ ", trong đó: ngân sách trung ương 900.000.000 đồng; …" where the money comes from several sources."""
    if len(sources) < 2:
        return ""
    return ", trong đó: " + "; ".join(f"{_lower_first(source)} {format_amount(amount)} đồng"
                                      for source, amount in sources.items())


def _lower_first(text: str) -> str:
    """ "Ngân sách trung ương" -> "ngân sách trung ương", as a name runs on in a sentence ("UBND" stays)."""
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text


def budget(plan: Plan, catalog: Catalog, number: int) -> dict:
    """The budget table (`budget_rows`, with the total row and its sources) and the total in words, the same
    as `kehoach totals`: an amount on a line with lines below it is not added."""
    money = totals(plan, catalog)
    sources = by_source(money.by_source)
    sentence = f"Tổng kinh phí: {format_money(money.grand_total)}{sources}"
    if money.without_amount:
        sentence += f"{';' if sources else ','} chưa gồm kinh phí các {catalog.words} ghi “{BY_ALLOCATION}”"
    rows = budget_rows(plan, catalog, money)
    rows += [DocumentRow(("", "Tổng cộng", format_amount(money.grand_total)), TOTAL)]
    rows += source_rows(money.by_source, -1)
    header = catalog.words.capitalize()
    return {"shown": plan.info.budget_summary, "heading": f"{number}. Tổng hợp kinh phí", "header": header,
            "table": table((("TT", CENTER), (header, LEFT), ("Kinh phí (đồng)", RIGHT)), rows),
            "total_text": sentence + "."}


def numbered(texts: list[str]) -> list[str]:
    """ "1. …", "2. …" per cell (a number already typed is replaced); extra lines follow."""
    result = []
    for number, text in enumerate(texts, start=1):
        first, *rest = lines(text) or [""]
        result += [f"{number}. " + re.sub(r"^\d+\s*[.)]\s*", "", first), *rest]
    return result


def end_body(paragraphs: list[str]) -> list[str]:
    """The body's last sentence ends with "./." (Nghị định 30/2020)."""
    if not paragraphs:
        return ["./."]
    return paragraphs[:-1] + [paragraphs[-1].rstrip(" .") + "./."]


def recipients(plan: Plan) -> list[str]:
    """Each "- X;", the last one "- Lưu: VT, …." with a full stop."""
    names = [one_line(r.name).rstrip(" .;") for r in plan.recipients]
    names = [n for n in names if n]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def paragraphs(plan: Plan, part: str) -> list[str]:
    return [line for text in plan.texts(part) for line in lines(text)]


def properties(plan: Plan, catalog: Catalog) -> dict[str, str]:
    """The document's title, subject and author, as Word's File › Info and a file manager show them."""
    year = f" năm {plan.info.year}" if plan.info.year else ""
    return {"title": one_line(plan.info.summary), "subject": f"Kế hoạch{year} thực hiện {catalog.program}",
            "author": issuer(plan)}


def context(plan: Plan, catalog: Catalog) -> dict:
    """Everything the template shows, as strings and lists of strings."""
    info = plan.info
    sections = projects(plan, catalog)
    unit = one_line(info.unit).upper()
    return {
        "unit": unit,
        "unit_lines": balanced(unit, ISSUER_COLUMN - ROUNDING, ISSUER_SIZE),
        "number": number_line(info.number),
        "place_date": issue_date(one_line(info.place), info.date),
        "summary": keep_unit(one_line(info.summary), info.unit),
        "opening": opening(plan, catalog),
        "purpose": paragraphs(plan, contract.PURPOSE),
        "requirements": paragraphs(plan, contract.REQUIREMENTS),
        "general_goal": paragraphs(plan, contract.GENERAL_GOAL),
        "specific_targets": specific_targets(plan, catalog),
        "projects": sections,
        "budget": budget(plan, catalog, len(sections) + 1),
        "organisation": end_body(numbered(plan.texts(contract.ORGANISATION))),
        "authority": one_line(info.authority).upper(),
        "signer_title": one_line(info.signer_title).upper(),
        "signer": one_line(info.signer),
        "signer_lines": balanced(one_line(info.signer), SIGNER_COLUMN - ROUNDING, SIGNER_SIZE),
        "recipients": recipients(plan),
    }
