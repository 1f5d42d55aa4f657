"""The report's tables, built from their definitions (data/tables.yaml), the engine and the codebook."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from macros.html.markup import Cell, Markup, data_table, inline_markdown, message, render, scroll_region, slug
from macros.model.definitions import TableDef
from macros.model.errors import ReportError
from macros.model.survey import Survey
from macros.stats import breakdowns
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import formatting as fmt
from macros.text import notes

SUPPRESSED = "\u2013"  # a group cell too small to publish (and a cell with nothing to show)
SCALE_NOTE_KINDS = ("ordinal", "numeric")


class TableError(ReportError, ValueError):
    """A table definition the engine cannot print as asked."""


def _question(table: TableDef) -> str:
    """The table's question: a table whose note or stub quotes its question must name one."""
    if table.question is None:
        raise TableError(f"table {table.id}: a {table.kind} table that quotes its question needs `question:`")
    return table.question


def _by(table: TableDef) -> breakdowns.Breakdown:
    """The table's breakdown (`by:`); called only where the table has one."""
    if table.by is None:
        raise TableError(f"table {table.id}: no `by:` breakdown")
    return table.by


@dataclass(frozen=True)
class TableView:
    """A table ready to print: header, labelled rows of formatted cells, and the note.

    A table broken down by a background variable has ``row_groups``: per item, its label and one
    row per group (the group's label as the row header); ``rows`` then holds every row in order.
    """

    id: str
    caption: Markup
    header: list[str]
    rows: list[tuple[str, list[Cell]]]
    note: Markup
    row_groups: list[tuple[str, list[tuple[str, list[Cell]]]]] | None = None


def _top2_header(survey: Survey, table: TableDef, language: str) -> str:
    scale = survey.scale_of(table.items[0])
    if not scale.top_label:
        raise TableError(
            f"table {table.id}: column top2_share needs a heading: scale {scale.id!r} has no top_label_{language} "
            "in data/codebook/scale_properties.csv"
        )
    return scale.top_label[language]


def _item_cells(item: stats.ItemStats, columns, language: str, hidden: bool = False) -> list[Cell]:
    if hidden:
        return [Cell(SUPPRESSED) for _ in columns]
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


def _number_cells(numbers: dict, columns, language: str, hidden: bool = False) -> list[Cell]:
    if hidden:
        return [Cell(SUPPRESSED) for _ in columns]
    return [
        Cell(fmt.integer(numbers["n"], language)) if c == "n" else Cell(fmt.number(numbers[c], language))
        for c in columns
    ]


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
    return breakdowns.bin_label(b, language)


def _item_header(survey: Survey, table: TableDef, language: str) -> list[str]:
    return [
        _top2_header(survey, table, language) if c == "top2_share" else ui.text(language, _HEADER_KEYS[c])
        for c in table.columns
    ]


def _items_notes(survey: Survey, table: TableDef, ns: list[int], language: str) -> list:
    parts: list = []
    for part in table.note:
        if part == "n":
            parts.append(notes.n_text(ns, language) if ns else "")
        elif part == "question":
            parts.append(notes.question_text(survey, _question(table), language))
        elif part == "sd_in_parentheses":
            parts.append(message(language, "note.sd"))
        elif part == "scale":
            scale = survey.scale_of(table.items[0])
            if scale.kind in SCALE_NOTE_KINDS:
                parts.append(notes.scale_text(survey, scale.id, language))
        elif part == "not_relevant":
            parts.append(notes.not_relevant_text(survey, list(table.items), language))
    return parts


def _grouped_rows(survey: Survey, table: TableDef, language: str, cells_of):
    """Rows of a table broken down by ``table.by``: per item, one row per group. ``cells_of(key,
    hidden)`` gives the cells of one (group, item); returns (row groups, ns shown, any suppressed)."""
    rule = breakdowns.disclosure(survey)
    groups = _by(table).groups(survey)
    row_groups, ns, suppressed = [], [], False
    for variable in table.items:
        rows = []
        for group in groups:
            n, cells = cells_of((group.id, variable), rule)
            hidden = rule.hides(n)
            suppressed |= hidden
            if not hidden:
                ns.append(n)
            rows.append((group.label[language], cells(hidden)))
        row_groups.append((survey.variables[variable].label[language], rows))
    return row_groups, ns, suppressed


def _by_notes(survey: Survey, table: TableDef, language: str, suppressed: bool) -> list:
    parts = [message(language, "note.by", by=notes.mid_sentence(_by(table).label(survey, language), language))]
    if suppressed:
        rule = breakdowns.disclosure(survey)
        parts.append(message(language, "note.suppressed", min_cell=fmt.integer(rule.min_cell, language)))
    return parts


