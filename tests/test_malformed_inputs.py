"""Malformed input never publishes: a test matrix of authoring mistakes, one real build per case.

Each case copies the report (tests/report_copy.py) into a folder of its own, puts a good site in
place there, breaks one thing an author edits, and runs the real strict build through the same
build-and-swap as ``./dev build`` (tools/build_site.py). Three things are checked per case, each
as its own test, so that what the engine already does and what it does not yet are told apart:

* ``test_build_stops``: the build exits non-zero, the previous site is unchanged (a hash of the
  whole folder) and no partial output is left;
* ``test_message``: the output names the file, the place (line, column or key path), the
  offending value and the expected form, each a separate substring check, and the message is
  printed once;
* ``test_stops_without_traceback``: a clean stop, i.e. the build fails and its output holds no
  Python traceback.

A case that fails today carries ``xfail(strict=True)`` for that check, with the reason. When the
engine is fixed the check passes and pytest reports "XPASS(strict)": remove that xfail then.
A case that no longer applies to the files (its target text is gone) fails as an error, never as
an expected failure.

The builds run in parallel, in threads that each wait on a build process (MALFORMED_JOBS, default:
the number of CPUs, at least 2), without charts (REPORT_CHARTS=off): only the cases selected for
the run are built, once per session. MALFORMED_OUTPUT=<folder> keeps each case's output there.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.report_copy import FAST_BUILD_ENV, REPO_ROOT, copy_report, folder_hash, link_tree
from tools import build_site

# --- the parts of a message -----------------------------------------------------------------------

# A requirement is a substring, or a tuple of substrings of which any one will do; a part of a
# message is one requirement or a list of requirements that must all hold.
Need = str | tuple[str, ...]
Part = Need | list[Need]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Quotes are compared as one kind: 'x', "x", `x`, ‘x’ and “x” all name the value x.
_QUOTES = str.maketrans(dict.fromkeys('"`‘’“”«»', "'"))


def normalise(text: str) -> str:
    return _ANSI.sub("", text).translate(_QUOTES)


def _needs(part: Part) -> list[Need]:
    return part if isinstance(part, list) else [part]


def _holds(need: Need, text: str) -> str | None:
    """The alternative of ``need`` found in ``text``, or None."""
    for option in (need,) if isinstance(need, str) else need:
        if normalise(option) in text:
            return normalise(option)
    return None


def at(file: str, line: int) -> tuple[str, ...]:
    """The ways a message may name line ``line`` of ``file``."""
    return (
        f"{file}:{line}:",
        f"{file}:{line} ",
        f"{file}:{line},",
        f"{file}:{line})",
        f"{file}, line {line}",
        f"{file}', line {line}",
    )


# --- editing the copy ------------------------------------------------------------------------------


class MutationDoesNotApply(Exception):
    """The text a case edits is no longer in the report: update the case (not an expected failure)."""


def _read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    text = _read(root, rel)
    if old not in text:
        raise MutationDoesNotApply(f"{rel} no longer contains {old!r}")
    _write(root, rel, text.replace(old, new, count))


def replace_line(root: Path, rel: str, starting: str, new: str) -> None:
    """Replace the first line that starts with ``starting`` by ``new`` (several lines allowed)."""
    lines = _read(root, rel).split("\n")
    for index, line in enumerate(lines):
        if line.startswith(starting):
            lines[index] = new
            _write(root, rel, "\n".join(lines))
            return
    raise MutationDoesNotApply(f"{rel} has no line starting with {starting!r}")


def repo_line(rel: str, starting: str, nth: int = 1) -> int:
    """The line number (1-based) of the ``nth`` line of the repository's ``rel`` starting with ``starting``."""
    seen = 0
    for number, line in enumerate((REPO_ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(starting):
            seen += 1
            if seen == nth:
                return number
    raise MutationDoesNotApply(f"{rel} has no line starting with {starting!r}")


def repo_line_containing(rel: str, text: str) -> int:
    for number, line in enumerate((REPO_ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise MutationDoesNotApply(f"{rel} has no line containing {text!r}")


def rows(root: Path, rel: str) -> list[list[str]]:
    with (root / rel).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(root: Path, rel: str, table: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table)
    _write(root, rel, out.getvalue())


def set_cell(root: Path, rel: str, line: int, column: str, value: str) -> None:
    table = rows(root, rel)
    if column not in table[0]:
        raise MutationDoesNotApply(f"{rel} has no column {column!r}")
    table[line - 1][table[0].index(column)] = value
    write_rows(root, rel, table)


def repo_csv_line(rel: str, **where: str) -> int:
    """The file line (header = 1) of the first row of the repository's ``rel`` with these cells."""
    with (REPO_ROOT / rel).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for number, row in enumerate(reader, start=2):
            if all(row.get(k) == v for k, v in where.items()):
                return number
    raise MutationDoesNotApply(f"{rel} has no row with {where}")


def repo_cell(rel: str, line: int, column: str) -> str:
    with (REPO_ROOT / rel).open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    return table[line - 1][table[0].index(column)]


def repo_line_count(rel: str) -> int:
    return len((REPO_ROOT / rel).read_text(encoding="utf-8").splitlines())


def add_line_after(root: Path, rel: str, line_text: str, new: str) -> None:
    """Insert the line ``new`` after the first line that is ``line_text``."""
    lines = _read(root, rel).split("\n")
    if line_text not in lines:
        raise MutationDoesNotApply(f"{rel} has no line {line_text!r}")
    lines.insert(lines.index(line_text) + 1, new)
    _write(root, rel, "\n".join(lines))


def append_copy_of_entry(root: Path, rel: str, key: str, new_key: str) -> None:
    """Append to a YAML mapping file a copy of its top-level entry ``key``, under the name ``new_key``."""
    lines = _read(root, rel).rstrip("\n").split("\n")
    start = next((i for i, line in enumerate(lines) if line == f"{key}:"), None)
    if start is None:
        raise MutationDoesNotApply(f"{rel} has no top-level entry {key}")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))), len(lines)
    )
    _write(root, rel, "\n".join([*lines, f"{new_key}:", *lines[start + 1 : end]]) + "\n")


