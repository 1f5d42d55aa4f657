"""A MkDocs hook that saves every page's final Markdown (after the macros and the other hooks).

Used by tools/benchmark.py to build the "plain floor": the same pages, built by Material, the
i18n plugin and search alone. Registered by the benchmark's own config file (never by
mkdocs.yml); the folder comes from ``REPORT_CAPTURE_DIR``. Each page is written to
``<folder>/<src_uri>`` (with the folder structure of the i18n plugin, ``<language>/<path>``).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority

CAPTURE_ENV = "REPORT_CAPTURE_DIR"


def _with_charts(markdown: str) -> str:
    """The Markdown with the blocks and the charts' SVG that the engine keeps out of Markdown's
    parsing put back (macros/html/held.py): the floor builds the pages as a reader gets them."""
    try:
        from macros.html import held
        from macros.model import context
    except ImportError:  # an engine that holds nothing
        return markdown
    store = context.current().held or {}
    return held.restore(held.restore_blocks(markdown, store), store)


@event_priority(-1000)  # after every plugin and hook that changes the Markdown
def on_page_markdown(markdown: str, page, config, files):
    folder = os.environ.get(CAPTURE_ENV)
    if folder:
        path = Path(folder) / page.file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_with_charts(markdown), encoding="utf-8")
    return markdown
