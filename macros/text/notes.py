"""The notes under tables and figures: n, question wording, scale, "not relevant".

Each note is HTML (a :class:`Markup`): catalog messages filled by :func:`macros.html.markup.message`,
which escapes the translation and every value, so a catalog or a label cannot inject markup.
"""

from __future__ import annotations

from macros.html.markup import Markup, emphasis, message
from macros.model.survey import Survey
from macros.stats import items as stats
from macros.text import formatting as fmt


def n_text(ns: list[int], language: str) -> Markup:
    return message(language, "note.n", n=fmt.count_range(min(ns), max(ns), language))


def question_text(survey: Survey, question: str, language: str) -> Markup:
    return message(language, "note.question", question=emphasis(survey.questions[question].text[language]))


def questions_text(survey: Survey, variables: list[str], language: str) -> Markup:
    texts = [emphasis(survey.questions[survey.variables[v].question].text[language]) for v in variables]
    key = "note.question" if len(texts) == 1 else "note.questions"
    return message(language, key, **{key.split(".")[1]: Markup(" ").join(texts)})


def scale_text(survey: Survey, scale_id: str, language: str, key: str = "note.scale") -> Markup:
    scale = survey.scales[scale_id]
    low, high = scale.valid_codes[0], scale.valid_codes[-1]
    return message(
        language,
        key,
        low=low,
        high=high,
        low_label=scale.labels[language][low],
        high_label=scale.labels[language][high],
    )


def not_relevant_text(
    survey: Survey, variables: list[str], language: str, labels: dict[str, str] | None = None
) -> Markup:
    """Which items had "not relevant" answers left out, counted from the data.

    ``labels``: how the note names each variable (default: its short label); a figure whose rows
    share short labels (a row per area, a bar per question) names the question too.
    """
    scale = survey.scale_of(variables[0])
    # Every non-substantive code by its role ("not relevant", "don't know"), not by its number.
    label = "/".join(scale.labels[language][code] for code in scale.non_substantive)
    counted = [(v, stats.item_stats(survey, v).not_relevant) for v in variables]
    names = labels or {v: mid_sentence(survey.variables[v].short[language]) for v in variables}
    items = [
        message(language, "note.not_relevant_item", n=fmt.integer(k, language), item=names[v]) for v, k in counted if k
    ]
    detail = message(language, "note.not_relevant_detail", items=Markup("; ").join(items)) if items else ""
    return message(language, "note.not_relevant", label=label, detail=detail)


def mid_sentence(label: str) -> str:
    """A short label inside a sentence: "By- og erhvervsudvikling" -> "by- og erhvervsudvikling"."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def join(parts: list[str]) -> Markup:
    """Note parts in order, with a space between; a part that is not markup is escaped."""
    return Markup(" ").join(p for p in parts if p)
