"""The engine's blocks for a survey of another shape (tests/other_shape.py): charts for any
scale, scale-driven texts, breakdowns with disclosure control, string ids.

Every colour the charts use, in this report and in the other survey, reaches 3:1 against the
white page; so does every colour the palettes can give for up to twelve categories.
"""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest

from macros.blocks import figures, references, tables
from macros.charts import palettes
from macros.charts import spec as charts
from macros.model.definitions import definitions
from macros.model.survey import load_survey
from macros.outputs import data_files, downloads
from macros.stats import breakdowns
from macros.stats import items as stats
from tests import other_shape

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("da", "en")


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    data = other_shape.write(tmp_path_factory.mktemp("other"))
    survey = load_survey(data)
    table_defs, figure_defs = definitions(data)
    return survey, table_defs, figure_defs


def _chart(survey, figure, language="en"):
    view = figures.build_figure(survey, figure, language)
    return view, figures.figure_chart(survey, figure, view, language)


# --- colours --------------------------------------------------------------------------------------


def test_every_palette_colour_contrasts_3_to_1_with_the_page():
    weak = {c: round(palettes.contrast_ratio(c, "#ffffff"), 2) for c in palettes.every_colour(12)}
    assert {c: r for c, r in weak.items() if r < 3} == {}


@pytest.mark.parametrize("count", range(1, 13))
def test_categorical_palettes_have_distinct_colours_for_any_number_of_series(count):
    colours = palettes.categorical(count)
    assert len(colours) == len(set(colours)) == count


@pytest.mark.parametrize("count", [2, 3, 4, 5, 7, 11])
def test_ordinal_ramps_of_any_length_are_ordered_and_distinct(count):
    ramp = palettes.sequential(count)
    assert len(set(ramp)) == count
    luminance = [palettes.relative_luminance(c) for c in ramp]
    assert luminance == sorted(luminance, reverse=True), "a sequential ramp darkens from low to high"


def test_a_diverging_ramp_has_a_neutral_middle_and_darkens_towards_both_ends():
    ramp = palettes.diverging(5, 2)
    assert ramp[2] == palettes.NEUTRAL
    lum = [palettes.relative_luminance(c) for c in ramp]
    assert lum[0] < lum[1] and lum[4] < lum[3]
    assert palettes.diverging(4, None)[1:3] != (palettes.NEUTRAL,) * 2


def _all_charts(survey, figure_defs):
    return [_chart(survey, f, language)[1] for f in figure_defs.values() for language in LANGUAGES]


def test_every_colour_of_every_chart_contrasts_3_to_1(other):
    survey, _, figure_defs = other
    report = load_survey()
    used = set()
    for chart in _all_charts(survey, figure_defs) + _all_charts(report, definitions()[1]):
        used |= set(chart.colours.values())
    assert used
    assert {c for c in used if palettes.contrast_ratio(c, "#ffffff") < 3} == set()


def test_every_fill_in_the_built_charts_contrasts_3_to_1(built_site):
    fills = set()
    for page in built_site.rglob("index.html"):
        for svg in re.findall(r'<div class="report-chart[ "].*?</div>', page.read_text(encoding="utf-8"), re.DOTALL):
            fills |= {c.lower() for c in re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)}
    fills -= {"#ffffff"}  # the background, and halos of values
    assert fills and {c for c in fills if palettes.contrast_ratio(c, "#ffffff") < 3} == set()


# --- charts for any scale -----------------------------------------------------------------------------


def test_a_five_point_stacked_bar_with_dont_know_gets_a_ramp_and_grey_by_role(other):
    survey, _, figure_defs = other
    _, chart = _chart(survey, figure_defs["Sat_stacked-5"])
    assert chart.layout == "stacked" and len(chart.series) == 6
    scale = survey.scales["sat5"]
    assert scale.non_substantive == (8,), "the test needs a non-substantive code other than 9"
    assert chart.colours["Don't know"] in palettes.NON_SUBSTANTIVE
    ramp = [chart.colours[s] for s in chart.series[:5]]
    assert ramp == list(palettes.sequential(5))


def test_a_declared_neutral_middle_gives_a_diverging_ramp(other):
    from types import SimpleNamespace

    survey, _, _ = other
    scale = survey.scales["sat5"]
    # A scale that declares its neutral middle (``midpoint``) is drawn diverging around it.
    with_middle = SimpleNamespace(
        kind=scale.kind, valid_codes=scale.valid_codes, non_substantive=scale.non_substantive, midpoint=3
    )
    colours = charts.code_colours(with_middle)
    assert [colours[c] for c in scale.valid_codes] == list(palettes.diverging(5, 2))
    assert colours[3] == palettes.NEUTRAL and colours[8] in palettes.NON_SUBSTANTIVE
    assert charts.code_colours(scale)[3] != palettes.NEUTRAL, "no declared middle: sequential"


