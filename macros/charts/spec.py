"""The report's figures as charts: one Vega-Lite spec (built with Altair) per figure, language
and width.

Every value drawn is the engine's number rounded by :func:`macros.text.formatting.report_round`, and every
value printed in a chart is the table cell's own string (:mod:`macros.text.formatting`), so the chart, its
data table and the prose agree to the character (Danish ``81,1\xa0%``, English ``81.1%``).
The number locale inside the spec comes from babel too, through the one registered theme.

Layouts, chosen per figure kind:

- ``bars``: one horizontal bar per row, the row's label above it and its value at its end:
  means on the scale's range (bars start at its floor), theme shares sorted by share,
  the response shares of a single item in the scale's order.
- ``grouped``: per row, one bar per series, on the same scale.
- ``stacked``: per row, one 100 % bar split into the response categories.

Labels sit beside their bars where they fit, else above them across the whole width, and
wrap rather than being cut, so the narrow rendering (328 px) reads on a 360 px phone and the
wide one (640 px) on a desktop. Values are printed at the bars' ends (inside the segments of
stacked bars, where they fit), so a reader needs no axis to read a share.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from macros.charts import messages as chart_messages
from macros.charts import palettes
from macros.charts.typography import RENDER_FONTS, text_width, wrap
from macros.model import context
from macros.model.definitions import FigureDef
from macros.model.errors import ReportError
from macros.model.survey import Scale
from macros.text import formatting as fmt

if TYPE_CHECKING:  # Altair is imported when a spec is built: a warm build builds none
    import altair as alt

THEME = "report-site"
# Rendered widths (px). The narrow one fits a 360 px phone (328 px of content) without scaling
# the text down; the wide one fits the desktop column.
WIDTHS = {"narrow": 328, "wide": 640}

# Colours for any scale and any number of series: macros/charts/palettes.py (all >= 3:1).
PALETTE = palettes.OKABE_ITO
NOT_RELEVANT_COLOUR = palettes.NON_SUBSTANTIVE[0]  # non-substantive codes lie outside the scale: grey
BACKGROUND = palettes.BACKGROUND
TEXT_COLOUR = "#1f1f1f"
MUTED_TEXT_COLOUR = "#4d4d4d"
GRID_COLOUR = "#dcdcdc"

LABEL_SIZE = 15  # the page's body text is 16-18 px; smaller chart text reads as a footnote
VALUE_SIZE = 15
AXIS_SIZE = 13
TITLE_SIZE = 17
LINE_HEIGHT = 19
BAR_HEIGHT = 20
SERIES_BAR = 16
SERIES_GAP = 3
LABEL_GAP = 4
LABEL_GUTTER_GAP = 8
ROW_GAP = 14
ROW_GAP_BESIDE = 8
WIDE_ENOUGH_FOR_TWO_LINES = 500
LEGEND_SYMBOL = 13
LEGEND_GAP = 5
LEGEND_COLUMN_GAP = 16
LEGEND_ROW_GAP = 4
LEGEND_OFFSET = 14
VALUE_GAP = 5
SUPPRESSED = "\u2013"  # what a suppressed cell shows (a group too small to publish), as in the tables
MAX_UNIT_TICKS = 12  # a scale of up to this many points gets a tick at each; a longer one, about six
SIDE_PADDING = 2


class ChartError(ReportError, ValueError):
    """A figure that cannot be drawn: no data, a missing label, an unknown layout."""


@dataclass(frozen=True)
class ChartPoint:
    """One drawn value: its row and series labels, the value as printed and where it sits."""

    row: str
    series: str
    key: str
    value: float | None  # rounded as printed: percent (81.1) for shares, the mean (3.2); None: suppressed
    text: str  # the printed value, identical to the data table's cell ("–" when suppressed)
    start: float
    end: float

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Chart:
    """A figure's chart in one language: what is drawn and how; the spec is built per width."""

    figure_id: str
    figure_kind: str  # the FigureDef kind: themes, means, distribution, grouped_means
    language: str
    title: str
    layout: str  # "bars", "grouped" or "stacked"
    measure: str  # "share" (percent) or "mean"
    rows: tuple[str, ...]
    series: tuple[str, ...]
    points: tuple[ChartPoint, ...]
    colours: dict[str, str]  # row (bars) or series (grouped, stacked) -> colour
    scale_labels: tuple[str, str] = ("", "")  # the labels of the scale's two ends, for means
    scale_ends: tuple[float, float] = (1, 5)  # the codes of those two ends
    domain: tuple[float, float] = (0.0, 100.0)  # the value axis: a mean scale's declared range, or 0-100 %


