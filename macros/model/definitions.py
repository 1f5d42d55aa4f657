"""Declarative definitions of the report's tables and figures (data/tables.yaml, data/figures.yaml).

Validated against the codebook once: an unknown item, question or kind stops
the build with the table/figure id, the key and the valid choices.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from macros.model.survey import DATA_DIR, LANGUAGES, DataError, Survey, load_survey
from macros.stats import breakdowns
from macros.stats.breakdowns import Breakdown
from macros.stats.items import Bin

TABLE_KINDS = ("items", "numbers", "bins")
FIGURE_KINDS = ("themes", "means", "distribution", "grouped_means")
TABLE_COLUMNS = ("n", "top2_share", "mean_sd", "min", "max", "mean", "sd", "count", "share")
NOTE_PARTS = ("n", "question", "questions", "sd_in_parentheses", "scale", "not_relevant")


@dataclass(frozen=True)
class TableDef:
    id: str
    title: dict[str, str]
    kind: str
    items: tuple[str, ...]
    columns: tuple[str, ...]
    note: tuple[str, ...]
    question: str | None = None
    stub: str | None = None
    bins: tuple[Bin, ...] = ()
    by: Breakdown | None = None  # `by:` groups of a background variable (macros/stats/breakdowns.py)


@dataclass(frozen=True)
class FigureDef:
    id: str
    title: dict[str, str]
    kind: str
    question: str | None = None
    items: tuple[str, ...] = ()
    include_not_relevant: bool = False
    show_mean: bool = False
    rows: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    series_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    by: Breakdown | None = None  # `by:` groups of a background variable (macros/stats/breakdowns.py)

    def grid(self) -> list[tuple[str, dict[str, str | None]]]:
        """For grouped means: (row key, {series: variable or None}) in order."""
        return [(row, {s: f"{s}.{row}" for s in self.series}) for row in self.rows]


def _read(path: Path, problems: list[str]) -> dict:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(f"{path.name}{f':{mark.line + 1}' if mark else ''}: is not valid YAML")
        return {}
    return content or {}


def _title(where: str, spec: dict, problems: list[str]) -> dict[str, str]:
    title = spec.get("title") or {}
    for language in LANGUAGES:
        if not str(title.get(language, "")).strip():
            problems.append(f"{where}: title has no {language!r} text; expected title: {{da: ..., en: ...}}")
    return {lang: str(title.get(lang, "")) for lang in LANGUAGES}


def _check_items(where: str, items, survey: Survey, problems: list[str]) -> tuple[str, ...]:
    if not items:
        problems.append(f"{where}: `items` is empty; expected a list of variable ids")
        return ()
    for item in items:
        if item not in survey.variables:
            close = [v for v in survey.variables if v.split(".")[0] == str(item).split(".")[0]]
            problems.append(f"{where}: unknown item {item!r}; expected one of {close or list(survey.variables)}")
    return tuple(items)


def _check_question(where: str, question, survey: Survey, problems: list[str]) -> None:
    if question is not None and question not in survey.questions:
        problems.append(f"{where}: unknown question {question!r}; expected one of {list(survey.questions)}")


@functools.lru_cache(maxsize=4)
def _definitions(data_dir: Path, _stamp) -> tuple[dict[str, TableDef], dict[str, FigureDef]]:
    survey = load_survey(data_dir)
    problems: list[str] = []
    tables: dict[str, TableDef] = {}
    for tid, spec in _read(data_dir / "tables.yaml", problems).items():
        where = f"tables.yaml: table {tid!r}"
        kind = spec.get("kind")
        if kind not in TABLE_KINDS:
            problems.append(f"{where}: kind {kind!r}; expected one of {TABLE_KINDS}")
        for column in spec.get("columns", []):
            if column not in TABLE_COLUMNS:
                problems.append(f"{where}: unknown column {column!r}; expected one of {TABLE_COLUMNS}")
        for part in spec.get("note", []):
            if part not in NOTE_PARTS:
                problems.append(f"{where}: unknown note part {part!r}; expected one of {NOTE_PARTS}")
        _check_question(where, spec.get("question"), survey, problems)
        bins = tuple(Bin(str(b["id"]), int(b["low"]), b.get("high")) for b in spec.get("bins", []))
        tables[str(tid)] = TableDef(
            id=str(tid),
            title=_title(where, spec, problems),
            kind=kind,
            items=_check_items(where, spec.get("items"), survey, problems),
            columns=tuple(spec.get("columns", [])),
            note=tuple(spec.get("note", [])),
            question=spec.get("question"),
            stub=spec.get("stub"),
            bins=bins,
            by=breakdowns.parse(where, spec.get("by"), survey, problems, kind, ("items", "numbers")),
        )
    figures: dict[str, FigureDef] = {}
    for fid, spec in _read(data_dir / "figures.yaml", problems).items():
        where = f"figures.yaml: figure {fid!r}"
        kind = spec.get("kind")
        if kind not in FIGURE_KINDS:
            problems.append(f"{where}: kind {kind!r}; expected one of {FIGURE_KINDS}")
        _check_question(where, spec.get("question"), survey, problems)
        if kind == "themes" and spec.get("question") not in survey.themes:
            problems.append(
                f"{where}: question {spec.get('question')!r} has no coded themes; expected one of {list(survey.themes)}"
            )
        items = _check_items(where, spec.get("items"), survey, problems) if kind in ("means", "distribution") else ()
        figure = FigureDef(
            id=str(fid),
            title=_title(where, spec, problems),
            kind=kind,
            question=spec.get("question"),
            items=items,
            include_not_relevant=bool(spec.get("include_not_relevant", False)),
            show_mean=bool(spec.get("show_mean", False)),
            rows=tuple(spec.get("rows", [])),
            series=tuple(spec.get("series", [])),
            series_labels=spec.get("series_labels", {}),
            by=breakdowns.parse(where, spec.get("by"), survey, problems, kind, ("means", "distribution", "themes")),
        )
        if kind == "grouped_means":
            if not figure.rows or not figure.series:
                problems.append(f"{where}: grouped_means needs `rows` and `series`")
            if not any(v in survey.variables for _, cells in figure.grid() for v in cells.values()):
                problems.append(f"{where}: no row/series pair names a variable of the codebook")
            for s in figure.series:
                for language in LANGUAGES:
                    if not figure.series_labels.get(s, {}).get(language):
                        problems.append(f"{where}: series {s!r} has no {language!r} label in series_labels")
        figures[str(fid)] = figure
    if problems:
        raise DataError(problems)
    return tables, figures


def definitions(data_dir: Path = DATA_DIR) -> tuple[dict[str, TableDef], dict[str, FigureDef]]:
    data_dir = Path(data_dir).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(data_dir.glob("*.yaml")))
    return _definitions(data_dir, stamp)


def figure_variables(figure: FigureDef, survey: Survey) -> list[str]:
    """Every closed variable a figure draws on, in order."""
    if figure.kind == "grouped_means":
        return [v for _, cells in figure.grid() for v in cells.values() if v in survey.variables]
    return list(figure.items)
