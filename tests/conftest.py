"""Shared fixtures: one real strict build of the whole site per test session; the report's data and
definitions (``survey``, ``tables``, ``figures``, once per module); the markers.

Markers are set here, from the fixtures a test uses, so no test has to remember them:

- ``build``: the test needs a real strict mkdocs build (``built_site``, the whole site; or a
  fixture that runs one build per case, listed in BUILD_FIXTURES). A handful of tests that make
  one of a build's slow products the full way without mkdocs (charts through the renderer, a
  PDF, the reconstructed data) or run a validator in an environment of its own (cffconvert)
  carry the marker by hand, each with its reason, so the fast loop stays fast;
- ``browser``: it opens the built site in headless Chromium (``browser_findings``);
- ``html``: it runs the Nu Html Checker over the built site (``vnu_report``).

``./dev test -m "not build and not browser"`` is then the fast loop: every test that needs
neither a build nor a browser (data, statistics, formatting, charts' specs, parity,
translations, doctests, lint and types). ./dev runs it on every core (pytest-xdist); the full
suite runs in one process, where the build and browser tests share one built site.

``REPORT_TEST_SITE=<folder>`` makes ``built_site`` test a site already built by ``./dev build``
instead of building one (CI builds once, tests that build and deploys the same files).
``REPORT_TEST_EXAMPLE_SITE=<folder>`` does the same for ``example_site``, the example report
(examples/library-survey) built once per session.

Two kinds of tests
------------------

**Engine tests** know no report. They read the report they test from its own files (the nav
and languages of its mkdocs.yml, data/tables.yaml and data/figures.yaml, data/report.yaml) and
run against every report of ``report_site`` (ids ``this-report`` and ``example``), so a report
of another shape passes them, or the engine has a bug:

- tests/test_engine_site.py: each report's built site (every nav and block page in every
  language, ``lang``, canonical and hreflang links, the language switcher, the 404 page, titles,
  the sitemap, the search index, nothing loaded from another host, every local file there,
  captions, data tables and downloads of every table and figure, escaping, the licence);
- tests/test_browser.py and tests/test_browser_live_charts.py: each report's pages in headless
  Chromium (axe, console, requests, keyboard, 360 px, print, reduced motion, charts with
  JavaScript on and off, live charts, tooltips, embeds), read through tests/browser/site.py from
  the report's own mkdocs.yml; tests/test_links.py and tests/test_figure_pages.py: its links,
  language links, block pages, oEmbed answers, CSVs and data zip;
- tests/test_any_shape.py (with tests/other_shape.py): the engine's blocks, charts and
  breakdowns on a survey of another shape, written as data files (no build);
- tests/test_example_report.py: the example report's own files, and its numbers against pandas.

**Report tests** are every other file that reads data/, docs/ or ``built_site``: they test this
report (Danish source, English translation) and may name its pages, ids, addresses, words and
numbers (reference values, literal captions and prose, editorial checks, published URLs, the
PDF). Some of them test engine code through this report's data only (statistics, charts,
tables, links); a check there that every report must pass belongs in tests/test_engine_site.py,
driven by ``report_site``. The rest are the engine's unit tests on inputs of their own
(formatting, schemas, malformed inputs, bad macro calls, quality).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent

# Fixtures that run real mkdocs builds; a test using one (directly or through another
# fixture) is marked `build`.
BUILD_FIXTURES = {
    "built_site",  # below: the whole site, strict, both languages
    "example_site",  # below: the example report's site (examples/library-survey)
    "report_site",  # below: each report's built site (this report's and the example's)
    "builds",  # tests/test_macro_errors.py: one strict build per bad macro call
    "good_site",  # tests/test_malformed_inputs.py: the previous site of every malformed-input case
    "malformed_builds",  # tests/test_malformed_inputs.py: one strict build per malformed input
    "preview_copy",  # tests/test_preview.py: the preview's real builds of a copy of the report
    "fixture_builds",  # tests/test_urls.py: real strict builds of a small fixture project
}
BROWSER_FIXTURES = {"browser_findings", "browser_setup", "this_report_setup"}  # tests/test_browser*.py
HTML_FIXTURES = {"vnu_report"}  # tests/test_html.py

PREBUILT_ENV = "REPORT_TEST_SITE"
EXAMPLE_PREBUILT_ENV = "REPORT_TEST_EXAMPLE_SITE"
EXAMPLE_ROOT = REPO_ROOT / "examples" / "library-survey"


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


def _check_prebuilt(env_name: str, prebuilt: str) -> Path:
    site = (REPO_ROOT / prebuilt).resolve()
    if not (site / "index.html").is_file() or not (site / "sitemap.xml").is_file():
        pytest.fail(f"{env_name}={prebuilt}: no built site there (run its build first)", pytrace=False)
    return site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example report (examples/library-survey) built strictly, once per session (web-only: no PDF)."""
    prebuilt = os.environ.get(EXAMPLE_PREBUILT_ENV)
    if prebuilt:
        return _check_prebuilt(EXAMPLE_PREBUILT_ENV, prebuilt)
    from tools.build_site import mkdocs_build

    site = tmp_path_factory.mktemp("example-site")
    result = mkdocs_build(EXAMPLE_ROOT, site, env={"REPORT_PDF": "off"})
    if not result.ok:
        pytest.fail(f"the example report does not build:\n{result.message}", pytrace=False)
    return site


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml holds Python tags (!!python/object/apply for the slugifier): read them as None."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_sources(nav) -> list[str]:
    """The Markdown files of a mkdocs nav, in its order (sections flattened, external links left out)."""
    found: list[str] = []
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            found += _nav_sources(value)
        elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
            found.append(value)
    return found


