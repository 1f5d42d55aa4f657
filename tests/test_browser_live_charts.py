"""Live charts, embeds and data downloads in a real browser (headless Chromium).

Engine tests, except where marked: they run for each report of ``report_site`` (this report and
the example report, see tests/conftest.py), with the figures of its own data/figures.yaml, the
pages that show them (its docs/), its languages and address (its mkdocs.yml). Each report's site
is served on 127.0.0.1 under the path of its site_url, as in tests/test_browser.py; a second
server on another port (another origin) serves a page that embeds a figure in an <iframe>.
Every check waits for a condition (a chart marked live, a tooltip shown, the page's live charts
settled), never for a fixed time.

- With JavaScript, every figure of every language becomes a live Vega view of the same size and
  the same pixels as its static SVG (nothing moves or changes when it swaps), and the charts'
  scripts are not among a page's first requests.
- Reaching each figure's first bar with the keyboard shows its tooltip, its number as the page's
  own data table writes it and every decimal in the page language's form (CLDR, through babel);
  the pointer can move onto the tooltip, Escape dismisses it (WCAG 1.4.13), and it fades in only
  for readers who have not asked for reduced motion.
- Report tests of this report: one bar's tooltip by mouse and keyboard, with its numbers written
  as literal strings (Danish ``43,2 %`` with a no-break space, English ``43.2%``).
- A page carries each chart's wide SVG; at 360 px its narrow SVG is fetched as the figure nears
  the viewport and takes the place of an empty box of its size (nothing moves), never at
  desktop width; should the fetch fail, the wide SVG shows. Without JavaScript a phone shows
  the wide SVG at its own size, scrolling sideways in the figure, not the page.
- No request leaves for another host; without JavaScript the static SVG stays.
- The embed page shows its figure inside an <iframe> of a page of another origin, live with
  JavaScript, its static SVG without.
- Every CSV the Data page offers parses with the header its metadata describes.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel import Locale
from browser.server import serve
from browser.site import Report
from test_browser import CHROMIUM, Chromium, _require

from macros.blocks import references
from macros.outputs import downloads, figure_pages

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}

# Report tests of this report: one bar of figure 4.3 (the involvement of civil society in the most
# important challenge) and what its tooltip says in each language: its share as the page
# language writes it, its count and the number of answers it is a share of.
TOOLTIP_FIGURE = "4.3"
TOOLTIP_BAR = {"da": "I nogen grad", "en": "Some extent"}
TOOLTIP_NUMBERS = {
    "da": ["43,2\u00a0%", "32", "74"],
    "en": ["43.2%", "32", "74"],
}
# The tooltip's share must not appear in the other language's form.
TOOLTIP_NOT = {"da": "43.2", "en": "43,2"}

# The live charts idle, and no narrow chart's SVG on its way (figures.js).
SETTLED = (
    "() => document.documentElement.getAttribute('data-live-charts') === 'idle'"
    " && document.documentElement.getAttribute('data-narrow-charts') !== 'loading'"
)
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _chapters(setup: dict, language: str) -> dict[str, list[str]]:
    """URL path of each page that shows figures (below the site root) -> its figures' anchors."""
    report, report_site = setup["report"], setup["report_site"]
    pages: dict[str, list[str]] = {}
    shown = references.block_pages(report.docs_dir, language)
    _, figures = report_site.definitions
    for figure_id in figures:
        page = report.prefixes[language] + downloads.page_path(shown[("figure", figure_id)])
        pages.setdefault(page, []).append(f"figure-{figure_pages.slug('figure', figure_id)}")
    return pages


