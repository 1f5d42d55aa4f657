"""HTML: the one path from the engine's view models to markup.

Every piece of HTML the engine writes comes from a Jinja2 template in ``macros/html/templates/``,
rendered by :func:`render` with autoescaping, so a string from a message catalog, report.yaml,
a YAML title or the codebook is escaped wherever it lands. A fragment that is already markup
(a rendered template, a catalog message filled by :func:`message`) is a :class:`Markup` and is
inserted as it is; anything else is text.

- :func:`message`: a catalog message as markup: the translation is escaped, then its
  placeholders are filled with escaped values (or with markup, e.g. an ``<em>`` question).
- :func:`safe_url`: a URL from data checked against :data:`ALLOWED_SCHEMES` (a ``javascript:``
  address is an authoring error naming the file and key); templates pass every ``href`` through
  the ``href`` filter, which applies the same check.

Templates are written for people: one tag per line, indented. The loader joins the lines of a
template (a line break and the indentation after it are dropped), so the HTML comes out on one
line, as Markdown needs raw HTML blocks to be (a blank line would end the block); a space that
matters between two inline elements is written explicitly.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from macros.model.errors import ReportError

TEMPLATES = Path(__file__).resolve().parent / "templates"
ALLOWED_SCHEMES = ("https", "http", "mailto")
# What a browser ignores inside a URL (and an attacker uses to hide a scheme: "java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_JOIN_LINES = re.compile(r"\n[ \t]*")

__all__ = ["Cell", "Markup", "UnsafeURLError", "esc", "message", "render", "safe_url"]


class UnsafeURLError(ReportError, ValueError):
    """A URL from the report's files whose scheme a page must not link to."""

    def __init__(self, url: str, file: str, key: str):
        expected = f"an address starting with {', '.join(s + ':' for s in ALLOWED_SCHEMES)} or a relative link"
        super().__init__(file=file, place=key, value=url, expected=expected)
        self.url, self.key = url, key


def safe_url(url: object, file: str = "a page", key: str = "a link") -> str:
    """``url`` unchanged if its scheme is allowed (or it is relative); else :class:`UnsafeURLError`.

    >>> safe_url("https://example.org/a.pdf"), safe_url("../downloads/x.csv"), safe_url("#top")
    ('https://example.org/a.pdf', '../downloads/x.csv', '#top')
    >>> try:
    ...     safe_url(" Java\\tScript:alert(1)", "data/report.yaml", "pdf_url")
    ... except UnsafeURLError as error:
    ...     print(error.file, error.key)
    data/report.yaml pdf_url
    """
    text = str(url)
    cleaned = _URL_NOISE.sub("", text)
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
    # "c:" is how urlsplit reads "c:/x"; a one-letter scheme is no scheme a browser runs either.
    if scheme and scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(text, file, key)
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        raise UnsafeURLError(text, file, key)  # protocol-relative: another host
    return text


def slug(text: object) -> str:
    """An id as part of an HTML id or a file name: lower case, runs of other characters as one hyphen.

    >>> slug("1.3"), slug("Results by region"), slug("open.wishes")
    ('1-3', 'results-by-region', 'open-wishes')
    """
    return re.sub(r"[^0-9a-z]+", "-", str(text).lower()).strip("-") or "x"


def esc(text: object) -> Markup:
    """Text as HTML (markup passes unchanged)."""
    return escape(text)


@dataclass(frozen=True)
class Cell:
    """One cell of a data table: its text, and whether it is a number (right-aligned)."""

    text: str
    numeric: bool = True
    note: str = ""  # e.g. why a cell is suppressed (its title)


class _JoinedLinesLoader(FileSystemLoader):
    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return _JOIN_LINES.sub("", source).strip(), filename, uptodate


@functools.cache
def environment() -> Environment:
    from macros.html.compiled import bytecode_cache

    env = Environment(
        loader=_JoinedLinesLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        bytecode_cache=bytecode_cache(),  # a warm build compiles no template (macros/html/compiled.py)
    )
    env.filters["href"] = safe_url
    return env


def render(template: str, **context) -> Markup:
    """The HTML of one template (``macros/html/templates/<template>``), every value escaped."""
    return Markup(environment().get_template(template).render(**context))


def message(language: str, key: str, **values) -> Markup:
    """A catalog message as HTML: its text escaped, then its placeholders filled with escaped
    values (a :class:`Markup` value, such as an emphasised question, is inserted as markup).

    The catalog fills the message as always (report facts such as {population} included), with
    a token for each value; the text is escaped, and the tokens become the escaped values.
    """
    from macros.text import catalog

    tokens = {name: f"\x00{index}\x00" for index, name in enumerate(values)}
    text = str(escape(catalog.text(language, key, **tokens)))
    for name, token in tokens.items():
        text = text.replace(token, str(escape(values[name])))
    return Markup(text)


def suppressed(language: str, min_cell: int) -> Markup:
    """A number that is not published in prose: "–", with the reason as its title."""
    from macros.text import formatting

    note = message(language, "note.suppressed", min_cell=formatting.integer(min_cell, language))
    return render("suppressed.html", note=note)


def emphasis(text: str) -> Markup:
    return render("emphasis.html", text=text)


def data_table(
    header: list[str],
    rows: list[tuple[str, list[Cell]]],
    caption: str | None = None,
    css_class: str = "report-table__grid",
) -> Markup:
    """An accessible table: column headers with scope=col, one row header per row (scope=row)."""
    return render("data_table.html", header=header, rows=rows, caption=caption, css_class=css_class)


def scroll_region(inner: str, label: str) -> Markup:
    """Wide tables scroll inside their own box (keyboard focusable), never the page."""
    if not isinstance(inner, Markup):
        raise TypeError("scroll_region() takes rendered markup (a Markup), not a string")
    return render("scroll_region.html", inner=inner, label=label)


_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|(?<![\w*])\*(?P<italic>[^\s*](?:.*?[^\s*])?)\*(?![\w*])|<(?P<url>https?://[^\s>]+)>"
)


def inline_markdown(text: str) -> Markup:
    """A registry text that may quote *italics*, **bold** and <https://...> links, as escaped HTML."""
    segments, position = [], 0
    for match in _INLINE.finditer(text):
        segments.append(("text", text[position : match.start()]))
        kind = match.lastgroup or "text"
        segments.append((kind, match.group(kind)))
        position = match.end()
    segments.append(("text", text[position:]))
    return render("inline.html", segments=segments)
