"""What a reader's browser transfers to show a page: a measurement to run by hand (not a test).

Serves a built site on 127.0.0.1 under the path of site_url (as the browser tests do), opens a
page in headless Chromium at desktop width without scrolling, and lists every request started
before the page's ``load`` event (its first load), each with its size as served gzip-compressed
(level 6, as GitHub Pages compresses text; images and fonts are counted as they are, being
compressed already). Requests made after ``load`` (live charts loaded as a figure nears the
viewport) are listed apart. Then the page is scrolled to its end, to show what the figures' live
charts cost once they load, and last the search field is focused, as a reader who starts to search
does: the search index, the search worker and its language files load only then ("on first search").

Usage: ``uv run python tools/first_load.py --site <built site> [page ...]`` from the repository
root, e.g. ``--site /tmp/site challenges/ en/challenges/``; ``--json`` prints the numbers as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path
from typing import TypedDict

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tests"))

from browser.server import serve  # type: ignore[import-not-found]  # noqa: E402
from browser.site import site_path  # type: ignore[import-not-found]  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ALREADY_COMPRESSED = (".woff2", ".png", ".jpg", ".jpeg", ".webp", ".gif")


class Fetch(TypedDict):
    """One request of a page: when it was made, its address and its bytes as sent (gzip)."""

    when: str
    url: str
    gzip: int


def transfer_size(url: str, body: bytes) -> int:
    """The bytes a gzip-serving host sends for one response body."""
    if url.split("?", 1)[0].endswith(ALREADY_COMPRESSED):
        return len(body)
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def measure(site: Path, pages: list[str]) -> dict:
    from playwright.sync_api import Request, sync_playwright

    results = {}
    with serve(site, site_path()) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        for page_path in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            tab = context.new_page()
            phase = {"now": "initial"}
            seen: list[tuple[str, str]] = []

            def record(request: Request, seen: list[tuple[str, str]] = seen, phase: dict[str, str] = phase) -> None:
                seen.append((phase["now"], request.url))

            tab.on("request", record)
            tab.goto(base + page_path, wait_until="load")
            phase["now"] = "after load"
            tab.wait_for_load_state("networkidle")
            phase["now"] = "after scrolling"
            tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            tab.wait_for_load_state("networkidle")
            # Live charts near the end of the page load as they come into view.
            tab.wait_for_timeout(300)
            tab.wait_for_load_state("networkidle")
            phase["now"] = "on first search"
            search = tab.locator("input[data-md-component=search-query]")
            if search.count():
                meta = "() => document.querySelector('.md-search-result__meta')?.textContent.trim()"
                initial = tab.evaluate(meta)
                search.focus()
                # Material replaces its "initialising" text once the worker has built the index.
                tab.wait_for_function(f"initial => ({meta})() !== initial", arg=initial)
                tab.wait_for_load_state("networkidle")
            rows: list[Fetch] = []
            for when, url in seen:
                response = context.request.get(url) if url.startswith(base[: -len(site_path())]) else None
                size = transfer_size(url, response.body()) if response is not None and response.ok else 0
                rows.append({"when": when, "url": url[len(base) :] if url.startswith(base) else url, "gzip": size})
            totals: dict[str, int] = {}
            for row in rows:
                totals[row["when"]] = totals.get(row["when"], 0) + row["gzip"]
            results[page_path] = {"requests": rows, "totals": totals}
            context.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="the built site")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("pages", nargs="*", default=["challenges/"], help="URL paths below site_url")
    args = parser.parse_args(argv)
    results = measure(args.site, args.pages)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for page, result in results.items():
        print(f"/{page}")
        for row in result["requests"]:
            print(f"  {row['when']:<16} {row['gzip']:>9,} B  {row['url']}")
        for when, total in result["totals"].items():
            count = sum(1 for row in result["requests"] if row["when"] == when)
            print(f"  = {when}: {count} requests, {total:,} B gzip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
