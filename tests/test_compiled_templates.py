"""Compiled templates kept between builds (macros/html/compiled.py): a second environment loads a
template's code from the cache instead of compiling it; an edited template, or an environment
whose settings compile it differently, compiles again."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, TemplateAssertionError

from macros import _engine_events
from macros.html import compiled


def _environment(folder: Path, cache: Path, **settings) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=compiled.bytecode_cache(cache), **settings)


def _compiles(environment: Environment, monkeypatch) -> list[str]:
    """The names of the templates ``environment`` compiles from source from now on."""
    compiled_names: list[str] = []
    original = environment.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled_names.append(name)
        return original(source, name, filename, raw, defer_init)

    monkeypatch.setattr(environment, "compile", counting)
    return compiled_names


def test_a_second_environment_takes_the_compiled_code_from_the_cache(tmp_path: Path, monkeypatch):
    (tmp_path / "page.html").write_text("<p>{{ title | upper }}</p>", encoding="utf-8")
    first = _environment(tmp_path, tmp_path / "cache")
    first_compiles = _compiles(first, monkeypatch)
    assert first.get_template("page.html").render(title="a") == "<p>A</p>"
    assert first_compiles == ["page.html"]
    assert len(list((tmp_path / "cache" / compiled.FOLDER).iterdir())) == 1

    second = _environment(tmp_path, tmp_path / "cache")
    second_compiles = _compiles(second, monkeypatch)
    assert second.get_template("page.html").render(title="b") == "<p>B</p>"
    assert second_compiles == []


def test_an_edited_template_is_compiled_again(tmp_path: Path, monkeypatch):
    (tmp_path / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    _environment(tmp_path, tmp_path / "cache").get_template("page.html")
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    again = _environment(tmp_path, tmp_path / "cache")
    compiles = _compiles(again, monkeypatch)
    assert again.get_template("page.html").render(title="t") == "<h1>t</h1>"
    assert compiles == ["page.html"]


def test_environments_that_compile_a_template_differently_do_not_share_its_code(tmp_path: Path, monkeypatch):
    (tmp_path / "page.html").write_text("{# a #}<p>{{ x }}</p>\n", encoding="utf-8")
    assert _environment(tmp_path, tmp_path / "cache").get_template("page.html").render(x="<b>") == "<p><b></p>"
    escaping = _environment(tmp_path, tmp_path / "cache", autoescape=True, keep_trailing_newline=True)
    compiles = _compiles(escaping, monkeypatch)
    assert escaping.get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>\n"
    assert compiles == ["page.html"]
    other_comments = _environment(tmp_path, tmp_path / "cache", comment_start_string="{##", comment_end_string="##}")
    assert other_comments.get_template("page.html").render(x="y") == "{# a #}<p>y</p>"


def test_a_template_naming_a_filter_the_environment_lacks_still_fails(tmp_path: Path):
    (tmp_path / "page.html").write_text("{{ x | shout }}", encoding="utf-8")
    with_filter = _environment(tmp_path, tmp_path / "cache")
    with_filter.filters["shout"] = lambda value: f"{value}!"
    assert with_filter.get_template("page.html").render(x="hey") == "hey!"
    with pytest.raises(TemplateAssertionError, match="shout"):
        _environment(tmp_path, tmp_path / "cache").get_template("page.html")


def test_no_cache_when_its_folder_cannot_be_made(tmp_path: Path):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert compiled.bytecode_cache(tmp_path / "a-file") is None


def test_the_engine_gives_the_themes_environment_the_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("REPORT_CHART_CACHE", str(tmp_path))
    theme = Environment(loader=DictLoader({"main.html": "{{ page }}"}))
    events = _engine_events()
    assert events.on_env(theme, config=None, files=None) is theme
    assert isinstance(theme.bytecode_cache, compiled._CompiledTemplates)
    assert Path(theme.bytecode_cache.directory) == tmp_path / compiled.FOLDER


def test_a_pages_code_is_kept_with_the_names_it_reads(tmp_path: Path):
    jinja = Environment()
    source = "{{ stat('a') }} and {{ figure('4.1') }}"
    code = jinja.compile(jinja.parse(source))
    assert compiled.page_code(jinja, "docs/da/a.md", source, tmp_path) is None
    compiled.keep_page_code(jinja, "docs/da/a.md", source, {"stat", "figure"}, code, tmp_path)
    names, kept = compiled.page_code(jinja, "docs/da/a.md", source, tmp_path)
    assert names == {"stat", "figure"}
    template = jinja.template_class.from_code(jinja, kept, jinja.make_globals(None), None)
    assert template.render(stat=lambda key: key.upper(), figure=lambda key: f"F{key}") == "A and F4.1"


def test_a_pages_kept_code_is_for_its_own_text_place_and_settings(tmp_path: Path):
    jinja = Environment()
    source = "{{ x }}"
    compiled.keep_page_code(jinja, "docs/da/a.md", source, {"x"}, jinja.compile(source), tmp_path)
    assert compiled.page_code(jinja, "docs/da/a.md", "{{ y }}", tmp_path) is None  # the page was edited
    assert compiled.page_code(jinja, "docs/en/a.md", source, tmp_path) is None  # another page
    other = Environment(variable_start_string="[[", variable_end_string="]]")
    assert compiled.page_code(other, "docs/da/a.md", source, tmp_path) is None  # compiled otherwise


def test_a_damaged_kept_page_is_compiled_again(tmp_path: Path):
    jinja = Environment()
    compiled.keep_page_code(jinja, "docs/da/a.md", "{{ x }}", {"x"}, jinja.compile("{{ x }}"), tmp_path)
    (kept,) = (tmp_path / compiled.FOLDER / compiled.PAGES).iterdir()
    kept.write_bytes(kept.read_bytes()[:20])
    assert compiled.page_code(jinja, "docs/da/a.md", "{{ x }}", tmp_path) is None
    kept.write_bytes(b"not marshal")
    assert compiled.page_code(jinja, "docs/da/a.md", "{{ x }}", tmp_path) is None
