"""The report's figures: what each figure shows, in the page language, and its block on a page.

A figure block is its number and title, the chart (inline SVG rendered at build time, see
:mod:`macros.charts.spec` and :mod:`macros.charts.rendering`), the note (n, question wording, scale), the
data as a table, and downloads: its numbers (CSV and their metadata, :mod:`macros.outputs.data_files`), the
chart (SVG, PNG) and the live chart's Vega spec (:mod:`macros.charts.vega`).
:class:`FigureView.records` holds the raw numbers for the chart and the downloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from macros.blocks.tables import anchor
from macros.charts import rendering, vega, workers
from macros.charts import spec as charts
from macros.html.markup import Cell, Markup, data_table, inline_markdown, message, render, scroll_region
from macros.model.definitions import FigureDef, figure_variables
from macros.model.errors import ReportError
from macros.model.survey import Survey
from macros.outputs import downloads
from macros.stats import breakdowns
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import citation, notes
from macros.text import formatting as fmt


@dataclass(frozen=True)
class FigureView:
    id: str
    caption: Markup
    header: list[str]
    rows: list[tuple[str, list[Cell]]]
    note: Markup
    # One record per plotted value: row label, series label, value (share 0-1 or mean), its kind, and the
    # numbers behind it (n: the answers it is computed from; count: those with the answer, for shares).
    records: list[dict] = field(default_factory=list)
    n_note: str = ""  # "Antal besvarelser: 74." (plain text), for the chart downloads


SUPPRESSED = charts.SUPPRESSED
SCALE_NOTE_KINDS = ("ordinal", "numeric")  # scales whose note says "measured on a scale from ... to ..."


class FigureError(ReportError, ValueError):
    """A figure definition the engine cannot draw as asked (e.g. means of a nominal scale)."""


def _question(figure: FigureDef) -> str:
    """The figure's question: a figure whose note quotes its question must name one."""
    if figure.question is None:
        raise FigureError(f"figure {figure.id}: a {figure.kind} figure needs `question:` (its note quotes it)")
    return figure.question


def _by(figure: FigureDef) -> breakdowns.Breakdown:
    """The figure's breakdown (`by:`); called only where the figure has one."""
    if figure.by is None:
        raise FigureError(f"figure {figure.id}: no `by:` breakdown")
    return figure.by


@dataclass(frozen=True)
class _Groups:
    """A figure's breakdown in one language: its groups, their labels and the disclosure rule."""

    by: breakdowns.Breakdown
    groups: tuple[breakdowns.Group, ...]
    rule: breakdowns.Disclosure
    ordered: bool

    @classmethod
    def of(cls, survey: Survey, by: breakdowns.Breakdown) -> _Groups:
        scale = survey.scale_of(by.variable)
        ordered = bool(by.bins) or scale.kind in ("ordinal", "numeric")
        return cls(by, by.groups(survey), breakdowns.disclosure(survey), ordered)

    def note(self, survey: Survey, language: str, suppressed: bool) -> list:
        parts = [message(language, "note.by", by=notes.mid_sentence(self.by.label(survey, language), language))]
        if suppressed:
            parts.append(message(language, "note.suppressed", min_cell=fmt.integer(self.rule.min_cell, language)))
        return parts


def _scale_note(survey: Survey, scale, language: str, key: str = "note.scale"):
    """ "Measured on a scale from 1 'x' to 5 'y'": for ordinal and numeric scales only."""
    return notes.scale_text(survey, scale.id, language, key=key) if scale.kind in SCALE_NOTE_KINDS else ""


def _note_text(survey: Survey, figure: FigureDef, language: str) -> Markup | str:
    """The figure's own words in its note (data/figures.yaml ``note_text``), escaped.

    It follows the engine's sentence on what the figure shows and adds to it (the report's own
    explanations); ``{item}`` stands for the label of the figure's first item.
    """
    if not figure.note_text:
        return ""
    text = figure.note_text[language]
    if figure.items and "{item}" in text:
        text = text.replace("{item}", survey.variables[figure.items[0]].label[language])
    return inline_markdown(text)


def _themes_note(figure: FigureDef, language: str, hundred: str) -> Markup:
    several = figure.several_answers[language] if figure.several_answers else ui.text(language, "note.several_answers")
    return message(language, "note.themes", hundred=hundred, several=several)


