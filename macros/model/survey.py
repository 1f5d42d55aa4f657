"""Load and validate ``data/``: the survey responses, the coded open answers and the codebook.

Plain Python and pandas; no MkDocs. Every problem found is reported in one
:class:`DataError` whose lines name the file, the row (the line number in the
file, header = line 1), the column, the offending value and what was expected.
Problems that follow from an earlier one (the rows of an unreadable file, the
coded answers of respondents whose file could not be read) are not reported.

The codebook has a text column per language of the report (``label_<language>``,
the languages of mkdocs.yml, see :mod:`macros.model.languages`); a text column for
another language (``label_de`` before German is switched on) is ignored.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from macros.model import csvfiles, kept, schema, yamlfiles
from macros.model.errors import ReportError, did_you_mean
from macros.model.languages import ENGINE_ROOT, Languages, report_languages

if TYPE_CHECKING:  # imported where the data is read: a build whose data is kept never needs them
    import numpy as np
    import pandas as pd

DATA_DIR = ENGINE_ROOT / "data"
NOT_RELEVANT_ROLE = "not_relevant"
VALID_ROLE = "valid"
ROLES = (VALID_ROLE, NOT_RELEVANT_ROLE, "dont_know")  # every role but `valid` is non-substantive
SCALE_KINDS = ("ordinal", "nominal", "binary", "numeric")
RANGED_KINDS = ("ordinal", "numeric")  # kinds with a plotted range (min, max)
SCALE_PROPERTIES_FILE = "scale_properties.csv"

RESPONSES_FILE = "responses.csv"
CODED_FILE = "coded_answers.csv"
SURVEY_FILE = "survey.yaml"
REPORT_FILE = "report.yaml"
PACKAGE_FILE = "datapackage.json"
CODEBOOK_DIR = "codebook"
# Codebook files that may hold no rows (their header only).
OPTIONAL_ROWS = ("themes.csv",)
# Per codebook file: the columns before the texts, the text stems (one column per language), the columns after.
CODEBOOK_LAYOUT = {
    "questions.csv": (["question", "order", "kind", "scale"], ["text", "code_list_heading"], []),
    "variables.csv": (["variable", "question", "order"], ["label", "short"], []),
    "scales.csv": (["scale", "code"], ["label", "short"], ["role"]),
    SCALE_PROPERTIES_FILE: (
        ["scale", "kind", "min", "max"],
        ["top_label", "bottom_label"],
        ["shares_include_non_substantive"],
    ),
    "themes.csv": (["question", "theme", "parent", "order", "in_code_list"], ["label", "description"], []),
}
FIXED_RESPONSE_COLUMNS = ["respondent_id", "completed"]
CODED_COLUMNS = ["respondent_id", "question", "theme"]
YES_NO = {"yes": True, "no": False}


def codebook_columns(name: str, languages: Languages) -> list[str]:
    """The columns of a codebook file for the report's languages, in their usual order."""
    before, stems, after = CODEBOOK_LAYOUT[name]
    return [*before, *(f"{stem}_{language}" for stem in stems for language in languages.all), *after]


class DataError(ReportError):
    """``data/`` does not hold what the site needs; the message lists every problem."""

    heading = "in the data files"

    def __init__(self, problems: list[str]):
        super().__init__(problems=problems)

    def message(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} {self.heading}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


@dataclass(frozen=True)
class Scale:
    """A response scale: codes in order, labels per language, and what the engine needs to know of it.

    ``roles`` gives each code its role (codebook/scales.csv): ``valid`` codes are the substantive
    answers; every other role (``not_relevant``, ``dont_know``) is non-substantive: drawn grey, left
    out of means, named in notes. ``kind``, ``range``, the top-two/bottom-two headings and
    ``shares_include_non_substantive`` come from codebook/scale_properties.csv.
    """

    id: str
    codes: tuple[int, ...]
    labels: dict[str, dict[int, str]]
    short_labels: dict[str, dict[int, str]]
    not_relevant: int | None = None  # the code with role not_relevant; kept until every caller uses roles
    roles: dict[int, str] = field(default_factory=dict)
    kind: str = "ordinal"
    range: tuple[int | float, int | float] | None = None
    top_label: dict[str, str] | None = None
    bottom_label: dict[str, str] | None = None
    shares_include_non_substantive: bool = False

    def __post_init__(self) -> None:
        if not self.roles:  # built by hand (tests): roles follow ``not_relevant``
            roles = {c: NOT_RELEVANT_ROLE if c == self.not_relevant else VALID_ROLE for c in self.codes}
            object.__setattr__(self, "roles", roles)

    @property
    def valid_codes(self) -> tuple[int, ...]:
        """The substantive codes, in scale order."""
        return tuple(c for c in self.codes if self.roles.get(c) == VALID_ROLE)

    @property
    def non_substantive(self) -> tuple[int, ...]:
        """Codes whose role is not ``valid`` ("not relevant", "don't know"), in scale order."""
        return tuple(c for c in self.codes if self.roles.get(c) != VALID_ROLE)


