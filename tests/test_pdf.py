"""The PDF edition of each language, as the session's strict build made it (hooks/pdf.py).

Read back with pypdf: the PDF prints every table value exactly as the page in its language
does, states its own number of pages in the colophon (and the site's colophon says the same),
is tagged (PDF/UA-1) with its language, title and an outline of every section, every internal
link lands on a page, and every font is the site's typeface, embedded. The pages that are in
the PDF, and the parts left out, are read from mkdocs.yml (extra.pdf) and the built site.
"""

from __future__ import annotations

import html
import io
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from macros.model.survey import load_survey
from macros.outputs import pdf as edition
from macros.outputs.downloads import page_path
from macros.outputs.pdf import rendering
from macros.text import catalog as ui
from macros.text import formatting as fmt
from tests.browser.site import DEFAULT_LANGUAGE, LANGUAGE_PREFIXES, site_url

# Tests that read the session build (the slow ones); the others are unit tests of the parts.
build = pytest.mark.build

REPO_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = list(LANGUAGE_PREFIXES)
REPORT = load_survey().report


class _Loader(yaml.SafeLoader):
    """mkdocs.yml holds Python tags (the slugifier): read them as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def _config() -> dict:
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)


def _nav() -> list[str]:
    return [next(iter(item.values())) for item in _config()["nav"]]


SETTINGS = edition.Settings.from_config(_config().get("extra", {}).get("pdf"))


def _page_file(site: Path, language: str, src: str) -> Path:
    return site / LANGUAGE_PREFIXES[language] / page_path(src) / "index.html"


def _article(file: Path) -> str:
    text = file.read_text(encoding="utf-8")
    start = text.index('<article class="md-content__inner')
    return text[start : text.index("</article>", start)]


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _pdf_path(site: Path, language: str) -> Path:
    return site / LANGUAGE_PREFIXES[language] / edition.file_name(REPORT, language)


@cache
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


@cache
def _text(path: Path) -> str:
    """The PDF's text, every run of white space (no-break spaces too) as one space."""
    return " ".join(" ".join(page.extract_text() for page in _reader(path).pages).split())


@cache
def _raw_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in _reader(path).pages)


def _pages_in_pdf() -> list[str]:
    return [src for src in _nav() if SETTINGS.in_pdf(src)]


