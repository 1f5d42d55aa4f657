"""The notes under tables and figures: n, question wording, scale, the non-substantive answers.

Which answers are non-substantive ("not relevant", "don't know") is the scale's declaration
(codebook/scales.csv, column role); nothing here knows a code by its number.

Each note is HTML (a :class:`Markup`): catalog messages filled by :func:`macros.html.markup.message`,
which escapes the translation and every value, so a catalog or a label cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from macros.html.markup import Markup, emphasis, message
from macros.model.survey import Survey
from macros.stats import items as stats
from macros.text import catalog as ui
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


def non_substantive_label(survey: Survey, variable: str, language: str) -> str:
    """The label(s) of the non-substantive codes of a variable's scale: ‘Ikke relevant’ (joined with 'and')."""
    scale = survey.scale_of(variable)
    labels = [scale.labels[language][code] for code in scale.non_substantive]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {ui.text(language, 'and')} " + labels[-1]


def not_relevant_text(
    survey: Survey, variables: list[str], language: str, labels: Mapping[str, str] | None = None
) -> Markup:
    """Which items had non-substantive answers left out, counted from the data.

    ``labels``: how the note names each variable (default: its short label); a figure whose rows
    share short labels (a row per area, a bar per question) names the question too.
    """
    scale = survey.scale_of(variables[0])
    label = non_substantive_label(survey, variables[0], language)

    def left_out(variable: str) -> int:
        counts = stats.item_stats(survey, variable).counts
        return sum(counts.get(code, 0) for code in scale.non_substantive)

    counted = [(v, left_out(v)) for v in variables]
    names = labels or {v: mid_sentence(survey.variables[v].short[language], language) for v in variables}
    # With report.yaml's disclosure.publish_small_marginals false, a small count is a dash.
    from macros.stats import breakdowns  # late: stats imports the model this module is beside

    rule = breakdowns.disclosure(survey)
    items = [
        message(
            language,
            "note.not_relevant_item",
            n="\u2013" if rule.hides_marginal(k) else fmt.integer(k, language),
            item=names[v],
        )
        for v, k in counted
        if k
    ]
    detail = message(language, "note.not_relevant_detail", items=Markup("; ").join(items)) if items else ""
    note = message(language, "note.not_relevant", label=label, detail=detail)
    if any(rule.hides_marginal(k) for _, k in counted):
        note += Markup(" ") + message(language, "note.small_count", min_cell=fmt.integer(rule.min_cell, language))
    return note


def mean_unit(survey: Survey, variable: str, language: str) -> str:
    """The unit of a mean, from its scale's plotted range: "mean on a 1-5 scale"."""
    scale = survey.scale_of(variable)
    low, high = scale.range or (scale.valid_codes[0], scale.valid_codes[-1])

    def shown(value) -> str:
        return fmt.integer(int(value), language) if float(value).is_integer() else fmt.number(value, language)

    return ui.text(language, "unit.mean_on_scale", low=shown(low), high=shown(high))


def mid_sentence(label: str, language: str | None = None) -> str:
    """A short label inside a sentence: "By- og erhvervsudvikling" -> "by- og erhvervsudvikling";
    unchanged in a language that keeps the case of labels mid-sentence (mkdocs.yml ``mid_sentence_case: keep``)."""
    if language is not None:
        from macros.model import context

        if language in context.current().languages.keep_case:
            return label
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def join(parts: Sequence[str]) -> Markup:
    """Note parts in order, with a space between; a part that is not markup is escaped."""
    return Markup(" ").join(p for p in parts if p)
