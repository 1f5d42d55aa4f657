"""Breakdowns: statistics per group of a background variable (its codes, or bins of a number),
and the disclosure rule that keeps small groups from being published.

A breakdown is declared as ``by:`` in a table or figure definition (data/tables.yaml,
data/figures.yaml), or passed to a number macro as ``by=`` with ``group=``:

    by: role                      # a coded background variable: one group per substantive code
    by: {variable: age, bins: [{id: "18-39", low: 18, high: 39}, {id: "40+", low: 40}]}

In prose, ``group=`` names one group: a code of a coded variable (``group=2``), or a range of a
number (``group="18-39"``, ``group="40+"``).

Everything here is computed with one ``groupby`` over all the items asked for (no loop over
respondents or per item over rows). A group cell with fewer respondents than the report's
``disclosure: {min_cell: ...}`` (data/report.yaml; default 5) is *suppressed*: its numbers are
not published; blocks show "–" with a note saying why.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from macros.model.survey import Survey
from macros.stats.items import Bin, ItemStats, StatsError, ThemeStats, item_from_counts, memo, open_variable

if TYPE_CHECKING:  # imported where a statistic is computed: a build from kept statistics needs none
    import pandas as pd

DEFAULT_MIN_CELL = 5
_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:(?:-|\u2013)\s*(-?\d+)|(\+))\s*$")


@dataclass(frozen=True)
class Disclosure:
    """The report's disclosure rule (report.yaml ``disclosure:``)."""

    min_cell: int = DEFAULT_MIN_CELL
    publish_small_marginals: bool = True  # the whole sample's own small counts, as the printed report does

    def hides(self, respondents: int) -> bool:
        """True when a group cell of this many respondents must not be published."""
        return respondents < self.min_cell

    def hides_marginal(self, count: int) -> bool:
        """True when a count of the whole sample must not be published (0 is never a person)."""
        return not self.publish_small_marginals and 0 < count < self.min_cell


def disclosure(survey: Survey) -> Disclosure:
    """The disclosure rule of the report; raises StatsError naming the key when it is malformed."""
    rule = survey.report.get("disclosure") or {}
    if not isinstance(rule, dict):
        raise StatsError(
            f"data/report.yaml: disclosure has {rule!r}; expected a mapping such as "
            "{min_cell: 5, publish_small_marginals: true}"
        )
    min_cell = rule.get("min_cell", DEFAULT_MIN_CELL)
    publish = rule.get("publish_small_marginals", True)
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 1:
        raise StatsError(
            f"data/report.yaml: disclosure.min_cell has {min_cell!r}; expected a whole number of 1 or more"
        )
    if not isinstance(publish, bool):
        raise StatsError(
            f"data/report.yaml: disclosure.publish_small_marginals has {publish!r}; expected true or false"
        )
    return Disclosure(min_cell=min_cell, publish_small_marginals=publish)


@dataclass(frozen=True)
class Group:
    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Breakdown:
    """Groups of respondents by a background variable: its substantive codes, or bins of a number."""

    variable: str
    bins: tuple[Bin, ...] = ()

    def groups(self, survey: Survey) -> tuple[Group, ...]:
        languages = _languages(survey)
        if self.bins:
            return tuple(Group(b.id, {lang: bin_label(b, lang) for lang in languages}) for b in self.bins)
        scale = survey.scale_of(self.variable)
        return tuple(
            Group(str(code), {lang: scale.short_labels[lang][code] for lang in languages}) for code in scale.valid_codes
        )

    def assign(self, survey: Survey) -> pd.Series:
        """Each respondent's group id (a string), or NA for one in no group (no answer, a
        non-substantive answer, a number outside every bin); vectorised, once per survey."""
        return memo(survey, ("groups", repr(self)), lambda: self._assign(survey))

    def _assign(self, survey: Survey) -> pd.Series:
        import pandas as pd

        values = survey.values(self.variable)
        groups = pd.Series(pd.NA, index=values.index, dtype="string")
        if self.bins:
            for b in self.bins:
                inside = (values >= b.low) & (values <= b.high if b.high is not None else True)
                groups = groups.mask(inside.fillna(False).astype(bool), b.id)
            return groups
        scale = survey.scale_of(self.variable)
        valid = values.isin(list(scale.valid_codes)).fillna(False).astype(bool)
        return groups.mask(valid, values.astype("string"))

    def label(self, survey: Survey, language: str) -> str:
        return survey.variables[self.variable].label[language]


def _languages(survey: Survey) -> tuple[str, ...]:
    if survey.languages is not None:
        return survey.languages.all
    from macros.model import context

    return context.current().languages.all


def bin_label(b: Bin, language: str) -> str:
    """A bin's label: its own (``label:`` in the definition) or its range in years."""
    from macros.text import catalog as ui

    if b.label:
        return b.label[language]
    if b.high is None:
        return ui.text(language, "years_open", low=b.low)
    return ui.text(language, "years", label=f"{b.low}\u2013{b.high}")


