"""A finding's numbers are the numbers of its supporting block, on the same base, and findings agree.

A finding page is quoted alone, beside the table or figure named as its support in
data/findings.yaml. For every number macro on docs/<language>/findings/<slug>.md this test finds
the cell of that block the number restates (the item's row, the statistic's column, the theme's
row, the grouped-means cell) in the block as the page's language shows it, and checks that

1. the number's item or theme is one the block shows ("not in support");
2. the number counts the non-substantive answers ("Ikke relevant") exactly when the block does:
   a figure with ``include_not_relevant: true`` counts them, a table never does ("base");
3. the printed number equals the cell, rounded from the cell's one decimal with the report's rule
   (text.formatting.report_round) to the call's digits.

A statistic the block does not print (a top-2 share or a mean of a distribution figure) is the
block's own item on the block's own base, recomputed: accepted, and listed in DERIVED so that a
new one is a decision. The survey facts of the response-rate finding (no block) are checked
against data/reference_values.csv. Across findings, one statistic of one item has one value: two
findings that state it on different bases contradict each other.
"""

from __future__ import annotations

import ast
import functools
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from macros import calls as render
from macros.blocks import figures as figure_blocks
from macros.blocks import tables as table_blocks
from macros.blocks.finding_pages import NUMBER_MACROS
from macros.model.definitions import definitions
from macros.model.reference import reference_values
from macros.model.survey import load_survey
from macros.stats import items as stats
from macros.text import formatting as fmt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = ("da", "en")
CALL = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}", re.S)
REGISTRY = yaml.safe_load((ROOT / "data" / "findings.yaml").read_text(encoding="utf-8"))

# Numbers a finding states that its single support block cannot show; each needs a reason.
KNOWN_EXCEPTIONS = {
    # The finding compares two approaches; the second is plotted in figure 5.1.3, the next figure.
    ("incremental-and-proactive", 'stat("strategy.proactive", "mean")'): "not in support",
}
# Numbers stated on their support's base where another finding states the same item on another base;
# the page says so and carries an editorial note (checked below).
OTHER_BASE = {
    # Figure 5.3's base (without 'Not relevant'); specialised-social-reactive uses figure 5.2.5's.
    (
        "incremental-welfare",
        'stat("approach.specialised_social", "share", code=3, digits=0, exclude_not_relevant=True)',
    ),
}
# Statistics of the support's own item on its own base that the block does not print as a cell.
DERIVED = {
    ("incremental-and-proactive", 'stat("strategy.incremental", "mean")'),
    ("reactive-approach-rare", 'stat("strategy.reactive", "mean")'),
    ("reactive-approach-rare", 'stat("strategy.reactive", "bottom2_share", digits=0)'),
}


class Survey:
    """The survey and the block definitions, loaded once."""

    survey = load_survey()
    tables, figures = definitions()

    @staticmethod
    @functools.cache
    def view(kind: str, block: str, language: str):
        if kind == "table":
            return table_blocks.build_table(Survey.survey, Survey.tables[block], language)
        return figure_blocks.build_figure(Survey.survey, Survey.figures[block], language)


def stated_calls(language: str, slug: str) -> list[tuple[str, list, dict, str]]:
    """(macro, args, kwargs, source) of every number macro on the finding page, in order."""
    text = (DOCS / language / "findings" / f"{slug}.md").read_text(encoding="utf-8")
    found = []
    for name, arguments in CALL.findall(text):
        if name in NUMBER_MACROS:
            tree = ast.parse(f"f({arguments})", mode="eval").body
            args = [ast.literal_eval(a) for a in tree.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in tree.keywords}
            found.append((name, args, kwargs, f"{name}({arguments.strip()})"))
    return found


def number(text: str) -> Decimal:
    """A printed number in either language: ``39,2 %``, ``39.2%``, ``3,2 (1,0)`` -> its first number."""
    first = str(text).replace("\xa0", " ").replace("%", " ").split()[0]
    return Decimal(first.replace(",", "."))


class Mismatch(AssertionError):
    pass


