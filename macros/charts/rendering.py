"""Charts to SVG and PNG at build time (vl-convert), cached by content hash.

A rendered chart is stored under ``.cache/charts/<hash>.<svg|png>``; the hash covers
everything the image depends on: the Vega-Lite spec (data, labels, texts, layout, colours), the
page language, the renderer's versions (vl-convert, Vega, Vega-Lite), this module's code and the
font files, so a rebuild with unchanged inputs renders no chart and a changed input renders
exactly the charts it touches. The Altair specs are cached the same way, because building a spec
costs about as much as rendering it: keyed by the chart's content, the code that builds specs
(:data:`_SPEC_SOURCES`, Altair's and babel's versions) and the fonts it measures text in, and
checked against the current text of every catalog message the spec used
(:mod:`macros.charts.messages`).

Environment:

- ``REPORT_CHARTS=off`` builds the site without charts (figures keep their number, title,
  data table, note and CSV download); used by tools/benchmark.py for comparison.
- ``REPORT_CHART_CACHE=<dir>`` puts the cache elsewhere (the benchmark's cold build).

PNGs are stored recompressed losslessly (:mod:`macros.charts.png`). Other finished images
(the share cards) are cached the same way under a content key their module computes
(:func:`cached_png`).

After each build the counts of this process are in ``<cache>/stats.json``:
``{"rendered": ..., "cached": ..., "specs_built": ..., "specs_cached": ..., "cards_rendered": ...,
"cards_cached": ..., "fonts_subset": ..., "fonts_cached": ..., "beside": ...}`` (``beside``: the
renders of a cold build given to worker processes, :mod:`macros.charts.workers`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from html import escape
from importlib.metadata import version
from pathlib import Path

import vl_convert

from macros.charts import compact_svg, converter, embedded_fonts, typography, workers
from macros.charts import messages as chart_messages
from macros.charts import png as png_files
from macros.html import markup
from macros.model.kept import CACHE_ENV, cache_dir  # noqa: F401 - CACHE_ENV: the build cache's variable, named here too

CHARTS_ENV = "REPORT_CHARTS"
STATS_FILE = "stats.json"
PNG_SCALE = 2
# The modules whose code shapes a spec: editing one of them builds every spec again.
_SPEC_SOURCES = ("spec.py", "typography.py", "messages.py", "palettes.py")


class RenderError(ValueError):
    """vl-convert could not render a chart."""


@dataclass
class RenderCounts:
    rendered: int = 0
    cached: int = 0
    specs_built: int = 0
    specs_cached: int = 0
    cards_rendered: int = 0  # share cards (see cached_png)
    cards_cached: int = 0
    fonts_subset: int = 0  # the fonts inside SVG downloads (see cached_font_subset)
    fonts_cached: int = 0
    beside: int = 0  # renders given to worker processes (macros/charts/workers.py)


COUNTS = RenderCounts()


def charts_enabled() -> bool:
    """False when ``REPORT_CHARTS`` is off/0/false/no."""
    return os.environ.get(CHARTS_ENV, "on").strip().lower() not in ("off", "0", "false", "no")


@functools.cache
def renderer_version() -> str:
    """What renders: a new vl-convert (with its Vega and Vega-Lite) renders every chart again."""
    return (
        f"vl-convert-python {version('vl-convert-python')}, vega {vl_convert.get_vega_version()}, "
        f"vega-lite {vl_convert.get_vegalite_versions()[-1]}"
    )


def _digest(payload) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _renderer_code() -> str:
    """This module's own code: how a spec becomes SVG and PNG (fonts, PNG scale, conversion)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def render_key(spec: dict, output: str, language: str) -> str:
    """The content hash of one rendering: spec, output format, locale, renderer and its code, fonts."""
    return _digest(
        {
            "spec": spec,
            "output": output,
            "locale": language,
            "renderer": renderer_version(),
            "renderer_code": _renderer_code(),
            "fonts": typography.font_fingerprint(),
            "scale": PNG_SCALE if output == "png" else 1,
            "png_encoding": png_files.code_fingerprint() if output == "png" else None,
        }
    )


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


_fonts_registered = False


