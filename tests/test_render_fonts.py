"""The renderer's cut faces (macros/charts/render_fonts.py): a chart set in them is the one set in
the whole faces, byte for byte; a chart they cannot set is set in the whole faces.

The site-wide check renders every chart spec the session build made (its spec cache) both ways:
each SVG, and the PNG of every fourth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vl_convert
from fontTools.ttLib import TTFont

from macros.charts import embedded_fonts, render_fonts, rendering, typography


@pytest.fixture(scope="module")
def cut_root(tmp_path_factory) -> Path:
    """A build cache with the cut faces in it (cut once for this module: about a second)."""
    root = tmp_path_factory.mktemp("cache")
    assert render_fonts.folder(root) is not None
    return root


@pytest.mark.build  # the slow kind (tests/conftest.py): cuts the faces
def test_a_cut_face_has_the_whole_faces_glyphs_widths_and_kerning_for_what_it_holds(cut_root):
    folder = render_fonts.folder(cut_root)
    assert folder is not None
    for name in typography.RENDER_FONTS.values():
        whole, cut = TTFont(typography.FONT_DIR / f"{name}.ttf"), TTFont(folder / f"{name}.ttf")
        held = cut.getBestCmap()
        in_ranges = {
            point for point in whole.getBestCmap() if any(low <= point <= high for low, high in render_fonts.RANGES)
        }
        assert set(held) == in_ranges
        assert 500 < len(held) < len(whole.getBestCmap()) / 2
        for point, glyph in held.items():
            original = whole.getBestCmap()[point]
            assert cut["hmtx"][glyph] == whole["hmtx"][original], chr(point)
            assert (
                cut["glyf"][glyph].getCoordinates(cut["glyf"])[0]
                == whole["glyf"][original].getCoordinates(whole["glyf"])[0]
            ), chr(point)
        # Another name, so that the renderer tells it from the whole face.
        assert cut["name"].getDebugName(6) == render_fonts.cut_name(name)
        assert "Cut" in cut["name"].getDebugName(1)


@pytest.mark.build  # cuts the faces
def test_the_cut_faces_are_made_once_and_kept(cut_root, monkeypatch):
    folder = render_fonts.folder(cut_root)
    assert folder is not None
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    render_fonts._faces.cache_clear()
    monkeypatch.setattr(render_fonts, "_cut", lambda *args: pytest.fail("the kept faces were cut again"))
    assert render_fonts.folder(cut_root) == folder
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == before


def test_no_cut_faces_where_the_cache_cannot_be_written(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert render_fonts.folder(blocked) is None
    assert not render_fonts.covers("abc", blocked)


@pytest.mark.build  # cuts the faces
def test_what_the_cut_faces_hold(cut_root):
    assert render_fonts.covers("Figur 4.3: “Slet ikke” – 12,5 % −3 → ≤ Ærø Łódź ẞ\n", cut_root)
    assert not render_fonts.covers("Ω", cut_root)  # Greek
    assert not render_fonts.covers("Ж", cut_root)  # Cyrillic


def _text_spec(text: str) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"label": text, "x": 1}]},
        "mark": {"type": "text", "font": typography.RENDER_FONTS[400], "fontSize": 13},
        "encoding": {"text": {"field": "label"}, "x": {"field": "x", "type": "quantitative"}},
        "width": 200,
        "height": 40,
    }


@pytest.mark.build  # renders charts
def test_a_chart_is_set_in_the_cut_faces_only_where_they_hold_its_text(cut_root, monkeypatch):
    monkeypatch.setenv(rendering.CACHE_ENV, str(cut_root))
    sent: list[str] = []
    render = vl_convert.vegalite_to_svg

    def record(spec, **kwargs):
        sent.append(json.dumps(spec))
        return render(spec, **kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", record)
    latin = rendering._convert(_text_spec("Kommunernes samarbejde"), "svg").decode("utf-8")
    greek = rendering._convert(_text_spec("Kommunernes Ω"), "svg").decode("utf-8")
    cut, whole = f'"{render_fonts.cut_name(typography.RENDER_FONTS[400])}"', f'"{typography.RENDER_FONTS[400]}"'
    assert [cut in spec for spec in sent] == [True, False]
    # Either way the SVG names the whole face, as before.
    assert whole in latin and whole in greek and "Cut" not in latin + greek
    # The PNG: Latin text set in the cut face is the same picture; Greek text is not (the cut face
    # is what the renderer used for the cut name, and it lacks the letter), so it is drawn in the
    # whole face.
    assert rendering.svg_to_png(latin, 1) == vl_convert.svg_to_png(latin, scale=1)
    assert rendering.svg_to_png(greek, 1) == vl_convert.svg_to_png(greek, scale=1)
    assert vl_convert.svg_to_png(render_fonts.to_cut(greek), scale=1) != vl_convert.svg_to_png(greek, scale=1)


@pytest.mark.build  # renders every chart of the site twice
def test_every_chart_of_the_site_is_the_same_in_the_cut_and_the_whole_faces(built_site):
    specs = sorted((rendering.cache_dir() / "specs").glob("*.json"))
    assert len(specs) >= 50, "the session build left no spec cache to read"
    rendering.register_fonts()
    differing = []
    for index, path in enumerate(specs):
        spec = json.loads(path.read_text(encoding="utf-8"))["spec"]
        text = json.dumps(spec, ensure_ascii=False)
        assert render_fonts.covers(text, rendering.cache_dir()), path.name
        whole = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
        cut = render_fonts.to_whole(
            vl_convert.vegalite_to_svg(json.loads(render_fonts.to_cut(text)), allowed_base_urls=[])
        )
        if cut != whole:
            differing.append(f"{path.name} (SVG)")
        elif index % 4 == 0:
            assert set(embedded_fonts.text_characters(whole)) <= set(map(chr, range(0x20, 0x2300)))
            if vl_convert.svg_to_png(render_fonts.to_cut(whole), scale=2) != vl_convert.svg_to_png(whole, scale=2):
                differing.append(f"{path.name} (PNG)")
    assert differing == []
