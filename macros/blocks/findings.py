"""Findings with permanent addresses: the registry (data/findings.yaml), citations and data files.

A finding's statement is prose with macro calls in docs/<language>/findings/<slug>.md;
everything else about it (where it comes from, what supports it) is in the registry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.model import context
from macros.model.survey import DATA_DIR, DataError

FINDINGS_FILE = "findings.yaml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FINDINGS_DIR = "findings"


@dataclass(frozen=True)
class Finding:
    slug: str
    page: str  # chapter page under docs/<language>/
    anchor: str  # heading id on that page ("" for the page itself)
    support_kind: str | None  # "table" or "figure"
    support_id: str | None
    main_point: str | None

    def path(self, language: str) -> str:
        """The finding's address relative to the site root: findings/<slug>/ or en/findings/<slug>/."""
        prefix = "" if language == context.current().languages.source else f"{language}/"
        return f"{prefix}{FINDINGS_DIR}/{self.slug}/"


def _stamp(path: Path):
    return path.stat().st_mtime_ns if path.exists() else None


def load_findings(data_dir: Path = DATA_DIR, docs_dir: Path | None = None) -> dict[str, Finding]:
    data_dir = Path(data_dir).resolve()
    return _load(data_dir, docs_dir, _stamp(data_dir / FINDINGS_FILE))


@functools.lru_cache(maxsize=4)
def _load(data_dir: Path, docs_dir: Path | None, _mtime) -> dict[str, Finding]:
    from macros.model.definitions import definitions  # late: definitions loads the survey

    path = data_dir / FINDINGS_FILE
    problems: list[str] = []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError([f"{path.name}{f':{mark.line + 1}' if mark else ''}: is not valid YAML"]) from error
    tables, figures = definitions(data_dir)
    findings: dict[str, Finding] = {}
    for number, entry in enumerate(entries, start=1):
        slug = str(entry.get("slug", ""))
        where = f"{FINDINGS_FILE}: finding {slug or f'#{number}'!r}"
        if not SLUG.match(slug):
            problems.append(
                f"{where}: slug {slug!r} is not a valid URL segment; expected lower-case "
                "letters, digits and single hyphens, e.g. 'specialised-social-pressure'"
            )
        if slug in findings:
            problems.append(f"{where}: duplicate slug {slug!r}; every finding needs its own")
        section = entry.get("section") or {}
        support = entry.get("support") or {}
        kind, sid = support.get("kind"), (str(support["id"]) if support.get("id") is not None else None)
        if support and kind not in ("table", "figure"):
            problems.append(f"{where}: support kind {kind!r}; expected 'table' or 'figure'")
        elif kind == "table" and sid not in tables:
            problems.append(f"{where}: unknown table {sid!r}; valid choices: {', '.join(tables)}")
        elif kind == "figure" and sid not in figures:
            problems.append(f"{where}: unknown figure {sid!r}; valid choices: {', '.join(figures)}")
        if not section.get("page"):
            problems.append(f"{where}: section.page is missing; expected the chapter page, e.g. results.md")
        findings[slug] = Finding(
            slug=slug,
            page=str(section.get("page", "")),
            anchor=str(section.get("anchor") or ""),
            support_kind=kind,
            support_id=sid,
            main_point=entry.get("main_point"),
        )
    if docs_dir is not None:
        for language in context.current().languages.all:
            folder = Path(docs_dir) / language / FINDINGS_DIR
            for slug in findings:
                if not (folder / f"{slug}.md").exists():
                    problems.append(
                        f"{FINDINGS_FILE}: finding {slug!r} has no {language} page "
                        f"docs/{language}/{FINDINGS_DIR}/{slug}.md"
                    )
            for page in sorted(folder.glob("*.md")) if folder.exists() else []:
                if page.stem != "index" and page.stem not in findings:
                    problems.append(
                        f"docs/{language}/{FINDINGS_DIR}/{page.name}: not a finding of {FINDINGS_FILE}; "
                        "add it to the registry or remove the page"
                    )
    if problems:
        raise DataError(problems)
    return findings


def page_title(markdown_path: Path) -> str:
    """The first-level heading of a Markdown page (the finding's headline)."""
    for line in markdown_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{#[^}]*\}\s*$", "", line[2:]).strip()
    return markdown_path.stem
