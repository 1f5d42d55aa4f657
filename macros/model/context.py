"""The build context: everything one build of one report knows, in one object.

The MkDocs adapter (macros/__init__.py) creates a :class:`BuildContext` in ``define_env``
from the mkdocs.yml being built and binds it to every :class:`macros.calls.Page`
(``page.context``). It holds the report's folders, its languages, its site address, the
loaded survey, definitions and UI catalog (each loaded once per build), what the finding
pages stated (``stated``), the pages that carry each finding link and editorial marker
(``carried``) and the problems met while rendering (``failures``). A new build
(also each rebuild of ``mkdocs serve``) gets a new context, so nothing leaks between builds.

Code that is handed a page uses ``page.context``. Module-level helpers that are called with
only a language (``catalog.text``, ``formatting.percent``) read :func:`current`, the context
of the build in progress, or, outside a build (unit tests, tools), the context of the
engine's own repository (:func:`default_context`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.model.languages import DEFAULT_CONFIG, Languages, report_languages


@dataclass
class BuildContext:
    """One build of one report."""

    config_path: Path  # the report's mkdocs.yml
    languages: Languages
    site_url: str = ""
    site_dir: Path | None = None  # the site root (site/); a language's pages go to site/ or site/<language>/
    docs_dir: Path | None = None  # default: docs/ beside mkdocs.yml
    # What each finding page stated: (language, page) -> [(macro, args, kwargs)] (see blocks/finding_pages).
    stated: dict[tuple[str, str], list] = field(default_factory=dict)
    # Problems met while rendering the current page (see macros/__init__.py).
    failures: list = field(default_factory=list)
    # The pages that carry each finding link and editorial marker: (kind, language, id) -> pages.
    # A copy of a page may carry them too, so long as the page the registry names does (checked
    # when a language's build ends, :func:`missing_origins`).
    carried: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    # The theme's interface texts the report's catalogs reword: {language: {key: text}} (macros/text/theme.py).
    theme_strings: dict[str, dict[str, str]] = field(default_factory=dict)
    # The charts' SVG that Markdown does not see, by hash (macros/html/held.py); None: none held.
    held: dict[str, str] | None = None
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.config_path = Path(self.config_path).resolve()
        if self.docs_dir is None:
            self.docs_dir = self.root / "docs"

    @property
    def root(self) -> Path:
        """The report's folder: where mkdocs.yml, data/, docs/, locale/ and translations/ are."""
        return self.config_path.parent

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def locale_dir(self) -> Path:
        return self.root / "locale"

    def remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per build for ``key`` (what several pages ask of the same data)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def remember_for(self, key: tuple, inputs: tuple, compute: Callable[[], Any]) -> Any:
        """:meth:`remember` for ``key``, as long as it is asked with the same ``inputs`` objects
        (compared by identity: a test may make another survey or definition under the same id in
        one context). Other inputs get ``compute()`` afresh, not remembered."""
        held = self._cache.get(key)
        if held is None:
            held = self._cache[key] = (inputs, compute())
        elif len(held[0]) != len(inputs) or any(a is not b for a, b in zip(held[0], inputs, strict=False)):
            return compute()
        return held[1]

    def survey(self):
        """The report's data, loaded and validated once per build."""
        from macros.model.survey import load_survey

        if "survey" not in self._cache:
            self._cache["survey"] = load_survey(self.data_dir, self.languages)
        return self._cache["survey"]

    def definitions(self):
        """(tables, figures) of data/tables.yaml and data/figures.yaml, validated once per build."""
        from macros.model.definitions import definitions

        if "definitions" not in self._cache:
            self._cache["definitions"] = definitions(self.data_dir, self.languages)
        return self._cache["definitions"]

    def catalog(self):
        """The UI catalogs of every language (locale/<language>/LC_MESSAGES/messages.po)."""
        from macros.text.catalog import Catalog

        if "catalog" not in self._cache:
            self._cache["catalog"] = Catalog(self.locale_dir, self.languages, self.report_values)
        return self._cache["catalog"]

    def report_values(self, language: str) -> dict[str, str]:
        """The facts of the report that UI messages may name as placeholders, in ``language``."""
        from babel import Locale

        facts = self.survey().facts
        population = facts.get("population_label") or facts.get("population") or {}
        locale = Locale.parse(self.languages.babel_locale.get(language, language))
        source = Locale.parse(self.languages.babel_locale[self.languages.source])
        return {
            "population": population.get(language, ""),
            "source_language": Locale(source.language).get_display_name(locale) or self.languages.source,
        }


_current: BuildContext | None = None
_default: BuildContext | None = None


def activate(context: BuildContext | None) -> None:
    """Make ``context`` the build in progress (the adapter does this in define_env)."""
    global _current
    _current = context


def default_context() -> BuildContext:
    """The context of the engine's own repository (outside a build: tests, tools)."""
    global _default
    languages = report_languages(DEFAULT_CONFIG)
    if _default is None or _default.languages != languages:
        _default = BuildContext(config_path=DEFAULT_CONFIG, languages=languages)
    return _default


def current() -> BuildContext:
    """The build in progress, or the engine repository's context outside a build."""
    return _current if _current is not None else default_context()


def missing_origins(context: BuildContext, origins: dict[str, tuple[str, dict[str, str]]], language: str) -> list[str]:
    """The problems of anchors that only copies carry. ``origins`` gives, per kind (``"finding"``,
    ``"editorial note"``), its registry file and each id's page as the registry names it. A page
    other than that one may carry the id (a copy of a chapter, a second chapter that repeats a
    passage) only when the named page carries it too: that is where the finding's page and the
    notes page link.
    (Tested in tests/test_page_copies.py.)
    """
    problems = []
    for (kind, carried_language, item), pages in sorted(context.carried.items()):
        registry, pages_of = origins.get(kind, ("", {}))
        origin = pages_of.get(item)
        if carried_language != language or origin is None or not pages or origin in pages:
            continue
        copy = sorted(pages)[0]
        where = f"docs/{language}/{copy}"
        path = Path(context.docs_dir or "") / language / copy
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            found = [n for n, line in enumerate(lines, 1) if f'"{item}"' in line or f"'{item}'" in line]
            where += f":{found[0]}" if found else ""
        problems.append(
            f"{where} carries {kind} {item!r}, but {origin}, its page in {registry}, does not; "
            f"put it back on {origin} or name {copy} as its page there"
        )
    return problems