def _cell(kind: str, block: str, name: str, args: list, kwargs: dict, language: str) -> tuple[Decimal, str]:
    """(the block's value the call restates, "cell" or "derived"); raises Mismatch otherwise."""
    s = Survey.survey
    definition = Survey.tables[block] if kind == "table" else Survey.figures[block]
    view = Survey.view(kind, block, language)
    rows = [cells for _, cells in view.rows]
    if name in ("theme_share", "theme_count"):
        question, theme = args
        if kind != "figure" or definition.kind != "themes" or definition.question != question:
            raise Mismatch(f"not in support: theme {theme!r} of {question!r} is not a theme of {kind} {block}")
        label = s.themes[question][theme].label[language]
        row = next((cells for row_label, cells in view.rows if row_label == label), None)
        if row is None:
            raise Mismatch(f"not in support: theme {theme!r} is not drawn in figure {block}")
        return number(row[0 if name == "theme_share" else 1].text), "cell"
    if name == "experience_share":
        (bin_id,) = args[:1]
        labels = [table_blocks.bin_label(b, language) for b in definition.bins] if kind == "table" else []
        if not labels:
            raise Mismatch(f"not in support: {kind} {block} has no bins")
        index = [b.id for b in definition.bins].index(bin_id)
        return number(rows[index][list(definition.columns).index("share")].text), "cell"
    variables = args[0] if isinstance(args[0], list) else [args[0]]
    statistic = args[1]
    pick = {"stat_max": max, "stat_min": min}.get(name, lambda values: values[0])
    if definition.kind == "grouped_means":
        grid = {v: (r, series) for r, (_, cells) in enumerate(definition.grid()) for series, v in cells.items()}
        if statistic != "mean" or any(v not in grid or v not in s.variables for v in variables):
            raise Mismatch(f"not in support: {statistic} of {variables} is not a cell of figure {block}")
        values = [number(rows[grid[v][0]][list(definition.series).index(grid[v][1])].text) for v in variables]
        return pick(values), "cell"
    items = list(definition.items)
    if any(v not in items for v in variables):
        raise Mismatch(f"not in support: {variables} not among the items of {kind} {block}")
    item = stats.item_stats(s, variables[0])
    scale = item.scale
    counts_nr = scale.shares_include_non_substantive
    if kwargs.get("include_not_relevant") is not None:
        counts_nr = bool(kwargs["include_not_relevant"])
    if kwargs.get("exclude_not_relevant"):
        counts_nr = False
    if statistic == "share" and kwargs.get("code") in scale.non_substantive:
        counts_nr = True
    block_nr = kind == "figure" and definition.kind == "distribution" and definition.include_not_relevant
    if scale.non_substantive and statistic not in ("mean", "sd") and counts_nr != bool(block_nr):
        raise Mismatch(
            f"base: the number {'counts' if counts_nr else 'leaves out'} non-substantive answers, "
            f"{kind} {block} {'counts' if block_nr else 'leaves them out'}"
        )
    if kind == "table":
        column = {"mean": "mean_sd" if "mean_sd" in definition.columns else "mean"}.get(statistic, statistic)
        if column not in definition.columns:
            raise Mismatch(f"not in support: table {block} has no column {statistic!r}")
        index = list(definition.columns).index(column)
        return pick([number(rows[items.index(v)][index].text) for v in variables]), "cell"
    if definition.kind == "means":
        if statistic not in ("mean", "n"):
            raise Mismatch(f"not in support: figure {block} shows means and n, not {statistic!r}")
        index = 0 if statistic == "mean" else 1
        return pick([number(rows[items.index(v)][index].text) for v in variables]), "cell"
    # A distribution: one share per code, then the number of answers.
    codes = list(scale.valid_codes) + (list(scale.non_substantive) if block_nr and scale.non_substantive else [])
    if statistic == "n":
        return number(rows[items.index(variables[0])][len(codes)].text), "cell"
    if statistic == "share":
        index = codes.index(kwargs["code"])
        return pick([number(rows[items.index(v)][index].text) for v in variables]), "cell"
    if statistic in ("top2_share", "bottom2_share"):
        value = getattr(item, statistic)(include_not_relevant=bool(block_nr))
        return fmt.report_round(Decimal(value.numerator) / Decimal(value.denominator) * 100, 1), "derived"
    if statistic == "mean":
        value = item.mean()
        return number(fmt.number(value, "en")), "cell" if definition.show_mean else "derived"
    raise Mismatch(f"not in support: {statistic!r} of a distribution figure")


def _expected(cell: Decimal, digits) -> Decimal:
    return cell if digits is None else fmt.report_round(cell, digits)


def _stated(name: str, args: list, kwargs: dict, language: str) -> str:
    return render.MACROS[name](render.Page(language=language), *args, **kwargs)