@dataclass(frozen=True)
class Question:
    id: str
    order: int
    kind: str  # "open", "grid" or "number"
    scale: str | None
    text: dict[str, str]
    code_list_heading: dict[str, str]


@dataclass(frozen=True)
class Variable:
    id: str
    question: str
    order: int
    label: dict[str, str]
    short: dict[str, str]


@dataclass(frozen=True)
class Theme:
    question: str
    id: str
    parent: str | None
    order: int
    in_code_list: bool
    label: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class Survey:
    """Everything in ``data/``, validated.

    ``responses`` (one row per respondent who opened the survey; nullable Int64 codes) and
    ``coded`` (respondent_id, question, theme) are read when first asked for: a build whose data
    is unchanged since an earlier build takes the codebook and every statistic it needs from what
    that build kept (``statistics``, :func:`keep`), and never reads them.
    """

    questions: dict[str, Question]
    variables: dict[str, Variable]
    scales: dict[str, Scale]
    themes: dict[str, dict[str, Theme]]  # question -> theme id -> Theme
    facts: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    data_dir: Path = DATA_DIR
    languages: Languages | None = None  # the report's languages (mkdocs.yml) the codebook was read for
    # (responses, coded), read and validated when first asked for.
    frames: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] | None = field(default=None, repr=False, compare=False)
    # The two below are set by the loader, never passed: a copy made with dataclasses.replace
    # (with other data, say) starts with no statistics of its own and is never kept.
    # The data's fingerprint (files, languages, the code that reads them): the key of what is kept.
    fingerprint: str = field(default="", init=False, compare=False)
    # What the statistics computed of this data, by key (macros/stats/items.py memo).
    statistics: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _as_loaded(self, fingerprint: str, statistics: dict | None = None) -> Survey:
        object.__setattr__(self, "fingerprint", fingerprint)
        object.__setattr__(self, "statistics", dict(statistics or {}))
        object.__setattr__(self, "_kept_count", len(statistics) if statistics is not None else None)
        return self

    def _frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        loaded = self.__dict__.get("_loaded")
        if loaded is None:
            if self.frames is None:
                raise DataError([f"{self.data_dir}: the survey's responses were not loaded"])
            loaded = self.frames()
            object.__setattr__(self, "_loaded", loaded)  # frozen: set once, as a cache
        return loaded

    @property
    def responses(self) -> pd.DataFrame:
        return self._frames()[0]

    @property
    def coded(self) -> pd.DataFrame:
        return self._frames()[1]

    def scale_of(self, variable: str) -> Scale:
        question = self.questions[self.variables[variable].question]
        if question.scale is None:  # an open question: its answers have no scale
            raise KeyError(f"question {question.id!r} of {variable!r} has no scale")
        return self.scales[question.scale]

    def values(self, variable: str) -> pd.Series:
        return self.responses[variable]


# --- reading -------------------------------------------------------------------------------


