"""Search in a real browser, in every language: the page's own index (hooks/search_per_language.py)
answers with pages of its language, with the stemmer of that language (the only one
hooks/theme_assets.py keeps), and no request of the search fails. The index is requested only
when the reader starts to search (overrides/main.html holds Material's request until then, and
starts the search worker with it), or at once on a page opened from a search result, whose terms
Material highlights with it.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site import site_path
from test_browser import served_chromium

pytestmark = pytest.mark.browser

# Hang guard only: every wait below ends as soon as its condition holds.
TIMEOUT_MS = 60_000

# The index of a language, below the base of its pages (hooks/search_per_language.py).
INDEX = "search/search_index.json"

# A query typed as a reader types it, and a section the results must list, by its title in that
# language ("barrier" meets "Barriers" through the English stemmer). Which stemmers the worker
# loads is checked from its requests.
SEARCHES = {
    "da": ("", "barrierer", "7.1 Barrierer for samarbejde med civilsamfundet"),
    "en": ("en/", "barrier", "7.1 Barriers to collaboration with civil society"),
}


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, object]]:
    with served_chromium(built_site, site_path()) as served:
        yield served


class Visit:
    """One tab in a fresh context: every request it made, and every one that failed."""

    def __init__(self, chromium) -> None:
        self.context = chromium.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.failed: list[str] = []
        self.requested: list[str] = []
        self.context.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        self.context.on(
            "response",
            lambda response: (
                self.failed.append(f"{response.url} ({response.status})") if response.status >= 400 else None
            ),
        )
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.tab = self.context.new_page()

    def open(self, url: str) -> None:
        """The page loaded and its network idle: all it requests without the reader doing anything."""
        self.tab.goto(url, wait_until="load")
        self.tab.wait_for_load_state("networkidle")

    def index_requests(self) -> list[str]:
        return [url for url in self.requested if is_index(url)]

    def worker_requests(self) -> list[str]:
        """Requests for Material's search worker script (its address is in the page's config)."""
        worker = self.tab.evaluate(
            "() => new URL(JSON.parse(document.getElementById('__config').textContent).search, location).href"
        )
        return [url for url in self.requested if url == worker]


def is_index(url) -> bool:
    return url.split("?", 1)[0].endswith("/" + INDEX)


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    visit = Visit(browser[1])
    try:
        yield visit
    finally:
        visit.context.close()


@pytest.mark.parametrize("language", sorted(SEARCHES))
def test_search_finds_pages_of_the_pages_language(browser, visit, language):
    base, _ = browser
    prefix, query, expected_title = SEARCHES[language]
    tab = visit.tab
    visit.open(base + prefix)
    assert visit.index_requests() == [], "the search index was requested before the reader searched"
    assert visit.worker_requests() == [], "the search worker was started before the reader searched"
    # Until the worker has loaded the index the results say so (Material's initializer text,
    # in the HTML as served), which is all a reader who has not searched yet sees of it.
    meta = "() => document.querySelector('.md-search-result__meta').textContent.trim()"
    initial = tab.evaluate(meta)
    field = tab.locator("input[data-md-component=search-query]")
    with tab.expect_request(lambda request: is_index(request.url)):
        field.focus()
    tab.wait_for_function(f"initial => ({meta})() !== initial", arg=initial)
    tab.keyboard.type(query)
    tab.wait_for_selector(".md-search-result__item")
    titles = tab.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    links = tab.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    assert any(expected_title in title for title in titles), f"{query!r}: {titles}"
    assert visit.index_requests() == [f"{base}{prefix}{INDEX}"], visit.index_requests()
    assert len(visit.worker_requests()) == 1, visit.worker_requests()
    other_prefixes = [f"{base}{p}" for code, (p, _, _) in SEARCHES.items() if code != language and p]
    wrong = [link for link in links if any(link.startswith(p) for p in other_prefixes)]
    if prefix:
        wrong += [link for link in links if not link.startswith(base + prefix)]
    assert wrong == [], f"results in another language: {wrong}"
    assert visit.failed == [], f"failed requests: {visit.failed}"
    stemmers = sorted({url.rsplit("/", 1)[-1] for url in visit.requested if "/lunr/" in url})
    assert stemmers == ([] if language == "en" else ["lunr.da.min.js", "lunr.stemmer.support.min.js"]), stemmers


@pytest.mark.parametrize("language", sorted(SEARCHES))
def test_a_page_opened_from_a_result_loads_the_index_at_once_and_highlights(browser, visit, language):
    """Material links a result with ?h=<terms> and highlights them using the index's config."""
    base, _ = browser
    prefix, query, expected_title = SEARCHES[language]
    visit.open(base + prefix)
    visit.tab.locator("input[data-md-component=search-query]").focus()
    visit.tab.keyboard.type(query)
    result = visit.tab.locator(".md-search-result__item a", has_text=expected_title).first
    link = result.get_attribute("href")
    assert link is not None and "?h=" in link, link
    opened = Visit(browser[1])
    try:
        opened.tab.goto(link, wait_until="load")
        opened.tab.wait_for_selector("mark[data-md-highlight]")
        assert opened.index_requests() == [f"{base}{prefix}{INDEX}"], opened.index_requests()
        assert opened.failed == [], f"failed requests: {opened.failed}"
    finally:
        opened.context.close()


@pytest.mark.parametrize("key", ["s", "f", "/"])
def test_the_search_shortcut_starts_loading_the_index(browser, visit, key):
    base, _ = browser
    visit.open(base)
    assert visit.index_requests() == [], "the search index was requested before the reader searched"
    assert visit.worker_requests() == [], "the search worker was started before the reader searched"
    with visit.tab.expect_request(lambda request: is_index(request.url)):
        visit.tab.keyboard.press(key)
    assert visit.tab.evaluate("() => document.activeElement.matches('input[data-md-component=search-query]')")
    visit.tab.wait_for_load_state("networkidle")
    assert visit.index_requests() == [f"{base}{INDEX}"], visit.index_requests()
    assert visit.failed == [], f"failed requests: {visit.failed}"
