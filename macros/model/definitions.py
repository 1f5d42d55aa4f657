"""Declarative definitions of the report's tables and figures (data/tables.yaml, data/figures.yaml).

Each file is loaded strictly (duplicate ids are an error), checked against its schema
(:mod:`macros.model.schema`) and then against the codebook: an unknown item or question,
or an item of the wrong kind for the block, stops the build with the file, the line, the
key path and the valid choices. Every problem of both files is reported together.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from macros.model import schema, yamlfiles
from macros.model.errors import Problem, ReportError, did_you_mean
from macros.model.languages import Languages
from macros.model.survey import DATA_DIR, DataError, Survey, load_survey
from macros.stats import breakdowns
from macros.stats.breakdowns import Breakdown
from macros.stats.items import Bin

TABLES_FILE, FIGURES_FILE, FINDINGS_FILE = "tables.yaml", "figures.yaml", "findings.yaml"
TABLE_KINDS = ("items", "numbers", "bins")
FIGURE_KINDS = ("themes", "means", "distribution", "grouped_means")
TABLE_COLUMNS = ("n", "top2_share", "mean_sd", "min", "max", "mean", "sd", "count", "share")
NOTE_PARTS = ("n", "question", "questions", "sd_in_parentheses", "scale", "not_relevant")
# The question kind each kind of block draws on.
TABLE_ITEM_KIND = {"items": "grid", "numbers": "number", "bins": "number"}
FIGURE_ITEM_KIND = {"means": "grid", "distribution": "grid", "grouped_means": "grid"}


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
    note_text: dict[str, str] | None = None  # free text at the end of the note (no numbers)


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
    note_text: dict[str, str] | None = None  # free text after the question ({item}: the first item's label)
    several_answers: dict[str, str] | None = None  # themes: "write more than one answer" (default: catalog)
    series_questions: bool = False  # grouped means: the note quotes each series' question

    def grid(self) -> list[tuple[str, dict[str, str | None]]]:
        """For grouped means: (row key, {series: variable or None}) in order."""
        return [(row, {s: f"{s}.{row}" for s in self.series}) for row in self.rows]


class _Checker:
    """Cross-checks of one definitions file against the survey, with lines from the YAML."""

    def __init__(self, survey: Survey, data, where: str, problems: list[str]):
        self.survey, self.data, self.where, self.problems = survey, data, where, problems

    def at(self, *path) -> str:
        line = yamlfiles.line_of(self.data, path)
        keys = schema._key_path(path)
        return f"{self.where}:{line}: {keys}" if line else f"{self.where}: {keys}"

    def items(self, block: str, items, kind: str | None) -> None:
        variables = self.survey.variables
        for index, item in enumerate(items):
            if item not in variables:
                family = [v for v in variables if v.split(".")[0] == str(item).split(".")[0]]
                hint = did_you_mean(item, variables)
                self.problems.append(
                    Problem(
                        f"{self.at(block, 'items', index)}: unknown item {item!r}; expected one of "
                        f"{family or list(variables)}" + (f" ({hint})" if hint else "")
                    )
                )
                continue
            question = self.survey.questions.get(variables[item].question)
            if kind and question is not None and question.kind != kind:
                self.problems.append(
                    Problem(
                        f"{self.at(block, 'items', index)}: item {item!r} belongs to the {question.kind} question "
                        f"{question.id!r}; expected an item of a {kind} question here"
                    )
                )

    def question(self, block: str, question) -> None:
        if question is not None and question not in self.survey.questions:
            hint = did_you_mean(question, self.survey.questions)
            self.problems.append(
                Problem(
                    f"{self.at(block, 'question')}: unknown question {question!r}; expected one of "
                    f"{list(self.survey.questions)}" + (f" ({hint})" if hint else "")
                )
            )


def _by(spec):
    """A definition's ``by:`` as plain data (a variable id, or {variable, bins}) for the breakdown parser."""
    by = getattr(spec, "by", None)
    return by if by is None or isinstance(by, str) else by.model_dump(exclude_none=True)


def _load(data_dir: Path, name: str, problems: list[str]):
    path = data_dir / name
    where = f"{data_dir.name}/{name}"
    try:
        data = yamlfiles.load(path, where)
    except ReportError as error:
        problems.extend(error.problems)
        return where, None
    if data is None:
        return where, yamlfiles.Marked()
    return where, data


def _tables(survey: Survey, data_dir: Path, languages: Languages | None, problems: list[str]) -> dict[str, TableDef]:
    where, data = _load(data_dir, TABLES_FILE, problems)
    if data is None:
        return {}
    model = schema.check(schema.TablesFile, data, where, languages, problems)
    if model is None:
        return {}
    check = _Checker(survey, data, where, problems)
    tables: dict[str, TableDef] = {}
    for tid, spec in model.root.items():
        check.question(tid, spec.question)
        check.items(tid, spec.items, TABLE_ITEM_KIND[spec.kind])
        tables[tid] = TableDef(
            id=tid,
            title=dict(spec.title),
            kind=spec.kind,
            items=tuple(spec.items),
            columns=tuple(spec.columns),
            note=tuple(spec.note),
            question=spec.question,
            stub=spec.stub,
            bins=tuple(Bin(b.id, b.low, b.high, dict(b.label) if b.label else None) for b in spec.bins),
            by=breakdowns.parse(check.at(tid, "by"), _by(spec), survey, problems, spec.kind, ("items", "numbers")),
            note_text=dict(spec.note_text) if spec.note_text else None,
        )
    return tables


