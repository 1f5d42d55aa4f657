"""Locale formatting (macros/text/formatting.py): literal strings in both languages, and the report's rounding rule.

Danish percentages carry a no-break space ("81,1\xa0%"); every expected string is written out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from macros.text import formatting as fmt

# --- the rounding rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        # Figure 7.2's text: 27 of 74 = 36.486 % -> 36.5 (table precision) -> "37%".
        pytest.param(Fraction(27, 74) * 100, 0, Decimal(37), id="27/74 -> 37 (fig 7.2 text)"),
        pytest.param(Fraction(27, 74) * 100, 1, Decimal("36.5"), id="27/74 -> 36.5"),
        # Figures 7.3 and 9.3: 7 of 74 = 9.459 % -> 9.5 -> "10%".
        pytest.param(Fraction(7, 74) * 100, 0, Decimal(10), id="7/74 -> 10 (fig 7.3, 9.3 text)"),
        # Table 4.5 prints 50/73 as "68,5%", section 4.3 as "69%".
        pytest.param(Fraction(50, 73) * 100, 1, Decimal("68.5"), id="50/73 -> 68.5 (table 4.5)"),
        pytest.param(Fraction(50, 73) * 100, 0, Decimal(69), id="50/73 -> 69 (section 4.3)"),
        pytest.param(68.49, 1, Decimal("68.5"), id="68.49 -> 68.5"),
        pytest.param(68.49, 0, Decimal(69), id="68.49 -> 69, not 68"),
        pytest.param(68.449, 0, Decimal(68), id="68.449 -> 68.4 -> 68"),
        # Half-up, not babel's half-even.
        pytest.param(2.25, 1, Decimal("2.3"), id="2.25 -> 2.3 half-up"),
        pytest.param(Decimal("2.35"), 1, Decimal("2.4"), id="2.35 -> 2.4"),
        pytest.param(0.125, 2, Decimal("0.13"), id="more decimals than the table: direct half-up"),
        pytest.param(Fraction(79, 98) * 100, 0, Decimal(81), id="79/98 -> 81 (section 3)"),
    ],
)
def test_report_round(value, digits, expected):
    result = fmt.report_round(value, digits)
    assert result == expected
    assert str(result) == str(expected)  # the number of decimals is part of the result


def test_report_round_rejects_negative_digits():
    with pytest.raises(fmt.FormatError, match=r"digits must be 0 or more, got -1"):
        fmt.report_round(1, -1)


def test_to_decimal_is_exact_for_fractions_and_repr_exact_for_floats():
    assert fmt.to_decimal(Fraction(1, 4)) == Decimal("0.25")
    assert fmt.to_decimal(0.1) == Decimal("0.1")  # not 0.1000000000000000055...
    assert fmt.to_decimal(7) == Decimal(7)


# --- numbers and percentages in both languages ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "81,1\xa0%"), ("en", "81.1%")],
)
def test_percent_one_decimal(language, expected):
    assert fmt.percent(Fraction(60, 74), language) == expected


@pytest.mark.parametrize(
    ("share", "digits", "da", "en"),
    [
        pytest.param(Fraction(79, 98), 0, "81\xa0%", "81%", id="response rate"),
        pytest.param(Fraction(79, 98), 1, "80,6\xa0%", "80.6%", id="response rate 1 decimal"),
        pytest.param(Fraction(27, 74), 0, "37\xa0%", "37%", id="27/74 whole"),
        pytest.param(Fraction(50, 73), 1, "68,5\xa0%", "68.5%", id="50/73 table"),
        pytest.param(Fraction(50, 73), 0, "69\xa0%", "69%", id="50/73 prose"),
        pytest.param(Fraction(0), 1, "0,0\xa0%", "0.0%", id="zero"),
        pytest.param(Fraction(1), 0, "100\xa0%", "100%", id="all"),
    ],
)
def test_percent(share, digits, da, en):
    assert fmt.percent(share, "da", digits) == da
    assert fmt.percent(share, "en", digits) == en


@pytest.mark.parametrize(
    ("value", "digits", "da", "en"),
    [
        pytest.param(68.49, 1, "68,5", "68.5", id="68.49 at 1"),
        pytest.param(68.49, 0, "69", "69", id="68.49 at 0"),
        pytest.param(2.25, 1, "2,3", "2.3", id="half-up 2.25"),
        pytest.param(Fraction(10, 3), 1, "3,3", "3.3", id="fraction"),
        pytest.param(4, 1, "4,0", "4.0", id="trailing zero kept"),
        pytest.param(1234.56, 1, "1.234,6", "1,234.6", id="grouping"),
        pytest.param(74, 0, "74", "74", id="whole"),
    ],
)
def test_number(value, digits, da, en):
    assert fmt.number(value, "da", digits) == da
    assert fmt.number(value, "en", digits) == en


@pytest.mark.parametrize(("language", "expected"), [("da", "3,2 (1,0)"), ("en", "3.2 (1.0)")])
def test_mean_with_sd(language, expected):
    # Table 4.2, challenge.urban: mean 3.24, SD 0.96.
    assert fmt.mean_with_sd(Fraction(81, 25), 0.96, language) == expected


@pytest.mark.parametrize(("language", "expected"), [("da", "1.234"), ("en", "1,234")])
def test_integer(language, expected):
    assert fmt.integer(1234, language) == expected


@pytest.mark.parametrize("language", ["da", "en"])
def test_count_range(language):
    assert fmt.count_range(72, 73, language) == "72\u201373"
    assert fmt.count_range(74, 74, language) == "74"


@pytest.mark.parametrize(
    ("date", "da", "en"),
    [
        (dt.date(2024, 3, 6), "6. marts 2024", "6 March 2024"),
        (dt.date(2024, 4, 4), "4. april 2024", "4 April 2024"),
        (dt.date(2024, 5, 14), "14. maj 2024", "14 May 2024"),
    ],
)
def test_long_date(date, da, en):
    assert fmt.long_date(date, "da") == da
    assert fmt.long_date(date, "en") == en


@pytest.mark.parametrize(
    ("value", "da", "en"),
    [(1, "én", "one"), (3, "tre", "three"), (10, "ti", "ten"), (11, "11", "11")],
)
def test_small_number_word(value, da, en):
    assert fmt.small_number_word(value, "da") == da
    assert fmt.small_number_word(value, "en") == en


# --- unknown language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda lang: fmt.percent(Fraction(1, 2), lang), id="percent"),
        pytest.param(lambda lang: fmt.number(3.2, lang), id="number"),
        pytest.param(lambda lang: fmt.integer(3, lang), id="integer"),
        pytest.param(lambda lang: fmt.mean_with_sd(3.2, 1.0, lang), id="mean_with_sd"),
        pytest.param(lambda lang: fmt.count_range(72, 73, lang), id="count_range"),
        pytest.param(lambda lang: fmt.long_date(dt.date(2024, 3, 6), lang), id="long_date"),
        pytest.param(lambda lang: fmt.small_number_word(3, lang), id="small_number_word"),
    ],
)
def test_unknown_language_raises(call):
    with pytest.raises(
        fmt.FormatError, match=r"^unknown language 'de'; expected one of da, en \(the languages of mkdocs.yml\)$"
    ):
        call("de")