class _Reader:
    """Reads the files of one data folder for one set of languages, collecting problems."""

    def __init__(self, data_dir: Path, languages: Languages, problems: list[str]):
        self.data_dir, self.languages, self.problems = data_dir, languages, problems
        self.unreadable: set[str] = set()  # files whose rows could not be read
        self.respondent_ids: set[str] = set()
        self.patterns = self._patterns()

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.data_dir.parent))
        except ValueError:
            return str(path)

    def _patterns(self) -> dict[str, dict[str, re.Pattern]]:
        """file (relative to data/) -> column -> the pattern datapackage.json declares for it."""
        path = self.data_dir / PACKAGE_FILE
        if not path.exists():
            return {}
        try:
            package = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            self.problems.append(f"{self.rel(path)}: is not valid JSON ({error}); expected a Frictionless data package")
            return {}
        found: dict[str, dict[str, re.Pattern]] = {}
        for resource in package.get("resources", []):
            for spec in (resource.get("schema") or {}).get("fields", []):
                pattern = (spec.get("constraints") or {}).get("pattern")
                if pattern:
                    found.setdefault(resource.get("path", ""), {})[spec["name"]] = re.compile(pattern)
        return found

    def pattern_problem(self, file: str, line: int, column: str, value: str) -> str | None:
        """The problem of a value that does not match the pattern datapackage.json declares for its column."""
        pattern = self.patterns.get(file, {}).get(column)
        if pattern is None or value == "" or pattern.fullmatch(value):
            return None
        return (
            f"{self.rel(self.data_dir / file)}:{line}: column {column!r} has {value!r}; expected an id matching "
            f"{pattern.pattern} (the pattern {PACKAGE_FILE} declares for it)"
        )

    def codebook(self, name: str) -> list[tuple[int, dict]]:
        """Rows of a codebook file; unexpected columns are reported (text columns of other languages are not)."""
        path = self.data_dir / CODEBOOK_DIR / name
        expected = codebook_columns(name, self.languages)
        # A survey without open questions has no themes: a header-only themes.csv is fine.
        rows_required = name not in OPTIONAL_ROWS
        table = csvfiles.read_table(path, self.rel(path), expected, self.problems, rows_required=rows_required)
        if table is None:
            self.unreadable.add(name)
            return []
        header, rows = table
        _, stems, _ = CODEBOOK_LAYOUT[name]
        other_language = re.compile(rf"^(?:{'|'.join(stems)})_[a-z]{{2,3}}(?:[_-][A-Za-z0-9]+)?$")
        for column in header:
            if column not in expected and not other_language.match(column):
                self.problems.append(f"{self.rel(path)}:1: unexpected column {column!r}; expected columns {expected}")
        return rows

    def texts(self, path: Path, line: int, row: dict, stem: str, required: bool = True) -> dict[str, str]:
        texts = {}
        for language in self.languages.all:
            text = row.get(f"{stem}_{language}", "").strip()
            if not text and required:
                other = [
                    lang for lang in self.languages.all if lang != language and row.get(f"{stem}_{lang}", "").strip()
                ]
                hint = f" (the {other[0]} label is {row[f'{stem}_{other[0]}']!r})" if other else ""
                self.problems.append(
                    f"{self.rel(path)}:{line}: column {stem}_{language!s} is empty; "
                    f"expected the {self.languages.name(language)} text{hint}"
                )
            texts[language] = text
        return texts

    def optional_texts(self, path: Path, line: int, row: dict, stem: str) -> dict[str, str] | None:
        """Texts that are given in every language or in none (then None)."""
        texts = {language: row.get(f"{stem}_{language}", "").strip() for language in self.languages.all}
        if not any(texts.values()):
            return None
        for language, text in texts.items():
            if not text:
                given = next(lang for lang, t in texts.items() if t)
                self.problems.append(
                    f"{self.rel(path)}:{line}: column {stem}_{language} is empty; expected the "
                    f"{self.languages.name(language)} text, because {stem}_{given} has {texts[given]!r} "
                    f"(leave all {stem}_* columns empty if the scale has none)"
                )
        return texts

    def number(self, path: Path, line: int, column: str, value: str) -> int | float | None:
        for kind in (int, float):
            try:
                return kind(value)
            except ValueError:
                pass
        self.problems.append(f"{self.rel(path)}:{line}: column {column!r} has {value!r}; expected a number")
        return None

    def yaml(self, name: str, model) -> dict:
        """A YAML file of data/, loaded strictly and checked against its schema; {} when unusable."""
        path = self.data_dir / name
        try:
            content = yamlfiles.load(path, self.rel(path))
        except ReportError as error:
            self.problems.extend(error.problems)
            self.unreadable.add(name)
            return {}
        if not isinstance(content, dict):
            self.problems.append(f"{self.rel(path)}: expected a mapping of keys to values at the top level")
            self.unreadable.add(name)
            return {}
        if schema.check(model, content, self.rel(path), self.languages, self.problems) is None:
            self.unreadable.add(name)
        return content


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _load_scale_properties(reader: _Reader, scales_raw: dict[str, list]) -> dict[str, dict]:
    """scale id -> Scale keyword arguments from codebook/scale_properties.csv (one row per scale)."""
    path = reader.data_dir / CODEBOOK_DIR / SCALE_PROPERTIES_FILE
    where, problems = reader.rel(path), reader.problems
    properties: dict[str, dict] = {}
    lines: dict[str, int] = {}
    rows = reader.codebook(SCALE_PROPERTIES_FILE)
    for line, row in rows:
        checked = schema.check_row(schema.ScalePropertiesRow, row, where, line, problems)
        sid = row["scale"]
        if sid in lines:
            problems.append(f"{where}:{line}: scale {sid!r} is listed twice (first on line {lines[sid]})")
            continue
        lines[sid] = line
        if sid not in scales_raw:
            if "scales.csv" in reader.unreadable:
                continue  # scales.csv's own problem is reported
            problems.append(
                f"{where}:{line}: column 'scale' has {sid!r}; expected a scale of scales.csv: {sorted(scales_raw)}"
            )
            continue
        kind = checked.kind if checked is not None else row["kind"]
        low_raw, high_raw = row["min"].strip(), row["max"].strip()
        plotted = None
        if kind in RANGED_KINDS:
            low = reader.number(path, line, "min", low_raw) if low_raw else None
            high = reader.number(path, line, "max", high_raw) if high_raw else None
            for column, raw in (("min", low_raw), ("max", high_raw)):
                if not raw:
                    problems.append(
                        f"{where}:{line}: column {column!r} is empty; expected a number (an {kind} scale "
                        "is plotted from min to max)"
                    )
            if low is not None and high is not None:
                if low >= high:
                    problems.append(f"{where}:{line}: min {low} is not below max {high}; expected min < max")
                else:
                    plotted = (low, high)
                    valid = [c for c, *_, role in scales_raw[sid] if role == VALID_ROLE]
                    outside = [c for c in valid if not low <= c <= high]
                    if outside:
                        problems.append(
                            f"{where}:{line}: the range {low}-{high} of scale {sid!r} leaves out its "
                            f"code{'s' if len(outside) > 1 else ''} {', '.join(map(str, outside))}; expected "
                            "min and max to include every valid code"
                        )
        elif kind in SCALE_KINDS and (low_raw or high_raw):
            problems.append(
                f"{where}:{line}: columns 'min'/'max' have {low_raw!r}/{high_raw!r}; expected them empty "
                f"(a {kind} scale has no plotted range)"
            )
        include = row["shares_include_non_substantive"]
        properties[sid] = {
            "kind": kind,
            "range": plotted,
            "top_label": reader.optional_texts(path, line, row, "top_label"),
            "bottom_label": reader.optional_texts(path, line, row, "bottom_label"),
            "shares_include_non_substantive": YES_NO.get(include, False),
        }
    if SCALE_PROPERTIES_FILE not in reader.unreadable:
        for sid in scales_raw:
            if sid not in lines:
                problems.append(
                    f"{where}: scale {sid!r} of scales.csv has no row; expected one row per scale "
                    f"(scale,kind,min,max,...)"
                )
    return properties


