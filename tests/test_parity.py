"""The Danish and English pages have the same files and the same macro calls in the same order.

The tool itself is tools/parity.py (translators run it); these tests run it on the real docs
and on small docs trees that diverge in one way each, and pin its messages literally.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.parity import check_parity, macro_calls

REPO_ROOT = Path(__file__).resolve().parent.parent
PARITY = REPO_ROOT / "tools" / "parity.py"

DANISH = """# 6 Gevinster

{{ ref("figure", "6.1", capital=True) }} viser, at {{ stat("benefit.legitimacy", "top2_share", digits=0) }} er enige.

{{ table("6.2") }}

{{ figure("6.2") }}
"""


def write_docs(root: Path, pages: dict[str, str]) -> Path:
    """A docs tree under ``root/docs`` with ``pages`` ({"da/x.md": text}); returns ``root``."""
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_parity(root: Path) -> subprocess.CompletedProcess:
    """Run the tool as a translator would, from ``root``, on ``root/docs``."""
    return subprocess.run(
        [sys.executable, str(PARITY), "--docs", "docs"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )


def test_the_real_docs_have_parity():
    assert check_parity(REPO_ROOT / "docs") == []


def test_the_command_passes_on_the_real_docs():
    result = subprocess.run([sys.executable, str(PARITY)], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = len(list((REPO_ROOT / "docs" / "da").rglob("*.md")))
    assert result.stdout == f"docs: {pages} pages in both languages with the same macro calls in the same order\n"


def test_identical_calls_with_other_spacing_and_quotes_match(tmp_path):
    english = DANISH.replace('{{ table("6.2") }}', "{{table( '6.2' )}}").replace("capital=True", "capital = True")
    write_docs(tmp_path, {"da/benefits.md": DANISH, "en/benefits.md": english})
    assert check_parity(tmp_path / "docs") == []
    assert run_parity(tmp_path).returncode == 0


def test_calls_are_read_in_order_with_their_lines():
    calls = macro_calls('A {{ stat( "a",\n  "mean" ) }}\n{## a comment ##}\n{% if x %}B{% endif %}')
    assert [(c.text, c.line) for c in calls] == [('{{ stat("a", "mean") }}', 1), ("{% if x %}", 4), ("{% endif %}", 4)]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            {"da/benefits.md": DANISH, "en/benefits.md": DANISH, "da/extra.md": "{{ table('4.2') }}"},
            ["docs/da/extra.md has no English page docs/en/extra.md"],
            id="page only in da",
        ),
        pytest.param(
            {"da/benefits.md": DANISH, "en/benefits.md": DANISH, "en/sub/extra.md": "Text"},
            ["docs/en/sub/extra.md has no Danish page docs/da/sub/extra.md"],
            id="page only in en",
        ),
        pytest.param(
            {"da/benefits.md": DANISH, "en/benefits.md": DANISH.replace('\n{{ figure("6.2") }}\n', "\n")},
            ['docs/en/benefits.md: missing call {{ figure("6.2") }} (present in docs/da/benefits.md:7, call 4)'],
            id="missing call",
        ),
        pytest.param(
            {
                "da/benefits.md": DANISH,
                "en/benefits.md": DANISH.replace('{{ table("6.2") }}', '{{ table("6.2") }} {{ ref("table", "6.2") }}'),
            },
            ['docs/en/benefits.md:5: extra call {{ ref("table", "6.2") }} (call 4; not in docs/da/benefits.md)'],
            id="extra call",
        ),
        pytest.param(
            {"da/benefits.md": DANISH, "en/benefits.md": DANISH.replace("benefit.legitimacy", "benefit.legitimacyy")},
            [
                (
                    'docs/en/benefits.md:3: call 2 is {{ stat("benefit.legitimacyy", "top2_share", digits=0) }} '
                    'but docs/da/benefits.md:3 has {{ stat("benefit.legitimacy", "top2_share", digits=0) }} there'
                )
            ],
            id="changed argument",
        ),
        pytest.param(
            {
                "da/benefits.md": DANISH,
                "en/benefits.md": DANISH.replace('{{ table("6.2") }}', "TABLE")
                .replace('{{ figure("6.2") }}', '{{ table("6.2") }}')
                .replace("TABLE", '{{ figure("6.2") }}'),
            },
            # Swapped neighbours: one of the two is named as moved, with where it stands in Danish.
            [
                'docs/en/benefits.md:5: call 3 {{ figure("6.2") }} is out of order '
                "(it is call 4 in docs/da/benefits.md:7)"
            ],
            id="reordered calls",
        ),
    ],
)
def test_each_divergence_is_named_with_file_and_call(tmp_path, monkeypatch, pages, expected):
    write_docs(tmp_path, pages)
    monkeypatch.chdir(tmp_path)
    assert check_parity("docs") == expected
    result = run_parity(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert "difference(s) between the languages (da, en)" in result.stderr


def test_several_divergences_on_one_page_are_reported_in_page_order(tmp_path):
    english = DANISH.replace(
        '{{ ref("figure", "6.1", capital=True) }}', '{{ ref("figure", "6.3", capital=True) }}'
    ).replace('\n{{ figure("6.2") }}\n', "\n")
    write_docs(tmp_path, {"da/benefits.md": DANISH, "en/benefits.md": english})
    result = run_parity(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        (
            'docs/en/benefits.md:3: call 1 is {{ ref("figure", "6.3", capital=True) }} '
            'but docs/da/benefits.md:3 has {{ ref("figure", "6.1", capital=True) }} there'
        ),
        'docs/en/benefits.md: missing call {{ figure("6.2") }} (present in docs/da/benefits.md:7, call 4)',
    ]


def test_a_missing_language_folder_is_reported(tmp_path):
    write_docs(tmp_path, {"da/index.md": "# Forside"})
    result = run_parity(tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["docs/en/ does not exist"]
