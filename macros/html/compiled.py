"""Compiled templates kept between builds, so that a warm build does not compile them again.

Jinja turns a template's source into Python code the first time an environment loads it: the
theme's templates once for every language (the i18n plugin builds each language with an
environment of its own) and the engine's own (:mod:`macros.html.markup`) once a build. That is
about half a second of a warm build. :func:`bytecode_cache` keeps the compiled code on disk, in
``templates/`` of the build cache, and Jinja checks every entry against the template's source
(a SHA-1 of it), so an edited template is compiled again. The entry's key also holds the
environment's settings that shape the code (:func:`_settings`): two environments that would
compile the same file differently never share an entry.

A cache folder that cannot be made leaves Jinja compiling every time, as without this.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

FOLDER = "templates"
_SETTINGS: weakref.WeakKeyDictionary[Environment, str] = weakref.WeakKeyDictionary()


def _name(value: object) -> object:
    """A setting as it shapes the code: a function by its name (its repr holds an address)."""
    return getattr(value, "__qualname__", value) if callable(value) else value


def _settings(environment: Environment) -> str:
    """What, besides the source, decides the code Jinja compiles a template to, as a short hash:
    the delimiters, white-space options, extensions, autoescaping, finalize, and the filters and
    tests it knows (a template naming an unknown one must still fail to compile)."""
    known = _SETTINGS.get(environment)
    if known is None:
        settings = (
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.optimized,
            environment.is_async,
            _name(environment.autoescape),
            _name(environment.finalize),
            sorted(environment.extensions),
            sorted(environment.filters),
            sorted(environment.tests),
        )
        known = _SETTINGS[environment] = hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]
    return known


class _CompiledTemplates(FileSystemBytecodeCache):
    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}-{_settings(environment)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket


def bytecode_cache(cache_root: Path | None = None) -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache in ``<cache_root>/templates/`` (by default the build cache's,
    :func:`macros.charts.rendering.cache_dir`), or None when that folder cannot be made."""
    if cache_root is None:
        from macros.charts.rendering import cache_dir

        cache_root = cache_dir()
    folder = Path(cache_root) / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))
