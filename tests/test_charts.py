"""The figures as charts: the numbers drawn, their formatting, the downloads, the cache, the
text alternative, the palette, and what a bad figure definition does to the build.

Values are recomputed here from the statistics engine (macros.stats.items), not taken from the
figure builder, and rounded by the one rule (macros.text.formatting.report_round). Built-page checks use
the session's strict build (the ``built_site`` fixture).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import altair as alt
import pytest
import yaml

from macros.blocks.figures import (
    FigurePage,
    build_figure,
    figure_block,
    figure_chart,
)
from macros.blocks.tables import anchor
from macros.charts import rendering, typography
from macros.charts import spec as charts
from macros.model.definitions import FigureDef, definitions
from macros.model.survey import DataError
from macros.outputs import downloads
from macros.stats import items as stats
from macros.text import catalog as ui
from macros.text import formatting as fmt

LANGUAGES = ("da", "en")
LANGUAGE_ROOT = {"da": "", "en": "en/"}
FIGURE_IDS = [
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "4.6",
    "5.1.1",
    "5.1.2",
    "5.1.3",
    "5.2.1",
    "5.2.2",
    "5.2.3",
    "5.2.4",
    "5.2.5",
    "5.2.6",
    "5.3",
    "6.1",
    "6.2",
    "7.1",
    "7.2",
    "7.3",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "9.1",
    "9.2",
    "9.3",
]
# Figure -> the chapter page that shows it (URL path below the language root).
CHAPTERS = {
    "4": "challenges/",
    "5": "strategic-approach/",
    "6": "benefits/",
    "7": "experiences/",
    "8": "prerequisites/",
    "9": "attention-and-interplay/",
}

all_figures = pytest.mark.parametrize("figure_id", FIGURE_IDS)
both_languages = pytest.mark.parametrize("language", LANGUAGES)


def chart_of(survey, figures, figure_id: str, language: str) -> charts.Chart:
    figure = figures[figure_id]
    return figure_chart(survey, figure, build_figure(survey, figure, language), language)


def one_decimal(value) -> float:
    return float(fmt.report_round(value))


def engine_values(survey, figure: FigureDef) -> dict[str, tuple[float, str]]:
    """key -> (value as drawn, kind) straight from macros.stats.items."""
    if figure.kind == "themes":
        values = {}
        for theme in survey.themes[figure.question].values():
            result = stats.theme_stats(survey, figure.question, theme.id)
            if not theme.parent and result.count:
                values[theme.id] = (one_decimal(result.share * 100), "share")
        return values
    if figure.kind == "means":
        return {v: (one_decimal(stats.item_stats(survey, v).mean()), "mean") for v in figure.items}
    if figure.kind == "grouped_means":
        return {
            v: (one_decimal(stats.item_stats(survey, v).mean()), "mean")
            for _, cells in figure.grid()
            for v in cells.values()
            if v in survey.variables
        }
    values = {}
    for variable in figure.items:
        item = stats.item_stats(survey, variable)
        codes = list(item.scale.valid_codes)
        include_nr = figure.include_not_relevant and item.scale.not_relevant is not None
        if include_nr:
            codes.append(item.scale.not_relevant)
        for code in codes:
            share = item.share(code, include_not_relevant=include_nr)
            values[f"{variable}={code}"] = (one_decimal(share * 100), "share")
    return values


# --- the numbers ------------------------------------------------------------------------------


def test_every_figure_of_the_report_has_a_chart(figures):
    assert sorted(figures, key=lambda f: [int(p) for p in f.split(".")]) == FIGURE_IDS


@all_figures
@both_languages
def test_chart_data_equals_the_engine_values(survey, figures, figure_id, language):
    chart = chart_of(survey, figures, figure_id, language)
    expected = engine_values(survey, figures[figure_id])
    drawn = {p.key: p.value for p in chart.points}
    assert drawn == {key: value for key, (value, _) in expected.items()}
    for point in chart.points:
        value, kind = expected[point.key]
        # The printed label is the table's string for the same value.
        number = Decimal(repr(value))
        assert point.text == (fmt.percent(number / 100, language) if kind == "share" else fmt.number(number, language))


@all_figures
@both_languages
def test_the_spec_draws_exactly_the_chart_data(survey, figures, figure_id, language):
    chart = chart_of(survey, figures, figure_id, language)
    spec = charts.chart_spec(chart, "narrow")
    drawn = [(p["row"], p["series"], p["value"], p["text"]) for p in spec["datasets"]["points"]]
    assert drawn == [(p.row, p.series, p.value, p.text) for p in chart.points]
    assert spec["config"]["locale"]["number"]["decimal"] == {"da": ",", "en": "."}[language]


@both_languages
def test_labels_legends_and_axis_titles_are_in_the_page_language(survey, figures, language):
    chart = chart_of(survey, figures, "4.6", language)
    assert chart.series == tuple(
        figures["4.6"].series_labels[s][language] for s in ("challenge", "involvement", "potential")
    )
    assert chart.rows[1] == survey.variables["challenge.urban"].short[language]
    spec = charts.chart_spec(chart, "wide")
    title = spec["layer"][1]["encoding"]["x"]["axis"]["title"]
    expected = {
        "da": "Skala: 1 = Slet ikke, 5 = I meget høj grad",
        "en": "Scale: 1 = Not at all, 5 = To a very large extent",
    }[language]
    assert (" ".join(title) if isinstance(title, list) else title) == expected


def test_the_number_locale_comes_from_babel_like_the_tables():
    assert charts.number_locale("da")["decimal"] == "," and charts.number_locale("da")["thousands"] == "."
    assert charts.number_locale("da")["percent"] == "\xa0%"
    assert charts.number_locale("en")["decimal"] == "." and charts.number_locale("en")["percent"] == "%"
    assert charts.altair() is alt and charts.THEME in alt.theme.names()


# --- readable for everyone --------------------------------------------------------------------


@pytest.mark.parametrize("colour", [*charts.PALETTE, charts.NOT_RELEVANT_COLOUR])
def test_every_bar_colour_contrasts_3_to_1_with_the_background(colour):
    assert charts.contrast_ratio(colour, charts.BACKGROUND) >= 3


@pytest.mark.parametrize("colour", [charts.TEXT_COLOUR, charts.MUTED_TEXT_COLOUR])
def test_chart_text_contrasts_4_5_to_1_with_the_background(colour):
    assert charts.contrast_ratio(colour, charts.BACKGROUND) >= 4.5


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_values_inside_bars_contrast_4_5_to_1(colour):
    assert charts.contrast_ratio(charts._text_colour(colour), colour) >= 4.5


def test_the_renderer_measures_text_in_the_site_font():
    """vl-convert lays labels out with the shipped font's widths (it would guess about 40 %
    wider for a family name it cannot parse): the chart is as wide as the text measured here."""
    label = "Children's and young people's well-being"
    spec = {
        "data": {"values": [{"a": label}]},
        "width": 1,
        "height": 1,
        "padding": 0,
        "mark": {"type": "text", "font": typography.RENDER_FONTS[400], "fontSize": 20, "align": "left"},
        "encoding": {"text": {"field": "a"}, "x": {"value": 0}},
    }
    svg = rendering._convert(spec, "svg").decode()
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))
    assert width == pytest.approx(typography.text_width(label, 20), abs=4)


def test_long_labels_wrap_instead_of_being_cut():
    lines = typography.wrap("At håndtere udgiftspresset på det specialiserede socialområde", 200, 15)
    assert len(lines) > 1
    assert " ".join(lines) == "At håndtere udgiftspresset på det specialiserede socialområde"
    assert all(typography.text_width(line, 15) <= 200 for line in lines)


# --- bad input --------------------------------------------------------------------------------


def _broken_data_dir(tmp_path: Path, edit) -> Path:
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", data)
    spec = yaml.safe_load((data / "figures.yaml").read_text(encoding="utf-8"))
    edit(spec)
    (data / "figures.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return data


def test_an_unknown_item_in_a_figure_definition_stops_the_build(tmp_path):
    data = _broken_data_dir(tmp_path, lambda spec: spec["4.2"]["items"].append("challenge.nope"))
    with pytest.raises(DataError) as error:
        definitions(data)
    assert (
        "data/figures.yaml:17: '4.2'.items[5]: unknown item 'challenge.nope'; expected one of ['challenge.urban'"
        in (str(error.value))
    )


def test_a_figure_title_missing_in_one_language_stops_the_build(tmp_path):
    data = _broken_data_dir(tmp_path, lambda spec: spec["4.2"]["title"].pop("en"))
    with pytest.raises(DataError) as error:
        definitions(data)
    assert "'4.2'.title: has {'da': 'Kommunernes udfordringsbillede'}; expected a text in every language of " in str(
        error.value
    )
    assert "(no 'en' text)" in str(error.value)


def test_a_chart_names_the_figure_language_and_problem(figures):
    figure = figures["4.2"]
    untitled = FigureDef(**{**figure.__dict__, "title": {"da": "Udfordringer", "en": ""}})
    record = {"row": "Klima", "series": "", "value": Fraction(7, 2), "kind": "mean", "key": "challenge.climate"}
    with pytest.raises(charts.ChartError, match=r"^figure 4\.2 \(en\): the title has no 'en' text"):
        charts.build_chart(untitled, [record], "en")
    with pytest.raises(charts.ChartError, match=r"^figure 4\.2 \(da\): the data selection is empty"):
        charts.build_chart(figure, [], "da")
    with pytest.raises(
        charts.ChartError, match=r"^figure 4\.2 \(en\): 'challenge.climate' has no 'en' label in the codebook"
    ):
        charts.build_chart(figure, [{**record, "row": " "}], "en")


# --- the cache --------------------------------------------------------------------------------


def test_an_unchanged_chart_is_not_rendered_again(tmp_path, monkeypatch):
    calls = []

    def convert(spec, output):
        calls.append(output)
        return b"<svg/>"

    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())
    spec = {"mark": "bar", "data": {"values": [{"a": 1}]}}
    first = rendering.render(spec, "svg", "da", tmp_path, convert=convert)
    again = rendering.render(json.loads(json.dumps(spec)), "svg", "da", tmp_path, convert=convert)
    assert first == again == b"<svg/>"
    assert calls == ["svg"]
    assert (rendering.COUNTS.rendered, rendering.COUNTS.cached) == (1, 1)
    # Another locale, another spec or another renderer version is rendered anew.
    rendering.render(spec, "svg", "en", tmp_path, convert=convert)
    rendering.render({**spec, "mark": "point"}, "svg", "da", tmp_path, convert=convert)
    monkeypatch.setattr(rendering, "renderer_version", lambda: "vl-convert-python 99")
    rendering.render(spec, "svg", "da", tmp_path, convert=convert)
    assert calls == ["svg"] * 4
    stats_file = rendering.write_stats(tmp_path)
    assert json.loads(stats_file.read_text())["rendered"] == 4


def test_an_unchanged_spec_is_not_built_again(tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())
    built = []
    for _ in range(2):
        spec = rendering.cached_spec({"chart": "4.2", "width": "wide"}, lambda: built.append(1) or {"x": 1}, tmp_path)
        assert spec == {"x": 1}
    assert built == [1]
    assert (rendering.COUNTS.specs_built, rendering.COUNTS.specs_cached) == (1, 1)


def test_charts_can_be_switched_off(survey, figures, monkeypatch):
    monkeypatch.setenv(rendering.CHARTS_ENV, "off")
    html = figure_block(survey, figures["4.2"], FigurePage("da", "challenges.md", "https://x.test/", None))
    assert "<svg" not in html and "<details" not in html
    assert 'href="../downloads/figure-4-2.csv"' in html


# --- the built site ---------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.css: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._style = False if tag == "style" else self._style

    def handle_data(self, data):
        if self._style:
            self.css.append(data)


def _page(site: Path, language: str, path: str) -> str:
    return (site / LANGUAGE_ROOT[language] / path / "index.html").read_text(encoding="utf-8")


def _figure_html(site: Path, language: str, figure_id: str) -> str:
    html = _page(site, language, CHAPTERS[figure_id.split(".")[0]])
    start = html.index(f'<figure class="report-figure" id="{anchor("figure", figure_id)}"')
    return html[start : html.index("</figure>", start)]


def _svgs(figure_html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", figure_html, flags=re.DOTALL)


_BOX = ("xmlns", "width", "height", "viewBox", "class")


def _shown_svgs(site: Path, language: str, figure_id: str) -> list[str]:
    """The figure's SVGs as a reader meets them on its chapter page: the narrow one is an empty
    box there, naming the file that figures.js puts in its place; that box has the size and
    class of the SVG in the file, so nothing moves when it arrives."""
    shown = []
    for svg in _svgs(_figure_html(site, language, figure_id)):
        source = re.search(r'\sdata-src="([^"]+)"', svg)
        if source:
            assert re.fullmatch(r"<svg\b[^>]*></svg>", svg) and 'aria-hidden="true"' in svg, svg
            page_dir = site / LANGUAGE_ROOT[language] / CHAPTERS[figure_id.split(".")[0]]
            drawn = (page_dir / unescape(source.group(1))).read_text(encoding="utf-8")
            box, head = (
                dict(re.findall(r'\s([\w:-]+)="([^"]*)"', re.match(r"<svg\b[^>]*>", t).group(0))) for t in (svg, drawn)
            )
            assert {k: box[k] for k in _BOX} == {k: head[k] for k in _BOX}
            svg = drawn
        shown.append(svg)
    return shown


def _svg_texts(svg: str) -> list[str]:
    texts = re.findall(r"<text\b[^>]*>.*?</text>", svg, flags=re.DOTALL)
    return [unescape(re.sub(r"<[^>]+>", "", t)) for t in texts]


@all_figures
@both_languages
def test_each_figure_block_has_its_chart_note_table_and_downloads(built_site, survey, figures, figure_id, language):
    html = _figure_html(built_site, language, figure_id)
    # The number links to the figure's own page (macros/outputs/figure_pages.py).
    caption = f'<a class="report-label" href="../figures/{figure_id.replace(".", "-")}/">'
    assert f"{caption}{ui.text(language, 'figure')} {figure_id}.</a>" in html
    svgs = _shown_svgs(built_site, language, figure_id)
    assert [re.search(r'class="([^"]+)"', s).group(1) for s in svgs] == [
        "report-chart__svg report-chart__svg--narrow",
        "report-chart__svg report-chart__svg--wide",
    ]
    chart = chart_of(survey, figures, figure_id, language)
    for svg, width in zip(svgs, ("narrow", "wide"), strict=True):
        # One image with a text alternative in the page language, no Vega ARIA tree.
        head = re.match(r"<svg\b[^>]*>", svg).group(0)
        element = f"{anchor('figure', figure_id)}-{width}"
        assert f'role="img" aria-labelledby="{element}-title {element}-desc"' in head
        assert f'<desc id="{element}-desc">{_escaped(charts.describe(chart))}</desc>' in svg
        assert "aria-roledescription" not in svg and "aria-label=" not in svg
        # Fits its column: 328 px (a 360 px phone) or 640 px.
        assert float(re.search(r'width="([\d.]+)"', head).group(1)) <= charts.WIDTHS[width]
        # Every value is printed in the chart exactly as in the data table.
        texts = _svg_texts(svg)
        inside_only = chart.layout == "stacked"
        for point in chart.points:
            assert point.text in texts or inside_only
    assert 'class="report-note"' in html and ui.translations(language)["note.n"].split("{")[0] in html
    assert '<table class="report-figure__data">' in html
    name = anchor("figure", figure_id)
    for extension in ("csv", "svg", "png"):
        assert f'href="../downloads/{name}.{extension}" download' in html


def _escaped(text: str) -> str:
    from markupsafe import escape as html_escape  # the escaping of the engine's templates

    return str(html_escape(text))


@both_languages
def test_numbers_in_the_svgs_follow_the_page_language(built_site, language):
    texts = []
    for path in CHAPTERS.values():
        for svg in re.findall(r"<svg\b.*?</svg>", _page(built_site, language, path), flags=re.DOTALL):
            texts += _svg_texts(svg)
    numbers = [t for t in texts if re.fullmatch(r"[\d.,]+(\xa0%|%)?", t)]
    assert numbers
    if language == "da":
        assert "81,1\xa0%" in texts or "43,2\xa0%" in texts
        assert all("." not in t for t in numbers), [t for t in numbers if "." in t]
        assert not [t for t in numbers if t.endswith("%") and not t.endswith("\xa0%")]
    else:
        assert "43.2%" in texts
        assert all("," not in t and "\xa0" not in t for t in numbers)


@all_figures
@both_languages
def test_the_csv_download_is_the_chart_data(built_site, survey, figures, figure_id, language):
    """The figure's CSV is plain RFC 4180 (header and rows, CRLF, nothing else) holding exactly its
    chart's values, as drawn; the metadata beside it says where they come from."""
    path = built_site / LANGUAGE_ROOT[language] / "downloads" / f"{anchor('figure', figure_id)}.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    chart = chart_of(survey, figures, figure_id, language)
    value_header = ui.text(language, "mean" if chart.measure == "mean" else "chart.csv.percent")
    value_column = rows[0].index(value_header)
    body = rows[1:]
    assert not any(cell.startswith("#") for row in body for cell in row)
    assert [float(r[value_column]) for r in body] == [p.value for p in chart.points]
    assert all(re.fullmatch(r"\d+\.\d", r[value_column]) for r in body)
    assert [r[0] for r in body] == [p.row for p in chart.points]


