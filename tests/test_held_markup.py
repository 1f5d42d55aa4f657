"""Charts' SVG and whole blocks kept out of Markdown's parsing and put back after it
(macros/html/held.py): the pages come out the same, byte for byte, their anchors are still known
to MkDocs's link check, and no placeholder is ever left in one."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup
from mkdocs.config import load_config

from macros.html import held
from macros.model import context
from tests.report_copy import FAST_BUILD_ENV, REPO_ROOT, copy_report

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
        if re.search(r"<!--held-(?:svg|block):|&lt;!--held-", path.read_text(encoding="utf-8"))
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


# --- whole blocks -----------------------------------------------------------------------------


def test_a_block_of_markup_is_held_as_a_comment_not_as_escaped_text():
    store: dict[str, str] = {}
    out = held.hold_block(Markup('<p class="finding-link" id="finding-x"><a href="#">x</a></p>\n'), store)
    assert isinstance(out, Markup) and re.fullmatch(r"<!--held-block:[0-9a-f]{24}-->\n", str(out))
    assert held.restore_blocks(out, store) == '<p class="finding-link" id="finding-x"><a href="#">x</a></p>\n'


@pytest.mark.parametrize(
    "html",
    [
        "<div>a</div>\n\nMarkdown *after* it",  # text beside the element: Markdown's to read
        "<div>a</div><div>b</div>",  # two elements
        '<div markdown="1">*a*</div>',  # md_in_html reads inside it
        '<div class="x"><div markdown>*a*</div></div>',
        "<span>inline</span>",  # not a block
        "<pre>  kept  </pre>",  # Markdown treats its content apart
        "text <div>a</div>",
    ],
)
def test_output_with_markdown_in_it_or_beside_it_is_not_held(html):
    store: dict[str, str] = {}
    assert held.hold_block(html, store) == html and store == {}


def _report_blocks() -> dict[str, str]:
    """Real macro output: a finding link and a table of the report, in each language."""
    from macros import calls
    from macros.blocks import finding_pages

    build = context.current()
    blocks = {}
    for language in build.languages.all:
        slug, item = next(iter(finding_pages._findings(calls.Page(language=language, context=build)).items()))
        page = calls.Page(language=language, src=item.page, docs_dir=build.docs_dir, context=build)
        blocks[f"finding link ({language})"] = finding_pages.finding_link(page, slug)
        tables, _ = calls._definitions(page)
        table_id = next(iter(tables))
        blocks[f"table {table_id} ({language})"] = calls.table(page, table_id)
    return blocks


def test_markdown_makes_the_same_html_of_blocks_held_wherever_a_macro_puts_them():
    """Each block in the places a page can put a macro's output: standing apart (held), directly
    under a line of text, inside a sentence, indented in a list (all given back to Markdown by
    settle_blocks): the HTML is the same as Markdown makes of the block written out."""
    config = _config()

    def convert(text: str) -> str:
        md = markdown.Markdown(extensions=list(config["markdown_extensions"]), extension_configs=config["mdx_configs"])
        return md.convert(text)

    for name, block in _report_blocks().items():
        store: dict[str, str] = {}
        out = held.hold_block(block, store)
        assert store, f"{name} is not held"
        for layout in (
            "# Title\n\n{}\n\nText after.\n",
            "{}",
            "Text.\n\n{}\n",
            "Text.\n{}\n\nMore.\n",
            "A sentence with {} in it.\n",
            "- item\n\n    {}\n",
            "Text.\n\n{}\nText right under it.\n",
        ):
            as_written = convert(layout.format(block))
            settled = held.settle_blocks(layout.format(out), store)
            restored = held.restore_blocks(convert(settled), store)
            assert restored == as_written, f"{name} in {layout!r}"
            held_through = "<!--held-block:" in settled
            if layout in ("# Title\n\n{}\n\nText after.\n", "{}", "Text.\n\n{}\n"):
                assert held_through, f"{name} standing apart is not held in {layout!r}"
            elif layout.startswith("A sentence"):
                assert not held_through, f"{name} is held in {layout!r}"


def test_the_anchors_of_a_held_block_are_the_page_s():
    anchors: set[str] = set()
    store: dict[str, str] = {}
    out = held.hold_block('<figure id="figure-1-1"><a name="old"></a><table id="t&amp;1"></table></figure>', store)
    held.restore_blocks(f"<p>x</p>\n{out}", store, anchors)
    assert anchors == {"figure-1-1", "old", "t&1"}


@pytest.mark.build
def test_a_link_to_an_anchor_in_a_held_block_passes_the_strict_link_check(tmp_path):
    """MkDocs checks a Markdown link to ``page.md#id`` against the ids it found in the page; the
    ids in held blocks (a figure's, a finding link's) are among them."""
    from tools import build_site

    root = copy_report(tmp_path / "report")
    for language in context.current().languages.all:
        page = root / "docs" / language / "introduction.md"
        page.write_text(
            page.read_text(encoding="utf-8")
            + "\n\n[4.1](challenges.md#figure-4-1), [finding](challenges.md#finding-cross-cutting-challenges)\n",
            encoding="utf-8",
        )
    result = build_site.build(root, root / "site", env=FAST_BUILD_ENV)
    assert result.ok, result.message
    html = (root / "site" / "introduction" / "index.html").read_text(encoding="utf-8")
    assert 'href="../challenges/#figure-4-1"' in html
