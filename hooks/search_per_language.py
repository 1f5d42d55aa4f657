"""A MkDocs hook: one search index per language instead of one index of every language.

With mkdocs-static-i18n, Material's search plugin writes a single ``search/search_index.json``
at the site root holding the pages of every language (the i18n plugin gathers the entries of
each language's build and writes them together after the last one), and every page of every
language downloads all of it on its first load. Neither plugin has an option for one index per
language: Material writes the index to ``<site_dir>/search/`` and its browser code fetches it
from ``<base>/search/search_index.json``, where ``base`` is the site root for every language.

After the last language is built, this hook splits that index by the first segment of each
entry's location: ``<language>/search/search_index.json`` for every language but the default
one (with the ``<language>/`` prefix taken off the locations and the stemming languages set to
that language alone), and the default language's entries at the root. It then sets
``extra.search_index_per_language``, which tells ``overrides/main.html`` to give the pages of
the other languages ``<base>/<language>/`` as Material's search base, so that their search
fetches their own index and resolves the results' locations against it.

Registered in mkdocs.yml's ``hooks``; it runs after the i18n plugin has written the combined
index (priority -200). Without it the override changes nothing and every page loads every language's index.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

FLAG = "search_index_per_language"


def _languages(config) -> tuple[str | None, list[str]]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return None, []
    codes = [str(language.locale) for language in i18n.config.languages if language.build]
    default = next((str(lang.locale) for lang in i18n.config.languages if lang.default), codes[0] if codes else None)
    return default, codes


def on_config(config):
    default, codes = _languages(config)
    if default and len(codes) > 1 and ({"search", "material/search"} & set(config.plugins)):
        config.extra[FLAG] = True
    return config


def split_index(index: dict, default: str, languages: list[str]) -> dict[str, dict]:
    """The combined index as {language: index}; locations of other languages lose their prefix."""
    others = [code for code in languages if code != default]
    split: dict[str, dict] = {}
    for code in [default, *others]:
        config = dict(index.get("config") or {})
        config["lang"] = [code]
        split[code] = {**index, "config": config, "docs": []}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        prefix = location.split("/", 1)[0]
        if prefix in others:
            split[prefix]["docs"].append({**doc, "location": location[len(prefix) + 1 :]})
        else:
            split[default]["docs"].append(doc)
    return split


@event_priority(-200)  # after the i18n plugin's on_post_build (-100), which writes the combined index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "building", False) or not config.extra.get(FLAG):
        return
    default, codes = _languages(config)
    if default is None:  # not reached: on_config sets the flag only with a default language
        return
    site = Path(config.site_dir)
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for code, part in split_index(index, default, codes).items():
        target = path if code == default else site / code / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
