"""Fonts cut down to the characters they set: the site's web fonts (hooks/web_fonts.py,
macros/outputs/web_fonts.py) and the font inside each SVG download (macros/charts/embedded_fonts.py).

The promise is "smaller, and nothing looks different": the files are checked here, on a small
folder of our own and on the built site, and in Chromium (tests/test_font_subsets_browser.py)
by comparing what a reader sees with the subset fonts and with the whole fonts.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from macros.charts import embedded_fonts
from macros.outputs import web_fonts

FONTS = Path(__file__).resolve().parents[1] / "docs" / "assets" / "fonts" / "source-sans-3"
REGULAR = "source-sans-3-latin-400-normal.woff2"


def cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def with_reference(characters, font: bytes) -> set[int]:
    """The code points a subset of ``font`` for ``characters`` holds: those characters and the
    auto-hinter's reference characters, as far as the font has them."""
    points = {ord(char) if isinstance(char, str) else char for char in characters}
    return (points | {ord(char) for char in embedded_fonts.HINTING_REFERENCE}) & cmap(font)


def small_site(tmp_path: Path, text: str, unicode_range: str = "U+0000-00FF, U+2013-2014") -> Path:
    """A built site of one page and one style sheet with one face of the site's font."""
    site = tmp_path / "site"
    (site / "assets" / "fonts").mkdir(parents=True)
    (site / "assets" / "stylesheets").mkdir(parents=True)
    shutil.copy(FONTS / REGULAR, site / "assets" / "fonts" / REGULAR)
    (site / "assets" / "stylesheets" / "site.css").write_text(
        "@font-face {\n"
        '  font-family: "Source Sans 3";\n'
        "  font-weight: 400;\n"
        f'  src: url("../fonts/{REGULAR}") format("woff2");\n'
        f"  unicode-range: {unicode_range};\n"
        "}\n"
        "body { color: black; }\n",
        encoding="utf-8",
    )
    (site / "index.html").write_text(f'<p title="Åh">{text}</p>', encoding="utf-8")
    return site


def test_a_face_is_split_into_the_characters_used_and_the_whole_font(tmp_path):
    site = small_site(tmp_path, "Hej &amp; farvel – tak")
    original = (FONTS / REGULAR).read_bytes()

    changes = web_fonts.split_faces(site, embedded_fonts.subset_woff2)

    css = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    rules = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(rules) == 2
    assert f'url("../fonts/{REGULAR[: -len(".woff2")]}-full.woff2")' in rules[0]
    assert f'url("../fonts/{REGULAR}")' in rules[1]
    # The characters of the page: text, entity, attribute value and the markup's own ASCII.
    used = set('Hej & farvel – tak Åh <p title="">/')
    assert re.search(r"unicode-range: ([^;]+);", rules[1]).group(1) == web_fonts.format_unicode_range(
        ord(char) for char in used
    )
    assert "body { color: black; }" in css
    # The whole font moved aside unchanged; the subset holds the characters used (and the
    # auto-hinter's reference characters, which its range does not name).
    full = site / "assets" / "fonts" / f"{REGULAR[: -len('.woff2')]}-full.woff2"
    assert full.read_bytes() == original
    subset = (site / "assets" / "fonts" / REGULAR).read_bytes()
    assert cmap(subset) == with_reference(used, original)
    assert len(subset) < len(original) / 2
    # The rest is what the whole font has beyond the characters used, in the face's range.
    rest = web_fonts.parse_unicode_range(re.search(r"unicode-range: ([^;]+);", rules[0]).group(1))
    in_range = cmap(original) & web_fonts.parse_unicode_range("U+0000-00FF, U+2013-2014")
    assert rest == in_range - {ord(char) for char in used}
    assert [(str(c.font), c.kept) for c in changes] == [(f"assets/fonts/{REGULAR}", len(used))]


def test_a_second_build_into_the_same_folder_splits_from_the_whole_font(tmp_path):
    site = small_site(tmp_path, "Hej")
    sheet = site / "assets" / "stylesheets" / "site.css"
    original_css = sheet.read_text(encoding="utf-8")
    web_fonts.split_faces(site, embedded_fonts.subset_woff2)
    first = (sheet.read_text(encoding="utf-8"), (site / "assets" / "fonts" / REGULAR).read_bytes())
    # MkDocs copies the style sheet again (the font file may stay the subset of the last build).
    sheet.write_text(original_css, encoding="utf-8")
    web_fonts.split_faces(site, embedded_fonts.subset_woff2)
    assert (sheet.read_text(encoding="utf-8"), (site / "assets" / "fonts" / REGULAR).read_bytes()) == first


