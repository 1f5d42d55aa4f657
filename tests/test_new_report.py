"""``./dev new <folder>`` (tools/new_report.py) writes a minimal report that builds at once."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from macros.i18n import freshness
from macros.model.languages import report_languages
from tools import new_report
from tools.build_site import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def new_folder(tmp_path_factory) -> Path:
    return new_report.new_report(tmp_path_factory.mktemp("new") / "my-report")


def test_it_writes_a_whole_report(new_folder):
    expected = [
        "mkdocs.yml",
        "published-urls.txt",
        "translations/policy.yaml",
        "data/codebook/questions.csv",
        "data/codebook/variables.csv",
        "data/codebook/scales.csv",
        "data/codebook/scale_properties.csv",
        "data/codebook/themes.csv",
        "data/responses.csv",
        "data/coded_answers.csv",
        "data/survey.yaml",
        "data/report.yaml",
        "data/tables.yaml",
        "data/figures.yaml",
        "data/findings.yaml",
    ]
    assert [name for name in expected if not (new_folder / name).is_file()] == []
    assert (new_folder / "published-urls.txt").read_text(encoding="utf-8") == ""
    languages = report_languages(new_folder / "mkdocs.yml")
    assert languages.all == report_languages(ROOT / "mkdocs.yml").all
    for language in languages.all:
        assert (new_folder / "docs" / language / "results.md").is_file()
        assert (new_folder / "locale" / language / "LC_MESSAGES" / "messages.po").is_file()
    assert not list(new_folder.rglob("*.py")), "a report is data, YAML and Markdown"


def test_every_translation_is_recorded_as_reviewed(new_folder):
    for language in report_languages(new_folder / "mkdocs.yml").translations:
        states = freshness.all_states(new_folder, language)
        assert states and {s.state for s in states} == {freshness.UP_TO_DATE}


def test_other_languages_can_be_chosen(tmp_path):
    languages = list(report_languages(ROOT / "mkdocs.yml").all)[::-1]
    folder = new_report.new_report(tmp_path / "other", languages)
    assert report_languages(folder / "mkdocs.yml").source == languages[0]


def test_it_refuses_a_folder_that_is_not_empty_and_a_language_without_a_catalog(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(new_report.NewReportError, match="is not empty"):
        new_report.new_report(tmp_path / "used")
    with pytest.raises(new_report.NewReportError, match="no UI catalog for language 'xx'"):
        new_report.new_report(tmp_path / "fresh", ["xx"])


def test_dev_new_runs_the_tool(tmp_path):
    result = subprocess.run(
        [str(ROOT / "dev"), "new", str(tmp_path / "by-dev")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "by-dev" / "mkdocs.yml").is_file()


@pytest.mark.build
def test_the_new_report_builds_strictly(new_folder, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(new_folder, site, env={"REPORT_CHARTS": "off"})
    assert result.ok, result.message
    languages = report_languages(new_folder / "mkdocs.yml")
    for language in languages.all:
        prefix = languages.url_prefix(language)
        page = (site / prefix / "results" / "index.html").read_text(encoding="utf-8")
        assert 'id="table-opinions"' in page and 'id="figure-opinions"' in page
        # The numbers are this report's (its 40 synthetic respondents), not the repository's.
        assert re.search(r"<td[^>]*>\s*39\s*</td>", page), "opinion_a has 39 substantive answers"
        assert (site / prefix / "findings" / "first-statement" / "index.html").is_file()
