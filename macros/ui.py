"""Strings the engine writes into pages, per language.

Translators: every key must exist in both languages (a test checks it).
Placeholders in braces are filled in by the engine.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "da": {
        "table": "Tabel",
        "figure": "Figur",
        "table_ref": "tabel",
        "figure_ref": "figur",
        "items": "Items",
        "n": "Obs.",
        "observations": "Observationer",
        "mean": "Gennemsnit",
        "sd": "Std. afv.",
        "min": "Min.",
        "max": "Maks.",
        "count": "Antal",
        "share": "Andel",
        "top2.degree": "Andel høj grad/ meget høj grad",
        "top2.agree": "Andel enig/ helt enig",
        "theme": "Tema",
        "description": "Beskrivelse",
        "series": "Serie",
        "answers": "Svar",
        "years": "{label} år",
        "years_open": "{low} år eller mere",
        "note.n": "Antal besvarelser: {n}.",
        "note.question": "Spørgsmål: {question}",
        "note.questions": "Spørgsmål: {questions}",
        "note.sd": "Standardafvigelse er angivet i parentes.",
        "note.scale": "Svarene er målt på en skala fra {low} “{low_label}” til {high} “{high_label}”.",
        "note.not_relevant": "Svar med “{label}” indgår ikke{detail}.",
        "note.not_relevant_detail": " (n: {items})",
        "note.not_relevant_item": "{n} ved {item}",
        "note.not_relevant_included": "“{label}” indgår som svarmulighed i fordelingen.",
        "note.means": "Søjlerne viser gennemsnitlig værdi.",
        "note.distribution": "Figuren viser den procentvise svarfordeling.",
        "note.mean": "Gennemsnit: {mean}.",
        "note.themes": "Figuren viser den procentvise fordeling af tematikkerne i svarene. "
                       "Det var muligt at skrive mere end ét svar i de åbne tekstfelter, "
                       "hvorfor tallene ikke summerer til {hundred}.",
        "note.grouped": "Søjlerne viser gennemsnitlig værdi på en skala fra {low} “{low_label}” til {high} “{high_label}”.",
        "data_table": "Figurens tal",
        "open_field": "Åbent tekstfelt",
        "options": "Svarmuligheder: {options}",
        "colophon.title": "Titel",
        "colophon.authors": "Forfattere",
        "colophon.department": "Afdeling",
        "colophon.publisher": "Udgiver",
        "colophon.url": "Original (PDF)",
        "colophon.year": "Udgivelsesår",
        "colophon.edition": "Redaktion afsluttet",
        "colophon.edition_value": "Nuværende udgave {date}",
        "colophon.keywords": "Emneord",
        "colophon.pages": "Sideantal (PDF)",
        "colophon.pages_value": "{pages} sider",
        "and": "og",
    },
    "en": {
        "table": "Table",
        "figure": "Figure",
        "table_ref": "Table",
        "figure_ref": "Figure",
        "items": "Items",
        "n": "Obs.",
        "observations": "Observations",
        "mean": "Mean",
        "sd": "SD",
        "min": "Min.",
        "max": "Max.",
        "count": "Number",
        "share": "Share",
        "top2.degree": "Share high/ very high extent",
        "top2.agree": "Share agree/ strongly agree",
        "theme": "Theme",
        "description": "Description",
        "series": "Series",
        "answers": "Answers",
        "years": "{label} years",
        "years_open": "{low} years or more",
        "note.n": "Number of responses: {n}.",
        "note.question": "Question: {question}",
        "note.questions": "Questions: {questions}",
        "note.sd": "Standard deviation in parentheses.",
        "note.scale": "Answers are measured on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’.",
        "note.not_relevant": "‘{label}’ answers are not included{detail}.",
        "note.not_relevant_detail": " (n: {items})",
        "note.not_relevant_item": "{n} for {item}",
        "note.not_relevant_included": "‘{label}’ is included as a response category in the distribution.",
        "note.means": "The bars show mean values.",
        "note.distribution": "The figure shows the percentage distribution of answers.",
        "note.mean": "Mean: {mean}.",
        "note.themes": "The figure shows the percentage of answers that mention each theme. "
                       "Respondents could write more than one answer in the open text fields, "
                       "so the figures do not sum to {hundred}.",
        "note.grouped": "The bars show mean values on a scale from {low} ‘{low_label}’ to {high} ‘{high_label}’.",
        "data_table": "The figure's numbers",
        "open_field": "Open text field",
        "options": "Response options: {options}",
        "colophon.title": "Title",
        "colophon.authors": "Authors",
        "colophon.department": "Department",
        "colophon.publisher": "Publisher",
        "colophon.url": "Original (PDF)",
        "colophon.year": "Year of publication",
        "colophon.edition": "Editing completed",
        "colophon.edition_value": "Current edition {date}",
        "colophon.keywords": "Keywords",
        "colophon.pages": "Pages (PDF)",
        "colophon.pages_value": "{pages} pages",
        "and": "and",
    },
}


class MissingTranslation(KeyError):
    """A UI string that has no text in the page language."""


def text(language: str, key: str, **values) -> str:
    """The UI string ``key`` in ``language`` with its placeholders filled."""
    try:
        template = STRINGS[language][key]
    except KeyError:
        raise MissingTranslation(f"UI string {key!r} has no {language!r} text in macros/ui.py") from None
    return template.format(**values)
