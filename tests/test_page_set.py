"""The build itself checks the page set: a block shown twice on a page, or a cross reference to a
block no page of the language shows, stops `mkdocs build --strict` with one message naming the
page and the id (tiny two-language sites, built as in tests/test_macro_errors.py)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_macro_errors import GOOD_DANISH, GOOD_ENGLISH, build

CASES = {
    "a figure twice on a page": (
        '# Forside\n\n{{ figure("4.2") }}\n\nTekst.\n\n{{ figure("4.2") }}\n',
        GOOD_ENGLISH,
        "docs/da/index.md:7: figure '4.2' is shown 2 times on this page (also on line 3); a figure may appear "
        "once per page "
        "(its id 'figure-4-2' must be unique)",
    ),
    "a reference to a figure no page shows": (
        GOOD_DANISH,
        '# Home\n\nSee {{ ref("figure", "4.3") }}.\n\n{{ table("4.2") }}\n',
        'docs/en/index.md:3 (en): ref("figure", "4.3"): figure \'4.3\' is defined in data/figures.yaml but no page '
        'in docs/en/ shows it; add {{ figure("4.3") }} to a page, or refer to a figure that is shown: none',
    ),
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {
            name: pool.submit(build, tmp_path_factory.mktemp("page-set"), danish, english)
            for name, (danish, english, _) in CASES.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_the_build_stops_naming_the_page_and_the_id(builds, case):
    result = builds[case]
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert CASES[case][2] in output, output
    assert output.count(CASES[case][2]) == 1
