"""Where each table and figure is shown, and cross references to them.

A block's page is the page whose Markdown calls ``{{ table("<id>") }}`` or ``{{ figure("<id>") }}``
(ids of any form: ``4.2``, ``satisfaction-by-age``). The build stops, naming the page and the id,
when a page shows the same block twice (its HTML id would not be unique) or when a cross
reference points at a block that no page of its language shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.blocks.tables import anchor
from macros.model.errors import ReportError

KINDS = ("table", "figure")
# {{ table("1.3") }}, {{ figure('results by region') }}, {{ figure(figure_id="x") }}, {{- table("a") -}}
_BLOCK_CALL = re.compile(
    r"""\{\{-?\s*(table|figure)\(\s*(?:\w+\s*=\s*)?(["'])(.+?)\2\s*\)\s*-?\}\}""",
    re.DOTALL,
)


class BlockReferenceError(ReportError, ValueError):
    """A page that shows a block twice, or a cross reference to a block no page shows."""


class PageCallError(BlockReferenceError):
    """A mistake of a page that names its own place (file and line): reported as it is."""


def calls_on(text: str) -> list[tuple[str, str]]:
    """(kind, id) of every table and figure call in a page's Markdown, in order.

    >>> calls_on('{{ figure("1.3") }} and {{ table( "by-region" ) }}')
    [('figure', '1.3'), ('table', 'by-region')]
    """
    return [(kind, block_id) for kind, _quote, block_id in _BLOCK_CALL.findall(text)]


def block_pages(docs_dir: Path, language: str) -> dict[tuple[str, str], str]:
    """(kind, id) -> the page (path under docs/<language>/) that shows it (the first, in path order)."""
    where: dict[tuple[str, str], str] = {}
    root = Path(docs_dir) / language
    for path in sorted(root.rglob("*.md")):
        for call in calls_on(path.read_text(encoding="utf-8")):
            where.setdefault(call, path.relative_to(root).as_posix())
    return where


def check_page(docs_dir: Path | None, language: str, src: str, reported: set | None = None) -> None:
    """Stop when the page shows one table or figure more than once.

    ``reported``: the duplicates already reported in this build (the first call of a duplicated
    block reports it; the others are then quiet, so the message appears once).
    """
    if docs_dir is None or not src:
        return
    path = Path(docs_dir) / language / src
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    lines: dict[tuple[str, str], list[int]] = {}
    for match in _BLOCK_CALL.finditer(text):
        lines.setdefault((match.group(1), match.group(3)), []).append(text.count("\n", 0, match.start()) + 1)
    for (kind, block_id), found in lines.items():
        if len(found) > 1:
            if reported is not None:
                if (language, src, kind, block_id) in reported:
                    continue
                reported.add((language, src, kind, block_id))
            others = ", ".join(map(str, found[:-1]))
            raise PageCallError(
                f"docs/{language}/{src}:{found[1]}: {kind} {block_id!r} is shown {len(found)} times on this page "
                f"(also on line {others}); a {kind} may appear once per page (its id "
                f"{anchor(kind, block_id)!r} must be unique): remove the extra "
                f'{{{{ {kind}("{block_id}") }}}} calls or refer to it with {{{{ ref("{kind}", "{block_id}") }}}}'
            )


def target(
    docs_dir: Path, language: str, src: str, kind: str, block_id: str, pages: dict[tuple[str, str], str] | None = None
) -> str:
    """The link from page ``src`` to a block: ``#table-4-2`` on the same page, else ``page.md#...``
    (``pages``: :func:`block_pages` of the language, when the caller has it)."""
    pages = block_pages(docs_dir, language) if pages is None else pages
    page = pages.get((kind, block_id))
    if page is None:
        shown = sorted(i for k, i in pages if k == kind)
        raise BlockReferenceError(
            f"{kind} {block_id!r} is defined in data/{kind}s.yaml but no page in docs/{language}/ shows it; "
            f'add {{{{ {kind}("{block_id}") }}}} to a page, or refer to a {kind} that is shown: '
            f"{', '.join(shown) or 'none'}"
        )
    link = f"#{anchor(kind, block_id)}"
    # A block shown on several pages (a chapter and its copy): the one on this page, if it has one.
    here = Path(docs_dir) / language / src
    if page != src and here.is_file() and (kind, block_id) in calls_on(here.read_text(encoding="utf-8")):
        return link
    return link if page == src else page + link
