"""The browser tests survive Chromium crashing, and still fail on a page that crashes it each time.

Chromium's browser process died once in CI under load; every later check then failed with
"Target page, context or browser has been closed", and the whole browser suite with it. Here
Chromium is made to crash for real, on two pages of a tiny site served for these tests: its
browser process killed, or its renderer sent to chrome://crash. A check cut short by a crash is
made again in a new tab or a new browser and counts only once it has run to its end; a page
that crashes Chromium on every try is reported as a page that could not be checked. A check
stuck in a call that never returns (it held a CI run for 20 minutes) is stopped by the
watchdog the same way.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_browser
from browser.server import serve
from browser.site import Page
from test_browser import CHROMIUM, CRASH_RETRIES, Chromium, Findings, _check_pages, _Pass, _require

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, list[Page]]]:
    root = tmp_path_factory.mktemp("crash-site")
    pages = []
    for name in ("first", "second"):
        (root / name).mkdir()
        html = f'<!doctype html><html lang="en"><title>{name}</title><p id="name">{name}</p></html>'
        (root / name / "index.html").write_text(html, encoding="utf-8")
        pages.append(Page(file=root / name / "index.html", path=f"{name}/", language="en"))
    with serve(root, "/") as base:
        yield base, pages


@pytest.fixture
def chromium() -> Iterator[Chromium]:
    """A Chromium of its own for each test, so that each counts its own launches."""
    _require(
        Path(CHROMIUM).is_file() or shutil.which(CHROMIUM) is not None,
        f"no Chromium at {CHROMIUM}: apt-get install chromium (or set $CHROMIUM)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = Chromium(playwright)
        try:
            yield launched
        finally:
            launched.close()


def _kill_browser_process(tab) -> None:
    processes = tab.context.browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")
    (browser_pid,) = [process["id"] for process in processes["processInfo"] if process["type"] == "browser"]
    os.kill(browser_pid, signal.SIGKILL)


def _run(chromium: Chromium, base: str, pages: list[Page], crash_on: dict[str, int], crash) -> tuple[Findings, list]:
    """Check `pages` with a check that reads each page's text, after first crashing Chromium
    (with `crash(tab)`) on the first `crash_on[page.path]` visits of that page."""
    findings = Findings(pages)
    visits: list[str] = []

    def read_name(found, tab, watch, page, base):
        visits.append(page.path)
        tab.goto(base + page.path, wait_until="load")
        found.add("seen", page, f"visit {visits.count(page.path)} reads {tab.text_content('#name')}")
        if visits.count(page.path) <= crash_on.get(page.path, 0):
            crash(tab)
            tab.evaluate("() => 0")  # the crash's error, as the next step of a real check meets it
        watch.settle(scripts=False)

    check_pass = _Pass(findings, base[: -len("/")], read_name)
    _check_pages(findings, chromium, [check_pass], pages, base)
    return findings, visits


def test_a_killed_browser_is_launched_again_and_the_check_made_again(site, chromium):
    base, pages = site
    findings, visits = _run(chromium, base, pages, {"first/": 1}, _kill_browser_process)
    assert visits == ["first/", "first/", "second/"]
    assert chromium.launches == 2
    # What the cut-short visit found is dropped; the repeated visit's reading counts.
    assert findings.lines("seen") == ["/first/ (en): visit 2 reads first", "/second/ (en): visit 1 reads second"]
    assert findings.lines("load") == []
    assert len(findings.crashes) == 1
    assert findings.crashes[0].startswith("/first/ (en): read_name (try 1): TargetClosedError")


def test_a_crashed_renderer_gets_a_new_tab_in_the_same_browser(site, chromium):
    base, pages = site
    findings, visits = _run(chromium, base, pages, {"second/": 1}, lambda tab: tab.goto("chrome://crash"))
    assert visits == ["first/", "second/", "second/"]
    assert chromium.launches == 1
    assert findings.lines("seen") == ["/first/ (en): visit 1 reads first", "/second/ (en): visit 2 reads second"]
    assert findings.lines("load") == []
    assert [crash.split(":")[0] for crash in findings.crashes] == ["/second/ (en)"]


def test_a_page_that_crashes_chromium_every_time_is_reported(site, chromium):
    base, pages = site
    tries = CRASH_RETRIES + 1
    findings, visits = _run(chromium, base, pages, {"first/": tries}, lambda tab: tab.goto("chrome://crash"))
    assert visits == ["first/"] * tries + ["second/"]
    (line,) = findings.lines("load")
    assert line.startswith(f"/first/ (en): read_name: Chromium crashed on each of {tries} tries: ")
    # The page that could not be checked has no findings of its own; the next page is checked.
    assert findings.lines("seen") == ["/second/ (en): visit 1 reads second"]


def test_an_error_of_the_page_is_not_taken_for_a_crash(site, chromium):
    base, pages = site
    findings = Findings(pages)

    def fails(found, tab, watch, page, base):
        tab.goto(base + page.path, wait_until="load")
        tab.evaluate("() => { throw new Error('broken page script') }")

    _check_pages(findings, chromium, [_Pass(findings, base[:-1], fails)], pages, base)
    assert findings.crashes == []
    assert [line.split(": ", 1)[0] for line in findings.lines("load")] == ["/first/ (en)", "/second/ (en)"]
    assert all("broken page script" in line for line in findings.lines("load"))


def test_a_check_that_never_gets_an_answer_is_stopped_and_made_again(site, monkeypatch):
    """An evaluate whose promise never settles waits for ever (Playwright gives it no limit);
    the watchdog kills the browser once the check has gone on for STUCK_CHECK_S, and the check
    is made again in a new one."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setattr(test_browser, "STUCK_CHECK_S", 2)
    monkeypatch.setattr(test_browser, "WATCHDOG_LOOK_S", 0.1)
    base, pages = site
    with sync_playwright() as playwright:
        chromium = Chromium(playwright)
        try:
            findings, visits = _run(
                chromium, base, pages, {"first/": 1}, lambda tab: tab.evaluate("() => new Promise(() => {})")
            )
        finally:
            chromium.close()
    assert visits == ["first/", "first/", "second/"]
    assert chromium.launches == 2 and chromium.stopped == 1
    assert findings.lines("seen") == ["/first/ (en): visit 2 reads first", "/second/ (en): visit 1 reads second"]
    assert findings.lines("load") == []
    (crash,) = findings.crashes
    assert crash.startswith("/first/ (en): read_name (try 1): TargetClosedError")
    assert crash.endswith("(stopped after 2 s without an answer)")
