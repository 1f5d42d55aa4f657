"""The report's languages: those of the i18n plugin in mkdocs.yml, and nowhere else.

The first language (or the one with ``default: true``) is the source; the others are
translations of it. Each language's babel locale (numbers, dates, og:locale) is the likely
locale of its code in CLDR (``sv`` -> ``sv_SE``), unless the language's ``extra`` in
mkdocs.yml names one: ``extra: {babel_locale: en_GB}`` (the i18n plugin merges ``extra``
into the theme's extra of that language's build, where it does no harm). A language whose nouns
keep their capital inside a sentence (German) says so with ``extra: {mid_sentence_case: keep}``:
labels quoted mid-sentence in notes are then not lower-cased.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from macros.model import yamlfiles
from macros.model.errors import ConfigError, Problem, did_you_mean

ENGINE_ROOT = Path(__file__).resolve().parents[2]
# The engine's own messages (errors, tools) are written in English: language names in them are English.
MESSAGE_LOCALE = "en"
DEFAULT_CONFIG = ENGINE_ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class Languages:
    """The languages of a report, the source first."""

    source: str
    all: tuple[str, ...]
    babel_locales: tuple[tuple[str, str], ...]  # (language, babel locale) in the order of ``all``
    # Languages whose labels keep their case mid-sentence (``extra: {mid_sentence_case: keep}``).
    keep_case: tuple[str, ...] = ()

    @property
    def babel_locale(self) -> dict[str, str]:
        return dict(self.babel_locales)

    @property
    def translations(self) -> tuple[str, ...]:
        """Every language but the source, in mkdocs.yml's order."""
        return tuple(language for language in self.all if language != self.source)

    def name(self, language: str, in_language: str = MESSAGE_LOCALE) -> str:
        """The language's name, in English by default: ``da`` -> ``Danish`` (CLDR)."""
        locale = Locale.parse(self.babel_locale.get(language, language))
        return Locale(locale.language).get_display_name(in_language) or language

    def url_prefix(self, language: str) -> str:
        """Where the language is built under the site: "" for the source, ``"en/"`` for the others."""
        return "" if language == self.source else f"{language}/"

    def __contains__(self, language: object) -> bool:
        return language in self.all

    def __iter__(self):
        return iter(self.all)


def likely_locale(code: str) -> str:
    """The babel locale of a language code: ``sv`` -> ``sv_SE``, ``en-GB`` -> ``en_GB``."""
    code = code.replace("-", "_")
    if "_" in code:
        locale = Locale.parse(code)
    else:
        subtags = get_global("likely_subtags").get(code, code)
        locale = Locale.parse(subtags)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _i18n_plugin(config: dict):
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins.get("i18n"), ("plugins", "i18n")
    for index, entry in enumerate(plugins):
        if isinstance(entry, dict) and "i18n" in entry:
            return entry["i18n"], ("plugins", index, "i18n")
    return None, ("plugins",)


def languages_from_config(config: dict, where: str = "mkdocs.yml") -> Languages:
    """The Languages of an already loaded mkdocs.yml; a ConfigError names the key that is wrong."""
    plugin, path = _i18n_plugin(config if isinstance(config, dict) else {})

    def problem(place: tuple, text: str, value=None) -> ConfigError:
        line = yamlfiles.line_of(config, place)
        keys = "plugins.i18n" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in place[len(path) :])
        return ConfigError(Problem(f"{where}{f':{line}' if line else ''}: {keys}: {text}"))

    if not isinstance(plugin, dict) or not isinstance(plugin.get("languages"), list) or not plugin["languages"]:
        raise problem(
            path,
            "has no languages; expected the i18n plugin with a list of languages, e.g. "
            "`languages: [{locale: da, name: Dansk, default: true}, {locale: en, name: English}]`",
        )
    codes, locales, source, keep_case = [], [], None, []
    for index, entry in enumerate(plugin["languages"]):
        place = (*path, "languages", index)
        if not isinstance(entry, dict) or not isinstance(entry.get("locale"), str):
            raise problem(place, "has no `locale`; expected a language code such as `da`")
        code = entry["locale"]
        if code == "null" or entry.get("build") is False:
            continue  # a switcher entry or a language that is not built
        if code in codes:
            raise problem((*place, "locale"), f"language {code!r} is listed twice; expected each language once")
        extra: dict = entry["extra"] if isinstance(entry.get("extra"), dict) else {}
        override = extra.get("babel_locale")
        case = extra.get("mid_sentence_case", "lower")
        if case not in ("lower", "keep"):
            raise problem((*place, "extra", "mid_sentence_case"), f"has {case!r}; expected 'lower' or 'keep'")
        if case == "keep":
            keep_case.append(code)
        try:
            babel = likely_locale(str(override or code))
            Locale.parse(babel)
        except (UnknownLocaleError, ValueError):
            raise problem(
                (*place, "extra", "babel_locale") if override else (*place, "locale"),
                f"has {override or code!r}, which babel does not know; expected a CLDR locale such as sv_SE",
            ) from None
        codes.append(code)
        locales.append((code, babel))
        if entry.get("default") and source is None:
            source = code
    if not codes:
        raise problem((*path, "languages"), "builds no language; expected at least one with `build: true`")
    return Languages(
        source=source or codes[0], all=tuple(codes), babel_locales=tuple(locales), keep_case=tuple(keep_case)
    )


