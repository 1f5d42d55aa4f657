"""CITATION.cff: generated from data/report.yaml and mkdocs.yml, and valid CFF 1.2.0.

Also the content licence of report.yaml where it is repeated: the data package's "licenses".
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tools import citation_cff

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# cffconvert pins jsonschema<4, which frictionless (in uv.lock) cannot share: it runs in an
# environment of its own, made by uvx from the exact version below.
CFFCONVERT = ["uvx", "--from", "cffconvert==2.0.0", "cffconvert"]


def test_the_committed_file_is_the_generators_output():
    committed = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == citation_cff.render(), "CITATION.cff is out of date: run `./dev citation` and commit it"


def _validate(path: Path) -> subprocess.CompletedProcess:
    if shutil.which("uvx") is None:
        if IN_CI:
            pytest.fail("uvx (part of uv) is missing, so cffconvert cannot run (CI=true: must not skip)")
        pytest.skip("uvx (part of uv) is missing: cffconvert cannot run")
    return subprocess.run(
        [*CFFCONVERT, "--validate", "-i", str(path)], capture_output=True, text=True, check=False, cwd=path.parent
    )


@pytest.mark.build  # the slow kind (see tests/conftest.py): runs cffconvert in its own environment
def test_cffconvert_finds_the_file_valid():
    result = _validate(ROOT / "CITATION.cff")
    assert result.returncode == 0, f"cffconvert --validate:\n{result.stdout}{result.stderr}"
    assert "valid according to schema version 1.2.0" in result.stdout


@pytest.mark.build  # the slow kind (see tests/conftest.py): runs cffconvert in its own environment
def test_cffconvert_rejects_what_cff_does_not_allow(tmp_path):
    """The validation can fail: a top-level `languages` (allowed only in references) is refused."""
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        (ROOT / "CITATION.cff").read_text(encoding="utf-8") + 'languages:\n  - "da"\n',
        encoding="utf-8",
    )
    result = _validate(broken)
    assert result.returncode != 0
    assert "'languages' was unexpected" in result.stdout + result.stderr


def test_the_generator_takes_every_value_from_its_inputs(tmp_path):
    """Another report, in other languages, at another address: nothing of this one appears."""
    report = {
        "title": {"fi": "Otsikko", "sv": "Titel"},
        "subtitle": {"fi": "Alaotsikko", "sv": "Undertitel"},
        "report_type": {"fi": "Raportti", "sv": "Rapport"},
        "original_language": "fi",
        "authors": [{"given": "Aino", "family": "Virtanen"}],
        "publisher": {"fi": "Keskus", "sv": "Centret"},
        "institution": {"fi": "Yliopisto", "sv": "Universitetet"},
        "year": 2031,
        "month": 2,
        "edition_date": "2031-02-03",
        "keywords": {"fi": ["avainsana"], "sv": ["nyckelord"]},
        "licence": {"id": "CC-BY-4.0", "statement": {"fi": "CC BY 4.0.", "sv": "CC BY 4.0 (sv)."}},
    }
    (tmp_path / "report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_url: https://example.org/other\nplugins:\n  - i18n:\n      languages:\n"
        "        - {locale: fi, default: true}\n        - {locale: sv}\n",
        encoding="utf-8",
    )
    text = citation_cff.render(tmp_path / "report.yaml", tmp_path / "mkdocs.yml")
    document = yaml.safe_load(text)
    assert document["title"] == "Otsikko. Alaotsikko"
    assert document["url"] == "https://example.org/other/"
    assert document["license"] == "CC-BY-4.0"
    assert document["authors"] == [{"family-names": "Virtanen", "given-names": "Aino"}]
    assert "https://example.org/other/sv/findings/<slug>/" in document["message"]
    preferred = document["preferred-citation"]
    assert preferred["languages"] == ["fi", "sv"]
    assert (preferred["year"], preferred["month"]) == (2031, 2)
    assert preferred["institution"]["name"] == "Keskus, Yliopisto"
    assert preferred["notes"] == "CC BY 4.0. CC BY 4.0 (sv)."
    ours = yaml.safe_load((ROOT / "data" / "report.yaml").read_text(encoding="utf-8"))
    for value in (ours["authors"][0]["family"], ours["publisher"][ours["original_language"]], "au-kfcol"):
        assert value not in text


def test_the_data_package_carries_the_content_licence():
    report = yaml.safe_load((ROOT / "data" / "report.yaml").read_text(encoding="utf-8"))
    licence = report["licence"]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [entry["name"] for entry in package.get("licenses", [])] == [licence["id"]], (
        "data/datapackage.json `licenses` must name the licence of data/report.yaml"
    )
    assert package["licenses"][0].get("title") in licence["statement"].values(), (
        "the data package's licence title must be report.yaml's licence statement (in one of its languages)"
    )


def test_the_code_has_a_licence():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")


def test_every_page_shows_the_content_licence_in_its_language(built_site):
    """The footer of every page (hooks/licence.py, overrides/partials/copyright.html)."""
    report = yaml.safe_load((ROOT / "data" / "report.yaml").read_text(encoding="utf-8"))
    statements = {lang: " ".join(text.split()) for lang, text in report["licence"]["statement"].items()}
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text[:2000] or page.relative_to(built_site).parts[0] in {"assets", "search"}:
            continue  # redirect stubs of old addresses
        language = re.search(r'<html lang="([^"]+)"', text)
        shown = re.search(r'<p class="report-licence"[^>]*>(.*?)</p>', text, re.S)
        expected = statements.get(language.group(1) if language else "", statements[report["original_language"]])
        if not shown or html.unescape(shown.group(1)).strip() != expected:
            wrong.append(str(page.relative_to(built_site)))
    assert not wrong, f"{len(wrong)} page(s) without the content licence in their language: {wrong[:5]}"
