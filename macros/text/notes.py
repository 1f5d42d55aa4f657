"""The notes under tables and figures: n, question wording, scale, "not relevant"."""

from __future__ import annotations

from macros.html.markup import emphasis, esc
from macros.model.survey import Survey
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import formatting as fmt


def n_text(ns: list[int], language: str) -> str:
    return ui.text(language, "note.n", n=fmt.count_range(min(ns), max(ns), language))


def question_text(survey: Survey, question: str, language: str) -> str:
    return ui.text(language, "note.question", question=emphasis(survey.questions[question].text[language]))


def questions_text(survey: Survey, variables: list[str], language: str) -> str:
    texts = [emphasis(survey.questions[survey.variables[v].question].text[language]) for v in variables]
    key = "note.question" if len(texts) == 1 else "note.questions"
    return ui.text(language, key, **{key.split(".")[1]: " ".join(texts)})


def scale_text(survey: Survey, scale_id: str, language: str, key: str = "note.scale") -> str:
    scale = survey.scales[scale_id]
    low, high = scale.valid_codes[0], scale.valid_codes[-1]
    return ui.text(
        language,
        key,
        low=low,
        high=high,
        low_label=esc(scale.labels[language][low]),
        high_label=esc(scale.labels[language][high]),
    )


def not_relevant_text(survey: Survey, variables: list[str], language: str, labels: dict[str, str] | None = None) -> str:
    """Which items had "not relevant" answers left out, counted from the data.

    ``labels``: how the note names each variable (default: its short label); a figure whose rows
    share short labels (a row per area, a bar per question) names the question too.
    """
    scale = survey.scale_of(variables[0])
    label = scale.labels[language][scale.not_relevant]
    counted = [(v, stats.item_stats(survey, v).not_relevant) for v in variables]
    names = labels or {v: mid_sentence(survey.variables[v].short[language]) for v in variables}
    items = [
        ui.text(language, "note.not_relevant_item", n=fmt.integer(k, language), item=esc(names[v]))
        for v, k in counted
        if k
    ]
    detail = ui.text(language, "note.not_relevant_detail", items="; ".join(items)) if items else ""
    return ui.text(language, "note.not_relevant", label=esc(label), detail=detail)


def mid_sentence(label: str) -> str:
    """A short label inside a sentence: "By- og erhvervsudvikling" -> "by- og erhvervsudvikling"."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)
