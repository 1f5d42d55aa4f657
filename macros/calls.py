"""The macros a page can call, as plain functions of (page, arguments) -> Markdown/HTML.

``define_env`` (macros/__init__.py) binds each to the page being rendered; the page carries
the build context (``page.context``: the report's folders, languages, survey, definitions).
Every number is computed by :mod:`macros.stats.items` and formatted by :mod:`macros.text.formatting`
for the page language.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from macros.blocks import appendix, references
from macros.blocks.figures import FigurePage, figure_block
from macros.blocks.tables import table_html, table_view
from macros.html import markup
from macros.model import context as build_context
from macros.model.context import BuildContext
from macros.model.errors import ReportError
from macros.stats import breakdowns
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import citation
from macros.text import formatting as fmt

SHARE_STATISTICS = ("share", "top2_share", "bottom2_share")
SUPPRESSED = "suppressed"
STATISTICS = ("n", "mean", "sd", "mean_sd", "min", "max", "count", "not_relevant_count", *SHARE_STATISTICS)


class MacroError(ReportError):
    """A macro call that cannot be answered: unknown id, statistic or argument."""


@dataclass(frozen=True)
class Page:
    """What a macro knows about the page that calls it, and the build it belongs to."""

    language: str
    src: str = ""  # e.g. "results.md"
    site_url: str = ""
    docs_dir: Path | None = None
    site_dir: Path | None = None  # where the page's language is built (site/ or site/en/)
    context: BuildContext = field(default_factory=build_context.current, compare=False, repr=False)

    @property
    def default_language(self) -> str:
        """The report's source language (built at the site root)."""
        return self.context.languages.source


def _survey(page: Page | None = None):
    """The survey of the page's build (of the build in progress when no page is given)."""
    return (page.context if page is not None else build_context.current()).survey()


def _definitions(page: Page | None = None):
    return (page.context if page is not None else build_context.current()).definitions()


def _choices(name: str, value, valid) -> MacroError:
    valid = [str(v) for v in valid]
    # Suggestions help with misspelt names; for short ids such as table numbers they are noise.
    close = difflib.get_close_matches(str(value), valid, n=3, cutoff=0.6) if len(str(value)) > 4 else []
    hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
    return MacroError(f"unknown {name} {value!r}{hint}; valid choices: {', '.join(valid)}")


# --- statistics in prose ----------------------------------------------------------------------


def _raw_stat(
    page: Page,
    variable: str,
    statistic: str,
    code=None,
    include_not_relevant=None,
    exclude_not_relevant=None,
    by=None,
    group=None,
):
    """(value, kind) of one statistic; kind is "share", "number", "count" or "suppressed" (a group of
    ``by`` too small to publish, see macros/stats/breakdowns.py)."""
    survey = _survey(page)
    if variable not in survey.variables:
        raise _choices("variable", variable, survey.variables)
    if statistic not in STATISTICS:
        raise _choices("statistic", statistic, STATISTICS)
    question = survey.questions[survey.variables[variable].question]
    if question.kind == "open":
        raise MacroError(
            f"{variable!r} is an open question; its answers are coded in themes: use "
            f"theme_share({variable!r}, ...) or theme_count({variable!r}, ...)"
        )
    if question.kind == "number":
        numbers = breakdowns.numbers_for(survey, variable, by, group)
        if breakdowns.hidden(survey, numbers["n"], by):
            return None, SUPPRESSED
        if statistic not in ("n", "mean", "sd", "min", "max"):
            raise _choices("statistic for a number of years", statistic, ("n", "mean", "sd", "min", "max"))
        return numbers[statistic], ("count" if statistic in ("n", "min", "max") else "number")
    item = breakdowns.item_for(survey, variable, by, group)
    # Whether shares count the non-substantive answers by default is the scale's declaration
    # (codebook/scale_properties.csv, shares_include_non_substantive).
    include_nr = item.scale.shares_include_non_substantive
    if include_not_relevant is not None:
        include_nr = bool(include_not_relevant)
    if exclude_not_relevant:
        include_nr = False
    if breakdowns.hidden(survey, item.base(include_nr), by):
        return None, SUPPRESSED
    if statistic in ("share", "count") and code is None:
        raise MacroError(f"statistic {statistic!r} of {variable!r} needs code=; valid codes: {list(item.counts)}")
    if code is not None and code not in item.counts:
        raise _choices(f"code of {variable!r}", code, list(item.counts))
    if statistic == "share":
        return item.share(code, include_not_relevant=include_nr or code in item.scale.non_substantive), "share"
    if statistic == "top2_share":
        return item.top2_share(include_not_relevant=include_nr), "share"
    if statistic == "bottom2_share":
        return item.bottom2_share(include_not_relevant=include_nr), "share"
    if statistic == "count":
        return item.count(code), "count"
    if statistic == "n":
        return (item.answered if include_nr else item.n), "count"
    if statistic == "not_relevant_count":
        return item.not_relevant, "count"
    if statistic == "mean_sd":
        return (item.mean(), item.sd()), "mean_sd"
    return getattr(item, statistic)(), ("count" if statistic in ("min", "max") else "number")


