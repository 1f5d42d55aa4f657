"""Each page's style sheets as one file: one request where the page made five.

A page of the site links the theme's two style sheets and the report's own (``extra_css``) one
after another in its ``<head>``. Every one of them blocks the first paint and costs a request
(on a phone's connection a request is a round trip, and a browser opens few connections at a
time). :func:`bundle_stylesheets`, run once the site is written, puts each such run of links
into one ``<link>`` to ``assets/stylesheets/bundle.<hash>.css``: the sheets in the same order,
one after the other, so the cascade is the same and so is every rule. The hash is of the
content, so a changed sheet gets a new name and no browser keeps an old one.

Only what keeps its meaning is joined: sheets of the site in the bundle's own folder (their
``url()``s stay right), without ``@import`` (valid only at the start of a sheet) or a
``@charset`` other than UTF-8, and links with no ``media`` or other attribute of their own. A run with any other
sheet in it is left as it is. The sheets themselves stay in the site, where other programs (and older pages
a reader kept) may ask for them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePosixPath

BUNDLE_DIR = PurePosixPath("assets/stylesheets")
BUNDLE_PREFIX = "bundle."
# A run of plain style sheet links, each as the theme writes it, separated by white space.
_LINK = r'<link rel="stylesheet" href="([^"]+)">'
_RUN = re.compile(rf"{_LINK}(?:\s*{_LINK})+")
_ONE = re.compile(_LINK)
# A sheet's own "@charset" is valid only as its first bytes: one in UTF-8 leads the bundle when
# its sheet comes first and is dropped otherwise (the bundle is UTF-8); any other stays apart.
_UTF8_CHARSET = re.compile(r'^@charset\s+"utf-8"\s*;\s*', re.I)
_NOT_JOINABLE = re.compile(r"@(?:import|charset)\b", re.I)


def _site_path(href: str, page: PurePosixPath, prefix: str) -> PurePosixPath | None:
    """The file a link names, as a path in the site, or None when it is not the site's."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.I) or "?" in href or "#" in href:
        return None
    if href.startswith("/"):
        if not href.startswith(prefix):
            return None
        return PurePosixPath(href[len(prefix) :])
    parts: list[str] = list(page.parent.parts)
    for part in PurePosixPath(href).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts) if parts else None


def _href(target: PurePosixPath, page: PurePosixPath, absolute: bool, prefix: str) -> str:
    if absolute:
        return prefix + target.as_posix()
    return os.path.relpath(target.as_posix(), page.parent.as_posix() or ".").replace(os.sep, "/")


def bundle_stylesheets(site_dir: Path, prefix: str = "/") -> dict[str, int]:
    """Join each page's runs of style sheet links (see the module); ``prefix`` is the URL path
    the site is published under (for links written from the root, as on the 404 page).
    Returns ``{bundle file name: pages that link it}``."""
    site_dir = Path(site_dir)
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    contents: dict[PurePosixPath, str] = {}
    bundles: dict[tuple[PurePosixPath, ...], PurePosixPath] = {}
    used: dict[str, int] = {}

    def sheet(path: PurePosixPath) -> str | None:
        if path not in contents:
            file = site_dir / path
            text = file.read_text(encoding="utf-8") if file.is_file() else None
            body = _UTF8_CHARSET.sub("", text) if text is not None else None
            ok = body is not None and path.parent == BUNDLE_DIR and not _NOT_JOINABLE.search(body)
            contents[path] = body if ok and body is not None else ""
        return contents[path] or None

    def bundle(sheets: tuple[PurePosixPath, ...]) -> PurePosixPath:
        if sheets not in bundles:
            text = "\n".join(contents[path].rstrip("\n") for path in sheets) + "\n"
            if _UTF8_CHARSET.match((site_dir / sheets[0]).read_text(encoding="utf-8")):
                text = '@charset "UTF-8";\n' + text
            name = f"{BUNDLE_PREFIX}{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.css"
            (site_dir / BUNDLE_DIR / name).write_text(text, encoding="utf-8")
            bundles[sheets] = BUNDLE_DIR / name
        return bundles[sheets]

    for file in sorted(site_dir.rglob("*.html")):
        page = PurePosixPath(file.relative_to(site_dir).as_posix())
        html = file.read_text(encoding="utf-8")
        head_end = html.find("</head>")
        if head_end < 0:
            continue

        def join(match: re.Match[str], page: PurePosixPath = page) -> str:
            links = _ONE.findall(match.group(0))
            paths = [_site_path(href, page, prefix) for href in links]
            if any(path is None or sheet(path) is None for path in paths):
                return match.group(0)  # a sheet that must stay apart: the run as it is
            target = bundle(tuple(p for p in paths if p is not None))
            used[target.name] = used.get(target.name, 0) + 1
            return f'<link rel="stylesheet" href="{_href(target, page, links[0].startswith("/"), prefix)}">'

        head = _RUN.sub(join, html[:head_end])
        if head != html[:head_end]:
            file.write_text(head + html[head_end:], encoding="utf-8")
    return used
