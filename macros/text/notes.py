"""The notes under tables and figures: n, question wording, scale, the non-substantive answers.

Which answers are non-substantive ("not relevant", "don't know") is the scale's declaration
(codebook/scales.csv, column role); nothing here knows a code by its number.
"""

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


def non_substantive_label(survey: Survey, variable: str, language: str) -> str:
    """The label(s) of the non-substantive codes of a variable's scale: ‘Ikke relevant’ (joined with 'and')."""
    scale = survey.scale_of(variable)
    labels = [scale.labels[language][code] for code in scale.non_substantive]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {ui.text(language, 'and')} " + labels[-1]


def not_relevant_text(survey: Survey, variables: list[str], language: str) -> str:
    """Which items had non-substantive answers left out, counted from the data."""
    scale = survey.scale_of(variables[0])
    label = non_substantive_label(survey, variables[0], language)

    def left_out(variable: str) -> int:
        counts = stats.item_stats(survey, variable).counts
        return sum(counts.get(code, 0) for code in scale.non_substantive)

    counted = [(v, left_out(v)) for v in variables]
    items = [
        ui.text(
            language,
            "note.not_relevant_item",
            n=fmt.integer(k, language),
            item=esc(mid_sentence(survey.variables[v].short[language])),
        )
        for v, k in counted
        if k
    ]
    detail = ui.text(language, "note.not_relevant_detail", items="; ".join(items)) if items else ""
    return ui.text(language, "note.not_relevant", label=esc(label), detail=detail)


def mean_unit(survey: Survey, variable: str, language: str) -> str:
    """The unit of a mean, from its scale's plotted range: "mean on a 1-5 scale"."""
    scale = survey.scale_of(variable)
    low, high = scale.range or (scale.valid_codes[0], scale.valid_codes[-1])

    def shown(value) -> str:
        return fmt.integer(int(value), language) if float(value).is_integer() else fmt.number(value, language)

    return ui.text(language, "unit.mean_on_scale", low=shown(low), high=shown(high))


def mid_sentence(label: str) -> str:
    """A short label inside a sentence: "By- og erhvervsudvikling" -> "by- og erhvervsudvikling"."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def join(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)
