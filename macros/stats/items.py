"""Statistics of the survey: plain functions over pandas data, no formatting.

Shares are exact :class:`fractions.Fraction` values between 0 and 1 and means
are exact fractions too, so that rounding happens once, in :mod:`macros.text.formatting`.
Standard deviations are sample standard deviations (n - 1 in the denominator),
the usual convention for survey data; the report's printed SDs are consistent with it
(they cannot tell it apart from the population SD, see data/README.md).

A survey is loaded once per build and its frames are not changed after loading, so what is
computed from it is kept with it (:func:`memo`): an item's counts are counted once however
many pages, tables, charts and downloads show them, and the themes of every open question are
counted in one ``groupby``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

from macros.model.errors import ReportError
from macros.model.survey import Scale, Survey


def memo(survey: Survey, key: Hashable, compute: Callable[[], object]):
    """``compute()``, once per survey and ``key``: kept with the survey (``survey.statistics``), and
    so with what a build keeps of its data for the next build of the same data (a survey
    holds DataFrames, which do not hash; a rebuild of ``mkdocs serve`` loads a new one)."""
    values = survey.statistics
    if key not in values:
        values[key] = compute()
    return values[key]


class StatsError(ReportError, ValueError):
    """A statistic that cannot be computed for the data asked for."""


@dataclass(frozen=True)
class ItemStats:
    """Everything the report prints about one closed item (of all respondents, or of one group).

    ``n`` counts substantive answers (not missing, no non-substantive code such as "not
    relevant" or "don't know"); ``answered`` counts every answer; ``not_relevant`` counts the
    non-substantive answers (every code whose role is not ``valid``).
    """

    variable: str
    scale: Scale
    counts: dict[int, int]  # every code of the scale, non-substantive codes included
    n: int
    answered: int
    not_relevant: int

    def _check_code(self, code: int) -> None:
        if code not in self.counts:
            raise StatsError(
                f"{self.variable}: code {code!r} is not on scale {self.scale.id!r}; expected one of {list(self.counts)}"
            )

    def base(self, include_not_relevant: bool = False) -> int:
        """The number a share is a share of: every answer, or the substantive ones."""
        return self.answered if include_not_relevant else self.n

    def count(self, code: int) -> int:
        self._check_code(code)
        return self.counts[code]

    def share(self, code: int, include_not_relevant: bool = False) -> Fraction:
        """Share of answers with ``code``; of all answers if ``include_not_relevant``."""
        self._check_code(code)
        if code in self.scale.non_substantive and not include_not_relevant:
            role = self.scale.roles.get(code, "non-substantive").replace("_", " ")
            raise StatsError(f"{self.variable}: a share of {role!r} needs include_not_relevant=True")
        return _ratio(self.counts[code], self.base(include_not_relevant), self.variable)

    def _extreme_share(self, codes: tuple[int, ...], include_not_relevant: bool) -> Fraction:
        if self.scale.kind != "ordinal" or len(self.scale.valid_codes) < 3:
            raise StatsError(
                f"{self.variable}: top-two and bottom-two shares need an ordinal scale of at least three "
                f"substantive codes; scale {self.scale.id!r} is {self.scale.kind} with {len(self.scale.valid_codes)}"
            )
        return _ratio(sum(self.counts[c] for c in codes), self.base(include_not_relevant), self.variable)

    def top2_share(self, include_not_relevant: bool = False) -> Fraction:
        """Share answering one of the two highest substantive codes (e.g. agree/strongly agree)."""
        return self._extreme_share(self.scale.valid_codes[-2:], include_not_relevant)

    def bottom2_share(self, include_not_relevant: bool = False) -> Fraction:
        """Share answering one of the two lowest substantive codes."""
        return self._extreme_share(self.scale.valid_codes[:2], include_not_relevant)

    def _valid_values(self) -> list[tuple[int, int]]:
        return [(code, self.counts[code]) for code in self.scale.valid_codes if self.counts[code]]

    def mean(self) -> Fraction:
        if not self.n:
            raise StatsError(f"{self.variable}: no valid answers, so no mean")
        return Fraction(sum(code * count for code, count in self._valid_values()), self.n)

    def sd(self) -> float:
        """Sample standard deviation (n - 1)."""
        if self.n < 2:
            raise StatsError(f"{self.variable}: a standard deviation needs at least two answers")
        mean = self.mean()
        squares = sum(count * (code - mean) ** 2 for code, count in self._valid_values())
        return math.sqrt(squares / (self.n - 1))

    def min(self) -> int:
        values = self._valid_values()
        if not values:
            raise StatsError(f"{self.variable}: no valid answers, so no minimum")
        return values[0][0]

    def max(self) -> int:
        values = self._valid_values()
        if not values:
            raise StatsError(f"{self.variable}: no valid answers, so no maximum")
        return values[-1][0]


def item_from_counts(variable: str, scale: Scale, counts: dict[int, int]) -> ItemStats:
    """The statistics of one item from its counts per code (every code of the scale)."""
    counts = {code: int(counts.get(code, 0)) for code in scale.codes}
    non_substantive = sum(counts[c] for c in scale.non_substantive)
    answered = sum(counts.values())
    return ItemStats(
        variable=variable,
        scale=scale,
        counts=counts,
        n=answered - non_substantive,
        answered=answered,
        not_relevant=non_substantive,
    )


def _ratio(part: int, whole: int, what: str) -> Fraction:
    if whole == 0:
        raise StatsError(f"{what}: no answers to compute a share of")
    return Fraction(part, whole)


def item_stats(survey: Survey, variable: str) -> ItemStats:
    """Counts per code and the derived statistics of one closed item."""
    if variable not in survey.variables:
        raise StatsError(f"unknown variable {variable!r}; expected one of: {', '.join(survey.variables)}")
    return memo(survey, ("item_stats", variable), lambda: _item_stats(survey, variable))


def _item_stats(survey: Survey, variable: str) -> ItemStats:
    counts = question_counts(survey, survey.variables[variable].question).get(variable, {})
    return item_from_counts(variable, survey.scale_of(variable), counts)


def question_counts(survey: Survey, question: str) -> dict[str, dict[int, int]]:
    """variable -> code -> answers, for every item of a question at once (its items stacked, one
    ``groupby``); an item without answers has no entry. Computed once per survey and question."""
    return memo(survey, ("question_counts", question), lambda: _question_counts(survey, question))


def _question_counts(survey: Survey, question: str) -> dict[str, dict[int, int]]:
    variables = [v.id for v in survey.variables.values() if v.question == question]
    stacked = survey.responses[variables].melt(var_name="_variable", value_name="_code").dropna()
    counts = stacked.groupby(["_variable", "_code"], sort=False).size()
    table: dict[str, dict[int, int]] = {}
    for key, count in zip(counts.index, counts.to_numpy(), strict=True):
        # A two-level index: pandas-stubs types each key as Hashable, not as the tuple it is.
        variable, code = cast(tuple[Any, Any], key)
        table.setdefault(str(variable), {})[int(code)] = int(count)
    return table


@dataclass(frozen=True)
class ThemeStats:
    question: str
    theme: str
    count: int
    answered: int

    @property
    def share(self) -> Fraction:
        return _ratio(self.count, self.answered, f"{self.question}:{self.theme}")


def answered_open(survey: Survey, question: str) -> int:
    """Respondents who answered an open question (its column in responses.csv), coded or not."""
    _check_open(survey, question)
    return memo(
        survey, ("answered_open", question), lambda: int(survey.values(open_variable(survey, question)).notna().sum())
    )


def open_variable(survey: Survey, question: str) -> str:
    """The column of responses.csv that holds an open question's answers: its variable (by the
    codebook's question column, whatever the ids look like)."""
    if question in survey.variables and survey.variables[question].question == question:
        return question
    found = [v.id for v in survey.variables.values() if v.question == question]
    if not found:
        raise StatsError(f"open question {question!r} has no variable in variables.csv; expected one naming it")
    return found[0]


def theme_stats(survey: Survey, question: str, theme: str) -> ThemeStats:
    """How many answers were coded with ``theme``, out of all who answered ``question``.

    Answers may carry several themes, so the shares of a question do not sum to 1.
    """
    _check_open(survey, question)
    if theme not in survey.themes[question]:
        raise StatsError(
            f"unknown theme {theme!r} of {question!r}; expected one of: {', '.join(survey.themes[question])}"
        )
    count = memo(survey, "theme_counts", lambda: _theme_counts(survey)).get((question, theme), 0)
    return ThemeStats(question, theme, count, answered_open(survey, question))


def _theme_counts(survey: Survey) -> dict[tuple[str, str], int]:
    """(question, theme) -> respondents coded with it, for every open question at once."""
    coded = survey.coded
    if coded.empty:
        return {}
    counts = coded.groupby(["question", "theme"], sort=False)["respondent_id"].nunique()
    return {(str(key[0]), str(key[1])): int(n) for key, n in zip(counts.index, counts.to_numpy(), strict=True)}


def _check_open(survey: Survey, question: str) -> None:
    if question not in survey.themes:
        raise StatsError(f"unknown open question {question!r}; expected one of: {', '.join(survey.themes)}")


@dataclass(frozen=True)
class Bin:
    id: str
    low: int
    high: int | None  # None: no upper bound
    label: dict[str, str] | None = None  # per language; default: the range in years


def bin_counts(survey: Survey, variable: str, bins: list[Bin]) -> dict[str, int]:
    """Respondents per bin of a whole-number variable (table 10.2's experience bins)."""
    return dict(memo(survey, ("bin_counts", variable, repr(bins)), lambda: _bin_counts(survey, variable, bins)))


def _bin_counts(survey: Survey, variable: str, bins: list[Bin]) -> dict[str, int]:
    values = survey.values(variable).dropna().astype(int)
    counts = {}
    for b in bins:
        inside = values >= b.low
        if b.high is not None:
            inside &= values <= b.high
        counts[b.id] = int(inside.sum())
    if sum(counts.values()) != len(values):
        raise StatsError(f"{variable}: the bins {[b.id for b in bins]} do not cover every answer exactly once")
    return counts


def number_stats(survey: Survey, variable: str) -> dict:
    """n, mean and sample SD of a whole-number variable (years of experience)."""
    return dict(memo(survey, ("number_stats", variable), lambda: _number_stats(survey, variable)))


def _number_stats(survey: Survey, variable: str) -> dict:
    values = survey.values(variable).dropna().astype("int64").to_numpy()
    n = len(values)
    if n < 2:
        raise StatsError(f"{variable}: needs at least two answers")
    # Exact, from whole-number sums: the sum of squared deviations from the mean is
    # sum(v^2) - sum(v)^2 / n, the same fraction as summing (v - mean)^2 one answer at a time.
    total, squares = int(values.sum(dtype=object)), int((values.astype(object) ** 2).sum())
    mean = Fraction(total, n)
    deviations = Fraction(n * squares - total * total, n)
    sd = math.sqrt(deviations / (n - 1))
    return {"n": n, "mean": mean, "sd": float(sd), "min": int(values.min()), "max": int(values.max())}


def respondent_counts(survey: Survey) -> dict[str, int]:
    """Opened (a row in responses.csv) and completed, as section 3 reports them."""

    def counts() -> dict[str, int]:
        responses = survey.responses
        return {"opened": len(responses), "completed": int(responses["completed"].sum())}

    return dict(memo(survey, "respondent_counts", counts))
