"""Every table and figure has a page of its own, each figure an embed and an oEmbed answer, and
every download is data people can use (read from the built site, no browser).

Engine tests: they run for each report of ``report_site`` (this report and the example report,
see tests/conftest.py); the blocks are those of the report's own data/tables.yaml and
data/figures.yaml, the languages and address those of its mkdocs.yml, the Data page whichever of
its pages calls ``data_downloads``. One check of this report's PDF link stays a report test.

- figures/<slug>/ and tables/<slug>/ in every language: the block, where it stands in the report
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
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel import Locale

from macros.blocks import references
from macros.calls import Page
from macros.model import context as build_context
from macros.model.context import BuildContext
from macros.outputs import data_files, downloads, figure_pages

REPO_ROOT = Path(__file__).resolve().parent.parent


def slug(kind: str, block_id: str) -> str:
    """The block's address part, as the engine makes it from its id (``3.1`` -> ``3-1``)."""
    return figure_pages.slug(kind, block_id)


@dataclass
class Blocks:
    """One report as these tests see it: its build context, languages, address and blocks."""

    report_site: object
    context: BuildContext

    @property
    def site(self) -> Path:
        return self.report_site.site

    @property
    def languages(self) -> list[str]:
        return list(self.context.languages.all)

    def prefix(self, language: str) -> str:
        return self.context.languages.url_prefix(language)

    def folder(self, language: str) -> Path:
        return self.site / self.prefix(language)

    def url_of(self, language: str, path: str) -> str:
        return f"{self.report_site.site_url}{self.prefix(language)}{path}"

    def text(self, language: str, key: str) -> str:
        return self.context.catalog().text(language, key)

    @property
    def tables(self):
        return self.context.definitions()[0]

    @property
    def figures(self):
        return self.context.definitions()[1]

    @property
    def blocks(self) -> list[tuple[str, str]]:
        return [("table", i) for i in self.tables] + [("figure", i) for i in self.figures]

    @property
    def with_data(self) -> list[tuple[str, str]]:
        """The blocks with data files: every figure, every table but a table of groups (``by:``)."""
        return [("table", i) for i, t in self.tables.items() if t.by is None] + [("figure", i) for i in self.figures]

    def page(self, language: str, src: str) -> Page:
        return Page(
            language=language,
            src=src,
            site_url=self.report_site.site_url,
            docs_dir=self.context.docs_dir,
            context=self.context,
        )

    def data_pages(self, language: str) -> list[str]:
        """The report's pages (sources below docs/<language>/) that offer the data downloads."""
        docs = self.context.docs_dir / language
        return sorted(
            md.relative_to(docs).as_posix() for md in docs.rglob("*.md") if "data_downloads(" in md.read_text("utf-8")
        )


@pytest.fixture
def report(report_site) -> Iterator[Blocks]:
    """The report of ``report_site``, its build context active while the test runs (UI texts, titles)."""
    context = BuildContext(
        config_path=report_site.root / "mkdocs.yml",
        languages=report_site.languages,
        site_url=report_site.site_url,
    )
    build_context.activate(context)
    try:
        yield Blocks(report_site, context)
    finally:
        build_context.activate(None)


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


# --- the pages ----------------------------------------------------------------------------------


def test_every_table_and_figure_has_its_page(report):
    problems = []
    for language in report.languages:
        problems += _block_page_problems(report, language)
    assert problems == []