def _format(value, kind: str, language: str, digits) -> str:
    if kind == SUPPRESSED:
        return markup.suppressed(language, breakdowns.disclosure(_survey()).min_cell)
    if kind == "share":
        return fmt.percent(value, language, fmt.TABLE_DECIMALS if digits is None else digits)
    if kind == "count":
        return fmt.integer(value, language)
    if kind == "mean_sd":
        return fmt.mean_with_sd(value[0], value[1], language)
    return fmt.number(value, language, fmt.TABLE_DECIMALS if digits is None else digits)


def stat(
    page: Page,
    variable: str,
    statistic: str,
    code=None,
    digits=None,
    include_not_relevant=None,
    exclude_not_relevant=None,
    by=None,
    group=None,
) -> str:
    """One statistic of one item, formatted for the page: ``81,1 %`` / ``81.1%``, ``3,2``; of one
    group with ``by=`` (a background variable) and ``group=`` (its code, or a range "18-39")."""
    value, kind = _raw_stat(page, variable, statistic, code, include_not_relevant, exclude_not_relevant, by, group)
    return _format(value, kind, page.language, digits)


def _extreme(page: Page, pick, variables, statistic, digits=None, **options) -> str:
    if not variables:
        raise MacroError("needs a non-empty list of variables")
    values = [_raw_stat(page, v, statistic, **options) for v in variables]
    if any(k == SUPPRESSED for _, k in values):
        raise MacroError("one of the groups is too small to publish; name the items one by one")
    kind = values[0][1]
    value = pick(v for v, _ in values)
    return _format(value, kind, page.language, digits)


def stat_max(page: Page, variables: list, statistic: str, digits=None, **options) -> str:
    """The highest value of a statistic across items."""
    return _extreme(page, max, variables, statistic, digits, **options)


def stat_min(page: Page, variables: list, statistic: str, digits=None, **options) -> str:
    """The lowest value of a statistic across items."""
    return _extreme(page, min, variables, statistic, digits, **options)


def experience_share(page: Page, bin_id: str, digits: int = 0) -> str:
    """Share of the respondents in one bin of the report's table of bins (kind ``bins``)."""
    survey = _survey(page)
    table = bins_table(page)
    valid = [b.id for b in table.bins]
    if bin_id not in valid:
        raise _choices("experience bin", bin_id, valid)
    counts = stats.bin_counts(survey, table.items[0], list(table.bins))
    return fmt.percent(Fraction(counts[bin_id], sum(counts.values())), page.language, digits)


def bins_table(page: Page | None = None):
    """The table of kind ``bins`` that experience_share() reads (the first, if there are several)."""
    tables, _ = _definitions(page)
    table = next((t for t in tables.values() if t.kind == "bins"), None)
    if table is None:
        raise MacroError(
            "experience_share() needs a table of kind bins in data/tables.yaml; there is none: "
            "define one (kind: bins, items: [a number question], bins: [...])"
        )
    return table


