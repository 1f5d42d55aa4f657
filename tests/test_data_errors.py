"""Bad input in data/ stops loading with one DataError that names the file, the row, the column,
the offending value and what was expected.

Each test copies data/ to its own temporary folder, breaks it in one way and pins the important
parts of the message. (load_survey caches by folder and file times; every test has its own folder.)
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from macros.model.survey import DATA_DIR, DataError, load_survey

CODEBOOK = "data/codebook"


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def problems(data_dir: Path) -> list[str]:
    """The problems load_survey reports, with the temporary folder cut off (``data/...``)."""
    with pytest.raises(DataError) as caught:
        load_survey(data_dir)
    prefix = str(data_dir.parent) + "/"
    lines = [p.replace(prefix, "") for p in caught.value.problems]
    # One exception whose message lists every problem, each on its own line.
    count = len(lines)
    assert str(caught.value).splitlines()[0] == f"{count} problem{'s' if count != 1 else ''} in the data files:"
    return lines


# --- editing helpers -----------------------------------------------------------------------------------


def read_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_table(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set the cell of ``column`` on file line ``line`` (the header is line 1)."""
    rows = read_table(path)
    rows[line - 1][rows[0].index(column)] = value
    write_table(path, rows)


def drop_column(path: Path, column: str) -> None:
    rows = read_table(path)
    index = rows[0].index(column)
    write_table(path, [row[:index] + row[index + 1 :] for row in rows])


def add_column(path: Path, column: str, value: str) -> None:
    rows = read_table(path)
    write_table(path, [[*rows[0], column], *([*row, value] for row in rows[1:])])


def line_of(path: Path, column: str, value: str) -> int:
    rows = read_table(path)
    index = rows[0].index(column)
    return next(n for n, row in enumerate(rows, start=1) if row[index] == value)


# --- columns ------------------------------------------------------------------------------------------------


def test_missing_column(data_dir: Path):
    drop_column(data_dir / "responses.csv", "challenge.urban")
    assert problems(data_dir) == [
        f"data/responses.csv:1: column 'challenge.urban' is missing; {CODEBOOK}/variables.csv defines variable "
        "'challenge.urban': add the column or remove the variable from the codebook"
    ]


def test_extra_column(data_dir: Path):
    # A free-text column must never be published: the loader refuses any column it does not know.
    add_column(data_dir / "responses.csv", "answer_text", "")
    assert problems(data_dir) == [
        (
            "data/responses.csv:1: column 'answer_text' has no entry in data/codebook/variables.csv; "
            "add it to the codebook or remove the column"
        )
    ]


def test_extra_column_in_a_codebook_file(data_dir: Path):
    add_column(data_dir / "codebook" / "scales.csv", "colour", "x")
    assert problems(data_dir) == [
        (
            f"{CODEBOOK}/scales.csv:1: unexpected column 'colour'; expected columns "
            "['scale', 'code', 'label_da', 'label_en', 'short_da', 'short_en', 'role']"
        )
    ]


def test_a_text_column_of_another_language_is_ignored(data_dir: Path):
    # A translator may add label_de before German is switched on in mkdocs.yml: nothing breaks.
    add_column(data_dir / "codebook" / "scales.csv", "label_de", "x")
    add_column(data_dir / "codebook" / "variables.csv", "short_de", "")
    survey = load_survey(data_dir)
    assert set(survey.scales["agree5"].labels) == {"da", "en"}


def test_missing_column_in_a_codebook_file(data_dir: Path):
    drop_column(data_dir / "codebook" / "scales.csv", "role")
    assert problems(data_dir)[0] == (
        f"{CODEBOOK}/scales.csv:1: column 'role' is missing; expected columns "
        "['scale', 'code', 'label_da', 'label_en', 'short_da', 'short_en', 'role']"
    )


def test_codebook_variable_without_a_column(data_dir: Path):
    rows = read_table(data_dir / "codebook" / "variables.csv")
    rows.append(
        ["challenge.transport", "challenge", "6", "At sikre transport", "Ensuring transport", "Transport", "Transport"]
    )
    write_table(data_dir / "codebook" / "variables.csv", rows)
    assert problems(data_dir) == [
        f"data/responses.csv:1: column 'challenge.transport' is missing; {CODEBOOK}/variables.csv defines "
        "variable 'challenge.transport': add the column or remove the variable from the codebook"
    ]


