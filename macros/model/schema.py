"""The declared schema of the report's YAML files, checked with pydantic before anything is built.

One model per file: ``report.yaml`` (:class:`ReportFile`), ``survey.yaml`` (:class:`SurveyFile`),
``tables.yaml`` (:class:`TablesFile`), ``figures.yaml`` (:class:`FiguresFile`) and
``findings.yaml`` (:class:`FindingsFile`). :func:`check` validates loaded YAML against a model
and turns every pydantic error into a :class:`~macros.model.errors.Problem` naming the file,
the line (the YAML is loaded by :mod:`macros.model.yamlfiles`, which keeps lines), the key
path, the value and what was expected. Texts in the report's languages (``{da: ..., en: ...}``)
are checked against the languages of mkdocs.yml, passed as validation context.

What the schema cannot know (does an item exist in the codebook? is a table id shown on a
page?) is checked by the loaders of the definitions against the survey.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from macros.model import yamlfiles
from macros.model.errors import Problem, did_you_mean

ID_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
ID_EXPECTED = "an id of letters, digits, '.', '_' and '-' (it becomes part of addresses and file names)"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_EXPECTED = "lower-case letters, digits and single hyphens, e.g. 'specialised-social-pressure'"
CITATION_KEY_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
URL_SCHEMES = ("https", "http")


# --- reusable field types ---------------------------------------------------------------------


def _languages(info: ValidationInfo) -> tuple[str, ...]:
    languages = (info.context or {}).get("languages")
    return tuple(languages.all) if languages is not None else ()


def _check_texts(value: dict, info: ValidationInfo) -> dict:
    languages = _languages(info)
    missing = [lang for lang in languages if not str(value.get(lang) or "").strip()]
    if missing:
        shape = "{" + ", ".join(f"{lang}: ..." for lang in languages) + "}"
        raise PydanticCustomError(
            "language_text",
            "a text in every language of mkdocs.yml, {shape} (no {missing} text)",
            {"shape": shape, "missing": ", ".join(repr(m) for m in missing)},
        )
    return value


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise PydanticCustomError("id_pattern", ID_EXPECTED)
    return value


def _check_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise PydanticCustomError("slug_pattern", "a URL segment of " + SLUG_EXPECTED)
    return value


def _check_url(value: str) -> str:
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in URL_SCHEMES or not re.match(r"^https?://[^\s/]+", value, re.I):
        raise PydanticCustomError(
            "url_scheme", "an address starting with {schemes}", {"schemes": " or ".join(f"{s}://" for s in URL_SCHEMES)}
        )
    return value


def _check_no_digits(value: dict) -> dict:
    typed = {lang: text for lang, text in value.items() if re.search(r"\d", str(text))}
    if typed:
        raise PydanticCustomError(
            "typed_number",
            "a note without numbers: the engine computes every number of a note ({langs} text has a digit)",
            {"langs": ", ".join(repr(lang) for lang in typed)},
        )
    return value


Text = Annotated[str, Field(min_length=1)]
LanguageText = Annotated[dict[str, str], AfterValidator(_check_texts)]
# A sentence or two a block's note adds to what the engine writes; no numbers (those are computed).
NoteText = Annotated[dict[str, str], AfterValidator(_check_texts), AfterValidator(_check_no_digits)]
LanguageList = Annotated[dict[str, list[Text]], AfterValidator(_check_texts)]
Id = Annotated[str, AfterValidator(_check_id)]
Url = Annotated[str, AfterValidator(_check_url)]


class Strict(BaseModel):
    """Unknown keys are refused (a misspelt key would otherwise be ignored silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- report.yaml -------------------------------------------------------------------------------


class Author(Strict):
    given: Text
    family: Text


class Partner(Strict):
    name: LanguageText
    role: Text | None = None
    statement: LanguageText | None = None


class Licence(Strict):
    """The rights in the report's content: an SPDX or Open Definition id, its title, a statement."""

    id: Text
    title: LanguageText
    statement: LanguageText | None = None
    url: Url | None = None


class ReportFile(Strict):
    """data/report.yaml: the bibliographic facts of the report (colophon, citations)."""

    title: LanguageText
    subtitle: LanguageText | None = None
    report_type: LanguageText | None = None
    original_language: str | None = None
    authors: Annotated[list[Author], Field(min_length=1)]
    citation_key: Annotated[str, Field(pattern=CITATION_KEY_PATTERN.pattern)] | None = None
    department: LanguageText | None = None
    publisher: LanguageText
    institution: LanguageText | None = None
    partner: Partner | None = None
    year: Annotated[int, Field(ge=1000, le=9999)]
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    edition_date: dt.date | None = None
    pdf_url: Url | None = None
    # The PDF edition's file name: <slug>-<language>.pdf (macros/outputs/pdf); no slug, no PDF links.
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] | None = None
    pages: Annotated[int, Field(ge=1)] | None = None
    keywords: LanguageList | None = None
    # Disclosure control (minimum cell size and the like): its keys are the blocks' to define.
    disclosure: dict[str, Any] | None = None
    licence: Licence | None = None
    # What every number of the edition rests on, said wherever a part is quoted alone (a finding's
    # page, its citation and CSV), e.g. that the data set is reconstructed.
    data_note: LanguageText | None = None

    @model_validator(mode="after")
    def _original_language_is_a_language(self, info: ValidationInfo):
        languages = _languages(info)
        if self.original_language is not None and languages and self.original_language not in languages:
            raise PydanticCustomError(
                "original_language",
                "original_language {value} is not a language of mkdocs.yml; expected one of {languages}",
                {"value": repr(self.original_language), "languages": ", ".join(languages)},
            )
        return self