# --- theme ------------------------------------------------------------------------------------


def number_locale(language: str) -> alt.theme.NumberLocaleKwds:
    """The d3 number locale of a site language, from babel (the source of the tables' format);
    tests/test_charts.py shows it per language."""
    locale = fmt.babel_locale(language)
    pattern = Locale.parse(locale).percent_formats[None].pattern
    return {
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
        "grouping": [3],
        "currency": ["", ""],
        "percent": "\u00a0%" if "\u00a0%" in pattern else "%",
        "minus": "\u2212",
    }


def report_theme(language: str | None = None) -> alt.theme.ThemeConfig:
    """The site's look in every chart: its font, colours and the page language's numbers
    (default: the report's source language)."""
    language = language or context.current().languages.source
    regular, semibold = RENDER_FONTS[400], RENDER_FONTS[600]
    text: alt.theme.MarkConfigKwds = {"font": regular, "color": TEXT_COLOUR}
    return {
        "config": {
            "locale": {"number": number_locale(language)},
            "background": BACKGROUND,
            "padding": {"left": SIDE_PADDING, "right": SIDE_PADDING, "top": 4, "bottom": 4},
            "font": regular,
            # Vega's own ARIA labels are English ("X-axis titled ..."); the figure block gives
            # the SVG one text alternative in the page language instead.
            "aria": False,
            "view": {"stroke": None},
            "range": {"category": list(PALETTE)},
            "bar": {"cornerRadius": 0},
            "text": {**text, "fontSize": VALUE_SIZE},
            "axis": {
                "labelFont": regular,
                "labelFontSize": AXIS_SIZE,
                "labelColor": MUTED_TEXT_COLOUR,
                "titleFont": regular,
                "titleFontSize": AXIS_SIZE,
                "titleFontWeight": 400,
                "titleColor": MUTED_TEXT_COLOUR,
                "gridColor": GRID_COLOUR,
                "domainColor": "#8c8c8c",
                "tickColor": "#8c8c8c",
                "labelLimit": 0,
                "titleLimit": 0,
            },
            "legend": {
                "labelFont": regular,
                "labelFontSize": LABEL_SIZE,
                "labelColor": TEXT_COLOUR,
                "labelLimit": 0,
                "titleFont": regular,
                "symbolType": "square",
                "symbolStrokeWidth": 0,
            },
            "title": {
                "font": semibold,
                "fontSize": TITLE_SIZE,
                "fontWeight": 600,
                "color": TEXT_COLOUR,
                "subtitleFont": regular,
                "subtitleFontSize": AXIS_SIZE,
                "subtitleColor": MUTED_TEXT_COLOUR,
                "anchor": "start",
                "limit": 0,
            },
        }
    }


# --- what is drawn ----------------------------------------------------------------------------


@functools.cache
def altair():
    """Altair, with the report's theme registered (as :data:`THEME`, not enabled). Imported on
    first use: it takes about 0.2 s, and a build whose specs all come from the cache needs none."""
    import altair as alt

    alt.theme.register(THEME, enable=False)(report_theme)
    return alt


def printed_value(value: Fraction | float, kind: str, language: str) -> tuple[float, str]:
    """A record's value as drawn (rounded as printed) and as printed, by the one rounding rule
    (tests/test_charts.py shows it per language)."""
    if kind == "share":
        return float(fmt.report_round(fmt.to_decimal(value) * 100)), fmt.percent(value, language)
    if kind == "mean":
        return float(fmt.report_round(value)), fmt.number(value, language)
    raise ChartError(f"unknown value kind {kind!r}; expected 'share' or 'mean'")


