"""The chart caches are keyed on everything their output depends on: change one input and the
cached output changes; change nothing and nothing is built or rendered again. A catalog change
re-renders exactly the charts that use the changed message."""

from __future__ import annotations

import json

import pytest

from macros.blocks import figures as figure_blocks
from macros.charts import rendering, typography
from macros.model.definitions import definitions
from macros.model.survey import load_survey
from macros.text import catalog


@pytest.fixture(autouse=True)
def counts(monkeypatch):
    monkeypatch.setattr(rendering, "COUNTS", rendering.RenderCounts())
    return rendering.COUNTS


def _fake_convert(spec, output):
    return json.dumps(spec, sort_keys=True).encode()


def _spec(survey, figure, language):
    """The figure's wide spec, as the figure block gets it (through the spec cache)."""
    view = figure_blocks.build_figure(survey, figure, language)
    return figure_blocks.chart_spec(figure_blocks.figure_chart(survey, figure, view, language), "wide")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(rendering.CACHE_ENV, str(tmp_path))


def _all_specs(tmp_path):
    survey = load_survey()
    _, figures = definitions()
    return {
        (fid, language): _spec(survey, figure, language) for fid, figure in figures.items() for language in ("da", "en")
    }


def _patched_translation(monkeypatch, language: str, key: str, new: str):
    real = catalog.Catalog.translations

    def translations(self, lang):
        texts = dict(real(self, lang))
        if lang == language:
            texts[key] = new
        return texts

    monkeypatch.setattr(catalog.Catalog, "translations", translations)


@pytest.mark.build  # the slow kind (see tests/conftest.py): renders charts
def test_a_catalog_change_rebuilds_and_rerenders_exactly_the_charts_that_use_the_message(tmp_path, monkeypatch):
    before = _all_specs(tmp_path)
    renders = {k: rendering.render(s, "svg", k[1], tmp_path, convert=_fake_convert) for k, s in before.items()}
    built = rendering.COUNTS.specs_built
    assert built == len(before) and rendering.COUNTS.rendered == len(before)
    # Unchanged: nothing is built or rendered again.
    assert _all_specs(tmp_path) == before and rendering.COUNTS.specs_built == built
    _patched_translation(monkeypatch, "da", "chart.scale_axis", "Ny skala: {low} = {low_label}, {high} = {high_label}")
    after = _all_specs(tmp_path)
    changed = {k for k in before if after[k] != before[k]}
    uses_axis = {k for k, s in before.items() if "Skala: " in json.dumps(s, ensure_ascii=False) and k[1] == "da"}
    assert uses_axis, "no Danish chart has a scale axis"
    assert changed == uses_axis
    assert rendering.COUNTS.specs_built == built + len(uses_axis)
    for key in changed:
        assert "Ny skala: " in json.dumps(after[key], ensure_ascii=False)
    rendered = rendering.COUNTS.rendered
    again = {k: rendering.render(s, "svg", k[1], tmp_path, convert=_fake_convert) for k, s in after.items()}
    assert rendering.COUNTS.rendered == rendered + len(uses_axis)
    assert {k for k in renders if again[k] != renders[k]} == uses_axis


@pytest.mark.build  # the slow kind (see tests/conftest.py): renders charts
def test_an_unused_message_changes_no_chart(tmp_path, monkeypatch):
    before = _all_specs(tmp_path)
    built = rendering.COUNTS.specs_built
    _patched_translation(monkeypatch, "da", "colophon.title", "Titlen")
    assert _all_specs(tmp_path) == before and rendering.COUNTS.specs_built == built


def test_the_spec_key_changes_with_the_inputs_the_code_and_the_fonts(monkeypatch):
    inputs = {"chart": {"rows": ["a"]}, "width": "wide"}
    key = rendering.spec_key(inputs)
    assert rendering.spec_key({**inputs, "width": "narrow"}) != key
    assert rendering.spec_key({"chart": {"rows": ["b"]}, "width": "wide"}) != key
    monkeypatch.setattr(typography, "font_fingerprint", lambda: "another font")
    assert rendering.spec_key(inputs) != key
    monkeypatch.undo()
    monkeypatch.setattr(rendering, "code_fingerprint", lambda: "edited spec.py")
    assert rendering.spec_key(inputs) != key


def test_the_code_fingerprint_covers_every_module_that_shapes_a_spec():
    from pathlib import Path

    charts = Path(rendering.__file__).parent
    # Every module of macros/charts but the renderer itself (keyed in render_key) shapes specs;
    # vega.py compiles finished specs for the live charts (keyed by its own code, vega.compile_key);
    # png.py recompresses finished PNGs (keyed in render_key by its own code, png.code_fingerprint);
    # embedded_fonts.py cuts the fonts of finished SVG downloads (keyed by its own code,
    # rendering.cached_font_subset); compact_svg.py shortens the SVG a page carries, which is
    # made anew on every build and never cached; workers.py runs the renderer's own functions in
    # other processes, with the same inputs and cache; converter.py runs vl-convert's own
    # conversions in a process beside the build, with the same fonts.
    shaping = {p.name for p in charts.glob("*.py")} - {
        "workers.py",
        "converter.py",
        "__init__.py",
        "rendering.py",
        "vega.py",
        "png.py",
        "embedded_fonts.py",
        "compact_svg.py",
    }
    assert shaping <= set(rendering._SPEC_SOURCES)


@pytest.mark.parametrize("change", ["spec", "output", "locale", "renderer", "renderer_code", "fonts"])
def test_the_render_key_changes_with_each_input(monkeypatch, change, tmp_path):
    spec, output, language = {"mark": "bar", "data": {"values": [{"a": 1}]}}, "svg", "da"
    first = rendering.render(spec, output, language, tmp_path, convert=_fake_convert)
    key = rendering.render_key(spec, output, language)
    if change == "spec":
        spec = {**spec, "mark": "point"}
    elif change == "output":
        output = "png"
    elif change == "locale":
        language = "en"
    elif change == "renderer":
        monkeypatch.setattr(rendering, "renderer_version", lambda: "vl-convert-python 99")
    elif change == "renderer_code":
        monkeypatch.setattr(rendering, "_renderer_code", lambda: "edited rendering.py")
    else:
        monkeypatch.setattr(typography, "font_fingerprint", lambda: "another font")
    assert rendering.render_key(spec, output, language) != key
    if output == "svg":
        rendering.render(spec, output, language, tmp_path, convert=_fake_convert)
        assert rendering.COUNTS.rendered == 2, "the changed input did not render the chart again"
    assert first


def test_a_changed_spec_cache_entry_from_an_older_layout_is_rebuilt(tmp_path):
    inputs = {"chart": "x"}
    path = tmp_path / "specs" / f"{rendering.spec_key(inputs)}.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"x": "old format, no messages"}), encoding="utf-8")
    assert rendering.cached_spec(inputs, lambda: {"y": 1}, tmp_path) == {"y": 1}
    assert rendering.COUNTS.specs_built == 1
