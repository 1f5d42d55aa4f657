"""A MkDocs hook: the site's web fonts hold the glyphs its pages use, the whole font behind them.

After the last language is built, every face of the site's font in the style sheets under
``assets/`` is split into the characters the site uses (under the file's own name, which the
pages preload) and the rest (``<name>-full.woff2``, fetched only for a character outside the
site's text): see :mod:`macros.outputs.web_fonts`. The subsets are cached with the charts, so a
build whose text did not change cuts no font.

Registered in mkdocs.yml's ``hooks``, after hooks/theme_assets.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.charts.rendering import cached_font_subset, write_stats  # noqa: E402
from macros.outputs.web_fonts import WebFontError, split_faces  # noqa: E402


@event_priority(-400)  # after hooks/theme_assets.py (-300): the style sheets are final
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # another language's build follows, and writes pages of its own
    try:
        split_faces(Path(config.site_dir), cached_font_subset)
    except WebFontError as error:
        raise PluginError(str(error)) from error
    write_stats()  # the cache counts with the fonts cut or taken from the cache here
