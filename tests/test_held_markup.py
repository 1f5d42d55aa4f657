"""Charts' SVG kept out of Markdown's parsing and put back after it (macros/html/held.py): the
pages come out the same, byte for byte, and no placeholder is ever left in one."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup
from mkdocs.config import load_config

from macros.html import held
from macros.model import context
from tests.report_copy import REPO_ROOT

CHART = '<svg role="img" id="figure-1-wide" width="640">' + '<g fill="#000"><text>1</text></g>' * 40 + "</svg>"


def test_a_chart_is_held_and_restored():
    store: dict[str, str] = {}
    html = f"<figure><p>a</p>{CHART}<p>b</p>{CHART}</figure>"
    out = held.hold(html, store)
    assert "<svg" not in out and out.count("<!--held-svg:") == 2 and list(store.values()) == [CHART]
    assert held.restore(out, store) == html


@pytest.mark.parametrize(
    "svg",
    [
        '<svg role="img"><g/></svg>',  # small: Markdown reads it faster than it is looked up
        "<svg>" + "<g/>" * 400 + "</svg>",  # not a chart (no role="img"): an icon, a drawing of the theme
    ],
)
def test_other_svg_is_left_where_it_is(svg):
    store: dict[str, str] = {}
    assert held.hold(f"<p>{svg}</p>", store) == f"<p>{svg}</p>" and store == {}


def test_markup_stays_markup_and_text_stays_text():
    assert isinstance(held.hold(Markup(CHART), {}), Markup)
    assert type(held.hold(CHART, {})) is str


def test_a_placeholder_of_another_build_is_left_as_it_is():
    stranger = "<!--held-svg:" + "0" * 24 + "-->"
    assert held.restore(f"<p>{stranger}</p>", {}) == f"<p>{stranger}</p>"


def _config():
    return load_config(str(REPO_ROOT / "mkdocs.yml"))


@pytest.mark.parametrize("page", ["challenges/index.html", "en/challenges/index.html", "figures/4-1/index.html"])
def test_markdown_makes_the_same_html_of_a_page_with_its_charts_held(built_site: Path, page: str):
    """A built page's article is raw HTML with its charts in it: Markdown, with the report's own
    extensions, makes the same HTML of it as it is and with its charts held and restored."""
    article = re.search(r"<article\b.*?</article>", (built_site / page).read_text(encoding="utf-8"), re.S).group(0)
    assert len(re.findall(r'<svg\b[^>]*\srole="img"', article)) >= 1
    config = _config()

    def convert(text: str, extensions: list) -> str:
        return markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"]).convert(text)

    as_written = convert(article, list(config["markdown_extensions"]))
    build = context.BuildContext(config_path=REPO_ROOT / "mkdocs.yml", languages=context.current().languages)
    build.held = {}
    previous = context._current
    context.activate(build)
    try:
        text = held.hold(article, build.held)
        assert not re.search(r'<svg\b[^>]*\srole="img"', text) and len(build.held) >= 1
        restored = held.restore(convert(text, list(config["markdown_extensions"])), build.held)
    finally:
        context.activate(previous)
    assert restored == as_written


@pytest.mark.parametrize("page", ["challenges/index.html", "en/challenges/index.html", "figures/4-1/index.html"])
def test_the_search_index_reads_the_same_text_of_a_page_with_its_charts_held(built_site: Path, page: str):
    """The search plugin indexes a page before its charts are put back: its parser finds the
    same sections, titles and texts in the page with its charts held as in the page as built."""
    from material.plugins.search.plugin import Parser

    html = (built_site / page).read_text(encoding="utf-8")
    main = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    assert len(re.findall(r'<svg\b[^>]*\srole="img"', main)) >= 1

    def sections(text: str) -> list[tuple]:
        parser = Parser()
        parser.feed(text)
        parser.close()
        return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]

    held_text = held.hold(main, {})
    assert "<!--held-svg:" in held_text
    indexed = sections(main)
    assert indexed and sections(held_text) == indexed


def test_no_built_page_keeps_a_placeholder(built_site: Path):
    left = [
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if "<!--held-svg:" in path.read_text(encoding="utf-8")
    ]
    assert left == []


def test_the_benchmarks_floor_gets_the_charts_back():
    """tools/capture_markdown.py saves each page's Markdown for the plain floor with its charts in it."""
    from tools import capture_markdown

    build = context.BuildContext(config_path=REPO_ROOT / "mkdocs.yml", languages=context.current().languages)
    build.held = {}
    previous = context._current
    context.activate(build)
    try:
        text = held.hold(f"<figure>{CHART}</figure>", build.held)
        assert capture_markdown._with_charts(text) == f"<figure>{CHART}</figure>"
    finally:
        context.activate(previous)
