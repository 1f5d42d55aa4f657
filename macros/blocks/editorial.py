"""Editorial notes: every place where this edition departs from the printed report.

The notes are one registry (``data/editorial_notes.yaml``). A page marks a departure with
``{{ editorial_note("<id>") }}`` right after the passage; the marker links to the note on the
editorial notes page, which lists every note (``{{ editorial_notes() }}``) with the printed
wording, this edition's and why. The registry, the markers and the list cannot drift apart:
an unknown id stops the build, and the tests check that every note is marked on its page.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from macros.html.markup import inline_markdown, render
from macros.model import yamlfiles
from macros.model.errors import ReportError
from macros.text import catalog

REGISTRY_FILE = "editorial_notes.yaml"
NOTES_PAGE = "editorial-notes.md"
KINDS = ("correction", "harmonised", "band", "questionnaire", "doi", "contradiction", "restored", "omitted")


class EditorialNoteError(ReportError, ValueError):
    """The registry or a marker is wrong: the message names the file, the note and what was expected."""


@dataclass(frozen=True)
class EditorialNote:
    number: int  # 1, 2, ... in registry order: the same in every language
    id: str
    page: str
    kind: str
    printed: str
    edition: dict[str, str]
    why: dict[str, str]


def load_notes(data_dir: Path) -> dict[str, EditorialNote]:
    """The registry, validated: ids unique, kinds known, texts in every language given.

    Parsed once per version of the file: every marker on every page asks for the registry, so
    the parse is cached on the file's (path, mtime, size); an edit (``mkdocs serve``) is seen at once.
    """
    path = data_dir / REGISTRY_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    return dict(_parse_notes(str(path.resolve()), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _parse_notes(path: str, mtime_ns: int, size: int) -> dict[str, EditorialNote]:
    """The registry at ``path`` as it was at (mtime_ns, size): the key makes the cache see edits."""
    del mtime_ns, size  # part of the cache key only
    where = f"data/{REGISTRY_FILE}"
    # Strict: a key given twice in a note is an error (PyYAML would keep the last silently).
    entries = yamlfiles.load(Path(path), where) or []
    if not isinstance(entries, list):
        raise EditorialNoteError(f"{where}: expected a list of notes, found {type(entries).__name__}")
    notes: dict[str, EditorialNote] = {}
    problems = []
    for index, entry in enumerate(entries, start=1):
        place = f"{where}: note {index}"
        if not isinstance(entry, dict):
            problems.append(f"{place}: expected a mapping with id, page, kind, printed, edition, why; found {entry!r}")
            continue
        missing = [k for k in ("id", "page", "kind", "printed", "edition", "why") if k not in entry]
        if missing:
            problems.append(f"{place} ({entry.get('id', '?')!r}): missing key(s) {', '.join(missing)}")
            continue
        note_id = str(entry["id"])
        if note_id in notes:
            problems.append(f"{place}: id {note_id!r} is used twice; ids must be unique")
        if entry["kind"] not in KINDS:
            problems.append(f"{place} ({note_id!r}): kind {entry['kind']!r}; expected one of {', '.join(KINDS)}")
        for key in ("edition", "why"):
            if not isinstance(entry[key], dict) or not entry[key]:
                problems.append(f"{place} ({note_id!r}): {key} must map each language to a text, found {entry[key]!r}")
        notes[note_id] = EditorialNote(
            number=len(notes) + 1,
            id=note_id,
            page=str(entry["page"]),
            kind=str(entry["kind"]),
            printed=str(entry["printed"]),
            edition={str(k): str(v) for k, v in dict(entry["edition"] or {}).items()},
            why={str(k): str(v) for k, v in dict(entry["why"] or {}).items()},
        )
    if problems:
        raise EditorialNoteError("\n".join(problems))
    return notes


def _in_language(note: EditorialNote, key: str, language: str) -> str:
    texts = getattr(note, key)
    if language not in texts:
        raise EditorialNoteError(
            f"data/{REGISTRY_FILE}: note {note.id!r} has no {key} text in {language!r}; "
            f"add '{key}: {{{language}: ...}}'"
        )
    return texts[language]


def _note(notes: dict[str, EditorialNote], note_id: str) -> EditorialNote:
    if note_id not in notes:
        close = difflib.get_close_matches(note_id, list(notes), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise EditorialNoteError(f"unknown editorial note {note_id!r}{hint}; declare it in data/{REGISTRY_FILE}")
    return notes[note_id]


def _relative_root(src: str) -> str:
    """From a page's directory URL up to its language root: 'x.md' -> '../', 'a/x.md' -> '../../'."""
    parts = src.split("/")
    depth = len(parts) - (1 if parts[-1] == "index.md" else 0)
    return "../" * depth


def marker(notes: dict[str, EditorialNote], note_id: str, language: str, src: str) -> Markup:
    """The short, accessible marker after a passage: a link to its note."""
    note = _note(notes, note_id)
    return render(
        "editorial_marker.html",
        href=f"{_relative_root(src)}{NOTES_PAGE[:-3]}/#{note.id}",
        note_id=note.id,
        why=_in_language(note, "why", language),
        label=catalog.text(language, "editorial.marker", number=note.number),
    )


def notes_list(notes: dict[str, EditorialNote], language: str, src: str, source_language: str) -> Markup:
    """Every note: its number, where it is, the printed wording (in the source language), this edition's and why."""
    root = _relative_root(src)
    views = [
        {
            "id": note.id,
            "kind": note.kind,
            "label": catalog.text(language, "editorial.marker", number=note.number),
            "kind_label": catalog.text(language, "editorial.kind." + note.kind),
            "page_href": f"{root}{'' if note.page == 'index.md' else note.page[:-3] + '/'}#marker-{note.id}",
            "printed": inline_markdown(note.printed),
            "edition": inline_markdown(_in_language(note, "edition", language)),
            "why": inline_markdown(_in_language(note, "why", language)),
        }
        for note in notes.values()
    ]
    return render(
        "editorial_notes.html",
        notes=views,
        source_language=source_language,
        where=catalog.text(language, "editorial.where"),
        printed_label=catalog.text(language, "editorial.printed"),
        edition_label=catalog.text(language, "editorial.edition"),
        why_label=catalog.text(language, "editorial.why"),
    )


# --- the macros -------------------------------------------------------------------------------


def editorial_note(page, note_id: str) -> str:
    """``{{ editorial_note("id") }}``: the marker after a passage that departs from the printed report.

    A copy of the note's page may mark it too; the page the registry names must (the notes page
    links there; checked when the language's build ends: macros.model.context.missing_origins)."""
    notes = load_notes(page.context.data_dir)
    result = marker(notes, note_id, page.language, page.src)
    page.context.carried.setdefault(("editorial note", page.language, note_id), set()).add(page.src)
    return result


def note_origins(page) -> dict[str, str]:
    """Each editorial note's page, as the registry names it."""
    return {note_id: note.page for note_id, note in load_notes(page.context.data_dir).items()}


def editorial_notes(page) -> str:
    """``{{ editorial_notes() }}``: the list of every departure, on the editorial notes page."""
    notes = load_notes(page.context.data_dir)
    return notes_list(notes, page.language, page.src, source_language=page.default_language)


MACROS = {"editorial_note": editorial_note, "editorial_notes": editorial_notes}
