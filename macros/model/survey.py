"""Load and validate ``data/``: the survey responses, the coded open answers and the codebook.

Plain Python and pandas; no MkDocs. Every problem found is reported in one
:class:`DataError` whose lines name the file, the row (the line number in the
file, header = line 1), the column, the offending value and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

LANGUAGES = ("da", "en")
LANGUAGE_NAMES = {"da": "Danish", "en": "English"}
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
NOT_RELEVANT_ROLE = "not_relevant"
VALID_ROLE = "valid"
ROLES = (VALID_ROLE, NOT_RELEVANT_ROLE, "dont_know")  # every role but `valid` is non-substantive
SCALE_KINDS = ("ordinal", "nominal", "binary", "numeric")
RANGED_KINDS = ("ordinal", "numeric")  # kinds with a plotted range (min, max)
SCALE_PROPERTIES_FILE = "scale_properties.csv"

RESPONSES_FILE = "responses.csv"
CODED_FILE = "coded_answers.csv"
SURVEY_FILE = "survey.yaml"
CODEBOOK_DIR = "codebook"
CODEBOOK_COLUMNS = {
    "questions.csv": [
        "question",
        "order",
        "kind",
        "scale",
        "text_da",
        "text_en",
        "code_list_heading_da",
        "code_list_heading_en",
    ],
    "variables.csv": ["variable", "question", "order", "label_da", "label_en", "short_da", "short_en"],
    "scales.csv": ["scale", "code", "label_da", "label_en", "short_da", "short_en", "role"],
    SCALE_PROPERTIES_FILE: [
        "scale",
        "kind",
        "min",
        "max",
        "top_label_da",
        "top_label_en",
        "bottom_label_da",
        "bottom_label_en",
        "shares_include_non_substantive",
    ],
    "themes.csv": [
        "question",
        "theme",
        "parent",
        "order",
        "in_code_list",
        "label_da",
        "label_en",
        "description_da",
        "description_en",
    ],
}
FIXED_RESPONSE_COLUMNS = ["respondent_id", "completed"]
CODED_COLUMNS = ["respondent_id", "question", "theme"]
YES_NO = {"yes": True, "no": False}


class DataError(ValueError):
    """``data/`` does not hold what the site needs; the message lists every problem."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data files:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


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
    """Everything in ``data/``, validated."""

    responses: pd.DataFrame  # one row per respondent who opened the survey; nullable Int64 codes
    coded: pd.DataFrame  # respondent_id, question, theme
    questions: dict[str, Question]
    variables: dict[str, Variable]
    scales: dict[str, Scale]
    themes: dict[str, dict[str, Theme]]  # question -> theme id -> Theme
    facts: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    data_dir: Path = DATA_DIR

    def scale_of(self, variable: str) -> Scale:
        return self.scales[self.questions[self.variables[variable].question].scale]

    def values(self, variable: str) -> pd.Series:
        return self.responses[variable]


# --- reading -------------------------------------------------------------------------------


def _read_csv(path: Path, expected: list[str], problems: list[str]) -> list[tuple[int, dict]]:
    """Rows of a CSV as (line number, dict); header problems are recorded, not raised."""
    if not path.exists():
        problems.append(f"{_rel(path)}: file is missing")
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            problems.append(f"{_rel(path)}: file is empty; expected a header row {expected}")
            return []
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        for column in missing:
            problems.append(f"{_rel(path)}:1: column {column!r} is missing; expected columns {expected}")
        for column in extra:
            problems.append(f"{_rel(path)}:1: unexpected column {column!r}; expected columns {expected}")
        if missing:
            # Reading on would report the missing column again on every row.
            return []
        rows = []
        for line, values in enumerate(reader, start=2):
            if len(values) != len(header):
                problems.append(
                    f"{_rel(path)}:{line}: has {len(values)} fields, expected {len(header)} like the header"
                )
                continue
            rows.append((line, dict(zip(header, values, strict=True))))
        return rows


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


def _label_pair(
    path: Path, line: int, row: dict, stem: str, problems: list[str], required: bool = True
) -> dict[str, str]:
    labels = {}
    for language in LANGUAGES:
        text = row.get(f"{stem}_{language}", "").strip()
        if not text and required:
            other = [lang for lang in LANGUAGES if lang != language and row.get(f"{stem}_{lang}", "").strip()]
            hint = f" (the {other[0]} label is {row[f'{stem}_{other[0]}']!r})" if other else ""
            problems.append(
                f"{_rel(path)}:{line}: column {stem}_{language!s} is empty; "
                f"expected the {LANGUAGE_NAMES[language]} text{hint}"
            )
        labels[language] = text
    return labels


