"""Findings: a page per finding in both languages, numbers from the engine, citations, share images."""

from __future__ import annotations

import ast
import csv
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from pybtex.database import parse_string

from macros import calls as render
from macros.blocks.finding_pages import NUMBER_MACROS
from macros.blocks.findings import load_findings
from macros.model.survey import DataError
from tests.browser.site import site_url

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE_URL = site_url()  # from mkdocs.yml, the one place it is set
FINDINGS = load_findings(docs_dir=DOCS)
LANGUAGES = {"da": "", "en": "en/"}
CALL = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}", re.S)


def _page(site: Path, language: str, slug: str) -> str:
    return (site / LANGUAGES[language] / "findings" / slug / "index.html").read_text(encoding="utf-8")


def _article_text(page_html: str) -> str:
    body = page_html[page_html.index("<article") : page_html.index("</article>")]
    # Collapse ordinary whitespace only: the no-break space of Danish "45 %" must stay.
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def _stated_calls(language: str, slug: str):
    """The number macro calls of a finding's statement, with literal arguments."""
    text = (DOCS / language / "findings" / f"{slug}.md").read_text(encoding="utf-8")
    calls = []
    for name, arguments in CALL.findall(text):
        if name in NUMBER_MACROS:
            tree = ast.parse(f"f({arguments})", mode="eval").body
            args = [ast.literal_eval(a) for a in tree.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords}
            calls.append((name, args, kwargs))
    return calls


def test_there_are_about_thirty_findings():
    assert len(FINDINGS) >= 25


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_finding_page_exists_with_its_numbers(built_site, language, slug):
    text = _article_text(_page(built_site, language, slug))
    calls = _stated_calls(language, slug)
    assert calls, f"docs/{language}/findings/{slug}.md states no number through a macro"
    page = render.Page(language=language)
    for name, args, kwargs in calls:
        expected = render.MACROS[name](page, *args, **kwargs)
        assert expected in text, f"{language} finding {slug!r}: {name}{tuple(args)} = {expected!r} not on the page"


@pytest.mark.parametrize("slug", sorted(FINDINGS))
def test_language_switch_and_alternates_point_to_the_same_finding(built_site, slug):
    da, en = _page(built_site, "da", slug), _page(built_site, "en", slug)
    assert f'hreflang="en" href="{SITE_URL}en/findings/{slug}/"' in da
    assert f'hreflang="da" href="{SITE_URL}findings/{slug}/"' in en
    assert f'<link rel="canonical" href="{SITE_URL}findings/{slug}/">' in da
    assert f'<link rel="canonical" href="{SITE_URL}en/findings/{slug}/">' in en


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_citations_carry_the_permanent_url_and_parse(built_site, language, slug):
    page_html = _page(built_site, language, slug)
    url = f"{SITE_URL}{LANGUAGES[language]}findings/{slug}/"
    apa = re.search(r'<p class="citation" id="cite-apa">(.*?)</p>', page_html, re.S).group(1)
    assert url in unescape(apa)
    bib = unescape(
        re.search(r'<pre class="citation-bibtex" id="cite-bibtex"><code>(.*?)</code>', page_html, re.S).group(1)
    )
    entry = next(iter(parse_string(bib, "bibtex").entries.values()))
    assert entry.type == "techreport"
    assert entry.fields["url"] == url
    assert entry.fields["year"] == "2024"
    assert str(entry.persons["author"][0]) == "Hargraves, Emma Kjær"


