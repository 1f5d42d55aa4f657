"""The report's bibliographic data (data/report.yaml): colophon and citations.

Everything comes from report.yaml (validated by :class:`macros.model.schema.ReportFile`);
optional keys (subtitle, report type, department, institution, PDF address, page count,
keywords, month, edition date) are left out of the colophon and the citations when absent.
Titles are cited in the report's source language (the first language of mkdocs.yml), with
the page language's title in brackets, as APA asks for a translated title.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from macros.html import markup
from macros.html.markup import esc
from macros.model import context
from macros.text import catalog as ui
from macros.text import formatting as fmt

BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _source(report: dict) -> str:
    """The language the report is cited in: its original language, else mkdocs.yml's source."""
    languages = context.current().languages
    original = report.get("original_language")
    return original if original in languages.all else languages.source


def full_title(report: dict, language: str) -> str:
    """``Title. Subtitle`` in ``language`` (without the subtitle when there is none)."""
    title = report["title"][language]
    subtitle = (report.get("subtitle") or {}).get(language)
    return f"{title}. {subtitle}" if subtitle else title


def author_names(report: dict, language: str) -> str:
    """ "A, B, C og D" / "A, B, C and D", in the colophon's order."""
    names = [f"{a['given']} {a['family']}" for a in report["authors"]]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {ui.text(language, 'and')} " + names[-1]


def apa_authors(report: dict) -> str:
    """APA 7: "Family, G. G., Family, G., & Family, G."."""

    def initials(given: str) -> str:
        return " ".join(f"{part[0]}." for part in given.split())

    names = [f"{a['family']}, {initials(a['given'])}" for a in report["authors"]]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def apa_reference(report: dict, language: str, url: str, edition: str | None = None) -> str:
    """The report in APA style (HTML), in the page language; the title stays in the source language."""
    title = cited_title(report, language)
    kind = (report.get("report_type") or {}).get(language)
    if edition:
        # The edition cited ("web", "pdf"), beside the report type: "(Datarapport, PDF-udgave)".
        kind = ", ".join(p for p in (kind, ui.text(language, f"edition.{edition}")) if p)
    publisher = report["publisher"][language]
    institution = (report.get("institution") or {}).get(language)
    return markup.render(
        "apa_reference.html",
        authors=apa_authors(report),
        year=report["year"],
        title=title,
        kind=kind,
        publisher=publisher,
        institution=institution,
        url=url,
    )


def part_of_reference(headline: str, reference_html: str, language: str) -> str:
    """A part of the report (a finding) cited within the report's reference (HTML)."""
    return ui.text(language, "citation.part_of", title=esc(headline), reference=reference_html)


def short_citation(report: dict, language: str) -> str:
    """``Family et al. (2025): Title``, for chart images and share cards."""
    first = report["authors"][0]["family"]
    others = f" {ui.text(language, 'citation.et_al')}" if len(report["authors"]) > 1 else ""
    return f"{first}{others} ({report['year']}): {report['title'][language]}"


# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "þ": "th"})


