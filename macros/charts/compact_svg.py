"""A rendered chart's SVG written shorter, drawing exactly the same picture.

Vega writes every presentation attribute on every mark: each axis label carries the font's
family, size and colour, each grid line its stroke, each mark ``opacity="1"``. Those
attributes are inherited in SVG (and in CSS), so a group whose children share a value can hold
it once. :func:`compact` moves such values up to the group, drops what restates a default or an
inherited value and Vega's names of its marks (``class="mark-text role-axis-label"``), and
removes the empty paths Vega writes for frames and axes that draw nothing. A chart's SVG is
inlined in every page that shows it, in two widths; this takes about two fifths off it. The
tests rasterise every chart of the report before and after and compare the pixels.

Kept apart from :mod:`macros.charts.rendering`, whose code is part of every chart's cache key:
a change here renders no chart again.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ElementTree
from collections import Counter

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


def _register_namespaces() -> None:
    # ElementTree keeps one process-wide map of prefixes. Another library may map "" to something
    # else after this module is imported (WeasyPrint's PDF metadata does), which would make the
    # output say "ns0:"; so the map is set again before every serialisation.
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)


_register_namespaces()

# Groups (and the root), which hold values for their children.
_HOLDERS = ("g", "svg")

# Properties that SVG 1.1 and CSS both define as inherited, so that a value on a group applies to
# every child without one of its own. Not here: opacity, transform, clip-path, display (not
# inherited), and dominant-baseline (inherited in CSS Inline 3 but not in SVG 1.1).
INHERITED = (
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "text-anchor",
)
# Paths Vega writes for a frame or axis with nothing to draw: no area and no stroke of their own.
_EMPTY_PATHS = ("", "M0,0h0v0h0Z")


class CompactError(ValueError):
    """The renderer's output is not well-formed SVG."""


@functools.lru_cache(maxsize=512)
def compact(svg: str) -> str:
    """``svg`` (one ``<svg>`` document, no XML declaration) with its shared attributes on groups.

    >>> print(compact('<svg><g><text fill="#444" text-anchor="middle" opacity="1">1</text>'
    ...     '<text fill="#444" text-anchor="end">2</text><text fill="#444" text-anchor="middle">3</text></g></svg>'))
    <svg><g fill="#444" text-anchor="middle"><text>1</text><text text-anchor="end">2</text><text>3</text></g></svg>

    A value some child does not set is not moved up: that child inherits its own from further up.

    >>> print(compact('<svg><g fill="none"><path d="M0,0h0v0h0Z"/><line stroke="#ddd" fill="none"/><line/></g></svg>'))
    <svg><g fill="none"><line stroke="#ddd"/><line/></g></svg>
    """
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as error:
        raise CompactError(f"the renderer's SVG is not well-formed XML: {error}") from error
    _drop_empty_paths(root)
    for element in root.iter():
        _simplify(element, root)
    _hoist(root)
    _register_namespaces()
    return ElementTree.tostring(root, encoding="unicode", short_empty_elements=True).replace(" />", "/>")


def _simplify(element: ElementTree.Element, root: ElementTree.Element) -> None:
    """Drop what restates a default or names nothing drawn."""
    if element.get("opacity") == "1":
        del element.attrib["opacity"]
    if element is not root:
        # Vega's names of its marks (mark-text, role-axis-label): no style sheet or script of the
        # site reads them in a static chart (the live charts are Vega's own drawing).
        element.attrib.pop("class", None)
    # (A text's translate(x,y) is not rewritten as its x and y: the rasterisers place the glyphs
    # a fraction of a pixel apart, which the tests see.)
    if element.get("transform") == "translate(0,0)":
        del element.attrib["transform"]


def _drop_empty_paths(parent: ElementTree.Element) -> None:
    for child in list(parent):
        if _name(child) == "path" and child.get("d", "") in _EMPTY_PATHS and not _paints(child):
            parent.remove(child)
        else:
            _drop_empty_paths(child)


def _name(element: ElementTree.Element) -> str:
    """The element's tag without its namespace."""
    return element.tag.rpartition("}")[2]


def _paints(path: ElementTree.Element) -> bool:
    """Whether a path sets a fill or stroke of its own (an empty one draws nothing without)."""
    return any(path.get(name) not in (None, "none", "transparent") for name in ("fill", "stroke"))


def _hoist(group: ElementTree.Element) -> None:
    """Move the values the children of ``group`` share (the most common one) onto it, depth first."""
    children = list(group)
    for child in children:
        _hoist(child)
    if not children:
        return
    for name in INHERITED:
        values = [child.get(name) for child in children]
        value = group.get(name)
        if value is None:
            if None in values:
                continue  # a child without the value inherits another one from further up
            if _name(group) not in _HOLDERS:
                continue
            value, count = Counter(v for v in values if v is not None).most_common(1)[0]
            if count < 2:
                continue
            group.set(name, value)
        for child in children:
            if child.get(name) == value:
                del child.attrib[name]