def register_fonts() -> None:
    """Give the renderer the report's fonts, once per process (registering scans every font file)."""
    global _fonts_registered
    if not _fonts_registered:
        vl_convert.register_font_directory(str(typography.FONT_DIR))
        _fonts_registered = True


def _convert(spec: dict, output: str) -> bytes:
    if output != "svg":
        raise RenderError(f"unknown output format {output!r}; expected 'svg' (a PNG is made from the SVG)")
    try:
        # allowed_base_urls=[]: a spec that points at remote data fails instead of rendering empty.
        return converter.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")
    except Exception as error:  # vl-convert raises plain ValueErrors with the JS message
        raise RenderError(f"vl-convert could not render the chart: {error}") from error


def _png(svg: bytes) -> bytes:
    # From the rendered SVG (resvg alone, about a third of the time of rendering the spec again).
    register_fonts()
    try:
        drawn = vl_convert.svg_to_png(svg.decode("utf-8"), scale=PNG_SCALE)
    except Exception as error:
        raise RenderError(f"vl-convert could not make a PNG of the chart: {error}") from error
    return png_files.compress(drawn)


def render(
    spec: dict,
    output: str,
    language: str,
    directory: Path | None = None,
    convert: Callable[[dict, str], bytes] = _convert,
) -> bytes:
    """The chart as SVG (UTF-8 bytes) or PNG bytes, from the cache when its hash is there."""
    directory = directory or cache_dir()
    path = _render_path(spec, output, language, directory)
    if path.is_file():
        COUNTS.cached += 1
        return path.read_bytes()
    if output == "png":
        content = _png(render(spec, "svg", language, directory, convert))
    else:
        content = convert(spec, output)
    _write_atomically(path, content)
    COUNTS.rendered += 1
    return content


def _render_path(spec: dict, output: str, language: str, directory: Path) -> Path:
    return directory / f"{render_key(spec, output, language)}.{output}"


def render_beside(spec: dict, output: str, language: str) -> bytes | workers.Later:
    """:func:`render` of a chart that only ends in a file (a PNG download): from the cache at
    once, else made in a worker process beside the build (:mod:`macros.charts.workers`)."""
    directory = cache_dir()
    path = _render_path(spec, output, language, directory)
    if path.is_file():
        COUNTS.cached += 1
        return path.read_bytes()
    return workers.made_beside(render, spec, output, language, directory)


def content_key(payload) -> str:
    """The content hash of a JSON-able ``payload`` (for images cached through :func:`cached_png`)."""
    return _digest(payload)


def cached_png(key: str, draw: Callable[[], bytes], directory: Path | None = None) -> bytes:
    """A finished image that is not a chart (a share card): from the cache when its content key
    ``key`` is there, else drawn by ``draw()``, recompressed losslessly and stored.

    The caller's key must cover everything that shapes the image (its SVG, scale, fonts, the
    renderer and the code that lays it out); :func:`renderer_version` and
    :func:`macros.charts.png.code_fingerprint` are there to put in it."""
    path = _card_path(key, directory or cache_dir())
    if path.is_file():
        COUNTS.cards_cached += 1
        return path.read_bytes()
    register_fonts()
    content = png_files.compress(draw())
    _write_atomically(path, content)
    COUNTS.cards_rendered += 1
    return content


def svg_png_beside(key: str, svg: str, scale: float) -> bytes | workers.Later:
    """:func:`cached_png` of ``svg`` drawn at ``scale``, for an image that only ends in a file (a
    share card): from the cache at once, else drawn in a worker process beside the build."""
    directory = cache_dir()
    path = _card_path(key, directory)
    if path.is_file():
        COUNTS.cards_cached += 1
        return path.read_bytes()
    return workers.made_beside(_svg_png, key, svg, scale, directory)


def _card_path(key: str, directory: Path) -> Path:
    return directory / "cards" / f"{key}.png"


def _svg_png(key: str, svg: str, scale: float, directory: Path) -> bytes:
    return cached_png(key, functools.partial(vl_convert.svg_to_png, svg, scale=scale), directory)