def _block_page_problems(report: Blocks, language: str) -> list[str]:
    problems = []
    homes = references.block_pages(report.context.docs_dir, language)
    for kind, block_id in report.blocks:
        folder = f"{kind}s/{slug(kind, block_id)}/"
        file = report.folder(language) / folder / "index.html"
        if not file.is_file():
            problems.append(f"/{report.prefix(language)}{folder}: missing")
            continue
        page = parse(file)
        html = file.read_text(encoding="utf-8")
        here = report.url_of(language, folder)
        title = f"{report.text(language, kind)} {block_id}."
        if f'<html lang="{language}"' not in html or title not in "".join(page.text):
            problems.append(f"{here}: not a {language} page of {kind} {block_id}")
        for wanted in (f"{kind}-{slug(kind, block_id)}", "cite-apa", "cite-bibtex", "question"):
            if wanted not in page.ids:
                problems.append(f"{here}: no element #{wanted}")
        home = report.url_of(language, downloads.page_path(homes[(kind, block_id)])) + f"#{kind}-{slug(kind, block_id)}"
        links = {urljoin(here, a.get("href", "")) for tag, a in page.tags if tag == "a"}
        if home not in links:
            problems.append(f"{here}: no link to its place in the report, {home}")
        canonical = [a["href"] for tag, a in page.tags if tag == "link" and a.get("rel") == "canonical"]
        if canonical != [here]:
            problems.append(f"{here}: canonical {canonical}")
        if kind == "figure" and "embed-code" not in page.ids:
            problems.append(f"{here}: no embed code")
    return problems


def test_every_figure_has_an_embed_page_without_the_sites_navigation(report):
    for language, figure_id in ((language, i) for language in report.languages for i in report.figures):
        folder = f"figures/{slug('figure', figure_id)}/"
        file = report.folder(language) / folder / "embed" / "index.html"
        html = file.read_text(encoding="utf-8")
        page = parse(file)
        assert [a.get("lang") for tag, a in page.tags if tag == "html"] == [language]
        assert '<meta name="robots" content="noindex">' in html
        assert "md-header" not in html and "md-sidebar" not in html and "<nav" not in html
        assert any(tag == "svg" and "report-chart__svg" in a.get("class", "") for tag, a in page.tags)
        back = [a["href"] for tag, a in page.tags if tag == "a" and a.get("target") == "_blank"]
        assert back == [report.url_of(language, folder)]
        assert f"{report.text(language, 'chart.source')}:" in "".join(page.text)


def test_every_figure_has_an_oembed_answer_named_by_its_page(report):
    for language, figure_id in ((language, i) for language in report.languages for i in report.figures):
        folder = f"figures/{slug('figure', figure_id)}/"
        answer = json.loads((report.folder(language) / folder / "oembed.json").read_text(encoding="utf-8"))
        assert answer["version"] == "1.0" and answer["type"] == "rich"
        assert answer["title"] == figure_pages.block_title("figure", figure_id, language)
        assert answer["html"].startswith(f'<iframe src="{report.url_of(language, folder)}embed/"')
        assert f'width="{answer["width"]}" height="{answer["height"]}"' in answer["html"]
        assert isinstance(answer["width"], int) and isinstance(answer["height"], int) and answer["height"] > 150
        assert (
            answer["provider_name"] and answer["author_name"] and answer["provider_url"] == report.url_of(language, "")
        )
        page = parse(report.folder(language) / folder / "index.html")
        discovery = [a for tag, a in page.tags if tag == "link" and a.get("type") == "application/json+oembed"]
        assert [a["href"] for a in discovery] == [report.url_of(language, folder) + "oembed.json"]
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


def test_every_csv_is_plain_rfc_4180_described_by_its_metadata(report):
    for language in report.languages:
        _check_csvs(report, language)


def _check_csvs(report: Blocks, language: str) -> None:
    folder = report.folder(language) / "downloads"
    names = sorted(p.stem for p in folder.glob("*.csv"))
    assert names == sorted(f"{kind}-{slug(kind, i)}" for kind, i in report.with_data), language
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
        assert resource["homepage"] == report.url_of(language, f"{kind}s/{block_id}/")
        assert resource["title"].startswith(f"{report.text(language, kind)} ")
        assert resource["questions"] and all(resource["questions"]) and resource["shareOf"]
        assert resource["citation"].endswith(resource["homepage"])
        # report.yaml declares no licence: none is claimed.
        assert ("licenses" in resource) == bool(report.context.survey().report.get("licence"))
        if kind == "figure":
            assert resource["chart"] == f"{name}.vg.json" and (folder / resource["chart"]).is_file()


def test_every_figure_has_its_live_charts_vega_spec(report):
    for language in report.languages:
        _check_vega_specs(report, language)