def first_non_ascii(rel: str) -> tuple[int, str]:
    """(line, the Latin-1 byte of the first Latin-1 character outside ASCII) of the repository's ``rel``."""
    for number, line in enumerate((REPO_ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1):
        for char in line:
            if 127 < ord(char) < 256:
                return number, f"0x{ord(char):x}"
    raise MutationDoesNotApply(f"{rel} is plain ASCII")


# --- the cases -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    id: str
    apply: Callable[[Path], None]
    file: Part
    place: Part
    value: Part
    expected: Part
    # The text that must appear exactly once (default: the place's first requirement, as a message names
    # its place once; a value may be repeated, e.g. in the call it quotes).
    once: Need | None = None

    @property
    def today(self) -> dict[str, str]:
        """check ("stops", "message", "clean") -> why it fails today (a strict xfail); see TODAY."""
        return TODAY.get(self.id, {})


MUTATIONS: list[Mutation] = []


def case(id: str, *, file: Part, place: Part, value: Part, expected: Part, once: Need | None = None):
    def register(apply: Callable[[Path], None]) -> Callable[[Path], None]:
        MUTATIONS.append(Mutation(id, apply, file, place, value, expected, once))
        return apply

    return register


RESPONSES = "data/responses.csv"
CODED = "data/coded_answers.csv"
SCALES = "data/codebook/scales.csv"
QUESTIONS = "data/codebook/questions.csv"
VARIABLES = "data/codebook/variables.csv"
THEMES = "data/codebook/themes.csv"
SURVEY = "data/survey.yaml"
REPORT = "data/report.yaml"
TABLES = "data/tables.yaml"
FIGURES = "data/figures.yaml"
FINDINGS = "data/findings.yaml"
NOTES = "data/editorial_notes.yaml"
POLICY = "translations/policy.yaml"
CATALOG = "locale/da/LC_MESSAGES/messages.po"
MKDOCS = "mkdocs.yml"
DA_PAGE = "docs/da/challenges.md"
EN_PAGE = "docs/en/challenges.md"
RECORD = "translations/challenges.json"

# --- data/responses.csv ---


@case(
    "responses-code-outside-scale",
    file=RESPONSES,
    place=[at(RESPONSES, 2), "challenge.urban"],
    value="'77'",
    expected=("one of 1, 2, 3, 4, 5", "1–5", "1-5"),
)
def _(root):
    set_cell(root, RESPONSES, 2, "challenge.urban", "77")


@case(
    "responses-code-a-word",
    file=RESPONSES,
    place=[at(RESPONSES, 3), "challenge.climate"],
    value="'two'",
    expected=("one of 1, 2, 3, 4, 5", "whole number"),
)
def _(root):
    set_cell(root, RESPONSES, 3, "challenge.climate", "two")


@case(
    "responses-duplicate-respondent",
    file=RESPONSES,
    place=[at(RESPONSES, 3), "respondent_id"],
    value=f"'{repo_cell(RESPONSES, 2, 'respondent_id')}'",
    expected=("duplicate of line 2", "unique", "once"),
)
def _(root):
    set_cell(root, RESPONSES, 3, "respondent_id", repo_cell(RESPONSES, 2, "respondent_id"))


@case(
    "responses-completed-not-yes-no",
    file=RESPONSES,
    place=[at(RESPONSES, 2), "completed"],
    value="'ja'",
    expected="'yes' or 'no'",
)
def _(root):
    set_cell(root, RESPONSES, 2, "completed", "ja")


@case(
    "responses-unknown-column",
    file=RESPONSES,
    place=at(RESPONSES, 1),
    value="'challenge.urbn'",
    expected=("variables.csv", "codebook"),
)
def _(root):
    table = rows(root, RESPONSES)
    table[0][table[0].index("challenge.urban")] = "challenge.urbn"
    write_rows(root, RESPONSES, table)


@case(
    "responses-row-too-short",
    file=RESPONSES,
    place=at(RESPONSES, 4),
    value=("fields", "cells", "values", "columns"),
    expected=("like the header", "as the header", "the header has"),
)
def _(root):
    table = rows(root, RESPONSES)
    table[3] = table[3][:-1]
    write_rows(root, RESPONSES, table)


@case(
    "responses-byte-order-mark",
    file=RESPONSES,
    place=(*at(RESPONSES, 1), f"{RESPONSES}:"),
    value=("byte-order mark", "byte order mark", "BOM"),
    expected=("without a byte-order mark", "without the byte-order mark", "without BOM", "without a BOM"),
)
def _(root):
    _write(root, RESPONSES, "\ufeff" + _read(root, RESPONSES))


@case(
    "responses-semicolons",
    file=RESPONSES,
    place=(*at(RESPONSES, 1), f"{RESPONSES}:"),
    value=("semicolon", "';'"),
    expected=("comma",),
)
def _(root):
    write_rows(root, RESPONSES, rows(root, RESPONSES), delimiter=";")


@case(
    "responses-empty-file",
    file=RESPONSES,
    place=f"{RESPONSES}:",
    value=("is empty", "empty file", "no header"),
    expected=("header row", "a header"),
)
def _(root):
    _write(root, RESPONSES, "")


@case(
    "responses-header-only",
    file=RESPONSES,
    place=(*at(RESPONSES, 2), f"{RESPONSES}:"),
    value=("no data rows", "no rows", "only a header", "only the header", "header only"),
    expected=("a row per respondent", "at least one", "one row per"),
)
def _(root):
    _write(root, RESPONSES, _read(root, RESPONSES).split("\n", 1)[0] + "\n")


# --- data/coded_answers.csv ---

CODED_LINE = repo_csv_line(CODED, theme="economic_pressure")


@case(
    "coded-unknown-theme",
    file=CODED,
    place=[at(CODED, CODED_LINE), "theme"],
    value="'economic_presure'",
    expected=("'economic_pressure'", "themes.csv"),
)
def _(root):
    set_cell(root, CODED, CODED_LINE, "theme", "economic_presure")


@case(
    "coded-unknown-respondent",
    file=CODED,
    place=[at(CODED, 2), "respondent_id"],
    value="'r999'",
    expected=("responses.csv",),
)
def _(root):
    set_cell(root, CODED, 2, "respondent_id", "r999")


# --- the codebook ---

SCALE_LINE = repo_csv_line(SCALES, scale="degree5", code="3")
VARIABLE_LINE = repo_csv_line(VARIABLES, variable="challenge.urban")
QUESTION_LINE = repo_csv_line(QUESTIONS, question="challenge")
THEME_LINE = repo_csv_line(THEMES, question="open.challenge", theme="economic_pressure")
LATIN1_LINE, LATIN1_BYTE = first_non_ascii(VARIABLES)


@case(
    "scales-code-repeated",
    file=SCALES,
    place=at(SCALES, SCALE_LINE + 1),
    value=("code 3", "code '3'"),
    expected=("once", "unique"),
)
def _(root):
    lines = _read(root, SCALES).split("\n")
    lines.insert(SCALE_LINE, lines[SCALE_LINE - 1])
    _write(root, SCALES, "\n".join(lines))


@case(
    "scales-unknown-role",
    file=SCALES,
    place=[at(SCALES, SCALE_LINE), "role"],
    value="'vaild'",
    expected="'valid'",
)
def _(root):
    set_cell(root, SCALES, SCALE_LINE, "role", "vaild")


@case(
    "scales-code-a-word",
    file=SCALES,
    place=[at(SCALES, SCALE_LINE), "code"],
    value="'three'",
    expected="whole number",
)
def _(root):
    set_cell(root, SCALES, SCALE_LINE, "code", "three")


@case(
    "questions-unknown-scale",
    file=QUESTIONS,
    place=[at(QUESTIONS, QUESTION_LINE), "scale"],
    value="'degree6'",
    expected=("'degree5'", "scales.csv"),
)
def _(root):
    set_cell(root, QUESTIONS, QUESTION_LINE, "scale", "degree6")


@case(
    "questions-unknown-kind",
    file=QUESTIONS,
    place=[at(QUESTIONS, QUESTION_LINE), "kind"],
    value="'matrix'",
    expected="'grid'",
)
def _(root):
    set_cell(root, QUESTIONS, QUESTION_LINE, "kind", "matrix")


@case(
    "variables-unknown-question",
    file=VARIABLES,
    place=[at(VARIABLES, VARIABLE_LINE), "question"],
    value="'challenges'",
    expected=("'challenge'", "questions.csv"),
)
def _(root):
    set_cell(root, VARIABLES, VARIABLE_LINE, "question", "challenges")


@case(
    "variables-english-label-empty",
    file=VARIABLES,
    place=[at(VARIABLES, VARIABLE_LINE), "label_en"],
    value=("is empty", "empty"),
    expected="English",
)
def _(root):
    set_cell(root, VARIABLES, VARIABLE_LINE, "label_en", "")


@case(
    "variables-latin-1",
    file=VARIABLES,
    place=at(VARIABLES, LATIN1_LINE),
    value=LATIN1_BYTE,
    expected="UTF-8",
)
def _(root):
    (root / VARIABLES).write_bytes(_read(root, VARIABLES).encode("latin-1"))


@case(
    "themes-in-code-list-not-yes-no",
    file=THEMES,
    place=[at(THEMES, THEME_LINE), "in_code_list"],
    value="'ja'",
    expected="'yes' or 'no'",
)
def _(root):
    set_cell(root, THEMES, THEME_LINE, "in_code_list", "ja")


@case(
    "themes-unknown-parent",
    file=THEMES,
    place=[at(THEMES, THEME_LINE), "parent"],
    value="'economy'",
    expected=("a theme of", "themes of"),
)
def _(root):
    set_cell(root, THEMES, THEME_LINE, "parent", "economy")


@case(
    "questions-semicolons",
    file=QUESTIONS,
    place=(*at(QUESTIONS, 1), f"{QUESTIONS}:"),
    value=("semicolon", "';'"),
    expected="comma",
)
def _(root):
    write_rows(root, QUESTIONS, rows(root, QUESTIONS), delimiter=";")


# --- duplicate keys, one in every YAML file an author edits ---


@case(
    "survey-key-twice",
    file=SURVEY,
    place=[at(SURVEY, repo_line(SURVEY, "invited:") + 1)],
    value="'invited'",
    expected=("once", "unique"),
)
def _(root):
    replace_line(root, SURVEY, "invited:", _line(SURVEY, "invited:") + "\ninvited: 80")


@case(
    "report-key-twice",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "year:") + 1),
    value="'year'",
    expected=("once", "unique"),
)
def _(root):
    replace_line(root, REPORT, "year:", _line(REPORT, "year:") + "\nyear: 2023")