def layout_of(figure: FigureDef) -> str:
    """How a figure is drawn: ``bars``, ``grouped`` (several series per row) or ``stacked``."""
    by = getattr(figure, "by", None)
    if figure.kind == "grouped_means" or (by is not None and figure.kind in ("means", "themes")):
        return "grouped"
    if figure.kind == "distribution" and (len(figure.items) > 1 or by is not None):
        return "stacked"
    return "bars"


def mean_domain(scale: Scale) -> tuple[float, float]:
    """The value axis of means on a scale: its declared range (scale_properties.csv), else its
    lowest and highest substantive codes."""
    low, high = scale.range if scale.range else (scale.valid_codes[0], scale.valid_codes[-1])
    return float(low), float(high)


def neutral_middle(scale: Scale) -> int | None:
    """The scale's neutral middle code, where it declares one (``midpoint``), else None."""
    middle = getattr(scale, "midpoint", None)
    return middle if middle in scale.valid_codes else None


def code_colours(scale: Scale) -> dict[int, str]:
    """A colour for every code of a scale: ordinal scales a ramp (diverging around a neutral
    middle, sequential otherwise), other kinds categorical colours; non-substantive codes grey."""
    valid = list(scale.valid_codes)
    if scale.kind == "ordinal":
        middle = neutral_middle(scale)
        ramp = palettes.diverging(len(valid), valid.index(middle)) if middle is not None else None
        colours = ramp or palettes.sequential(len(valid))
    else:
        colours = palettes.categorical(len(valid))
    result = dict(zip(valid, colours, strict=True))
    result.update({code: palettes.non_substantive(i) for i, code in enumerate(scale.non_substantive)})
    return result


def build_chart(
    figure: FigureDef,
    records: list[dict],
    language: str,
    scale_labels=("", ""),
    scale: Scale | None = None,
    series: tuple[str, ...] | None = None,
    ordered_series: bool = False,
) -> Chart:
    """The chart of a figure in one language from its records (:attr:`FigureView.records`).

    ``scale``: the scale of the figure's items (its range is the axis of means; its codes give
    the colours of a distribution). ``series``: the series of a grouped chart in order (questions,
    or the groups of a breakdown); ``ordered_series``: they are ordered (bins of a number, codes
    of an ordinal variable), so they get a sequential ramp rather than categorical colours.
    A record with ``value`` None is a suppressed cell: drawn as "–", no bar.

    Raises :class:`ChartError` naming the figure, the language and the problem when there is
    nothing to draw or a label is missing.
    """
    where = f"figure {figure.id} ({language})"
    languages = context.current().languages.all
    if language not in languages:
        raise ChartError(f"{where}: unknown language; expected one of {languages}")
    if not figure.title.get(language, "").strip():
        raise ChartError(f"{where}: the title has no {language!r} text in data/figures.yaml")
    if not records:
        raise ChartError(
            f"{where}: the data selection is empty; nothing to draw "
            f"(check the figure's items, rows and series in data/figures.yaml)"
        )
    layout = layout_of(figure)
    for record in records:
        if not str(record["row"]).strip() or (layout != "bars" and not str(record["series"]).strip()):
            raise ChartError(f"{where}: {record['key']!r} has no {language!r} label in the codebook")
    kind = records[0]["kind"]
    measure = "mean" if kind == "mean" else "share"
    if measure == "mean" and scale is None:
        raise ChartError(f"{where}: means need the items' scale for their axis")
    if figure.kind == "distribution" and layout == "bars":
        # One item: its response categories are the rows.
        records = [{**r, "row": r["series"], "series": ""} for r in records]
    rows = tuple(dict.fromkeys(r["row"] for r in records))
    if layout == "grouped":
        series = tuple(series) if series else tuple(dict.fromkeys(r["series"] for r in records))
    else:
        series = tuple(dict.fromkeys(r["series"] for r in records)) if layout != "bars" else ()
    domain_low = mean_domain(scale)[0] if measure == "mean" and scale is not None else 0.0  # checked above
    points = []
    ends: dict[str, float] = {}
    for record in records:
        if record["value"] is None:
            value, text = None, SUPPRESSED
            start = end = ends.get(record["row"], domain_low) if layout == "stacked" else domain_low
        else:
            value, text = printed_value(record["value"], kind, language)
            if layout == "stacked":
                start = ends.get(record["row"], 0.0)
                end = ends[record["row"]] = round(start + value, 1)
            else:
                start, end = domain_low, value
        points.append(
            ChartPoint(
                row=record["row"],
                series=record["series"],
                key=record["key"],
                value=value,
                text=text,
                start=start,
                end=end,
            )
        )
    if layout == "bars":
        # One colour for the bars, grey for a non-substantive answer (by its role, not its number).
        grey = {r["row"] for r in records if scale is not None and r.get("code") in scale.non_substantive}
        colours = {row: NOT_RELEVANT_COLOUR if row in grey else PALETTE[0] for row in rows}
    elif layout == "stacked" and scale is not None and all("code" in r for r in records):
        by_code = code_colours(scale)
        colours = {r["series"]: by_code[r["code"]] for r in records}
    else:
        ramp = palettes.sequential(len(series)) if ordered_series else palettes.categorical(len(series))
        colours = dict(zip(series, ramp, strict=True))
    ends_codes = (scale.valid_codes[0], scale.valid_codes[-1]) if scale is not None and scale.valid_codes else (1, 5)
    chart = Chart(
        figure_id=figure.id,
        figure_kind=figure.kind,
        language=language,
        title=figure.title[language],
        layout=layout,
        measure=measure,
        rows=rows,
        series=series,
        points=tuple(points),
        colours=colours,
        scale_labels=tuple(scale_labels),
        scale_ends=ends_codes,
    )
    from dataclasses import replace

    return replace(chart, domain=_domain(chart, scale))