@pytest.fixture(scope="module")
def playwright_driver():
    """One Playwright for the module (its sync API allows one at a time); each report its own browser."""
    _require(
        Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None,
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@contextmanager
def _browser_setup(report_site, tmp_path_factory, playwright) -> Iterator[dict]:
    report = Report(report_site.root, report_site.name)
    prefix = report.site_path
    host_dir = tmp_path_factory.mktemp("other-origin")
    with serve(report_site.site, prefix) as base, serve(host_dir, "/") as host:
        origin = base[: -len(prefix)]
        browser = Chromium(playwright)  # launched again should it crash
        try:
            yield {
                "base": base,
                "origin": origin,
                "host": host,
                "host_dir": host_dir,
                "browser": browser,
                "report": report,
                "report_site": report_site,
            }
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser_setup(playwright_driver, report_site, tmp_path_factory) -> Iterator[dict]:
    """Each report's site served, and a browser (engine tests)."""
    with _browser_setup(report_site, tmp_path_factory, playwright_driver) as setup:
        yield setup


@pytest.fixture(scope="module")
def this_report_setup(playwright_driver, built_site, tmp_path_factory) -> Iterator[dict]:
    """This report's site served, and a browser (its report tests)."""
    from conftest import REPO_ROOT as ROOT
    from conftest import ReportSite, _report_config

    report_site = ReportSite("this-report", ROOT, built_site, _report_config(ROOT))
    with _browser_setup(report_site, tmp_path_factory, playwright_driver) as setup:
        yield setup


def _figure_count(setup: dict) -> int:
    return len(setup["report_site"].definitions[1])


def _languages(setup: dict) -> list[str]:
    return setup["report"].languages


class _Requests:
    """Every request of a browser context, to tell those to other hosts."""

    def __init__(self, context, *origins: str) -> None:
        self.origins = origins
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    def elsewhere(self) -> list[str]:
        allowed = (*(origin + "/" for origin in self.origins), "data:", "blob:", "about:")
        return sorted({url for url in self.urls if not url.startswith(allowed)})


def _new_context(setup: dict, **options):
    context = setup["browser"].new_context(**{"viewport": DESKTOP, **options})
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _visit(tab, url: str) -> None:
    """Open a page as a reader does: it loads, then the reader moves the mouse (figures.js makes
    charts live only once a reader has done something)."""
    tab.goto(url, wait_until="load")
    tab.mouse.move(1, 1)


def _settle(tab) -> None:
    tab.evaluate(TWO_FRAMES)
    tab.wait_for_function(SETTLED)


# --- every figure becomes live ------------------------------------------------------------------

LIVE_STATE = r"""
(id) => {
  const figure = document.getElementById(id);
  const chart = figure && figure.querySelector(".report-chart");
  if (!chart) return { found: false };
  const live = chart.querySelector(".report-chart__live.is-ready svg");
  const width = chart.getAttribute("data-vega-width");
  const fixed = chart.querySelector(".report-chart__svg--" + width);
  const size = (svg) => svg ? [Number(svg.getAttribute("width")), Number(svg.getAttribute("height"))] : null;
  return {
    found: true,
    live: chart.classList.contains("is-live") && Boolean(chart.__vegaView),
    failed: chart.getAttribute("data-vega-failed"),
    liveSize: size(live),
    staticSize: size(fixed),
    staticShown: Boolean(fixed) && getComputedStyle(fixed).display !== "none",
    bars: chart.querySelectorAll(".report-chart__bar").length,
    width: width,
  };
}
"""


@pytest.mark.parametrize("width", ["wide", "narrow"])
def test_every_figure_becomes_a_live_chart_of_the_same_size(browser_setup, width):
    """At desktop width and at 360 px (where the page shows each figure's narrow SVG, and the
    live chart draws the narrow spec), every figure of every language becomes live, of its
    static SVG's size."""
    setup = browser_setup
    context = _new_context(setup, **({} if width == "wide" else {"viewport": NARROW}))
    requests = _Requests(context, setup["origin"])
    problems, checked = [], 0
    try:
        tab = context.new_page()
        chapters = {
            page: anchors for language in _languages(setup) for page, anchors in _chapters(setup, language).items()
        }
        for page, anchors in chapters.items():
            language = setup["report"].language_of(page)
            _visit(tab, setup["base"] + page)
            _settle(tab)
            for anchor in anchors:
                tab.locator(f"#{anchor}").scroll_into_view_if_needed()
                _settle(tab)
                state = tab.evaluate(LIVE_STATE, anchor)
                where = f"/{page}#{anchor} ({language}, {width})"
                checked += 1
                if not state["found"]:
                    problems.append(f"{where}: no figure with a chart")
                elif state["width"] != width and state["live"]:
                    problems.append(f"{where}: live with the {state['width']} spec")
                elif not state["live"]:
                    problems.append(f"{where}: not live after it came into view (failed: {state['failed']})")
                elif state["staticShown"]:
                    problems.append(f"{where}: the static SVG is still shown beside the live chart")
                elif not state["bars"]:
                    problems.append(f"{where}: the live chart has no bar a keyboard can reach")
                elif any(abs(a - b) > 0.5 for a, b in zip(state["liveSize"], state["staticSize"], strict=True)):
                    problems.append(f"{where}: live {state['liveSize']} px, static {state['staticSize']} px")
    finally:
        context.close()
    assert checked == _figure_count(setup) * len(_languages(setup))
    assert problems == []
    assert requests.elsewhere() == []


# A pixel counts as changed when a colour channel moves by more than this (anti-aliasing does
# less); a chart may differ in at most MAX_CHANGED of its pixels.
CHANGED_BY = 60
MAX_CHANGED = 0.005


def _changed_share(first: bytes, second: bytes) -> float:
    from PIL import Image, ImageChops

    a, b = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in (first, second))
    if a.size != b.size:
        return 1.0
    changed = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > CHANGED_BY else 0)
    return changed.histogram()[255] / (a.size[0] * a.size[1])