# --- survey.yaml -------------------------------------------------------------------------------


class SurveyFile(Strict):
    """data/survey.yaml: facts about the fielding of the survey."""

    population: LanguageText
    # The population as a plural noun for running text and labels ("teachers", "nurses"); default: population.
    population_label: LanguageText | None = None
    invited: Annotated[int, Field(ge=1)]
    sent_date: dt.date
    closed_date: dt.date
    reminders: Annotated[int, Field(ge=0)]
    mode: LanguageText | None = None

    @model_validator(mode="after")
    def _closed_after_sent(self):
        if self.closed_date < self.sent_date:
            raise PydanticCustomError(
                "date_order",
                "closed_date {closed} is before sent_date {sent}; expected the survey to close after it opened",
                {"closed": self.closed_date.isoformat(), "sent": self.sent_date.isoformat(), "at_key": "closed_date"},
            )
        return self


# --- tables.yaml and figures.yaml -------------------------------------------------------------

TableKind = Literal["items", "numbers", "bins"]
TableColumn = Literal["n", "top2_share", "mean_sd", "min", "max", "mean", "sd", "count", "share"]
# The columns each kind of table can show (macros/blocks/tables.py).
COLUMNS_OF_KIND: dict[str, tuple[str, ...]] = {
    "items": ("n", "top2_share", "mean_sd", "mean", "sd", "min", "max"),
    "numbers": ("n", "mean", "sd", "min", "max"),
    "bins": ("count", "share"),
}
NotePart = Literal["n", "question", "questions", "sd_in_parentheses", "scale", "not_relevant"]
FigureKind = Literal["themes", "means", "distribution", "grouped_means"]


class BinSpec(Strict):
    id: Annotated[str, Field(min_length=1)]
    low: int
    high: int | None = None
    label: LanguageText | None = None  # default: the range in years

    @model_validator(mode="before")
    @classmethod
    def _id_as_text(cls, data):
        if isinstance(data, dict) and isinstance(data.get("id"), int | float):
            data = {**data, "id": str(data["id"])}
        return data


class BySpec(Strict):
    """``by:`` of a table or figure: a background variable, with bins when it is a number."""

    variable: Text
    bins: list[BinSpec] = []