# --- the spec ---------------------------------------------------------------------------------


def _text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with a bar colour (labels inside bars)."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff") else "#ffffff"


relative_luminance = palettes.relative_luminance
contrast_ratio = palettes.contrast_ratio


@dataclass(frozen=True)
class _Row:
    label_lines: list[str]
    label_y: float  # top of the label's first line
    top: float  # top of the row's first bar
    bottom: float  # bottom of its last bar


@dataclass(frozen=True)
class _Layout:
    gutter: float  # width left of the bars for labels; 0 when labels sit above the bars
    rows: dict[str, _Row]
    bars: dict[tuple[str, str], tuple[float, float]]  # (row, series) -> (top, bottom)
    height: float


def _block_height(chart: Chart, row: str, present: set) -> float:
    if chart.layout == "grouped":
        count = sum((row, s) in present for s in chart.series)
        return count * SERIES_BAR + (count - 1) * SERIES_GAP
    return BAR_HEIGHT + (4 if chart.layout == "stacked" else 0)


def _positions(chart: Chart, total: float) -> _Layout:
    """Pixel positions of the labels and bars, and the chart's height.

    Labels go left of the bars when every label fits a gutter of at most 40 % of the width in
    two lines (one line on a narrow chart); otherwise above their bars, across the whole width,
    so nothing is cut. Laid out here rather than by Vega's facets, whose header band takes the
    height of the tallest label in every row and so parts short labels from their bars.
    """
    present = {(p.row, p.series) for p in chart.points}
    widest = max(text_width(row, LABEL_SIZE) for row in chart.rows)
    gutter = min(widest, 0.4 * total)
    beside = {row: wrap(row, gutter, LABEL_SIZE) for row in chart.rows}
    # On a narrow chart a label of two lines beside its bar leaves the bars too short.
    left = all(len(lines) <= (2 if total >= WIDE_ENOUGH_FOR_TWO_LINES else 1) for lines in beside.values())
    if left:
        widest = max(text_width(line, LABEL_SIZE) for lines in beside.values() for line in lines)
        gutter = widest + LABEL_GUTTER_GAP
    rows: dict[str, _Row] = {}
    bars: dict[tuple[str, str], tuple[float, float]] = {}
    y = 0.0
    for row in chart.rows:
        block = _block_height(chart, row, present)
        if left:
            lines = beside[row]
            label_height = len(lines) * LINE_HEIGHT
            top = y + max(0.0, (label_height - block) / 2)
            label_y = top + block / 2 - label_height / 2
        else:
            lines = wrap(row, total, LABEL_SIZE)
            label_y = y
            top = y + len(lines) * LINE_HEIGHT + LABEL_GAP
        position = top
        for series in chart.series or ("",):
            if (row, series) not in present:
                continue
            size = SERIES_BAR if chart.layout == "grouped" else block
            bars[(row, series)] = (position, position + size)
            if chart.layout == "grouped":
                position += SERIES_BAR + SERIES_GAP
        bottom = top + block
        rows[row] = _Row(lines, label_y, top, bottom)
        y = max(bottom, label_y + len(lines) * LINE_HEIGHT) + (
            ROW_GAP if not left or chart.layout == "grouped" else ROW_GAP_BESIDE
        )
    return _Layout(gutter if left else 0.0, rows, bars, max(r.bottom for r in rows.values()))