def theme_share(page: Page, question: str, theme: str, digits: int = 0) -> str:
    """Share of the answers to an open question that were coded with a theme."""
    return fmt.percent(stats.theme_stats(_survey(page), question, theme).share, page.language, digits)


def theme_count(page: Page, question: str, theme: str) -> str:
    """How many answers to an open question were coded with a theme."""
    return fmt.integer(stats.theme_stats(_survey(page), question, theme).count, page.language)


SURVEY_FACTS = ("invited", "opened", "completed", "response_rate", "sent_date", "closed_date", "reminders", "year")


def survey(page: Page, fact: str, digits: int = 0) -> str:
    """A fact of the survey's fielding (section 3), counted or read from data/."""
    data = _survey(page)
    counts = stats.respondent_counts(data)
    language = page.language
    if fact == "invited":
        return fmt.integer(data.facts["invited"], language)
    if fact in counts:
        return fmt.integer(counts[fact], language)
    if fact == "response_rate":
        return fmt.percent(Fraction(counts["opened"], data.facts["invited"]), language, digits)
    if fact in ("sent_date", "closed_date"):
        return fmt.long_date(data.facts[fact], language)
    if fact == "reminders":
        return fmt.small_number_word(data.facts["reminders"], language)
    if fact == "year":
        return str(data.facts["sent_date"].year)
    raise _choices("survey fact", fact, SURVEY_FACTS)


# --- blocks -----------------------------------------------------------------------------------


def table(page: Page, table_id: str) -> str:
    """A whole table: number, title, header, rows, note."""
    tables, _ = _definitions(page)
    if table_id not in tables:
        raise _choices("table", table_id, tables)
    references.check_page(page.docs_dir, page.language, page.src, _reported_duplicates(page))
    view = table_view(_survey(page), tables[table_id], page.language)
    # The number in the caption links to the table's own page (macros/outputs/figure_pages.py).
    from macros.outputs import figure_pages

    href = figure_pages.caption_href(page.src, "table", table_id)
    title = tables[table_id].title[page.language]
    view = replace(view, caption=figure_pages.caption(page.language, "table", table_id, title, href))
    return "\n" + table_html(view, page.language) + "\n"


def figure(page: Page, figure_id: str) -> str:
    """A whole figure block: number, title, chart, note, data table and downloads."""
    _, figures = _definitions(page)
    if figure_id not in figures:
        raise _choices("figure", figure_id, figures)
    references.check_page(page.docs_dir, page.language, page.src, _reported_duplicates(page))
    # The figure's own page (its chapter) is its address in the CSV, also where a finding repeats it.
    home = block_pages(page.docs_dir, page.language, page).get(("figure", figure_id)) if page.docs_dir else None
    where = FigurePage(
        language=page.language,
        src=page.src,
        site_url=page.site_url,
        site_dir=page.site_dir,
        default_language=page.default_language,
        home_src=home or page.src,
    )
    return "\n" + figure_block(_survey(page), figures[figure_id], where) + "\n"


def _reported_duplicates(page: Page) -> set:
    """The blocks shown twice on a page that this build has reported already (reported once)."""
    return page.context._cache.setdefault("reported_duplicate_blocks", set())


def block_pages(docs_dir: Path, language: str, page: Page | None = None) -> dict[tuple[str, str], str]:
    """(kind, id) -> the page (path under docs/<language>/) that shows it; read once per build
    when the calling ``page`` is given (every page of the language is read to find out)."""
    if page is None:
        return references.block_pages(docs_dir, language)
    key = ("block pages", str(docs_dir), language)
    return page.context.remember(key, lambda: references.block_pages(docs_dir, language))


