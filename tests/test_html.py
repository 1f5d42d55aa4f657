"""Every page of the built site, every language, is valid HTML: the Nu Html Checker finds no error.
An engine test: it runs on this report and on the example report (``report_site``).

The checker is the `vnu-jar` package from npm (package-lock.json), run with a Java runtime:

    java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --format json <pages>

A failure groups the errors by message, with how many pages have it, up to three of them and
the markup it is about, e.g.

    42 x Attribute "markdown" not allowed on element "div" at this point. (32 pages: /challenges/, ...)
        <div class="report-table" id="table-4-2" markdown="0">

Where to fix an error: markup of the macros (tables, figures, findings) in macros/; of the
theme in overrides/ (templates) or hooks/ (hooks/valid_html.py corrects two of Material's).
Without Java or `npm ci` the test is skipped, with the reason; under CI=true it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = os.environ.get("JAVA", "java")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the HTML check must run, not skip)", pytrace=False)
    pytest.skip(reason)


_CHECKED: dict[Path, tuple[list[Path], list[dict]]] = {}


def _check(site: Path) -> tuple[list[Path], list[dict]]:
    """The pages of ``site`` and the checker's error messages about them (once per site)."""
    if site in _CHECKED:
        return _CHECKED[site]
    _require(shutil.which(JAVA) is not None, f"no Java runtime ({JAVA}): apt-get install default-jre-headless")
    _require(VNU.is_file(), f"no Nu Html Checker at {VNU.relative_to(ROOT)}: run `npm ci`")
    pages = sorted(site.rglob("*.html"))
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The report is on stderr; exit status 1 means "errors found", anything else a failure to run.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    _CHECKED[site] = pages, [message for message in messages if message.get("type") in {"error", "non-document-error"}]
    return _CHECKED[site]


@pytest.fixture
def vnu_report(report_site) -> tuple[list[Path], list[dict]]:
    """The pages checked and the checker's error messages about them, for each report."""
    return _check(report_site.site)


def _page(url: str, site: Path) -> str:
    path = url.removeprefix("file:")
    try:
        relative = Path(path).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        return path
    return "/" + relative.removesuffix("index.html")


def test_every_page_is_valid_html(vnu_report, report_site):
    pages, errors = vnu_report
    built_site = report_site.site
    assert len(pages) >= 2, "the built site has no pages"
    groups: dict[str, list[dict]] = defaultdict(list)
    for error in errors:
        groups[error.get("message", "?")].append(error)
    lines = []
    for message, found in sorted(groups.items(), key=lambda item: -len(item[1])):
        where = sorted({_page(error.get("url", ""), built_site) for error in found})
        example = " ".join((found[0].get("extract") or "").split())
        shown = ", ".join(where[:3]) + (", ..." if len(where) > 3 else "")
        lines.append(f"{len(found)} x {message} ({len(where)} pages: {shown})\n      {example}")
    if lines:
        pytest.fail(
            f"the Nu Html Checker finds {len(errors)} error(s) in {len(pages)} pages:\n  " + "\n  ".join(lines),
            pytrace=False,
        )