def chart_spec(chart: Chart, width: str = "wide", heading: tuple[str, str] | None = None) -> dict:
    """The Vega-Lite spec of a chart at one of :data:`WIDTHS`.

    ``heading``: (title, subtitle) drawn into the chart, for the downloads; on the page the
    figure's caption carries the number and title instead.
    """
    alt = altair()
    if width not in WIDTHS:
        raise ChartError(
            f"figure {chart.figure_id} ({chart.language}): unknown width {width!r}; expected one of {list(WIDTHS)}"
        )
    # What the drawing may take: the width less the padding and a pixel or two for kerning and
    # rounding, so the SVG never comes out wider than its column.
    total = WIDTHS[width] - 2 * SIDE_PADDING - 2
    value_room = max(text_width(p.text, VALUE_SIZE, 600) for p in chart.points) + VALUE_GAP + 2
    plot_width = total if chart.layout == "stacked" else total - value_room
    layout = _positions(chart, total)
    rows, bars, height = layout.rows, layout.bars, layout.height
    plot_width -= layout.gutter
    low, high = chart.domain
    any_suppressed = any(p.suppressed for p in chart.points)
    marked_rows: set[str] = set()
    points = []
    for p in chart.points:
        fill = chart.colours[p.series if chart.layout != "bars" else p.row]
        top, bottom = bars[(p.row, p.series)]
        room = (p.end - p.start) / (high - low) * plot_width
        points.append(
            {
                "row": p.row,
                "series": p.series,
                "value": p.value,
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "mid": (p.start + p.end) / 2,
                "fill": fill,
                "ink": _text_colour(fill),
                "top": top,
                "bottom": bottom,
                "middle": (top + bottom) / 2,
                # A label inside a stacked segment only where it fits; the table has every value.
                "inside": not p.suppressed and room >= text_width(p.text, VALUE_SIZE, 600) + 6,
            }
        )
        if any_suppressed:
            # A suppressed cell has no bar; its "–" is drawn once per row of a stacked bar.
            points[-1]["suppressed"] = p.suppressed
            points[-1]["mark"] = p.suppressed and (chart.layout != "stacked" or p.row not in marked_rows)
            if p.suppressed:
                marked_rows.add(p.row)
    labels = [{"label": "\n".join(r.label_lines), "y": r.label_y} for r in rows.values()]
    label_x = alt.XValue(-LABEL_GUTTER_GAP if layout.gutter else 0)
    x_scale = alt.Scale(domain=[low, high], nice=False, zero=False)
    y_top = alt.Y("top:Q", scale=None, axis=None)
    base = alt.Chart(alt.Data(name="points"))
    if chart.layout == "bars":
        color = alt.Color("fill:N", scale=None)
    else:
        color = alt.Color(
            "series:N",
            sort=list(chart.series),
            legend=_legend(chart, total, layout.gutter),
            scale=alt.Scale(domain=list(chart.series), range=[chart.colours[s] for s in chart.series]),
        )
    bar_mark: dict[str, Any] = {"stroke": BACKGROUND, "strokeWidth": 1} if chart.layout == "stacked" else {}
    bars_base = base.transform_filter("!datum.suppressed") if any_suppressed else base
    bar_layer = bars_base.mark_bar(**bar_mark).encode(
        x=alt.X("start:Q", scale=x_scale, axis=_x_axis(chart, total, layout.gutter)),
        x2=alt.X2("end"),
        y=y_top,
        y2=alt.Y2("bottom"),
        color=color,
    )
    if chart.layout == "stacked":
        value_layer = (
            base.transform_filter("datum.inside")
            .mark_text(align="center", baseline="middle", fontWeight=600, font=RENDER_FONTS[600])
            .encode(
                x=alt.X("mid:Q"),
                y=alt.Y("middle:Q", scale=None),
                text=alt.Text("text:N"),
                color=alt.Color("ink:N", scale=None),
            )
        )
    else:
        value_layer = base.mark_text(
            align="left", baseline="middle", dx=VALUE_GAP, fontWeight=600, font=RENDER_FONTS[600]
        ).encode(x=alt.X("end:Q"), y=alt.Y("middle:Q", scale=None), text=alt.Text("text:N"))
    label_layer = (
        alt.Chart(alt.Data(name="labels"))
        .mark_text(
            align="right" if layout.gutter else "left",
            baseline="top",
            lineBreak="\n",
            lineHeight=LINE_HEIGHT,
            fontSize=LABEL_SIZE,
        )
        .encode(x=label_x, y=alt.Y("y:Q", scale=None), text=alt.Text("label:N"))
    )
    layers = [bar_layer, value_layer, label_layer]
    if any_suppressed and chart.layout == "stacked":
        layers.append(
            base.transform_filter("datum.mark")
            .mark_text(align="left", baseline="middle", fontWeight=600, font=RENDER_FONTS[600])
            .encode(x=alt.X("start:Q", scale=x_scale), y=alt.Y("middle:Q", scale=None), text=alt.Text("text:N"))
        )
    ticks = []
    if chart.measure == "mean":
        # Light reference lines at each scale point, behind each row's bars only (not the labels).
        ticks = [
            {"x": float(t), "top": r.top, "bottom": r.bottom} for r in rows.values() for t in mean_ticks(chart.domain)
        ]
        layers.insert(
            0,
            alt.Chart(alt.Data(name="ticks"))
            .mark_rule(color=GRID_COLOUR, strokeWidth=1)
            .encode(x=alt.X("x:Q", scale=x_scale), y=y_top, y2=alt.Y2("bottom")),
        )
        # A halo in the background colour under each value, where a reference line passes it.
        halo = value_layer.mark_text(
            align="left",
            baseline="middle",
            dx=VALUE_GAP,
            fontWeight=600,
            font=RENDER_FONTS[600],
            stroke=BACKGROUND,
            strokeWidth=5,
            strokeJoin="round",
        )
        layers.insert(layers.index(value_layer), halo)
    layered = alt.layer(*layers).properties(width=plot_width, height=height, description=describe(chart))
    if heading is not None:
        title, subtitle = heading
        layered = layered.properties(
            title=alt.Title(
                text=_multiline(wrap(title, total, TITLE_SIZE, 600)),
                subtitle=_multiline(wrap(subtitle, total, AXIS_SIZE)) if subtitle else alt.Undefined,
                offset=14,
            )
        )
    with alt.theme.enable(THEME, language=chart.language):
        spec = layered.to_dict(validate=False)
    # The data joins the spec as named datasets: passed through Altair, every copy of a chart
    # object would deep-copy it.
    spec["datasets"] = {"points": points, "labels": labels, **({"ticks": ticks} if ticks else {})}
    return spec