def _load_codebook(reader: _Reader):
    book = reader.data_dir / CODEBOOK_DIR
    problems, languages = reader.problems, reader.languages
    scales_raw: dict[str, list] = {}
    path = book / "scales.csv"
    where = reader.rel(path)
    seen_codes: dict[tuple[str, int], int] = {}
    for line, row in reader.codebook("scales.csv"):
        checked = schema.check_row(schema.ScaleRow, row, where, line, problems)
        code = checked.code if checked is not None else _int_or_none(row["code"])
        labels = reader.texts(path, line, row, "label")
        short = reader.texts(path, line, row, "short")
        if code is not None and (row["scale"], code) in seen_codes:
            problems.append(
                f"{where}:{line}: scale {row['scale']!r} repeats code {code} "
                f"(first on line {seen_codes[row['scale'], code]}); expected each code once per scale"
            )
        elif code is not None:
            seen_codes[row["scale"], code] = line
            scales_raw.setdefault(row["scale"], []).append((code, labels, short, row["role"]))
    properties = _load_scale_properties(reader, scales_raw)
    scales = {}
    for sid, entries in scales_raw.items():
        scales[sid] = Scale(
            id=sid,
            codes=tuple(c for c, *_ in entries),
            labels={lang: {c: lab[lang] for c, lab, _, _ in entries} for lang in languages.all},
            short_labels={lang: {c: sh[lang] for c, _, sh, _ in entries} for lang in languages.all},
            not_relevant=next((c for c, _, _, role in entries if role == NOT_RELEVANT_ROLE), None),
            roles={c: role if role in ROLES else VALID_ROLE for c, _, _, role in entries},
            **properties.get(sid, {}),
        )

    questions = {}
    path = book / "questions.csv"
    where = reader.rel(path)
    for line, row in reader.codebook("questions.csv"):
        if row["question"] in questions:
            problems.append(f"{where}:{line}: question {row['question']!r} is listed twice")
        question_row = schema.check_row(schema.QuestionRow, row, where, line, problems)
        if row["scale"] and row["scale"] not in scales and "scales.csv" not in reader.unreadable:
            problems.append(
                f"{where}:{line}: column 'scale' has {row['scale']!r}; "
                f"expected one of the scales in scales.csv: {sorted(scales)}"
            )
        is_open = row["kind"] == "open"
        questions[row["question"]] = Question(
            id=row["question"],
            order=(question_row.order if question_row is not None else _int_or_none(row["order"])) or 0,
            kind=row["kind"],
            scale=row["scale"] or None,
            text=reader.texts(path, line, row, "text"),
            code_list_heading=reader.texts(path, line, row, "code_list_heading", required=is_open),
        )

    variables = {}
    path = book / "variables.csv"
    where = reader.rel(path)
    for line, row in reader.codebook("variables.csv"):
        variable_row = schema.check_row(schema.VariableRow, row, where, line, problems)
        if row["variable"] in variables:
            problems.append(f"{where}:{line}: variable {row['variable']!r} is listed twice")
        if row["question"] not in questions and "questions.csv" not in reader.unreadable:
            problems.append(
                f"{where}:{line}: column 'question' has {row['question']!r}; expected a question of questions.csv"
            )
        variables[row["variable"]] = Variable(
            id=row["variable"],
            question=row["question"],
            order=(variable_row.order if variable_row is not None else _int_or_none(row["order"])) or 0,
            label=reader.texts(path, line, row, "label"),
            short=reader.texts(path, line, row, "short"),
        )

    themes: dict[str, dict[str, Theme]] = {}
    path = book / "themes.csv"
    where = reader.rel(path)
    theme_lines: dict[tuple[str, str], int] = {}
    for line, row in reader.codebook("themes.csv"):
        theme_lines.setdefault((row["question"], row["theme"]), line)
        question = questions.get(row["question"])
        if (question is None or question.kind != "open") and "questions.csv" not in reader.unreadable:
            open_ids = sorted(q for q, v in questions.items() if v.kind == "open")
            problems.append(
                f"{where}:{line}: column 'question' has {row['question']!r}; expected an open question: {open_ids}"
            )
        theme_row = schema.check_row(schema.ThemeRow, row, where, line, problems)
        per_question = themes.setdefault(row["question"], {})
        if row["theme"] in per_question:
            problems.append(f"{where}:{line}: theme {row['theme']!r} is listed twice for {row['question']!r}")
        per_question[row["theme"]] = Theme(
            question=row["question"],
            id=row["theme"],
            parent=row["parent"] or None,
            order=(theme_row.order if theme_row is not None else _int_or_none(row["order"])) or 0,
            in_code_list=YES_NO.get(row["in_code_list"], False),
            label=reader.texts(path, line, row, "label"),
            description=reader.texts(path, line, row, "description"),
        )
    for question_id, per_question in themes.items():
        for theme in per_question.values():
            if theme.parent and theme.parent not in per_question:
                theme_line = theme_lines.get((question_id, theme.id))
                hint = did_you_mean(theme.parent, [t for t in per_question if t != theme.id])
                problems.append(
                    f"{where}{f':{theme_line}' if theme_line else ''}: column 'parent' of theme {theme.id!r} has "
                    f"{theme.parent!r}; expected a theme of {question_id!r} or an empty cell: "
                    f"{', '.join(t for t in per_question if t != theme.id)}" + (f" ({hint})" if hint else "")
                )
    return questions, variables, scales, themes


