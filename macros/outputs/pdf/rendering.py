"""The edition's HTML to a tagged PDF with WeasyPrint, cached by content hash.

A PDF is stored as ``.cache/pdf/<hash>.pdf`` (with ``<hash>.json``: its number of pages); the
hash covers the assembled HTML, the edition's style sheet, the site's @font-face rules and font
files, WeasyPrint's (and pydyf's) version and the PDF options, so an unchanged rebuild lays out
nothing. ``sources/<hash>.json`` names the PDF made from a set of sources (the built pages and
everything else the document is assembled from, :func:`sources_key`), so that an unchanged
rebuild does not even assemble the document. After each build the counts of this process are in ``<cache>/stats.json``:
``{"rendered": ..., "cached": ..., "layouts": ..., "editions": {...}}`` (``layouts`` counts
WeasyPrint passes, ``rendered`` PDFs written, ``cached`` PDFs taken from the cache; ``editions``
has each language's last PDF: ``pages``, ``bytes``, ``seconds`` (wall time of assembling,
laying out and writing it), ``cpu_seconds`` (its layout process included) and ``cached``;
``seconds`` is the wall time of all of them, laid out side by side; tools/benchmark.py reports them).

``REPORT_PDF_CACHE=<dir>`` puts the cache elsewhere (a cold build).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

import tinycss2  # type: ignore[import-untyped]  # no type hints

from macros.outputs.pdf.document import END_ID, EditionError

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CACHE_DIR = REPO_ROOT / ".cache" / "pdf"
CACHE_ENV = "REPORT_PDF_CACHE"
STATS_FILE = "stats.json"
PAGE_COUNTS_FILE = "page-counts.json"
STYLESHEET = Path(__file__).resolve().parent / "edition.css"
# Tagged PDF/UA-1 (PDF 1.7): structure tree, /MarkInfo, /Lang, title shown, alternative texts.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
# Passes before the colophon's page count must have settled (it settles after the second).
MAX_PASSES = 4
# What a layout process holds at most, estimated from its document's size: the process with
# WeasyPrint and the fonts, then about 250 MiB per megabyte of HTML. Measured (the editions'
# stats record each layout's document size and peak, "document_bytes" and "layout_peak_mib"):
# 0.32 MB held 302 MiB, 2.0 MB held 708 MiB; the estimate is a little above both.
LAYOUT_BASE_MIB = 230
LAYOUT_MIB_PER_MB = 250
# The most memory the editions' layouts may hold together: they are laid out side by side while
# the estimates of those laid out at once fit in it, one at a time where they do not (a long
# report's editions each hold a good part of it).
LAYOUT_MEMORY_BUDGET_MIB = 768


def estimated_layout_mib(document_bytes: int) -> float:
    """What the layout of a document of ``document_bytes`` (UTF-8 HTML) is estimated to hold, MiB."""
    return LAYOUT_BASE_MIB + LAYOUT_MIB_PER_MB * document_bytes / 1_000_000


def layouts_at_once(document_sizes: list[int], cores: int, budget_mib: float = LAYOUT_MEMORY_BUDGET_MIB) -> int:
    """How many of these documents to lay out at the same time: as many as there are cores, while
    the largest of them together are estimated to fit in ``budget_mib``; at least one.

    >>> layouts_at_once([320_000, 330_000], cores=2)
    2
    >>> layouts_at_once([3_000_000, 3_100_000], cores=2), layouts_at_once([320_000, 330_000], cores=1)
    (1, 1)
    """
    estimates = sorted((estimated_layout_mib(size) for size in document_sizes), reverse=True)
    count = 1
    while count < min(cores, len(estimates)) and sum(estimates[: count + 1]) <= budget_mib:
        count += 1
    return count


@dataclass
class RenderCounts:
    rendered: int = 0
    cached: int = 0
    layouts: int = 0
    # language -> {"pages", "bytes", "seconds", "cpu_seconds", "cached"} of its last PDF
    editions: dict[str, dict] = field(default_factory=dict)
    # Wall time of the build's PDF step, all editions (laid out side by side, so their seconds overlap).
    seconds: float = 0.0


COUNTS = RenderCounts()
# The editions of a build are made side by side (hooks/pdf.py), each in a thread of the build that
# waits for its layout process: what they share (the counts, the file of page counts) is changed
# under this lock.
_SHARED = threading.Lock()
# WeasyPrint is not known to be safe in threads: where no layout process can be started, the
# layouts are made in the build's own process one at a time.
_IN_PROCESS = threading.Lock()


def _count(name: str) -> None:
    with _SHARED:
        setattr(COUNTS, name, getattr(COUNTS, name) + 1)


def record_edition(
    language: str,
    *,
    pages: int,
    size: int,
    seconds: float,
    cpu_seconds: float,
    cached: bool,
    document_bytes: int = 0,
    layout_peak_mib: float = 0.0,
) -> None:
    """What the language's PDF cost and weighs, for the stats file (with, when it was laid out,
    the size of its document and the most memory its layout process held)."""
    COUNTS.editions[language] = {
        "pages": pages,
        "bytes": size,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "cached": cached,
    }
    if document_bytes:
        COUNTS.editions[language]["document_bytes"] = document_bytes
        COUNTS.editions[language]["layout_peak_mib"] = round(layout_peak_mib, 1)


def cache_dir() -> Path:
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR)


# --- fonts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontFaces:
    """The @font-face rules of one of the site's style sheets, and the font files they name."""

    css: str
    stylesheet: Path  # the rules' url()s are relative to it
    files: tuple[Path, ...]


