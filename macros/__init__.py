"""MkDocs-macros entry point: wiring only.

Every macro is a plain function in :mod:`macros.calls` that takes a
:class:`macros.calls.Page` as its first argument; ``define_env`` binds it to
the page being rendered and turns engine errors into one message that names
the page, its language and the call. Nothing below this module imports MkDocs.

The engine is imported inside the functions below, not at the top: importing a
light module such as ``macros.i18n.freshness`` (the translators' command) then does
not load pandas, Altair and the chart renderer.
"""

from __future__ import annotations

import functools
from pathlib import Path


class MacroCallError(Exception):
    """A macro call that failed, with the page, language and call in its message."""


def define_env(env) -> None:
    """Register every macro of :data:`macros.calls.MACROS` for the current page."""
    from macros import calls as render
    from macros.blocks import finding_pages as finding_macros
    from macros.blocks import translation_status as status_page
    from macros.outputs import downloads
    from macros.outputs import figure_pages as block_pages
    from macros.text import catalog as ui

    docs_dir = Path(env.conf["docs_dir"])
    # Every UI string must be translated before any page is built (locale/*/messages.po).
    for language in (render.DEFAULT_LANGUAGE, "en"):
        ui.translations(language)

    def current_page() -> render.Page:
        page = env.page
        locale = getattr(page.file, "locale", None) if page is not None else None
        language = str(locale or render.DEFAULT_LANGUAGE)
        src = page.file.src_uri if page is not None else ""
        # With the folder structure, src_uri is "<language>/<path>"; macros want <path>.
        src = src.split("/", 1)[1] if src.startswith(f"{language}/") else src
        # The i18n plugin builds each language into its own folder (site/, site/en/), but the
        # config macros sees may still name the root: files a macro writes go to the language's.
        site_dir = downloads.language_root(Path(env.conf["site_dir"]), language, render.DEFAULT_LANGUAGE)
        return render.Page(
            language=language, src=src, site_url=env.conf.get("site_url") or "", docs_dir=docs_dir, site_dir=site_dir
        )

    for name, function in {
        **render.MACROS,
        **finding_macros.MACROS,
        **status_page.MACROS,
        **block_pages.MACROS,
    }.items():
        env.macro(_bound_to_page(name, function, current_page), name)

    env.variables["_current_page"] = current_page


def on_pre_page_macros(env) -> None:
    """A page starts: forget the numbers the previous render of it stated."""
    from macros.blocks import finding_pages as finding_macros

    page = env.variables["_current_page"]()
    finding_macros.STATED[(page.language, page.src)] = []


def _bound_to_page(name, function, current_page):
    from macros import calls as render
    from macros.blocks import finding_pages as finding_macros
    from macros.model.survey import DataError
    from macros.stats.items import StatsError

    @functools.wraps(function)
    def macro(*args, **kwargs):
        page = current_page()
        try:
            result = function(page, *args, **kwargs)
            if name in finding_macros.NUMBER_MACROS:
                # What a finding states: its CSV holds exactly these numbers.
                finding_macros.STATED.setdefault((page.language, page.src), []).append((name, args, kwargs))
            return result
        except (render.MacroError, StatsError, DataError, KeyError, ValueError, TypeError) as error:
            call = ", ".join([*map(_as_typed, args), *(f"{k}={_as_typed(v)}" for k, v in kwargs.items())])
            raise MacroCallError(
                f"docs/{page.language}/{page.src} ({page.language}): {name}({call}): {error}"
            ) from error

    return macro


def on_post_build(env) -> None:
    """A language's build ends: write its figures' download files and the chart cache counts."""
    from macros.charts import rendering
    from macros.outputs import downloads

    downloads.write_pending()
    rendering.write_stats()


def _as_typed(value) -> str:
    """An argument as a page would type it: double quotes, like the Markdown."""
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, (str, list)) else repr(value)