def test_column_without_a_codebook_entry(data_dir: Path):
    path = data_dir / "codebook" / "variables.csv"
    rows = read_table(path)
    write_table(path, [row for row in rows if row[0] != "challenge.urban"])
    found = problems(data_dir)
    assert (
        "data/responses.csv:1: column 'challenge.urban' has no entry in data/codebook/variables.csv; "
        "add it to the codebook or remove the column" in found
    )
    assert all("challenge.urban" in line for line in found)


# --- values --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        pytest.param(
            "challenge.urban",
            "7",
            "expected one of 1, 2, 3, 4, 5 (scale degree5) or an empty cell",
            id="7 on a 1-5 scale",
        ),
        pytest.param(
            "challenge.urban",
            "9",
            "expected one of 1, 2, 3, 4, 5 (scale degree5) or an empty cell",
            id="not relevant on a scale without it",
        ),
        pytest.param(
            "challenge.urban",
            "0",
            "expected one of 1, 2, 3, 4, 5 (scale degree5) or an empty cell",
            id="0 on a 1-5 scale",
        ),
        pytest.param(
            "challenge.urban",
            "NA",
            "expected one of 1, 2, 3, 4, 5 (scale degree5) or an empty cell",
            id="NA is not a missing answer",
        ),
        pytest.param(
            "challenge.urban", "3.5", "expected one of 1, 2, 3, 4, 5 (scale degree5) or an empty cell", id="decimal"
        ),
        pytest.param(
            "involvement.urban",
            "6",
            "expected one of 1, 2, 3, 4, 5, 9 (scale degree5_nr) or an empty cell",
            id="6 on 1-5 + not relevant",
        ),
        pytest.param(
            "approach.urban",
            "4",
            "expected one of 1, 2, 3, 9 (scale approach) or an empty cell",
            id="4 on the approach scale",
        ),
        pytest.param(
            "open.challenge",
            "2",
            "expected one of 1 (scale open_answer) or an empty cell",
            id="open answer other than 1",
        ),
        pytest.param("years.director", "-1", "expected one of 0, 1, 2, ", id="negative years"),
    ],
)
def test_value_outside_the_scale(data_dir: Path, column: str, value: str, expected: str):
    set_cell(data_dir / "responses.csv", 2, column, value)
    found = problems(data_dir)
    assert found[0].startswith(f"data/responses.csv:2: column {column!r} has {value!r}; {expected}")
    # An invalid open answer also leaves r01's coded themes without an answer (a follow-on problem).
    assert len(found) == (2 if column == "open.challenge" else 1), found


def test_completed_must_be_yes_or_no(data_dir: Path):
    set_cell(data_dir / "responses.csv", 5, "completed", "true")
    assert problems(data_dir) == ["data/responses.csv:5: column 'completed' has 'true'; expected 'yes' or 'no'"]


def test_duplicate_respondent_id(data_dir: Path):
    # r09 and r10 stopped before the first open question, so no coded answer refers to them.
    path = data_dir / "responses.csv"
    first, second = line_of(path, "respondent_id", "r09"), line_of(path, "respondent_id", "r10")
    set_cell(path, second, "respondent_id", "r09")
    assert problems(data_dir) == [f"data/responses.csv:{second}: respondent_id 'r09' is a duplicate of line {first}"]


def test_duplicate_respondent_id_with_coded_answers(data_dir: Path):
    set_cell(data_dir / "responses.csv", 3, "respondent_id", "r01")  # r01 and r02 both answered open questions
    assert "data/responses.csv:3: respondent_id 'r01' is a duplicate of line 2" in problems(data_dir)


def test_unknown_theme_code(data_dir: Path):
    set_cell(data_dir / "coded_answers.csv", 2, "theme", "economic_presure")
    assert problems(data_dir) == [
        (
            "data/coded_answers.csv:2: column 'theme' has 'economic_presure', an unknown theme code for "
            "'open.challenge'; expected one of ['area_challenge', 'demography', 'economic_pressure', "
            "'expectation_gap', 'labour_shortage', 'other', 'specialised_social_area']"
        )
    ]