def _ascii(text: str) -> str:
    """``Ørsted-Lund`` -> ``orstedlund``: letters and digits of a name, without accents."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def bibtex_key(report: dict, suffix: str = "") -> str:
    """A BibTeX key: report.yaml's ``citation_key``, else first author's family name and the year.

    ``hølchen`` becomes ``holchen``; a suffix (a finding's slug) is appended without hyphens.
    """
    base = report.get("citation_key") or f"{_ascii(report['authors'][0]['family'])}{report['year']}"
    return base + re.sub(r"[^A-Za-z0-9]", "", suffix)


def cited_title(report: dict, language: str, *, full: bool = True) -> str:
    """The report's title as a citation in ``language`` gives it: the source-language title, with
    the title in ``language`` in brackets after it when the page is in another language (as APA).
    ``full``: with the subtitle (the report cited whole), else the title alone (a part of it)."""
    source = _source(report)

    def title_in(lang: str) -> str:
        return full_title(report, lang) if full else report["title"][lang]

    title = title_in(source)
    if language != source:
        title += f" [{title_in(language)}]"
    return title


def bibtex_entry(key: str, report: dict, title: str, url: str, note: str, language: str | None = None) -> str:
    """A BibTeX @techreport entry of the report (or a part of it titled ``title``); the institution
    and the report type in ``language`` (the edition cited), by default the source language."""
    language = language or _source(report)
    authors = " and ".join(f"{a['family']}, {a['given']}" for a in report["authors"])
    fields = [("author", authors), ("title", title), ("institution", report["publisher"][language])]
    if report.get("report_type"):
        fields.append(("type", report["report_type"][language]))
    fields.append(("year", str(report["year"])))
    month = report.get("month")
    fields += [("url", url), ("note", note)]
    body = [f"  {name} = {{{value}}}" for name, value in fields]
    if month:
        body.insert(5 if report.get("report_type") else 4, f"  month = {BIBTEX_MONTHS[int(month) - 1]}")
    return f"@techreport{{{key},\n" + ",\n".join(body) + "\n}"


def cite_section(
    report: dict,
    language: str,
    *,
    part: str,
    key: str,
    url: str,
    heading: str,
    intro: str,
    note: str,
    description: str = "",
) -> list[str]:
    """The "how to cite" section of a page that cites one part of the report (a finding, a table,
    a figure): its heading, a line with its permanent address, and the APA and BibTeX entries
    with copy buttons. ``part`` is the part's title; ``note`` the BibTeX note naming its kind;
    ``description`` (a finding's base and the data note) follows the APA reference, so a quoted
    part carries what its numbers are of."""
    from markupsafe import Markup

    apa = Markup(apa_reference(report, language, url))
    if description:
        apa = apa + Markup(" ") + esc(description)
    bib = bibtex_entry(key, report, f"{part}. {cited_title(report, language, full=False)}", url, note, language)
    copy, copied = ui.text(language, "finding.copy"), ui.text(language, "finding.copied")
    entries = [
        (
            ui.text(language, "finding.apa"),
            "cite-apa",
            markup.message(language, "citation.part_of", title=part, reference=apa),
            False,
        ),
        (ui.text(language, "finding.bibtex"), "cite-bibtex", bib, True),
    ]
    # Left out of the search index: the same reference on every finding page would answer a
    # search for an author or the report's title with every finding, and it is a fifth of the
    # index a first visit downloads.
    return [
        f"## {esc(heading)} {{#cite data-search-exclude}}",
        str(esc(intro)),
        *(
            str(
                markup.render(
                    "citation_block.html", label=label, id=id_, text=text, preformatted=pre, copy=copy, copied=copied
                )
            )
            for label, id_, text, pre in entries
        ),
    ]


def colophon_html(report: dict, language: str, pdf_url: str | None = None) -> str:
    """The colophon table; rows of optional facts report.yaml does not give are left out.

    With ``pdf_url`` (the PDF edition of this language) it links the PDF and states its number of
    pages in an element marked ``data-pdf-pages``, which the PDF build fills with the count read
    from the PDF (macros/outputs/pdf); without it, the printed count (``pages``) if given."""
    rows = [("colophon.title", full_title(report, language))]
    rows.append(("colophon.authors", author_names(report, language)))
    department = (report.get("department") or {}).get(language)
    institution = (report.get("institution") or {}).get(language)
    if department or institution:
        rows.append(("colophon.department", ", ".join(p for p in (department, institution) if p)))
    rows.append(("colophon.publisher", report["publisher"][language]))
    links = {}
    if report.get("pdf_url"):
        rows.append(("colophon.url", report["pdf_url"]))
        links["colophon.url"] = markup.safe_url(report["pdf_url"], "data/report.yaml", "pdf_url")
    if pdf_url:
        rows.append(("colophon.pdf", pdf_url))
        links["colophon.pdf"] = markup.safe_url(pdf_url, "data/report.yaml", "slug")
    rows.append(("colophon.year", report["year"]))
    edition = report.get("edition_date")
    if edition is not None:
        if not isinstance(edition, dt.date):
            edition = dt.date.fromisoformat(str(edition))
        date = fmt.long_date(edition, language)
        rows.append(("colophon.edition", ui.text(language, "colophon.edition_value", date=date)))
    keywords = (report.get("keywords") or {}).get(language)
    if keywords:
        rows.append(("colophon.keywords", ", ".join(keywords)))
    if pdf_url:
        # The count is known only when the PDF is built, after the pages: the PDF build fills it
        # in (and the search index leaves it out, since it is not known when the index is built).
        rows.append(("colophon.pages", markup.Markup("<span data-pdf-pages data-search-exclude>\u2013</span>")))
    elif report.get("pages"):
        rows.append(("colophon.pages", ui.text(language, "colophon.pages_value", pages=report["pages"])))
    # Every value is text: the template escapes it (macros/html/templates/colophon.html).
    return markup.render("colophon.html", rows=[(ui.text(language, key), value, links.get(key)) for key, value in rows])
