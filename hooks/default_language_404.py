"""Keep the default language's (Danish) 404 page at the site root.

mkdocs-static-i18n builds every language into the same site_dir, one after the
other. Each build renders the theme's static 404.html to the root, so the last
language built (English) would win, with switcher links for no page in
particular. GitHub Pages serves only the root 404.html, and the site's root
language is Danish, so the Danish rendering is kept for every later build.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_static_i18n.plugin import I18n

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
