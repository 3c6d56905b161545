"""The results report's content (BÁO CÁO, Nghị định 30/2020): Plan with its period + Catalog -> the context.

Pure, like document.py, whose rules it shares (the header, the date line, the
signature, the recipients, cell text split into lines and never markup).  The
sections are the usual shape of a commune's report (rules.md, "Reporting"):

    I. KẾT QUẢ THỰC HIỆN: 1. the steering work; 2. each line of the plan, what
       was done; 3. the money planned and disbursed, a table with the rates and
       the totals in words; 4. the households, their flows and the targets
    II. ĐÁNH GIÁ: 1. Ưu điểm, 2. Tồn tại, hạn chế, 3. Nguyên nhân
    III. PHƯƠNG HƯỚNG, NHIỆM VỤ of the next period
    IV. KIẾN NGHỊ, ĐỀ XUẤT, ending "./."
"""

from kehoach_xl.core import contract
from kehoach_xl.core.catalog import Catalog
from kehoach_xl.core.document import (HEREAFTER, INDENT, ISSUER_COLUMN, ISSUER_SIZE, ROUNDING, SHORT_NAME,
                                      SIGNER_COLUMN, SIGNER_SIZE, end_body, entry, heading, issue_date, issuer,
                                      keep_unit, lines, name_once, number_line, one_line, program_name,
                                      recipients)
from kehoach_xl.core.model import Plan
from kehoach_xl.core.money import format_amount, format_money
from kehoach_xl.core.results import Line, outcome
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


def _money_entry(line: Line) -> str:
    planned = "theo phân bổ" if line.planned is None else f"{format_amount(line.planned)} đồng"
    disbursed = "chưa ghi" if line.disbursed is None else f"{format_amount(line.disbursed)} đồng"
    rate = f" ({format_rate(line.rate)})" if line.rate is not None else ""
    return f"kế hoạch {planned}; đã giải ngân {disbursed}{rate}"


def sections(plan: Plan, catalog: Catalog, found: list[Line]) -> list[dict]:
    """Each line of the plan, in catalog order, under its label and name: what was done and the money.
    `top`: a top-level item, shown bold; the levels under it bold italic."""
    out = []
    for line in found:
        label = catalog.label(line.node.code)
        entries = [entry(RESULT, lines(line.text), inline=True)] if line.text else []
        if line.node.code in {p.code for p in plan.projects} and (line.planned is not None or line.disbursed is not None):
            entries.append(entry(MONEY, [_money_entry(line)], inline=True))
        out.append({"heading": heading(line.node.code, catalog, label), "top": line.node.level == 0,
                    "entries": entries})
    return out


def table(found: list[Line], planned: int, disbursed: int, rate: float | None, catalog: Catalog) -> dict:
    """The money of each line, every level, indented; the total row with both sums and the overall rate."""
    rows = [{"number": line.node.number, "name": INDENT * line.node.level + heading(
                line.node.code, catalog, catalog.label(line.node.code)),
             "planned": "Theo phân bổ" if line.planned is None else format_amount(line.planned),
             "disbursed": "" if line.disbursed is None else format_amount(line.disbursed),
             "rate": _rate(line.rate)} for line in found]
    return {"header": catalog.words.capitalize(), "rows": rows, "planned": format_amount(planned),
            "disbursed": format_amount(disbursed), "rate": _rate(rate)}


def money_text(planned: int, disbursed: int, rate: float | None) -> str:
    """ "Tổng kinh phí kế hoạch: 26.000.000 đồng (…); đã giải ngân: 21.000.000 đồng (…), đạt 80,8%."."""
    reached = f", đạt {format_rate(rate)} kế hoạch" if rate is not None else ""
    return (f"Tổng kinh phí kế hoạch: {format_money(planned)}; đã giải ngân: {format_money(disbursed)}"
            f"{reached}.")


def money_estimate(plan: Plan, planned: int) -> str:
    """A 6-month report's estimate for the year ("Ước kinh phí giải ngân cả năm" on "Báo cáo"): "Ước thực hiện
    cả năm: giải ngân 24.000.000 đồng (…), bằng 92,3% kế hoạch."; nothing in a year's report or without it."""
    estimate = plan.report.estimate_disbursed
    if plan.report.period != contract.HALF_YEAR or estimate is None:
        return ""
    share = f", bằng {format_rate(estimate * 100 / planned)} kế hoạch" if planned else ""
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
        "table": table(result.lines, result.planned, result.disbursed, result.rate, catalog),
        "money_text": money_text(result.planned, result.disbursed, result.rate),
        "money_estimate": money_estimate(plan, result.planned),
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
