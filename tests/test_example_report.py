"""The example report (examples/library-survey): another survey, three languages, no Python.

It is built strictly with the engine of this checkout (its mkdocs.yml points at ../../hooks,
../../overrides and ../../macros), and a few of its numbers are checked in every language
against a plain pandas computation of its responses.csv.
"""

from __future__ import annotations

import html
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from macros.i18n import freshness
from macros.model.context import BuildContext
from macros.model.languages import report_languages
from tools.parity import check_parity

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "library-survey"
DECIMAL_COMMA = {"da", "de"}


@pytest.fixture(scope="module")
def languages():
    return report_languages(EXAMPLE / "mkdocs.yml")


@pytest.fixture(scope="module")
def responses() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE / "data" / "responses.csv")


@pytest.fixture(scope="module")
def codebook() -> dict[str, pd.DataFrame]:
    book = EXAMPLE / "data" / "codebook"
    return {name: pd.read_csv(book / f"{name}.csv", keep_default_na=False) for name in ("scales", "variables")}


# example_site: tests/conftest.py (one build per session, shared with tests/test_engine_site.py).


# --- the report's files ------------------------------------------------------------------------


def test_the_example_has_three_languages_with_english_as_the_source(languages):
    assert languages.source == "en" and set(languages.all) == {"en", "da", "de"}


def test_the_example_holds_no_python(languages):
    assert [p for p in EXAMPLE.rglob("*") if p.suffix in (".py", ".pyc")] == []
    for language in languages.all:
        assert (EXAMPLE / "locale" / language / "LC_MESSAGES" / "messages.po").is_file()


def test_the_example_loads_and_validates_as_a_whole(languages):
    context = BuildContext(config_path=EXAMPLE / "mkdocs.yml", languages=languages)
    survey = context.survey()
    tables, figures = context.definitions()
    context.catalog().check()
    assert len(survey.responses) == 200
    kinds = {survey.scales[s].kind for s in survey.scales}
    assert {"ordinal", "nominal", "binary", "numeric"} <= kinds
    assert survey.scales["sat5"].valid_codes == (1, 2, 3, 4, 5) and survey.scales["sat5"].non_substantive == (8,)
    assert survey.scales["zero10"].range == (0, 10)
    assert any(t.by is not None for t in tables.values()) and any(f.by is not None for f in figures.values())
    assert not survey.report.get("slug") and not survey.report.get("pdf_url"), "a web-only report"


def test_every_translation_has_the_same_macro_calls_and_is_reviewed(languages):
    assert check_parity(EXAMPLE / "docs", languages) == []
    for language in languages.translations:
        states = {s.state for s in freshness.all_states(EXAMPLE, language)}
        assert states == {freshness.UP_TO_DATE}, language


def test_codebook_labels_exist_in_every_language(codebook, languages):
    for name, frame in codebook.items():
        for language in languages.all:
            assert (frame[f"label_{language}"].str.strip() != "").all(), (name, language)


# --- the built site -------------------------------------------------------------------------------


