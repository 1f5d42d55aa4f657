"""Two corrections to Material's HTML, so every page is valid HTML (tests/test_html.py).

- Material writes `autocomplete="off"` on its checkbox toggles (drawer, search). HTML allows
  `autocomplete` on text-like inputs only; on a checkbox it is an error. Firefox reads it to
  not restore a toggle's state when a page is reloaded; without it a reload may come back
  with the drawer as it was, which Material handles as a normal open drawer.
- Material's table of contents starts with `<label for="__toc">`, the control that folds it
  on small screens. The control itself (`<input id="__toc">`) is written only in the
  navigation item of the current page, so on a page that is not in the navigation (every
  finding page) the label points at nothing. There it loses its `for`, and stays a title.
"""

from __future__ import annotations

import re

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
_LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
# md_in_html's switch (markdown="0") left on a raw HTML block that Python-Markdown passed through.
_MARKDOWN_ATTRIBUTE = re.compile(r'(<div\b[^>]*?)\s+markdown="[^"]*"')


def fix(html: str) -> str:
    """The page with both corrections.

    >>> fix('<input class="t" type="checkbox" id="a" autocomplete="off"><label for="a">A</label>')
    '<input class="t" type="checkbox" id="a"><label for="a">A</label>'
    >>> fix('<label class="md-nav__title" for="__toc">Indhold</label>')
    '<label class="md-nav__title">Indhold</label>'
    >>> fix('<input type="text" autocomplete="off">')
    '<input type="text" autocomplete="off">'
    >>> fix('<div class="report-table" id="t" markdown="0"></div>')
    '<div class="report-table" id="t"></div>'
    """
    html = _CHECKBOX.sub(lambda match: _AUTOCOMPLETE.sub("", match.group(0)), html)
    found: dict[str, bool] = {}

    def label(match: re.Match[str]) -> str:
        target = match.group(2)
        if target not in found:
            found[target] = _has_id(html, target)
        return match.group(0) if found[target] else match.group(1)

    html = _MARKDOWN_ATTRIBUTE.sub(r"\1", html)
    return _LABEL_FOR.sub(label, html)


def _has_id(html: str, target: str) -> bool:
    """Whether an element of ``html`` has the id ``target`` (an ``id="target"`` that does not end
    a longer attribute name): a page has a few labels, and looking up each is quicker than
    collecting every id of the page.

    >>> _has_id('<a id="x"></a>', "x"), _has_id('<a pid="x"></a>', "x"), _has_id('<a data-id="x"></a>', "x")
    (True, False, True)
    """
    needle = f'id="{target}"'
    start = html.find(needle)
    while start >= 0:
        before = html[start - 1] if start else " "
        if not (before.isalnum() or before == "_"):
            return True
        start = html.find(needle, start + 1)
    return False


def on_post_page(output: str, page, config) -> str:
    return fix(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    # Static templates such as 404.html.
    return fix(output_content)