def _without_left_out(src: str, article: str) -> str:
    """The article less the sections extra.pdf.leave_out names (by their heading id)."""
    for selector in dict(SETTINGS.leave_out).get(src, ()):
        if selector.startswith("#"):
            match = re.search(rf'<h([1-6])[^>]*\bid="{re.escape(selector[1:])}"', article)
            assert match, f"{src}: extra.pdf.leave_out names {selector}, which the page does not have"
            level = int(match.group(1))
            end = re.compile(rf"<h[1-{level}][\s>]").search(article, match.end())
            article = article[: match.start()] + (article[end.start() :] if end else "")
    return article


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_pdf_at_its_root(built_site, language):
    path = _pdf_path(built_site, language)
    assert path.is_file(), f"no PDF edition at {path.relative_to(built_site)}"
    assert path.read_bytes()[:5] == b"%PDF-"
    assert len(_reader(path).pages) > len(_pages_in_pdf()), "fewer PDF pages than pages of the site in it"


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_value_is_printed_as_on_the_page(built_site, language):
    """Each report table's values, in row order, exactly as the page in the language prints them."""
    text = _text(_pdf_path(built_site, language))
    checked, problems = 0, []
    for src in _pages_in_pdf():
        article = _article(_page_file(built_site, language, src))
        for table in re.findall(r'<div class="report-table".*?</table>', article, re.S):
            caption = _plain(re.search(r"<caption>(.*?)</caption>", table, re.S).group(1))
            start = text.find(caption)
            if start < 0:
                problems.append(f"{src}: the caption {caption!r} is not in the PDF")
                continue
            # The table's own stretch of the text: from its caption, about as long as the table.
            region = text[start : start + 3 * len(_plain(table))]
            at = 0
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S):
                value = _plain(cell)
                found = region.find(value, at)
                checked += 1
                if found < 0:
                    problems.append(f"{src}: {caption}: {value!r} is not in the PDF's table (in row order)")
                    break
                at = found + len(value)
    assert checked > 100, f"only {checked} table values found in the {language} pages"
    assert not problems, "\n".join(problems)


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_row_label_and_appendix_text_is_in_the_pdf(built_site, language):
    """Row labels of every table, the code list's descriptions and the questionnaire's answers
    (line breaks and hyphenation aside)."""
    raw = _raw_text(_pdf_path(built_site, language))
    squeezed = {_squeezed(raw), _squeezed(re.sub(r"-\n", "", raw))}
    problems = []
    for src in _pages_in_pdf():
        article = _without_left_out(src, _article(_page_file(built_site, language, src)))
        article = re.sub(r'<details class="report-figure__table".*?</details>', "", article, flags=re.S)
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", article, re.S):
            value = _squeezed(_plain(cell))
            if value and value not in ("○",) and not any(value in s for s in squeezed):
                problems.append(f"{src}: {_plain(cell)!r}")
    assert not problems, f"{len(problems)} table cells missing from the {language} PDF:\n" + "\n".join(problems)


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_colophon_states_the_pdfs_own_page_count(built_site, language):
    pages = len(_reader(_pdf_path(built_site, language)).pages)
    stated = ui.text(language, "colophon.pages_value", pages=pages)
    front = _page_file(built_site, language, "index.md").read_text(encoding="utf-8")
    cells = re.findall(r"<span[^>]*\bdata-pdf-pages\b[^>]*>(.*?)</span>", front)
    assert cells == [stated], f"the site's colophon says {cells}, the PDF has {pages} pages"
    assert stated in _text(_pdf_path(built_site, language)), f"the PDF's colophon does not say {stated!r}"


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_with_its_language_and_title(built_site, language):
    reader = _reader(_pdf_path(built_site, language))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == language
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    title = f"{REPORT['title'][language]}. {REPORT['subtitle'][language]}"
    assert reader.metadata.title == title
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data(), "no PDF/UA identification in the XMP"


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(_outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_outline_has_every_section(built_site, language):
    titles = {" ".join(t.split()) for t in _outline_titles(_reader(_pdf_path(built_site, language)).outline)}
    expected = []
    for src in _pages_in_pdf():
        article = _without_left_out(src, _article(_page_file(built_site, language, src)))
        for heading in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", article, re.S):
            expected.append(_plain(heading).rstrip("¶").strip())
    missing = [t for t in expected if t not in titles]
    assert len(expected) > len(_pages_in_pdf())
    assert not missing, f"sections missing from the {language} PDF's bookmarks: {missing}"


def _destination_page(reader: PdfReader, destination) -> int:
    if isinstance(destination, str):
        destination = reader.named_destinations[destination]
        return reader.get_destination_page_number(destination)
    page = destination[0] if isinstance(destination, ArrayObject) else destination
    if isinstance(page, IndirectObject):
        page = page.get_object()
    return next(i for i, p in enumerate(reader.pages) if p.get_object() == page)


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_lands_on_a_page(built_site, language):
    reader = _reader(_pdf_path(built_site, language))
    internal, problems = 0, []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            if action.get("/S") == "/URI":
                uri = str(action["/URI"])
                if urlsplit(uri).scheme not in ("http", "https", "mailto"):
                    problems.append(f"page {number}: link to {uri!r}, not a web address")
                continue
            destination = annotation.get("/Dest", action.get("/D"))
            internal += 1
            try:
                target = _destination_page(reader, destination)
            except (KeyError, StopIteration):
                problems.append(f"page {number}: internal link to {destination!r} lands on no page")
                continue
            if not 0 <= target < len(reader.pages):
                problems.append(f"page {number}: internal link to {destination!r} lands on page {target + 1}")
    assert internal > 50, f"only {internal} internal links (contents, cross-references) in the {language} PDF"
    assert not problems, "\n".join(problems)


def _fonts(resources, seen: set) -> list[DictionaryObject]:
    found = []
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            found += _fonts(xobject["/Resources"], seen)
    return found


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_font_is_the_site_font_and_embedded(built_site, language):
    reader = _reader(_pdf_path(built_site, language))
    seen: set = set()
    fonts = [f for page in reader.pages for f in _fonts(page.get("/Resources"), seen)]
    assert fonts
    problems = []
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        name = str(font.get("/BaseFont"))
        if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{name} is not embedded")
        if "Source-Sans-3" not in name:
            problems.append(f"{name} is not the site's typeface (Source Sans 3)")
    assert not problems, "\n".join(problems)


def _structure_elements(element, kind: str, found: list) -> list:
    element = element.get_object()
    if isinstance(element, DictionaryObject):
        if element.get("/S") == kind:
            found.append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            if isinstance(kid, (IndirectObject, DictionaryObject)):
                _structure_elements(kid, kind, found)
    return found


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_carries_its_text_alternative(built_site, language):
    reader = _reader(_pdf_path(built_site, language))
    figures = _structure_elements(reader.trailer["/Root"]["/StructTreeRoot"], "/Figure", [])
    alternatives = [str(f.get("/Alt", "")) for f in figures]
    charts = sum(
        _article(_page_file(built_site, language, src)).count("report-chart__svg--wide") for src in _pages_in_pdf()
    )
    if not charts:
        pytest.skip("the build has no charts (REPORT_CHARTS=off)")
    assert len(figures) == charts and all(alternatives), f"{charts} charts, alternative texts: {alternatives}"
    chart_word = ui.text(language, "figure")
    assert all(alt.startswith(chart_word) for alt in alternatives)


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_web_only_blocks_stay_out(built_site, language):
    text = _text(_pdf_path(built_site, language))
    for key in ("pdf.download", "chart.downloads", "finding.link", "chart.download_csv"):
        assert ui.text(language, key) not in text, f"the web-only {key!r} ({ui.text(language, key)!r}) is in the PDF"
    assert "¶" not in text


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_colophon_and_citation_link_the_pdf(built_site, language):
    url = edition.edition_url(site_url(), REPORT, language, DEFAULT_LANGUAGE)
    name = edition.file_name(REPORT, language)
    path = _pdf_path(built_site, language)
    details = ui.text(
        language,
        "pdf.download_details",
        pages=ui.text(language, "colophon.pages_value", pages=len(_reader(path).pages)),
        size=fmt.number(Decimal(path.stat().st_size) / 1_000_000, language, 1),
    )
    linking = [src for src in _nav() if SETTINGS.links_to_pdf(src)]
    assert "index.md" in linking
    for src in linking:
        page_url = site_url() + LANGUAGE_PREFIXES[language] + page_path(src)
        markup = _page_file(built_site, language, src).read_text(encoding="utf-8")
        hrefs = [urljoin(page_url, href) for href in re.findall(r'href="([^"]*\.pdf)"', markup)]
        assert url in hrefs, f"{src} ({language}) does not link {name}: {hrefs}"
        assert html.escape(details, quote=False) in markup, f"{src} ({language}): the link does not say {details!r}"
    front = _page_file(built_site, language, "index.md").read_text(encoding="utf-8")
    assert 'id="report-citation-pdf"' in front and url in front
    pdf_edition = ui.text(language, "edition.pdf")
    assert pdf_edition in _plain(front), "the citation does not name the PDF edition"
    assert url in _text(_pdf_path(built_site, language)), "the PDF does not state its own address"


# What a reader sees, word for word, in each language: the link under every heading, the
# colophon's row, the citations naming the edition (APA: its type, BibTeX: its note and URL).
LITERAL = {
    "da": {
        "link": "Hent som PDF",
        "pages": r"\d+\ssider",
        "colophon": "Denne udgave (PDF)",
        "apa": "(Datarapport, PDF-udgave)",
        "apa_label": "PDF-udgave, APA",
        "bibtex_label": "PDF-udgave, BibTeX",
        "bibtex_note": "note = {PDF-udgave}",
        "url": "https://au-kfcol.github.io/civilsamfund/civilsamfund-da.pdf",
    },
    "en": {
        "link": "Download as PDF",
        "pages": r"\d+\spages",
        "colophon": "This edition (PDF)",
        "apa": "(Data report, PDF edition)",
        "apa_label": "PDF edition, APA",
        "bibtex_label": "PDF edition, BibTeX",
        "bibtex_note": "note = {PDF edition}",
        "url": "https://au-kfcol.github.io/civilsamfund/en/civilsamfund-en.pdf",
    },
}


@build
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_linked_in_the_readers_words(built_site, language):
    """Front page, colophon, every chapter, the Data page and both citations, as literal text."""
    words = LITERAL[language]
    assert set(LITERAL) == set(LANGUAGES), "a language without its literal words"
    pages = ["index.md", "data.md", *_pages_in_pdf()]
    assert {"introduction.md", "references.md", "questionnaire.md", "code-list.md"} <= set(pages)
    link = re.compile(
        r'<a href="((?:\.\./)*)'
        + re.escape(words["url"].rsplit("/", 1)[1])
        + r'" type="application/pdf">'
        + re.escape(words["link"])
        + r"</a> <span data-pdf-details>\("
        + words["pages"]
        + r", [\d.,]+\sMB\)</span>"
    )
    for src in pages:
        markup = _page_file(built_site, language, src).read_text(encoding="utf-8")
        found = link.findall(markup)
        assert len(found) == 1, f"{src} ({language}): no single {words['link']!r} link with its pages and size"
        depth = len(PurePosixPath(page_path(src)).parts)
        assert found[0] == "../" * depth, f"{src} ({language}): the link goes up {found[0]!r}"
    markup = _page_file(built_site, language, "index.md").read_text(encoding="utf-8")
    front = _plain(markup)
    for key in ("colophon", "apa", "apa_label", "bibtex_label", "bibtex_note"):
        assert words[key] in front, f"the {language} front page does not say {words[key]!r}"
    row = re.escape(words["colophon"]) + r"</th>\s*<td><a href=\"" + re.escape(words["url"]) + '"'
    assert re.search(row, markup), "the colophon's row does not link the PDF's address"
    for entry, label, says in (
        ("report-citation-pdf", "apa_label", "apa"),
        ("report-citation-pdf-bibtex", "bibtex_label", "bibtex_note"),
    ):
        block = re.search(rf'<p class="citation-label">([^<]*)</p><(p|pre)[^>]*\bid="{entry}".*?</\2>', markup, re.S)
        assert block, f"no {entry} entry on the {language} front page"
        assert block.group(1) == words[label], f"{entry} is labelled {block.group(1)!r}, not {words[label]!r}"
        text = _plain(block.group(0))
        assert words[says] in text and words["url"] in text, f"{entry} does not cite the PDF edition: {text!r}"


@build
def test_danish_text_is_hyphenated(built_site):
    """Words broken at the line end with a hyphen that the page writes whole (the source language)."""
    raw = _raw_text(_pdf_path(built_site, DEFAULT_LANGUAGE))
    words = set(re.findall(r"\w+", _plain(_article(_page_file(built_site, DEFAULT_LANGUAGE, "introduction.md")))))
    broken = [a + b for a, b in re.findall(r"(\w+)-\n(\w+)", raw) if a + b in words and f"{a}-{b}" not in words]
    assert len(broken) >= 3, f"hardly any hyphenation in the {DEFAULT_LANGUAGE} PDF: {broken}"


@build
def test_the_session_build_rendered_or_reused_each_pdf(built_site):
    stats = json.loads((rendering.cache_dir() / rendering.STATS_FILE).read_text(encoding="utf-8"))
    assert stats["rendered"] + stats["cached"] == len(LANGUAGES), stats
    # Each edition counts its own pages: one layout for each PDF rendered, none for one reused.
    assert stats["layouts"] == stats["rendered"], stats
    # What the benchmark reads: each language's PDF with its pages, size and build time.
    assert set(stats["editions"]) == set(LANGUAGES), stats
    for edition_stats in stats["editions"].values():
        assert edition_stats["pages"] > 0 and edition_stats["bytes"] > 0 and edition_stats["seconds"] > 0


# --- the parts, without a build -----------------------------------------------------------------


def _tiny_document(pages_for):
    """make_html for render_edition: a document stating ``count`` pages, ``pages_for(count)`` long."""

    def make(count: int) -> str:
        breaks = "".join('<p style="break-before: page">…</p>' for _ in range(pages_for(count) - 1))
        return f'<html lang="en"><head><title>T</title></head><body><p>{count} pages</p>{breaks}</body></html>'

    return make


@pytest.mark.build  # the slow kind (see tests/conftest.py): renders a PDF
def test_a_pdf_is_rendered_once_and_then_taken_from_the_cache(tmp_path):
    fonts = [rendering.fallback_faces()]
    before = rendering.RenderCounts(**vars(rendering.COUNTS))
    first = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path)
    assert (first.pages, first.cached) == (3, False)
    assert "3 pages" in PdfReader(io.BytesIO(first.pdf)).pages[0].extract_text()
    # No count known yet: laid out with 0, then again with the count the first layout had.
    assert rendering.COUNTS.layouts - before.layouts == 2
    assert rendering.COUNTS.rendered - before.rendered == 1
    again = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path)
    assert (again.cached, again.pdf) == (True, first.pdf)
    assert rendering.COUNTS.cached - before.cached == 1
    assert rendering.COUNTS.layouts - before.layouts == 2, "the unchanged document was laid out again"
    assert rendering.last_page_count("en", tmp_path) == 3