def _int(path: Path, line: int, column: str, value: str, problems: list[str]) -> int | None:
    try:
        return int(value)
    except ValueError:
        problems.append(f"{_rel(path)}:{line}: column {column!r} has {value!r}; expected a whole number")
        return None


def _number(path: Path, line: int, column: str, value: str, problems: list[str]) -> int | float | None:
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        problems.append(f"{_rel(path)}:{line}: column {column!r} has {value!r}; expected a number")
        return None


def _optional_labels(path: Path, line: int, row: dict, stem: str, problems: list[str]) -> dict[str, str] | None:
    """Labels that are given in every language or in none (then None)."""
    labels = {language: row.get(f"{stem}_{language}", "").strip() for language in LANGUAGES}
    if not any(labels.values()):
        return None
    for language, text in labels.items():
        if not text:
            given = next(lang for lang, t in labels.items() if t)
            problems.append(
                f"{_rel(path)}:{line}: column {stem}_{language} is empty; expected the {LANGUAGE_NAMES[language]} "
                f"text, because {stem}_{given} has {labels[given]!r} (leave all {stem}_* columns empty "
                "if the scale has none)"
            )
    return labels


def _load_scale_properties(book: Path, scales_raw: dict[str, list], problems: list[str]) -> dict[str, dict]:
    """scale id -> Scale keyword arguments from codebook/scale_properties.csv (one row per scale)."""
    path = book / SCALE_PROPERTIES_FILE
    properties: dict[str, dict] = {}
    lines: dict[str, int] = {}
    rows = _read_csv(path, CODEBOOK_COLUMNS[SCALE_PROPERTIES_FILE], problems)
    for line, row in rows:
        sid = row["scale"]
        if sid in lines:
            problems.append(f"{_rel(path)}:{line}: scale {sid!r} is listed twice (first on line {lines[sid]})")
            continue
        lines[sid] = line
        if sid not in scales_raw:
            problems.append(
                f"{_rel(path)}:{line}: column 'scale' has {sid!r}; expected a scale of scales.csv: {sorted(scales_raw)}"
            )
            continue
        kind = row["kind"]
        if kind not in SCALE_KINDS:
            problems.append(
                f"{_rel(path)}:{line}: column 'kind' has {kind!r}; expected one of {', '.join(SCALE_KINDS)}"
            )
        low_raw, high_raw = row["min"].strip(), row["max"].strip()
        plotted = None
        if kind in RANGED_KINDS:
            low = _number(path, line, "min", low_raw, problems) if low_raw else None
            high = _number(path, line, "max", high_raw, problems) if high_raw else None
            for column, raw in (("min", low_raw), ("max", high_raw)):
                if not raw:
                    problems.append(
                        f"{_rel(path)}:{line}: column {column!r} is empty; expected a number (an {kind} scale "
                        "is plotted from min to max)"
                    )
            if low is not None and high is not None:
                if low >= high:
                    problems.append(f"{_rel(path)}:{line}: min {low} is not below max {high}; expected min < max")
                else:
                    plotted = (low, high)
                    valid = [c for c, *_, role in scales_raw[sid] if role == VALID_ROLE]
                    outside = [c for c in valid if not low <= c <= high]
                    if outside:
                        problems.append(
                            f"{_rel(path)}:{line}: the range {low}-{high} of scale {sid!r} leaves out its "
                            f"code{'s' if len(outside) > 1 else ''} {', '.join(map(str, outside))}; expected "
                            "min and max to include every valid code"
                        )
        elif kind in SCALE_KINDS and (low_raw or high_raw):
            problems.append(
                f"{_rel(path)}:{line}: columns 'min'/'max' have {low_raw!r}/{high_raw!r}; expected them empty "
                f"(a {kind} scale has no plotted range)"
            )
        include = row["shares_include_non_substantive"]
        if include not in YES_NO:
            problems.append(
                f"{_rel(path)}:{line}: column 'shares_include_non_substantive' has {include!r}; expected 'yes' or 'no'"
            )
        properties[sid] = {
            "kind": kind,
            "range": plotted,
            "top_label": _optional_labels(path, line, row, "top_label", problems),
            "bottom_label": _optional_labels(path, line, row, "bottom_label", problems),
            "shares_include_non_substantive": YES_NO.get(include, False),
        }
    if rows or path.exists():
        for sid in scales_raw:
            if sid not in lines:
                problems.append(
                    f"{_rel(path)}: scale {sid!r} of scales.csv has no row; expected one row per scale "
                    f"(scale,kind,min,max,...)"
                )
    return properties


