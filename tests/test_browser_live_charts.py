"""Live charts, embeds and data downloads in a real browser (headless Chromium).

The built site is served on 127.0.0.1 under the path of site_url, as in tests/test_browser.py;
a second server on another port (another origin) serves a page that embeds a figure in an
<iframe>. Every check waits for a condition (a chart marked live, a tooltip shown, the page's
live charts settled), never for a fixed time.

- With JavaScript, every figure of both languages becomes a live Vega view of the same size and
  the same pixels as its static SVG (nothing moves or changes when it swaps), and the charts'
  scripts are not among a page's first requests.
- Hovering a bar and reaching it with the keyboard show its tooltip, with its numbers written
  in the page language (Danish ``43,2 %`` with a no-break space, English ``43.2%``); the pointer
  can move onto the tooltip, Escape dismisses it (WCAG 1.4.13), and it fades in only for readers
  who have not asked for reduced motion.
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
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser.server import serve
from browser.site import REPO_ROOT, site_path, site_url
from test_browser import CHROMIUM, CHROMIUM_ARGS, _require

from macros.blocks import references
from macros.model.definitions import definitions
from macros.outputs import downloads

pytestmark = pytest.mark.browser

LANGUAGE_PREFIXES = {"da": "", "en": "en/"}
TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}

# One bar of figure 4.3 (the involvement of civil society in the most important challenge) and
# what its tooltip says in each language: its share as the page language writes it, its count
# and the number of answers it is a share of.
TOOLTIP_FIGURE = "4.3"
TOOLTIP_BAR = {"da": "I nogen grad", "en": "Some extent"}
TOOLTIP_NUMBERS = {
    "da": ["43,2\u00a0%", "32", "74"],
    "en": ["43.2%", "32", "74"],
}
# The tooltip's share must not appear in the other language's form.
TOOLTIP_NOT = {"da": "43.2", "en": "43,2"}

SETTLED = "() => document.documentElement.getAttribute('data-live-charts') === 'idle'"
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _chapters(language: str) -> dict[str, list[str]]:
    """URL path of each page that shows figures (below the site root) -> its figures' anchors."""
    pages: dict[str, list[str]] = {}
    shown = references.block_pages(REPO_ROOT / "docs", language)
    _, figures = definitions()
    for figure_id in figures:
        page = LANGUAGE_PREFIXES[language] + downloads.page_path(shown[("figure", figure_id)])
        pages.setdefault(page, []).append(f"figure-{figure_id.replace('.', '-')}")
    return pages


@pytest.fixture(scope="module")
def browser_setup(built_site: Path, tmp_path_factory) -> Iterator[dict]:
    _require(
        Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None,
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)",
    )
    from playwright.sync_api import sync_playwright

    host_dir = tmp_path_factory.mktemp("other-origin")
    with serve(built_site, site_path()) as base, serve(host_dir, "/") as host, sync_playwright() as playwright:
        origin = base[: -len(site_path())]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield {"base": base, "origin": origin, "host": host, "host_dir": host_dir, "browser": browser}
        finally:
            browser.close()


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
@pytest.mark.parametrize("language", list(LANGUAGE_PREFIXES))
def test_every_figure_becomes_a_live_chart_of_the_same_size(browser_setup, language, width):
    """At desktop width and at 360 px (where the page shows each figure's narrow SVG, and the
    live chart draws the narrow spec), every figure becomes live, of its static SVG's size."""
    setup = browser_setup
    context = _new_context(setup, **({} if width == "wide" else {"viewport": NARROW}))
    requests = _Requests(context, setup["origin"])
    problems, checked = [], 0
    try:
        tab = context.new_page()
        for page, anchors in _chapters(language).items():
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
    _, figures = definitions()
    assert checked == len(figures)
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