@pytest.mark.build  # renders a PDF
def test_an_unchanged_edition_is_taken_by_its_sources_without_assembling(tmp_path):
    """A rebuild whose pages did not change takes the PDF by its sources: no assembling, no layout."""
    fonts = [rendering.fallback_faces()]
    first = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path)
    sources = rendering.sources_key(["en", b"<html>the built page</html>"], fonts)
    assert rendering.edition_from_sources(sources, "en", tmp_path) is None
    rendering.remember_sources(sources, first, tmp_path)
    before = rendering.RenderCounts(**vars(rendering.COUNTS))
    again = rendering.edition_from_sources(sources, "en", tmp_path)
    assert again is not None and (again.pdf, again.pages, again.cached) == (first.pdf, 3, True)
    assert rendering.COUNTS.layouts == before.layouts and rendering.COUNTS.cached == before.cached + 1
    # A page changed, another language: other sources, nothing known of them.
    for other in (["en", b"<html>the page, changed</html>"], ["da", b"<html>the built page</html>"]):
        assert rendering.edition_from_sources(rendering.sources_key(other, fonts), "en", tmp_path) is None
    # The PDF gone from the cache: the edition is made again.
    (tmp_path / f"{first.key}.pdf").unlink()
    assert rendering.edition_from_sources(sources, "en", tmp_path) is None


