"""The built site in a real browser (headless Chromium), every page in every language.

Engine tests: they run for each report of ``report_site`` (this report and the example report,
see tests/conftest.py), with the pages, languages and address read from that report's own
mkdocs.yml and built site (tests/browser/site.py), so nothing here names a page of one report.
Each report's site is served on 127.0.0.1 under the path of its site_url, as GitHub Pages serves it.
One pass over all pages collects every problem; each test below then reports one kind of
problem for all pages at once. Each line of a failure names the page (its address below
the site, its language and the Markdown file it is made from) and what is wrong, e.g.

    /en/challenges/ (en, docs/en/challenges.md): figure #figure-4-1 "Figure 4.1. ...":
    no chart shown with JavaScript off

Every page is opened twice: with JavaScript on at desktop width (console and network
throughout; print, figures and the keyboard, axe, the language switch to each other language,
then the window narrowed to 360 px) and with JavaScript off (charts). Two browsers share the
pages, to use both cores of a CI machine. ``-k example`` (or ``-k this-report``) checks one report.

Nothing here depends on timing or on how busy the machine is. The browser asks the site for
reduced motion (the site's style sheet then has no transitions or animations, see
`prefers-reduced-motion` in docs/assets/stylesheets/site.css), and every check waits for a
state rather than for a time: a page is done when it has loaded, its fonts are in, every
worker it gave work has answered, no animation is running and every request it made has
ended (Material's search worker gets its index only once the reader starts to search, which
tests/test_search_browser.py checks). The only time limits, HANG_GUARD_MS and STUCK_CHECK_S, are
there to end a run that hangs (the first fails the page; the second makes a stuck check again in
a new browser, as after a crash), never to decide whether a page passes.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM) and axe-core from npm
(`npm ci`). Without them these tests are skipped on a developer's machine and fail
under CI=true, so CI never passes without having run them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from browser import page_scripts as js
from browser.server import serve
from browser.site import REPO_ROOT, Page, Report

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Browsers working in parallel, each on its share of the pages.
WORKERS = int(os.environ.get("BROWSER_TEST_WORKERS") or min(2, os.cpu_count() or 1))

# Chromium's own background connections (updates, sync, safe browsing) fail in a closed
# network and would show up as requests to other hosts; these flags switch them off.
# The resolver rule makes every other host unreachable from this browser at once: a page's
# request to one is reported (below) and never leaves the machine, or waits on a timeout.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}

# Material's navigation: print media must hide all of it.
NAVIGATION = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-top",
]

# axe rules switched off, each with its reason. None: the site is fixed instead.
AXE_DISABLED_RULES: dict[str, str] = {}
# All of axe runs at desktop width. At 360 px this rule runs again, as its outcome depends
# on the width: content that scrolls in its own box there needs keyboard access.
AXE_NARROW_RULES = ["scrollable-region-focusable"]

# Not a time anything is expected to take: a guard that ends a hung run (a page that never
# finishes loading, a worker that never answers) with a failure naming the page, instead of
# letting CI wait forever. Every wait below is for a state; none ends early at this limit.
HANG_GUARD_MS = 180_000
# A check that has gone on this long is stuck in a call without a time limit, and its browser is
# killed so that the check is made again (see Chromium). A check takes seconds; a guarded wait
# inside one fails it at HANG_GUARD_MS first.
STUCK_CHECK_S = 600
WATCHDOG_LOOK_S = 5
# How often a wait for a page's requests to end looks again (see _Watch._requests_ended).
REQUEST_POLL_MS = 20


def _require(condition: bool, reason: str) -> None:
    """Skip with `reason` on a developer's machine; fail under CI, where nothing may skip."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def served_chromium(site: Path, prefix: str) -> Iterator[tuple[str, object]]:
    """(base URL, browser): `site` served under `prefix` and Chromium launched to visit it, for a
    test file's own module fixture; skips (fails under CI) without Chromium."""
    _require(
        Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None,
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)",
    )
    from playwright.sync_api import sync_playwright

    with serve(site, prefix) as base, sync_playwright() as playwright:
        chromium = Chromium(playwright)
        try:
            yield base, chromium
        finally:
            chromium.close()