def test_every_live_chart_looks_like_its_static_svg(browser_setup):
    """The same spec, drawn by Vega in the browser, at the same place: the same pixels."""
    setup = browser_setup
    shots: dict[tuple[bool, str], bytes] = {}
    chapters = {page: anchors for language in _languages(setup) for page, anchors in _chapters(setup, language).items()}
    for javascript in (False, True):
        context = _new_context(setup, java_script_enabled=javascript)
        try:
            tab = context.new_page()
            for page, anchors in chapters.items():
                _visit(tab, setup["base"] + page)
                for anchor in anchors:
                    chart = tab.locator(f"#{anchor} .report-chart")
                    chart.scroll_into_view_if_needed()
                    if javascript:
                        _settle(tab)
                        tab.wait_for_selector(f"#{anchor} .report-chart.is-live")
                    tab.evaluate("() => document.fonts.ready.then(() => true)")
                    shots[(javascript, f"/{page}#{anchor}")] = chart.screenshot()
        finally:
            context.close()
    differ = {
        name: f"{_changed_share(shot, shots[(True, name)]):.1%} of its pixels changed"
        for (javascript, name), shot in shots.items()
        if not javascript and _changed_share(shot, shots[(True, name)]) > MAX_CHANGED
    }
    assert differ == {}


def test_a_figure_does_not_move_when_it_becomes_live(browser_setup):
    """The figure's box is the same before and after the swap (the last figure of a long page,
    far below the first screen, is still static when the page has loaded)."""
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        source = setup["report"].default_language
        page, anchors = max(_chapters(setup, source).items(), key=lambda item: len(item[1]))
        _visit(tab, setup["base"] + page)
        _settle(tab)
        last = f"#{anchors[-1]}"
        assert tab.evaluate(f"() => !document.querySelector('{last} .report-chart').classList.contains('is-live')")
        box = f"() => ((r) => [r.width, r.height])(document.querySelector('{last}').getBoundingClientRect())"
        before = tab.evaluate(box)
        tab.locator(last).scroll_into_view_if_needed()
        _settle(tab)
        assert tab.evaluate(f"() => document.querySelector('{last} .report-chart').classList.contains('is-live')")
        after = tab.evaluate(box)
        assert after == pytest.approx(before, abs=0.5)
    finally:
        context.close()


def test_the_charts_scripts_are_not_among_a_pages_first_requests(browser_setup):
    """Vega loads after the page's load event, once the reader moves, for a figure near the viewport."""
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        first: list[str] = []
        tab.on("request", lambda request: first.append(request.url))
        tab.goto(setup["base"] + next(iter(_chapters(setup, setup["report"].default_language))), wait_until="load")
        _settle(tab)
        untouched = list(first)
        tab.mouse.move(1, 1)
        _settle(tab)
        # Nothing of the live charts until the page has loaded and the reader moves; then the
        # figure near the first screen becomes live.
        assert not [url for url in untouched if "/vendor/" in url or url.endswith(".vg.json")]
        vega = [url for url in first if url.endswith("/vendor/vega-live.min.js")]
        assert vega, "no figure near the first screen loaded"
    finally:
        context.close()


# --- tooltips: mouse and keyboard --------------------------------------------------------------

TOOLTIP = "#report-chart-tooltip"


def _tooltip_page(setup: dict, tab, language: str, figure_id: str | None = None) -> str:
    """Open the page that shows ``figure_id`` (default: the report's first figure), the figure live."""
    if figure_id is None:
        figure_id = next(iter(setup["report_site"].definitions[1]))
    anchor = f"figure-{figure_pages.slug('figure', figure_id)}"
    page = next(page for page, anchors in _chapters(setup, language).items() if anchor in anchors)
    _visit(tab, setup["base"] + page)
    tab.locator(f"#{anchor}").scroll_into_view_if_needed()
    _settle(tab)
    tab.wait_for_selector(f"#{anchor} .report-chart.is-live")
    return anchor


@pytest.mark.parametrize("language", list(TOOLTIP_NUMBERS))
def test_hovering_a_bar_shows_its_numbers_in_the_page_language(this_report_setup, language):
    """Report test: one bar of this report, its numbers as literal strings in each language."""
    setup = this_report_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        anchor = _tooltip_page(setup, tab, language, TOOLTIP_FIGURE)
        bar = tab.locator(f'#{anchor} .report-chart__bar[aria-label^="{TOOLTIP_BAR[language]}:"]')
        bar.hover()
        tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
        text = tab.inner_text(TOOLTIP)
        assert TOOLTIP_BAR[language] in text
        for number in TOOLTIP_NUMBERS[language]:
            assert number in text, f"{number!r} not in the tooltip {text!r}"
        assert TOOLTIP_NOT[language] not in text
        tab.mouse.move(0, 0)
        tab.wait_for_selector(TOOLTIP, state="hidden")
    finally:
        context.close()


FOCUS_BEFORE_CHART = r"""
(anchor) => {
  const chart = document.querySelector("#" + anchor + " .report-chart");
  const marker = document.createElement("span");
  marker.tabIndex = 0;
  marker.id = "__test-focus-marker";
  chart.before(marker);
  marker.focus();
  return document.activeElement === marker;
}
"""
FOCUSED = "() => { const a = document.activeElement; return [a.classList.contains('report-chart__bar'), a.getAttribute('aria-label')]; }"  # noqa: E501


