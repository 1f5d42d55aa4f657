"""Every link in the built site leads somewhere, and every page loads only the site's own files.

Engine tests: they run for each report of ``report_site`` (this report and the example report,
see tests/conftest.py), its address, languages and pages read from its own mkdocs.yml and built
site (tests/browser/site.py). Reads the built HTML (no browser). For every page in every language:

- every internal link (relative, root-relative or absolute under site_url) reaches a page or
  file of the site, and its #fragment is an id on that page: text links, cross-references,
  finding links, downloads, the navigation, the language switcher and the hreflang links;
- the language switcher and the hreflang links reach the same page in each other language;
- no script, style sheet, font, image or frame comes from another host.

Each failure line names the page (its address, language and Markdown source), the link as
written in the page, and what is wrong with it.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser.site import Page, Report, file_for

# Attributes that point somewhere, per tag (srcset is handled on its own).
LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}

# <link> relations that only describe the page; with any other relation the browser fetches.
METADATA_RELS = {
    "alternate",
    "canonical",
    "prev",
    "next",
    "author",
    "license",
    "help",
    "search",
}

# Schemes that are not addresses on the web.
NOT_WEB = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


class _PageParser(HTMLParser):
    """Ids on the page, and every (tag, attributes) that points somewhere, with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.css: list[str] = []
        self._open_links: list[dict] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.ids.add(attributes[name])
        if "style" in attributes:
            self.css.append(attributes["style"])
        self._in_style = tag == "style"
        attributes["_text"] = ""
        self.tags.append((tag, attributes))
        if tag == "a":
            self._open_links.append(attributes)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            self._open_links.pop()
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)
        for attributes in self._open_links:
            attributes["_text"] += data


