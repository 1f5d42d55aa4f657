"""Translation freshness: is each translated section translated from the current source text?

The languages are those of mkdocs.yml (:mod:`macros.model.languages`): the source language
(the first, or the default) and every other language, its translations. Each translated page
records, per section, a hash of the source text it was translated from (front matter
``translation.reviewed``). A section is keyed by its heading id
(``## 2.1 Results by region {#results-by-region}``); the text before the first ``##``
heading is the section ``_page``. The hash is of the normalised source text: whitespace and
the formatting of macro calls do not count, a change of wording does. The source text of each
reviewed version is kept in translations/<page>.json (the same record for every language), so
a translator can see what changed.

Functions take the report's folder (``root``) and a language; without a language they use
the report's first translation, and the module reads no MkDocs.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.model import yamlfiles
from macros.model.errors import ReportError, did_you_mean
from macros.model.languages import DEFAULT_CONFIG, Languages, report_languages

PAGE_SECTION = "_page"
SNAPSHOT_DIR = "translations"
UP_TO_DATE, OUTDATED, UNTRANSLATED = "up-to-date", "outdated", "untranslated"

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*\{#([\w-]+)\}\s*$")
_MACRO = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)


class FreshnessError(ReportError):
    """A page whose translation record cannot be read or does not fit its source page."""


@dataclass(frozen=True)
class SectionState:
    page: str  # path under docs/<language>/, e.g. "results.md"
    section: str  # heading id or "_page"
    title: str  # the heading text in the source language
    state: str
    diff: str = ""  # word-level diff of the source change since the reviewed version
    language: str = ""  # the translation's language


def languages_of(root: Path) -> Languages:
    """The languages of the report in ``root`` (its mkdocs.yml; the engine's own for a bare docs copy)."""
    config = Path(root) / "mkdocs.yml"
    return report_languages(config if config.exists() else DEFAULT_CONFIG)


def _target(root: Path, language: str | None) -> tuple[str, str]:
    """(source language, translation language); the first translation when none is named."""
    languages = languages_of(root)
    if language is None:
        if not languages.translations:
            raise FreshnessError(f"mkdocs.yml: the report has one language ({languages.source}); nothing to translate")
        language = languages.translations[0]
    elif language not in languages.translations:
        raise FreshnessError(
            f"unknown translation language {language!r}; expected one of {', '.join(languages.translations)} "
            "(the languages of mkdocs.yml other than the source)"
        )
    return languages.source, language


def split_front_matter(text: str, where: str) -> tuple[dict, str, int]:
    """(front matter, body, number of lines the front matter takes)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    try:
        meta = yamlfiles.parse(match.group(1), where, line_offset=1) or {}
    except ReportError as error:
        raise FreshnessError(
            str(error.problems[0]).replace(": is not valid YAML", ": the front matter is not valid YAML", 1)
            + "; fix the front matter or remove the block between the --- lines"
        ) from None
    if not isinstance(meta, dict):
        raise FreshnessError(f"{where}:2: the front matter must be a mapping of keys to values")
    return meta, text[match.end() :], match.group(0).count("\n")


def _canonical_call(match: re.Match) -> str:
    """A macro call in one canonical form, so reformatting it is not a change of text."""
    source = match.group(1)
    try:
        call = ast.parse(source, mode="eval").body
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            args = [repr(ast.literal_eval(a)) for a in call.args]
            kwargs = [
                f"{k.arg}={ast.literal_eval(k.value)!r}" for k in sorted(call.keywords, key=lambda k: k.arg or "")
            ]
            return "{{" + f"{call.func.id}({', '.join(args + kwargs)})" + "}}"
    except (SyntaxError, ValueError):
        pass
    return "{{" + " ".join(source.split()) + "}}"


def normalise(text: str) -> str:
    return " ".join(_MACRO.sub(_canonical_call, text).split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def sections(body: str) -> dict[str, tuple[str, str, int]]:
    """Section id -> (heading text, section text, line number in body) in page order."""
    found: dict[str, list] = {PAGE_SECTION: ["", [], 1]}
    current = PAGE_SECTION
    for number, line in enumerate(body.splitlines(), start=1):
        heading = _HEADING.match(line)
        if heading:
            current = heading.group(3)
            found[current] = [heading.group(2), [], number]
        elif line.startswith("# ") and current == PAGE_SECTION:
            found[PAGE_SECTION][0] = line[2:].strip()
        found[current][1].append(line)
    return {key: (title, "\n".join(lines), line) for key, (title, lines, line) in found.items()}


def snapshot_path(root: Path, page: str) -> Path:
    return root / SNAPSHOT_DIR / (page[:-3] + ".json")


def read_snapshot(root: Path, page: str) -> dict:
    """The translation record of ``page`` (translations/<page>.json); {} when there is none.

    A record that is not JSON, or not an object of sections, is a FreshnessError naming the file,
    the line and column, and how to make it again.
    """
    path = snapshot_path(root, page)
    if not path.exists():
        return {}
    where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    remake = (
        "restore it from version control, or make it again with "
        f"`uv run python tools/translations.py review {page} --all` after checking the translation"
    )
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise FreshnessError(
            f"{where}: is not UTF-8 text (byte {error.start} cannot be read); expected the JSON record "
            f"that tools/translations.py writes: {remake}"
        ) from None
    except json.JSONDecodeError as error:
        raise FreshnessError(
            f"{where}:{error.lineno}:{error.colno}: is not valid JSON ({error.msg}, line {error.lineno} "
            f"column {error.colno}); expected the record that tools/translations.py writes: {remake}"
        ) from None
    if not isinstance(record, dict) or not all(isinstance(v, dict) for v in record.values()):
        raise FreshnessError(
            f"{where}:1: is not a translation record; expected a JSON object of section ids to "
            f'{{"hash": ..., "text": ...}}: {remake}'
        )
    return record


def _word_diff(old: str, new: str) -> str:
    before, after = normalise(old).split(), normalise(new).split()
    out = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            words = before[a0:a1]
            out.append(" ".join(words) if len(words) <= 6 else f"{' '.join(words[:3])} … {' '.join(words[-3:])}")
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(before[a0:a1]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(after[b0:b1]) + "+}")
    return " ".join(out)


def page_states(root: Path, page: str, language: str | None = None) -> list[SectionState]:
    """The state of every section of one page (path under docs/<source>/) in one translation."""
    source_language, language = _target(root, language)
    docs = root / "docs"
    source_path, target_path = docs / source_language / page, docs / language / page
    _, source_body, _ = split_front_matter(source_path.read_text(encoding="utf-8"), f"docs/{source_language}/{page}")
    source = sections(source_body)
    if not target_path.exists():
        return [
            SectionState(page, key, title, UNTRANSLATED, language=language) for key, (title, _, _) in source.items()
        ]
    where = f"docs/{language}/{page}"
    meta, target_body, _ = split_front_matter(target_path.read_text(encoding="utf-8"), where)
    record = (meta.get("translation") or {}).get("reviewed") or {}
    if not isinstance(record, dict):
        raise FreshnessError(f"{where}:1: translation.reviewed must map section ids to hashes")
    target = sections(target_body)
    obsolete = [key for key in record if key not in source]
    if obsolete:
        raise FreshnessError(
            f"{where}:1: translation.reviewed names section(s) {', '.join(map(repr, obsolete))} that "
            f"docs/{source_language}/{page} no longer has; valid: {', '.join(source)}. Remove them, or run "
            f"`uv run python tools/translations.py review {page} --all --language {language}` "
            "after checking the translation"
        )
    snapshot = read_snapshot(root, page)
    states = []
    for key, (title, text, _) in source.items():
        if key not in target or key not in record:
            states.append(SectionState(page, key, title, UNTRANSLATED, language=language))
        elif record[key] == text_hash(text):
            states.append(SectionState(page, key, title, UP_TO_DATE, language=language))
        else:
            before = snapshot.get(key, {}).get("text", "")
            diff = _word_diff(before, text) if before else ""
            states.append(SectionState(page, key, title, OUTDATED, diff, language=language))
    return states


def all_pages(root: Path, language: str | None = None) -> list[str]:
    """Every page of the source language or of the translation (paths under docs/<language>/)."""
    source_language, language = _target(root, language)
    folders = [root / "docs" / source_language, root / "docs" / language]
    pages = {p.relative_to(f).as_posix() for f in folders for p in f.rglob("*.md")}
    return sorted(pages)


def all_states(root: Path, language: str | None = None) -> list[SectionState]:
    """Every section of every page in one translation (the first when none is named)."""
    source_language, language = _target(root, language)
    states = []
    for page in all_pages(root, language):
        if not (root / "docs" / source_language / page).exists():
            # A translated page without a source page.
            states.append(SectionState(page, PAGE_SECTION, "", UNTRANSLATED, language=language))
            continue
        states.extend(page_states(root, page, language))
    return states


def review(root: Path, page: str, section_ids: list[str] | None = None, language: str | None = None) -> list[str]:
    """Record the current source text of sections (all if None) as reviewed; returns what changed."""
    source_language, language = _target(root, language)
    docs = root / "docs"
    _, source_body, _ = split_front_matter((docs / source_language / page).read_text(encoding="utf-8"), page)
    source = sections(source_body)
    unknown = [s for s in section_ids or [] if s not in source]
    if unknown:
        raise FreshnessError(
            f"docs/{source_language}/{page}: no section {', '.join(map(repr, unknown))}; valid: {', '.join(source)}"
        )
    target_path = docs / language / page
    text = target_path.read_text(encoding="utf-8")
    meta, body, _ = split_front_matter(text, f"docs/{language}/{page}")
    translation = meta.setdefault("translation", {})
    reviewed = {k: v for k, v in (translation.get("reviewed") or {}).items() if k in source}
    chosen = section_ids or list(source)
    snapshot_file = snapshot_path(root, page)
    try:
        snapshot = {k: v for k, v in read_snapshot(root, page).items() if k in source}
    except FreshnessError:
        snapshot = {}  # a broken record is made again from the sections reviewed now
    for key in chosen:
        reviewed[key] = text_hash(source[key][1])
        snapshot[key] = {"hash": reviewed[key], "text": normalise(source[key][1])}
    translation["reviewed"] = {k: reviewed[k] for k in source if k in reviewed}
    front = yaml.safe_dump(_plain(meta), allow_unicode=True, sort_keys=False)
    target_path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    snapshot_file.parent.mkdir(parents=True, exist_ok=True)
    snapshot_file.write_text(
        json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return chosen


def fail_on(root: Path) -> set[str]:
    """The states that fail the build: translations/policy.yaml, or TRANSLATION_FAIL_ON if set."""
    if os.environ.get("TRANSLATION_FAIL_ON"):
        chosen = {s.strip() for s in os.environ["TRANSLATION_FAIL_ON"].split(",") if s.strip()}
    else:
        path = root / SNAPSHOT_DIR / "policy.yaml"
        where = f"{SNAPSHOT_DIR}/policy.yaml"
        policy = yamlfiles.load(path, where) if path.exists() else {}
        if policy and not isinstance(policy, dict):
            raise FreshnessError(
                f"{where}:1: is a {type(policy).__name__}; expected a mapping such as `fail_on: [untranslated]`"
            )
        states = (policy or {}).get("fail_on") or []
        if isinstance(states, str):
            states = [states]
        if not isinstance(states, list):
            line = yamlfiles.line_of(policy, ("fail_on",))
            raise FreshnessError(
                f"{where}:{line}: fail_on: has {states!r}; expected a list of states, e.g. [{UNTRANSLATED}, {OUTDATED}]"
            )
        known = (UNTRANSLATED, OUTDATED)
        for index, state in enumerate(states):
            if state not in known:
                line = yamlfiles.line_of(policy, ("fail_on", index))
                hint = did_you_mean(state, known)
                raise FreshnessError(
                    f"{where}:{line}: fail_on: has {state!r}; expected {UNTRANSLATED!r} and/or {OUTDATED!r}"
                    + (f" ({hint})" if hint else "")
                )
        return set(states)
    unknown = chosen - {UNTRANSLATED, OUTDATED}
    if unknown:
        raise FreshnessError(
            f"TRANSLATION_FAIL_ON: unknown state(s) {sorted(unknown)}; expected {UNTRANSLATED!r} and/or {OUTDATED!r}"
        )
    return chosen


def last_change(root: Path, page: str):
    """The date the source page was last committed (None outside git or when uncommitted)."""
    path = f"docs/{languages_of(root).source}/{page}"
    try:
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", path], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        if dirty:
            return None
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        return dt.date.fromisoformat(out) if out else None
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None


def _plain(value):
    """Loaded YAML (Marked mappings and lists) as plain dicts and lists, for yaml.safe_dump."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
