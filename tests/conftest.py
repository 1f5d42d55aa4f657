"""Shared fixtures: one real strict build of the whole site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "browser: runs in a real browser (headless Chromium), see tests/test_browser.py")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site exactly as ./dev build does (strict, both languages) and return its folder."""
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
