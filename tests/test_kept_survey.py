"""What a build keeps of ``data/`` for the next build of the same data (macros/model/survey.py
keep, macros/model/kept.py): the codebook, the YAML files and the statistics come back equal,
the responses are read only when asked for, and any change to the data, the languages or the
reading code reads the data (and checks it) again."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from macros.model import kept
from macros.model import survey as data
from macros.model.languages import report_languages
from macros.stats import breakdowns
from macros.stats import items as stats
from tests.report_copy import FAST_BUILD_ENV, copy_report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(kept.CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "report" / "data"
    shutil.copytree(ROOT / "data", folder)
    shutil.copy(ROOT / "mkdocs.yml", folder.parent / "mkdocs.yml")
    data._load_survey.cache_clear()
    yield folder
    data._load_survey.cache_clear()


def _statistics(survey) -> dict:
    variable = next(v for v in survey.variables if survey.questions[survey.variables[v].question].scale)
    question = next(iter(survey.themes))
    theme = next(iter(survey.themes[question]))
    by = next(v for v in survey.variables if survey.questions[survey.variables[v].question].kind == "grid")
    breakdown = breakdowns.Breakdown(by)
    return {
        "item": stats.item_stats(survey, variable),
        "theme": stats.theme_stats(survey, question, theme),
        "respondents": stats.respondent_counts(survey),
        "by group": breakdowns.item_stats_by(survey, [variable], breakdown),
        "group sizes": breakdowns.group_sizes(survey, breakdown),
    }


def _reload(folder: Path):
    data._load_survey.cache_clear()  # as a new build in a new process
    return data.load_survey(folder)


def test_a_kept_survey_gives_the_same_codebook_and_statistics_without_reading_the_responses(data_dir):
    first = data.load_survey(data_dir)
    computed = _statistics(first)
    data.keep(first)
    again = _reload(data_dir)
    assert again is not first and again.fingerprint == first.fingerprint
    for part in ("questions", "variables", "scales", "themes", "facts", "report"):
        assert getattr(again, part) == getattr(first, part), part
    assert _statistics(again) == computed
    assert "_loaded" not in again.__dict__, "the responses were read"
    # Asked for, they are read then, and are the same.
    pd.testing.assert_frame_equal(again.responses, first.responses)
    pd.testing.assert_frame_equal(again.coded, first.coded)


def test_what_needs_pandas_to_be_read_is_not_kept(data_dir):
    survey = data.load_survey(data_dir)
    _statistics(survey)
    groups = [key for key in survey.statistics if key[0] == "groups"]
    assert groups and isinstance(survey.statistics[groups[0]], pd.Series)
    data.keep(survey)
    _, statistics = kept.read(data.KEPT_KIND, survey.fingerprint)
    assert not [key for key in statistics if key[0] == "groups"]
    assert kept.plain(statistics)


def test_a_changed_file_is_read_and_checked_again(data_dir):
    data.keep(data.load_survey(data_dir))
    facts = data_dir / data.SURVEY_FILE
    facts.write_text(facts.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(data.DataError) as raised:
        _reload(data_dir)
    assert "survey.yaml" in str(raised.value) and "unknown_key" in str(raised.value)


def test_a_changed_answer_changes_the_statistics(data_dir):
    first = data.load_survey(data_dir)
    before = stats.respondent_counts(first)
    data.keep(first)
    responses = data_dir / data.RESPONSES_FILE
    header, first_row, *rest = responses.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = first_row.split(",")
    assert header.split(",")[1] == "completed" and fields[1] in ("yes", "no")
    fields[1] = "no" if fields[1] == "yes" else "yes"  # one respondent's completion the other way
    responses.write_text("".join([header, ",".join(fields), *rest]), encoding="utf-8")
    after = stats.respondent_counts(_reload(data_dir))
    assert after["opened"] == before["opened"]
    assert abs(after["completed"] - before["completed"]) == 1


def test_other_languages_or_another_reading_are_another_key(data_dir):
    survey = data.load_survey(data_dir)
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    languages = report_languages(data_dir.parent / "mkdocs.yml")
    fewer = dataclasses.replace(languages, all=languages.all[:1], babel_locales=languages.babel_locales[:1])
    assert data.fingerprint(data_dir, languages, files) == survey.fingerprint
    assert data.fingerprint(data_dir, fewer, files) != survey.fingerprint
    # A copy made with other data is a survey of its own: no statistics, never kept.
    other = dataclasses.replace(survey, report={})
    assert other.statistics == {} and other.fingerprint == ""


def test_an_unreadable_entry_is_as_good_as_none(data_dir):
    survey = data.load_survey(data_dir)
    data.keep(survey)
    path = kept.cache_dir() / data.KEPT_KIND / f"{survey.fingerprint}.pickle"
    path.write_bytes(path.read_bytes()[:100])  # cut short
    again = _reload(data_dir)
    assert again.statistics == {}  # read from data/ again, with nothing kept
    assert stats.respondent_counts(again) == stats.respondent_counts(survey)


@pytest.mark.build
def test_a_build_of_unchanged_data_does_not_import_pandas(tmp_path):
    """The second build of the same data takes everything from what the first kept."""
    root = copy_report(tmp_path / "report")
    env = {**FAST_BUILD_ENV, kept.CACHE_ENV: str(tmp_path / "cache"), "REPORT_PDF": "off"}
    imported = []
    site = str(tmp_path / "site")
    command = [sys.executable, "-X", "importtime", "-m", "mkdocs", "build", "--strict", "-q", "-d", site]
    for _ in range(2):
        result = subprocess.run(
            command,
            cwd=root,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        imported.append({line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line})
    assert "pandas" in imported[0]
    assert "pandas" not in imported[1] and "numpy" not in imported[1]
    assert list((tmp_path / "cache" / data.KEPT_KIND).glob("*.pickle"))
