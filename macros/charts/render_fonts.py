"""The renderer's own copy of the charts' typeface: each face cut down to the Latin letters and
common signs, under a name of its own, so that vl-convert sets a chart's text in about half the
time.

vl-convert (Vega's text measuring, and resvg drawing the PNG) spends most of a chart on its text,
and that time grows with the size of the face it sets it in: the whole Source Sans 3 has about
2,500 glyphs (Greek, Cyrillic, small capitals, old-style figures...), of which a chart uses a few
dozen. A cut face (:data:`RANGES`) has the same outlines, advance widths, kerning and ligatures for
every character it holds, so a chart set in it is the same, byte for byte, as one set in the whole
face (tests/test_render_fonts.py renders every chart of the site both ways). A chart with a
character outside the cut is set in the whole faces, as before (:func:`covers`).

The cut faces are made once (about a second) and kept in the build cache, by the font files,
this module's code and fontTools' version; they never reach the site.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from importlib.metadata import version
from pathlib import Path

from macros.charts import typography

# What a cut face holds, as far as the whole face has it: Basic Latin, Latin-1, Latin Extended-A
# and -B and Additional (the letters of the languages written in Latin script), general
# punctuation (dashes, quotes, spaces), super- and subscripts, currency signs, letter-like
# symbols, arrows and mathematical operators (the minus sign).
RANGES = (
    (0x0020, 0x024F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
)
# Added to a face's names (PostScript name "SourceSans3-Regular" -> "SourceSans3Cut-Regular",
# family "Source Sans 3" -> "Source Sans 3 Cut"), so that the renderer tells the two apart.
_POSTSCRIPT_SUFFIX = "Cut"
_FAMILY_SUFFIX = " Cut"
_NAME_IDS = {1, 3, 4, 6, 16, 18, 21}  # family, unique id, full name, PostScript, typographic family...


def cut_name(name: str) -> str:
    """The PostScript name of the cut face of ``name``.

    >>> cut_name("SourceSans3-Semibold"), cut_name("Lato")
    ('SourceSans3Cut-Semibold', 'LatoCut')
    """
    family, dash, style = name.partition("-")
    return f"{family}{_POSTSCRIPT_SUFFIX}{dash}{style}"


@functools.cache
def code_fingerprint() -> str:
    """This module's code: a part of every rendering's cache key (a rendering in the cut faces
    is meant to be the same as in the whole ones, and a change here is checked by rendering again)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@functools.cache
def _key() -> str:
    digest = hashlib.sha256(f"fonttools {version('fonttools')}\n".encode())
    digest.update(Path(__file__).read_bytes())
    for name in sorted(typography.RENDER_FONTS.values()):
        digest.update(name.encode())
        digest.update((typography.FONT_DIR / f"{name}.ttf").read_bytes())
    return digest.hexdigest()[:16]


def _cut(source: Path, target: Path) -> frozenset[int]:
    """The face at ``source`` cut down to :data:`RANGES`, renamed, written to ``target``; the code
    points it holds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    whole = font.getBestCmap()
    keep = [point for point in whole if any(low <= point <= high for low, high in RANGES)]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    names = font["name"]
    postscript = names.getDebugName(6)
    family = names.getDebugName(16) or names.getDebugName(1)
    for record in names.names:
        if record.nameID in _NAME_IDS:
            text = record.toUnicode().replace(postscript, cut_name(postscript))
            record.string = text.replace(family, family + _FAMILY_SUFFIX)
    font.save(target)
    return frozenset(font.getBestCmap())


@functools.cache
def _faces(cache_root: Path) -> tuple[Path, frozenset[int]] | None:
    """(the folder of the cut faces, the code points every one of them holds), made once per font
    files and code and kept in the build cache; None where it cannot be written."""
    folder = cache_root / "render-fonts" / _key()
    names = sorted(typography.RENDER_FONTS.values())
    try:
        if not all((folder / f"{name}.ttf").is_file() for name in names):
            partial = folder.with_name(f".{folder.name}.{os.getpid()}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name in names:
                _cut(typography.FONT_DIR / f"{name}.ttf", partial / f"{name}.ttf")
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(partial, folder)
    except OSError:
        return None
    from fontTools.ttLib import TTFont

    held = [frozenset(TTFont(folder / f"{name}.ttf", lazy=True).getBestCmap()) for name in names]
    return folder, frozenset.intersection(*held)


def folder(cache_root: Path) -> Path | None:
    """The folder of the cut faces (to register with the renderer), or None."""
    faces = _faces(cache_root)
    return None if faces is None else faces[0]


def covers(text: str, cache_root: Path) -> bool:
    """Whether every character of ``text`` is in the cut faces (so a chart of it may be set in
    them), counting line breaks and tabs as held."""
    faces = _faces(cache_root)
    if faces is None:
        return False
    held = faces[1]
    return all(ord(char) in held or char in "\n\r\t" for char in set(text))


def to_cut(text: str) -> str:
    """``text`` (a spec as JSON, or an SVG) with every face named by its cut face's name."""
    for name in typography.RENDER_FONTS.values():
        text = text.replace(f'"{name}"', f'"{cut_name(name)}"')
    return text


def to_whole(text: str) -> str:
    """``text`` (an SVG set in the cut faces) with every face named as the whole face."""
    for name in typography.RENDER_FONTS.values():
        text = text.replace(f'"{cut_name(name)}"', f'"{name}"')
    return text