def test_the_sources_key_covers_the_code_that_assembles_the_edition(monkeypatch):
    names = {path.name for path in rendering._ASSEMBLY_CODE}
    assert {"__init__.py", "document.py", "rendering.py", "edition.css", "edition.html"} <= names
    base = rendering.sources_key(["x"], [])
    assert rendering.sources_key(["x"], []) == base
    monkeypatch.setattr(rendering, "_ASSEMBLY_CODE", rendering._ASSEMBLY_CODE[:-1])
    assert rendering.sources_key(["x"], []) != base


def _counting_document(pages: int, after_end: str = "") -> str:
    """A document of ``pages`` pages that counts its own pages (Edition.counting's way), with
    ``after_end`` after its end."""
    breaks = "".join('<p style="break-before: page">…</p>' for _ in range(pages - 1))
    style = edition.page_count_css("{pages} pages, counted")
    return (
        f'<html lang="en"><head><title>T</title><style>{style}</style></head><body>'
        f'<p><span class="{edition.COUNT_CLASS}"></span></p>{breaks}<div id="{edition.END_ID}"></div>'
        f"{after_end}</body></html>"
    )


@pytest.mark.build  # renders a PDF
def test_a_document_that_counts_its_own_pages_is_laid_out_once(tmp_path):
    fonts = [rendering.fallback_faces()]
    before = rendering.RenderCounts(**vars(rendering.COUNTS))
    counting = (_counting_document(3), lambda pages: True)
    first = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path, counting=counting)
    assert (first.pages, first.cached) == (3, False)
    assert "3 pages, counted" in PdfReader(io.BytesIO(first.pdf)).pages[0].extract_text()
    # No count known yet, and one layout: the document wrote its count itself.
    assert rendering.COUNTS.layouts - before.layouts == 1
    assert rendering.last_page_count("en", tmp_path) == 3
    again = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path, counting=counting)
    assert (again.cached, again.pdf) == (True, first.pdf)
    assert rendering.COUNTS.layouts - before.layouts == 1


