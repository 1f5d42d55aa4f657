"""Respondent-level data never reaches the built site: only aggregates are published."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESPONDENT_ID = re.compile(r"(?<![\w-])r\d{2}(?![\w-])")


def test_no_data_file_is_copied_into_the_site(built_site):
    names = {p.name for p in built_site.rglob("*") if p.is_file()}
    for private in ("responses.csv", "coded_answers.csv", "datapackage.json", "reference_values.csv"):
        assert private not in names, f"{private} was published"


def test_no_respondent_id_is_published(built_site):
    found = []
    for path in built_site.rglob("*"):
        if path.suffix in {".html", ".csv", ".json", ".svg", ".xml", ".txt", ".js"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix in {".csv", ".json"} and RESPONDENT_ID.search(text):
                found.append(str(path.relative_to(built_site)))
    assert found == [], f"respondent ids in {found}"


def test_the_source_data_has_respondent_ids_this_test_would_see():
    # Guard against a test that cannot fail: the pattern matches the ids in data/.
    assert RESPONDENT_ID.search((ROOT / "data" / "responses.csv").read_text(encoding="utf-8"))
