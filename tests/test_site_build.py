"""This report's built site, literally: its 404 page, its search index's words, its text font.

A report test: every expectation is written out literally (addresses, language codes, words).
What every report's site must do (each nav page in each language, lang, canonical and hreflang
links, the language switcher, the sitemap, nothing from another host, local files) is checked
by the engine tests in tests/test_engine_site.py, from the report's own nav and definitions.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest


class _Links(HTMLParser):
    """Every <a> start tag's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def test_root_404_page_is_danish(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    collector = _Links()
    collector.feed(html)
    assert '<html lang="da" class="no-js">' in html
    assert "<h1>Siden findes ikke</h1>" in html
    home_links = {attrs["href"] for attrs in collector.links if attrs.get("href")}
    assert {"/civilsamfund/", "/civilsamfund/en/"} <= home_links
    assert not (built_site / "en" / "404.html").exists()


@pytest.mark.parametrize(("folder", "language", "words"), [("", "da", "civilsamfund"), ("en/", "en", "civil society")])
def test_each_language_searches_its_own_pages(built_site, folder, language, words):
    """One index per language (hooks/search_per_language.py): a Danish reader downloads Danish only."""
    index = json.loads((built_site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [language]
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert "introduction/" in locations and not any(loc.startswith("en/") for loc in locations)
    text = " ".join(e["title"] + " " + e["text"] for e in index["docs"]).lower()
    assert words in text


def test_self_hosted_font_is_the_text_font(built_site):
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    # The text font is Source Sans 3 first; the size-adjusted local fallbacks come after it.
    text_font = re.search(r"--md-text-font:\s*([^;]+);", css)
    assert text_font, "site.css sets no --md-text-font"
    families = [name.strip().strip('"') for name in text_font.group(1).split(",")]
    assert families[0] == "Source Sans 3", families
    assert all(name.startswith("Source Sans 3 fallback") for name in families[1:]), families
    fonts = set(re.findall(r"""url\("\.\./fonts/source-sans-3/([^"]+\.woff2)"\)""", css))
    faces = {
        f"source-sans-3-{subset}-{variant}.woff2"
        for subset in ("latin", "latin-ext")
        for variant in ("400-normal", "400-italic", "600-normal", "700-normal")
    }
    # The latin faces are split by hooks/web_fonts.py: the site's characters, and the whole font.
    whole = {
        f"source-sans-3-latin-{variant}-full.woff2"
        for variant in ("400-normal", "400-italic", "600-normal", "700-normal")
    }
    assert fonts == faces | whole
    assert (built_site / "assets" / "fonts" / "source-sans-3" / "OFL.txt").is_file()


@pytest.mark.parametrize(
    ("page", "locale", "alternates"),
    [
        ("index.html", "da_DK", ["en_GB"]),
        ("challenges/index.html", "da_DK", ["en_GB"]),
        ("en/index.html", "en_GB", ["da_DK"]),
        ("en/figures/4-2/index.html", "en_GB", ["da_DK"]),
    ],
)
def test_open_graph_locale_is_the_pages_language(built_site, page, locale, alternates):
    """og:locale from mkdocs.yml's languages (hooks/open_graph.py), the other languages as alternates."""
    text = (built_site / page).read_text(encoding="utf-8")
    assert re.findall(r'<meta property="og:locale" content="([^"]+)">', text) == [locale]
    assert re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', text) == alternates
