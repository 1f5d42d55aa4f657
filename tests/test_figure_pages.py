"""Every table and figure has a page of its own, each figure an embed and an oEmbed answer, and
every download is data people can use (read from the built site, no browser).

- figures/<slug>/ and tables/<slug>/ in both languages: the block, where it stands in the report
  (a link to its place in its chapter), the question asked, APA and BibTeX; the chapter's caption
  links to the page; figures/<slug>/embed/ has the chart without the site's navigation;
- figures/<slug>/oembed.json is a rich oEmbed answer with the embed's <iframe>, named by the
  figure page's discovery link;
- every CSV is plain RFC 4180 in one language, described by its metadata beside it; every figure
  has its live chart's Vega spec there too;
- the Data page's zip holds every CSV (the same bytes), a Frictionless descriptor of them, a
  README and the licence, and is the same bytes when built again; nothing in it is respondent-level.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from macros.blocks import references
from macros.calls import Page
from macros.model.definitions import definitions
from macros.model.survey import load_survey
from macros.outputs import data_files, downloads, figure_pages
from macros.text import catalog as ui
from tests.browser.site import site_url

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"da": "", "en": "en/"}
TABLES, FIGURES = definitions()
BLOCKS = [("table", i) for i in TABLES] + [("figure", i) for i in FIGURES]
both_languages = pytest.mark.parametrize("language", list(LANGUAGES))


def slug(block_id: str) -> str:
    return block_id.replace(".", "-")


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Parsed:
    parser = _Parsed()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def url_of(language: str, path: str) -> str:
    return f"{site_url()}{LANGUAGES[language]}{path}"


# --- the pages ----------------------------------------------------------------------------------


@both_languages
def test_every_table_and_figure_has_its_page(built_site, language):
    problems = []
    homes = references.block_pages(REPO_ROOT / "docs", language)
    for kind, block_id in BLOCKS:
        folder = f"{kind}s/{slug(block_id)}/"
        file = built_site / LANGUAGES[language] / folder / "index.html"
        if not file.is_file():
            problems.append(f"/{LANGUAGES[language]}{folder}: missing")
            continue
        page = parse(file)
        html = file.read_text(encoding="utf-8")
        here = url_of(language, folder)
        title = f"{ui.text(language, kind)} {block_id}."
        if f'<html lang="{language}"' not in html or title not in "".join(page.text):
            problems.append(f"{here}: not a {language} page of {kind} {block_id}")
        for wanted in (f"{kind}-{slug(block_id)}", "cite-apa", "cite-bibtex", "question"):
            if wanted not in page.ids:
                problems.append(f"{here}: no element #{wanted}")
        home = url_of(language, downloads.page_path(homes[(kind, block_id)])) + f"#{kind}-{slug(block_id)}"
        links = {urljoin(here, a.get("href", "")) for tag, a in page.tags if tag == "a"}
        if home not in links:
            problems.append(f"{here}: no link to its place in the report, {home}")
        canonical = [a["href"] for tag, a in page.tags if tag == "link" and a.get("rel") == "canonical"]
        if canonical != [here]:
            problems.append(f"{here}: canonical {canonical}")
        if kind == "figure" and "embed-code" not in page.ids:
            problems.append(f"{here}: no embed code")
    assert problems == []


@both_languages
def test_every_figure_has_an_embed_page_without_the_sites_navigation(built_site, language):
    for figure_id in FIGURES:
        folder = f"figures/{slug(figure_id)}/"
        file = built_site / LANGUAGES[language] / folder / "embed" / "index.html"
        html = file.read_text(encoding="utf-8")
        page = parse(file)
        assert f'<html lang="{language}">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert "md-header" not in html and "md-sidebar" not in html and "<nav" not in html
        assert any(tag == "svg" and "report-chart__svg" in a.get("class", "") for tag, a in page.tags)
        back = [a["href"] for tag, a in page.tags if tag == "a" and a.get("target") == "_blank"]
        assert back == [url_of(language, folder)]
        assert f"{ui.text(language, 'chart.source')}:" in "".join(page.text)


@both_languages
def test_every_figure_has_an_oembed_answer_named_by_its_page(built_site, language):
    for figure_id in FIGURES:
        folder = f"figures/{slug(figure_id)}/"
        answer = json.loads((built_site / LANGUAGES[language] / folder / "oembed.json").read_text(encoding="utf-8"))
        assert answer["version"] == "1.0" and answer["type"] == "rich"
        assert answer["title"] == figure_pages.block_title("figure", figure_id, language)
        assert answer["html"].startswith(f'<iframe src="{url_of(language, folder)}embed/"')
        assert f'width="{answer["width"]}" height="{answer["height"]}"' in answer["html"]
        assert isinstance(answer["width"], int) and isinstance(answer["height"], int) and answer["height"] > 150
        assert answer["provider_name"] and answer["author_name"] and answer["provider_url"] == url_of(language, "")
        page = parse(built_site / LANGUAGES[language] / folder / "index.html")
        discovery = [a for tag, a in page.tags if tag == "link" and a.get("type") == "application/json+oembed"]
        assert [a["href"] for a in discovery] == [url_of(language, folder) + "oembed.json"]
        assert discovery[0]["rel"] == "alternate" and discovery[0]["title"] == answer["title"]


# --- the downloads ------------------------------------------------------------------------------


def _check_values(name: str, rows: list[list[str]], fields: list[dict]) -> None:
    for row in rows:
        assert len(row) == len(fields), (name, row)
        for cell, field in zip(row, fields, strict=True):
            if cell and field["type"] == "integer":
                int(cell)
            elif cell and field["type"] == "number":
                float(cell)


@both_languages
def test_every_csv_is_plain_rfc_4180_described_by_its_metadata(built_site, language):
    folder = built_site / LANGUAGES[language] / "downloads"
    names = sorted(p.stem for p in folder.glob("*.csv"))
    assert names == sorted(f"{kind}-{slug(i)}" for kind, i in BLOCKS)
    for name in names:
        raw = (folder / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        text = raw.decode("utf-8")
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), f"{name}: not CRLF lines"
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        assert not any(row and row[0].startswith("#") for row in rows), f"{name}: a comment line"
        resource = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        fields = resource["schema"]["fields"]
        assert rows[0] == [f["name"] for f in fields], name
        assert all(f["description"] and f["type"] in ("string", "number", "integer") for f in fields), name
        _check_values(name, rows[1:], fields)
        assert resource["profile"] == "tabular-data-resource" and resource["path"] == f"{name}.csv"
        assert resource["language"] == language and resource["dialect"]["lineTerminator"] == "\r\n"
        kind, block_id = name.split("-", 1)
        assert resource["homepage"] == url_of(language, f"{kind}s/{block_id}/")
        assert resource["title"].startswith(f"{ui.text(language, kind)} ")
        assert resource["questions"] and all(resource["questions"]) and resource["shareOf"]
        assert resource["citation"].endswith(resource["homepage"])
        # report.yaml declares no licence: none is claimed.
        assert ("licenses" in resource) == bool(load_survey().report.get("licence"))
        if kind == "figure":
            assert resource["chart"] == f"{name}.vg.json" and (folder / resource["chart"]).is_file()


@both_languages
def test_every_figure_has_its_live_charts_vega_spec(built_site, language):
    decimal = {"da": ",", "en": "."}[language]
    for figure_id in FIGURES:
        for suffix in ("vg.json", "narrow.vg.json"):
            path = built_site / LANGUAGES[language] / "downloads" / f"figure-{slug(figure_id)}.{suffix}"
            spec = json.loads(path.read_text(encoding="utf-8"))
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega/v6")
            assert spec["autosize"] == {"type": "none"} and min(spec["padding"].values()) >= 0
            assert spec["config"]["locale"]["number"]["decimal"] == decimal
            assert spec["usermeta"]["report"]["language"] == language
            bars = [m for m in _marks(spec["marks"]) if m.get("type") == "rect"]
            assert len(bars) == 1 and "tooltip" in bars[0]["encode"]["update"]
            assert "SourceSans3-" not in path.read_text(encoding="utf-8")


def _marks(marks):
    for mark in marks:
        yield mark
        yield from _marks(mark.get("marks", []))


@both_languages
def test_the_edition_zip_holds_every_csv_a_descriptor_a_readme_and_the_licence(built_site, language):
    page = Page(language=language, src="data.md", site_url=site_url(), docs_dir=REPO_ROOT / "docs")
    name = figure_pages.edition_name(page)
    path = built_site / LANGUAGES[language] / "downloads" / name
    content = path.read_bytes()
    # Built again, the same bytes: fixed timestamps and order.
    assert figure_pages.edition(page) == content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        csvs = sorted(n for n in names if n.endswith(".csv"))
        assert sorted(set(names) - set(csvs)) == ["LICENSE.txt", "README.md", "datapackage.json"]
        assert csvs == sorted(f"{kind}-{slug(i)}.csv" for kind, i in BLOCKS)
        assert {info.date_time for info in archive.infolist()} == {data_files.ZIP_TIMESTAMP}
        downloads_dir = built_site / LANGUAGES[language] / "downloads"
        for csv_name in csvs:
            assert archive.read(csv_name) == (downloads_dir / csv_name).read_bytes(), csv_name
        package = json.loads(archive.read("datapackage.json"))
        assert package["profile"] == "tabular-data-package" and package["language"] == language
        assert sorted(r["path"] for r in package["resources"]) == csvs
        for resource in package["resources"]:
            header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"), newline="")))
            assert header == [f["name"] for f in resource["schema"]["fields"]]
        readme = archive.read("README.md").decode("utf-8")
        assert all(f"`{n}`" in readme for n in csvs)
        licence = archive.read("LICENSE.txt").decode("utf-8")
        assert licence.strip()


def test_nothing_in_the_edition_is_respondent_level(built_site):
    """Aggregates only: no column of the responses, no file with a row per respondent."""
    survey = load_survey()
    respondents = len(survey.responses)
    columns = set(survey.responses.columns)
    for language, prefix in LANGUAGES.items():
        page = Page(language=language, src="data.md", site_url=site_url(), docs_dir=REPO_ROOT / "docs")
        with zipfile.ZipFile(built_site / prefix / "downloads" / figure_pages.edition_name(page)) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
                    assert not set(rows[0]) & columns, name
                    assert len(rows) - 1 < respondents, name


def test_a_declared_licence_is_named_in_the_metadata():
    assert data_files.licence({}) == []
    assert data_files.licence({"licence": "CC-BY-4.0"}) == [{"name": "CC-BY-4.0", "title": "CC-BY-4.0"}]
    declared = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "x": "y"}
    assert data_files.licence({"licence": declared}) == [
        {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
    ]


def test_a_csv_cell_starting_a_formula_is_neutralised_and_quotes_are_doubled():
    data = data_files.DataTable(
        kind="figure",
        id="9.9",
        language="da",
        title="t",
        description="d",
        questions=(),
        share_of="",
        columns=(data_files.Column("Tema", "string", "x"), data_files.Column("Andel (%)", "number", "y")),
        rows=(("=SUM(A1)", "-0.5"), ('Et "citat", med komma', "1.0")),
    )
    assert data_files.csv_bytes(data).decode("utf-8") == (
        'Tema,Andel (%)\r\n\'=SUM(A1),-0.5\r\n"Et ""citat"", med komma",1.0\r\n'
    )


def test_the_data_page_lists_every_download_and_the_zip(built_site):
    for language, prefix in LANGUAGES.items():
        page = parse(built_site / prefix / "data" / "index.html")
        hrefs = {a["href"] for tag, a in page.tags if tag == "a" and "download" in a}
        here = url_of(language, "data/")
        resolved = {urljoin(here, h) for h in hrefs}
        for kind, block_id in BLOCKS:
            for extension in ("csv", "json") + (("vg.json", "svg", "png") if kind == "figure" else ()):
                assert url_of(language, f"downloads/{kind}-{slug(block_id)}.{extension}") in resolved
        zip_page = Page(language=language, src="data.md", site_url=site_url(), docs_dir=REPO_ROOT / "docs")
        assert url_of(language, f"downloads/{figure_pages.edition_name(zip_page)}") in resolved


def test_the_data_page_links_the_pdf_edition_of_its_language():
    """Beside the zip, the Data page offers its language's PDF edition: hooks/pdf.py links it from
    every page extra.pdf.link_from of mkdocs.yml names (tests/test_pdf.py follows the link in a
    build with the PDF); the Data page itself stays out of the PDF."""
    import yaml

    from macros.outputs import pdf

    class Loader(yaml.SafeLoader):
        """mkdocs.yml holds Python tags (the slugifier): read them as None."""

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    settings = pdf.Settings.from_config(config.get("extra", {}).get("pdf"))
    assert settings.links_to_pdf("data.md") and not settings.in_pdf("data.md")


def test_every_csv_is_in_one_language(built_site):
    """A CSV's header and labels are its language's: the label column is headed differently in
    the two languages, and a header cell both share is a catalog message the two languages write
    alike (such as an abbreviation)."""
    alike = {text for key, text in ui.translations("da").items() if ui.translations("en").get(key) == text}
    for kind, block_id in BLOCKS:
        name = f"{kind}-{slug(block_id)}.csv"
        headers = {}
        for language, prefix in LANGUAGES.items():
            text = (built_site / prefix / "downloads" / name).read_text(encoding="utf-8")
            headers[language] = next(csv.reader(io.StringIO(text, newline="")))
        da, en = headers["da"], headers["en"]
        assert da[0] != en[0], f"{name}: the label column is headed {da[0]!r} in both languages"
        assert set(da) & set(en) <= alike, f"{name}: {sorted(set(da) & set(en) - alike)} in both languages"
