"""Charts' inline SVG kept out of the way until the page is written, then put back.

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

The held SVGs are kept in the build's context (``BuildContext.held``), under the hash of their
text; a comment whose SVG is not there is left as it is. A context whose ``held`` is None (no
MkDocs config to register the event with: a test's hand-made build) holds nothing.
"""

from __future__ import annotations

import hashlib
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
