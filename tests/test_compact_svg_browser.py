"""A chart's compacted SVG looks in Chromium exactly as the SVG Vega wrote (tests/test_compact_svg.py
compares every chart in the renderer's rasteriser).

In one load of a chapter page, with the page's own style sheets and fonts, the figure is drawn
three times at the same place: as the built page carries it (compacted), as Vega wrote it (the
same page SVG made without compacting), and compacted again. The three pictures are the same,
pixel for pixel, in both widths and every language.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site import site_path
from test_browser import served_chromium
from test_font_subsets_browser import _difference

from macros.blocks.figures import ON_DEMAND_SVG, build_figure, figure_chart
from macros.blocks.figures import chart_spec as figure_chart_spec
from macros.blocks.tables import anchor
from macros.charts import rendering
from macros.charts import spec as charts
from macros.model.definitions import definitions
from macros.model.survey import load_survey
from macros.outputs import downloads
from macros.text import catalog as ui

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000  # hang guard only
# The figure with the most marks and texts, on its chapter page in each language.
FIGURE = "8.4"
PAGES = {"da": "prerequisites/", "en": "en/prerequisites/"}
VIEWPORTS = {"wide": {"width": 1280, "height": 1200}, "narrow": {"width": 400, "height": 1200}}


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, object]]:
    with served_chromium(built_site, site_path()) as served:
        yield served


def _page_svgs(language: str, width: str, monkeypatch) -> tuple[str, str]:
    """The figure's SVG as the page carries it, and the same made without compacting."""
    survey = load_survey()
    figure = definitions()[1][FIGURE]
    view = build_figure(survey, figure, language)
    chart = figure_chart(survey, figure, view, language)
    raw = rendering.render(figure_chart_spec(chart, width), "svg", language).decode("utf-8")
    arguments = (
        f"{anchor('figure', figure.id)}-{width}",
        f"{ui.text(language, 'figure')} {figure.id}. {figure.title[language]}",
        charts.describe(chart),
    )
    css_class = f"report-chart__svg report-chart__svg--{width}"
    compacted = rendering.page_svg(raw, *arguments, css_class=css_class)
    with monkeypatch.context() as patch:
        patch.setattr(rendering, "_compact", lambda svg, where, directory=None: svg)
        as_written = rendering.page_svg(raw, *arguments, css_class=css_class)
    return compacted, as_written


@pytest.mark.parametrize("width", sorted(VIEWPORTS))
@pytest.mark.parametrize("language", sorted(PAGES))
def test_the_compacted_chart_looks_like_the_one_vega_wrote(browser, built_site, language, width, monkeypatch):
    compacted, as_written = _page_svgs(language, width, monkeypatch)
    page = (built_site / PAGES[language] / "index.html").read_text(encoding="utf-8")
    if width == "narrow":  # fetched where it shows, from the file its empty box names
        name = downloads.file_name(FIGURE, ON_DEMAND_SVG)
        page = (built_site / PAGES[language] / ".." / downloads.DOWNLOADS_DIR / name).read_text(encoding="utf-8")
    assert compacted in page, "the page does not carry the compacted SVG"
    assert len(compacted) < 0.8 * len(as_written)
    base, chromium = browser
    context = chromium.new_context(viewport=VIEWPORTS[width], reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        tab.goto(base + PAGES[language], wait_until="load")
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        shots = []
        for svg in (compacted, as_written, compacted):
            # The figure alone in the page's article (its style sheets, its fonts), at the same place.
            tab.evaluate(
                """svg => {
                    const article = document.querySelector("article");
                    article.innerHTML = '<figure class="report-chart" id="only">' + svg + "</figure>";
                    return document.fonts.ready.then(() => new Promise(
                        (done) => requestAnimationFrame(() => requestAnimationFrame(done))));
                }""",
                svg,
            )
            shots.append(tab.locator("#only svg").screenshot())
    finally:
        context.close()
    assert shots[0] == shots[2], "the same SVG drew twice differently: " + _difference(shots[0], shots[2])
    assert shots[1] == shots[0], _difference(shots[0], shots[1])
