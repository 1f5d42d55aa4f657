"""A page's Markdown is parsed by Jinja once: the check before rendering (macros/__init__.py,
``_jinja_problem``) hands its tree, or the code compiled from it, to the macros plugin's
``from_string`` of the same text."""

from __future__ import annotations

from jinja2 import Environment

from macros import _compile_from


def _counting_parses(jinja: Environment) -> list[str]:
    parsed: list[str] = []
    original = jinja._parse

    def _parse(source, name, filename):
        parsed.append(source)
        return original(source, name, filename)

    jinja._parse = _parse  # type: ignore[method-assign]
    return parsed


def test_the_page_is_compiled_from_the_tree_of_its_check():
    jinja = Environment()
    page = "Seen {{ 2 * 3 }} times"
    tree = jinja.parse(page)
    parsed = _counting_parses(jinja)
    _compile_from(jinja, page, tree)
    assert jinja.from_string(page).render() == "Seen 6 times"
    assert parsed == []  # compiled from the tree, not parsed again


def test_any_other_text_and_a_second_call_are_parsed_as_usual():
    jinja = Environment()
    page = "{{ 1 + 1 }}"
    _compile_from(jinja, page, jinja.parse(page))
    parsed = _counting_parses(jinja)
    other = "{{ 2 + 2 }}"
    assert jinja.from_string(other).render() == "4"  # not the page: its own text
    assert jinja.from_string(page).render() == "2"  # the tree was for one call only
    assert parsed == [other, page]


def test_a_text_equal_to_the_page_but_not_the_page_is_parsed():
    """The macros plugin renders the very string the check read; an equal copy (a page title, say)
    is compiled from its own text."""
    jinja = Environment()
    page = "".join(["{{ 3 }}", " x"])
    _compile_from(jinja, page, jinja.parse(page))
    parsed = _counting_parses(jinja)
    copy = "".join(["{{ 3 }}", " x"])
    assert copy == page and copy is not page
    assert jinja.from_string(copy).render() == "3 x"
    assert parsed == [copy]


def test_the_page_is_made_from_code_compiled_before():
    """The check hands over code it compiled (or took from the cache of compiled pages): the
    page is rendered from it, neither parsed nor compiled again."""
    jinja = Environment()
    page = "Seen {{ 2 * 4 }} times"
    code = jinja.compile(jinja.parse(page))
    parsed = _counting_parses(jinja)
    compiles: list[object] = []
    original = jinja.compile
    jinja.compile = lambda *args, **kwargs: compiles.append(args) or original(*args, **kwargs)  # type: ignore[method-assign]
    _compile_from(jinja, page, code)
    assert jinja.from_string(page, globals={"unused": 1}).render() == "Seen 8 times"
    assert parsed == [] and compiles == []
    assert jinja.from_string(page).render() == "Seen 8 times"  # a second call: compiled as usual
    assert parsed == [page]
