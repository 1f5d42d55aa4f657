"""A MkDocs hook: every built page without the indentation between its tags (the same page to a
reader, about a tenth lighter): see :mod:`macros.html.whitespace`.

It runs after every other hook and plugin has written into the page (lowest priority), on the
pages of the nav, the generated figure and table pages, and the static templates (404.html).
Registered in mkdocs.yml's ``hooks``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.html.whitespace import collapse  # noqa: E402


@event_priority(-1000)
def on_post_page(output: str, page, config) -> str:
    return collapse(output)


@event_priority(-1000)
def on_post_template(output_content: str, template_name: str, config) -> str:
    # HTML only: sitemap.xml is another template, read by programs that care for its text alone.
    return collapse(output_content) if template_name.endswith(".html") else output_content
