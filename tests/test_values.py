import pytest

from kehoach_xl.core.values import amount_in_text, as_year


@pytest.mark.parametrize("text, meant", [
    ("5.000.000", 5_000_000),
    ("5,000,000", 5_000_000),
    ("5 000 000 đ", 5_000_000),
    ("5.000.000 VNĐ", 5_000_000),
    ("5000000", 5_000_000),
    ("5 triệu", 5_000_000),
    ("12 Triệu đồng", 12_000_000),
    ("5,5 triệu", 5_500_000),
    ("1,5 tỷ", 1_500_000_000),
    ("800 nghìn", 800_000),
])
def test_amounts_written_as_text_are_understood_for_the_hint(text, meant):
    assert amount_in_text(text) == meant


@pytest.mark.parametrize("text", ["12,5", "5.000,000", "năm triệu", "1,0000001 triệu", "9" * 5000, "²"])
def test_unclear_amounts_give_no_hint(text):
    assert amount_in_text(text) is None


@pytest.mark.parametrize("text, year", [("2023", 2023), (" 2023 ", 2023), ("２０２３", 2023), ("²⁰²³", None),
                                        ("9" * 5000, None)])
def test_a_year_typed_as_text(text, year):
    assert as_year(text) == year
