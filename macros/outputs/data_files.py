"""The numbers of every table and figure as data people can use: CSV, metadata, one zip.

Each table and figure has, in each language, under the language's ``downloads/``:

- ``<name>.csv``: RFC 4180 (UTF-8 without a byte order mark, comma-separated, CRLF line ends,
  fields quoted only where needed), a header row in the page language and one row per value;
  nothing else (the source and the notes are in the metadata). Numbers have a dot decimal in
  every language and are rounded as the report prints them; counts are whole numbers.
- ``<name>.json``: its metadata, a Frictionless Tabular Data Resource descriptor: title,
  description (the block's note), the question asked, what a share is a share of, the source,
  the citation, the licence (report.yaml ``licence``, when it has one), the language, the CSV
  dialect and a schema with every column's name (the header cell), type, unit and description.

``<name>`` is the block's anchor (``figure-3-1``, ``table-3-1``). The Data page offers the whole
aggregate edition of a language as one zip (:func:`edition_zip`): every CSV, a Frictionless
Data Package descriptor of them (``datapackage.json``), a README and the licence, with fixed
timestamps so that the same data gives the same bytes. Nothing respondent-level is in any of
them: they hold the numbers the report prints, and the counts and bases behind them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from macros.blocks import tables as table_blocks
from macros.charts import spec as charts
from macros.model.definitions import FigureDef, TableDef, figure_variables
from macros.model.survey import Survey
from macros.outputs import downloads
from macros.stats import breakdowns
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import citation, notes
from macros.text import formatting as fmt

# The zip's entries carry this timestamp, whatever the day of the build (zip has no time zone).
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class DataFileError(ValueError):
    """A table or figure whose numbers cannot be written as data (a kind not yet supported)."""


@dataclass(frozen=True)
class Column:
    name: str  # the header cell, in the page language
    type: str  # Frictionless: string, number, integer
    description: str
    unit: str = ""


@dataclass(frozen=True)
class DataTable:
    """One block's numbers in one language, ready to write as CSV and describe as metadata."""

    kind: str  # "figure" or "table"
    id: str
    language: str
    title: str  # the block's word, number and title: "Figure 3.1. <title>"
    description: str  # the block's note, as plain text
    questions: tuple[str, ...]
    share_of: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return table_blocks.anchor(self.kind, self.id)


