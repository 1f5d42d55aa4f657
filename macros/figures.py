"""The report's figures as data: what each figure shows, in the page language.

Until a chart is drawn above it, a figure is its number, title, data table and note.
:class:`FigureView.records` holds the raw numbers for charts and downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from macros import fmt, notes, stats, ui
from macros.data import Survey
from macros.definitions import FigureDef
from macros.markup import Cell, data_table, esc, scroll_region
from macros.tables import anchor


@dataclass(frozen=True)
class FigureView:
    id: str
    caption: str
    header: list[str]
    rows: list[tuple[str, list[Cell]]]
    note: str
    # One record per plotted value: row label, series label, value (share 0-1 or mean), its kind.
    records: list[dict] = field(default_factory=list)


def _themes(survey: Survey, figure: FigureDef, language: str):
    question = figure.question
    main = [t for t in survey.themes[question].values() if not t.parent]
    results = {t.id: stats.theme_stats(survey, question, t.id) for t in main}
    # A theme no answer carries (e.g. "Andet" where every answer fits a named theme) is not drawn.
    main = [t for t in main if results[t.id].count]
    ordered = sorted(main, key=lambda t: (t.id == "other", -results[t.id].share, t.order))
    header = [ui.text(language, "theme"), ui.text(language, "share"), ui.text(language, "count")]
    rows, records = [], []
    for theme in ordered:
        r = results[theme.id]
        rows.append((theme.label[language], [Cell(fmt.percent(r.share, language)), Cell(fmt.integer(r.count, language))]))
        records.append({"row": theme.label[language], "series": "", "value": r.share, "kind": "share",
                        "key": theme.id})
    answered = stats.answered_open(survey, question)
    hundred = fmt.percent(1, language, digits=0)
    note = notes.join([notes.n_text([answered], language), notes.question_text(survey, question, language),
                       ui.text(language, "note.themes", hundred=hundred)])
    return header, rows, note, records


def _means(survey: Survey, figure: FigureDef, language: str):
    items = [stats.item_stats(survey, v) for v in figure.items]
    header = [ui.text(language, "items"), ui.text(language, "mean"), ui.text(language, "n")]
    rows, records = [], []
    for item in items:
        label = survey.variables[item.variable].label[language]
        rows.append((label, [Cell(fmt.number(item.mean(), language)), Cell(fmt.integer(item.n, language))]))
        records.append({"row": label, "series": "", "value": item.mean(), "kind": "mean", "key": item.variable})
    parts = [notes.n_text([i.n for i in items], language), notes.question_text(survey, figure.question, language),
             notes.scale_text(survey, items[0].scale.id, language), ui.text(language, "note.means")]
    if items[0].scale.not_relevant is not None:
        parts.append(notes.not_relevant_text(survey, list(figure.items), language))
    return header, rows, notes.join(parts), records


def _distribution(survey: Survey, figure: FigureDef, language: str):
    items = [stats.item_stats(survey, v) for v in figure.items]
    scale = items[0].scale
    include_nr = figure.include_not_relevant and scale.not_relevant is not None
    codes = list(scale.valid_codes) + ([scale.not_relevant] if include_nr else [])
    header = [ui.text(language, "items")] + [scale.short_labels[language][c] for c in codes] + [ui.text(language, "n")]
    label_kind = "label" if len(items) == 1 else "short"
    rows, records = [], []
    for item in items:
        label = getattr(survey.variables[item.variable], label_kind)[language]
        shares = [item.share(c, include_not_relevant=include_nr) for c in codes]
        total = item.answered if include_nr else item.n
        rows.append((label, [Cell(fmt.percent(s, language)) for s in shares] + [Cell(fmt.integer(total, language))]))
        for code, share in zip(codes, shares):
            records.append({"row": label, "series": scale.short_labels[language][code], "value": share,
                            "kind": "share", "key": f"{item.variable}={code}"})
    ns = [i.answered if include_nr else i.n for i in items]
    parts = [notes.n_text(ns, language), notes.question_text(survey, figure.question, language)]
    if scale.id != "approach":
        parts.append(notes.scale_text(survey, scale.id, language))
    parts.append(ui.text(language, "note.distribution"))
    if figure.show_mean:
        parts.append(ui.text(language, "note.mean", mean=fmt.number(items[0].mean(), language)))
    if include_nr:
        parts.append(ui.text(language, "note.not_relevant_included",
                             label=esc(scale.labels[language][scale.not_relevant])))
    elif scale.not_relevant is not None:
        parts.append(notes.not_relevant_text(survey, list(figure.items), language))
    return header, rows, notes.join(parts), records


def _grouped(survey: Survey, figure: FigureDef, language: str):
    header = [""] + [figure.series_labels[s][language] for s in figure.series]
    rows, records, ns, with_nr = [], [], [], []
    for _row, cells in figure.grid():
        present = [v for v in cells.values() if v in survey.variables]
        label = survey.variables[present[-1]].short[language]
        out = []
        for series, variable in cells.items():
            if variable not in survey.variables:
                out.append(Cell("\u2013"))
                continue
            item = stats.item_stats(survey, variable)
            ns.append(item.n)
            if item.scale.not_relevant is not None:
                with_nr.append(variable)
            out.append(Cell(fmt.number(item.mean(), language)))
            records.append({"row": label, "series": figure.series_labels[series][language], "value": item.mean(),
                            "kind": "mean", "key": variable})
        rows.append((label, out))
    first = next(v for _, cells in figure.grid() for v in cells.values() if v in survey.variables)
    parts = [notes.n_text(ns, language),
             notes.scale_text(survey, survey.scale_of(first).id, language, key="note.grouped")]
    if with_nr:
        parts.append(notes.not_relevant_text(survey, with_nr, language))
    return header, rows, notes.join(parts), records


_BUILDERS = {"themes": _themes, "means": _means, "distribution": _distribution, "grouped_means": _grouped}


def build_figure(survey: Survey, figure: FigureDef, language: str) -> FigureView:
    header, rows, note, records = _BUILDERS[figure.kind](survey, figure, language)
    caption = (f'<span class="report-label">{ui.text(language, "figure")} {figure.id}.</span> '
               f"{esc(figure.title[language])}")
    return FigureView(id=figure.id, caption=caption, header=header, rows=rows, note=note, records=records)


def figure_html(view: FigureView, language: str) -> str:
    label = f'{ui.text(language, "figure")} {view.id}: {ui.text(language, "data_table")}'
    grid = data_table(view.header, view.rows, caption=esc(ui.text(language, "data_table")),
                      css_class="report-figure__data")
    return (f'<figure class="report-figure" id="{anchor("figure", view.id)}">'
            f"<figcaption>{view.caption}</figcaption>"
            f"{scroll_region(grid, label)}"
            f'<p class="report-note">{view.note}</p></figure>')
