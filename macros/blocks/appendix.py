"""Appendix 1 (the questionnaire) and Appendix 2 (the code list), from the codebook."""

from __future__ import annotations

from macros.html.markup import esc, scroll_region
from macros.model.survey import Survey
from macros.text import catalog as ui


class AppendixError(KeyError):
    """An unknown question id in a questionnaire call."""


def question_html(survey: Survey, question_id: str, language: str) -> str:
    """One question as the respondents saw it: its wording and its answer grid or options."""
    if question_id not in survey.questions:
        raise AppendixError(f"unknown question {question_id!r}; expected one of: {', '.join(survey.questions)}")
    question = survey.questions[question_id]
    text = f'<p class="questionnaire__question"><strong>{esc(question.text[language])}</strong></p>'
    if question.kind == "open":
        return (
            f'<div class="questionnaire__item" id="q-{question_id.replace(".", "-").replace("_", "-")}">{text}'
            f'<p class="questionnaire__open">[{esc(ui.text(language, "open_field"))}]</p></div>'
        )
    scale = survey.scales[question.scale]
    if question.kind == "number":
        labels = [scale.labels[language][c] for c in scale.codes]
        options = f"{labels[0]}, {labels[1]}\u2013{labels[-1]}"
        return (
            f'<div class="questionnaire__item" id="q-{question_id.replace(".", "-").replace("_", "-")}">{text}'
            f"<p>{esc(ui.text(language, 'options', options=options))}</p></div>"
        )
    items = sorted((v for v in survey.variables.values() if v.question == question_id), key=lambda v: v.order)
    head = "".join(f'<th scope="col">{esc(scale.labels[language][c])}</th>' for c in scale.codes)
    body = "".join(
        f'<tr><th scope="row">{esc(v.label[language])}</th>'
        + "".join('<td class="questionnaire__option"><span aria-hidden="true">○</span></td>' for _ in scale.codes)
        + "</tr>"
        for v in items
    )
    grid = f'<table class="questionnaire__grid"><thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table>'
    return (
        f'<div class="questionnaire__item" id="q-{question_id.replace(".", "-").replace("_", "-")}">{text}'
        f"{scroll_region(grid, question.text[language])}</div>"
    )


def code_list_html(survey: Survey, language: str) -> str:
    """The final code list: per open question, its themes and their descriptions."""
    sections = []
    for question_id, themes in survey.themes.items():
        question = survey.questions[question_id]
        heading = question.code_list_heading[language]
        rows = "".join(
            f'<tr><th scope="row">{esc(t.label[language])}</th><td><em>{esc(t.description[language])}</em></td></tr>'
            for t in sorted(themes.values(), key=lambda t: t.order)
            if t.in_code_list
        )
        table = (
            f'<table class="code-list__grid"><caption>{esc(heading)}</caption>'
            f'<thead><tr><th scope="col">{esc(ui.text(language, "theme"))}</th>'
            f'<th scope="col">{esc(ui.text(language, "description"))}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        anchor = f"codes-{question_id.split('.', 1)[1]}"
        sections.append(
            f'<section class="code-list" id="{anchor}"><h2>{esc(heading)}</h2>{scroll_region(table, heading)}</section>'
        )
    return "".join(sections)