def plain(markup: object) -> str:
    """Markup as plain text: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(markup))).split())


def _whole(value) -> str:
    return "" if value is None else str(int(value))


def decimal(value, digits: int = fmt.TABLE_DECIMALS) -> str:
    """A number as the report rounds it, with a dot decimal: ``3.2``."""
    return format(fmt.report_round(value, digits), "f")


def percent(share, digits: int = fmt.TABLE_DECIMALS) -> str:
    """A share (0-1) in percent as the report rounds it: ``12.5``."""
    return format(fmt.report_round(fmt.to_decimal(share) * 100, digits), "f")


# --- figures ----------------------------------------------------------------------------------


def _scale_words(survey: Survey, variable: str, language: str) -> dict:
    scale = survey.scale_of(variable)
    low, high = scale.valid_codes[0], scale.valid_codes[-1]
    return {
        "low": low,
        "high": high,
        "low_label": scale.labels[language][low],
        "high_label": scale.labels[language][high],
    }


def _questions(survey: Survey, variables: list[str], question: str | None) -> tuple[str, ...]:
    ids = [question] if question else [survey.variables[v].question for v in variables]
    return tuple(dict.fromkeys(ids))


def figure_data(survey: Survey, figure: FigureDef, view, chart: charts.Chart, language: str) -> DataTable:
    """A figure's numbers: its chart's values as printed, with the count and n behind each.

    ``view`` is the figure's :class:`macros.blocks.figures.FigureView` (its records carry the
    count and n of each value), ``chart`` its chart in the language.
    """
    text = lambda key, **values: ui.text(language, key, **values)  # noqa: E731
    n_column = Column(text("live.n"), "integer", text("data.col.n"))
    distribution = chart.figure_kind == "distribution"
    if distribution and figure.by is not None:
        label = Column(text("group"), "string", text("data.col.group_row"))
    elif chart.figure_kind == "themes":
        label = Column(text("theme"), "string", text("data.col.theme"))
    elif distribution and chart.layout == "bars":
        label = Column(text("answers"), "string", text("data.col.answer"))
    else:
        label = Column(text("data.col.item_header"), "string", text("data.col.item"))
    columns = [label]
    if chart.layout != "bars":
        if distribution:
            columns.append(Column(text("answers"), "string", text("data.col.answer")))
        elif figure.by is not None:
            columns.append(Column(text("group"), "string", text("data.col.group")))
        else:
            columns.append(Column(text("series"), "string", text("data.col.series")))
    variables = figure_variables(figure, survey) if figure.kind != "themes" else []
    if chart.measure == "mean":
        words = _scale_words(survey, variables[0], language)
        columns.append(
            Column(
                text("mean"),
                "number",
                text("data.col.mean", **words),
                notes.mean_unit(survey, variables[0], language),
            )
        )
    else:
        themes = chart.figure_kind == "themes"
        columns.append(
            Column(
                text("chart.csv.percent"),
                "number",
                text("data.col.theme_share" if themes else "data.col.share"),
                text("unit.percent"),
            )
        )
        columns.append(Column(text("count"), "integer", text("data.col.theme_count" if themes else "data.col.count")))
    columns.append(n_column)
    rows = []
    # A suppressed value (a group too small to publish) is an empty cell, its count and n too.
    for point, record in zip(chart.points, view.records, strict=True):
        row = [point.row] + ([point.series] if chart.layout != "bars" else [])
        row.append("" if point.value is None else charts.to_decimal_string(point.value))  # None: suppressed
        if chart.measure != "mean":
            row.append(_whole(None if point.suppressed else record.get("count")))
        row.append(_whole(None if point.suppressed else record.get("n")))
        rows.append(tuple(row))
    description = plain(view.note)
    if any(p.suppressed for p in chart.points):
        rule = breakdowns.disclosure(survey)
        description += " " + text("csv.suppressed", min_cell=fmt.integer(rule.min_cell, language))
    if chart.figure_kind == "themes":
        share_of = text("data.share_of.themes")
    elif chart.measure == "mean":
        share_of = text("data.share_of.none")
    elif figure.include_not_relevant:
        share_of = text("data.share_of.answered")
    else:
        share_of = text("data.share_of.substantive")
    return DataTable(
        kind="figure",
        id=figure.id,
        language=language,
        title=f"{text('figure')} {figure.id}. {figure.title[language]}",
        description=description,
        questions=_questions(survey, variables, figure.question),
        share_of=share_of,
        columns=tuple(columns),
        rows=tuple(rows),
    )


# --- tables -----------------------------------------------------------------------------------


def has_data(table: TableDef) -> bool:
    """Whether a table's numbers are written as data files (not yet a table of groups, ``by:``)."""
    return table.by is None