def font_faces(stylesheets: list[Path]) -> list[FontFaces]:
    """The site's own @font-face rules (so the PDF sets text in the site's font, from its files)."""
    found = []
    for path in stylesheets:
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)
        faces = [r for r in rules if r.type == "at-rule" and r.lower_at_keyword == "font-face"]
        if not faces:
            continue
        files = []
        for rule in faces:
            for token in rule.content or []:
                url = token.value if token.type == "url" else None
                if token.type == "function" and token.lower_name == "url":
                    url = next((a.value for a in token.arguments if a.type == "string"), None)
                if url and not url.startswith("data:"):
                    file = (path.parent / url.split("#")[0].split("?")[0]).resolve()
                    if not file.is_file():
                        raise EditionError(f"{path}: @font-face names {url}, which is not a file")
                    files.append(file)
        found.append(FontFaces(css="\n".join(r.serialize() for r in faces), stylesheet=path, files=tuple(files)))
    if not found:
        raise EditionError(
            f"no @font-face rule in the site's style sheets ({', '.join(map(str, stylesheets))}): "
            "the PDF would be set in whatever font the machine has"
        )
    return found


FALLBACK_FAMILY = "Source Sans 3 complete"


def fallback_faces() -> FontFaces:
    """The same typeface with its whole character set (the charts' TTF files): the site's web
    font files are subsets, and a character outside them (an arrow, say) would otherwise be set
    in whatever font the machine has."""
    from macros.charts import typography

    rules, files = [], []
    for weight, name in sorted(typography.RENDER_FONTS.items()):
        file = typography.FONT_DIR / f"{name}.ttf"
        if not file.is_file():
            raise EditionError(f"font file {file} is missing; the PDF edition needs it")
        rules.append(
            f'@font-face {{ font-family: "{FALLBACK_FAMILY}"; font-style: normal; font-weight: {weight}; '
            f'src: url("{file.name}") format("truetype"); }}'
        )
        files.append(file)
    return FontFaces(css="\n".join(rules), stylesheet=typography.FONT_DIR / "fonts.css", files=tuple(files))


# --- the cache ----------------------------------------------------------------------------------


def renderer_version() -> str:
    return f"weasyprint {version('weasyprint')}, pydyf {version('pydyf')}"