@pytest.mark.build  # renders a PDF
@pytest.mark.parametrize(
    ("counting_document", "in_digits"),
    [
        (_counting_document(3), False),  # the language writes 3 otherwise than CSS does
        # Its end is not on its last page (the third).
        (_counting_document(2, after_end='<p style="break-before: page">…</p>'), True),
    ],
    ids=["other-digits", "end-not-last"],
)
def test_a_count_the_document_cannot_write_itself_is_stated_in_its_words(tmp_path, counting_document, in_digits):
    fonts = [rendering.fallback_faces()]
    before = rendering.RenderCounts(**vars(rendering.COUNTS))
    counting = (counting_document, lambda pages: in_digits)
    rendered = rendering.render_edition(_tiny_document(lambda count: 3), fonts, "en", tmp_path, counting=counting)
    text = PdfReader(io.BytesIO(rendered.pdf)).pages[0].extract_text()
    assert (rendered.pages, "3 pages" in text, "counted" in text) == (3, True, False)
    # The counting layout, then the words stating the count it had (right the first time).
    assert rendering.COUNTS.layouts - before.layouts == 2


def test_a_page_count_that_never_settles_stops_the_build(tmp_path):
    # Stating 2 pages makes it 3 long, stating 3 makes it 2: no count is ever right.
    make = _tiny_document(lambda count: 3 if count == 2 else 2)
    with pytest.raises(edition.EditionError, match="did not settle"):
        rendering.render_edition(make, [rendering.fallback_faces()], "en", tmp_path)


