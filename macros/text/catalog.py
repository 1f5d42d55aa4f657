"""Strings the engine writes into pages, as gettext messages.

The English text of every message is here, marked with ``pgettext(key, text)`` so that
``pybabel extract`` finds it; its key is the gettext context. Other languages come from
the catalogs in locale/<language>/LC_MESSAGES/messages.po (Poedit, Weblate). A message
without a translation, or marked fuzzy, stops the build with the file, the message and
what to do. Placeholders in braces are filled in by the engine and must stay in the
translation.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

SOURCE_LANGUAGE = "en"  # the language of the msgids; pages are in Danish and English
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The shapes a line of a PO file can take (babel's reader skips what it cannot parse).
_PO_LINE = re.compile(
    r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")\s*$'
)


def _check_syntax(path: Path, where) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not _PO_LINE.match(line.strip()):
            raise MissingTranslation(
                f"{where}:{number}: the catalog has a syntax error: {line.strip()!r} is not "
                'a PO line (expected msgctxt/msgid/msgstr "..." or a "..." continuation); '
                "fix it (Poedit shows it too)"
            )


def pgettext(context: str, message: str) -> str:
    """Marks a message for extraction; the lookup happens in :func:`text`."""
    return message


MESSAGES: dict[str, str] = {
    "table": pgettext("table", "Table"),
    "figure": pgettext("figure", "Figure"),
    "table_ref": pgettext("table_ref", "Table"),
    "figure_ref": pgettext("figure_ref", "Figure"),
    "items": pgettext("items", "Items"),
    "n": pgettext("n", "Obs."),
    "observations": pgettext("observations", "Observations"),
    "mean": pgettext("mean", "Mean"),
    "sd": pgettext("sd", "SD"),
    "min": pgettext("min", "Min."),
    "max": pgettext("max", "Max."),
    "count": pgettext("count", "Number"),
    "share": pgettext("share", "Share"),
    "top2.degree": pgettext("top2.degree", "Share high/ very high extent"),
    "top2.agree": pgettext("top2.agree", "Share agree/ strongly agree"),
    "theme": pgettext("theme", "Theme"),
    "description": pgettext("description", "Description"),
    "series": pgettext("series", "Series"),
    "answers": pgettext("answers", "Answers"),
    "years": pgettext("years", "{label} years"),
    "years_open": pgettext("years_open", "{low} years or more"),
    "note.n": pgettext("note.n", "Number of responses: {n}."),
    "note.question": pgettext("note.question", "Question: {question}"),
    "note.questions": pgettext("note.questions", "Questions: {questions}"),
    "note.sd": pgettext("note.sd", "Standard deviation in parentheses."),
    "note.scale": pgettext(
        "note.scale", "Answers are measured on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’."
    ),
    "note.not_relevant": pgettext("note.not_relevant", "‘{label}’ answers are not included{detail}."),
    "note.not_relevant_detail": pgettext("note.not_relevant_detail", " (n: {items})"),
    "note.not_relevant_item": pgettext("note.not_relevant_item", "{n} for {item}"),
    "note.not_relevant_included": pgettext(
        "note.not_relevant_included", "‘{label}’ is included as a response category in the distribution."
    ),
    "note.means": pgettext("note.means", "The bars show mean values."),
    "note.distribution": pgettext("note.distribution", "The figure shows the percentage distribution of answers."),
    "note.mean": pgettext("note.mean", "Mean: {mean}."),
    "note.themes": pgettext(
        "note.themes",
        "The figure shows the percentage of answers that mention each theme. Respondents could write more than one answer in the open text fields, so the figures do not sum to {hundred}.",
    ),
    "note.grouped": pgettext(
        "note.grouped", "The bars show mean values on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’."
    ),
    "data_table": pgettext("data_table", "The figure's numbers"),
    "chart.scale_axis": pgettext("chart.scale_axis", "Scale: {low} = {low_label}, {high} = {high_label}"),
    "chart.alt.means": pgettext(
        "chart.alt.means",
        "Horizontal bar chart of means on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’: {listing}.",
    ),
    "chart.alt.themes": pgettext(
        "chart.alt.themes", "Horizontal bar chart of the share of answers that mention each theme: {listing}."
    ),
    "chart.alt.distribution": pgettext(
        "chart.alt.distribution", "Horizontal bar chart of the percentage distribution of answers: {listing}."
    ),
    "chart.alt.grouped": pgettext(
        "chart.alt.grouped",
        "Grouped horizontal bar chart of means on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’ for {series}, for each of {rows} rows. The numbers are in the table The figure's numbers.",
    ),
    "chart.alt.stacked": pgettext(
        "chart.alt.stacked",
        "Stacked horizontal bar chart of the percentage distribution of answers across {series}, for each of {rows} rows. The numbers are in the table The figure's numbers.",
    ),
    "chart.downloads": pgettext("chart.downloads", "Download the figure"),
    "chart.download_csv": pgettext("chart.download_csv", "Numbers (CSV)"),
    "chart.download_svg": pgettext("chart.download_svg", "Chart (SVG)"),
    "chart.download_png": pgettext("chart.download_png", "Chart (PNG)"),
    "chart.csv.percent": pgettext("chart.csv.percent", "Share (%)"),
    "chart.csv.row": pgettext("chart.csv.row", "Row"),
    "chart.source": pgettext("chart.source", "Source"),
    "open_field": pgettext("open_field", "Open text field"),
    "options": pgettext("options", "Response options: {options}"),
    "colophon.title": pgettext("colophon.title", "Title"),
    "colophon.authors": pgettext("colophon.authors", "Authors"),
    "colophon.department": pgettext("colophon.department", "Department"),
    "colophon.publisher": pgettext("colophon.publisher", "Publisher"),
    "colophon.url": pgettext("colophon.url", "Original (PDF)"),
    "colophon.year": pgettext("colophon.year", "Year of publication"),
    "colophon.edition": pgettext("colophon.edition", "Editing completed"),
    "colophon.edition_value": pgettext("colophon.edition_value", "Current edition {date}"),
    "colophon.keywords": pgettext("colophon.keywords", "Keywords"),
    "colophon.pages": pgettext("colophon.pages", "Pages (PDF)"),
    "colophon.pages_value": pgettext("colophon.pages_value", "{pages} pages"),
    "finding.source": pgettext("finding.source", "This finding comes from"),
    "finding.cite": pgettext("finding.cite", "Cite this finding"),
    "finding.cite_intro": pgettext(
        "finding.cite_intro", "The permanent address of this finding is {url}. Cite it together with the report:"
    ),
    "finding.apa": pgettext("finding.apa", "APA"),
    "finding.bibtex": pgettext("finding.bibtex", "BibTeX"),
    "finding.copy": pgettext("finding.copy", "Copy"),
    "finding.copied": pgettext("finding.copied", "Copied"),
    "finding.data": pgettext("finding.data", "The finding's numbers"),
    "finding.download_csv": pgettext("finding.download_csv", "Download the finding's numbers (CSV)"),
    "finding.link": pgettext("finding.link", "Permanent address of this finding"),
    "finding.all": pgettext("finding.all", "All findings"),
    "finding.note": pgettext("finding.note", "A finding of the report"),
    "csv.item": pgettext("csv.item", "Question"),
    "csv.statistic": pgettext("csv.statistic", "Measure"),
    "csv.value": pgettext("csv.value", "Value"),
    "csv.unit": pgettext("csv.unit", "Unit"),
    "csv.source": pgettext("csv.source", "Source"),
    "csv.url": pgettext("csv.url", "Address"),
    "unit.percent": pgettext("unit.percent", "percent"),
    "unit.mean": pgettext("unit.mean", "mean on a {low}-{high} scale"),
    "unit.years": pgettext("unit.years", "years"),
    "unit.count": pgettext("unit.count", "number"),
    "stat.n": pgettext("stat.n", "number of answers"),
    "stat.mean": pgettext("stat.mean", "mean"),
    "stat.sd": pgettext("stat.sd", "standard deviation"),
    "stat.min": pgettext("stat.min", "lowest answer"),
    "stat.max": pgettext("stat.max", "highest answer"),
    "stat.top2_share": pgettext("stat.top2_share", "share in the two highest response categories"),
    "stat.bottom2_share": pgettext("stat.bottom2_share", "share in the two lowest response categories"),
    "stat.share": pgettext("stat.share", "share ‘{label}’"),
    "stat.count": pgettext("stat.count", "number ‘{label}’"),
    "stat.theme_share": pgettext("stat.theme_share", "share of answers with the theme ‘{label}’"),
    "stat.theme_count": pgettext("stat.theme_count", "number of answers with the theme ‘{label}’"),
    "stat.experience_share": pgettext("stat.experience_share", "share with {label} as municipal director"),
    "stat.survey": pgettext("stat.survey", "{label}"),
    "survey.invited": pgettext("survey.invited", "municipal directors invited"),
    "survey.opened": pgettext("survey.opened", "opened the questionnaire"),
    "survey.completed": pgettext("survey.completed", "completed the whole questionnaire"),
    "survey.response_rate": pgettext("survey.response_rate", "response rate (opened of invited)"),
    "notice.outdated_title": pgettext("notice.outdated_title", "This translation may be out of date"),
    "notice.outdated": pgettext(
        "notice.outdated",
        "The Danish original of this section changed{date}; this translation may be out of date. {link}.",
    ),
    "notice.date": pgettext("notice.date", " on {date}"),
    "notice.link": pgettext("notice.link", "Read the Danish section"),
    "status.page": pgettext("status.page", "Page"),
    "status.section": pgettext("status.section", "Section"),
    "status.state": pgettext("status.state", "Status"),
    "status.up-to-date": pgettext("status.up-to-date", "Up to date"),
    "status.outdated": pgettext("status.outdated", "Outdated"),
    "status.untranslated": pgettext("status.untranslated", "Not translated"),
    "status.summary": pgettext(
        "status.summary", "Up to date: {up} sections. Outdated: {outdated}. Not translated: {untranslated}."
    ),
    "status.whole_page": pgettext("status.whole_page", "Introduction"),
    "note.series_item": pgettext("note.series_item", "{item} ({series})"),
    "note.cell": pgettext("note.cell", "{series} for {row}"),
    "note.not_asked": pgettext("note.not_asked", "A dash (–) marks a question that was not asked: {cells}."),
    "note.suppressed": pgettext(
        "note.suppressed",
        "A dash (–) marks a group of fewer than {min_cell} respondents; its numbers are not published, to protect the respondents' anonymity.",
    ),
    "csv.suppressed": pgettext(
        "csv.suppressed",
        "An empty value marks a group of fewer than {min_cell} respondents; its numbers are not published, to protect the respondents' anonymity.",
    ),
    "note.by": pgettext("note.by", "Answers by {by}."),
    "group": pgettext("group", "Group"),
    "stat.by_group": pgettext("stat.by_group", "{measure}, {by}: {group}"),
    "finding.in": pgettext("finding.in", "{headline}. In: {reference}"),
    "chart.credit": pgettext("chart.credit", "{author} ({year}): {title}"),
    "chart.credit_many": pgettext("chart.credit_many", "{author} et al. ({year}): {title}"),
    "chart.credit_title": pgettext("chart.credit_title", "{title} ({year})"),
    "and": pgettext("and", "and"),
    "quoted": pgettext("quoted", "‘{text}’"),
    # --- figure pages, live charts and data downloads (macros/outputs/figure_pages.py)
    "live.n": pgettext("live.n", "Responses (n)"),
    "live.bar": pgettext("live.bar", "bar"),
    "live.chart": pgettext("live.chart", "interactive chart"),
    "live.keys": pgettext("live.keys", "Use the arrow keys to move from bar to bar; each bar shows its numbers."),
    "chart.download_vega": pgettext("chart.download_vega", "Interactive chart (Vega)"),
    # --- end figure pages
}


class MissingTranslation(KeyError):
    """A UI string that has no usable text in the page language."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@functools.lru_cache(maxsize=8)
