"""A built page without the indentation between its tags, rendered exactly the same.

Material's templates indent their HTML; across a page, runs of spaces and newlines between two
tags are about a tenth of it. Outside preformatted text, a browser (and WeasyPrint) renders any
run of white space as one space at most, so :func:`collapse` writes each such run as one
character: a newline if the run had one (so that lines stay lines for a reader of the source), a
space otherwise. Where white space is content, it is left as written: ``<pre>``, ``<textarea>``,
``<script>`` and ``<style>``, and ``<code>`` and ``<kbd>`` (which Material's style sheet sets
``white-space: pre-wrap``), with anything inside them; so is white space next to text.
"""

from __future__ import annotations

import re

# An element whose content is kept as written, up to its own end tag (none of them holds another
# of its kind; a <code> inside a <pre> is inside the <pre>'s match), or a run of white space
# between two tags (the tag before it may end a kept element).
_KEPT_OR_RUN = re.compile(
    r"(<(pre|textarea|script|style|code|kbd)\b.*?</\2\s*>)|(?<=>)[ \t\r\n\f]{2,}(?=<)", re.S | re.I
)


def _one(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)
    return "\n" if "\n" in match.group(0) else " "


def collapse(html: str) -> str:
    """``html`` with each run of white space between two tags written as one character.

    >>> collapse('<ul>\\n    <li>a</li>\\n    <li>b</li>  <li>c</li>\\n</ul>')
    '<ul>\\n<li>a</li>\\n<li>b</li> <li>c</li>\\n</ul>'
    >>> collapse('<pre><code>x\\n\\n    y</code></pre>\\n\\n  <p>  z  </p>')
    '<pre><code>x\\n\\n    y</code></pre>\\n<p>  z  </p>'
    >>> collapse('<script>if (a >\\n   <b) {}</script>')
    '<script>if (a >\\n   <b) {}</script>'
    """
    return _KEPT_OR_RUN.sub(_one, html)
