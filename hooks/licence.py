"""The rights in the report's content, in the footer of every page (overrides/partials/copyright.html).

They are the `licence` of data/report.yaml: an `id` (SPDX or Open Definition), a `title` and
a `statement`, each text by language ({language: text}). Every page gets the statement in its
own language as `report_licence` in its template context; a language without a statement of
its own gets the original language's, marked with its `lang`. Without a `licence` in
report.yaml the footer shows none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig

REPORT_FILE = Path("data") / "report.yaml"


# Read once per build (on_config), so a change to report.yaml shows on the next rebuild.
_loaded: dict[str, Any] = {}


def _report(config: MkDocsConfig) -> dict[str, Any]:
    path = Path(config.config_file_path).parent / REPORT_FILE
    if str(path) not in _loaded:
        _loaded[str(path)] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _loaded[str(path)]


def on_config(config: MkDocsConfig):
    _loaded.clear()
    return config


def licence_for(report: dict[str, Any], language: str | None) -> dict[str, str] | None:
    """{"statement": text, "lang": code or ""} for a page in `language`, or None.

    >>> report = {"original_language": "xx", "licence": {"statement": {"xx": "A.", "yy": "B."}}}
    >>> licence_for(report, "yy")
    {'statement': 'B.', 'lang': ''}
    >>> licence_for(report, "zz")
    {'statement': 'A.', 'lang': 'xx'}
    >>> licence_for({}, "xx") is None
    True
    """
    licence = report.get("licence")
    if not licence or not licence.get("statement"):
        return None
    statement = licence["statement"]
    if isinstance(statement, str):
        return {"statement": " ".join(statement.split()), "lang": ""}
    if language in statement:
        return {"statement": " ".join(statement[language].split()), "lang": ""}
    original = report.get("original_language") or next(iter(statement))
    return {"statement": " ".join(statement[original].split()), "lang": original}


def _language(config: MkDocsConfig, page=None) -> str | None:
    locale = getattr(getattr(page, "file", None), "locale", None) if page is not None else None
    return locale or config.theme.get("language")


def made_with(language: str | None) -> dict[str, str]:
    """The footer's credit line in the page's language, as the text before and after the
    theme's name (the template links the name): {"before": ..., "after": ...}."""
    from macros.text import catalog as ui

    before, _, after = ui.text(language or "", "footer.made_with", generator="\x00").partition("\x00")
    return {"before": before, "after": after}


def on_page_context(context, page, config: MkDocsConfig, nav):
    language = _language(config, page)
    context["report_licence"] = licence_for(_report(config), language)
    context["report_made_with"] = made_with(language)
    return context


def on_template_context(context, template_name: str, config: MkDocsConfig):
    # Static templates (the 404 page) have no page of their own: the build's language.
    language = _language(config)
    context["report_licence"] = licence_for(_report(config), language)
    context["report_made_with"] = made_with(language)
    return context
