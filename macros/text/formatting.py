"""Locale formatting: the only place numbers become text.

Every formatter takes the page language explicitly; its babel locale comes from the
report's languages (mkdocs.yml, see :mod:`macros.model.languages`), and nothing falls
back to the process locale. Number and date patterns are CLDR's, through babel.

One rounding rule reproduces the report's printed values: a statistic is
first rounded half-up to the precision of the report's tables (one decimal),
and a value printed with fewer decimals (the whole percentages of the prose)
is rounded half-up from that one-decimal value. The report's own numbers show
the rule: 27 of 74 is 36.49 %, printed as "37%" (36.5 -> 37), and 50 of 73 is
printed "68,5%" in table 4.5 and "69%" in the text.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import cast

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, format_percent

from macros.model import context
from macros.model.errors import ReportError

# A value the formatters accept: a count, a float statistic or an exact share/mean.
# (numbers.Real is not used: type checkers do not count int and float as Real.)
Number = int | float | Fraction | Decimal

TABLE_DECIMALS = 1
SMALL_NUMBER_WORDS = 10  # counts up to ten are written as words in prose (catalog messages number.0-10)


class FormatError(ReportError):
    """A value or a language that cannot be formatted."""


def babel_locale(language: str) -> str:
    """The babel locale of a language of the report (mkdocs.yml); raises on any other language."""
    languages = context.current().languages
    try:
        return languages.babel_locale[language]
    except KeyError:
        raise FormatError(
            f"unknown language {language!r}; expected one of {', '.join(languages.all)} (the languages of mkdocs.yml)"
        ) from None


def to_decimal(value: Number) -> Decimal:
    """An exact Decimal for a Fraction, a repr-exact one for a float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        # 28 significant digits are far beyond any printed precision.
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def report_round(value: Number, digits: int = TABLE_DECIMALS) -> Decimal:
    """Round the way the report does: half-up to one decimal, then to ``digits``.

    >>> str(report_round(Fraction(27, 74) * 100, 0))
    '37'
    >>> str(report_round(Fraction(50, 73) * 100, 1))
    '68.5'
    >>> str(report_round(2.25, 1))
    '2.3'
    """
    if digits < 0:
        raise FormatError(f"digits must be 0 or more, got {digits!r}")
    exact = to_decimal(value)
    at_table_precision = exact.quantize(Decimal(1).scaleb(-TABLE_DECIMALS), ROUND_HALF_UP)
    if digits >= TABLE_DECIMALS:
        return exact.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return at_table_precision.quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def number(value: Number, language: str, digits: int = TABLE_DECIMALS) -> str:
    """A decimal number in the language's locale: ``3,2`` (de_DE), ``3.2`` (en_GB); 3.25 -> ``3.3``."""
    return _formatted(_number, value, babel_locale(language), digits)


def integer(value: int, language: str) -> str:
    """A count: de ``1.234``, en ``1,234``; small counts as digits."""
    return _formatted(_integer, int(value), babel_locale(language), 0)


def percent(share: Number, language: str, digits: int = TABLE_DECIMALS) -> str:
    """A share (0-1) as a percentage in the locale's own pattern.

    60/74 is ``81,1\xa0%`` in de_DE and ``81%`` in en_GB with no decimals.
    """
    return _formatted(_percent, share, babel_locale(language), digits)


def _number(value: Number, locale: str, digits: int) -> str:
    rounded = report_round(value, digits)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(rounded, format=pattern, locale=locale, decimal_quantization=True)


def _integer(value: int, locale: str, digits: int) -> str:
    return format_decimal(value, format="#,##0", locale=locale)


def _percent(share: Number, locale: str, digits: int) -> str:
    rounded = report_round(to_decimal(share) * 100, digits) / 100
    # The locale's own pattern keeps its spacing (Danish "81,1\xa0%"); only the
    # number of decimals is ours.
    pattern = Locale.parse(locale).percent_formats[None].pattern
    pattern = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
    return format_percent(rounded, format=pattern, locale=locale, decimal_quantization=True)


def _formatted(formatter, value, locale: str, digits: int) -> str:
    """``formatter(value, locale, digits)``, remembered: a build prints the same few hundred values
    thousands of times, and babel takes about 40 microseconds a number. The value's type is part
    of the key, so that 0.5 and Fraction(1, 2), equal in Python, are each formatted as they are."""
    try:
        return _remembered(formatter, cast(Hashable, type(value)), value, locale, digits)
    except TypeError:  # an unhashable value (none is expected): formatted as it is
        return formatter(value, locale, digits)


@functools.lru_cache(maxsize=16384)
def _remembered(formatter, value_type: Hashable, value, locale: str, digits: int) -> str:
    return formatter(value, locale, digits)


def mean_with_sd(mean: Number, sd: float, language: str) -> str:
    """Mean with the standard deviation in parentheses: ``3,2 (1,0)`` / ``3.2 (1.0)``."""
    return f"{number(mean, language)} ({number(sd, language)})"


def count_range(low: int, high: int, language: str) -> str:
    """A range of counts with an en dash: ``72–73``; a single value when equal."""
    if low == high:
        return integer(low, language)
    return f"{integer(low, language)}\u2013{integer(high, language)}"


def long_date(value, language: str) -> str:
    """A date in running text, CLDR's long date: de_DE ``6. März 2025``, en_GB ``6 March 2025``."""
    return babel_format_date(value, format="long", locale=babel_locale(language))


def small_number_word(value: int, language: str) -> str:
    """A small count written as a word, as style guides want in prose (``tre``/``three``).

    CLDR's spell-out rules are not part of babel; the words are UI messages (``number.0`` to
    ``number.10``) in each language's catalog. Larger counts are digits.
    """
    from macros.text import catalog

    babel_locale(language)
    if 0 <= value <= SMALL_NUMBER_WORDS:
        return catalog.text(language, f"number.{value}")
    return integer(value, language)