def table_data(survey: Survey, table: TableDef, language: str) -> DataTable:
    """A table's numbers, one row per row of the table, rounded as printed."""
    if table.by is not None:
        raise DataFileError(f"table {table.id}: the data files of a table with `by:` groups are not written yet")
    # (Callers check :func:`has_data` first: such a table has no data files yet, and no error.)
    view = table_blocks.table_view(survey, table, language)
    text = lambda key, **values: ui.text(language, key, **values)  # noqa: E731
    columns: list[Column] = []
    rows: list[tuple[str, ...]] = []
    if table.kind == "items":
        items = [stats.item_stats(survey, v) for v in table.items]
        words = _scale_words(survey, table.items[0], language)
        top2 = table_blocks._top2_header(survey, table, language)
        columns.append(Column(text("data.col.item_header"), "string", text("data.col.item")))
        makers: list[Callable[[stats.ItemStats], list[str]]] = []  # per column: the cells of one item
        for name in table.columns:
            if name == "n":
                columns.append(Column(text("live.n"), "integer", text("data.col.n")))
                makers.append(lambda i: [str(i.n)])
            elif name == "top2_share":
                columns.append(
                    Column(
                        text("data.col.percent_header", label=top2),
                        "number",
                        text("data.col.top2"),
                        text("unit.percent"),
                    )
                )
                makers.append(lambda i: [percent(i.top2_share())])
            elif name in ("mean_sd", "mean", "sd"):
                unit = notes.mean_unit(survey, table.items[0], language)
                if name != "sd":
                    columns.append(Column(text("mean"), "number", text("data.col.mean", **words), unit))
                    makers.append(lambda i: [decimal(i.mean())])
                if name != "mean":
                    columns.append(Column(text("sd"), "number", text("data.col.sd")))
                    makers.append(lambda i: [decimal(i.sd())])
            elif name in ("min", "max"):
                columns.append(Column(text(name), "integer", text(f"data.col.{name}")))

                def extreme(i: stats.ItemStats, name: str = name) -> list[str]:
                    return [str(getattr(i, name)())]

                makers.append(extreme)
            else:
                raise DataFileError(f"table {table.id}: column {name!r} of an items table is not written as data yet")
        for item in items:
            row = [survey.variables[item.variable].label[language]]
            for make in makers:
                row.extend(make(item))
            rows.append(tuple(row))
        questions = _questions(survey, list(table.items), table.question)
        share_of = text("data.share_of.substantive") if "top2_share" in table.columns else text("data.share_of.none")
    elif table.kind == "numbers":
        columns.append(Column(text("data.col.item_header"), "string", text("data.col.item")))
        for name in table.columns:
            header = "live.n" if name == "n" else name
            kind = "integer" if name in ("n", "min", "max") else "number"
            columns.append(Column(text(header), kind, text(f"data.col.{name}_number")))
        for variable in table.items:
            numbers = stats.number_stats(survey, variable)
            row = [survey.variables[variable].label[language]]
            for name in table.columns:
                row.append(str(numbers[name]) if name in ("n", "min", "max") else decimal(numbers[name]))
            rows.append(tuple(row))
        questions = _questions(survey, list(table.items), table.question)
        share_of = text("data.share_of.none")
    elif table.kind == "bins":
        variable = table.items[0]
        counts = stats.bin_counts(survey, variable, list(table.bins))
        total = sum(counts.values())
        columns.append(Column(text("group"), "string", text("data.col.bin")))
        for name in table.columns:
            if name == "count":
                columns.append(Column(text("count"), "integer", text("data.col.bin_count")))
            elif name == "share":
                columns.append(
                    Column(text("chart.csv.percent"), "number", text("data.col.bin_share"), text("unit.percent"))
                )
            else:
                raise DataFileError(f"table {table.id}: column {name!r} of a bins table is not written as data yet")
        for b in table.bins:
            row = [table_blocks.bin_label(b, language)]
            for name in table.columns:
                row.append(str(counts[b.id]) if name == "count" else percent(Fraction(counts[b.id], total)))
            rows.append(tuple(row))
        questions = _questions(survey, [variable], table.question)
        share_of = text("data.share_of.bins")
    else:
        raise DataFileError(f"table {table.id}: kind {table.kind!r} is not written as data yet")
    return DataTable(
        kind="table",
        id=table.id,
        language=language,
        title=f"{text('table')} {table.id}. {table.title[language]}",
        description=plain(view.note),
        questions=questions,
        share_of=share_of,
        columns=tuple(columns),
        rows=tuple(rows),
    )


# --- the files --------------------------------------------------------------------------------


