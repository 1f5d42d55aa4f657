"""The built site as a reader and a search engine see it, in both languages.

Every expectation is written out literally (URLs, language codes, page paths), so a
change to mkdocs.yml, the theme overrides or the hooks that moves a page shows up here.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from macros.model.definitions import definitions
from tests.browser.site import site_url

SITE_URL = site_url()  # from mkdocs.yml, the one place it is set
REPO_ROOT = Path(__file__).resolve().parent.parent

# URL path of every page below the language root ("" is the front page).
PAGES = [
    "",
    "introduction/",
    "main-points/",
    "data-and-coding/",
    "challenges/",
    "strategic-approach/",
    "benefits/",
    "experiences/",
    "prerequisites/",
    "attention-and-interplay/",
    "background/",
    "references/",
    "questionnaire/",
    "code-list/",
    "editorial-notes/",
    "data/",
    "translation-status/",
]

# Language -> URL prefix below SITE_URL: Danish at the root, English under en/.
LANGUAGES = {"da": "", "en": "en/"}

# <link> relations that only describe the page; every other <link> makes the browser fetch.
METADATA_LINK_RELS = {"alternate", "canonical", "prev", "next"}


class _TagCollector(HTMLParser):
    """Every start tag with its attributes, plus the text of inline <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def parse_html(path: Path) -> _TagCollector:
    collector = _TagCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def page_url(language: str, page: str) -> str:
    return SITE_URL + LANGUAGES[language] + page


def page_file(site: Path, language: str, page: str) -> Path:
    return site / LANGUAGES[language] / page / "index.html"


def links_with(tags, tag: str, **attributes: str) -> list[dict]:
    return [
        attrs
        for name, attrs in tags
        if name == tag and all(attrs.get(key) == value for key, value in attributes.items())
    ]


def is_other_host(url: str) -> bool:
    """True for http(s)://host/... and protocol-relative //host/... (data: URLs have no host)."""
    return bool(urlsplit(url.strip()).netloc)


def site_file_for(site: Path, url: str) -> Path:
    """The built file a URL under SITE_URL is served from."""
    assert url.startswith(SITE_URL), f"{url!r} is outside the site {SITE_URL!r}"
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path) :]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def fetched_urls(tag: str, attrs: dict) -> list[str]:
    """What the browser loads for this tag: any src, and a <link> href that is not metadata."""
    urls = [attrs["src"]] if attrs.get("src") else []
    rels = set((attrs.get("rel") or "").split())
    if tag == "link" and attrs.get("href") and not rels & METADATA_LINK_RELS:
        urls.append(attrs["href"])
    return urls


def css_urls(css: str) -> list[str]:
    """Targets of url(...) and @import "..." in a style sheet."""
    urls = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css)
    urls += re.findall(r"""@import\s+['"]([^'"]+)""", css)
    return urls


all_pages = pytest.mark.parametrize("page", PAGES)
both_languages = pytest.mark.parametrize("language", list(LANGUAGES))


@all_pages
@both_languages
def test_every_page_is_built_in_both_languages(built_site, language, page):
    assert page_file(built_site, language, page).is_file()


@all_pages
@both_languages
def test_html_lang_is_the_page_language(built_site, language, page):
    html = page_file(built_site, language, page).read_text(encoding="utf-8")
    assert re.search(r"<html\b[^>]*>", html).group(0) == f'<html lang="{language}" class="no-js">'


@all_pages
@both_languages
def test_canonical_link_is_the_page_itself(built_site, language, page):
    tags = parse_html(page_file(built_site, language, page)).tags
    canonicals = [attrs["href"] for attrs in links_with(tags, "link", rel="canonical")]
    assert canonicals == [page_url(language, page)]


@all_pages
@both_languages
def test_hreflang_links_point_at_the_same_page_in_each_language(built_site, language, page):
    tags = parse_html(page_file(built_site, language, page)).tags
    here = page_url(language, page)
    alternates = [attrs for attrs in links_with(tags, "link", rel="alternate") if "hreflang" in attrs]
    expected = {
        "da": SITE_URL + page,
        "en": SITE_URL + "en/" + page,
        "x-default": SITE_URL + page,
    }
    # Material adds relative hreflang links too; both kinds must resolve to the same targets.
    resolved = {(attrs["hreflang"], urljoin(here, attrs["href"])) for attrs in alternates}
    assert resolved == set(expected.items())
    absolute = {attrs["hreflang"]: attrs["href"] for attrs in alternates if is_other_host(attrs["href"])}
    assert absolute == expected


@all_pages
@pytest.mark.parametrize(("language", "other"), [("da", "en"), ("en", "da")])
def test_language_switcher_links_to_the_same_page_in_the_other_language(built_site, language, other, page):
    tags = parse_html(page_file(built_site, language, page)).tags
    here = page_url(language, page)
    switcher = links_with(tags, "a", hreflang=other, **{"class": "md-select__link"})
    assert [urljoin(here, attrs["href"]) for attrs in switcher] == [page_url(other, page)]