@pytest.mark.parametrize("language", list(TOOLTIP_NUMBERS))
def test_the_keyboard_reaches_every_bar_and_shows_its_numbers(this_report_setup, language):
    """Report test: the arrow keys reach one bar of this report; its numbers as literal strings."""
    setup = this_report_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        anchor = _tooltip_page(setup, tab, language, TOOLTIP_FIGURE)
        assert tab.evaluate(FOCUS_BEFORE_CHART, anchor)
        tab.keyboard.press("Tab")
        is_bar, label = tab.evaluate(FOCUSED)
        assert is_bar, f"Tab went to {label!r}, not to the chart's first bar"
        tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
        # The arrow keys move from bar to bar, until the one named; its tooltip shows its numbers.
        for _ in range(10):
            if label.startswith(f"{TOOLTIP_BAR[language]}:"):
                break
            tab.keyboard.press("ArrowDown")
            is_bar, label = tab.evaluate(FOCUSED)
            assert is_bar
        assert label.startswith(f"{TOOLTIP_BAR[language]}:")
        text = tab.inner_text(TOOLTIP)
        for number in TOOLTIP_NUMBERS[language]:
            assert number in text and number in label, f"{number!r} not in the tooltip {text!r} or {label!r}"
        # Escape dismisses the tooltip and leaves the focus where it was.
        tab.keyboard.press("Escape")
        tab.wait_for_selector(TOOLTIP, state="hidden")
        assert tab.evaluate(FOCUSED) == [True, label]
    finally:
        context.close()


# Each figure's first bar reached by the keyboard: its tooltip, and the figure's data table.
FIRST_BAR_TOOLTIP = r"""
(anchor) => {
  const figure = document.getElementById(anchor);
  const tooltip = document.querySelector("#report-chart-tooltip");
  const text = (node) => (node ? node.textContent.trim() : "");
  const table = figure.querySelector("table.report-figure__data");
  const headers = table ? [...table.querySelectorAll("thead th")].map(text) : [];
  const rows = table ? [...table.querySelectorAll("tbody tr")].map((row) =>
    [...row.children].map(text)) : [];
  return {
    title: text(tooltip.querySelector(".report-chart__tooltip-title")),
    values: [...tooltip.querySelectorAll("dd")].map(text),
    text: tooltip.innerText,
    headers: headers,
    rows: rows,
  };
}
"""


def _decimal_sign(setup: dict, language: str) -> str:
    """The language's decimal sign as CLDR writes it (babel), for the babel locale mkdocs.yml gives it."""
    locales = setup["report_site"].languages.babel_locale
    return Locale.parse(locales.get(language, language)).number_symbols["latn"]["decimal"]


def _cells_named_by(title: str, headers: list[str], rows: list[list[str]]) -> set[str]:
    """The data table's cells in the rows and columns the tooltip's title names."""
    cells = set()
    for row in rows:
        for column, cell in enumerate(row[1:], start=1):
            header = headers[column] if column < len(headers) else ""
            if (row[0] and row[0] in title) or (header and header in title):
                cells.add(cell)
    return cells


def test_each_figures_first_bar_shows_its_number_as_its_data_table_writes_it(browser_setup):
    """Every figure of every language: Tab from just before the chart reaches its first bar, whose
    tooltip shows, names its row or series, and gives its first number exactly as the figure's
    data table (in the same page) writes it; every decimal in it has the language's decimal sign."""
    setup = browser_setup
    context = _new_context(setup)
    problems, checked = [], 0
    try:
        tab = context.new_page()
        for language in _languages(setup):
            decimal = _decimal_sign(setup, language)
            other_sign = "." if decimal == "," else ","
            for page, anchors in _chapters(setup, language).items():
                _visit(tab, setup["base"] + page)
                _settle(tab)
                for anchor in anchors:
                    where = f"/{page}#{anchor} ({language})"
                    tab.locator(f"#{anchor}").scroll_into_view_if_needed()
                    _settle(tab)
                    tab.wait_for_selector(f"#{anchor} .report-chart.is-live")
                    assert tab.evaluate(FOCUS_BEFORE_CHART, anchor)
                    tab.keyboard.press("Tab")
                    is_bar, label = tab.evaluate(FOCUSED)
                    if not is_bar:
                        problems.append(f"{where}: Tab went to {label!r}, not to the chart's first bar")
                        continue
                    tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
                    shown = tab.evaluate(FIRST_BAR_TOOLTIP, anchor)
                    checked += 1
                    named = _cells_named_by(shown["title"] or shown["text"], shown["headers"], shown["rows"])
                    if not shown["values"]:
                        problems.append(f"{where}: the tooltip {shown['text']!r} shows no value")
                    elif shown["values"][0] not in named:
                        problems.append(
                            f"{where}: the tooltip's {shown['values'][0]!r} is not in the data table's cells "
                            f"for {shown['title']!r} ({sorted(named)})"
                        )
                    wrong = re.findall(rf"\d\{other_sign}\d(?!\d\d)", " ".join(shown["values"]))
                    if wrong:
                        problems.append(f"{where}: {shown['values']} has a decimal {other_sign!r}, not {decimal!r}")
                    tab.keyboard.press("Escape")
                    tab.wait_for_selector(TOOLTIP, state="hidden")
    finally:
        context.close()
    assert checked == _figure_count(setup) * len(_languages(setup))
    assert problems == []


