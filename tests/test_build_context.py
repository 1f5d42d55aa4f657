"""One build context per build: created by define_env from the mkdocs.yml being built, bound to every Page."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

import macros
from macros.calls import Page, bins_table, experience_share
from macros.model import context
from macros.model.context import BuildContext
from macros.model.languages import report_languages
from macros.stats import items as stats
from macros.text import formatting as fmt

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def env():
    registered = {}
    env = SimpleNamespace(
        conf={
            "config_file_path": str(ROOT / "mkdocs.yml"),
            "docs_dir": str(ROOT / "docs"),
            "site_dir": "/tmp/gen-context-site",
            "site_url": "https://example.org/r/",
        },
        macro=lambda function, name: registered.__setitem__(name, function),
        variables={},
        page=SimpleNamespace(file=SimpleNamespace(locale="en", src_uri="en/benefits.md")),
    )
    env.registered = registered
    yield env
    context.activate(None)


def test_define_env_creates_the_context_and_binds_it_to_pages(env):
    macros.define_env(env)
    ctx = env.variables["_build_context"]
    assert isinstance(ctx, BuildContext) and context.current() is ctx
    assert (ctx.root, ctx.site_url, ctx.languages.all) == (ROOT, "https://example.org/r/", ("da", "en"))
    page = env.variables["_current_page"]()
    assert (page.language, page.src, page.context) == ("en", "benefits.md", ctx)
    assert page.default_language == "da"
    # The survey and the definitions are loaded once per build.
    assert ctx.survey() is ctx.survey() and ctx.definitions() is ctx.definitions()
    assert set(env.registered) >= {"stat", "table", "figure", "finding"}


def test_each_build_has_its_own_context(env):
    macros.define_env(env)
    first = env.variables["_build_context"]
    macros.define_env(env)
    second = env.variables["_build_context"]
    assert first is not second and context.current() is second
    assert first.failures is not second.failures


def test_a_page_made_outside_a_build_uses_the_repository():
    page = Page(language="da")
    assert page.context.root == ROOT and page.context.languages == report_languages(ROOT / "mkdocs.yml")


def test_no_assumed_question_id_for_bins():
    # experience_share reads the report's table of kind bins, whatever its item is called.
    page = Page(language="en")
    table = bins_table(page)
    assert table.kind == "bins" and len(table.items) == 1
    counts = stats.bin_counts(page.context.survey(), table.items[0], list(table.bins))
    assert experience_share(page, "0-1") == fmt.percent(Fraction(counts["0-1"], sum(counts.values())), "en", 0)


def test_remember_for_keeps_a_value_for_the_same_inputs_only():
    """A figure's or table's content is made once per build for the survey and definition it was
    made from; another object under the same id (a test's own survey) gets its own, unremembered."""
    build = BuildContext(
        config_path=Path(macros.__file__).resolve().parent.parent / "mkdocs.yml", languages=context.current().languages
    )
    survey, other = object(), object()
    made = []

    def make(name):
        made.append(name)
        return name

    assert build.remember_for(("k",), (survey,), lambda: make("first")) == "first"
    assert build.remember_for(("k",), (survey,), lambda: make("again")) == "first"
    assert build.remember_for(("k",), (other,), lambda: make("other")) == "other"
    assert build.remember_for(("k",), (survey,), lambda: make("later")) == "first"
    assert made == ["first", "other"]