def _multiline(lines: list[str]) -> list[str] | str:
    return lines if len(lines) > 1 else lines[0]


def _domain(chart: Chart, scale: Scale | None = None) -> tuple[float, float]:
    drawn = [p.end for p in chart.points if not p.suppressed] or [0.0]
    if chart.measure == "mean":
        return mean_domain(scale) if scale is not None else chart.domain
    if chart.figure_kind == "distribution":
        # Shares of a whole, on one scale in every figure: 5.2.1-5.2.6 compare at a glance.
        return 0.0, max(100.0, max(drawn))
    # Theme shares: the largest theme sets the scale (the themes of two questions do not compare).
    return 0.0, max(max(drawn), 1.0)


def mean_ticks(domain: tuple[float, float]) -> list[float]:
    """Ticks of a mean axis: every whole point of a short scale, about six of a long one."""
    low, high = domain
    if high - low <= MAX_UNIT_TICKS and float(low).is_integer():
        return [float(t) for t in range(int(low), int(high) + 1)]
    step = max(1, round((high - low) / 5))
    return [float(t) for t in range(int(low), int(high) + 1, step)]


def _x_axis(chart: Chart, total: float, gutter: float):
    alt = altair()
    if chart.measure != "mean":
        return None  # shares are labelled on their bars
    low, high = chart.scale_labels
    title = chart_messages.text(
        chart.language,
        "chart.scale_axis",
        low=_code(chart.scale_ends[0]),
        high=_code(chart.scale_ends[1]),
        low_label=low,
        high_label=high,
    )
    values = mean_ticks(chart.domain)
    return alt.Axis(
        values=[int(v) if v.is_integer() else v for v in values],
        format="d" if all(v.is_integer() for v in values) else ".1f",
        grid=False,
        title=_multiline(wrap(title, total, AXIS_SIZE)),
        titlePadding=6,
        labelOverlap=False,
        domain=False,
        ticks=False,
        labelPadding=4,
        titleAnchor="start",
        titleAlign="left",
        titleX=-gutter,
    )