@pytest.mark.parametrize("language", list(LANGUAGE_PREFIXES))
def test_every_live_chart_looks_like_its_static_svg(browser_setup, language):
    """The same spec, drawn by Vega in the browser, at the same place: the same pixels."""
    setup = browser_setup
    shots: dict[tuple[bool, str], bytes] = {}
    for javascript in (False, True):
        context = _new_context(setup, java_script_enabled=javascript)
        try:
            tab = context.new_page()
            for page, anchors in _chapters(language).items():
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
        page, anchors = max(_chapters("da").items(), key=lambda item: len(item[1]))
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
        tab.goto(setup["base"] + next(iter(_chapters("da"))), wait_until="load")
        _settle(tab)
        untouched = list(first)
        tab.mouse.move(1, 1)
        _settle(tab)
        # Nothing of the live charts until the page has loaded and the reader moves; then the
        # figure near the first screen becomes live.
        assert not [url for url in untouched if "/vendor/" in url or url.endswith(".vg.json")]
        assert [url for url in first if url.endswith("/vendor/vega.min.js")], "no figure near the first screen loaded"
    finally:
        context.close()


# --- tooltips: mouse and keyboard --------------------------------------------------------------

TOOLTIP = "#report-chart-tooltip"


def _tooltip_page(setup: dict, tab, language: str) -> str:
    anchor = f"figure-{TOOLTIP_FIGURE.replace('.', '-')}"
    page = next(page for page, anchors in _chapters(language).items() if anchor in anchors)
    _visit(tab, setup["base"] + page)
    tab.locator(f"#{anchor}").scroll_into_view_if_needed()
    _settle(tab)
    tab.wait_for_selector(f"#{anchor} .report-chart.is-live")
    return anchor


@pytest.mark.parametrize("language", list(LANGUAGE_PREFIXES))
def test_hovering_a_bar_shows_its_numbers_in_the_page_language(browser_setup, language):
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        anchor = _tooltip_page(setup, tab, language)
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


@pytest.mark.parametrize("language", list(LANGUAGE_PREFIXES))
def test_the_keyboard_reaches_every_bar_and_shows_its_numbers(browser_setup, language):
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        anchor = _tooltip_page(setup, tab, language)
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


BOX = (
    "(selector) => ((r) => [r.left, r.top, r.width, r.height])"
    "(document.querySelector(selector).getBoundingClientRect())"
)
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
        anchor = _tooltip_page(setup, tab, "en")
        bar_selector = f'#{anchor} .report-chart__bar[aria-label^="{TOOLTIP_BAR["en"]}:"]'
        bar = _centre(tab.evaluate(BOX, bar_selector))
        tab.mouse.move(*bar)
        tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
        # Onto the tooltip, through every point between: it stays, and the pointer is on it.
        tip = _centre(tab.evaluate(BOX, TOOLTIP))
        tab.mouse.move(*tip, steps=12)
        assert tab.evaluate(TOOLTIP_SHOWN)
        assert tab.evaluate(AT_POINT, list(tip)), "the pointer is not over the tooltip"
        assert "43.2%" in tab.inner_text(TOOLTIP)
        # Escape dismisses it, the pointer where it is.
        tab.keyboard.press("Escape")
        tab.wait_for_selector(TOOLTIP, state="hidden")
        # Back on the bar, then moving over it: dismissed it stays, until the pointer leaves the bar.
        tab.mouse.move(*bar, steps=4)
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
            anchor = _tooltip_page(setup, tab, "da")
            tab.locator(f"#{anchor} .report-chart__bar").first.focus()
            tab.wait_for_selector(f"{TOOLTIP}:not([hidden])")
            names[motion] = tab.evaluate(TOOLTIP_ANIMATION)
        finally:
            context.close()
    assert names["reduce"] == "none"
    assert names["no-preference"] != "none"


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
        pages = [page for language in LANGUAGE_PREFIXES for page in _chapters(language)]
        _, figures = definitions()
        pages.append("figures/4-2/embed/")
        seen = 0
        for page in pages:
            tab.goto(setup["base"] + page, wait_until="load")
            for figure in tab.evaluate(STATIC_STATE):
                seen += 1
                assert (figure["shown"], figure["live"]) == (1, 0), f"/{page}#{figure['id']}: {figure}"
        assert seen >= 2 * len(figures) + 1
        assert not [url for url in requests.urls if "/vendor/" in url or url.endswith(".vg.json")]
    finally:
        context.close()