def test_a_face_the_site_does_not_use_or_uses_in_full_is_left_alone(tmp_path):
    site = small_site(tmp_path, "Hej", unicode_range="U+0100-017F")
    before = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert web_fonts.split_faces(site, embedded_fonts.subset_woff2) == []
    assert (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8") == before
    assert not list((site / "assets" / "fonts").glob("*-full.woff2"))

    every = "".join(chr(point) for point in sorted(cmap((FONTS / REGULAR).read_bytes())) if point < 0x80)
    site = small_site(tmp_path / "second", every.replace("&", "&amp;").replace("<", "&lt;"), "U+0000-007F")
    assert web_fonts.split_faces(site, embedded_fonts.subset_woff2) == []


def test_a_face_with_an_unreadable_range_names_the_sheet_and_the_value(tmp_path):
    site = small_site(tmp_path, "Hej", unicode_range="U+00-ZZ")
    with pytest.raises(web_fonts.WebFontError) as raised:
        web_fonts.split_faces(site, embedded_fonts.subset_woff2)
    assert str(raised.value) == (
        f"assets/stylesheets/site.css: @font-face of ../fonts/{REGULAR}: 'U+00-ZZ' is not a "
        "unicode-range item; expected U+XXXX or U+XXXX-YYYY"
    )


def test_the_characters_an_svg_draws():
    svg = '<svg><title>Not drawn</title><text x="1">Ja &amp; nej</text><text><tspan>ø</tspan></text></svg>'
    assert embedded_fonts.text_characters(svg) == " &Jaejnø"


def _embedded_faces(svg: str) -> dict[int, bytes]:
    """The fonts inside a standalone SVG, by the weight of their @font-face."""
    faces = re.findall(r"font-weight:(\d+);src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", svg)
    assert len(faces) == svg.count("@font-face")
    return {int(weight): base64.b64decode(data) for weight, data in faces}


def test_a_standalone_svg_carries_only_the_glyphs_it_draws():
    from macros.charts import rendering

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>Søjle 12,5 %</text></svg>'
    standalone = rendering.standalone_svg(svg, "Titel", "Beskrivelse")
    faces = _embedded_faces(standalone)
    # The text is in no weight of its own, so in the regular one; the semibold is not embedded.
    assert list(faces) == [400]
    assert cmap(faces[400]) == with_reference("Søjle 12,5 %", embedded_fonts.web_font_bytes(400))
    assert len(faces[400]) < len(embedded_fonts.web_font_bytes(400)) / 2


def test_each_embedded_weight_carries_the_glyphs_drawn_in_it():
    from macros.charts import rendering

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g font-weight="600">'
        '<text>Ja</text><text font-weight="400">nej <tspan font-weight="bold">Å</tspan>!</text></g>'
        '<text font-weight="300">1</text></svg>'
    )
    faces = _embedded_faces(rendering.standalone_svg(svg, "Titel", "Beskrivelse"))
    # 300 is drawn in the lightest weight there is; bold (700) in the heaviest.
    assert {weight: cmap(data) for weight, data in faces.items()} == {
        400: with_reference("nej !1", embedded_fonts.web_font_bytes(400)),
        600: with_reference("JaÅ", embedded_fonts.web_font_bytes(600)),
    }


def test_a_weight_set_another_way_gives_every_weight_every_character():
    drawn = embedded_fonts.characters_by_weight(
        '<svg><text style="font-weight: 600">Ja</text><text font-weight="bolder">nej</text></svg>', [400, 600]
    )
    assert drawn == {400: "Jaejn", 600: "Jaejn"}


# --- the built site -----------------------------------------------------------------------------


def _face_fonts(site: Path) -> dict[Path, set[int]]:
    """The subset font files of the site's style sheets and the characters each holds."""
    fonts = {}
    for path in (site / "assets").rglob("*-full.woff2"):
        subset = path.with_name(path.name.replace("-full.woff2", ".woff2"))
        fonts[subset] = cmap(subset.read_bytes())
    return fonts


def test_every_page_of_the_built_site_is_set_in_the_subset_fonts(built_site):
    fonts = _face_fonts(built_site)
    assert fonts, "no web font face was split"
    regular = next(chars for path, chars in fonts.items() if path.name == REGULAR)
    full = cmap(
        (built_site / "assets" / "fonts" / "source-sans-3" / REGULAR.replace(".woff2", "-full.woff2")).read_bytes()
    )
    missing: dict[str, str] = {}
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        # A character the whole font has but the subset lacks would make the page load the whole font.
        lacking = {char for char in set(text) if ord(char) in full and ord(char) not in regular}
        if lacking:
            missing[page.relative_to(built_site).as_posix()] = "".join(sorted(lacking))
    assert missing == {}


def test_every_svg_download_embeds_the_glyphs_it_draws_and_no_more(built_site):
    # Not the narrow charts the pages fetch (macros.blocks.figures.ON_DEMAND_SVG): set in the page's font.
    downloads = sorted(p for p in built_site.rglob("downloads/*.svg") if not p.name.endswith(".narrow.svg"))
    assert downloads
    weights = list(embedded_fonts.WEB_FONT_FILES)
    for path in downloads:
        svg = path.read_text(encoding="utf-8")
        drawing = re.sub(r"<defs>.*?</defs>", "", svg, flags=re.S)
        expected = {
            weight: with_reference(chars, embedded_fonts.web_font_bytes(weight))
            for weight, chars in embedded_fonts.characters_by_weight(drawing[drawing.index("<svg") :], weights).items()
        }
        assert {weight: cmap(data) for weight, data in _embedded_faces(svg).items()} == expected, path
        # Every character drawn is in some embedded weight.
        everything = {ord(char) for char in embedded_fonts.text_characters(drawing)}
        assert everything & cmap(embedded_fonts.web_font_bytes(400)) <= set().union(*expected.values()), path
