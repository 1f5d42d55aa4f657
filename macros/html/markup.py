"""Small HTML building blocks shared by tables, figures and appendices."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


def esc(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = True


def data_table(
    header: list[str],
    rows: list[tuple[str, list[Cell]]],
    caption: str | None = None,
    css_class: str = "report-table__grid",
) -> str:
    """An accessible table: column headers with scope=col, one row header per row (scope=row)."""
    parts = [f'<table class="{css_class}">']
    if caption:
        parts.append(f"<caption>{caption}</caption>")
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for label, cells in rows:
        tds = "".join(f'<td class="{"num" if c.numeric else "text"}">{esc(c.text)}</td>' for c in cells)
        parts.append(f'<tr><th scope="row">{esc(label)}</th>{tds}</tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def scroll_region(inner: str, label: str) -> str:
    """Wide tables scroll inside their own box (keyboard focusable), never the page."""
    return f'<div class="table-scroll" role="region" aria-label="{esc(label)}" tabindex="0">{inner}</div>'


def emphasis(text: str) -> str:
    return f"<em>{esc(text)}</em>"
