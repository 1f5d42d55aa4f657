"""Built pages without the indentation between their tags (hooks/compact_html.py,
macros/html/whitespace.py), read the same by a reader.

- The rule itself, on literal HTML: runs between tags become one character; preformatted text,
  inline code, scripts and styles keep theirs; text keeps its spaces.
- The built site: every page and the 404 page are collapsed (collapsing again changes nothing),
  in every language; the BibTeX block of a finding page keeps its lines and indentation; the
  sitemap is left as written.
- Chromium, for a chapter page and a finding page in every language: the page as built and the
  same page with every run between tags made long again (served at the same address) have the
  same text, as a reader copies it (``innerText``), and every element of the article the same
  box, to the hundredth of a pixel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.site import site_path
from test_browser import read_page_as, served_chromium

from macros.html.whitespace import collapse

PAGES = {
    "da": ["challenges/", "findings/mindset-gap/"],
    "en": ["en/challenges/", "en/findings/mindset-gap/"],
}
_KEPT_OR_RUN = re.compile(
    r"(<(pre|textarea|script|style|code|kbd)\b.*?</\2\s*>)|(?<=>)([ \t\r\n\f]+)(?=<)", re.S | re.I
)


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_runs_between_tags_become_one_character():
    html = (
        '<nav>\n      <ul class="a">\n        <li><a href="x">One</a></li>  <li>Two</li>\n      </ul>\n    </nav>\n'
        "  <p>Text  with   spaces <code> a  </code>  <kbd>  b </kbd></p>\n"
        "  <pre><span>x</span>\n    <span>y</span></pre>\n"
        "  <style>\n  a > b { }\n  </style>  <textarea>\n  keep\n  </textarea>"
    )
    assert collapse(html) == (
        '<nav>\n<ul class="a">\n<li><a href="x">One</a></li> <li>Two</li>\n</ul>\n</nav>\n'
        "<p>Text  with   spaces <code> a  </code> <kbd>  b </kbd></p>\n"
        "<pre><span>x</span>\n    <span>y</span></pre>\n"
        "<style>\n  a > b { }\n  </style> <textarea>\n  keep\n  </textarea>"
    )


def test_every_page_of_the_site_is_collapsed(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    assert [
        str(p.relative_to(built_site))
        for p in pages
        if collapse(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")
    ] == []
    for language_root in ("", "en/"):
        assert ">\n    <" not in _page(built_site, f"{language_root}challenges")


def _collapse_in_one_scan(html: str) -> str:
    """The rule as one scan that skips each kept element (how collapse() was first written)."""
    return _KEPT_OR_RUN.sub(
        lambda m: m.group(1) or (m.group(3) if len(m.group(3)) < 2 else "\n" if "\n" in m.group(3) else " "), html
    )


def test_collapse_does_what_one_scan_skipping_kept_elements_does(built_site):
    """collapse() finds runs and kept elements in two scans: on every built page, with a run of
    white space put between every two tags (in preformatted text, code and scripts too), it gives
    what one scan that skips each kept element gives."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        loosened = path.read_text(encoding="utf-8").replace("><", ">\n    <")
        assert collapse(loosened) == _collapse_in_one_scan(loosened), path.relative_to(built_site).as_posix()


def test_the_404_page_is_collapsed_and_the_sitemap_left_as_written(built_site):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert collapse(page) == page and ">\n  <" not in page
    assert ">\n    <" in (built_site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("language_root", ["", "en/"])
def test_the_bibtex_block_keeps_its_lines(built_site, language_root):
    page = _page(built_site, f"{language_root}findings/mindset-gap")
    block = re.search(r'<pre class="citation-bibtex"[^>]*><code>(.*?)</code></pre>', page, re.S).group(1)
    lines = block.split("\n")
    assert lines[0] == "@techreport{hargraves2024mindsetgap,"
    assert lines[1].startswith("  author = {") and lines[-1] == "}"


# --- in Chromium ------------------------------------------------------------------------------


def _loosened(html: str) -> str:
    """The page with every run of white space between tags made long again (what collapse undid)."""
    return _KEPT_OR_RUN.sub(lambda m: m.group(1) or m.group(3) + ("\n        " if "\n" in m.group(3) else "   "), html)


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, object]]:
    with served_chromium(built_site, site_path()) as served:
        yield served


_READ = """() => {
    const article = document.querySelector("article");
    const boxes = Array.from(article.querySelectorAll("*"), (element) => {
        const box = element.getBoundingClientRect();
        return [element.tagName, ...[box.x, box.y, box.width, box.height].map((v) => Math.round(v * 100))].join(" ");
    });
    return { text: document.body.innerText, boxes: boxes };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", [p for pages in PAGES.values() for p in pages])
def test_a_page_reads_and_lays_out_the_same_collapsed(browser, built_site, path):
    base, chromium = browser
    built = _page(built_site, path)
    loosened = _loosened(built)
    assert len(loosened) > len(built) * 1.03 and collapse(loosened) == built
    built_reading, loosened_reading = (read_page_as(chromium, base + path, html, _READ) for html in (built, loosened))
    assert built_reading["text"] == loosened_reading["text"]
    assert len(built_reading["boxes"]) > 50
    assert built_reading["boxes"] == loosened_reading["boxes"]