# --- the embed on another origin ----------------------------------------------------------------


def test_the_embed_page_shows_its_figure_inside_an_iframe_of_another_origin(browser_setup):
    setup = browser_setup
    embed = setup["base"] + "figures/4-2/embed/"
    (setup["host_dir"] / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>'
        f'<h1>Another site</h1><iframe src="{embed}" title="Figure" width="680" height="560"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    context = _new_context(setup)
    requests = _Requests(context, setup["origin"], setup["host"].rstrip("/"))
    try:
        tab = context.new_page()
        _visit(tab, setup["host"] + "index.html")
        tab.locator("iframe").hover()  # the reader's pointer over the embed: its chart becomes live
        frame = next(f for f in tab.frames if f.url == embed)
        assert urlsplit(frame.url).port != urlsplit(tab.url).port
        assert "4.2" in frame.inner_text("figcaption")
        frame.wait_for_selector(".report-chart.is-live .report-chart__live.is-ready svg")
        box = frame.locator(".report-chart").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert frame.get_attribute(".report-embed__source a", "href") == site_url() + "figures/4-2/"
        assert not frame.locator(".md-header, .md-sidebar, nav").count()
    finally:
        context.close()
    assert requests.elsewhere() == []


def test_the_embed_page_shows_its_static_figure_inside_an_iframe_of_another_origin_without_javascript(browser_setup):
    setup = browser_setup
    embed = setup["base"] + "en/figures/4-2/embed/"
    (setup["host_dir"] / "static.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>'
        f'<h1>Another site</h1><iframe src="{embed}" title="Figure" width="680" height="560"></iframe>'
        f'<iframe src="{embed}?narrow" title="Figure" width="320" height="560"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    context = _new_context(setup, java_script_enabled=False)
    requests = _Requests(context, setup["origin"], setup["host"].rstrip("/"))
    try:
        tab = context.new_page()
        tab.goto(setup["host"] + "static.html", wait_until="load")
        frame = next(f for f in tab.frames if f.url == embed)
        assert urlsplit(frame.url).port != urlsplit(tab.url).port
        assert "4.2" in frame.inner_text("figcaption")
        [figure] = frame.evaluate(STATIC_STATE)
        assert (figure["shown"], figure["live"]) == (1, 0), figure
        svg = frame.locator(".report-chart__svg--wide")
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 100
        assert frame.get_attribute(".report-embed__source a", "href") == site_url() + "en/figures/4-2/"
        # Responsive: in a 320 px frame the narrow SVG shows, and nothing scrolls sideways.
        narrow = next(f for f in tab.frames if f.url == embed + "?narrow")
        [figure] = narrow.evaluate(STATIC_STATE)
        assert (figure["shown"], figure["live"]) == (1, 0), figure
        assert narrow.locator(".report-chart__svg--narrow").is_visible()
        sideways = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert narrow.evaluate(sideways) <= 0
    finally:
        context.close()
    assert requests.elsewhere() == []


# --- the data downloads -------------------------------------------------------------------------

DOWNLOAD_LINKS = r"""() => [...document.querySelectorAll("a[download]")].map((a) => a.href)"""


@pytest.mark.parametrize("language", list(LANGUAGE_PREFIXES))
def test_every_csv_of_the_data_page_parses_with_the_header_its_metadata_describes(browser_setup, language):
    setup = browser_setup
    context = _new_context(setup)
    try:
        tab = context.new_page()
        tab.goto(setup["base"] + LANGUAGE_PREFIXES[language] + "data/", wait_until="load")
        links = tab.evaluate(DOWNLOAD_LINKS)
        csvs = [url for url in links if url.endswith(".csv")]
        tables, figures = definitions()
        assert len(csvs) == len(tables) + len(figures)
        assert any(url.endswith(".zip") for url in links)
        for url in csvs:
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
    finally:
        context.close()