def render_key(html: str, fonts: list[FontFaces]) -> str:
    digest = hashlib.sha256()
    for part in (renderer_version(), json.dumps(PDF_OPTIONS, sort_keys=True), STYLESHEET.read_text("utf-8"), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    _add_fonts(digest, fonts)
    return digest.hexdigest()


def _add_fonts(digest, fonts: list[FontFaces]) -> None:
    """The @font-face rules and the bytes of every font file they name, into ``digest``."""
    for face in fonts:
        digest.update(face.css.encode("utf-8"))
        for file in face.files:
            digest.update(file.name.encode("utf-8"))
            digest.update(file.read_bytes())


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Named by process and thread: the editions of a build are written side by side.
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def _cached(directory: Path, key: str) -> tuple[bytes, int] | None:
    pdf, meta = directory / f"{key}.pdf", directory / f"{key}.json"
    if pdf.is_file() and meta.is_file():
        return pdf.read_bytes(), int(json.loads(meta.read_text("utf-8"))["pages"])
    return None


def last_page_count(language: str, directory: Path | None = None) -> int:
    """The page count of the language's PDF in the last build (0 if none)."""
    path = (directory or cache_dir()) / PAGE_COUNTS_FILE
    try:
        return int(json.loads(path.read_text("utf-8")).get(language, 0))
    except (OSError, ValueError):
        return 0


def _remember_page_count(language: str, pages: int, directory: Path) -> None:
    path = directory / PAGE_COUNTS_FILE
    with _SHARED:
        try:
            counts = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            counts = {}
        counts[language] = pages
        _write_atomically(path, json.dumps(counts, indent=2, sort_keys=True).encode("utf-8"))


def write_stats(directory: Path | None = None) -> Path:
    path = (directory or cache_dir()) / STATS_FILE
    _write_atomically(path, json.dumps(asdict(COUNTS), indent=2).encode("utf-8"))
    return path


# --- WeasyPrint -----------------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _layout(html: str, fonts: list[FontFaces], where: str):
    """WeasyPrint's layout of the document; its errors stop the build, its warnings are returned."""
    # WeasyPrint ships no type hints.
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # The document names no file or address (links are absolute or internal): only the fonts
    # of the style sheets are read, from the disk.
    fetcher = URLFetcher(allowed_protocols=("file",))
    font_config = FontConfiguration()
    stylesheets = [CSS(filename=str(STYLESHEET), font_config=font_config, url_fetcher=fetcher)]
    stylesheets += [
        CSS(string=f.css, base_url=str(f.stylesheet), font_config=font_config, url_fetcher=fetcher) for f in fonts
    ]
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        document = HTML(string=html, url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=stylesheets, **PDF_OPTIONS
        )
    finally:
        logger.removeHandler(handler)
    problems = [r for r in handler.records if r.levelno >= logging.ERROR]
    if problems:
        raise EditionError(f"{where}: WeasyPrint: " + "; ".join(r.getMessage() for r in problems))
    return document, [r.getMessage() for r in handler.records]


def _write(document, where: str) -> tuple[bytes, list[str]]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdf = document.write_pdf(**PDF_OPTIONS)
    finally:
        logger.removeHandler(handler)
    problems = [r for r in handler.records if r.levelno >= logging.ERROR]
    if problems:
        raise EditionError(f"{where}: WeasyPrint: " + "; ".join(r.getMessage() for r in problems))
    return pdf, [r.getMessage() for r in handler.records]


def _layout_pass(
    html: str, fonts: list[FontFaces], where: str, count: int | None
) -> tuple[int, bytes | None, list[str]]:
    """One layout of the document: its number of pages, and its PDF when it has ``count`` pages
    (else None: the colophon must state another count), with WeasyPrint's warnings. A ``count``
    of None is a document that counts its own pages: its PDF is written when its end
    (:data:`END_ID`) is on its last page, where the count it states is the number of pages."""
    document, warnings = _layout(html, fonts, where)
    pages = len(document.pages)
    right = END_ID in document.pages[-1].anchors if count is None else pages == count
    if not right:
        return pages, None, warnings
    pdf, found = _write(document, where)
    return pages, pdf, warnings + found


def _process_usage() -> tuple[float, float]:
    """The CPU time (user and system) this process has spent, its start included, and the most
    memory it has held (MiB, its peak resident set)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class LayoutProcess:
    """Where the layouts of one edition are made: :func:`_layout_pass` in a Python process of its
    own, started for it (``spawn``: nothing of the build is copied into it) and ended with the
    edition. WeasyPrint's layout of a long document is the largest thing a build holds in memory;
    in a process of its own it is given back when the PDF is written, and it never adds to the
    pages, charts and data the build holds; and the editions of a build are laid out side by side,
    each in its own. Where no process can be started, the layouts are made in the build's own, one
    at a time. ``cpu_seconds`` and ``peak_mib`` are, once it has ended, what the process spent and
    the most memory it held (0 when there was none)."""

    cpu_seconds: float = 0.0
    peak_mib: float = 0.0

    def __enter__(self) -> LayoutProcess:
        import concurrent.futures
        import multiprocessing

        try:
            self._pool: concurrent.futures.Executor | None = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        except (OSError, NotImplementedError):
            self._pool = None
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            try:
                self.cpu_seconds, self.peak_mib = self._pool.submit(_process_usage).result()
            except Exception:  # a process that stopped: its cost is not known
                self.cpu_seconds, self.peak_mib = 0.0, 0.0
            self._pool.shutdown()

    def lay_out(
        self, html: str, fonts: list[FontFaces], where: str, count: int | None
    ) -> tuple[int, bytes | None, list[str]]:
        """:func:`_layout_pass` of the document, in the edition's process."""
        import concurrent.futures.process

        if self._pool is not None:
            try:
                future = self._pool.submit(_layout_pass, html, fonts, where, count)
            except (OSError, RuntimeError):
                self._pool = None
            else:
                try:
                    return future.result()
                except concurrent.futures.process.BrokenProcessPool as error:
                    raise EditionError(f"{where}: the process laying it out stopped ({error})") from None
        with _IN_PROCESS:
            return _layout_pass(html, fonts, where, count)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    html: str  # "" when the PDF came from the cache by its sources (edition_from_sources)
    cached: bool
    warnings: tuple[str, ...] = ()
    key: str = ""  # its render_key
    layout_cpu_seconds: float = 0.0  # what its layout process spent (0 when cached or laid out in the build's)
    layout_peak_mib: float = 0.0  # the most memory that process held


# --- the cache by sources: an unchanged edition is not even assembled --------------------------

# What assembles the document from the built pages: a change to any of these files (or to the
# parser's version) assembles every edition again.
_ASSEMBLY_CODE = sorted(p for p in Path(__file__).resolve().parent.rglob("*") if p.suffix in (".py", ".html", ".css"))
SOURCES_DIR = "sources"


def sources_key(parts: list[str | bytes], fonts: list[FontFaces]) -> str:
    """A hash of everything an edition is made from, known before it is assembled: ``parts`` (the
    built pages' bytes, the settings, the words and cover of the language, as the caller lists
    them), the code and versions that assemble and lay it out, and the fonts."""
    digest = hashlib.sha256()
    versions = f"{renderer_version()}, tinyhtml5 {version('tinyhtml5')}"
    for part in [versions, *(path.read_bytes() for path in _ASSEMBLY_CODE), *parts]:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    _add_fonts(digest, fonts)
    return digest.hexdigest()


def edition_from_sources(sources: str, language: str, directory: Path | None = None) -> Rendered | None:
    """The PDF last made from exactly these sources (:func:`sources_key`), if the cache has it.

    Assembling the document parses every built page again (about a second per language); a
    rebuild whose pages did not change takes the PDF without that.
    """
    directory = directory or cache_dir()
    try:
        key = json.loads((directory / SOURCES_DIR / f"{sources}.json").read_text("utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    hit = _cached(directory, str(key))
    if hit is None:
        return None
    _count("cached")
    _remember_page_count(language, hit[1], directory)
    return Rendered(pdf=hit[0], pages=hit[1], html="", cached=True, key=str(key))


def remember_sources(sources: str, rendered: Rendered, directory: Path | None = None) -> None:
    """Record which PDF these sources made (for :func:`edition_from_sources`)."""
    directory = directory or cache_dir()
    _write_atomically(directory / SOURCES_DIR / f"{sources}.json", json.dumps({"key": rendered.key}).encode("utf-8"))


def render_edition(
    make_html: Callable[[int], str],
    fonts: list[FontFaces],
    language: str,
    directory: Path | None = None,
    counting: tuple[str, Callable[[int], bool]] | None = None,
) -> Rendered:
    """The PDF whose colophon states its own number of pages.

    ``counting`` is, where given, the document that counts its own pages (its colophon's count is
    the page number of its end, written by CSS in digits) and whether the colophon of ``n`` pages
    states ``n`` in those digits (not so where the language groups or writes digits otherwise).
    Laid out once, it is the PDF when both hold: one layout, where the count of the last build
    is not known. Otherwise ``make_html(n)`` is the document stating ``n`` pages: it is laid out
    with the count of the last build (or the counting layout's), and when the PDF has another
    number of pages it is laid out again with that number, until the two agree.
    """
    directory = directory or cache_dir()
    where = f"the {language} PDF"
    warnings: list[str] = []

    def laid_out(
        process: LayoutProcess, html: str, count: int | None, right: Callable[[int], bool]
    ) -> tuple[Rendered | None, int]:
        """The edition from ``html`` (from the cache, else laid out; None if its count is wrong)
        and its number of pages."""
        key = render_key(html, fonts)
        hit = _cached(directory, key)
        if hit is not None:
            _count("cached")
            _remember_page_count(language, hit[1], directory)
            return Rendered(pdf=hit[0], pages=hit[1], html=html, cached=True, key=key), hit[1]
        pages, pdf, found = process.lay_out(html, fonts, where, count)
        _count("layouts")
        warnings.extend(found)
        if pdf is None or not right(pages):
            return None, pages
        _count("rendered")
        _write_atomically(directory / f"{key}.json", json.dumps({"pages": pages}).encode("utf-8"))
        _write_atomically(directory / f"{key}.pdf", pdf)
        _remember_page_count(language, pages, directory)
        rendered = Rendered(
            pdf=pdf, pages=pages, html=html, cached=False, warnings=tuple(dict.fromkeys(warnings)), key=key
        )
        return rendered, pages

    count = last_page_count(language, directory)
    rendered: Rendered | None = None
    with LayoutProcess() as process:
        if counting is not None:
            html, states_in_digits = counting
            rendered, count = laid_out(process, html, None, states_in_digits)
        for _ in range(MAX_PASSES if rendered is None else 0):
            rendered, count = laid_out(process, make_html(count), count, lambda pages: True)
            if rendered is not None:
                break
    if rendered is not None:
        return replace(rendered, layout_cpu_seconds=process.cpu_seconds, layout_peak_mib=process.peak_mib)
    raise EditionError(
        f"the {language} PDF: its page count did not settle after {MAX_PASSES} passes "
        "(the colophon's count changes the number of pages each time)"
    )
