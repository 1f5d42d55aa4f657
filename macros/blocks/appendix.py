"""Appendix 1 (the questionnaire) and Appendix 2 (the code list), from the codebook."""

from __future__ import annotations

from macros.html.markup import Markup, render, scroll_region, slug
from macros.model.errors import ReportError
from macros.model.survey import Survey
from macros.text import catalog as ui


class AppendixError(ReportError, KeyError):
    """An unknown question id in a questionnaire call."""


def question_html(survey: Survey, question_id: str, language: str) -> Markup:
    """One question as the respondents saw it: its wording and its answer grid or options."""
    if question_id not in survey.questions:
        raise AppendixError(f"unknown question {question_id!r}; expected one of: {', '.join(survey.questions)}")
    question = survey.questions[question_id]
    context = {
        "anchor": f"q-{slug(question_id)}",
        "text": question.text[language],
        "kind": question.kind,
        "open_field": ui.text(language, "open_field"),
        "options": "",
        "grid": "",
    }
    if question.kind != "open":
        if question.scale is None:
            raise AppendixError(f"question {question_id!r} ({question.kind}) has no scale in the codebook")
        scale = survey.scales[question.scale]
        labels = [scale.labels[language][c] for c in scale.codes]
        if question.kind == "number":
            options = f"{labels[0]}, {labels[1]}\u2013{labels[-1]}" if len(labels) > 2 else ", ".join(labels)
            context["options"] = ui.text(language, "options", options=options)
        else:
            items = sorted((v for v in survey.variables.values() if v.question == question_id), key=lambda v: v.order)
            grid = render("question_grid.html", options=labels, items=[v.label[language] for v in items])
            context["grid"] = scroll_region(grid, question.text[language])
    return render("question.html", **context)


def code_list_anchors(survey: Survey) -> dict[str, str]:
    """Open question -> the anchor of its code list section: ``codes-`` and the last part of its id
    (``open.wishes`` -> ``codes-wishes``), or the whole id where two questions share it."""
    questions = [q for q in survey.themes if survey.questions[q].kind == "open"]
    last = {q: slug(q.rsplit(".", 1)[-1]) for q in questions}
    shared = {a for a in last.values() if list(last.values()).count(a) > 1}
    return {q: f"codes-{slug(q) if last[q] in shared else last[q]}" for q in questions}


def code_list_html(survey: Survey, language: str) -> Markup:
    """The final code list: per open question (by kind), its themes and their descriptions."""
    sections = []
    for question_id, anchor in code_list_anchors(survey).items():
        heading = survey.questions[question_id].code_list_heading[language]
        themes = sorted(survey.themes[question_id].values(), key=lambda t: t.order)
        table = render(
            "code_list_table.html",
            heading=heading,
            theme_heading=ui.text(language, "theme"),
            description_heading=ui.text(language, "description"),
            rows=[(t.label[language], t.description[language]) for t in themes if t.in_code_list],
        )
        sections.append({"anchor": anchor, "heading": heading, "table": scroll_region(table, heading)})
    return render("code_list.html", sections=sections)
