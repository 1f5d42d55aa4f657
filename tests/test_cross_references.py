"""Cross references in prose: ``ref()`` writes the word, the number and a link, in each language."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros import calls as render

DOCS = Path(__file__).resolve().parent.parent / "docs"


def page(language: str, src: str = "strategic-approach.md") -> render.Page:
    return render.Page(language=language, src=src, docs_dir=DOCS)


@pytest.mark.parametrize(
    ("language", "capital", "expected"),
    [
        ("da", False, "[figur 5.2.1](#figure-5-2-1)\u2013[5.2.6](#figure-5-2-6)"),
        ("da", True, "[Figur 5.2.1](#figure-5-2-1)\u2013[5.2.6](#figure-5-2-6)"),
        ("en", False, "[Figures 5.2.1](#figure-5-2-1)\u2013[5.2.6](#figure-5-2-6)"),
        ("en", True, "[Figures 5.2.1](#figure-5-2-1)\u2013[5.2.6](#figure-5-2-6)"),
    ],
)
def test_a_range_links_both_ends_with_an_en_dash(language, capital, expected):
    assert render.ref(page(language), "figure", "5.2.1", capital=capital, to="5.2.6") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "[tabel 4.4](challenges.md#table-4-4)\u2013[4.5](challenges.md#table-4-5)"),
        ("en", "[Tables 4.4](challenges.md#table-4-4)\u2013[4.5](challenges.md#table-4-5)"),
    ],
)
def test_a_range_on_another_page_links_to_that_page(language, expected):
    assert render.ref(page(language), "table", "4.4", to="4.5") == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("da", "[figur 5.3](#figure-5-3)"), ("en", "[Figure 5.3](#figure-5-3)")]
)
def test_a_single_reference_is_singular(language, expected):
    assert render.ref(page(language), "figure", "5.3") == expected


def test_a_range_to_an_unknown_block_names_it():
    with pytest.raises(render.MacroError, match=r"unknown figure '5\.2\.9'"):
        render.ref(page("en"), "figure", "5.2.1", to="5.2.9")


def test_a_range_of_one_block_is_refused():
    with pytest.raises(render.MacroError, match="two different figures"):
        render.ref(page("en"), "figure", "5.2.1", to="5.2.1")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_chapter_uses_the_range_where_it_names_one(language):
    text = (DOCS / language / "strategic-approach.md").read_text(encoding="utf-8")
    assert '{{ ref("figure", "5.2.1", to="5.2.6", capital=True) }}' in text
    assert '{{ ref("figure", "5.2.6") }}' not in text