@cache
def _parse(file: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def report(report_site) -> Report:
    return Report(report_site.root, report_site.name)


@pytest.fixture(scope="module")
def built(report_site) -> Path:
    return report_site.site


@pytest.fixture(scope="module")
def pages(report, built) -> list[Page]:
    found = report.discover_pages(built)
    assert found, "the built site has no pages"
    return found


def _page_url(report: Report, page: Page) -> str:
    return report.site_url + page.path


def _links(parser: _PageParser):
    """(tag, attributes, url) for every address the page's markup points at."""
    for tag, attributes in parser.tags:
        for name in LINK_ATTRIBUTES.get(tag, ()):
            if attributes.get(name):
                yield tag, attributes, attributes[name].strip()
        if attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                if candidate.strip():
                    yield tag, attributes, candidate.split()[0]


def _describe(tag: str, attributes: dict, url: str) -> str:
    text = " ".join(attributes.get("_text", "").split())[:60]
    rel = f' rel="{attributes["rel"]}"' if attributes.get("rel") else ""
    hreflang = f' hreflang="{attributes["hreflang"]}"' if attributes.get("hreflang") else ""
    return f'<{tag}{rel}{hreflang}> "{url}"' + (f' ("{text}")' if text else "")


def _site_path_of(report: Report, absolute: str) -> str | None:
    """The path below the site root of an absolute URL on the site, else None."""
    parts = urlsplit(absolute)
    if not _is_same_host(report, absolute):
        return None
    if not parts.path.startswith(report.site_path):
        return None
    return unquote(parts.path[len(report.site_path) :])


def _problem(report: Report, site: Path, absolute: str) -> str | None:
    """What is wrong with an internal address (None: it reaches its page and fragment)."""
    path = _site_path_of(report, absolute)
    if path is None:
        return f"leads outside the site ({absolute}): not under {report.site_url}"
    target = file_for(site, path)
    if target is None:
        return f"no page or file at /{path} in the built site"
    fragment = unquote(urlsplit(absolute).fragment)
    if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
        return f'/{path} has no element with id "{fragment}"'
    return None


def _is_same_host(report: Report, absolute: str) -> bool:
    parts, site = urlsplit(absolute), urlsplit(report.site_url)
    return (parts.scheme, parts.netloc) == (site.scheme, site.netloc)


def test_every_internal_link_and_anchor_resolves(report, built, pages):
    problems = []
    checked = dict.fromkeys(report.languages, 0)
    for page in pages:
        here = _page_url(report, page)
        for tag, attributes, url in _links(_parse(page.file)):
            if url.lower().startswith(NOT_WEB):
                continue
            absolute = urljoin(here, url)
            # A full address elsewhere (another host, or another site on this host) is not
            # this site's business (assets are checked below); a relative or root-relative
            # link, and a full address under site_url, must reach a file of the site.
            written_with_host = bool(urlsplit(url).netloc)
            if written_with_host and _site_path_of(report, absolute) is None:
                continue
            checked[page.language] += 1
            problem = _problem(report, built, absolute)
            if problem:
                problems.append(f"{page.label}: {_describe(tag, attributes, url)} {problem}")
    assert all(checked.values()), f"no internal links found in the pages of some language: {checked}"
    if problems:
        pytest.fail(
            f"{len(problems)} broken internal link(s):\n  " + "\n  ".join(problems),
            pytrace=False,
        )


def test_language_links_reach_the_same_page_in_each_other_language(report, built, pages):
    """The switcher (<a hreflang>) and the hreflang <link>s of every page point at its twins."""
    problems = []
    with_twins = [page for page in pages if page.alternates]  # not the 404 page, redirect stubs, embeds
    assert with_twins, "no page has a twin in another language"
    for page in with_twins:
        here = _page_url(report, page)
        twins = {page.language: page.path, **dict(page.alternates)}
        for language, alternate in page.alternates:
            if file_for(built, alternate) is None:
                problems.append(f"{page.label}: has no twin page /{alternate} in '{language}'")
        parser = _parse(page.file)
        switcher = [a for tag, a in parser.tags if tag == "a" and "md-select__link" in a.get("class", "").split()]
        hreflang = [a for tag, a in parser.tags if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang")]
        for language, path in twins.items():
            found = [a["href"] for a in switcher if a.get("hreflang") == language]
            if len(found) != 1:
                problems.append(
                    f"{page.label}: the language switcher has {len(found)} links to '{language}' (expected 1)"
                )
            for kind, links in (
                ("language switcher", found),
                (
                    "hreflang <link>",
                    [a["href"] for a in hreflang if a["hreflang"] == language],
                ),
            ):
                if not links:
                    if kind == "hreflang <link>":
                        problems.append(f"{page.label}: no hreflang <link> for '{language}'")
                    continue
                for href in links:
                    target = _site_path_of(report, urljoin(here, href))
                    if target != path:
                        problems.append(
                            f"{page.label}: the {kind} for '{language}' points at \"{href}\", not at /{path}"
                        )
        default = [a["href"] for a in hreflang if a["hreflang"] == "x-default"]
        default_twin = twins[report.default_language]
        if [_site_path_of(report, urljoin(here, href)) for href in default] != [default_twin]:
            problems.append(
                f"{page.label}: hreflang x-default is {default}, "
                f"expected the {report.default_language} page /{default_twin}"
            )
    if problems:
        pytest.fail("Language links:\n  " + "\n  ".join(problems), pytrace=False)


def _fetched(tag: str, attributes: dict, url: str) -> bool:
    """Does the browser load this address when it shows the page (rather than link to it)?"""
    if tag in {"a", "area"}:
        return False
    if tag == "link":
        rels = set(attributes.get("rel", "").lower().split())
        return bool(rels - METADATA_RELS)
    return True


def _css_urls(css: str) -> list[str]:
    urls = re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css)
    urls += re.findall(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", css)
    return urls


def test_pages_load_scripts_styles_fonts_and_images_only_from_the_site(report, built, pages):
    """Self-hosted: nothing a page loads (and nothing its style sheets load) is on another host."""
    problems = []
    stylesheets: set[Path] = set()
    site_host = urlsplit(report.site_url).netloc
    for page in pages:
        here = _page_url(report, page)
        parser = _parse(page.file)
        for tag, attributes, url in _links(parser):
            if url.lower().startswith(NOT_WEB) or not _fetched(tag, attributes, url):
                continue
            absolute = urljoin(here, url)
            path = _site_path_of(report, absolute.split("?")[0])
            if path is None:
                problems.append(f"{page.label}: {_describe(tag, attributes, url)} is not on the site")
            elif tag == "link" and absolute.split("?")[0].endswith(".css"):
                css_file = file_for(built, path)
                if css_file:
                    stylesheets.add(css_file)
        for url in (u for css in parser.css for u in _css_urls(css)):
            if not url.lower().startswith(NOT_WEB) and urlsplit(urljoin(here, url)).netloc != site_host:
                problems.append(f'{page.label}: inline style loads "{url}" from another host')
    assert stylesheets, "no page links a style sheet of the site"
    for css_file in sorted(stylesheets):
        where = css_file.relative_to(built).as_posix()
        for url in _css_urls(css_file.read_text(encoding="utf-8")):
            if url.lower().startswith(NOT_WEB):
                continue
            if not _is_same_host(report, urljoin(report.site_url + where, url)):
                problems.append(f'style sheet /{where}: loads "{url}" from another host')
    problems = list(dict.fromkeys(problems))
    if problems:
        pytest.fail(
            "Files loaded from another host (self-host them under docs/assets/):\n  " + "\n  ".join(problems),
            pytrace=False,
        )