def _translations(language: str, _mtime: int) -> dict[str, str]:
    """key -> translated text of one language, after checking every message of MESSAGES."""
    path = catalog_path(language)
    where = path.relative_to(LOCALE_DIR.parent)
    try:
        _check_syntax(path, where)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, abort_invalid=True)
    except FileNotFoundError:
        raise MissingTranslation(
            f"{where}: no catalog for {language!r}; create it with "
            f"`uv run pybabel init -i locale/messages.pot -d locale -l {language}`"
        ) from None
    except PoFileError as error:
        raise MissingTranslation(
            f"{where}: the catalog has a syntax error: {error}; fix the line it names (Poedit shows it too)"
        ) from error
    problems, texts = [], {}
    for key, english in MESSAGES.items():
        entry = catalog.get(english, context=key)
        if entry is None or not entry.string:
            problems.append(
                f"{where}: no {language} translation of {english!r} (msgctxt {key!r}); run "
                "`uv run pybabel extract -F babel.cfg -o locale/messages.pot .` and "
                f"`uv run pybabel update -i locale/messages.pot -d locale -l {language}`, then translate it"
            )
        elif entry.fuzzy:
            problems.append(
                f"{where}:{entry.lineno}: the {language} translation of {english!r} (msgctxt {key!r}) "
                "is marked fuzzy; check it and remove the fuzzy flag"
            )
        elif set(_PLACEHOLDER.findall(entry.string)) != set(_PLACEHOLDER.findall(english)):
            problems.append(
                f"{where}:{entry.lineno}: the {language} translation of {english!r} (msgctxt {key!r}) "
                f"must keep the placeholders {sorted(set(_PLACEHOLDER.findall(english)))}"
            )
        else:
            texts[key] = entry.string
    if problems:
        raise MissingTranslation("\n".join(problems))
    return texts


def translations(language: str) -> dict[str, str]:
    if language == SOURCE_LANGUAGE:
        return dict(MESSAGES)
    path = catalog_path(language)
    return _translations(language, path.stat().st_mtime_ns if path.exists() else 0)


def text(language: str, key: str, **values) -> str:
    """The UI string ``key`` in ``language`` with its placeholders filled."""
    if key not in MESSAGES:
        raise MissingTranslation(f"UI string {key!r} is not defined in macros/text/catalog.py MESSAGES")
    return translations(language)[key].format(**values)
