"""Share cards say what the finding says: the card's text, read from the SVG it is drawn from,
is the statement and the headline of the built page, in every language."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from macros.blocks.finding_pages import statement_markdown
from macros.blocks.findings import load_findings
from macros.outputs.share_cards import card_text, layout_text, share_card_svg

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = load_findings(docs_dir=ROOT / "docs")
LANGUAGES = {"da": "", "en": "en/"}


def _plain(fragment: str) -> str:
    # Ordinary white space collapsed; the no-break space of Danish "45 %" stays.
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _page_statement(page_html: str) -> tuple[str, str]:
    """(headline, statement) as the built page shows them: its h1 and the first paragraph after it."""
    article = page_html[page_html.index("<article") : page_html.index("</article>")]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.DOTALL)
    headline = re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1), flags=re.DOTALL)
    paragraph = re.search(r"<p>(.*?)</p>", article[heading.end() :], re.DOTALL)
    return _plain(headline), _plain(paragraph.group(1))


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_share_card_carries_the_statement_of_its_page(built_site, language, slug):
    folder = built_site / LANGUAGES[language] / "findings" / slug
    svg = (folder / "share.svg").read_text(encoding="utf-8")
    headline, statement = _page_statement((folder / "index.html").read_text(encoding="utf-8"))
    assert "translation:" not in svg and "---" not in card_text(svg, "statement")
    assert card_text(svg, "headline") == headline, f"{language} {slug}: the card's headline is not the page's"
    assert card_text(svg, "statement") == statement, f"{language} {slug}: the card's text is not the statement"
    assert card_text(svg, "footer").endswith(f"{LANGUAGES[language]}findings/{slug}/")
    assert (folder / "share.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_statement_is_the_first_paragraph_after_the_front_matter_and_headline():
    text = "---\ntranslation:\n  reviewed:\n    _page: 5293d4\n---\n# Cost pressures\n\nIt is {{ stat('a', 'n') }}.\n"
    assert statement_markdown(text) == "It is {{ stat('a', 'n') }}."
    assert statement_markdown("# Head\n\n{{ figure('1') }}\n\nThe text.\n") == "The text."


def test_a_long_statement_is_set_smaller_rather_than_cut():
    statement = " ".join(["Et langt udsagn med mange ord og tal som 45\u00a0%."] * 30)
    svg = share_card_svg("Overskrift", statement, "https://example.org/findings/x/", None)
    assert card_text(svg, "statement") == statement
    assert layout_text("Overskrift", statement, 1088).body_size < 24


def test_the_chart_gives_way_when_the_statement_needs_the_whole_width():
    chart = '<svg xmlns="http://www.w3.org/2000/svg" width="328" height="200"><rect width="1" height="1"/></svg>'
    short = share_card_svg("Overskrift", "Kort udsagn.", "https://example.org/", chart)
    assert 'class="card-chart"' in short
    statement = " ".join(["Et langt udsagn med mange ord og tal som 45\u00a0%."] * 40)
    long = share_card_svg("Overskrift", statement, "https://example.org/", chart)
    assert 'class="card-chart"' not in long and card_text(long, "statement") == statement


def test_card_text_is_escaped_in_the_svg():
    svg = share_card_svg("<b>A & B</b>", "x < y", "https://example.org/", None)
    assert "<b>" not in svg and card_text(svg, "headline") == "<b>A & B</b>"
