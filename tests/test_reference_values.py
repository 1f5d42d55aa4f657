"""Every value the report publishes (data/reference_values.csv), computed from data/ by the engine.

One test per published value; its id is the row id (e.g. ``t4.2.challenge.urban.top2_share``:
table 4.2, the item, the statistic), so a failure says exactly which printed number drifted.

- status ``constraint``: the engine must give the printed value at printed precision.
- status ``contradicted``: the report contradicts itself; the data follow the other printing. The
  engine must *not* give this printed value, and the row's note must name the value that was
  kept, so every contradiction stays documented (also in data/README.md).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from macros.model.reference import ReferenceValue, computed_value, reference_values
from macros.model.survey import DATA_DIR

REFERENCES = reference_values()


def _as_printed(value: Decimal, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _names_number(note: str, number: str) -> bool:
    """Whether ``note`` mentions ``number`` as a whole number (``39`` in "39%", not in "39.2%")."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![.,]?\d)", note) is not None


def test_reference_ids_are_unique():
    ids = [ref.id for ref in REFERENCES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_statuses():
    assert {ref.status for ref in REFERENCES} == {"constraint", "contradicted"}


@pytest.mark.parametrize("ref", [r for r in REFERENCES if r.status == "constraint"], ids=lambda r: r.id)
def test_published_value_is_reproduced(survey, ref: ReferenceValue):
    computed = computed_value(survey, ref)
    assert computed == ref.value, (
        f"{ref.location}: {ref.variable} {ref.statistic} is printed {ref.printed!r}; "
        f"the data give {_as_printed(computed, ref.decimals)}"
    )


@pytest.mark.parametrize("ref", [r for r in REFERENCES if r.status == "contradicted"], ids=lambda r: r.id)
def test_contradicted_value_is_documented(survey, ref: ReferenceValue):
    computed = computed_value(survey, ref)
    assert computed != ref.value, (
        f"{ref.location}: {ref.printed!r} is marked contradicted, but the data now reproduce it; "
        "mark the row constraint or re-check the other printing"
    )
    chosen = _as_printed(computed, ref.decimals)
    assert _names_number(ref.note, chosen), (
        f"{ref.location}: the note of {ref.id!r} must name the value the data give instead "
        f"({chosen}); note: {ref.note!r}"
    )


def test_every_contradiction_is_in_the_data_readme():
    readme = (Path(DATA_DIR) / "README.md").read_text(encoding="utf-8")
    missing = [ref.id for ref in REFERENCES if ref.status == "contradicted" and ref.id not in readme]
    assert not missing, f"data/README.md does not discuss these contradicted values: {missing}"


def test_the_chosen_counterparts_of_contradictions_are_constraints(survey):
    """Where section 4.4 repeats figure 4.1 differently, the 4.1 printing is the one the data reproduce."""
    by_id = {ref.id: ref for ref in REFERENCES}
    for theme in ("economic_pressure", "labour_shortage"):
        kept, dropped = by_id[f"f4.1.{theme}.s4.1"], by_id[f"f4.1.{theme}.s4.4"]
        assert kept.status == "constraint" and dropped.status == "contradicted"
        assert computed_value(survey, kept) == kept.value == Decimal(39)