def test_settings_name_their_mistakes():
    with pytest.raises(edition.EditionError, match=r"extra\.pdf.*'skipp'"):
        edition.Settings.from_config({"skipp": ["index.md"]})
    with pytest.raises(edition.EditionError, match=r"extra\.pdf\.front"):
        edition.Settings.from_config({"front": {"index.md": "#colophon"}})
    settings = edition.Settings.from_config({"skip": ["index.md", "findings/"], "link_from": ["index.md"]})
    assert not settings.in_pdf("findings/x.md") and not settings.in_pdf("index.md")
    assert settings.in_pdf("findings.md") and settings.links_to_pdf("index.md")


def test_the_slug_must_be_a_file_name():
    assert edition.file_name({"slug": "a-report"}, "en") == "a-report-en.pdf"
    for slug in (None, "", "A Report", "../x"):
        with pytest.raises(edition.EditionError, match=r"data/report\.yaml: slug"):
            edition.file_name({"slug": slug}, "en")


def test_links_become_internal_or_full_site_addresses():
    from macros.outputs.pdf import document as doc

    site = "https://example.org/r/"
    page = edition.BuiltPage(src="a.md", url="en/a/", file=Path("unused"))
    body = doc.parse(
        '<div><p id="x">'
        '<a href="#table-1">Table 1</a> <a href="../b/#s">B</a> <a href="../findings/f/">F</a> '
        '<a href="../downloads/f.csv" download>CSV</a> <a href="https://other.example/">O</a>'
        "<sup><a href='#x'>note</a></sup></p></div>"
    ).find(".//div")
    links = doc.Links(site_url=site, pages={"en/a/": "chapter-a", "en/b/": "chapter-b"})
    links.anchors = {("en/a/", "table-1"): "table-1", ("en/a/", "x"): "x", ("en/b/", "s"): "b--s"}
    doc.rewrite_links(page, body, links)
    found = [(a.get("href"), a.get("class"), a.get("download")) for a in body.iter("a")]
    assert found == [
        ("#table-1", "pdf-xref", None),
        ("#b--s", "pdf-xref", None),
        ("https://example.org/r/en/findings/f/", None, None),
        ("https://example.org/r/en/downloads/f.csv", None, None),
        ("https://other.example/", None, None),
        ("#x", None, None),  # an editorial marker (in <sup>) is no cross-reference
    ]


def test_the_cross_reference_follows_the_message():
    assert edition.cross_reference_css("{reference}, s.\u00a0{page}") == (
        'a.pdf-xref::after { content: ", s.\u00a0" target-counter(attr(href url), page); }'
    )
    assert "::before" in edition.cross_reference_css("(p. {page}) {reference}")
    with pytest.raises(edition.EditionError):
        edition.cross_reference_css("{reference}")


def test_a_lone_editorial_marker_after_a_figure_ends_its_note():
    from macros.outputs.pdf import document as doc

    body = doc.parse(
        '<div><figure class="report-figure"><figcaption>F</figcaption><p class="report-note">N: <em>q?</em> x.</p>'
        '</figure>\n<p><sup class="editorial-marker"><a href="#n1">ed. note 1</a></sup></p>\n<h2>Next</h2>'
        '<p>Text <sup class="editorial-marker"><a href="#n2">ed. note 2</a></sup></p>'
        '<div class="questionnaire__item"><p>Q</p></div><p><sup class="editorial-marker"><a href="#n3">ed. note 3</a>'
        "</sup></p></div>"
    ).find(".//div")
    doc.clean(body)
    assert doc.serialize(body) == (
        '<div><figure class="report-figure"><figcaption>F</figcaption><p class="report-note">N: <em>q?</em> x. '
        '<sup class="editorial-marker"><a href="#n1">ed. note 1</a></sup></p></figure>\n\n<h2>Next</h2>'
        '<p>Text <sup class="editorial-marker"><a href="#n2">ed. note 2</a></sup></p>'
        '<div class="questionnaire__item"><p>Q</p></div><p class="pdf-lone-marker"><sup class="editorial-marker">'
        '<a href="#n3">ed. note 3</a></sup></p></div>'
    )