class TableSpec(Strict):
    title: LanguageText
    kind: TableKind
    items: Annotated[list[Text], Field(min_length=1)]
    columns: list[TableColumn] = []
    note: list[NotePart] = []
    question: Text | None = None
    stub: Literal["question"] | None = None
    bins: list[BinSpec] = []
    by: Text | BySpec | None = None  # groups of a background variable (macros/stats/breakdowns.py)
    note_text: NoteText | None = None  # free text at the end of the note

    @model_validator(mode="after")
    def _bins_for_bins(self):
        if self.kind == "bins" and not self.bins:
            raise PydanticCustomError("bins", "`bins` for a table of kind bins: a list of {{id, low, high}}")
        allowed = COLUMNS_OF_KIND[self.kind]
        wrong = [c for c in self.columns if c not in allowed]
        if wrong:
            raise PydanticCustomError(
                "columns_of_kind",
                "columns of a table of kind {kind} from {allowed} (not {wrong})",
                {"kind": self.kind, "allowed": ", ".join(allowed), "wrong": ", ".join(wrong)},
            )
        return self


class FigureSpec(Strict):
    title: LanguageText
    kind: FigureKind
    question: Text | None = None
    items: list[Text] = []
    include_not_relevant: bool = False
    show_mean: bool = False
    rows: list[Text] = []
    series: list[Text] = []
    series_labels: dict[str, LanguageText] = {}
    by: Text | BySpec | None = None  # groups of a background variable (macros/stats/breakdowns.py)
    # Free text the note adds after the question ({item}: the label of the figure's first item).
    note_text: NoteText | None = None
    # Themes: what a respondent could do in the open text field ("write more than one answer").
    several_answers: NoteText | None = None
    # Grouped means: the note quotes the question of each series.
    series_questions: bool = False

    @model_validator(mode="after")
    def _kind_needs(self):
        if self.kind in ("means", "distribution") and not self.items:
            raise PydanticCustomError(
                "items", "`items`: a list of variable ids (a {kind} figure draws items)", {"kind": self.kind}
            )
        if self.kind == "themes" and not self.question:
            raise PydanticCustomError("question", "`question`: the open question whose themes the figure shows")
        if self.kind == "grouped_means":
            if not self.rows or not self.series:
                raise PydanticCustomError("grouped", "`rows` and `series` for a grouped_means figure")
            unlabelled = [s for s in self.series if s not in self.series_labels]
            if unlabelled:
                raise PydanticCustomError(
                    "series_labels",
                    "a label in series_labels for every series (none for {series})",
                    {"series": ", ".join(map(repr, unlabelled))},
                )
        return self


class TablesFile(RootModel[dict[Id, TableSpec]]):
    pass


class FiguresFile(RootModel[dict[Id, FigureSpec]]):
    pass


# --- findings.yaml -----------------------------------------------------------------------------


class SectionRef(Strict):
    page: Annotated[str, Field(pattern=r"^[^/].*\.md$")]
    anchor: str = ""

    @model_validator(mode="before")
    @classmethod
    def _empty_anchor(cls, data):
        if isinstance(data, dict) and data.get("anchor") is None:
            data = {k: v for k, v in data.items() if k != "anchor"}
        return data


