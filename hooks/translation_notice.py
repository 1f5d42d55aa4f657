"""Translated sections whose source changed get a visible notice on the site.

For every language of mkdocs.yml but the source: the notice says when the source text
changed and links to the source section; the translated text stays as it is (nothing is
hidden or replaced). What fails the build instead is set in translations/policy.yaml (see
macros/i18n/freshness.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.i18n.freshness import (  # noqa: E402
    OUTDATED,
    PAGE_SECTION,
    fail_on,
    languages_of,
    last_change,
    page_states,
)
from macros.model.errors import ReportError  # noqa: E402
from macros.text import catalog as ui  # noqa: E402
from macros.text import formatting as fmt  # noqa: E402


def _notice(page: str, section: str, root_path: str, changed, language: str, source: str) -> str:
    date = ui.text(language, "notice.date", date=fmt.long_date(changed, language)) if changed else ""
    target = root_path + ("" if page == "index.md" else page[:-3] + "/")
    if section != PAGE_SECTION:
        target += f"#{section}"
    link = f'[{ui.text(language, "notice.link")}]({target}){{ hreflang="{source}" lang="{source}" }}'
    body = ui.text(language, "notice.outdated", date=date, link=link)
    return f'\n!!! warning "{ui.text(language, "notice.outdated_title")}"\n\n    {body}\n'


def add_notices(markdown: str, page: str, root: Path, root_path: str, language: str | None = None) -> str:
    """The page's Markdown with a notice after the heading of every outdated section."""
    languages = languages_of(root)
    language = language or languages.translations[0]
    states = {s.section: s for s in page_states(root, page, language)}
    outdated = {key for key, s in states.items() if s.state == OUTDATED}
    if not outdated:
        return markdown
    changed = last_change(root, page)
    lines = markdown.split("\n")
    out, placed = [], set()
    for line in lines:
        out.append(line)
        key = None
        if line.startswith("# ") and PAGE_SECTION not in placed:
            key = PAGE_SECTION
        elif line.startswith("##") and "{#" in line:
            key = line.rsplit("{#", 1)[1].split("}", 1)[0]
        if key in outdated and key not in placed:
            out.append(_notice(page, key, root_path, changed, language, languages.source))
            placed.add(key)
    return "\n".join(out)


def on_page_markdown(markdown: str, page, config, files):
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT
    try:
        languages = languages_of(root)
        language = getattr(page.file, "locale", None)
        if language not in languages.translations:
            return markdown
        src = page.file.src_uri
        relative = src.split("/", 1)[1] if src.startswith(f"{language}/") else src
        failing = fail_on(root)
        source_exists = (root / "docs" / languages.source / relative).exists()
        states = page_states(root, relative, language) if source_exists else []
        for state in states:
            if state.state in failing:
                raise PluginError(
                    f"docs/{language}/{relative} § {state.section}: translation is {state.state} and "
                    f"translations/policy.yaml fails the build on it; see "
                    f"`./dev translations status {relative} --language {language}`"
                )
        # The source pages are at the root of the site (the i18n plugin's default language).
        root_path = urlsplit(config.site_url or "/").path or "/"
        return add_notices(markdown, relative, root, root_path, language) if states else markdown
    except ReportError as error:
        raise PluginError(str(error)) from None