def test_a_citation_block_goes_with_its_web_only_entry():
    from macros.outputs.pdf import document as doc

    body = doc.parse(
        '<div><div class="citation-block"><p class="citation-label">APA</p><p class="citation">A.</p>'
        '<button class="copy-button">Copy</button></div><div class="citation-block"><p class="citation-label">'
        'BibTeX</p><pre class="citation-bibtex"><code>@x</code></pre><button class="copy-button">Copy</button>'
        "</div></div>"
    ).find(".//div")
    doc.drop_web_only(body)
    assert doc.serialize(body) == (
        '<div><div class="citation-block"><p class="citation-label">APA</p><p class="citation">A.</p></div></div>'
    )


def test_the_benchmark_reports_the_pdfs_time_and_size(tmp_path):
    """tools/benchmark.py gives each build its own PDF cache (an empty one when cold) and prints
    the PDF editions' time, size and cache use from that cache's stats file."""
    import argparse
    import sys

    sys.path.insert(0, str(REPO_ROOT / "tools"))
    try:
        import benchmark
    finally:
        sys.path.remove(str(REPO_ROOT / "tools"))
    env = benchmark._environment(tmp_path, charts=True, bytecode=True)
    assert env[rendering.CACHE_ENV] == str(tmp_path / benchmark.PDF_CACHE_DIR)
    assert benchmark.STATS_FILE == rendering.STATS_FILE
    edition = {"pages": 59, "bytes": 1_234_567, "seconds": 41.5, "cpu_seconds": 17.25, "cached": False}
    stats = {"rendered": 2, "cached": 0, "layouts": 4, "editions": {"da": edition, "en": {**edition, "pages": 60}}}
    run = {"kind": "cold", "cpu": 90.0, "wall": 99.0, "rss_mib": 800.0, "counts": {}, "pdf": stats}
    plain = {**run, "kind": "plain", "pdf": {}}
    results = {"runs": 1, "comparisons": {"cold": {"cold": [run], "plain": [plain]}}, "warmups": {}, "notes": []}
    text = benchmark.render(results, argparse.Namespace(respondents=1, copies=1))
    assert "| 83.0 – 83.0 – 83.0 | 2.47 | 2 / 0 |" in text, text
    assert "| cold (empty chart cache) | en | 60 | 1.23 | 41.5 | 17.2 | no |" in text, text
    # Laid out side by side, the editions' seconds overlap: the step's own wall time is given.
    run["pdf"] = {**stats, "seconds": 44.0}
    text = benchmark.render(results, argparse.Namespace(respondents=1, copies=1))
    assert "| 44.0 – 44.0 – 44.0 | 2.47 | 2 / 0 |" in text, text


