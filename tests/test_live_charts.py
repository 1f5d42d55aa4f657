"""The live charts' Vega specs, without a browser: compiled once per content, the SVG's box, the
page language's formats from babel, tooltips and labels that are valid Vega expressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.blocks import figures as figure_blocks
from macros.charts import rendering, vega
from macros.model.definitions import definitions

LANGUAGES = ("da", "en")


def _chart(survey, figure_id: str, language: str):
    _, figures = definitions()
    figure = figures[figure_id]
    view = figure_blocks.build_figure(survey, figure, language)
    return view, figure_blocks.figure_chart(survey, figure, view, language)


def test_cldr_patterns_become_d3_time_formats():
    assert vega.d3_time_pattern("dd.MM.y") == "%d.%m.%Y"
    assert vega.d3_time_pattern("EEEE 'den' d. MMMM y") == "%A den %-d. %B %Y"
    assert vega.d3_time_pattern("h:mm a") == "%-I:%M %p"
    assert vega.d3_time_pattern("'100%' y") == "100%% %Y"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_locale_comes_from_babel(language):
    from babel import Locale
    from babel.numbers import get_decimal_symbol

    from macros.text import formatting as fmt

    locale = vega.locale(language)
    babel = Locale.parse(fmt.babel_locale(language))
    assert locale["number"]["decimal"] == get_decimal_symbol(babel)
    assert locale["time"]["months"] == [babel.months["format"]["wide"][m] for m in range(1, 13)]
    assert locale["time"]["days"][0] == babel.days["format"]["wide"][6]  # d3 weeks start on Sunday
    assert len(locale["time"]["shortDays"]) == 7 and len(locale["time"]["periods"]) == 2


def test_a_spec_is_compiled_once_per_content(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(vega.converter, "vegalite_to_vega", lambda spec: calls.append(1) or {"marks": []})
    spec = {"mark": "bar", "data": {"values": []}}
    assert vega.compile_spec(spec, tmp_path) == vega.compile_spec(spec, tmp_path) == {"marks": []}
    vega.compile_spec({**spec, "mark": "point"}, tmp_path)
    assert len(calls) == 2


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("figure_id", ["4.1", "4.2", "4.6", "5.3"])
def test_the_live_spec_has_the_svgs_box_and_a_tooltip_per_bar(survey, figure_id, language):
    view, chart = _chart(survey, figure_id, language)
    spec = figure_blocks.chart_spec(chart, "wide")
    svg = rendering.render(spec, "svg", language).decode("utf-8")
    live = vega.live_spec(spec, svg, chart, view.records, language)
    width, height, left, top = vega.svg_box(svg)
    padding = live["padding"]
    assert (padding["left"], padding["top"]) == (left, top)
    assert live["width"] + padding["left"] + padding["right"] == pytest.approx(width)
    assert live["height"] + padding["top"] + padding["bottom"] == pytest.approx(height)
    points = next(d for d in live["data"] if d["name"] == "points")["values"]
    assert len(points) == len(chart.points)
    assert all(isinstance(p["n"], int) for p in points)
    measure = "mean" if chart.measure == "mean" else "share"
    assert all(isinstance(p[measure], float) for p in points)
    bar = next(m for m in vega._all_marks(live["marks"]) if m.get("type") == "rect")
    assert bar["aria"] is True and "tooltip" in bar["encode"]["update"] and "description" in bar["encode"]["update"]
    # Only the bars answer the pointer: a value label over a bar lets it through to the bar.
    others = [m for m in vega._all_marks(live["marks"]) if m is not bar and m.get("type") != "group"]
    assert others and all(m.get("interactive") is False for m in others)
    assert bar.get("interactive", True) is True
    assert live["config"]["locale"] == json.loads(json.dumps(vega.locale(language)))
    assert "SourceSans3-" not in json.dumps(live)


def test_catalog_words_are_string_literals_in_the_expression(survey):
    _, chart = _chart(survey, "5.3", "en")
    expression = vega.tooltip_expression(chart, "en")
    assert expression.startswith('{title: datum.row + " \u2013 " + datum.series, "Share": (')
    # A quote in a catalog text cannot end its literal early.
    assert vega._literal('say "hi"') == '"say \\"hi\\""'


def test_a_number_that_is_not_published_is_a_dash_in_the_tooltip(survey):
    view, chart = _chart(survey, "4.3", "da")
    records = [dict(r) for r in view.records]
    records[0]["count"] = None  # a small count the disclosure rule withholds
    numbers = vega.point_numbers(chart, records)
    assert numbers[0]["count"] is None and numbers[1]["count"] == records[1]["count"]
    expression = vega.tooltip_expression(chart, "da")
    assert 'isValid(datum.count) ? format(datum.count, ",d") : "\u2013"' in expression


# --- the Vega the site ships (hooks/live_charts.py, hooks/vega-live.entry.js) --------------------

DRAW_EACH = r"""
// node draw.js <Vega script> <specs.json>: each spec drawn headless as SVG text, by name.
const fs = require("fs");
const vega = new Function(fs.readFileSync(process.argv[2], "utf8") + "\nreturn vega;")();
const specs = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
(async () => {
  const drawn = {};
  for (const [name, spec] of Object.entries(specs)) {
    const view = new vega.View(vega.parse(spec, null, { ast: true }), {
      renderer: "none", expr: vega.expressionInterpreter, locale: spec.config && spec.config.locale,
    });
    drawn[name] = await view.toSVG();
  }
  process.stdout.write(JSON.stringify(drawn));
})().catch((error) => {
  process.stderr.write(String((error && error.message) || error).slice(0, 400));
  process.exit(1);
});
"""


def _draw_each(script: Path, specs: dict, tmp_path: Path) -> dict[str, str]:
    import subprocess

    (tmp_path / "draw.js").write_text(DRAW_EACH, encoding="utf-8")
    (tmp_path / "specs.json").write_text(json.dumps(specs), encoding="utf-8")
    command = ["node", str(tmp_path / "draw.js"), str(script), str(tmp_path / "specs.json")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{script.name}: {done.stderr}"
    return json.loads(done.stdout)


def test_the_sites_vega_draws_every_live_spec_as_vegas_own_bundle_does(report_site, tmp_path):
    import os
    import subprocess

    from hooks import live_charts

    site = report_site.site
    specs = {path.relative_to(site).as_posix(): json.loads(path.read_text()) for path in site.rglob("*.vg.json")}
    assert len(specs) == 2 * len(report_site.definitions[1]) * len(list(report_site.languages))
    # The reference: Vega as its own package exports it (every transform), with the same interpreter.
    reference_entry = tmp_path / "full.entry.js"
    reference_entry.write_text(
        'export * from "vega";\nexport { expressionInterpreter } from "vega-interpreter";\n', encoding="utf-8"
    )
    full = tmp_path / "vega-full.js"
    command = [str(live_charts.NODE_MODULES / ".bin" / "esbuild"), str(reference_entry), "--bundle"]
    command += ["--format=iife", "--global-name=vega", "--log-level=error", f"--outfile={full}"]
    subprocess.run(
        command, check=True, cwd=live_charts.ROOT, env={**os.environ, "NODE_PATH": str(live_charts.NODE_MODULES)}
    )
    shipped = _draw_each(site / live_charts.VENDOR_DIR / live_charts.BUNDLE, specs, tmp_path)
    reference = _draw_each(full, specs, tmp_path)
    assert shipped == reference
    assert all(svg.count("<path") and svg.count("<text") for svg in shipped.values())
    assert not (site / live_charts.VENDOR_DIR / "vega.min.js").exists()


def test_the_bundle_is_made_once_per_entry_and_lock_file(monkeypatch):
    import subprocess

    from hooks import live_charts

    first = live_charts.vega_bundle()
    assert first.read_bytes().startswith(b"var vega=")

    def never(*args, **kwargs):
        raise AssertionError("the bundle was made again")

    monkeypatch.setattr(subprocess, "run", never)
    assert live_charts.vega_bundle() == first


def test_no_bundler_or_an_entry_that_does_not_bundle_stops_the_build_with_what_to_do(tmp_path):
    from mkdocs.exceptions import PluginError

    from hooks import live_charts

    empty = tmp_path / "node_modules"
    empty.mkdir()
    (tmp_path / "package-lock.json").write_text("{}")
    with pytest.raises(PluginError, match=r"node_modules/\.bin/esbuild is missing: run `npm ci`"):
        live_charts.vega_bundle(empty)
    broken = tmp_path / "broken.entry.js"
    broken.write_text('export { View } from "vega-no-such-package";\n')
    with pytest.raises(PluginError, match=r"(?s)esbuild could not bundle broken\.entry\.js.*vega-no-such-package"):
        live_charts.vega_bundle(entry=broken)
    assert not list((live_charts.NODE_MODULES / ".cache" / "report-vega").glob("*.part"))
