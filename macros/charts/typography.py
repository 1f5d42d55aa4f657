"""The charts' typeface: where its files are, how wide a text set in it is, and line wrapping.

The site sets its text in Source Sans 3 (self-hosted woff2, docs/assets/fonts/). The chart
renderer (vl-convert) cannot read woff2, so the same typeface ships here as TTF files
(macros/fonts/source-sans-3/, from the npm package ``source-sans`` 3.52.0, SIL OFL 1.1, see
LICENSE.md there). They are used at build time only and are not published.

Vega has no automatic line wrapping (it truncates at ``labelLimit``), so long labels are
broken into lines here, measured with the font's own advance widths.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parents[1] / "fonts" / "source-sans-3"
# The family as pages and standalone SVG files name it. Quoted: an unquoted family name with a
# number ("Source Sans 3") is not valid CSS.
FONT_FAMILY = "'Source Sans 3', sans-serif"
# The family as the renderer is told it. vl-convert measures text (label widths, layout) only
# for a single family name it can parse, and "Source Sans 3" is not one (it falls back to a
# rough estimate, about 40 % too wide); each face's PostScript name is. The SVG is rewritten
# to FONT_FAMILY afterwards (:func:`page_font_names`).
RENDER_FONTS = {400: "SourceSans3-Regular", 600: "SourceSans3-Semibold"}
_FILES = {weight: f"{name}.ttf" for weight, name in RENDER_FONTS.items()}


class TypographyError(ValueError):
    """A font file that is missing or a weight that is not shipped."""


@functools.cache
def _advances(weight: int) -> tuple[dict[int, float], float]:
    """(code point -> advance width in em, width of a missing glyph in em) for one weight."""
    if weight not in _FILES:
        raise TypographyError(f"font weight {weight!r} is not shipped; expected one of {sorted(_FILES)}")
    path = FONT_DIR / _FILES[weight]
    if not path.is_file():
        raise TypographyError(f"font file {path} is missing; the charts need it to measure and draw text")
    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0] / units


def text_width(text: str, size: float, weight: int = 400) -> float:
    """Width in pixels of ``text`` set at ``size`` px (no kerning: a slight overestimate).

    >>> round(text_width("81,1 %", 13), 1) > round(text_width("81,1", 13), 1)
    True
    """
    widths, missing = _advances(weight)
    return size * sum(widths.get(ord(char), missing) for char in text)


def wrap(text: str, max_width: float, size: float, weight: int = 400) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` px, at spaces (and after hyphens
    and slashes); a single word wider than the line stays whole rather than being cut.

    >>> wrap("At imødegå børn og unges mistrivsel", 120, 13)
    ['At imødegå børn og', 'unges mistrivsel']
    """
    widths, missing = _advances(weight)

    def advances(total, part: str):
        # Added one character at a time, in order, as text_width's sum adds them: a line's running
        # total plus a word is exactly text_width of the longer line (the same float), without
        # measuring the line again for every word.
        for char in part:
            total += widths.get(ord(char), missing)
        return total

    # Ordinary spaces only: a no-break space ("45 %") keeps its words on one line.
    words = re.split(r"[ \t\r\n]+", text.strip())
    lines: list[str] = []
    line, line_total = "", 0
    for word in words:
        if not line:
            line, line_total = word, advances(0, word)
            continue
        total = advances(line_total, " " + word)
        if size * total <= max_width:
            line, line_total = f"{line} {word}", total
        else:
            lines.append(line)
            line, line_total = word, advances(0, word)
    if line:
        lines.append(line)
    return lines or [""]


def page_font_names(svg: str) -> str:
    """Name the typeface in a rendered SVG as the page and other programs know it.

    >>> print(page_font_names('<text font-family="SourceSans3-Semibold" font-weight="600">'))
    <text font-family="'Source Sans 3', sans-serif" font-weight="600">
    """
    for name in RENDER_FONTS.values():
        svg = svg.replace(f'font-family="{name}"', f'font-family="{FONT_FAMILY}"')
    return svg


@functools.cache
def font_fingerprint() -> str:
    """A hash of the shipped font files: a new font renders every chart again."""
    digest = hashlib.sha256()
    for name in sorted(_FILES.values()):
        path = FONT_DIR / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]