# A finding is quoted alone: its page, its citation and its CSV say who its numbers are of (the base,
# n) and what the data are. Literal texts, as a reader sees them.
DATA_NOTE = {
    "da": "Tallene er beregnet ud fra et datasæt, der er rekonstrueret ud fra den offentliggjorte rapport; det er "
    "ikke kommunaldirektørernes faktiske svar.",
    "en": "The numbers are computed from a data set reconstructed from the published report, not from the "
    "municipal directors' actual answers.",
}
BASIS = {
    ("least-involved-specialised-social", "da"): "Grundlag: de kommunaldirektører, der har svaret, n = 73.",
    ("least-involved-specialised-social", "en"): "Base: the municipal directors who answered, n = 73.",
    ("specialised-social-pressure", "da"): "Grundlag: de kommunaldirektører, der har svaret, n = 74.",
    ("specialised-social-pressure", "en"): "Base: the municipal directors who answered, n = 74.",
    ("response-rate", "da"): "Grundlag: de kommunaldirektører, der blev inviteret til undersøgelsen, n = 98.",
    ("response-rate", "en"): "Base: the municipal directors invited to the survey, n = 98.",
}


def _basis(page_html: str) -> str:
    found = re.search(r'<p class="report-finding__basis">(.*?)</p>', page_html, re.S)
    assert found, "no base and data note under the statement"
    return unescape(found.group(1))


@pytest.mark.parametrize(("slug", "language"), sorted(BASIS))
def test_a_finding_states_its_base_and_the_data_note(built_site, slug, language):
    page_html = _page(built_site, language, slug)
    assert _basis(page_html) == f"{BASIS[slug, language]} {DATA_NOTE[language]}"
    text = _article_text(page_html)
    assert f"{BASIS[slug, language]} {DATA_NOTE[language]}" in text


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_finding_carries_base_and_data_note_in_page_citation_and_csv(built_site, language, slug):
    page_html = _page(built_site, language, slug)
    basis = _basis(page_html)
    prefix = {"da": "Grundlag: de kommunaldirektører, der ", "en": "Base: the municipal directors "}[language]
    assert basis.startswith(prefix) and re.search(r", n = \d+(–\d+)?\. ", basis), basis
    assert basis.endswith(DATA_NOTE[language])
    apa = unescape(
        re.sub(r"<[^>]+>", "", re.search(r'<p class="citation" id="cite-apa">(.*?)</p>', page_html, re.S)[1])
    )
    assert re.sub(r"\s+", " ", apa).endswith(basis), apa
    bib = unescape(re.search(r'<pre class="citation-bibtex" id="cite-bibtex"><code>(.*?)</code>', page_html, re.S)[1])
    entry = next(iter(parse_string(bib, "bibtex").entries.values()))
    assert re.sub(r"\s+", " ", entry.fields["note"]).endswith(basis)
    lines = (built_site / LANGUAGES[language] / "findings" / slug / f"{slug}.csv").read_text(encoding="utf-8")
    assert f"# {basis.split(DATA_NOTE[language])[0].strip()}" in lines.splitlines()
    assert f"# {DATA_NOTE[language]}" in lines.splitlines()


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_share_metadata_and_image(built_site, language, slug):
    page_html = _page(built_site, language, slug)
    url = f"{SITE_URL}{LANGUAGES[language]}findings/{slug}/"
    assert f'<meta property="og:image" content="{url}share.png">' in page_html
    assert '<meta name="twitter:card" content="summary_large_image">' in page_html
    description = re.search(r'<meta property="og:description" content="(.*?)">', page_html).group(1)
    assert len(description) > 40
    image = built_site / LANGUAGES[language] / "findings" / slug / "share.png"
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1200 and int.from_bytes(data[20:24], "big") == 630


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_finding_csv_holds_exactly_the_stated_numbers(built_site, language, slug):
    path = built_site / LANGUAGES[language] / "findings" / slug / f"{slug}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    header, body = rows[0], rows[1:]
    assert (
        header
        == ({"da": ["Spørgsmål", "Mål", "Værdi", "Enhed"], "en": ["Question", "Measure", "Value", "Unit"]}[language])
    )
    english = render.Page(language="en")
    expected = [
        render.MACROS[n](english, *a, **k).replace("%", "").strip() for n, a, k in _stated_calls(language, slug)
    ]
    assert [row[2] for row in body] == expected
    for row in body:
        float(row[2])  # dot decimals in every language
    assert any(line.startswith("# ") and f"findings/{slug}/" in line for line in lines)