def _load_responses(reader: _Reader, questions, variables, scales) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    path = reader.data_dir / RESPONSES_FILE
    where, problems = reader.rel(path), reader.problems
    expected = FIXED_RESPONSE_COLUMNS + list(variables)
    empty = pd.DataFrame(columns=expected).set_index("respondent_id", drop=False)
    table = csvfiles.read_frame(path, where, None, problems)
    if table is None:
        reader.unreadable.add(RESPONSES_FILE)
        return empty
    header, rows, lines = table.header, table.rows, table.lines
    # The codebook decides the columns: compare the header with it here, once, by name.
    book = reader.rel(reader.data_dir / CODEBOOK_DIR / "variables.csv")
    for column in FIXED_RESPONSE_COLUMNS:
        if column not in header:
            problems.append(f"{where}:1: column {column!r} is missing; every file starts with {FIXED_RESPONSE_COLUMNS}")
            reader.unreadable.add(RESPONSES_FILE)
            return empty
    codebook_read = "variables.csv" not in reader.unreadable
    missing = [variable for variable in variables if variable not in header]
    unknown = [column for column in header if column not in expected] if codebook_read else []
    for column in unknown:
        # A renamed column is one mistake, not two (an unknown column and a missing one).
        renamed = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        if renamed:
            missing.remove(renamed[0])
            problems.append(
                f"{where}:1: column {column!r} has no entry in {book}, and its variable {renamed[0]!r} has no "
                f"column; expected the codebook's name (did you mean {renamed[0]!r}?): rename the column, "
                "or the variable in the codebook"
            )
            continue
        problems.append(
            f"{where}:1: column {column!r} has no entry in {book}; add it to the codebook or remove the column"
        )
    for variable in missing:
        if variable not in header:
            problems.append(
                f"{where}:1: column {variable!r} is missing; {book} defines variable "
                f"{variable!r}: add the column or remove the variable from the codebook"
            )
    # Checked column by column, each distinct value once (a column of a million answers holds a
    # handful of codes); the messages come in the order of the file: by line, then by column.
    found: list[tuple[int, int, str]] = []  # (line, column number, message)
    rid = rows["respondent_id"].str.strip()
    ids: list[str] = rid.to_numpy().tolist()
    empty_id = (rid == "").to_numpy()
    repeated = rid.duplicated(keep="first").to_numpy() & ~empty_id
    for i in np.flatnonzero(empty_id):
        found.append((int(lines[i]), 0, f"{where}:{lines[i]}: column 'respondent_id' is empty; expected an id"))
    if repeated.any():
        first_line: dict[str, int] = {}
        for i in np.flatnonzero(~repeated & ~empty_id):
            first_line.setdefault(ids[i], int(lines[i]))
        for i in np.flatnonzero(repeated):
            value = ids[i]
            found.append(
                (
                    int(lines[i]),
                    0,
                    f"{where}:{lines[i]}: respondent_id {value!r} is a duplicate of line {first_line[value]}",
                )
            )
    pattern = reader.patterns.get(RESPONSES_FILE, {}).get("respondent_id")
    if pattern is not None:
        checked = ~empty_id & ~repeated
        codes, uniques = pd.factorize(rid.to_numpy()[checked])
        failing = np.array([pattern.fullmatch(value) is None for value in uniques], dtype=bool)
        for i in np.flatnonzero(checked)[failing[codes]] if len(uniques) else []:
            problem = reader.pattern_problem(RESPONSES_FILE, int(lines[i]), "respondent_id", ids[i])
            found.append((int(lines[i]), 0, problem or ""))
    completed = rows["completed"]
    for i in np.flatnonzero(~completed.isin(list(YES_NO)).to_numpy()):
        found.append(
            (
                int(lines[i]),
                1,
                f"{where}:{lines[i]}: column 'completed' has {completed.iat[int(i)]!r}; expected 'yes' or 'no'",
            )
        )
    frame: dict[str, object] = {"respondent_id": rid, "completed": (completed == "yes").to_numpy()}
    count = len(rows)
    for number, variable in enumerate(variables, start=2):
        if variable not in rows.columns:
            frame[variable] = pd.array([pd.NA] * count, dtype="Int64")
            continue
        question = questions.get(variables[variable].question)
        scale = scales.get(question.scale or "") if question is not None else None
        # Each column of the text is let go once read (a large file is not held twice).
        codes, uniques = pd.factorize(rows.pop(variable).to_numpy())
        # Per distinct value: its code, whether it is no answer (NA) and whether it is a problem.
        code_of = np.zeros(len(uniques), dtype=np.int64)
        absent = np.ones(len(uniques), dtype=bool)
        wrong = np.zeros(len(uniques), dtype=bool)
        for k, cell in enumerate(uniques):
            raw = cell.strip()
            if raw == "" or scale is None:
                # No answer; or the codebook's problem (unknown question or scale), reported there, once.
                continue
            code = _int_or_none(raw)
            if code is None or code not in scale.codes:
                wrong[k] = True
            else:
                code_of[k], absent[k] = code, False
        frame[variable] = (
            pd.arrays.IntegerArray(code_of[codes], absent[codes]) if count else pd.array([], dtype="Int64")
        )
        if wrong.any() and scale is not None:
            allowed = ", ".join(map(str, scale.codes))
            for i in np.flatnonzero(wrong[codes]):
                raw = uniques[codes[i]].strip()
                found.append(
                    (
                        int(lines[i]),
                        number,
                        f"{where}:{lines[i]}: column {variable!r} has {raw!r}; expected one of "
                        f"{allowed} (scale {scale.id}) or an empty cell",
                    )
                )
    problems.extend(message for *_, message in sorted(found, key=lambda entry: entry[:2]))
    responses = pd.DataFrame(frame, columns=FIXED_RESPONSE_COLUMNS + list(variables), copy=False)
    # As set_index("respondent_id", drop=False) makes it, without a copy of every column.
    responses.index = pd.Index(rid, name="respondent_id")
    return responses