def _load_codebook(data_dir: Path, problems: list[str]):
    book = data_dir / CODEBOOK_DIR
    scales_raw: dict[str, list] = {}
    path = book / "scales.csv"
    seen_codes: dict[tuple[str, int], int] = {}
    for line, row in _read_csv(path, CODEBOOK_COLUMNS["scales.csv"], problems):
        code = _int(path, line, "code", row["code"], problems)
        if row["role"] not in ROLES:
            problems.append(
                f"{_rel(path)}:{line}: column 'role' has {row['role']!r}; expected one of "
                f"{', '.join(repr(r) for r in ROLES)}"
            )
        labels = _label_pair(path, line, row, "label", problems)
        short = _label_pair(path, line, row, "short", problems)
        if code is not None and (row["scale"], code) in seen_codes:
            problems.append(
                f"{_rel(path)}:{line}: scale {row['scale']!r} repeats code {code} "
                f"(first on line {seen_codes[row['scale'], code]}); expected each code once per scale"
            )
        elif code is not None:
            seen_codes[row["scale"], code] = line
            scales_raw.setdefault(row["scale"], []).append((code, labels, short, row["role"]))
    properties = _load_scale_properties(book, scales_raw, problems)
    scales = {}
    for sid, entries in scales_raw.items():
        scales[sid] = Scale(
            id=sid,
            codes=tuple(c for c, *_ in entries),
            labels={lang: {c: lab[lang] for c, lab, _, _ in entries} for lang in LANGUAGES},
            short_labels={lang: {c: sh[lang] for c, _, sh, _ in entries} for lang in LANGUAGES},
            not_relevant=next((c for c, _, _, role in entries if role == NOT_RELEVANT_ROLE), None),
            roles={c: role if role in ROLES else VALID_ROLE for c, _, _, role in entries},
            **properties.get(sid, {}),
        )

    questions = {}
    path = book / "questions.csv"
    for line, row in _read_csv(path, CODEBOOK_COLUMNS["questions.csv"], problems):
        if row["question"] in questions:
            problems.append(f"{_rel(path)}:{line}: question {row['question']!r} is listed twice")
        if row["kind"] not in ("open", "grid", "number"):
            problems.append(
                f"{_rel(path)}:{line}: column 'kind' has {row['kind']!r}; expected 'open', 'grid' or 'number'"
            )
        if row["scale"] and row["scale"] not in scales:
            problems.append(
                f"{_rel(path)}:{line}: column 'scale' has {row['scale']!r}; "
                f"expected one of the scales in scales.csv: {sorted(scales)}"
            )
        is_open = row["kind"] == "open"
        questions[row["question"]] = Question(
            id=row["question"],
            order=_int(path, line, "order", row["order"], problems) or 0,
            kind=row["kind"],
            scale=row["scale"] or None,
            text=_label_pair(path, line, row, "text", problems),
            code_list_heading=_label_pair(path, line, row, "code_list_heading", problems, required=is_open),
        )

    variables = {}
    path = book / "variables.csv"
    for line, row in _read_csv(path, CODEBOOK_COLUMNS["variables.csv"], problems):
        if row["variable"] in variables:
            problems.append(f"{_rel(path)}:{line}: variable {row['variable']!r} is listed twice")
        if row["question"] not in questions:
            problems.append(
                f"{_rel(path)}:{line}: column 'question' has {row['question']!r}; expected a question of questions.csv"
            )
        variables[row["variable"]] = Variable(
            id=row["variable"],
            question=row["question"],
            order=_int(path, line, "order", row["order"], problems) or 0,
            label=_label_pair(path, line, row, "label", problems),
            short=_label_pair(path, line, row, "short", problems),
        )

    themes: dict[str, dict[str, Theme]] = {}
    path = book / "themes.csv"
    for line, row in _read_csv(path, CODEBOOK_COLUMNS["themes.csv"], problems):
        question = questions.get(row["question"])
        if question is None or question.kind != "open":
            open_ids = sorted(q for q, v in questions.items() if v.kind == "open")
            problems.append(
                f"{_rel(path)}:{line}: column 'question' has {row['question']!r}; expected an open question: {open_ids}"
            )
        if row["in_code_list"] not in YES_NO:
            problems.append(
                f"{_rel(path)}:{line}: column 'in_code_list' has {row['in_code_list']!r}; expected 'yes' or 'no'"
            )
        per_question = themes.setdefault(row["question"], {})
        if row["theme"] in per_question:
            problems.append(f"{_rel(path)}:{line}: theme {row['theme']!r} is listed twice for {row['question']!r}")
        per_question[row["theme"]] = Theme(
            question=row["question"],
            id=row["theme"],
            parent=row["parent"] or None,
            order=_int(path, line, "order", row["order"], problems) or 0,
            in_code_list=YES_NO.get(row["in_code_list"], False),
            label=_label_pair(path, line, row, "label", problems),
            description=_label_pair(path, line, row, "description", problems),
        )
    for question, per_question in themes.items():
        for theme in per_question.values():
            if theme.parent and theme.parent not in per_question:
                problems.append(
                    f"{_rel(path)}: theme {theme.id!r} of {question!r} has parent {theme.parent!r}, "
                    f"which is not a theme of that question"
                )
    return questions, variables, scales, themes


