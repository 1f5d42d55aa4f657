"""The charts' SVG, written shorter by macros.charts.compact_svg, draws the same picture.

Every chart of the report, in both languages and all its drawings (the two page widths and the
download with its heading), is rasterised by the renderer's own rasteriser (resvg) as Vega wrote
it and as the pages carry it: the pixels must be identical, and the text shorter. The page
itself is compared in Chromium in tests/test_compact_svg_browser.py.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import vl_convert
from PIL import Image, ImageChops

from macros.blocks.figures import build_figure, chart_spec, citation_short, figure_chart
from macros.charts import compact_svg, rendering
from macros.charts import spec as charts
from macros.text import catalog as ui
from tests.test_charts import FIGURE_IDS, LANGUAGES

SVG = "{http://www.w3.org/2000/svg}"


def _pixels(svg: str) -> Image.Image:
    rendering.register_fonts()
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=1))).convert("RGBA")


def _drawings(survey, figures, figure_id: str, language: str) -> dict[str, str]:
    """The renderer's SVG of each drawing of a figure (from the chart cache the build filled)."""
    figure = figures[figure_id]
    view = build_figure(survey, figure, language)
    chart = figure_chart(survey, figure, view, language)
    # As macros/blocks/figures.py heads the download (so that the build has rendered it).
    title = f"{ui.text(language, 'figure')} {figure.id}. {figure.title[language]}"
    credit = f"{ui.text(language, 'chart.source')}: {citation_short(survey, language)}"
    heading = (title, f"{view.n_note} {credit}".strip())
    specs = {width: chart_spec(chart, width) for width in charts.WIDTHS}
    specs["download"] = chart_spec(chart, "wide", heading)
    return {name: rendering.render(spec, "svg", language).decode("utf-8") for name, spec in specs.items()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("figure_id", FIGURE_IDS)
def test_every_chart_draws_the_same_pixels_compacted(built_site, survey, figures, figure_id, language):
    for name, raw in _drawings(survey, figures, figure_id, language).items():
        compacted = compact_svg.compact(raw)
        assert len(compacted) < 0.85 * len(raw), f"{figure_id} {name}: {len(raw)} -> {len(compacted)} characters"
        before, after = _pixels(raw), _pixels(compacted)
        assert before.size == after.size
        if before.tobytes() != after.tobytes():
            # getbbox() of an RGBA difference would see its alpha (0 where both are opaque): RGB.
            where = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox()
            pytest.fail(f"{figure_id} [{language}] {name}: the pixels differ within {where}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_texts_and_marks_remain(survey, figures, built_site, language):
    """What a reader's assistive technology and search read: every text, in order, and every mark."""
    raw = _drawings(survey, figures, "8.4", language)["wide"]
    before, after = ET.fromstring(raw), ET.fromstring(compact_svg.compact(raw))
    assert [t.text for t in before.iter(f"{SVG}text")] == [t.text for t in after.iter(f"{SVG}text")]
    kinds = ("line", "rect", "text", "g")
    assert [e.tag for e in before.iter() if e.tag[len(SVG) :] in kinds] == [
        e.tag for e in after.iter() if e.tag[len(SVG) :] in kinds
    ]


def test_a_value_moves_up_only_where_every_child_has_one():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g fill="none">'
        '<g><rect fill="#123456" width="1"/><rect fill="#123456" width="2"/><rect width="3"/></g>'
        '<g><text font-size="13px" fill="#4d4d4d">a</text><text font-size="11px" fill="#4d4d4d">b</text>'
        '<text font-size="13px" fill="#4d4d4d" opacity="0.5">c</text></g></g></svg>'
    )
    assert compact_svg.compact(svg) == (
        '<svg xmlns="http://www.w3.org/2000/svg"><g fill="none">'
        '<g><rect fill="#123456" width="1"/><rect fill="#123456" width="2"/><rect width="3"/></g>'
        '<g fill="#4d4d4d" font-size="13px"><text>a</text><text font-size="11px">b</text>'
        '<text opacity="0.5">c</text></g></g></svg>'
    )


def test_an_empty_path_that_paints_stays():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0,0h0v0h0Z" stroke="#000"/><path d=""/></svg>'
    assert (
        compact_svg.compact(svg)
        == '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0,0h0v0h0Z" stroke="#000"/></svg>'
    )


def test_svg_that_is_not_xml_is_one_clear_error():
    with pytest.raises(rendering.RenderError, match=r"^figure-9-9-wide: the renderer's SVG is not well-formed XML"):
        rendering.page_svg("<svg><g></svg>", "figure-9-9-wide", "Title", "Description")


def test_a_compacted_chart_is_kept_in_the_cache(tmp_path, monkeypatch):
    """A warm build compacts no chart: the compacted SVG is read from the cache, by the SVG and
    the code of macros/charts/compact_svg.py."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><g><text fill="#444">1</text><text fill="#444">2</text></g></svg>'
    first = rendering._compact(svg, "figure 1", tmp_path)
    assert first == compact_svg.compact(svg) and len(list((tmp_path / "compact").iterdir())) == 1

    def fails(_svg):
        raise AssertionError("compacted again")

    monkeypatch.setattr(compact_svg, "compact", fails)
    assert rendering._compact(svg, "figure 1", tmp_path) == first
    monkeypatch.setattr(rendering, "_compact_code", lambda: "other code")
    with pytest.raises(AssertionError, match="compacted again"):
        rendering._compact(svg, "figure 1", tmp_path)


def test_a_chart_that_cannot_be_compacted_names_its_figure(tmp_path):
    with pytest.raises(rendering.RenderError, match=r"^figure 1: the renderer's SVG is not well-formed XML"):
        rendering._compact("<svg><g></svg>", "figure 1", tmp_path)
    assert not (tmp_path / "compact").exists()
