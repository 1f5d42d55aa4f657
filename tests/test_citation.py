"""Citations and the colophon come from report.yaml: keys, optional fields, words in the page language."""

from __future__ import annotations

import copy

import pytest

from macros.model.survey import load_survey
from macros.text import citation

REPORT = load_survey().report


def plain(report) -> dict:
    return copy.deepcopy(dict(report))


def test_the_bibtex_key_is_the_first_author_and_the_year():
    assert citation.bibtex_key(REPORT, "response-rate") == "hargraves2024responserate"
    other = plain(REPORT)
    other["authors"] = [{"given": "Åse", "family": "Ørsted-Lund"}]
    other["year"] = 2031
    assert citation.bibtex_key(other) == "orstedlund2031"


def test_an_explicit_citation_key_wins():
    other = {**plain(REPORT), "citation_key": "kfcol:civil2024"}
    assert citation.bibtex_key(other, "a-b") == "kfcol:civil2024ab"


def test_optional_facts_are_optional():
    # A web-only report: no PDF, no page count, no department, no edition date, no keywords, no month.
    web = {
        k: v
        for k, v in plain(REPORT).items()
        if k not in ("pdf_url", "pages", "department", "institution", "edition_date", "keywords", "month", "subtitle")
    }
    html = citation.colophon_html(web, "en")
    assert "Original (PDF)" not in html and "Pages (PDF)" not in html and "Keywords" not in html
    assert "<td>Municipal collaboration with civil society</td>" in html
    entry = citation.bibtex_entry("k", web, "T", "https://x/", "n")
    assert "month" not in entry and "institution = {Kong Frederiks Center for Offentlig Ledelse}" in entry
    reference = citation.apa_reference(web, "en", "https://x/")
    assert (
        reference.endswith('Kong Frederiks Center for Offentlig Ledelse. <a href="https://x/">https://x/</a>') is False
    )
    assert "King Frederik Center for Public Leadership." in reference


def test_one_author():
    single = {**plain(REPORT), "authors": [{"given": "Emma Kjær", "family": "Hargraves"}]}
    assert citation.author_names(single, "da") == "Emma Kjær Hargraves"
    assert citation.apa_authors(single) == "Hargraves, E. K."
    assert citation.short_citation(single, "en") == "Hargraves (2024): Municipal collaboration with civil society"


@pytest.mark.parametrize(("language", "words"), [("da", "Hargraves m.fl. (2024)"), ("en", "Hargraves et al. (2024)")])
def test_citation_words_come_from_the_catalogs(language, words):
    assert citation.short_citation(REPORT, language).startswith(words)


def test_a_finding_is_cited_as_part_of_the_report():
    assert citation.part_of_reference("A & B", "<em>R</em>", "da") == "A &amp; B. I: <em>R</em>"
    assert citation.part_of_reference("A", "R", "en") == "A. In: R"


def test_author_names_are_escaped():
    hostile = {**plain(REPORT), "authors": [{"given": "<img src=x onerror=alert(1)>", "family": "X"}]}
    assert "<img" not in citation.apa_reference(hostile, "en", "https://x/")
    assert "<img" not in citation.colophon_html(hostile, "en")


@pytest.mark.parametrize(
    ("language", "title", "institution", "kind"),
    [
        (
            "da",
            "title = {Kommunernes samarbejde med civilsamfundet. En spørgeskemaundersøgelse af kommunaldirektører}",
            "institution = {Kong Frederiks Center for Offentlig Ledelse}",
            "type = {Datarapport}",
        ),
        (
            "en",
            "title = {Kommunernes samarbejde med civilsamfundet. En spørgeskemaundersøgelse af kommunaldirektører"
            " [Municipal collaboration with civil society. A questionnaire survey of municipal directors]}",
            "institution = {King Frederik Center for Public Leadership}",
            "type = {Data report}",
        ),
    ],
)
def test_the_bibtex_entry_cites_the_edition_in_its_language(language, title, institution, kind):
    entry = citation.bibtex_entry("k", REPORT, citation.cited_title(REPORT, language), "https://x/", "n", language)
    assert title in entry and institution in entry and kind in entry
    part = citation.bibtex_entry("k", REPORT, f"Part. {citation.cited_title(REPORT, language, full=False)}", "u", "n")
    assert "Part. Kommunernes samarbejde med civilsamfundet" in part