def test_root_404_page_is_danish(built_site):
    collector = parse_html(built_site / "404.html")
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="da" class="no-js">' in html
    assert "<h1>Siden findes ikke</h1>" in html
    home_links = {attrs["href"] for attrs in links_with(collector.tags, "a") if attrs.get("href")}
    assert {"/civilsamfund/", "/civilsamfund/en/"} <= home_links
    assert not (built_site / "en" / "404.html").exists()


def test_sitemap_lists_every_page_in_both_languages(built_site):
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locations = {loc.text for loc in root.findall("sm:url/sm:loc", namespace)}
    chapters = {page_url(language, page) for language in LANGUAGES for page in PAGES}
    findings = {
        f"{SITE_URL}{'' if language == 'da' else 'en/'}findings/{path.stem}/"
        if path.stem != "index"
        else f"{SITE_URL}{'' if language == 'da' else 'en/'}findings/"
        for language in LANGUAGES
        for path in (REPO_ROOT / "docs" / language / "findings").glob("*.md")
    }
    # Every table and figure has a page of its own (their embed pages are left out: noindex).
    tables, figures = definitions()
    blocks = {
        f"{SITE_URL}{'' if language == 'da' else 'en/'}{kind}s/{block_id.replace('.', '-')}/"
        for language in LANGUAGES
        for kind, ids in (("table", tables), ("figure", figures))
        for block_id in ids
    }
    assert locations == chapters | findings | blocks


def test_search_index_holds_both_languages(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["da", "en"]
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert {"introduction/", "en/introduction/"} <= locations
    danish = " ".join(e["title"] + " " + e["text"] for e in index["docs"] if not e["location"].startswith("en/"))
    english = " ".join(e["title"] + " " + e["text"] for e in index["docs"] if e["location"].startswith("en/"))
    assert "civilsamfund" in danish.lower()
    assert "civil society" in english.lower()


def test_no_page_loads_anything_from_another_host(built_site):
    """Fonts, scripts, styles and images all come from the site itself (<a href> may leave it)."""
    offenders = []
    for html_path in sorted(built_site.rglob("*.html")):
        collector = parse_html(html_path)
        where = html_path.relative_to(built_site)
        for tag, attrs in collector.tags:
            offenders += [f"{where}: <{tag}> {url!r}" for url in fetched_urls(tag, attrs) if is_other_host(url)]
        for css in collector.inline_css:
            offenders += [f"{where}: <style> {url!r}" for url in css_urls(css) if is_other_host(url)]
    for css_path in sorted(built_site.rglob("*.css")):
        css = css_path.read_text(encoding="utf-8")
        where = css_path.relative_to(built_site)
        offenders += [f"{where}: {url!r}" for url in css_urls(css) if is_other_host(url)]
    assert offenders == []


def test_shared_assets_are_published_once_at_the_site_root(built_site):
    assert (built_site / "assets" / "stylesheets" / "site.css").is_file()
    assert not (built_site / "en" / "assets").exists()


@all_pages
@both_languages
def test_site_css_is_linked_from_every_page(built_site, language, page):
    tags = parse_html(page_file(built_site, language, page)).tags
    here = page_url(language, page)
    stylesheets = [urljoin(here, attrs["href"]) for attrs in links_with(tags, "link", rel="stylesheet")]
    assert SITE_URL + "assets/stylesheets/site.css" in stylesheets


def test_every_local_script_style_image_and_font_exists(built_site):
    missing = []
    for html_path in sorted(built_site.rglob("*.html")):
        where = html_path.relative_to(built_site).as_posix()
        for tag, attrs in parse_html(html_path).tags:
            missing += [
                f"{where}: <{tag}> {url!r}"
                for url in fetched_urls(tag, attrs)
                if is_missing_local_file(built_site, SITE_URL + where, url)
            ]
    css_path = "assets/stylesheets/site.css"
    missing += [
        f"{css_path}: {url!r}"
        for url in css_urls((built_site / css_path).read_text(encoding="utf-8"))
        if is_missing_local_file(built_site, SITE_URL + css_path, url)
    ]
    assert missing == []


def is_missing_local_file(site: Path, referrer: str, url: str) -> bool:
    if url.startswith("data:") or is_other_host(url):
        return False
    return not site_file_for(site, urljoin(referrer, url)).is_file()


def test_self_hosted_font_is_the_text_font(built_site):
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    # The text font is Source Sans 3 first; the size-adjusted local fallbacks come after it.
    text_font = re.search(r"--md-text-font:\s*([^;]+);", css)
    assert text_font, "site.css sets no --md-text-font"
    families = [name.strip().strip('"') for name in text_font.group(1).split(",")]
    assert families[0] == "Source Sans 3", families
    assert all(name.startswith("Source Sans 3 fallback") for name in families[1:]), families
    fonts = set(re.findall(r"""url\("\.\./fonts/source-sans-3/([^"]+\.woff2)"\)""", css))
    assert fonts == {
        f"source-sans-3-{subset}-{variant}.woff2"
        for subset in ("latin", "latin-ext")
        for variant in ("400-normal", "400-italic", "600-normal", "700-normal")
    }
    assert (built_site / "assets" / "fonts" / "source-sans-3" / "OFL.txt").is_file()