def test_coded_answer_of_an_unknown_respondent(data_dir: Path):
    set_cell(data_dir / "coded_answers.csv", 2, "respondent_id", "r99")
    found = problems(data_dir)
    assert found[0] == (
        "data/coded_answers.csv:2: column 'respondent_id' has 'r99'; expected a respondent_id of responses.csv"
    )


def test_theme_coded_on_a_missing_answer(data_dir: Path):
    path = data_dir / "responses.csv"
    line = line_of(path, "respondent_id", "r01")
    set_cell(path, line, "open.challenge", "")
    coded_line = line_of(data_dir / "coded_answers.csv", "respondent_id", "r01")  # r01's open.challenge theme
    assert problems(data_dir) == [
        (
            f"data/coded_answers.csv:{coded_line}: respondent 'r01' is coded with 'economic_pressure' for "
            "'open.challenge' but has no answer to it in responses.csv"
        )
    ]


# --- labels --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "key_column", "key", "column", "expected"),
    [
        pytest.param(
            "variables.csv",
            "variable",
            "challenge.urban",
            "label_en",
            "column label_en is empty; expected the English text "
            "(the da label is 'At sikre en positiv by- og erhvervsudvikling')",
            id="variable label",
        ),
        pytest.param(
            "variables.csv",
            "variable",
            "challenge.urban",
            "short_en",
            "column short_en is empty; expected the English text (the da label is 'By- og erhvervsudvikling')",
            id="variable short label",
        ),
        pytest.param(
            "scales.csv",
            "label_da",
            "Slet ikke",
            "label_en",
            "column label_en is empty; expected the English text (the da label is 'Slet ikke')",
            id="scale label",
        ),
        pytest.param(
            "themes.csv",
            "theme",
            "labour_shortage",
            "label_en",
            "column label_en is empty; expected the English text (the da label is 'Arbejdskraft')",
            id="theme label",
        ),
        pytest.param(
            "questions.csv",
            "question",
            "challenge",
            "text_en",
            "column text_en is empty; expected the English text (the da label is "
            "'I hvilken grad står jeres kommune i de kommende år overfor udfordringer med …')",
            id="question text",
        ),
    ],
)
def test_label_missing_in_english(data_dir: Path, file, key_column, key, column, expected):
    path = data_dir / "codebook" / file
    line = line_of(path, key_column, key)
    set_cell(path, line, column, "")
    assert problems(data_dir) == [f"{CODEBOOK}/{file}:{line}: {expected}"]


def test_label_missing_in_danish(data_dir: Path):
    path = data_dir / "codebook" / "variables.csv"
    line = line_of(path, "variable", "challenge.urban")
    set_cell(path, line, "label_da", " ")
    assert problems(data_dir) == [
        (
            f"{CODEBOOK}/variables.csv:{line}: column label_da is empty; expected the Danish text "
            "(the en label is 'Ensuring positive urban and business development')"
        )
    ]


# --- YAML -----------------------------------------------------------------------------------------------------


def test_malformed_yaml(data_dir: Path):
    path = data_dir / "survey.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, text in enumerate(lines, start=1) if text.startswith("invited:"))
    lines[number - 1] = "invited: [98"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(data_dir)
    # The parser notices the unclosed list on the next line.
    # The one problem: the facts of an unreadable file are not reported missing one by one.
    assert found == [f"data/survey.yaml:{number + 1}: is not valid YAML (expected ',' or ']', but got ':')"]


def test_survey_fact_of_the_wrong_type(data_dir: Path):
    path = data_dir / "survey.yaml"
    text = path.read_text(encoding="utf-8").replace("sent_date: 2024-03-06", "sent_date: 6 March 2024")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.startswith("sent_date:"))
    assert problems(data_dir) == [
        f"data/survey.yaml:{line}: sent_date: has '6 March 2024'; expected a date like 2025-01-31"
    ]