def test_a_zero_to_ten_scale_is_drawn_on_a_zero_to_ten_axis(other):
    survey, _, figure_defs = other
    _, chart = _chart(survey, figure_defs["recommend-mean"])
    assert chart.domain == (0.0, 10.0)
    assert charts.mean_ticks(chart.domain) == [float(t) for t in range(11)]
    assert all(p.start == 0.0 for p in chart.points), "bars start at the scale's floor"
    spec = charts.chart_spec(chart, "wide")
    text = str(spec)
    assert "Scale: 0 = Not at all, 10 = Certainly" in text
    assert "1 = 0" not in text


def test_grouped_charts_with_more_than_four_series_work(other):
    survey, _, figure_defs = other
    _, chart = _chart(survey, figure_defs["satisfaction-by-region"])
    assert chart.layout == "grouped" and len(chart.series) == 6
    assert len(set(chart.colours.values())) == 6
    charts.chart_spec(chart, "narrow")  # lays out without error


def test_a_yes_no_figure_has_no_scale_sentence(other):
    survey, _, figure_defs = other
    view, chart = _chart(survey, figure_defs["members"])
    assert "measured on a scale" not in view.note and "Yes" in chart.rows


# --- texts from the scale -----------------------------------------------------------------------------


def test_the_top_two_heading_comes_from_the_scale(other):
    survey, table_defs, _ = other
    view = tables.build_table(survey, table_defs["satisfaction"], "en")
    assert "Share satisfied" in view.header
    assert tables.build_table(survey, table_defs["satisfaction"], "da").header[2] == "Andel tilfreds"


def test_a_missing_top_label_is_named(other):
    survey, table_defs, _ = other
    from dataclasses import replace

    table = replace(table_defs["members"], columns=("n", "top2_share"))
    with pytest.raises(tables.TableError, match=r"table members: column top2_share needs a heading: scale 'yesno'"):
        tables.build_table(survey, table, "en")


def test_string_ids_become_anchors_and_file_names(other):
    _, _, figure_defs = other
    assert tables.anchor("figure", "Sat_stacked-5") == "figure-sat-stacked-5"
    assert downloads.file_name("Sat_stacked-5", "csv") == "figure-sat-stacked-5.csv"
    assert "Sat_stacked-5" in figure_defs and "satisfaction-by-region" in figure_defs


# --- breakdowns ----------------------------------------------------------------------------------------


def test_breakdown_statistics_equal_the_statistics_of_each_group_alone(other):
    survey, _, _ = other
    by = breakdowns.Breakdown("home_region")
    cells = breakdowns.item_stats_by(survey, ["sat_service", "sat_price"], by)
    region = survey.values("home_region")
    for group in by.groups(survey):
        for variable in ("sat_service", "sat_price"):
            values = survey.values(variable)[region == int(group.id)].dropna().astype(int)
            counts = {c: int((values == c).sum()) for c in survey.scales["sat5"].codes}
            assert cells[(group.id, variable)].counts == counts
    sizes = breakdowns.group_sizes(survey, by)
    assert sizes[str(other_shape.SMALL_REGION)] == 3 and sum(sizes.values()) == other_shape.N


def test_bins_of_a_number_group_respondents(other):
    survey, _, _ = other
    by = breakdowns.Breakdown("age_years", (stats.Bin("18-39", 18, 39), stats.Bin("40+", 40, None)))
    sizes = breakdowns.group_sizes(survey, by)
    ages = survey.values("age_years")
    assert sizes == {"18-39": int((ages <= 39).sum()), "40+": int((ages >= 40).sum())}


def test_a_breakdown_table_prints_per_group_n_shares_and_means_and_suppresses_a_small_group(other):
    survey, table_defs, _ = other
    view = tables.build_table(survey, table_defs["satisfaction-by-region"], "en")
    assert view.header[:2] == ["Items", "Group"]
    service = dict(view.row_groups[0][1])
    cells = breakdowns.item_stats_by(survey, ["sat_service"], breakdowns.Breakdown("home_region"))
    nord = cells[("1", "sat_service")]
    assert [c.text for c in service["Nord"]] == [
        str(nord.n),
        f"{float(Fraction(nord.top2_share()) * 100):.1f}%",
        f"{float(nord.mean()):.1f}",
    ]
    assert [c.text for c in service["Øerne"]] == ["–", "–", "–"]
    assert "fewer than 5 respondents" in view.note and "Answers by region" in view.note
    html = tables.table_html(view, "en")
    assert 'scope="rowgroup"' in html and html.count("<tbody>") == 2