class Chromium:
    """A Chromium launched for a test module, launched again if it has crashed or stopped answering.

    Chromium's browser process can die under a CI machine's load (seen in CI: every later
    `new_context` then fails with "Target page, context or browser has been closed"). A crash
    fails only the check it happened in; the next context comes from a new browser.

    Chromium can also stop answering, with nothing running: a `Page.evaluate` that never
    returned held a CI run for 20 minutes until the browser was killed by hand, and then the
    check was made again and passed. Playwright gives `evaluate` no time limit, so a watchdog
    thread does what was done by hand: when one check (see :meth:`check`) has gone on for
    STUCK_CHECK_S, which no check comes near (they take seconds), it kills this browser's
    process. The check's pending call then fails as at a crash, and the check is made again in
    a new browser (`_check_pages`), its stop noted among the crashes.
    """

    def __init__(self, playwright) -> None:
        self._playwright = playwright
        self._browser = None
        self.launches = 0
        # Names this browser's processes on the command line (Chromium ignores a switch it does
        # not know), so that the watchdog kills this one and no other.
        self._tag = f"--report-test-browser={uuid.uuid4().hex}"
        self._check_started: float | None = None
        self.stopped = 0  # checks the watchdog stopped
        self._closing = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="browser-watchdog", daemon=True)
        self._watchdog.start()

    @property
    def browser(self):
        if self._browser is None or not self._browser.is_connected():
            self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, self._tag])
            self.launches += 1
        return self._browser

    def new_context(self, **options):
        return self.browser.new_context(**options)

    @contextlib.contextmanager
    def check(self) -> Iterator[None]:
        """One check's run, which the watchdog stops should it go on for STUCK_CHECK_S."""
        self._check_started = time.monotonic()
        try:
            yield
        finally:
            self._check_started = None

    def _watch(self) -> None:
        while not self._closing.wait(WATCHDOG_LOOK_S):
            started = self._check_started
            if started is not None and time.monotonic() - started > STUCK_CHECK_S:
                self._check_started = time.monotonic()  # one kill per stop; the retry starts anew
                self.stopped += 1
                self._kill()

    def _kill(self) -> None:
        """Kill this browser's main process (its other processes end with it)."""
        tag = self._tag.encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                arguments = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if tag in arguments and not any(a.startswith(b"--type=") for a in arguments):
                with contextlib.suppress(OSError):
                    os.kill(int(entry.name), signal.SIGKILL)

    def close(self) -> None:
        self._closing.set()
        if self._browser is not None and self._browser.is_connected():
            self._browser.close()
        self._browser = None


class Findings:
    """Problems found, per kind of check, as 'page: what is wrong' lines in page order."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self._order = {page.path: index for index, page in enumerate(pages)}
        self._problems: dict[str, list[tuple[int, str]]] = {}
        self._lock = threading.Lock()
        self.seconds = 0.0
        # Checks that Chromium's crash cut short and that were made again ("page: check: how").
        self.crashes: list[str] = []

    def add(self, check: str, page: Page, what: str) -> None:
        line = f"{page.label}: {what}"
        with self._lock:
            lines = self._problems.setdefault(check, [])
            if all(line != existing for _, existing in lines):
                lines.append((self._order[page.path], line))

    def add_crash(self, line: str) -> None:
        with self._lock:
            self.crashes.append(line)

    def lines(self, check: str) -> list[str]:
        return [line for _, line in sorted(self._problems.get(check, []))]


class _Visit:
    """What one check of one page found, kept apart until the check has run to its end.

    A check that Chromium's crash cut short is made again from the start; what it had found
    up to the crash (a failed request, a console error about the crash) is dropped with it.
    """

    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self._found: list[tuple[str, Page, str]] = []

    def add(self, check: str, page: Page, what: str) -> None:
        self._found.append((check, page, what))

    def commit(self) -> None:
        for check, page, what in self._found:
            self.findings.add(check, page, what)


class _Crashed(Exception):
    """Chromium crashed during a check: its browser process, or the renderer of the check's tab."""


