"""The subset fonts look exactly like the whole fonts, in Chromium (tests/test_font_subsets.py
checks the files).

- A chapter page in every language, screenshotted twice: as built (the subset fonts), and with
  every subset file answered by the whole font it was cut from. The two pictures are the same,
  pixel for pixel, and the page as built asks for no whole font.
- A character the site's text does not have (a reader's search query, say) is still set in the
  site's font: the browser then fetches the whole font for it.
- An SVG download shown as an image, with its embedded subset fonts and with the whole fonts in
  their place: the same picture.

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM); skipped without it, failing under
CI=true, as tests/test_browser.py.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site import site_path
from test_browser import served_chromium

from macros.charts import embedded_fonts
from macros.outputs import web_fonts

pytestmark = pytest.mark.browser

# Hang guard only: every wait below ends as soon as its condition holds.
TIMEOUT_MS = 60_000
# Tall enough that the page's first figures are drawn without scrolling (a scroll would make the
# charts live, which is another test's business).
VIEWPORT = {"width": 1280, "height": 3000}
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
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    tab.wait_for_function("() => document.fonts.status === 'loaded'")
    return tab.screenshot()


@pytest.mark.parametrize("language", sorted(PAGES))
def test_a_page_looks_the_same_in_the_subset_and_the_whole_fonts(browser, built_site, language):
    base, chromium = browser
    url = base + PAGES[language]

    requested: list[str] = []
    context, tab = _new_tab(chromium, requested)
    try:
        tab.goto(url, wait_until="load")
        as_built = _settled_screenshot(tab)
    finally:
        context.close()
    fonts = [address for address in requested if address.endswith(".woff2")]
    assert fonts, "the page loaded no web font"
    assert [address for address in fonts if address.endswith(f"{web_fonts.FULL_SUFFIX}.woff2")] == []

    whole: list[str] = []
    context, tab = _new_tab(chromium, [])

    def whole_font(route):
        name = route.request.url.rsplit("/", 1)[-1]
        full = built_site / FONT_DIR / name.replace(".woff2", f"{web_fonts.FULL_SUFFIX}.woff2")
        if not full.is_file():
            return route.continue_()
        whole.append(name)
        return route.fulfill(
            body=full.read_bytes(), content_type="font/woff2", headers={"Access-Control-Allow-Origin": "*"}
        )

    try:
        tab.route("**/*.woff2", whole_font)
        tab.goto(url, wait_until="load")
        with_whole_fonts = _settled_screenshot(tab)
    finally:
        context.close()
    assert whole, "no subset font was answered by its whole font"
    assert with_whole_fonts == as_built


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


def test_an_svg_download_looks_the_same_with_its_subset_and_the_whole_fonts(browser, built_site):
    base, chromium = browser
    downloads = sorted((built_site / "downloads").glob("*.svg"))
    assert downloads
    # The figure with the most different characters.
    path = max(downloads, key=lambda p: len(embedded_fonts.text_characters(p.read_text(encoding="utf-8"))))
    svg = path.read_text(encoding="utf-8")
    whole_fonts = iter(
        base64.b64encode(embedded_fonts.web_font_bytes(weight)).decode("ascii")
        for weight in embedded_fonts.WEB_FONT_FILES
    )
    whole = re.sub(r"base64,[A-Za-z0-9+/=]+", lambda match: "base64," + next(whole_fonts), svg)
    assert whole != svg
    images = {
        "subset": base + "downloads/" + path.name,
        "whole": "data:image/svg+xml;base64," + base64.b64encode(whole.encode("utf-8")).decode("ascii"),
    }
    context, tab = _new_tab(chromium, [])
    try:
        tab.goto(base + PAGES["da"], wait_until="load")
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
    finally:
        context.close()
    assert shots["subset"] == shots["whole"]