def _ordered_themes(survey: Survey, question: str):
    main = [t for t in survey.themes[question].values() if not t.parent]
    results = {t.id: stats.theme_stats(survey, question, t.id) for t in main}
    # A theme no answer carries (e.g. "Andet" where every answer fits a named theme) is not drawn.
    main = [t for t in main if results[t.id].count]
    return sorted(main, key=lambda t: (t.id == "other", -results[t.id].share, t.order)), results


def _themes(survey: Survey, figure: FigureDef, language: str):
    question = _question(figure)
    ordered, results = _ordered_themes(survey, question)
    hundred = fmt.percent(1, language, digits=0)
    if figure.by is not None:
        return _themes_by(survey, figure, language, ordered, hundred)
    header = [ui.text(language, "theme"), ui.text(language, "share"), ui.text(language, "count")]
    rule = breakdowns.disclosure(survey)
    rows, records, small = [], [], False
    for theme in ordered:
        r = results[theme.id]
        hidden = rule.hides_marginal(r.count)
        small |= hidden
        count = SUPPRESSED if hidden else fmt.integer(r.count, language)
        rows.append((theme.label[language], [Cell(fmt.percent(r.share, language)), Cell(count)]))
        records.append(
            {
                "row": theme.label[language],
                "series": "",
                "value": r.share,
                "kind": "share",
                "key": theme.id,
                "count": None if hidden else r.count,
                "n": r.answered,
            }
        )
    answered = stats.answered_open(survey, question)
    note = notes.join(
        [
            notes.n_text([answered], language),
            notes.question_text(survey, question, language),
            _themes_note(figure, language, hundred),
            _note_text(survey, figure, language),
            message(language, "note.small_count", min_cell=fmt.integer(rule.min_cell, language)) if small else "",
        ]
    )
    return header, rows, note, records, [answered]


def _themes_by(survey: Survey, figure: FigureDef, language: str, ordered, hundred: str):
    by, question = _by(figure), _question(figure)
    grouping = _Groups.of(survey, by)
    cells = breakdowns.theme_stats_by(survey, question, [t.id for t in ordered], by)
    header = [
        ui.text(language, "theme"),
        ui.text(language, "group"),
        ui.text(language, "share"),
        ui.text(language, "n"),
    ]
    rows, records, ns, suppressed = [], [], [], False
    for theme in ordered:
        for group in grouping.groups:
            r = cells[(group.id, theme.id)]
            hidden = grouping.rule.hides(r.answered)
            suppressed |= hidden
            if not hidden:
                ns.append(r.answered)
            share = None if hidden else r.share
            rows.append(
                (
                    theme.label[language],
                    [
                        Cell(group.label[language], numeric=False),
                        Cell(SUPPRESSED if share is None else fmt.percent(share, language)),
                        Cell(SUPPRESSED if hidden else fmt.integer(r.answered, language)),
                    ],
                )
            )
            records.append(
                {
                    "row": theme.label[language],
                    "series": group.label[language],
                    "value": share,
                    "kind": "share",
                    "key": f"{theme.id}@{group.id}",
                    "count": None if hidden else r.count,
                    "n": None if hidden else r.answered,
                }
            )
    parts = [notes.n_text(ns, language) if ns else ""]
    parts += [notes.question_text(survey, _question(figure), language), _themes_note(figure, language, hundred)]
    parts.append(_note_text(survey, figure, language))
    parts += grouping.note(survey, language, suppressed)
    return header, rows, notes.join(parts), records, ns


def _check_means(figure: FigureDef, scale) -> None:
    if scale.kind not in SCALE_NOTE_KINDS:
        raise FigureError(
            f"figure {figure.id}: means of scale {scale.id!r}, a {scale.kind} scale; expected an ordinal or "
            "numeric scale (draw a nominal or yes/no item as kind: distribution)"
        )


def _means(survey: Survey, figure: FigureDef, language: str):
    items = [stats.item_stats(survey, v) for v in figure.items]
    scale = items[0].scale
    _check_means(figure, scale)
    if figure.by is not None:
        return _means_by(survey, figure, language, scale)
    header = [ui.text(language, "items"), ui.text(language, "mean"), ui.text(language, "n")]
    rows, records = [], []
    for item in items:
        label = survey.variables[item.variable].label[language]
        rows.append((label, [Cell(fmt.number(item.mean(), language)), Cell(fmt.integer(item.n, language))]))
        records.append(
            {"row": label, "series": "", "value": item.mean(), "kind": "mean", "key": item.variable, "n": item.n}
        )
    parts = [
        notes.n_text([i.n for i in items], language),
        notes.question_text(survey, _question(figure), language),
        _scale_note(survey, scale, language),
        message(language, "note.means"),
        _note_text(survey, figure, language),
    ]
    if scale.non_substantive:
        parts.append(notes.not_relevant_text(survey, list(figure.items), language))
    return header, rows, notes.join(parts), records, [i.n for i in items]


