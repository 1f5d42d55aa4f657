"""A MkDocs hook: each page links one style sheet, the theme's and the report's joined in their
order (fewer requests before the first paint): see :mod:`macros.outputs.stylesheets`.

Runs after the last language is built and after hooks/web_fonts.py (-400), which rewrites the
site's @font-face rules: the bundle holds the sheets as they are finally published. Registered
in mkdocs.yml's ``hooks``, after hooks/web_fonts.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.outputs.stylesheets import bundle_stylesheets  # noqa: E402


@event_priority(-500)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # another language's build follows, and writes pages of its own
    bundle_stylesheets(Path(config.site_dir), urlsplit(config.site_url or "/").path or "/")
