"""A built report site as files: its published address, its languages and its pages.

Nothing here is hard-coded to one report: a :class:`Report` is read from the report's own
mkdocs.yml (its folder is the argument), its address from ``site_url`` (a fork that changes it
is tested under its own path), its languages from the i18n plugin (the one marked default, else
the first, is built at the site root, every other under ``<locale>/``), and its pages are
whatever the build wrote, so new pages (such as findings) are covered as soon as they exist.

The module-level names (``site_url()``, ``site_path()``, ``DEFAULT_LANGUAGE``,
``LANGUAGE_PREFIXES``, ``discover_pages``) are those of the report at the repository root, for
the report tests of this report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]


# Folders of the built site that hold no pages.
NON_PAGE_DIRS = {"assets", "search"}


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml holds Python tags (!!python/object/apply for the slugifier): read them as None."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Page:
    """One built HTML page. `path` is its URL path below the site root ("" = front page)."""

    file: Path
    path: str
    language: str
    # The same page in each other language (language, URL path below the site root), if it has them.
    alternates: tuple[tuple[str, str], ...] = ()
    # A redirect stub (mkdocs-redirects: an old address that sends the reader on).
    redirect: bool = False
    # A figure's embed page (figures/<slug>/embed/): the chart alone, for an <iframe> elsewhere,
    # without the site's navigation or language switcher.
    embed: bool = False
    # The Markdown file the page is made from, relative to the report's folder, if there is one.
    source: str | None = None

    @property
    def alternate(self) -> str | None:
        """The twin in the other language, for a report of two languages (None with more or none)."""
        return self.alternates[0][1] if len(self.alternates) == 1 else None

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


@dataclass(frozen=True)
class Report:
    """A report's folder (its mkdocs.yml, docs/, data/), read as the browser and link tests need it."""

    root: Path
    name: str = field(default="", compare=False)

    @cached_property
    def config(self) -> dict:
        return yaml.load((self.root / "mkdocs.yml").read_text(encoding="utf-8"), _IgnoreTagsLoader)

    @property
    def site_url(self) -> str:
        """site_url from mkdocs.yml, with its trailing slash."""
        url = self.config["site_url"]
        return url if url.endswith("/") else url + "/"

    @property
    def site_path(self) -> str:
        """The URL path the site is published under, e.g. "/civilsamfund/" (always "/"-terminated)."""
        return urlsplit(self.site_url).path or "/"

    @property
    def docs_dir(self) -> Path:
        return self.root / (self.config.get("docs_dir") or "docs")

    @cached_property
    def _languages(self) -> list[dict]:
        for plugin in self.config["plugins"]:
            if isinstance(plugin, dict) and "i18n" in plugin:
                return plugin["i18n"]["languages"]
        raise LookupError(f"{self.root / 'mkdocs.yml'} configures no i18n plugin")

    @cached_property
    def default_language(self) -> str:
        """The language built at the site root: the one marked default, else the first."""
        marked = [lang["locale"] for lang in self._languages if lang.get("default")]
        return marked[0] if marked else self._languages[0]["locale"]

    @cached_property
    def prefixes(self) -> dict[str, str]:
        """Every language's URL prefix below the site root, the default language first."""
        ordered = [self.default_language] + [
            lang["locale"] for lang in self._languages if lang["locale"] != self.default_language
        ]
        return {language: "" if language == self.default_language else f"{language}/" for language in ordered}

    @property
    def languages(self) -> list[str]:
        return list(self.prefixes)

    def language_of(self, path: str) -> str:
        """A URL path below the site root -> its language (by prefix: en/... is English)."""
        for language, prefix in self.prefixes.items():
            if prefix and path.startswith(prefix):
                return language
        return self.default_language

    def strip_language(self, path: str) -> str:
        return path[len(self.prefixes[self.language_of(path)]) :]

    def source_of(self, path: str) -> str | None:
        """The Markdown file (relative to the report's folder) a page at ``path`` is made from, if any."""
        language = self.language_of(path)
        neutral = self.strip_language(path)
        stem = neutral[:-1] if neutral.endswith("/") else neutral.removesuffix(".html")
        candidate = self.docs_dir / language / f"{stem or 'index'}.md"
        if not candidate.is_file() and stem:
            candidate = self.docs_dir / language / stem / "index.md"
        return candidate.relative_to(self.root).as_posix() if candidate.is_file() else None

    def discover_pages(self, site_dir: Path) -> list[Page]:
        """Every HTML page in the built site, the default language first, each with its twins.

        The root 404.html is a page too (served for every missing address), but has no twins:
        it speaks every language itself.
        """
        pages = []
        for file in sorted(site_dir.rglob("*.html")):
            if file.relative_to(site_dir).parts[0] in NON_PAGE_DIRS:
                continue
            path = _url_path(site_dir, file)
            language = self.language_of(path)
            head = file.read_text(encoding="utf-8")
            redirect = 'http-equiv="refresh"' in head[:2000]
            embed = '<body class="report-embed"' in head
            alternates: tuple[tuple[str, str], ...] = ()
            if path != "404.html" and not (redirect or embed):
                # A twin has the same path below the other language's prefix.
                neutral = self.strip_language(path)
                alternates = tuple(
                    (other, prefix + neutral) for other, prefix in self.prefixes.items() if other != language
                )
            pages.append(
                Page(
                    file=file,
                    path=path,
                    language=language,
                    alternates=alternates,
                    redirect=redirect,
                    embed=embed,
                    source=self.source_of(path),
                )
            )
        order = {language: index for index, language in enumerate(self.prefixes)}
        pages.sort(key=lambda page: (order[page.language], page.path))
        return pages


def file_for(site_dir: Path, path: str) -> Path | None:
    """The file served for a URL path below the site root, as GitHub Pages resolves it."""
    target = site_dir / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


# --- this report (the repository root), for its report tests ---------------------------------


@cache
def this_report() -> Report:
    return Report(REPO_ROOT, "this-report")


def site_url() -> str:
    """site_url from this report's mkdocs.yml, with its trailing slash."""
    return this_report().site_url


def site_path() -> str:
    """The URL path this report is published under (always "/"-terminated)."""
    return this_report().site_path


def discover_pages(site_dir: Path) -> list[Page]:
    """Every HTML page of this report's built site (see :meth:`Report.discover_pages`)."""
    return this_report().discover_pages(site_dir)


def language_of(path: str) -> str:
    return this_report().language_of(path)


def strip_language(path: str) -> str:
    return this_report().strip_language(path)


# The root language of this report, and every language's URL prefix below the site root.
DEFAULT_LANGUAGE = this_report().default_language
LANGUAGE_PREFIXES = this_report().prefixes