BOX = (
    "(selector) => ((r) => [r.left, r.top, r.width, r.height])"
    "(document.querySelector(selector).getBoundingClientRect())"
)
BAR_BOXES = r"""
(anchor) => [...document.querySelectorAll("#" + anchor + " .report-chart__bar")].map((bar) => {
  const r = bar.getBoundingClientRect();
  return [r.left, r.top, r.width, r.height];
})
"""
# Whether the pointer, moving from (x0, y0) to (x1, y1) in `steps` steps as Playwright moves it,
# meets no bar but bar `index` of the figure (the tooltip may cover bars; it is not a bar).
CLEAR_PATH = r"""
([anchor, index, x0, y0, x1, y1, steps]) => {
  const own = document.querySelectorAll("#" + anchor + " .report-chart__bar")[index];
  for (let i = 1; i <= steps; i++) {
    const x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * i / steps;
    const hit = document.elementFromPoint(x, y);
    const bar = hit && hit.closest(".report-chart__bar");
    if (bar && bar !== own) return false;
  }
  return true;
}
"""
PATH_STEPS = 12
TOOLTIP_SHOWN = f"() => !document.querySelector('{TOOLTIP}').hidden"
AT_POINT = f"([x, y]) => Boolean(document.elementFromPoint(x, y).closest('{TOOLTIP}'))"


def _centre(box: list[float]) -> tuple[float, float]:
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def test_the_tooltip_can_be_hovered_and_stays_until_dismissed(browser_setup):
    """WCAG 1.4.13: the pointer can move from the bar onto its tooltip, which stays there;
    Escape dismisses it without moving the pointer, and it stays dismissed while the pointer
    stays on that bar; the pointer leaving both takes it away."""
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        anchor = _tooltip_page(setup, tab, setup["report"].default_language)
        # A bar whose way to its tooltip crosses no other bar (each bar has a tooltip of its own, so
        # a reader crossing one sees that one's), the largest first (a small share may be a sliver).
        boxes = tab.evaluate(BAR_BOXES, anchor)
        for index in sorted(range(len(boxes)), key=lambda i: -boxes[i][2] * boxes[i][3]):
            tab.mouse.move(1, 1)
            tab.wait_for_selector(TOOLTIP, state="hidden")
            bar = _centre(boxes[index])
            tab.mouse.move(*bar)
            tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
            tip = _centre(tab.evaluate(BOX, TOOLTIP))
            if tab.evaluate(CLEAR_PATH, [anchor, index, *bar, *tip, PATH_STEPS]):
                break
        else:
            pytest.fail(f"#{anchor}: no bar's way to its tooltip is clear of the other bars")
        # Onto the tooltip, through every point between: it stays, and the pointer is on it.
        tab.mouse.move(*tip, steps=PATH_STEPS)
        assert tab.evaluate(TOOLTIP_SHOWN)
        assert tab.evaluate(AT_POINT, list(tip)), "the pointer is not over the tooltip"
        assert re.search(r"\d", tab.inner_text(TOOLTIP)), "the tooltip shows no number"
        # Escape dismisses it, the pointer where it is.
        tab.keyboard.press("Escape")
        tab.wait_for_selector(TOOLTIP, state="hidden")
        # Back on the bar (straight there: a path through the chart may cross other bars, each with
        # its own tooltip), then moving over it: dismissed it stays, until the pointer leaves the bar.
        tab.mouse.move(*bar)
        tab.mouse.move(bar[0] + 1, bar[1])
        assert not tab.evaluate(TOOLTIP_SHOWN)
        tab.mouse.move(1, 1, steps=4)
        tab.mouse.move(*bar, steps=4)
        tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
        # The pointer leaving the bar and the tooltip takes it away.
        tab.mouse.move(1, 1, steps=4)
        tab.wait_for_selector(TOOLTIP, state="hidden")
    finally:
        context.close()


TOOLTIP_ANIMATION = f"() => getComputedStyle(document.querySelector('{TOOLTIP}')).animationName"


def test_the_tooltip_fades_in_only_without_reduced_motion(browser_setup):
    setup = browser_setup
    names = {}
    for motion in ("reduce", "no-preference"):
        context = _new_context(setup, reduced_motion=motion)
        try:
            tab = context.new_page()
            anchor = _tooltip_page(setup, tab, setup["report"].default_language)
            tab.locator(f"#{anchor} .report-chart__bar").first.focus()
            tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
            names[motion] = tab.evaluate(TOOLTIP_ANIMATION)
        finally:
            context.close()
    assert names["reduce"] == "none"
    assert names["no-preference"] != "none"