def _percent(share: Fraction, language: str) -> str:
    value = (Decimal(share.numerator) / Decimal(share.denominator) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = str(value)
    return text.replace(".", ",") + " %" if language in DECIMAL_COMMA else text + "%"


def _decimal(value: Fraction, language: str) -> str:
    text = str((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return text.replace(".", ",") if language in DECIMAL_COMMA else text


def _page(site: Path, language: str, path: str, languages) -> str:
    raw = (site / languages.url_prefix(language) / path / "index.html").read_text(encoding="utf-8")
    return raw


def _text(raw: str) -> str:
    """The page as text: tags out, entities decoded, every kind of space one space."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _label(codebook, scale: str, code: int, language: str) -> str:
    frame = codebook["scales"]
    row = frame[(frame["scale"] == scale) & (frame["code"] == code)]
    return str(row[f"label_{language}"].iloc[0])


def _variable(codebook, variable: str, language: str) -> str:
    frame = codebook["variables"]
    return str(frame[frame["variable"] == variable][f"label_{language}"].iloc[0])


LANGUAGES = ("en", "da", "de")


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_prose_numbers_equal_a_pandas_computation(example_site, responses, languages, language):
    text = _text(_page(example_site, language, "satisfaction", languages))
    staff = responses["sat_staff"].dropna()
    substantive = staff[staff.between(1, 5)]
    top2 = Fraction(int(substantive.isin([4, 5]).sum()), len(substantive))
    assert _percent(top2, language) in text
    recommend = responses["recommend"].dropna()
    assert f" {_decimal(Fraction(int(recommend.sum()), len(recommend)), language)}" in text
    main = responses[responses["branch"] == 1]["sat_staff"]
    main = main[main.between(1, 5)]
    assert _percent(Fraction(int(main.isin([4, 5]).sum()), len(main)), language) in text
    assert f"({len(main)} " in text

    services = _text(_page(example_site, language, "services", languages))
    card = responses["has_card"].dropna()
    assert _percent(Fraction(int((card == 1).sum()), len(card)), language) in services

    front = _text(_page(example_site, language, "", languages))
    assert f" {len(responses)} " in front
    assert f" {int((responses['completed'] == 'yes').sum())} " in front


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_rows_equal_a_pandas_computation(example_site, responses, codebook, languages, language):
    raw = _page(example_site, language, "satisfaction", languages)
    start = raw.index('id="table-satisfaction"')
    table = raw[start : raw.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr.*?</tr>", table, re.S):
        cells = [_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    for variable in ("sat_hours", "sat_staff", "sat_premises"):
        values = responses[variable].dropna()
        substantive = values[values.between(1, 5)]
        row = rows[_variable(codebook, variable, language)]
        assert row[0] == str(len(substantive))
        assert row[1] == _percent(Fraction(int(substantive.isin([4, 5]).sum()), len(substantive)), language)


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_group_below_the_threshold_is_suppressed_with_a_note(example_site, responses, codebook, languages, language):
    assert (responses["branch"] == 5).sum() < 5, "the mobile library has fewer users than min_cell"
    raw = _page(example_site, language, "satisfaction", languages)
    mobile = _label(codebook, "branch", 5, language)
    rows = [r for r in re.findall(r"<tr.*?</tr>", raw, re.S) if mobile in html.unescape(r)]
    assert rows, f"a row for {mobile!r}"
    for row in rows:
        cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        values = [c for c in cells if c != mobile]
        assert values and set(values) == {"–"}, cells
    assert "report-suppressed" in raw, "the prose names the suppressed number as such"


@pytest.mark.build
@pytest.mark.parametrize("language", LANGUAGES)
def test_charts_use_the_scales_range_and_the_colophon_names_no_pdf(example_site, codebook, languages, language):
    raw = _page(example_site, language, "satisfaction", languages)
    text = _text(raw)
    low, high = _label(codebook, "zero10", 0, language), _label(codebook, "zero10", 10, language)
    assert f"0 = {low}" in text and f"10 = {high}" in text, "the 0-10 axis is labelled with its own ends"
    assert f'<html lang="{language}"' in raw
    front = _text(_page(example_site, language, "", languages))
    assert "PDF" not in front
    assert not list(example_site.rglob("*.pdf"))
    downloads = example_site / languages.url_prefix(language) / "downloads"
    assert (downloads / "figure-satisfaction-stacked.svg").is_file(), "the 5-point stacked bar is drawn"


@pytest.mark.build
def test_a_language_that_keeps_capitals_mid_sentence_keeps_them(example_site, codebook, languages):
    age = {language: _variable(codebook, "age_years", language) for language in LANGUAGES}
    german = _text(_page(example_site, "de", "services", languages))
    danish = _text(_page(example_site, "da", "services", languages))
    assert f" {age['de']}." in german, "German: 'Antworten nach Alter.'"
    assert f" {age['da'].lower()}." in danish


def test_no_statistic_is_typed_into_the_example_pages(languages):
    from tests.test_no_typed_numbers import typed_numbers

    docs = EXAMPLE / "docs"
    pages = [p for language in languages.all for p in sorted((docs / language).rglob("*.md"))]
    assert len(pages) == 8 * len(languages.all)
    typed = [t for p in pages for t in typed_numbers(p.read_text(encoding="utf-8"), p.relative_to(docs).as_posix())]
    assert typed == []


def test_labels_keep_their_capital_mid_sentence_only_where_the_language_says_so(languages):
    from macros.model import context
    from macros.text import notes

    assert languages.keep_case == ("de",)
    context.activate(BuildContext(config_path=EXAMPLE / "mkdocs.yml", languages=languages))
    try:
        assert notes.mid_sentence("Alter", "de") == "Alter"
        assert notes.mid_sentence("Alder", "da") == "alder"
        assert notes.mid_sentence("Age", "en") == "age"
    finally:
        context.activate(None)