def _legend(chart: Chart, total: float, gutter: float) -> alt.Legend:
    """Above the chart from its left edge; in one row when it fits the width, else one per line."""
    alt = altair()
    widths = [LEGEND_SYMBOL + LEGEND_GAP + text_width(s, LABEL_SIZE) + LEGEND_COLUMN_GAP for s in chart.series]
    columns = len(chart.series) if sum(widths) <= total else 1
    lines = 1 if columns > 1 else len(chart.series)
    height = lines * LINE_HEIGHT + (lines - 1) * LEGEND_ROW_GAP
    return alt.Legend(
        orient="none",
        legendX=-gutter,
        legendY=-(height + LEGEND_OFFSET),
        title=None,
        direction="horizontal",
        columns=columns,
        labelLimit=0,
        symbolOffset=0,
        padding=0,
        rowPadding=LEGEND_ROW_GAP,
        columnPadding=LEGEND_COLUMN_GAP,
        symbolSize=LEGEND_SYMBOL**2,
        labelOffset=LEGEND_GAP,
    )


def describe(chart: Chart) -> str:
    """The text alternative of a chart in its language: what it shows and its main values."""
    language = chart.language
    if chart.layout in ("grouped", "stacked"):
        low_label, high_label = chart.scale_labels
        return chart_messages.text(
            language,
            f"chart.alt.{chart.layout}",
            series=_join(list(chart.series), language),
            rows=fmt.integer(len(chart.rows), language),
            low=_code(chart.scale_ends[0]),
            high=_code(chart.scale_ends[1]),
            low_label=low_label,
            high_label=high_label,
            table=chart_messages.text(language, "data_table"),
        )
    listing = "; ".join(f"{p.row}: {p.text}" for p in chart.points)
    low_label, high_label = chart.scale_labels
    key = {"means": "chart.alt.means", "themes": "chart.alt.themes"}.get(chart.figure_kind, "chart.alt.distribution")
    return chart_messages.text(
        language,
        key,
        rows=fmt.integer(len(chart.rows), language),
        low=_code(chart.scale_ends[0]),
        high=_code(chart.scale_ends[1]),
        low_label=low_label,
        high_label=high_label,
        listing=listing,
    )


def _code(value: float) -> str:
    """A scale point as a text: ``1``, ``0``, ``2.5``."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _join(parts: list[str], language: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {chart_messages.text(language, 'and')} " + parts[-1]


def to_decimal_string(value: float) -> str:
    """A drawn value with a dot decimal for CSV files: ``81.1``, ``3.2``."""
    return format(Decimal(repr(value)).quantize(Decimal("0.1")), "f")
