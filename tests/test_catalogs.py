"""UI strings come from gettext catalogs, one per language of mkdocs.yml (English included);
a missing, fuzzy or broken translation stops the build."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po, write_po

import macros
from macros.model.languages import Languages, report_languages
from macros.text import catalog as ui

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = report_languages(ROOT / "mkdocs.yml")


@pytest.fixture
def locale_copy(tmp_path):
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    return tmp_path / "locale" / "da" / "LC_MESSAGES" / "messages.po"


def catalog_of(locale_copy: Path, languages: Languages = LANGUAGES) -> ui.Catalog:
    return ui.Catalog(locale_copy.parents[2], languages)


def _edit(path: Path, change, language: str = "da") -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    change(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_every_message_has_a_translation_in_every_language():
    for language in LANGUAGES.all:
        assert set(ui.translations(language)) == set(ui.MESSAGES), language
    assert ui.text("da", "note.n", n="72–73") == "Antal besvarelser: 72–73."
    assert ui.text("en", "note.n", n="72–73") == "Number of responses: 72–73."


def test_english_is_a_catalog_too(locale_copy):
    # The English texts are translations of the engine's messages: an author rewords them in the catalog.
    english = locale_copy.parents[2] / "en" / "LC_MESSAGES" / "messages.po"
    assert english.exists()
    assert ui.text("en", "stat.experience_share", label="x") == "share with x as municipal director"
    assert ui.MESSAGES["stat.experience_share"] == "share in the group {label}"

    def reword(catalog):
        catalog.get("Number of responses: {n}.", context="note.n").string = "Responses: {n}."

    _edit(english, reword, "en")
    assert catalog_of(locale_copy).text("en", "note.n", n="7") == "Responses: 7."


def test_an_edited_catalog_is_read_when_the_next_page_starts(locale_copy):
    """As under ``mkdocs serve``: the engine's recheck() at each page's start sees the change; a
    page being rendered keeps the texts it started with."""
    catalog = catalog_of(locale_copy)
    assert catalog.text("da", "note.n", n="7") == "Antal besvarelser: 7."

    def reword(po):
        po.get("Number of responses: {n}.", context="note.n").string = "Svar: {n}."

    _edit(locale_copy, reword)
    assert catalog.text("da", "note.n", n="7") == "Antal besvarelser: 7."
    catalog.recheck()
    assert catalog.text("da", "note.n", n="7") == "Svar: 7."


def test_report_facts_fill_their_placeholders():
    # survey.yaml's population label, and the name of the source language in the page language.
    assert ui.text("en", "survey.invited") == "municipal directors invited"
    assert ui.text("da", "survey.invited") == "inviterede kommunaldirektører"
    assert ui.text("en", "notice.link") == "Read the Danish section"


def test_a_language_without_a_catalog_fails(locale_copy):
    german = Languages(
        source="da", all=("da", "en", "de"), babel_locales=(("da", "da_DK"), ("en", "en_GB"), ("de", "de_DE"))
    )
    with pytest.raises(ui.MissingTranslation) as raised:
        catalog_of(locale_copy, german).check()
    assert str(raised.value) == (
        "locale/de/LC_MESSAGES/messages.po: no catalog for 'de'; create it with "
        "`uv run pybabel init -i locale/messages.pot -d locale -l de` and translate it"
    )


def test_the_template_lists_every_message():
    with (ROOT / "locale" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    assert {(m.context, m.id) for m in template if m.id} == {(k, v) for k, v in ui.MESSAGES.items()}


def test_a_missing_translation_fails(locale_copy):
    _edit(locale_copy, lambda catalog: catalog.delete("Number of responses: {n}.", context="note.n"))
    with pytest.raises(ui.MissingTranslation) as raised:
        catalog_of(locale_copy).text("da", "table")
    assert str(raised.value).startswith(
        "locale/da/LC_MESSAGES/messages.po: no da translation of 'Number of responses: {n}.' (msgctxt 'note.n')"
    )
    assert "pybabel update" in str(raised.value)


def test_a_fuzzy_translation_fails(locale_copy):
    def fuzz(catalog):
        catalog.get("Table", context="table").flags.add("fuzzy")

    _edit(locale_copy, fuzz)
    with pytest.raises(
        ui.MissingTranslation,
        match=r"messages.po:\d+: the da translation of 'Table' \(msgctxt "
        r"'table'\) is marked fuzzy",
    ):
        catalog_of(locale_copy).translations("da")


def test_a_lost_placeholder_fails(locale_copy):
    def drop(catalog):
        catalog.get("Number of responses: {n}.", context="note.n").string = "Antal besvarelser."

    _edit(locale_copy, drop)
    with pytest.raises(ui.MissingTranslation, match=r"must keep the placeholders \['n'\]"):
        catalog_of(locale_copy).translations("da")


def test_a_syntax_error_names_the_catalog(locale_copy):
    text = locale_copy.read_text(encoding="utf-8")
    locale_copy.write_text(text.replace('msgstr "Tabel"', 'msgstr Tabel"', 1), encoding="utf-8")
    with pytest.raises(
        ui.MissingTranslation,
        match=r"locale/da/LC_MESSAGES/messages.po:\d+: the catalog has a syntax error: .msgstr Tabel\".",
    ):
        catalog_of(locale_copy).translations("da")


def test_the_build_checks_the_catalogs_first(locale_copy):
    """define_env stops before any page with the catalog's problem, as MkDocs' PluginError."""
    from mkdocs.exceptions import PluginError

    report = locale_copy.parents[3]
    (report / "data").symlink_to(ROOT / "data")
    shutil.copy(ROOT / "mkdocs.yml", report / "mkdocs.yml")
    _edit(locale_copy, lambda catalog: catalog.delete("Table", context="table"))
    env = SimpleNamespace(
        conf={
            "config_file_path": str(report / "mkdocs.yml"),
            "docs_dir": str(ROOT / "docs"),
            "site_dir": "/tmp/x",
            "site_url": "https://example.org/",
        },
        macro=lambda *a, **k: None,
        variables={},
        page=None,
    )
    from macros.model import context

    try:
        with pytest.raises(PluginError, match="no da translation of 'Table'"):
            macros.define_env(env)
    finally:
        context.activate(None)  # the failed build's context must not outlive it
