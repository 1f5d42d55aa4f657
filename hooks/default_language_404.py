"""Keep the default language's 404 page at the site root, and give it every language's words.

mkdocs-static-i18n builds every language into the same site_dir, one after the
other. Each build renders the theme's static 404.html to the root, so the last
language built would win, with switcher links for no page in particular. GitHub
Pages serves only the root 404.html, at the root language, so the rendering of the
default (source) language is kept for every later build.

The page is served for a missing address in any language, so it says so in each: the
template (overrides/404.html) gets ``report_not_found``, one entry per language of
mkdocs.yml (the source first) with the UI catalog's words and the language's home page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_static_i18n.plugin import I18n

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.model.languages import report_languages  # noqa: E402
from macros.text import catalog as ui  # noqa: E402

# Filled during the default-language build, which the i18n plugin always runs first.
_default_language_404: str | None = None


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    global _default_language_404
    if template_name != "404.html":
        return output_content
    i18n = config.plugins["i18n"]
    assert isinstance(i18n, I18n), "mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)"
    if i18n.current_language == i18n.default_language:
        _default_language_404 = output_content
        return output_content
    return _default_language_404 or output_content


def not_found_texts(config_file: str | Path, base_url: str) -> list[dict[str, str]]:
    """Per language (source first): its code, the catalog's words and the URL of its home page."""
    languages = report_languages(Path(config_file))
    base = base_url if base_url.endswith("/") else base_url + "/"
    return [
        {
            "lang": language,
            "title": ui.text(language, "not_found.title"),
            "text": ui.text(language, "not_found.text"),
            "home": ui.text(language, "not_found.home"),
            "url": base + languages.url_prefix(language),
        }
        for language in languages.all
    ]


def on_template_context(context, template_name: str, config: MkDocsConfig):
    if template_name == "404.html":
        context["report_not_found"] = not_found_texts(config.config_file_path, context.get("base_url") or "/")
    return context
