"""The subset fonts look exactly like the whole fonts, in Chromium (tests/test_font_subsets.py
checks the files).

- A chapter page in every language, screenshotted twice in one load: as built (the subset fonts),
  and with the whole fonts put in their place. The two pictures are the same, pixel for pixel,
  and the page as built asks for no whole font.
- A character the site's text does not have (a reader's search query, say) is still set in the
  site's font: the browser then fetches the whole font for it.
- Every SVG download shown as an image, with its embedded subset fonts (each weight holding the
  glyphs drawn in it) and with the whole fonts in their place: the same picture.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import page_scripts as js
from browser.site import site_path
from PIL import Image, ImageChops
from test_browser import _await_page, served_chromium

from macros.charts import embedded_fonts
from macros.outputs import web_fonts

pytestmark = pytest.mark.browser

# Hang guard only: every wait below ends as soon as its condition holds.
TIMEOUT_MS = 60_000
# Tall enough that the page's first figures are drawn without scrolling (a scroll would make the
# charts live, which is another test's business).
VIEWPORT = {"width": 1280, "height": 3000}
NO_BOX_EDGES = "*, *::before, *::after { border-color: transparent !important; box-shadow: none !important; }"
# Hang guard only: a page that keeps repainting fails after this many frames.
STILL_TRIES = 50
PAGES = {"da": "challenges/", "en": "en/challenges/"}
FONT_DIR = "assets/fonts/source-sans-3/"


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, object]]:
    with served_chromium(built_site, site_path()) as served:
        yield served


def _new_tab(chromium, requested: list[str]):
    context = chromium.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    context.on("request", lambda request: requested.append(request.url))
    return context, context.new_page()


def _settled_screenshot(tab) -> bytes:
    """The page once it is done (loaded, fonts in, nothing moving: the browser tests' own wait)
    and drawn the same in two screenshots a frame apart: nothing is left to repaint."""
    _await_page(tab, js.SETTLED)
    shot = tab.screenshot()
    for _ in range(STILL_TRIES):
        tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        _await_page(tab, js.SETTLED)
        again = tab.screenshot()
        if again == shot:
            return shot
        shot = again
    raise AssertionError(f"the page was still changing after {STILL_TRIES} frames")


def _difference(first: bytes, second: bytes) -> str:
    """Where two screenshots differ, for the failure message."""
    one, other = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in (first, second))
    if one.size != other.size:
        return f"sizes {one.size} and {other.size}"
    return f"pixels differ within {ImageChops.difference(one, other).getbbox()} (left, top, right, bottom)"


def _whole_font_faces(built_site: Path, base: str) -> str:
    """The site's subset faces again, each with its whole font (absolute URLs): a style sheet
    that, added to a page, sets every character the subsets set in the whole fonts instead (of
    two faces that cover a character, the one defined later wins)."""
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    faces = []
    for rule in re.findall(r"@font-face\s*\{[^}]*\}", css):
        url = re.search(r'url\("\.\./fonts/source-sans-3/([^"]+)\.woff2"\)', rule)
        if url is None or url.group(1).endswith(web_fonts.FULL_SUFFIX):
            continue
        if not (built_site / FONT_DIR / f"{url.group(1)}{web_fonts.FULL_SUFFIX}.woff2").is_file():
            continue
        whole = f"{base}{FONT_DIR}{url.group(1)}{web_fonts.FULL_SUFFIX}.woff2"
        faces.append(rule.replace(url.group(0), f'url("{whole}")'))
    return "\n".join(faces)


@pytest.mark.parametrize("language", sorted(PAGES))
def test_a_page_looks_the_same_in_the_subset_and_the_whole_fonts(browser, built_site, language):
    """One page load, two pictures: as built, then with the whole fonts put in the subsets' place
    (in the same load, so that nothing but the fonts can differ between the two)."""
    base, chromium = browser
    requested: list[str] = []
    context, tab = _new_tab(chromium, requested)
    try:
        tab.goto(base + PAGES[language], wait_until="load")
        # Borders and shadows off in both pictures: their anti-aliased corners come out a shade
        # different from one paint to the next, the text does not.
        tab.add_style_tag(content=NO_BOX_EDGES)
        as_built = _settled_screenshot(tab)
        fonts = [address for address in requested if address.endswith(".woff2")]
        assert fonts, "the page loaded no web font"
        assert [address for address in fonts if address.endswith(f"{web_fonts.FULL_SUFFIX}.woff2")] == []
        faces = _whole_font_faces(built_site, base)
        assert faces, "no subset face to replace"
        tab.add_style_tag(content=faces)
        # The new faces load once the page's style is computed again, on the next frame.
        tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        with_whole_fonts = _settled_screenshot(tab)
        whole = [address for address in requested if address.endswith(f"{web_fonts.FULL_SUFFIX}.woff2")]
    finally:
        context.close()
    assert whole, "the page did not load the whole fonts"
    assert with_whole_fonts == as_built, _difference(as_built, with_whole_fonts)


def test_a_character_outside_the_sites_text_is_set_in_the_whole_font(browser, built_site):
    base, chromium = browser
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    full_name = f"source-sans-3-latin-400-normal{web_fonts.FULL_SUFFIX}.woff2"
    rule = next(rule for rule in re.findall(r"@font-face\s*\{[^}]*\}", css) if full_name in rule and "normal" in rule)
    rest = web_fonts.parse_unicode_range(re.search(r"unicode-range:\s*([^;]+);", rule).group(1))
    # A letter the whole font has and the site's text does not.
    letter = next(chr(point) for point in sorted(rest) if chr(point).isalpha())

    requested: list[str] = []
    context, tab = _new_tab(chromium, requested)
    try:
        tab.goto(base + PAGES["da"], wait_until="load")
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        assert not any(address.endswith(full_name) for address in requested)
        faces = tab.evaluate(
            """letter => {
                const span = document.createElement("span");
                span.textContent = letter;
                document.querySelector("article").appendChild(span);
                return document.fonts.load("400 16px 'Source Sans 3'", letter)
                    .then(loaded => loaded.map(face => face.status));
            }""",
            letter,
        )
    finally:
        context.close()
    assert faces == ["loaded"]
    assert any(address.endswith(full_name) for address in requested)


def _with_whole_fonts(svg: str) -> str:
    """``svg`` with each embedded subset replaced by the whole font of its weight."""

    def whole(match: re.Match[str]) -> str:
        data = base64.b64encode(embedded_fonts.web_font_bytes(int(match.group(1)))).decode("ascii")
        return f"font-weight:{match.group(1)};src:url(data:font/woff2;base64,{data})"

    return re.sub(r"font-weight:(\d+);src:url\(data:font/woff2;base64,[A-Za-z0-9+/=]+\)", whole, svg)


def test_every_svg_download_looks_the_same_with_its_subsets_and_the_whole_fonts(browser, built_site):
    # Every download of both languages: each weight carries only the glyphs drawn in it, so a
    # text matched to the wrong weight would show here as another face (or a fallback font).
    base, chromium = browser
    # Not the narrow charts the pages fetch (macros.blocks.figures.ON_DEMAND_SVG): set in the page's font.
    downloads = sorted(p for p in built_site.rglob("downloads/*.svg") if not p.name.endswith(".narrow.svg"))
    assert downloads
    context, tab = _new_tab(chromium, [])
    differences = {}
    try:
        tab.goto(base + PAGES["da"], wait_until="load")
        for path in downloads:
            svg = path.read_text(encoding="utf-8")
            whole = _with_whole_fonts(svg)
            assert whole != svg, path
            images = {
                "subset": base + path.relative_to(built_site).as_posix(),
                "whole": "data:image/svg+xml;base64," + base64.b64encode(whole.encode("utf-8")).decode("ascii"),
            }
            shots = {}
            # One at a time, at the same place, so that nothing but the fonts differs.
            for name, src in images.items():
                tab.evaluate(
                    """src => {
                        document.body.innerHTML = "";
                        document.body.style.margin = "0";
                        const image = new Image();
                        image.id = "figure";
                        image.style.display = "block";
                        image.src = src;
                        document.body.appendChild(image);
                        return image.decode();
                    }""",
                    src,
                )
                shots[name] = tab.locator("#figure").screenshot()
            if shots["subset"] != shots["whole"]:
                differences[path.relative_to(built_site).as_posix()] = _difference(shots["subset"], shots["whole"])
    finally:
        context.close()
    assert differences == {}