@case(
    "tables-id-twice",
    file=TABLES,
    place=at(TABLES, repo_line_count(TABLES) + 1),
    value="'4.2'",
    expected=("once", "unique"),
)
def _(root):
    append_copy_of_entry(root, TABLES, '"6.2"', '"4.2"')


@case(
    "figures-id-twice",
    file=FIGURES,
    place=at(FIGURES, repo_line_count(FIGURES) + 1),
    value="'4.2'",
    expected=("once", "unique"),
)
def _(root):
    append_copy_of_entry(root, FIGURES, '"6.2"', '"4.2"')


@case(
    "findings-key-twice",
    file=FINDINGS,
    place=at(FINDINGS, repo_line_containing(FINDINGS, "slug: cross-cutting-challenges") + 3),
    value="'support'",
    expected=("once", "unique"),
)
def _(root):
    replace(
        root,
        FINDINGS,
        "- slug: cross-cutting-challenges\n  section: {page: challenges.md, anchor: challenge-landscape}\n"
        '  support: {kind: figure, id: "4.1"}\n',
        "- slug: cross-cutting-challenges\n  section: {page: challenges.md, anchor: challenge-landscape}\n"
        '  support: {kind: figure, id: "4.1"}\n  support: {kind: table, id: "4.2"}\n',
    )


