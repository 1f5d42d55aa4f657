"""What a build keeps for the next one: files under the build cache, one per kind and key.

The build cache is the folder of ``REPORT_CHART_CACHE`` (default ``.cache/charts`` beside the
engine): the charts, share cards, PDFs and fonts keep their renderings there, and the survey
keeps what it read and computed of ``data/`` (:func:`macros.model.survey.keep`). A key is a
content hash of everything the kept value depends on, so an entry is never out of date: when
something changes, its key does, and the old entry is simply not asked for again. An entry that
cannot be read (cut short, written by another version of Python) counts as absent.

Only plain values are kept (:func:`plain`): numbers, strings, fractions, the engine's own
dataclasses of them, and containers of those; never a DataFrame, whose reading would need
pandas, which a build from kept values does without.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from fractions import Fraction
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from macros.model.languages import ENGINE_ROOT

DEFAULT_CACHE_DIR = ENGINE_ROOT / ".cache" / "charts"
CACHE_ENV = "REPORT_CHART_CACHE"

_PLAIN_MODULES = ("builtins", "fractions")


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR)


def _path(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}.pickle"


def read(kind: str, key: str) -> Any | None:
    """The value kept under ``kind``/``key``, or None when there is none (or none readable)."""
    try:
        return pickle.loads(_path(kind, key).read_bytes())
    except Exception:  # absent, cut short, or from another Python: a miss, made again by the build
        return None


def write(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` (plain, see :func:`plain`) under ``kind``/``key``, replacing any entry at once."""
    path = _path(kind, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)


def plain(value: Any) -> bool:
    """Whether ``value`` can be kept: made of numbers, strings, fractions, None, the engine's own
    dataclasses and tuples, lists, sets and dicts of them (a NumPy number is not plain).

    >>> plain({("a", 1): [Fraction(1, 3), 2.5, None, True]}), plain({"x": float("nan")})
    (True, True)
    >>> import types
    >>> plain([types.SimpleNamespace()]), plain(object())
    (False, False)
    """
    if isinstance(value, (int, float, str, Fraction)) or value is None:
        return type(value).__module__ in _PLAIN_MODULES
    if isinstance(value, (tuple, list, set, frozenset)):
        return all(plain(item) for item in value)
    if isinstance(value, dict):
        return all(plain(key) and plain(item) for key, item in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__module__.startswith("macros.") and all(
            plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        )
    return False


@functools.cache
def code_fingerprint(*packages: str) -> str:
    """A hash of the engine's model and statistics code (macros/model, macros/stats), of Python's
    version and of the versions of ``packages``: what a kept reading and its statistics depend
    on besides the data."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    macros = Path(__file__).resolve().parent.parent
    for folder in ("model", "stats"):
        for source in sorted((macros / folder).glob("*.py")):
            digest.update(source.name.encode() + b"\0" + hashlib.sha256(source.read_bytes()).digest())
    for package in packages:
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} -".encode())
    return digest.hexdigest()
