"""The theme's interface texts, reworded per language in locale/<language>/LC_MESSAGES/theme.po.

macros/text/theme.py reads and checks the catalogs; overrides/partials/language.html looks in
them before the theme's own dictionary. Checked three ways: the catalogs' checks on small files
of their own (no build); the literal texts of the built pages of this report and of the example,
in every language (a report's wording where its catalog has one, the theme's own text where it
has none); and a copy of the report whose catalogs reword two more texts, built.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.model.languages import report_languages
from macros.text.theme import catalog_path, read_theme_catalog, theme_keys, theme_strings
from tests.report_copy import FAST_BUILD_ENV, REPO_ROOT, copy_report

# The installed theme (Material for MkDocs), found without importing it.
_MATERIAL = importlib.util.find_spec("material")
assert _MATERIAL is not None and _MATERIAL.origin
MATERIAL_TEMPLATES = Path(_MATERIAL.origin).parent / "templates"
KEYS = theme_keys([MATERIAL_TEMPLATES])

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


def _catalog(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "theme.po"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _meta(page: Path) -> str:
    """The search box's first message (search.result.initializer), as the page shows it."""
    found = re.search(r'<div class="md-search-result__meta">\s*(.*?)\s*</div>', page.read_text(encoding="utf-8"), re.S)
    assert found, f"{page}: no search box"
    return html.unescape(found.group(1))