@dataclass(frozen=True)
class _Coded:
    """The coded answers as read, with what the checks share: each row's line in the file and
    the rows' respondents, questions and themes as codes (pandas.factorize) and their values."""

    frame: pd.DataFrame
    lines: np.ndarray
    respondents: tuple[np.ndarray, np.ndarray]  # (code per row, distinct values)
    questions: tuple[np.ndarray, np.ndarray]


def _factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column.to_numpy())
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _load_coded(reader: _Reader, themes) -> _Coded:
    import numpy as np
    import pandas as pd

    path = reader.data_dir / CODED_FILE
    where, problems = reader.rel(path), reader.problems
    # A survey without open questions has no coded answers: a header-only file is fine.
    table = csvfiles.read_frame(path, where, CODED_COLUMNS, problems, rows_required=False)
    if table is None:
        reader.unreadable.add(CODED_FILE)
        frame = pd.DataFrame(columns=CODED_COLUMNS)
        nothing = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
        return _Coded(frame, np.zeros(0, dtype=np.int64), nothing, nothing)
    for column in table.header:
        if column not in CODED_COLUMNS:
            problems.append(f"{where}:1: unexpected column {column!r}; expected columns {CODED_COLUMNS}")
    respondents_known = RESPONSES_FILE not in reader.unreadable
    themes_known = "themes.csv" not in reader.unreadable
    coded = table.rows[CODED_COLUMNS].reset_index(drop=True)
    lines = table.lines
    # Checked column by column on codes (a million coded answers in moments): each distinct
    # respondent, question and theme is looked up once. The messages come row by row, in the
    # order of the file, for the few rows that have a problem.
    (r_codes, r_values), (q_codes, q_values), (t_codes, t_values) = (_factorize(coded[c]) for c in CODED_COLUMNS)
    count = len(coded)
    false = np.zeros(count, dtype=bool)
    if respondents_known:
        ids = reader.respondent_ids
        unknown_rid = ~np.array([value in ids for value in r_values], dtype=bool)[r_codes]
    else:
        unknown_rid = false
    known_theme = np.array([[t in themes.get(q, ()) for t in t_values] for q in q_values], dtype=bool)
    if themes_known:
        unknown_question = ~np.array([q in themes for q in q_values], dtype=bool)[q_codes]
        unknown_theme = ~unknown_question & ~known_theme.reshape(len(q_values), len(t_values))[q_codes, t_codes]
    else:
        unknown_question = unknown_theme = false
    # One whole number per (question, theme) seen, and per (respondent, question, theme).
    pair_codes, pair_values = pd.factorize(q_codes * len(t_values) + t_codes)
    pairs = max(len(pair_values), 1)
    keys = r_codes * pairs + pair_codes
    repeated = pd.Series(keys).duplicated(keep="first").to_numpy()
    any_repeated = bool(repeated.any())
    line_series = pd.Series(lines)
    previous = line_series.groupby(keys, sort=False).shift(1).to_numpy() if any_repeated else lines
    flagged = unknown_rid | unknown_question | unknown_theme | repeated
    rid, question, theme = (coded[c].to_numpy() for c in CODED_COLUMNS)
    for i in np.flatnonzero(flagged):
        line, r, q, t = int(lines[i]), rid[i], question[i], theme[i]
        if unknown_rid[i]:
            problems.append(
                f"{where}:{line}: column 'respondent_id' has {r!r}; expected a respondent_id of {RESPONSES_FILE}"
            )
        if unknown_question[i]:
            problems.append(f"{where}:{line}: column 'question' has {q!r}; expected one of {sorted(themes)}")
        elif unknown_theme[i]:
            problems.append(
                f"{where}:{line}: column 'theme' has {t!r}, an unknown theme "
                f"code for {q!r}; expected one of {sorted(themes[q])}"
            )
        if repeated[i]:
            problems.append(f"{where}:{line}: repeats line {int(previous[i])} ({', '.join(map(str, (r, q, t)))})")
    # A sub-theme implies its parent theme: check the data say so (each coded answer once, at its last line).
    theme_code = {value: k for k, value in enumerate(t_values)}
    pair_of = {int(value): k for k, value in enumerate(pair_values)}
    parent_pair = np.full(len(pair_values), -2, dtype=np.int64)  # -2: no parent; -1: a parent never coded
    parent_name = np.empty(len(pair_values), dtype=object)
    for k, value in enumerate(pair_values):
        q, t = q_values[int(value) // len(t_values)], t_values[int(value) % len(t_values)]
        codes_of_q = themes.get(q, {})
        theme_ = codes_of_q.get(t)
        if theme_ is None or not theme_.parent or theme_.parent not in codes_of_q:
            continue  # an unknown parent is reported in themes.csv
        parent_name[k] = theme_.parent
        parent_code = theme_code.get(theme_.parent)
        wanted = None if parent_code is None else pair_of.get(int(value) - int(value) % len(t_values) + parent_code)
        parent_pair[k] = -1 if wanted is None else wanted
    row_parent = parent_pair[pair_codes] if count else parent_pair[:0]
    needed = (row_parent != -2) & ~repeated
    if needed.any():
        last_line = line_series.groupby(keys, sort=False).transform("last").to_numpy() if any_repeated else lines
        wanted_keys = r_codes[needed] * pairs + row_parent[needed]
        missing = (row_parent[needed] == -1) | ~pd.Series(wanted_keys).isin(keys).to_numpy()
        for i in np.flatnonzero(needed)[missing]:
            problems.append(
                f"{where}:{int(last_line[i])}: respondent {rid[i]!r} has sub-theme {theme[i]!r} of {question[i]!r} "
                f"but not its parent theme {parent_name[pair_codes[i]]!r}"
            )
    return _Coded(coded, lines, (r_codes, r_values), (q_codes, q_values))


def _check_coded_were_answered(reader: _Reader, coded: _Coded, responses: pd.DataFrame) -> None:
    """A theme can only be coded on an answer that exists."""
    import numpy as np
    import pandas as pd

    if RESPONSES_FILE in reader.unreadable or CODED_FILE in reader.unreadable:
        return
    if reader.unreadable & set(CODEBOOK_LAYOUT):
        return  # without the codebook the answers could not be read: every check here would follow from that
    if not responses.index.is_unique:
        return  # duplicate respondent ids are reported already; lookups would be ambiguous
    where = reader.rel(reader.data_dir / CODED_FILE)
    # Vectorised (each distinct respondent looked up once, one mask per question): a million coded
    # rows are checked in moments.
    (r_codes, r_values), (q_codes, q_values) = coded.respondents, coded.questions
    position = responses.index.get_indexer(pd.Index(r_values))[r_codes] if len(r_values) else r_codes
    unanswered: list[tuple[int, str, str, str]] = []
    rid, theme = coded.frame["respondent_id"].to_numpy(), coded.frame["theme"].to_numpy()
    for k, question in enumerate(q_values):
        if question not in responses.columns:
            continue
        rows = np.flatnonzero((q_codes == k) & (position >= 0))
        missing = responses[question].isna().to_numpy()[position[rows]]
        unanswered.extend((int(coded.lines[i]), rid[i], theme[i], str(question)) for i in rows[missing])
    for line, rid_, theme_, question in sorted(unanswered):
        reader.problems.append(
            f"{where}:{line}: respondent {rid_!r} is coded with {theme_!r} "
            f"for {question!r} but has no answer to it in {RESPONSES_FILE}"
        )


def _languages_for(data_dir: Path, languages: Languages | None) -> Languages:
    """The given languages, or those of the mkdocs.yml beside data/ (the engine's own, for a lone data folder)."""
    if languages is not None:
        return languages
    beside = data_dir.parent / "mkdocs.yml"
    return report_languages(beside if beside.exists() else ENGINE_ROOT / "mkdocs.yml")


# The kind of entry the survey keeps in the build cache (macros/model/kept.py).
KEPT_KIND = "survey"
# The libraries whose versions a kept reading depends on.
_READING_PACKAGES = ("pandas", "numpy", "pydantic", "PyYAML")


def load_survey(data_dir: Path = DATA_DIR, languages: Languages | None = None) -> Survey:
    """Load and validate ``data_dir``; cached until a file in it changes.

    When an earlier build kept this very data (the same files, languages and reading code, see
    :func:`keep`), the codebook, the YAML files and the statistics come from what it kept, and
    the responses are read (and validated again) only if something asks for them."""
    data_dir = Path(data_dir).resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in data_dir.rglob("*") if p.is_file()))
    return _load_survey(data_dir, _languages_for(data_dir, languages), stamp)


