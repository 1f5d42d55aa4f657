"""English sections whose Danish original changed get a visible notice on the site.

The notice says when the Danish text changed and links to the Danish section; the
English text stays as it is (nothing is hidden or replaced by Danish). What fails the
build instead is set in translations/policy.yaml (see macros/freshness.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import fmt, ui  # noqa: E402
from macros.freshness import (  # noqa: E402
    OUTDATED,
    PAGE_SECTION,
    SOURCE_LANGUAGE,
    TARGET_LANGUAGE,
    FreshnessError,
    fail_on,
    last_change,
    page_states,
)


def _notice(page: str, section: str, root_path: str, changed) -> str:
    date = ui.text(TARGET_LANGUAGE, "notice.date", date=fmt.long_date(changed, TARGET_LANGUAGE)) if changed else ""
    target = root_path + ("" if page == "index.md" else page[:-3] + "/")
    if section != PAGE_SECTION:
        target += f"#{section}"
    attributes = f'{{ hreflang="{SOURCE_LANGUAGE}" lang="{SOURCE_LANGUAGE}" }}'
    link = f"[{ui.text(TARGET_LANGUAGE, 'notice.link')}]({target}){attributes}"
    body = ui.text(TARGET_LANGUAGE, "notice.outdated", date=date, link=link)
    return f'\n!!! warning "{ui.text(TARGET_LANGUAGE, "notice.outdated_title")}"\n\n    {body}\n'


def add_notices(markdown: str, page: str, root: Path, root_path: str) -> str:
    """The page's Markdown with a notice after the heading of every outdated section."""
    states = {s.section: s for s in page_states(root, page)}
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
            out.append(_notice(page, key, root_path, changed))
            placed.add(key)
    return "\n".join(out)


def on_page_markdown(markdown: str, page, config, files):
    locale = getattr(page.file, "locale", None)
    src = page.file.src_uri
    relative = src.split("/", 1)[1] if src.startswith(f"{TARGET_LANGUAGE}/") else src
    if locale != TARGET_LANGUAGE:
        return markdown
    try:
        failing = fail_on(ROOT)
        states = page_states(ROOT, relative) if (ROOT / "docs" / SOURCE_LANGUAGE / relative).exists() else []
        for state in states:
            if state.state in failing:
                raise PluginError(
                    f"docs/en/{relative} § {state.section}: translation is {state.state} and "
                    f"translations/policy.yaml fails the build on it; see "
                    f"`./dev translations status {relative}`"
                )
        root_path = urlsplit(config.site_url or "/").path or "/"
        return add_notices(markdown, relative, ROOT, root_path) if states else markdown
    except FreshnessError as error:
        raise PluginError(str(error)) from error
