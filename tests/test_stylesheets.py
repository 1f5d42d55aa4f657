"""One style sheet per page (hooks/one_stylesheet.py, macros/outputs/stylesheets.py).

- On a small site of our own: runs of links become one link to a bundle holding the sheets in
  their order, from pages at any depth and from the root (the 404 page); a sheet that cannot be
  joined (@import, another folder, another host, a link with attributes of its own) leaves its
  run as it is; a second pass changes nothing.
- The built site: every page of both languages links one style sheet, the bundle of the theme's
  and the report's sheets in mkdocs.yml's order, literally their concatenation.
- Chromium, a chapter page in every language: with the bundle and with the five sheets linked
  one by one (served at the same address), the same text and, for every element of the page,
  the same box and the same colours and fonts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser.site import site_path
from test_browser import read_page_as, served_chromium

from macros.outputs.stylesheets import bundle_stylesheets

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGES = {"da": "challenges/", "en": "en/challenges/"}
LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def _links(html: str) -> list[str]:
    return LINK.findall(html[: html.index("</head>")])


def _small_site(root: Path) -> Path:
    sheets = root / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / "theme.css").write_text('@charset "UTF-8";body{color:red}\n', encoding="utf-8")
    (sheets / "report.css").write_text("p{margin:0}\n", encoding="utf-8")
    (sheets / "imports.css").write_text('@import "x.css";\n', encoding="utf-8")
    (root / "assets" / "other.css").write_text("a{}\n", encoding="utf-8")
    head = (
        '<link rel="stylesheet" href="{0}assets/stylesheets/theme.css">\n'
        '<link rel="stylesheet" href="{0}assets/stylesheets/report.css">'
    )
    pages = {
        "index.html": head.format(""),
        "en/chapter/index.html": head.format("../../"),
        "404.html": head.format("/report/"),
        "imports/index.html": head.format("../") + '\n<link rel="stylesheet" href="../assets/stylesheets/imports.css">',
        "elsewhere/index.html": head.format("../") + '\n<link rel="stylesheet" href="../assets/other.css">',
        "remote/index.html": head.format("../") + '\n<link rel="stylesheet" href="https://example.org/x.css">',
        "media/index.html": '<link rel="stylesheet" href="../assets/stylesheets/theme.css" media="print">\n'
        '<link rel="stylesheet" href="../assets/stylesheets/report.css">',
    }
    for name, links in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<html><head>\n{links}\n</head><body><p>x</p></body></html>\n", encoding="utf-8")
    return root


def test_runs_of_links_become_one_bundle(tmp_path):
    site = _small_site(tmp_path)
    before = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    used = bundle_stylesheets(site, "/report/")
    [name] = used
    assert re.fullmatch(r"bundle\.[0-9a-f]{10}\.css", name) and used[name] == 3
    bundle = (site / "assets" / "stylesheets" / name).read_text(encoding="utf-8")
    assert bundle == '@charset "UTF-8";\nbody{color:red}\np{margin:0}\n'
    assert _links((site / "index.html").read_text()) == [f"assets/stylesheets/{name}"]
    assert _links((site / "en/chapter/index.html").read_text()) == [f"../../assets/stylesheets/{name}"]
    assert _links((site / "404.html").read_text()) == [f"/report/assets/stylesheets/{name}"]
    for left in ("imports", "elsewhere", "remote", "media"):
        path = site / left / "index.html"
        assert path.read_text(encoding="utf-8") == before[path], left
    assert (site / "assets" / "stylesheets" / "theme.css").is_file()  # the sheets stay
    after = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert bundle_stylesheets(site, "/report/") == {}
    assert {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")} == after


def _sheets_in_order(built_site: Path) -> list[str]:
    """The theme's two sheets, then the report's extra_css: the order a page linked them in."""
    folder = built_site / "assets" / "stylesheets"
    theme = [next(folder.glob("main.*.min.css")).name, next(folder.glob("palette.*.min.css")).name]
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return theme + [Path(css).name for css in config["extra_css"]]


def test_every_page_links_one_bundle_of_the_sheets_in_order(built_site):
    folder = built_site / "assets" / "stylesheets"
    texts = [(folder / name).read_text(encoding="utf-8") for name in _sheets_in_order(built_site)]
    body = "\n".join(re.sub(r'^@charset "UTF-8";', "", text).rstrip("\n") for text in texts)
    expected = '@charset "UTF-8";\n' + body + "\n"
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        where = page.relative_to(built_site).as_posix()
        [link] = _links(page.read_text(encoding="utf-8")) or [""]
        name = link.rsplit("/", 1)[-1]
        assert re.fullmatch(r"bundle\.[0-9a-f]{10}\.css", name), f"{where}: {_links(page.read_text())}"
        target = built_site / link[len(site_path()) :] if link.startswith("/") else page.parent / link
        assert target.resolve() == (folder / name).resolve(), where
        if "/embed/" not in where:  # an embed page has sheets of its own (assets/stylesheets/embed.css)
            assert target.read_text(encoding="utf-8") == expected, where


# --- in Chromium ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(built_site: Path) -> Iterator[tuple[str, object]]:
    with served_chromium(built_site, site_path()) as served:
        yield served


_READ = """() => Array.from(document.body.querySelectorAll("*"), (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return [element.tagName, ...[box.x, box.y, box.width, box.height].map((v) => Math.round(v * 100)),
            style.color, style.backgroundColor, style.fontFamily, style.fontWeight, style.fontSize,
            style.display].join(" ");
}).concat([document.body.innerText, String(document.styleSheets.length)])"""


@pytest.mark.browser
@pytest.mark.parametrize("language", sorted(PAGES))
def test_a_page_looks_the_same_with_one_sheet_and_with_five(browser, built_site, language):
    base, chromium = browser
    path = PAGES[language]
    built = (built_site / path / "index.html").read_text(encoding="utf-8")
    [bundle] = _links(built)
    folder = bundle.rsplit("/", 1)[0]
    separate = "\n".join(f'<link rel="stylesheet" href="{folder}/{name}">' for name in _sheets_in_order(built_site))
    unbundled = built.replace(f'<link rel="stylesheet" href="{bundle}">', separate)
    assert len(_links(unbundled)) == 5
    with_bundle, with_five = (read_page_as(chromium, base + path, html, _READ) for html in (built, unbundled))
    assert (with_bundle[-1], with_five[-1]) == ("1", "5")  # the style sheets the page has
    assert len(with_bundle) > 500
    assert with_bundle[:-1] == with_five[:-1]
