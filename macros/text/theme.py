"""The theme's own interface texts, reworded per language in the report's catalogs.

Material for MkDocs writes the texts of its interface (the search box and its messages, "Back to
top", the footer's "Previous" and "Next", the copy button, the language menu) from its
``partials/languages/<language>.html``, one dictionary per language keyed by names such as
``search.result.initializer``. A report may reword any of them, per language, in
``locale/<language>/LC_MESSAGES/theme.po``, next to the engine's ``messages.po``:

.. code-block:: po

    msgctxt "search.result.initializer"
    msgid "Initializing search"
    msgstr "Initializing search, please wait"

The context is the theme's key, the msgid the theme's English text (what the translator starts
from; it is not compared), the msgstr the report's text. An empty msgstr, or no entry, keeps the
theme's own text for that language (then its English one). The file is optional; it has no
template (``pybabel update`` would drop what no template lists, so it is not run on it).

:func:`theme_strings` reads every language's file once per build and checks it: a key the theme
does not have ("did you mean ...?"), a fuzzy or plural entry, a missing context, or a character
the theme's HTML would need escaped (``"``, ``<``, ``&``: the theme writes its texts into HTML
unescaped) is a problem of the report, listed with the others. The adapter puts the result into
the theme's configuration (``extra.theme_strings``, {language: {key: text}}), and
overrides/partials/language.html looks there first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from macros.model.errors import Problem, did_you_mean
from macros.model.languages import Languages
from macros.text.catalog import MissingTranslation, _check_syntax

THEME_CATALOG = "theme.po"
# The theme's English dictionary: every key it knows, with its English text.
THEME_LANGUAGE_FILE = Path("partials") / "languages" / "en.html"
_ENTRY = re.compile(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)"', re.MULTILINE)
# Characters the theme would write into its HTML as they are (attribute values in double quotes).
_UNSAFE = ('"', "<", "&")


def theme_keys(theme_dirs: Iterable[Path | str]) -> dict[str, str]:
    """key -> the theme's English text, from the first theme folder that has the dictionary ({} if none)."""
    for folder in theme_dirs:
        path = Path(folder) / THEME_LANGUAGE_FILE
        if path.is_file():
            return {key: text.replace('\\"', '"') for key, text in _ENTRY.findall(path.read_text(encoding="utf-8"))}
    return {}


def catalog_path(locale_dir: Path, language: str) -> Path:
    return Path(locale_dir) / language / "LC_MESSAGES" / THEME_CATALOG


def read_theme_catalog(path: Path, language: str, keys: dict[str, str], where: str) -> tuple[dict[str, str], list]:
    """(key -> text, problems) of one language's theme catalog; ({}, []) when there is none."""
    if not path.is_file():
        return {}, []
    try:
        _check_syntax(path, where)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, abort_invalid=True)
    except MissingTranslation as error:
        return {}, list(error.problems)
    except UnicodeDecodeError:
        return {}, [Problem(file=where, expected="UTF-8 text (save it again choosing the encoding UTF-8)")]
    except PoFileError as error:
        return {}, [Problem(f"{where}: the catalog has a syntax error: {error}; fix the line it names")]
    texts: dict[str, str] = {}
    problems: list = []
    for message in catalog:
        if not message.id:
            continue  # the header
        place = message.lineno
        if not message.context:
            problems.append(
                Problem(
                    file=where,
                    place=place,
                    value=message.id,
                    expected='a msgctxt naming the theme\'s key, e.g. msgctxt "search.result.initializer"',
                )
            )
            continue
        key = message.context
        if keys and key not in keys:
            problems.append(
                Problem(
                    file=where,
                    place=place,
                    value=key,
                    expected="a key of the theme's partials/languages/en.html",
                    hint=did_you_mean(key, keys),
                )
            )
            continue
        if not isinstance(message.string, str):
            problems.append(
                Problem(file=where, place=place, value=key, expected="one msgstr (no plural forms msgstr[0], ...)")
            )
            continue
        if not message.string:
            continue  # not reworded: the theme's own text
        if message.fuzzy:
            problems.append(
                Problem(
                    f"{where}:{place}: the {language} text of the theme string {key!r} is marked fuzzy; "
                    "check it and remove the fuzzy flag"
                )
            )
            continue
        unsafe = [character for character in _UNSAFE if character in message.string]
        if unsafe:
            problems.append(
                Problem(
                    file=where,
                    place=place,
                    value=message.string,
                    expected=f"a text without {' or '.join(unsafe)} (the theme writes it into HTML as it is; "
                    "use typographic quotes ‘ ’ “ ” and the word 'and')",
                )
            )
            continue
        texts[key] = message.string
    return texts, problems


def theme_strings(
    locale_dir: Path, languages: Languages, theme_dirs: Iterable[Path | str]
) -> tuple[dict[str, dict[str, str]], list]:
    """({language: {key: text}}, problems) for every language of the report."""
    keys = theme_keys(theme_dirs)
    strings: dict[str, dict[str, str]] = {}
    problems: list = []
    for language in languages.all:
        path = catalog_path(locale_dir, language)
        try:
            where = str(path.relative_to(Path(locale_dir).parent))
        except ValueError:
            where = str(path)
        texts, found = read_theme_catalog(path, language, keys, where)
        strings[language] = texts
        problems.extend(found)
    return strings, problems
