"""What the built pages say, in both languages: numbers in prose, captions, cross references.

Uses the session's one strict build (``built_site`` in conftest.py). Expected strings are
literal, including the no-break space of Danish percentages ("81\xa0%"). A report test: the
checks every report must pass (each page in its language, ids, blocks shown once, no template
syntax left) are engine tests in tests/test_engine_site.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from macros.model.definitions import definitions
from tests.browser.site import site_url

SITE_URL = site_url()  # from mkdocs.yml, the one place it is set
LANGUAGES = {"da": "", "en": "en/"}
# Elements that never have an end tag.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Blocks the engine writes: their text is numbers in tables and figures, not prose.
_BLOCK_CLASSES = {"report-table", "report-figure"}
_REFERENCE_TEXT = re.compile(r"^(?:tabel|figur|table|figure)\s+(?P<number>\d+(?:\.\d+)*)$", re.IGNORECASE)


@dataclass
class Page:
    """What the tests read from one built page."""

    lang: str = ""
    ids: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    paragraphs: list[str] = field(default_factory=list)  # <p> text outside tables and figures
    captions: list[str] = field(default_factory=list)
    body: str = ""  # the raw HTML between <body> and </body>


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[tuple[str, set[str]]] = []
        self._open: list[tuple[str, list[str], dict]] = []  # (tag, text parts, attrs) being collected

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang") or ""
        if attrs.get("id"):
            self.page.ids.append(attrs["id"])
        if tag in _VOID:
            return
        self._stack.append((tag, set((attrs.get("class") or "").split())))
        if tag in ("a", "p", "caption"):
            self._open.append((tag, [], attrs))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if self._open and self._open[-1][0] == tag:
            _, parts, attrs = self._open.pop()
            # Collapse ASCII whitespace only: str.split() would also eat the no-break space of "81\xa0%".
            text = re.sub(r"[ \t\r\n\f]+", " ", "".join(parts)).strip()
            if tag == "a":
                self.page.links.append((attrs.get("href") or "", text))
            elif tag == "caption":
                self.page.captions.append(text)
            elif not self._in_block():
                self.page.paragraphs.append(text)

    def handle_data(self, data):
        for _, parts, _ in self._open:
            parts.append(data)

    def _in_block(self) -> bool:
        return any(classes & _BLOCK_CLASSES for _, classes in self._stack)


def page_url(language: str, page: str) -> str:
    return SITE_URL + LANGUAGES[language] + page


def page_path(site: Path, language: str, page: str) -> Path:
    return site / LANGUAGES[language] / page / "index.html"


_cache: dict[Path, Page] = {}


def read_page(path: Path) -> Page:
    if path not in _cache:
        html = path.read_text(encoding="utf-8")
        parser = _PageParser()
        parser.feed(html)
        parser.page.body = html[html.index("<body") : html.rindex("</body>")]
        _cache[path] = parser.page
    return _cache[path]


def built_pages(site: Path, language: str) -> list[str]:
    """Every page built in ``language`` (URL paths below its root)."""
    root = site / LANGUAGES[language]
    found = {p.parent.relative_to(root).as_posix() + "/" for p in root.rglob("index.html")}
    return sorted("" if page == "./" else page for page in found if language != "da" or not page.startswith("en/"))


def prose(site: Path, language: str, page: str) -> str:
    return "\n".join(read_page(page_path(site, language, page)).paragraphs)


both_languages = pytest.mark.parametrize("language", list(LANGUAGES))


# --- numbers in prose ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", ["98 kommunaldirektører", "åbnede 79 spørgeskemaet", "(81\xa0%)", "6. marts 2024"]),
        ("en", ["98 municipal directors", "79 opened it", "(81%)", "6 March 2024"]),
    ],
)
def test_data_and_coding_page_states_the_survey_facts(built_site, language, expected):
    text = prose(built_site, language, "data-and-coding/")
    assert [s for s in expected if s not in text] == []


def test_percentages_in_prose_follow_the_page_language(built_site):
    assert "81\xa0%" in prose(built_site, "da", "challenges/")
    assert "81%" not in prose(built_site, "da", "challenges/")
    assert "81%" in prose(built_site, "en", "challenges/")
    assert "81\xa0%" not in prose(built_site, "en", "challenges/")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Tabel 4.2. Kommunernes udfordringsbillede"),
        ("en", "Table 4.2. The municipalities' challenge landscape"),
    ],
)
def test_table_4_2_caption(built_site, language, expected):
    assert expected in read_page(page_path(built_site, language, "challenges/")).captions


# --- cross references and block ids -------------------------------------------------------------


def _references(site: Path, language: str) -> list[tuple[str, str, str]]:
    """(page, href, text) of every link to a table or figure on every page of ``language``."""
    return [
        (page, href, text)
        for page in built_pages(site, language)
        for href, text in read_page(page_path(site, language, page)).links
        if _REFERENCE_TEXT.match(text)
    ]


@both_languages
def test_every_cross_reference_lands_on_its_table_or_figure(built_site, language):
    references = _references(built_site, language)
    assert len(references) > 40, "expected the chapters' many {{ ref(...) }} links"
    broken = []
    for page, href, text in references:
        url = urljoin(page_url(language, page), href)
        target_page = urlsplit(url)._replace(fragment="").geturl()
        fragment = urlsplit(url).fragment
        kind = "table" if text.lower().startswith("tab") else "figure"
        expected_id = f"{kind}-{_REFERENCE_TEXT.match(text).group('number').replace('.', '-')}"
        target = built_site / (urlsplit(target_page).path[len(urlsplit(SITE_URL).path) :] + "index.html")
        if fragment != expected_id:
            broken.append(f"{page_url(language, page)}: {text!r} links to #{fragment}, expected #{expected_id}")
        elif not target.is_file() or expected_id not in read_page(target).ids:
            broken.append(f"{page_url(language, page)}: {text!r} -> {url}: no element with id {expected_id!r}")
    assert broken == []


def test_the_report_defines_28_figures_and_10_tables():
    tables, figures = definitions()
    assert (len(figures), len(tables)) == (28, 10)


# --- appendices ---------------------------------------------------------------------------------

QUESTION_IDS = [
    "q-open-challenge",
    "q-challenge",
    "q-involvement-most-important",
    "q-involvement",
    "q-potential",
    "q-open-success",
    "q-open-failure",
    "q-open-barriers",
    "q-strategy",
    "q-approach",
    "q-open-benefits",
    "q-benefit",
    "q-open-prerequisite",
    "q-prerequisite",
    "q-fulfilled",
    "q-attention-interplay",
    "q-open-mayor",
    "q-years-director",
    "q-years-municipality",
]
CODE_LIST_SECTIONS = [
    "codes-challenge",
    "codes-success",
    "codes-failure",
    "codes-barriers",
    "codes-benefits",
    "codes-prerequisite",
    "codes-mayor",
]


@both_languages
def test_questionnaire_renders_all_19_questions(built_site, language):
    ids = read_page(page_path(built_site, language, "questionnaire/")).ids
    assert [i for i in ids if i.startswith("q-")] == QUESTION_IDS


@both_languages
def test_code_list_renders_all_7_sections(built_site, language):
    ids = read_page(page_path(built_site, language, "code-list/")).ids
    assert [i for i in ids if i.startswith("codes-")] == CODE_LIST_SECTIONS