def csv_bytes(data: DataTable) -> bytes:
    """The CSV file: RFC 4180, the header row, then the rows; nothing else.

    Every cell goes through :func:`macros.outputs.downloads.neutralised`, so that no cell can
    start a spreadsheet formula.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([downloads.neutralised(c.name) for c in data.columns])
    writer.writerows([downloads.neutralised(cell) for cell in row] for row in data.rows)
    return buffer.getvalue().encode("utf-8")


def licence(report: dict) -> list[dict]:
    """report.yaml's ``licence`` as Frictionless licenses: a name (an SPDX id or a title), or a
    mapping of name, title and path; none when report.yaml declares none."""
    value = report.get("licence")
    if not value:
        return []
    if isinstance(value, str):
        return [{"name": value, "title": value}]
    return [{k: str(v) for k, v in value.items() if k in ("name", "title", "path")}]


def block_url(site_url: str, language: str, default_language: str, kind: str, block_id: str) -> str:
    """The permanent address of a table's or figure's own page: ``<site>/figures/3-1/``."""
    prefix = "" if language == default_language else f"{language}/"
    return f"{site_url.rstrip('/')}/{prefix}{page_folder(kind, block_id)}"


def page_folder(kind: str, block_id: str) -> str:
    """``figures/3-1/``: the folder of a block's page below its language root (the anchor's rule)."""
    return f"{kind}s/{table_blocks.anchor(kind, block_id)[len(kind) + 1 :]}/"


def resource(data: DataTable, report: dict, url: str, chart_file: str | None = None) -> dict:
    """The Frictionless Tabular Data Resource that describes one CSV (its metadata file)."""
    language = data.language
    reference = plain(citation.apa_reference(report, language, url))
    descriptor = {
        "profile": "tabular-data-resource",
        "name": data.name,
        "path": f"{data.name}.csv",
        "title": data.title,
        "description": data.description,
        "language": language,
        "questions": list(data.questions),
        "shareOf": data.share_of,
        "homepage": url,
        "citation": ui.text(language, "citation.part_of", title=data.title, reference=reference),
        "sources": [{"title": reference, "path": url}],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
            "header": True,
        },
        "schema": {
            "fields": [
                {
                    "name": c.name,
                    "title": c.name,
                    "type": c.type,
                    "description": c.description,
                    **({"unit": c.unit} if c.unit else {}),
                }
                for c in data.columns
            ]
        },
    }
    licenses = licence(report)
    if licenses:
        descriptor["licenses"] = licenses
    if chart_file:
        descriptor["chart"] = chart_file
    return descriptor


def figure_files(
    survey: Survey,
    figure: FigureDef,
    view,
    chart: charts.Chart,
    site_url: str,
    language: str,
    default_language: str,
    chart_file: str | None = None,
) -> dict[str, bytes]:
    """A figure's data downloads: ``{"csv": ..., "json": ...}`` (its numbers and their metadata)."""
    url = block_url(site_url, language, default_language, "figure", figure.id)
    data = figure_data(survey, figure, view, chart, language)
    metadata = with_question_texts(resource(data, survey.report, url, chart_file), survey, language)
    return {"csv": csv_bytes(data), "json": json_bytes(metadata)}


def with_question_texts(descriptor: dict, survey: Survey, language: str) -> dict:
    """The descriptor with each question id replaced by its wording in the language."""
    return {**descriptor, "questions": [survey.questions[q].text[language] for q in descriptor["questions"]]}


def json_bytes(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def edition_zip(
    datas: list[tuple[DataTable, dict]], report: dict, language: str, package: dict, readme: str, licence_text: str
) -> bytes:
    """The whole edition in one zip: every CSV, ``datapackage.json``, ``README.md``, ``LICENSE.txt``.

    ``datas``: each block's numbers with its resource descriptor. Entries are stored in a fixed
    order with fixed timestamps and permissions, so the same data always gives the same bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, content)

        add("README.md", readme.encode("utf-8"))
        add("LICENSE.txt", licence_text.encode("utf-8"))
        add("datapackage.json", json_bytes({**package, "resources": [r for _, r in datas]}))
        for data, _ in datas:
            add(f"{data.name}.csv", csv_bytes(data))
    return buffer.getvalue()