@functools.cache
def _font_subset_code() -> dict[str, str]:
    """What cuts a font besides its inputs, once per process (a version lookup reads the installed
    packages' metadata): the code of macros/charts/embedded_fonts.py and the versions of
    HarfBuzz's binding, which cuts the font, and of fontTools, which packs it."""
    return {
        "code": hashlib.sha256(Path(embedded_fonts.__file__).read_bytes()).hexdigest(),
        "fonttools": version("fonttools"),
        "uharfbuzz": version("uharfbuzz"),
    }


def _font_subset_path(data: bytes, characters: str, directory: Path | None = None) -> Path:
    key = _digest({"font": hashlib.sha256(data).hexdigest(), "text": characters, **_font_subset_code()})
    return (directory or cache_dir()) / "fonts" / f"{key}.woff2"


def cached_font_subset(data: bytes, characters: str, directory: Path | None = None) -> bytes:
    """:func:`macros.charts.embedded_fonts.subset_woff2` from the cache when the same font was cut
    down to the same characters before (by the font's bytes, the characters and the versions of
    what cuts and packs it), else cut and stored: a warm build subsets no font."""
    path = _font_subset_path(data, characters, directory)
    if path.is_file():
        COUNTS.fonts_cached += 1
        return path.read_bytes()
    content = embedded_fonts.subset_woff2(data, characters)
    _write_atomically(path, content)
    COUNTS.fonts_subset += 1
    return content


@functools.cache
def code_fingerprint() -> str:
    """What shapes a spec besides its inputs: the engine modules that build specs and the versions
    of the libraries they call (Altair builds the spec, babel gives the number locale)."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for package in ("altair", "babel"):
        digest.update(f"{package} {version(package)}\n".encode())
    for name in _SPEC_SOURCES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def spec_key(inputs) -> str:
    """The cache key of a spec: its inputs, the spec-building code and the fonts it is measured in.
    (The catalog messages it uses are checked on every lookup, see :func:`cached_spec`.)"""
    return _digest({"inputs": inputs, "code": code_fingerprint(), "fonts": typography.font_fingerprint()})


def cached_spec(inputs, build: Callable[[], dict], directory: Path | None = None) -> dict:
    """A spec from the cache when ``inputs`` (JSON-able), the spec-building code, the fonts and
    every catalog message the spec used are unchanged; else built (and stored) again."""
    directory = (directory or cache_dir()) / "specs"
    path = directory / f"{spec_key(inputs)}.json"
    if path.is_file():
        entry = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(entry, dict) and "spec" in entry and chart_messages.unchanged(entry.get("messages", {})):
            COUNTS.specs_cached += 1
            return entry["spec"]
    with chart_messages.recording() as used:
        spec = build()
    entry = {"messages": used, "spec": spec}
    _write_atomically(path, json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    COUNTS.specs_built += 1
    return spec


def write_stats(directory: Path | None = None) -> Path:
    """Record this process's counts (read by tools/benchmark.py and the tests)."""
    path = (directory or cache_dir()) / STATS_FILE
    _write_atomically(path, json.dumps(asdict(COUNTS), indent=2).encode("utf-8"))
    return path


# --- the SVG in the page ----------------------------------------------------------------------

_ARIA_ATTRIBUTES = re.compile(r'\s(?:role|aria-[a-z]+|pointer-events)="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')


@functools.cache
def _compact_code() -> str:
    return hashlib.sha256(Path(compact_svg.__file__).read_bytes()).hexdigest()


def _compact(svg: str, where: str, directory: Path | None = None) -> str:
    """:func:`macros.charts.compact_svg.compact` from the cache when this SVG was compacted by the
    same code before (a warm build compacts no chart), else compacted and stored."""
    key = hashlib.sha256(f"{_compact_code()}\n{svg}".encode()).hexdigest()
    path = (directory or cache_dir()) / "compact" / f"{key}.svg"
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    try:
        compacted = compact_svg.compact(svg)
    except compact_svg.CompactError as error:
        raise RenderError(f"{where}: {error}") from error
    _write_atomically(path, compacted.encode("utf-8"))
    return compacted


