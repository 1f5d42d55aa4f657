"""Open Graph locale of every page, from the report's languages (mkdocs.yml).

Gives the page template (overrides/main.html) ``og_locale`` (``da_DK``) and
``og_locale_alternates`` (the other languages' locales) for ``<meta property="og:locale">``
and ``og:locale:alternate``, so no template names a language.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.model.languages import report_languages  # noqa: E402


def page_locales(config_file: str | None, language: str | None) -> tuple[str, list[str]]:
    """(the page's Open Graph locale, the other languages' locales)."""
    languages = report_languages(config_file or ROOT / "mkdocs.yml")
    locales = languages.babel_locale
    language = language if language in locales else languages.source
    return locales[language], [locales[other] for other in languages.all if other != language]


def on_page_context(context, page, config, nav):
    context["og_locale"], context["og_locale_alternates"] = page_locales(
        config.config_file_path, getattr(page.file, "locale", None)
    )
    return context