class SupportRef(Strict):
    kind: Literal["table", "figure"]
    id: Annotated[str, Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _id_as_text(cls, data):
        if isinstance(data, dict) and isinstance(data.get("id"), int | float):
            data = {**data, "id": str(data["id"])}
        return data


class FindingSpec(Strict):
    slug: Annotated[str, AfterValidator(_check_slug)]
    section: SectionRef
    support: SupportRef | None = None
    main_point: str | None = None


class FindingsFile(RootModel[list[FindingSpec]]):
    @model_validator(mode="after")
    def _unique_slugs(self):
        seen = set()
        for finding in self.root:
            if finding.slug in seen:
                raise PydanticCustomError(
                    "duplicate_slug",
                    "every finding with its own slug ({slug} is used twice)",
                    {"slug": repr(finding.slug)},
                )
            seen.add(finding.slug)
        return self


# --- the codebook (one model per row of each CSV file) ----------------------------------------
#
# The fixed columns of each codebook file; the text columns (label_<language>, ...) depend on the
# languages of mkdocs.yml and are checked by the loader (macros.model.survey) beside these.


class CodebookRow(BaseModel):
    """A row of a codebook file: the declared columns checked, the text columns kept as they are."""

    model_config = ConfigDict(extra="allow", frozen=True)


YesNo = Literal["yes", "no"]


class ScaleRow(CodebookRow):
    scale: Text
    code: int
    role: Literal["valid", "not_relevant", "dont_know"]


class ScalePropertiesRow(CodebookRow):
    scale: Text
    kind: Literal["ordinal", "nominal", "binary", "numeric"]
    min: str = ""
    max: str = ""
    shares_include_non_substantive: YesNo


class QuestionRow(CodebookRow):
    question: Text
    order: int
    kind: Literal["open", "grid", "number"]
    scale: str = ""


class VariableRow(CodebookRow):
    variable: Text
    question: Text
    order: int


class ThemeRow(CodebookRow):
    question: Text
    theme: Text
    parent: str = ""
    order: int
    in_code_list: YesNo


Row = TypeVar("Row", bound=CodebookRow)


def check_row(model: type[Row], row: dict, where: str, line: int, problems: list) -> Row | None:
    """One CSV row validated against its model; each problem names the file, line, column and value."""
    try:
        return model.model_validate(row)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            column = item["loc"][0] if item["loc"] else "?"
            expected = _expected(item)
            hint = None
            if item["type"] == "literal_error":
                hint = did_you_mean(row.get(column, ""), re.findall(r"'([^']*)'", item["ctx"]["expected"]))
            problems.append(
                Problem(
                    f"{where}:{line}: column {column!r} has {row.get(column, '')!r}; expected {expected}"
                    + (f" ({hint})" if hint else ""),
                    file=where,
                    place=f"{line}: column {column!r}",
                    value=row.get(column, ""),
                    expected=expected,
                    hint=hint,
                )
            )
        return None


# --- pydantic errors as problems ---------------------------------------------------------------

# Custom errors whose message is a whole sentence (not "expected ..." text).
SENTENCES = ("date_order", "original_language")

_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "list_type": "a list",
    "date_type": "a date like 2025-01-31",
    "date_parsing": "a date like 2025-01-31",
    "date_from_datetime_parsing": "a date like 2025-01-31",
    "date_from_datetime_inexact": "a date like 2025-01-31 (without a time)",
}


def _expected(item: ErrorDetails) -> str:
    """What a pydantic error says was expected, in the words of the report's messages."""
    kind = item["type"]
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", item["ctx"]["expected"])
        if len(choices) == 2:
            return f"{choices[0]!r} or {choices[1]!r}"
        return "one of " + ", ".join(repr(c) for c in choices)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        return f"a number {sign} {next(iter(item['ctx'].values()))}"
    if kind == "too_short":
        return "at least one entry" if item["ctx"].get("min_length") == 1 else item["msg"]
    if kind == "string_too_short":
        return "a text that is not empty"
    if kind == "string_pattern_mismatch":
        return f"text matching {item['ctx']['pattern']}"
    return item["msg"].removeprefix("Value error, ").removeprefix("Input should be ")


def _key_path(loc: tuple) -> str:
    parts = []
    for key in loc:
        if key == "[key]":
            continue
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + (key if re.match(r"^[A-Za-z_][\w-]*$", str(key)) else repr(key)))
    return "".join(parts)


