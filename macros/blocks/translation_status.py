"""The translation status page: every page and section with its translation state."""

from __future__ import annotations

from macros import calls
from macros.html.markup import render, scroll_region
from macros.i18n.freshness import (
    OUTDATED,
    PAGE_SECTION,
    UNTRANSLATED,
    UP_TO_DATE,
    all_states,
    sections,
    split_front_matter,
)
from macros.text import catalog as ui


def translation_status(page: calls.Page) -> str:
    """A table of every page and section of each translation and its state."""
    language = page.language
    states = [
        s for translation in page.context.languages.translations for s in all_states(page.context.root, translation)
    ]
    counts = {s: sum(1 for x in states if x.state == s) for s in (UP_TO_DATE, OUTDATED, UNTRANSLATED)}
    rows = []
    headings_here: dict[str, dict[str, str]] = {}
    for state in states:
        path = state.page[:-3]
        translated = f"{state.language}/" + (
            "" if path == "index" else (path[: -len("index")] if path.endswith("/index") else path + "/")
        )
        anchor = "" if state.section == PAGE_SECTION else f"#{state.section}"
        rows.append(
            {
                "state": state.state,
                "page": state.page,
                "href": _root(page) + translated + anchor,
                "language": state.language,
                "section": _heading(page, state.page, state.section, headings_here)
                or state.title
                or ui.text(language, "status.whole_page"),
                "state_label": ui.text(language, "status." + state.state),
            }
        )
    headings = [ui.text(language, k) for k in ("status.page", "status.section", "status.state")]
    table = render("translation_status_table.html", headings=headings, rows=rows)
    summary = ui.text(
        language, "status.summary", up=counts[UP_TO_DATE], outdated=counts[OUTDATED], untranslated=counts[UNTRANSLATED]
    )
    return "\n" + render("translation_status.html", summary=summary, table=scroll_region(table, summary)) + "\n"


def _heading(page: calls.Page, source_page: str, section: str, cache: dict[str, dict[str, str]]) -> str:
    """The section's heading as the status page's own language has it (the reader reads the
    English status page in English; the whole page by its title); empty when that page or
    section is not there (yet)."""
    if page.language == page.context.languages.source:
        return ""
    if source_page not in cache:
        path = page.context.root / "docs" / page.language / source_page
        cache[source_page] = {}
        if path.is_file():
            where = f"docs/{page.language}/{source_page}"
            _, body, _ = split_front_matter(path.read_text(encoding="utf-8"), where)
            cache[source_page] = {key: title for key, (title, _, _) in sections(body).items()}
    return cache[source_page].get(section, "")


def _root(page: calls.Page) -> str:
    from urllib.parse import urlsplit

    return urlsplit(page.site_url or "/").path or "/"


MACROS = {"translation_status": translation_status}
