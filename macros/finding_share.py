"""Share images of findings: a PNG card with the statement, drawn at build time with vl-convert."""

from __future__ import annotations

import textwrap
from pathlib import Path

import vl_convert as vlc

CARD_WIDTH, CARD_HEIGHT = 1200, 630  # the size Open Graph and Twitter cards expect
# Liberation Sans ships inside vl-convert, so the card renders the same on any machine,
# with or without system fonts.
CARD_FONT = "Liberation Sans"


def share_card_spec(headline: str, statement: str, footer: str) -> dict:
    lines = textwrap.wrap(statement, 58)[:7]
    head = textwrap.wrap(headline, 40)[:3]
    texts = ([{"t": t, "y": 70 + 58 * i, "size": 46, "weight": 700} for i, t in enumerate(head)]
             + [{"t": t, "y": 90 + 58 * len(head) + 44 * i, "size": 32, "weight": 400}
                for i, t in enumerate(lines)]
             + [{"t": footer, "y": CARD_HEIGHT - 50, "size": 24, "weight": 400}])
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": CARD_WIDTH, "height": CARD_HEIGHT, "padding": 0, "background": "#ffffff",
        "view": {"stroke": None},
        "data": {"values": texts},
        "layer": [
            {"mark": {"type": "rect", "color": "#303f9f"},
             "data": {"values": [{}]},
             "encoding": {"x": {"datum": 0, "type": "quantitative", "scale": {"domain": [0, CARD_WIDTH]}, "axis": None},
                          "x2": {"datum": 18}, "y": {"datum": 0, "type": "quantitative",
                                                      "scale": {"domain": [0, CARD_HEIGHT], "reverse": True}, "axis": None},
                          "y2": {"datum": CARD_HEIGHT}}},
            {"mark": {"type": "text", "align": "left", "baseline": "alphabetic", "x": 60, "color": "#1a1a1a",
                      "font": CARD_FONT},
             "encoding": {"y": {"field": "y", "type": "quantitative",
                                "scale": {"domain": [0, CARD_HEIGHT], "reverse": True}, "axis": None},
                          "text": {"field": "t"}, "size": {"field": "size", "type": "quantitative", "scale": None},
                          "fontWeight": {"field": "weight", "type": "nominal", "scale": None}}},
        ],
    }


def write_share_image(page, finding, headline: str, statement: str) -> None:
    """findings/<slug>/share.png in the page language's site folder."""
    if page.site_dir is None:
        return
    footer = page.site_url.rstrip("/") + "/" + finding.path(page.language)
    png = vlc.vegalite_to_png(share_card_spec(headline, statement, footer), scale=1)
    target = Path(page.site_dir) / "findings" / finding.slug / "share.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