def _means_by(survey: Survey, figure: FigureDef, language: str, scale):
    by = _by(figure)
    grouping = _Groups.of(survey, by)
    cells = breakdowns.item_stats_by(survey, list(figure.items), by)
    header = [ui.text(language, "items"), ui.text(language, "group"), ui.text(language, "mean"), ui.text(language, "n")]
    rows, records, ns, suppressed = [], [], [], False
    for variable in figure.items:
        label = survey.variables[variable].label[language]
        for group in grouping.groups:
            item = cells[(group.id, variable)]
            hidden = grouping.rule.hides(item.n)
            suppressed |= hidden
            if not hidden:
                ns.append(item.n)
            mean = None if hidden else item.mean()
            rows.append(
                (
                    label,
                    [
                        Cell(group.label[language], numeric=False),
                        Cell(SUPPRESSED if mean is None else fmt.number(mean, language)),
                        Cell(SUPPRESSED if hidden else fmt.integer(item.n, language)),
                    ],
                )
            )
            records.append(
                {
                    "row": label,
                    "series": group.label[language],
                    "value": mean,
                    "kind": "mean",
                    "key": f"{variable}@{group.id}",
                    "n": None if hidden else item.n,
                }
            )
    parts = [
        notes.n_text(ns, language) if ns else "",
        notes.question_text(survey, _question(figure), language),
        _scale_note(survey, scale, language),
        message(language, "note.means"),
        _note_text(survey, figure, language),
        *grouping.note(survey, language, suppressed),
    ]
    if scale.non_substantive:
        parts.append(notes.not_relevant_text(survey, list(figure.items), language))
    return header, rows, notes.join(parts), records, ns


def _distribution(survey: Survey, figure: FigureDef, language: str):
    items = [stats.item_stats(survey, v) for v in figure.items]
    scale = items[0].scale
    include_nr = figure.include_not_relevant and bool(scale.non_substantive)
    codes = list(scale.valid_codes) + (list(scale.non_substantive) if include_nr else [])
    if figure.by is not None:
        return _distribution_by(survey, figure, language, scale, codes, include_nr)
    header = [ui.text(language, "items")] + [scale.short_labels[language][c] for c in codes] + [ui.text(language, "n")]
    label_kind = "label" if len(items) == 1 else "short"
    rows, records = [], []
    for item in items:
        label = getattr(survey.variables[item.variable], label_kind)[language]
        shares = [item.share(c, include_not_relevant=include_nr) for c in codes]
        total = item.base(include_nr)
        rows.append((label, [Cell(fmt.percent(s, language)) for s in shares] + [Cell(fmt.integer(total, language))]))
        for code, share in zip(codes, shares, strict=True):
            records.append(
                {
                    "row": label,
                    "series": scale.short_labels[language][code],
                    "value": share,
                    "kind": "share",
                    "key": f"{item.variable}={code}",
                    "count": item.counts[code],
                    "n": total,
                    "code": code,
                }
            )
    ns = [i.base(include_nr) for i in items]
    parts = [notes.n_text(ns, language), notes.question_text(survey, _question(figure), language)]
    parts += _distribution_notes(
        survey, figure, language, scale, include_nr, items[0].mean() if figure.show_mean else None
    )
    return header, rows, notes.join(parts), records, ns


def _distribution_notes(survey, figure, language, scale, include_nr, mean) -> list:
    parts = [_scale_note(survey, scale, language), message(language, "note.distribution")]
    parts.append(_note_text(survey, figure, language))
    if mean is not None:
        parts.append(message(language, "note.mean", mean=fmt.number(mean, language)))
    if include_nr:
        labels = [scale.labels[language][c] for c in scale.non_substantive]
        parts.append(message(language, "note.not_relevant_included", label=_join(labels, language)))
    elif scale.non_substantive:
        parts.append(notes.not_relevant_text(survey, list(figure.items), language))
    return parts


