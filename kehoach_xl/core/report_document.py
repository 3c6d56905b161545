"""The results report's content (BÁO CÁO, Nghị định 30/2020): Plan with its period + Catalog -> the context.

Pure, like document.py, whose rules it shares (the header, the date line, the
signature, the recipients, cell text split into lines and never markup).  The
sections are the usual shape of a commune's report (docs/domain.md, "How officials write"):

    I. KẾT QUẢ THỰC HIỆN: 1. the steering work; 2. each line of the plan, what
       was done; 3. the money planned and disbursed, a table with the rates and
       the totals in words; 4. the households, their flows and the targets
    II. ĐÁNH GIÁ: 1. Ưu điểm, 2. Tồn tại, hạn chế, 3. Nguyên nhân
    III. PHƯƠNG HƯỚNG, NHIỆM VỤ of the next period
    IV. KIẾN NGHỊ, ĐỀ XUẤT, ending "./."
"""

from kehoach_xl.core import contract, tables
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.document import (BY_ALLOCATION, HEREAFTER, ISSUER_COLUMN, ISSUER_SIZE, ROUNDING, SHORT_NAME,
                                      SIGNER_COLUMN, SIGNER_SIZE, end_body, entry, heading, issue_date, issuer,
                                      keep_unit, lines, name_once, number_line, numbered_heading, one_line,
                                      program_name, recipients, source_rows)
from kehoach_xl.core.model import Plan
from kehoach_xl.core.money import format_amount, format_money
from kehoach_xl.core.results import ResultLine, Outcome, outcome
from kehoach_xl.core.tables import CENTER, GROUP, LEFT, LINE, RIGHT, TOTAL, DocumentRow, DocumentTable
from kehoach_xl.core.totals import leaves, parents
from kehoach_xl.core.targets import format_rate
from kehoach_xl.core.wrap import balanced

NUMBER = "/BC-UBND"
RESULT = "Kết quả thực hiện:"
MONEY = "Kinh phí:"


def period_words(plan: Plan) -> str:
    """ "6 tháng đầu năm 2027" or "năm 2027"."""
    year = plan.info.year or ""
    return f"6 tháng đầu năm {year}" if plan.report.period == contract.HALF_YEAR else f"năm {year}"


def next_period(plan: Plan) -> str:
    """What section III plans for: the second half of the year, or the next year."""
    year = plan.info.year
    if plan.report.period == contract.HALF_YEAR:
        return f"6 tháng cuối năm {year}" if year else "6 tháng cuối năm"
    return f"năm {year + 1}" if year else "năm tới"


def summary(plan: Plan, catalog: Catalog) -> str:
    """ "Kết quả thực hiện <the program, without its phase> 6 tháng đầu năm 2027 trên địa bàn xã Cẩm Lương"."""
    program = program_name(catalog) or "Chương trình mục tiêu quốc gia"
    where = f" trên địa bàn {one_line(plan.info.unit)}" if plan.info.unit else ""
    return f"Kết quả thực hiện {program} {period_words(plan)}{where}"


def opening(plan: Plan, catalog: Catalog) -> list[str]:
    """ "Thực hiện Kế hoạch số 05/KH-UBND ngày 08/05/2023 của UBND xã … về …, UBND xã … báo cáo …", the program
    named once (`document.name_once`): in the plan's Trích yếu where it names it, else in the last clause."""
    info = plan.info
    number = one_line(info.number)
    words = ["Kế hoạch"]
    if number.partition("/")[0].strip():
        words.append(f"số {number}")
    if info.date and info.date.day:
        words.append(f"ngày {info.date.day:02d}/{info.date.month:02d}/{info.date.year}")
    words.append(f"của {issuer(plan)}")
    if info.summary:
        words.append(f"về {one_line(info.summary)[0].lower()}{one_line(info.summary)[1:]}")
    (cited,), named = name_once([" ".join(words)], catalog)
    what = (f"thực hiện {SHORT_NAME} {period_words(plan)}" if named else
            f"{period_words(plan)} thực hiện {catalog.program}{HEREAFTER}")
    return [f"Thực hiện {cited}, {issuer(plan)} báo cáo kết quả {what} như sau:"]


def _rate(line_rate: float | None) -> str:
    return "" if line_rate is None else format_rate(line_rate)


def _money_entry(line: ResultLine) -> str:
    """ "được giao 5.000.000 đồng; đã giải ngân 4.500.000 đồng (90,0%)"."""
    if line.allocated is None:
        given = "kế hoạch theo phân bổ, chưa ghi kinh phí được giao"
    else:
        given = f"được giao {format_amount(line.allocated)} đồng"
    spent = "chưa ghi giải ngân" if line.disbursed is None else f"đã giải ngân {format_amount(line.disbursed)} đồng"
    rate = f" ({format_rate(line.rate)})" if line.rate is not None else ""
    outside = "; không tính vào tỷ lệ giải ngân" if not line.counted else ""
    return f"{given}; {spent}{rate}{outside}"