def parse(
    where: str, spec, survey: Survey, problems: list[str], kind: str | None = None, kinds: tuple[str, ...] = ()
) -> Breakdown | None:
    """A ``by:`` value of a definition as a :class:`Breakdown`; problems are appended, naming ``where``.

    ``kinds``: the definition kinds that can be broken down; ``by:`` on another kind is a problem.
    """
    if spec is None:
        return None
    if kinds and kind not in kinds:
        problems.append(f"{where}: by is not available for kind {kind!r}; expected one of the kinds {list(kinds)}")
        return None
    if isinstance(spec, str):
        spec = {"variable": spec}
    if not isinstance(spec, dict):
        problems.append(f"{where}: by has {spec!r}; expected a variable id or {{variable: ..., bins: [...]}}")
        return None
    variable = spec.get("variable")
    if variable not in survey.variables:
        problems.append(f"{where}: by names unknown variable {variable!r}; expected one of {list(survey.variables)}")
        return None
    question = survey.questions[survey.variables[variable].question]
    bins: list[Bin] = []
    for number, raw in enumerate(spec.get("bins") or [], start=1):
        try:
            high = None if raw.get("high") is None else int(raw["high"])
            bins.append(Bin(str(raw["id"]), int(raw["low"]), high, raw.get("label")))
        except (KeyError, TypeError, ValueError):
            problems.append(f"{where}: by.bins #{number} has {raw!r}; expected {{id: ..., low: <number>, high: ...}}")
    if question.kind == "open":
        problems.append(f"{where}: by names {variable!r}, an open question; expected a closed background variable")
    elif not bins and survey.scale_of(variable).kind == "numeric":
        problems.append(f"{where}: by names {variable!r}, a number; expected bins: [{{id, low, high}}, ...]")
    return Breakdown(variable, tuple(bins))


def for_macro(survey: Survey, by: str, group) -> tuple[Breakdown, str]:
    """(breakdown, group id) of a number macro's ``by=``/``group=``; raises StatsError."""
    if by not in survey.variables:
        raise StatsError(f"by={by!r} is not a variable; expected one of: {', '.join(survey.variables)}")
    if group is None:
        raise StatsError(f'by={by!r} needs group=: a code of {by!r}, or a range such as group="18-39"')
    scale = survey.scale_of(by)
    if scale.kind == "numeric":
        match = _RANGE.match(str(group))
        if not match:
            raise StatsError(f'group={group!r} of by={by!r} is not a range; expected e.g. "18-39" or "40+"')
        low, high = int(match.group(1)), (None if match.group(3) else int(match.group(2)))
        return Breakdown(by, (Bin(str(group), low, high),)), str(group)
    try:
        code = int(group)
    except (TypeError, ValueError):
        code = None
    if code not in scale.valid_codes:
        raise StatsError(f"group={group!r} of by={by!r}; expected one of its codes {list(scale.valid_codes)}")
    return Breakdown(by), str(code)


# --- statistics per group ----------------------------------------------------------------------


def item_stats_by(survey: Survey, variables: list[str], by: Breakdown) -> dict[tuple[str, str], ItemStats]:
    """(group id, variable) -> the item's statistics in that group, for every group and item.

    One ``groupby`` over the items stacked (group, variable, code); every group and item has an
    entry, with zero counts where a group gave no answer. Computed once per survey, items and
    breakdown (the result is shared; do not change it).
    """
    return memo(
        survey, ("item_stats_by", tuple(variables), repr(by)), lambda: _item_stats_by(survey, list(variables), by)
    )


def _item_stats_by(survey: Survey, variables: list[str], by: Breakdown) -> dict[tuple[str, str], ItemStats]:
    groups = by.assign(survey)
    frame = survey.responses[list(variables)].astype("Int64").assign(_group=groups)
    stacked = frame.melt(id_vars="_group", var_name="_variable", value_name="_code").dropna()
    counts = stacked.groupby(["_group", "_variable", "_code"]).size()
    table: dict[tuple[str, str], dict[int, int]] = {}
    for key, count in counts.items():
        # A three-level index: pandas-stubs types each key as Hashable, not as the tuple it is.
        group, variable, code = cast(tuple[Any, Any, Any], key)
        table.setdefault((str(group), str(variable)), {})[int(code)] = int(count)
    return {
        (g.id, v): item_from_counts(v, survey.scale_of(v), table.get((g.id, v), {}))
        for g in by.groups(survey)
        for v in variables
    }


def group_sizes(survey: Survey, by: Breakdown) -> dict[str, int]:
    """Respondents per group (whatever they answered to the items shown)."""

    def sizes() -> dict[str, int]:
        counted = by.assign(survey).value_counts()
        return {g.id: int(counted.get(g.id, 0)) for g in by.groups(survey)}

    return dict(memo(survey, ("group_sizes", repr(by)), sizes))


