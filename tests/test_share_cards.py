"""Share cards say what the finding says: the card's text, as drawn (read back from the SVG it is
drawn from, and carried in the PNG's text chunks), is the statement and the headline of the
built page, in every language."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from macros.blocks.finding_pages import statement_markdown
from macros.blocks.findings import load_findings
from macros.outputs.share_cards import CARD_HEIGHT, CARD_WIDTH, card_text, layout_text, share_card_svg

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
    """The card's texts as drawn (read back from its SVG into the PNG's text chunks) are the page's."""
    folder = built_site / LANGUAGES[language] / "findings" / slug
    assert not (folder / "share.svg").exists()  # the SVG a card is drawn from is not published
    png = (folder / "share.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        texts = dict(image.text)
        languages = {chunk.lang for chunk in image.text.values()}
        assert image.size == (CARD_WIDTH, CARD_HEIGHT)
    headline, statement = _page_statement((folder / "index.html").read_text(encoding="utf-8"))
    assert "translation:" not in texts["Description"] and "---" not in texts["Description"]
    assert texts["Title"] == headline, f"{language} {slug}: the card's headline is not the page's"
    assert texts["Description"] == statement, f"{language} {slug}: the card's text is not the statement"
    assert texts["URL"].endswith(f"{LANGUAGES[language]}findings/{slug}/")
    assert languages == {language}


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


def test_the_card_cache_key_follows_everything_that_shapes_the_card(monkeypatch):
    from macros.charts import rendering
    from macros.outputs import share_cards

    card = share_card_svg("A title", "The statement.", "https://example.org/", None)
    key = share_cards.card_key(card)
    assert share_cards.card_key(share_card_svg("A title", "The statement.", "https://example.org/", None)) == key
    assert share_cards.card_key(share_card_svg("A title", "Another statement.", "https://example.org/", None)) != key
    assert share_cards.card_key(share_card_svg("Another title", "The statement.", "https://example.org/", None)) != key
    assert share_cards.card_key(share_card_svg("A title", "The statement.", "https://example.org/x/", None)) != key
    monkeypatch.setattr(share_cards.typography, "font_fingerprint", lambda: "other fonts")
    assert share_cards.card_key(card) != key
    monkeypatch.undo()
    monkeypatch.setattr(rendering, "renderer_version", lambda: "vl-convert-python 99")
    assert share_cards.card_key(card) != key
    monkeypatch.undo()
    monkeypatch.setattr(share_cards, "_layout_code", lambda: "other layout code")
    assert share_cards.card_key(card) != key


def test_a_card_is_drawn_once_and_then_taken_from_the_cache(tmp_path, monkeypatch):
    import vl_convert

    from macros.charts import rendering
    from macros.outputs import share_cards

    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())
    card = share_card_svg("A title", "The statement.", "https://example.org/", None)
    drawn = []

    def draw():
        drawn.append(1)
        return vl_convert.svg_to_png(card, scale=share_cards.CARD_SCALE)

    first = rendering.cached_png(share_cards.card_key(card), draw, tmp_path)
    again = rendering.cached_png(share_cards.card_key(card), draw, tmp_path)
    assert first == again and len(drawn) == 1
    assert (rendering.COUNTS.cards_rendered, rendering.COUNTS.cards_cached) == (1, 1)
    other = share_card_svg("A title", "Another statement.", "https://example.org/", None)
    rendering.cached_png(share_cards.card_key(other), draw, tmp_path)
    assert len(drawn) == 2 and rendering.COUNTS.cards_rendered == 2


def test_pngs_are_recompressed_without_changing_a_pixel():
    import io

    import numpy as np
    import vl_convert
    from PIL import Image

    from macros.charts import png

    drawn = vl_convert.svg_to_png(share_card_svg("A title", "The statement.", "https://example.org/", None), scale=1)
    smaller = png.compress(drawn)
    assert smaller[:8] == b"\x89PNG\r\n\x1a\n" and len(smaller) < len(drawn)
    with Image.open(io.BytesIO(drawn)) as before, Image.open(io.BytesIO(smaller)) as after:
        assert before.size == after.size and after.mode == "P", "a few dozen colours: a palette image"
        assert np.array_equal(np.asarray(before.convert("RGBA")), np.asarray(after.convert("RGBA")))
    # More colours than a palette holds: the image keeps its mode and its pixels.
    noise = np.random.default_rng(0).integers(0, 256, size=(64, 64, 4), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(noise, "RGBA").save(buffer, "PNG", compress_level=0)
    with Image.open(io.BytesIO(png.compress(buffer.getvalue()))) as after:
        assert np.array_equal(np.asarray(after.convert("RGBA")), noise)


def test_a_recompression_that_changes_a_pixel_is_not_used(monkeypatch):
    import io

    import numpy as np
    from PIL import Image

    from macros.charts import png

    def image(pixel, level):
        buffer = io.BytesIO()
        Image.fromarray(np.full((16, 16, 4), pixel, dtype=np.uint8), "RGBA").save(buffer, "PNG", compress_level=level)
        return buffer.getvalue()

    original, changed = image(200, 0), image(201, 9)
    monkeypatch.setattr(png.oxipng, "optimize_from_memory", lambda data, **options: changed)
    assert len(changed) < len(original), "smaller, so only its pixels can reject it"
    assert png.compress(original) == original
