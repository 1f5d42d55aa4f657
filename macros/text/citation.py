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


def apa_reference(report: dict, language: str, url: str, edition: str | None = None) -> str:
    """The report in APA style, in the page language (the title stays in the original language).

    ``edition`` ("web", "pdf") names the edition cited beside the report type: "(Datarapport, PDF-udgave)".
    """
    title = report["title"]["da"] + ". " + report["subtitle"]["da"]
    if language != "da":
        title += f" [{report['title'][language]}. {report['subtitle'][language]}]"
    kind = report["report_type"][language]
    if edition:
        kind += ", " + ui.text(language, f"edition.{edition}")
    return (
        f"{apa_authors(report)} ({report['year']}). <em>{esc(title)}</em> "
        f"({esc(kind)}). {esc(report['publisher'][language])}, "
        f'{esc(report["institution"][language])}. <a href="{esc(url)}">{esc(url)}</a>'
    )


def colophon_html(report: dict, language: str, pdf_url: str | None = None) -> str:
    """The colophon table. With ``pdf_url`` (the PDF edition of this language) it links the PDF
    and states its number of pages in an element marked ``data-pdf-pages``, which the PDF build
    fills with the count read from the PDF (macros/outputs/pdf); without it, the printed count."""
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
    ]
    if pdf_url:
        rows.insert(5, ("colophon.pdf", f'<a href="{esc(pdf_url)}" type="application/pdf">{esc(pdf_url)}</a>'))
        # The count is known only when the PDF is built, after the pages: the PDF build fills it
        # in (and the search index leaves it out, since it is not known when the index is built).
        rows.append(("colophon.pages", "<span data-pdf-pages data-search-exclude>\u2013</span>"))
    else:
        rows.append(("colophon.pages", esc(ui.text(language, "colophon.pages_value", pages=report["pages"]))))
    body = "".join(
        f'<tr><th scope="row">{esc(ui.text(language, key))}</th><td>{value}</td></tr>' for key, value in rows
    )
    return f'<table class="colophon"><tbody>{body}</tbody></table>'
