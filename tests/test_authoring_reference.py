"""AUTHORING.md describes every macro, macro argument, YAML key and scale option of the engine.

The lists come from the code: the macros the adapter registers (macros.macro_registry) and
their signatures, the pydantic models of macros/model/schema.py walked key by key, their
literal choices, and the codebook's columns. A new macro, argument or key that the reference
does not describe fails here; so does a key the reference describes that no longer exists.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from macros import calls, macro_registry
from macros.model import schema
from macros.model.survey import CODEBOOK_LAYOUT

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "AUTHORING.md"

# Each YAML file and the model of one of its entries (tables and figures: one per id; findings: one per item).
FILES = {
    "report.yaml": schema.ReportFile,
    "survey.yaml": schema.SurveyFile,
    "tables.yaml": schema.TableSpec,
    "figures.yaml": schema.FigureSpec,
    "findings.yaml": schema.FindingSpec,
}
# Literal choices an author writes, and the section of the reference that must name each.
CHOICES = {
    "tables.yaml": (schema.TableKind, schema.TableColumn, schema.NotePart),
    "figures.yaml": (schema.FigureKind,),
}
SCALE_MODELS = (schema.ScaleRow, schema.ScalePropertiesRow)
LANGUAGE_OPTIONS = ("babel_locale", "mid_sentence_case")


def _unwrap(annotation):
    """The model (or list of models) inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else members[0]
            if models:
                return annotation
        else:
            return annotation


def key_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key of a model as an author writes its path: ``authors[].given``, ``by.bins[].low``."""
    paths = []
    for name, field in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        inner = _unwrap(field.annotation)
        if typing.get_origin(inner) is list:
            item = _unwrap(typing.get_args(inner)[0])
            if isinstance(item, type) and issubclass(item, BaseModel):
                paths += key_paths(item, path + "[].")
        elif isinstance(inner, type) and issubclass(inner, BaseModel):
            paths += key_paths(inner, path + ".")
    return paths


def _literals(annotation) -> list[str]:
    return [str(value) for value in typing.get_args(annotation)]


def section(text: str, heading: str) -> str:
    """The text under ``heading`` (a whole heading line) up to the next heading of its level or above."""
    match = re.search(rf"^{re.escape(heading)}\s*$", text, re.M)
    if not match:
        return ""
    level = len(heading) - len(heading.lstrip("#"))
    rest = text[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def _table_keys(text: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", text, re.M)


def missing(text: str) -> list[str]:
    """What the reference ``text`` fails to describe (or describes but the engine lacks)."""
    problems = []
    for name, function in macro_registry().items():
        part = section(text, f"#### `{name}`")
        if not part:
            problems.append(f"macro {name}: no section '#### `{name}`'")
            continue
        for parameter in list(inspect.signature(function).parameters)[1:]:
            if not re.search(rf"\b{re.escape(parameter)}\b", part):
                problems.append(f"macro {name}: argument {parameter!r} is not described")
        if "Example:" not in part:
            problems.append(f"macro {name}: no example")
    for values, macro in ((calls.STATISTICS, "stat"), (calls.SURVEY_FACTS, "survey")):
        part = section(text, f"#### `{macro}`")
        problems += [f"macro {macro}: value {v!r} is not described" for v in values if f"`{v}`" not in part]
    for file, model in FILES.items():
        part = section(text, f"### `{file}`")
        if not part:
            problems.append(f"{file}: no section '### `{file}`'")
            continue
        documented = _table_keys(part)
        known = key_paths(model)
        problems += [f"{file}: key {p!r} is not described" for p in known if p not in documented]
        problems += [f"{file}: key {p!r} is described but the schema has none" for p in documented if p not in known]
        for annotation in CHOICES.get(file, ()):
            problems += [
                f"{file}: choice {v!r} is not described" for v in _literals(annotation) if f"`{v}`" not in part
            ]
        if "Example" not in part:
            problems.append(f"{file}: no example")
    scales = section(text, "## Scales")
    for model in SCALE_MODELS:
        for name, field in model.model_fields.items():
            if name in ("scale", "code"):
                continue
            if f"`{name}`" not in scales:
                problems.append(f"scale option {name!r} is not described")
            for value in _literals(_unwrap(field.annotation)):
                if f"`{value}`" not in scales:
                    problems.append(f"scale option {name}: value {value!r} is not described")
    for stem in ("top_label", "bottom_label"):
        if f"`{stem}_<language>`" not in scales:
            problems.append(f"scale option {stem}_<language> is not described")
    codebook = section(text, "## The codebook (`data/codebook/`)")
    for file, (before, stems, after) in CODEBOOK_LAYOUT.items():
        row = next((line for line in codebook.splitlines() if line.startswith(f"| `{file}` |")), "")
        for column in [*before, *(f"{stem}_<language>" for stem in stems), *after]:
            if f"`{column}`" not in row:
                problems.append(f"codebook {file}: column {column!r} is not described")
    for value in _literals(schema.QuestionRow.model_fields["kind"].annotation):
        if f"`{value}`" not in codebook:
            problems.append(f"codebook questions.csv: kind {value!r} is not described")
    for option in LANGUAGE_OPTIONS:
        if f"`{option}`" not in text:
            problems.append(f"mkdocs.yml language option {option!r} is not described")
    return problems


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def test_the_reference_describes_every_macro_key_and_scale_option(reference):
    assert missing(reference) == []


def test_the_reference_is_not_published_by_the_site():
    assert REFERENCE.parent == ROOT and not (ROOT / "docs" / REFERENCE.name).exists()


def test_the_key_paths_come_from_the_schema():
    paths = key_paths(schema.ReportFile)
    assert {"title", "authors[].family", "licence.id", "disclosure"} <= set(paths)
    assert "by.bins[].low" in key_paths(schema.FigureSpec)


def test_a_missing_macro_argument_or_key_fails(reference):
    without_macro = reference.replace("#### `finding_link`", "#### finding link")
    assert "macro finding_link: no section '#### `finding_link`'" in missing(without_macro)
    without_argument = reference.replace("`exclude_not_relevant`", "`exclude`").replace(
        "exclude_not_relevant=None", "exclude=None"
    )
    assert "macro stat: argument 'exclude_not_relevant' is not described" in missing(without_argument)
    without_key = reference.replace("| `licence.url` |", "| licence url |")
    assert "report.yaml: key 'licence.url' is not described" in missing(without_key)
    stale = reference.replace("| `invited` |", "| `invitations` |")
    assert "survey.yaml: key 'invitations' is described but the schema has none" in missing(stale)
    without_role = reference.replace("`dont_know`", "don't know")
    assert "scale option role: value 'dont_know' is not described" in missing(without_role)


def test_the_columns_of_each_kind_of_table_are_those_the_schema_allows(reference):
    row = next(
        line for line in section(reference, "### `tables.yaml`").splitlines() if line.startswith("| `columns` |")
    )
    for kind, allowed in schema.COLUMNS_OF_KIND.items():
        listed = re.search(rf"for `{kind}`: ([^;|]*)", row)
        assert listed and tuple(re.findall(r"`([^`]+)`", listed.group(1))) == allowed, kind


def test_a_column_a_kind_of_table_cannot_show_is_refused():
    from macros.model.errors import ReportError

    table = {"title": {"xx": "T"}, "kind": "items", "items": ["a"], "columns": ["n", "share"]}
    with pytest.raises(ReportError, match=r"columns of a table of kind items from .* \(not share\)"):
        schema.check(schema.TablesFile, {"t": table}, "data/tables.yaml")
