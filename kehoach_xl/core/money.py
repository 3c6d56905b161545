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


def format_count(n: int) -> str:
    """Thousands separated by ".", as Vietnamese writes every number a person reads: 1450 -> "1.450"."""
    return f"{n:,}".replace(",", ".")


def format_amount(n: int) -> str:
    """An amount of đồng, checked, with thousands separated: 26000000 -> "26.000.000"."""
    _check(n)
    return format_count(n)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1_000, "nghìn"))


def _group_words(n: int, leading: bool) -> list[str]:
    """Words for 0 < n < 1000; a group after the first reads its hundreds even when 0."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words.append("linh")
    if tens == 1:
        words.append("mười")
    elif tens:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5 and tens:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(n: int, leading: bool) -> list[str]:
    """Words for n > 0. Above a scale, read the count of that scale, then the rest:
    2.005.000.000.000 is 2005 tỷ, "hai nghìn không trăm linh năm tỷ"."""
    for size, name in _SCALES:
        if n >= size:
            high, low = divmod(n, size)
            return _words(high, leading) + [name] + (_words(low, False) if low else [])
    return _group_words(n, leading)


def amount_in_words(n: int) -> str:
    """26000000 -> "Hai mươi sáu triệu đồng"."""
    _check(n)
    text = " ".join(_words(n, True) if n else ["không"]) + " đồng"
    return text[0].upper() + text[1:]


def format_money(n: int) -> str:
    """26000000 -> "26.000.000 đồng (Hai mươi sáu triệu đồng)"."""
    return f"{format_amount(n)} đồng ({amount_in_words(n)})"