@case(
    "editorial-notes-key-twice",
    file=NOTES,
    place=at(NOTES, repo_line(NOTES, "  kind: harmonised") + 1),
    value="'kind'",
    expected=("once", "unique"),
)
def _(root):
    replace(root, NOTES, "  kind: harmonised\n", "  kind: harmonised\n  kind: correction\n")


@case(
    "policy-key-twice",
    file=POLICY,
    place=at(POLICY, repo_line(POLICY, "fail_on:") + 1),
    value="'fail_on'",
    expected=("once", "unique"),
)
def _(root):
    replace_line(root, POLICY, "fail_on:", _line(POLICY, "fail_on:") + "\nfail_on: []")


@case(
    "mkdocs-key-twice",
    file=MKDOCS,
    place=at(MKDOCS, repo_line(MKDOCS, "site_name:") + 1),
    value="'site_name'",
    expected=("once", "unique"),
)
def _(root):
    replace_line(root, MKDOCS, "site_name:", _line(MKDOCS, "site_name:") + "\nsite_name: Another name")


@case(
    "front-matter-key-twice",
    file=EN_PAGE,
    place=at(EN_PAGE, 3),
    value="'translation'",
    expected=("once", "unique"),
)
def _(root):
    replace(root, EN_PAGE, "---\ntranslation:\n", "---\ntranslation: {}\ntranslation:\n")


# --- dates and numbers in report.yaml and survey.yaml ---


@case(
    "survey-date-impossible",
    file=SURVEY,
    place=at(SURVEY, repo_line(SURVEY, "sent_date:")),
    value="2024-02-30",
    expected=("a date like", "YYYY-MM-DD", "valid date"),
)
def _(root):
    replace_line(root, SURVEY, "sent_date:", "sent_date: 2024-02-30")


@case(
    "survey-date-as-words",
    file=SURVEY,
    place=at(SURVEY, repo_line(SURVEY, "closed_date:")),
    value="'4. april 2024'",
    expected=("a date like", "YYYY-MM-DD"),
)
def _(root):
    replace_line(root, SURVEY, "closed_date:", 'closed_date: "4. april 2024"')


@case(
    "survey-closed-before-sent",
    file=SURVEY,
    place=at(SURVEY, repo_line(SURVEY, "closed_date:")),
    value="2024-03-01",
    expected=("after", "sent_date", "not before"),
)
def _(root):
    replace_line(root, SURVEY, "closed_date:", "closed_date: 2024-03-01")


