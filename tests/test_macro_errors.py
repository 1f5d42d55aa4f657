"""A bad macro call stops the strict build with one message that says where, what and what is valid.

Each case is a tiny two-language site in tmp_path (docs/da/index.md, docs/en/index.md, with
the repository's data/ and locale/) that uses the repository's macros package (on PYTHONPATH)
with the macros plugin settings of the real mkdocs.yml, so the test also guards
on_error_fail / on_undefined there. The builds are real `mkdocs build --strict` subprocesses,
run side by side to keep the test quick. The build stops with MkDocs' own exit status 1, the
message appears once, and there is no traceback; the message names the line of the call in the
page's Markdown. In the English cases the Danish page, with good calls, builds first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
GOOD_DANISH = (
    '# Forside\n\nSe {{ ref("table", "4.2") }}: {{ stat("challenge.urban", "mean") }}.\n\n{{ table("4.2") }}\n'
)
GOOD_ENGLISH = '# Home\n\nSee {{ ref("table", "4.2") }}: {{ stat("challenge.urban", "mean") }}.\n\n{{ table("4.2") }}\n'
TABLES = "4.2, 4.4, 4.5, 6.2, 8.2, 8.3, 9.1, 9.2, 10.1, 10.2"

# case -> (Danish page, English page, what the build output must contain)
CASES = {
    "unknown table": (
        '# Forside\n\n{{ table("4.9") }}\n',
        GOOD_ENGLISH,
        [f"docs/da/index.md:3 (da): table(\"4.9\"): unknown table '4.9'; valid choices: {TABLES}"],
    ),
    "unknown figure": (
        '# Forside\n\n{{ figure("4.7") }}\n',
        GOOD_ENGLISH,
        [
            "docs/da/index.md:3 (da): figure(\"4.7\"): unknown figure '4.7'; "
            + "valid choices: 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, "
            + "5.1.1,"
        ],
    ),
    "unknown variable": (
        '# Forside\n\n{{ stat("challenge.nope", "mean") }}\n',
        GOOD_ENGLISH,
        [
            'docs/da/index.md:3 (da): stat("challenge.nope", "mean"): '
            "unknown variable 'challenge.nope' (did you mean ",
            "challenge.urban, challenge.climate,",
        ],
    ),
    "unknown statistic": (
        '# Forside\n\n{{ stat("challenge.urban", "median") }}\n',
        GOOD_ENGLISH,
        [
            'docs/da/index.md:3 (da): stat("challenge.urban", "median"): unknown statistic \'median\' '
            + "(did you mean 'mean' or 'min' or 'mean_sd'?); valid choices: "
            + "n, mean, sd, mean_sd, min, max, count, not_relevant_count, share, top2_share, bottom2_share"
        ],
    ),
    "reference to an unknown table": (
        '# Forside\n\n{{ ref("table", "4.9") }}\n',
        GOOD_ENGLISH,
        [f'docs/da/index.md:3 (da): ref("table", "4.9"): unknown table \'4.9\'; valid choices: {TABLES}'],
    ),
    "misspelt macro name on the English page": (
        GOOD_DANISH,
        '# Home\n\n{{ tabel("4.2") }}\n',
        # Found before the page is rendered, with a suggestion.
        ["docs/en/index.md:3: 'tabel' is not a macro (did you mean 'table'?); expected one of stat, stat_max,"],
    ),
    "misspelt macro name in a loop, after a page whose loop variable is no macro": (
        # The names a page sets itself (here the loop's) are told from misspelt macros by Jinja's
        # own analysis, which runs only when a page reads a name that is not a macro.
        '# Forside\n\n{% for id in ["4.2"] %}{{ table(id) }}{% endfor %}\n',
        '# Home\n\n{% for id in ["4.2"] %}{{ tabel(id) }}{% endfor %}\n',
        ["docs/en/index.md:3: 'tabel' is not a macro (did you mean 'table'?); expected one of stat, stat_max,"],
    ),
    "misspelt argument name": (
        '# Forside\n\n{{ stat("challenge.urban", "mean", digts=0) }}\n',
        GOOD_ENGLISH,
        [
            'docs/da/index.md:3 (da): stat("challenge.urban", "mean", digts=0): got an unexpected keyword argument '
            "'digts' (did you mean 'digits'?); expected stat(variable, statistic, code, digits, "
            "include_not_relevant, exclude_not_relevant, by, group)"
        ],
    ),
    "a call that cannot be read": (
        '# Forside\n\nTekst.\n\n{{ stat("challenge.urban", "mean" }}\n',
        GOOD_ENGLISH,
        [
            'docs/da/index.md:5: the macro call \'{{ stat("challenge.urban", "mean" }}\' cannot be read '
            "(unexpected '}', expected ')')"
        ],
    ),
}


class _IgnorePythonTags(yaml.SafeLoader):
    """mkdocs.yml holds !!python/object/apply tags (the slugifier); they are not needed here."""


_IgnorePythonTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def macros_settings() -> dict:
    """The macros plugin settings of the real site, using the repository's package from PYTHONPATH."""
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnorePythonTags)
    settings = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    # "main" is the plugin's default local module (absent here: no error); the package is imported by name.
    return {**settings, "module_name": "main", "modules": ["macros"]}


def site_config() -> dict:
    return {
        "site_name": "Macro errors",
        "site_url": "https://example.org/macro-errors/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "da"},
        "plugins": [
            {
                "i18n": {
                    "docs_structure": "folder",
                    "fallback_to_default": False,
                    "languages": [
                        {"locale": "da", "name": "Dansk", "default": True, "build": True},
                        {"locale": "en", "name": "English", "build": True},
                    ],
                }
            },
            {"macros": macros_settings()},
        ],
    }


def build(root: Path, danish: str, english: str) -> subprocess.CompletedProcess:
    for folder in ("data", "locale"):
        (root / folder).symlink_to(REPO_ROOT / folder)
    for language, text in (("da", danish), ("en", english)):
        (root / "docs" / language).mkdir(parents=True)
        (root / "docs" / language / "index.md").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(site_config(), allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every case built in parallel (each build spends its time importing the engine)."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {
            name: pool.submit(build, tmp_path_factory.mktemp("macro-errors"), danish, english)
            for name, (danish, english, _) in CASES.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_call_fails_the_build_and_names_page_call_and_choices(builds, case):
    result = builds[case]
    output = result.stdout + result.stderr
    # MkDocs' own stop (a PluginError): the macro, not another warning, stopped it.
    assert result.returncode == 1, output
    assert "Aborted with a BuildError!" in output
    assert [line for line in output.splitlines() if line.startswith("WARNING")] == []
    assert "Traceback" not in output
    missing = [text for text in CASES[case][2] if text not in output]
    assert missing == [], output
    # The message is printed once.
    assert output.count(CASES[case][2][0]) == 1, output


def test_the_macros_plugin_stops_on_errors():
    """Without these the build would publish the error (or the raw call) as page text."""
    settings = macros_settings()
    assert (settings["on_error_fail"], settings["on_undefined"]) == (True, "strict")
