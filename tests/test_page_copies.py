"""A copy of a chapter, or a second chapter that repeats a passage or a figure, builds.

Its finding links and editorial markers are accepted as long as the page their registry names
carries them too (the finding's page and the notes page link there); a cross-reference to a
figure the page shows itself stays on the page. A link that only a copy carries (the passage was
moved, and the registry not told) stops the build with one message (tests/test_malformed_inputs.py
has that case for a build).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.blocks import editorial, finding_pages, references
from macros.calls import Page
from macros.model import context as build_context
from tests.report_copy import FAST_BUILD_ENV, copy_report
from tools import build_site

REPO_ROOT = Path(__file__).resolve().parents[1]


def fresh_context(docs_dir: Path | None = None) -> build_context.BuildContext:
    config = REPO_ROOT / "mkdocs.yml"
    context = build_context.BuildContext(config, build_context.report_languages(config))
    if docs_dir is not None:
        context.docs_dir = docs_dir
    return context


def test_only_a_copy_that_carries_an_anchor_its_origin_lacks_is_a_problem(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sv").mkdir(parents=True)
    (docs / "sv" / "copy.md").write_text('# Kopia\n\nText.\n\n{{ finding_link("x") }}\n', encoding="utf-8")
    context = fresh_context(docs)
    origins = {"finding": ("data/findings.yaml", {"x": "chapter.md", "y": "other.md"})}

    context.carried[("finding", "sv", "x")] = {"copy.md"}
    assert build_context.missing_origins(context, origins, "sv") == [
        "docs/sv/copy.md:5 carries finding 'x', but chapter.md, its page in data/findings.yaml, does not; "
        "put it back on chapter.md or name copy.md as its page there"
    ]
    # Another language's build is not this one's business.
    assert build_context.missing_origins(context, origins, "fi") == []
    # With its origin carrying it too, a copy is fine.
    context.carried[("finding", "sv", "x")].add("chapter.md")
    assert build_context.missing_origins(context, origins, "sv") == []


def test_a_finding_link_and_an_editorial_marker_render_alike_on_a_copy_and_are_recorded():
    context = fresh_context()
    slug, item = next(iter(finding_pages._findings(Page(language="da", context=context)).items()))
    note = next(iter(editorial.load_notes(context.data_dir).values()))
    docs = context.docs_dir
    for page_name in (item.page, "copy-of-" + item.page):
        page = Page(language="da", src=page_name, docs_dir=docs, context=context)
        html = finding_pages.finding_link(page, slug)
        assert f'id="finding-{slug}"' in html
    assert context.carried[("finding", "da", slug)] == {item.page, "copy-of-" + item.page}
    origin = Page(language="da", src=note.page, docs_dir=docs, context=context)
    copy = Page(language="da", src="copy-of-" + note.page, docs_dir=docs, context=context)
    # The marker links to the note from any page of the same folder depth.
    assert editorial.editorial_note(copy, note.id) == editorial.editorial_note(origin, note.id)
    assert context.carried[("editorial note", "da", note.id)] == {note.page, "copy-of-" + note.page}


def test_a_cross_reference_to_a_figure_the_page_shows_stays_on_the_page(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sv").mkdir(parents=True)
    (docs / "sv" / "a.md").write_text('{{ figure("1.1") }}\n', encoding="utf-8")
    (docs / "sv" / "b.md").write_text('{{ figure("1.1") }}\n', encoding="utf-8")
    (docs / "sv" / "c.md").write_text("No figure here.\n", encoding="utf-8")
    assert references.target(docs, "sv", "a.md", "figure", "1.1") == "#figure-1-1"
    assert references.target(docs, "sv", "b.md", "figure", "1.1") == "#figure-1-1"
    # A page that does not show it links to the first page that does.
    assert references.target(docs, "sv", "c.md", "figure", "1.1") == "a.md#figure-1-1"


@pytest.fixture(scope="module")
def copied_site(tmp_path_factory) -> Path:
    """The report with a verbatim copy of its chapter 4 in every language, built strictly (no charts)."""
    root = copy_report(tmp_path_factory.mktemp("copies") / "report")
    for language in ("da", "en"):
        text = (root / "docs" / language / "challenges.md").read_text(encoding="utf-8")
        (root / "docs" / language / "challenges-copy.md").write_text(text, encoding="utf-8")
    result = build_site.build(root, root / "site", env=FAST_BUILD_ENV)
    assert result.ok, f"a verbatim copy of a chapter does not build (exit {result.returncode}):\n{result.message}"
    return root / "site"


@pytest.mark.build
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_verbatim_copy_of_a_chapter_builds_with_its_own_anchors(copied_site, prefix):
    original = (copied_site / prefix / "challenges" / "index.html").read_text(encoding="utf-8")
    copy = (copied_site / prefix / "challenges-copy" / "index.html").read_text(encoding="utf-8")
    for html in (original, copy):
        # The figures and their cross-references are on the page itself.
        assert 'id="figure-4-1"' in html
        assert 'href="#figure-4-1"' in html
        assert 'href="../challenges/#figure-4-1"' not in html
    # The finding links of the copy lead to the same finding pages as the original's.
    assert 'class="finding-link" id="finding-cross-cutting-challenges"' in copy
    assert 'href="../findings/cross-cutting-challenges/"' in copy
    # The finding's page still names the original as its origin.
    finding = (copied_site / prefix / "findings" / "cross-cutting-challenges" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "challenges/#" in finding and "challenges-copy/" not in finding
