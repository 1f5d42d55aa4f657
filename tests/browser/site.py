"""The built site as files: its published address and its pages in both languages.

Nothing here is hard-coded to this report: the address comes from `site_url` in mkdocs.yml
(a fork that changes it is tested under its own path), and the pages are whatever the build
wrote, so new pages (such as findings) are covered as soon as they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


# Folders of the built site that hold no pages.
NON_PAGE_DIRS = {"assets", "search"}


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml holds Python tags (!!python/object/apply for the slugifier): read them as None."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def _config() -> dict:
    return yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _IgnoreTagsLoader)


def site_url() -> str:
    """site_url from mkdocs.yml, with its trailing slash."""
    url = _config()["site_url"]
    return url if url.endswith("/") else url + "/"


def _languages() -> list[dict]:
    for plugin in _config()["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise LookupError("mkdocs.yml configures no i18n plugin")


# The root language (mkdocs-static-i18n builds it at the site root), and every language's
# URL prefix below the site root (the others under <locale>/).
DEFAULT_LANGUAGE = next(lang["locale"] for lang in _languages() if lang.get("default"))
LANGUAGE_PREFIXES = {
    lang["locale"]: "" if lang["locale"] == DEFAULT_LANGUAGE else f"{lang['locale']}/" for lang in _languages()
}


def site_path() -> str:
    """The URL path the site is published under, e.g. "/civilsamfund/" (always "/"-terminated)."""
    return urlsplit(site_url()).path or "/"


@dataclass(frozen=True)
class Page:
    """One built HTML page. `path` is its URL path below the site root ("" = front page)."""

    file: Path
    path: str
    language: str
    # The same page in the other language (URL path below the site root), if it has one.
    alternate: str | None
    # A redirect stub (mkdocs-redirects: an old address that sends the reader on).
    redirect: bool = False
    # A figure's embed page (figures/<slug>/embed/): the chart alone, for an <iframe> elsewhere,
    # without the site's navigation or language switcher.
    embed: bool = False

    @property
    def source(self) -> str | None:
        """The Markdown file the page is made from, if there is one (docs/<language>/...)."""
        neutral = strip_language(self.path)
        stem = neutral[:-1] if neutral.endswith("/") else neutral.removesuffix(".html")
        candidate = f"docs/{self.language}/{stem or 'index'}.md"
        return candidate if (REPO_ROOT / candidate).is_file() else None

    @property
    def label(self) -> str:
        """How failure messages name the page: address, language and the file to edit."""
        where = f", {self.source}" if self.source else ""
        return f"/{self.path} ({self.language}{where})"


def _url_path(site_dir: Path, file: Path) -> str:
    relative = file.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return ""
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def language_of(path: str) -> str:
    """A URL path below the site root -> its language (by prefix: en/... is English)."""
    for language, prefix in LANGUAGE_PREFIXES.items():
        if prefix and path.startswith(prefix):
            return language
    return DEFAULT_LANGUAGE


def strip_language(path: str) -> str:
    prefix = LANGUAGE_PREFIXES[language_of(path)]
    return path[len(prefix) :]


def discover_pages(site_dir: Path) -> list[Page]:
    """Every HTML page in the built site, Danish first, each with its other-language twin.

    The root 404.html is a page too (served for every missing address), but has no twin:
    it speaks both languages itself.
    """
    pages = []
    for file in sorted(site_dir.rglob("*.html")):
        if file.relative_to(site_dir).parts[0] in NON_PAGE_DIRS:
            continue
        path = _url_path(site_dir, file)
        language = language_of(path)
        alternate = None
        others = [lang for lang in LANGUAGE_PREFIXES if lang != language]
        if path != "404.html" and len(others) == 1:
            # The twin has the same path below the other language's prefix.
            alternate = LANGUAGE_PREFIXES[others[0]] + strip_language(path)
        head = file.read_text(encoding="utf-8")
        redirect = 'http-equiv="refresh"' in head[:2000]
        embed = '<body class="report-embed"' in head
        if redirect or embed:
            alternate = None
        pages.append(
            Page(
                file=file,
                path=path,
                language=language,
                alternate=alternate,
                redirect=redirect,
                embed=embed,
            )
        )
    pages.sort(key=lambda page: (page.language != DEFAULT_LANGUAGE, page.path))
    return pages


def file_for(site_dir: Path, path: str) -> Path | None:
    """The file served for a URL path below the site root, as GitHub Pages resolves it."""
    target = site_dir / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