def _distribution_by(survey: Survey, figure: FigureDef, language: str, scale, codes, include_nr: bool):
    by = _by(figure)
    grouping = _Groups.of(survey, by)
    cells = breakdowns.item_stats_by(survey, list(figure.items), by)
    header = [ui.text(language, "items"), ui.text(language, "group")]
    header += [scale.short_labels[language][c] for c in codes] + [ui.text(language, "n")]
    several = len(figure.items) > 1
    rows, records, ns, suppressed = [], [], [], False
    for variable in figure.items:
        label = getattr(survey.variables[variable], "short" if several else "label")[language]
        for group in grouping.groups:
            item = cells[(group.id, variable)]
            base = item.base(include_nr)
            hidden = grouping.rule.hides(base)
            suppressed |= hidden
            if not hidden:
                ns.append(base)
            shares = [None if hidden else item.share(c, include_not_relevant=include_nr) for c in codes]
            texts = [SUPPRESSED if x is None else fmt.percent(x, language) for x in shares]
            n_text = SUPPRESSED if hidden else fmt.integer(base, language)
            rows.append((label, [Cell(group.label[language], numeric=False), *map(Cell, texts), Cell(n_text)]))
            row = f"{label}: {group.label[language]}" if several else group.label[language]
            for code, share in zip(codes, shares, strict=True):
                records.append(
                    {
                        "row": row,
                        "series": scale.short_labels[language][code],
                        "value": share,
                        "kind": "share",
                        "key": f"{variable}={code}@{group.id}",
                        "code": code,
                        "count": None if hidden else item.counts[code],
                        "n": None if hidden else base,
                    }
                )
    parts = [notes.n_text(ns, language) if ns else "", notes.question_text(survey, _question(figure), language)]
    parts += _distribution_notes(survey, figure, language, scale, include_nr, None)
    parts += grouping.note(survey, language, suppressed)
    return header, rows, notes.join(parts), records, ns