@case(
    "survey-invited-a-word",
    file=SURVEY,
    place=at(SURVEY, repo_line(SURVEY, "invited:")),
    value="'ninety-eight'",
    expected="whole number",
)
def _(root):
    replace_line(root, SURVEY, "invited:", "invited: ninety-eight")


@case(
    "report-month-13",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "month:")),
    value="13",
    expected=("1 to 12", "1–12", "1-12", "between 1 and 12", "≤ 12", "at most 12"),
)
def _(root):
    replace_line(root, REPORT, "month:", "month: 13")


@case(
    "report-month-0",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "month:")),
    value="0",
    expected=("1 to 12", "1–12", "1-12", "between 1 and 12", "≥ 1", "at least 1"),
)
def _(root):
    replace_line(root, REPORT, "month:", "month: 0")


@case(
    "report-edition-date-impossible",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "edition_date:")),
    value="2024-13-14",
    expected=("a date like", "YYYY-MM-DD", "valid date"),
)
def _(root):
    replace_line(root, REPORT, "edition_date:", "edition_date: 2024-13-14")


# --- the shape of report.yaml and findings.yaml ---


@case(
    "report-english-title-missing",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "title:")),
    value=("'en'", "English"),
    expected=("{da: ..., en: ...}", "every language", "both languages", "an English title", "en:"),
)
def _(root):
    text = _read(root, REPORT)
    lines = text.split("\n")
    at_title = lines.index("title:")
    if not lines[at_title + 2].startswith("  en:"):
        raise MutationDoesNotApply(f"{REPORT}: title has no en: on its second line")
    del lines[at_title + 2]
    _write(root, REPORT, "\n".join(lines))


@case(
    "report-authors-a-string",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "authors:")),
    value="'Hargraves and Jakobsen'",
    expected=("a list", "given", "family"),
)
def _(root):
    text = _read(root, REPORT)
    start = text.index("authors:\n")
    end = text.index("\n\n", start)
    _write(root, REPORT, text[:start] + "authors: Hargraves and Jakobsen" + text[end:])


@case(
    "report-pdf-url-javascript",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "pdf_url:")),
    value="'javascript:alert(document.domain)'",
    expected=("https", "http"),
)
def _(root):
    replace_line(root, REPORT, "pdf_url:", 'pdf_url: "javascript:alert(document.domain)"')


@case(
    "report-year-a-word",
    file=REPORT,
    place=at(REPORT, repo_line(REPORT, "year:")),
    value="'twenty twenty-four'",
    expected=("whole number", "a year"),
)
def _(root):
    replace_line(root, REPORT, "year:", "year: twenty twenty-four")


@case(
    "findings-support-a-string",
    file=FINDINGS,
    place=at(FINDINGS, repo_line_containing(FINDINGS, "slug: cross-cutting-challenges") + 2),
    value="'figure 4.1'",
    expected=("{kind:", "kind: figure", "kind and id", "a mapping"),
)
def _(root):
    replace(
        root,
        FINDINGS,
        "- slug: cross-cutting-challenges\n  section: {page: challenges.md, anchor: challenge-landscape}\n"
        '  support: {kind: figure, id: "4.1"}\n',
        "- slug: cross-cutting-challenges\n  section: {page: challenges.md, anchor: challenge-landscape}\n"
        "  support: figure 4.1\n",
    )


@case(
    "findings-support-unknown-table",
    file=FINDINGS,
    place=at(FINDINGS, repo_line_containing(FINDINGS, 'support: {kind: table, id: "4.2"}')),
    value="'4.9'",
    expected=("tables.yaml", "one of"),
)
def _(root):
    replace(root, FINDINGS, 'support: {kind: table, id: "4.2"}', 'support: {kind: table, id: "4.9"}')


# --- tables.yaml and figures.yaml ---


@case(
    "tables-unknown-item",
    file=TABLES,
    place=[at(TABLES, repo_line_containing(TABLES, "items: [challenge.urban,")), "'4.2'", "items"],
    value="'challenge.urbn'",
    expected="'challenge.urban'",
)
def _(root):
    replace(root, TABLES, "items: [challenge.urban,", "items: [challenge.urbn,")


@case(
    "tables-bin-bound-a-word",
    file=TABLES,
    place=[at(TABLES, repo_line_containing(TABLES, '{id: "2-3", low: 2, high: 3}')), "low"],
    value="'two'",
    expected="whole number",
)
def _(root):
    replace(root, TABLES, '{id: "2-3", low: 2, high: 3}', '{id: "2-3", low: two, high: 3}')


@case(
    "figures-unknown-kind",
    file=FIGURES,
    place=[at(FIGURES, repo_line(FIGURES, '"4.2":') + 2), "'4.2'", "kind"],
    value="'pie'",
    expected="'means'",
)
def _(root):
    text = _read(root, FIGURES)
    start = text.index('"4.2":')
    position = text.index("  kind: means", start)
    _write(root, FIGURES, text[:position] + "  kind: pie" + text[position + len("  kind: means") :])


# --- macro calls in the Markdown ---

MOVED_LINK = '{{ finding_link("cross-cutting-challenges") }}'
BACKGROUND = "docs/da/background.md"


