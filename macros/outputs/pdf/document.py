"""The PDF edition's document: the built pages of one language, assembled into one HTML file.

Each page's article is taken from the built site (so the PDF shows exactly what the site
shows: the same numbers, tables, charts and notes), cleaned of what only works on a screen,
and given ids that are unique in the whole document. Links are rewritten: a link to a page or
anchor that is in the PDF becomes an internal link (and a cross-reference gets the page
number it lands on, see ``edition.css``); a link to a page that is not (a finding page, a
download) becomes the full address of the published site.

Plain Python over ElementTree (parsed with tinyhtml5, WeasyPrint's own HTML parser); no MkDocs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import tinyhtml5  # type: ignore[import-untyped]  # WeasyPrint's parser; no type hints

SVG = "http://www.w3.org/2000/svg"
_NAMESPACE_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink",
    "http://www.w3.org/2000/xmlns/": "xmlns",
    "http://www.w3.org/XML/1998/namespace": "xml",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW_TEXT = {"style", "script"}

# What only works on a screen, by the engine's own markup (tag, class): left out of the PDF.
# Any element of class ``web-only`` (e.g. ``{.web-only}`` in a page's Markdown) is left out too.
WEB_ONLY_CLASS = "web-only"
WEB_ONLY = (
    ("a", "headerlink"),  # the ¶ permalink after each heading
    ("div", "report-downloads"),  # a figure's CSV/SVG/PNG downloads
    ("details", "report-figure__table"),  # a figure's numbers behind a toggle (the chart is printed)
    ("svg", "report-chart__svg--narrow"),  # the phone-width copy of each chart
    ("p", "finding-link"),  # links to the finding pages, which are web pages only
    ("button", "copy-button"),
    ("pre", "citation-bibtex"),  # BibTeX is for copying from the web page; the PDF cites in APA
)
# Decorative glyphs (aria-hidden) the site font lacks, drawn by the PDF style sheet instead, so
# that no fallback font is needed: glyph -> class of the empty element that replaces it.
DRAWN_GLYPHS = {"\u25cb": "pdf-circle"}
# Elements whose links are not cross-references (no page number after them).
_NO_PAGE_REFERENCE = {"sup"}
# The element at the very end of the edition (templates/edition.html): the page it lands on is the
# last, so its page number is the count, for a document that counts its own pages.
END_ID = "pdf-end"


class EditionError(ValueError):
    """A page or setting the PDF edition cannot be assembled from."""


# --- HTML in and out ----------------------------------------------------------------------------


def parse(html: str) -> ET.Element:
    """A whole HTML document as an element tree (HTML tags bare, SVG tags namespaced)."""
    return tinyhtml5.parse(html, namespace_html_elements=False)


def _name(tag: str) -> str:
    if tag.startswith("{"):
        namespace, local = tag[1:].split("}", 1)
        prefix = _NAMESPACE_PREFIXES.get(namespace)
        return f"{prefix}:{local}" if prefix else local
    return tag


def serialize(element: ET.Element, with_tail: bool = False) -> str:
    """An element as HTML text (SVG inside stays SVG; HTML's parser reads it back the same)."""
    out: list[str] = []
    _serialize(element, out, in_svg=False)
    if with_tail and element.tail:
        out.append(escape(element.tail, quote=False))
    return "".join(out)


def _serialize(element: ET.Element, out: list[str], in_svg: bool) -> None:
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction
        return
    in_svg = in_svg or tag.startswith(f"{{{SVG}}}")
    name = _name(tag)
    attributes = "".join(f' {_name(key)}="{escape(value, quote=True)}"' for key, value in element.attrib.items())
    out.append(f"<{name}{attributes}>")
    if name in _VOID and not in_svg:
        return
    if element.text:
        out.append(element.text if name in _RAW_TEXT and not in_svg else escape(element.text, quote=False))
    for child in element:
        _serialize(child, out, in_svg)
        if child.tail:
            out.append(escape(child.tail, quote=False))
    out.append(f"</{name}>")


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def add_class(element: ET.Element, name: str) -> None:
    element.set("class", " ".join(sorted(classes(element) | {name})))


def local_name(element: ET.Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child`` and keep the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _is_web_only(element: ET.Element) -> bool:
    names = classes(element)
    if WEB_ONLY_CLASS in names:
        return True
    return any(local_name(element) == tag and css_class in names for tag, css_class in WEB_ONLY)


# Blocks that go with their web-only content when nothing but their label would be left (a
# citation's "BibTeX" label with its entry and copy button).
_GO_WITH_CONTENT = (("div", "citation-block", "citation-label"),)


def _goes_with(parent: ET.Element) -> bool:
    for tag, css_class, label in _GO_WITH_CONTENT:
        if local_name(parent) == tag and css_class in classes(parent):
            return all(_is_web_only(child) or label in classes(child) for child in parent)
    return False


def drop_web_only(root: ET.Element) -> None:
    parents = _parents(root)
    for element in [e for e in root.iter() if _is_web_only(e)]:
        parent = parents.get(element)
        if parent is None or element not in list(parent):
            continue
        if parent in parents and _goes_with(parent) and parent in list(parents[parent]):
            _remove(parents[parent], parent)
        else:
            _remove(parent, element)


# --- pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltPage:
    """A page of the built site: its source (below docs/<language>/), address and file."""

    src: str  # "results.md"
    url: str  # below the site root: "results/", "en/results/"
    file: Path

    @property
    def key(self) -> str:
        """``results``, ``findings-index``: the page's name inside the document."""
        return re.sub(r"[^\w-]+", "-", str(PurePosixPath(self.src).with_suffix(""))).strip("-")


@dataclass
class Chapter:
    """One page of the site as a part of the document."""

    page: BuiltPage
    id: str
    body: ET.Element  # the article, cleaned
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)

    @property
    def title(self) -> str:
        return next((text for level, _, text in self.headings if level == 1), "")


def article_of(page: BuiltPage) -> ET.Element:
    """The page's content (Material's ``<article class="md-content__inner">``)."""
    if not page.file.is_file():
        raise EditionError(f"{page.src}: the built page {page.file} is missing; the PDF edition is made from it")
    root = parse(page.file.read_text(encoding="utf-8"))
    for element in root.iter("article"):
        if "md-content__inner" in classes(element):
            return element
    raise EditionError(f'{page.src}: {page.file} has no <article class="md-content__inner">')


def _matching(article: ET.Element, selectors: list[str], where: str) -> list[ET.Element]:
    """The top-level blocks of a page that ``selectors`` name, in the page's order.

    ``#id`` is the section a heading with that id opens (the heading and what follows it up to
    the next heading of the same or a higher level); ``.class`` is every top-level block of that
    class.
    """
    children = list(article)
    keep: set[int] = set()
    for selector in selectors:
        found = False
        if selector.startswith("#"):
            for index, child in enumerate(children):
                if child.get("id") == selector[1:] and re.fullmatch(r"h[1-6]", local_name(child)):
                    level = int(local_name(child)[1])
                    keep.add(index)
                    for later in range(index + 1, len(children)):
                        name = local_name(children[later])
                        if re.fullmatch(r"h[1-6]", name) and int(name[1]) <= level:
                            break
                        keep.add(later)
                    found = True
        elif selector.startswith("."):
            for index, child in enumerate(children):
                if selector[1:] in classes(child):
                    keep.add(index)
                    found = True
        else:
            raise EditionError(f"{where}: {selector!r} is not a selector; expected '#<heading id>' or '.<class>'")
        if not found:
            raise EditionError(f"{where}: nothing on the page matches {selector!r}")
    return [children[index] for index in sorted(keep)]


def select_blocks(article: ET.Element, selectors: list[str], where: str) -> ET.Element:
    """The parts of a page named by ``selectors`` (see :func:`_matching`), as one ``<div>``."""
    block = ET.Element("div")
    for child in _matching(article, selectors, where):
        block.append(child)
    return block


def drop_blocks(article: ET.Element, selectors: list[str], where: str) -> None:
    """Leave out the parts of a page named by ``selectors`` (see :func:`_matching`)."""
    for child in _matching(article, selectors, where):
        _remove(article, child)


# Blocks with a note (a figure, a table) and the note (tag, class): an editorial marker that
# stands alone right after such a block is about it and goes to the end of its note.
_NOTED_BLOCKS = (("figure", "report-figure"), ("div", "report-table"))
_NOTE = ("p", "report-note")
_MARKER = ("sup", "editorial-marker")


def _is(element: ET.Element, kind: tuple[str, str]) -> bool:
    return local_name(element) == kind[0] and kind[1] in classes(element)


def _lone_marker(element: ET.Element) -> ET.Element | None:
    """The marker of a paragraph that holds nothing but one editorial marker."""
    children = list(element)
    if local_name(element) != "p" or len(children) != 1 or not _is(children[0], _MARKER):
        return None
    if (element.text or "").strip() or (children[0].tail or "").strip():
        return None
    return children[0]


# A paragraph of one editorial marker that stays one (after a block without a note): kept on
# the page of what it is about (edition.css).
LONE_MARKER_CLASS = "pdf-lone-marker"


def markers_to_notes(root: ET.Element) -> None:
    """A paragraph of one editorial marker after a figure or table: the marker ends the block's
    note instead (on paper it would stand alone below the figure, or on the next page). Any
    other such paragraph is marked :data:`LONE_MARKER_CLASS`."""
    for parent in list(root.iter()):
        children = list(parent)
        for block, after in pairwise(children):
            marker = _lone_marker(after)
            if marker is None:
                continue
            notes = [e for e in block.iter() if _is(e, _NOTE)] if any(_is(block, k) for k in _NOTED_BLOCKS) else []
            if not notes:
                add_class(after, LONE_MARKER_CLASS)
                continue
            after.remove(marker)
            marker.tail = None
            note = notes[-1]
            if len(note):
                note[-1].tail = (note[-1].tail or "").rstrip() + " "
            else:
                note.text = (note.text or "").rstrip() + " "
            note.append(marker)
            _remove(parent, after)


def clean(body: ET.Element) -> None:
    """Leave out what only works on a screen; prepare charts and glyphs for paper."""
    drop_web_only(body)
    markers_to_notes(body)
    for svg in body.iter(f"{{{SVG}}}svg"):
        # The PDF's alternative text of a chart is its <title> (WeasyPrint's rule): the title
        # and the description (which lists the chart's values) together.
        title = svg.find(f"{{{SVG}}}title")
        desc = svg.find(f"{{{SVG}}}desc")
        if title is not None and desc is not None and desc.text:
            title.text = f"{(title.text or '').rstrip('.')}. {desc.text}"
        for attribute in ("aria-labelledby", "focusable", "role"):
            svg.attrib.pop(attribute, None)
    for element in body.iter("a"):
        if "report-label" in classes(element):
            # A caption's number links to the block's own web page; on paper it is the number.
            element.tag = "span"
            element.attrib.pop("href", None)
    for element in body.iter():
        glyph = (element.text or "").strip()
        if element.get("aria-hidden") == "true" and glyph in DRAWN_GLYPHS:
            add_class(element, DRAWN_GLYPHS[glyph])
            element.text = ""


# --- ids and links ------------------------------------------------------------------------------


def _html_ids(body: ET.Element):
    """Elements with an id outside SVG drawings (a chart's ids are already unique per figure)."""
    stack = [body]
    while stack:
        element = stack.pop()
        if isinstance(element.tag, str) and element.tag.startswith(f"{{{SVG}}}"):
            continue
        if element.get("id"):
            yield element
        stack.extend(reversed(list(element)))


@dataclass
class Links:
    """Where each page and anchor of the included pages is in the document."""

    site_url: str
    pages: dict[str, str] = field(default_factory=dict)  # page url -> chapter id
    anchors: dict[tuple[str, str], str] = field(default_factory=dict)  # (page url, id) -> id in the document

    def target(self, url: str) -> str | None:
        """The internal target (``#id``) of an absolute URL, or None when it is not in the PDF."""
        if not url.startswith(self.site_url):
            return None
        parts = urlsplit(url)
        path = unquote(parts.path)[len(urlsplit(self.site_url).path) :]
        path = re.sub(r"(^|/)index\.html$", r"\1", path)
        fragment = unquote(parts.fragment)
        if fragment and (path, fragment) in self.anchors:
            return "#" + self.anchors[(path, fragment)]
        if path in self.pages:
            return "#" + self.pages[path]
        return None


def unique_ids(parts: list[tuple[BuiltPage, ET.Element]], reserved: set[str]) -> dict[tuple[str, str], str]:
    """(page url, id) -> an id unique in the document: kept when only one page uses it."""
    seen: dict[str, int] = {}
    for _, body in parts:
        for element in _html_ids(body):
            seen[element.get("id")] = seen.get(element.get("id"), 0) + 1
    mapping = {}
    for page, body in parts:
        for element in _html_ids(body):
            old = element.get("id")
            new = old if seen[old] == 1 and old not in reserved else f"{page.key}--{old}"
            element.set("id", new)
            mapping[(page.url, old)] = new
    return mapping


def rewrite_links(page: BuiltPage, body: ET.Element, links: Links) -> None:
    """Internal links to what is in the PDF, full addresses to the rest of the site."""
    parents = _parents(body)
    for anchor in body.iter("a"):
        href = anchor.get("href")
        if not href or href.lower().startswith(("mailto:", "tel:", "data:")):
            continue
        absolute = urljoin(links.site_url + page.url, href)
        target = links.target(absolute)
        if target is None:
            anchor.set("href", absolute)
            anchor.attrib.pop("download", None)
            continue
        anchor.set("href", target)
        if not _inside(anchor, parents, _NO_PAGE_REFERENCE):
            add_class(anchor, "pdf-xref")


def _inside(element: ET.Element, parents: dict, tags: set[str]) -> bool:
    while element in parents:
        element = parents[element]
        if local_name(element) in tags:
            return True
    return False


def headings(chapter_id: str, body: ET.Element) -> list[tuple[int, str, str]]:
    """(level, id, text) of the h1 and h2 headings; a heading without an id gets one."""
    found = []
    for number, element in enumerate(e for e in body.iter() if local_name(e) in ("h1", "h2")):
        heading_id = element.get("id") or f"{chapter_id}-heading-{number}"
        element.set("id", heading_id)
        found.append((int(local_name(element)[1]), heading_id, text_of(element)))
    return found