def _unwrap(annotation):
    """``X`` of ``Annotated[X, ...]`` and of ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model the last key of ``loc`` belongs to (for 'unknown key' hints)."""
    current: Any = model
    for key in loc[:-1]:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, RootModel):
            current = _unwrap(current.model_fields["root"].annotation)
        if typing.get_origin(current) in (list, dict):
            current = typing.get_args(current)[-1]
        elif isinstance(current, type) and issubclass(current, BaseModel) and key in current.model_fields:
            current = current.model_fields[key].annotation
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def problems_of(error: ValidationError, model: type[BaseModel], data, where: str) -> list[Problem]:
    """Every error of a pydantic validation as a Problem (file:line: key path: value; expected)."""
    found: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = tuple(k for k in item["loc"] if not (isinstance(k, str) and k in ("function-after", "function-before")))
        # A union (`X | None`) adds the member's name to the path; drop those parts.
        loc = tuple(k for k in loc if not (isinstance(k, str) and ("[" in k and "]" in k and k != "[key]")))
        # A check of a whole mapping names the key it is about in its context ("at_key").
        at_key = (item.get("ctx") or {}).get("at_key")
        if at_key and loc[-1:] != (at_key,):
            loc = (*loc, at_key)
        line = yamlfiles.line_of(data, loc)
        place = f"{line}: {_key_path(loc)}" if line and loc else (str(line) if line else _key_path(loc))
        kind = item["type"]
        if kind == "missing":
            parent = _key_path(loc[:-1])
            parent_line = yamlfiles.line_of(data, loc[:-1]) if loc[:-1] else None
            at = f"{where}:{parent_line}" if parent_line else where
            text = f"{at}: {parent + ': ' if parent else ''}key {loc[-1]!r} is missing"
            owner = _model_at(model, loc)
            field = owner.model_fields.get(str(loc[-1])) if owner is not None else None
            expected = field.description if field is not None and field.description else None
            text += f"; expected {expected}" if expected else ""
            found.append(Problem(text, file=where, place=place, expected=expected or f"the key {loc[-1]!r}"))
            continue
        if kind == "extra_forbidden":
            owner = _model_at(model, loc)
            known = list(owner.model_fields) if owner is not None else []
            hint = did_you_mean(loc[-1], known)
            expected = f"one of the keys {', '.join(known)}" if known else "no such key"
            at = f"{where}:{line}" if line else where
            text = f"{at}: {_key_path(loc)}: unknown key; expected {expected}" + (f" ({hint})" if hint else "")
            found.append(Problem(text, file=where, place=place, value=loc[-1], expected=expected, hint=hint))
            continue
        if kind in SENTENCES:
            at = f"{where}:{line}" if line else where
            keys = _key_path(loc)
            prefix = keys + ": " if keys and not item["msg"].startswith(keys) else ""
            found.append(Problem(f"{at}: {prefix}{item['msg']}", file=where, place=place))
            continue
        if "[key]" in item["loc"] and kind == "string_type":
            expected = 'an id quoted as text, e.g. "4.10" (YAML reads an unquoted 4.10 as the number 4.1)'
        else:
            expected = _expected(item)
        hint = None
        if kind == "literal_error":
            choices = re.findall(r"'([^']*)'", item["ctx"]["expected"])
            hint = did_you_mean(item.get("input"), choices)
        value = _plain(item.get("input"))
        if len(repr(value)) > 160:  # a whole table definition: the key path says enough
            found.append(Problem(file=where, place=place, expected=expected, hint=hint))
        else:
            found.append(Problem(file=where, place=place, value=value, expected=expected, hint=hint))
    return found


def _plain(value):
    """A loaded YAML value as plain Python, for messages (Marked -> dict)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check(model: type[BaseModel], data, where: str, languages=None, problems: list | None = None):
    """``data`` validated against ``model``; problems are appended (and None returned) when it fails."""
    try:
        return model.model_validate(data, context={"languages": languages})
    except ValidationError as error:
        found = problems_of(error, model, data, where)
        if problems is None:
            from macros.model.errors import ReportError

            raise ReportError(problems=found) from None
        problems.extend(found)
        return None
