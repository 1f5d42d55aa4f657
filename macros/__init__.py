"""MkDocs-macros entry point: wiring only.

Every macro is a plain function in :mod:`macros.render` that takes the page
language as its first argument; ``define_env`` binds it to the language of the
page being rendered. Nothing below this module imports MkDocs or Jinja.
"""

from __future__ import annotations

import functools

from macros import render


def define_env(env) -> None:
    """Register every macro of :data:`macros.render.MACROS` for the current page."""

    def page_language() -> str:
        page = env.page
        locale = getattr(page.file, "locale", None) if page is not None else None
        return str(locale or render.DEFAULT_LANGUAGE)

    for name, function in render.MACROS.items():
        env.macro(_bound_to_page_language(function, page_language), name)


def _bound_to_page_language(function, page_language):
    @functools.wraps(function)
    def macro(*args, **kwargs):
        return function(page_language(), *args, **kwargs)

    return macro
