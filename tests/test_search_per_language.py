"""One search index per language (hooks/search_per_language.py, registered in mkdocs.yml): a page
downloads only its own language's index, and every result points at a page of that language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from hooks import search_per_language

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
I18N = next(p["i18n"] for p in CONFIG["plugins"] if isinstance(p, dict) and "i18n" in p)
LANGUAGES = [entry["locale"] for entry in I18N["languages"] if entry.get("build", True)]
DEFAULT = next(entry["locale"] for entry in I18N["languages"] if entry.get("default"))


def test_the_hook_is_registered_in_the_build():
    assert "hooks/search_per_language.py" in CONFIG["hooks"]


def test_the_combined_index_is_split_by_language():
    index = {
        "config": {"lang": ["aa", "bb"], "separator": "[\\s]+"},
        "docs": [
            {"location": "", "title": "Home"},
            {"location": "chapter/#part", "title": "Chapter"},
            {"location": "bb/", "title": "Home bb"},
            {"location": "bb/chapter/#part", "title": "Chapter bb"},
            {"location": "bbq/", "title": "A page whose name starts like a language"},
        ],
    }
    split = search_per_language.split_index(index, "aa", ["aa", "bb"])
    assert [d["location"] for d in split["aa"]["docs"]] == ["", "chapter/#part", "bbq/"]
    assert [d["location"] for d in split["bb"]["docs"]] == ["", "chapter/#part"]
    assert split["aa"]["config"] == {"lang": ["aa"], "separator": "[\\s]+"}
    assert split["bb"]["config"]["lang"] == ["bb"]
    assert index["config"]["lang"] == ["aa", "bb"], "the combined index was changed"


def _index(site: Path, language: str) -> dict:
    folder = site if language == DEFAULT else site / language
    return json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_own_index_of_its_own_pages(built_site, language):
    folder = built_site if language == DEFAULT else built_site / language
    index = _index(built_site, language)
    assert index["config"]["lang"] == [language]
    locations = [doc["location"] for doc in index["docs"]]
    assert locations
    others = [code for code in LANGUAGES if code != language and code != DEFAULT]
    for location in locations:
        page = location.split("#", 1)[0]
        assert not any(page == f"{code}/" or page.startswith(f"{code}/") for code in others), location
        target = folder / page / "index.html" if page.endswith("/") or page == "" else folder / page
        assert target.is_file(), f"{language}: search result {location!r} points at no page of the language"
        html = target.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{re.escape(language)}"', html), f"{location!r} is not a {language} page"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != DEFAULT])
def test_the_pages_of_another_language_search_their_own_index(built_site, language):
    html = (built_site / language / "index.html").read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["base"].rstrip("/").split("/")[-1] == language, config["base"]
    assert len(_index(built_site, DEFAULT)["docs"]) < sum(len(_index(built_site, code)["docs"]) for code in LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_findings_statement_is_found_and_its_citation_is_not(built_site, language):
    # The citation section is the same on every finding page: indexed, a search for an author
    # would answer with every finding (macros/text/citation.py marks it data-search-exclude).
    index = _index(built_site, language)
    findings = yaml.safe_load((ROOT / "data" / "findings.yaml").read_text(encoding="utf-8"))
    slugs = [entry["slug"] for entry in findings]
    # Locations are relative to the language's own root.
    pages = {doc["location"]: doc for doc in index["docs"] if doc["location"].startswith("findings/")}
    for slug in slugs:
        assert f"findings/{slug}/" in pages, f"finding {slug} is not in the {language} search index"
    assert [location for location in pages if location.endswith("#cite")] == []
    cited = [location for location, doc in pages.items() if "@techreport{" in doc["text"] or "BibTeX" in doc["text"]]
    assert cited == [], f"citations in the {language} search index: {cited[:5]}"


def test_the_site_keeps_only_the_stemmers_of_its_languages_and_no_source_maps(built_site):
    # hooks/theme_assets.py; the search worker loads lunr.<language>.min.js for its index's
    # language (tests/test_search_browser.py sees it do so), and lunr.multi with several.
    lunr = built_site / "assets" / "javascripts" / "lunr"
    kept = sorted(path.relative_to(lunr).as_posix() for path in lunr.rglob("*.js"))
    stemmers = [f"min/lunr.{code}.min.js" for code in LANGUAGES if code != "en"]
    assert kept == sorted(["min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js", *stemmers])
    assert sorted(path.name for path in built_site.rglob("*.map")) == []
    for script in (built_site / "assets").rglob("*.js"):
        assert "sourceMappingURL" not in script.read_text(encoding="utf-8", errors="replace")[-300:], script
