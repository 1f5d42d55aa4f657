"""UI strings come from gettext catalogs; a missing, fuzzy or broken translation stops the build."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po, write_po

import macros
from macros.text import catalog as ui

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    monkeypatch.setattr(ui, "LOCALE_DIR", tmp_path / "locale")
    ui._translations.cache_clear()
    yield tmp_path / "locale" / "da" / "LC_MESSAGES" / "messages.po"
    ui._translations.cache_clear()


def _edit(path: Path, change) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="da")
    change(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def test_every_message_has_a_danish_translation():
    danish = ui.translations("da")
    assert set(danish) == set(ui.MESSAGES)
    assert ui.text("da", "note.n", n="72–73") == "Antal besvarelser: 72–73."
    assert ui.text("en", "note.n", n="72–73") == "Number of responses: 72–73."


def test_the_template_lists_every_message():
    with (ROOT / "locale" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    assert {(m.context, m.id) for m in template if m.id} == {(k, v) for k, v in ui.MESSAGES.items()}


def test_a_missing_translation_fails(locale_copy):
    _edit(locale_copy, lambda catalog: catalog.delete("Number of responses: {n}.", context="note.n"))
    with pytest.raises(ui.MissingTranslation) as raised:
        ui.text("da", "table")
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
        ui.translations("da")


def test_a_lost_placeholder_fails(locale_copy):
    def drop(catalog):
        catalog.get("Number of responses: {n}.", context="note.n").string = "Antal besvarelser."

    _edit(locale_copy, drop)
    with pytest.raises(ui.MissingTranslation, match=r"must keep the placeholders \['n'\]"):
        ui.translations("da")


def test_a_syntax_error_names_the_catalog(locale_copy):
    text = locale_copy.read_text(encoding="utf-8")
    locale_copy.write_text(text.replace('msgstr "Tabel"', 'msgstr Tabel"', 1), encoding="utf-8")
    with pytest.raises(
        ui.MissingTranslation,
        match=r"locale/da/LC_MESSAGES/messages.po:\d+: the catalog has a syntax error: .msgstr Tabel\".",
    ):
        ui.translations("da")


def test_the_build_checks_the_catalogs_first(locale_copy):
    _edit(locale_copy, lambda catalog: catalog.delete("Table", context="table"))
    env = SimpleNamespace(
        conf={"docs_dir": str(ROOT / "docs"), "site_dir": "/tmp/x", "site_url": ""},
        macro=lambda *a, **k: None,
        variables={},
        page=None,
    )
    with pytest.raises(ui.MissingTranslation, match="no da translation of 'Table'"):
        macros.define_env(env)
