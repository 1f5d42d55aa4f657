"""Reconstruct respondent-level survey data that reproduce every value the report publishes.

The real answers are confidential. This deterministic, seeded program derives
answers that are consistent with the published report:

1. For each closed item it enumerates every distribution of the item's n
   answers over the scale and keeps those that reproduce all published values
   of the item marked `constraint` in data/reference_values.csv (n, shares,
   mean, SD, min, max, "not relevant" counts), then picks the one closest to a
   smooth, bell-shaped distribution with the printed mean and SD.
2. It finds whole-number years of experience that fit table 10.1 and 10.2.
3. It gives every open question's themes to as many respondents as the report
   counts, spreading them so that as many answers as possible carry a theme.
4. It hands the answers out to respondents in a seeded random order.

Choices the report does not pin down are in DESIGN below and in data/README.md.

    python tools/reconstruct.py           # write data/responses.csv and data/coded_answers.csv
    python tools/reconstruct.py --check   # exit 1 unless the committed files are reproduced byte for byte
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import io
import math
import random
import sys
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.model.reference import ReferenceValue, item_value, reference_values  # noqa: E402
from macros.model.survey import CODED_FILE, DATA_DIR, RESPONSES_FILE, load_codebook  # noqa: E402
from macros.stats import items as stats  # noqa: E402
from macros.text.formatting import report_round  # noqa: E402

SEED = 20240514  # the edition date of the report

DESIGN: dict[str, Any] = {
    # Rows of responses.csv: everyone who opened the questionnaire (section 3: 79).
    "opened": 79,
    # How many answered each question, in the order respondents "persist": the
    # first k of a seeded order answer a question answered by k. The report
    # gives these numbers (74 for the first questions, 69 for the later grids,
    # 70 for the last page = completed); "not relevant" answers count as answers.
    # fulfilled.* and the open questions are set per item below.
    "answered_by_question": {
        "challenge": 74,
        "involvement_most_important": 74,
        "involvement": 73,
        "potential": 73,
        "strategy": 72,
        "approach": 71,
        "benefit": 69,
        "prerequisite": 69,
        "attention_interplay": 69,
        "years.director": 70,
        "years.municipality": 70,
    },
    # attention.mayor has n = 68 in table 9.1: one of the 69 skipped that line.
    "answered_by_variable": {"attention.mayor": 68},
    # "Not relevant" answers the report does not print item by item. Figure 4.3:
    # 11 + 32 + 30 rated answers of 74, so 1 "not relevant". Table 8.3 / figure 8.4
    # say only "n: 1-6" for the fulfilled.* items; these choices fit that range and
    # n + "not relevant" <= 69 (the respondents who reached the question).
    "not_relevant": {
        "involvement.most_important": 1,
        "fulfilled.most_important": 6,
        "fulfilled.mindset": 1,
        "fulfilled.models": 2,
        "fulfilled.support": 2,
        "fulfilled.budget": 2,
        "fulfilled.strategies": 3,
        "fulfilled.targets": 6,
        "fulfilled.requirements": 4,
        "fulfilled.no_rule_barriers": 3,
    },
    # Every open question: 74 answers, as every figure note says.
    "open_answered": 74,
    # Completed = answered the last page (years of experience).
    "completed_by": "years.director",
}


def _rng(*parts: object) -> random.Random:
    """A random stream per purpose, independent of the order in which purposes are used."""
    digest = hashlib.sha256(":".join(map(str, (SEED, *parts))).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# --- closed items ----------------------------------------------------------------------------


@functools.cache
def compositions(n: int, parts: int) -> np.ndarray:
    """Every way to write n as an ordered sum of ``parts`` non-negative integers."""
    if parts == 1:
        return np.array([[n]], dtype=np.int16)
    blocks = []
    for first in range(n + 1):
        rest = compositions(n - first, parts - 1)
        blocks.append(np.hstack([np.full((len(rest), 1), first, dtype=np.int16), rest]))
    return np.vstack(blocks)


@functools.cache
def _all_counts(n: int, parts: int) -> np.ndarray:
    return compositions(n, parts)


def _smooth_target(codes: tuple[int, ...], mean: float, sd: float) -> np.ndarray:
    """A bell-shaped share per code with the given mean and SD, for choosing among solutions."""
    sd = max(sd, 0.3)
    weights = np.array([math.exp(-((c - mean) ** 2) / (2 * sd * sd)) for c in codes])
    return weights / weights.sum()


def solve_item(variable: str, scale, refs: list[ReferenceValue], answered: int, not_relevant: int):
    """Counts per code reproducing every constraint on ``variable``; raises if none exist."""
    valid_codes = scale.valid_codes
    n = answered - not_relevant
    candidates = _all_counts(n, len(valid_codes)).astype(np.int64)
    codes = np.array(valid_codes)
    # A quick numeric filter first (within half a printed unit), then the exact check.
    for ref in refs:
        approx = _approximate(ref, candidates, codes, n, answered, valid_codes)
        if approx is not None:
            half_unit = 0.5 * 10**-ref.decimals + 0.051  # the report rounds twice: allow for it
            candidates = candidates[np.abs(approx - float(ref.value)) <= half_unit]
        if ref.statistic in ("min", "max"):
            index = valid_codes.index(int(ref.value))
            candidates = candidates[candidates[:, index] > 0]
            outside = slice(0, index) if ref.statistic == "min" else slice(index + 1, None)
            candidates = candidates[candidates[:, outside].sum(axis=1) == 0]
    solutions = []
    for row in candidates:
        counts = dict(zip(valid_codes, map(int, row), strict=True))
        if scale.not_relevant is not None:
            counts[scale.not_relevant] = not_relevant
        item = stats.ItemStats(
            variable=variable, scale=scale, counts=counts, n=n, answered=answered, not_relevant=not_relevant
        )
        if all(item_value(item, ref) == ref.value for ref in refs):
            solutions.append(row)
    if not solutions:
        printed = ", ".join(f"{r.statistic}={r.printed}" for r in refs)
        raise SystemExit(f"{variable}: no distribution of {n} answers reproduces {printed}")
    mean = next((float(r.value) for r in refs if r.statistic == "mean"), float(np.mean(valid_codes)))
    sd = next((float(r.value) for r in refs if r.statistic == "sd"), 1.0)
    target = _smooth_target(valid_codes, mean, sd) * n
    distance = [float(((s - target) ** 2).sum()) for s in solutions]
    best = min(distance)
    ties = [s for s, d in zip(solutions, distance, strict=True) if d == best]
    chosen = ties[_rng("tie", variable).randrange(len(ties))]
    counts = dict(zip(valid_codes, map(int, chosen), strict=True))
    if scale.not_relevant is not None:
        counts[scale.not_relevant] = not_relevant
    return counts, len(solutions)


def _approximate(ref, candidates, codes, n, answered, valid_codes):
    """Float values of a statistic for every candidate row, or None if not vectorised."""
    whole = answered if ref.denominator == "answered" else n
    if ref.statistic == "mean":
        return candidates @ codes / n
    if ref.statistic == "sd":
        means = candidates @ codes / n
        squares = candidates @ (codes**2) - n * means**2
        return np.sqrt(np.maximum(squares, 0) / (n - 1))
    if ref.statistic == "top2_share" and len(valid_codes) == 5:
        return candidates[:, -2:].sum(axis=1) * 100 / whole
    if ref.statistic == "bottom2_share" and len(valid_codes) == 5:
        return candidates[:, :2].sum(axis=1) * 100 / whole
    if ref.statistic == "share" and ref.code in valid_codes:
        return candidates[:, valid_codes.index(ref.code)] * 100 / whole
    return None


def _answered_and_nr(variable: str, question: str, refs: list[ReferenceValue]) -> tuple[int, int]:
    nr = next(
        (int(r.value) for r in refs if r.statistic == "not_relevant_count"), DESIGN["not_relevant"].get(variable, 0)
    )
    for ref in refs:
        if ref.statistic == "n":
            n = int(ref.value)
            return (n, nr) if ref.denominator == "answered" else (n + nr, nr)
    answered = DESIGN["answered_by_variable"].get(variable, DESIGN["answered_by_question"].get(question))
    if answered is None:
        raise SystemExit(f"{variable}: neither the report nor DESIGN says how many answered")
    return answered, nr


# --- years of experience -------------------------------------------------------------------


def _fits(values: list[int], mean: Decimal, sd: Decimal) -> bool:
    n = len(values)
    m = Fraction(sum(values), n)
    s = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    # A float as the engine reads one (macros/fmt.py: to_decimal), spelled out for the type checker.
    return report_round(m, 1) == mean and report_round(Decimal(repr(s)), 1) == sd


def _climb(values: list[int], lows: list[int], highs: list[int], mean: float, sd: float, rng) -> list[int]:
    """Move single values inside their bounds until mean and SD hit their targets."""
    values = values.copy()
    n = len(values)
    total, squares = sum(values), sum(v * v for v in values)

    def cost(total, squares):
        m = total / n
        s = math.sqrt(max(squares - n * m * m, 0) / (n - 1))
        return (m - mean) ** 2 + (s - sd) ** 2

    current = cost(total, squares)
    for _ in range(200_000):
        if current < 1e-6:
            break
        i = rng.randrange(n)
        new = values[i] + rng.choice((-1, 1))
        if not lows[i] <= new <= highs[i]:
            continue
        t, q = total - values[i] + new, squares - values[i] ** 2 + new * new
        c = cost(t, q)
        if c <= current:
            values[i], total, squares, current = new, t, q, c
    return values


def solve_years(refs: dict[str, list[ReferenceValue]], bins) -> tuple[list[int], list[int]]:
    def get(variable, statistic):
        return next(r.value for r in refs[variable] if r.statistic == statistic)

    rng = _rng("years")
    lows, highs = [], []
    for b in bins:
        count = int(next(r.value for r in refs[f"years.director:{b.id}"] if r.statistic == "bin_count"))
        lows += [b.low] * count
        highs += [b.high if b.high is not None else 34] * count
    start = [rng.randint(lo, hi) for lo, hi in zip(lows, highs, strict=True)]
    mean_d, sd_d = get("years.director", "mean"), get("years.director", "sd")
    director = _climb(start, lows, highs, float(mean_d), float(sd_d), rng)
    if not _fits(director, mean_d, sd_d):
        raise SystemExit("years.director: no values found for table 10.1 and 10.2")
    mean_m, sd_m = get("years.municipality", "mean"), get("years.municipality", "sd")
    # Years in the current municipality cannot exceed years as municipal director.
    municipality = _climb(
        [rng.randint(0, d) for d in director], [0] * len(director), director, float(mean_m), float(sd_m), rng
    )
    if not _fits(municipality, mean_m, sd_m):
        raise SystemExit("years.municipality: no values found for table 10.1")
    return director, municipality


# --- open answers ----------------------------------------------------------------------------


def theme_counts(question: str, themes: dict, refs: dict[str, list[ReferenceValue]], answered: int):
    counts = {}
    for theme in themes:
        rows = [r for r in refs.get(f"{question}:{theme}", []) if r.status == "constraint"]
        exact = [int(r.value) for r in rows if r.statistic == "theme_count"]
        if exact:
            counts[theme] = exact[0]
            continue
        shares = [r for r in rows if r.statistic == "theme_share"]
        if not shares:
            continue
        fitting = [
            c
            for c in range(answered + 1)
            if all(report_round(Fraction(c * 100, answered), r.decimals) == r.value for r in shares)
        ]
        if not fitting:
            raise SystemExit(f"{question}:{theme}: no count of {answered} gives {[r.printed for r in shares]}")
        target = float(shares[0].value) * answered / 100
        counts[theme] = min(fitting, key=lambda c: (abs(c - target), c))
    return counts


def assign_themes(question: str, themes: dict, counts: dict[str, int], respondents: list[str]):
    """Respondent -> set of themes, parents before their sub-themes."""
    rng = _rng("themes", question)
    given: dict[str, set[str]] = {r: set() for r in respondents}
    parents = [t for t in themes.values() if not t.parent and t.id in counts]
    for theme in sorted(parents, key=lambda t: (-counts[t.id], t.order)):
        order = sorted(respondents, key=lambda r: (len(given[r]), rng.random()))
        for r in order[: counts[theme.id]]:
            given[r].add(theme.id)
    for theme in (t for t in themes.values() if t.parent and t.id in counts):
        holders = [r for r in respondents if theme.parent in given[r]]
        if len(holders) < counts[theme.id]:
            raise SystemExit(
                f"{question}:{theme.id}: {counts[theme.id]} needed, only {len(holders)} have "
                f"the parent theme {theme.parent!r}"
            )
        rng.shuffle(holders)
        for r in holders[: counts[theme.id]]:
            given[r].add(theme.id)
    # "Other" where the report gives no share: every answer without a theme of its own.
    if "other" in themes and "other" not in counts:
        for r in respondents:
            if not given[r]:
                given[r].add("other")
    return given


# --- the whole data set ----------------------------------------------------------------------


def reconstruct(data_dir: Path = DATA_DIR) -> tuple[str, str, list[str]]:
    questions, variables, scales, themes = load_codebook(data_dir)
    refs_by_variable: dict[str, list[ReferenceValue]] = defaultdict(list)
    for ref in reference_values(data_dir):
        if ref.status == "constraint":
            refs_by_variable[ref.variable].append(ref)
    report: list[str] = []

    ids = [f"r{i:02d}" for i in range(1, DESIGN["opened"] + 1)]
    persistence = ids.copy()
    _rng("persistence").shuffle(persistence)
    values: dict[str, dict[str, int]] = {v: {} for v in variables}

    def hand_out(variable: str, codes: list[int]) -> None:
        _rng("assign", variable).shuffle(codes)
        for rid, code in zip(persistence[: len(codes)], codes, strict=True):
            values[variable][rid] = code

    for variable, meta in variables.items():
        question = questions[meta.question]
        if question.kind != "grid":
            continue
        scale = scales[question.scale]
        refs = refs_by_variable.get(variable, [])
        answered, nr = _answered_and_nr(variable, question.id, refs)
        item_refs = [r for r in refs if r.statistic not in ("n",)]
        counts, options = solve_item(variable, scale, item_refs, answered, nr)
        report.append(f"{variable}: {options} distributions fit; chosen {counts}")
        hand_out(variable, [c for c, k in counts.items() for _ in range(k)])

    tables_bins = _bins(data_dir)
    director, municipality = solve_years(refs_by_variable, tables_bins)
    order = list(range(len(director)))
    _rng("assign", "years").shuffle(order)
    # Fewer answered the years than opened the questionnaire: the first len(order) respondents.
    for rid, index in zip(persistence, order, strict=False):
        values["years.director"][rid] = director[index]
        values["years.municipality"][rid] = municipality[index]

    coded_rows: list[tuple[str, str, str]] = []
    for question, per_question in themes.items():
        answered = DESIGN["open_answered"]
        respondents = persistence[:answered]
        for rid in respondents:
            values[question][rid] = 1
        counts = theme_counts(question, per_question, refs_by_variable, answered)
        given = assign_themes(question, per_question, counts, respondents)
        uncoded = sum(1 for r in respondents if not given[r])
        report.append(f"{question}: theme counts {counts}; answers without a theme: {uncoded}")
        for rid in sorted(given):
            for theme in sorted(given[rid], key=lambda t: per_question[t].order):
                coded_rows.append((rid, question, theme))

    completed_by = DESIGN["completed_by"]
    responses = io.StringIO()
    writer = csv.writer(responses, lineterminator="\n")
    writer.writerow(["respondent_id", "completed", *variables])
    for rid in ids:
        completed = "yes" if rid in values[completed_by] else "no"
        writer.writerow([rid, completed, *(values[v].get(rid, "") for v in variables)])
    coded = io.StringIO()
    writer = csv.writer(coded, lineterminator="\n")
    writer.writerow(["respondent_id", "question", "theme"])
    question_order = list(themes)
    coded_rows.sort(key=lambda row: (question_order.index(row[1]), row[0]))
    writer.writerows(coded_rows)
    return responses.getvalue(), coded.getvalue(), report


def _bins(data_dir: Path):
    import yaml

    spec = yaml.safe_load((data_dir / "tables.yaml").read_text(encoding="utf-8"))
    table = next(t for t in spec.values() if t.get("kind") == "bins")
    return [stats.Bin(str(b["id"]), int(b["low"]), b.get("high")) for b in table["bins"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing them")
    parser.add_argument("--verbose", action="store_true", help="print the chosen distributions")
    args = parser.parse_args(argv)
    responses, coded, report = reconstruct()
    if args.verbose:
        print("\n".join(report))
    targets = {DATA_DIR / RESPONSES_FILE: responses, DATA_DIR / CODED_FILE: coded}
    if args.check:
        stale = [p.name for p, text in targets.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print(f"not reproduced byte for byte: {', '.join(stale)}", file=sys.stderr)
            return 1
        print("data/responses.csv and data/coded_answers.csv are reproduced byte for byte")
        return 0
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(p.name for p in targets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