def _load_responses(data_dir: Path, questions, variables, scales, problems: list[str]) -> pd.DataFrame:
    path = data_dir / RESPONSES_FILE
    expected = FIXED_RESPONSE_COLUMNS + list(variables)
    # The codebook decides the columns: compare the header with it here, once, by name.
    with_header = [(1, dict.fromkeys(_header(path)))] if path.exists() else []
    rows = _read_csv(path, _header(path) if path.exists() else expected, problems)
    book = _rel(data_dir / CODEBOOK_DIR / "variables.csv")
    for column in FIXED_RESPONSE_COLUMNS:
        if with_header and column not in with_header[0][1]:
            problems.append(
                f"{_rel(path)}:1: column {column!r} is missing; every file starts with {FIXED_RESPONSE_COLUMNS}"
            )
            return pd.DataFrame(columns=expected).set_index("respondent_id", drop=False)
    if with_header:
        header = list(with_header[0][1])
        for column in header:
            if column not in expected:
                problems.append(
                    f"{_rel(path)}:1: column {column!r} has no entry in {book}; "
                    "add it to the codebook or remove the column"
                )
        for variable in variables:
            if variable not in header:
                problems.append(
                    f"{_rel(path)}:1: column {variable!r} is missing; {book} defines variable "
                    f"{variable!r}: add the column or remove the variable from the codebook"
                )
    seen: dict[str, int] = {}
    records = []
    for line, row in rows:
        rid = row.get("respondent_id", "").strip()
        if not rid:
            problems.append(f"{_rel(path)}:{line}: column 'respondent_id' is empty; expected an id")
        elif rid in seen:
            problems.append(f"{_rel(path)}:{line}: respondent_id {rid!r} is a duplicate of line {seen[rid]}")
        else:
            seen[rid] = line
        completed = row.get("completed", "")
        if completed not in YES_NO:
            problems.append(f"{_rel(path)}:{line}: column 'completed' has {completed!r}; expected 'yes' or 'no'")
        record = {"respondent_id": rid, "completed": YES_NO.get(completed, False)}
        for variable in variables:
            if variable not in row:
                continue
            raw = row[variable].strip()
            if raw == "":
                record[variable] = pd.NA
                continue
            scale = scales.get(questions[variables[variable].question].scale or "")
            allowed = scale.codes if scale else ()
            try:
                code = int(raw)
            except ValueError:
                code = None
            if code is None or code not in allowed:
                problems.append(
                    f"{_rel(path)}:{line}: column {variable!r} has {raw!r}; expected one of "
                    f"{', '.join(map(str, allowed))} (scale {scale.id if scale else '?'}) or an empty cell"
                )
                record[variable] = pd.NA
            else:
                record[variable] = code
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=FIXED_RESPONSE_COLUMNS + list(variables))
    for variable in variables:
        frame[variable] = frame[variable].astype("Int64")
    return frame.set_index("respondent_id", drop=False)