def _check_vega_specs(report: Blocks, language: str) -> None:
    # The language's decimal sign as CLDR writes it (babel), for the babel locale mkdocs.yml gives it.
    locale = Locale.parse(report.context.languages.babel_locale.get(language, language))
    decimal = locale.number_symbols["latn"]["decimal"]
    for figure_id in report.figures:
        for suffix in ("vg.json", "narrow.vg.json"):
            path = report.folder(language) / "downloads" / f"figure-{slug('figure', figure_id)}.{suffix}"
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


def _data_pages(report: Blocks) -> list[tuple[str, str]]:
    """(language, source) of every page that offers the data downloads; none means no zip at all."""
    found = [(language, src) for language in report.languages for src in report.data_pages(language)]
    if not found:
        zips = sorted(
            p.name for language in report.languages for p in (report.folder(language) / "downloads").glob("*.zip")
        )
        assert zips == [], f"no page calls data_downloads, yet the site publishes {zips}"
    else:
        assert {language for language, _ in found} == set(report.languages), f"not in every language: {found}"
    return found


def test_the_edition_zip_holds_every_csv_a_descriptor_a_readme_and_the_licence(report):
    for language, src in _data_pages(report):
        _check_edition(report, report.page(language, src))


def _check_edition(report: Blocks, page: Page) -> None:
    language = page.language
    name = figure_pages.edition_name(page)
    downloads_dir = report.folder(language) / "downloads"
    content = (downloads_dir / name).read_bytes()
    # Built again, the same bytes: fixed timestamps and order.
    assert figure_pages.edition(page) == content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        csvs = sorted(n for n in names if n.endswith(".csv"))
        assert sorted(set(names) - set(csvs)) == ["LICENSE.txt", "README.md", "datapackage.json"]
        assert csvs == sorted(f"{kind}-{slug(kind, i)}.csv" for kind, i in report.with_data)
        assert {info.date_time for info in archive.infolist()} == {data_files.ZIP_TIMESTAMP}
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


def test_nothing_in_the_edition_is_respondent_level(report):
    """Aggregates only: no column of the responses, no file with a row per respondent."""
    survey = report.context.survey()
    respondents = len(survey.responses)
    columns = set(survey.responses.columns)
    for language, src in _data_pages(report):
        page = report.page(language, src)
        with zipfile.ZipFile(report.folder(language) / "downloads" / figure_pages.edition_name(page)) as archive:
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


def test_the_data_page_lists_every_download_and_the_zip(report):
    for language, src in _data_pages(report):
        page = parse(report.folder(language) / downloads.page_path(src) / "index.html")
        hrefs = {a["href"] for tag, a in page.tags if tag == "a" and "download" in a}
        here = report.url_of(language, downloads.page_path(src))
        resolved = {urljoin(here, h) for h in hrefs}
        for kind, block_id in report.with_data:
            for extension in ("csv", "json") + (("vg.json", "svg", "png") if kind == "figure" else ()):
                assert report.url_of(language, f"downloads/{kind}-{slug(kind, block_id)}.{extension}") in resolved
        zip_name = figure_pages.edition_name(report.page(language, src))
        assert report.url_of(language, f"downloads/{zip_name}") in resolved


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


def test_every_csv_is_in_one_language(report):
    """A CSV's header and labels are its language's: the label column is headed differently in
    every two languages, and a header cell two languages share is a catalog message they write
    alike (such as an abbreviation, or a word both languages have)."""
    catalog = report.context.catalog()
    for kind, block_id in report.with_data:
        name = f"{kind}-{slug(kind, block_id)}.csv"
        headers = {}
        for language in report.languages:
            text = (report.folder(language) / "downloads" / name).read_text(encoding="utf-8")
            headers[language] = next(csv.reader(io.StringIO(text, newline="")))
        for one, other in combinations(report.languages, 2):
            alike = {
                text for key, text in catalog.translations(one).items() if catalog.translations(other).get(key) == text
            }
            a, b = headers[one], headers[other]
            assert a[0] != b[0] or a[0] in alike, f"{name}: the label column is headed {a[0]!r} in {one} and {other}"
            assert set(a) & set(b) <= alike, f"{name}: {sorted(set(a) & set(b) - alike)} in {one} and {other}"
