"""Strings the engine writes into pages, as gettext messages, with a catalog for every language.

The engine's text of every message is here, marked with ``pgettext(key, text)`` so that
``pybabel extract`` finds it; its key is the gettext context and its text the msgid. What a
page shows comes from the catalog of its language, locale/<language>/LC_MESSAGES/messages.po,
for every language of mkdocs.yml, English included: an author rewords any engine text in
the catalog (Poedit, Weblate), without Python. A message without a translation, or marked
fuzzy, stops the build with the file, the message and what to do. Placeholders in braces
are filled in by the engine and must stay in the translation; a few name facts of the report
(``{population}``, ``{source_language}``) and are filled from the report's own files.

Catalogs belong to a build: :class:`Catalog` is created once per build by the build context
(:mod:`macros.model.context`). The module functions :func:`text` and :func:`translations`
use the catalog of the build in progress.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from macros.model.errors import ReportError
from macros.model.languages import Languages

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# The shapes a line of a PO file can take (babel's reader skips what it cannot parse).
_PO_LINE = re.compile(
    r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*")\s*$'
)
# Placeholders that name a fact of the report; the engine fills them from the report's files.
REPORT_PLACEHOLDERS = ("population", "source_language")


class MissingTranslation(ReportError):
    """A UI string that has no usable text in a language (or a catalog that cannot be read)."""

    heading = "in the UI catalogs"


def pgettext(context: str, message: str) -> str:
    """Marks a message for extraction; the lookup happens in :func:`text`."""
    return message


MESSAGES: dict[str, str] = {
    "editorial.marker": pgettext("editorial.marker", "ed. note {number}"),
    "editorial.where": pgettext("editorial.where", "See the passage"),
    "editorial.printed": pgettext("editorial.printed", "The printed report"),
    "editorial.edition": pgettext("editorial.edition", "This edition"),
    "editorial.why": pgettext("editorial.why", "Why"),
    "editorial.kind.correction": pgettext("editorial.kind.correction", "Correction"),
    "editorial.kind.harmonised": pgettext("editorial.kind.harmonised", "Harmonised number"),
    "editorial.kind.band": pgettext("editorial.kind.band", "Changed band"),
    "editorial.kind.questionnaire": pgettext("editorial.kind.questionnaire", "Questionnaire text"),
    "editorial.kind.doi": pgettext("editorial.kind.doi", "Replaced DOI"),
    "editorial.kind.contradiction": pgettext("editorial.kind.contradiction", "Contradiction kept from the original"),
    "editorial.kind.restored": pgettext("editorial.kind.restored", "Restored text"),
    "editorial.kind.omitted": pgettext("editorial.kind.omitted", "Omitted"),
    "table": pgettext("table", "Table"),
    "figure": pgettext("figure", "Figure"),
    "table_ref": pgettext("table_ref", "Table"),
    "figure_ref": pgettext("figure_ref", "Figure"),
    # Before a range of numbers ("Figures 5.2.1–5.2.6"): plural where the language wants it.
    "table_range_ref": pgettext("table_range_ref", "Tables"),
    "figure_range_ref": pgettext("figure_range_ref", "Figures"),
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
    "note.not_relevant_detail": pgettext("note.not_relevant_detail", " ({items})"),
    "note.not_relevant_item": pgettext("note.not_relevant_item", "{item}: {n}"),
    "note.not_relevant_included": pgettext(
        "note.not_relevant_included", "‘{label}’ is included as a response category in the distribution."
    ),
    "note.means": pgettext("note.means", "The bars show mean values."),
    "note.distribution": pgettext("note.distribution", "The figure shows the percentage distribution of answers."),
    "note.mean": pgettext("note.mean", "Mean: {mean}."),
    "note.themes": pgettext(
        "note.themes",
        "The figure shows the percentage of answers that mention each theme. Respondents could {several} in the open text fields, so the figures do not sum to {hundred}.",  # noqa: E501
    ),
    # What a respondent could do in an open text field (a figure may say it in its own words).
    "note.several_answers": pgettext("note.several_answers", "write more than one answer"),
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
        "Grouped horizontal bar chart of means on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’ for {series}, for each of {rows} rows. The numbers are in the table ‘{table}’ below the chart.",  # noqa: E501
    ),
    "chart.alt.stacked": pgettext(
        "chart.alt.stacked",
        "Stacked horizontal bar chart of the percentage distribution of answers across {series}, for each of {rows} rows. The numbers are in the table ‘{table}’ below the chart.",  # noqa: E501
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
    # A finding's base: who answered the questions behind its numbers, and how many.
    "finding.base": pgettext("finding.base", "Base: the {population} who answered, n = {n}."),
    "finding.base_invited": pgettext("finding.base_invited", "Base: the {population} invited to the survey, n = {n}."),
    "csv.item": pgettext("csv.item", "Question"),
    "csv.statistic": pgettext("csv.statistic", "Measure"),
    "csv.value": pgettext("csv.value", "Value"),
    "csv.unit": pgettext("csv.unit", "Unit"),
    "csv.source": pgettext("csv.source", "Source"),
    "csv.url": pgettext("csv.url", "Address"),
    "unit.percent": pgettext("unit.percent", "percent"),
    "unit.mean_on_scale": pgettext("unit.mean_on_scale", "mean on a {low}–{high} scale"),
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
    "stat.experience_share": pgettext("stat.experience_share", "share in the group {label}"),
    "stat.survey": pgettext("stat.survey", "{label}"),
    "survey.invited": pgettext("survey.invited", "{population} invited"),
    "survey.opened": pgettext("survey.opened", "opened the questionnaire"),
    "survey.completed": pgettext("survey.completed", "completed the whole questionnaire"),
    "survey.response_rate": pgettext("survey.response_rate", "response rate (opened of invited)"),
    "notice.outdated_title": pgettext("notice.outdated_title", "This translation may be out of date"),
    "notice.outdated": pgettext(
        "notice.outdated",
        "The {source_language} original of this section changed{date}; this translation may be out of date. {link}.",
    ),
    "notice.date": pgettext("notice.date", " on {date}"),
    "notice.link": pgettext("notice.link", "Read the {source_language} section"),
    # The footer's credit line; {generator} is the theme's name, linked to its site.
    "footer.made_with": pgettext("footer.made_with", "Made with {generator}"),
    "not_found.title": pgettext("not_found.title", "Page not found"),
    "not_found.text": pgettext("not_found.text", "There is no page at this address."),
    "not_found.home": pgettext("not_found.home", "Go to the home page"),
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
    "note.series_item": pgettext("note.series_item", "{item}, {series}"),
    "note.cell": pgettext("note.cell", "‘{series}’ for ‘{row}’"),
    "note.not_asked": pgettext("note.not_asked", "A dash (–) marks a question that was not asked: {cells}."),
    "note.suppressed": pgettext(
        "note.suppressed",
        "A dash (–) marks a group of fewer than {min_cell} respondents; its numbers are not published, to protect the respondents' anonymity.",  # noqa: E501
    ),
    "csv.suppressed": pgettext(
        "csv.suppressed",
        "An empty value marks a group of fewer than {min_cell} respondents; its numbers are not published, to protect the respondents' anonymity.",  # noqa: E501
    ),
    "note.by": pgettext("note.by", "Answers by {by}."),
    "group": pgettext("group", "Group"),
    "stat.by_group": pgettext("stat.by_group", "{measure}, {by}: {group}"),
    "note.small_count": pgettext(
        "note.small_count",
        "A dash (–) marks a count of fewer than {min_cell} respondents, which is not published, to protect the respondents' anonymity.",  # noqa: E501
    ),
    "and": pgettext("and", "and"),
    "citation.et_al": pgettext("citation.et_al", "et al."),
    "citation.part_of": pgettext("citation.part_of", "{title}. In: {reference}"),
    "number.0": pgettext("number.0", "zero"),
    "number.1": pgettext("number.1", "one"),
    "number.2": pgettext("number.2", "two"),
    "number.3": pgettext("number.3", "three"),
    "number.4": pgettext("number.4", "four"),
    "number.5": pgettext("number.5", "five"),
    "number.6": pgettext("number.6", "six"),
    "number.7": pgettext("number.7", "seven"),
    "number.8": pgettext("number.8", "eight"),
    "number.9": pgettext("number.9", "nine"),
    "number.10": pgettext("number.10", "ten"),
    "quoted": pgettext("quoted", "‘{text}’"),
    # The PDF edition (macros/outputs/pdf, hooks/pdf.py) and the editions a citation names.
    "pdf.download": pgettext("pdf.download", "Download as PDF"),
    "pdf.download_details": pgettext("pdf.download_details", "({pages}, {size}\u00a0MB)"),
    "pdf.contents": pgettext("pdf.contents", "Contents"),
    "pdf.cross_reference": pgettext("pdf.cross_reference", "{reference}, p.\u00a0{page}"),
    "colophon.pdf": pgettext("colophon.pdf", "This edition (PDF)"),
    "edition.web": pgettext("edition.web", "web edition"),
    "edition.pdf": pgettext("edition.pdf", "PDF edition"),
    # --- figure pages, live charts and data downloads (macros/outputs/figure_pages.py)
    "live.n": pgettext("live.n", "Responses (n)"),
    "live.bar": pgettext("live.bar", "bar"),
    "live.chart": pgettext("live.chart", "interactive chart"),
    "live.keys": pgettext("live.keys", "Use the arrow keys to move from bar to bar; each bar shows its numbers."),
    "chart.download_vega": pgettext("chart.download_vega", "Interactive chart (Vega)"),
    "chart.download_json": pgettext("chart.download_json", "Metadata (JSON)"),
    "block.note_figure": pgettext("block.note_figure", "A figure of the report"),
    "block.note_table": pgettext("block.note_table", "A table of the report"),
    "block.cite_figure": pgettext("block.cite_figure", "Cite this figure"),
    "block.cite_table": pgettext("block.cite_table", "Cite this table"),
    "block.cite_intro": pgettext(
        "block.cite_intro", "The permanent address of this page is {url}. Cite it together with the report:"
    ),
    "block.shown_in": pgettext("block.shown_in", "{label} is part of {section}."),
    "block.question": pgettext("block.question", "The question asked"),
    "block.questions": pgettext("block.questions", "The questions asked"),
    "block.downloads_table": pgettext("block.downloads_table", "Download the table"),
    "embed.heading": pgettext("embed.heading", "Embed this figure"),
    "embed.intro": pgettext(
        "embed.intro",
        "To show the figure on another website, copy this code into the page. The figure comes with its title, its source and a link back to this page, and follows updates of the report.",  # noqa: E501
    ),
    "embed.code": pgettext("embed.code", "Embed code (HTML)"),
    "embed.back": pgettext("embed.back", "See the figure in the report"),
    "data.package_description": pgettext(
        "data.package_description",
        "The numbers of every table and figure of the report, as printed, with the counts and numbers of responses behind them. Aggregates only: no respondent's answers.",  # noqa: E501
    ),
    "data.zip": pgettext("data.zip", "Download every table and figure (ZIP)"),
    "data.zip_note": pgettext(
        "data.zip_note",
        "One file with the numbers of every table and figure as CSV, a description of every file and column (a Frictionless Data Package, datapackage.json), a README and the licence. Below, each table and figure with its own files: its numbers (CSV), their metadata (JSON) and, for figures, the chart (SVG, PNG and Vega).",  # noqa: E501
    ),
    "data.tables": pgettext("data.tables", "Tables"),
    "data.figures": pgettext("data.figures", "Figures"),
    "data.readme_intro": pgettext(
        "data.readme_intro",
        "The numbers of every table and figure of the report, one CSV file each (UTF-8, comma-separated, a header row, dot decimals, rounded as the report prints them). datapackage.json describes every file and column (Frictionless Data Package): title, question, what a share is a share of, units, source and citation. Only aggregates are published: no file holds a respondent's answers.",  # noqa: E501
    ),
    "data.readme_files": pgettext("data.readme_files", "The files:"),
    "data.readme_cite": pgettext("data.readme_cite", "How to cite"),
    "data.no_licence": pgettext(
        "data.no_licence",
        "The report declares no licence for these files. Quote them with their source; for any other reuse, ask {publisher}.",  # noqa: E501
    ),
    "data.col.item_header": pgettext("data.col.item_header", "Item"),
    "data.col.item": pgettext("data.col.item", "The item (the part of the question) the numbers are for"),
    "data.col.theme": pgettext("data.col.theme", "The theme the open answers were coded with"),
    "data.col.answer": pgettext("data.col.answer", "The response category"),
    "data.col.series": pgettext("data.col.series", "The question the mean is of"),
    "data.col.mean": pgettext(
        "data.col.mean",
        "The mean on the scale from {low} ‘{low_label}’ to {high} ‘{high_label}’, rounded to one decimal as in the report",  # noqa: E501
    ),
    "data.col.share": pgettext(
        "data.col.share",
        "The share of the responses (n) with this answer, in percent, rounded to one decimal as in the report",
    ),
    "data.col.theme_share": pgettext(
        "data.col.theme_share",
        "The share of the respondents who answered the open question (n) whose answer mentions the theme, in percent, rounded to one decimal as in the report",  # noqa: E501
    ),
    "data.col.count": pgettext("data.col.count", "The number of responses with this answer"),
    "data.col.theme_count": pgettext("data.col.theme_count", "The number of answers that mention the theme"),
    "data.col.n": pgettext("data.col.n", "The number of responses the share or mean is computed from"),
    "data.col.percent_header": pgettext("data.col.percent_header", "{label} (%)"),
    "data.col.top2": pgettext(
        "data.col.top2",
        "The share of the responses (n) in the two highest response categories, in percent, rounded to one decimal as in the report",  # noqa: E501
    ),
    "data.col.sd": pgettext(
        "data.col.sd",
        "The standard deviation (of a sample: n − 1 in the denominator), rounded to one decimal as in the report",
    ),
    "data.col.min": pgettext("data.col.min", "The lowest answer given"),
    "data.col.max": pgettext("data.col.max", "The highest answer given"),
    "data.col.n_number": pgettext("data.col.n_number", "The number of respondents who answered"),
    "data.col.mean_number": pgettext(
        "data.col.mean_number", "The mean of the answers, rounded to one decimal as in the report"
    ),
    "data.col.sd_number": pgettext(
        "data.col.sd_number",
        "The standard deviation of the answers (of a sample: n − 1 in the denominator), rounded to one decimal as in the report",  # noqa: E501
    ),
    "data.col.min_number": pgettext("data.col.min_number", "The lowest answer"),
    "data.col.max_number": pgettext("data.col.max_number", "The highest answer"),
    "data.col.bin": pgettext("data.col.bin", "The group of respondents"),
    "data.col.bin_count": pgettext("data.col.bin_count", "The number of respondents in the group"),
    "data.col.bin_share": pgettext(
        "data.col.bin_share",
        "The group's share of the respondents who answered, in percent, rounded to one decimal as in the report",
    ),
    "data.share_of.themes": pgettext(
        "data.share_of.themes",
        "Each share is of the respondents who answered the open question (n); an answer can mention several themes.",
    ),
    "data.share_of.answered": pgettext(
        "data.share_of.answered",
        "Each share is of every response to the item (n), answers outside the scale (such as ‘not relevant’) included.",
    ),
    "data.share_of.substantive": pgettext(
        "data.share_of.substantive",
        "Each share is of the responses on the scale (n): answers outside it (such as ‘not relevant’) are left out.",
    ),
    "data.share_of.none": pgettext("data.share_of.none", "The numbers are not shares."),
    "data.share_of.bins": pgettext("data.share_of.bins", "Each share is of the respondents who answered the question."),
    "data.col.group": pgettext("data.col.group", "The group of respondents (the breakdown named in the description)"),
    "data.col.group_row": pgettext(
        "data.col.group_row", "The group of respondents, after the item where there are several"
    ),
    # --- end figure pages
}


def _check_syntax(path: Path, where: str) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not _PO_LINE.match(line.strip()):
            raise MissingTranslation(
                f"{where}:{number}: the catalog has a syntax error: {line.strip()!r} is not "
                'a PO line (expected msgctxt/msgid/msgstr "..." or a "..." continuation); '
                "fix it (Poedit shows it too)"
            )


class Catalog:
    """The UI catalogs of one report: locale/<language>/LC_MESSAGES/messages.po per language."""

    def __init__(
        self,
        locale_dir: Path,
        languages: Languages,
        report_values: Callable[[str], dict[str, str]] | None = None,
    ):
        self.locale_dir, self.languages = Path(locale_dir), languages
        self._report_values = report_values
        self._texts: dict[str, tuple[int, dict[str, str]]] = {}  # language -> (mtime, texts)
        self._paths: dict[str, Path] = {}
        # The languages whose file was looked at since the last recheck(): a page asks a few
        # hundred times, and its file does not change while the page is rendered.
        self._looked_at: set[str] = set()

    def path(self, language: str) -> Path:
        if language not in self._paths:  # asked on every text(): about 20,000 times a build
            self._paths[language] = self.locale_dir / language / "LC_MESSAGES" / "messages.po"
        return self._paths[language]

    def _where(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.locale_dir.parent))
        except ValueError:
            return str(path)

    def _read(self, language: str) -> dict[str, str]:
        """key -> translated text of one language, after checking every message of MESSAGES."""
        path = self.path(language)
        where = self._where(path)
        if not path.exists():
            raise MissingTranslation(
                f"{where}: no catalog for {language!r}; create it with "
                f"`uv run pybabel init -i locale/messages.pot -d locale -l {language}` and translate it"
            )
        try:
            _check_syntax(path, where)
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language, abort_invalid=True)
        except UnicodeDecodeError:
            raise MissingTranslation(
                f"{where}: is not UTF-8 text; expected UTF-8: save it again choosing the encoding UTF-8"
            ) from None
        except PoFileError as error:
            raise MissingTranslation(
                f"{where}: the catalog has a syntax error: {error}; fix the line it names (Poedit shows it too)"
            ) from None
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
            elif not isinstance(entry.string, str):
                problems.append(
                    f"{where}:{entry.lineno}: the {language} translation of {english!r} (msgctxt {key!r}) "
                    "has plural forms (msgstr[0], ...); expected one msgstr"
                )
            elif set(_PLACEHOLDER.findall(entry.string)) != set(_PLACEHOLDER.findall(english)):
                problems.append(
                    f"{where}:{entry.lineno}: the {language} translation of {english!r} (msgctxt {key!r}) "
                    f"must keep the placeholders {sorted(set(_PLACEHOLDER.findall(english)))}"
                )
            else:
                texts[key] = entry.string
        if problems:
            raise MissingTranslation(problems=problems)
        return texts

    def translations(self, language: str) -> dict[str, str]:
        """Every message in ``language`` (checked; re-read when the catalog file has changed
        since it was last looked at: once after each :meth:`recheck`)."""
        cached = self._texts.get(language)
        if cached is not None and language in self._looked_at:
            return cached[1]
        try:
            mtime = self.path(language).stat().st_mtime_ns
        except (FileNotFoundError, NotADirectoryError):
            mtime = 0
        if cached is None or cached[0] != mtime:
            self._texts[language] = (mtime, self._read(language))
        self._looked_at.add(language)
        return self._texts[language][1]

    def recheck(self) -> None:
        """Look at the catalog files again on the next text() (the engine calls it as each page
        starts, so a catalog edited while ``mkdocs serve`` runs is read on the next render)."""
        self._looked_at.clear()

    def check(self) -> None:
        """Every language's catalog, checked at once; one MissingTranslation lists every problem."""
        problems = []
        for language in self.languages.all:
            try:
                self.translations(language)
            except MissingTranslation as error:
                problems.extend(error.problems)
        if problems:
            raise MissingTranslation(problems=problems)

    def text(self, language: str, key: str, **values) -> str:
        """The UI string ``key`` in ``language`` with its placeholders filled."""
        if key not in MESSAGES:
            raise MissingTranslation(f"UI string {key!r} is not defined in macros/text/catalog.py MESSAGES")
        template = self.translations(language)[key]
        wanted = [name for name in _PLACEHOLDER.findall(template) if name not in values]
        if wanted and self._report_values is not None and set(wanted) <= set(REPORT_PLACEHOLDERS):
            values = {**self._report_values(language), **values}
        return template.format(**values)


def _current() -> Catalog:
    from macros.model import context

    return context.current().catalog()


def translations(language: str) -> dict[str, str]:
    """Every message in ``language``, from the catalog of the build in progress."""
    return _current().translations(language)


def text(language: str, key: str, **values) -> str:
    """The UI string ``key`` in ``language`` with its placeholders filled (build in progress)."""
    return _current().text(language, key, **values)