def _url_of_source(source: str) -> str:
    """``index.md`` -> ``""``, ``findings/index.md`` -> ``findings/``, ``data.md`` -> ``data/``."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class ReportSite:
    """One report and its built site, as engine tests see it: everything read from the report's files."""

    name: str
    root: Path  # the report's folder (mkdocs.yml, data/, docs/)
    site: Path  # its built site
    config: dict = field(repr=False)  # mkdocs.yml as YAML (Python tags read as None)

    @cached_property
    def languages(self):
        from macros.model.languages import report_languages

        return report_languages(self.root / "mkdocs.yml")

    @property
    def site_url(self) -> str:
        url = self.config["site_url"]
        return url if url.endswith("/") else url + "/"

    @property
    def nav_pages(self) -> list[str]:
        """URL paths below a language root of every page in the nav ("" is the front page)."""
        return [_url_of_source(source) for source in _nav_sources(self.config.get("nav"))]

    def markdown_pages(self, language: str) -> list[str]:
        """URL paths below the language root of every Markdown page in docs/<language>/."""
        docs = self.root / (self.config.get("docs_dir") or "docs") / language
        return sorted(_url_of_source(md.relative_to(docs).as_posix()) for md in docs.rglob("*.md"))

    @cached_property
    def definitions(self):
        """(tables, figures) of data/tables.yaml and data/figures.yaml."""
        from macros.model.definitions import definitions

        return definitions(self.root / "data", self.languages)

    @cached_property
    def report(self) -> dict:
        path = self.root / "data" / "report.yaml"
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.is_file() else {}

    def prefix(self, language: str) -> str:
        return self.languages.url_prefix(language)

    def url(self, language: str, page: str) -> str:
        return self.site_url + self.prefix(language) + page

    def file(self, language: str, page: str) -> Path:
        return self.site / self.prefix(language) / page / "index.html"

    def built_pages(self, language: str) -> list[str]:
        """Every page built in ``language`` (URL paths below its root, embeds included), nav pages first."""
        root = self.site / self.prefix(language)
        others = tuple(self.prefix(other) for other in self.languages.translations if other != language)
        found = set()
        for path in root.rglob("index.html"):
            page = path.parent.relative_to(root).as_posix() + "/"
            page = "" if page == "./" else page
            if language == self.languages.source and page.startswith(others):
                continue
            if page.split("/")[0] in ("assets", "search"):
                continue
            found.add(page)
        return self.nav_pages + sorted(found - set(self.nav_pages))


def _report_config(root: Path) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), _IgnoreTagsLoader)


@pytest.fixture(scope="session", params=["this-report", "example"])
def report_site(request: pytest.FixtureRequest) -> ReportSite:
    """Each report with its built site: this report (``built_site``) and the example (``example_site``)."""
    if request.param == "this-report":
        return ReportSite("this-report", REPO_ROOT, request.getfixturevalue("built_site"), _report_config(REPO_ROOT))
    site = request.getfixturevalue("example_site")
    return ReportSite("example", EXAMPLE_ROOT, site, _report_config(EXAMPLE_ROOT))


# --- the report's data and definitions, loaded once per test module -----------------------------


@pytest.fixture(scope="module")
def survey():
    """The configured report's data (macros.model.survey.load_survey)."""
    from macros.model.survey import load_survey

    return load_survey()


@pytest.fixture(scope="module")
def tables():
    """data/tables.yaml of the configured report."""
    from macros.model.definitions import definitions

    return definitions()[0]


@pytest.fixture(scope="module")
def figures():
    """data/figures.yaml of the configured report."""
    from macros.model.definitions import definitions

    return definitions()[1]
