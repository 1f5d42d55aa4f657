"""Search in a real browser, in every language: the page's own index (hooks/search_per_language.py)
answers with pages of its language, with the stemmer of that language (the only one
hooks/theme_assets.py keeps), and no request of the search fails.

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


@pytest.mark.parametrize("language", sorted(SEARCHES))
def test_search_finds_pages_of_the_pages_language(browser, language):
    base, chromium = browser
    prefix, query, expected_title = SEARCHES[language]
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    failed: list[str] = []
    requested: list[str] = []
    context.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    context.on(
        "response",
        lambda response: failed.append(f"{response.url} ({response.status})") if response.status >= 400 else None,
    )
    context.on("request", lambda request: requested.append(request.url))
    try:
        tab = context.new_page()
        tab.goto(base + prefix, wait_until="load")
        field = tab.locator("input[data-md-component=search-query]")
        # Until the worker has loaded the index the results say so (Material's initializer text,
        # in the HTML as served); a query typed before then is not run.
        tab.wait_for_function(
            "initial => document.querySelector('.md-search-result__meta').textContent.trim() !== initial",
            arg=tab.evaluate("() => document.querySelector('.md-search-result__meta').textContent.trim()"),
        )
        field.focus()
        tab.keyboard.type(query)
        tab.wait_for_selector(".md-search-result__item")
        titles = tab.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
        links = tab.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    finally:
        context.close()
    assert any(expected_title in title for title in titles), f"{query!r}: {titles}"
    other_prefixes = [f"{base}{p}" for code, (p, _, _) in SEARCHES.items() if code != language and p]
    wrong = [link for link in links if any(link.startswith(p) for p in other_prefixes)]
    if prefix:
        wrong += [link for link in links if not link.startswith(base + prefix)]
    assert wrong == [], f"results in another language: {wrong}"
    assert failed == [], f"failed requests: {failed}"
    stemmers = sorted({url.rsplit("/", 1)[-1] for url in requested if "/lunr/" in url})
    assert stemmers == ([] if language == "en" else ["lunr.da.min.js", "lunr.stemmer.support.min.js"]), stemmers