def ref(page: Page, kind: str, number: str, capital: bool = False, to: str | None = None) -> str:
    """A cross reference: ``[tabel 4.2](results.md#table-4-2)`` / ``[Table 4.2](...)``; with ``to=``
    a range linking both ends: ``[figur 5.2.1](...)–[5.2.6](...)`` / ``[Figures 5.2.1](...)–[5.2.6](...)``."""
    if kind not in ("table", "figure"):
        raise _choices("reference kind", kind, ("table", "figure"))
    tables, figures = _definitions(page)
    known = tables if kind == "table" else figures
    for end in (number, to) if to is not None else (number,):
        if end not in known:
            raise _choices(kind, end, known)
    if to == number:
        raise MacroError(f"ref({kind!r}, {number!r}, to={to!r}): a range needs two different {kind}s")
    if page.docs_dir is None:
        raise MacroError(f"ref({kind!r}, {number!r}) needs the page's docs folder to find the page that shows it")
    shown = block_pages(page.docs_dir, page.language, page)
    target = references.target(page.docs_dir, page.language, page.src, kind, number, shown)
    word = ui.text(page.language, f"{kind}_ref" if to is None else f"{kind}_range_ref")
    if capital:
        word = word[:1].upper() + word[1:]
    if to is None:
        return f"[{word} {number}]({target})"
    last = references.target(page.docs_dir, page.language, page.src, kind, to, shown)
    return f"[{word} {number}]({target})\u2013[{to}]({last})"


def question(page: Page, question_id: str) -> str:
    """One question of the questionnaire (Appendix 1), with its answer grid."""
    return "\n" + appendix.question_html(_survey(page), question_id, page.language) + "\n"


def code_list(page: Page) -> str:
    """The final code list (Appendix 2)."""
    return "\n" + appendix.code_list_html(_survey(page), page.language) + "\n"


def _pdf_url(page: Page, report: dict) -> str | None:
    """The address of the page language's PDF edition; None when report.yaml declares no slug."""
    from macros.outputs import pdf

    if not report.get("slug"):
        return None
    return pdf.edition_url(page.site_url, report, page.language, page.default_language)


def colophon(page: Page) -> str:
    report = _survey(page).report
    return "\n" + citation.colophon_html(report, page.language, _pdf_url(page, report)) + "\n"


def how_to_cite(page: Page) -> str:
    """The recommended citation of the report in APA style and BibTeX, for each edition: the web
    edition (the site's address) and the PDF edition (the PDF's address), each named as such."""
    report = _survey(page).report
    language = page.language
    url = page.site_url.rstrip("/") + "/" + page.context.languages.url_prefix(language)
    editions = [("web", url, "report-citation")]
    pdf_url = _pdf_url(page, report)
    if pdf_url:
        editions.append(("pdf", pdf_url, "report-citation-pdf"))
    buttons = {"copy": ui.text(language, "finding.copy"), "copied": ui.text(language, "finding.copied")}
    blocks = []
    for edition, address, element_id in editions:
        name = ui.text(language, f"edition.{edition}")
        name = name[:1].upper() + name[1:]
        title = citation.cited_title(report, language)
        entry = citation.bibtex_entry(citation.bibtex_key(report, edition), report, title, address, name, language)
        for kind, text, suffix, preformatted in (
            ("finding.apa", citation.apa_reference(report, language, address, edition), "", False),
            ("finding.bibtex", entry, "-bibtex", True),
        ):
            blocks.append(
                markup.render(
                    "citation_block.html",
                    label=f"{name}, {ui.text(language, kind)}",
                    id=element_id + suffix,
                    text=text,
                    preformatted=preformatted,
                    **buttons,
                )
            )
    return "\n" + "".join(blocks) + "\n"


# Every macro takes the page first; their other arguments differ.
MACROS: dict[str, Callable[..., Any]] = {
    "stat": stat,
    "stat_max": stat_max,
    "stat_min": stat_min,
    "experience_share": experience_share,
    "theme_share": theme_share,
    "theme_count": theme_count,
    "survey": survey,
    "table": table,
    "figure": figure,
    "ref": ref,
    "question": question,
    "code_list": code_list,
    "colophon": colophon,
    "how_to_cite": how_to_cite,
}
