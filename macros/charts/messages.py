"""The catalog messages a chart's spec is built from, recorded as they are used.

Everything a chart says in words (axis titles, its text alternative, "and" in a list of series)
comes through :func:`text`. While a spec is built inside :func:`recording`, each message used
is noted with its current translation; the spec cache (:func:`macros.charts.rendering.cached_spec`)
stores them with the spec and builds it again when one of them has changed, so a catalog
change re-renders exactly the charts that use the changed message.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from macros.text import catalog

_USED: ContextVar[dict[str, str] | None] = ContextVar("chart_messages", default=None)


def _key(language: str, key: str) -> str:
    return f"{language}:{key}"


def current(language: str, key: str) -> str:
    """The translation a message has now (before its placeholders are filled)."""
    return catalog.translations(language)[key]


def text(language: str, key: str, **values) -> str:
    """A catalog message filled in, for a chart; recorded when a spec is being built."""
    filled = catalog.text(language, key, **values)
    used = _USED.get()
    if used is not None:
        used[_key(language, key)] = current(language, key)
    return filled


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Collect ``"<language>:<key>" -> translation`` of every message used inside the block."""
    used: dict[str, str] = {}
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)


def unchanged(used: dict[str, str]) -> bool:
    """True when every recorded message still has the recorded translation."""
    for name, recorded in used.items():
        language, key = name.split(":", 1)
        try:
            if current(language, key) != recorded:
                return False
        except KeyError:
            return False
    return True
