"""The reconstructed respondent-level data: reproducible byte for byte, and shaped as section 3 says.

data/responses.csv and data/coded_answers.csv are not the original answers but a deterministic,
seeded reconstruction (tools/reconstruct.py; see data/README.md). Running the program again must
give the committed files exactly.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from macros.model.survey import DATA_DIR, FIXED_RESPONSE_COLUMNS, load_codebook, load_survey

REPO_ROOT = Path(__file__).resolve().parent.parent


def _rows(name: str) -> list[dict[str, str]]:
    with (Path(DATA_DIR) / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.build  # the slow kind (see tests/conftest.py): regenerates the data
def test_reconstruction_reproduces_the_committed_files_byte_for_byte():
    # check=False: a failure is reported below with the program's own output.
    result = subprocess.run(
        [sys.executable, "tools/reconstruct.py", "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, (
        "tools/reconstruct.py --check: the committed data are not what the program writes "
        f"(exit {result.returncode}):\n{result.stdout}{result.stderr}"
    )
    assert "reproduced byte for byte" in result.stdout


def test_respondents_opened_and_completed():
    rows = _rows("responses.csv")
    assert len(rows) == 79  # opened the questionnaire (section 3)
    assert sum(row["completed"] == "yes" for row in rows) == 70  # answered all of it
    assert {row["completed"] for row in rows} == {"yes", "no"}


def test_no_free_text_columns():
    _, variables, _, _ = load_codebook()
    with (Path(DATA_DIR) / "responses.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert [c for c in header if c not in FIXED_RESPONSE_COLUMNS and c not in variables] == []
    assert header == FIXED_RESPONSE_COLUMNS + list(variables)


def test_open_answers_hold_only_the_answered_code():
    survey = load_survey()
    for question in survey.themes:
        assert set(survey.values(question).dropna()) == {1}, question
    assert list(_rows("coded_answers.csv")[0]) == ["respondent_id", "question", "theme"]


def test_not_relevant_and_missing_are_distinct():
    survey = load_survey()
    item = survey.values("approach.most_important")
    assert int((item == 9).sum()) == 7  # "not relevant": an answer (figure 5.3 note)
    assert int(item.isna().sum()) == 79 - 71  # missing: did not answer (figure 5.2.1: 71 answers)


def test_completed_respondents_answered_the_last_page():
    survey = load_survey()
    responses = survey.responses
    completed = responses["completed"]
    assert responses.loc[completed, "years.director"].notna().all()
    assert responses.loc[~completed, "years.director"].isna().all()
