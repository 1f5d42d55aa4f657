"""Engine tests of the built site: every check is driven by the report's own files, and runs for
each report of ``report_site`` (this report and examples/library-survey; see tests/conftest.py).

The pages are the report's nav (mkdocs.yml) in each of its languages (the i18n plugin's list),
the tables and figures those of data/tables.yaml and data/figures.yaml, the licence that of
data/report.yaml. Nothing here names a page, an id, a language or an address of one report: a
report of another shape passes every test, or the engine has a bug.

Each test collects every problem of its report (page, language, what is wrong) and asserts the
list is empty, so one failure names all the places at once.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from macros.blocks.tables import anchor
from macros.outputs import data_files, downloads

# <link> relations that only describe the page; every other <link> makes the browser fetch.
METADATA_LINK_RELS = {"alternate", "canonical", "prev", "next"}
# <script> types a browser does not run (data islands, such as a live chart's spec).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Strings a page must not contain: template syntax, a Python error, what an empty macro prints.
LEFTOVERS = ("{{", "}}", "{%", "%}", "Traceback")


class _Tags(HTMLParser):
    """Every start tag with its attributes, the text of inline <style> and <script>, the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline_css: list[str] = []
        self.inline_js: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "style" or tag == "title":
            self._in = tag
        elif tag == "script" and attributes.get("type", "text/javascript") not in DATA_SCRIPT_TYPES:
            self._in = "script"

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.inline_css.append(data)
        elif self._in == "script":
            self.inline_js.append(data)
        elif self._in == "title":
            self.title += data


_parsed: dict[Path, _Tags] = {}


def parse(path: Path) -> _Tags:
    if path not in _parsed:
        parser = _Tags()
        parser.feed(path.read_text(encoding="utf-8"))
        _parsed[path] = parser
    return _parsed[path]


def with_tag(tags, tag: str, **attributes: str) -> list[dict]:
    return [a for name, a in tags if name == tag and all(a.get(k) == v for k, v in attributes.items())]


def is_other_host(url: str) -> bool:
    """True for http(s)://host/... and protocol-relative //host/... (data: URLs have no host)."""
    return bool(urlsplit(url.strip()).netloc)


def fetched_urls(tag: str, attrs: dict) -> list[str]:
    """What the browser loads for this tag: any src, and a <link> href that is not metadata."""
    urls = [attrs["src"]] if attrs.get("src") else []
    urls += [part.split()[0] for part in attrs.get("srcset", "").split(",") if part.strip()]
    rels = set(attrs.get("rel", "").split())
    if tag == "link" and attrs.get("href") and not rels & METADATA_LINK_RELS:
        urls.append(attrs["href"])
    if tag == "object" and attrs.get("data"):
        urls.append(attrs["data"])
    return urls


def css_urls(css: str) -> list[str]:
    """Targets of url(...) and @import "..." in a style sheet."""
    urls = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css)
    urls += re.findall(r"""@import\s+['"]([^'"]+)""", css)
    return urls


def js_urls(js: str) -> list[str]:
    """Absolute addresses a script could request: quoted http(s):// or //host/ strings."""
    return re.findall(r"""["'`]((?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'`\s]*)""", js, re.IGNORECASE)


def site_file(report, url: str) -> Path | None:
    """The built file an absolute URL under the report's site_url is served from (None outside it)."""
    if not url.startswith(report.site_url):
        return None
    path = urlsplit(url).path[len(urlsplit(report.site_url).path) :]
    target = report.site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def content(raw: str) -> str:
    """The page's article (what the Markdown and the macros wrote), or the whole body without one."""
    start = raw.find('<article class="md-content__inner')
    if start < 0:
        return raw[raw.index("<body") : raw.rindex("</body>")]
    return raw[start : raw.index("</article>", start)]


def element(raw: str, element_id: str, end_tag: str) -> str | None:
    """The HTML from the start tag with ``id=element_id`` to the first ``end_tag`` after it."""
    start = raw.find(f'id="{element_id}"')
    if start < 0:
        return None
    end = raw.find(end_tag, start)
    return raw[start : end if end >= 0 else len(raw)]


