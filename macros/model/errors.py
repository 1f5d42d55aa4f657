"""Authoring mistakes: one base class, :class:`ReportError`, for every problem an author can fix.

A problem names the file, the place in it (a line, a column, a key path), the value found,
what was expected and, where one exists, a hint ("did you mean 'stat'?"). A
:class:`ReportError` carries one or more problems and reads as one message; the MkDocs
adapter (macros/__init__.py) prints it once, without a traceback, and stops the build.
Anything that is not a ReportError is a bug in the engine and keeps its traceback.

Each problem is a :class:`Problem`, a ``str`` whose text is the whole message line, so
callers that only need the text can treat ``error.problems`` as a list of strings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_UNSET = object()


class Problem(str):
    """One authoring mistake: its message, and the parts the message was made of."""

    file: str | None
    place: str | None
    value: object
    expected: str | None
    hint: str | None

    def __new__(
        cls,
        text: str | None = None,
        *,
        file: str | None = None,
        place: str | int | None = None,
        value: object = _UNSET,
        expected: str | None = None,
        hint: str | None = None,
    ) -> Problem:
        if text is None:
            text = compose(file=file, place=place, value=value, expected=expected, hint=hint)
        problem = super().__new__(cls, text)
        problem.file, problem.place = file, None if place is None else str(place)
        problem.value = None if value is _UNSET else value
        problem.expected, problem.hint = expected, hint
        return problem


def compose(
    *,
    file: str | None = None,
    place: str | int | None = None,
    value: object = _UNSET,
    expected: str | None = None,
    hint: str | None = None,
) -> str:
    """``file:line: place: has 'value'; expected ... (did you mean ...?)``, leaving out absent parts.

    A place that is a line number (an int or digits) follows the file after a colon, as
    editors and terminals link it; any other place (a key path) follows after ": ".
    """
    where = file or ""
    if place is not None and str(place) != "":
        place = str(place)
        if place.split(":", 1)[0].isdigit():
            where += f":{place}"
        else:
            where += f": {place}" if where else place
    what = ""
    if value is not _UNSET:
        what = f"has {value!r}"
    if expected:
        what += ("; " if what else "") + f"expected {expected}"
    if hint:
        what += f" ({hint})"
    return f"{where}: {what}" if where and what else where or what


def did_you_mean(value: object, choices: Iterable[object], cutoff: float = 0.6) -> str | None:
    """``did you mean 'stat'?`` for a misspelt name, or None when nothing is close.

    A prefix shared with a choice does not count as likeness: ``region.nope`` is not close
    to ``region.north``, ``region.nrth`` is.
    """
    text = str(value)
    close = []
    for choice in difflib.get_close_matches(text, [str(c) for c in choices], n=6, cutoff=cutoff):
        shared = next(
            (i for i, (a, b) in enumerate(zip(text, choice, strict=False)) if a != b), min(len(text), len(choice))
        )
        rest_value, rest_choice = text[shared:], choice[shared:]
        if len(rest_value) >= 3 and len(rest_choice) >= 3:
            if difflib.SequenceMatcher(a=rest_value, b=rest_choice).ratio() < 0.5:
                continue  # alike only in what they share
        close.append(choice)
    close = close[:3]
    if not close:
        return None
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


class ReportError(Exception):
    """An authoring mistake in the report's files; the message lists every problem found.

    ``ReportError("text")`` is one problem; ``ReportError(problems=[...])`` several;
    ``ReportError(file=..., place=..., value=..., expected=..., hint=...)`` one built from parts.
    """

    heading = "in the report's files"  # "3 problems in the report's files:"

    def __init__(
        self,
        message: str | None = None,
        *,
        problems: Iterable[str] | None = None,
        file: str | None = None,
        place: str | int | None = None,
        value: object = _UNSET,
        expected: str | None = None,
        hint: str | None = None,
    ):
        found: list[Problem] = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems or []]
        if message is not None or file is not None or expected is not None:
            found.insert(0, Problem(message, file=file, place=place, value=value, expected=expected, hint=hint))
        self.problems: list[Problem] = found
        first = found[0] if found else Problem("")
        self.file, self.place, self.value = first.file, first.place, first.value
        self.expected, self.hint = first.expected, first.hint
        super().__init__(self.message())

    def message(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} {self.heading}:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def __str__(self) -> str:
        return self.message()


class ConfigError(ReportError):
    """mkdocs.yml does not say what the engine needs (languages, site_url)."""

    heading = "in mkdocs.yml"