@case(
    "page-finding-link-moved-off-its-page",
    file=BACKGROUND,
    place=at(BACKGROUND, repo_line_count(BACKGROUND) + 2),
    value="'cross-cutting-challenges'",
    expected=["challenges.md", FINDINGS],
)
def _(root):
    # A copy of a page may carry a finding's link; a link moved off the page findings.yaml names
    # may not (the finding's page links back to its origin there).
    replace(root, DA_PAGE, MOVED_LINK, "")
    _write(root, BACKGROUND, _read(root, BACKGROUND) + "\n" + MOVED_LINK + "\n")


FIGURE_CALL = '{{ figure("4.2") }}'
# A broken call goes on a line of its own after figure 4.2 (the page keeps everything it had).
CALL_LINE = repo_line(DA_PAGE, FIGURE_CALL) + 1


@case(
    "page-unknown-macro",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value="'stats'",
    expected="'stat'",
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, '{{ stats("challenge.urban", "mean") }}')


@case(
    "page-unknown-argument",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value="'digit'",
    expected="'digits'",
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, '{{ stat("challenge.urban", "mean", digit=1) }}')


@case(
    "page-unknown-statistic",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value="'median'",
    expected=("'mean'", "valid choices", "one of"),
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, '{{ stat("challenge.urban", "median") }}')


@case(
    "page-unknown-figure",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value="'4.9'",
    expected=("valid choices", "one of", "figures.yaml"),
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, '{{ figure("4.9") }}')


@case(
    "page-unclosed-macro-call",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value=('figure("4.2"', "figure('4.2'"),
    expected=("')'", "}}", "closing"),
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, '{{ figure("4.2" }}')


@case(
    "page-figure-twice",
    file=DA_PAGE,
    place=at(DA_PAGE, CALL_LINE),
    value=("'4.2'", 'figure("4.2")'),
    expected=("once", "one place"),
)
def _(root):
    add_line_after(root, DA_PAGE, FIGURE_CALL, FIGURE_CALL)


@case(
    "page-in-one-language-only",
    file="docs/da/extra-page.md",
    place="docs/en/extra-page.md",
    value="'extra-page.md'",
    expected=("both languages", "every language", "same name", "in English too"),
    once="docs/en/extra-page.md",
)
def _(root):
    _write(root, "docs/da/extra-page.md", "# Ekstra side\n\nKun på dansk.\n")


# --- the UI catalog ---

# The msgstr line of an entry; a message may name any line of the entry (msgctxt, msgid, msgstr).
CATALOG_LINE = repo_line(CATALOG, 'msgstr "Gennemsnit"')
PLACEHOLDER_LINE = repo_line(CATALOG, 'msgstr "Antal besvarelser: {n}."')


@case(
    "catalog-syntax-error",
    file=CATALOG,
    place=tuple(p for line in range(CATALOG_LINE - 2, CATALOG_LINE + 1) for p in at(CATALOG, line)),
    value="msgstr Gennemsnit",
    expected=('msgstr "', "PO line"),
)
def _(root):
    replace(root, CATALOG, 'msgstr "Gennemsnit"', "msgstr Gennemsnit")


@case(
    "catalog-fuzzy",
    file=CATALOG,
    # The entry is lines CATALOG_LINE - 2 to CATALOG_LINE + 1 once the flag is added above it.
    place=(*(p for line in range(CATALOG_LINE - 2, CATALOG_LINE + 2) for p in at(CATALOG, line)), "msgctxt 'mean'"),
    value="fuzzy",
    expected=("remove the fuzzy flag", "not fuzzy"),
)
def _(root):
    replace(root, CATALOG, 'msgctxt "mean"\n', '#, fuzzy\nmsgctxt "mean"\n')


@case(
    "catalog-translation-missing",
    file=CATALOG,
    place=(*(p for line in range(CATALOG_LINE - 2, CATALOG_LINE + 1) for p in at(CATALOG, line)), "msgctxt 'mean'"),
    value=("'Mean'", "no translation", "untranslated", "empty"),
    expected=("translate", "a Danish", "msgstr"),
)
def _(root):
    replace(root, CATALOG, 'msgstr "Gennemsnit"', 'msgstr ""')


@case(
    "catalog-placeholder-dropped",
    file=CATALOG,
    place=tuple(p for line in range(PLACEHOLDER_LINE - 2, PLACEHOLDER_LINE + 1) for p in at(CATALOG, line)),
    value=("'Antal besvarelser.'", "['n']", "'{n}'"),
    expected=("placeholder", "keep"),
)
def _(root):
    replace(root, CATALOG, 'msgstr "Antal besvarelser: {n}."', 'msgstr "Antal besvarelser."')


# --- translation records ---


@case(
    "record-section-untranslated",
    file=EN_PAGE,
    place="challenge-landscape",
    value=("untranslated", "no translation record"),
    expected=("tools/translations.py", "./dev translations", "review"),
    once="untranslated",
)
def _(root):
    text = _read(root, EN_PAGE)
    lines = text.split("\n")
    kept = [line for line in lines if not line.startswith("    challenge-landscape:")]
    if len(kept) == len(lines):
        raise MutationDoesNotApply(f"{EN_PAGE} records no challenge-landscape section")
    _write(root, EN_PAGE, "\n".join(kept))


