import pytest

from kehoach_xl.money import MAX_AMOUNT, format_amount

# (amount, expected text), written by hand.
FORMATTED = [
    (0, "0"),
    (5, "5"),
    (999, "999"),
    (1_000, "1.000"),
    (10_050, "10.050"),
    (1_005_000, "1.005.000"),
    (5_000_000, "5.000.000"),
    (12_000_000, "12.000.000"),
    (26_000_000, "26.000.000"),
    (100_000_005, "100.000.005"),
    (1_000_000_000_000, "1.000.000.000.000"),
    (999_999_999_999_999, "999.999.999.999.999"),
]

BAD_AMOUNTS = [-1, -26_000_000, 1_000_000_000_000_000, 10**20, True, False, 1.0, 1.5, "1000", None]


def test_max_amount_is_fifteen_nines():
    assert MAX_AMOUNT == 999_999_999_999_999


@pytest.mark.parametrize("amount, text", FORMATTED)
def test_format_amount(amount, text):
    assert format_amount(amount) == text


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_format_amount_rejects(amount):
    with pytest.raises(ValueError, match="^Số tiền"):
        format_amount(amount)