def sections(plan: Plan, catalog: Catalog, found: list[ResultLine]) -> list[dict]:
    """Each line of the plan, in catalog order, numbered as the plan numbers it: what was done, and the
    money of each line that carries money (a level above says no figure of its own: the table adds them
    up).  `top`: a top-level item, shown bold; `numbered`: a level between ("1.1."), bold; the last level
    ("a)") bold italic."""
    out = []
    funded = {p.code for p in leaves(plan, catalog)}
    for line in found:
        node = line.node
        entries = [entry(RESULT, lines(line.text), inline=True)] if line.text else []
        if node.code in funded and (line.allocated is not None or line.disbursed is not None):
            entries.append(entry(MONEY, [_money_entry(line)], inline=True))
        out.append({"heading": numbered_heading(node, catalog), "top": node.level == 0,
                    "numbered": node.level > 0 and not node.number.isalpha(), "entries": entries})
    return out


def table(plan: Plan, result: Outcome, catalog: Catalog) -> DocumentTable:
    """Every level's money allocated and disbursed and the rate, over the same lines; the levels above the
    lines in bold; under a row whose allocation comes from several sources, each source's; the total row."""
    groups = parents(plan, catalog)
    rows = []
    for line in result.lines:
        code = line.node.code
        given = BY_ALLOCATION if line.allocated is None and code not in groups else _amount(line.allocated)
        rows.append(DocumentRow((line.node.number, heading(code, catalog, catalog.label(code)), given,
                                 _amount(line.disbursed), _rate(line.rate)), GROUP if code in groups else LINE,
                                line.node.level))
        rows += _source_rows(result.by_source.get(code, {}), line.node.level)
    rows.append(DocumentRow(("", "Tổng cộng", format_amount(result.allocated), format_amount(result.disbursed),
                             _rate(result.rate)), TOTAL))
    rows += _source_rows(result.sources, -1)
    return tables.table((("TT", CENTER), (catalog.words.capitalize(), LEFT), ("Được giao (đồng)", RIGHT),
                         ("Giải ngân (đồng)", RIGHT), ("Tỷ lệ", RIGHT)), rows)


def _source_rows(sources: dict[str, int], level: int) -> list[DocumentRow]:
    return [DocumentRow(row.cells + ("", ""), row.kind, row.level) for row in source_rows(sources, level)]


def _amount(amount: int | None) -> str:
    return "" if amount is None else format_amount(amount)


def money_text(result: Outcome, catalog: Catalog) -> str:
    """ "Tổng kinh phí được giao: 26.000.000 đồng (…); đã giải ngân: 21.000.000 đồng (…), đạt 80,8% kinh phí
    được giao." and, where some lines had money disbursed but none allocated, what was left out."""
    reached = f", đạt {format_rate(result.rate)} kinh phí được giao" if result.rate is not None else ""
    text = (f"Tổng kinh phí được giao: {format_money(result.allocated)}; đã giải ngân: "
            f"{format_money(result.disbursed)}{reached}.")
    if result.allocated != result.planned:
        text += f" Tổng kinh phí kế hoạch: {format_money(result.planned)}."
    if result.unallocated:
        where = "; ".join(heading(line.node.code, catalog, catalog.label(line.node.code))
                          for line in result.lines if not line.counted)
        text += (f" Ngoài ra, đã giải ngân {format_money(result.unallocated)} ở {where}, chưa có kinh phí được "
                 f"giao, không tính vào tỷ lệ trên.")
    return text


def money_estimate(plan: Plan, allocated: int) -> str:
    """A 6-month report's estimate for the year ("Ước kinh phí giải ngân cả năm" on "Báo cáo"): "Ước thực hiện
    cả năm: giải ngân 24.000.000 đồng (…), bằng 92,3% kinh phí được giao."; nothing in a year's report or
    without it."""
    estimate = plan.report.estimate_disbursed
    if plan.report.period != contract.HALF_YEAR or estimate is None:
        return ""
    share = f", bằng {format_rate(estimate * 100 / allocated)} kinh phí được giao" if allocated else ""
    return f"Ước thực hiện cả năm: giải ngân {format_money(estimate)}{share}."


def context(plan: Plan, catalog: Catalog) -> dict:
    """Everything the report's template shows, as strings and lists of strings."""
    info, report = plan.info, plan.report
    result = outcome(plan, catalog)
    unit = one_line(info.unit).upper()
    return {
        "unit": unit,
        "unit_lines": balanced(unit, ISSUER_COLUMN - ROUNDING, ISSUER_SIZE),
        "number": number_line(report.number or NUMBER),
        "place_date": issue_date(one_line(info.place), report.date),
        "summary": keep_unit(summary(plan, catalog), info.unit),
        "opening": opening(plan, catalog),
        "steering": lines(report.steering),
        "words": catalog.words,
        "sections": sections(plan, catalog, result.lines),
        "table": table(plan, result, catalog),
        "money_text": money_text(result, catalog),
        "money_estimate": money_estimate(plan, result.allocated),
        "households": result.households,
        "strengths": lines(report.strengths),
        "weaknesses": lines(report.weaknesses),
        "causes": lines(report.causes),
        "next_period": next_period(plan),
        "directions": lines(report.directions),
        "proposals": end_body(lines(report.proposals)),
        "authority": one_line(info.authority).upper(),
        "signer_title": one_line(info.signer_title).upper(),
        "signer": one_line(info.signer),
        "signer_lines": balanced(one_line(info.signer), SIGNER_COLUMN - ROUNDING, SIGNER_SIZE),
        "recipients": recipients(plan),
    }


def properties(plan: Plan, catalog: Catalog) -> dict[str, str]:
    """The report's title, subject and author, as Word's File › Info shows them."""
    return {"title": summary(plan, catalog), "subject": f"Báo cáo {period_words(plan)}: {catalog.program}",
            "author": issuer(plan)}
