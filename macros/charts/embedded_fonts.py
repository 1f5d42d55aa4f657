"""The site's font inside a standalone SVG file, cut down to the characters it draws.

An SVG download is opened outside the site (an image viewer, a slide, a word processor), where
Source Sans 3 is seldom installed, so it carries the site's web font inline (data: URLs). A
chart draws perhaps fifty different characters; the file carries only their glyphs
(:func:`subset_woff2`), and each weight only the glyphs of the text drawn in it
(:func:`characters_by_weight`), so that it weighs a few kilobytes of font rather than the whole
alphabet in each weight. Kept apart from :mod:`macros.charts.typography`, whose code shapes every chart's
spec: a change here cuts the fonts again but renders no chart.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

from macros.charts.typography import RENDER_FONTS, TypographyError

# The site's own web font files (latin subset), embedded in the SVG downloads so that they look
# the same outside the site, where the typeface is seldom installed.
WEB_FONT_DIR = Path(__file__).resolve().parents[2] / "docs" / "assets" / "fonts" / "source-sans-3"
WEB_FONT_FILES = {weight: f"source-sans-3-latin-{weight}-normal.woff2" for weight in RENDER_FONTS}

# The characters FreeType's auto-hinter measures a Latin font by (the blue zones of its Latin
# script: capital and small tops and bottoms, ascenders, descenders; "blue strings" in FreeType's
# afblue.dat). Chromium on Linux hints text with it, so a subset that lacks some of them is
# hinted differently from the whole font: the same glyphs, drawn a pixel apart (seen in 36 of the
# 56 SVG downloads before they carried them; tests/test_font_subsets_browser.py compares them all). Every subset
# carries their glyphs (those the font has; a few kilobytes at most), so that a text looks as it
# does in the whole font, pixel for pixel. The site's fonts are Latin subsets.
HINTING_REFERENCE = "THEZOCQSHEZLOCUSfijkdbhxzroescpqgjy"

_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")


def subset_woff2(data: bytes, characters: str) -> bytes:
    """The web font ``data`` (woff2) cut down to the glyphs that set ``characters``.

    With the same outlines, hints, advance widths, kerning and ligatures for those characters
    (every layout feature is kept, and the glyphs it reaches), and the glyphs the auto-hinter
    measures the font by (:data:`HINTING_REFERENCE`), a text of those characters looks exactly as
    in the whole font. Deterministic: the same input gives the same bytes.

    HarfBuzz cuts the font (a fraction of a millisecond; fontTools' subsetter took about 0.1 s
    a cut, and a second more to read each font); fontTools only packs the small result as woff2,
    which is most of the time left (Brotli at its highest quality).
    """
    # Imported here, when a font is cut (not with this module): a build with its subsets cached
    # does not spend the time.
    import uharfbuzz
    from fontTools.ttLib import woff2

    wanted = uharfbuzz.SubsetInput()
    for character in characters + HINTING_REFERENCE:
        wanted.unicode_set.add(ord(character))
    for kept_whole in (uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG, uharfbuzz.SubsetInputSets.NAME_ID):
        every = wanted.sets(kept_whole)
        every.clear()
        every.invert()  # the empty set inverted: all of them
    wanted.flags = uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    cut = uharfbuzz.subset(_face(data), wanted)
    if cut is None:
        raise TypographyError(f"HarfBuzz could not cut the font ({len(data)} bytes) to {characters!r}")
    out = io.BytesIO()
    woff2.compress(io.BytesIO(cut.blob.data), out)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _face(data: bytes):
    """The woff2 font ``data`` unpacked (HarfBuzz reads only TrueType and OpenType), once per
    font and process: a build cuts each weight about fifty times."""
    import uharfbuzz
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    font.flavor = None
    unpacked = io.BytesIO()
    font.save(unpacked, reorderTables=False)
    return uharfbuzz.Face(uharfbuzz.Blob(unpacked.getvalue()))


def text_characters(svg: str) -> str:
    """Every character an SVG draws as text (the content of its ``<text>`` elements), once each."""
    drawn: set[str] = set()
    for inner in _TEXT.findall(svg):
        drawn.update(html.unescape(_TAG.sub("", inner)))
    return "".join(sorted(drawn))


# The weights CSS names by keyword; "bolder" and "lighter" depend on the parent's face, so a text
# set in them is given every weight (see characters_by_weight).
_WEIGHT_KEYWORDS = {"normal": 400, "bold": 700}
_TEXT_ELEMENTS = ("text", "tspan", "textPath")


def matched_weight(requested: int, available: list[int]) -> int:
    """The weight of ``available`` a browser draws text of weight ``requested`` in (the font
    matching rules of CSS Fonts 4, section 5.2): the weight itself; for 400 to 500, the heavier ones
    up to 500 and then the lighter ones; below 400 the lighter, above 500 the heavier ones first.

    >>> [matched_weight(weight, [400, 600]) for weight in (100, 400, 450, 500, 550, 600, 700, 900)]
    [400, 400, 400, 400, 600, 600, 600, 600]
    >>> matched_weight(500, [300, 600])
    300
    """
    if requested in available:
        return requested
    lighter = sorted((weight for weight in available if weight < requested), reverse=True)
    heavier = sorted(weight for weight in available if weight > requested)
    if 400 <= requested <= 500:
        near = [weight for weight in heavier if weight <= 500]
        order = near + lighter + [weight for weight in heavier if weight > 500]
    elif requested < 400:
        order = lighter + heavier
    else:
        order = heavier + lighter
    return order[0]


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def characters_by_weight(svg: str, weights: list[int]) -> dict[int, str]:
    """Every character an SVG draws as text, by the weight of ``weights`` it is drawn in (each
    weight's characters once, sorted); a weight that draws nothing is left out.

    A text's weight is its own ``font-weight`` or its nearest ancestor's (400 where none sets
    one), matched to ``weights`` as a browser matches it. Where the SVG sets a weight some other
    way (a ``style``, a relative weight, a style sheet), every weight is given every character:
    the file is then larger, never wrong.

    >>> characters_by_weight('<svg><g font-weight="600"><text>Ja</text><text font-weight="normal">'
    ...     'nej</text></g><text>1</text></svg>', [400, 600])
    {400: '1ejn', 600: 'Ja'}
    >>> characters_by_weight('<svg><style>text{font-weight:600}</style><text>Ja</text></svg>', [400, 600])
    {400: 'Ja', 600: 'Ja'}
    """

    def every_weight_everything() -> dict[int, str]:
        chars = text_characters(svg)
        return dict.fromkeys(weights, chars) if chars else {}

    drawn: dict[int, set[str]] = {}
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return every_weight_everything()

    def weight_of(element: ElementTree.Element, inherited: int) -> int | None:
        value = element.get("font-weight")
        if value is None:
            return inherited
        value = value.strip().lower()
        if value in _WEIGHT_KEYWORDS:
            return _WEIGHT_KEYWORDS[value]
        return int(value) if value.isdigit() and 1 <= int(value) <= 1000 else None

    def walk(element: ElementTree.Element, inherited: int, in_text: bool) -> bool:
        name = _local_name(element.tag)
        if name == "style" or "font" in element.get("style", ""):
            return False
        weight = weight_of(element, inherited)
        if weight is None:
            return False
        in_text = in_text or name == "text"
        if in_text and name not in _TEXT_ELEMENTS:
            return True  # not drawn as text (a <title> inside a <text>, say)
        if name in ("title", "desc", "metadata"):
            return True
        face = matched_weight(weight, weights)
        if in_text and element.text:
            drawn.setdefault(face, set()).update(html.unescape(element.text))
        for child in element:
            if not walk(child, weight, in_text):
                return False
            if in_text and child.tail:
                drawn.setdefault(face, set()).update(html.unescape(child.tail))
        return True

    if not walk(root, 400, False):
        return every_weight_everything()
    return {weight: "".join(sorted(drawn[weight])) for weight in weights if drawn.get(weight)}


def web_font_bytes(weight: int) -> bytes:
    """The site's web font file of one weight (the latin subset), as shipped in the site."""
    if weight not in WEB_FONT_FILES:
        raise TypographyError(f"font weight {weight!r} is not shipped; expected one of {sorted(WEB_FONT_FILES)}")
    return (WEB_FONT_DIR / WEB_FONT_FILES[weight]).read_bytes()


def embedded_font_css(characters: dict[int, str], subset: Callable[[bytes, str], bytes] = subset_woff2) -> str:
    """``@font-face`` rules with the web font inline (data: URLs), for a standalone SVG file:
    each weight cut down to the characters drawn in it (``characters``, from
    :func:`characters_by_weight`), so that a file carries the few glyphs it draws rather than the
    whole alphabet twice; a weight that draws nothing has no rule. ``subset`` may be a cached
    :func:`subset_woff2`."""
    rules = []
    for weight in WEB_FONT_FILES:
        if not characters.get(weight):
            continue
        data = base64.b64encode(subset(web_font_bytes(weight), characters[weight])).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'Source Sans 3';font-style:normal;font-weight:{weight};"
            f"src:url(data:font/woff2;base64,{data}) format('woff2')}}"
        )
    return "".join(rules)
