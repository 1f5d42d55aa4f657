"""Translation freshness: an edit to a Danish section marks exactly that English section outdated."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hooks.translation_notice import add_notices
from macros.i18n.freshness import (
    OUTDATED,
    UNTRANSLATED,
    UP_TO_DATE,
    FreshnessError,
    all_states,
    normalise,
    page_states,
    review,
    text_hash,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = "benefits.md"
SECTION = "most-important-benefits"
SENTENCE = "Kommunaldirektørerne blev bedt om at beskrive den vigtigste gevinst"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the docs and the translation records to edit."""
    for folder in ("docs", "translations"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def edit(project: Path, old: str, new: str, page: str = PAGE, language: str = "da") -> None:
    path = project / "docs" / language / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def states(project: Path, page: str = PAGE) -> dict[str, str]:
    return {s.section: s.state for s in page_states(project, page)}


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "translations.py"), "--root", str(project), *args],
        capture_output=True,
        text=True,
    )


def test_the_published_translation_is_up_to_date():
    assert {s.state for s in all_states(ROOT)} == {UP_TO_DATE}
    result = run(ROOT, "status")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 outdated, 0 untranslated" in result.stdout


def test_a_wording_change_marks_exactly_that_section(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    assert states(project) == {"_page": UP_TO_DATE, SECTION: OUTDATED, "possible-benefits": UP_TO_DATE}
    others = [s for s in all_states(project) if s.page != PAGE]
    assert {s.state for s in others} == {UP_TO_DATE}


def test_the_command_shows_a_word_diff_and_the_status(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    result = run(project, "status", PAGE)
    assert result.returncode == 0  # the default policy reports outdated sections, it does not fail on them
    assert f"OUTDATED  docs/en/{PAGE} § {SECTION}" in result.stdout
    assert "[-den-] {+de to+} vigtigste" in result.stdout
    assert "2 up to date, 1 outdated, 0 untranslated (policy fails on: untranslated)" in result.stdout


def test_the_strict_policy_fails_on_outdated(project, monkeypatch):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    monkeypatch.setenv("TRANSLATION_FAIL_ON", "untranslated,outdated")
    assert run(project, "status").returncode == 1


@pytest.mark.parametrize(
    "old, new",
    [
        (SENTENCE, SENTENCE.replace(" ", "  ").replace("gevinst", "gevinst\n")),
        (
            '{{ theme_share("open.benefits", "better_services") }}',
            "{{theme_share( 'open.benefits','better_services' )}}",
        ),
    ],
)
def test_whitespace_and_macro_formatting_do_not_count(project, old, new):
    edit(project, old, new)
    assert set(states(project).values()) == {UP_TO_DATE}


def test_a_changed_macro_argument_counts(project):
    edit(
        project,
        '{{ theme_share("open.benefits", "better_services") }}',
        '{{ theme_share("open.benefits", "ownership") }}',
    )
    assert states(project)[SECTION] == OUTDATED


def test_review_clears_the_flag(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    result = run(project, "review", PAGE, SECTION)
    assert result.returncode == 0
    assert result.stdout.strip() == f"docs/en/{PAGE}: marked reviewed: {SECTION}"
    assert set(states(project).values()) == {UP_TO_DATE}


def test_notice_appears_on_that_section_only(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    english = (project / "docs" / "en" / PAGE).read_text(encoding="utf-8")
    marked = add_notices(english, PAGE, project, "/civilsamfund/")
    assert marked.count('!!! warning "This translation may be out of date"') == 1
    heading = next(line for line in marked.splitlines() if "{#" + SECTION + "}" in line)
    after = marked.split(heading, 1)[1].lstrip("\n")
    assert after.startswith('!!! warning "This translation may be out of date"')
    assert "[Read the Danish section](/civilsamfund/benefits/#most-important-benefits)" in after.split("\n\n## ")[0]


def test_status_page_and_command_agree(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    outdated = [f"docs/en/{s.page} § {s.section}" for s in all_states(project) if s.state == OUTDATED]
    listed = [
        line.split(None, 1)[1].split(" (")[0]
        for line in run(project, "status").stdout.splitlines()
        if line.startswith("OUTDATED")
    ]
    assert outdated == listed == [f"docs/en/{PAGE} § {SECTION}"]


def test_missing_english_page_is_untranslated(project):
    (project / "docs" / "en" / PAGE).unlink()
    assert set(states(project).values()) == {UNTRANSLATED}
    result = run(project, "status")
    assert result.returncode == 1
    assert f"MISSING   docs/en/{PAGE} § _page" in result.stdout


def test_record_of_a_removed_section_fails_with_what_to_do(project):
    edit(project, "{#possible-benefits}", "{#possible-gains}")
    with pytest.raises(FreshnessError) as raised:
        page_states(project, PAGE)
    message = str(raised.value)
    assert message.startswith(
        f"docs/en/{PAGE}:1: translation.reviewed names section(s) 'possible-benefits' that docs/da/{PAGE} no longer has"
    )
    assert f"tools/translations.py review {PAGE} --all" in message
    assert run(project, "status").returncode == 1


def test_malformed_front_matter_names_file_and_line(project):
    path = project / "docs" / "en" / PAGE
    path.write_text(path.read_text(encoding="utf-8").replace("translation:", "translation: [", 1), encoding="utf-8")
    with pytest.raises(FreshnessError) as raised:
        page_states(project, PAGE)
    assert str(raised.value).startswith(f"docs/en/{PAGE}:")
    assert "the front matter is not valid YAML" in str(raised.value)


def test_hash_ignores_formatting_but_not_words():
    assert text_hash("Et  {{ stat( 'a','b' ) }}\nord") == text_hash('Et {{ stat("a", "b") }} ord')
    assert text_hash("Et ord") != text_hash("Et andet ord")
    assert normalise("{{ stat('a', digits=0, code=3) }}") == "{{stat('a', code=3, digits=0)}}"


def test_review_takes_the_path_status_prints_and_refuses_an_unknown_page(project):
    edit(project, SENTENCE, SENTENCE.replace("den vigtigste", "de to vigtigste"))
    result = run(project, "review", f"docs/en/{PAGE}", SECTION)
    assert result.returncode == 0, result.stderr
    assert set(states(project).values()) == {UP_TO_DATE}
    result = run(project, "review", "no-such-page.md", SECTION)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "no page no-such-page.md under docs/da/ (name it as there, e.g. challenges.md)"


def test_review_of_an_unknown_section_is_refused(project):
    with pytest.raises(FreshnessError, match="no section 'nope'"):
        review(project, PAGE, ["nope"])


@pytest.mark.parametrize(
    ("page", "heading", "not_shown"),
    [
        ("translation-status/index.html", "4.1 Udfordringsbillede", "4.1 The challenge landscape"),
        ("en/translation-status/index.html", "4.1 The challenge landscape", "4.1 Udfordringsbillede"),
        # The row of a whole page names it by its title.
        ("translation-status/index.html", "9 Opmærksomhed", "9 Attention and interaction"),
        ("en/translation-status/index.html", "9 Attention and interaction", "9 Opmærksomhed"),
    ],
)
def test_the_status_page_names_sections_in_its_own_language(built_site, page, heading, not_shown):
    """The English status page lists the English headings (the section's id is shared)."""
    import html
    import re

    text = html.unescape(re.sub(r"<[^>]+>", " ", (built_site / page).read_text(encoding="utf-8")))
    text = " ".join(text.split())
    assert heading in text and not_shown not in text