def page_svg(svg: str, element_id: str, title: str, description: str, css_class: str = "") -> str:
    """A rendered SVG made fit to sit inline in a page, as one image with a text alternative.

    The root gets ``role="img"`` and is labelled by its own ``<title>`` and ``<desc>`` in the
    page language; Vega's generated (English) ARIA attributes are dropped; ids inside are
    prefixed so that several charts on one page cannot clash; the typeface is named as the page
    knows it.
    """
    svg = typography.page_font_names(svg)
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    svg = _compact(_ARIA_ATTRIBUTES.sub("", svg), element_id)
    for old in set(_ID.findall(svg)):
        new = f"{element_id}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    match = re.match(r"<svg\b([^>]*)>", svg)
    if match is None:
        raise RenderError(f"{element_id}: the renderer's output is not an SVG document")
    attributes = re.sub(r'\sclass="[^"]*"', "", match.group(1))
    # The root's own attributes come from the renderer as they are; the texts added are escaped.
    head = markup.render(
        "chart_svg_head.html",
        attributes=markup.Markup(attributes),
        css_class=css_class,
        id=element_id,
        title=title,
        description=description,
    )
    return str(head) + svg[match.end() :]


_BOX_ATTRIBUTES = ("xmlns", "width", "height", "viewBox", "class")


def placeholder_svg(page_svg_text: str, href: str) -> str:
    """An empty box of ``page_svg_text``'s size and class, in its place until figures.js fetches
    it from ``href`` (where it shows): nothing moves when the drawing arrives.

    >>> print(placeholder_svg('<svg version="1.1" width="30" height="20" viewBox="0 0 30 20" '
    ...     'class="c" role="img"><title>T</title></svg>', "a&b.svg").replace(" data", "\\n data"))
    <svg width="30" height="20" viewBox="0 0 30 20" class="c"
     data-src="a&amp;b.svg" aria-hidden="true" focusable="false"></svg>
    """
    match = re.match(r"<svg\b([^>]*)>", page_svg_text)
    if match is None:
        raise RenderError("a chart's page SVG does not start with <svg>")
    found = dict(re.findall(r'\s([\w:-]+)="([^"]*)"', match.group(1)))
    # The values come from page_svg's root as written there (escaped); the address is escaped here.
    box = "".join(f' {name}="{found[name]}"' for name in _BOX_ATTRIBUTES if name in found)
    return str(markup.render("chart_placeholder.html", attributes=markup.Markup(box), href=href))


def standalone_svg(
    svg: str, title: str, description: str, subset: Callable[[bytes, str], bytes] = cached_font_subset
) -> str:
    """The SVG download: the drawing with a title, a description and the site's font inside it
    (cut down to the characters the drawing sets, by ``subset``)."""
    svg = typography.page_font_names(re.sub(r"<\?xml[^>]*\?>\s*", "", svg))
    svg = _compact(_ARIA_ATTRIBUTES.sub("", svg), "the SVG download")
    match = re.match(r"<svg\b([^>]*)>", svg)
    if match is None:
        raise RenderError("the renderer's output is not an SVG document")
    drawn = embedded_fonts.characters_by_weight(svg, list(embedded_fonts.WEB_FONT_FILES))
    fonts = embedded_fonts.embedded_font_css(drawn, subset)
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<svg{match.group(1)} role="img">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f"<defs><style>{fonts}</style></defs>"
    )
    return head + svg[match.end() :] + "\n"


class _NotCached(Exception):
    pass


def standalone_svg_beside(svg: str, title: str, description: str) -> bytes | workers.Later:
    """:func:`standalone_svg` as UTF-8 bytes, for the SVG download: at once when the cache has
    every font subset it needs, else made in a worker process beside the build (cutting a font
    is most of its time)."""
    found: list[bytes] = []

    def only_cached(data: bytes, characters: str) -> bytes:
        path = _font_subset_path(data, characters)
        if not path.is_file():
            raise _NotCached
        found.append(path.read_bytes())
        return found[-1]

    try:
        text = standalone_svg(svg, title, description, only_cached)
    except _NotCached:
        return workers.made_beside(standalone_svg, svg, title, description, then=_utf8)
    COUNTS.fonts_cached += len(found)
    return _utf8(text)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