def text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def block_pages(report) -> list[tuple[str, str, str]]:
    """(kind, id, URL path below a language root) of every table and figure page of the report."""
    tables, figures = report.definitions
    return [("table", t, data_files.page_folder("table", t)) for t in tables] + [
        ("figure", f, data_files.page_folder("figure", f)) for f in figures
    ]


def embed(report, language: str, page: str) -> bool:
    return '<body class="report-embed"' in report.file(language, page).read_text(encoding="utf-8")


# --- pages, languages and addresses -------------------------------------------------------------


def test_the_report_has_a_nav_and_languages(report_site):
    assert report_site.nav_pages, "mkdocs.yml has a nav"
    assert len(report_site.languages.all) >= 2
    assert len(set(report_site.nav_pages)) == len(report_site.nav_pages)


def test_every_nav_page_and_block_page_is_built_in_every_language(report_site):
    pages = report_site.nav_pages + [page for _, _, page in block_pages(report_site)]
    missing = [
        f"{language}: /{report_site.prefix(language)}{page}"
        for language in report_site.languages
        for page in pages
        if not report_site.file(language, page).is_file()
    ]
    assert missing == []


def test_html_lang_is_the_page_language_on_every_page(report_site):
    wrong = []
    for language in report_site.languages:
        for page in report_site.built_pages(language):
            raw = report_site.file(language, page).read_text(encoding="utf-8")
            tag = re.search(r"<html\b[^>]*>", raw)
            lang = re.search(r'\blang="([^"]*)"', tag.group(0)) if tag else None
            if not lang or lang.group(1) != language:
                wrong.append(f"/{report_site.prefix(language)}{page}: {tag.group(0) if tag else 'no <html>'}")
    assert wrong == []


def test_canonical_link_is_the_page_itself(report_site):
    wrong = []
    for language in report_site.languages:
        for page in report_site.nav_pages + [p for _, _, p in block_pages(report_site)]:
            tags = parse(report_site.file(language, page)).tags
            canonicals = [a["href"] for a in with_tag(tags, "link", rel="canonical")]
            if canonicals != [report_site.url(language, page)]:
                wrong.append(f"{report_site.url(language, page)}: canonical {canonicals}")
    assert wrong == []


def test_hreflang_links_name_the_same_page_in_every_language(report_site):
    wrong = []
    languages = report_site.languages
    for language in languages:
        for page in report_site.nav_pages:
            here = report_site.url(language, page)
            tags = parse(report_site.file(language, page)).tags
            alternates = [a for a in with_tag(tags, "link", rel="alternate") if "hreflang" in a]
            expected = {other: report_site.url(other, page) for other in languages}
            expected["x-default"] = report_site.url(languages.source, page)
            # Material adds relative hreflang links too; both kinds must resolve to the same targets.
            resolved = {(a["hreflang"], urljoin(here, a["href"])) for a in alternates}
            absolute = {a["hreflang"]: a["href"] for a in alternates if is_other_host(a["href"])}
            if resolved != set(expected.items()) or absolute != expected:
                wrong.append(f"{here}: {sorted(resolved)}")
    assert wrong == []


def test_the_language_switcher_links_to_the_same_page_in_each_other_language(report_site):
    wrong = []
    languages = report_site.languages
    for language in languages:
        for page in report_site.nav_pages:
            here = report_site.url(language, page)
            tags = parse(report_site.file(language, page)).tags
            for other in languages:
                if other == language:
                    continue
                switcher = with_tag(tags, "a", hreflang=other, **{"class": "md-select__link"})
                targets = [urljoin(here, a["href"]) for a in switcher]
                if targets != [report_site.url(other, page)]:
                    wrong.append(f"{here} -> {other}: {targets}")
    assert wrong == []


