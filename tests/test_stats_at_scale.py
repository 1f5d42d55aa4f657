"""Statistics computed once per survey and vectorised, with every number what a straightforward
pandas computation gives: on the report's data and on a generated larger data set."""

from __future__ import annotations

import dataclasses
import math
import shutil
import statistics
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from macros.model.survey import load_survey
from macros.stats import items as stats
from tools import synthetic

ROOT = Path(__file__).resolve().parent.parent


def _plain_counts(survey, variable: str) -> dict[int, int]:
    values = survey.responses[variable].dropna().astype(int)
    return {code: int((values == code).sum()) for code in survey.scale_of(variable).codes}


def _plain_theme_count(survey, question: str, theme: str) -> int:
    coded = survey.coded
    rows = coded[(coded["question"] == question) & (coded["theme"] == theme)]
    return int(rows["respondent_id"].nunique())


def _closed(survey) -> list[str]:
    return [v for v in survey.variables if survey.questions[survey.variables[v].question].scale in survey.scales]


def _numbers(survey) -> list[str]:
    return [v for v in survey.variables if survey.questions[survey.variables[v].question].kind == "number"]


def _check_every_number(survey) -> None:
    closed = _closed(survey)
    assert closed, "the survey has no closed items to check"
    for variable in closed:
        item = stats.item_stats(survey, variable)
        assert item.counts == _plain_counts(survey, variable), variable
        values = survey.responses[variable].dropna().astype(int)
        valid = values[values.isin(list(item.scale.valid_codes))]
        assert (item.answered, item.n) == (len(values), len(valid)), variable
        if survey.questions[survey.variables[variable].question].kind == "number":
            continue
        if len(valid):
            assert item.mean() == Fraction(int(valid.sum()), len(valid)), variable
    assert _numbers(survey), "the survey has no numbers to check"
    for variable in _numbers(survey):
        values = survey.responses[variable].dropna().astype(int)
        numbers = stats.number_stats(survey, variable)
        assert (numbers["n"], numbers["min"], numbers["max"]) == (len(values), values.min(), values.max())
        assert numbers["mean"] == Fraction(int(values.sum()), len(values))
        assert math.isclose(numbers["sd"], float(values.std(ddof=1)), rel_tol=1e-12), variable
        assert math.isclose(numbers["sd"], statistics.stdev(values.tolist()), rel_tol=1e-15), variable
    assert survey.themes, "the survey has no open questions to check"
    for question, themes in survey.themes.items():
        answered = int(survey.responses[stats.open_variable(survey, question)].notna().sum())
        for theme in themes:
            result = stats.theme_stats(survey, question, theme)
            assert (result.count, result.answered) == (_plain_theme_count(survey, question, theme), answered)


def test_every_item_and_theme_is_what_plain_pandas_counts():
    _check_every_number(load_survey(ROOT / "data"))


def test_statistics_are_computed_once_per_survey_and_a_new_survey_gets_its_own():
    survey = load_survey(ROOT / "data")
    variable = _closed(survey)[0]
    first = stats.item_stats(survey, variable)
    assert stats.item_stats(survey, variable) is first
    question = next(iter(survey.themes))
    theme = next(iter(survey.themes[question]))
    # Another survey (other answers, no coded themes) is computed from its own frames.
    responses = survey.responses.copy()
    responses[variable] = pd.array([pd.NA] * len(responses), dtype="Int64")
    coded = survey.coded.iloc[0:0]
    other = dataclasses.replace(survey, frames=lambda: (responses, coded))
    assert stats.item_stats(other, variable).answered == 0
    assert stats.theme_stats(other, question, theme).count == 0
    assert stats.item_stats(survey, variable) is first
    assert stats.theme_stats(survey, question, theme).count == _plain_theme_count(survey, question, theme)


@pytest.fixture(scope="module")
def larger_survey(tmp_path_factory):
    """A generated data set 30 times the report's (seeded, so the same every run)."""
    data_dir = tmp_path_factory.mktemp("larger") / "data"
    shutil.copytree(ROOT / "data", data_dir)
    shutil.copy(ROOT / "mkdocs.yml", data_dir.parent / "mkdocs.yml")
    responses, coded = synthetic.large_data(data_dir, respondents=2_500, seed=3)
    responses.to_csv(data_dir / "responses.csv", index=False, na_rep="", lineterminator="\n")
    coded.to_csv(data_dir / "coded_answers.csv", index=False, lineterminator="\n")
    return load_survey(data_dir)


def test_on_a_larger_generated_survey_every_number_is_what_plain_pandas_counts(larger_survey):
    assert len(larger_survey.responses) == 2_500
    _check_every_number(larger_survey)


def test_a_coded_answer_without_an_answer_is_reported_with_its_line(tmp_path):
    """The vectorised check names each offending line of coded_answers.csv, in file order."""
    from macros.model.survey import CODED_FILE, RESPONSES_FILE, DataError

    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    coded = pd.read_csv(data_dir / CODED_FILE, dtype=str, keep_default_na=False)
    responses = pd.read_csv(data_dir / RESPONSES_FILE, dtype=str, keep_default_na=False)
    targets = [len(coded) - 1, 0]  # the last line first: the messages must still come in file order
    for row in targets:
        rid, question = coded.loc[row, "respondent_id"], coded.loc[row, "question"]
        responses.loc[responses["respondent_id"] == rid, question] = ""
    responses.to_csv(data_dir / RESPONSES_FILE, index=False, lineterminator="\n")
    with pytest.raises(DataError) as raised:
        load_survey(data_dir)
    unanswered = [p for p in raised.value.problems if "has no answer to it" in p]
    lines = [int(p.split(":")[1]) for p in unanswered]
    assert lines == sorted(lines) and {0 + 2, len(coded) + 1} <= set(lines)


def test_a_line_of_coded_answers_is_its_line_in_the_file_after_a_blank_line(tmp_path):
    """The check that a coded theme has an answer names the line in the file, blank lines counted."""
    from macros.model.survey import CODED_FILE, RESPONSES_FILE, DataError

    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    coded = pd.read_csv(data_dir / CODED_FILE, dtype=str, keep_default_na=False)
    responses = pd.read_csv(data_dir / RESPONSES_FILE, dtype=str, keep_default_na=False)
    row = len(coded) - 1
    rid, question = coded.loc[row, "respondent_id"], coded.loc[row, "question"]
    responses.loc[responses["respondent_id"] == rid, question] = ""
    responses.to_csv(data_dir / RESPONSES_FILE, index=False, lineterminator="\n")
    lines = (data_dir / CODED_FILE).read_text(encoding="utf-8").split("\n")
    (data_dir / CODED_FILE).write_text("\n".join([lines[0], "", *lines[1:]]), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_survey(data_dir)
    unanswered = [p for p in raised.value.problems if "has no answer to it" in p]
    assert unanswered and all(p.startswith(f"data/{CODED_FILE}:") for p in unanswered)
    last = f"data/{CODED_FILE}:{len(coded) + 2}: respondent {rid!r} is coded with {coded.loc[row, 'theme']!r}"
    assert any(p.startswith(last) for p in unanswered), unanswered
