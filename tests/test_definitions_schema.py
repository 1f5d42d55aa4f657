"""Strict loading and the declared schema: every authoring mistake in data/ named with file, line,
key path, value and expectation; follow-on problems left out.

Each test copies data/ to a temporary folder, breaks it in one way, and pins the message.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.model import definitions as defs
from macros.model.errors import ReportError
from macros.model.languages import report_languages
from macros.model.survey import DATA_DIR, DataError, load_survey

LANGUAGES = report_languages()


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def survey_problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_survey(data_dir, LANGUAGES)
    return list(caught.value.problems)


def definition_problems(data_dir: Path) -> list[str]:
    with pytest.raises(ReportError) as caught:
        defs.definitions(data_dir, LANGUAGES)
    return list(caught.value.problems)


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- YAML: duplicate keys, dates, types --------------------------------------------------------


def test_a_duplicate_key_is_refused(data_dir):
    # PyYAML would keep the last one: a 99 % response rate published without a word.
    replace(data_dir / "survey.yaml", "reminders: 3", "reminders: 3\ninvited: 80")
    first = line_of(data_dir / "survey.yaml", "invited:")
    second = line_of(data_dir / "survey.yaml", "invited: 80")
    assert survey_problems(data_dir) == [
        f"data/survey.yaml:{second}: duplicate key 'invited' (first on line {first}); expected each key once "
        "in a mapping (YAML would keep only the last)"
    ]


def test_a_table_defined_twice_is_refused(data_dir):
    path = data_dir / "tables.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + '"4.2":\n  title: {da: x, en: y}\n  kind: items\n  items: [challenge.urban]\n')
    first, second = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith('"4.2":')]
    assert definition_problems(data_dir) == [
        f"data/tables.yaml:{second}: duplicate key '4.2' (first on line {first}); expected each key once "
        "in a mapping (YAML would keep only the last)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("month: 5", "month: 0", "month: has 0; expected a number ≥ 1"),
        ("month: 5", "month: 13", "month: has 13; expected a number ≤ 12"),
        (
            "edition_date: 2024-05-14",
            "edition_date: 2024-02-30",
            "'2024-02-30' is not a real date (day is out of range for month); expected a date like 2025-01-31 "
            "(year-month-day, month 1-12)",
        ),
        ("pages: 55", "pages: fifty-five", "pages: has 'fifty-five'; expected a whole number"),
        (
            "pdf_url: https://ps.au.dk",
            "pdf_url: javascript:alert(1)//ps.au.dk",
            "pdf_url: has 'javascript:alert(1)//ps.au.dk/fileadmin/Statskundskab/CPL/Hjemmeside/"
            "Datarapport_-_Kommunernes_"
            "samarbejde_med_civilsamfundet.pdf'; expected an address starting with https:// or http://",
        ),
        ("year: 2024", "yeer: 2024", "yeer: unknown key; expected one of the keys title,"),
    ],
    ids=["month 0", "month 13", "impossible date", "pages as a word", "javascript url", "misspelt key"],
)
def test_report_yaml_values(data_dir, old, new, expected):
    path = data_dir / "report.yaml"
    line = line_of(path, old.split(":")[0] + ":")
    replace(path, old, new)
    found = survey_problems(data_dir)
    assert len(found) == (2 if new.startswith("yeer") else 1), found
    assert found[-1].startswith(f"data/report.yaml:{line}: {expected}"), found


def test_a_misspelt_key_gets_a_suggestion(data_dir):
    replace(data_dir / "report.yaml", "year: 2024", "yeer: 2024")
    found = survey_problems(data_dir)
    assert found[0] == "data/report.yaml: key 'year' is missing"
    assert found[1].endswith("(did you mean 'year'?)")


def test_authors_as_a_string(data_dir):
    path = data_dir / "report.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("authors:\n"), text.index("department:")
    path.write_text(text[:start] + "authors: Emma Kjær Hargraves\n\n" + text[end:], encoding="utf-8")
    line = line_of(path, "authors:")
    assert survey_problems(data_dir) == [
        f"data/report.yaml:{line}: authors: has 'Emma Kjær Hargraves'; expected a list"
    ]


def test_a_title_missing_in_one_language(data_dir):
    path = data_dir / "figures.yaml"
    replace(
        path,
        'title: {da: "Kommunernes udfordringsbillede", en: "The municipalities\' challenge landscape"}',
        'title: {da: "Kommunernes udfordringsbillede"}',
    )
    found = definition_problems(data_dir)
    assert len(found) == 1
    assert found[0].startswith("data/figures.yaml:")
    assert found[0].endswith(
        "'4.2'.title: has {'da': 'Kommunernes udfordringsbillede'}; expected a text in every language of "
        "mkdocs.yml, {da: ..., en: ...} (no 'en' text)"
    )


def test_an_unknown_kind_with_a_suggestion(data_dir):
    path = data_dir / "tables.yaml"
    line = line_of(path, "  kind: items")
    replace(path, "\n  kind: items", "\n  kind: itemz")
    assert definition_problems(data_dir) == [
        f"data/tables.yaml:{line}: '4.2'.kind: has 'itemz'; expected one of 'items', 'numbers', 'bins' "
        "(did you mean 'items'?)"
    ]


def test_an_unquoted_id_is_explained(data_dir):
    path = data_dir / "tables.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("4.10:\n  title: {da: x, en: y}\n  kind: items\n  items: [challenge.urban]\n")
    line = line_of(path, "4.10:")
    assert definition_problems(data_dir) == [
        f"data/tables.yaml:{line}: '4.1': has 4.1; expected an id quoted as text, e.g. \"4.10\" (YAML reads an "
        "unquoted 4.10 as the number 4.1)"
    ]


def test_any_id_format_is_accepted_and_checked(data_dir):
    path = data_dir / "tables.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"experience-table":\n  title: {da: x, en: y}\n  kind: numbers\n  items: [years.director]\n')
        handle.write('"bad id!":\n  title: {da: x, en: y}\n  kind: numbers\n  items: [years.director]\n')
    line = line_of(path, '"bad id!":')
    assert definition_problems(data_dir) == [
        f"data/tables.yaml:{line}: 'bad id!': has 'bad id!'; expected an id of letters, digits, '.', '_' and "
        "'-' (it becomes part of addresses and file names)"
    ]


def test_an_item_of_the_wrong_question_kind(data_dir):
    # A numbers table draws on number questions; a grid item would give nonsense (or an IndexError).
    path = data_dir / "tables.yaml"
    replace(path, "items: [years.director, years.municipality]", "items: [years.director, challenge.urban]")
    line = line_of(path, "  items: [years.director, challenge.urban]")
    assert definition_problems(data_dir) == [
        f"data/tables.yaml:{line}: '10.1'.items[1]: item 'challenge.urban' belongs to the grid question "
        "'challenge'; expected an item of a number question here"
    ]


def test_an_unknown_item_with_a_suggestion(data_dir):
    path = data_dir / "figures.yaml"
    replace(path, "items: [challenge.urban, challenge.climate,", "items: [challenge.urbn, challenge.climate,")
    found = definition_problems(data_dir)
    assert len(found) == 1
    assert "'4.2'.items[0]: unknown item 'challenge.urbn'; expected one of ['challenge.urban'" in found[0]
    assert "(did you mean 'challenge.urban'" in found[0]


def test_findings_support_given_as_text(data_dir):
    path = data_dir / "findings.yaml"
    replace(path, 'support: {kind: figure, id: "4.1"}', 'support: "figure 4.1"')
    line = line_of(path, '  support: "figure 4.1"')
    tables, figures = defs.definitions(data_dir, LANGUAGES)
    assert defs.check_findings(data_dir, LANGUAGES, tables, figures) == [
        f"data/findings.yaml:{line}: [1].support: has 'figure 4.1'; expected a mapping of keys to values"
    ]


def test_findings_support_names_an_unknown_figure(data_dir):
    path = data_dir / "findings.yaml"
    replace(path, 'support: {kind: figure, id: "4.1"}', 'support: {kind: figure, id: "4.01"}')
    line = line_of(path, '  support: {kind: figure, id: "4.01"}')
    tables, figures = defs.definitions(data_dir, LANGUAGES)
    found = defs.check_findings(data_dir, LANGUAGES, tables, figures)
    assert found[0].startswith(
        f"data/findings.yaml:{line}: [1].support.id: finding 'cross-cutting-challenges' names figure '4.01', "
        "which figures.yaml does not define; expected one of 4.1, 4.2,"
    )


def test_survey_dates_in_order(data_dir):
    replace(data_dir / "survey.yaml", "closed_date: 2024-04-04", "closed_date: 2024-03-01")
    line = line_of(data_dir / "survey.yaml", "closed_date: 2024-03-01")  # the line of closed_date
    assert survey_problems(data_dir) == [
        f"data/survey.yaml:{line}: closed_date 2024-03-01 is before sent_date 2024-03-06; expected the survey to close "
        "after it opened"
    ]


# --- CSV files: encodings, byte-order marks, delimiters, empty files, follow-on problems ---------------


def test_a_latin1_codebook_names_the_file_and_what_to_do(data_dir):
    path = data_dir / "codebook" / "scales.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    found = survey_problems(data_dir)
    assert found == [
        "data/codebook/scales.csv:5: is not UTF-8 text: byte 0xf8 cannot be read (it looks like "
        "Windows-1252/Latin-1, as older spreadsheet programs write); expected UTF-8: save it from the "
        "spreadsheet as 'CSV UTF-8 (comma-separated)'"
    ]


def test_a_byte_order_mark(data_dir):
    path = data_dir / "responses.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert survey_problems(data_dir) == [
        "data/responses.csv:1: the file starts with a byte-order mark (BOM); expected UTF-8 without one: "
        "save it again with an editor that writes UTF-8 without BOM"
    ]


def test_a_semicolon_separated_export(data_dir):
    path = data_dir / "responses.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    # One problem, not one per row and per coded answer.
    assert survey_problems(data_dir) == [
        "data/responses.csv:1: the file is separated by semicolons (a Danish spreadsheet export?); expected "
        "commas: save it from the spreadsheet as 'CSV UTF-8 (comma-separated)'"
    ]


def test_an_empty_file(data_dir):
    (data_dir / "responses.csv").write_text("", encoding="utf-8")
    assert survey_problems(data_dir) == [
        "data/responses.csv: file is empty; expected a header row and one row per entry"
    ]


def test_a_header_only_file(data_dir):
    path = data_dir / "responses.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert survey_problems(data_dir) == [
        "data/responses.csv: has a header but no data rows; expected one row per entry below the header"
    ]


def test_a_respondent_id_against_the_data_package_pattern(data_dir):
    path = data_dir / "responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "R-1" + lines[1][3:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = survey_problems(data_dir)
    assert found[0] == (
        "data/responses.csv:2: column 'respondent_id' has 'R-1'; expected an id matching ^r[0-9]{2,}$ "
        "(the pattern datapackage.json declares for it)"
    )


# --- the codebook's rows against their declared models ----------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "questions.csv",
            "challenge,2,grid,",
            "challenge,2,gird,",
            "column 'kind' has 'gird'; expected one of 'open', 'grid', 'number' (did you mean 'grid'?)",
        ),
        (
            "questions.csv",
            "challenge,2,grid,",
            "challenge,two,grid,",
            "column 'order' has 'two'; expected a whole number",
        ),
        (
            "themes.csv",
            "labour_shortage,,1,yes,",
            "labour_shortage,,1,ja,",
            "column 'in_code_list' has 'ja'; expected 'yes' or 'no'",
        ),
    ],
    ids=["question kind", "order as a word", "yes/no in Danish"],
)
def test_codebook_rows(data_dir, file, old, new, expected):
    path = data_dir / "codebook" / file
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if old in text)
    replace(path, old, new)
    assert survey_problems(data_dir) == [f"data/codebook/{file}:{line}: {expected}"]


def test_a_note_text_with_a_typed_number_is_refused(data_dir):
    path = data_dir / "figures.yaml"
    replace(
        path,
        'note_text: {da: "Udsagn: *{item}.*", en: "Statement: *{item}.*"}',
        'note_text: {da: "Udsagn: *{item}.* Gennemsnit: 1,7.", en: "Statement: *{item}.*"}',
    )
    found = definition_problems(data_dir)
    assert len(found) == 1
    assert "'5.1.1'.note_text:" in found[0]
    assert found[0].endswith(
        "expected a note without numbers: the engine computes every number of a note ('da' text has a digit)"
    )
