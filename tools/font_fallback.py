"""Metric overrides for a web font's local fallbacks, so that the swap to the web font moves nothing.

While a self-hosted face loads, the browser draws the text in a local font; when the face
arrives, every line is set again, and a narrower or wider fallback changes where lines break
(layout shift). A fallback ``@font-face`` built on a local font with ``size-adjust`` (scales its
glyphs to the web font's average width for the text in question) and ``ascent-override``,
``descent-override``, ``line-gap-override`` (the web font's vertical metrics, divided by the
same scale) keeps the lines where the web font will put them.

The average width is weighted by how often each character occurs in the text given (the built
pages' text, e.g. ``--text site``), so it fits the languages of the report.

    uv run python tools/font_fallback.py --web docs/assets/fonts/<face>.woff2 \\
        --fallback "Arial:Arial,Liberation Sans=LiberationSans-Regular.ttf" --text site/ [--family "Source Sans 3"]

prints the ``@font-face`` rules (one per fallback) and the numbers behind them. Fonts are read
with fontTools (woff2 needs brotli). Metric-compatible fonts (Arial, Liberation Sans, Arimo)
share one rule.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from pathlib import Path

from fontTools.ttLib import TTFont


def page_text(path: Path) -> str:
    """The visible text of a built page, a folder of pages or a text file."""
    files = sorted(path.rglob("*.html")) if path.is_dir() else [path]
    parts = []
    for file in files:
        content = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix == ".html":
            main = re.search(r"<article\b.*?</article>", content, re.S)
            content = main.group(0) if main else content
            content = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", content, flags=re.S)
            content = html.unescape(re.sub(r"<[^>]+>", " ", content))
        parts.append(content)
    return " ".join(" ".join(parts).split())


def vertical_metrics(font: TTFont) -> tuple[float, float, float]:
    """(ascent, descent, line gap) in em, as browsers read them (typo metrics when USE_TYPO_METRICS)."""
    upm = font["head"].unitsPerEm
    os2 = font["OS/2"]
    if os2.fsSelection & (1 << 7):
        return os2.sTypoAscender / upm, -os2.sTypoDescender / upm, os2.sTypoLineGap / upm
    hhea = font["hhea"]
    return hhea.ascent / upm, -hhea.descent / upm, hhea.lineGap / upm


def average_width(font: TTFont, frequencies: Counter) -> float:
    """The advance width in em of the text's characters, weighted by frequency (missing ones skipped)."""
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    upm = font["head"].unitsPerEm
    total = weight = 0
    for character, count in frequencies.items():
        glyph = cmap.get(ord(character))
        if glyph is None:
            continue
        total += metrics[glyph][0] * count
        weight += count
    return total / upm / weight


def overrides(web: TTFont, fallback: TTFont, frequencies: Counter) -> dict[str, float]:
    common = Counter({c: n for c, n in frequencies.items() if ord(c) in web.getBestCmap()})
    adjust = average_width(web, common) / average_width(fallback, common)
    ascent, descent, gap = vertical_metrics(web)
    return {
        "size-adjust": adjust,
        "ascent-override": ascent / adjust,
        "descent-override": descent / adjust,
        "line-gap-override": gap / adjust,
    }


def rule(family: str, local_names: list[str], values: dict[str, float], style: str, weight: str) -> str:
    sources = ", ".join(f'local("{name}")' for name in local_names)
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f"  font-style: {style};\n"
        f"  font-weight: {weight};\n"
        f"  src: {sources};\n"
        f"  size-adjust: {values['size-adjust'] * 100:.2f}%;\n"
        f"  ascent-override: {values['ascent-override'] * 100:.2f}%;\n"
        f"  descent-override: {values['descent-override'] * 100:.2f}%;\n"
        f"  line-gap-override: {values['line-gap-override'] * 100:.2f}%;\n"
        "}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web", type=Path, required=True, help="the web font's face (woff2, ttf, otf)")
    parser.add_argument(
        "--fallback",
        action="append",
        required=True,
        help='"Label:Local name[,other local names]=font file": the fallback family "<family> <label>", '
        "the local fonts it uses and a file with their metrics",
    )
    parser.add_argument("--text", type=Path, required=True, help="a built site, page or text file")
    parser.add_argument("--family", required=True, help="the fallback family's name prefix")
    parser.add_argument("--style", default="normal")
    parser.add_argument("--weight", default="400")
    arguments = parser.parse_args(argv)
    text = page_text(arguments.text)
    frequencies = Counter(c for c in text if not c.isspace()) + Counter({" ": text.count(" ")})
    web = TTFont(arguments.web)
    for entry in arguments.fallback:
        names, _, file = entry.partition("=")
        label, _, names = names.rpartition(":")
        values = overrides(web, TTFont(file), frequencies)
        local_names = [name.strip() for name in names.split(",") if name.strip()]
        family = f"{arguments.family} {label or local_names[0]}"
        print(f"/* {family}: {len(text):,} characters of text */", file=sys.stderr)
        print(rule(family, local_names, values, arguments.style, arguments.weight))
    return 0


if __name__ == "__main__":
    sys.exit(main())
