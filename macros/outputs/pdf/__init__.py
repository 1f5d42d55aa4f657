"""The PDF edition: one PDF per language, assembled from the built site and rendered by WeasyPrint.

After the site of every language is built (``hooks/pdf.py``), each language's pages of the nav
are taken in order from the built HTML (:mod:`.document`), less the web-only pages declared in
``mkdocs.yml`` (``extra.pdf``), and put together behind a cover, the front matter (the colophon)
and a table of contents (:func:`assemble`, template ``templates/edition.html``). WeasyPrint lays
the document out on A4 (``edition.css``: running heads, page numbers of the contents and of the
cross-references, hyphenation) and writes a tagged PDF (PDF/UA-1) with the document's language,
title, bookmarks and embedded fonts (:mod:`.rendering`, cached by content hash).

The file is ``<slug>-<language>.pdf`` at the language's root of the site (``slug`` in
data/report.yaml). The colophon states its number of pages, read from the PDF itself: in one
layout, where CSS can write the count (:meth:`Edition.counting`: the page number of the
document's end, a ``target-counter``); else the document is rendered with the count of the last
build (or none) and again if the count it states turned out wrong
(:func:`macros.outputs.pdf.rendering.render_edition`).

``extra.pdf`` in mkdocs.yml::

    pdf:
      skip: [index.md, findings/, translation-status.md]   # web-only pages; a folder ends with /
      front:                                               # front matter, in this order:
        index.md: [".admonition", "#colophon", "#how-to-cite"]  # '#heading id' (its section), '.class'
      link_from: [index.md]                                # pages outside the PDF that link to it

``REPORT_PDF=off`` builds the site without the PDF (``./dev serve`` does by default; ``on``
builds it there too); ``REPORT_PDF_CACHE=<dir>`` puts the cache elsewhere (a cold build).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from macros.outputs.pdf import document as doc
from macros.outputs.pdf.document import END_ID, BuiltPage, Chapter, EditionError

PDF_ENV = "REPORT_PDF"
TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_COUNT_ATTRIBUTE = "data-pdf-pages"
# Assembled once, the document is laid out again with another page count in its colophon.
PAGE_COUNT_SLOT = "@@pdf-page-count@@"
# The element whose generated text is the page number the document's end (END_ID) lands on: the
# count, in a document that counts its own pages (Edition.counting).
COUNT_CLASS = "pdf-page-count"
# The download links' "(61 pages, 0.5 MB)", filled in when the PDF is written.
DETAILS_ATTRIBUTE = "data-pdf-details"
_SETTINGS_KEYS = {"skip", "leave_out", "front", "contents_without_sections", "link_from"}

__all__ = ["BuiltPage", "Chapter", "EditionError", "Settings", "assemble", "edition_url", "file_name"]


def pdf_enabled(default: bool = True) -> bool:
    """``REPORT_PDF`` on/off; ``default`` when it is not set."""
    value = os.environ.get(PDF_ENV, "").strip().lower()
    if not value:
        return default
    return value not in ("off", "0", "false", "no")


# --- names and addresses ------------------------------------------------------------------------


def file_name(report: dict, language: str) -> str:
    """``<slug>-<language>.pdf``, the slug from data/report.yaml."""
    slug = str(report.get("slug") or "")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise EditionError(
            f"data/report.yaml: slug is {slug!r}; expected a file name in lower case letters, digits and "
            "hyphens (e.g. 'library-survey'): the PDF edition is <slug>-<language>.pdf"
        )
    return f"{slug}-{language}.pdf"


def language_prefix(language: str, default_language: str) -> str:
    """The language's folder below the site root: ``""`` or ``"en/"``."""
    return "" if language == default_language else f"{language}/"


def edition_url(site_url: str, report: dict, language: str, default_language: str) -> str:
    """The published address of a language's PDF."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return base + language_prefix(language, default_language) + file_name(report, language)


def href_from_page(src: str, report: dict, language: str) -> str:
    """A relative link from a page (``results.md``) to its language's PDF."""
    path = PurePosixPath(src).with_suffix("")
    depth = len(path.parts) - (1 if path.name == "index" else 0)
    return "../" * depth + file_name(report, language)


def fill_marker(text: str, attribute: str, value: str) -> str:
    """``text`` (HTML) with the content of every element marked ``attribute`` replaced by ``value``."""
    pattern = re.compile(rf"(<(\w+)\b[^>]*\b{re.escape(attribute)}\b[^>]*>)(.*?)(</\2>)", re.S)
    return pattern.sub(lambda m: m.group(1) + str(Markup.escape(value)) + m.group(4), text)


def page_count_text(text: str, count_text: str) -> str:
    """``text`` (a page's HTML) with every page-count marker filled with ``count_text``."""
    return fill_marker(text, PAGE_COUNT_ATTRIBUTE, count_text)