class _Watch:
    """Console errors, failed requests and requests to other hosts of one page in a tab.

    A request to another host is reported once, as such; its failure (the browser cannot
    reach other hosts) and the console error about it are not reported again.
    """

    def __init__(self, findings: _Visit, page: Page, tab, origin: str) -> None:
        self.findings = findings
        self.page = page
        self.tab = tab
        self.origin = origin
        self.active = True
        self.pending: dict[object, str] = {}
        self.blocked: set[str] = set()
        self.stopped: set[str] = set()  # navigations the test itself stopped
        self._listeners = {
            "console": self._console,
            "pageerror": self._page_error,
            "request": self._request,
            "requestfinished": self._done,
            "requestfailed": self._failed,
            "response": self._response,
        }
        for event, listener in self._listeners.items():
            tab.on(event, listener)

    def detach(self) -> None:
        for event, listener in self._listeners.items():
            self.tab.remove_listener(event, listener)

    def _report(self, check: str, what: str) -> None:
        if self.active:
            self.findings.add(check, self.page, what)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if source in self.blocked:
            return  # already reported as a request to another host
        where = f" (at {source}:{message.location.get('lineNumber')})" if source else ""
        self._report("console", f"console error: {message.text}{where}")

    def _page_error(self, error) -> None:
        self._report("console", f"uncaught JavaScript error: {error}")

    def _request(self, request) -> None:
        url = request.url
        if not url.startswith((self.origin + "/", "data:", "blob:", "about:")):
            self.blocked.add(url)
            self._report("other_hosts", f"requests {url} (another host)")
        self.pending[request] = url

    def _done(self, request) -> None:
        self.pending.pop(request, None)

    def _failed(self, request) -> None:
        self._done(request)
        if request.url not in self.blocked | self.stopped:
            self._report("requests", f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self._report("requests", f"HTTP {response.status} for {response.url}")

    def _requests_ended(self) -> None:
        """Wait for every request the page has started to end (finished or failed).

        The wait is for the requests' own events ("requestfinished" or "requestfailed", which
        take them out of ``pending``): Playwright delivers them while the tab waits, so the loop
        waits a moment at a time until none is pending, whatever the machine's load; the moment
        sets only how often it looks. Not ``Response.finished()``: Chromium can fail a request
        after its response (an aborted fetch or preload), and then that never resolves, which
        hung a CI run for good; nor ``Request.response()``, which has no time limit either.
        """
        guard = time.monotonic() + HANG_GUARD_MS / 1000
        while self.pending:
            if time.monotonic() > guard:
                raise RuntimeError("requests never ended: " + ", ".join(sorted(self.pending.values())))
            self.tab.wait_for_timeout(REQUEST_POLL_MS)

    def settle(self, scripts: bool = True) -> None:
        """Wait until the page is in its final state: loaded, quiet, and every request ended.

        With JavaScript on, "quiet" is js.SETTLED: fonts loaded, every worker the page gave
        work has answered (Material's search worker, if a check started the search, answers
        once its index is built), and no animation or transition is running. Requests may
        start while that is awaited (the search index, the worker's language files), so both
        are awaited until they hold at once.
        """
        self.tab.wait_for_load_state("load")
        while True:
            if scripts:
                _await_page(self.tab, js.SETTLED)
            self._requests_ended()
            if not scripts or not self.pending:
                return


def _await_page(tab, script: str, argument=None):
    """Run an async page script to its end and return its result.

    The script runs in the page and stores its result on window; the wait is for that to be
    set (Playwright's own wait, which honours HANG_GUARD_MS), so a script that never ends
    fails the page instead of hanging the run.
    """
    tab.evaluate(js.START, [script, argument])
    tab.wait_for_function(js.FINISHED, timeout=HANG_GUARD_MS)
    outcome = tab.evaluate(js.RESULT)
    if "error" in outcome:
        raise RuntimeError(f"page script failed: {outcome['error']}")
    return outcome.get("value")


def read_page_as(chromium, url: str, html: str, script: str):
    """``script``'s reading of the page at ``url`` served with ``html`` in its place (at the same
    address, so that its relative links and assets are the same), once it has settled; in a new
    context of its own (a desktop viewport, reduced motion)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, reduced_motion="reduce")
    context.set_default_timeout(HANG_GUARD_MS)
    tab = context.new_page()
    try:
        tab.route(url, lambda route, request: route.fulfill(content_type="text/html; charset=utf-8", body=html))
        tab.goto(url, wait_until="load")
        _await_page(tab, js.SETTLED)
        return tab.evaluate(script)
    finally:
        context.close()


class _Pass:
    """One browser context (viewport, JavaScript on or off) and the check run in it per page.

    One tab serves every page in turn: each visit ends with the network quiet, so nothing
    of one page spills into the next. After an error the tab is replaced. Should Chromium
    crash during a check (its browser process or the tab's renderer), `run` raises _Crashed
    and drops what that check had found; `open` then makes the context again in a new browser.
    """

    def __init__(self, findings: Findings, origin: str, check: Callable, **options) -> None:
        self.findings = findings
        self.check = check
        self.options = options
        self.origin = origin
        # What every context of this pass starts with (init scripts, routes), in order.
        self._setups: list[Callable] = []
        self.browser = None
        self.context = None
        self.tab = None
        self.watch: _Watch | None = None
        self._crashed = False

    def open(self, browser) -> None:
        """This pass's context in `browser` (a new one after a crash), set up as before."""
        self.browser = browser
        self.context = browser.new_context(**self.options)
        self.context.set_default_timeout(HANG_GUARD_MS)
        self.tab = None
        for setup in self._setups:
            setup(self.context)

    def set_up(self, setup: Callable) -> None:
        """Apply `setup(context)` now and to every context this pass opens later."""
        self._setups.append(setup)
        if self.context is not None:
            setup(self.context)

    def _new_tab(self):
        tab = self.context.new_page()
        self._crashed = False
        tab.on("crash", self._on_crash)
        return tab

    def _on_crash(self, _tab) -> None:
        self._crashed = True

    def _chromium_crashed(self) -> bool:
        """Whether the check's error came from Chromium crashing rather than from the page.

        A renderer's crash event may still be on its way when the error arrives: one round trip
        to the tab delivers it (and fails at once if the tab is gone).
        """
        if not self.browser.is_connected() or self._crashed:
            return True
        try:
            self.tab.evaluate("() => 0")
        except Exception:
            return True
        return self._crashed or not self.browser.is_connected()

    def run(self, page: Page, base: str) -> None:
        if self.tab is None:
            self.tab = self._new_tab()
        visit = _Visit(self.findings)
        watch = self.watch = _Watch(visit, page, self.tab, self.origin)
        replace_tab = False
        try:
            self.check(visit, self.tab, watch, page, base)
            # What the checks themselves started (a live chart's spec, fetched after the last
            # pointer move) ends on this page: the next page's navigation would abort it, and
            # that abort is the test's doing, not the site's.
            watch._requests_ended()
        except Exception as error:
            replace_tab = True
            text = str(error).strip()
            first_line = text.splitlines()[0] if text else ""
            what = f"{type(error).__name__}: {first_line}"
            if self._chromium_crashed():
                raise _Crashed(what) from error
            visit.add("load", page, f"{self.check.__name__}: {what}")
        finally:
            watch.active = False
            watch.detach()
            self.watch = None
            if replace_tab:
                with contextlib.suppress(Exception):  # a crashed tab or browser may not answer
                    self.tab.close()
                self.tab = None
        visit.commit()


# How many times one page's check may be made again after Chromium crashed during it. A crash
# is as a rule the machine's doing (memory, load); a page that crashes Chromium each time it is
# opened is the site's, and is reported as a page that could not be checked.
CRASH_RETRIES = 2


def _check_pages(findings: Findings, chromium: Chromium, passes: list[_Pass], pages: list[Page], base: str) -> None:
    """Each pass's check on each page, in `chromium`; a check that Chromium's crash cut short is
    made again (in a new tab, or in a new browser when the browser itself died), up to
    CRASH_RETRIES times."""
    for page in pages:
        for browser_pass in passes:
            for attempt in range(1, CRASH_RETRIES + 2):
                browser = chromium.browser  # a new one if the last has crashed
                for each in passes:
                    if each.browser is not browser:
                        each.open(browser)
                stopped = chromium.stopped
                try:
                    with chromium.check():
                        browser_pass.run(page, base)
                    break
                except _Crashed as crash:
                    name = browser_pass.check.__name__
                    how = f" (stopped after {STUCK_CHECK_S} s without an answer)" if chromium.stopped > stopped else ""
                    findings.add_crash(f"{page.label}: {name} (try {attempt}): {crash}{how}")
                    if attempt > CRASH_RETRIES:
                        findings.add("load", page, f"{name}: Chromium crashed on each of {attempt} tries: {crash}")


def _visit(tab, url: str) -> None:
    response = tab.goto(url, wait_until="load")
    if response is None or response.status >= 400:
        raise RuntimeError(f"{url} answered {response.status if response else 'nothing'}")


def _live_charts_settled(tab) -> None:
    """Wait until no figure is being made live (docs/assets/js/figures.js marks <html>), so that no
    check meets a chart halfway through its swap from static SVG to live view. Two frames first: a
    resize or scroll reaches the page's observers and media-query listeners by then."""
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    tab.wait_for_function("() => document.documentElement.getAttribute('data-live-charts') !== 'loading'")


def _check_desktop(findings: _Visit, tab, watch: _Watch, page: Page, base: str) -> None:
    """JavaScript on, desktop width: print, figures and keyboard, axe, language switch, 360 px."""
    _visit(tab, base + page.path)
    watch.settle()

    # Reduced motion, which the browser asks for, leaves nothing on the page that moves.
    for problem in tab.evaluate(js.MOTION):
        findings.add("motion", page, f"moves despite prefers-reduced-motion: {problem}")
    _live_charts_settled(tab)

    # Print first, while the figures' data tables are as a reader finds them (closed).
    tab.emulate_media(media="print")
    _await_page(tab, js.STABLE)
    for problem in tab.evaluate(js.PRINT_STATE, NAVIGATION):
        findings.add("print", page, f"print: {problem}")
    tab.emulate_media(media="screen")
    _await_page(tab, js.STABLE)

    for figure in tab.evaluate(js.FIGURES):
        if not figure["chartShown"]:
            findings.add(
                "figures_js_on",
                page,
                f"{figure['name']}: no chart shown with JavaScript on (needs an <svg> or <img> "
                f"of at least 100 x 40 px outside the data table; the figure has "
                f"{figure['chartElements']} svg/img elements)",
            )
        _check_table_keyboard(findings, tab, page, figure)

    # After the keyboard check, so the data tables it opened are checked too.
    _live_charts_settled(tab)
    _axe(findings, tab, page, only=None)

    watch.settle()
    if page.alternates:
        _check_language_switch(findings, tab, watch, page, base)

    # Last, a phone-sized window (the page stays as it is: CSS media queries and Material's
    # resize handlers apply), with the mouse away from the language menu.
    tab.mouse.move(0, 0)
    tab.set_viewport_size(NARROW)
    _live_charts_settled(tab)
    _axe(findings, tab, page, only=AXE_NARROW_RULES, where=f" at {NARROW['width']} px")
    _await_page(tab, js.STABLE)
    overflow = tab.evaluate(js.HORIZONTAL_OVERFLOW)
    if overflow["scrollWidth"] > overflow["width"]:
        culprits = "; ".join(overflow["culprits"]) or "no single element found"
        findings.add(
            "narrow",
            page,
            f"at {NARROW['width']} px wide the page scrolls sideways "
            f"({overflow['scrollWidth']} px of content): {culprits}",
        )
    tab.set_viewport_size(DESKTOP)
    watch.settle()


def _axe(findings: _Visit, tab, page: Page, only: list[str] | None, where: str = "") -> None:
    # The page as it rests: after a scroll (focus moves it) Material swaps the header title,
    # and a menu closes when the mouse leaves it; axe must see the end of that, not a frame of it.
    _await_page(tab, js.STABLE)
    for violation in _await_page(tab, js.AXE_RUN, [only, list(AXE_DISABLED_RULES)]):
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            findings.add(
                "axe",
                page,
                f"axe rule {violation['id']} ({violation['impact']}){where}: {violation['help']}; "
                f"element {node['target']} {node['html']!r}; {summary}; see {violation['helpUrl']}",
            )


def _check_table_keyboard(findings: _Visit, tab, page: Page, figure: dict) -> None:
    """The data table is shown, or sits in a <details> whose summary Tab reaches and Enter opens."""
    name = figure["name"]
    if not figure["hasTable"]:
        findings.add("table_keyboard", page, f"{name}: has no data table")
        return
    if not figure["inClosedDetails"]:
        if not figure["tableShown"]:
            findings.add(
                "table_keyboard",
                page,
                f"{name}: its data table is hidden, and not in a <details> a keyboard can open",
            )
        return
    index = figure["index"]
    if not tab.evaluate(js.FOCUS_BEFORE_DETAILS, index):
        findings.add(
            "table_keyboard",
            page,
            f"{name}: could not place focus before its data table",
        )
        return
    tab.keyboard.press("Tab")
    focus = tab.evaluate(js.FOCUS_STATE, index)
    if not focus["onSummary"]:
        tab.evaluate(js.TABLE_OPENED, index)  # removes the focus marker
        findings.add(
            "table_keyboard",
            page,
            f"{name}: Tab does not reach the <summary> that opens its data table (focus went to {focus['active']})",
        )
        return
    tab.keyboard.press("Enter")
    opened = tab.evaluate(js.TABLE_OPENED, index)
    if not (opened["open"] and opened["tableShown"]):
        findings.add(
            "table_keyboard",
            page,
            f"{name}: Enter on its <summary> does not show the data table "
            f"(details open: {opened['open']}, table shown: {opened['tableShown']})",
        )


def _check_language_switch(findings: _Visit, tab, watch: _Watch, page: Page, base: str) -> None:
    """Open the language menu and choose each other language in turn, as a reader does.

    Each navigation a click starts is recorded and stopped before it leaves the page: the page
    it goes to is checked on its own visit, and the tab stays ready for the next choice.
    """
    others = tab.locator(f'.md-header a.md-select__link:not([hreflang="{page.language}"])')
    if others.count() != len(page.alternates):
        findings.add(
            "language_switch",
            page,
            f"the language menu has {others.count()} links to another language (expected {len(page.alternates)})",
        )
        return
    for language, alternate in page.alternates:
        _choose_language(findings, tab, watch, page, language, base + alternate)


def _choose_language(findings: _Visit, tab, watch: _Watch, page: Page, language: str, expected: str) -> None:
    links = tab.locator(f'.md-header a.md-select__link[hreflang="{language}"]')
    if links.count() != 1:
        findings.add(
            "language_switch",
            page,
            f"the language menu has {links.count()} links to '{language}' (expected 1)",
        )
        return
    targets: list[str] = []

    def hold(route) -> None:
        if route.request.is_navigation_request() and route.request.frame == tab.main_frame:
            targets.append(route.request.url)
            watch.stopped.add(route.request.url)  # its failure is the test's doing
            route.abort("aborted")
        else:
            route.fallback()

    link = links.first
    href = link.get_attribute("href") or ""
    if not href or href.startswith(("#", "javascript:")):
        findings.add("language_switch", page, f"choosing '{language}' goes nowhere (href {href!r})")
        return
    tab.route("**/*", hold)
    try:
        tab.hover(".md-header .md-select")
        # The navigation the click starts ends as a failed request (stopped by `hold`): waiting
        # for that event waits exactly as long as the browser takes.
        with tab.expect_event("requestfailed", lambda request: request.is_navigation_request()):
            link.click()
    finally:
        tab.unroute("**/*", hold)
    if not targets:
        findings.add("language_switch", page, f"choosing '{language}' goes nowhere")
    elif targets[0] != expected:
        findings.add(
            "language_switch",
            page,
            f"the language switcher leads to {targets[0]} for '{language}', not to {expected}",
        )


def _check_without_javascript(findings: _Visit, tab, watch: _Watch, page: Page, base: str) -> None:
    _visit(tab, base + page.path)
    for figure in tab.evaluate(js.FIGURES):
        if not figure["chartShown"]:
            findings.add(
                "figures_js_off",
                page,
                f"{figure['name']}: no chart shown with JavaScript off "
                f"(the figure has {figure['chartElements']} svg/img elements)",
            )
    watch.settle(scripts=False)


def _stub_search_index(context, base: str) -> None:
    """After the first page, give Material's search an index without documents.

    A page loads the search index only when the reader starts to search (overrides/main.html);
    should a check here do that, building the whole index in the search worker is about half a
    second of CPU each time, the same work on every page. Later pages then get an index with
    the same configuration (so the worker still loads its language files) but no documents.
    """
    url = base + "search/search_index.json"
    config = context.request.get(url).json()["config"]
    body = json.dumps({"config": config, "docs": []})
    context.route(
        url,
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )


def _worker(findings: Findings, pages: list[Page], base: str, origin: str) -> None:
    """One browser, two contexts (JavaScript on and off), its share of the pages."""
    from playwright.sync_api import sync_playwright

    desktop = _Pass(findings, origin, _check_desktop, viewport=DESKTOP, reduced_motion="reduce")
    # axe-core is loaded into every page of this context before the page's own scripts,
    # and so is the record of the page's workers that js.SETTLED awaits.
    desktop.set_up(lambda context: context.add_init_script(path=str(AXE)))
    desktop.set_up(lambda context: context.add_init_script(script=js.WORKER_RECORD))
    no_js = _Pass(
        findings,
        origin,
        _check_without_javascript,
        viewport=DESKTOP,
        reduced_motion="reduce",
        java_script_enabled=False,
    )
    with sync_playwright() as playwright:
        chromium = Chromium(playwright)
        try:
            _check_pages(findings, chromium, [desktop, no_js], pages[:1], base)
            desktop.set_up(lambda context: _stub_search_index(context, base))
            _check_pages(findings, chromium, [desktop, no_js], pages[1:], base)
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def browser_findings(report_site, request) -> Iterator[Findings]:
    """Every page of one report's built site checked once (see the module's docstring)."""
    _require(
        Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None,
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)",
    )
    _require(AXE.is_file(), f"no axe-core at {AXE.relative_to(REPO_ROOT)}: run `npm ci`")
    report = Report(report_site.root, report_site.name)
    # Redirect stubs of old addresses leave at once; test_links.py checks where they lead.
    pages = [page for page in report.discover_pages(report_site.site) if not page.redirect]
    findings = Findings(pages)
    prefix = report.site_path
    started = time.monotonic()
    with serve(report_site.site, prefix) as base:
        origin = base[: -len(prefix)]
        shares = [pages[i::WORKERS] for i in range(WORKERS)]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            for done in [pool.submit(_worker, findings, share, base, origin) for share in shares]:
                done.result()
    findings.seconds = time.monotonic() - started
    # The time it took, in the test log (pytest would capture a plain print here).
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"browser tests ({report_site.name}): {len(pages)} pages checked in {findings.seconds:.0f} s "
                f"by {WORKERS} browser(s) ({CHROMIUM})"
            )
            for crash in findings.crashes:
                reporter.write_line(f"  Chromium crashed, the check was made again: {crash}")
    yield findings


