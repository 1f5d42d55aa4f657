"""Shared fixtures: one real strict build of the whole site per test session; the markers.

Markers are set here, from the fixtures a test uses, so no test has to remember them:

- ``build``: the test needs a real strict mkdocs build (``built_site``, the whole site; or a
  fixture that runs one build per case, listed in BUILD_FIXTURES);
- ``browser``: it opens the built site in headless Chromium (``browser_findings``);
- ``html``: it runs the Nu Html Checker over the built site (``vnu_report``).

``./dev test -m "not build and not browser"`` is then the fast loop: every test that needs
neither a build nor a browser (data, statistics, formatting, charts' specs, parity,
translations, doctests, lint and types).

``REPORT_TEST_SITE=<folder>`` makes ``built_site`` test a site already built by ``./dev build``
instead of building one (CI builds once, tests that build and deploys the same files).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Fixtures that run real mkdocs builds; a test using one (directly or through another
# fixture) is marked `build`.
BUILD_FIXTURES = {
    "built_site",  # below: the whole site, strict, both languages
    "builds",  # tests/test_macro_errors.py: one strict build per bad macro call
    "good_site",  # tests/test_malformed_inputs.py: the previous site of every malformed-input case
    "malformed_builds",  # tests/test_malformed_inputs.py: one strict build per malformed input
    "preview_copy",  # tests/test_preview.py: the preview's real builds of a copy of the report
    "fixture_builds",  # tests/test_urls.py: real strict builds of a small fixture project
}
BROWSER_FIXTURES = {"browser_findings"}  # tests/test_browser.py
HTML_FIXTURES = {"vnu_report"}  # tests/test_html.py

PREBUILT_ENV = "REPORT_TEST_SITE"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & HTML_FIXTURES:
            item.add_marker(pytest.mark.html)


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "browser: runs in a real browser (headless Chromium), see tests/test_browser.py")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site exactly as ./dev build does (strict, both languages) and return its folder."""
    prebuilt = os.environ.get(PREBUILT_ENV)
    if prebuilt:
        site = (REPO_ROOT / prebuilt).resolve()
        if not (site / "index.html").is_file() or not (site / "sitemap.xml").is_file():
            pytest.fail(f"{PREBUILT_ENV}={prebuilt}: no built site there (run ./dev build first)", pytrace=False)
        return site
    site_dir = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        str(site_dir),
    ]
    # check=False: a failed build is reported below with its whole output.
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict exited {result.returncode}:\n{result.stdout}{result.stderr}",
            pytrace=False,
        )
    return site_dir