def fingerprint(data_dir: Path, languages: Languages, files: list[Path]) -> str:
    """The content hash of a data folder as read for ``languages``: its files' paths and bytes,
    the languages and the code (and library versions) that read and count them."""
    digest = hashlib.sha256(kept.code_fingerprint(*_READING_PACKAGES).encode())
    digest.update(repr(languages).encode())
    for path in files:
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_KEPT_PARTS = ("questions", "variables", "scales", "themes", "facts", "report")


def keep(survey: Survey) -> None:
    """Keep the survey's codebook, YAML files and plain statistics (:func:`kept.plain`) for the
    next build of the same data; nothing is written when nothing new was computed."""
    if not survey.fingerprint:
        return
    statistics = {key: value for key, value in survey.statistics.items() if kept.plain(value)}
    if survey.__dict__.get("_kept_count") == len(statistics):
        return
    parts = {name: getattr(survey, name) for name in _KEPT_PARTS}
    kept.write(KEPT_KIND, survey.fingerprint, (parts, statistics))
    object.__setattr__(survey, "_kept_count", len(statistics))


def load_codebook(data_dir: Path = DATA_DIR, languages: Languages | None = None):
    """Only the codebook: (questions, variables, scales, themes); raises DataError on problems."""
    data_dir = Path(data_dir).resolve()
    problems: list[str] = []
    book = _load_codebook(_Reader(data_dir, _languages_for(data_dir, languages), problems))
    if problems:
        raise DataError(problems)
    return book


