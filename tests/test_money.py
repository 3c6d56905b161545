import pytest

from kehoach_xl.core.money import MAX_AMOUNT, amount_in_words, format_amount, format_money

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

# (amount, expected words), written by hand from the convention in docs/money.md.
IN_WORDS = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (41, "Bốn mươi mốt đồng"),
    (44, "Bốn mươi tư đồng"),
    (55, "Năm mươi lăm đồng"),
    (91, "Chín mươi mốt đồng"),
    (94, "Chín mươi tư đồng"),
    (99, "Chín mươi chín đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (1_050, "Một nghìn không trăm năm mươi đồng"),
    (1_100, "Một nghìn một trăm đồng"),
    (10_000, "Mười nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (5_000_000, "Năm triệu đồng"),
    (9_000_000, "Chín triệu đồng"),
    (12_000_000, "Mười hai triệu đồng"),
    (26_000_000, "Hai mươi sáu triệu đồng"),
    (10_050_000, "Mười triệu không trăm năm mươi nghìn đồng"),
    (100_000_005, "Một trăm triệu không trăm linh năm đồng"),
    (125_450_000, "Một trăm hai mươi lăm triệu bốn trăm năm mươi nghìn đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (1_234_567_891, "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng"),
    (10_000_000_000, "Mười tỷ đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (1_000_000_005_000, "Một nghìn tỷ không trăm linh năm nghìn đồng"),
    (2_000_005_000_000, "Hai nghìn tỷ không trăm linh năm triệu đồng"),
    (2_005_000_000_000, "Hai nghìn không trăm linh năm tỷ đồng"),
    (21_000_000_000_000, "Hai mươi mốt nghìn tỷ đồng"),
    (100_000_000_000_000, "Một trăm nghìn tỷ đồng"),
    (
        999_999_999_999_999,
        "Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
        " chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
    ),
]

# The three sums of the 2023 plan of xã Cẩm Lương, in the form the rules ask for.
MONEY = [
    (0, "0 đồng (Không đồng)"),
    (5_000_000, "5.000.000 đồng (Năm triệu đồng)"),
    (9_000_000, "9.000.000 đồng (Chín triệu đồng)"),
    (12_000_000, "12.000.000 đồng (Mười hai triệu đồng)"),
    (26_000_000, "26.000.000 đồng (Hai mươi sáu triệu đồng)"),
    (1_005_000, "1.005.000 đồng (Một triệu không trăm linh năm nghìn đồng)"),
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


@pytest.mark.parametrize("amount, words", IN_WORDS)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize("amount, text", MONEY)
def test_format_money(amount, text):
    assert format_money(amount) == text


@pytest.mark.parametrize("function", [amount_in_words, format_money])
@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_words_reject(function, amount):
    with pytest.raises(ValueError, match="^Số tiền"):
        function(amount)
