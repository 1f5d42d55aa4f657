"""The statistics engine (macros/stats/items.py) on tiny hand-made data whose answers can be checked by hand.

The fixture writes a complete little data folder (codebook, responses, coded answers, survey
facts) to a temporary directory and loads it with the real loader, so the statistics are
checked on exactly the objects the site uses. Expected values are written out as literal
fractions; the comments show the arithmetic.
"""

from __future__ import annotations

import math
import textwrap
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from macros.model.survey import Survey, load_survey
from macros.stats import items as stats

# --- a tiny survey ---------------------------------------------------------------------------------
#
# Ten respondents. Columns:
#   open.q      open question (1 = answered): answered by r01-r08, r09 and r10 missing
#   grid.a      degree5_nr: 1, 2, 4, 5, 5, 9, missing, 3, missing, missing
#               -> valid 1,2,4,5,5,3 (n 6), one "not relevant", three missing
#   grid.b      degree5_nr: only 2, 3, 3, 4 valid, two "not relevant"
#   grid.none   degree5_nr: every answer "not relevant"
#   agree.x     agree5 (no "not relevant"): 1, 2, 3, 4, 4, 5, 5, 5
#   approach.a  approach (1 reactive, 2 proactive, 3 incremental, 9 not relevant): 1, 2, 2, 3, 9, 9
#   years.director      0, 1, 2, 3, 4, 7, 8, 13, 14, 30  (two in each of the five 10.2 bins)
#   years.municipality  2, 4, 4, 4, 5, 5, 7, 9 (+ two missing): mean 5, population SD 2

QUESTIONS = """\
question,order,kind,scale,text_da,text_en,code_list_heading_da,code_list_heading_en
open.q,1,open,open_answer,Hvorfor?,Why?,Hvorfor,Why
grid,2,grid,degree5_nr,I hvilken grad?,To what extent?,,
agree,3,grid,agree5,Enig?,Agree?,,
approach,4,grid,approach,Tilgang?,Approach?,,
years.director,5,number,years,År?,Years?,,
years.municipality,6,number,years,År her?,Years here?,,
"""
VARIABLES = """\
variable,question,order,label_da,label_en,short_da,short_en
open.q,open.q,1,Hvorfor,Why,Hvorfor,Why
grid.a,grid,1,A,A,A,A
grid.b,grid,2,B,B,B,B
grid.none,grid,3,Ingen,None,Ingen,None
agree.x,agree,1,X,X,X,X
approach.a,approach,1,A,A,A,A
years.director,years.director,1,År,Years,År,Years
years.municipality,years.municipality,1,År her,Years here,År her,Years here
"""
SCALES = "scale,code,label_da,label_en,short_da,short_en,role\n" + "".join(
    f"{scale},{code},L{code},L{code},S{code},S{code},{'not_relevant' if code == 9 else 'valid'}\n"
    for scale, codes in [
        ("degree5_nr", [1, 2, 3, 4, 5, 9]),
        ("agree5", [1, 2, 3, 4, 5]),
        ("approach", [1, 2, 3, 9]),
        ("years", range(41)),
        ("open_answer", [1]),
    ]
    for code in codes
)
SCALE_PROPERTIES = """\
scale,kind,min,max,top_label_da,top_label_en,bottom_label_da,bottom_label_en,shares_include_non_substantive
degree5_nr,ordinal,1,5,Høj,High,Lav,Low,no
agree5,ordinal,1,5,Enig,Agree,Uenig,Disagree,no
approach,nominal,,,,,,,yes
years,numeric,0,40,,,,,no
open_answer,nominal,,,,,,,no
"""
THEMES = """\
question,theme,parent,order,in_code_list,label_da,label_en,description_da,description_en
open.q,t1,,1,yes,Tema 1,Theme 1,Beskrivelse,Description
open.q,t2,,2,yes,Tema 2,Theme 2,Beskrivelse,Description
open.q,other,,3,yes,Andet,Other,Beskrivelse,Description
open.q,sub,other,4,no,Undertema,Sub-theme,Beskrivelse,Description
"""
RESPONSES = """\
respondent_id,completed,open.q,grid.a,grid.b,grid.none,agree.x,approach.a,years.director,years.municipality
r01,yes,1,1,2,9,1,1,0,2
r02,yes,1,2,3,9,2,2,1,4
r03,yes,1,4,3,,3,2,2,4
r04,yes,1,5,4,,4,3,3,4
r05,yes,1,5,9,,4,9,4,5
r06,yes,1,9,9,,5,9,7,5
r07,yes,1,,,,5,,8,7
r08,yes,1,3,,,5,,13,9
r09,no,,,,,,,14,
r10,no,,,,,,,30,
"""
# t1: r01-r04; t2: r01, r02; other and its sub-theme: r05. r06-r08 answered without a theme.
CODED = """\
respondent_id,question,theme
r01,open.q,t1
r01,open.q,t2
r02,open.q,t1
r02,open.q,t2
r03,open.q,t1
r04,open.q,t1
r05,open.q,other
r05,open.q,sub
"""
SURVEY = """\
population: {da: ledere, en: managers}
invited: 12
sent_date: 2024-03-06
reminders: 3
closed_date: 2024-04-04
"""
REPORT = """\
title: {da: Lille, en: Tiny}
authors: [{given: A, family: B}]
publisher: {da: Udgiver, en: Publisher}
year: 2024
"""