@functools.lru_cache(maxsize=4)
def _load_survey(data_dir: Path, languages: Languages, stamp: tuple) -> Survey:
    key = fingerprint(data_dir, languages, [Path(path) for path, _ in stamp])
    entry = kept.read(KEPT_KIND, key)
    if entry is not None:
        parts, statistics = entry
        frames = functools.partial(_read_frames, data_dir, languages)
        return Survey(**parts, data_dir=data_dir, languages=languages, frames=frames)._as_loaded(key, statistics)
    return _read_survey(data_dir, languages)._as_loaded(key)


def _read_frames(data_dir: Path, languages: Languages) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The responses and coded answers of a data folder whose codebook was kept."""
    return _read_survey(data_dir, languages)._frames()


def _read_survey(data_dir: Path, languages: Languages) -> Survey:
    problems: list[str] = []
    reader = _Reader(data_dir, languages, problems)
    questions, variables, scales, themes = _load_codebook(reader)
    if "themes.csv" not in reader.unreadable:
        for question in (q for q, v in questions.items() if v.kind == "open" and q not in themes):
            problems.append(
                f"{reader.rel(data_dir / CODEBOOK_DIR / 'themes.csv')}: open question {question!r} has no themes"
            )
    responses = _load_responses(reader, questions, variables, scales)
    reader.respondent_ids = set(responses["respondent_id"].to_numpy().tolist())
    coded = _load_coded(reader, themes)
    _check_coded_were_answered(reader, coded, responses)
    facts = reader.yaml(SURVEY_FILE, schema.SurveyFile)
    report = reader.yaml(REPORT_FILE, schema.ReportFile)
    if problems:
        raise DataError(problems)
    frames = (responses, coded.frame)
    return Survey(
        frames=lambda: frames,
        questions=questions,
        variables=variables,
        scales=scales,
        themes=themes,
        facts=facts,
        report=report,
        data_dir=data_dir,
        languages=languages,
    )


def __getattr__(name: str):
    """``LANGUAGES``: the languages of the build in progress, for modules not yet handed a context.

    Deprecated: use ``page.context.languages`` (or :func:`macros.model.context.current`).
    """
    if name == "LANGUAGES":
        from macros.model import context

        return context.current().languages.all
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
