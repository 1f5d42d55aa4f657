"""The PDF edition of each language, built from the site once every language is built.

- ``on_nav`` records each language's pages of the nav, in order.
- ``on_page_content`` puts a "Download as PDF" link under the heading of every page that is in
  the PDF and of the pages ``extra.pdf.link_from`` names (marked ``web-only``: the PDF leaves it out).
- ``on_post_build`` runs after the i18n plugin has built the last language (priority -200, and
  only when ``plugins["i18n"].building`` is false): for each language it assembles and renders the
  PDF (macros/outputs/pdf), writes ``<slug>-<language>.pdf`` at the language's root and fills the
  page count into the colophon of the built pages.

``REPORT_PDF=off`` skips it all; ``mkdocs serve`` skips it unless ``REPORT_PDF=on``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.outputs import pdf  # noqa: E402
from macros.outputs.pdf import rendering  # noqa: E402

log = logging.getLogger("mkdocs.hooks.pdf")

# language -> [(source path below docs/<language>/, URL below the site root)] in nav order.
_NAV: dict[str, list[tuple[str, str]]] = {}
_STATE: dict = {"enabled": True}


def on_startup(command, dirty):
    _STATE["enabled"] = pdf.pdf_enabled(default=command != "serve")


def _language(config) -> tuple[str, str]:
    i18n = config.plugins["i18n"]
    return str(i18n.current_language or i18n.default_language), str(i18n.default_language)


def _relative_src(src_uri: str, language: str) -> str:
    return src_uri.split("/", 1)[1] if src_uri.startswith(f"{language}/") else src_uri


def _settings(config) -> pdf.Settings:
    # Asked for every page: read once per config's ``extra.pdf`` (each build loads its config anew).
    raw = (config.extra or {}).get("pdf")
    known = _STATE.get("settings")
    if known is not None and known[0] is raw:
        return known[1]
    try:
        settings = pdf.Settings.from_config(raw)
    except pdf.EditionError as error:
        raise PluginError(str(error)) from error
    _STATE["settings"] = (raw, settings)
    return settings


def _report() -> dict:
    from macros.model import context

    return context.current().survey().report


@event_priority(-200)
def on_nav(nav, config, files):
    language, _ = _language(config)
    _NAV[language] = [(_relative_src(p.file.src_uri, language), p.url) for p in nav.pages]
    return nav


def on_page_content(html, page, config, files):
    if not _STATE["enabled"]:
        return html
    language, _ = _language(config)
    src = _relative_src(page.file.src_uri, language)
    if not _settings(config).links_to_pdf(src):
        return html
    from macros.html.markup import esc
    from macros.text import catalog as ui

    try:
        href = pdf.href_from_page(src, _report(), language)
    except pdf.EditionError as error:
        raise PluginError(str(error)) from error
    # Its size and pages are known when the PDF is written (_fill_markers); the search index
    # leaves the link out (it is the same on every page).
    link = (
        f'<p class="pdf-download web-only" data-search-exclude><a href="{esc(href)}" type="application/pdf">'
        f"{esc(ui.text(language, 'pdf.download'))}</a> <span {pdf.DETAILS_ATTRIBUTE}></span></p>"
    )
    end = html.find("</h1>")
    return html[: end + 5] + link + html[end + 5 :] if end >= 0 else link + html


@event_priority(-200)
def on_post_build(config):
    i18n = config.plugins["i18n"]
    if i18n.building or not _STATE["enabled"]:
        return
    from macros.model.languages import report_languages

    languages = report_languages(config.config_file_path)
    built = {str(locale) for locale in i18n.build_languages}
    try:
        _build(config, [language for language in languages.all if language in built], languages.source)
    except pdf.EditionError as error:
        raise PluginError(f"PDF edition: {error}") from error


def _build(config, languages: list[str], default_language: str) -> None:
    from macros.text import catalog as ui
    from macros.text import formatting as fmt

    site_dir = Path(config.site_dir)
    docs_dir = Path(config.docs_dir)
    settings = _settings(config)
    report = _report()
    fonts = rendering.font_faces([docs_dir / css for css in config.extra_css if str(css).endswith(".css")])
    fonts.append(rendering.fallback_faces())
    for language in languages:
        started, cpu = time.monotonic(), _cpu_seconds()
        if language not in _NAV:
            raise pdf.EditionError(f"{language}: no navigation was recorded for this language")
        pages = [pdf.BuiltPage(src=src, url=url, file=site_dir / url / "index.html") for src, url in _NAV[language]]
        words = pdf.Words(
            contents=ui.text(language, "pdf.contents"),
            cross_reference=ui.text(language, "pdf.cross_reference", reference="{reference}", page="{page}"),
            page_count=ui.text(language, "colophon.pages_value", pages="{pages}"),
        )
        cover = pdf.cover_data(report, language, pdf.month_year(report, fmt.babel_locale(language)))

        def count_text(pages_: int, language=language) -> str:
            return ui.text(language, "colophon.pages_value", pages=fmt.integer(pages_, language))

        # Everything assemble() and the colophon read; the pages as built, before their markers are filled.
        sources = rendering.sources_key(
            [
                language,
                repr(settings),
                config.site_url or "",
                repr(words),
                json.dumps(cover, sort_keys=True, default=str),
                count_text(12345),
                *(f"{p.src}\0{p.url}\0" for p in pages),
                *(p.file.read_bytes() if p.file.is_file() else b"(not built)" for p in pages),
            ],
            fonts,
        )
        rendered = rendering.edition_from_sources(sources, language)
        if rendered is None:
            assembled = pdf.assemble(
                language=language,
                pages=pages,
                front_pages={p.src: p for p in pages},
                settings=settings,
                site_url=config.site_url or "",
                words=words,
                cover=cover,
                page_count=pdf.PAGE_COUNT_SLOT,
            )

            def make_html(count: int, assembled=assembled, count_text=count_text) -> str:
                return assembled.stating(count_text(count))

            def states_in_digits(pages_: int, language=language) -> bool:
                # The counting document writes the count as CSS does: in plain digits.
                return fmt.integer(pages_, language) == str(pages_)

            counting = (assembled.counting(), states_in_digits)
            rendered = rendering.render_edition(make_html, fonts, language, counting=counting)
            rendering.remember_sources(sources, rendered)
        for warning in rendered.warnings:
            log.warning("PDF edition (%s): WeasyPrint: %s", language, warning)
        target = site_dir / pdf.language_prefix(language, default_language) / pdf.file_name(report, language)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rendered.pdf)
        details = ui.text(
            language,
            "pdf.download_details",
            pages=count_text(rendered.pages),
            size=fmt.number(Decimal(len(rendered.pdf)) / 1_000_000, language, 1),
        )
        markers = {pdf.PAGE_COUNT_ATTRIBUTE: count_text(rendered.pages), pdf.DETAILS_ATTRIBUTE: details}
        filled = _fill_markers(pages, markers)
        rendering.record_edition(
            language,
            pages=rendered.pages,
            size=len(rendered.pdf),
            seconds=time.monotonic() - started,
            cpu_seconds=_cpu_seconds() - cpu,
            cached=rendered.cached,
        )
        log.info(
            "PDF edition (%s): %s, %d pages, %.2f MB, %s in %.1f s (CPU %.1f s); count and size filled into %d page(s)",
            language,
            target.relative_to(site_dir),
            rendered.pages,
            len(rendered.pdf) / 1e6,
            "from the cache" if rendered.cached else "rendered",
            time.monotonic() - started,
            _cpu_seconds() - cpu,
            filled,
        )
    rendering.write_stats()


def _cpu_seconds() -> float:
    """The CPU time of this process and of the ones it has waited for: an edition is laid out in
    a process of its own (macros/outputs/pdf/rendering.py, LayoutProcess)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _fill_markers(pages: list[pdf.BuiltPage], values: dict[str, str]) -> int:
    """Write what is known once the PDF exists (its page count, its size) into the built pages."""
    filled = 0
    for page in pages:
        if not page.file.is_file():
            continue
        html = original = page.file.read_text(encoding="utf-8")
        for attribute, value in values.items():
            if attribute in html:
                html = pdf.fill_marker(html, attribute, value)
        if html != original:
            page.file.write_text(html, encoding="utf-8")
            filled += 1
    return filled