BINS_10_2 = [
    stats.Bin("0-1", 0, 1),
    stats.Bin("2-3", 2, 3),
    stats.Bin("4-7", 4, 7),
    stats.Bin("8-13", 8, 13),
    stats.Bin("14+", 14, None),
]


def write_tiny_survey(root: Path) -> Path:
    data = root / "data"
    (data / "codebook").mkdir(parents=True)
    files = {
        "codebook/questions.csv": QUESTIONS,
        "codebook/variables.csv": VARIABLES,
        "codebook/scales.csv": SCALES,
        "codebook/scale_properties.csv": SCALE_PROPERTIES,
        "codebook/themes.csv": THEMES,
        "responses.csv": RESPONSES,
        "coded_answers.csv": CODED,
        "survey.yaml": SURVEY,
        "report.yaml": REPORT,
    }
    for name, text in files.items():
        (data / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return data


@pytest.fixture()
def tiny(tmp_path: Path) -> Survey:
    return load_survey(write_tiny_survey(tmp_path))


# --- the loaded frame --------------------------------------------------------------------------------


def test_missing_is_na_and_not_relevant_is_code_9(tiny: Survey):
    column = tiny.values("grid.a")
    assert str(column.dtype) == "Int64"
    assert column["r06"] == 9
    assert column["r07"] is pd.NA


def test_respondent_counts(tiny: Survey):
    assert stats.respondent_counts(tiny) == {"opened": 10, "completed": 8}


# --- n, counts and shares ------------------------------------------------------------------------------


def test_n_excludes_missing_and_not_relevant(tiny: Survey):
    item = stats.item_stats(tiny, "grid.a")
    assert item.n == 6  # 1, 2, 4, 5, 5, 3
    assert item.answered == 7  # + one "not relevant"
    assert item.not_relevant == 1
    assert item.counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 9: 1}


def test_scale_without_not_relevant(tiny: Survey):
    item = stats.item_stats(tiny, "agree.x")
    assert (item.n, item.answered, item.not_relevant) == (8, 8, 0)
    assert item.counts == {1: 1, 2: 1, 3: 1, 4: 2, 5: 3}


def test_share_per_code(tiny: Survey):
    item = stats.item_stats(tiny, "grid.a")
    assert item.count(5) == 2
    assert item.share(5) == Fraction(1, 3)  # 2 of 6 valid answers
    assert item.share(5, include_not_relevant=True) == Fraction(2, 7)  # 2 of 7 answers
    assert item.share(9, include_not_relevant=True) == Fraction(1, 7)
    assert sum(item.share(code) for code in (1, 2, 3, 4, 5)) == 1


def test_share_of_not_relevant_needs_the_answered_denominator(tiny: Survey):
    item = stats.item_stats(tiny, "grid.a")
    with pytest.raises(stats.StatsError, match=r"grid\.a: a share of 'not relevant' needs include_not_relevant=True"):
        item.share(9)