def test_a_breakdown_figure_suppresses_the_small_group_in_chart_table_and_csv(other):
    survey, _, figure_defs = other
    view, chart = _chart(survey, figure_defs["satisfaction-by-region"])
    hidden = [p for p in chart.points if p.series == "Øerne"]
    assert hidden and all(p.suppressed and p.text == "–" for p in hidden)
    spec = charts.chart_spec(chart, "wide")
    drawn = [d for d in spec["datasets"]["points"] if d["series"] == "Øerne"]
    assert all(d["suppressed"] and d["text"] == "–" for d in drawn)
    assert "!datum.suppressed" in str(spec), "suppressed cells get no bar"
    # The CSV (macros/outputs/data_files.py): the group's mean and n are empty cells, its metadata says why.
    data = data_files.figure_data(survey, figure_defs["satisfaction-by-region"], view, chart, "en")
    parsed = list(csv.reader(io.StringIO(data_files.csv_bytes(data).decode(), newline="")))
    hidden_rows = [row for row in parsed[1:] if row[1] == "Øerne"]
    assert hidden_rows and all(cell == "" for row in hidden_rows for cell in row[2:])
    assert all(cell for row in parsed[1:] if row[1] != "Øerne" for cell in row)
    assert "fewer than 5 respondents" in data.description
    assert "–" in [c.text for _, cells in view.rows for c in cells]


def test_a_stacked_breakdown_by_bins_of_a_number(other):
    survey, _, figure_defs = other
    _, chart = _chart(survey, figure_defs["service-by-age"])
    assert chart.layout == "stacked" and chart.rows == ("18–39 years", "40–64 years", "65 years or more")
    for row in chart.rows:
        assert abs(sum(p.value for p in chart.points if p.row == row) - 100) <= 0.3


def test_themes_by_group(other):
    survey, _, figure_defs = other
    _, chart = _chart(survey, figure_defs["why-by-region"], "da")
    assert chart.layout == "grouped" and "Øerne" in chart.series
    assert all(p.suppressed for p in chart.points if p.series == "Øerne")


def test_the_disclosure_threshold_is_read_from_report_yaml(other, tmp_path):
    survey, _, _ = other
    assert breakdowns.disclosure(survey) == breakdowns.Disclosure(5, True)
    from dataclasses import replace

    assert breakdowns.disclosure(replace(survey, report={})).min_cell == 5
    strict = replace(survey, report={"disclosure": {"min_cell": 40}})
    assert breakdowns.disclosure(strict).hides(39) and not breakdowns.disclosure(strict).hides(40)
    with pytest.raises(stats.StatsError, match=r"disclosure\.min_cell has 'five'"):
        breakdowns.disclosure(replace(survey, report={"disclosure": {"min_cell": "five"}}))


def test_a_by_on_an_unknown_variable_or_a_number_without_bins_is_named(other):
    survey, _, _ = other
    problems: list[str] = []
    breakdowns.parse("figures.yaml: figure 'x'", "nope", survey, problems)
    breakdowns.parse("figures.yaml: figure 'y'", "age_years", survey, problems)
    breakdowns.parse("figures.yaml: figure 'z'", "home_region", survey, problems, "grouped_means", ("means",))
    assert problems[0].startswith("figures.yaml: figure 'x': by names unknown variable 'nope'")
    assert "figure 'y': by names 'age_years', a number; expected bins" in problems[1]
    assert "figure 'z': by is not available for kind 'grouped_means'" in problems[2]


def test_the_number_macros_take_by_and_group(monkeypatch, other):
    from macros import calls

    survey, _, _ = other
    monkeypatch.setattr(calls, "_survey", lambda page=None: survey)
    page = calls.Page(language="en")
    cells = breakdowns.item_stats_by(survey, ["sat_service"], breakdowns.Breakdown("home_region"))
    assert (
        calls.stat(page, "sat_service", "mean", by="home_region", group=1)
        == f"{float(cells[('1', 'sat_service')].mean()):.1f}"
    )
    small = calls.stat(page, "sat_service", "mean", by="home_region", group=other_shape.SMALL_REGION)
    assert small.startswith("<abbr") and "–" in small and "fewer than 5" in small
    numbers = breakdowns.number_stats_by(
        survey, ["age_years"], breakdowns.Breakdown("age_years", (stats.Bin("18-39", 18, 39),))
    )
    assert calls.stat(page, "age_years", "n", by="age_years", group="18-39") == str(
        numbers[("18-39", "age_years")]["n"]
    )
    with pytest.raises(stats.StatsError, match="needs group="):
        calls.stat(page, "sat_service", "mean", by="home_region")