# --- settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """``extra.pdf`` of mkdocs.yml: which pages and parts stay out, the front matter, extra links."""

    skip: tuple[str, ...] = ()
    leave_out: tuple[tuple[str, tuple[str, ...]], ...] = ()
    front: tuple[tuple[str, tuple[str, ...]], ...] = ()
    contents_without_sections: tuple[str, ...] = ()
    link_from: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, value) -> Settings:
        where = "mkdocs.yml: extra.pdf"
        if value is None:
            return cls()
        if not isinstance(value, dict) or set(value) - _SETTINGS_KEYS:
            unknown = sorted(set(value) - _SETTINGS_KEYS) if isinstance(value, dict) else value
            raise EditionError(f"{where}: unexpected {unknown!r}; expected the keys {sorted(_SETTINGS_KEYS)}")

        def paths(key):
            items = value.get(key) or []
            if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
                raise EditionError(f"{where}.{key}: {items!r}; expected a list of page paths such as 'index.md'")
            return tuple(items)

        def selectors(key):
            items = value.get(key) or {}
            if not isinstance(items, dict) or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(s, str) for s in v)
                for k, v in items.items()
            ):
                raise EditionError(f"{where}.{key}: {items!r}; expected page: ['#heading-id', '.class', ...]")
            return tuple((k, tuple(v)) for k, v in items.items())

        return cls(
            skip=paths("skip"),
            leave_out=selectors("leave_out"),
            front=selectors("front"),
            contents_without_sections=paths("contents_without_sections"),
            link_from=paths("link_from"),
        )

    def in_pdf(self, src: str) -> bool:
        """Is the page (path below docs/<language>/) a part of the PDF?"""
        return not any(src == s or (s.endswith("/") and src.startswith(s)) for s in self.skip)

    def links_to_pdf(self, src: str) -> bool:
        return self.in_pdf(src) or src in self.link_from


# --- the document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """The PDF's own words in its language (from the UI catalog)."""

    contents: str
    cross_reference: str  # "{reference}, p. {page}"
    page_count: str = "{pages}"  # the colophon's "{pages} pages"


@dataclass
class Edition:
    """What :func:`assemble` made: the HTML and the chapters in it."""

    html: str
    chapters: list[Chapter] = field(default_factory=list)

    def stating(self, count_text: str) -> str:
        """The HTML with ``count_text`` where :data:`PAGE_COUNT_SLOT` was given as the page count."""
        return self.html.replace(PAGE_COUNT_SLOT, str(Markup.escape(count_text)))

    def counting(self) -> str:
        """The HTML that states its own page count: where :data:`PAGE_COUNT_SLOT` was given, an
        element whose text CSS writes as the page number of the document's end
        (:func:`page_count_css`). One layout then gives the right count, in digits, wherever the
        end falls on the last page."""
        return self.html.replace(PAGE_COUNT_SLOT, f'<span class="{COUNT_CLASS}"></span>')


