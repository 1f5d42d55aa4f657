"""Share images of findings: a 1200 x 630 card with the headline, the statement and the
supporting chart, in the page language, drawn at build time (no network, no system fonts).

The card is drawn as SVG and converted to the PNG that Open Graph and Twitter cards show
(``share.png``). The PNG carries the card's texts as drawn, read back from the SVG, as its
title, description and address (iTXt chunks in the page language), which image viewers show and
a test compares with the page.
The whole statement is on the card: the text is set in the largest size at which it fits,
and the chart gives way when even the smallest size needs the whole width.

The PNG is cached by content (:func:`card_key`, through the chart cache's
:func:`~macros.charts.rendering.cached_png`): a rebuild draws only the cards whose text, chart,
fonts, layout code or renderer changed.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape

from macros.charts import png as png_files
from macros.charts import rendering, typography, workers
from macros.outputs import downloads

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size Open Graph and Twitter cards expect
MARGIN = 56
FOOTER_SPACE = 80  # the address line at the bottom and the space above it
TEXT_COLOUR, ACCENT = "#1f1f1f", "#303f9f"
CHART_X = 620  # where the chart starts when there is one; the text keeps to the left of it
HEADLINE_SIZES = (38, 34, 30, 28)
BODY_SIZES = (24, 22, 21, 20, 19, 18, 17, 16, 15)
LEADING = 1.33  # line height as a multiple of the font size
CARD_PNG = "share.png"
# The PNG's text chunks: keyword -> the part of the card (card_text) it holds.
CARD_TEXT_CHUNKS = {"Title": "headline", "Description": "statement", "URL": "footer"}
CARD_SCALE = 1
_ROOT_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', re.DOTALL)


@dataclass(frozen=True)
class CardText:
    """The card's text laid out: lines and sizes of the headline and the statement."""

    headline: list[str]
    headline_size: int
    body: list[str]
    body_size: int
    width: float
    complete: bool  # False only when the statement had to be cut (it did not fit at any size)


def _height(lines: int, size: int) -> float:
    return size + (lines - 1) * size * LEADING


