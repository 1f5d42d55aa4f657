"""The site's font inside a standalone SVG file, cut down to the characters it draws.

An SVG download is opened outside the site (an image viewer, a slide, a word processor), where
Source Sans 3 is seldom installed, so it carries the site's web font inline (data: URLs). A
chart draws perhaps fifty different characters; the file carries only their glyphs
(:func:`subset_woff2`), so that it weighs a few kilobytes of font rather than the whole alphabet in
each weight. Kept apart from :mod:`macros.charts.typography`, whose code shapes every chart's
spec: a change here cuts the fonts again but renders no chart.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from pathlib import Path

from macros.charts.typography import RENDER_FONTS, TypographyError

# The site's own web font files (latin subset), embedded in the SVG downloads so that they look
# the same outside the site, where the typeface is seldom installed.
WEB_FONT_DIR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "fonts" / "source-sans-3"
WEB_FONT_FILES = {weight: f"source-sans-3-latin-{weight}-normal.woff2" for weight in RENDER_FONTS}

_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")


def subset_woff2(data: bytes, characters: str) -> bytes:
    """The web font ``data`` (woff2) cut down to the glyphs that set ``characters``.

    With the same outlines, advance widths, kerning and ligatures for those characters (the
    theme's layout features are kept, and the glyphs they reach), a text of those characters
    looks exactly as in the whole font. Deterministic: the same input gives the same bytes.
    """
    # fontTools is imported here, when a font is cut (not with this module): about 0.12 s that a
    # build with its subsets cached does not spend.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()


def text_characters(svg: str) -> str:
    """Every character an SVG draws as text (the content of its ``<text>`` elements), once each."""
    drawn: set[str] = set()
    for inner in _TEXT.findall(svg):
        drawn.update(html.unescape(_TAG.sub("", inner)))
    return "".join(sorted(drawn))


def web_font_bytes(weight: int) -> bytes:
    """The site's web font file of one weight (the latin subset), as shipped in the site."""
    if weight not in WEB_FONT_FILES:
        raise TypographyError(f"font weight {weight!r} is not shipped; expected one of {sorted(WEB_FONT_FILES)}")
    return (WEB_FONT_DIR / WEB_FONT_FILES[weight]).read_bytes()


def embedded_font_css(characters: str, subset: Callable[[bytes, str], bytes] = subset_woff2) -> str:
    """``@font-face`` rules with the web font inline (data: URLs), for a standalone SVG file:
    each weight cut down to ``characters`` (the SVG's own text), so that a file carries the
    few glyphs it draws rather than the whole alphabet twice. ``subset`` may be a cached
    :func:`subset_woff2`."""
    rules = []
    for weight in WEB_FONT_FILES:
        data = base64.b64encode(subset(web_font_bytes(weight), characters)).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'Source Sans 3';font-style:normal;font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{data}) format('woff2')}}"
        )
    return "".join(rules)