def test_code_outside_the_scale(tiny: Survey):
    item = stats.item_stats(tiny, "grid.a")
    with pytest.raises(
        stats.StatsError,
        match=r"grid\.a: code 7 is not on scale 'degree5_nr'; "
        r"expected one of \[1, 2, 3, 4, 5, 9\]",
    ):
        item.share(7)


def test_unknown_variable(tiny: Survey):
    with pytest.raises(stats.StatsError, match=r"unknown variable 'grid\.z'"):
        stats.item_stats(tiny, "grid.z")


# --- top-two and bottom-two shares -----------------------------------------------------------------------


def test_top2_and_bottom2_shares(tiny: Survey):
    item = stats.item_stats(tiny, "grid.a")
    assert item.top2_share() == Fraction(1, 2)  # codes 4, 5: 3 of 6
    assert item.top2_share(include_not_relevant=True) == Fraction(3, 7)
    assert item.bottom2_share() == Fraction(1, 3)  # codes 1, 2: 2 of 6
    assert item.bottom2_share(include_not_relevant=True) == Fraction(2, 7)


def test_top2_on_an_agree_scale(tiny: Survey):
    item = stats.item_stats(tiny, "agree.x")
    assert item.top2_share() == Fraction(5, 8)  # agree 2 + strongly agree 3
    assert item.bottom2_share() == Fraction(1, 4)
    assert item.top2_share(include_not_relevant=True) == Fraction(5, 8)  # nothing to include


def test_top2_needs_an_ordinal_scale(tiny: Survey):
    with pytest.raises(stats.StatsError, match=r"approach\.a: top-two and bottom-two shares need an ordinal scale"):
        stats.item_stats(tiny, "approach.a").top2_share()


def test_figure_4_3_shares_include_not_relevant():
    """Section 4.2 quotes figure 4.3 with the one "not relevant" answer in the denominator (74)."""
    from macros.model.survey import Scale

    scale = Scale("degree5_nr", (1, 2, 3, 4, 5, 9), {}, {}, not_relevant=9)
    item = stats.ItemStats(
        "involvement.most_important",
        scale,
        counts={1: 0, 2: 11, 3: 32, 4: 23, 5: 7, 9: 1},
        n=73,
        answered=74,
        not_relevant=1,
    )
    assert item.share(3, include_not_relevant=True) == Fraction(32, 74)  # printed 43%
    assert item.top2_share(include_not_relevant=True) == Fraction(30, 74)  # printed 41%
    assert item.bottom2_share(include_not_relevant=True) == Fraction(11, 74)  # printed 15%
    assert item.mean() == Fraction(2 * 11 + 3 * 32 + 4 * 23 + 5 * 7, 73)  # 245/73 = 3.36, printed 3,4


# --- approach distributions with and without "not relevant" ----------------------------------------------


def test_approach_distribution(tiny: Survey):
    item = stats.item_stats(tiny, "approach.a")
    assert (item.n, item.answered, item.not_relevant) == (4, 6, 2)
    # Without "not relevant" (figure 5.3): reactive 1, proactive 2, incremental 1 of 4.
    assert [item.share(c) for c in (1, 2, 3)] == [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)]
    # With it (figures 5.2.x): of all 6 answers.
    assert [item.share(c, include_not_relevant=True) for c in (1, 2, 3, 9)] == [
        Fraction(1, 6),
        Fraction(1, 3),
        Fraction(1, 6),
        Fraction(1, 3),
    ]


# --- mean, SD, min, max ------------------------------------------------------------------------------------


def test_mean_is_an_exact_fraction(tiny: Survey):
    mean = stats.item_stats(tiny, "grid.a").mean()
    assert isinstance(mean, Fraction)
    assert mean == Fraction(10, 3)  # (1 + 2 + 4 + 5 + 5 + 3) / 6 = 20/6; code 9 is not a value


def test_sd_is_the_sample_sd(tiny: Survey):
    # Squared deviations from 10/3: 49/9 + 16/9 + 4/9 + 25/9 + 25/9 + 1/9 = 120/9 = 40/3.
    sd = stats.item_stats(tiny, "grid.a").sd()
    assert sd == pytest.approx(math.sqrt(Fraction(40, 3) / 5))  # n - 1 = 5: sqrt(8/3) = 1.633
    assert sd != pytest.approx(math.sqrt(Fraction(40, 3) / 6))  # not the population SD (1.491)