@all_figures
@both_languages
def test_the_chart_downloads_are_an_svg_and_a_png(built_site, figure_id, language):
    folder = built_site / LANGUAGE_ROOT[language] / "downloads"
    name = anchor("figure", figure_id)
    svg = (folder / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    title = root.find("{http://www.w3.org/2000/svg}title").text
    assert title.startswith(f"{ui.text(language, 'figure')} {figure_id}. ")
    assert "SourceSans3-" not in svg
    # The typeface travels with the file (the site's own woff2, inline).
    assert svg.count("@font-face{font-family:'Source Sans 3'") == 2 and "data:font/woff2;base64," in svg
    assert (folder / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_charts_stay_out_of_the_search_index(built_site):
    """The chart repeats the caption and the table's numbers; search finds those once."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(entry["text"] for entry in index["docs"])
    assert "Vandret søjlediagram" not in text and "Horizontal bar chart" not in text
    assert "Figur 4.1." in text


def test_ids_are_unique_on_every_page_with_charts(built_site):
    for language in LANGUAGES:
        for path in CHAPTERS.values():
            ids = re.findall(r'\bid="([^"]+)"', _page(built_site, language, path))
            assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_page_references_only_files_of_the_site(built_site):
    """Scripts, styles, fonts and images (also inside the charts) come from the site itself."""
    offenders = []
    for html_path in sorted(built_site.rglob("*.html")):
        page = _Page()
        page.feed(html_path.read_text(encoding="utf-8"))
        where = html_path.relative_to(built_site).as_posix()
        for tag, attrs in page.tags:
            urls = [attrs.get("src"), attrs.get("xlink:href"), attrs.get("data")]
            if tag == "link" and not set((attrs.get("rel") or "").split()) & {"alternate", "canonical", "prev", "next"}:
                urls.append(attrs.get("href"))
            if tag in ("image", "use", "script", "img", "source", "iframe", "embed"):
                urls += [attrs.get("href"), attrs.get("srcset")]
            urls += re.findall(r"""url\(\s*['"]?([^'")\s]+)""", attrs.get("style") or "")
            offenders += [f"{where}: <{tag}> {u}" for u in urls if u and _leaves_the_site(u)]
        for css in page.css:
            offenders += [
                f"{where}: <style> {u}" for u in re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css) if _leaves_the_site(u)
            ]
    for css_path in sorted(built_site.rglob("*.css")):
        for url in re.findall(r"""url\(\s*['"]?([^'")\s]+)""", css_path.read_text(encoding="utf-8")):
            if _leaves_the_site(url):
                offenders.append(f"{css_path.relative_to(built_site)}: {url}")
    for svg_path in sorted(built_site.rglob("*.svg")):
        svg = svg_path.read_text(encoding="utf-8")
        offenders += [
            f"{svg_path.relative_to(built_site)}: {u}"
            for u in re.findall(r'(?:xlink:href|href|src)="([^"#][^"]*)"', svg)
            if _leaves_the_site(u)
        ]
    assert offenders == []


def _leaves_the_site(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_download_links_resolve(built_site):
    missing = []
    for html_path in sorted(built_site.rglob("*.html")):
        for href in re.findall(r'<a href="([^"]+)" download>', html_path.read_text(encoding="utf-8")):
            if not (html_path.parent / href).resolve().is_file():
                missing.append(f"{html_path.relative_to(built_site)}: {href}")
    assert missing == []


def test_downloads_only_for_figures_and_nothing_respondent_level(built_site):
    names = {p.name for p in (built_site / "downloads").iterdir() if p.name.startswith("figure-")}
    # Its numbers (CSV and their metadata), the chart (SVG, PNG), the live chart (Vega, two
    # widths) and the narrow chart the pages fetch where it shows.
    extensions = ("csv", "json", "svg", "png", "vg.json", "narrow.vg.json", "narrow.svg")
    assert names == {f"{anchor('figure', f)}.{e}" for f in FIGURE_IDS for e in extensions}
    assert names == {p.name for p in (built_site / "en" / "downloads").iterdir() if p.name.startswith("figure-")}


def test_the_href_of_a_download_is_relative_to_its_page():
    assert downloads.href_from_page("challenges.md", "figure-4-2.csv") == "../downloads/figure-4-2.csv"
    assert downloads.href_from_page("findings/mindset-gap.md", "a.csv") == "../../downloads/a.csv"
    assert downloads.href_from_page("index.md", "a.csv") == "downloads/a.csv"


def test_numbers_in_charts_are_written_as_each_language_writes_them():
    from fractions import Fraction

    from macros.charts.spec import number_locale, printed_value

    assert (number_locale("da")["percent"], number_locale("en")["percent"]) == ("\xa0%", "%")
    assert printed_value(Fraction(60, 74), "share", "da") == (81.1, "81,1\xa0%")
    assert printed_value(Fraction(16, 5), "mean", "en") == (3.2, "3.2")


def _wrap_measuring_every_line(text: str, max_width: float, size: float, weight: int = 400) -> list[str]:
    """The wrapping as first written: each candidate line measured whole with text_width."""
    words = re.split(r"[ \t\r\n]+", text.strip())
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if not line or typography.text_width(candidate, size, weight) <= max_width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def test_wrapping_with_a_running_width_breaks_every_text_where_measuring_each_line_did():
    """typography.wrap adds each word's advances to the line's running total instead of measuring
    the line again: the same float, so the same breaks (and the same cached charts and cards).
    Every message and data text of the report, at chart and card sizes, in both weights."""
    texts = [
        line
        for pattern in ("locale/*/LC_MESSAGES/messages.po", "data/*.yaml", "data/codebook/*.yaml")
        for path in sorted(Path(__file__).resolve().parents[1].glob(pattern))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 2
    ]
    assert len(texts) > 500
    for text in texts:
        for max_width, size in ((120, 13), (328, 13), (640, 15), (520, 40)):
            for weight in (400, 600):
                assert typography.wrap(text, max_width, size, weight) == _wrap_measuring_every_line(
                    text, max_width, size, weight
                ), (text, max_width, size, weight)
