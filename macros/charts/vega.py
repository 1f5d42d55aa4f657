"""Live charts: each figure's Vega-Lite spec compiled to Vega at build time, for the browser.

The page shows the chart as static SVG (:mod:`macros.charts.rendering`); where JavaScript runs,
docs/assets/js/figures.js replaces it, as the figure nears the viewport, with a live Vega view of
the same spec. So that nothing moves when it does:

- the spec is the very one the SVG was rendered from, compiled here with the same vl-convert
  (so the browser needs Vega only, not Vega-Lite), cached by content hash like the SVGs;
- the view gets the SVG's exact size and origin (``autosize: none`` and the padding read from the
  rendered SVG), so the box is the same whatever the browser measures text as;
- the typeface is named as the page knows it.

It adds what a static image cannot have: a tooltip on every bar with its exact numbers (the
share as printed, the count and the number of answers it is a share of, or the mean and its n),
formatted by Vega in the page language with d3 locale definitions made here from babel
(:func:`locale`), and an ARIA label per bar (the same text) so that a keyboard or screen reader
user can step through the bars. The words of the tooltip and the hints come from the message
catalog; everything figures.js needs besides the spec rides in ``usermeta``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

from babel import Locale
from babel.dates import get_datetime_format

from macros.charts import converter, rendering
from macros.charts import spec as charts
from macros.charts.typography import FONT_FAMILY, RENDER_FONTS
from macros.text import catalog as ui
from macros.text import formatting as fmt

# The family as the live chart names it: a CSS family list, as Vega's `font` takes it (and as the
# browser measures text with; the name is quoted, as a family name with a number must be).
LIVE_FONT = FONT_FAMILY
DASH = " \u2013 "


class LiveChartError(ValueError):
    """A chart that cannot be made live: a spec vl-convert cannot compile, an unexpected SVG."""


# --- the page language's number and time formats ------------------------------------------------

_CLDR_TO_D3 = [
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("y", "%Y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "%-m"),
    ("LLLL", "%B"),
    ("LLL", "%b"),
    ("dd", "%d"),
    ("d", "%-d"),
    ("EEEE", "%A"),
    ("EEE", "%a"),
    ("E", "%a"),
    ("HH", "%H"),
    ("H", "%-H"),
    ("hh", "%I"),
    ("h", "%-I"),
    ("mm", "%M"),
    ("ss", "%S"),
    ("a", "%p"),
]


def d3_time_pattern(pattern: str) -> str:
    """A CLDR date pattern (babel) as a d3-time-format specifier.

    >>> d3_time_pattern("dd.MM.y"), d3_time_pattern("HH.mm.ss"), d3_time_pattern("d 'de' MMMM")
    ('%d.%m.%Y', '%H.%M.%S', '%-d de %B')
    """
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            end = pattern.find("'", i + 1)
            end = len(pattern) if end < 0 else end
            out.append(pattern[i + 1 : end].replace("%", "%%") or "'")
            i = end + 1
            continue
        for token, d3 in _CLDR_TO_D3:
            if pattern.startswith(token, i):
                out.append(d3)
                i += len(token)
                break
        else:
            out.append("%%" if char == "%" else char)
            i += 1
    return "".join(out)


@functools.cache
def time_locale(language: str) -> dict:
    """The d3 time locale of a site language, from babel (CLDR)."""
    locale = Locale.parse(fmt.babel_locale(language))
    days, short_days = locale.days["format"]["wide"], locale.days["format"]["abbreviated"]
    months, short_months = locale.months["format"]["wide"], locale.months["format"]["abbreviated"]
    periods = locale.day_periods["format"]["abbreviated"]
    date = d3_time_pattern(locale.date_formats["short"].pattern)
    time = d3_time_pattern(locale.time_formats["medium"].pattern)
    date_time = get_datetime_format("medium", locale=locale)
    full_date = d3_time_pattern(locale.date_formats["full"].pattern)
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # babel counts days from Monday (0), d3 from Sunday
    return {
        "dateTime": str(date_time).replace("{1}", full_date).replace("{0}", time),
        "date": date,
        "time": time,
        "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
        "days": [days[i] for i in sunday_first],
        "shortDays": [short_days[i] for i in sunday_first],
        "months": [months[i] for i in range(1, 13)],
        "shortMonths": [short_months[i] for i in range(1, 13)],
    }


def locale(language: str) -> dict:
    """The d3 locale definitions of a site language, as a Vega view takes them: the number
    format (:func:`macros.charts.spec.number_locale`) and the time format, both from babel."""
    return {"number": charts.number_locale(language), "time": time_locale(language)}


# --- compiling --------------------------------------------------------------------------------


@functools.cache
def _code() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@functools.cache
def _compiler() -> str:
    # Once per process: looking a version up reads the installed packages' metadata (milliseconds).
    return f"vl-convert-python {version('vl-convert-python')}"


def compile_key(spec: dict) -> str:
    """The content hash of one compilation: the Vega-Lite spec, the compiler and this module."""
    return rendering._digest({"spec": spec, "compiler": _compiler(), "code": _code()})


def compile_spec(spec: dict, directory: Path | None = None) -> dict:
    """The Vega spec of a Vega-Lite spec, from the cache when its hash is there."""
    path = (directory or rendering.cache_dir()) / "vega" / f"{compile_key(spec)}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    try:
        compiled = converter.vegalite_to_vega(spec)
    except Exception as error:  # vl-convert raises plain ValueErrors with the JS message
        raise LiveChartError(f"vl-convert could not compile the chart: {error}") from error
    rendering._write_atomically(path, json.dumps(compiled, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return compiled


# --- from the compiled spec to the live one ---------------------------------------------------

_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')
_ORIGIN = re.compile(r'<g\b[^>]*\stransform="translate\(([-\d.]+),\s*([-\d.]+)\)"')


def svg_box(svg: str) -> tuple[float, float, float, float]:
    """(width, height, x, y of the plot's origin) of a chart rendered by vl-convert.

    >>> svg_box('<svg width="640" height="312" viewBox="0 0 640 312"><rect/><g transform="translate(175,4)">')
    (640.0, 312.0, 175.0, 4.0)
    """
    size, origin = _SVG_SIZE.search(svg), _ORIGIN.search(svg)
    if size is None or origin is None:
        raise LiveChartError("the rendered chart has no size or no plot origin; expected vl-convert's SVG")
    return float(size.group(1)), float(size.group(2)), float(origin.group(1)), float(origin.group(2))


def _literal(text: str) -> str:
    """A string as a Vega expression literal."""
    return json.dumps(text, ensure_ascii=False)


def _title_expression(chart: charts.Chart) -> str:
    """A bar's name: its row, and its series where there are several (an en dash between)."""
    return "datum.row" if chart.layout == "bars" else f"datum.row + {_literal(DASH)} + datum.series"


def _numbers(chart: charts.Chart, language: str) -> list[tuple[str, str]]:
    """(name, Vega expression of its value) of each number a bar's tooltip shows, in order.

    A number that is not published (a count too small to show, see macros/stats/breakdowns.py) is
    a dash, as in the tables.
    """
    decimals = fmt.TABLE_DECIMALS

    def formatted(field: str, specifier: str) -> str:
        value = f"datum.{field}"
        return f"isValid({value}) ? format({value}, {_literal(specifier)}) : {_literal(charts.SUPPRESSED)}"

    if chart.measure == "mean":
        numbers = [(ui.text(language, "mean"), formatted("mean", f".{decimals}f"))]
    else:
        numbers = [
            (ui.text(language, "share"), formatted("share", f".{decimals}%")),
            (ui.text(language, "count"), formatted("count", ",d")),
        ]
    numbers.append((ui.text(language, "live.n"), formatted("n", ",d")))
    return numbers


def tooltip_expression(chart: charts.Chart, language: str) -> str:
    """The Vega expression of a bar's tooltip: its title, then its numbers in the page language."""
    parts = [f"title: {_title_expression(chart)}"]
    parts += [f"{_literal(name)}: ({value})" for name, value in _numbers(chart, language)]
    return "{" + ", ".join(parts) + "}"


def description_expression(chart: charts.Chart, language: str) -> str:
    """The same numbers as one line of text: each bar's ARIA label."""
    text = " + ".join(
        f"{_literal(('; ' if i else ': ') + name + ' ')} + ({value})"
        for i, (name, value) in enumerate(_numbers(chart, language))
    )
    return f"{_title_expression(chart)} + {text}"


def _bar_mark(marks: list[dict]) -> dict:
    found = [m for m in _all_marks(marks) if m.get("type") == "rect" and "bar" in (m.get("style") or [])]
    if len(found) != 1:
        raise LiveChartError(f"expected one bar mark in the compiled chart, found {len(found)}")
    return found[0]


def _all_marks(marks: list[dict]):
    for mark in marks:
        yield mark
        yield from _all_marks(mark.get("marks", []))


def _whole(value) -> int | None:
    return None if value is None else int(value)


def point_numbers(chart: charts.Chart, records: list[dict]) -> list[dict]:
    """Per drawn value, in the chart's order: the numbers its tooltip shows.

    Each is rounded as the data table prints it (the one rounding rule), so that the tooltip, the
    table and the prose agree; Vega only formats them in the page language.
    """
    if len(records) != len(chart.points):
        raise LiveChartError(
            f"figure {chart.figure_id} ({chart.language}): {len(records)} records for {len(chart.points)} bars"
        )
    numbers = []
    for point, record in zip(chart.points, records, strict=True):
        # None: not published (a suppressed group draws no bar; a small count shows a dash).
        entry: dict[str, float | None] = {"n": _whole(record.get("n"))}
        if point.suppressed:
            entry["mean" if chart.measure == "mean" else "share"] = None
        elif chart.measure == "mean":
            entry["mean"] = float(fmt.report_round(record["value"]))
        else:
            entry["share"] = float(Decimal(repr(point.value)) / 100)
        if chart.measure != "mean":
            entry["count"] = None if point.suppressed else _whole(record.get("count"))
        numbers.append(entry)
    return numbers


def live_spec(spec: dict, svg: str, chart: charts.Chart, records: list[dict], language: str) -> dict:
    """The Vega spec the browser draws: the compiled chart, the SVG's box, tooltips, ARIA, locale.

    ``spec`` is the Vega-Lite spec ``svg`` was rendered from; ``records`` the figure's records
    (:attr:`macros.blocks.figures.FigureView.records`, with their ``count`` and ``n``).
    """
    # The compiled spec is read afresh (a new object); the renderer's font names become the page's.
    text = json.dumps(compile_spec(spec), ensure_ascii=False)
    for name in RENDER_FONTS.values():
        text = text.replace(f'"{name}"', json.dumps(LIVE_FONT))
    vega = json.loads(text)
    width, height, left, top = svg_box(svg)
    plot_width, plot_height = float(vega["width"]), float(vega["height"])
    vega["autosize"] = {"type": "none"}
    vega["padding"] = {
        "left": left,
        "top": top,
        "right": round(width - left - plot_width, 3),
        "bottom": round(height - top - plot_height, 3),
    }
    points = next(d for d in vega["data"] if d.get("name") == "points")
    for value, numbers in zip(points["values"], point_numbers(chart, records), strict=True):
        value.update(numbers)
    bar = _bar_mark(vega["marks"])
    bar["aria"] = True
    # Only the bars answer the pointer: a value label drawn over a bar lets it through to the bar,
    # so pointing at the number in a bar shows that bar's tooltip.
    for mark in _all_marks(vega["marks"]):
        if mark is not bar and mark.get("type") != "group":
            mark["interactive"] = False
    update = bar.setdefault("encode", {}).setdefault("update", {})
    update["tooltip"] = {"signal": tooltip_expression(chart, language)}
    update["description"] = {"signal": description_expression(chart, language)}
    update["ariaRoleDescription"] = {"value": ui.text(language, "live.bar")}
    bar["encode"]["update"] = update
    config = vega.setdefault("config", {})
    config["locale"] = locale(language)
    vega["usermeta"] = {
        "report": {
            "language": language,
            "width": width,
            "height": height,
            "roledescription": ui.text(language, "live.chart"),
            "hint": ui.text(language, "live.keys"),
        }
    }
    return vega


def json_bytes(spec: dict) -> bytes:
    """A spec as the file the site serves: compact UTF-8 JSON, keys in a fixed order."""
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