def css_string(text: str) -> str:
    """A CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _content(text: str, placeholder: str, counter: str) -> str:
    """A CSS ``content`` value: ``text`` as strings, with ``counter`` where it has ``placeholder``.

    >>> _content("s. {page}", "{page}", "counter(page)")
    '"s. " counter(page)'
    """
    parts = [css_string(part) if part else "" for part in text.split(placeholder)]
    if len(parts) == 1:
        return parts[0]
    return " ".join(part for part in (parts[0], counter, parts[1]) if part)


def cross_reference_css(pattern: str) -> str:
    """The rule that follows (or precedes) each cross-reference with the page it lands on.

    >>> print(cross_reference_css("{reference}, p.\\u00a0{page}"))
    a.pdf-xref::after { content: ", p.\u00a0" target-counter(attr(href url), page); }
    """
    if pattern.count("{reference}") != 1 or pattern.count("{page}") != 1:
        raise EditionError(f"the cross-reference message {pattern!r} needs {{reference}} and {{page}} once each")
    rules = []
    for side, text in zip(("before", "after"), pattern.split("{reference}"), strict=True):
        if not text:
            continue
        content = _content(text, "{page}", "target-counter(attr(href url), page)")
        rules.append(f"a.pdf-xref::{side} {{ content: {content}; }}")
    return "\n".join(rules)


def page_count_css(pattern: str) -> str:
    """The rule that writes the page count (:meth:`Edition.counting`) into the ``pattern`` of the
    colophon's words.

    >>> print(page_count_css("{pages} sider"))
    span.pdf-page-count::before { content: target-counter(url(#pdf-end), page) " sider"; }
    """
    if pattern.count("{pages}") != 1:
        raise EditionError(f"the page-count message {pattern!r} needs {{pages}} once")
    content = _content(pattern, "{pages}", f"target-counter(url(#{END_ID}), page)")
    return f"span.{COUNT_CLASS}::before {{ content: {content}; }}"


@functools.cache
def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _chapter(page: BuiltPage, leave_out: tuple[str, ...]) -> Chapter:
    body = doc.article_of(page)
    body.tag = "div"
    body.attrib.clear()
    if leave_out:
        doc.drop_blocks(body, list(leave_out), f"extra.pdf.leave_out: {page.src}")
    doc.clean(body)
    return Chapter(page=page, id=f"chapter-{page.key}", body=body)


def assemble(
    *,
    language: str,
    pages: list[BuiltPage],
    front_pages: dict[str, BuiltPage],
    settings: Settings,
    site_url: str,
    words: Words,
    cover: dict,
    page_count: str,
) -> Edition:
    """The whole document of one language as HTML, with ``page_count`` in its colophon (any text:
    :data:`PAGE_COUNT_SLOT` leaves a place that :meth:`Edition.stating` fills)."""
    leave_out = dict(settings.leave_out)
    known = {page.src for page in pages}
    for src in [*leave_out, *settings.contents_without_sections]:
        if src not in known:
            raise EditionError(f"mkdocs.yml: extra.pdf names {src!r}, which is not a page of the nav")
    chapters = [_chapter(page, leave_out.get(page.src, ())) for page in pages if settings.in_pdf(page.src)]
    if not chapters:
        raise EditionError(f"{language}: no page of the nav is left for the PDF (extra.pdf.skip leaves out all)")
    front_parts = []
    for src, selectors in settings.front:
        if src not in front_pages:
            raise EditionError(f"mkdocs.yml: extra.pdf.front names {src!r}, which is not a page of the nav")
        page = front_pages[src]
        body = doc.select_blocks(doc.article_of(page), list(selectors), f"extra.pdf.front: {src}")
        doc.clean(body)
        front_parts.append((page, body))
    parts = [(c.page, c.body) for c in chapters] + front_parts
    reserved = {c.id for c in chapters} | {"contents", "cover", "front-matter", END_ID}
    links = doc.Links(site_url=site_url.rstrip("/") + "/")
    links.anchors = doc.unique_ids(parts, reserved)
    links.pages = {c.page.url: c.id for c in chapters}
    for page, body in parts:
        doc.rewrite_links(page, body, links)
    for chapter in chapters:
        chapter.headings = doc.headings(chapter.id, chapter.body)
    front_html = Markup("".join(doc.serialize(body) for _, body in front_parts))
    html = (
        _templates()
        .get_template("edition.html")
        .render(
            language=language,
            cover=cover,
            words=words,
            generated_css=Markup(cross_reference_css(words.cross_reference) + "\n" + page_count_css(words.page_count)),
            end_id=END_ID,
            front=Markup(page_count_text(front_html, page_count)),
            toc=[
                (level, target, text)
                for c in chapters
                for level, target, text in c.headings
                if level == 1 or c.page.src not in settings.contents_without_sections
            ],
            chapters=[(c.id, Markup(page_count_text(doc.serialize(c.body), page_count))) for c in chapters],
        )
    )
    return Edition(html=html, chapters=chapters)


def month_year(report: dict, babel_locale: str) -> str:
    """``Mai 2025`` / ``May 2025``: the edition's month, capitalised as it stands alone on the cover."""
    from babel.dates import format_date

    edition = report.get("edition_date")
    if edition is not None and not isinstance(edition, dt.date):
        edition = dt.date.fromisoformat(str(edition))
    if edition is None:
        edition = dt.date(int(report["year"]), int(report.get("month") or 1), 1)
    text = format_date(edition, format="LLLL y", locale=babel_locale)
    return text[:1].upper() + text[1:]


def cover_data(report: dict, language: str, date_text: str) -> dict:
    """What the cover and the document's metadata show, from data/report.yaml."""
    edition = report.get("edition_date")
    if edition is not None and not isinstance(edition, dt.date):
        edition = dt.date.fromisoformat(str(edition))
    partner = report.get("partner") or {}
    return {
        "title": report["title"][language],
        "subtitle": report["subtitle"][language],
        "report_type": report["report_type"][language],
        "date": date_text,
        "authors": [f"{a['given']} {a['family']}" for a in report["authors"]],
        "publisher": report["publisher"][language],
        "department": report["department"][language],
        "institution": report["institution"][language],
        "partner": (partner.get("statement") or {}).get(language, ""),
        "keywords": list((report.get("keywords") or {}).get(language, [])),
        "created": edition.isoformat() if edition else str(report["year"]),
    }