# --- the narrow charts, fetched where they show ----------------------------------------------------

NARROW_STATE = r"""
(id) => {
  const chart = document.getElementById(id).querySelector(".report-chart");
  const shown = [...chart.querySelectorAll("svg.report-chart__svg")]
    .filter((svg) => getComputedStyle(svg).display !== "none");
  const box = chart.getBoundingClientRect();
  return {
    shown: shown.map((svg) => svg.classList.contains("report-chart__svg--narrow") ? "narrow" : "wide"),
    texts: shown.map((svg) => svg.querySelectorAll("text").length),
    widths: shown.map((svg) => Math.round(svg.getBoundingClientRect().width)),
    ownWidths: shown.map((svg) => Math.round(Number(svg.getAttribute("width")))),
    waiting: chart.querySelectorAll("svg[data-src]").length,
    box: [box.width, box.height],
    failed: chart.getAttribute("data-narrow-failed"),
    scrolls: chart.scrollWidth > chart.clientWidth,
    pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
    inColumn: box.left >= 0 && box.right <= window.innerWidth,
  };
}
"""


def _no_live_charts(context) -> None:
    # Vega refused: a chart stays static, so that the static SVG is what these checks read.
    context.route("**/vendor/*.js", lambda route: route.abort())


def test_at_360px_each_narrow_chart_arrives_in_its_box_as_it_nears_the_viewport(browser_setup):
    setup = browser_setup
    context = _new_context(setup, viewport=NARROW)
    _no_live_charts(context)
    requests = _Requests(context, setup["origin"])
    problems, checked, waited = [], 0, 0
    try:
        tab = context.new_page()
        for language in _languages(setup):
            for page, anchors in _chapters(setup, language).items():
                tab.goto(setup["base"] + page, wait_until="load")
                _settle(tab)
                before = {anchor: tab.evaluate(NARROW_STATE, anchor) for anchor in anchors}
                for anchor in anchors:
                    tab.locator(f"#{anchor}").scroll_into_view_if_needed()
                    _settle(tab)
                    state = tab.evaluate(NARROW_STATE, anchor)
                    where = f"/{page}#{anchor}"
                    checked += 1
                    if state["shown"] != ["narrow"] or state["waiting"] or not state["texts"][0]:
                        problems.append(f"{where}: {state}")
                    elif state["box"] != pytest.approx(before[anchor]["box"], abs=0.5):
                        problems.append(f"{where}: the chart's box went from {before[anchor]['box']} to {state['box']}")
                waited += sum(state["waiting"] for state in before.values())
    finally:
        context.close()
    assert checked == _figure_count(setup) * len(_languages(setup))
    assert problems == []
    assert waited, "every figure's narrow chart had come when its page loaded: none was seen arriving"
    assert requests.elsewhere() == []
    fetched = [url for url in requests.urls if url.endswith(".narrow.svg")]
    assert len(fetched) == len(set(fetched)) == checked


def test_at_desktop_width_no_narrow_chart_is_fetched(browser_setup):
    setup = browser_setup
    context = _new_context(setup)
    _no_live_charts(context)
    requests = _Requests(context, setup["origin"])
    try:
        tab = context.new_page()
        for page, anchors in _chapters(setup, setup["report"].default_language).items():
            _visit(tab, setup["base"] + page)
            for anchor in anchors:
                tab.locator(f"#{anchor}").scroll_into_view_if_needed()
                _settle(tab)
                state = tab.evaluate(NARROW_STATE, anchor)
                assert (state["shown"], state["waiting"]) == (["wide"], 1), f"/{page}#{anchor}: {state}"
    finally:
        context.close()
    assert [url for url in requests.urls if url.endswith(".narrow.svg")] == []


def test_a_narrow_chart_that_cannot_be_fetched_leaves_the_wide_one(browser_setup):
    setup = browser_setup
    context = _new_context(setup, viewport=NARROW)
    _no_live_charts(context)
    context.route("**/*.narrow.svg", lambda route: route.fulfill(status=404, body="gone"))
    try:
        tab = context.new_page()
        page, anchors = next(iter(_chapters(setup, setup["report"].default_language).items()))
        tab.goto(setup["base"] + page, wait_until="load")
        tab.locator(f"#{anchors[0]}").scroll_into_view_if_needed()
        _settle(tab)
        state = tab.evaluate(NARROW_STATE, anchors[0])
        assert state["shown"] == ["wide"] and state["texts"][0] > 0
        assert state["failed"].endswith(".narrow.svg answered 404")
        assert not state["pageScrolls"]
    finally:
        context.close()


