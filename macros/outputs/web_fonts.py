"""The site's web fonts cut down to the characters its pages use, with the whole font behind them.

A face of the site's font (an ``@font-face`` rule of a style sheet under ``assets/``, with a
``url(...woff2)`` of the site and a ``unicode-range``) holds every glyph of its range, of which
the pages use perhaps half. After the build, each such face whose range the site uses only in
part becomes two faces of the same family, style and weight:

- the original file name now holds the glyphs of the characters the site uses (its HTML text and
  the strings of its JSON: search index, live chart specs), and its rule's ``unicode-range`` lists
  exactly those characters. So a page loads the smaller file, and the preload links of the pages
  (which name the original file) still preload what the page uses;
- the whole font, under ``<name>-full.woff2``, with the rest of its glyphs in the range. A browser
  fetches it only when a page shows a character of that rest (a reader's search query, say),
  so every text is still set in the site's font: nothing looks different.

A face whose range the site does not use, or uses in full, is left as it is. The subset of a
font for a set of characters is cut once and cached (:func:`macros.charts.rendering.cached_font_subset`).
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

FULL_SUFFIX = "-full"

_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_WOFF2_URL = re.compile(r"""url\(\s*(["']?)([^"')]+\.woff2)\1\s*\)""")
_UNICODE_RANGE = re.compile(r"unicode-range\s*:\s*([^;}]+)")
_RANGE_ITEM = re.compile(r"^U\+([0-9A-Fa-f?]{1,6})(?:-([0-9A-Fa-f]{1,6}))?$")


class WebFontError(ValueError):
    """A style sheet's font rule that cannot be read."""


def parse_unicode_range(value: str, where: str = "unicode-range") -> set[int]:
    """The code points of a CSS ``unicode-range`` value.

    >>> sorted(parse_unicode_range("U+0041-0043, U+00E6"))
    [65, 66, 67, 230]
    >>> len(parse_unicode_range("U+00??"))
    256
    """
    points: set[int] = set()
    for item in value.split(","):
        item = item.strip()
        match = _RANGE_ITEM.match(item)
        if not match:
            raise WebFontError(f"{where}: {item!r} is not a unicode-range item; expected U+XXXX or U+XXXX-YYYY")
        start, end = match.groups()
        if "?" in start:
            low, high = int(start.replace("?", "0"), 16), int(start.replace("?", "F"), 16)
        else:
            low = int(start, 16)
            high = int(end, 16) if end else low
        if high < low:
            raise WebFontError(f"{where}: {item!r} ends before it starts")
        points.update(range(low, high + 1))
    return points


def format_unicode_range(points: Iterable[int]) -> str:
    """A CSS ``unicode-range`` value of ``points``, runs written as ranges.

    >>> format_unicode_range([65, 66, 67, 230, 8364])
    'U+41-43, U+E6, U+20AC'
    """
    runs: list[tuple[int, int]] = []
    for point in sorted(set(points)):
        if runs and point == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], point)
        else:
            runs.append((point, point))
    return ", ".join(f"U+{low:X}" if low == high else f"U+{low:X}-{high:X}" for low, high in runs)


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def site_characters(site: Path) -> set[int]:
    """Every character the site can show: the text of its HTML pages (entities decoded; the markup
    adds only ASCII, which every face keeps anyway) and the strings of its JSON files."""
    seen: set[str] = set()
    for path in site.rglob("*.html"):
        # The whole file, markup included: its text, and attribute values (titles, labels) too.
        seen.update(html.unescape(path.read_text(encoding="utf-8", errors="replace")))
    for path in site.rglob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
        for string in _strings(data):
            seen.update(string)
    return {ord(char) for char in seen}


@dataclass(frozen=True)
class FaceChange:
    """One face split in two: its file and how many characters it now holds of how many."""

    font: Path
    kept: int
    of: int
    size_before: int
    size_after: int


def split_faces(
    site: Path,
    subset: Callable[[bytes, str], bytes],
    characters: set[int] | None = None,
) -> list[FaceChange]:
    """Cut every splittable web font face of ``site``'s style sheets (see the module docstring);
    the style sheets and font files are rewritten in place. ``subset(font_bytes, text)`` cuts a
    woff2 font down to the characters of ``text``."""
    used = site_characters(site) if characters is None else characters
    assets = site / "assets"
    changes: list[FaceChange] = []
    done: dict[Path, tuple[set[int], set[int]]] = {}
    for sheet in sorted(assets.rglob("*.css")) if assets.is_dir() else []:
        css = sheet.read_text(encoding="utf-8")

        def split(match: re.Match, sheet: Path = sheet) -> str:
            rule = match.group(0)
            url = _WOFF2_URL.search(rule)
            ranges = _UNICODE_RANGE.search(rule)
            if url is None or ranges is None or "://" in url.group(2) or url.group(2).startswith("data:"):
                return rule
            font = (sheet.parent / url.group(2)).resolve()
            if not font.is_file() or font.stem.endswith(FULL_SUFFIX):
                return rule
            where = f"{sheet.relative_to(site).as_posix()}: @font-face of {url.group(2)}"
            if font not in done:
                area = parse_unicode_range(ranges.group(1).strip(), where)
                full = font.with_name(f"{font.stem}{FULL_SUFFIX}{font.suffix}")
                # A build into a folder that an earlier build split keeps the whole font there.
                data = full.read_bytes() if full.is_file() else font.read_bytes()
                covered = set(TTFont(io.BytesIO(data)).getBestCmap()) & area
                keep = covered & used
                if not keep or keep == covered:
                    done[font] = (set(), area)
                else:
                    full.write_bytes(data)
                    cut = subset(data, "".join(chr(point) for point in sorted(keep)))
                    font.write_bytes(cut)
                    # The rest: what the whole font has beyond the subset. A character of the range
                    # that the font lacks (a line break, say) would load it for nothing.
                    done[font] = (keep, covered - keep)
                    changes.append(FaceChange(font.relative_to(site), len(keep), len(covered), len(data), len(cut)))
            keep, rest = done[font]
            if not keep:
                return rule
            subset_rule = rule[: ranges.start(1)] + format_unicode_range(keep) + rule[ranges.end(1) :]
            full_url = url.group(2)[: -len(".woff2")] + FULL_SUFFIX + ".woff2"
            full_rule = rule[: url.start(2)] + full_url + rule[url.end(2) :]
            full_ranges = _UNICODE_RANGE.search(full_rule)
            assert full_ranges is not None
            full_rule = full_rule[: full_ranges.start(1)] + format_unicode_range(rest) + full_rule[full_ranges.end(1) :]
            # The whole font first: of two faces that both cover a character the later one wins,
            # and they do not overlap anyway.
            return full_rule + "\n" + subset_rule

        rewritten = _FONT_FACE.sub(split, css)
        if rewritten != css:
            sheet.write_text(rewritten, encoding="utf-8")
    return changes