def test_min_and_max_ignore_not_relevant(tiny: Survey):
    item = stats.item_stats(tiny, "grid.b")  # 2, 3, 3, 4 and two "not relevant" (9)
    assert (item.min(), item.max()) == (2, 4)
    assert item.mean() == 3
    assert item.sd() == pytest.approx(math.sqrt(Fraction(2, 3)))  # (1 + 0 + 0 + 1) / 3


def test_no_valid_answers(tiny: Survey):
    item = stats.item_stats(tiny, "grid.none")
    assert (item.n, item.answered, item.not_relevant) == (0, 2, 2)
    assert item.share(9, include_not_relevant=True) == 1
    with pytest.raises(stats.StatsError, match=r"grid\.none: no valid answers, so no mean"):
        item.mean()
    with pytest.raises(stats.StatsError, match=r"grid\.none: no answers to compute a share of"):
        item.top2_share()
    with pytest.raises(stats.StatsError, match=r"grid\.none: a standard deviation needs at least two answers"):
        item.sd()
    with pytest.raises(stats.StatsError, match=r"grid\.none: no valid answers, so no minimum"):
        item.min()


# --- themes of open questions ----------------------------------------------------------------------------


def test_answered_open_counts_every_answer_coded_or_not(tiny: Survey):
    assert stats.answered_open(tiny, "open.q") == 8  # r01-r08; r06-r08 carry no theme


@pytest.mark.parametrize(
    ("theme", "count", "share"),
    [("t1", 4, Fraction(1, 2)), ("t2", 2, Fraction(1, 4)), ("other", 1, Fraction(1, 8)), ("sub", 1, Fraction(1, 8))],
)
def test_theme_share_of_all_who_answered(tiny: Survey, theme, count, share):
    result = stats.theme_stats(tiny, "open.q", theme)
    assert (result.count, result.answered) == (count, 8)  # denominator: all 8 answers, not the 5 coded
    assert result.share == share


def test_theme_shares_are_multi_label(tiny: Survey):
    top_level = [stats.theme_stats(tiny, "open.q", t).share for t in ("t1", "t2", "other")]
    # 7 mentions among 5 coded answers, out of 8 answers: the shares do not sum to 1.
    assert sum(top_level) == Fraction(7, 8)


def test_unknown_theme_and_question(tiny: Survey):
    with pytest.raises(stats.StatsError, match=r"unknown theme 't9' of 'open\.q'; expected one of: t1, t2, other, sub"):
        stats.theme_stats(tiny, "open.q", "t9")
    with pytest.raises(stats.StatsError, match=r"unknown open question 'grid'"):
        stats.answered_open(tiny, "grid")


# --- table 10.2 bins and table 10.1 numbers ----------------------------------------------------------------


def test_bin_counts_with_the_table_10_2_bins(tiny: Survey):
    counts = stats.bin_counts(tiny, "years.director", BINS_10_2)
    # 0, 1 | 2, 3 | 4, 7 | 8, 13 | 14, 30: both ends of every bin are inside it.
    assert counts == {"0-1": 2, "2-3": 2, "4-7": 2, "8-13": 2, "14+": 2}


def test_bins_must_cover_every_answer(tiny: Survey):
    with pytest.raises(stats.StatsError, match=r"years\.director: the bins .* do not cover every answer exactly once"):
        stats.bin_counts(tiny, "years.director", BINS_10_2[:-1])  # 14 and 30 fall outside


def test_number_stats(tiny: Survey):
    result = stats.number_stats(tiny, "years.municipality")  # 2, 4, 4, 4, 5, 5, 7, 9
    assert result["n"] == 8  # two missing
    assert result["mean"] == Fraction(5)
    # Squared deviations: 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; sample SD sqrt(32/7), population SD 2.
    assert result["sd"] == pytest.approx(math.sqrt(32 / 7))
    assert (result["min"], result["max"]) == (2, 9)


def test_number_stats_director(tiny: Survey):
    result = stats.number_stats(tiny, "years.director")
    assert result["n"] == 10
    assert result["mean"] == Fraction(82, 10)  # 0+1+2+3+4+7+8+13+14+30 = 82
    assert (result["min"], result["max"]) == (0, 30)
