"""The report's bibliographic data (data/report.yaml): colophon and citations."""

from __future__ import annotations

import datetime as dt

from macros.html.markup import esc
from macros.text import catalog as ui
from macros.text import formatting as fmt


def author_names(report: dict, language: str) -> str:
    """ "A, B, C og D" / "A, B, C and D", in the colophon's order."""
    names = [f"{a['given']} {a['family']}" for a in report["authors"]]
    return ", ".join(names[:-1]) + f" {ui.text(language, 'and')} " + names[-1]


def apa_authors(report: dict) -> str:
    """APA 7: "Family, G. G., Family, G., & Family, G."."""

    def initials(given: str) -> str:
        return " ".join(f"{part[0]}." for part in given.split())

    names = [f"{a['family']}, {initials(a['given'])}" for a in report["authors"]]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def apa_reference(report: dict, language: str, url: str) -> str:
    """The report in APA style, in the page language (the title stays in the original language)."""
    title = report["title"]["da"] + ". " + report["subtitle"]["da"]
    if language != "da":
        title += f" [{report['title'][language]}. {report['subtitle'][language]}]"
    return (
        f"{apa_authors(report)} ({report['year']}). <em>{esc(title)}</em> "
        f"({esc(report['report_type'][language])}). {esc(report['publisher'][language])}, "
        f'{esc(report["institution"][language])}. <a href="{esc(url)}">{esc(url)}</a>'
    )


def colophon_html(report: dict, language: str) -> str:
    edition = report["edition_date"]
    if not isinstance(edition, dt.date):
        edition = dt.date.fromisoformat(str(edition))
    rows = [
        ("colophon.title", esc(f"{report['title'][language]}. {report['subtitle'][language]}")),
        ("colophon.authors", esc(author_names(report, language))),
        ("colophon.department", esc(f"{report['department'][language]}, {report['institution'][language]}")),
        ("colophon.publisher", esc(report["publisher"][language])),
        ("colophon.url", f'<a href="{esc(report["pdf_url"])}">{esc(report["pdf_url"])}</a>'),
        ("colophon.year", esc(report["year"])),
        ("colophon.edition", esc(ui.text(language, "colophon.edition_value", date=fmt.long_date(edition, language)))),
        ("colophon.keywords", esc(", ".join(report["keywords"][language]))),
        ("colophon.pages", esc(ui.text(language, "colophon.pages_value", pages=report["pages"]))),
    ]
    body = "".join(
        f'<tr><th scope="row">{esc(ui.text(language, key))}</th><td>{value}</td></tr>' for key, value in rows
    )
    return f'<table class="colophon"><tbody>{body}</tbody></table>'