def test_without_javascript_a_phone_shows_the_wide_chart_at_its_own_size_scrolling_in_its_figure(browser_setup):
    setup = browser_setup
    context = _new_context(setup, viewport=NARROW, java_script_enabled=False)
    requests = _Requests(context, setup["origin"])
    problems = []
    try:
        tab = context.new_page()
        for language in _languages(setup):
            for page, anchors in _chapters(setup, language).items():
                tab.goto(setup["base"] + page, wait_until="load")
                for anchor in anchors:
                    state = tab.evaluate(NARROW_STATE, anchor)
                    if state["shown"] != ["wide"] or state["widths"] != state["ownWidths"]:
                        problems.append(f"/{page}#{anchor}: {state}")
                    # (Not the page's own width: without JavaScript Material's language menu,
                    # out of sight, juts out of a phone's page by itself.)
                    elif not state["scrolls"] or not state["inColumn"]:
                        problems.append(
                            f"/{page}#{anchor}: scrolls {state['scrolls']}, in the column {state['inColumn']}"
                        )
    finally:
        context.close()
    assert problems == []
    assert [url for url in requests.urls if url.endswith(".narrow.svg")] == []


# --- without JavaScript -------------------------------------------------------------------------

STATIC_STATE = r"""
() => [...document.querySelectorAll("figure.report-figure")].map((figure) => {
  const shown = [...figure.querySelectorAll(".report-chart__svg")].filter((svg) => {
    const box = svg.getBoundingClientRect();
    return box.width > 100 && box.height > 40 && getComputedStyle(svg).display !== "none";
  });
  return { id: figure.id, shown: shown.length, live: figure.querySelectorAll(".report-chart__live").length };
})
"""


def test_without_javascript_the_static_chart_stays(browser_setup):
    setup = browser_setup
    context = _new_context(setup, java_script_enabled=False)
    requests = _Requests(context, setup["origin"])
    try:
        tab = context.new_page()
        pages = [page for language in _languages(setup) for page in _chapters(setup, language)]
        pages.append(_embed_path(setup, setup["report"].default_language))
        seen = 0
        for page in pages:
            tab.goto(setup["base"] + page, wait_until="load")
            for figure in tab.evaluate(STATIC_STATE):
                seen += 1
                assert (figure["shown"], figure["live"]) == (1, 0), f"/{page}#{figure['id']}: {figure}"
        assert seen >= len(_languages(setup)) * _figure_count(setup) + 1
        assert not [url for url in requests.urls if "/vendor/" in url or url.endswith(".vg.json")]
    finally:
        context.close()


# --- the embed on another origin ----------------------------------------------------------------


def _embedded(setup: dict) -> str:
    """The figure the embed tests put in an <iframe>: the report's first."""
    return next(iter(setup["report_site"].definitions[1]))


def _figure_path(setup: dict, language: str) -> str:
    """figures/<slug>/ of the embedded figure below the site root, in ``language``."""
    return f"{setup['report'].prefixes[language]}figures/{figure_pages.slug('figure', _embedded(setup))}/"


def _embed_path(setup: dict, language: str) -> str:
    return _figure_path(setup, language) + "embed/"


def _translation(setup: dict) -> str:
    """A language other than the source (the source itself for a report of one language)."""
    languages = _languages(setup)
    return languages[1] if len(languages) > 1 else languages[0]


def _host_page(setup: dict, name: str, *frames: tuple[str, int]) -> str:
    """A page of another site (another origin) that frames each ``(src, width)``; its URL."""
    iframes = "".join(
        f'<iframe src="{src}" title="Figure" width="{width}" height="560"></iframe>' for src, width in frames
    )
    (setup["host_dir"] / name).write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>'
        f"<h1>Another site</h1>{iframes}</body></html>",
        encoding="utf-8",
    )
    return setup["host"] + name


def test_the_embed_page_shows_its_figure_inside_an_iframe_of_another_origin(browser_setup):
    setup = browser_setup
    embed = setup["base"] + _embed_path(setup, setup["report"].default_language)
    host = _host_page(setup, "index.html", (embed, 680))
    context = _new_context(setup)
    requests = _Requests(context, setup["origin"], setup["host"].rstrip("/"))
    try:
        tab = context.new_page()
        _visit(tab, host)
        tab.locator("iframe").hover()  # the reader's pointer over the embed: its chart becomes live
        frame = next(f for f in tab.frames if f.url == embed)
        assert urlsplit(frame.url).port != urlsplit(tab.url).port
        assert _embedded(setup) in frame.inner_text("figcaption")
        frame.wait_for_selector(".report-chart.is-live .report-chart__live.is-ready svg")
        box = frame.locator(".report-chart").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        expected = setup["report"].site_url + _figure_path(setup, setup["report"].default_language)
        assert frame.get_attribute(".report-embed__source a", "href") == expected
        assert not frame.locator(".md-header, .md-sidebar, nav").count()
    finally:
        context.close()
    assert requests.elsewhere() == []


