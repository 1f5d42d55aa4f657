"""The report's published values (data/reference_values.csv) and the engine's value for each.

Used by the tests (one test per published value) and by the reconstruction
program (which searches for data that reproduce them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from macros.model.definitions import definitions, figure_variables
from macros.model.survey import DATA_DIR, Survey
from macros.stats import items as stats
from macros.text.formatting import report_round

REFERENCE_FILE = "reference_values.csv"
SHARE_STATISTICS = {"share", "top2_share", "bottom2_share", "theme_share", "bin_share", "response_rate"}


@dataclass(frozen=True)
class ReferenceValue:
    id: str
    location: str
    variable: str
    statistic: str
    code: int | None
    denominator: str  # "valid", "answered" or ""
    printed: str
    value: Decimal
    decimals: int
    status: str  # "constraint" or "contradicted"
    note: str


def reference_values(data_dir: Path = DATA_DIR) -> list[ReferenceValue]:
    with (Path(data_dir) / REFERENCE_FILE).open(encoding="utf-8", newline="") as handle:
        return [
            ReferenceValue(
                id=row["id"],
                location=row["location"],
                variable=row["variable"],
                statistic=row["statistic"],
                code=int(row["code"]) if row["code"] else None,
                denominator=row["denominator"],
                printed=row["printed"],
                value=Decimal(row["value"]),
                decimals=int(row["decimals"]),
                status=row["status"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        ]


def _rounded(value, ref: ReferenceValue) -> Decimal:
    if ref.statistic in SHARE_STATISTICS:
        value = Fraction(value) * 100
    return report_round(value, ref.decimals)


def _code(item: stats.ItemStats, ref: ReferenceValue) -> int:
    """The answer code a count or a share states (the reference file's column code)."""
    if ref.code is None:
        raise stats.StatsError(f"{item.variable}: reference value {ref.id!r} ({ref.statistic}) names no code")
    return ref.code


def item_value(item: stats.ItemStats, ref: ReferenceValue) -> Decimal | None:
    """The engine's value of ``ref`` for one closed item, at the printed precision.

    None when ``ref`` states something that is not a property of a single item.
    """
    include_nr = ref.denominator == "answered"
    statistic = ref.statistic
    if statistic == "n":
        return Decimal(item.answered if include_nr else item.n)
    if statistic == "not_relevant_count":
        return Decimal(item.not_relevant)
    if statistic == "count":
        return Decimal(item.count(_code(item, ref)))
    if statistic == "share":
        return _rounded(item.share(_code(item, ref), include_not_relevant=include_nr), ref)
    if statistic == "top2_share":
        return _rounded(item.top2_share(include_not_relevant=include_nr), ref)
    if statistic == "bottom2_share":
        return _rounded(item.bottom2_share(include_not_relevant=include_nr), ref)
    if statistic == "mean":
        return _rounded(item.mean(), ref)
    if statistic == "sd":
        return _rounded(item.sd(), ref)
    if statistic == "min":
        return Decimal(item.min())
    if statistic == "max":
        return Decimal(item.max())
    return None


def _group_variables(survey: Survey, group: str) -> list[str]:
    kind, _, gid = group.partition(":")
    tables, figures = definitions(survey.data_dir)
    if kind == "table":
        return list(tables[gid].items)
    return figure_variables(figures[gid], survey)


def computed_value(survey: Survey, ref: ReferenceValue) -> Decimal:
    """The engine's value for any published value, at its printed precision."""
    variable, statistic = ref.variable, ref.statistic
    if variable.startswith("survey."):
        counts = stats.respondent_counts(survey)
        if statistic == "invited":
            return Decimal(survey.facts["invited"])
        if statistic in counts:
            return Decimal(counts[statistic])
        if statistic == "response_rate":
            return _rounded(Fraction(counts["opened"], survey.facts["invited"]), ref)
    if variable.startswith(("table:", "figure:")):
        items = [stats.item_stats(survey, v) for v in _group_variables(survey, variable)]
        include_nr = ref.denominator == "answered"
        ns = [i.answered if include_nr else i.n for i in items]
        if statistic in ("n", "n_range_max"):
            return Decimal(max(ns))
        if statistic == "n_range_min":
            return Decimal(min(ns))
        nr = [i.not_relevant for i in items if i.scale.not_relevant is not None]
        if statistic == "not_relevant_range_min":
            return Decimal(min(x for x in nr if x) if any(nr) else 0)
        if statistic == "not_relevant_range_max":
            return Decimal(max(nr))
    question, _, theme = variable.partition(":")
    if question in survey.questions and survey.questions[question].kind == "open":
        if statistic == "answered":
            return Decimal(stats.answered_open(survey, question))
        result = stats.theme_stats(survey, question, theme)
        if statistic == "theme_count":
            return Decimal(result.count)
        if statistic == "theme_share":
            return _rounded(result.share, ref)
    if ":" in variable and statistic in ("bin_count", "bin_share"):
        name, _, bin_id = variable.partition(":")
        tables, _ = definitions(survey.data_dir)
        bins = next(t.bins for t in tables.values() if t.kind == "bins" and name in t.items)
        counts = stats.bin_counts(survey, name, list(bins))
        if statistic == "bin_count":
            return Decimal(counts[bin_id])
        return _rounded(Fraction(counts[bin_id], sum(counts.values())), ref)
    if variable in survey.variables and survey.questions[survey.variables[variable].question].kind == "number":
        numbers = stats.number_stats(survey, variable)
        if statistic == "n":
            return Decimal(numbers["n"])
        return _rounded(numbers[statistic], ref)
    if variable in survey.variables:
        value = item_value(stats.item_stats(survey, variable), ref)
        if value is not None:
            return value
    raise ValueError(f"{REFERENCE_FILE}: row {ref.id!r}: no rule computes statistic {statistic!r} of {variable!r}")