def _join(parts: Sequence[str], language: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {ui.text(language, 'and')} " + parts[-1]


def _grouped(survey: Survey, figure: FigureDef, language: str):
    header = [""] + [figure.series_labels[s][language] for s in figure.series]
    rows, records, ns, with_nr, not_asked = [], [], [], {}, []
    for _row, cells in figure.grid():
        present = [v for v in cells.values() if v in survey.variables]
        label = survey.variables[present[-1]].short[language]
        out = []
        for series, variable in cells.items():
            series_label = figure.series_labels[series][language]
            if variable not in survey.variables:
                out.append(Cell(SUPPRESSED))
                not_asked.append(message(language, "note.cell", series=series_label, row=label))
                continue
            item = stats.item_stats(survey, variable)
            ns.append(item.n)
            if item.scale.non_substantive:
                # The rows share their short labels across series: the note names both.
                with_nr[variable] = message(
                    language,
                    "note.series_item",
                    item=notes.mid_sentence(label, language),
                    series=notes.mid_sentence(series_label, language),
                )
            out.append(Cell(fmt.number(item.mean(), language)))
            records.append(
                {
                    "row": label,
                    "series": series_label,
                    "value": item.mean(),
                    "kind": "mean",
                    "key": variable,
                    "n": item.n,
                }
            )
        rows.append((label, out))
    first = next(v for _, cells in figure.grid() for v in cells.values() if v in survey.variables)
    scale = survey.scale_of(first)
    _check_means(figure, scale)
    parts: list[str] = [notes.n_text(ns, language)]
    if figure.series_questions:
        grid = [cells for _, cells in figure.grid()]
        variables = [next(v for c in grid if (v := c[s]) is not None and v in survey.variables) for s in figure.series]
        parts.append(notes.questions_text(survey, variables, language))
    parts.append(_scale_note(survey, scale, language, key="note.grouped"))
    parts.append(_note_text(survey, figure, language))
    if not_asked:
        parts.append(message(language, "note.not_asked", cells=Markup("; ").join(not_asked)))
    if with_nr:
        parts.append(notes.not_relevant_text(survey, list(with_nr), language, labels=with_nr))
    return header, rows, notes.join(parts), records, ns


_BUILDERS = {"themes": _themes, "means": _means, "distribution": _distribution, "grouped_means": _grouped}


def build_figure(survey: Survey, figure: FigureDef, language: str) -> FigureView:
    header, rows, note, records, ns = _BUILDERS[figure.kind](survey, figure, language)
    caption = render("caption.html", word=ui.text(language, "figure"), id=figure.id, title=figure.title[language])
    return FigureView(
        id=figure.id,
        caption=caption,
        header=header,
        rows=rows,
        note=Markup(note),
        records=records,
        # Plain text: the chart downloads draw it as a subtitle.
        n_note=ui.text(language, "note.n", n=fmt.count_range(min(ns), max(ns), language)) if ns else "",
    )


@dataclass(frozen=True)
class FigurePage:
    """Where a figure block is published: the page's language, source path and site."""

    language: str
    src: str  # e.g. "results.md"
    site_url: str
    site_dir: Path | None  # None: queue no download files (unit tests)
    default_language: str = ""  # the source language (at the site root); default: the build's
    home_src: str = ""  # the page that shows the figure in the report (its address); default src


def figure_block(survey: Survey, figure: FigureDef, page: FigurePage) -> str:
    """The whole figure block of a page: caption, chart, note, data table and downloads.

    The chart (SVG in two widths, inline) is left out when charts are switched off
    (``REPORT_CHARTS=off``); the CSV download is always there.
    """
    from macros.model import context
    from macros.outputs import figure_pages  # it builds on this module

    language = page.language
    if not page.default_language:
        page = replace(page, default_language=context.current().languages.source)
    content = figure_content(survey, figure, page)
    # The number in the caption links to the figure's own page (macros/outputs/figure_pages.py).
    href = figure_pages.caption_href(page.src, "figure", figure.id)
    view = replace(
        content.view, caption=figure_pages.caption(language, "figure", figure.id, figure.title[language], href)
    )
    links = []
    for extension, file_content in content.files.items():
        name = downloads.file_name(figure.id, extension)
        if page.site_dir is not None:
            root = downloads.language_root(Path(page.site_dir), language, page.default_language)
            downloads.queue(root / downloads.DOWNLOADS_DIR / name, file_content)
        if extension in DOWNLOAD_LINKS:
            links.append((ui.text(language, DOWNLOAD_LINKS[extension]), downloads.href_from_page(page.src, name)))
    specs = {w: downloads.href_from_page(page.src, downloads.file_name(figure.id, e)) for w, e in LIVE_SPECS.items()}
    svgs = list(content.svgs)
    if svgs:
        # The narrow chart is fetched by figures.js where it shows (a phone, with JavaScript): the
        # page carries the wide one and, in the narrow one's place, an empty box of its size.
        href = downloads.href_from_page(page.src, downloads.file_name(figure.id, ON_DEMAND_SVG))
        svgs[_ON_DEMAND] = rendering.placeholder_svg(svgs[_ON_DEMAND], href)
    return figure_html(view, language, svgs, links, specs if content.live else None, on_demand=bool(svgs))


@dataclass(frozen=True)
class FigureContent:
    """What a figure shows on any page of one language: its view (caption without a link), the
    chart as rendered and as inline SVG (per width, in :data:`charts.WIDTHS`' order), its text
    alternative, the download files by extension and whether it has live charts."""

    view: FigureView
    rendered: tuple[str, ...]
    svgs: tuple[str, ...]
    description: str
    files: dict[str, bytes | workers.Later]  # a Later: made beside the build (macros/charts/workers.py)
    live: bool


def figure_content(survey: Survey, figure: FigureDef, page: FigurePage) -> FigureContent:
    """A figure's content for ``page``'s language and site, made once per build.

    A figure shows on its chapter's page, its own page, its embed page and a finding's page; what
    does not depend on the page is made once (``BuildContext.remember_for``, for this survey and
    figure).
    """
    from macros.model import context

    default_language = page.default_language or context.current().languages.source
    key = ("figure content", figure.id, page.language, page.site_url, default_language)
    return context.current().remember_for(
        key, (survey, figure), lambda: _figure_content(survey, figure, page, default_language)
    )


def _figure_content(survey: Survey, figure: FigureDef, page: FigurePage, default_language: str) -> FigureContent:
    from macros.outputs import data_files  # it builds on this module

    language = page.language
    view = build_figure(survey, figure, language)
    chart = figure_chart(survey, figure, view, language)
    plain_title = f"{ui.text(language, 'figure')} {figure.id}. {figure.title[language]}"
    # Its numbers as data: a plain CSV and its metadata (macros/outputs/data_files.py).
    vega_file = downloads.file_name(figure.id, LIVE_SPECS["wide"]) if rendering.charts_enabled() else None
    files: dict[str, bytes | workers.Later] = dict(
        data_files.figure_files(survey, figure, view, chart, page.site_url, language, default_language, vega_file)
    )
    rendered, svgs, description = [], [], ""
    live: dict[str, bytes] = {}  # the live chart (figures.js) per width: its Vega spec
    if rendering.charts_enabled():
        description = charts.describe(chart)
        for width in charts.WIDTHS:
            spec = chart_spec(chart, width)
            svg = rendering.render(spec, "svg", language).decode("utf-8")
            rendered.append(svg)
            live[width] = vega.json_bytes(vega.live_spec(spec, svg, chart, view.records, language))
            svgs.append(
                rendering.page_svg(
                    svg,
                    f"{anchor('figure', figure.id)}-{width}",
                    plain_title,
                    description,
                    css_class=f"report-chart__svg report-chart__svg--{width}",
                )
            )
        credit = f"{ui.text(language, 'chart.source')}: {citation_short(survey, language)}"
        heading = (plain_title, f"{view.n_note} {credit}".strip())
        download_spec = chart_spec(chart, "wide", heading)
        # Files no page waits for: made beside the build where the cache lacks them (see
        # macros/charts/workers.py), taken when the downloads are written.
        files["svg"] = rendering.standalone_svg_beside(
            rendering.render(download_spec, "svg", language).decode("utf-8"), plain_title, description
        )
        files["png"] = rendering.render_beside(download_spec, "png", language)
        files["vg.json"] = live["wide"]
        files["narrow.vg.json"] = live["narrow"]
        files[ON_DEMAND_SVG] = svgs[_ON_DEMAND].encode("utf-8")
    return FigureContent(view, tuple(rendered), tuple(svgs), description, files, bool(live))


def figure_chart(survey: Survey, figure: FigureDef, view: FigureView, language: str) -> charts.Chart:
    """The chart of a figure in one language (labels from the codebook, values from the engine)."""
    scale_labels, scale, series, ordered = ("", ""), None, None, False
    if figure.kind != "themes":
        scale = survey.scale_of(figure_variables(figure, survey)[0])
        low, high = scale.valid_codes[0], scale.valid_codes[-1]
        scale_labels = (scale.labels[language][low], scale.labels[language][high])
    if figure.kind == "grouped_means":
        series = tuple(figure.series_labels[s][language] for s in figure.series)
    elif figure.by is not None:
        grouping = _Groups.of(survey, figure.by)
        ordered = grouping.ordered
        if charts.layout_of(figure) == "grouped":
            series = tuple(g.label[language] for g in grouping.groups)
    return charts.build_chart(figure, view.records, language, scale_labels, scale, series, ordered)


def chart_spec(chart: charts.Chart, width: str, heading: tuple[str, str] | None = None) -> dict:
    """The chart's Vega-Lite spec, built once per content (see :func:`rendering.cached_spec`)."""
    inputs = {"chart": asdict(chart), "width": width, "heading": heading}
    return rendering.cached_spec(inputs, lambda: charts.chart_spec(chart, width, heading))


def citation_short(survey: Survey, language: str) -> str:
    """``Family et al. (2025): Title``, for chart images."""
    return citation.short_citation(survey.report, language)


# The files linked under a figure (others, such as the narrow live chart, are written but not listed).
DOWNLOAD_LINKS = {
    "csv": "chart.download_csv",
    "json": "chart.download_json",
    "svg": "chart.download_svg",
    "png": "chart.download_png",
    "vg.json": "chart.download_vega",
}
# The live chart's spec per width, as figures.js finds them (data attributes of the chart).
LIVE_SPECS = {"narrow": "narrow.vg.json", "wide": "vg.json"}
# The narrow chart's inline SVG as a file, which figures.js puts in its place where it shows.
ON_DEMAND_SVG = "narrow.svg"
ON_DEMAND_WIDTH = "narrow"
_ON_DEMAND = list(charts.WIDTHS).index(ON_DEMAND_WIDTH)  # its place among a figure's SVGs


def figure_html(
    view: FigureView,
    language: str,
    svgs: list[str] | None = None,
    links: list[tuple[str, str]] | None = None,
    live: dict[str, str] | None = None,
    on_demand: bool = False,
) -> Markup:
    label = f"{ui.text(language, 'figure')} {view.id}: {ui.text(language, 'data_table')}"
    grid = data_table(view.header, view.rows, caption=ui.text(language, "data_table"), css_class="report-figure__data")
    return render(
        "figure.html",
        anchor=anchor("figure", view.id),
        caption=view.caption,
        # The SVGs come from the renderer through rendering.page_svg, which escapes the texts it adds.
        svgs=[Markup(svg) for svg in svgs or []],
        note=view.note,
        table=scroll_region(grid, label),
        table_label=ui.text(language, "data_table"),
        links=links or [],
        downloads_label=ui.text(language, "chart.downloads"),
        live=live or {},
        on_demand=on_demand,
    )