def _load_coded(data_dir: Path, themes, respondent_ids: set[str], problems: list[str]) -> pd.DataFrame:
    path = data_dir / CODED_FILE
    rows = _read_csv(path, CODED_COLUMNS, problems)
    seen: dict[tuple, int] = {}
    records = []
    for line, row in rows:
        key = (row.get("respondent_id"), row.get("question"), row.get("theme"))
        if row.get("respondent_id") not in respondent_ids:
            problems.append(
                f"{_rel(path)}:{line}: column 'respondent_id' has {row.get('respondent_id')!r}; "
                f"expected a respondent_id of {RESPONSES_FILE}"
            )
        if row.get("question") not in themes:
            problems.append(
                f"{_rel(path)}:{line}: column 'question' has {row.get('question')!r}; expected one of {sorted(themes)}"
            )
        elif row.get("theme") not in themes[row["question"]]:
            problems.append(
                f"{_rel(path)}:{line}: column 'theme' has {row.get('theme')!r}, an unknown theme "
                f"code for {row['question']!r}; expected one of {sorted(themes[row['question']])}"
            )
        if key in seen:
            problems.append(f"{_rel(path)}:{line}: repeats line {seen[key]} ({', '.join(map(str, key))})")
        seen[key] = line
        records.append(key)
    coded = pd.DataFrame.from_records(records, columns=CODED_COLUMNS)
    # A sub-theme implies its parent theme: check the data say so.
    present = set(records)
    for (rid, question, theme), line in seen.items():
        parent = themes.get(question, {}).get(theme)
        if parent is not None and parent.parent and (rid, question, parent.parent) not in present:
            problems.append(
                f"{_rel(path)}:{line}: respondent {rid!r} has sub-theme {theme!r} of {question!r} "
                f"but not its parent theme {parent.parent!r}"
            )
    return coded


def _check_coded_were_answered(
    data_dir: Path, coded: pd.DataFrame, responses: pd.DataFrame, problems: list[str]
) -> None:
    """A theme can only be coded on an answer that exists."""
    if not responses.index.is_unique:
        return  # duplicate respondent ids are reported already; lookups would be ambiguous
    for line, (rid, question, theme) in enumerate(coded.itertuples(index=False), start=2):
        if question in responses.columns and rid in responses.index and pd.isna(responses.at[rid, question]):
            problems.append(
                f"{_rel(data_dir / CODED_FILE)}:{line}: respondent {rid!r} is coded with {theme!r} "
                f"for {question!r} but has no answer to it in {RESPONSES_FILE}"
            )


def _load_yaml(path: Path, problems: list[str]) -> dict:
    if not path.exists():
        problems.append(f"{_rel(path)}: file is missing")
        return {}
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problems.append(f"{_rel(path)}{where}: is not valid YAML ({getattr(error, 'problem', error)})")
        return {}
    if not isinstance(content, dict):
        problems.append(f"{_rel(path)}: expected a mapping of keys to values at the top level")
        return {}
    return content


def _check_facts(path: Path, facts: dict, problems: list[str]) -> None:
    expected = {"invited": int, "sent_date": dt.date, "closed_date": dt.date, "reminders": int}
    for key, kind in expected.items():
        if not isinstance(facts.get(key), kind):
            expected_form = "a date like 2024-03-06" if kind is dt.date else "a whole number"
            problems.append(f"{_rel(path)}: key {key!r} has {facts.get(key)!r}; expected {expected_form}")


def load_survey(data_dir: Path = DATA_DIR) -> Survey:
    """Load and validate ``data_dir``; cached until a file in it changes."""
    data_dir = Path(data_dir).resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in data_dir.rglob("*") if p.is_file()))
    return _load_survey(data_dir, stamp)


def load_codebook(data_dir: Path = DATA_DIR):
    """Only the codebook: (questions, variables, scales, themes); raises DataError on problems."""
    problems: list[str] = []
    book = _load_codebook(Path(data_dir), problems)
    if problems:
        raise DataError(problems)
    return book


@functools.lru_cache(maxsize=4)
def _load_survey(data_dir: Path, _stamp: tuple) -> Survey:
    problems: list[str] = []
    questions, variables, scales, themes = _load_codebook(data_dir, problems)
    open_without_themes = [q for q, v in questions.items() if v.kind == "open" and q not in themes]
    for question in open_without_themes:
        problems.append(f"{_rel(data_dir / CODEBOOK_DIR / 'themes.csv')}: open question {question!r} has no themes")
    responses = _load_responses(data_dir, questions, variables, scales, problems)
    coded = _load_coded(data_dir, themes, set(responses.index), problems)
    _check_coded_were_answered(data_dir, coded, responses, problems)
    facts = _load_yaml(data_dir / SURVEY_FILE, problems)
    if facts:
        _check_facts(data_dir / SURVEY_FILE, facts, problems)
    report = _load_yaml(data_dir / "report.yaml", problems)
    if problems:
        raise DataError(problems)
    return Survey(
        responses=responses,
        coded=coded,
        questions=questions,
        variables=variables,
        scales=scales,
        themes=themes,
        facts=facts,
        report=report,
        data_dir=data_dir,
    )