SUPPORTED = [(e["slug"], e["support"]) for e in REGISTRY if e.get("support")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("slug", "support"), SUPPORTED, ids=[slug for slug, _ in SUPPORTED])
def test_a_findings_numbers_are_its_supporting_blocks(slug, support, language):
    problems, derived = [], set()
    for name, args, kwargs, source in stated_calls(language, slug):
        if (slug, source) in KNOWN_EXCEPTIONS:
            continue
        try:
            cell, how = _cell(support["kind"], str(support["id"]), name, args, kwargs, language)
        except Mismatch as mismatch:
            problems.append(f"{source}: {mismatch}")
            continue
        if how == "derived":
            derived.add((slug, source))
        digits = kwargs.get("digits", 0 if name in ("theme_share", "experience_share") else None)
        printed = number(_stated(name, args, kwargs, language))
        if printed != _expected(cell, digits):
            problems.append(f"{source}: the page says {printed}, {support['kind']} {support['id']} shows {cell}")
    assert not problems, f"{slug} ({language}):\n" + "\n".join(problems)
    assert derived <= DERIVED, f"new derived numbers (not printed cells): {sorted(derived - DERIVED)}"


def test_the_known_exceptions_are_still_needed():
    for slug, source in KNOWN_EXCEPTIONS:
        assert source in [c[3] for c in stated_calls("da", slug)], f"{slug}: {source} is gone; drop the exception"
        support = next(e["support"] for e in REGISTRY if e["slug"] == slug)
        name, args, kwargs, _ = next(c for c in stated_calls("da", slug) if c[3] == source)
        with pytest.raises(Mismatch):
            _cell(support["kind"], str(support["id"]), name, args, kwargs, "da")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_response_rate_finding_states_the_survey_facts(language):
    reference = {r.id: r for r in reference_values()}
    for entry in (e for e in REGISTRY if not e.get("support")):
        for name, args, kwargs, source in stated_calls(language, entry["slug"]):
            assert name == "survey", f"{entry['slug']}: {source} needs a supporting block"
            row = reference[f"s3.survey.{args[0]}"]
            assert number(_stated(name, args, kwargs, language)) == row.value, source


def test_findings_do_not_contradict_each_other():
    """One statistic of one item, stated by several findings, has one value: the same base everywhere.

    A finding may state a number on another base than a second finding only where it says so
    and an editorial note explains why (OTHER_BASE)."""
    seen: dict = {}
    clashes = []
    for entry in REGISTRY:
        for name, args, kwargs, source in stated_calls("en", entry["slug"]):
            if name not in ("stat", "theme_share", "theme_count") or (entry["slug"], source) in OTHER_BASE:
                continue
            key = (name, args[0], args[1], kwargs.get("code"))
            exact = {**kwargs, "digits": None} if name == "stat" else kwargs
            value = _stated(name, args, exact, "en")
            if key in seen and seen[key][1] != value:
                clashes.append(f"{entry['slug']}: {source} = {value}; {seen[key][0]} says {seen[key][1]}")
            seen.setdefault(key, (entry["slug"], value))
    assert not clashes, "\n".join(clashes)


def test_a_number_on_another_base_is_declared_on_its_page():
    for slug, source in OTHER_BASE:
        assert source in [c[3] for c in stated_calls("da", slug)], f"{slug}: {source} is gone; drop it from OTHER_BASE"
        for language in LANGUAGES:
            text = (DOCS / language / "findings" / f"{slug}.md").read_text(encoding="utf-8")
            assert "editorial_note(" in text, f"{slug} ({language}) states another base without an editorial note"


@pytest.mark.parametrize(
    ("kind", "block", "call", "problem"),
    [
        # A figure 5.2.x share (of every answer, 'Not relevant' included) beside figure 5.3 (without).
        ("figure", "5.3", ("stat", ["approach.climate", "share"], {"code": 3}), "base"),
        # A table 4.2 number on a table 4.4 page.
        ("table", "4.4", ("stat", ["challenge.specialised_social", "top2_share"], {}), "not in support"),
        # A figure 4.1 theme on a figure 4.6 page.
        ("figure", "4.6", ("theme_share", ["open.challenge", "economic_pressure"], {}), "not in support"),
    ],
)
def test_the_check_catches_a_number_of_another_block_or_base(kind, block, call, problem):
    name, args, kwargs = call
    with pytest.raises(Mismatch, match=f"^{problem}"):
        _cell(kind, block, name, args, kwargs, "en")


def test_the_check_catches_a_wrong_number():
    cell, _ = _cell("table", "4.4", "stat", ["involvement.climate", "top2_share"], {}, "da")
    assert cell == Decimal("35.6")
    assert _expected(cell, 0) == Decimal("36") != Decimal("35")