@case(
    "record-unknown-section",
    file=EN_PAGE,
    place=(*at(EN_PAGE, 1), *at(EN_PAGE, 3), "translation.reviewed"),
    value="'no-such-section'",
    expected=("valid:", "one of"),
)
def _(root):
    replace(root, EN_PAGE, "  reviewed:\n", "  reviewed:\n    no-such-section: 0123456789abcdef\n")


@case(
    "record-front-matter-not-yaml",
    file=EN_PAGE,
    # The broken line is 3; YAML notices it where the sequence fails to go on (line 5).
    place=(*at(EN_PAGE, 3), *at(EN_PAGE, 4), *at(EN_PAGE, 5)),
    value=("not valid YAML", "is not YAML"),
    expected=("mapping", "key: value", "fix"),
)
def _(root):
    replace(root, EN_PAGE, "  reviewed:\n", "  reviewed: [\n")


@case(
    "record-snapshot-not-json",
    file=RECORD,
    place=(*at(RECORD, 1), *at(RECORD, 2), "line 1", "line 2"),
    value=("not valid JSON", "is not JSON", "JSON"),
    expected=("tools/translations.py", "./dev translations", "review"),
)
def _(root):
    # The snapshot is read when a section is outdated: change the Danish text of one section too.
    _write(root, RECORD, "{\n" + _read(root, RECORD)[:40])
    replace(root, DA_PAGE, "Kommunaldirektørerne blev bedt om", "Kommunaldirektørerne blev alle bedt om")


@case(
    "policy-unknown-state",
    file=POLICY,
    place=at(POLICY, repo_line(POLICY, "fail_on:")),
    value="'outdatd'",
    expected=("'outdated'", "'untranslated'"),
)
def _(root):
    replace_line(root, POLICY, "fail_on:", "fail_on: [untranslated, outdatd]")


# --- mkdocs.yml ---


@case(
    "mkdocs-without-site-url",
    file=MKDOCS,
    place="site_url",
    value=("is missing", "not set", "is empty", "no site_url"),
    expected=("https://", "the address", "trailing slash"),
    once=("is missing", "not set", "is empty", "no site_url"),
)
def _(root):
    replace_line(root, MKDOCS, "site_url:", "")


@case(
    "mkdocs-nav-names-missing-page",
    file=MKDOCS,
    place=at(MKDOCS, repo_line(MKDOCS, "  - Referencer: references.md")),
    value="'referencer.md'",
    expected=("docs/", "exist", "references.md"),
)
def _(root):
    replace(root, MKDOCS, "  - Referencer: references.md", "  - Referencer: referencer.md")


@case(
    "mkdocs-not-yaml",
    file=MKDOCS,
    place=at(MKDOCS, repo_line(MKDOCS, "site_name:")),
    value=("Kommunernes: samarbejde: med", "column 23"),
    expected=("valid YAML", "quote", "key: value"),
)
def _(root):
    replace_line(root, MKDOCS, "site_name:", "site_name: Kommunernes: samarbejde: med")


# --- what fails today ----------------------------------------------------------------------------------
# case -> check -> why it fails today. Every entry is a strict xfail: when the engine fixes it the test
# reports XPASS(strict) and the entry must go. Found with `pytest --runxfail` on the engine as it is
# (MALFORMED_OUTPUT=<folder> keeps each case's output to read).
TODAY: dict[str, dict[str, str]] = {}


def _line(rel: str, starting: str) -> str:
    """The repository's line of ``rel`` that starts with ``starting`` (kept as it is in a mutation)."""
    return (REPO_ROOT / rel).read_text(encoding="utf-8").splitlines()[repo_line(rel, starting) - 1]


# --- running the builds ------------------------------------------------------------------------------


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    site_before: str
    site_after: str
    partial_left: bool
    seconds: float = 0.0
    problem: Exception | None = None  # the case could not be applied

    @property
    def output(self) -> str:
        return normalise(self.stderr + "\n" + self.stdout)


JOBS = int(os.environ.get("MALFORMED_JOBS") or max(2, os.cpu_count() or 2))
BY_ID = {m.id: m for m in MUTATIONS}


