"""Charts' inline SVG, and whole blocks of a macro's HTML, kept out of Markdown's way, then put back.

Markdown reads every raw HTML block of a page with Python's HTML parser twice (MkDocs looks for
anchors in it; md_in_html for Markdown inside it), the search plugin parses the page's HTML once
more to index it, and the hooks that correct and compact a page (hooks/valid_html.py,
hooks/compact_html.py) scan all of it. A chart's SVG is about 40 % of the HTML the macros write
and holds no anchor, no Markdown, no text the search index keeps (a figure's chart is outside
the index) and nothing those hooks change. So what a macro returns has each chart (an
``<svg role="img">`` of :data:`MIN_HELD` characters or more, as
:func:`macros.charts.rendering.page_svg` writes them) replaced by a short comment
(:func:`hold`), and the engine's ``on_post_page`` event (``_engine_events`` in
macros/__init__.py, run after every hook) puts each chart back where its comment is
(:func:`restore`). The page's HTML is the same, byte for byte, as without this:
tests/test_held_markup.py has Markdown, with the report's extensions, make built pages both
ways, and the tests of the search index read the published index.

The same is done, one step earlier, with a macro's whole output when it is one HTML element
from its start tag to its end tag (a figure, a table, a finding's box: :func:`hold_block`) and
it stands apart in the page's Markdown, with a blank line (or the page's start or end) on each
side: that is where Markdown takes HTML as a raw block and passes it through as it is
(:func:`settle_blocks`, run when a page's macros are done, gives every other output back to the
Markdown, to be read as before). Such a block needs none of Markdown's reading either;
only MkDocs's list of the page's anchors (its ``id`` attributes), which a link to ``page#id`` is
checked against, comes from that reading. The engine's ``on_page_content`` event, first of all
(before the search index, the hooks and the other plugins see the page), puts each block back
(:func:`restore_blocks`) and adds its anchors to the page's. An output with Markdown in it (text
beside the element, or a ``markdown`` attribute that asks md_in_html to read inside) is left to
Markdown.

The held SVGs and blocks are kept in the build's context (``BuildContext.held``), under the hash
of their text; a comment whose text is not there is left as it is. A context whose ``held`` is
None (no MkDocs config to register the events with: a test's hand-made build) holds nothing.
"""

from __future__ import annotations

import hashlib
import html as html_text
import re

from markupsafe import Markup

MIN_HELD = 1000  # characters; a smaller SVG costs Markdown less than the look-up
PLACEHOLDER = "<!--held-svg:{}-->"
_PLACEHOLDER = re.compile(r"<!--held-svg:([0-9a-f]{24})-->")
# A chart: the root of page_svg's output has role="img"; no SVG is nested in it.
_CHART = re.compile(r'<svg\b[^>]*\srole="img"[^>]*>.*?</svg>', re.S)


def hold(html: str, held: dict[str, str]) -> str:
    """``html`` with each chart replaced by a placeholder, the chart kept in ``held``.

    >>> store = {}
    >>> chart = '<svg role="img" width="4">' + "<g/>" * 300 + "</svg>"
    >>> out = hold(Markup(f"<figure>{chart}<svg><g/></svg></figure>"), store)
    >>> type(out).__name__, len(out), list(store.values()) == [chart]
    ('Markup', 72, True)
    >>> restore(out, store) == f"<figure>{chart}<svg><g/></svg></figure>"
    True
    """
    if "<svg" not in html:
        return html

    def placeholder(match: re.Match) -> str:
        svg = match.group(0)
        if len(svg) < MIN_HELD or svg.count("<svg") > 1:
            return svg
        key = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:24]
        held[key] = svg
        return PLACEHOLDER.format(key)

    text = _CHART.sub(placeholder, html)
    return Markup(text) if isinstance(html, Markup) else text


def restore(html: str, held: dict[str, str]) -> str:
    """``html`` with each placeholder replaced by its chart (one not in ``held`` is left)."""
    if "<!--held-svg:" not in html:
        return html
    return _PLACEHOLDER.sub(lambda match: held.get(match.group(1), match.group(0)), html)


BLOCK_PLACEHOLDER = "<!--held-block:{}-->"
_BLOCK_PLACEHOLDER = re.compile(r"<!--held-block:([0-9a-f]{24})-->")
# Elements Markdown takes as a raw block when one starts a line (a subset of its block-level
# list; not <pre>, <script> or <style>, whose content Markdown treats apart).
_BLOCK_START = re.compile(
    r"<(figure|div|table|section|details|aside|nav|ol|ul|dl|blockquote|p)(?=[\s>])"
    r"(?:[^>]*?( markdown=\"0\")(?=[\s>/]))?"
)
# A blank line (or the line's own start after one) just before a placeholder; one just after.
_BLANK_LINE_END = re.compile(r"\n[ \t]*\n\Z")
_BLANK_LINE_START = re.compile(r"[ \t]*\n[ \t]*\n")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown\b")
# The anchors MkDocs finds in raw HTML: every id, and the name of an <a>.
_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")
_A_NAME = re.compile(r"""<a\s[^>]*?\bname=(?:"([^"]*)"|'([^']*)')""")