# --- the page set ----------------------------------------------------------------------------------------


def test_a_block_shown_twice_on_a_page_stops_the_build_naming_page_and_id(tmp_path):
    docs = tmp_path / "docs"
    (docs / "da").mkdir(parents=True)
    (docs / "da" / "a.md").write_text('{{ figure("4.2") }}\n\ntext\n\n{{ figure("4.2") }}\n', encoding="utf-8")
    with pytest.raises(references.BlockReferenceError) as raised:
        references.check_page(docs, "da", "a.md")
    assert str(raised.value).startswith("docs/da/a.md:5: figure '4.2' is shown 2 times on this page (also on line 1)")


def test_a_reference_to_a_block_no_page_shows_names_the_language_and_the_blocks_shown(tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "a.md").write_text("{{ table('sat-by-age') }}\n", encoding="utf-8")
    assert references.target(docs, "en", "b.md", "table", "sat-by-age") == "a.md#table-sat-by-age"
    assert references.target(docs, "en", "a.md", "table", "sat-by-age") == "#table-sat-by-age"
    with pytest.raises(references.BlockReferenceError) as raised:
        references.target(docs, "en", "a.md", "figure", "4.2")
    message = str(raised.value)
    assert "figure '4.2' is defined in data/figures.yaml but no page in docs/en/ shows it" in message
    assert "refer to a figure that is shown: none" in message


def test_block_calls_of_any_id_form_are_found():
    text = '{{ figure("Satisfaction, stacked") }} {{- table( \'a.b-c\' ) -}} {{ figure(figure_id="x") }}'
    assert references.calls_on(text) == [("figure", "Satisfaction, stacked"), ("table", "a.b-c"), ("figure", "x")]


def test_small_counts_of_the_whole_sample_are_dashes_when_the_report_says_so(other):
    from dataclasses import replace

    report = load_survey()
    table_defs, _ = definitions()
    strict = replace(report, report={**report.report, "disclosure": {"min_cell": 5, "publish_small_marginals": False}})
    published = tables.build_table(report, table_defs["4.4"], "en").note
    hidden = tables.build_table(strict, table_defs["4.4"], "en").note
    assert "(urban and business development: 1)" in published and "fewer than 5" not in published
    assert "(urban and business development: –)" in hidden and "count of fewer than 5 respondents" in hidden
    other_survey, _, other_figures = other
    rare = replace(other_figures["why-by-region"], by=None)
    strict_other = replace(other_survey, report={"disclosure": {"publish_small_marginals": False}})
    rows = {label: [c.text for c in cells] for label, cells in figures.build_figure(other_survey, rare, "en").rows}
    hidden_rows = figures.build_figure(strict_other, rare, "en")
    assert rows["Rare"][1] == "2"
    assert {label: [c.text for c in cells] for label, cells in hidden_rows.rows}["Rare"][1] == "–"
    assert "count of fewer than 5 respondents" in hidden_rows.note


def test_a_finding_csv_names_the_group_and_leaves_a_suppressed_value_empty(monkeypatch, other):
    from macros import calls
    from macros.blocks import finding_pages

    survey, _, _ = other
    monkeypatch.setattr(calls, "_survey", lambda page=None: survey)
    for language, by_word in (("en", "Region"), ("da", "Region")):
        page = calls.Page(language=language)
        shown = ("sat_service", "mean")
        kwargs = {"by": "home_region", "group": 2}
        _, measure, unit = finding_pages._label(language, "stat", shown, kwargs)
        assert measure.endswith(f", {by_word}: Syd") and unit
        value = finding_pages._dot_value(page, "stat", shown, kwargs)
        group = breakdowns.item_stats_in_group(survey, "sat_service", breakdowns.Breakdown("home_region"), "2")
        assert value == f"{float(group.mean()):.1f}"
        small = {"by": "home_region", "group": other_shape.SMALL_REGION}
        assert finding_pages._dot_value(page, "stat", shown, small) == ""