def layout_text(headline: str, statement: str, width: float) -> CardText:
    """The largest sizes at which the headline and the whole statement fit ``width``."""
    room = CARD_HEIGHT - MARGIN - FOOTER_SPACE
    for head_size in HEADLINE_SIZES:
        head = typography.wrap(headline, width, head_size, 600)
        for body_size in BODY_SIZES:
            body = typography.wrap(statement, width, body_size, 400)
            if _height(len(head), head_size) + body_size * 1.2 + _height(len(body), body_size) <= room:
                return CardText(head, head_size, body, body_size, width, True)
    # Nothing fits: the smallest sizes, the statement cut at the last line that fits.
    head_size, body_size = HEADLINE_SIZES[-1], BODY_SIZES[-1]
    head = typography.wrap(headline, width, head_size, 600)
    body = typography.wrap(statement, width, body_size, 400)
    free = room - _height(len(head), head_size) - body_size * 1.2
    keep = max(1, int((free - body_size) // (body_size * LEADING)) + 1)
    body = body[:keep]
    body[-1] = body[-1].rstrip(".,;:") + " …"
    return CardText(head, head_size, body, body_size, width, False)


def _text_block(lines: list[str], x: float, y: float, size: float, weight: int, role: str) -> str:
    font = typography.RENDER_FONTS[weight]
    leading = size * LEADING
    spans = "".join(f'<tspan x="{x}" y="{y + i * leading:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text class="card-{role}" font-family="{font}" font-size="{size}" fill="{TEXT_COLOUR}">{spans}</text>'


def _nested_chart(chart_svg: str, x: float, y: float, width: float, height: float) -> str:
    """The chart SVG scaled into a box, its own size kept in proportion."""
    match = _ROOT_SIZE.search(chart_svg)
    if not match:
        return ""
    own_width, own_height = float(match.group(1)), float(match.group(2))
    scale = min(width / own_width, height / own_height)
    inner = chart_svg[chart_svg.index(">", match.start()) + 1 : chart_svg.rindex("</svg>")]
    return f'<g class="card-chart" transform="translate({x},{y}) scale({scale:.4f})">{inner}</g>'


def share_card_svg(headline: str, statement: str, footer: str, chart_svg: str | None) -> str:
    """The card as an SVG document. Its text elements carry the classes ``card-headline``,
    ``card-statement`` and ``card-footer`` (one ``tspan`` per line)."""
    text = layout_text(headline, statement, CHART_X - MARGIN - 44) if chart_svg else None
    if text is None or not text.complete:
        chart_svg = None  # the statement needs the whole width
        text = layout_text(headline, statement, CARD_WIDTH - 2 * MARGIN)
    head_top = MARGIN + text.headline_size
    head_bottom = head_top + (len(text.headline) - 1) * text.headline_size * LEADING
    body_top = head_bottom + text.body_size * 1.2 + text.body_size
    parts = [
        f'<rect width="{CARD_WIDTH}" height="{CARD_HEIGHT}" fill="#ffffff"/>',
        f'<rect width="16" height="{CARD_HEIGHT}" fill="{ACCENT}"/>',
        _text_block(text.headline, MARGIN, head_top, text.headline_size, 600, "headline"),
        _text_block(text.body, MARGIN, body_top, text.body_size, 400, "statement"),
        _text_block([footer], MARGIN, CARD_HEIGHT - 36, 18, 400, "footer"),
    ]
    if chart_svg:
        box = (CARD_WIDTH - CHART_X - 30, CARD_HEIGHT - 2 * MARGIN - 20)
        parts.append(_nested_chart(chart_svg, CHART_X, MARGIN - 10, *box))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" '
        f'viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}">{"".join(parts)}</svg>'
    )


def card_text(svg: str, role: str) -> str:
    """The text of one part of a card (``headline``, ``statement``, ``footer``), lines joined by spaces.

    >>> card_text(share_card_svg("A title", "The statement.", "https://example.org/", None), "statement")
    'The statement.'
    """
    match = re.search(rf'<text class="card-{role}"[^>]*>(.*?)</text>', svg, re.DOTALL)
    if match is None:
        return ""
    lines = re.findall(r"<tspan[^>]*>(.*?)</tspan>", match.group(1), re.DOTALL)
    return " ".join(unescape(line) for line in lines)


@functools.cache
def _layout_code() -> str:
    """The code that lays a card out and measures its text (this module and typography)."""
    digest = hashlib.sha256()
    for module in (__file__, typography.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def card_key(svg: str) -> str:
    """The content hash of a card's PNG: its SVG (text, sizes, chart, address), the scale, the
    fonts, the renderer, the layout code and the PNG encoding."""
    return rendering.content_key(
        {
            "card": svg,
            "scale": CARD_SCALE,
            "fonts": typography.font_fingerprint(),
            "renderer": rendering.renderer_version(),
            "layout_code": _layout_code(),
            "png_encoding": png_files.code_fingerprint(),
        }
    )


def write_share_image(page, finding, headline: str, statement: str, chart_svg: str | None = None) -> None:
    """findings/<slug>/share.png in the page language's site folder, its texts inside it."""
    if page.site_dir is None:
        return
    footer = page.site_url.rstrip("/") + "/" + finding.path(page.language)
    svg = share_card_svg(headline, statement, footer, chart_svg)
    folder = Path(page.site_dir) / "findings" / finding.slug
    texts = {keyword: card_text(svg, part) for keyword, part in CARD_TEXT_CHUNKS.items()}
    # Drawn beside the build where the cache lacks it (macros/charts/workers.py), its texts
    # written into it when it is taken.
    png = rendering.svg_png_beside(card_key(svg), svg, CARD_SCALE)
    add_texts = functools.partial(png_files.with_text, entries=texts, language=page.language)
    downloads.queue(folder / CARD_PNG, workers.after(png, add_texts))
