"""The report's tables, built from their definitions (data/tables.yaml), the engine and the codebook."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from macros.html.markup import Cell, Markup, data_table, message, render, scroll_region
from macros.model.definitions import TableDef
from macros.model.survey import Survey
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import formatting as fmt
from macros.text import notes


@dataclass(frozen=True)
class TableView:
    """A table ready to print: header, labelled rows of formatted cells, and the note."""

    id: str
    caption: Markup
    header: list[str]
    rows: list[tuple[str, list[Cell]]]
    note: Markup


def _top2_header(survey: Survey, variable: str, language: str) -> str:
    scale = survey.scale_of(variable)
    return ui.text(language, "top2.agree" if scale.id.startswith("agree") else "top2.degree")


def _item_cells(item: stats.ItemStats, columns, language: str) -> list[Cell]:
    cells = []
    for column in columns:
        if column == "n":
            cells.append(Cell(fmt.integer(item.n, language)))
        elif column == "top2_share":
            cells.append(Cell(fmt.percent(item.top2_share(), language)))
        elif column == "mean_sd":
            cells.append(Cell(fmt.mean_with_sd(item.mean(), item.sd(), language)))
        elif column == "mean":
            cells.append(Cell(fmt.number(item.mean(), language)))
        elif column == "sd":
            cells.append(Cell(fmt.number(item.sd(), language)))
        elif column == "min":
            cells.append(Cell(fmt.integer(item.min(), language)))
        elif column == "max":
            cells.append(Cell(fmt.integer(item.max(), language)))
    return cells


_HEADER_KEYS = {
    "n": "n",
    "mean_sd": "mean",
    "mean": "mean",
    "sd": "sd",
    "min": "min",
    "max": "max",
    "count": "count",
    "share": "share",
}


def bin_label(b: stats.Bin, language: str) -> str:
    if b.high is None:
        return ui.text(language, "years_open", low=b.low)
    return ui.text(language, "years", label=f"{b.low}\u2013{b.high}")


def build_table(survey: Survey, table: TableDef, language: str) -> TableView:
    caption = render("caption.html", word=ui.text(language, "table"), id=table.id, title=table.title[language])
    parts: list[str] = []
    if table.kind == "items":
        items = [stats.item_stats(survey, v) for v in table.items]
        quoted = ui.text(language, "quoted", text=survey.questions[table.question].text[language])
        stub = quoted if table.stub == "question" else ""
        header = [stub or ui.text(language, "items")] + [
            _top2_header(survey, table.items[0], language) if c == "top2_share" else ui.text(language, _HEADER_KEYS[c])
            for c in table.columns
        ]
        rows = [(survey.variables[i.variable].label[language], _item_cells(i, table.columns, language)) for i in items]
        ns = [i.n for i in items]
        for part in table.note:
            if part == "n":
                parts.append(notes.n_text(ns, language))
            elif part == "question":
                parts.append(notes.question_text(survey, table.question, language))
            elif part == "sd_in_parentheses":
                parts.append(message(language, "note.sd"))
            elif part == "scale":
                parts.append(notes.scale_text(survey, survey.scale_of(table.items[0]).id, language))
            elif part == "not_relevant":
                parts.append(notes.not_relevant_text(survey, list(table.items), language))
    elif table.kind == "numbers":
        header = [""] + [ui.text(language, "observations" if c == "n" else _HEADER_KEYS[c]) for c in table.columns]
        rows, ns = [], []
        for variable in table.items:
            numbers = stats.number_stats(survey, variable)
            ns.append(numbers["n"])
            cells = [
                Cell(fmt.integer(numbers["n"], language)) if c == "n" else Cell(fmt.number(numbers[c], language))
                for c in table.columns
            ]
            rows.append((survey.variables[variable].label[language], cells))
        parts = [notes.n_text(ns, language), notes.questions_text(survey, list(table.items), language)]
    else:  # bins
        variable = table.items[0]
        counts = stats.bin_counts(survey, variable, list(table.bins))
        total = sum(counts.values())
        header = [""] + [ui.text(language, c) for c in table.columns]
        rows = []
        for b in table.bins:
            cells = [
                Cell(fmt.integer(counts[b.id], language))
                if c == "count"
                else Cell(fmt.percent(Fraction(counts[b.id], total), language))
                for c in table.columns
            ]
            rows.append((bin_label(b, language), cells))
        parts = [notes.n_text([total], language), notes.questions_text(survey, [variable], language)]
    return TableView(id=table.id, caption=caption, header=header, rows=rows, note=Markup(notes.join(parts)))


def anchor(kind: str, number: str) -> str:
    """The anchor of a table or figure: ``table-4-2``, ``figure-5-1-1``."""
    return f"{kind}-{number.replace('.', '-')}"


def table_html(view: TableView, language: str) -> Markup:
    label = f"{ui.text(language, 'table')} {view.id}"
    grid = data_table(view.header, view.rows, caption=view.caption)
    return render("table.html", anchor=anchor("table", view.id), grid=scroll_region(grid, label), note=view.note)
