"""A page per table and figure, and an embed page per figure, in every language, without files.

The pages are made at build time from data/tables.yaml and data/figures.yaml, so a new table or
figure gets its pages with nothing to write or translate: ``figures/<slug>/``,
``figures/<slug>/embed/`` and ``tables/<slug>/`` (``en/...`` in English), each a title and one
macro call (macros/outputs/figure_pages.py renders them).

mkdocs-static-i18n (folder structure) builds each language on its own and keeps only the files
it recognises in ``docs/<language>/``; a generated file it would drop. So the pages are added
after its ``on_files`` (priority -110, it runs at -100), already in the shape it gives the files
of the language being built: the locale, the address in the language's folder and the page in
every other language (``alternates``, which the language switcher, the hreflang links and the
sitemap use). The figure and table pages join the sitemap; the embed pages stay out of it and
out of search engines (``noindex``).
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Protocol, cast

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.model import context as build_context  # noqa: E402
from macros.outputs import figure_pages  # noqa: E402


class _LanguageFile(Protocol):
    """What mkdocs-static-i18n records on each File of a language (folder.create_i18n_file): plain
    attributes set on mkdocs' File, which declares none of them (the plugin has no type hints)."""

    locale: str
    localization: str
    locale_alternate_of: str
    norm_src_uri: str
    alternates: dict[str, File]


def _front_matter(values: dict) -> str:
    # JSON strings are YAML strings: titles with quotes or colons need no escaping of their own.
    lines = ["---"]
    for key, value in values.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n---\n"


def page_markdown(kind: str, block_id: str, variant: str, language: str, site_url: str, prefix: str) -> str:
    """The Markdown of one generated page: its front matter and the macro call."""
    # MkDocs and the theme print a page title as HTML: the block's title (report text) is escaped
    # here, once, so a "<" in a YAML title or a catalog word is text on every page that shows it.
    title = html.escape(figure_pages.block_title(kind, block_id, language), quote=False)
    meta: dict = {"title": title, "search": {"exclude": True}}
    if variant == "embed":
        meta["template"] = "embed.html"
        call = f'{{{{ figure_embed("{block_id}") }}}}'
    else:
        if kind == "figure":
            folder = figure_pages.data_files.page_folder(kind, block_id)
            meta["oembed"] = f"{site_url.rstrip('/')}/{prefix}{folder}{figure_pages.OEMBED_FILE}"
        call = f'{{{{ {kind}_page("{block_id}") }}}}'
    return _front_matter(meta) + "\n" + call + "\n"


def pages() -> list[tuple[str, str, str]]:
    """(kind, id, variant) of every generated page: a page per table and figure, an embed per figure."""
    tables, figures = build_context.current().definitions()
    found = [("table", table_id, "page") for table_id in tables]
    for figure_id in figures:
        found += [("figure", figure_id, "page"), ("figure", figure_id, "embed")]
    return found


def _source(kind: str, block_id: str, variant: str) -> str:
    return figure_pages.embed_src(block_id) if variant == "embed" else figure_pages.page_src(kind, block_id)


def _file(config, language: str, default: str, kind: str, block_id: str, variant: str) -> File:
    source = _source(kind, block_id, variant)
    prefix = "" if language == default else f"{language}/"
    content = page_markdown(kind, block_id, variant, language, config["site_url"] or "", prefix)
    file = File.generated(config, f"{language}/{source}", content=content)
    file.dest_uri = prefix + source.removesuffix("index.md") + "index.html"
    # What mkdocs-static-i18n records on each file of a language (folder.create_i18n_file).
    recorded = cast(_LanguageFile, file)
    recorded.locale = language
    recorded.localization = language
    recorded.locale_alternate_of = language
    recorded.norm_src_uri = source
    return file


@event_priority(-110)
def on_files(files, config):
    i18n = config.plugins["i18n"]
    languages = [language.locale for language in i18n.config.languages if language.build]
    current, default = i18n.current_language, i18n.default_language
    indexed = []
    for kind, block_id, variant in pages():
        alternates = {language: _file(config, language, default, kind, block_id, variant) for language in languages}
        for file in alternates.values():
            cast(_LanguageFile, file).alternates = alternates
        files.append(alternates[current])
        if variant == "page":
            indexed.append(alternates[current])
    # The sitemap lists the language's pages with their alternates (the plugin's own record).
    i18n.i18n_files_per_language.setdefault(current, []).extend(indexed)
    return files
