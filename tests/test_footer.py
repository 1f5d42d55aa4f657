"""The footer's credit line is in the page's language (the catalog's footer.made_with), on every
language of both reports, the 404 page included (a template without a page of its own)."""

from __future__ import annotations

import re

import pytest

LINK = '<a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">Material for MkDocs</a>'
CREDIT = re.compile(r"([^>\n]*?)\s*" + re.escape(LINK))


def _credit(html: str) -> str:
    found = CREDIT.findall(html)
    assert len(found) == 1, f"expected one credit line, found {len(found)}"
    return found[0].strip()


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("index.html", "Lavet med"),
        ("challenges/index.html", "Lavet med"),
        ("404.html", "Lavet med"),
        ("en/index.html", "Made with"),
        ("en/challenges/index.html", "Made with"),
    ],
)
def test_the_credit_line_is_in_the_pages_language(built_site, page, words):
    assert _credit((built_site / page).read_text(encoding="utf-8")) == words


@pytest.mark.parametrize(
    ("page", "words"),
    [("index.html", "Made with"), ("da/index.html", "Lavet med"), ("de/index.html", "Erstellt mit")],
)
def test_the_example_reports_credit_line_is_in_the_pages_language(example_site, page, words):
    assert _credit((example_site / page).read_text(encoding="utf-8")) == words
