"""A figure's files for readers to take away: its numbers as CSV, its chart as SVG and PNG.

The figure macro queues them; they are written into the built site when the language's build
ends (``on_post_build`` in macros/__init__.py), under ``downloads/`` of the language's root:
``site/downloads/figure-4-2.csv`` (Danish) and ``site/en/downloads/figure-4-2.csv`` (English),
so a page links them with the same relative path in both languages.

The numbers of tables and figures are plain RFC 4180 CSV with a metadata file beside them
(:mod:`macros.outputs.data_files`). :func:`csv_bytes` here writes the finding pages' CSV: UTF-8
(no byte order mark), comma-separated, dot decimals in every language, a header row in the page
language, and a last line ``# Kilde: ...`` / ``# Source: ...`` naming the report and the
finding's address (pandas: ``read_csv(..., comment="#")``). Every CSV cell goes through
:func:`neutralised`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path, PurePosixPath

from macros.charts import workers

DOWNLOADS_DIR = "downloads"
STORE = "files"  # in the build cache: one copy of each download's bytes (write_pending)

# Files queued by the pages of the build in progress: absolute path -> content (its bytes, or a
# render being made beside the build, macros/charts/workers.py: taken when it is written).
PENDING: dict[Path, bytes | workers.Later] = {}


def file_name(figure_id: str, extension: str) -> str:
    """``figure-4-2.csv`` for figure 4.2: the figure's anchor, so the two never disagree."""
    from macros.html.markup import slug

    return f"figure-{slug(figure_id)}.{extension}"


def language_root(site_dir: Path, language: str, default_language: str) -> Path:
    """Where a language's pages are built: the site root, or ``<site>/<language>/``."""
    if language == default_language or site_dir.name == language:
        return site_dir
    return site_dir / language


def page_path(src: str) -> str:
    """The URL path of a page below its language root: ``results.md`` -> ``results/``."""
    path = PurePosixPath(src).with_suffix("")
    if path.name == "index":
        return "" if str(path.parent) == "." else f"{path.parent.as_posix()}/"
    return f"{path.as_posix()}/"


def href_from_page(src: str, name: str) -> str:
    """A relative link from a page to one of its language's downloads.

    >>> href_from_page("results.md", "figure-4-2.csv"), href_from_page("index.md", "x.csv")
    ('../downloads/figure-4-2.csv', 'downloads/x.csv')
    """
    depth = page_path(src).count("/")
    return "../" * depth + f"{DOWNLOADS_DIR}/{name}"


# What makes a spreadsheet treat a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_COMMA_FORMULA = re.compile(r",(\s*)(?=[=+\-@])")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def neutralised(cell: object) -> str:
    """A CSV cell a spreadsheet will show as text, never run: a cell starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading single quote, as OWASP recommends.
    A plain number (``-0.5``) is left as it is: it cannot run, and a quote would make it text.

    >>> neutralised('=HYPERLINK("http://x")'), neutralised("-0.5"), neutralised("@SUM(A1)"), neutralised("Tid")
    ('\\'=HYPERLINK("http://x")', '-0.5', "'@SUM(A1)", 'Tid')
    """
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def csv_bytes(header: list[str], rows: list[list[str]], source: str, notes: list[str] | None = None) -> bytes:
    """A CSV file: the header row, the rows, then ``# <note>`` lines and ``# <source>`` as its last line.

    Every cell goes through :func:`neutralised`: every CSV the site writes is made here.

    >>> csv_bytes(["Tema", "Andel (%)"], [["Tid", "29.7"]], "Kilde: x").decode()
    'Tema,Andel (%)\\nTid,29.7\\n# Kilde: x\\n'
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralised(c) for c in header])
    writer.writerows([neutralised(c) for c in row] for row in rows)
    # Comment lines, not quoted fields, so spreadsheet and pandas users can skip them; a double
    # quote in one would start a quoted field for a CSV reader.
    # A spreadsheet splits them at commas too: no part may start a formula either.
    for line in [*(notes or []), source]:
        text = " ".join(line.replace('"', "'").split())
        buffer.write("# " + _COMMA_FORMULA.sub(",\\1'", text) + "\n")
    return buffer.getvalue().encode("utf-8")


class DownloadError(ValueError):
    """A download could not be made (its render failed in a worker process)."""


def queue(path: Path, content: bytes | workers.Later) -> None:
    PENDING[Path(path)] = content


def write_pending(store: Path | None = None) -> list[Path]:
    """Write every queued file and forget them; returns the paths written.

    Each file is a hard link to a copy of its bytes in the build cache (``files/`` of it,
    named by their SHA-256; ``store`` for another folder): a warm build writes the same downloads
    as the last one, and making a new file costs the file system far more than linking an
    existing one (a site has hundreds of downloads). The copy is compared with the bytes before
    it is linked, so a copy changed in place (through a published file) is written again. Where
    a link cannot be made (another file system, or none that has them) the file is written
    itself, atomically, as it was before. (The Pages workflow packs the site with
    ``tar --hard-dereference``, so every published download is a file of its own.)"""
    import hashlib

    if store is None:
        from macros.charts.rendering import cache_dir

        store = cache_dir() / STORE
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError:
        store = None
    written, folders = [], set()
    for path, queued in sorted(PENDING.items()):
        try:
            content = workers.resolved(queued)
        except ValueError as error:  # the render's own message (RenderError, TypographyError)
            PENDING.clear()
            raise DownloadError(f"{path.name}: {error}") from None
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        kept = store / hashlib.sha256(content).hexdigest() if store is not None else None
        if kept is None or not _linked(kept, path, content):
            _write_atomically(path, content)
        written.append(path)
    PENDING.clear()
    return written


def _write_atomically(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def _linked(kept: Path, path: Path, content: bytes) -> bool:
    """Whether ``path`` is now a hard link to ``kept``, which holds ``content``."""
    try:
        if not kept.is_file() or kept.read_bytes() != content:
            _write_atomically(kept, content)
        partial = path.with_name(f".{path.name}.{os.getpid()}.link")
        os.link(kept, partial)
        os.replace(partial, path)
        return True
    except OSError:
        return False
