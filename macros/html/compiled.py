"""Compiled templates kept between builds, so that a warm build does not compile them again.

Jinja turns a template's source into Python code the first time an environment loads it: the
theme's templates once for every language (the i18n plugin builds each language with an
environment of its own) and the engine's own (:mod:`macros.html.markup`) once a build. That is
about half a second of a warm build. :func:`bytecode_cache` keeps the compiled code on disk, in
``templates/`` of the build cache, and Jinja checks every entry against the template's source
(a SHA-1 of it), so an edited template is compiled again. The entry's key also holds the
environment's settings that shape the code (:func:`_settings`): two environments that would
compile the same file differently never share an entry.

The pages' own Jinja (their macro calls) is compiled the same way and kept too
(:func:`page_code`, :func:`keep_page_code`): with the names the page reads, so that the check
before a page is rendered (``_jinja_problem`` in macros/__init__.py) needs neither Jinja's parse
nor its compilation of a page that has not changed.

A cache folder that cannot be made leaves Jinja compiling every time, as without this.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import weakref
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

FOLDER = "templates"
PAGES = "pages"
# What makes kept code unusable: another Python (marshal's format, its bytecode) or Jinja.
_PAGE_FORMAT = (importlib.util.MAGIC_NUMBER.hex(), jinja2.__version__)
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
    folder = _root(cache_root) / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _CompiledTemplates(str(folder))


def _root(cache_root: Path | None) -> Path:
    """``cache_root``, or the build cache's folder (:func:`macros.charts.rendering.cache_dir`)."""
    if cache_root is None:
        from macros.charts.rendering import cache_dir

        return cache_dir()
    return Path(cache_root)


def _page_file(environment: Environment, page: str, cache_root: Path | None) -> Path:
    key = hashlib.sha256(f"{_settings(environment)}|{page}".encode()).hexdigest()[:32]
    return _root(cache_root) / FOLDER / PAGES / f"{key}.code"


def _checksum(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def page_code(
    environment: Environment, page: str, source: str, cache_root: Path | None = None
) -> tuple[frozenset[str], CodeType] | None:
    """The names ``source`` reads and its compiled code, as :func:`keep_page_code` kept them for
    ``page`` in this environment; None when nothing was kept, or not for this very source."""
    try:
        kept = marshal.loads(_page_file(environment, page, cache_root).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == _PAGE_FORMAT and kept[1] == _checksum(source)):
        return None
    names, code = kept[2], kept[3]
    if not isinstance(code, CodeType):
        return None
    return frozenset(names), code


def keep_page_code(
    environment: Environment, page: str, source: str, names: set[str], code: CodeType, cache_root: Path | None = None
) -> None:
    """Keep the compiled ``code`` of ``page`` (whose text is ``source``) and the names it reads;
    a folder that cannot be written keeps nothing."""
    path = _page_file(environment, page, cache_root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_bytes(marshal.dumps((_PAGE_FORMAT, _checksum(source), tuple(sorted(names)), code)))
        os.replace(partial, path)
    except OSError:
        return
