"""Editorial notes: the registry, the markers on the pages and the notes page cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros.blocks import editorial
from macros.calls import Page

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS = REPO_ROOT / "docs"
LANGUAGES = [
    entry["locale"]
    for plugin in yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)["plugins"]
    if isinstance(plugin, dict) and "i18n" in plugin
    for entry in plugin["i18n"]["languages"]
]
SOURCE = LANGUAGES[0]
NOTES = editorial.load_notes(REPO_ROOT / "data")
MARKER_CALL = re.compile(r"""\{\{\s*editorial_note\(\s*["']([^"']+)["']\s*\)\s*\}\}""")


def _site_page(site: Path, language: str, src: str) -> Path:
    root = site if language == SOURCE else site / language
    stem = src[: -len(".md")]
    return root / ("index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html")


def test_the_registry_declares_notes():
    assert NOTES, "data/editorial_notes.yaml declares no departure from the printed report"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_note_is_marked_exactly_once_on_its_own_page(language):
    marked: dict[str, list[str]] = {}
    for path in sorted((DOCS / language).rglob("*.md")):
        src = path.relative_to(DOCS / language).as_posix()
        for note_id in MARKER_CALL.findall(path.read_text(encoding="utf-8")):
            marked.setdefault(note_id, []).append(src)
    problems = [
        f"{note.id}: declared for {note.page}, marked on {marked.get(note.id, [])}"
        for note in NOTES.values()
        if marked.get(note.id) != [note.page]
    ]
    problems += [
        f"{note_id}: marked on {pages} but not declared" for note_id, pages in marked.items() if note_id not in NOTES
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_note_has_its_texts_in_every_language(language):
    missing = [note.id for note in NOTES.values() if not note.edition.get(language) or not note.why.get(language)]
    assert not missing


@pytest.mark.parametrize("language", LANGUAGES)
def test_markers_link_to_their_note_on_the_notes_page(built_site, language):
    notes_page = _site_page(built_site, language, editorial.NOTES_PAGE).read_text(encoding="utf-8")
    listed = re.findall(r'<li id="([^"]+)" class="editorial-note', notes_page)
    assert listed == list(NOTES)
    for note in NOTES.values():
        html = _site_page(built_site, language, note.page).read_text(encoding="utf-8")
        link = re.search(rf'<a href="([^"]*)" id="marker-{re.escape(note.id)}"', html)
        assert link, f"{note.page} ({language}) has no marker for {note.id}"
        assert link.group(1).endswith(f"editorial-notes/#{note.id}")


def test_marker_text_and_notes_page_words_per_language():
    first = next(iter(NOTES.values()))
    expected = {"da": f"red. note {first.number}", "en": f"ed. note {first.number}"}
    for language in LANGUAGES:
        page = Page(language=language, src=first.page)
        assert f">{expected[language]}</a></sup>" in editorial.editorial_note(page, first.id)


def test_an_unknown_note_stops_the_build_with_a_suggestion():
    page = Page(language=SOURCE, src="challenges.md")
    some = next(iter(NOTES))
    with pytest.raises(
        editorial.EditorialNoteError, match=rf"unknown editorial note '{some}x' \(did you mean '{some}'\?\)"
    ):
        editorial.editorial_note(page, some + "x")


def test_the_registry_is_parsed_once_per_version_of_the_file(tmp_path, monkeypatch):
    """Every marker asks for the registry: one parse per file version, and an edit is seen at once."""
    registry = tmp_path / editorial.REGISTRY_FILE
    text = (REPO_ROOT / "data" / editorial.REGISTRY_FILE).read_text(encoding="utf-8")
    registry.write_text(text, encoding="utf-8")
    parses = []
    real_load = editorial.yamlfiles.load
    monkeypatch.setattr(editorial.yamlfiles, "load", lambda *args, **kw: parses.append(1) or real_load(*args, **kw))
    first = editorial.load_notes(tmp_path)
    again = editorial.load_notes(tmp_path)
    assert again == first and len(parses) == 1
    some = next(iter(first.values()))
    registry.write_text(text.replace(some.printed, some.printed + " (edited)", 1), encoding="utf-8")
    edited = editorial.load_notes(tmp_path)
    assert len(parses) == 2
    assert edited[some.id].printed == some.printed + " (edited)"
    edited.pop(some.id)  # a caller's copy: changing it leaves the cached registry alone
    assert editorial.load_notes(tmp_path)[some.id].printed == some.printed + " (edited)"
    assert len(parses) == 2
