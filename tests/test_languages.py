"""The report's languages come from mkdocs.yml and nowhere else: a third language is configuration.

German is added to a copy of the report's mkdocs.yml; the codebook, the formatting, the UI
catalogs, the parity check, translation freshness and og:locale follow it, and what is missing
for it is named with its file and column.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml

from hooks.open_graph import page_locales
from macros.i18n import freshness
from macros.model import context
from macros.model.context import BuildContext
from macros.model.errors import ConfigError
from macros.model.languages import languages_from_config, likely_locale, report_languages
from macros.model.survey import DataError, codebook_columns, load_survey
from macros.text import catalog as ui
from macros.text import formatting as fmt
from tools.parity import check_parity

ROOT = Path(__file__).resolve().parent.parent
GERMAN = """        - locale: de
          name: Deutsch
          build: true
"""


def with_german(text: str) -> str:
    marker = "  # A published URL is forever"
    assert marker in text
    return text.replace(marker, GERMAN + marker, 1)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    """A copy of the report's configuration, data, locale and docs with German added to mkdocs.yml."""
    for name in ("data", "locale", "docs", "translations"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "mkdocs.yml").write_text(with_german((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    return tmp_path


@pytest.fixture()
def german(report: Path):
    ctx = BuildContext(config_path=report / "mkdocs.yml", languages=report_languages(report / "mkdocs.yml"))
    context.activate(ctx)
    yield ctx
    context.activate(None)


def add_german_columns(data_dir: Path) -> None:
    """label_de etc.: a copy of every English text column."""
    for path in (data_dir / "codebook").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        english = [i for i, name in enumerate(rows[0]) if name.endswith("_en")]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for n, row in enumerate(rows):
            extra = [rows[0][i][:-3] + "_de" for i in english] if n == 0 else [row[i] for i in english]
            writer.writerow(row + extra)
        path.write_text(out.getvalue(), encoding="utf-8")


def test_the_languages_of_this_report():
    languages = report_languages(ROOT / "mkdocs.yml")
    assert (languages.source, languages.all, languages.translations) == ("da", ("da", "en"), ("en",))
    # da from CLDR's likely subtags; en_GB named in mkdocs.yml (extra.babel_locale).
    assert languages.babel_locale == {"da": "da_DK", "en": "en_GB"}
    assert (languages.name("da"), languages.name("en")) == ("Danish", "English")


def test_a_third_language_is_configuration(report):
    languages = report_languages(report / "mkdocs.yml")
    assert languages.all == ("da", "en", "de")
    assert languages.babel_locale["de"] == "de_DE"
    assert likely_locale("pt") == "pt_BR" and likely_locale("en-GB") == "en_GB"


def test_the_codebook_names_each_missing_language_column(report):
    languages = report_languages(report / "mkdocs.yml")
    with pytest.raises(DataError) as raised:
        load_survey(report / "data", languages)
    problems = raised.value.problems
    scales = codebook_columns("scales.csv", languages)
    questions = codebook_columns("questions.csv", languages)
    assert problems[0] == f"data/codebook/scales.csv:1: column 'label_de' is missing; expected columns {scales}"
    assert f"data/codebook/questions.csv:1: column 'text_de' is missing; expected columns {questions}" in problems


def add_german_texts(data_dir: Path) -> None:
    """A German text beside every English one in the YAML files (a copy of the English)."""

    def german(value):
        if isinstance(value, dict):
            value = {k: german(v) for k, v in value.items()}
            return {**value, "de": value["en"]} if "en" in value and "da" in value else value
        if isinstance(value, list):
            return [german(v) for v in value]
        return value

    for name in ("survey.yaml", "report.yaml"):
        path = data_dir / name
        path.write_text(yaml.safe_dump(german(yaml.safe_load(path.read_text(encoding="utf-8"))), allow_unicode=True))


def test_with_its_columns_the_codebook_has_german_labels(report):
    add_german_columns(report / "data")
    add_german_texts(report / "data")
    survey = load_survey(report / "data", report_languages(report / "mkdocs.yml"))
    assert survey.scales["agree5"].labels["de"][5] == "Strongly agree"
    assert set(survey.variables["challenge.urban"].label) == {"da", "en", "de"}


def test_numbers_and_dates_in_german(german):
    import datetime as dt
    from fractions import Fraction

    assert fmt.percent(Fraction(60, 74), "de") == "81,1\xa0%"
    assert fmt.long_date(dt.date(2024, 3, 6), "de") == "6. März 2024"
    with pytest.raises(fmt.FormatError, match=r"unknown language 'fr'; expected one of da, en, de"):
        fmt.number(1, "fr")


def test_a_german_catalog_is_required_and_then_used(german, report):
    with pytest.raises(ui.MissingTranslation) as raised:
        german.catalog().check()
    assert str(raised.value) == (
        "locale/de/LC_MESSAGES/messages.po: no catalog for 'de'; create it with "
        "`uv run pybabel init -i locale/messages.pot -d locale -l de` and translate it"
    )
    target = report / "locale" / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    text = (report / "locale" / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    target.joinpath("messages.po").write_text(
        text.replace('msgstr "Table"', 'msgstr "Tabelle"', 1).replace('"Language: en\\n"', '"Language: de\\n"'),
        encoding="utf-8",
    )
    german.catalog().check()
    assert ui.text("de", "table") == "Tabelle"


def test_parity_checks_every_language(report):
    (report / "docs" / "de").mkdir()
    shutil.copy(report / "docs" / "da" / "index.md", report / "docs" / "de" / "index.md")
    problems = check_parity(report / "docs")
    assert f"{(report / 'docs' / 'da' / 'benefits.md').as_posix()} has no German page " in "\n".join(problems)
    assert not any("docs/de/index.md" in p for p in problems)  # the same calls as the Danish page


def test_freshness_follows_every_translation(report):
    (report / "docs" / "de").mkdir()
    states = freshness.page_states(report, "benefits.md", "de")
    assert {s.state for s in states} == {freshness.UNTRANSLATED}
    assert {s.state for s in freshness.page_states(report, "benefits.md", "en")} == {freshness.UP_TO_DATE}
    with pytest.raises(freshness.FreshnessError, match=r"unknown translation language 'fr'; expected one of en, de"):
        freshness.page_states(report, "benefits.md", "fr")


def test_og_locale_from_the_language_list(report):
    assert page_locales(str(report / "mkdocs.yml"), "de") == ("de_DE", ["da_DK", "en_GB"])
    assert page_locales(str(ROOT / "mkdocs.yml"), "da") == ("da_DK", ["en_GB"])


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"plugins": ["search"]}, "mkdocs.yml: plugins.i18n: has no languages; expected the i18n plugin"),
        (
            {"plugins": [{"i18n": {"languages": [{"locale": "da", "name": "Dansk"}, {"locale": "da", "name": "X"}]}}]},
            "mkdocs.yml: plugins.i18n.languages[1].locale: language 'da' is listed twice",
        ),
        (
            {"plugins": [{"i18n": {"languages": [{"locale": "xx", "name": "?"}]}}]},
            "mkdocs.yml: plugins.i18n.languages[0].locale: has 'xx', which babel does not know",
        ),
    ],
    ids=["no i18n plugin", "a language twice", "unknown locale"],
)
def test_configuration_mistakes_are_named(config, message):
    with pytest.raises(ConfigError) as raised:
        languages_from_config(config)
    assert str(raised.value).startswith(message)


def test_the_source_is_the_default_language():
    config = {"plugins": [{"i18n": {"languages": [{"locale": "en", "name": "E"}, {"locale": "da", "default": True}]}}]}
    assert languages_from_config(config).source == "da"