def table_view(survey: Survey, table: TableDef, language: str) -> TableView:
    """:func:`build_table`, once per build (``BuildContext.remember_for``, for this survey and
    table): a table shows on its chapter's page, its own page, a finding's page and in the data
    downloads."""
    from macros.model import context

    key = ("table view", table.id, language)
    return context.current().remember_for(key, (survey, table), lambda: build_table(survey, table, language))


def build_table(survey: Survey, table: TableDef, language: str) -> TableView:
    caption = render("caption.html", word=ui.text(language, "table"), id=table.id, title=table.title[language])
    parts: list = []
    row_groups = None
    if table.kind == "items" and table.by is not None:
        item_cells = breakdowns.item_stats_by(survey, list(table.items), table.by)
        row_groups, ns, suppressed = _grouped_rows(
            survey,
            table,
            language,
            lambda key, _rule: (
                item_cells[key].n,
                lambda hidden: _item_cells(item_cells[key], table.columns, language, hidden),
            ),
        )
        header = [ui.text(language, "items"), ui.text(language, "group"), *_item_header(survey, table, language)]
        rows = [row for _, group_rows in row_groups for row in group_rows]
        parts = _items_notes(survey, table, ns, language) + _by_notes(survey, table, language, suppressed)
    elif table.kind == "items":
        items = [stats.item_stats(survey, v) for v in table.items]
        quoted = ui.text(language, "quoted", text=survey.questions[_question(table)].text[language])
        stub = quoted if table.stub == "question" else ""
        header = [stub or ui.text(language, "items"), *_item_header(survey, table, language)]
        rows = [(survey.variables[i.variable].label[language], _item_cells(i, table.columns, language)) for i in items]
        parts = _items_notes(survey, table, [i.n for i in items], language)
    elif table.kind == "numbers" and table.by is not None:
        number_cells = breakdowns.number_stats_by(survey, list(table.items), table.by)
        row_groups, ns, suppressed = _grouped_rows(
            survey,
            table,
            language,
            lambda key, _rule: (
                number_cells[key]["n"],
                lambda hidden: _number_cells(number_cells[key], table.columns, language, hidden),
            ),
        )
        header = [
            "",
            ui.text(language, "group"),
            *(ui.text(language, "observations" if c == "n" else _HEADER_KEYS[c]) for c in table.columns),
        ]
        rows = [row for _, group_rows in row_groups for row in group_rows]
        parts = [notes.n_text(ns, language) if ns else "", notes.questions_text(survey, list(table.items), language)]
        parts += _by_notes(survey, table, language, suppressed)
    elif table.kind == "numbers":
        header = [""] + [ui.text(language, "observations" if c == "n" else _HEADER_KEYS[c]) for c in table.columns]
        rows, ns = [], []
        for variable in table.items:
            numbers = stats.number_stats(survey, variable)
            ns.append(numbers["n"])
            rows.append((survey.variables[variable].label[language], _number_cells(numbers, table.columns, language)))
        parts = [notes.n_text(ns, language), notes.questions_text(survey, list(table.items), language)]
    else:  # bins
        variable = table.items[0]
        counts = stats.bin_counts(survey, variable, list(table.bins))
        total = sum(counts.values())
        header = [""] + [ui.text(language, c) for c in table.columns]
        rule = breakdowns.disclosure(survey)
        rows = []
        for b in table.bins:
            count = SUPPRESSED if rule.hides_marginal(counts[b.id]) else fmt.integer(counts[b.id], language)
            bin_cells = [
                Cell(count) if c == "count" else Cell(fmt.percent(Fraction(counts[b.id], total), language))
                for c in table.columns
            ]
            rows.append((bin_label(b, language), bin_cells))
        parts = [notes.n_text([total], language), notes.questions_text(survey, [variable], language)]
        if any(rule.hides_marginal(c) for c in counts.values()):
            parts.append(message(language, "note.small_count", min_cell=fmt.integer(rule.min_cell, language)))
    if table.note_text:
        parts.append(inline_markdown(table.note_text[language]))
    return TableView(
        id=table.id, caption=caption, header=header, rows=rows, note=notes.join(parts), row_groups=row_groups
    )


def anchor(kind: str, number: str) -> str:
    """The anchor of a table or figure, from an id of any form: ``table-1-3``, ``figure-2-1-1``,
    ``figure-results-by-region``.

    >>> anchor("table", "1.3"), anchor("figure", "Results by region")
    ('table-1-3', 'figure-results-by-region')
    """
    return f"{kind}-{slug(number)}"


def table_html(view: TableView, language: str) -> Markup:
    label = f"{ui.text(language, 'table')} {view.id}"
    if view.row_groups is not None:
        grid = render("grouped_table.html", header=view.header, groups=view.row_groups, caption=view.caption)
    else:
        grid = data_table(view.header, view.rows, caption=view.caption)
    return render("table.html", anchor=anchor("table", view.id), grid=scroll_region(grid, label), note=view.note)