def _run(mutation: Mutation, root: Path, good_site: Path) -> Outcome:
    copy_report(root)
    site = root / "site"
    link_tree(good_site, site)
    before = folder_hash(site)
    try:
        mutation.apply(root)
    except MutationDoesNotApply as problem:
        return Outcome(0, "", "", before, before, False, problem=problem)
    started = time.monotonic()
    result = build_site.build(root, site, env=FAST_BUILD_ENV)
    return Outcome(
        result.returncode,
        result.stdout,
        result.stderr,
        before,
        folder_hash(site),
        (root / "site.partial").exists(),
        time.monotonic() - started,
    )


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good site built from an unchanged copy through the same swap: the previous site of every case."""
    root = copy_report(tmp_path_factory.mktemp("good") / "report")
    result = build_site.build(root, root / "site", env=FAST_BUILD_ENV)
    if not result.ok:
        pytest.fail(f"the unchanged copy does not build (exit {result.returncode}):\n{result.message}", pytrace=False)
    return root / "site"


@pytest.fixture(scope="session")
def malformed_builds(request: pytest.FixtureRequest, good_site: Path, tmp_path_factory) -> dict[str, Outcome]:
    """Build every selected case once, in parallel; the slowest (those that build through today) first."""
    selected = {
        item.callspec.params["mutation"].id
        for item in request.session.items
        if hasattr(item, "callspec") and isinstance(item.callspec.params.get("mutation"), Mutation)
    }
    chosen = sorted((BY_ID[i] for i in selected), key=lambda m: ("stops" not in m.today, m.id))
    workspace = tmp_path_factory.mktemp("cases")
    # Neutral folder names: the build prints its paths, and a case's id would be found in them.
    folders = {m.id: workspace / f"case{number:03d}" for number, m in enumerate(chosen)}
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {m.id: pool.submit(_run, m, folders[m.id], good_site) for m in chosen}
        results = {key: future.result() for key, future in futures.items()}
    keep = os.environ.get("MALFORMED_OUTPUT")  # a folder to keep every case's output in, to read
    for mutation in chosen:
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            outcome = results[mutation.id]
            text = f"exit {outcome.returncode} after {outcome.seconds:.1f} s\n{outcome.stderr}{outcome.stdout}"
            (Path(keep) / f"{mutation.id}.txt").write_text(text, encoding="utf-8")
        shutil.rmtree(folders[mutation.id], ignore_errors=True)  # the copy is not needed any more
    return results


def _outcome(outcomes: dict[str, Outcome], mutation: Mutation) -> Outcome:
    outcome = outcomes[mutation.id]
    if outcome.problem is not None:
        raise outcome.problem
    return outcome


def _cases(check: str) -> list:
    params = []
    for mutation in MUTATIONS:
        marks = []
        if check in mutation.today:
            marks.append(pytest.mark.xfail(strict=True, raises=AssertionError, reason=mutation.today[check]))
        params.append(pytest.param(mutation, id=mutation.id, marks=marks))
    return params


def _tail(outcome: Outcome) -> str:
    message = build_site.message_of(outcome.stderr + outcome.stdout)
    lines = message.splitlines()
    return "\n".join(lines[:60]) + ("\n..." if len(lines) > 60 else "")


# --- the checks -------------------------------------------------------------------------------------------


def test_the_matrix_is_large_enough():
    assert len(MUTATIONS) >= 45
    assert len(BY_ID) == len(MUTATIONS), "two cases share an id"
    touched = {str(m.file if isinstance(m.file, str) else m.file[0]) for m in MUTATIONS}
    for rel in (RESPONSES, CODED, SCALES, QUESTIONS, VARIABLES, THEMES, SURVEY, REPORT, TABLES, FIGURES, FINDINGS):
        assert rel in touched, f"no case breaks {rel}"
    for rel in (NOTES, POLICY, CATALOG, MKDOCS, DA_PAGE, EN_PAGE, RECORD):
        assert rel in touched, f"no case breaks {rel}"


def test_what_fails_today_names_real_cases_and_checks():
    for case_id, checks in TODAY.items():
        assert case_id in BY_ID, f"TODAY names no case {case_id!r}"
        assert set(checks) <= {"stops", "message", "clean"}, case_id
        if "stops" in checks:
            assert {"message", "clean"} <= set(checks), f"{case_id}: a build that does not stop has no message"


def test_the_unchanged_copy_builds_through_the_swap(good_site: Path):
    """The control: without a mutation the copy builds, so every failure below is the mutation's."""
    assert (good_site / "index.html").is_file()
    assert not good_site.with_name("site.partial").exists()


@pytest.mark.parametrize("mutation", _cases("stops"))
def test_build_stops(mutation: Mutation, malformed_builds):
    """Exit status non-zero; the previous site/ byte for byte as it was; nothing half-written left."""
    outcome = _outcome(malformed_builds, mutation)
    assert outcome.returncode != 0, f"the build exited 0 and published the broken input ({mutation.id})"
    assert outcome.site_after == outcome.site_before, "the previous site changed"
    assert not outcome.partial_left, "site.partial was left behind"


@pytest.mark.parametrize("mutation", _cases("message"))
def test_message(mutation: Mutation, malformed_builds):
    """The message names file, place, value and expected form, and is printed once."""
    outcome = _outcome(malformed_builds, mutation)
    text = outcome.output
    missing = []
    for name in ("file", "place", "value", "expected"):
        for need in _needs(getattr(mutation, name)):
            if _holds(need, text) is None:
                missing.append(f"{name}: {need!r}")
    assert not missing, "the message does not name\n  " + "\n  ".join(missing) + "\noutput:\n" + _tail(outcome)
    once = mutation.once or _needs(mutation.place)[0]
    found = _holds(once, text)
    count = text.count(found) if found else 0
    assert count == 1, f"{found!r} is printed {count} times; expected one message\noutput:\n{_tail(outcome)}"


@pytest.mark.parametrize("mutation", _cases("clean"))
def test_stops_without_traceback(mutation: Mutation, malformed_builds):
    """A clean stop: an authoring mistake fails the build with a message, not a Python traceback."""
    outcome = _outcome(malformed_builds, mutation)
    assert outcome.returncode != 0, "the build did not stop"
    assert "Traceback" not in outcome.output, "the output holds a traceback:\n" + _tail(outcome)
