"""One error path: an authoring mistake stops the real strict build with one message and no traceback;
an engine bug keeps its traceback and says it is one.

The build tests copy the report (mkdocs.yml, data/, locale/, translations/; docs/, overrides/ and the
engine linked) to a temporary folder, break one file and run `mkdocs build --strict` there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import macros
from macros.model.context import BuildContext
from macros.model.errors import Problem, ReportError, compose, did_you_mean
from macros.model.languages import report_languages

ROOT = Path(__file__).resolve().parent.parent


def copy_report(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("data", "locale", "translations"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("docs", "overrides", "hooks", "macros"):
        (target / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "REPORT_CHARTS": "off"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _duplicate_key(root: Path) -> None:
    path = root / "data" / "survey.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "invited: 80\n", encoding="utf-8")


def _no_site_url(root: Path) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("site_url: https://au-kfcol.github.io/civilsamfund/\n", ""), encoding="utf-8")


def _semicolons(root: Path) -> None:
    path = root / "data" / "responses.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")


_SURVEY = (ROOT / "data" / "survey.yaml").read_text(encoding="utf-8").splitlines()
_INVITED = next(n for n, line in enumerate(_SURVEY, start=1) if line.startswith("invited:"))

CASES = {
    "duplicate key": (
        _duplicate_key,
        f"data/survey.yaml:{len(_SURVEY) + 1}: duplicate key 'invited' (first on line {_INVITED}); "
        "expected each key once in a mapping "
        "(YAML would keep only the last)",
    ),
    "no site_url": (
        _no_site_url,
        "mkdocs.yml: site_url is missing; expected the published address of the site, e.g. "
        "`site_url: https://example.org/report/` (canonical links, the sitemap and every citation use it)",
    ),
    "semicolon export": (
        _semicolons,
        "data/responses.csv:1: the file is separated by semicolons (a Danish spreadsheet export?); expected "
        "commas: save it from the spreadsheet as 'CSV UTF-8 (comma-separated)'",
    ),
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    def run(name):
        root = copy_report(tmp_path_factory.mktemp("error-path") / "report")
        CASES[name][0](root)
        return build(root)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(CASES, pool.map(run, CASES), strict=True))


@pytest.mark.parametrize("case", list(CASES))
def test_an_authoring_mistake_stops_the_build_with_one_clean_message(builds, case):
    result = builds[case]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.count(CASES[case][1]) == 1, result.stderr
    assert "The report cannot be built:" in result.stderr
    assert "Aborted with a BuildError!" in result.stdout


# --- the adapter's error path, unit by unit -----------------------------------------------------------------


def _env(ctx: BuildContext):
    page = SimpleNamespace(file=SimpleNamespace(locale="da", src_uri="da/index.md"))
    env = SimpleNamespace(page=page, variables={}, conf={"site_dir": "/tmp/x"})

    def current_page():
        from macros.calls import Page

        return Page(language="da", src="index.md", context=ctx)

    env.variables["_current_page"] = current_page
    env.variables["_build_context"] = ctx
    return env, current_page


def test_an_engine_bug_keeps_its_traceback_and_is_labelled():
    ctx = BuildContext(config_path=ROOT / "mkdocs.yml", languages=report_languages(ROOT / "mkdocs.yml"))
    env, current_page = _env(ctx)

    def broken(page, variable):
        return {}[variable]  # an engine bug: a KeyError no author can fix

    bound = macros._bound_to_page("broken", broken, current_page)
    assert bound("x") == ""
    with pytest.raises(PluginError) as raised:
        macros.on_post_page_macros(env)
    message = str(raised.value)
    assert message.startswith(macros.ENGINE_BUG + ': docs/da/index.md (da): broken("x")')
    assert "Traceback (most recent call last)" in message and "KeyError: 'x'" in message


def test_an_authoring_mistake_in_a_macro_is_one_message():
    ctx = BuildContext(config_path=ROOT / "mkdocs.yml", languages=report_languages(ROOT / "mkdocs.yml"))
    env, current_page = _env(ctx)

    def picky(page, variable):
        raise ReportError(file="data/x.yaml", place=3, value=variable, expected="a known one")

    macros._bound_to_page("picky", picky, current_page)("y")
    with pytest.raises(PluginError) as raised:
        macros.on_post_page_macros(env)
    assert str(raised.value) == (
        'The report cannot be built:\n  docs/da/index.md (da): picky("y"): '
        "data/x.yaml:3: has 'y'; expected a known one"
    )
    macros.on_post_page_macros(env)  # reported once: the next page starts clean


def test_problem_parts():
    problem = Problem(
        file="data/tables.yaml",
        place="12: '4.2'.kind",
        value="itemz",
        expected="one of items",
        hint=did_you_mean("itemz", ["items"]),
    )
    assert problem == "data/tables.yaml:12: '4.2'.kind: has 'itemz'; expected one of items (did you mean 'items'?)"
    assert (problem.file, problem.value, problem.hint) == ("data/tables.yaml", "itemz", "did you mean 'items'?")
    assert (
        compose(file="mkdocs.yml", place="plugins.i18n", expected="languages")
        == "mkdocs.yml: plugins.i18n: expected languages"
    )
    error = ReportError(problems=["a", "b"])
    assert str(error) == "2 problems in the report's files:\n  - a\n  - b"


def test_a_macro_call_is_found_on_its_line_of_the_page(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '---\ntitle: x\n---\n# Side\n\n{{ figure(\'4.2\') }}\n\nTekst {{ stat("a.b", "mean",\n  digits=1) }}.\n'
        '{{ figure("4.2") }}\n{{ stat("a.b", "n") }}\n',
        encoding="utf-8",
    )
    # Lines of the file (the front matter counts), either quotes, a call over two lines, the nth call.
    assert macros._call_line(page, "figure", ("4.2",), {}) == 6
    assert macros._call_line(page, "figure", ("4.2",), {}, nth=1) == 10
    assert macros._call_line(page, "stat", ("a.b", "mean"), {"digits": 1}) == 8
    assert macros._call_line(page, "stat", ("a.b", "n"), {}) == 11
    assert macros._call_line(page, "stat", ("a.b", "sd"), {}) is None  # a call the page does not make
    assert macros._call_line(tmp_path / "gone.md", "stat", (), {}) is None