def _assert_none(findings: Findings, check: str, what: str) -> None:
    problems = findings.lines(check)
    if problems:
        pytest.fail(
            f"{what}: {len(problems)} problem(s) on {len(findings.pages)} pages checked\n  " + "\n  ".join(problems),
            pytrace=False,
        )


def test_every_page_was_checked(browser_findings):
    assert len(browser_findings.pages) >= 2, "the built site has no pages"
    _assert_none(browser_findings, "load", "Pages that could not be checked")


def test_no_console_errors(browser_findings):
    _assert_none(browser_findings, "console", "Console errors")


def test_no_failed_requests(browser_findings):
    _assert_none(browser_findings, "requests", "Failed requests")


def test_no_requests_to_other_hosts(browser_findings):
    _assert_none(browser_findings, "other_hosts", "Requests to hosts other than the site")


def test_language_switcher_lands_on_the_same_page(browser_findings):
    _assert_none(browser_findings, "language_switch", "Language switcher")


def test_figures_show_their_chart_with_javascript_on(browser_findings):
    _assert_none(browser_findings, "figures_js_on", "Figures without a chart (JavaScript on)")


def test_figures_show_their_chart_with_javascript_off(browser_findings):
    _assert_none(browser_findings, "figures_js_off", "Figures without a chart (JavaScript off)")


def test_figure_data_tables_open_with_the_keyboard(browser_findings):
    _assert_none(browser_findings, "table_keyboard", "Figure data tables and the keyboard")


def test_no_page_scrolls_sideways_at_360px(browser_findings):
    _assert_none(browser_findings, "narrow", f"Sideways scrolling at {NARROW['width']} px")


def test_print_keeps_charts_and_tables_and_hides_navigation(browser_findings):
    _assert_none(browser_findings, "print", "Print")


def test_pages_honour_reduced_motion(browser_findings):
    _assert_none(browser_findings, "motion", "Motion with prefers-reduced-motion: reduce")


def test_axe_finds_no_wcag_21_aa_violations(browser_findings):
    unexplained = [rule for rule, reason in AXE_DISABLED_RULES.items() if not reason.strip()]
    assert not unexplained, f"axe rules switched off without a reason: {unexplained}"
    _assert_none(browser_findings, "axe", "Accessibility (axe-core, WCAG 2.1 A and AA)")