def number_stats_by(survey: Survey, variables: list[str], by: Breakdown) -> dict[tuple[str, str], dict]:
    """(group id, variable) -> n, mean (exact), sample SD, min, max of a whole-number variable.

    Computed once per survey, variables and breakdown (the result is shared; do not change it)."""
    return memo(
        survey, ("number_stats_by", tuple(variables), repr(by)), lambda: _number_stats_by(survey, list(variables), by)
    )


def _number_stats_by(survey: Survey, variables: list[str], by: Breakdown) -> dict[tuple[str, str], dict]:
    import pandas as pd

    groups = by.assign(survey)
    stacked = (
        survey.responses[list(variables)]
        .astype("Int64")
        .assign(_group=groups)
        .melt(id_vars="_group", var_name="_variable", value_name="_value")
        .dropna()
    )
    stacked["_value"] = stacked["_value"].astype(int)
    summary = stacked.groupby(["_group", "_variable"])["_value"].agg(["count", "sum", "var", "min", "max"])
    result: dict[tuple[str, str], dict] = {}
    for g in by.groups(survey):
        for v in variables:
            if (g.id, v) not in summary.index:
                result[(g.id, v)] = {"n": 0, "mean": None, "sd": None, "min": None, "max": None}
                continue
            # One row of the summary (pandas-stubs types a MultiIndex .loc as a scalar, not a Series).
            row = cast(pd.Series, summary.loc[(g.id, v)])
            n = int(row["count"])
            result[(g.id, v)] = {
                "n": n,
                "mean": Fraction(int(row["sum"]), n) if n else None,
                "sd": math.sqrt(float(row["var"])) if n > 1 else None,
                "min": int(row["min"]) if n else None,
                "max": int(row["max"]) if n else None,
            }
    return result


def theme_stats_by(
    survey: Survey, question: str, themes: list[str], by: Breakdown
) -> dict[tuple[str, str], ThemeStats]:
    """(group id, theme) -> how many of the group's answers to an open question carry the theme."""
    return memo(
        survey,
        ("theme_stats_by", question, tuple(themes), repr(by)),
        lambda: _theme_stats_by(survey, question, list(themes), by),
    )


def _theme_stats_by(
    survey: Survey, question: str, themes: list[str], by: Breakdown
) -> dict[tuple[str, str], ThemeStats]:
    groups = by.assign(survey)
    answered = survey.values(open_variable(survey, question)).notna().groupby(groups).sum()
    coded = survey.coded[(survey.coded["question"] == question) & (survey.coded["theme"].isin(themes))]
    coded = coded.assign(_group=coded["respondent_id"].map(groups)).dropna(subset=["_group"])
    counts = coded.groupby(["_group", "theme"])["respondent_id"].nunique()
    return {
        (g.id, t): ThemeStats(question, t, int(counts.get((g.id, t), 0)), int(answered.get(g.id, 0)))
        for g in by.groups(survey)
        for t in themes
    }


def item_stats_in_group(survey: Survey, variable: str, by: Breakdown, group: str) -> ItemStats:
    """One item's statistics in one group (for a number macro's ``by=``)."""
    return item_stats_by(survey, [variable], by)[(group, variable)]


def number_stats_in_group(survey: Survey, variable: str, by: Breakdown, group: str) -> dict:
    return number_stats_by(survey, [variable], by)[(group, variable)]


# --- for the number macros (by=, group=) ------------------------------------------------------


def item_for(survey: Survey, variable: str, by: str | None = None, group=None) -> ItemStats:
    """An item's statistics: of everyone, or of one group of ``by`` (a number macro's by=/group=)."""
    from macros.stats.items import item_stats

    if by is None:
        if group is not None:
            raise StatsError(f"group={group!r} needs by=: the background variable whose group it is")
        return item_stats(survey, variable)
    breakdown, group_id = for_macro(survey, by, group)
    return item_stats_in_group(survey, variable, breakdown, group_id)


def numbers_for(survey: Survey, variable: str, by: str | None = None, group=None) -> dict:
    """n, mean, SD, min and max of a number: of everyone, or of one group of ``by``."""
    from macros.stats.items import number_stats

    if by is None:
        if group is not None:
            raise StatsError(f"group={group!r} needs by=: the background variable whose group it is")
        return number_stats(survey, variable)
    breakdown, group_id = for_macro(survey, by, group)
    return number_stats_in_group(survey, variable, breakdown, group_id)


def hidden(survey: Survey, base: int, by: str | None) -> bool:
    """True when a statistic of a group (``by`` given) rests on too few respondents to publish."""
    return by is not None and disclosure(survey).hides(base)
