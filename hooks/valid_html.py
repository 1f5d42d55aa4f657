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


def fix(html: str) -> str:
    """The page with both corrections.

    >>> fix('<input class="t" type="checkbox" id="a" autocomplete="off"><label for="a">A</label>')
    '<input class="t" type="checkbox" id="a"><label for="a">A</label>'
    >>> fix('<label class="md-nav__title" for="__toc">Indhold</label>')
    '<label class="md-nav__title">Indhold</label>'
    >>> fix('<input type="text" autocomplete="off">')
    '<input type="text" autocomplete="off">'
    """
    html = _CHECKBOX.sub(lambda match: _AUTOCOMPLETE.sub("", match.group(0)), html)
    ids = set(re.findall(r'\bid="([^"]+)"', html))

    def label(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2) in ids else match.group(1)

    return _LABEL_FOR.sub(label, html)


def on_post_page(output: str, page, config) -> str:
    return fix(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    # Static templates such as 404.html.
    return fix(output_content)