def test_the_404_page_is_at_the_root_in_the_source_language_and_leads_home_in_every_language(report_site):
    """GitHub Pages serves the root 404.html for a missing address in any language: it is the source
    language's, has a section in each other language (marked with its lang) and a link to each home page."""
    root_404 = report_site.site / "404.html"
    assert root_404.is_file()
    raw = root_404.read_text(encoding="utf-8")
    languages = report_site.languages
    assert re.search(rf'<html\b[^>]*\blang="{languages.source}"', raw)
    assert [lang for lang in languages.translations if (report_site.site / lang / "404.html").exists()] == []
    body = content(raw)
    site_path = urlsplit(report_site.site_url).path
    homes = {a.get("href") for tag, a in parse(root_404).tags if tag == "a"}
    missing = [lang for lang in languages if site_path + languages.url_prefix(lang) not in homes]
    assert missing == [], "no link to these languages' home pages"
    assert [lang for lang in languages.translations if f'<div lang="{lang}">' not in body] == []
    assert len(re.findall(r"<h1\b", body)) == 1


def test_every_page_has_a_title_and_one_h1(report_site):
    wrong = []
    for language in report_site.languages:
        for page in report_site.built_pages(language):
            path = report_site.file(language, page)
            parsed = parse(path)
            h1 = len(with_tag(parsed.tags, "h1"))
            if not parsed.title.strip() or (h1 != 1 and not embed(report_site, language, page)):
                wrong.append(f"/{report_site.prefix(language)}{page}: title {parsed.title.strip()!r}, {h1} <h1>")
    assert wrong == []


def test_the_sitemap_lists_every_markdown_page_and_block_page_in_every_language_and_nothing_else(report_site):
    """docs/<language>/**/*.md and each table's and figure's page; embed pages are noindex and left out."""
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(report_site.site / "sitemap.xml").getroot()
    locations = {loc.text or "" for loc in root.findall("sm:url/sm:loc", namespace)}
    blocks = [page for _, _, page in block_pages(report_site)]
    expected = {
        report_site.url(language, page)
        for language in report_site.languages
        for page in report_site.markdown_pages(language) + blocks
    }
    assert set(report_site.nav_pages) <= set(report_site.markdown_pages(report_site.languages.source))
    assert sorted(expected - locations) == [], "pages the sitemap leaves out"
    assert sorted(locations - expected) == [], "addresses in the sitemap that are no page of the report"
    assert [url for url in locations if not (site_file(report_site, url) or report_site.site).is_file()] == []
    assert [url for url in locations if urlsplit(url).path.endswith(f"/{figure_embed_dir()}/")] == []


def figure_embed_dir() -> str:
    from macros.outputs import figure_pages

    return figure_pages.EMBED_DIR


def test_the_search_index_holds_every_language(report_site):
    """Every nav page of every language is found by search: in the language's own index where the
    build writes one per language (hooks/search_per_language.py), else in the combined index."""
    root = report_site.site / "search" / "search_index.json"
    if not root.is_file():
        return  # a report without the search plugin
    combined = json.loads(root.read_text(encoding="utf-8"))
    translations = [report_site.prefix(lang) for lang in report_site.languages.translations]
    for language in report_site.languages:
        prefix = report_site.prefix(language)
        own = report_site.site / prefix / "search" / "search_index.json"
        index = json.loads(own.read_text(encoding="utf-8")) if own.is_file() else combined
        locations = {entry["location"].split("#")[0] for entry in index["docs"]}
        if index["config"]["lang"] == [language]:
            # The language's own index: its locations are relative to the language's root.
            assert not any(loc.startswith(tuple(p for p in translations if p != prefix)) for loc in locations if loc)
            mine, wanted = locations, set(report_site.nav_pages)
        else:
            assert sorted(index["config"]["lang"]) == sorted(report_site.languages.all)
            if prefix:
                mine = {loc for loc in locations if loc.startswith(prefix)}
            else:
                mine = {loc for loc in locations if not loc.startswith(tuple(translations))}
            wanted = {prefix + page for page in report_site.nav_pages}
        assert sorted(wanted - mine) == [], language


# --- nothing from another host, every local file there -------------------------------------------


