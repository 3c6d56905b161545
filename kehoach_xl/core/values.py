"""Raw cell values, as any engine gives them, made into typed values.

openpyxl, python-calamine and xlwings disagree on details (float or int,
datetime or ISO string, None or ""); everything is settled here.
"""

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from numbers import Real
from typing import NamedTuple

EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
                          "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})

WHOLE_TOLERANCE = 1e-6
"""Far below a đồng, and above what 17 significant digits lose on amounts under 10 billion đồng."""

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MONTH_YEAR = re.compile(r"(?:tháng\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)
_CURRENCY = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)\.?$")
_SCALED = re.compile(r"([0-9]{1,6}(?:[.,][0-9]{1,6})?)\s*(nghìn|ngàn|triệu|tỷ|tỉ)")
_GROUPED = re.compile(r"[0-9]{1,3}([.,\s])[0-9]{3}(?:\1[0-9]{3}){0,3}|[0-9]{1,15}")
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}


@cache
def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Block(NamedTuple):
    """Rows `first`..`last` and columns `left`..`right` of a sheet, from 0 and inclusive."""

    first: int
    last: int
    left: int
    right: int


def blank(rows: list[list[object]], blocks: list[Block]) -> None:
    """Empty the cells of `blocks` in a sheet's rows (a table's Total Row, which is never data)."""
    for block in blocks:
        for row in rows[block.first:block.last + 1]:
            row[block.left:block.right + 1] = [None] * len(row[block.left:block.right + 1])


class _Uncalculated:
    """The value of a formula cell saved without its result, which neither engine tells from a blank."""

    def __repr__(self) -> str:
        return "UNCALCULATED"


UNCALCULATED = _Uncalculated()
"""A formula saved without its value: by a program that wrote the file, never opened in Excel."""


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_excel_error(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def is_not_finite(value: object) -> bool:
    """NaN or an infinity stored as a number: Excel never saves one, another program may."""
    return type(value) is float and not math.isfinite(value)


def is_unknown(value: object) -> bool:
    """A cell whose value cannot be known: an Excel error, a formula saved without its value, or a number
    that is not finite."""
    return value is UNCALCULATED or is_excel_error(value) or is_not_finite(value)


def _days(value: timedelta) -> float:
    """A number in a cell formatted as a duration ([HH]:MM), which the engines give as a timedelta: the
    number the cell holds, in days, as Excel stores it."""
    return value / timedelta(days=1)


def as_text(value: object) -> str:
    """Any non-blank cell as the text the official sees."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, timedelta):
        value = _days(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_whole(value: object) -> tuple[int | None, str | None]:
    """A whole number, or None and why not: "text", "fractional" or "negative".

    A float within WHOLE_TOLERANCE of a whole number is that number: Excel
    keeps 17 significant digits, so =100000000*7% is cached as 7000000.000000001
    while the cell shows 7.000.000.
    """
    if isinstance(value, timedelta):
        value = _days(value)
    if type(value) is not float and (isinstance(value, bool) or not isinstance(value, Real)):
        return None, "text"  # a float, what engines give for numbers, skips the slow check against Real
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value - round(value)) > WHOLE_TOLERANCE:
            return None, "fractional"
        value = round(value)
    number = int(value)
    return (None, "negative") if number < 0 else (number, None)


def amount_in_text(text: str) -> int | None:
    """The đồng someone meant by "5.000.000", "5,000,000 đ" or "5,5 triệu"; None if unclear.

    Only for a hint: a money cell holding text is still a mistake to fix.
    """
    text = _CURRENCY.sub("", text.strip().casefold())
    if match := _SCALED.fullmatch(text):
        amount = Decimal(match[1].replace(",", ".")) * _SCALES[match[2]]
        return int(amount) if amount == amount.to_integral_value() else None
    if _GROUPED.fullmatch(text):
        return int(re.sub("[^0-9]", "", text))
    return None


def as_date(value: object) -> date | None:
    """A date cell, an ISO string (xlwings) or "dd/mm/yyyy" typed as text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _DMY_DATE.fullmatch(text):
        day, month, year = map(int, match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def as_month_year(value: object) -> tuple[int, int] | None:
    """ "05/2023" or "tháng 5/2023": a date whose day is left blank."""
    if not isinstance(value, str):
        return None
    match = _MONTH_YEAR.fullmatch(value.strip())
    if not match:
        return None
    month, year = map(int, match.groups())
    return (month, year) if 1 <= month <= 12 and year >= 1 else None


def as_year(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 4:
        value = int(value)
    number, _ = as_whole(value)
    return number if number is not None and 1990 <= number <= 2100 else None