def test_the_embed_page_shows_its_static_figure_inside_an_iframe_of_another_origin_without_javascript(browser_setup):
    setup = browser_setup
    embed = setup["base"] + _embed_path(setup, _translation(setup))
    host = _host_page(setup, "static.html", (embed, 680), (embed + "?narrow", 320))
    context = _new_context(setup, java_script_enabled=False)
    requests = _Requests(context, setup["origin"], setup["host"].rstrip("/"))
    try:
        tab = context.new_page()
        tab.goto(host, wait_until="load")
        frame = next(f for f in tab.frames if f.url == embed)
        assert urlsplit(frame.url).port != urlsplit(tab.url).port
        assert _embedded(setup) in frame.inner_text("figcaption")
        [figure] = frame.evaluate(STATIC_STATE)
        assert (figure["shown"], figure["live"]) == (1, 0), figure
        svg = frame.locator(".report-chart__svg--wide")
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        expected = setup["report"].site_url + _figure_path(setup, _translation(setup))
        assert frame.get_attribute(".report-embed__source a", "href") == expected
        # In a 320 px frame, as on a phone without scripts: the wide SVG at its own size (its
        # text legible), scrolling sideways within the figure, and the frame's page not at all.
        narrow = next(f for f in tab.frames if f.url == embed + "?narrow")
        state = narrow.evaluate(NARROW_STATE, figure["id"])
        assert state["shown"] == ["wide"] and state["widths"] == state["ownWidths"], state
        assert state["scrolls"] and state["inColumn"] and not state["pageScrolls"], state
    finally:
        context.close()
    assert requests.elsewhere() == []
    assert [url for url in requests.urls if url.endswith(".narrow.svg")] == []


def test_in_a_narrow_frame_the_embed_fetches_its_narrow_chart_and_a_wide_frame_does_not(browser_setup):
    setup = browser_setup
    embed = setup["base"] + _embed_path(setup, _translation(setup))
    host = _host_page(setup, "frames.html", (embed + "?narrow", 320), (embed, 680))
    context = _new_context(setup)
    _no_live_charts(context)
    requests = _Requests(context, setup["origin"], setup["host"].rstrip("/"))
    try:
        tab = context.new_page()
        tab.goto(host, wait_until="load")
        shown = {}
        for name, url in (("narrow", embed + "?narrow"), ("wide", embed)):
            frame = next(f for f in tab.frames if f.url == url)
            _settle(frame)
            shown[name] = frame.evaluate(NARROW_STATE, frame.evaluate("() => document.querySelector('figure').id"))
        assert shown["narrow"]["shown"] == ["narrow"] and shown["narrow"]["texts"][0] > 0, shown["narrow"]
        assert not shown["narrow"]["waiting"] and not shown["narrow"]["pageScrolls"], shown["narrow"]
        assert shown["wide"]["shown"] == ["wide"] and shown["wide"]["waiting"] == 1, shown["wide"]
    finally:
        context.close()
    assert requests.elsewhere() == []
    assert len([url for url in requests.urls if url.endswith(".narrow.svg")]) == 1


# --- the data downloads -------------------------------------------------------------------------

DOWNLOAD_LINKS = r"""() => [...document.querySelectorAll("a[download]")].map((a) => a.href)"""


def _data_pages(setup: dict) -> list[str]:
    """URL paths (below the site root) of every page that offers the data downloads, in every language."""
    report = setup["report"]
    found = []
    for language in _languages(setup):
        docs = report.docs_dir / language
        for md in sorted(docs.rglob("*.md")):
            if "data_downloads(" in md.read_text(encoding="utf-8"):
                found.append(report.prefixes[language] + downloads.page_path(md.relative_to(docs).as_posix()))
    return found


def test_every_csv_of_the_data_page_parses_with_the_header_its_metadata_describes(browser_setup):
    """On every page that offers the data downloads (none in a report without one): one CSV per
    block with data (every figure, every table but a table of groups), each parsing with the
    header its metadata describes, and the zip."""
    setup = browser_setup
    tables, figures = setup["report_site"].definitions
    with_data = len([t for t in tables.values() if t.by is None]) + len(figures)
    context = _new_context(setup)
    try:
        tab = context.new_page()
        for page in _data_pages(setup):
            language = setup["report"].language_of(page)
            tab.goto(setup["base"] + page, wait_until="load")
            links = tab.evaluate(DOWNLOAD_LINKS)
            csvs = [url for url in links if url.endswith(".csv")]
            assert len(csvs) == with_data, page
            assert any(url.endswith(".zip") for url in links), page
            for url in csvs:
                _check_csv(context, url, language)
    finally:
        context.close()


def _check_csv(context, url: str, language: str) -> None:
    response = context.request.get(url)
    assert response.ok, url
    text = response.body().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    metadata = context.request.get(url.removesuffix(".csv") + ".json")
    assert metadata.ok, url
    resource = json.loads(metadata.body())
    fields = resource["schema"]["fields"]
    assert rows[0] == [field["name"] for field in fields], url
    assert resource["language"] == language and resource["path"] == url.rsplit("/", 1)[1]
    for row in rows[1:]:
        assert len(row) == len(fields), (url, row)
        for cell, field in zip(row, fields, strict=True):
            if cell and field["type"] == "integer":
                int(cell)
            elif cell and field["type"] == "number":
                float(cell)
    if "chart" in resource:
        assert context.request.get(urljoin(url, resource["chart"])).ok, resource["chart"]