@functools.lru_cache(maxsize=8)
def _cached(path: Path, _mtime: int) -> Languages:
    config = yamlfiles.load(path, path.name, yamlfiles.ConfigLoader)
    return languages_from_config(config, path.name)


def report_languages(config_path: Path | str = DEFAULT_CONFIG) -> Languages:
    """The languages of the report whose mkdocs.yml is ``config_path`` (cached until it changes)."""
    path = Path(config_path).resolve()
    if not path.exists():
        raise ConfigError(f"{path.name}: file is missing; expected the report's MkDocs configuration")
    return _cached(path, path.stat().st_mtime_ns)


def missing_twins(docs_dir: Path, languages: Languages, docs_name: str = "docs") -> list[Problem]:
    """Every page of one language (docs/<language>/<path>.md) that another language lacks.

    Each language shows the same pages under the same names (the language switcher, the search
    index and the sitemap pair them); a page in one language only is an authoring mistake.
    """
    pages = {}
    for language in languages.all:
        folder = Path(docs_dir) / language
        pages[language] = {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} if folder.is_dir() else set()
    problems = []
    for language in languages.all:
        for page in sorted(pages[language]):
            missing = [other for other in languages.all if page not in pages[other]]
            if not missing:
                continue
            twins = ", ".join(f"{docs_name}/{other}/{page}" for other in missing)
            names = " and ".join(languages.name(other) for other in missing)
            problems.append(
                Problem(
                    f"{docs_name}/{language}/{page}: the page {page!r} has no twin {twins}; expected every page in "
                    f"every language of mkdocs.yml, under the same name: write it in {names} too, "
                    f"or remove {docs_name}/{language}/{page}",
                    file=f"{docs_name}/{language}/{page}",
                    value=page,
                )
            )
    return problems


def nav_problems(config_path: Path, docs_dir: Path, languages: Languages, docs_name: str = "docs") -> list[Problem]:
    """Every page that the ``nav`` of mkdocs.yml names but the source language's folder lacks.

    MkDocs would only warn, once per language and without the line; this names mkdocs.yml's line.
    """
    path = Path(config_path)
    config = yamlfiles.load(path, path.name, yamlfiles.ConfigLoader)
    nav = config.get("nav") if isinstance(config, dict) else None
    folder = Path(docs_dir) / languages.source
    if not isinstance(nav, list) or not folder.is_dir():
        return []
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))
    problems: list[Problem] = []

    def visit(entries, line: int) -> None:
        lines = getattr(entries, "lines", [])
        for index, entry in enumerate(entries):
            at = lines[index] if index < len(lines) else line
            title = None
            if isinstance(entry, dict) and len(entry) == 1:
                title, entry = next(iter(entry.items()))
            if isinstance(entry, list):
                visit(entry, at)
            elif isinstance(entry, str) and "://" not in entry and not entry.startswith(("/", "#")):
                page = entry.split("#", 1)[0]
                if (folder / page).is_file() or (Path(docs_dir) / page).is_file():
                    continue
                hint = did_you_mean(page, pages)
                named = f"{title!r} names" if title is not None else "names"
                problems.append(
                    Problem(
                        f"{path.name}:{at}: nav: {named} {page!r}, which does not exist in "
                        f"{docs_name}/{languages.source}/; expected the path of a page under "
                        f"{docs_name}/<language>/" + (f" ({hint})" if hint else ""),
                        file=path.name,
                        place=at,
                        value=page,
                    )
                )

    visit(nav, getattr(nav, "line", 1))
    return problems
