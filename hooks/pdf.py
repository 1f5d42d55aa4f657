"""The PDF edition of each language, built from the site once every language is built.

- ``on_nav`` records each language's pages of the nav, in order.
- ``on_page_content`` puts a "Download as PDF" link under the heading of every page that is in
  the PDF and of the pages ``extra.pdf.link_from`` names (marked ``web-only``: the PDF leaves it out).
- ``on_post_build`` runs after the i18n plugin has built the last language (priority -200, and
  only when ``plugins["i18n"].building`` is false): for each language it assembles the PDF
  (macros/outputs/pdf), lays the languages' editions out side by side (each in a process of its
  own), writes ``<slug>-<language>.pdf`` at the language's root and fills the page count into the
  colophon of the built pages.

``REPORT_PDF=off`` skips it all; ``mkdocs serve`` skips it unless ``REPORT_PDF=on``.
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.charts import converter as chart_converter  # noqa: E402
from macros.charts.workers import cores as _cores  # noqa: E402
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


@dataclass
class _Edition:
    """One language's edition while the build makes it."""

    language: str
    pages: list[pdf.BuiltPage]
    count_text: Callable[[int], str]
    sources: str
    rendered: rendering.Rendered | None = None
    job: Callable[[], rendering.Rendered] | None = None  # what lays it out, where the cache has it not
    document_bytes: int = 0  # the size of the document it lays out (UTF-8)
    seconds: float = 0.0  # wall time of preparing, laying out and writing it
    cpu_seconds: float = 0.0  # CPU time of the same, its layout process included


def _build(config, languages: list[str], default_language: str) -> None:
    """Each language's edition: prepared one after the other (the cache by sources, else the
    document assembled), laid out side by side (:func:`_lay_out`), then written."""
    started = time.monotonic()
    site_dir = Path(config.site_dir)
    docs_dir = Path(config.docs_dir)
    fonts = rendering.font_faces([docs_dir / css for css in config.extra_css if str(css).endswith(".css")])
    fonts.append(rendering.fallback_faces())
    editions = [_timed(functools.partial(_prepare, config, language, fonts)) for language in languages]
    _lay_out(editions)
    for edition in editions:
        target, filled = _timed(functools.partial(_write, config, edition, site_dir, default_language), edition)
        assert edition.rendered is not None
        rendering.record_edition(
            edition.language,
            pages=edition.rendered.pages,
            size=len(edition.rendered.pdf),
            seconds=edition.seconds,
            cpu_seconds=edition.cpu_seconds,
            cached=edition.rendered.cached,
            document_bytes=0 if edition.rendered.cached else edition.document_bytes,
            layout_peak_mib=edition.rendered.layout_peak_mib,
        )
        log.info(
            "PDF edition (%s): %s, %d pages, %.2f MB, %s in %.1f s (CPU %.1f s); count and size filled into %d page(s)",
            edition.language,
            target,
            edition.rendered.pages,
            len(edition.rendered.pdf) / 1e6,
            "from the cache" if edition.rendered.cached else "rendered",
            edition.seconds,
            edition.cpu_seconds,
            filled,
        )
    rendering.COUNTS.seconds = round(time.monotonic() - started, 3)
    rendering.write_stats()


def _timed(step: Callable[[], Any], edition: _Edition | None = None) -> Any:
    """``step()``, its wall and CPU time (of this thread) added to its edition's."""
    started, cpu = time.monotonic(), time.thread_time()
    result = step()
    edition = edition or result
    edition.seconds += time.monotonic() - started
    edition.cpu_seconds += time.thread_time() - cpu
    return result


def _prepare(config, language: str, fonts: list) -> _Edition:
    from macros.text import catalog as ui
    from macros.text import formatting as fmt

    settings = _settings(config)
    report = _report()
    site_dir = Path(config.site_dir)
    if language not in _NAV:
        raise pdf.EditionError(f"{language}: no navigation was recorded for this language")
    pages = [pdf.BuiltPage(src=src, url=url, file=site_dir / url / "index.html") for src, url in _NAV[language]]
    words = pdf.Words(
        contents=ui.text(language, "pdf.contents"),
        cross_reference=ui.text(language, "pdf.cross_reference", reference="{reference}", page="{page}"),
        page_count=ui.text(language, "colophon.pages_value", pages="{pages}"),
    )
    cover = pdf.cover_data(report, language, pdf.month_year(report, fmt.babel_locale(language)))

    def count_text(pages_: int) -> str:
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
    edition = _Edition(language, pages, count_text, sources, rendering.edition_from_sources(sources, language))
    if edition.rendered is None:
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

        def make_html(count: int) -> str:
            return assembled.stating(count_text(count))

        def states_in_digits(pages_: int) -> bool:
            # The counting document writes the count as CSS does: in plain digits.
            return fmt.integer(pages_, language) == str(pages_)

        counting = (assembled.counting(), states_in_digits)
        edition.job = lambda: rendering.render_edition(make_html, fonts, language, counting=counting)
        edition.document_bytes = len(counting[0].encode("utf-8"))
    return edition


def _lay_out(editions: list[_Edition]) -> None:
    """Lay out the editions the cache does not have, side by side: each in a thread that waits for
    its own layout process (macros/outputs/pdf/rendering.py, LayoutProcess), as many at a time as
    the machine has cores and the memory they are estimated to hold allows
    (:func:`rendering.layouts_at_once`). The layouts are most of a cold build's PDF time, and the
    editions do not depend on each other."""
    jobs = [edition for edition in editions if edition.job is not None]
    if not jobs:
        return
    # Every chart of the build is converted by now: the conversion process's memory (vl-convert's
    # JavaScript engine, about 100 MiB) is given back before the layouts take theirs.
    chart_converter.shut_down()
    workers = rendering.layouts_at_once([edition.document_bytes for edition in jobs], _cores())
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pdf") as pool:
        futures = [pool.submit(_timed, functools.partial(_laid_out, edition), edition) for edition in jobs]
        for future in futures:
            future.result()  # an edition's error stops the build (once the others are laid out)


def _laid_out(edition: _Edition) -> _Edition:
    assert edition.job is not None
    edition.rendered = edition.job()
    edition.cpu_seconds += edition.rendered.layout_cpu_seconds
    rendering.remember_sources(edition.sources, edition.rendered)
    return edition


def _write(config, edition: _Edition, site_dir: Path, default_language: str) -> tuple[Path, int]:
    """Write the edition's PDF and fill its page count and size into the built pages; returns
    where it was written (below the site) and how many pages were filled."""
    from macros.text import catalog as ui
    from macros.text import formatting as fmt

    language, rendered = edition.language, edition.rendered
    assert rendered is not None
    for warning in rendered.warnings:
        log.warning("PDF edition (%s): WeasyPrint: %s", language, warning)
    report = _report()
    target = site_dir / pdf.language_prefix(language, default_language) / pdf.file_name(report, language)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rendered.pdf)
    details = ui.text(
        language,
        "pdf.download_details",
        pages=edition.count_text(rendered.pages),
        size=fmt.number(Decimal(len(rendered.pdf)) / 1_000_000, language, 1),
    )
    markers = {pdf.PAGE_COUNT_ATTRIBUTE: edition.count_text(rendered.pages), pdf.DETAILS_ATTRIBUTE: details}
    return target.relative_to(site_dir), _fill_markers(edition.pages, markers)


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