@pytest.mark.parametrize("slug", sorted(FINDINGS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_no_two_rows_of_a_finding_csv_read_alike(built_site, language, slug):
    path = built_site / LANGUAGES[language] / "findings" / slug / f"{slug}.csv"
    rows = list(csv.reader(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")))
    described = [(row[0], row[1], row[3]) for row in rows[1:]]
    assert len(described) == len(set(described)), f"{path.name}: rows that only their value tells apart: {rows[1:]}"


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        (
            "da",
            "En kultur orienteret mod civilsamfundet (civilsamfundsmindset): I hvilken grad vurderer du, at dette "
            "faktisk er forudsætninger for, at kommuner kan samarbejde med civilsamfundet?",
            "En kultur orienteret mod civilsamfundet (civilsamfundsmindset): I hvilken grad er disse forudsætninger "
            "opfyldt i jeres kommune?",
        ),
        (
            "en",
            "A culture oriented towards civil society (civil society mindset): To what extent do you consider these "
            "to be actual prerequisites for municipalities to be able to collaborate with civil society?",
            "A culture oriented towards civil society (civil society mindset): To what extent are these "
            "prerequisites met in your municipality?",
        ),
    ],
)
def test_an_item_asked_in_two_questions_is_named_with_each_question(built_site, language, first, second):
    path = built_site / LANGUAGES[language] / "findings" / "mindset-gap" / "mindset-gap.csv"
    rows = list(csv.reader(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")))
    assert [row[0] for row in rows[1:]] == [first, second]


def test_chapters_link_to_every_finding(built_site):
    for language, prefix in LANGUAGES.items():
        linked = set()
        for page in (built_site / prefix).glob("*/index.html"):
            linked |= set(re.findall(r'id="finding-([a-z0-9-]+)"', page.read_text(encoding="utf-8")))
        assert linked == set(FINDINGS), f"{language}: chapters without a link to {set(FINDINGS) - linked}"


def test_findings_index_and_main_points_list_every_finding(built_site):
    for language, prefix in LANGUAGES.items():
        for page in ("findings/index.html", "main-points/index.html"):
            page_html = (built_site / prefix / page).read_text(encoding="utf-8")
            for slug in FINDINGS:
                assert f"{slug}/" in page_html, f"{language} {page} does not link finding {slug!r}"


# --- bad input ---------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _rewrite(data_dir: Path, old: str, new: str) -> None:
    path = data_dir / "findings.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'support: {kind: table, id: "4.2"}',
            'support: {kind: table, id: "4.3"}',
            "finding 'specialised-social-pressure': unknown table '4.3'; valid choices: 4.2, 4.4",
        ),
        (
            'support: {kind: figure, id: "4.1"}',
            'support: {kind: figure, id: "4.9"}',
            "finding 'cross-cutting-challenges': unknown figure '4.9'; valid choices: 4.1, 4.2",
        ),
        (
            "slug: mindset-gap",
            "slug: Mindset_Gap",
            "finding 'Mindset_Gap': slug 'Mindset_Gap' is not a valid URL segment",
        ),
        (
            "slug: mindset-gap",
            "slug: civil-society-mindset",
            "finding 'civil-society-mindset': duplicate slug 'civil-society-mindset'",
        ),
    ],
)
def test_bad_registry_entries_fail_with_the_finding_named(data_copy, old, new, message):
    _rewrite(data_copy, old, new)
    with pytest.raises(DataError) as raised:
        load_findings(data_copy)
    assert message in str(raised.value)


def test_finding_in_one_language_only_fails(data_copy, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    (docs / "en" / "findings" / "mindset-gap.md").unlink()
    with pytest.raises(DataError) as raised:
        load_findings(data_copy, docs_dir=docs)
    assert "finding 'mindset-gap' has no en page docs/en/findings/mindset-gap.md" in str(raised.value)