def _one_element(html: str, name: str) -> bool:
    """Whether ``html`` (which starts with a ``<name`` tag) ends where that element ends."""
    depth = 0
    end = len(html.rstrip())
    for match in re.finditer(rf"<(/?){name}[\s>/]", html):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.find(">", match.start()) + 1 == end
    return False


def hold_block(html: str, held: dict[str, str]) -> str:
    """``html`` replaced by a placeholder (the block kept in ``held``) when it is one element from
    start to end with no Markdown in it; otherwise ``html`` as it is. White space after the
    element stays, as Markdown would have seen it.

    >>> store = {}
    >>> block = '<figure id="f-1"><p>a</p></figure>'
    >>> out = hold_block(block + "\\n", store)
    >>> out == "<!--held-block:" + next(iter(store)) + "-->\\n", restore_blocks(out, store) == block + "\\n"
    (True, True)
    >>> [hold_block(t, {}) == t for t in ('<p>a</p> and text', '<div markdown>*a*</div>', '<div>a</div><div>b</div>')]
    [True, True, True]
    """
    text = str(html)  # str: Markup would escape the comment put in
    body = text.lstrip()
    start = _BLOCK_START.match(body)
    if start is None:
        return html
    # markdown="0" on the element itself asks md_in_html to leave its content alone (it stays in
    # the page as written; hooks/valid_html.py takes it out). Any other is Markdown's to read.
    rest = body[: start.start(2)] + body[start.end(2) :] if start.group(2) else body
    if _MARKDOWN_ATTRIBUTE.search(rest) or not _one_element(body, start.group(1)):
        return html
    block = body.rstrip()
    key = hashlib.sha256(block.encode("utf-8")).hexdigest()[:24]
    held[key] = block
    lead = text[: len(text) - len(text.lstrip())]
    trail = body[len(block) :]
    out = lead + BLOCK_PLACEHOLDER.format(key) + trail
    return Markup(out) if isinstance(html, Markup) else out


def settle_blocks(markdown: str, held: dict[str, str]) -> str:
    """``markdown`` (a page's, its macros done) with each held block that does not stand apart,
    with a blank line or the page's edge before and after its line, put back as its HTML.

    >>> store = {}
    >>> out = hold_block("<div>a</div>", store)
    >>> settle_blocks(f"Text\\n\\n{out}\\n\\nText", store) == f"Text\\n\\n{out}\\n\\nText"
    True
    >>> settle_blocks(f"Text\\n{out}", store), settle_blocks(f"Text {out}", store), settle_blocks(f"    {out}", store)
    ('Text\\n<div>a</div>', 'Text <div>a</div>', '    <div>a</div>')
    """
    if "<!--held-block:" not in markdown:
        return markdown

    def settled(match: re.Match[str]) -> str:
        before = markdown[: match.start()]
        after = markdown[match.end() :]
        at_line_start = not before or before.endswith("\n")
        apart_before = at_line_start and (not before.strip() or _BLANK_LINE_END.search(before) is not None)
        apart_after = not after.strip() or _BLANK_LINE_START.match(after) is not None
        if apart_before and apart_after:
            return match.group(0)
        return held.get(match.group(1), match.group(0))

    return _BLOCK_PLACEHOLDER.sub(settled, markdown)


def anchors(block: str) -> set[str]:
    """The anchors of ``block`` as MkDocs reads them from raw HTML (an ``id``, an ``<a name>``).

    >>> sorted(anchors("<div id='a&amp;b'><a href='#x' name='n'></a><p data-id='no' id='c'></p></div>"))
    ['a&b', 'c', 'n']
    """
    found = set()
    for pattern in (_ID, _A_NAME):
        for double, single in pattern.findall(block):
            found.add(html_text.unescape(double or single))
    return found


def restore_blocks(html: str, held: dict[str, str], page_anchors: set[str] | None = None) -> str:
    """``html`` with each block placeholder replaced by its block (one not in ``held`` is left);
    the blocks' anchors are added to ``page_anchors``."""
    if "<!--held-block:" not in html:
        return html

    def block(match: re.Match[str]) -> str:
        text = held.get(match.group(1))
        if text is None:
            return match.group(0)
        if page_anchors is not None:
            page_anchors.update(anchors(text))
        return text

    return _BLOCK_PLACEHOLDER.sub(block, html)