def _translations(page: Path) -> dict[str, str]:
    """The texts the theme's JavaScript shows (the page's __config)."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page.read_text("utf-8"), re.S)
    assert found, f"{page}: no __config"
    return json.loads(found.group(1))["translations"]


def _placeholder(page: Path) -> str:
    found = re.search(r'<input type="text" class="md-search__input"[^>]*placeholder="([^"]*)"', page.read_text("utf-8"))
    assert found, f"{page}: no search field"
    return found.group(1)


# --- the catalogs' checks (no build) ----------------------------------------------------------------


def test_the_theme_dictionary_is_read_with_its_english_texts():
    assert KEYS["search.result.initializer"] == "Initializing search"
    assert KEYS["top"] == "Back to top"
    assert len(KEYS) > 40


def test_a_reworded_text_is_kept_and_an_empty_one_keeps_the_theme_text(tmp_path: Path):
    path = _catalog(
        tmp_path,
        'msgctxt "top"\nmsgid "Back to top"\nmsgstr "To the top"\n\n'
        'msgctxt "search.placeholder"\nmsgid "Search"\nmsgstr ""\n',
    )
    assert read_theme_catalog(path, "en", KEYS, "theme.po") == ({"top": "To the top"}, [])


def test_every_mistake_in_a_theme_catalog_is_reported_together(tmp_path: Path):
    path = _catalog(
        tmp_path,
        'msgctxt "search.result.initialiser"\nmsgid "Initializing search"\nmsgstr "Initialising search"\n\n'
        '#, fuzzy\nmsgctxt "top"\nmsgid "Back to top"\nmsgstr "Up"\n\n'
        'msgid "Search"\nmsgstr "Find"\n\n'
        'msgctxt "search.placeholder"\nmsgid "Search"\nmsgstr "Search <here>"\n',
    )
    texts, problems = read_theme_catalog(path, "en", KEYS, "locale/en/LC_MESSAGES/theme.po")
    assert texts == {}
    assert len(problems) == 4
    assert problems[0].startswith("locale/en/LC_MESSAGES/theme.po:")
    assert "has 'search.result.initialiser'; expected a key of the theme's partials/languages/en.html" in problems[0]
    assert "did you mean 'search.result.initializer'?" in problems[0]
    assert "the en text of the theme string 'top' is marked fuzzy" in problems[1]
    assert "expected a msgctxt naming the theme's key" in problems[2]
    assert "has 'Search <here>'; expected a text without <" in problems[3]


def test_a_report_without_theme_catalogs_keeps_the_theme_texts(tmp_path: Path):
    languages = report_languages(REPO_ROOT / "mkdocs.yml")
    strings, problems = theme_strings(tmp_path / "locale", languages, [MATERIAL_TEMPLATES])
    assert problems == [] and set(strings) == set(languages.all) and not any(strings.values())


def test_this_reports_catalogs_are_valid():
    languages = report_languages(REPO_ROOT / "mkdocs.yml")
    strings, problems = theme_strings(REPO_ROOT / "locale", languages, [MATERIAL_TEMPLATES])
    assert problems == []
    assert strings["en"]["search.result.initializer"] == "Initialising search"
    assert catalog_path(REPO_ROOT / "locale", "en").is_file()


# --- the built pages -------------------------------------------------------------------------------

# (report, language) -> the search box's first message, the search field's placeholder and the
# JavaScript's "type to start searching", literally: the report's wording where its catalog has one
# (this report's English: British spelling), otherwise the theme's own text in that language.
EXPECTED = {
    ("this-report", "da"): ("Start søgning", "Søg", "Indtast søgeord"),
    ("this-report", "en"): ("Initialising search", "Search", "Type to start searching"),
    ("example", "en"): ("Initializing search", "Search", "Type to start searching"),
    ("example", "da"): ("Start søgning", "Søg", "Indtast søgeord"),
    ("example", "de"): ("Suche wird initialisiert", "Suche", "Suchbegriff eingeben"),
}


def test_every_page_shows_the_theme_texts_of_its_language(report_site):
    languages = report_site.languages.all
    assert {language for name, language in EXPECTED if name == report_site.name} == set(languages)
    for language in languages:
        initializer, placeholder, typing = EXPECTED[(report_site.name, language)]
        pages = [report_site.file(language, page) for page in report_site.nav_pages]
        for page in pages:
            assert _meta(page) == initializer, page
            assert _placeholder(page) == placeholder, page
            assert _translations(page)["search.result.placeholder"] == typing, page


def test_the_404_page_shows_the_theme_texts_of_the_source_language(report_site):
    initializer, _, _ = EXPECTED[(report_site.name, report_site.languages.source)]
    assert _meta(report_site.site / "404.html") == initializer


# --- a catalog override changes the built page ---------------------------------------------------------


@pytest.mark.build
def test_a_catalog_rewords_the_theme_text_in_its_language_only(tmp_path: Path):
    root = copy_report(tmp_path / "report")
    english = catalog_path(root / "locale", "en")
    english.write_text(
        english.read_text(encoding="utf-8").replace('msgstr "Initialising search"', 'msgstr "Search is starting"'),
        encoding="utf-8",
    )
    danish = catalog_path(root / "locale", "da")
    danish.write_text(
        HEADER + 'msgctxt "search.result.placeholder"\nmsgid "Type to start searching"\nmsgstr "Skriv for at søge"\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    env = {**os.environ, **FAST_BUILD_ENV, "REPORT_PDF": "off", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in (site / "en" / "index.html", site / "en" / "main-points" / "index.html"):
        assert _meta(page) == "Search is starting"
        assert _translations(page)["search.result.placeholder"] == "Type to start searching"
    for page in (site / "index.html", site / "main-points" / "index.html"):
        assert _meta(page) == "Start søgning"
        assert _translations(page)["search.result.placeholder"] == "Skriv for at søge"


@pytest.mark.build
def test_a_misspelt_key_stops_the_build_with_the_file_and_a_suggestion(tmp_path: Path):
    root = copy_report(tmp_path / "report")
    catalog_path(root / "locale", "da").write_text(
        HEADER + 'msgctxt "search.result.placeholdr"\nmsgid "Type to start searching"\nmsgstr "Skriv"\n',
        encoding="utf-8",
    )
    env = {**os.environ, **FAST_BUILD_ENV, "REPORT_PDF": "off", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "locale/da/LC_MESSAGES/theme.po:" in output
    assert "did you mean 'search.result.placeholder' or 'search.placeholder'?" in output
    assert "Traceback" not in output
