"""URLs are forever: the committed list of published URLs, checked against builds."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.urls import missing_urls, read_list, site_urls, write_list

ROOT = Path(__file__).resolve().parent.parent


def test_every_published_url_still_resolves(built_site):
    assert missing_urls(built_site) == []


def test_the_list_has_every_page_of_the_build(built_site):
    listed = set(read_list())
    unlisted = [u for u in site_urls(built_site) if u not in listed]
    assert unlisted == [], "new pages: add them with `./dev build && ./dev urls --update`"
    assert {"", "en/", "findings/specialised-social-pressure/", "en/findings/specialised-social-pressure/"} <= listed


def _fixture_site(tmp_path: Path, pages: list[str], redirects: dict[str, str] | None = None) -> Path:
    project = tmp_path / "project"
    docs = project / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for old in docs.glob("*.md"):
        old.unlink()
    for name in pages:
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    config = ["site_name: fixture", "site_url: https://example.org/fixture/", "plugins:"]
    if redirects:
        config += ["  - redirects:", "      redirect_maps:"]
        config += [f"        {old}: {new}" for old, new in redirects.items()]
    else:
        config += ["  - search"]
    (project / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return site


@pytest.fixture
def fixture_builds(tmp_path):
    """``fixture_builds(pages, redirects=None)``: a small project built by mkdocs (a real strict
    build each call, so tests/conftest.py marks the tests that use this `build`)."""
    return functools.partial(_fixture_site, tmp_path)


def _check(site: Path, url_list: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "urls.py"), "--check", "--site", str(site), "--list", str(url_list)],
        capture_output=True,
        text=True,
    )


def test_removed_page_fails_and_a_redirect_mends_it(tmp_path, fixture_builds):
    url_list = tmp_path / "urls.txt"
    site = fixture_builds(["index.md", "old-name.md"])
    write_list(site_urls(site), url_list)
    assert read_list(url_list) == ["", "old-name/"]

    site = fixture_builds(["index.md", "new-name.md"])
    failed = _check(site, url_list)
    assert failed.returncode == 1
    assert "/old-name/ is no longer published" in failed.stdout
    assert "add a redirect" in failed.stdout

    site = fixture_builds(["index.md", "new-name.md"], redirects={"old-name.md": "new-name.md"})
    mended = _check(site, url_list)
    assert mended.returncode == 0, mended.stdout
    assert "all 2 published URLs resolve" in mended.stdout


def test_update_adds_new_urls_and_keeps_old_ones(tmp_path, fixture_builds):
    url_list = tmp_path / "urls.txt"
    write_list(["", "gone/"], url_list)
    site = fixture_builds(["index.md", "fresh.md"])
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "urls.py"), "--update", "--site", str(site), "--list", str(url_list)],
        check=True,
        capture_output=True,
    )
    assert read_list(url_list) == ["", "gone/", "fresh/"]


def test_citation_file_uses_the_site_address():
    """site_url is set in mkdocs.yml; CITATION.cff repeats it for citation tools, so it must agree."""
    from tests.browser.site import site_url

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert citation.count(f'url: "{site_url()}"') == 2, "update the url lines of CITATION.cff to site_url"