def _figures(survey: Survey, data_dir: Path, languages: Languages | None, problems: list[str]) -> dict[str, FigureDef]:
    where, data = _load(data_dir, FIGURES_FILE, problems)
    if data is None:
        return {}
    model = schema.check(schema.FiguresFile, data, where, languages, problems)
    if model is None:
        return {}
    check = _Checker(survey, data, where, problems)
    figures: dict[str, FigureDef] = {}
    for fid, spec in model.root.items():
        check.question(fid, spec.question)
        if spec.kind == "themes":
            if spec.question in survey.questions and spec.question not in survey.themes:
                problems.append(
                    Problem(
                        f"{check.at(fid, 'question')}: question {spec.question!r} has no coded themes; "
                        f"expected one of {list(survey.themes)}"
                    )
                )
        elif spec.kind in ("means", "distribution"):
            check.items(fid, spec.items, FIGURE_ITEM_KIND[spec.kind])
        figure = FigureDef(
            id=fid,
            title=dict(spec.title),
            kind=spec.kind,
            question=spec.question,
            items=tuple(spec.items) if spec.kind in ("means", "distribution") else (),
            include_not_relevant=spec.include_not_relevant,
            show_mean=spec.show_mean,
            rows=tuple(spec.rows),
            series=tuple(spec.series),
            series_labels={k: dict(v) for k, v in spec.series_labels.items()},
            by=breakdowns.parse(
                check.at(fid, "by"), _by(spec), survey, problems, spec.kind, ("means", "distribution", "themes")
            ),
            note_text=dict(spec.note_text) if spec.note_text else None,
            several_answers=dict(spec.several_answers) if spec.several_answers else None,
            series_questions=spec.series_questions,
        )
        if spec.kind == "grouped_means" and not any(
            v in survey.variables for _, cells in figure.grid() for v in cells.values()
        ):
            problems.append(Problem(f"{check.at(fid, 'rows')}: no row/series pair names a variable of the codebook"))
        figures[fid] = figure
    return figures


@functools.lru_cache(maxsize=4)
def _definitions(
    data_dir: Path, languages: Languages | None, _stamp
) -> tuple[dict[str, TableDef], dict[str, FigureDef]]:
    survey = load_survey(data_dir, languages)
    languages = survey.languages
    problems: list[str] = []
    tables = _tables(survey, data_dir, languages, problems)
    figures = _figures(survey, data_dir, languages, problems)
    if problems:
        raise DataError(problems)
    return tables, figures


def definitions(
    data_dir: Path = DATA_DIR, languages: Languages | None = None
) -> tuple[dict[str, TableDef], dict[str, FigureDef]]:
    data_dir = Path(data_dir).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(data_dir.glob("*.yaml")))
    return _definitions(data_dir, languages, stamp)


def check_findings(
    data_dir: Path, languages: Languages, tables: dict[str, TableDef], figures: dict[str, FigureDef]
) -> list[str]:
    """Problems of data/findings.yaml: its schema, and that each supporting table or figure is defined."""
    data_dir = Path(data_dir)
    if not (data_dir / FINDINGS_FILE).exists():
        return []  # a report without findings
    problems: list[str] = []
    where, data = _load(data_dir, FINDINGS_FILE, problems)
    if data is None:
        return problems
    if not isinstance(data, list) and data is not None and not isinstance(data, dict):
        return [f"{where}: expected a list of findings (- slug: ...)"]
    model = schema.check(schema.FindingsFile, data if isinstance(data, list) else [], where, languages, problems)
    if model is None:
        return problems
    for index, finding in enumerate(model.root):
        support = finding.support
        if support is None:
            continue
        known = tables if support.kind == "table" else figures
        if support.id not in known:
            line = yamlfiles.line_of(data, (index, "support", "id"))
            hint = did_you_mean(support.id, known)
            problems.append(
                Problem(
                    f"{where}:{line}: [{index}].support.id: finding {finding.slug!r} names {support.kind} "
                    f"{support.id!r}, which {TABLES_FILE if support.kind == 'table' else FIGURES_FILE} does not "
                    f"define; expected one of {', '.join(known)}" + (f" ({hint})" if hint else "")
                )
            )
    return problems


def figure_variables(figure: FigureDef, survey: Survey) -> list[str]:
    """Every closed variable a figure draws on, in order."""
    if figure.kind == "grouped_means":
        return [v for _, cells in figure.grid() for v in cells.values() if v in survey.variables]
    return list(figure.items)