def test_no_page_style_sheet_or_script_loads_anything_from_another_host(report_site):
    """Fonts, scripts, styles and images all come from the site itself (<a href> may leave it)."""
    site = report_site.site
    offenders = []
    for html_path in sorted(site.rglob("*.html")):
        parsed = parse(html_path)
        where = html_path.relative_to(site)
        for tag, attrs in parsed.tags:
            offenders += [f"{where}: <{tag}> {url!r}" for url in fetched_urls(tag, attrs) if is_other_host(url)]
        offenders += [
            f"{where}: <style> {url!r}" for css in parsed.inline_css for url in css_urls(css) if is_other_host(url)
        ]
        offenders += [f"{where}: <script> {url!r}" for js in parsed.inline_js for url in js_urls(js)]
    for css_path in sorted(site.rglob("*.css")):
        where = css_path.relative_to(site)
        css = css_path.read_text(encoding="utf-8")
        offenders += [f"{where}: {url!r}" for url in css_urls(css) if is_other_host(url)]
    # The engine's own scripts. Material's bundle (assets/javascripts/) and vendored libraries
    # (vendor/) name hosts in strings they never request here (XML namespaces, a schema's address);
    # what a browser really requests is watched by tests/test_browser.py.
    for js_path in sorted(site.rglob("*.js")):
        where = js_path.relative_to(site)
        if {"javascripts", "vendor"} & set(where.parts):
            continue
        offenders += [f"{where}: {url!r}" for url in js_urls(js_path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_local_script_style_image_and_font_exists(report_site):
    site = report_site.site
    missing = []
    for html_path in sorted(site.rglob("*.html")):
        where = html_path.relative_to(site).as_posix()
        for tag, attrs in parse(html_path).tags:
            for url in fetched_urls(tag, attrs):
                if url.startswith("data:") or is_other_host(url):
                    continue
                target = site_file(report_site, urljoin(report_site.site_url + where, url))
                if target is None or not target.is_file():
                    missing.append(f"{where}: <{tag}> {url!r}")
    for css_path in sorted(site.rglob("*.css")):
        where = css_path.relative_to(site).as_posix()
        for url in css_urls(css_path.read_text(encoding="utf-8")):
            if url.startswith(("data:", "#")) or is_other_host(url):
                continue
            target = site_file(report_site, urljoin(report_site.site_url + where, url))
            if target is None or not target.is_file():
                missing.append(f"{where}: {url!r}")
    assert missing == []


def test_shared_assets_are_published_once_at_the_site_root_and_linked_from_every_page(report_site):
    site = report_site.site
    sheets = [s if isinstance(s, str) else s.get("path", "") for s in report_site.config.get("extra_css") or []]
    assert sheets, "mkdocs.yml names the engine's style sheets"
    assert [s for s in sheets if not (site / s).is_file()] == []
    assert [lang for lang in report_site.languages.translations if (site / lang / "assets").exists()] == []
    # Every page carries each of them, in mkdocs.yml's order: within the one sheet it links
    # (hooks/one_stylesheet.py joins a page's style sheets into one file).
    texts = [(site / s).read_text(encoding="utf-8").strip() for s in sheets]
    unlinked = []
    for language in report_site.languages:
        for page in report_site.nav_pages:
            here = report_site.url(language, page)
            tags = parse(report_site.file(language, page)).tags
            linked = [urljoin(here, a["href"]) for a in with_tag(tags, "link", rel="stylesheet")]
            assert len(linked) == 1, f"{here}: {linked}"
            carried = (site / linked[0][len(report_site.site_url) :]).read_text(encoding="utf-8")
            places = [carried.find(text) for text in texts]
            unlinked += [f"{here}: {s}" for s, at in zip(sheets, places, strict=True) if at < 0]
            assert places == sorted(places), f"{here}: the sheets are not in mkdocs.yml's order"
    assert unlinked == []


# Attributes that point somewhere, per tag.
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
# Schemes that are not addresses on the web.
NOT_WEB = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


def test_every_internal_link_and_anchor_resolves(report_site):
    """Relative and root-relative links, and full addresses under site_url, reach a file of the site,
    and their #fragment an id on that page (navigation, cross references, downloads, switcher)."""
    site_parts = urlsplit(report_site.site_url)
    problems, checked = [], 0
    # A build without the PDF edition (REPORT_PDF=off, or a web-only report) has no PDF to link to;
    # with one, every PDF link must reach it.
    no_pdf = not any(report_site.site.rglob("*.pdf"))
    for path in sorted(report_site.site.rglob("*.html")):
        where = path.relative_to(report_site.site).as_posix()
        if where.split("/")[0] in ("assets", "search"):
            continue
        here = report_site.site_url + where
        for tag, attrs in parse(path).tags:
            for name in LINK_ATTRIBUTES.get(tag, ()):
                url = attrs.get(name, "").strip()
                if not url or url.lower().startswith(NOT_WEB):
                    continue
                absolute = urljoin(here, url)
                parts = urlsplit(absolute)
                if urlsplit(url).netloc and (parts.scheme, parts.netloc) != (site_parts.scheme, site_parts.netloc):
                    continue  # another host: a reader's link out (fetched assets are checked above)
                if no_pdf and parts.path.endswith(".pdf"):
                    continue
                checked += 1
                target = site_file(report_site, absolute.split("#")[0])
                if target is None or not target.is_file():
                    problems.append(f"/{where}: <{tag}> {url!r}: no file at {absolute}")
                elif parts.fragment and target.suffix == ".html":
                    ids = {a.get("id") for _, a in parse(target).tags} | {
                        a.get("name") for t, a in parse(target).tags if t == "a"
                    }
                    if parts.fragment not in ids:
                        problems.append(f"/{where}: <{tag}> {url!r}: no id {parts.fragment!r} there")
    assert checked > 0
    assert problems == []


# --- tables, figures and their downloads ----------------------------------------------------------


def test_every_figure_has_a_caption_a_chart_and_a_data_table_on_its_page(report_site):
    _, figures = report_site.definitions
    assert figures, "the report defines figures"
    wrong = []
    for language in report_site.languages:
        for figure_id in figures:
            page = data_files.page_folder("figure", figure_id)
            raw = report_site.file(language, page).read_text(encoding="utf-8")
            block = element(raw, anchor("figure", figure_id), "</figure>")
            where = f"/{report_site.prefix(language)}{page}"
            if block is None:
                wrong.append(f"{where}: no element with id {anchor('figure', figure_id)!r}")
                continue
            caption = re.search(r"<figcaption>(.*?)</figcaption>", block, re.S)
            if not caption or not text(caption.group(1)):
                wrong.append(f"{where}: no caption")
            if "<svg" not in block and "<img" not in block:
                wrong.append(f"{where}: no chart")
            data_table = re.search(r"<table\b.*?</table>", block, re.S)
            if not data_table or not re.search(r"<caption>.+?</caption>", data_table.group(0), re.S):
                wrong.append(f"{where}: no data table with a caption")
            elif "<td" not in data_table.group(0):
                wrong.append(f"{where}: a data table without cells")
    assert wrong == []


def test_every_table_has_a_caption_headers_and_cells_on_its_page(report_site):
    tables, _ = report_site.definitions
    wrong = []
    for language in report_site.languages:
        for table_id in tables:
            page = data_files.page_folder("table", table_id)
            raw = report_site.file(language, page).read_text(encoding="utf-8")
            block = element(raw, anchor("table", table_id), "</table>")
            where = f"/{report_site.prefix(language)}{page}"
            if block is None:
                wrong.append(f"{where}: no element with id {anchor('table', table_id)!r}")
                continue
            caption = re.search(r"<caption>(.*?)</caption>", block, re.S)
            if not caption or not text(caption.group(1)):
                wrong.append(f"{where}: no caption")
            if "<th" not in block or "<td" not in block:
                wrong.append(f"{where}: no header or no cells")
    assert wrong == []


def test_every_table_and_figure_is_shown_once_across_the_nav_pages(report_site):
    """Once across the chapters, so a cross reference has one place to go (finding pages may repeat one)."""
    expected = {anchor(kind, block_id) for kind, block_id, _ in block_pages(report_site)}
    wrong = []
    for language in report_site.languages:
        counts = dict.fromkeys(expected, 0)
        for page in report_site.nav_pages:
            for attrs in (a for _, a in parse(report_site.file(language, page)).tags if a.get("id") in counts):
                counts[attrs["id"]] += 1
        wrong += [f"{language}: {block} shown {n} times" for block, n in sorted(counts.items()) if n != 1]
    assert wrong == []


def test_every_figure_has_its_downloads_and_every_download_link_leads_to_a_file(report_site):
    _, figures = report_site.definitions
    site = report_site.site
    wrong = []
    for language in report_site.languages:
        folder = site / report_site.prefix(language) / "downloads"
        for figure_id in figures:
            for extension in ("csv", "svg"):
                name = downloads.file_name(figure_id, extension)
                if not (folder / name).is_file() or (folder / name).stat().st_size == 0:
                    wrong.append(f"{language}: downloads/{name} missing or empty")
        for page in report_site.built_pages(language):
            here = report_site.url(language, page)
            for tag, attrs in parse(report_site.file(language, page)).tags:
                if tag != "a" or "download" not in attrs or not attrs.get("href"):
                    continue
                target = site_file(report_site, urljoin(here, attrs["href"]).split("#")[0])
                if target is None or not target.is_file() or target.stat().st_size == 0:
                    wrong.append(f"{here}: download {attrs['href']!r} leads to no file")
    assert wrong == []


def test_every_block_page_links_to_its_place_in_a_nav_page_and_that_caption_links_back(report_site):
    """A table's or figure's own page shows it with its citations (APA, BibTeX; a figure its embed
    code) and links to the chapter (a nav page) that shows it, at its anchor; that chapter's
    caption links to the block's page."""
    wrong = []
    for language in report_site.languages:
        nav = {report_site.url(language, page): page for page in report_site.nav_pages}
        for kind, block_id, page in block_pages(report_site):
            here = report_site.url(language, page)
            block = anchor(kind, block_id)
            own = parse(report_site.file(language, page)).tags
            ids = {a.get("id") for _, a in own}
            wanted = (block, "cite-apa", "cite-bibtex") + (("embed-code",) if kind == "figure" else ())
            wrong += [f"{here}: no element #{i}" for i in wanted if i not in ids]
            links = {urljoin(here, a.get("href", "")) for tag, a in own if tag == "a"}
            homes = [url for url in links if urlsplit(url).fragment == block and url.split("#")[0] in nav]
            if not homes:
                wrong.append(f"{here}: no link to #{block} on a nav page")
                continue
            chapter = homes[0].split("#")[0]
            tags = parse(report_site.file(language, nav[chapter])).tags
            if block not in {a.get("id") for _, a in tags}:
                wrong.append(f"{here}: links to {homes[0]}, which has no #{block}")
            labels = {
                urljoin(chapter, a.get("href", ""))
                for tag, a in tags
                if tag == "a" and "report-label" in a.get("class", "").split()
            }
            if here not in labels:
                wrong.append(f"{chapter}: the caption of {kind} {block_id} does not link to {here}")
    assert wrong == []


def test_every_figure_has_an_embed_page_with_the_chart_alone_and_a_link_back(report_site):
    _, figures = report_site.definitions
    wrong = []
    for language in report_site.languages:
        for figure_id in figures:
            page = data_files.page_folder("figure", figure_id)
            embed_page = f"{page}{figure_embed_dir()}/"
            path = report_site.file(language, embed_page)
            where = f"/{report_site.prefix(language)}{embed_page}"
            if not path.is_file():
                wrong.append(f"{where}: missing")
                continue
            raw = path.read_text(encoding="utf-8")
            tags = parse(path).tags
            if not re.search(rf'<html\b[^>]*\blang="{language}"', raw):
                wrong.append(f"{where}: not in {language}")
            if '<meta name="robots" content="noindex">' not in raw:
                wrong.append(f"{where}: not noindex")
            if "md-header" in raw or "md-sidebar" in raw or "<nav" in raw:
                wrong.append(f"{where}: the site's navigation")
            if not any(tag == "svg" and "report-chart__svg" in a.get("class", "") for tag, a in tags):
                wrong.append(f"{where}: no chart")
            back = [a.get("href") for tag, a in tags if tag == "a" and a.get("target") == "_blank"]
            if back != [report_site.url(language, page)]:
                wrong.append(f"{where}: links back to {back}")
    assert wrong == []


# --- only aggregates are published ----------------------------------------------------------------


def test_no_data_file_is_published_and_no_respondent_id_appears_in_any_published_file(report_site):
    """The report's data/ files stay private (none is published under its name), and no respondent id
    of data/responses.csv appears, as a whole cell or word, in any page, CSV, JSON, SVG or text file."""
    import csv

    data = report_site.root / "data"
    private = {path.name for path in data.rglob("*") if path.is_file()}
    published = [path for path in report_site.site.rglob("*") if path.is_file()]
    assert sorted(p.relative_to(report_site.site).as_posix() for p in published if p.name in private) == []
    with (data / "responses.csv").open(encoding="utf-8", newline="") as handle:
        ids = {row["respondent_id"] for row in csv.DictReader(handle)}
    assert len(ids) > 1, "data/responses.csv has respondents this test would see"
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")(?![\w-])")
    found = []
    for path in published:
        if {"javascripts", "vendor"} & set(path.relative_to(report_site.site).parts):
            continue  # Material's and the vendored libraries' minified code
        if path.suffix in {".csv", ".json", ".txt", ".xml", ".html", ".svg", ".js"}:
            # An embedded font's base64 is binary, not text: letters and digits in it are no words.
            text = re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,", path.read_text(encoding="utf-8", errors="replace"))
            hit = pattern.search(text)
            if hit:
                found.append(f"{path.relative_to(report_site.site)}: {hit.group(0)!r}")
    assert found == []


# --- what the pages say ------------------------------------------------------------------------


def test_no_template_syntax_error_or_raw_script_is_left_in_any_page(report_site):
    """Content is escaped: no template syntax, no 'None', no running <script>, on*= handler or
    javascript: URL in what the Markdown and the macros wrote."""
    found = []
    for language in report_site.languages:
        for page in report_site.built_pages(language):
            body = content(report_site.file(language, page).read_text(encoding="utf-8"))
            where = f"/{report_site.prefix(language)}{page}"
            found += [f"{where}: {s!r}" for s in LEFTOVERS if s in body]
            found += [f"{where}: 'None'" for _ in re.findall(r">[^<]*\bNone\b[^<]*<", body)[:1]]
            for script in re.findall(r"<script\b[^>]*>", body):
                # The templates' own scripts (a src on the site, e.g. an embed page's) are not content.
                kind, src = re.search(r'\btype="([^"]*)"', script), re.search(r'\bsrc="([^"]*)"', script)
                if (src and not is_other_host(src.group(1))) or (kind and kind.group(1) in DATA_SCRIPT_TYPES):
                    continue
                found.append(f"{where}: {script}")
            found += [f"{where}: {h}" for h in re.findall(r"<[a-z][^>]*\s(on[a-z]+)=", body)]
            found += [f"{where}: javascript: URL" for _ in re.findall(r"""(?:href|src)=["']\s*javascript:""", body)[:1]]
    assert found == []


def test_no_id_repeats_within_a_page(report_site):
    repeated = []
    for language in report_site.languages:
        for page in report_site.built_pages(language):
            ids = [a["id"] for _, a in parse(report_site.file(language, page)).tags if a.get("id")]
            repeated += [f"/{report_site.prefix(language)}{page}: {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    assert repeated == []


def test_the_licence_of_report_yaml_is_in_every_page_footer_in_its_language(report_site):
    from hooks.licence import licence_for

    if not report_site.report.get("licence"):
        return  # a report that states no licence shows none
    wrong = []
    for language in report_site.languages:
        expected = licence_for(report_site.report, language)
        assert expected and expected["statement"], language
        for page in report_site.built_pages(language):
            if embed(report_site, language, page):
                continue
            raw = report_site.file(language, page).read_text(encoding="utf-8")
            footer = raw[raw.find("<footer") :]
            licence = re.search(r'<p class="report-licence"([^>]*)>(.*?)</p>', footer, re.S)
            if not licence or text(licence.group(2)) != text(html.escape(expected["statement"])):
                wrong.append(f"/{report_site.prefix(language)}{page}: {licence.group(0) if licence else 'no licence'}")
            elif expected["lang"] and f'lang="{expected["lang"]}"' not in licence.group(1):
                wrong.append(f"/{report_site.prefix(language)}{page}: the source's statement without its lang")
    assert wrong == []
