"""Share images of findings: a 1200 x 630 PNG card with the headline, the statement and the
supporting chart, in the page language, drawn at build time (no network, no system fonts).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import vl_convert as vlc

from macros.charts import typography
from macros.outputs import downloads

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size Open Graph and Twitter cards expect
MARGIN = 56
TEXT_COLOUR, ACCENT = "#1f1f1f", "#303f9f"
_ROOT_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', re.DOTALL)


def _lines(text: str, width: float, size: float, weight: int, limit: int) -> list[str]:
    lines = typography.wrap(text, width, size, weight)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines


def _text_block(lines: list[str], x: float, y: float, size: float, weight: int, leading: float) -> str:
    font = typography.RENDER_FONTS[weight]
    spans = "".join(f'<tspan x="{x}" y="{y + i * leading:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text font-family="{font}" font-size="{size}" fill="{TEXT_COLOUR}">{spans}</text>'


def _nested_chart(chart_svg: str, x: float, y: float, width: float, height: float) -> str:
    """The chart SVG scaled into a box, its own size kept in proportion."""
    match = _ROOT_SIZE.search(chart_svg)
    if not match:
        return ""
    own_width, own_height = float(match.group(1)), float(match.group(2))
    scale = min(width / own_width, height / own_height)
    inner = chart_svg[chart_svg.index(">", match.start()) + 1 : chart_svg.rindex("</svg>")]
    return f'<g transform="translate({x},{y}) scale({scale:.4f})">{inner}</g>'


def share_card_svg(headline: str, statement: str, footer: str, chart_svg: str | None) -> str:
    text_width = 520 if chart_svg else CARD_WIDTH - 2 * MARGIN
    head = _lines(headline, text_width, 38, 600, 4)
    head_bottom = MARGIN + 38 + (len(head) - 1) * 46
    body = _lines(statement, text_width, 24, 400, max(2, (CARD_HEIGHT - 110 - head_bottom - 30) // 32))
    parts = [
        f'<rect width="{CARD_WIDTH}" height="{CARD_HEIGHT}" fill="#ffffff"/>',
        f'<rect width="16" height="{CARD_HEIGHT}" fill="{ACCENT}"/>',
        _text_block(head, MARGIN, MARGIN + 38, 38, 600, 46),
        _text_block(body, MARGIN, head_bottom + 52, 24, 400, 32),
        _text_block([footer], MARGIN, CARD_HEIGHT - 36, 18, 400, 22),
    ]
    if chart_svg:
        parts.append(_nested_chart(chart_svg, 620, MARGIN - 10, CARD_WIDTH - 620 - 30, CARD_HEIGHT - 2 * MARGIN - 20))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CARD_WIDTH}" height="{CARD_HEIGHT}" '
        f'viewBox="0 0 {CARD_WIDTH} {CARD_HEIGHT}">{"".join(parts)}</svg>'
    )


def write_share_image(page, finding, headline: str, statement: str, chart_svg: str | None = None) -> None:
    """findings/<slug>/share.png in the page language's site folder."""
    if page.site_dir is None:
        return
    vlc.register_font_directory(str(typography.FONT_DIR))
    footer = page.site_url.rstrip("/") + "/" + finding.path(page.language)
    png = vlc.svg_to_png(share_card_svg(headline, statement, footer, chart_svg), scale=1)
    downloads.queue(Path(page.site_dir) / "findings" / finding.slug / "share.png", png)