def _editions(tmp_path, monkeypatch, cores: int, job_for, document_bytes: int = 300_000):
    """Two editions, as hooks/pdf.py prepares them, whose layouts are ``job_for(language)``."""
    import hooks.pdf as pdf_hook

    monkeypatch.setenv(rendering.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(pdf_hook, "_cores", lambda: cores)
    made = [pdf_hook._Edition(language, [], str, f"sources-{language}") for language in ("da", "en")]
    for made_edition in made:
        made_edition.job = job_for(made_edition.language)
        made_edition.document_bytes = document_bytes
    return pdf_hook, made


def _rendered(language: str) -> rendering.Rendered:
    return rendering.Rendered(
        pdf=b"%PDF " + language.encode(), pages=1, html="", cached=False, key=language, layout_cpu_seconds=2.5
    )


def test_the_editions_are_laid_out_side_by_side(tmp_path, monkeypatch):
    """On a machine of two cores the two editions' layouts run at the same time (each waits here
    until the other has started: laid out one after the other, the first would wait in vain)."""
    import threading

    both_started = threading.Barrier(2, timeout=120)

    def job_for(language):
        def job():
            both_started.wait()
            return _rendered(language)

        return job

    pdf_hook, made = _editions(tmp_path, monkeypatch, 2, job_for)
    pdf_hook._lay_out(made)
    assert [e.rendered.pdf for e in made] == [b"%PDF da", b"%PDF en"]
    # Each edition's CPU time holds its layout process's; the cache knows the PDF by its sources.
    assert all(e.cpu_seconds >= 2.5 and e.seconds > 0 for e in made)
    assert rendering.edition_from_sources("sources-en", "en") is None  # the stub PDF is not in the cache
    assert json.loads((tmp_path / rendering.SOURCES_DIR / "sources-en.json").read_text()) == {"key": "en"}


@pytest.mark.parametrize(
    ("cores", "document_bytes"),
    [(1, 300_000), (2, 3_000_000)],
    ids=["one core", "documents too large to lay out together"],
)
def test_the_editions_are_laid_out_one_at_a_time_where_they_must(tmp_path, monkeypatch, cores, document_bytes):
    """On one core, or where two layouts are estimated to hold more memory together than the
    budget, the layouts do not run together: each waits in vain for the other (briefly; a wait
    that is met would mean the two ran at the same time)."""
    import threading

    together = threading.Barrier(2, timeout=0.5)
    met: list[str] = []

    def job_for(language):
        def job():
            try:
                together.wait()
                met.append(language)
            except threading.BrokenBarrierError:
                together.reset()
            return _rendered(language)

        return job

    pdf_hook, made = _editions(tmp_path, monkeypatch, cores, job_for, document_bytes)
    pdf_hook._lay_out(made)
    assert met == [] and all(e.rendered is not None for e in made)


def test_the_layouts_at_once_follow_the_cores_and_the_memory_they_hold():
    # Two editions of about 60 pages each (0.32 MB of HTML; measured: 302 MiB each).
    assert rendering.layouts_at_once([324_195, 333_105], cores=2) == 2
    assert rendering.layouts_at_once([324_195, 333_105], cores=8) == 2
    assert rendering.layouts_at_once([324_195], cores=8) == 1
    # Three of them on four cores: two together fit in the budget, three do not.
    assert rendering.layouts_at_once([324_195] * 3, cores=4) == 2
    # Editions of about 280 pages (2.0 MB; measured: 708 MiB each) hold most of it: one at a time.
    assert rendering.layouts_at_once([2_009_106, 2_051_064], cores=2) == 1
    for measured_bytes, measured_mib in ((324_195, 301.6), (2_009_106, 707.8)):
        assert measured_mib <= rendering.estimated_layout_mib(measured_bytes) <= measured_mib * 1.1
    assert rendering.layouts_at_once([], cores=2) == 1
    assert rendering.estimated_layout_mib(0) == rendering.LAYOUT_BASE_MIB


def test_an_editions_error_stops_the_build_once_the_others_are_laid_out(tmp_path, monkeypatch):
    def job_for(language):
        def job():
            if language == "da":
                raise edition.EditionError("the da PDF: WeasyPrint: no such image")
            return _rendered(language)

        return job

    pdf_hook, made = _editions(tmp_path, monkeypatch, 2, job_for)
    with pytest.raises(edition.EditionError, match=r"^the da PDF: WeasyPrint: no such image$"):
        pdf_hook._lay_out(made)
    assert made[1].rendered is not None and made[0].rendered is None


@pytest.mark.build  # renders a PDF
def test_the_layout_made_in_a_process_of_its_own_is_the_one_made_here(monkeypatch):
    """An edition is laid out in a process started for it (LayoutProcess), so the build does not
    keep WeasyPrint's layout: the PDF is the same, byte for byte, as one laid out in the build's
    process; where no process can be started, it is laid out in the build's."""
    import concurrent.futures

    fonts = [rendering.fallback_faces()]
    html = _tiny_document(lambda count: 2)(2)
    here = rendering._layout_pass(html, fonts, "the en PDF", 2)
    with rendering.LayoutProcess() as process:
        assert process._pool is not None
        elsewhere = process.lay_out(html, fonts, "the en PDF", 2)
        assert process.lay_out(html, fonts, "the en PDF", 5)[:2] == (2, None)  # the wrong count: no PDF
    assert elsewhere[:2] == here[:2] and elsewhere[1] is not None
    assert process.cpu_seconds > 0, "what the layout process spent is not known"

    def no_processes(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_processes)
    with rendering.LayoutProcess() as process:
        assert process._pool is None
        assert process.lay_out(html, fonts, "the en PDF", 2)[:2] == here[:2]


@pytest.mark.build  # renders a PDF
def test_a_weasyprint_error_in_the_layout_process_stops_the_build_with_its_words():
    with rendering.LayoutProcess() as process, pytest.raises(edition.EditionError, match=r"^the en PDF: WeasyPrint: "):
        process.lay_out("<html><body><img src='https://example.org/x.png'></body></html>", [], "the en PDF", 1)
