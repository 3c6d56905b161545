"""Vietnamese money for the plan document: "26.000.000 đồng (Hai mươi sáu triệu đồng)".

The convention is the one of official and accounting documents; see docs/money.md.
"""

MAX_AMOUNT = 999_999_999_999_999
"""The largest amount a plan can hold: 15 digits, the most Excel stores exactly."""


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"Số tiền phải là số nguyên đồng, không phải {n!r}")
    if n < 0:
        raise ValueError(f"Số tiền không được âm: {n}")
    if n > MAX_AMOUNT:
        raise ValueError(f"Số tiền vượt quá mức tối đa 999.999.999.999.999 đồng: {n}")


def format_amount(n: int) -> str:
    """Thousands separated by ".": 26000000 -> "26.000.000"."""
    _check(n)
    return f"{n:,}".replace(",", ".")
